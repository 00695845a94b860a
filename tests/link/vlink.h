/* Two protocol endpoints joined by a simulated serial line in virtual time:
 * bytes take 10 bit times each at the line's baud rate (8N1), arrive after a
 * fixed latency, and can be corrupted with a given per-byte probability. The
 * device end streams a known log; the host end checks it. Used by the ARQ
 * unit tests and by `make bench` (bytes accounting, not wall time). */
#ifndef RRU_TEST_VLINK_H
#define RRU_TEST_VLINK_H

#include "../../firmware/link/link_ep.h"

#include <stdbool.h>
#include <stdint.h>

struct vbyte {
	uint64_t at_ns; /* arrival time */
	uint8_t c;
};

struct vdir {
	struct vbyte *q;
	size_t cap, head, tail;
	uint64_t line_free_ns; /* when the transmitter finishes its last byte */
	uint64_t sent, corrupted, dropped;
	double err;           /* per-byte probability of a flipped bit */
	uint64_t drop_frame_mask; /* test hook: drop the frames numbered by set bits */
	uint64_t frames;
};

struct vlink {
	uint64_t now_ns, byte_ns, latency_ns;
	struct vdir d2h, h2d;
	struct rru_link_ep dev, host;
	struct rru_link_rxslot ooo[RRU_LINK_WINDOW];
	uint64_t rng;
	/* the log stream */
	uint64_t log_total, log_sent, log_got;
	uint32_t seed;
	bool mismatch;
	uint64_t first_bad;
};

void vlink_init(struct vlink *v, uint32_t baud, uint32_t latency_us, double err, uint32_t seed,
		uint64_t log_bytes);
void vlink_free(struct vlink *v);
/* Runs until the whole log arrived or max_ns of virtual time passed;
 * returns true when everything arrived intact and in order. */
bool vlink_run(struct vlink *v, uint64_t max_ns);
uint8_t vlink_log_byte(uint32_t seed, uint64_t off);

#endif
