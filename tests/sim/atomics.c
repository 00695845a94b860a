/* Every AMO under contention: each hart hits the same words ITER times with
 * amoadd, amoor/amoand (own bit), amoxor (own pattern, odd count), amomin/max
 * (signed), amominu/maxu, and an amoswap chain whose values must be
 * conserved; plus a compare-and-swap (LR/SC) counter. Results checked. */
#include "sim.h"

#define ITER 1000 /* even */

static volatile uint32_t w_add LINE, w_or LINE, w_and LINE, w_xor LINE;
static volatile uint32_t w_min LINE, w_max LINE, w_minu LINE, w_maxu LINE;
static volatile uint32_t w_swap LINE, w_cas LINE;
static volatile uint32_t swap_sum[8] LINE;

unsigned main_hart(unsigned h, unsigned n)
{
	if (h == 0) {
		w_and = 0xffffffffu;
		w_min = 0x7fffffff;
		w_max = 0x80000000u;
		w_minu = 0xffffffffu;
		w_maxu = 0;
		w_swap = 1000;
	}
	sim_barrier(n);
	uint32_t pat = 0x01010101u << h;
	uint32_t got = 0;
	for (unsigned i = 0; i < ITER; i++) {
		amoadd_w(&w_add, h + 1);
		amoor_w(&w_or, 1u << h);
		if (i == ITER / 2) amoand_w(&w_and, ~(1u << (h + 8)));
		amoxor_w(&w_xor, pat);
		amomin_w(&w_min, (uint32_t)((int32_t)i - 1000 * (int32_t)h));
		amomax_w(&w_max, (uint32_t)((int32_t)i * 3 - 500 + (int32_t)h));
		amominu_w(&w_minu, 0x10000000u + i * 16 + h);
		amomaxu_w(&w_maxu, 0x80000000u + i + 7 * h);
		got += amoswap_w(&w_swap, h * 1000000 + i);
		uint32_t old;
		do old = w_cas; while (!__atomic_compare_exchange_n(&w_cas, &old, old + 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
	}
	amoxor_w(&w_xor, pat); /* ITER + 1 times (odd): leaves pat */
	swap_sum[h] = got;
	sim_barrier(n);
	if (h != 0) return 0;
	uint32_t add = 0, bits = 0, xr = 0, pushed = 1000, popped = w_swap;
	int32_t mn = 0x7fffffff, mx = (int32_t)0x80000000;
	for (unsigned k = 0; k < n; k++) {
		add += (k + 1) * ITER;
		bits |= 1u << k;
		xr ^= 0x01010101u << k;
		int32_t lo = -1000 * (int32_t)k, hi = (ITER - 1) * 3 - 500 + (int32_t)k;
		if (lo < mn) mn = lo;
		if (hi > mx) mx = hi;
		for (unsigned i = 0; i < ITER; i++) pushed += k * 1000000 + i;
		popped += swap_sum[k];
	}
	if (w_add != add) sim_fail("amoadd", w_add, add);
	if (w_or != bits) sim_fail("amoor", w_or, bits);
	if (w_and != ~(bits << 8)) sim_fail("amoand", w_and, ~(bits << 8));
	if (w_xor != xr) sim_fail("amoxor", w_xor, xr);
	if ((int32_t)w_min != mn) sim_fail("amomin", w_min, (uint32_t)mn);
	if ((int32_t)w_max != mx) sim_fail("amomax", w_max, (uint32_t)mx);
	if (w_minu != 0x10000000u) sim_fail("amominu", w_minu, 0x10000000u);
	if (w_maxu != 0x80000000u + ITER - 1 + 7 * (n - 1)) sim_fail("amomaxu", w_maxu, 0);
	if (pushed != popped) sim_fail("amoswap values not conserved", pushed, popped);
	if (w_cas != n * ITER) sim_fail("LR/SC compare-and-swap counter", w_cas, n * ITER);
	sim_printf("atomics: ok, %u harts, add %u or %x xor %x min %d max %d cas %u\n", n, w_add, w_or, w_xor,
		   (int32_t)w_min, (int32_t)w_max, w_cas);
	return 0;
}
