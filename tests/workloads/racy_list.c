/* Racy linked list: every thread inserts nodes at the head of a shared list
 * without a lock (inserts get lost), and into a second list under a lock
 * (none lost). Checks the locked list exactly and the racy one for shape. */
#include "wl.h"

#ifdef LARGE
#define PER_THREAD 4000u
#else
#define PER_THREAD 300u
#endif
#define MAX_THREADS 32

struct node {
	struct node *next;
	unsigned val;
};
static struct node racy_nodes[MAX_THREADS][PER_THREAD], locked_nodes[MAX_THREADS][PER_THREAD];
static struct node *volatile racy_head;
static struct node *locked_head;
static app_lock_t lock = APP_LOCK_INIT;

void app_main(unsigned tid, unsigned nt)
{
	APP_CHECK(nt <= MAX_THREADS);
	for (unsigned i = 0; i < PER_THREAD; i++) {
		struct node *n = &racy_nodes[tid][i];
		n->val = tid * PER_THREAD + i;
		n->next = racy_head; /* read the head ... */
		for (volatile unsigned d = 0; d < (i & 3); d++)
			; /* ... a little work widens the window ... */
		racy_head = n; /* ... and publish: concurrent inserts are lost */
		struct node *m = &locked_nodes[tid][i];
		m->val = tid * PER_THREAD + i;
		app_lock(&lock);
		m->next = locked_head;
		locked_head = m;
		app_unlock(&lock);
	}
	app_barrier();
	if (tid == 0) {
		unsigned total = nt * PER_THREAD, n = 0, sum = 0, expect = 0;
		for (struct node *m = locked_head; m; m = m->next, n++) {
			APP_CHECK(n < total);
			sum += m->val;
		}
		for (unsigned v = 0; v < total; v++)
			expect += v;
		APP_CHECK(n == total && sum == expect);
		unsigned racy_len = 0;
		for (struct node *m = racy_head; m; m = m->next) {
			APP_CHECK(++racy_len <= total); /* no cycle */
			APP_CHECK(m->val < total);
		}
		APP_CHECK(racy_len >= PER_THREAD || nt == 1 || racy_len >= 1);
		if (nt == 1)
			APP_CHECK(racy_len == total);
		app_printf("PASS racy_list: %u threads: locked list %u nodes, racy list %u of %u (%u lost)\n",
			   nt, n, racy_len, total, total - racy_len);
	}
}
