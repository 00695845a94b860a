/* Locks: an amoswap spinlock and an LR/SC (compare-and-swap) lock each guard
 * a plain read-modify-write counter; every hart adds ITER under each. A lost
 * update (a broken lock or a coherence bug) makes a total come out short. */
#include "sim.h"

#define ITER 1000

static sim_lock_t swap_lock;
static volatile uint32_t cas_lock LINE;
static volatile uint32_t count_a LINE, count_b LINE;
static volatile uint32_t inside_a LINE, inside_b LINE;

static void cas_acquire(volatile uint32_t *l)
{
	for (;;) {
		if (lr_w(l) == 0 && sc_w(l, 1) == 0) break;
		while (*l) ;
	}
	__asm__ volatile("fence r, rw" ::: "memory");
}

unsigned main_hart(unsigned h, unsigned n)
{
	sim_barrier(n);
	for (unsigned i = 0; i < ITER; i++) {
		sim_lock(&swap_lock);
		if (inside_a++ != 0) sim_fail("two harts inside the amoswap lock", h, i);
		count_a = count_a + 1;
		inside_a--;
		sim_unlock(&swap_lock);

		cas_acquire(&cas_lock);
		if (inside_b++ != 0) sim_fail("two harts inside the LR/SC lock", h, i);
		count_b = count_b + 1 + (h & 1);
		inside_b--;
		__atomic_store_n(&cas_lock, 0, __ATOMIC_RELEASE);
	}
	sim_barrier(n);
	if (h == 0) {
		uint32_t odd = n / 2;
		if (count_a != n * ITER) sim_fail("amoswap-lock counter", count_a, n * ITER);
		if (count_b != n * ITER + odd * ITER) sim_fail("LR/SC-lock counter", count_b, n * ITER + odd * ITER);
		sim_printf("spinlock: ok, %u harts, counters %u %u\n", n, count_a, count_b);
	}
	return 0;
}
