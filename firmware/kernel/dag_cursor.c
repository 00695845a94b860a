/* Binary DAG reader for the replay engine: dag_cursor.h, docs/design.md §4.5. */
#include "dag_cursor.h"

#include "rru/link.h" /* rru_link_crc32, rru_link_get16/32 */

static const uint8_t dag_magic[8] = {0x89, 'R', 'R', 'U', 'D', 'A', 'G', '\n'};

/* Unsigned LEB128, at most 5 bytes for 32 bits. -1 if it runs past end or
 * does not fit. */
static int varint(const uint8_t *p, size_t end, size_t *pos, uint32_t *v)
{
	uint32_t x = 0;
	for (unsigned i = 0; i < 5; i++) {
		if (*pos >= end)
			return -1;
		uint8_t b = p[(*pos)++];
		if (i == 4 && (b & 0xF0))
			return -1;
		x |= (uint32_t)(b & 0x7F) << (7 * i);
		if (!(b & 0x80)) {
			*v = x;
			return 0;
		}
	}
	return -1;
}

/* Decodes one node record at *pos of a payload ending at end. tid/have_tid
 * are the cpu's tid state, updated only for that cpu (cpu_of tells which). */
struct raw_node {
	uint32_t cpu, reason, tid, has_tid, icount, nchunks, mask;
	uint32_t inc[RRU_DC_MAX_CPUS];
};

static int decode(const struct rru_dc_file *f, const uint8_t *p, size_t end, size_t *pos,
		  struct raw_node *n)
{
	if (*pos >= end)
		return -1;
	uint8_t head = p[(*pos)++];
	n->cpu = head & 7u;
	n->reason = head >> 4;
	n->has_tid = (head & RRU_DC_HEAD_TID) != 0;
	n->mask = 0;
	if (!rru_dc_serial(f)) {
		if (*pos >= end)
			return -1;
		n->mask = p[(*pos)++];
	}
	if (n->cpu >= f->ncpus || (n->mask >> f->ncpus) || (n->mask & (1u << n->cpu)))
		return -1;
	if (n->has_tid && varint(p, end, pos, &n->tid))
		return -1;
	if (varint(p, end, pos, &n->icount) || varint(p, end, pos, &n->nchunks) || !n->nchunks)
		return -1;
	for (uint32_t q = 0; q < f->ncpus; q++) {
		n->inc[q] = 0;
		if ((n->mask >> q) & 1u)
			if (varint(p, end, pos, &n->inc[q]) || !n->inc[q])
				return -1;
	}
	return 0;
}

static void say(char *err, size_t cap, const char *what, size_t off)
{
	/* "<what> at byte <off>" without printf (freestanding) */
	size_t k = 0;
	while (*what && k + 1 < cap)
		err[k++] = *what++;
	const char *at = " at byte ";
	while (*at && k + 1 < cap)
		err[k++] = *at++;
	char digits[24];
	unsigned nd = 0;
	do {
		digits[nd++] = (char)('0' + off % 10);
		off /= 10;
	} while (off && nd < sizeof digits);
	while (nd && k + 1 < cap)
		err[k++] = digits[--nd];
	if (cap)
		err[k] = 0;
}

