/* Fuzz the reliable endpoint (docs/design.md §5.2): the input describes a
 * sequence of well-formed frames (any type, flags, sequence and ack numbers,
 * payloads) plus sends and clock steps, fed to a host-style (selective
 * repeat) and a device-style (go-back-N) endpoint. No crash, the window
 * bound holds, and every delivery is a frame that arrived. */
#include "../../firmware/link/link_ep.h"

#include <stdlib.h>

static uint64_t delivered;

static int w(void *ctx, const uint8_t *p, size_t n)
{
	(void)ctx;
	if (n < RRU_LINK_OVERHEAD || n > RRU_LINK_FRAME_MAX || p[0] != RRU_LINK_SYNC0)
		abort();
	return 0;
}
static int d(void *ctx, uint8_t t, const uint8_t *p, size_t n)
{
	(void)ctx, (void)t, (void)p;
	if (n > RRU_LINK_MAX_PAYLOAD)
		abort();
	delivered++;
	return (n & 7) == 7; /* refuse some, as a busy device does */
}
static void c(void *ctx, uint8_t t, const uint8_t *p, size_t n)
{
	(void)ctx, (void)t, (void)p, (void)n;
}

static const struct rru_link_ep_ops ops = {w, d, c};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rru_link_ep host, dev;
	static struct rru_link_rxslot ooo[RRU_LINK_WINDOW];
	static uint8_t htx[RRU_LINK_WINDOW * RRU_LINK_FRAME_MAX], dtx[RRU_LINK_TXBUF];
	struct rru_link_ep_config hc = {5000, 100000, ooo, htx, sizeof htx};
	struct rru_link_ep_config dc = {5000, 100000, NULL, dtx, sizeof dtx};
	rru_link_ep_init(&host, &ops, NULL, &hc, 0);
	rru_link_ep_init(&dev, &ops, NULL, &dc, 0);
	uint32_t now = 0;
	uint8_t f[RRU_LINK_FRAME_MAX];
	size_t i = 0;
	while (i + 6 <= size) {
		uint8_t op = data[i], type = data[i + 1], flags = data[i + 2] & 3;
		uint8_t seq = data[i + 3], ack = data[i + 4];
		size_t len = data[i + 5] % 40;
		i += 6;
		if (len > size - i)
			len = size - i;
		struct rru_link_ep *ep = (op & 1) ? &host : &dev;
		switch (op >> 1 & 3) {
		case 0: { /* a frame arrives */
			size_t n = rru_link_frame_encode(f, type, flags, seq, ack, data + i, len);
			rru_link_ep_input(ep, f, n, now);
			break;
		}
		case 1: /* the application sends */
			rru_link_ep_send(ep, type, data + i, len, now);
			break;
		case 2: /* time passes */
			now += (uint32_t)seq * 1000u;
			rru_link_ep_poll(ep, now);
			break;
		default: /* raw bytes */
			rru_link_ep_input(ep, data + i, len, now);
		}
		i += len;
		if (rru_link_ep_room(&host) > RRU_LINK_WINDOW || rru_link_ep_room(&dev) > RRU_LINK_WINDOW)
			abort();
		if (rru_link_ep_chunk(ep) < RRU_LINK_MIN_CHUNK ||
		    rru_link_ep_chunk(ep) > RRU_LINK_MAX_PAYLOAD)
			abort();
	}
	return 0;
}
