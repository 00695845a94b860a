/* Racy microbenchmark: unsynchronized counter increments (lost updates) next
 * to an atomic counter and a lock-protected one, which must be exact. */
#include "wl.h"

#ifdef LARGE
#define ITERS 200000u
#else
#define ITERS 5000u
#endif

static volatile unsigned racy;
static unsigned atomic_count;
static unsigned locked_count;
static app_lock_t lock = APP_LOCK_INIT;

void app_main(unsigned tid, unsigned nt)
{
	for (unsigned i = 0; i < ITERS; i++) {
		racy = racy + 1; /* load, add, store: updates get lost */
		__atomic_fetch_add(&atomic_count, 1u, __ATOMIC_RELAXED);
		if ((i & 7) == 0) {
			app_lock(&lock);
			locked_count++;
			app_unlock(&lock);
		}
	}
	app_barrier();
	if (tid == 0) {
		unsigned total = ITERS * nt;
		APP_CHECK(atomic_count == total);
		APP_CHECK(locked_count == nt * ((ITERS + 7) / 8));
		APP_CHECK(racy >= 1 && racy <= total);
		app_printf("PASS racy_counter: %u threads, racy %u of %u (%u lost updates)\n", nt, racy,
			   total, total - racy);
	}
}
