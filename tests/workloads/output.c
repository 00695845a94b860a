/* Output streams: every thread prints lines built from several app_printf,
 * app_putc and app_puts calls at once. The kernel must print each line whole,
 * tagged with its thread; the test runner checks every line
 * ("tid=T seq=S" with T equal to the tag and S counting up per thread). */
#include "wl.h"

#ifdef LARGE
#define LINES 200u
#else
#define LINES 25u
#endif

void app_main(unsigned tid, unsigned nt)
{
	(void)nt;
	for (unsigned s = 0; s < LINES; s++) {
		app_printf("tid=%u seq=%u ", tid, s);
		for (unsigned k = 0; k < 10 + tid % 7; k++)
			app_putc((char)('a' + (tid + k) % 26));
		app_printf(" %08x", s * 2654435761u);
		app_puts(" end");
		if ((s & 3) == 0)
			app_yield();
	}
	app_printf("tid=%u seq=%u partial line without newline", tid, LINES);
}
