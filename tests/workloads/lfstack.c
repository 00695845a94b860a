/* LR/SC lock-free stack (Treiber) with more threads than cores: all threads
 * push their nodes concurrently, then all pop concurrently until the stack
 * is empty. Preemption lands between LR and SC; the kernel must not let a
 * stale reservation make an SC succeed. Checks every node came out once.
 * (Pushes and pops are in separate phases so that qemu's value-compare SC
 * cannot hide an ABA problem.) */
#include "wl.h"

#ifdef LARGE
#define PER_THREAD 5000u
#else
#define PER_THREAD 400u
#endif
#define MAX_THREADS 32

struct node {
	struct node *next;
	unsigned val;
};
static struct node nodes[MAX_THREADS][PER_THREAD];
static struct node *head;
static unsigned popped_by[MAX_THREADS];
static unsigned seen[MAX_THREADS * PER_THREAD];
static unsigned sc_failures;

static void push(struct node *n)
{
	unsigned fails = 0;
	for (;;) {
		struct node *old = __atomic_load_n(&head, __ATOMIC_RELAXED);
		n->next = old;
		struct node *cur;
		unsigned failed;
		__asm__ volatile("1: lr.w.aqrl %0, (%2)\n"
				 "   bne %0, %3, 2f\n"
				 "   sc.w.rl %1, %4, (%2)\n"
				 "   bnez %1, 1b\n"
				 "2:\n"
				 : "=&r"(cur), "=&r"(failed)
				 : "r"(&head), "r"(old), "r"(n)
				 : "memory");
		if (cur == old)
			break;
		fails++;
	}
	if (fails)
		__atomic_fetch_add(&sc_failures, fails, __ATOMIC_RELAXED);
}

static struct node *pop(void)
{
	struct node *top, *next;
	unsigned failed;
	__asm__ volatile("1: lr.w.aqrl %0, (%3)\n"
			 "   beqz %0, 2f\n"
			 "   lw %1, 0(%0)\n"
			 "   sc.w.rl %2, %1, (%3)\n"
			 "   bnez %2, 1b\n"
			 "2:\n"
			 : "=&r"(top), "=&r"(next), "=&r"(failed)
			 : "r"(&head)
			 : "memory");
	return top;
}

void app_main(unsigned tid, unsigned nt)
{
	APP_CHECK(nt <= MAX_THREADS);
	for (unsigned i = 0; i < PER_THREAD; i++) {
		nodes[tid][i].val = tid * PER_THREAD + i;
		push(&nodes[tid][i]);
	}
	app_barrier();
	struct node *n;
	while ((n = pop())) {
		APP_CHECK(n->val < nt * PER_THREAD);
		APP_CHECK(__atomic_fetch_add(&seen[n->val], 1u, __ATOMIC_RELAXED) == 0);
		popped_by[tid]++;
	}
	app_barrier();
	if (tid == 0) {
		unsigned total = 0, min = ~0u, max = 0;
		for (unsigned t = 0; t < nt; t++) {
			total += popped_by[t];
			min = popped_by[t] < min ? popped_by[t] : min;
			max = popped_by[t] > max ? popped_by[t] : max;
		}
		APP_CHECK(total == nt * PER_THREAD);
		for (unsigned v = 0; v < total; v++)
			APP_CHECK(seen[v] == 1);
		app_printf("PASS lfstack: %u threads pushed and popped %u nodes (pops per thread %u..%u, "
			   "lost CAS rounds %u)\n", nt, total, min, max, sc_failures);
	}
}
