/* Store-buffering litmus loop: threads 2k and 2k+1 form a pair; each round
 * one stores x and loads y, the other stores y and loads x. The outcome
 * r0 = r1 = 0 needs store buffering (allowed by RVWMO). A fenced variant, where
 * that outcome is forbidden, runs alongside and is checked. */
#include "wl.h"

#ifdef LARGE
#define ROUNDS 500u
#elif defined(TINY)
#define ROUNDS 20u
#else
#define ROUNDS 150u
#endif
#define MAX_PAIRS 16

struct pair {
	volatile unsigned x, y;
	volatile unsigned fx, fy;
	unsigned r0, r1, fr0, fr1;
	unsigned seen[4], fseen[4];
} __attribute__((aligned(64)));
static struct pair pairs[MAX_PAIRS];

void app_main(unsigned tid, unsigned nt)
{
	unsigned npairs = nt / 2 < MAX_PAIRS ? nt / 2 : MAX_PAIRS;
	struct pair *p = &pairs[tid / 2];
	int active = tid / 2 < npairs;
	for (unsigned r = 0; r < ROUNDS; r++) {
		if (active && !(tid & 1)) {
			p->x = 0;
			p->y = 0;
			p->fx = 0;
			p->fy = 0;
		}
		app_barrier();
		if (active) {
			if (!(tid & 1)) {
				p->x = 1;
				p->r0 = p->y;
				p->fx = 1;
				__atomic_thread_fence(__ATOMIC_SEQ_CST);
				p->fr0 = p->fy;
			} else {
				p->y = 1;
				p->r1 = p->x;
				p->fy = 1;
				__atomic_thread_fence(__ATOMIC_SEQ_CST);
				p->fr1 = p->fx;
			}
		}
		app_barrier();
		if (active && !(tid & 1)) {
			p->seen[p->r0 * 2 + p->r1]++;
			p->fseen[p->fr0 * 2 + p->fr1]++;
			APP_CHECK(!(p->fr0 == 0 && p->fr1 == 0)); /* forbidden with fences */
		}
	}
	app_barrier();
	if (tid == 0) {
		unsigned s[4] = {0, 0, 0, 0};
		for (unsigned i = 0; i < npairs; i++)
			for (unsigned k = 0; k < 4; k++)
				s[k] += pairs[i].seen[k];
		APP_CHECK(s[0] + s[1] + s[2] + s[3] == npairs * ROUNDS);
		app_printf("PASS litmus_sb: %u pairs x %u rounds: (r0,r1) 00:%u 01:%u 10:%u 11:%u\n",
			   npairs, ROUNDS, s[0], s[1], s[2], s[3]);
	}
}
