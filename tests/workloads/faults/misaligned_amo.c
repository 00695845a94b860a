/* Expected fault: the last thread does an AMO on a misaligned address.
 * EXPECT: app fault: thread 2: misaligned store/AMO at pc 0x800[0-9a-f]{5}, address 0x800[0-9a-f]{4}[26ae]$ */
#include <rru/app.h>
static unsigned words[4];
void app_main(unsigned tid, unsigned n)
{
	if (tid == n - 1) {
		unsigned old;
		__asm__ volatile("amoadd.w %0, %2, (%1)" : "=r"(old) : "r"((char *)words + 2), "r"(1) : "memory");
		(void)old;
	}
	app_barrier();
}
