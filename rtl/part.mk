# rtl/: synthesizable SystemVerilog. Lint and the yosys read check pick up
# every rtl/*/*.sv by themselves (see the root Makefile, "RTL checks").
# Invariant assertions sit behind `ifdef RRU_ASSERTIONS, which every Verilator
# build defines (mk/config.mk) and synthesis does not.

