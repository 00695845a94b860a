# rtl/core: the RV32IMA hart rru_core (see rtl/core/README.md), its
# Verilator bench (tests/rtl/tb_core.cpp) and the ISA test suite (tests/isa/).
CORE_RTL := rtl/core/rru_core_pkg.sv rtl/core/rru_core_muldiv.sv rtl/core/rru_core.sv

# Two builds: with the M extension (default) and without (mul/div illegal).
$(eval $(call vl_bench,core,rru_core,$(CORE_RTL),tests/rtl/tb_core.cpp))
$(eval $(call vl_bench,core_nom,rru_core,$(CORE_RTL),tests/rtl/tb_core.cpp,-GEnableM=1\'b0))