int rru_dc_open(struct rru_dc_file *f, const void *data, size_t len, char *err, size_t errcap)
{
	const uint8_t *p = data;
	f->data = p;
	f->len = len;
	if (len < RRU_DC_HEADER_LEN + 12u)
		return say(err, errcap, "DAG shorter than its header and end block", len), -1;
	for (unsigned i = 0; i < 8; i++)
		if (p[i] != dag_magic[i])
			return say(err, errcap, "not a binary DAG (bad magic)", 0), -1;
	if (rru_link_crc32(0, p, 12) != rru_link_get32(p + 12))
		return say(err, errcap, "DAG header CRC mismatch", 12), -1;
	if (rru_link_get16(p + 8) != RRU_DC_VERSION)
		return say(err, errcap, "unknown DAG version", 8), -1;
	f->mode = p[10];
	f->ncpus = p[11];
	if (f->mode > 3u || f->ncpus < 1u || f->ncpus > RRU_DC_MAX_CPUS)
		return say(err, errcap, "bad DAG mode or cpu count", 10), -1;
	uint32_t nodes = 0, have_tid = 0; /* have_tid: bit p = cpu p's tid is known */
	size_t off = RRU_DC_HEADER_LEN;
	for (;;) {
		if (len - off < 12u)
			return say(err, errcap, "DAG truncated (no end block)", off), -1;
		uint32_t plen = rru_link_get32(p + off), count = rru_link_get32(p + off + 4);
		uint32_t crc = rru_link_get32(p + off + 8);
		if (plen == 0) {
			if (crc != 0 || count != nodes)
				return say(err, errcap, "DAG end block disagrees with its nodes", off), -1;
			if (off + 12u != len)
				return say(err, errcap, "bytes after the DAG's end block", off + 12u), -1;
			break;
		}
		if (plen > RRU_DC_MAX_BLOCK || len - off - 12u < plen || count == 0)
			return say(err, errcap, "bad DAG block length or count", off), -1;
		const uint8_t *pl = p + off + 12u;
		if (rru_link_crc32(0, pl, plen) != crc)
			return say(err, errcap, "DAG block CRC mismatch", off), -1;
		size_t pos = 0;
		for (uint32_t i = 0; i < count; i++) {
			struct raw_node n;
			size_t at = pos;
			if (decode(f, pl, plen, &pos, &n))
				return say(err, errcap, "malformed DAG node", off + 12u + at), -1;
			if (n.has_tid)
				have_tid |= 1u << n.cpu;
			else if (!((have_tid >> n.cpu) & 1u))
				return say(err, errcap, "DAG node without a thread id", off + 12u + at), -1;
		}
		if (pos != plen)
			return say(err, errcap, "DAG block holds more than its count", off + 12u + pos), -1;
		nodes += count;
		off += 12u + plen;
	}
	f->nodes = nodes;
	return 0;
}

void rru_dc_cursor_init(struct rru_dc_cursor *c, const struct rru_dc_file *f, uint32_t cpu)
{
	c->f = f;
	c->cpu = cpu;
	c->block = RRU_DC_HEADER_LEN;
	c->pos = 0;
	c->left = 0;
	c->index = c->ordinal = c->tid = c->have_tid = 0;
	for (uint32_t q = 0; q < RRU_DC_MAX_CPUS; q++)
		c->wait[q] = 0;
}

int rru_dc_next(struct rru_dc_cursor *c, struct rru_dc_node *out)
{
	const uint8_t *p = c->f->data;
	for (;;) {
		while (!c->left) { /* next block */
			if (c->pos) /* leave the block just finished */
				c->block += 12u + rru_link_get32(p + c->block);
			uint32_t plen = rru_link_get32(p + c->block);
			if (!plen)
				return 0;
			c->left = rru_link_get32(p + c->block + 4);
			c->pos = 1; /* payload offset + 1: 0 means "not entered" */
		}
		const uint8_t *pl = p + c->block + 12u;
		uint32_t plen = rru_link_get32(p + c->block);
		size_t pos = c->pos - 1;
		struct raw_node n;
		decode(c->f, pl, plen, &pos, &n); /* checked by rru_dc_open */
		c->pos = pos + 1;
		c->left--;
		uint32_t index = c->index++;
		if (n.cpu != c->cpu)
			continue;
		if (n.has_tid) {
			c->tid = n.tid;
			c->have_tid = 1;
		}
		for (uint32_t q = 0; q < c->f->ncpus; q++)
			c->wait[q] += n.inc[q];
		out->index = index;
		out->ordinal = c->ordinal++;
		out->tid = c->tid;
		out->icount = n.icount;
		out->nchunks = n.nchunks;
		out->reason = n.reason;
		for (uint32_t q = 0; q < RRU_DC_MAX_CPUS; q++)
			out->wait[q] = c->wait[q];
		return 1;
	}
}
