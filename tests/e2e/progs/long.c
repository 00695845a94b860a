/* Runs for a while (2000 lines per thread, with delays): the e2e test kills
 * the host in the middle of it to check that the next run is clean. */
#include <rru/app.h>
void app_main(unsigned tid, unsigned nt)
{
	(void)nt;
	for (unsigned i = 0; i < 2000; i++) {
		for (volatile unsigned k = 0; k < 20000; k++)
			;
		app_printf("t%u %u\n", tid, i);
	}
}
