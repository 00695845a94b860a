# tests/replay/: record and replay on rru-sim with the RRUs, over the link
# (docs/design.md §7.4).
sim-replay: $(BIN)/rru $(BIN)/rru-sim $(BIN)/rru-sim-4 $(FW_B)/kernel.elf $(FW_RUNTIME)
	tests/replay/test-sim-replay.sh $(B)
TEST_STAGES += sim-replay
HELP_LINES  += "make sim-replay   record a racy program on rru-sim (2 seeds), replay each in 4 modes, and catch a broken DAG"
.PHONY: sim-replay
demo-sim-replay: $(BIN)/rru $(BIN)/rru-sim $(BIN)/rru-sim-4 $(FW_B)/kernel.elf $(FW_RUNTIME)
	@tests/replay/demo-sim-replay.sh $(B)
DEMO_STEPS += demo-sim-replay
.PHONY: demo-sim-replay
# Record-and-replay figures per workload on 4 cores (bench/results/replay.md).
replay-bench: $(BIN)/rru $(BIN)/rru-sim $(BIN)/rru-sim-4 $(FW_B)/kernel.elf $(FW_RUNTIME)
	tests/replay/bench-replay.sh $(B) bench/results/replay.md 4
BENCH_STAGES += replay-bench
HELP_LINES  += "make replay-bench  recording overhead, log size, replay speed and parallelism per workload (bench/results/replay.md)"
.PHONY: replay-bench
# Every racy workload recorded under two seeds and replayed in every mode
# (make test: the modes split between the seeds; make bench: all of them).
sim-workloads: $(BIN)/rru $(BIN)/rru-sim $(BIN)/rru-sim-4 $(FW_B)/kernel.elf $(FW_RUNTIME)
	tests/replay/test-sim-workloads.sh $(B) split
TEST_STAGES += sim-workloads
HELP_LINES  += "make sim-workloads   the 14 workloads on rru-sim: 2 seeds recorded, replayed in every mode"
sim-workloads-full: $(BIN)/rru $(BIN)/rru-sim $(BIN)/rru-sim-4 $(FW_B)/kernel.elf $(FW_RUNTIME)
	tests/replay/test-sim-workloads.sh $(B) full
BENCH_STAGES += sim-workloads-full
HELP_LINES  += "make sim-workloads-full   the same, both seeds in all four modes (about 20 minutes)"
.PHONY: sim-workloads sim-workloads-full
# Random racy programs (tests/replay/gen-racy.sh) recorded and replayed in
# every mode: 2 in make test, 50 in make bench.
sim-random: $(BIN)/rru $(BIN)/rru-sim $(BIN)/rru-sim-4 $(FW_B)/kernel.elf $(FW_RUNTIME)
	tests/replay/test-random-racy.sh $(B) 2 1
TEST_STAGES += sim-random
HELP_LINES  += "make sim-random   2 random racy programs on rru-sim, recorded and replayed in every mode"
sim-random-bench: $(BIN)/rru $(BIN)/rru-sim $(BIN)/rru-sim-4 $(FW_B)/kernel.elf $(FW_RUNTIME)
	tests/replay/test-random-racy.sh $(B) 50 1000
BENCH_STAGES += sim-random-bench
HELP_LINES  += "make sim-random-bench   50 random racy programs, recorded and replayed in every mode (about 30 minutes)"
.PHONY: sim-random sim-random-bench
# SMP-ReVirt's CREW recorder beside the RRUs (docs/design.md §9): random
# traces through the oracle, two racy workloads recorded once with
# --recorder both and replayed from both logs, and a broken CREW log caught.
sim-crew: $(BIN)/rru $(BIN)/rru-sim $(BIN)/rru-sim-4 $(FW_B)/kernel.elf $(FW_RUNTIME) $(B)/sim/recrace.elf
	tests/replay/test-sim-crew.sh $(B)
TEST_STAGES += sim-crew
HELP_LINES  += "make sim-crew   the CREW recorder: oracle on random traces, --recorder both on 2 workloads, both replays match"
# The RRU next to CREW at 4096- and 64-byte pages, per workload (bench/results/crew.md).
crew-bench: $(BIN)/rru $(BIN)/rru-sim $(BIN)/rru-sim-4 $(FW_B)/kernel.elf $(FW_RUNTIME)
	tests/replay/bench-crew.sh $(B) bench/results/crew.md 2
BENCH_STAGES += crew-bench
HELP_LINES  += "make crew-bench   RRU vs CREW (4096/64-byte pages): overhead, log size, replay (bench/results/crew.md)"
.PHONY: sim-crew crew-bench
