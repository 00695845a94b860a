/* Racy program with inputs for the record tests: every thread draws
 * app_input() values and reads cycle, time and instret, prints each value it
 * got (so the test can check the input log against the output), and races
 * on an unsynchronized shared counter whose final value depends on the
 * interleaving. */
#include <rru/app.h>
#include <stdint.h>

#define ROUNDS 24

static volatile unsigned shared;
static unsigned order[64];
static unsigned norder;

void app_main(unsigned tid, unsigned nt)
{
	(void)nt;
	for (unsigned i = 0; i < ROUNDS; i++) {
		uint32_t v = app_input(), c, t, r;
		__asm__ volatile("rdcycle %0" : "=r"(c));
		__asm__ volatile("rdtime %0" : "=r"(t));
		__asm__ volatile("rdinstret %0" : "=r"(r));
		app_printf("in %08x cycle %08x time %08x instret %08x\n", (unsigned)v, (unsigned)c,
			   (unsigned)t, (unsigned)r);
		for (unsigned k = 0; k < 200 + (v & 511); k++)
			shared = shared + 1; /* racy read-modify-write */
	}
	unsigned slot = __atomic_fetch_add(&norder, 1u, __ATOMIC_RELAXED);
	order[slot] = tid;
	app_barrier();
	if (tid == 0) {
		app_printf("shared %u order", shared);
		for (unsigned i = 0; i < norder; i++)
			app_printf(" %u", order[i]);
		app_printf("\n");
	}
}
