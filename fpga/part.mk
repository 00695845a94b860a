# fpga/: board tops and the open FPGA flows (fpga/README.md).
#   make fpga           iCEBreaker bitstream (+ HX8K fit check), reports in build/fpga/
#   make fpga-kernel    patch a kernel ELF into the bitstreams' boot ROM (icebram, no P&R)
#   make flash BOARD=icebreaker|hx8k [TARGET=sram|flash] [IMAGE=smoke|kernel]
#   make fpga-ecp5      ULX3S (ECP5-85F) synthesis; P&R where nextpnr-ecp5 exists
# The RTL is rtl/'s (RRUs included), with fpga/ice40/rru_ram.sv instead of rtl/mem/rru_ram.sv.

FPGA_B := $(B)/fpga
FPGA_SEED ?= 1
# nextpnr must reach the clock times this margin (percent), so a design that
# only just passes does not make CI flaky; icetime checks the clock itself.
FPGA_MARGIN_PCT ?= 15

# --- the small-FPGA parameter set (see fpga/README.md for the measurements) ---
# iCEBreaker: 128 KiB RAM in the four SPRAMs (8-byte lines = 4 x 16 bits),
# 8 KiB boot ROM in block RAM, caches of 256 B, no M extension.
ICEBREAKER_NCORES ?= 1
ICEBREAKER_MHZ    ?= 24
ICEBREAKER_ROM_WORDS ?= 2048
ICEBREAKER_PARAMS = -chparam NCores $(ICEBREAKER_NCORES) -chparam ICacheBytes 256 -chparam DCacheBytes 256 \
  -chparam LineBytes 8 -chparam RamBytes 131072 -chparam SysHz $(ICEBREAKER_MHZ)000000
# HX8K breakout: no SPRAM; 16 KiB of block RAM in all, so RAM is 8 KiB.
HX8K_NCORES ?= 1
HX8K_MHZ    ?= 24
HX8K_ROM_WORDS ?= 512
HX8K_PARAMS = -chparam NCores $(HX8K_NCORES) -chparam ICacheBytes 64 -chparam DCacheBytes 64 \
  -chparam LineBytes 8 -chparam RamBytes 8192 -chparam SysHz $(HX8K_MHZ)000000

