# tests/sim/: bare-metal multi-hart programs for the cluster, run by
# build/bin/rru-sim-check --bare (assertions on: the SWMR checker and the
# cache/bus/core assertions run in every simulation) and --check-mem on 1, 2,
# 4 and 8 harts (2 and 8 with bus latency perturbed by --seed).
# Each program checks its own results, prints "<name>: ok" and exits 0.
SIM_PROGS   := hello spinlock atomics falseshare lfstack msgpass
SIM_EXTRA   := exitcode spin speed echo countdown
# M-mode programs (not run under the recording wrapper): name and hart counts.
SIM_MPROGS  := countdown
SIM_MCORES  := 1 2 4
SIM_CORES   := 1 2 4 8
SIM_CFLAGS  := $(RV_ARCH) -O2 -g -nostdlib -ffreestanding -Wall -Wextra -Werror \
               -Wl,--no-warn-rwx-segments -T tests/sim/link.ld
SIM_ELFS    := $(addprefix $(B)/sim/,$(addsuffix .elf,$(SIM_PROGS) $(SIM_EXTRA)))
SIM_CHECK   := $(BIN)/rru-sim-check
SIM_RUN_MAX := 20000000

$(B)/sim/%.elf: tests/sim/%.c tests/sim/sim.c tests/sim/sim.h tests/sim/crt.S tests/sim/link.ld | deps
	@mkdir -p $(@D)
	$(RV_CC) $(SIM_CFLAGS) tests/sim/crt.S tests/sim/sim.c $< -lgcc -o $@

ALL_PRODUCTS += $(SIM_ELFS)

# One target per program and hart count, so `make -j2` runs two at a time.
SIM_RUNS := $(foreach p,$(SIM_PROGS),$(foreach n,$(SIM_CORES),sim-run-$(p)-$(n))) \
            $(foreach p,$(SIM_MPROGS),$(foreach n,$(SIM_MCORES),sim-run-$(p)-$(n)))
$(B)/sim/countdown.elf: tests/sim/rru_rec.h include/rru/memmap.h include/rru/rru_regs.h
sim-run-%: $(SIM_CHECK) $(SIM_ELFS)
	@p=$$(echo $* | sed 's/-[0-9]*$$//'); n=$$(echo $* | sed 's/.*-//'); \
	out=$(B)/sim/$*.out; seed=""; case $$n in 2|8) seed="--seed $$n";; esac; \
	timeout $(SIM_TIMEOUT) $(SIM_CHECK) $(B)/sim/$$p.elf --bare --cores $$n --max-cycles $(SIM_RUN_MAX) \
	  --check-mem --stats $$seed >$$out 2>&1; rc=$$?; \
	cyc=$$(sed -n 's/^rru-sim: \([0-9]*\) cycles.*/\1/p' $$out); \
	if [ $$rc -ne 0 ] || ! grep -q "^$$p: ok" $$out; then \
	  echo "FAIL $$p on $$n harts (exit $$rc):"; cat $$out; exit 1; fi; \
	echo "ok   $$p on $$n harts $$seed, $$cyc cycles"

# rru-sim itself: exit status, cycle limit, bad ELF, seeds.
sim-harness: $(SIM_CHECK) $(SIM_ELFS)
	@tests/sim/harness_checks.sh $(SIM_CHECK) $(B)/sim

# --uart-baud and --trace (tests/sim/harness_opts.sh). fst_uart reads the
# trace with the FST reader Verilator ships (include/gtkwave: fstapi.c and
# the lz4/fastlz it needs, compiled as they are, found at build time).
FST_UART := $(B)/sim/fst_uart
FST_OBJS := $(addprefix $(B)/sim/fstapi/,fstapi.o lz4.o fastlz.o)
$(FST_OBJS): $(B)/sim/fstapi/%.o: | deps
	@mkdir -p $(@D)
	g=$$($(VERILATOR) --getenv VERILATOR_ROOT)/include/gtkwave; \
	$(CC) -O2 -Wall -Wextra -Werror -DFST_CONFIG_INCLUDE='"fst_config.h"' -I$$g -c $$g/$*.c -o $@
$(FST_UART): tests/sim/fst_uart.c $(FST_OBJS)
	$(CC) $(CFLAGS) -I$$($(VERILATOR) --getenv VERILATOR_ROOT)/include/gtkwave $< $(FST_OBJS) -lz -lpthread -o $@
ALL_PRODUCTS += $(FST_UART)
sim-opts: $(BIN)/rru-sim $(BIN)/rru-sim-4 $(SIM_CHECK) $(FST_UART) $(SIM_ELFS)
	@tests/sim/harness_opts.sh $(BIN)/rru-sim $(SIM_CHECK) $(FST_UART) $(B)/sim

