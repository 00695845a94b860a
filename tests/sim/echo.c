/* Harness check of the UART receive path: reads bytes until '\n' and sends
 * each back upper-cased, then exits 0 (used with rru-sim --uart-tcp). */
#include "sim.h"

#define UART ((volatile uint8_t *)0x10000000u)

unsigned main_hart(unsigned h, unsigned n)
{
	(void)n;
	if (h != 0) return 0;
	for (;;) {
		while (!(UART[5] & 0x01)) ;
		char c = (char)UART[0];
		if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
		while (!(UART[5] & 0x20)) ;
		UART[0] = (uint8_t)c;
		if (c == '\n') break;
	}
	return 0;
}
