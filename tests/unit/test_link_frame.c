/* Link framing (docs/design.md §5.1): CRC-32, frame encoding, and the parser's
 * resynchronisation after garbage and damaged frames. */
#include "../../firmware/link/link_ep.h"

#include <criterion/criterion.h>
#include <string.h>

struct got {
	unsigned n;
	uint8_t frames[64][RRU_LINK_FRAME_MAX];
	size_t len[64];
};

static void collect(void *ctx, const uint8_t *f, size_t len)
{
	struct got *g = ctx;
	if (g->n < 64) {
		memcpy(g->frames[g->n], f, len);
		g->len[g->n] = len;
	}
	g->n++;
}

static size_t make(uint8_t *out, uint8_t seq, size_t len)
{
	uint8_t pl[RRU_LINK_MAX_PAYLOAD];
	for (size_t i = 0; i < len; i++)
		pl[i] = (uint8_t)(seq * 31 + i);
	return rru_link_frame_encode(out, RRU_LINK_T_LOG_DATA, RRU_LINK_F_ACK, seq, 7, pl, len);
}

Test(link_frame, crc32_check_value_and_incremental)
{
	cr_assert_eq(rru_link_crc32(0, "123456789", 9), RRU_LINK_CRC32_CHECK);
	cr_assert_eq(rru_link_crc32(0, "", 0), 0u);
	uint32_t c = rru_link_crc32(0, "1234", 4);
	cr_assert_eq(rru_link_crc32(c, "56789", 5), RRU_LINK_CRC32_CHECK);
	/* a second known value: 32 zero bytes */
	uint8_t z[32] = {0};
	cr_assert_eq(rru_link_crc32(0, z, sizeof z), 0x190A55ADu);
	cr_assert_eq(rru_link_crc8("123456789", 9), RRU_LINK_CRC8_CHECK);
}

Test(link_frame, layout_is_as_documented)
{
	uint8_t f[RRU_LINK_FRAME_MAX];
	size_t n = rru_link_frame_encode(f, 0x21, 0x02, 0x34, 0x56, "abc", 3);
	cr_assert_eq(n, 16u);
	const uint8_t head[] = {0xA5, 0x5A, 0x21, 0x02, 0x34, 0x56, 0x03, 0x00};
	cr_assert_arr_eq(f, head, sizeof head);
	cr_assert_eq(f[8], rru_link_crc8(f + 2, 6));
	cr_assert_arr_eq(f + 9, "abc", 3);
	cr_assert_eq(rru_link_get32(f + 12), rru_link_crc32(0, f + 2, 10));
	cr_assert_eq(rru_link_frame_encode(f, 1, 0, 0, 0, f, RRU_LINK_MAX_PAYLOAD + 1), 0u);
	cr_assert_eq(rru_link_frame_encode(f, 1, 0, 0, 0, NULL, 0), RRU_LINK_OVERHEAD);
}

Test(link_frame, round_trip_all_sizes_bulk_and_bytewise)
{
	static uint8_t stream[300 * RRU_LINK_FRAME_MAX];
	size_t n = 0;
	const size_t sizes[] = {0, 1, 2, 15, 16, 100, 255, 256};
	for (unsigned i = 0; i < 8; i++)
		n += make(stream + n, (uint8_t)i, sizes[i]);
	static struct got a, b;
	struct rru_link_rx rx;
	rru_link_rx_init(&rx);
	rru_link_rx_feed(&rx, stream, n, collect, &a);
	rru_link_rx_init(&rx);
	for (size_t i = 0; i < n; i++)
		rru_link_rx_feed(&rx, stream + i, 1, collect, &b);
	cr_assert_eq(a.n, 8);
	cr_assert_eq(b.n, 8);
	for (unsigned i = 0; i < 8; i++) {
		cr_assert_eq(a.len[i], RRU_LINK_OVERHEAD + sizes[i]);
		cr_assert_eq(rru_link_get16(a.frames[i] + RRU_LINK_OFF_LEN), sizes[i]);
		cr_assert_arr_eq(a.frames[i], b.frames[i], a.len[i]);
	}
	cr_assert_eq(rx.garbage + rx.bad_crc + rx.bad_hdr, 0u);
}

