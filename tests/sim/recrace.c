/* Recording a racy program (issue 5): every hart starts its RRU (thread id
 * 100 + hart), drops to U-mode for racy work (an unsynchronized counter,
 * message passing around a ring, false sharing, an LR/SC counter, AMOs),
 * traps back with ecall, and issues EXIT; rru-sim drains the logs and, with
 * --check-model, compares every record with the C model. Results checked. */
#include "sim.h"
#include "rru_rec.h"

#define ITER 150
#define MSGS 40

static volatile uint32_t racy LINE, amo_ctr LINE, lrsc_ctr LINE;
static volatile uint32_t fs[8] LINE;      /* false sharing: one line, a word each */
struct mailbox {
	volatile uint32_t data[2] LINE;
	volatile uint32_t flag LINE;
};
static struct mailbox box[8];
static volatile uint32_t errors[8] LINE;
static unsigned ncores;
static uint8_t ustack[8][2048] __attribute__((aligned(16)));

static void user_work(unsigned h)
{
	unsigned n = ncores, from = (h + n - 1) % n;
	uint32_t err = 0, seq = 1, got = 1;
	for (unsigned i = 0; i < ITER; i++) {
		racy = racy + 1;                 /* the race */
		fs[h] = fs[h] + 1;               /* false sharing */
		amoadd_w(&amo_ctr, 1);
		uint32_t v;
		do v = lr_w(&lrsc_ctr); while (sc_w(&lrsc_ctr, v + 1));
		if (n > 1 && (i & 3) == 0) {
			/* message passing: send when the mailbox is free, receive when full */
			struct mailbox *out = &box[h], *in = &box[from];
			if (seq <= MSGS && out->flag == 0) {
				out->data[0] = seq * 7 + h;
				out->data[1] = seq ^ 0x5a5a;
				out->flag = seq++;
			}
			uint32_t f = in->flag;
			if (f) {
				if (f != got || in->data[0] != f * 7 + from || in->data[1] != (f ^ 0x5a5a)) err++;
				got++;
				in->flag = 0;
			}
		}
	}
	if (n > 1) {
		/* finish the exchange */
		while (seq <= MSGS || got <= MSGS) {
			struct mailbox *out = &box[h], *in = &box[from];
			if (seq <= MSGS && out->flag == 0) {
				out->data[0] = seq * 7 + h;
				out->data[1] = seq ^ 0x5a5a;
				out->flag = seq++;
			}
			uint32_t f = in->flag;
			if (f) {
				if (f != got || in->data[0] != f * 7 + from || in->data[1] != (f ^ 0x5a5a)) err++;
				got++;
				in->flag = 0;
			}
		}
	}
	errors[h] = err;
}

unsigned main_hart(unsigned h, unsigned n)
{
	ncores = n;
	sim_barrier(n);
	rec_cmd(h, RRU_REG_START, 100 + h);
	uint32_t cause = user_call(user_work, h, ustack[h] + sizeof ustack[0]);
	rec_cmd(h, RRU_REG_EXIT, 0);
	if (cause != 8) sim_fail("U-mode ended by mcause", cause, 8);
	sim_barrier(n);
	if (h != 0) return 0;
	if (amo_ctr != n * ITER) sim_fail("amo counter", amo_ctr, n * ITER);
	if (lrsc_ctr != n * ITER) sim_fail("lr/sc counter", lrsc_ctr, n * ITER);
	for (unsigned k = 0; k < n; k++) {
		if (fs[k] != ITER) sim_fail("false-sharing word", fs[k], ITER);
		if (errors[k]) sim_fail("message passing errors", errors[k], 0);
	}
	if (racy == 0 || racy > n * ITER) sim_fail("racy counter", racy, n * ITER);
	sim_printf("recrace: racy %u of %u (lost %u)\n", racy, n * ITER, n * ITER - racy);
	sim_printf("recrace: ok\n");
	return 0;
}
