/* Fuzz the link frame parser (docs/design.md §5.1) with arbitrary bytes fed
 * in arbitrary pieces: no crash, and every frame it accepts is well formed
 * (sync, length in range, both checks right); feeding the same bytes in one
 * piece or byte by byte finds the same frames. */
#include "../../firmware/link/link_ep.h"

#include <stdlib.h>
#include <string.h>

struct seen {
	uint32_t n;
	uint32_t crc; /* of all accepted frames, to compare two feedings */
};

static void check(void *ctx, const uint8_t *f, size_t len)
{
	struct seen *s = ctx;
	size_t plen = rru_link_get16(f + RRU_LINK_OFF_LEN);
	if (f[0] != RRU_LINK_SYNC0 || f[1] != RRU_LINK_SYNC1 || plen > RRU_LINK_MAX_PAYLOAD ||
	    len != plen + RRU_LINK_OVERHEAD ||
	    f[RRU_LINK_OFF_HCRC] != rru_link_crc8(f + 2, RRU_LINK_OFF_HCRC - 2) ||
	    rru_link_get32(f + len - 4) != rru_link_crc32(0, f + 2, len - 6))
		abort();
	s->n++;
	s->crc = rru_link_crc32(s->crc, f, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rru_link_rx a, b;
	struct seen sa = {0, 0}, sb = {0, 0};
	rru_link_rx_init(&a);
	rru_link_rx_init(&b);
	rru_link_rx_feed(&a, data, size, check, &sa);
	/* pieces whose sizes come from the data itself */
	size_t i = 0, k = 1;
	while (i < size) {
		size_t piece = 1 + (data[(i * 7 + k) % size] % 61);
		if (piece > size - i)
			piece = size - i;
		rru_link_rx_feed(&b, data + i, piece, check, &sb);
		i += piece;
		k++;
	}
	if (sa.n != sb.n || sa.crc != sb.crc || a.n != b.n)
		abort();
	return 0;
}
