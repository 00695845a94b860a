/* Expected fault: thread 1 stores into the kernel region (PMP denies U-mode).
 * EXPECT: app fault: thread 1: store/AMO access fault at pc 0x800[0-9a-f]{5}, address 0x80000100$ */
#include <rru/app.h>
void app_main(unsigned tid, unsigned n)
{
	(void)n;
	app_barrier();
	if (tid == 1)
		*(volatile unsigned *)0x80000100u = 1;
	app_barrier();
}
