# tests/sim/: bare-metal multi-hart programs for the cluster, run by
# build/bin/rru-sim-check --bare (assertions on: the SWMR checker and the
# cache/bus/core assertions run in every simulation) and --check-mem on 1, 2,
# 4 and 8 harts (2 and 8 with bus latency perturbed by --seed).
# Each program checks its own results, prints "<name>: ok" and exits 0.
SIM_PROGS   := hello spinlock atomics falseshare lfstack msgpass
SIM_EXTRA   := exitcode spin speed echo
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
SIM_RUNS := $(foreach p,$(SIM_PROGS),$(foreach n,$(SIM_CORES),sim-run-$(p)-$(n)))
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

sim-tests: $(SIM_CHECK) $(SIM_ELFS)
	@$(MAKE) --no-print-directory -j2 $(SIM_RUNS) sim-harness

TEST_STAGES += sim-tests
HELP_LINES += 'make sim-tests   tests/sim programs on 1/2/4/8 harts under rru-sim-check, plus harness checks'
.PHONY: sim-tests sim-harness

# make bench: simulated cycles/s for 1, 2, 4, 8 harts (fast build).
sim-speed: $(BIN)/rru-sim $(B)/sim/speed.elf
	@mkdir -p bench/results
	@tests/sim/sim_speed.sh $(BIN)/rru-sim $(B)/sim/speed.elf bench/results/sim-speed.md
BENCH_STAGES += sim-speed
HELP_LINES += 'make sim-speed   rru-sim cycles/s on 1/2/4/8 harts -> bench/results/sim-speed.md'
.PHONY: sim-speed
