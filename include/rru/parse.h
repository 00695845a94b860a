/* Strict parsing of numbers given on the command line or in text formats. */
#ifndef RRU_PARSE_H
#define RRU_PARSE_H

#include <stdint.h>

/* Parses all of `s` as an unsigned integer: decimal, or hexadecimal with a
 * 0x prefix, with an optional binary suffix k, M or G (x1024^n), and checks
 * min <= value <= max. Returns NULL and sets *out on success; otherwise a
 * static message saying what is wrong ("not a number", "out of range", ...),
 * and *out is unchanged. */
const char *rru_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

#endif
