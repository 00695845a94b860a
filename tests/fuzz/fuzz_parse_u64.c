/* libFuzzer target: rru_parse_u64 never crashes, and what it accepts is in range. */
#include "rru/parse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	uint64_t max = data[0] ? UINT64_MAX >> (data[0] % 64) : UINT64_MAX;
	uint64_t min = data[1] % 8;
	char *s = malloc(size - 1);
	memcpy(s, data + 2, size - 2);
	s[size - 2] = '\0';
	uint64_t v = UINT64_MAX - 1;
	const char *err = rru_parse_u64(s, min, max, &v);
	if (!err && (v < min || v > max))
		abort();
	if (err && v != UINT64_MAX - 1)
		abort();
	free(s);
	return 0;
}