sim-tests: $(SIM_CHECK) $(SIM_ELFS) $(BIN)/rru-sim $(BIN)/rru-sim-4 $(FST_UART)
	@$(MAKE) --no-print-directory -j2 $(SIM_RUNS) sim-harness sim-opts

TEST_STAGES += sim-tests
HELP_LINES += 'make sim-tests   tests/sim programs on 1/2/4/8 harts under rru-sim-check, plus harness checks (sim-harness, sim-opts)'
.PHONY: sim-tests sim-harness sim-opts

# make bench: simulated cycles/s for 1, 2, 4, 8 harts (fast build).
# SIM_SPEED_OLD=path/to/rru-sim (an earlier build, rru-sim-4 next to it)
# measures it side by side: same cycles required, new/old ratio.
SIM_SPEED_OLD ?=
sim-speed: $(BIN)/rru-sim $(BIN)/rru-sim-4 $(B)/sim/speed.elf
	@mkdir -p bench/results
	@tests/sim/sim_speed.sh $(BIN)/rru-sim $(B)/sim/speed.elf bench/results/sim-speed.md $(SIM_SPEED_OLD)
BENCH_STAGES += sim-speed
HELP_LINES += 'make sim-speed   rru-sim cycles/s on 1/2/4/8 harts -> bench/results/sim-speed.md'
.PHONY: sim-speed

# Recording on the cluster (issue 5): recrace records racy U-mode work on
# every hart; rru-sim-check captures the trace, drains the RTL RRUs' logs and
# compares every record with the C model (--check-model, with the §1.2
# coherence check); the trace and log then go through `rru oracle` (all four
# DAG modes). 2 and 4 harts x 2 seeds; the two seeds' logs must differ.
# rec-<prog>: each tests/sim program run in U-mode under recording
# (tests/sim/rec_wrap.c).
REC_PROGS := recrace $(addprefix rec-,$(SIM_PROGS))
REC_ELFS  := $(REC_PROGS:%=$(B)/sim/%.elf)
$(B)/sim/recrace.elf: tests/sim/rru_rec.h include/rru/memmap.h include/rru/rru_regs.h
$(B)/sim/rec-%.elf: tests/sim/%.c tests/sim/rec_wrap.c tests/sim/rru_rec.h tests/sim/sim.c tests/sim/sim.h \
                    tests/sim/crt.S tests/sim/link.ld include/rru/memmap.h include/rru/rru_regs.h | deps
	@mkdir -p $(@D)
	$(RV_CC) $(SIM_CFLAGS) -c -Dmain_hart=app_main_hart $< -o $(B)/sim/rec-$*.o
	$(RV_CC) $(SIM_CFLAGS) tests/sim/crt.S tests/sim/sim.c tests/sim/rec_wrap.c $(B)/sim/rec-$*.o -lgcc -o $@
ALL_PRODUCTS += $(REC_ELFS)
REC_RUNS := $(foreach p,$(REC_PROGS),$(foreach n,2 4,$(foreach s,1 2,rec-run-$(p)-$(n)-$(s))))
rec-run-%: $(SIM_CHECK) $(BIN)/rru $(REC_ELFS)
	@tests/sim/rec_check.sh $(SIM_CHECK) $(BIN)/rru $(B)/sim $*
sim-rec: $(SIM_CHECK) $(BIN)/rru $(REC_ELFS)
	@$(MAKE) --no-print-directory -j2 $(REC_RUNS)
	@RRU=$(BIN)/rru tests/sim/rec_differ.sh $(B)/sim $(REC_PROGS)
TEST_STAGES += sim-rec
HELP_LINES += 'make sim-rec     record racy U-mode work on the cluster: RTL logs == C model, oracle (4 modes), seeds differ'
.PHONY: sim-rec

# make bench: recording overhead (recording vs not, 4 harts) -> bench/results/rru-soc.md
rru-soc-bench: $(BIN)/rru-sim $(REC_ELFS) | deps
	@mkdir -p bench/results
	tests/sim/rru_soc_bench.sh $(BIN)/rru-sim $(B)/sim bench/results/rru-soc.md 4
# The area of the RRUs against the cluster (slow yosys runs) -> rru-soc-area.md
rru-soc-area: | deps
	@mkdir -p bench/results
	tests/sim/rru_soc_area.sh bench/results/rru-soc-area.md
BENCH_STAGES += rru-soc-bench rru-soc-area
HELP_LINES += 'make rru-soc-bench recording overhead of the RRUs on the cluster -> bench/results/rru-soc.md' \
              'make rru-soc-area  yosys cells of one RRU vs the cluster -> bench/results/rru-soc-area.md'
.PHONY: rru-soc-bench rru-soc-area
