/* A crash in the middle of a recording: thread 1 prints, then stores to the
 * kernel region (an access fault); the recording must end with exit 101 and
 * the kernel's message. */
#include <rru/app.h>
#include <stdint.h>

void app_main(unsigned tid, unsigned nt)
{
	(void)nt;
	app_printf("thread %u before, input %08x\n", tid, (unsigned)app_input());
	if (tid == 1)
		*(volatile uint32_t *)0x80000200u = 1;
	for (volatile unsigned i = 0; i < 100000; i++)
		;
}