Test(link_frame, resync_after_garbage_including_false_sync)
{
	static uint8_t s[4096];
	size_t n = 0;
	const uint8_t junk[] = {0x00, 0xA5, 0xA5, 0x5A, 0xFF, 0x03, 0xA5, 0x11, 0x5A, 0xA5};
	memcpy(s + n, junk, sizeof junk);
	n += sizeof junk;
	n += make(s + n, 1, 40);
	memcpy(s + n, junk, sizeof junk);
	n += sizeof junk;
	n += make(s + n, 2, 0);
	n += make(s + n, 3, 256);
	static struct got g;
	struct rru_link_rx rx;
	rru_link_rx_init(&rx);
	rru_link_rx_feed(&rx, s, n, collect, &g);
	cr_assert_eq(g.n, 3, "found %u frames", g.n);
	cr_assert_eq(g.frames[0][RRU_LINK_OFF_SEQ], 1);
	cr_assert_eq(g.frames[2][RRU_LINK_OFF_SEQ], 3);
	cr_assert_gt(rx.garbage + rx.bad_hdr + rx.bad_crc, 0u);
}

/* A damaged length field must not swallow the good frames after it: they
 * are found again by rescanning the bytes the bad frame claimed. */
Test(link_frame, bad_length_does_not_hide_following_frames)
{
	static uint8_t s[4096];
	size_t n = make(s, 1, 10);
	s[RRU_LINK_OFF_LEN] = 200; /* claims 200 bytes, and the header check agrees */
	s[RRU_LINK_OFF_HCRC] = rru_link_crc8(s + 2, 6);
	for (uint8_t q = 2; q < 6; q++)
		n += make(s + n, q, 20);
	n += make(s + n, 9, 256); /* enough bytes to complete the false frame */
	static struct got g;
	struct rru_link_rx rx;
	rru_link_rx_init(&rx);
	rru_link_rx_feed(&rx, s, n, collect, &g);
	cr_assert_eq(g.n, 5);
	cr_assert_eq(g.frames[0][RRU_LINK_OFF_SEQ], 2);
	cr_assert_eq(g.frames[4][RRU_LINK_OFF_SEQ], 9);
	cr_assert_eq(rx.bad_crc, 1u);
}

Test(link_frame, every_single_bit_flip_is_rejected)
{
	uint8_t f[RRU_LINK_FRAME_MAX], c[RRU_LINK_FRAME_MAX];
	size_t n = make(f, 5, 28);
	for (size_t bit = 0; bit < n * 8; bit++) {
		memcpy(c, f, n);
		c[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		static struct got g;
		g.n = 0;
		struct rru_link_rx rx;
		rru_link_rx_init(&rx);
		rru_link_rx_feed(&rx, c, n, collect, &g);
		/* pad so that a grown length field is completed and judged */
		static const uint8_t pad[RRU_LINK_FRAME_MAX];
		rru_link_rx_feed(&rx, pad, sizeof pad, collect, &g);
		cr_assert_eq(g.n, 0, "bit %zu flipped: frame accepted", bit);
	}
}

Test(link_frame, header_checks)
{
	uint8_t f[RRU_LINK_FRAME_MAX + 16];
	size_t n = make(f, 1, 4);
	f[RRU_LINK_OFF_FLAGS] |= 0x80; /* reserved flag, with valid checks */
	f[RRU_LINK_OFF_HCRC] = rru_link_crc8(f + 2, 6);
	rru_link_put32(f + n - 4, rru_link_crc32(0, f + 2, n - 6));
	static struct got g;
	struct rru_link_rx rx;
	rru_link_rx_init(&rx);
	rru_link_rx_feed(&rx, f, n, collect, &g);
	cr_assert_eq(g.n, 0);
	cr_assert_eq(rx.bad_hdr, 1u);
	uint8_t big[] = {0xA5, 0x5A, 0x21, 0x00, 0, 0, 0x01, 0x01, 0}; /* len 257 */
	big[8] = rru_link_crc8(big + 2, 6);
	rru_link_rx_init(&rx);
	rru_link_rx_feed(&rx, big, sizeof big, collect, &g);
	cr_assert_eq(rx.bad_hdr, 1u);
	cr_assert_eq(rx.n, 0u, "the bad header was not consumed");
	/* a damaged header is rejected without waiting for its payload */
	n = make(f, 1, 200);
	f[RRU_LINK_OFF_SEQ] ^= 1;
	rru_link_rx_init(&rx);
	rru_link_rx_feed(&rx, f, RRU_LINK_HDR_SIZE, collect, &g);
	cr_assert_eq(rx.bad_hdr, 1u);
}
