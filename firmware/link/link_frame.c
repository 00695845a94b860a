/* Link framing: CRC-32, frame encoding and the resynchronising parser
 * (docs/design.md §5.1). Freestanding: runs in the resident kernel too. */
#include "link_ep.h"

/* CRC-32 (IEEE, reflected 0xEDB88320), four bits at a time: a 64-byte table
 * instead of 1 KiB, which matters in block RAM. */
static const uint32_t crc_nibble[16] = {
	0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u,
	0x4DB26158u, 0x5005713Cu, 0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu,
	0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu,
};

uint32_t rru_link_crc32(uint32_t crc, const void *data, size_t len)
{
	const uint8_t *p = data;
	crc = ~crc;
	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		crc = (crc >> 4) ^ crc_nibble[crc & 15u];
		crc = (crc >> 4) ^ crc_nibble[crc & 15u];
	}
	return ~crc;
}

uint8_t rru_link_crc8(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint8_t crc = 0;
	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		for (int b = 0; b < 8; b++)
			crc = (uint8_t)((crc & 0x80u) ? ((unsigned)crc << 1) ^ 0x07u : (unsigned)crc << 1);
	}
	return crc;
}

size_t rru_link_frame_encode(uint8_t *out, uint8_t type, uint8_t flags, uint8_t seq,
			     uint8_t ack, const void *payload, size_t len)
{
	const uint8_t *p = payload;
	if (len > RRU_LINK_MAX_PAYLOAD)
		return 0;
	out[0] = RRU_LINK_SYNC0;
	out[1] = RRU_LINK_SYNC1;
	out[RRU_LINK_OFF_TYPE] = type;
	out[RRU_LINK_OFF_FLAGS] = flags;
	out[RRU_LINK_OFF_SEQ] = seq;
	out[RRU_LINK_OFF_ACK] = ack;
	rru_link_put16(out + RRU_LINK_OFF_LEN, (uint16_t)len);
	out[RRU_LINK_OFF_HCRC] = rru_link_crc8(out + 2, RRU_LINK_OFF_HCRC - 2);
	for (size_t i = 0; i < len; i++)
		out[RRU_LINK_HDR_SIZE + i] = p[i];
	uint32_t crc = rru_link_crc32(0, out + 2, RRU_LINK_HDR_SIZE - 2 + len);
	rru_link_put32(out + RRU_LINK_HDR_SIZE + len, crc);
	return RRU_LINK_OVERHEAD + len;
}

void rru_link_rx_init(struct rru_link_rx *rx)
{
	rx->n = 0;
	rx->hdr_ok = 0;
	rx->garbage = rx->bad_hdr = rx->bad_crc = rx->frames = 0;
}

/* Looks at the start of the buffer: returns how many bytes to drop (> 0), or
 * 0 if more bytes are needed to decide. Reports a good frame through fn. */
static size_t parse_one(struct rru_link_rx *rx, rru_link_frame_fn fn, void *ctx)
{
	const uint8_t *b = rx->buf;
	size_t n = rx->n;
	if (b[0] != RRU_LINK_SYNC0) {
		size_t k = 1;
		while (k < n && b[k] != RRU_LINK_SYNC0)
			k++;
		rx->garbage += (uint32_t)k;
		return k;
	}
	if (n < 2)
		return 0;
	if (b[1] != RRU_LINK_SYNC1) {
		rx->garbage++;
		return 1;
	}
	if (n < RRU_LINK_HDR_SIZE)
		return 0;
	size_t len = rru_link_get16(b + RRU_LINK_OFF_LEN);
	/* The header is checked once, not again for every payload byte that
	 * arrives after it (a slow core receives byte by byte). */
	if (!rx->hdr_ok && (b[RRU_LINK_OFF_HCRC] != rru_link_crc8(b + 2, RRU_LINK_OFF_HCRC - 2) ||
			    len > RRU_LINK_MAX_PAYLOAD || (b[RRU_LINK_OFF_FLAGS] & RRU_LINK_F_RESERVED))) {
		rx->bad_hdr++;
		return 1;
	}
	rx->hdr_ok = 1;
	size_t total = RRU_LINK_OVERHEAD + len;
	if (n < total)
		return 0;
	uint32_t crc = rru_link_crc32(0, b + 2, RRU_LINK_HDR_SIZE - 2 + len);
	if (crc != rru_link_get32(b + RRU_LINK_HDR_SIZE + len)) {
		rx->bad_crc++;
		return 1;
	}
	rx->frames++;
	fn(ctx, b, total);
	return total;
}

void rru_link_rx_feed(struct rru_link_rx *rx, const uint8_t *p, size_t n,
		      rru_link_frame_fn fn, void *ctx)
{
	while (n > 0) {
		size_t take = sizeof rx->buf - rx->n;
		if (take > n)
			take = n;
		for (size_t i = 0; i < take; i++)
			rx->buf[rx->n + i] = p[i];
		rx->n = (uint16_t)(rx->n + take);
		p += take;
		n -= take;
		/* A full buffer always holds a whole maximal frame, so parse_one
		 * drops something each time and the loop ends. */
		while (rx->n > 0) {
			size_t drop = parse_one(rx, fn, ctx);
			if (drop == 0)
				break;
			rx->hdr_ok = 0;
			for (size_t i = drop; i < rx->n; i++)
				rx->buf[i - drop] = rx->buf[i];
			rx->n = (uint16_t)(rx->n - drop);
		}
	}
}
