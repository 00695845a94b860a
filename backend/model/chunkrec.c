/* The chunk being recorded, shared by the RRU's C model and the CREW
 * recorder: chunkrec.h. */
#include "chunkrec.h"

#include <string.h>

void rru_chunkrec_add_dep(struct rru_chunkrec *c, unsigned q, uint64_t k)
{
	if (c->has_dep >> q & 1)
		return;
	c->has_dep |= (uint8_t)(1u << q);
	c->dep[q] = k;
}

void rru_chunkrec_serialize(struct rru_chunkrec *c, unsigned ncpus, unsigned p, uint64_t x)
{
	for (unsigned q = 0; q < ncpus; q++)
		if (q != p)
			rru_chunkrec_add_dep(c, q, x);
}

void rru_chunkrec_record(const struct rru_chunkrec *c, unsigned p, struct rru_chunk *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->cpu = (uint8_t)p;
	rec->reason = c->reason;
	rec->tid = c->tid;
	rec->icount = c->icount;
	rec->ts = c->ts;
	for (unsigned q = 0; q < RRU_MAX_CPUS; q++)
		if (c->has_dep >> q & 1) {
			rec->deps[rec->ndeps].q = (uint8_t)q;
			rec->deps[rec->ndeps].k = c->dep[q];
			rec->ndeps++;
		}
}
