# rtl/rru/: the Race Recording Unit (issue 5). See rtl/rru/README.md.
RRU_RTL_PKGS := rtl/rru/rru_h3_pkg.sv rtl/rru/rru_pkg.sv
RRU_SIG_RTL  := $(RRU_RTL_PKGS) rtl/rru/rru_sig_hash.sv rtl/rru/rru_signature.sv

# Signature benches: H3 (checked against the analytic Bloom figure) and
# bit-selection (hash equality, no false negatives).
$(eval $(call vl_bench,rru_sig_h3,tb_rru_sig_top,$(RRU_SIG_RTL) tests/rtl/tb_rru_sig_top.sv,tests/rtl/tb_rru_sig.cpp,-GNHash=4 -GIdxW=6 -GFamily=0 -CFLAGS "-I$(abspath include) -DNHASH=4 -DIDXW=6 -DFAMILY=0"))
$(eval $(call vl_bench,rru_sig_bitsel,tb_rru_sig_top,$(RRU_SIG_RTL) tests/rtl/tb_rru_sig_top.sv,tests/rtl/tb_rru_sig.cpp,-GNHash=2 -GIdxW=7 -GFamily=1 -CFLAGS "-I$(abspath include) -DNHASH=2 -DIDXW=7 -DFAMILY=1"))

# The H3 package is generated from include/rru/rru_raw.h; this check fails if
# the checked-in copy drifts from it (regenerate: see tests/rtl/rru_h3_gen.c).
$(B)/rru/rru_h3_gen: tests/rtl/rru_h3_gen.c include/rru/rru_raw.h include/rru/record.h | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $< -o $@
rru-h3-check: $(B)/rru/rru_h3_gen
	$< > $(B)/rru/rru_h3_pkg.sv
	diff -u rtl/rru/rru_h3_pkg.sv $(B)/rru/rru_h3_pkg.sv
.PHONY: rru-h3-check
TEST_STAGES += rru-h3-check

# rtl/rru/rru_pkg.sv mirrors the shared headers' constants: compare them all.
$(B)/rru/rru_pkg_check: tests/rtl/rru_pkg_check.c include/rru/rru_raw.h include/rru/rru_regs.h include/rru/record.h include/rru/trace.h | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $< -o $@
rru-pkg-check: $(B)/rru/rru_pkg_check
	$< | sort > $(B)/rru/pkg_expected.txt
	tests/rtl/rru_pkg_values.sh rtl/rru/rru_pkg.sv > $(B)/rru/pkg_actual.txt
	diff -u $(B)/rru/pkg_expected.txt $(B)/rru/pkg_actual.txt
.PHONY: rru-pkg-check
TEST_STAGES += rru-pkg-check
HELP_LINES += "make rru-h3-check  the RRU's H3 package matches include/rru/rru_raw.h" \
              "make rru-pkg-check rtl/rru/rru_pkg.sv matches the shared headers"

# Co-simulation of the recorder with the C model (backend/model) and the
# oracle's random trace generator, linked in. One build per parameter set;
# each run covers random traces (default: seeds 1-100).
RRU_REC_RTL := $(RRU_SIG_RTL) rtl/rru/rru_recorder.sv
RRU_COSIM_OBJS = $(MODEL_OBJS) $(addprefix $(B)/obj/,backend/oracle/gen.o cli/msg.o cli/parse.o)
RRU_COSIM_LINK = -LDFLAGS "$(abspath $(RRU_COSIM_OBJS))"
RRU_COSIM_INC  = -CFLAGS "-I$(abspath include)"
# default parameters (the model's defaults: 1024 bits, 4 H3 hashes, K=4)
$(eval $(call vl_bench,rru_cosim,rru_recorder,$(RRU_REC_RTL),tests/rtl/tb_rru_cosim.cpp,-GNCpus=8 -GNHash=4 -GIdxW=8 -GFamily=0 -GK=4 -GZ=4 $(RRU_COSIM_INC) -CFLAGS "-DSIG_BITS=1024 -DHASHES=4 -DFAMILY=0 -DTABLE=4" $$(RRU_COSIM_LINK)))
# small: 64-bit bit-selection signatures (false positives), K=1, Z=3
$(eval $(call vl_bench,rru_cosim_small,rru_recorder,$(RRU_REC_RTL),tests/rtl/tb_rru_cosim.cpp,-GNCpus=8 -GNHash=2 -GIdxW=5 -GFamily=1 -GK=1 -GZ=3 $(RRU_COSIM_INC) -CFLAGS "-DSIG_BITS=64 -DHASHES=2 -DFAMILY=1 -DTABLE=1" $$(RRU_COSIM_LINK)))
# The whole RRU (recorder with K=0: every chunk leaves at once, a tiny 4-word
# log buffer, registers): commands and limits through the register port,
# counters checked against the model.
RRU_TOP_RTL := $(RRU_REC_RTL) rtl/rru/rru_log_fifo.sv rtl/rru/rru_regs.sv rtl/rru/rru_digest.sv \
               rtl/rru/rru_countdown.sv rtl/rru/rru.sv
