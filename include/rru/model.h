/* The C reference model of the RRU (docs/design.md §1, §2): fed the event
 * trace of include/rru/trace.h in order, it produces the chunk records
 * exactly as the hardware must, in the order the hardware emits them. */
#ifndef RRU_MODEL_H
#define RRU_MODEL_H

#include <stdint.h>

#include "rru/record.h"
#include "rru/trace.h"

/* Deliberately broken variants, for proving that the oracle has teeth
 * (tests only; never set in real use). */
enum rru_model_break {
	RRU_BREAK_NO_LEAVE_SER = 1u << 0, /* no serialization when a chunk leaves the table */
	RRU_BREAK_NO_CTX_SER = 1u << 1,   /* no serialization at a context switch */
	RRU_BREAK_OLDEST_HIT = 1u << 2,   /* mark the oldest retained hit, not the youngest */
};

struct rru_model_cfg {
	unsigned ncpus;        /* 1..RRU_MAX_CPUS */
	unsigned line_bytes;   /* trace line size (addresses -> lines) */
	unsigned sig_bits;     /* bits per signature (R and W each) = hashes * 2^m */
	unsigned hashes;       /* 1..8 */
	unsigned family;       /* enum rru_hash_family (rru_raw.h) */
	unsigned table;        /* K retained chunks, 0..RRU_MODEL_MAX_TABLE */
	uint32_t icount_limit; /* L, 0 = none */
	uint32_t fill_limit;   /* F, 0 = none */
	unsigned breaks;       /* enum rru_model_break bits */
};

#define RRU_MODEL_MAX_TABLE 16
#define RRU_MODEL_MAX_SIG_BITS 65536

/* The defaults of docs/design.md §2.4 (and the RTL's default parameters). */
void rru_model_cfg_default(struct rru_model_cfg *cfg);
/* NULL if cfg is valid, else a static message. */
const char *rru_model_cfg_check(const struct rru_model_cfg *cfg);

/* Called for every record leaving a chunk table, in emission order. */
typedef void (*rru_model_emit_fn)(void *ctx, const struct rru_chunk *c, uint64_t cycle);

struct rru_model;

/* NULL (message printed) if cfg is invalid or memory runs out. */
struct rru_model *rru_model_new(const struct rru_model_cfg *cfg, rru_model_emit_fn emit,
				void *ctx);
/* Applies one event; events must come in trace order (docs/design.md §2.2,
 * as rru_trace_read delivers them). Returns 0, or -1 with a message if the
 * event is out of order or names a cpu >= ncpus. */
int rru_model_step(struct rru_model *m, const struct rru_trace_event *ev);
/* Current value of the global timestamp TS. */
uint64_t rru_model_ts(const struct rru_model *m);
void rru_model_free(struct rru_model *m);

/* Statistics of a run. */
struct rru_model_stats {
	uint64_t chunks, records, insts, conflicts;
	uint64_t by_reason[RRU_REASON_COUNT];
};
const struct rru_model_stats *rru_model_stats(const struct rru_model *m);

#endif
