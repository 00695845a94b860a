/* Helpers shared by the workloads: a PRNG and work partitioning. */
#ifndef WL_H
#define WL_H

#include <rru/app.h>
#include <stdint.h>

/* xorshift32: deterministic data from a seed (never 0). */
static inline uint32_t wl_rand(uint32_t *s)
{
	uint32_t x = *s;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

/* Thread tid's share [lo, hi) of n items. */
static inline unsigned wl_lo(unsigned n, unsigned tid, unsigned nt) { return n * tid / nt; }
static inline unsigned wl_hi(unsigned n, unsigned tid, unsigned nt) { return n * (tid + 1) / nt; }

/* Modular arithmetic for the exact kernels (p < 2^16, products fit 32 bits). */
static inline uint32_t wl_mulmod(uint32_t a, uint32_t b, uint32_t p) { return a * b % p; }
static inline uint32_t wl_powmod(uint32_t a, uint32_t e, uint32_t p)
{
	uint32_t r = 1;
	for (; e; e >>= 1, a = wl_mulmod(a, a, p))
		if (e & 1)
			r = wl_mulmod(r, a, p);
	return r;
}

#endif