FPGA_SOC_RTL := $(sort $(wildcard rtl/*/*_pkg.sv)) \
  $(filter-out rtl/mem/rru_ram.sv,$(sort $(filter-out %_pkg.sv,$(wildcard rtl/common/*.sv rtl/core/*.sv rtl/mem/*.sv rtl/soc/*.sv rtl/rru/*.sv))))
FPGA_COMMON_RTL := fpga/common/rru_fpga_uart_tx.sv fpga/common/rru_fpga_uart_rx.sv \
  fpga/common/rru_fpga_board.sv fpga/ice40/rru_ram.sv
FPGA_ICE40_RTL := $(FPGA_SOC_RTL) $(FPGA_COMMON_RTL) fpga/ice40/rru_ice40_pll.sv
FPGA_FLOW := fpga/tools/ice40_flow.sh
FPGA_SW := fpga/sw/start.S fpga/sw/smoke.c fpga/sw/link.ld

# --- boot ROM images -------------------------------------------------------------
# The bitstream is placed and routed once with random ROM words (seeded, so
# builds repeat); icebram then swaps in a program without another P&R.
$(FPGA_B)/%/rom_seed.hex: | deps
	@mkdir -p $(@D)
	icebram -g -s 42 32 $($(shell echo $* | tr a-z A-Z)_ROM_WORDS) >$@
# (rewritten only when its contents change, so editing part.mk does not
# force a new synthesis)
$(FPGA_B)/%/rru_fpga_cfg.svh: fpga/part.mk
	@mkdir -p $(@D)
	@printf '`define RRU_FPGA_ROM_WORDS %s\n`define RRU_FPGA_ROM_HEX "%s"\n' \
	  $($(shell echo $* | tr a-z A-Z)_ROM_WORDS) $(FPGA_B)/$*/rom_seed.hex >$@.tmp
	@cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@

# The smoke program, per board RAM size.
$(FPGA_B)/sw/smoke-%.elf: $(FPGA_SW) | deps
	@mkdir -p $(@D)
	$(RV_CC) -march=rv32ia -misa-spec=2.2 -mabi=ilp32 -O2 -ffreestanding -nostdlib \
	  -Wall -Wextra -Werror -DRAM_BYTES=$*u -Wl,--no-warn-rwx-segments -T fpga/sw/link.ld \
	  fpga/sw/start.S fpga/sw/smoke.c -o $@
$(FPGA_B)/icebreaker/smoke.hex: $(FPGA_B)/sw/smoke-131072.elf fpga/tools/elf2rom.sh
	fpga/tools/elf2rom.sh $< $(ICEBREAKER_ROM_WORDS) $@ nom
$(FPGA_B)/hx8k/smoke.hex: $(FPGA_B)/sw/smoke-8192.elf fpga/tools/elf2rom.sh
	fpga/tools/elf2rom.sh $< $(HX8K_ROM_WORDS) $@ nom

# --- iCE40: yosys -> nextpnr-ice40 -> icepack ------------------------------------
# ice40_flow.sh BOARD TOP DEVICE PACKAGE PCF MHZ 'CHPARAMS' YOSYS_EXTRA FILES...
$(FPGA_B)/icebreaker/base.asc: $(FPGA_ICE40_RTL) fpga/icebreaker/rru_top_icebreaker.sv \
    fpga/icebreaker/icebreaker.pcf $(FPGA_FLOW) $(FPGA_B)/icebreaker/rom_seed.hex \
    $(FPGA_B)/icebreaker/rru_fpga_cfg.svh | deps
	FPGA_SEED=$(FPGA_SEED) FPGA_MARGIN_PCT=$(FPGA_MARGIN_PCT) $(FPGA_FLOW) $(FPGA_B)/icebreaker \
	  rru_top_icebreaker up5k sg48 fpga/icebreaker/icebreaker.pcf $(ICEBREAKER_MHZ) \
	  "$(ICEBREAKER_PARAMS)" "-DRRU_ICE40_SPRAM" \
	  $(FPGA_ICE40_RTL) fpga/icebreaker/rru_top_icebreaker.sv
$(FPGA_B)/hx8k/base.asc: $(FPGA_ICE40_RTL) fpga/hx8k/rru_top_hx8k.sv \
    fpga/hx8k/hx8k.pcf $(FPGA_FLOW) $(FPGA_B)/hx8k/rom_seed.hex \
    $(FPGA_B)/hx8k/rru_fpga_cfg.svh | deps
	FPGA_SEED=$(FPGA_SEED) FPGA_MARGIN_PCT=$(FPGA_MARGIN_PCT) $(FPGA_FLOW) $(FPGA_B)/hx8k \
	  rru_top_hx8k hx8k ct256 fpga/hx8k/hx8k.pcf $(HX8K_MHZ) \
	  "$(HX8K_PARAMS)" "" \
	  $(FPGA_ICE40_RTL) fpga/hx8k/rru_top_hx8k.sv

# The flashable image: the base bitstream with the smoke program in the ROM
# (icebram fails when it does not find every seed word in the block RAMs).
$(FPGA_B)/%.bin: $(FPGA_B)/%/base.asc $(FPGA_B)/%/smoke.hex
	icebram $(FPGA_B)/$*/rom_seed.hex $(FPGA_B)/$*/smoke.hex <$< >$(FPGA_B)/$*/smoke.asc
	icepack $(FPGA_B)/$*/smoke.asc $@
	@echo "fpga: $@ (smoke program in the boot ROM); reports in $(FPGA_B)/$*/"

fpga: $(FPGA_B)/icebreaker.bin
fpga-hx8k: $(FPGA_B)/hx8k.bin

# --- ULX3S (ECP5-85F): 4 cores with M, 1 KiB caches, 128 KiB block RAM ------------
ULX3S_NCORES ?= 4
ULX3S_ROM_WORDS ?= 4096
ULX3S_PARAMS = -chparam NCores $(ULX3S_NCORES)
FPGA_ECP5_RTL := $(FPGA_SOC_RTL) $(FPGA_COMMON_RTL) fpga/ulx3s/rru_top_ulx3s.sv
# fpga-ecp5 (a make test stage): synth_ecp5 without flattening, so the four
# identical harts are synthesised once (minutes less than the flat build),
# and the utilization table with instance counts multiplied in; then the flat
# synthesis, nextpnr-ecp5 and ecppack where nextpnr-ecp5 is installed.
$(FPGA_B)/ulx3s/utilization.md: $(FPGA_ECP5_RTL) fpga/tools/breakdown.sh \
    $(FPGA_B)/ulx3s/rom_seed.hex $(FPGA_B)/ulx3s/rru_fpga_cfg.svh | deps
	@echo "fpga: yosys synth_ecp5 -noflatten rru_top_ulx3s ($(ULX3S_PARAMS))"
	{ echo "| board | block | LUT4 | FF | CCU2C | DP16KD | - |"; echo "|---|---|---|---|---|---|---|"; \
	  fpga/tools/breakdown.sh $(FPGA_B)/ulx3s ecp5 "ULX3S 4 harts" rru_top_ulx3s \
	    "$(ULX3S_PARAMS)" "" $(FPGA_ECP5_RTL); } >$@.tmp
	mv $@.tmp $@
	@echo "fpga: ECP5-85F capacity: 83,640 LUT4 (CCU2C = 2 LUT4), 83,640 FF, 208 DP16KD"
fpga-ecp5: $(FPGA_B)/ulx3s/utilization.md
	@cat $<
	@if command -v nextpnr-ecp5 >/dev/null 2>&1 && command -v ecppack >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory fpga-ecp5-pnr; \
	else \
	  echo "fpga: nextpnr-ecp5/ecppack are not installed here (Debian 12 does not package"; \
	  echo "      prjtrellis): ULX3S synthesis only. Where they are installed, this target"; \
	  echo "      also places, routes and packs $(FPGA_B)/ulx3s.bit (make fpga-ecp5-pnr)."; \
	fi
# The flat synthesis and, where the tools exist, P&R and ecppack.
fpga-ecp5-pnr: $(FPGA_ECP5_RTL) fpga/ulx3s/ulx3s.lpf fpga/tools/ecp5_flow.sh \
    $(FPGA_B)/ulx3s/rom_seed.hex $(FPGA_B)/ulx3s/rru_fpga_cfg.svh | deps
	@mkdir -p $(FPGA_B)/ulx3s-flat && cp $(FPGA_B)/ulx3s/rru_fpga_cfg.svh $(FPGA_B)/ulx3s-flat/
	FPGA_SEED=$(FPGA_SEED) FPGA_MARGIN_PCT=$(FPGA_MARGIN_PCT) fpga/tools/ecp5_flow.sh \
	  $(FPGA_B)/ulx3s-flat rru_top_ulx3s fpga/ulx3s/ulx3s.lpf 30 "$(ULX3S_PARAMS)" "" $(FPGA_ECP5_RTL)

# --- kernel-only change: icebram, no place and route ---------------------------------
KERNEL ?= $(B)/firmware/kernel.elf
FPGA_KERNEL_BOARDS ?= icebreaker
fpga-kernel: $(FPGA_KERNEL_BOARDS:%=$(FPGA_B)/%/base.asc) | deps
	@[ -r "$(KERNEL)" ] || { echo "fpga-kernel: no kernel ELF at $(KERNEL) (build the firmware, or give KERNEL=path)" >&2; exit 1; }
	@for b in $(FPGA_KERNEL_BOARDS); do \
	  words=$$(sed -n 's/^`define RRU_FPGA_ROM_WORDS //p' $(FPGA_B)/$$b/rru_fpga_cfg.svh); \
	  fpga/tools/elf2rom.sh $(KERNEL) $$words $(FPGA_B)/$$b/kernel.hex nom || exit 1; \
	  icebram $(FPGA_B)/$$b/rom_seed.hex $(FPGA_B)/$$b/kernel.hex \
	    <$(FPGA_B)/$$b/base.asc >$(FPGA_B)/$$b/kernel.asc || exit 1; \
	  icepack $(FPGA_B)/$$b/kernel.asc $(FPGA_B)/$$b-kernel.bin || exit 1; \
	  echo "fpga-kernel: $(FPGA_B)/$$b-kernel.bin ($(KERNEL) in the boot ROM, no P&R)"; \
	done

# --- flashing ----------------------------------------------------------------------
BOARD ?= icebreaker
TARGET ?= sram
IMAGE ?= smoke
FPGA_FLASH_BIN = $(if $(filter kernel,$(IMAGE)),$(FPGA_B)/$(BOARD)-kernel.bin,$(FPGA_B)/$(BOARD).bin)
flash:
	@fpga/tools/flash.sh "$(BOARD)" "$(TARGET)" "$(FPGA_FLASH_BIN)"

# --- checks ----------------------------------------------------------------------
# Lint of the board RTL (fpga/ is not under rtl/, so `make lint` does not see it).
FPGA_VL_MODELS := fpga/sim/rru_ice40_models.sv
fpga-lint: $(foreach b,icebreaker hx8k ulx3s,$(FPGA_B)/$(b)/rru_fpga_cfg.svh $(FPGA_B)/$(b)/rom_seed.hex) | deps
	$(VERILATOR) $(VL_LINT_FLAGS) +define+RRU_ICE40_SPRAM +incdir+$(FPGA_B)/icebreaker \
	  --top-module rru_top_icebreaker $(FPGA_ICE40_RTL) $(FPGA_VL_MODELS) \
	  fpga/icebreaker/rru_top_icebreaker.sv
	$(VERILATOR) $(VL_LINT_FLAGS) +incdir+$(FPGA_B)/hx8k \
	  --top-module rru_top_hx8k $(FPGA_ICE40_RTL) $(FPGA_VL_MODELS) fpga/hx8k/rru_top_hx8k.sv
	$(VERILATOR) $(VL_LINT_FLAGS) +incdir+$(FPGA_B)/ulx3s \
	  --top-module rru_top_ulx3s $(FPGA_ECP5_RTL) fpga/sim/rru_ecp5_models.sv

# The iCEBreaker top in Verilator: the same RTL (board wrapper, iCE40 RAM with
# its boot ROM and init sequence, UARTs) with behavioural models of the iCE40
# primitives; the testbench drives the clock and pins and decodes the UART.
FPGA_VL_RTL := $(FPGA_ICE40_RTL) $(FPGA_VL_MODELS) fpga/icebreaker/rru_top_icebreaker.sv
FPGA_VL_SIM := $(FPGA_B)/vlsim
$(FPGA_VL_SIM)/rru_fpga_cfg.svh: fpga/part.mk
	@mkdir -p $(@D)
	@printf '`define RRU_FPGA_ROM_WORDS %s\n`define RRU_FPGA_ROM_HEX "%s"\n' \
	  $(ICEBREAKER_ROM_WORDS) $(FPGA_B)/icebreaker/smoke.hex >$@.tmp
	@cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@
# Built like a vl_bench (same flags) but not registered in VL_BENCHES: it fails
# until rtl/mem/rru_dcache.sv keeps the UncWr data in StUncWait (fpga/README.md,
# "Smoke test in Verilator"); then add fpga-sim to TEST_STAGES below.
FPGA_VL_BIN := $(B)/vl/fpga/Vrru_top_icebreaker
$(FPGA_VL_BIN): $(FPGA_VL_RTL) tests/rtl/tb_fpga.cpp $(VL_WAIVERS) $(FPGA_VL_SIM)/rru_fpga_cfg.svh \
    $(FPGA_B)/icebreaker/smoke.hex | deps
	@mkdir -p $(@D)
	$(VERILATOR) $(VL_BENCH_FLAGS) +define+RRU_ICE40_SPRAM +incdir+$(FPGA_VL_SIM) \
	  -GNCores=$(ICEBREAKER_NCORES) -GSysHz=$(ICEBREAKER_MHZ)000000 \
	  -CFLAGS -DNCORES=$(ICEBREAKER_NCORES) -CFLAGS -DSYS_MHZ=$(ICEBREAKER_MHZ) \
	  --top-module rru_top_icebreaker -Mdir $(@D) -o $(@F) $(FPGA_VL_RTL) \
	  $(abspath tests/rtl/tb_fpga.cpp) >$(@D)/build.log 2>&1 || { cat $(@D)/build.log; exit 1; }
fpga-sim: $(FPGA_VL_BIN)
	timeout $(SIM_TIMEOUT) $<

.PHONY: fpga fpga-hx8k fpga-ecp5 fpga-ecp5-pnr fpga-kernel flash fpga-lint fpga-sim

# make bench: per board, per block resources, fit and Fmax.
fpga-bench: | deps
	@mkdir -p bench/results
	FPGA_B=$(FPGA_B) MAKE="$(MAKE)" ICEBREAKER_PARAMS="$(ICEBREAKER_PARAMS)" \
	  HX8K_PARAMS="$(HX8K_PARAMS)" ULX3S_PARAMS="$(ULX3S_PARAMS)" \
	  ICE40_FILES="$(FPGA_ICE40_RTL)" ECP5_FILES="$(FPGA_ECP5_RTL)" \
	  fpga/tools/bench.sh bench/results/fpga.md
BENCH_STAGES += fpga-bench
.PHONY: fpga-bench

# make test: the board RTL lint and the ULX3S synthesis. The iCE40 bitstream
# (`fpga`: fit + timing) and `fpga-sim` join once they pass (fpga/README.md:
# rru_soc does not fit an iCE40 yet; the D-cache UncWr data bug).
TEST_STAGES += fpga-lint fpga-ecp5
HELP_LINES += "make fpga       iCEBreaker bitstream build/fpga/icebreaker.bin (fit + timing checked)" \
  "make fpga-kernel [KERNEL=elf]  patch a kernel into the bitstream's boot ROM (icebram, no P&R)" \
  "make flash BOARD=icebreaker|hx8k|ulx3s [TARGET=sram|flash] [IMAGE=smoke|kernel]" \
  "make fpga-ecp5  ULX3S (4 harts) synth_ecp5 utilization; P&R where nextpnr-ecp5 exists" \
  "make fpga-sim   the iCEBreaker board top in Verilator on the smoke program"
