/* SPLASH-2-style radix sort: 32-bit keys, 8 bits per pass. Each pass: every
 * thread builds a histogram of its slice, thread ranks are prefix-summed,
 * every thread scatters its slice. Self-check: sorted, and the same multiset
 * (sum and xor of keys). */
#include "wl.h"

#ifdef LARGE
#define N 65536u
#else
#define N 4096u
#endif
#define RADIX 256u
#define MAX_THREADS 32

static uint32_t keys[N], tmp[N];
static unsigned hist[MAX_THREADS][RADIX];
static unsigned offs[MAX_THREADS][RADIX];

void app_main(unsigned tid, unsigned nt)
{
	APP_CHECK(nt <= MAX_THREADS);
	unsigned lo = wl_lo(N, tid, nt), hi = wl_hi(N, tid, nt);
	uint32_t seed = 99 + tid, sum = 0, x = 0;
	for (unsigned i = lo; i < hi; i++)
		keys[i] = wl_rand(&seed);
	app_barrier();
	if (tid == 0)
		for (unsigned i = 0; i < N; i++) {
			sum += keys[i];
			x ^= keys[i];
		}
	uint32_t *src = keys, *dst = tmp;
	for (unsigned shift = 0; shift < 32; shift += 8) {
		for (unsigned d = 0; d < RADIX; d++)
			hist[tid][d] = 0;
		for (unsigned i = lo; i < hi; i++)
			hist[tid][(src[i] >> shift) & (RADIX - 1)]++;
		app_barrier();
		if (tid == 0) { /* ranks: digit-major, then thread order (stable) */
			unsigned run = 0;
			for (unsigned d = 0; d < RADIX; d++)
				for (unsigned t = 0; t < nt; t++) {
					offs[t][d] = run;
					run += hist[t][d];
				}
		}
		app_barrier();
		for (unsigned i = lo; i < hi; i++)
			dst[offs[tid][(src[i] >> shift) & (RADIX - 1)]++] = src[i];
		app_barrier();
		uint32_t *t = src;
		src = dst;
		dst = t;
	}
	if (tid == 0) {
		uint32_t sum2 = 0, x2 = 0;
		for (unsigned i = 0; i < N; i++) {
			if (i)
				APP_CHECK(src[i - 1] <= src[i]);
			sum2 += src[i];
			x2 ^= src[i];
		}
		APP_CHECK(sum2 == sum && x2 == x);
		app_printf("PASS radix: %u keys, %u threads, sorted, checksum %08x\n", N, nt, (unsigned)x);
	}
}
