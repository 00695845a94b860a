# firmware/: the resident M-mode kernel, the U-mode app runtime, `rru cc`,
# and the qemu runs of the workloads (tests/workloads/). See firmware/README.md.

FW_B      := $(B)/firmware
FW_COMMON_CFLAGS := -O2 -g -ffreestanding -nostdlib -fno-builtin \
             -fno-tree-loop-distribute-patterns -Wall -Wextra -Werror \
             -Iinclude -Ifirmware/include
FW_LDFLAGS := -nostdlib -Wl,--no-warn-rwx-segments

FW_KERNEL_SRCS := firmware/kernel/start.S firmware/kernel/kernel.c firmware/kernel/replay.c firmware/kernel/dag_cursor.c firmware/common/fmt.c \
                  firmware/link/link_frame.c firmware/link/link_ep.c firmware/link/link_dev.c
FW_KERNEL_HDRS := include/rru/memmap.h firmware/kernel/kernel.h firmware/kernel/kernel_asm.h firmware/kernel/dag_cursor.h firmware/common/fmt.h include/rru/rru_regs.h \
                  include/rru/link.h include/rru/run.h firmware/link/link_dev.h firmware/link/link_ep.h
FW_LIBAPP_SRCS := firmware/app/libapp.c firmware/app/string.c firmware/app/atomic_subword.c \
                  firmware/common/fmt.c

# The app runtime as `rru cc` finds it: build/bin/../firmware/{include,lib}.
FW_RUNTIME := $(FW_B)/include/rru/app.h $(FW_B)/include/rru/memmap.h \
              $(FW_B)/lib/crt0.o $(FW_B)/lib/libapp.a $(FW_B)/lib/app.ld

$(FW_B)/include/rru/%.h: include/rru/%.h
	@mkdir -p $(@D)
	cp $< $@
$(FW_B)/include/rru/app.h: firmware/include/rru/app.h
	@mkdir -p $(@D)
	cp $< $@

# The kernel is built for size (-Os): code, data, stacks and the thread table
# share its 64 KiB region.
# Two builds of the kernel and the runtime: rv32ima (RV_ARCH, the default)
# and rv32ia for cores built without M (`rru cc --arch rv32ia`; multiply and
# divide then come from libgcc).
# $(call fw_variant,SUFFIX,ARCH_FLAGS) -> kernel$(SUFFIX).elf, lib$(SUFFIX)/
define fw_variant
$(FW_B)/kernel$(1).elf: $(FW_KERNEL_SRCS) $(FW_KERNEL_HDRS) firmware/kernel/kernel.ld | deps
	@mkdir -p $$(@D)
	$(RV_CC) $(2) $(FW_COMMON_CFLAGS) -Os -msave-restore $(FW_LDFLAGS) -Wl,--no-relax -T firmware/kernel/kernel.ld \
	  $(FW_KERNEL_SRCS) -lgcc -o $$@
$(FW_B)/lib$(1)/app.ld: firmware/app/app.ld
	@mkdir -p $$(@D)
	cp $$< $$@
$(FW_B)/lib$(1)/crt0.o: firmware/app/crt0.S include/rru/memmap.h | deps
	@mkdir -p $$(@D)
	$(RV_CC) $(2) $(FW_COMMON_CFLAGS) -c $$< -o $$@
$(FW_B)/obj$(1)/%.o: firmware/%.c firmware/include/rru/app.h include/rru/memmap.h firmware/common/fmt.h | deps
	@mkdir -p $$(@D)
	$(RV_CC) $(2) $(FW_COMMON_CFLAGS) -c $$< -o $$@
$(FW_B)/lib$(1)/libapp.a: $(FW_LIBAPP_SRCS:firmware/%.c=$(FW_B)/obj$(1)/%.o)
	@mkdir -p $$(@D)
	rm -f $$@
	$(RV_PREFIX)ar rcs $$@ $$^
ALL_PRODUCTS += $(FW_B)/kernel$(1).elf $(FW_B)/lib$(1)/crt0.o $(FW_B)/lib$(1)/libapp.a \
                $(FW_B)/lib$(1)/app.ld
endef
$(eval $(call fw_variant,,$(RV_ARCH)))
$(eval $(call fw_variant,-rv32ia,-march=rv32ia -misa-spec=2.2 -mabi=ilp32))

ALL_PRODUCTS += $(FW_RUNTIME)
RRU_LIB_SRCS += firmware/cc.c
HELP_LINES   += "make fw-qemu      build the workloads with rru cc and run them on qemu (1, 2, 4 harts)"


# --- workloads on qemu ------------------------------------------------------------
# Each workload is built with `rru cc` itself (small input by default; -DLARGE
# for `make bench`).
FW_WL_SRCS   := $(sort $(wildcard tests/workloads/*.c))
FW_WL_ELFS   := $(FW_WL_SRCS:tests/workloads/%.c=$(FW_B)/workloads/%.elf)
FW_WL_LARGE  := $(FW_WL_SRCS:tests/workloads/%.c=$(FW_B)/workloads-large/%.elf)
FW_FAULT_ELFS := $(patsubst tests/workloads/faults/%.c,$(FW_B)/faults/%.elf,$(sort $(wildcard tests/workloads/faults/*.c)))
FW_CC_DEPS   := $(BIN)/rru $(FW_RUNTIME) tests/workloads/wl.h

$(FW_B)/workloads/%.elf: tests/workloads/%.c $(FW_CC_DEPS)
	@mkdir -p $(@D)
	$(BIN)/rru cc $< -o $@
$(FW_B)/workloads-large/%.elf: tests/workloads/%.c $(FW_CC_DEPS)
	@mkdir -p $(@D)
	$(BIN)/rru cc -DLARGE $< -o $@
$(FW_B)/faults/%.elf: tests/workloads/faults/%.c $(FW_CC_DEPS)
	@mkdir -p $(@D)
	$(BIN)/rru cc $< -o $@

fw-qemu: $(FW_B)/kernel.elf $(FW_B)/kernel-rv32ia.elf $(FW_B)/lib-rv32ia/libapp.a $(FW_B)/lib-rv32ia/crt0.o $(FW_B)/lib-rv32ia/app.ld $(FW_WL_ELFS) $(FW_FAULT_ELFS)
	firmware/test-qemu.sh $(FW_B) $(BIN)/rru

TEST_STAGES += fw-qemu
.PHONY: fw-qemu

fw-demo: $(FW_B)/kernel.elf $(FW_RUNTIME) $(BIN)/rru
	@firmware/demo-qemu.sh $(FW_B) $(BIN)/rru
DEMO_STEPS += fw-demo
.PHONY: fw-demo

fw-bench: $(FW_B)/kernel.elf $(FW_WL_ELFS) $(FW_WL_LARGE)
	@mkdir -p bench/results
	firmware/bench-qemu.sh $(FW_B) bench/results/firmware-qemu.md
BENCH_STAGES += fw-bench
HELP_LINES += "make fw-bench     workloads with large inputs on qemu (bench/results/firmware-qemu.md)"
.PHONY: fw-bench
