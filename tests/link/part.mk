# tests/link/: link test tools and stages (host-driver issue).
#   build/bin/rru-link-devsim  the device side of the link on a TCP port, with
#                              a synthetic app (for trying `rru link-check`)
#   build/bin/rru-link-proxy   fault-injecting TCP relay
#   build/bin/rru-link-bench   throughput table (make bench), then
#                              bench-rtl-link.sh: rru-sim pacing its UART
#   link-umockdev              the libftdi path against a scripted FT2232H
#   link-rtl-faults            the RTL RRUs' log through a faulty TCP path
#                              (rru-sim --rru-log tap vs RUN/log.bin)
# LIB_OBJS is defined by the root Makefile after the part.mk files are read:
# secondary expansion ($$) takes it when the rules are run, complete.
.SECONDEXPANSION:
LINK_TOOLS := $(BIN)/rru-link-devsim $(BIN)/rru-link-proxy $(BIN)/rru-link-bench \
              $(B)/tests/link/ftdi-umockdev
ALL_PRODUCTS += $(BIN)/rru-link-devsim $(BIN)/rru-link-proxy
TEST_STAGES  += link-umockdev link-rtl-faults
BENCH_STAGES += link-bench
HELP_LINES   += "make link-umockdev  libftdi transport against a scripted FT2232H (umockdev)" \
                "make link-rtl-faults  rru-sim's RRU log through a fault-injecting proxy: RUN/log.bin equals the tap" \
                "make link-bench  link throughput at 3 Mbaud (engines, then rru-sim pacing its UART) -> bench/results/link.md"

$(BIN)/rru-link-devsim: tests/link/devsim_main.c tests/link/devsim.c tests/link/devsim.h $$(LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) tests/link/devsim_main.c tests/link/devsim.c $(LIB_OBJS) -o $@ $(RRU_LDLIBS)
$(BIN)/rru-link-proxy: tests/link/proxy_main.c tests/link/proxy.c tests/link/proxy.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) tests/link/proxy_main.c tests/link/proxy.c -o $@
$(BIN)/rru-link-bench: tests/link/bench_link.c tests/link/vlink.c tests/link/vlink.h \
                       tests/link/devsim.c tests/link/proxy.c $$(LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) tests/link/bench_link.c tests/link/vlink.c tests/link/devsim.c \
	  tests/link/proxy.c $(LIB_OBJS) -o $@ $(RRU_LDLIBS) -lm -lpthread
$(B)/tests/link/ftdi-umockdev: tests/link/ftdi_umockdev.c $$(LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $< $(LIB_OBJS) -o $@ $(RRU_LDLIBS)

link-umockdev: $(B)/tests/link/ftdi-umockdev
	@tests/link/run_umockdev.sh $<
link-rtl-faults: $(BIN)/rru $(BIN)/rru-sim $(BIN)/rru-sim-4 $(BIN)/rru-link-proxy $$(FW_B)/kernel.elf $$(FW_RUNTIME)
	tests/link/test-rtl-faults.sh $(B)
link-bench: $(BIN)/rru-link-bench $(BIN)/rru $(BIN)/rru-sim $(BIN)/rru-sim-4 $(BIN)/rru-link-proxy \
            $$(FW_B)/kernel.elf $$(FW_RUNTIME)
	$(BIN)/rru-link-bench bench/results/link.md
	tests/link/bench-rtl-link.sh $(B) bench/results/link.md
	@cat bench/results/link.md
.PHONY: link-umockdev link-rtl-faults link-bench
