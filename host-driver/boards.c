/* The board table: data, not code. Each row says where a board's UART is:
 * the FTDI chip's USB id, the channel wired to the FPGA's UART pins, the baud
 * rate the bitstream uses, and the openFPGALoader 0.10 board name. */
#include "rru/link_host.h"

#include <string.h>

static const struct rru_link_board boards[] = {
	/* Lattice iCE40-HX8K breakout: FT2232H channel A programs the SPI flash,
	 * channel B is the UART to the FPGA (user guide FPGA-EB-02031). */
	{"hx8k-breakout", "Lattice iCE40-HX8K breakout board", 0x0403, 0x6010, 2, "FT2232H",
	 3000000, "ice40_generic"},
	/* 1BitSquared iCEBreaker (iCE40UP5K): channel A SPI flash, channel B UART. */
	{"icebreaker", "1BitSquared iCEBreaker (iCE40UP5K)", 0x0403, 0x6010, 2, "FT2232H",
	 3000000, "ice40_generic"},
	/* Radiona ULX3S (ECP5): a single-channel FT231X carries the UART (and JTAG
	 * by bit-bang for programming); 3 Mbaud is the FT231X's maximum. */
	{"ulx3s", "Radiona ULX3S (ECP5)", 0x0403, 0x6015, 1, "FT231X", 3000000, "ulx3s"},
};

unsigned rru_link_board_count(void)
{
	return sizeof boards / sizeof boards[0];
}

const struct rru_link_board *rru_link_board_at(unsigned i)
{
	return i < rru_link_board_count() ? &boards[i] : NULL;
}

const struct rru_link_board *rru_link_board_find(const char *name)
{
	for (unsigned i = 0; i < rru_link_board_count(); i++)
		if (strcmp(boards[i].name, name) == 0)
			return &boards[i];
	return NULL;
}