$(eval $(call vl_bench,rru_top_cosim,rru,$(RRU_TOP_RTL),tests/rtl/tb_rru_cosim.cpp,-GNCpus=8 -GNHash=1 -GIdxW=7 -GFamily=0 -GK=0 -GZ=3 -GLogDepth=4 $(RRU_COSIM_INC) -CFLAGS "-DTOP_RRU -DSIG_BITS=128 -DHASHES=1 -DFAMILY=0 -DTABLE=0" $$(RRU_COSIM_LINK)))
$(B)/vl/rru_cosim/Vrru_recorder $(B)/vl/rru_cosim_small/Vrru_recorder $(B)/vl/rru_top_cosim/Vrru: $(RRU_COSIM_OBJS)

# Digest and replay countdown, through the registers of a small RRU.
$(eval $(call vl_bench,rru_dc,rru,$(RRU_TOP_RTL),tests/rtl/tb_rru_dc.cpp,-GNCpus=2 -GNHash=1 -GIdxW=4 -GK=0 -GZ=3 -GLogDepth=4 $(RRU_COSIM_INC)))

# The log streamer against the link's own frame parser, with a damaged line
# and lost acks, the host being the link's own endpoint (the 512-word window,
# so it fills).
STREAM_TB_OBJS := $(addprefix $(B)/obj/firmware/link/,link_frame.o link_ep.o link_logrx.o)
STREAM_TB_LINK = -LDFLAGS "$(abspath $(STREAM_TB_OBJS))"
$(eval $(call vl_bench,rru_streamer,rru_log_streamer,rtl/rru/rru_log_streamer.sv,tests/rtl/tb_rru_log_streamer.cpp,-GNCores=4 -GWinWords=512 $(RRU_COSIM_INC) $$(STREAM_TB_LINK)))
$(B)/vl/rru_streamer/Vrru_log_streamer: $(STREAM_TB_OBJS)

# More runs of the same builds: small limits (many ICOUNT / SIG_FULL ends) and
# a slow log reader (stalls: nothing lost or reordered).
rru-cosim-more: $(B)/vl/rru_cosim/Vrru_recorder $(B)/vl/rru_cosim_small/Vrru_recorder $(B)/vl/rru_top_cosim/Vrru
	timeout $(SIM_TIMEOUT) $(B)/vl/rru_cosim/Vrru_recorder -L 7 -F 20 --seeds 101-200
	timeout $(SIM_TIMEOUT) $(B)/vl/rru_cosim_small/Vrru_recorder -L 3 -F 9 --drain 30 --seeds 201-250
	timeout $(SIM_TIMEOUT) $(B)/vl/rru_top_cosim/Vrru -L 0 -F 0 --drain 30 --seeds 301-350
	timeout $(SIM_TIMEOUT) $(B)/vl/rru_top_cosim/Vrru -L 5 -F 12 --reg-drain --drain 50 --seeds 401-450
	@# teeth: each deliberately broken model must be caught
	@for v in no-leave-ser no-ctx-ser oldest-hit; do \
	  timeout $(SIM_TIMEOUT) $(B)/vl/rru_cosim/Vrru_recorder --model-break $$v --seeds 1-200 || exit 1; \
	done
.PHONY: rru-cosim-more
TEST_STAGES += rru-cosim-more
HELP_LINES += "make vl-rru_cosim RTL recorder vs the C model on random traces (also _small, rru_top_cosim, rru-cosim-more)"

# Area of one RRU per parameter set (yosys synth_ice40), into bench/results.
rru-area: | deps
	@mkdir -p bench/results
	tests/rtl/rru_area.sh bench/results/rru-area.md
.PHONY: rru-area
BENCH_STAGES += rru-area
HELP_LINES += "make rru-area    yosys synth_ice40 cells of one RRU per parameter set (bench)"

# Log bytes per kilo-instruction vs signature size and K (the C model, which
# the RTL matches record for record), into bench/results.
rru-logsize: $(BIN)/rru
	@mkdir -p bench/results
	tests/rtl/rru_logsize.sh $(BIN)/rru bench/results/rru-logsize.md 20 4000
.PHONY: rru-logsize
BENCH_STAGES += rru-logsize
HELP_LINES += "make rru-logsize log bytes/kinst vs signature bits and K (bench)"
