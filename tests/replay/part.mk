# tests/replay/: recording with the RRUs on rru-sim over the link
# (docs/design.md §7.4). Replay round trips join once `rru replay --sim`
# completes (see §7.4 "Status").
sim-record: $(BIN)/rru $(BIN)/rru-sim $(BIN)/rru-sim-4 $(FW_B)/kernel.elf $(FW_RUNTIME)
	tests/replay/test-sim-record.sh $(B)
TEST_STAGES += sim-record
HELP_LINES  += "make sim-record   rru record --sim of a racy program: the RRUs' chunk log over the link"
.PHONY: sim-record
demo-sim-record: $(BIN)/rru $(BIN)/rru-sim $(BIN)/rru-sim-4 $(FW_B)/kernel.elf $(FW_RUNTIME)
	@tests/replay/demo-sim-record.sh $(B)
DEMO_STEPS += demo-sim-record
.PHONY: demo-sim-record
