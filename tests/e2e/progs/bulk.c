/* Deterministic program with a lot of output, for the link-fault test:
 * threads never share data, so the output of each thread and the memory at
 * the end are the same in every run, and a RUN/ recorded through a faulty
 * link must be byte-identical to one recorded directly. */
#include <rru/app.h>
#include <stdint.h>

#define LINES 120
#define WORDS 2048

static uint32_t data[8][WORDS];

void app_main(unsigned tid, unsigned nt)
{
	(void)nt;
	uint32_t x = 0x9E3779B9u * (tid + 1);
	for (unsigned i = 0; i < LINES; i++) {
		for (unsigned w = 0; w < WORDS / LINES; w++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			data[tid % 8][(i * (WORDS / LINES) + w) % WORDS] = x;
		}
		app_printf("thread %u line %u value %08x %08x %08x\n", tid, i, (unsigned)x,
			   (unsigned)(x * 3), (unsigned)(x ^ 0x5A5A5A5A));
	}
}
