/* What the RRU's C model (model.c) and the CREW recorder (crew/crew.c) share:
 * a chunk being recorded, its dependences indexed by cpu, and its record
 * (docs/design.md §1.6, §1.7, §2). */
#ifndef RRU_MODEL_CHUNKREC_H
#define RRU_MODEL_CHUNKREC_H

#include <stdint.h>

#include "rru/record.h"

struct rru_chunkrec {
	uint32_t tid, icount;
	uint64_t ts;
	uint8_t reason;
	uint8_t has_dep; /* bit q: dep[q] valid */
	uint64_t dep[RRU_MAX_CPUS];
};

/* The dependence q:k, unless c holds one on q already (k only grows: the
 * first stays). */
void rru_chunkrec_add_dep(struct rru_chunkrec *c, unsigned q, uint64_t k);
/* §1.7: q:x for every cpu q < ncpus other than p, keeping a smaller k
 * already held. */
void rru_chunkrec_serialize(struct rru_chunkrec *c, unsigned ncpus, unsigned p, uint64_t x);
/* The record of c as chunk of cpu p, dependences in order of q. */
void rru_chunkrec_record(const struct rru_chunkrec *c, unsigned p, struct rru_chunk *rec);

#endif
