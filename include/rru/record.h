/* The records of a recording, in memory form: the chunk record the RRU (and
 * its C reference model) produces for each chunk, and the other record kinds
 * the kernel adds to the log (input values, context switches, thread start and
 * exit, per-cpu progress and end).
 *
 * docs/design.md §1 (recording protocol) and §2 (raw record) define the chunk
 * fields; §3 (log file format) defines every record kind, its letter and its
 * text and binary forms, which include/rru/logfmt.h reads and writes.
 *
 * Rules every log obeys (checked by the log reader, docs/design.md §3):
 *   - each cpu's records appear in that cpu's order, and their timestamps
 *     never go backwards on one cpu (records of different cpus interleave);
 *   - a chunk's dependence q:k has q != cpu, q < ncpus, k >= the chunk's ts,
 *     and at most one dependence per q.
 *
 * Freestanding: included by the firmware as well as the host. */
#ifndef RRU_RECORD_H
#define RRU_RECORD_H

#include <stdint.h>

/* Largest cluster the formats describe (cpu ids 0..RRU_MAX_CPUS-1). */
#define RRU_MAX_CPUS 8

/* Why a chunk ended (docs/design.md §1, "Chunks"). */
enum rru_reason {
	RRU_REASON_CONFLICT = 0,   /* a snooped transaction hit the current chunk */
	RRU_REASON_ICOUNT = 1,     /* instruction limit reached */
	RRU_REASON_SIG_FULL = 2,   /* signature fill limit reached */
	RRU_REASON_TRAP = 3,       /* trap / kernel entry */
	RRU_REASON_CTX_SWITCH = 4, /* context switch (serializes) */
	RRU_REASON_TABLE_FULL = 5, /* chunk table could not retain it */
	RRU_REASON_FLUSH = 6,      /* explicit flush by the kernel */
	RRU_REASON_EXIT = 7,       /* thread exit or end of recording */
	RRU_REASON_COUNT
};
/* A chunk read from a text log line that gives no reason ("r=" absent). */
#define RRU_REASON_NONE 15

/* One source-only dependence: processor q must not run past its first chunk
 * whose end timestamp is > k before this chunk is done. */
struct rru_dep {
	uint8_t q;
	uint64_t k; /* bus transaction number (48 bits used on the wire) */
};

struct rru_chunk {
	uint8_t cpu;
	uint8_t reason;   /* enum rru_reason, or RRU_REASON_NONE */
	uint8_t ndeps;    /* at most one dep per destination q != cpu */
	uint32_t tid;     /* thread id of the recorded thread */
	uint32_t icount;  /* retired U-mode instructions in the chunk */
	uint64_t ts;      /* end timestamp */
	struct rru_dep deps[RRU_MAX_CPUS];
};

/* Record kinds; the value is the record's letter in the text log. */
enum rru_rec_kind {
	RRU_REC_CHUNK = 'c',    /* a chunk: struct rru_chunk */
	RRU_REC_INPUT = 'i',    /* an input value delivered to thread tid */
	RRU_REC_SWITCH = 's',   /* context switch on cpu: tid -> arg (new tid) */
	RRU_REC_START = 't',    /* thread tid starts on cpu; arg = parent tid */
	RRU_REC_EXIT = 'x',     /* thread tid exits on cpu; arg = exit code */
	RRU_REC_PROGRESS = 'p', /* every later record of cpu has ts >= this ts */
	RRU_REC_FINISH = 'f',   /* cpu records nothing more after this */
};

/* The non-chunk record kinds share one shape. Field use per kind:
 *   input:    tid = thread,     arg = the value (e.g. a system call result)
 *   switch:   tid = old thread, arg = new thread (0: none, idle)
 *   start:    tid = new thread, arg = parent thread (0: none)
 *   exit:     tid = thread,     arg = exit code (low 32 bits significant)
 *   progress, finish: tid = 0,  arg = 0 */
struct rru_event {
	uint8_t cpu;
	uint32_t tid;
	uint64_t ts;  /* global timestamp when the event happened */
	uint64_t arg;
};

/* One log record of any kind. */
struct rru_record {
	uint8_t kind; /* enum rru_rec_kind */
	union {
		struct rru_chunk chunk; /* kind RRU_REC_CHUNK */
		struct rru_event ev;    /* every other kind */
	} u;
};

/* The cpu and timestamp of any record (the fields every kind has). */
static inline uint8_t rru_record_cpu(const struct rru_record *r)
{
	return r->kind == RRU_REC_CHUNK ? r->u.chunk.cpu : r->u.ev.cpu;
}

static inline uint64_t rru_record_ts(const struct rru_record *r)
{
	return r->kind == RRU_REC_CHUNK ? r->u.chunk.ts : r->u.ev.ts;
}

#endif
