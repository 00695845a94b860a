/* Expected fault: thread 0 writes the UART directly (devices are the kernel's).
 * EXPECT: app fault: thread 0: store/AMO access fault at pc 0x800[0-9a-f]{5}, address 0x10000000$ */
#include <rru/app.h>
void app_main(unsigned tid, unsigned n)
{
	(void)n;
	if (tid == 0)
		*(volatile unsigned char *)0x10000000u = 'x';
	app_barrier();
}
