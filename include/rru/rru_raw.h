/* The raw record the RRU hardware emits into its log buffer, and the hash
 * functions of its Bloom signatures: the two things the RTL (rtl/rru/) and the
 * C reference model must agree on bit for bit. docs/design.md §2 describes
 * them; rtl/rru/rru_pkg.sv mirrors the layout constants and is checked
 * against this header by make rru-pkg-check (tests/rtl/rru_pkg_check.c), and
 * rtl/rru/rru_h3_pkg.sv is generated from rru_h3_mask() below
 * (tests/rtl/rru_h3_gen.c, checked by make rru-h3-check).
 *
 * PROPOSAL by the RRU RTL session (issue 5), open to the model/backend
 * sessions: change it here and the RTL follows.
 *
 * Freestanding: the firmware that drains the log includes it too. */
#ifndef RRU_RRU_RAW_H
#define RRU_RRU_RAW_H

#include <stddef.h>
#include <stdint.h>

#include "rru/record.h"

/* --- raw record: a sequence of 64-bit words ------------------------------
 * word 0 (header): [63:60] kind, [59:57] cpu, [56:54] reason,
 *                  [53:50] ndeps, [49:48] 0, [47:0] ts (end timestamp)
 * word 1:          [63:32] tid, [31:0] icount
 * words 2..:       one per dependence, ascending q:
 *                  [63:61] q, [60:48] 0, [47:0] k
 * A record is 2 + ndeps words. */
#define RRU_RAW_KIND_CHUNK 1u
#define RRU_RAW_TS_BITS 48
#define RRU_RAW_TS_MASK ((UINT64_C(1) << RRU_RAW_TS_BITS) - 1)
#define RRU_RAW_KIND_SHIFT 60
#define RRU_RAW_CPU_SHIFT 57
#define RRU_RAW_REASON_SHIFT 54
#define RRU_RAW_NDEPS_SHIFT 50
#define RRU_RAW_TID_SHIFT 32
#define RRU_RAW_Q_SHIFT 61
#define RRU_RAW_MAX_WORDS (2 + RRU_MAX_CPUS)

/* Packs c into w (room for RRU_RAW_MAX_WORDS); returns the word count. */
static inline size_t rru_raw_pack(const struct rru_chunk *c, uint64_t *w)
{
	size_t n = 0;
	w[n++] = ((uint64_t)RRU_RAW_KIND_CHUNK << RRU_RAW_KIND_SHIFT) |
		 ((uint64_t)(c->cpu & 7) << RRU_RAW_CPU_SHIFT) |
		 ((uint64_t)(c->reason & 7) << RRU_RAW_REASON_SHIFT) |
		 ((uint64_t)(c->ndeps & 15) << RRU_RAW_NDEPS_SHIFT) |
		 (c->ts & RRU_RAW_TS_MASK);
	w[n++] = ((uint64_t)c->tid << RRU_RAW_TID_SHIFT) | c->icount;
	for (unsigned i = 0; i < c->ndeps && i < RRU_MAX_CPUS; i++)
		w[n++] = ((uint64_t)(c->deps[i].q & 7) << RRU_RAW_Q_SHIFT) |
			 (c->deps[i].k & RRU_RAW_TS_MASK);
	return n;
}

/* Unpacks the record starting at w[0] (n words available). Returns the
 * words used, or 0 if the record is malformed or incomplete. */
static inline size_t rru_raw_unpack(const uint64_t *w, size_t n, struct rru_chunk *c)
{
	if (n < 2 || (w[0] >> RRU_RAW_KIND_SHIFT) != RRU_RAW_KIND_CHUNK ||
	    (w[0] >> 48 & 3) != 0)
		return 0;
	c->cpu = (uint8_t)(w[0] >> RRU_RAW_CPU_SHIFT & 7);
	c->reason = (uint8_t)(w[0] >> RRU_RAW_REASON_SHIFT & 7);
	c->ndeps = (uint8_t)(w[0] >> RRU_RAW_NDEPS_SHIFT & 15);
	c->ts = w[0] & RRU_RAW_TS_MASK;
	c->tid = (uint32_t)(w[1] >> RRU_RAW_TID_SHIFT);
	c->icount = (uint32_t)w[1];
	if (c->ndeps > RRU_MAX_CPUS || n < 2u + c->ndeps)
		return 0;
	for (unsigned i = 0; i < c->ndeps; i++) {
		uint64_t d = w[2 + i];
		if (d >> 48 & 0x1fff)
			return 0;
		c->deps[i].q = (uint8_t)(d >> RRU_RAW_Q_SHIFT);
		c->deps[i].k = d & RRU_RAW_TS_MASK;
		if (c->deps[i].q == c->cpu || (i && c->deps[i].q <= c->deps[i - 1].q))
			return 0;
	}
	return 2u + c->ndeps;
}

/* --- signature hashing ----------------------------------------------------
 * A signature is a parallel Bloom filter: `hashes` partitions of 2^idx_bits
 * bits; hash h of line address a selects one bit of partition h. Families:
 *   H3:        bit j of the index = parity(a & rru_h3_mask(h, j))
 *   bit-select: bit j of the index = bit ((h * idx_bits + j) mod 32) of a */
enum rru_hash_family { RRU_HASH_H3 = 0, RRU_HASH_BITSEL = 1 };
#define RRU_H3_MAX_HASHES 8
#define RRU_H3_MAX_BITS 16

/* The H3 matrices: a fixed splitmix64 stream, one 32-bit mask per (h, j). */
static inline uint32_t rru_h3_mask(unsigned h, unsigned j)
{
	uint64_t z = UINT64_C(0x6f70656e72727531) /* "openrru1" */ +
		     (uint64_t)(h * RRU_H3_MAX_BITS + j + 1) * UINT64_C(0x9e3779b97f4a7c15);
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	z ^= z >> 31;
	return (uint32_t)(z >> 32);
}

static inline unsigned rru_sig_index(unsigned family, unsigned h, unsigned idx_bits,
				     uint32_t line)
{
	unsigned idx = 0;
	for (unsigned j = 0; j < idx_bits; j++) {
		unsigned b;
		if (family == RRU_HASH_H3)
			b = (unsigned)__builtin_parity(line & rru_h3_mask(h, j));
		else
			b = line >> ((h * idx_bits + j) % 32) & 1;
		idx |= b << j;
	}
	return idx;
}

#endif
