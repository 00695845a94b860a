/* The CREW recorder (SMP-ReVirt, Dunlap et al., VEE'08), docs/design.md §9:
 * fed the same event trace as the RRU's C model (include/rru/trace.h, §2.1,
 * in the order of §2.2), it keeps per page which cpus may read or write
 * (concurrent-read or exclusive-write), takes a CREW fault wherever a
 * counted U-mode access lacks its permission, and writes the recording in
 * openrru's chunk form (§3): the segments between one cpu's CREW events are
 * chunks, each r -> i constraint a dependence q:k under the target rule of
 * §1.6, and the TRAP / CTX_SWITCH / FLUSH / EXIT ends (with their
 * serializations) exactly as the RRU makes them. */
#ifndef RRU_CREW_H
#define RRU_CREW_H
#include <stdint.h>

#include "rru/record.h"
#include "rru/trace.h"

struct rru_crew_cfg {
	unsigned ncpus;      /* 1..RRU_MAX_CPUS */
	unsigned page_bytes; /* power of two, 4..2^20 (SMP-ReVirt: 4096) */
};
#define RRU_CREW_DEFAULT_PAGE 4096u

/* NULL if cfg is valid, else a static message. */
const char *rru_crew_cfg_check(const struct rru_crew_cfg *cfg);

/* Called for every chunk record, each cpu's in its order. */
typedef void (*rru_crew_emit_fn)(void *ctx, const struct rru_chunk *c);

struct rru_crew;
/* NULL (message printed) if cfg is invalid or memory runs out. */
struct rru_crew *rru_crew_new(const struct rru_crew_cfg *cfg, rru_crew_emit_fn emit, void *ctx);
/* Applies one event (trace order). Returns the number of CREW faults the
 * event took (0 or 1: the faulting cpu is ev->cpu), or -1 with a message if
 * the event is out of order or names a cpu >= ncpus. */
int rru_crew_step(struct rru_crew *m, const struct rru_trace_event *ev);
/* Emits what is still held (the last ended chunk of each cpu; a cpu that
 * never got `exit` leaves its current chunk unrecorded, as the RRU would). */
void rru_crew_finish(struct rru_crew *m);
void rru_crew_free(struct rru_crew *m);

struct rru_crew_stats {
	uint64_t faults[RRU_MAX_CPUS]; /* CREW faults taken by each cpu */
	uint64_t read_faults, write_faults;
	uint64_t constraints;          /* r -> i constraints (one per reduced cpu) */
	uint64_t chunks, records, insts;
	uint64_t by_reason[RRU_REASON_COUNT];
	uint64_t pages;                /* pages touched */
};
const struct rru_crew_stats *rru_crew_stats(const struct rru_crew *m);
#endif
