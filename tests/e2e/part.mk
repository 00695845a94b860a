# tests/e2e/: `rru run` / `rru record` through the resident kernel in host
# mode, on qemu over TCP (docs/design.md §7). See tests/e2e/README.md.
E2E_DEPS := $(BIN)/rru $(BIN)/rru-link-proxy $(FW_B)/kernel.elf $(FW_RUNTIME) \
            $(FW_WL_ELFS) $(FW_FAULT_ELFS) $(wildcard tests/e2e/progs/*.c)
e2e-qemu: $(E2E_DEPS)
	tests/e2e/test-e2e.sh $(B)
TEST_STAGES += e2e-qemu
HELP_LINES  += "make e2e-qemu     rru run / rru record through the kernel's host mode on qemu over TCP"
.PHONY: e2e-qemu
