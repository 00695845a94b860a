/* Harness check: never finishes (rru-sim --max-cycles must stop it, exit 3). */
#include "sim.h"

static volatile uint32_t never LINE;

unsigned main_hart(unsigned h, unsigned n)
{
	(void)h;
	(void)n;
	while (!never) ;
	return 0;
}
