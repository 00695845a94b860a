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
