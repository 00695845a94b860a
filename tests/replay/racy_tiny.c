/* A small racy program for record and replay on rru-sim: every thread
 * increments a shared counter without synchronisation (updates get lost,
 * differently from seed to seed), reads an input, and prints what it saw.
 * Small on purpose: each racy increment ends a chunk, and the log crosses
 * the simulated UART link. */
#include <rru/app.h>

#define ITERS 24u

static volatile unsigned racy;
static volatile unsigned seen[8][ITERS];

void app_main(unsigned tid, unsigned nthreads)
{
	unsigned in = app_input();
	app_barrier(); /* start together: the increments race from the first */
	for (unsigned i = 0; i < ITERS; i++) {
		unsigned v = racy;
		for (volatile unsigned d = 0; d < ((in >> (i % 16)) & 7u); d++)
			; /* input-dependent delay: a different interleaving per run */
		racy = v + 1;
		seen[tid & 7][i] = v;
	}
	app_barrier();
	unsigned sum = 0;
	for (unsigned i = 0; i < ITERS; i++)
		sum = sum * 31u + seen[tid & 7][i];
	app_printf("thread %u of %u: racy %u of %u, trace %x\n", tid, nthreads, racy, ITERS * nthreads, sum);
}
