/* Strict number parsing (include/rru/parse.h). */
#include "rru/parse.h"

#include <stddef.h>

const char *rru_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	if (!s || !*s)
		return "empty where a number was expected";
	unsigned base = 10;
	const char *p = s;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	uint64_t v = 0;
	size_t ndigits = 0;
	for (; *p; p++, ndigits++) {
		unsigned d;
		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = (unsigned)(*p - 'a' + 10);
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = (unsigned)(*p - 'A' + 10);
		else
			break;
		if (v > (UINT64_MAX - d) / base)
			return "number too large";
		v = v * base + d;
	}
	if (ndigits == 0)
		return "not a number";
	unsigned shift = 0;
	switch (*p) {
	case 'k': shift = 10; p++; break;
	case 'M': shift = 20; p++; break;
	case 'G': shift = 30; p++; break;
	default: break;
	}
	if (*p)
		return "not a number (unexpected character)";
	if (shift) {
		if (v > (UINT64_MAX >> shift))
			return "number too large";
		v <<= shift;
	}
	if (v < min || v > max)
		return "out of range";
	*out = v;
	return NULL;
}
