# openrru: the one Makefile. `make help` lists the targets.
#
# Every part of the tree contributes through its own `<part>/part.mk`, which
# only appends to the lists below; the generic rules at the end of this file
# turn those lists into build products under build/. A part never writes
# rules for another part's files.

.DEFAULT_GOAL := all
SHELL := /bin/bash
.DELETE_ON_ERROR:
# Keep objects made by chained pattern rules (they are not throw-away).
.SECONDARY:
MAKEFLAGS += --no-builtin-rules

include mk/config.mk

# --- lists the parts append to ------------------------------------------------
RRU_LIB_SRCS :=     # host C sources linked into `rru`, the unit tests and fuzzers
RRU_MAIN_SRCS :=    # the one `main` of `rru`
RRU_LDLIBS :=       # extra libraries for anything linking RRU_LIB_SRCS
UNIT_TESTS :=       # Criterion test sources (one binary each)
FUZZ_TARGETS :=     # tests/fuzz/fuzz_<name>.c  -> name
VL_BENCHES :=       # Verilator test benches (see vl_bench below)
ALL_PRODUCTS :=     # extra things `make` (all) builds
TEST_STAGES :=      # make targets run, in order and timed, by `make test`
BENCH_STAGES :=     # same for `make bench`
DEMO_STEPS :=       # make targets run by `make demo`, in order
HELP_LINES :=       # extra lines for `make help`

# Verilator bench: $(call vl_bench,NAME,TOP,RTL_FILES,CPP_FILES[,EXTRA_FLAGS])
# builds build/vl/NAME/Vtop and runs it as test target vl-NAME.
define vl_bench
VL_BENCHES += $(1)
$(B)/vl/$(1)/V$(2): $(3) $(4) $(VL_WAIVERS) | deps
	@mkdir -p $(B)/vl/$(1)
	@rm -f $(B)/vl/$(1)/V$(2) # relink: Verilator's make does not see -LDFLAGS objects change
	$(VERILATOR) $(VL_BENCH_FLAGS) $(5) --top-module $(2) -Mdir $(B)/vl/$(1) \
	  -o V$(2) $(3) $(abspath $(4)) >$(B)/vl/$(1)/build.log 2>&1 \
	  || { cat $(B)/vl/$(1)/build.log; exit 1; }
vl-$(1): $(B)/vl/$(1)/V$(2)
	timeout $(SIM_TIMEOUT) $$<
.PHONY: vl-$(1)
endef

