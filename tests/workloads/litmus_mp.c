/* Message-passing litmus loop: in each pair the writer stores data then a
 * flag, the reader waits (boundedly) for the flag and reads the data. Seeing
 * the flag without the data is allowed without fences (counted) and forbidden
 * with them (checked). */
#include "wl.h"

#ifdef LARGE
#define ROUNDS 500u
#elif defined(TINY)
#define ROUNDS 20u
#else
#define ROUNDS 150u
#endif
#define MAX_PAIRS 16
#define WAIT 2000u

struct pair {
	volatile unsigned data, flag, fdata, fflag;
	unsigned stale, fresh, missed;
} __attribute__((aligned(64)));
static struct pair pairs[MAX_PAIRS];

void app_main(unsigned tid, unsigned nt)
{
	unsigned npairs = nt / 2 < MAX_PAIRS ? nt / 2 : MAX_PAIRS;
	struct pair *p = &pairs[tid / 2];
	int active = tid / 2 < npairs;
	for (unsigned r = 1; r <= ROUNDS; r++) {
		app_barrier();
		if (!active)
			continue;
		if (!(tid & 1)) {
			p->data = r;
			p->flag = r; /* no fence: may become visible before data */
			p->fdata = r;
			__atomic_thread_fence(__ATOMIC_RELEASE);
			p->fflag = r;
		} else {
			unsigned w = 0;
			while (p->flag != r && ++w < WAIT)
				if ((w & 63) == 0)
					app_yield();
			if (p->flag == r) {
				if (p->data == r)
					p->fresh++;
				else
					p->stale++;
			} else {
				p->missed++;
			}
			while (p->fflag != r)
				app_yield();
			__atomic_thread_fence(__ATOMIC_ACQUIRE);
			APP_CHECK(p->fdata == r); /* forbidden to be stale with fences */
		}
	}
	app_barrier();
	if (tid == 0) {
		unsigned fresh = 0, stale = 0, missed = 0;
		for (unsigned i = 0; i < npairs; i++) {
			fresh += pairs[i].fresh;
			stale += pairs[i].stale;
			missed += pairs[i].missed;
		}
		APP_CHECK(fresh + stale + missed == npairs * ROUNDS);
		app_printf("PASS litmus_mp: %u pairs x %u rounds: flag+data %u, flag without data %u, "
			   "flag not yet seen %u\n", npairs, ROUNDS, fresh, stale, missed);
	}
}
