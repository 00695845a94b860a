# tests/: Criterion unit tests (tests/unit/test_*.c, one binary each, picked up
# automatically), fuzz targets (tests/fuzz/fuzz_<name>.c) and Verilator benches
# (tests/rtl/). Parts put their tests here; suites that need more than a
# source file add a stage to TEST_STAGES in their own part.mk.
UNIT_TESTS   += $(sort $(wildcard tests/unit/test_*.c))
FUZZ_TARGETS += $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))

$(eval $(call vl_bench,rr_arbiter,rru_rr_arbiter,rtl/common/rru_rr_arbiter.sv,tests/rtl/tb_rr_arbiter.cpp,-GN=4))
# The demo shows a real RTL bench until the cluster and recording arrive.
DEMO_STEPS += vl-rr_arbiter
