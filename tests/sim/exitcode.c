/* Harness check: exits with code 7 through the finisher after printing. */
#include "sim.h"

unsigned main_hart(unsigned h, unsigned n)
{
	(void)n;
	if (h == 0) sim_printf("exitcode: leaving with 7\n");
	return h == 0 ? 7 : 0;
}
