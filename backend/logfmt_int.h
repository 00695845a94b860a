/* What the log reader (logfmt.c) and writer (logwrite.c) share: the checks
 * every record must pass (docs/design.md §3.1) and little-endian words. */
#ifndef RRU_BACKEND_LOGFMT_INT_H
#define RRU_BACKEND_LOGFMT_INT_H

#include "rru/logfmt.h"

#include <stdint.h>

/* NULL if the record obeys §3.1 for a log of ncpus cpus, else what is wrong
 * (a static buffer, valid until the next call). */
const char *rru_log_check_chunk(const struct rru_chunk *c, unsigned ncpus);
const char *rru_log_check_event(const struct rru_event *e, unsigned ncpus);

static inline void rru_le32_put(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline uint32_t rru_le32_get(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

#endif
