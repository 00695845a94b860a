# host-driver/: the host side of the link (rru_link_* library, transports,
# board table) and the `rru boards` / `rru link-check` commands.
RRU_LIB_SRCS += host-driver/link.c host-driver/tp_fd.c host-driver/tp_ftdi.c \
                host-driver/boards.c host-driver/progress.c \
                host-driver/cmd_boards.c host-driver/cmd_link_check.c
RRU_LDLIBS   += $(shell pkg-config --libs libftdi1 2>/dev/null || echo -lftdi1 -lusb-1.0)
# libftdi's headers live in their own directories; only tp_ftdi.c needs them.
LINK_FTDI_CFLAGS := $(shell pkg-config --cflags libftdi1 2>/dev/null || \
                      echo -I/usr/include/libftdi1 -I/usr/include/libusb-1.0)
$(B)/obj/host-driver/tp_ftdi.o: CFLAGS += $(LINK_FTDI_CFLAGS)
$(B)/san/host-driver/tp_ftdi.o: SAN_CFLAGS += $(LINK_FTDI_CFLAGS)
$(B)/fuzzobj/host-driver/tp_ftdi.o: FUZZ_LIB_CFLAGS += $(LINK_FTDI_CFLAGS)
# `rru run` and `rru record` (end-to-end issue, docs/design.md §7).
RRU_LIB_SRCS += host-driver/run_session.c host-driver/app_image.c host-driver/run_results.c host-driver/run_args.c host-driver/run_log.c host-driver/cmd_run.c host-driver/cmd_record.c \
                host-driver/cmd_replay.c host-driver/access_diff.c
