/* Every hart says hello under the print lock; hart 0 exits 0 after a barrier. */
#include "sim.h"

unsigned main_hart(unsigned h, unsigned n)
{
	sim_printf("hello from hart %u of %u\n", h, n);
	sim_barrier(n);
	if (h == 0) sim_printf("hello: ok\n");
	return 0;
}
