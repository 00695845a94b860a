/* Lock-free (Treiber) stack with LR/SC: harts pop a node, check nobody else
 * holds it, count on it, and push it back, ITER times each. LR/SC makes it
 * immune to ABA (any write to the head between LR and SC fails the SC). At
 * the end every node is back exactly once and the counts add up. */
#include "sim.h"

#define NODES 24
#define ITER 1000

struct node {
	struct node *next;
	volatile uint32_t owner; /* 0 = on the stack, else hart + 1 */
	uint32_t count;
	uint32_t pad;
} LINE;

static struct node pool[NODES];
static volatile uint32_t head LINE; /* struct node * */

static void push(struct node *x)
{
	do x->next = (struct node *)lr_w(&head);
	while (sc_w(&head, (uint32_t)x));
}

static struct node *pop(void)
{
	struct node *x;
	do {
		x = (struct node *)lr_w(&head);
		if (!x) return 0;
	} while (sc_w(&head, (uint32_t)x->next));
	return x;
}

unsigned main_hart(unsigned h, unsigned n)
{
	if (h == 0)
		for (unsigned i = 0; i < NODES; i++) push(&pool[i]);
	sim_barrier(n);
	unsigned empty = 0;
	for (unsigned i = 0; i < ITER;) {
		struct node *x = pop();
		if (!x) { empty++; continue; }
		if (x->owner != 0) sim_fail("node popped twice", (unsigned)(x - pool), x->owner);
		x->owner = h + 1;
		x->count++;
		x->owner = 0;
		push(x);
		i++;
	}
	sim_barrier(n);
	if (h != 0) return 0;
	uint32_t seen = 0, total = 0, len = 0;
	for (struct node *x = (struct node *)head; x; x = x->next) {
		unsigned k = (unsigned)(x - pool);
		if (k >= NODES || (seen & (1u << k))) sim_fail("stack corrupt at node", k, len);
		seen |= 1u << k;
		total += x->count;
		len++;
	}
	if (len != NODES) sim_fail("nodes lost", len, NODES);
	if (total != n * ITER) sim_fail("pop/push count", total, n * ITER);
	sim_printf("lfstack: ok, %u harts, %u pops/pushes over %u nodes\n", n, total, len);
	return 0;
}
