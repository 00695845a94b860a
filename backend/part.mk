# backend/: log formats, the chunk DAG builder, `rru dag`, `rru stats`,
# `rru loggen` (docs/design.md §3, §4). backend/model/ and backend/oracle/
# have their own part.mk.
RRU_LIB_SRCS += backend/logfmt.c backend/logwrite.c backend/dag.c backend/dagfmt.c backend/dagtext.c backend/input.c \
                backend/cmd_dag.c backend/cmd_stats.c backend/cmd_loggen.c \
                backend/cmd_log.c

# Benchmark: 1M and 10M chunk logs -> DAG, throughput and peak memory.
backend-bench: $(BIN)/rru
	nice backend/bench.sh $(BIN)/rru $(B)/bench/backend
BENCH_STAGES += backend-bench
HELP_LINES += "make backend-bench   log->DAG throughput and memory (bench/results/backend.md)"
.PHONY: backend-bench
