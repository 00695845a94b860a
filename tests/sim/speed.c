/* Simulation-speed workload (make sim-speed): every hart runs a mix of ALU
 * work, multiplies, loads and stores to a private array (cache hits), and
 * every 64 iterations an amoadd to a shared counter, for ITER iterations.
 * Checks the shared counter and its private checksum. */
#include "sim.h"

#ifndef ITER
#define ITER 20000
#endif

static volatile uint32_t shared LINE;
static uint32_t priv[8][256] LINE;
static volatile uint32_t sums[8] LINE;

unsigned main_hart(unsigned h, unsigned n)
{
	sim_barrier(n);
	uint32_t x = h + 1, sum = 0;
	for (unsigned i = 0; i < ITER; i++) {
		x = x * 1103515245u + 12345u;
		uint32_t k = (x >> 16) & 255;
		priv[h][k] += x;
		sum += priv[h][(k + 1) & 255] ^ (x >> 3);
		if ((i & 63) == 0) amoadd_w(&shared, 1);
	}
	sums[h] = sum;
	sim_barrier(n);
	if (h == 0) {
		uint32_t want = n * ((ITER + 63) / 64);
		if (shared != want) sim_fail("shared counter", shared, want);
		sim_printf("speed: ok, %u harts x %u iterations\n", n, ITER);
	}
	return 0;
}
