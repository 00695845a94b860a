/* Input-dependent races: each thread draws inputs (app_input and counter
 * reads, both non-deterministic) that choose which shared slot it updates
 * without synchronization and how long it waits. Atomic shadow counts must
 * be exact; racy slots can only lose updates. */
#include "wl.h"

#ifdef LARGE
#define ITERS 20000u
#else
#define ITERS 1500u
#endif
#define SLOTS 8

static volatile unsigned racy[SLOTS];
static unsigned exact[SLOTS];
static unsigned inputs_seen;

static uint32_t rdtime(void)
{
	uint32_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static uint32_t rdcycle(void)
{
	uint32_t c;
	__asm__ volatile("rdcycle %0" : "=r"(c));
	return c;
}

void app_main(unsigned tid, unsigned nt)
{
	uint32_t first = app_input(), last_time = rdtime(), differ = 0;
	uint32_t prev = first;
	for (unsigned i = 0; i < ITERS; i++) {
		uint32_t in = (i & 15) == 0 ? app_input() : prev * 1664525u + 1013904223u;
		differ += in != prev;
		prev = in;
		unsigned slot = (in >> 8) % SLOTS;
		racy[slot] = racy[slot] + 1;
		__atomic_fetch_add(&exact[slot], 1u, __ATOMIC_RELAXED);
		for (volatile unsigned d = 0; d < (in & 7); d++)
			;
		if ((i & 255) == 0) {
			uint32_t t = rdtime();
			APP_CHECK(t - last_time < 0x80000000u); /* time never goes back */
			last_time = t;
			(void)rdcycle();
		}
	}
	__atomic_fetch_add(&inputs_seen, differ, __ATOMIC_RELAXED);
	app_barrier();
	if (tid == 0) {
		unsigned total = 0, racy_total = 0;
		for (unsigned s = 0; s < SLOTS; s++) {
			total += exact[s];
			racy_total += racy[s];
			APP_CHECK(racy[s] <= exact[s]);
		}
		APP_CHECK(total == nt * ITERS);
		APP_CHECK(inputs_seen > 0);
		app_printf("PASS input_race: %u threads, %u updates, racy slots kept %u (%u lost); "
			   "slot 0 got %u\n", nt, total, racy_total, total - racy_total, exact[0]);
	}
}
