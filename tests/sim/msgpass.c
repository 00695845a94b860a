/* Message passing around a ring: hart h sends ITER messages to hart h+1
 * through a mailbox whose payload (three words) and flag sit in different
 * lines. The sender writes the payload, then the flag; the receiver waits for
 * the flag, then reads the payload, which must be complete and in order. */
#include "sim.h"

#define ITER 500

struct mailbox {
	volatile uint32_t data[4] LINE;
	volatile uint32_t flag LINE;
};
static struct mailbox box[8];

static uint32_t payload(unsigned from, uint32_t seq, unsigned k) { return (from << 24) ^ (seq * 2654435761u) ^ k; }

unsigned main_hart(unsigned h, unsigned n)
{
	unsigned from = (h + n - 1) % n;
	sim_barrier(n);
	for (uint32_t seq = 1; seq <= ITER; seq++) {
		struct mailbox *out = &box[h];
		while (out->flag != 0) ;
		for (unsigned k = 0; k < 3; k++) out->data[k] = payload(h, seq, k);
		__asm__ volatile("fence w, w" ::: "memory");
		out->flag = seq;

		struct mailbox *in = &box[from];
		uint32_t f;
		while ((f = in->flag) == 0) ;
		__asm__ volatile("fence r, r" ::: "memory");
		if (f != seq) sim_fail("message out of order", f, seq);
		for (unsigned k = 0; k < 3; k++)
			if (in->data[k] != payload(from, seq, k)) sim_fail("stale payload word", k, seq);
		__asm__ volatile("fence rw, w" ::: "memory");
		in->flag = 0;
	}
	sim_barrier(n);
	if (h == 0) sim_printf("msgpass: ok, %u harts x %u messages\n", n, ITER);
	return 0;
}
