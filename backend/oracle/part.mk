# backend/oracle/: random MSI trace generator and the oracle of the recording
# protocol (docs/design.md §1.11): `rru gentrace`, `rru oracle`.
RRU_LIB_SRCS += backend/oracle/gen.c backend/oracle/oracle.c backend/oracle/case.c backend/oracle/replay.c \
                backend/oracle/cmd_oracle.c

ORACLE_CASES ?= 10000
ORACLE_TEETH_CASES ?= 1000
ORACLE_BENCH_CASES ?= 20000
ORACLE_VARIANTS := no-leave-ser no-ctx-ser oldest-hit target-ge resv-restore

# Random cases: the model's records, the reference graph and every DAG mode
# must order every true dependence and thread order, without a cycle.
oracle: $(BIN)/rru
	timeout $(SIM_TIMEOUT) $(BIN)/rru oracle --cases $(ORACLE_CASES) --seed 1
# The oracle has teeth: each deliberately broken variant must be caught.
oracle-teeth: $(BIN)/rru
	@for v in $(ORACLE_VARIANTS); do \
	  timeout $(SIM_TIMEOUT) $(BIN)/rru oracle --cases $(ORACLE_TEETH_CASES) --seed 1 \
	    --break $$v --expect-caught || exit 1; \
	done
# Long run and catch rates, into bench/results/oracle.md.
oracle-bench: $(BIN)/rru
	@mkdir -p bench/results
	@backend/oracle/bench.sh $(BIN)/rru $(ORACLE_BENCH_CASES) "$(ORACLE_VARIANTS)" \
	  > bench/results/oracle.md.tmp && mv bench/results/oracle.md.tmp bench/results/oracle.md
	@cat bench/results/oracle.md
.PHONY: oracle oracle-teeth oracle-bench

TEST_STAGES += oracle oracle-teeth
BENCH_STAGES += oracle-bench
HELP_LINES += "make oracle       random MSI traces: RRU model + DAG (4 modes) checked by the oracle" \
              "make oracle-teeth deliberately broken model/backend variants must be caught"

# The command-line path end to end, through the file formats: gentrace ->
# model (text and binary log) -> rru dag --emit text (each mode) -> oracle.
ORACLE_CLI_SEEDS ?= 1 2 3 4 5 6 7 8
oracle-cli: $(BIN)/rru
	@d=$(B)/oracle-cli; mkdir -p $$d; set -e; \
	for s in $(ORACLE_CLI_SEEDS); do \
	  $(BIN)/rru gentrace --seed $$s -o $$d/t$$s.trace; \
	  $(BIN)/rru model $$d/t$$s.trace --coherence --sig-bits 64 --hashes 2 --fill-limit 24 \
	    --table 2 --icount-limit 16 -o $$d/t$$s.log; \
	  $(BIN)/rru model $$d/t$$s.trace --sig-bits 64 --hashes 2 --fill-limit 24 \
	    --table 2 --icount-limit 16 --binary -o $$d/t$$s.bin; \
	  $(BIN)/rru model $$d/t$$s.trace --sig-bits 64 --hashes 2 --fill-limit 24 \
	    --table 2 --icount-limit 16 --check $$d/t$$s.bin >/dev/null; \
	  $(BIN)/rru oracle --trace $$d/t$$s.trace --log $$d/t$$s.bin >/dev/null; \
	  for m in maxpar stitched stserial serial; do \
	    $(BIN)/rru dag --mode $$m --emit text -o $$d/t$$s.$$m.dag $$d/t$$s.log; \
	    $(BIN)/rru oracle --trace $$d/t$$s.trace --log $$d/t$$s.log --dag $$d/t$$s.$$m.dag; \
	  done; \
	done
.PHONY: oracle-cli
TEST_STAGES += oracle-cli
