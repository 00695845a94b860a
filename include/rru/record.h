/* The chunk record: what the RRU (and its C reference model) produces for
 * each chunk, in memory form. docs/design.md §1 (recording protocol) and §2
 * (record formats) define every field; the wire forms (the raw record the RTL
 * emits, the text and binary log) are defined next to this in
 * include/rru/ and convert to and from this struct.
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

/* One source-only dependence: processor q must not run past its first chunk
 * whose end timestamp is > k before this chunk is done. */
struct rru_dep {
	uint8_t q;
	uint64_t k; /* bus transaction number (48 bits used on the wire) */
};

struct rru_chunk {
	uint8_t cpu;
	uint8_t reason;   /* enum rru_reason */
	uint8_t ndeps;    /* at most one dep per destination q != cpu */
	uint32_t tid;     /* thread id of the recorded thread */
	uint32_t icount;  /* retired U-mode instructions in the chunk */
	uint64_t ts;      /* end timestamp */
	struct rru_dep deps[RRU_MAX_CPUS];
};

#endif
