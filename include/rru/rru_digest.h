/* The digest the RRU hardware keeps per hart (rtl/rru/rru_digest.sv): a
 * running hash of the retired U-mode memory accesses, which the kernel saves
 * and restores with each thread's context (RRU_REG_DIGEST), so that replay
 * is verified the same way on the board as in simulation (docs/design.md
 * §2.7). This header is the one definition; the RTL is checked against it by
 * tests/rtl/tb_rru_digest.cpp.
 *
 * Each retired U-mode instruction with rvfi_trap clear contributes, in this
 * order: if it read memory (rmask != 0: loads, LR, AMO) one step with the
 * bytes read; if it wrote memory (wmask != 0: stores, successful SC, AMO)
 * one step with the bytes written. Bytes outside the mask are zero; the
 * address is the access's byte address. A failed SC contributes nothing.
 *
 * Freestanding: the firmware includes it. */
#ifndef RRU_RRU_DIGEST_H
#define RRU_RRU_DIGEST_H

#include <stdint.h>

#define RRU_DIGEST_INIT 0u

static inline uint32_t rru_digest_rotl(uint32_t v, unsigned n)
{
	return (v << n) | (v >> (32 - n));
}

/* Lanes of a 4-bit byte mask as a 32-bit mask. */
static inline uint32_t rru_digest_lanes(unsigned mask)
{
	uint32_t m = 0;
	for (unsigned i = 0; i < 4; i++)
		if (mask >> i & 1)
			m |= 0xffu << (8 * i);
	return m;
}

static inline uint32_t rru_digest_step(uint32_t d, uint32_t addr, uint32_t value, int is_write)
{
	uint32_t x = addr ^ rru_digest_rotl(value, 13) ^ (is_write ? 0xa5a5a5a5u : 0x3c3c3c3cu);
	d = rru_digest_rotl(d, 7) + x;
	return d ^ (d >> 11);
}

/* One retired U-mode instruction (rvfi fields). */
static inline uint32_t rru_digest_retire(uint32_t d, uint32_t addr, unsigned rmask,
					 uint32_t rdata, unsigned wmask, uint32_t wdata)
{
	if (rmask)
		d = rru_digest_step(d, addr, rdata & rru_digest_lanes(rmask), 0);
	if (wmask)
		d = rru_digest_step(d, addr, wdata & rru_digest_lanes(wmask), 1);
	return d;
}

#endif
