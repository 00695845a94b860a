# rtl/core: the RV32IMA hart rru_core (see rtl/core/README.md), its
# Verilator bench (tests/rtl/tb_core.cpp) and the ISA test suite (tests/isa/).
CORE_RTL := rtl/core/rru_core_pkg.sv rtl/core/rru_core_muldiv.sv rtl/core/rru_core.sv

# Two builds: with the M extension (default) and without (mul/div illegal).
$(eval $(call vl_bench,core,rru_core,$(CORE_RTL),tests/rtl/tb_core.cpp))
$(eval $(call vl_bench,core_nom,rru_core,$(CORE_RTL),tests/rtl/tb_core.cpp,-GEnableM=1\'b0))

# --- ISA test suite (tests/isa/, see tests/isa/README.md) ---------------------
# Compared with qemu: the same ELF runs on qemu virt and on the core bench.
ISA_COMPARED  := regs alu branch mem amo muldiv fence csr trap irq random random_i cprog
# What legitimately differs from qemu, checked on the bench only.
ISA_CORE_ONLY := core_misaligned core_only
# For the core built without M.
ISA_NOM_ONLY  := core_nom
ISA_DIR := $(B)/isa
ISA_RT  := tests/isa/rt.S tests/isa/rt.c tests/isa/isa.h tests/isa/link.ld
ISA_CFLAGS := -O2 -ffreestanding -nostdlib -Wall -Werror -Itests/isa \
              -Wl,--no-warn-rwx-segments -T tests/isa/link.ld
ISA_ELFS := $(addprefix $(ISA_DIR)/,$(addsuffix .elf,$(ISA_COMPARED) $(ISA_CORE_ONLY) $(ISA_NOM_ONLY)))

$(ISA_DIR)/core_nom.elf: tests/isa/core_nom.S $(ISA_RT) | deps
	@mkdir -p $(@D)
	$(RV_CC) -march=rv32ia -misa-spec=2.2 -mabi=ilp32 $(ISA_CFLAGS) tests/isa/rt.S tests/isa/rt.c $< -o $@
$(ISA_DIR)/%.elf: tests/isa/%.c $(ISA_RT) | deps
	@mkdir -p $(@D)
	$(RV_CC) $(RV_ARCH) $(ISA_CFLAGS) tests/isa/rt.S tests/isa/rt.c $< -o $@
$(ISA_DIR)/%.elf: tests/isa/%.S $(ISA_RT) | deps
	@mkdir -p $(@D)
	$(RV_CC) $(RV_ARCH) $(ISA_CFLAGS) tests/isa/rt.S tests/isa/rt.c $< -o $@

isa-elfs: $(ISA_ELFS)
isa-test: $(ISA_ELFS) $(B)/vl/core/Vrru_core $(B)/vl/core_nom/Vrru_core
	tests/isa/run.sh $(ISA_DIR) $(B)/vl/core/Vrru_core $(B)/vl/core_nom/Vrru_core \
	  "$(ISA_COMPARED)" "$(ISA_CORE_ONLY)" "$(ISA_NOM_ONLY)"
.PHONY: isa-elfs isa-test

ALL_PRODUCTS += $(ISA_ELFS)
TEST_STAGES  += isa-test
HELP_LINES   += "make isa-test   RV32IMA ISA tests on rru_core (bench) vs qemu, outputs compared"
