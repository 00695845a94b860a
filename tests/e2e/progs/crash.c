/* A crash in the middle of a recording: every thread prints (with an input),
 * then thread 1, once thread 0 has printed, stores to the kernel region (an
 * access fault); the recording must end with exit 101 and the kernel's
 * message. */
#include <rru/app.h>
#include <stdint.h>

static volatile unsigned printed0;

void app_main(unsigned tid, unsigned nt)
{
	(void)nt;
	app_printf("thread %u before, input %08x\n", tid, (unsigned)app_input());
	if (tid == 0)
		__atomic_store_n(&printed0, 1u, __ATOMIC_RELEASE);
	if (tid == 1) {
		while (!__atomic_load_n(&printed0, __ATOMIC_ACQUIRE))
			app_yield();
		*(volatile uint32_t *)0x80000200u = 1;
	}
	for (volatile unsigned i = 0; i < 100000; i++)
		;
}
