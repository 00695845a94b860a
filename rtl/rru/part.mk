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
HELP_LINES += "make rru-h3-check  the RRU's H3 package matches include/rru/rru_raw.h"

# Co-simulation of the recorder with the C model (backend/model), linked in
# with the rest of the host library (for the oracle's random trace
# generator). One build per parameter set; each run covers random traces.
RRU_REC_RTL := $(RRU_SIG_RTL) rtl/rru/rru_recorder.sv
RRU_COSIM_LINK = -LDFLAGS "$(abspath $(LIB_OBJS)) $(RRU_LDLIBS)"
RRU_COSIM_INC  = -CFLAGS "-I$(abspath include)"
# default parameters (the model's defaults: 1024 bits, 4 H3 hashes, K=4)
$(eval $(call vl_bench,rru_cosim,rru_recorder,$(RRU_REC_RTL),tests/rtl/tb_rru_cosim.cpp,-GNCpus=8 -GNHash=4 -GIdxW=8 -GFamily=0 -GK=4 -GZ=4 $(RRU_COSIM_INC) -CFLAGS "-DSIG_BITS=1024 -DHASHES=4 -DFAMILY=0 -DTABLE=4" $$(RRU_COSIM_LINK)))
# small: 64-bit bit-selection signatures (false positives), K=1, Z=3
$(eval $(call vl_bench,rru_cosim_small,rru_recorder,$(RRU_REC_RTL),tests/rtl/tb_rru_cosim.cpp,-GNCpus=8 -GNHash=2 -GIdxW=5 -GFamily=1 -GK=1 -GZ=3 $(RRU_COSIM_INC) -CFLAGS "-DSIG_BITS=64 -DHASHES=2 -DFAMILY=1 -DTABLE=1" $$(RRU_COSIM_LINK)))
# K=0: every chunk leaves at once
$(eval $(call vl_bench,rru_cosim_k0,rru_recorder,$(RRU_REC_RTL),tests/rtl/tb_rru_cosim.cpp,-GNCpus=8 -GNHash=1 -GIdxW=6 -GFamily=0 -GK=0 -GZ=3 $(RRU_COSIM_INC) -CFLAGS "-DSIG_BITS=64 -DHASHES=1 -DFAMILY=0 -DTABLE=0" $$(RRU_COSIM_LINK)))
# (building rru builds every library object the benches link)
$(B)/vl/rru_cosim/Vrru_recorder $(B)/vl/rru_cosim_small/Vrru_recorder $(B)/vl/rru_cosim_k0/Vrru_recorder: $(BIN)/rru

# More runs of the same builds: small limits (many ICOUNT / SIG_FULL ends) and
# a slow log reader (stalls: nothing lost or reordered).
rru-cosim-more: $(B)/vl/rru_cosim/Vrru_recorder $(B)/vl/rru_cosim_small/Vrru_recorder $(B)/vl/rru_cosim_k0/Vrru_recorder
	timeout $(SIM_TIMEOUT) $(B)/vl/rru_cosim/Vrru_recorder -L 7 -F 20 --seeds 101-200
	timeout $(SIM_TIMEOUT) $(B)/vl/rru_cosim_small/Vrru_recorder -L 3 -F 9 --drain 30 --seeds 201-300
	timeout $(SIM_TIMEOUT) $(B)/vl/rru_cosim_k0/Vrru_recorder -L 0 -F 0 --drain 10 --seeds 301-400
.PHONY: rru-cosim-more
TEST_STAGES += rru-cosim-more
HELP_LINES += "make vl-rru_cosim RTL recorder vs the C model on random traces (also _small, _k0, rru-cosim-more)"
