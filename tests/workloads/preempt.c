/* Preemption: thread 0 busy-waits, never yielding, for a flag that only the
 * last thread sets, after all others have run a while. On one core only the
 * timer can get the others scheduled. Also checks that a thread's registers
 * survive preemption (a long register-only computation per thread). */
#include "wl.h"

#ifdef LARGE
#define WORK 20000000u
#else
#define WORK 100000u
#endif

static volatile unsigned flag, done_count;
static uint32_t results[32];

/* A register-heavy loop: any register the kernel failed to restore changes
 * the result, which is compared to the same loop in thread 0. */
static uint32_t crunch(uint32_t seed, unsigned n)
{
	uint32_t a = seed, b = seed ^ 0x5bd1e995u, c = 7, d = 0x9e3779b9u;
	for (unsigned i = 0; i < n; i++) {
		a += b ^ (c << 3);
		b ^= a >> 5;
		c += d + i;
		d = (d << 7) | (d >> 25);
	}
	return a ^ b ^ c ^ d;
}

void app_main(unsigned tid, unsigned nt)
{
	APP_CHECK(nt <= 32);
	if (tid == 0 && nt > 1) {
		while (!flag)
			; /* no yield: only a timer interrupt lets the others run */
	}
	results[tid] = crunch(tid, WORK / nt);
	if (tid == nt - 1)
		flag = 1;
	__atomic_fetch_add(&done_count, 1u, __ATOMIC_ACQ_REL);
	if (tid == 0) {
		while (done_count != nt)
			app_yield();
		for (unsigned t = 0; t < nt; t++)
			APP_CHECK(results[t] == crunch(t, WORK / nt));
		app_printf("PASS preempt: %u threads, a spinning thread did not block the others, "
			   "registers intact\n", nt);
	}
}
