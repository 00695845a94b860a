/* `rru boards`: the board table (host-driver/boards.c). */
#include "rru/cli.h"
#include "rru/link_host.h"

#include <getopt.h>
#include <stdio.h>

static int cmd_boards(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};
	for (int c; (c = getopt_long(argc, argv, "h", opts, NULL)) != -1;) {
		rru_cli_usage(rru_cli_find("boards"), "  -h, --help  this text\n");
		return c == 'h' ? RRU_EXIT_OK : RRU_EXIT_USAGE;
	}
	if (optind != argc) {
		fprintf(stderr, "rru: error: boards: takes no arguments\n");
		return RRU_EXIT_USAGE;
	}
	printf("%-14s %-9s %-8s %-7s %-9s %-15s %s\n", "board", "usb", "chip", "channel", "baud",
	       "openFPGALoader", "description");
	for (unsigned i = 0; i < rru_link_board_count(); i++) {
		const struct rru_link_board *b = rru_link_board_at(i);
		printf("%-14s %04x:%04x %-8s %-7c %-9u %-15s %s\n", b->name, b->vid, b->pid, b->chip,
		       'A' + b->interface - 1, b->baud, b->ofl_board, b->desc);
	}
	return RRU_EXIT_OK;
}
RRU_COMMAND(boards, "boards", "", "list the supported boards (USB id, UART channel, baud)",
	    cmd_boards);
