# verilator-harness/: rru-sim, the SoC (rru_soc, 8 harts, 1 MiB RAM) in
# Verilator. Two builds of the same sources:
#   build/bin/rru-sim        fast: -O3 --x-assign fast --x-initial fast,
#                            OPT_FAST=-O2, no assertions, FST tracing compiled in
#   build/bin/rru-sim-check  the test build: RRU_ASSERTIONS and --assert on
#                            (SWMR checker, cache and bus assertions)
# -Wno-fatal: lint is enforced by `make lint`; warnings land in build.log.
SIM_DIRS   := rtl/common rtl/core rtl/mem rtl/rru rtl/soc
SIM_RTL    := $(sort $(wildcard $(SIM_DIRS:%=%/*_pkg.sv))) \
              $(sort $(filter-out %_pkg.sv,$(wildcard $(SIM_DIRS:%=%/*.sv))))
SIM_RTL    += verilator-harness/rru_sim_top.sv
SIM_CPP    := verilator-harness/rru_sim.cpp verilator-harness/rru_sim_rec.cpp \
              verilator-harness/rru_sim_linkmeter.cpp verilator-harness/rru_sim_crew.cpp
SIM_HDRS   := $(wildcard verilator-harness/*.h)
# --check-model / --coherence / --rru-log: the backend's model, trace and log
# code linked into rru-sim (objects from the generic C rules)
SIM_C_OBJS = $(MODEL_OBJS) $(addprefix $(B)/obj/,backend/model/cohcheck.o backend/crew/crew.o \
                backend/logfmt.o backend/logwrite.o cli/msg.o cli/parse.o)
SIM_NCORES := 8
SIM_RAM    := 1048576
SIM_COMMON := --cc --exe --build -j 2 -Wall -Wno-fatal $(VL_WAIVERS) --top-module rru_sim_top \
  -GNCores=$(SIM_NCORES) -GRamBytes=$(SIM_RAM) \
  -CFLAGS "-std=c++17 -DSIM_NCORES=$(SIM_NCORES) -DSIM_RAM_BYTES=$(SIM_RAM) -I$(abspath include)" \
  -LDFLAGS "$(abspath $(SIM_C_OBJS))"
SIM_FAST_FLAGS  := $(SIM_COMMON) -O3 --x-assign fast --x-initial fast --trace-fst \
  -MAKEFLAGS "OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2"
SIM_CHECK_FLAGS := $(SIM_COMMON) -O3 --assert +define+RRU_ASSERTIONS \
  --x-assign unique --x-initial unique -MAKEFLAGS "OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2"

$(BIN)/rru-sim: $(SIM_RTL) $(SIM_CPP) $(SIM_HDRS) $(SIM_C_OBJS) $(VL_WAIVERS) | deps
	@mkdir -p $(B)/vl/rru-sim $(BIN)
	@rm -f $(B)/vl/rru-sim/Vrru_sim_top # relink: its make does not see SIM_C_OBJS change
	@echo "verilator rru-sim (fast build, log in $(B)/vl/rru-sim/build.log)"
	@nice $(VERILATOR) $(SIM_FAST_FLAGS) -CFLAGS -DSIM_DISPATCH -Mdir $(B)/vl/rru-sim -o Vrru_sim_top $(SIM_RTL) \
	  $(abspath $(SIM_CPP)) >$(B)/vl/rru-sim/build.log 2>&1 || { cat $(B)/vl/rru-sim/build.log; exit 1; }
	cp $(B)/vl/rru-sim/Vrru_sim_top $@

$(BIN)/rru-sim-check: $(SIM_RTL) $(SIM_CPP) $(SIM_HDRS) $(SIM_C_OBJS) $(VL_WAIVERS) | deps
	@mkdir -p $(B)/vl/rru-sim-check $(BIN)
	@rm -f $(B)/vl/rru-sim-check/Vrru_sim_top # relink: its make does not see SIM_C_OBJS change
	@echo "verilator rru-sim-check (assertions on, log in $(B)/vl/rru-sim-check/build.log)"
	@nice $(VERILATOR) $(SIM_CHECK_FLAGS) -Mdir $(B)/vl/rru-sim-check -o Vrru_sim_top $(SIM_RTL) \
	  $(abspath $(SIM_CPP)) >$(B)/vl/rru-sim-check/build.log 2>&1 || { cat $(B)/vl/rru-sim-check/build.log; exit 1; }
	cp $(B)/vl/rru-sim-check/Vrru_sim_top $@

# The 4-hart fast build: rru-sim hands it runs with --cores <= 4 (identical
# results, about twice the speed: no harts held in reset to evaluate).
$(BIN)/rru-sim-4: $(SIM_RTL) $(SIM_CPP) $(SIM_HDRS) $(SIM_C_OBJS) $(VL_WAIVERS) | deps
	@mkdir -p $(B)/vl/rru-sim-4 $(BIN)
	@rm -f $(B)/vl/rru-sim-4/Vrru_sim_top # relink: its make does not see SIM_C_OBJS change
	@echo "verilator rru-sim-4 (fast build, 4 harts, log in $(B)/vl/rru-sim-4/build.log)"
	@nice $(VERILATOR) $(subst NCORES=$(SIM_NCORES),NCORES=4,$(subst NCores=$(SIM_NCORES),NCores=4,$(SIM_FAST_FLAGS))) \
	  -Mdir $(B)/vl/rru-sim-4 -o Vrru_sim_top $(SIM_RTL) \
	  $(abspath $(SIM_CPP)) >$(B)/vl/rru-sim-4/build.log 2>&1 || { cat $(B)/vl/rru-sim-4/build.log; exit 1; }
	cp $(B)/vl/rru-sim-4/Vrru_sim_top $@

ALL_PRODUCTS += $(BIN)/rru-sim $(BIN)/rru-sim-4 $(BIN)/rru-sim-check
HELP_LINES += 'build/bin/rru-sim PROG.elf --bare [--cores N] [--stats] ...  run the SoC (see verilator-harness/README.md)'
