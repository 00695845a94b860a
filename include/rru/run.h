/* What the resident kernel and the host share about a run (docs/design.md
 * §7): the input-log stream records, the digest of outputs and memory, and
 * the console id of the kernel's own messages. Freestanding: the kernel
 * includes it. The RUN/ directory files themselves are text, written by the
 * host (host-driver/run_dir.c). */
#ifndef RRU_RUN_H
#define RRU_RUN_H

#include <stddef.h>
#include <stdint.h>

/* --- input-log stream (INLOG_DATA payload bytes, docs/design.md §7.3) -------
 * A sequence of 16-byte records, one for every non-deterministic value the
 * kernel gave the app, in the order the kernel handed them out (so each
 * thread's records are in that thread's order):
 *   off size field
 *    0   1   source  RRU_INLOG_SRC_* (| RRU_INLOG_SRC_HIGH for cycleh etc.)
 *    1   1   cpu     the hart the thread ran on
 *    2   1   tid     the thread
 *    3   1   0
 *    4   4   value   what the app got (a0 of the call, or rd of the read)
 *    8   8   ts      when: the RRU's global timestamp on a cluster with an
 *                    RRU, else mtime (the CLINT time) at the read
 * The host writes each record as an `i` line of the log text form (§3.2). */
#define RRU_INLOG_REC_SIZE 16u
#define RRU_INLOG_OFF_SRC 0u
#define RRU_INLOG_OFF_CPU 1u
#define RRU_INLOG_OFF_TID 2u
#define RRU_INLOG_OFF_VALUE 4u
#define RRU_INLOG_OFF_TS 8u
enum rru_inlog_src {
	RRU_INLOG_SRC_INPUT = 1,   /* the INPUT system call (app_input) */
	RRU_INLOG_SRC_CYCLE = 2,   /* rdcycle */
	RRU_INLOG_SRC_TIME = 3,    /* rdtime */
	RRU_INLOG_SRC_INSTRET = 4, /* rdinstret */
};
#define RRU_INLOG_SRC_HIGH 0x80u /* the high half (rdcycleh, ...) */

/* --- console ----------------------------------------------------------------
 * CONSOLE frames carry the thread id first; the kernel's own messages (app
 * faults, refusals) use this id. */
#define RRU_CONSOLE_KERNEL 0xFFu

/* --- digest -------------------------------------------------------------------
 * The 64-bit digest of outputs and memory: two 32-bit lanes, cheap on rv32
 * (no 64-bit multiply). Each step takes one 32-bit word (a byte of output is
 * fed as its value 0..255; memory as little-endian words):
 *   lo = (lo ^ w) * 0x01000193
 *   hi = (rotl(hi, 5) ^ w) * 0x9E3779B1 + 1
 * starting at lo = 0x811C9DC5, hi = 0x6A09E667; digest = hi << 32 | lo. Not
 * cryptographic: it tells a replay or a transfer that went wrong. */
struct rru_digest {
	uint32_t lo, hi;
};
#define RRU_DIGEST_INIT {0x811C9DC5u, 0x6A09E667u}
static inline void rru_digest_word(struct rru_digest *d, uint32_t w)
{
	d->lo = (d->lo ^ w) * 0x01000193u;
	d->hi = (((d->hi << 5) | (d->hi >> 27)) ^ w) * 0x9E3779B1u + 1u;
}
static inline uint64_t rru_digest_value(const struct rru_digest *d)
{
	return ((uint64_t)d->hi << 32) | d->lo;
}

/* Exit code of a run the host stopped (STOP or RECORD_STOP). */
#define RRU_EXIT_STOPPED 105u
/* Replay ends: 0 = every node of the DAG replayed; these when it could not. */
#define RRU_EXIT_REPLAY_DIVERGED 106u /* the app did something the recording did not
				       * (another input kind, a fault, inputs run out) */
#define RRU_EXIT_REPLAY_STUCK 107u    /* watchdog: no hart can start its next node */
#define RRU_EXIT_REPLAY_BAD 108u      /* the uploaded DAG or input log is malformed */

#endif
