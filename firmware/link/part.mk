# firmware/link/: the device side of the link protocol, freestanding C. The
# host build goes into the library (tests drive it against the host side);
# `make link-rv32` proves it builds for the soft cores with no libc at all.
LINK_DEV_SRCS := firmware/link/link_frame.c firmware/link/link_ep.c firmware/link/link_dev.c
# link_logrx.c: the host's receiver of the hardware log channel (host only)
RRU_LIB_SRCS  += $(LINK_DEV_SRCS) firmware/link/link_logrx.c
TEST_STAGES   += link-rv32
HELP_LINES    += "make link-rv32   build firmware/link for rv32ima, freestanding, and show its size"

LINK_RV_FLAGS := $(RV_ARCH) -ffreestanding -nostdlib -Os -std=c11 -Wall -Wextra -Werror -Iinclude
$(B)/rv32/link/%.o: firmware/link/%.c firmware/link/*.h include/rru/link.h | deps
	@mkdir -p $(@D)
	$(RV_CC) $(LINK_RV_FLAGS) -c $< -o $@
# Linked with nothing else (no libc, no libgcc): any hidden memcpy/memset or
# helper call the compiler emitted would be an undefined symbol here.
$(B)/rv32/link/link.elf: $(LINK_DEV_SRCS:firmware/link/%.c=$(B)/rv32/link/%.o)
	$(RV_CC) $(LINK_RV_FLAGS) -Wl,--no-warn-rwx-segments -Wl,-e,rru_link_dev_init \
	  -Wl,--gc-sections -Wl,-Ttext=0x80000000 -Wl,--no-undefined $^ -o $@
link-rv32: $(B)/rv32/link/link.elf firmware/link/rv32_size.c
	@$(RV_PREFIX)size $(B)/rv32/link/link_*.o
	@$(RV_CC) $(LINK_RV_FLAGS) -S -o - firmware/link/rv32_size.c | \
	  awk '/^rru_link_dev_bytes:/ {getline; print "struct rru_link_dev (all device link state):", $$2, "bytes"}'
.PHONY: link-rv32
