/* False sharing: harts update their own word, halfword and byte inside lines
 * that all harts write (plain loads and stores, no atomics), so the lines
 * ping-pong between caches in M; byte enables must merge correctly. Each
 * hart's slots must end with exactly its own count. */
#include "sim.h"

#define ITER 500

static volatile uint32_t words[8] LINE;     /* 2 lines, 4 harts each */
static volatile uint16_t halves[8] LINE;    /* 1 line */
static volatile uint8_t bytes[8] LINE;      /* half a line */

unsigned main_hart(unsigned h, unsigned n)
{
	sim_barrier(n);
	for (unsigned i = 0; i < ITER; i++) {
		words[h] = words[h] + 1;
		halves[h] = (uint16_t)(halves[h] + 3);
		bytes[h] = (uint8_t)(bytes[h] + 1);
	}
	sim_barrier(n);
	if (h != 0) return 0;
	for (unsigned k = 0; k < 8; k++) {
		uint32_t ew = k < n ? ITER : 0;
		if (words[k] != ew) sim_fail("word slot", k, words[k]);
		if (halves[k] != (uint16_t)(3 * ew)) sim_fail("halfword slot", k, halves[k]);
		if (bytes[k] != (uint8_t)ew) sim_fail("byte slot", k, bytes[k]);
	}
	sim_printf("falseshare: ok, %u harts x %u updates of word, half and byte slots\n", n, ITER);
	return 0;
}