include $(sort $(wildcard */part.mk */*/part.mk))

# --- host C --------------------------------------------------------------------
LIB_OBJS  := $(RRU_LIB_SRCS:%.c=$(B)/obj/%.o)
SAN_OBJS  := $(RRU_LIB_SRCS:%.c=$(B)/san/%.o)
FUZZ_OBJS := $(RRU_LIB_SRCS:%.c=$(B)/fuzzobj/%.o)

$(B)/obj/%.o: %.c | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@
$(B)/san/%.o: %.c | deps
	@mkdir -p $(@D)
	$(CC) $(SAN_CFLAGS) -MMD -MP -c $< -o $@
$(B)/fuzzobj/%.o: %.c | deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_LIB_CFLAGS) -MMD -MP -c $< -o $@

# Objects, not an archive: commands register themselves in a linker section
# (include/rru/cli.h), which an archive member nobody references would lose.
$(BIN)/rru: $(LIB_OBJS) $(RRU_MAIN_SRCS:%.c=$(B)/obj/%.o)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $^ -o $@ $(RRU_LDLIBS)

UNIT_BINS := $(UNIT_TESTS:tests/unit/%.c=$(B)/tests/%)
UNIT_SAN_BINS := $(UNIT_TESTS:tests/unit/%.c=$(B)/tests-san/%)
$(B)/tests/%: $(B)/obj/tests/unit/%.o $(LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $^ -o $@ $(RRU_LDLIBS) $(CRITERION_LIBS)
$(B)/tests-san/%: $(B)/san/tests/unit/%.o $(SAN_OBJS)
	@mkdir -p $(@D)
	$(CC) $(SAN_CFLAGS) $^ -o $@ $(RRU_LDLIBS) $(CRITERION_LIBS)

FUZZ_BINS := $(FUZZ_TARGETS:%=$(B)/fuzz/%)
$(B)/fuzz/%: tests/fuzz/fuzz_%.c $(FUZZ_OBJS) | deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $< $(FUZZ_OBJS) -o $@ $(RRU_LDLIBS)

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# --- RTL checks ----------------------------------------------------------------
# Packages first (they are referenced as pkg::name by the others).
RTL_PKGS := $(sort $(wildcard rtl/*/*_pkg.sv))
RTL_SRCS := $(RTL_PKGS) $(sort $(filter-out %_pkg.sv,$(wildcard rtl/*/*.sv)))
# Every module nobody instantiates is a top: lint and read-check each.
RTL_TOPS = $(shell mk/rtl_tops.sh $(RTL_SRCS))

lint: | deps
	@for t in $(RTL_TOPS); do \
	  echo "lint $$t"; \
	  $(VERILATOR) $(VL_LINT_FLAGS) --top-module $$t $(RTL_SRCS) || exit 1; \
	done

yosys-read: | deps
	@mkdir -p $(B)/yosys
	@for t in $(RTL_TOPS); do \
	  echo "yosys read $$t"; \
	  $(YOSYS) -q -l $(B)/yosys/read-$$t.log \
	    -p "read_verilog -sv $(RTL_SRCS); hierarchy -check -top $$t; proc; opt_clean; check -assert" \
	    >/dev/null || { tail -20 $(B)/yosys/read-$$t.log; exit 1; }; \
	done

# --- top-level targets -----------------------------------------------------------
all: $(BIN)/rru $(ALL_PRODUCTS)

deps:
	@mk/deps.sh

unit: $(UNIT_BINS)
	@for t in $(UNIT_BINS); do echo "unit $$t"; timeout $(SIM_TIMEOUT) $$t || exit 1; done
unit-san: $(UNIT_SAN_BINS)
	@for t in $(UNIT_SAN_BINS); do echo "unit (asan+ubsan) $$t"; \
	  ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=1 timeout $(SIM_TIMEOUT) $$t || exit 1; done

fuzz-smoke: $(FUZZ_BINS)
	@mk/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_BINS)
fuzz-long: $(FUZZ_BINS)
	@mk/fuzz.sh $(FUZZ_BENCH_SECONDS) $(FUZZ_BINS)

vl-all: $(VL_BENCHES:%=vl-%)

test: deps
	@MAKE="$(MAKE)" mk/stages.sh test all unit unit-san fuzz-smoke lint yosys-read vl-all $(TEST_STAGES)

bench: deps
	@mkdir -p bench/results
	@MAKE="$(MAKE)" mk/stages.sh bench all fuzz-long $(BENCH_STAGES)

demo: deps all
	@MAKE="$(MAKE)" mk/demo.sh $(DEMO_STEPS)

clean:
	rm -rf $(B)

help:
	@echo "openrru make targets:"
	@echo "  make            build everything into build/ (tools in build/bin/)"
	@echo "  make demo       install what is missing, build, and show what openrru does"
	@echo "  make test       the whole test suite, stage by stage with timings"
	@echo "  make bench      long runs and figures; tables go to bench/results/"
	@echo "  make deps       install missing Debian packages (idempotent)"
	@echo "  make unit       Criterion unit tests;  make unit-san  the same under ASan+UBSan"
	@echo "  make fuzz-smoke each fuzz target for $(FUZZ_SECONDS)s;  make fuzz-long  for $(FUZZ_BENCH_SECONDS)s"
	@echo "  make lint       verilator --lint-only -Wall on rtl/ (waivers: $(VL_WAIVERS))"
	@echo "  make yosys-read yosys reads and elaborates every RTL top"
	@echo "  make vl-all     build and run every Verilator bench ($(VL_BENCHES))"
	@for l in $(HELP_LINES); do echo "  $$l"; done
	@echo "  make clean      remove build/"

.PHONY: all deps unit unit-san fuzz-smoke fuzz-long vl-all lint yosys-read test bench demo clean help
