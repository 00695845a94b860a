/* fst_uart: reads an FST waveform written by `rru-sim --trace` and prints
 * what a test of the trace needs (tests/sim/harness_opts.sh):
 *   fst_uart FILE.fst --names   every variable's full name, one a line
 *   fst_uart FILE.fst           the bytes the SoC sent on its UART, decoded
 *                               from rru_sim_top's uart_tx_valid_o and
 *                               uart_tx_data_o, to stdout
 * and, on stderr, one summary line (end time, variables, scopes, clock
 * edges). It reads the file with the FST reader that ships with Verilator
 * (include/gtkwave/fstapi.c), so a file it accepts is one gtkwave reads.
 * Exit status: 0, 1 if the file cannot be read or lacks a signal, 2 on bad
 * usage.
 *
 * rru-sim dumps at time 2c after the falling edge of cycle c and at 2c+1
 * after its rising edge; the SoC's outputs change only at rising edges, so
 * a byte leaves in every cycle c whose even time 2c sees uart_tx_valid_o
 * high (the harness reads the outputs then). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fstapi.h"

#define TOP "TOP.rru_sim_top."

struct uart {
	fstHandle clk, valid, data;
	int v_valid, v_clk;
	unsigned v_data;
	uint64_t t;      /* time up to which the bytes are out */
	uint64_t bytes, rises;
};

/* A value as the reader gives it: one character per bit, MSB first. */
static unsigned bits(const unsigned char *v)
{
	unsigned x = 0;
	for (; *v; v++)
		x = (x << 1) | (*v == '1');
	return x;
}

/* Sends the bytes of the even times in [u->t, t) with the current values. */
static void advance(struct uart *u, uint64_t t)
{
	if (t <= u->t)
		return;
	if (u->v_valid) {
		uint64_t first = (u->t + 1) & ~(uint64_t)1, n = first < t ? (t - first + 1) / 2 : 0;
		for (uint64_t i = 0; i < n; i++)
			putchar((int)u->v_data);
		u->bytes += n;
	}
	u->t = t;
}

static void on_change(void *p, uint64_t t, fstHandle h, const unsigned char *v)
{
	struct uart *u = p;
	advance(u, t);
	if (h == u->valid)
		u->v_valid = (int)bits(v);
	else if (h == u->data)
		u->v_data = bits(v);
	else if (h == u->clk) {
		int c = (int)bits(v);
		u->rises += c && !u->v_clk;
		u->v_clk = c;
	}
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "--names") != 0)) {
		fprintf(stderr, "usage: fst_uart FILE.fst [--names]\n");
		return 2;
	}
	const char *path = argv[1];
	int names = argc == 3;
	void *f = fstReaderOpen(path);
	if (!f) {
		fprintf(stderr, "fst_uart: %s: not a readable FST file\n", path);
		return 1;
	}
	struct uart u;
	memset(&u, 0, sizeof u);
	char scope[4096] = "";
	struct fstHier *h;
	while ((h = fstReaderIterateHier(f))) {
		if (h->htyp == FST_HT_SCOPE) {
			size_t n = strlen(scope);
			snprintf(scope + n, sizeof scope - n, "%s.", h->u.scope.name);
		} else if (h->htyp == FST_HT_UPSCOPE) {
			char *dot = strrchr(scope, '.');
			if (dot) {
				*dot = '\0';
				dot = strrchr(scope, '.');
				if (dot)
					dot[1] = '\0';
				else
					scope[0] = '\0';
			}
		} else if (h->htyp == FST_HT_VAR) {
			char full[4200];
			snprintf(full, sizeof full, "%s%s", scope, h->u.var.name);
			if (names)
				printf("%s\n", full);
			char *range = strchr(full, ' '); /* "data_o [7:0]": match the name alone */
			if (range)
				*range = '\0';
			if (!strcmp(full, TOP "clk_i"))
				u.clk = h->u.var.handle;
			else if (!strcmp(full, TOP "uart_tx_valid_o"))
				u.valid = h->u.var.handle;
			else if (!strcmp(full, TOP "uart_tx_data_o"))
				u.data = h->u.var.handle;
		}
	}
	uint64_t end = fstReaderGetEndTime(f);
	int rc = 0;
	if (!u.clk || !u.valid || !u.data) {
		fprintf(stderr, "fst_uart: %s: no " TOP "clk_i, uart_tx_valid_o and uart_tx_data_o\n", path);
		rc = 1;
	} else if (!names) {
		fstReaderClrFacProcessMaskAll(f);
		fstReaderSetFacProcessMask(f, u.clk);
		fstReaderSetFacProcessMask(f, u.valid);
		fstReaderSetFacProcessMask(f, u.data);
		if (!fstReaderIterBlocks(f, on_change, &u, NULL)) {
			fprintf(stderr, "fst_uart: %s: cannot read the value changes\n", path);
			rc = 1;
		}
		advance(&u, end + 1);
		fflush(stdout);
	}
	fprintf(stderr, "fst_uart: %s: end time %" PRIu64 ", %" PRIu64 " variables, %" PRIu64
		" scopes, %" PRIu64 " rising clock edges, %" PRIu64 " UART bytes\n",
		path, end, fstReaderGetVarCount(f), fstReaderGetScopeCount(f), u.rises, u.bytes);
	fstReaderClose(f);
	return rc;
}
