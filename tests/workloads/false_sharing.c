/* False sharing: each thread increments its own counter; the counters are
 * adjacent words in one cache line (every write invalidates the others'
 * copies) and, for comparison, padded to a line each. No data race: the
 * totals are exact. */
#include "wl.h"

#ifdef LARGE
#define ITERS 200000u
#else
#define ITERS 20000u
#endif
#define MAX_THREADS 32

static volatile unsigned shared_line[MAX_THREADS] __attribute__((aligned(64)));
static struct {
	volatile unsigned v;
	unsigned pad[15];
} padded[MAX_THREADS] __attribute__((aligned(64)));

void app_main(unsigned tid, unsigned nt)
{
	APP_CHECK(nt <= MAX_THREADS);
	for (unsigned i = 0; i < ITERS; i++)
		shared_line[tid]++;
	app_barrier();
	for (unsigned i = 0; i < ITERS; i++)
		padded[tid].v++;
	app_barrier();
	if (tid == 0) {
		for (unsigned t = 0; t < nt; t++) {
			APP_CHECK(shared_line[t] == ITERS);
			APP_CHECK(padded[t].v == ITERS);
		}
		app_printf("PASS false_sharing: %u threads x %u increments, adjacent and padded\n", nt, ITERS);
	}
}
