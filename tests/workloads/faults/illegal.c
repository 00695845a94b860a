/* Expected fault: thread 0 executes an illegal instruction (all zeros).
 * EXPECT: app fault: thread 0: illegal instruction 0x00000000 at pc 0x800[0-9a-f]{5}$ */
#include <rru/app.h>
void app_main(unsigned tid, unsigned n)
{
	(void)n;
	if (tid == 0)
		__asm__ volatile(".word 0");
	app_barrier();
}
