/* DAG files: text, Graphviz and binary writer; binary reader (the text
 * reader is dagtext.c; include/rru/dagfmt.h, docs/design.md §4). */
#include "rru/dagfmt.h"
#include "rru/logfmt.h"
#include "rru/msg.h"
#include "reader.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

int rru_dag_emit_parse(const char *s)
{
	if (strcmp(s, "bin") == 0)
		return RRU_DAG_EMIT_BIN;
	if (strcmp(s, "text") == 0)
		return RRU_DAG_EMIT_TEXT;
	if (strcmp(s, "dot") == 0)
		return RRU_DAG_EMIT_DOT;
	return -1;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* LEB128 with the one-byte case inline (most node fields are small). */
static inline size_t vput(uint8_t *out, uint64_t v)
{
	if (v < 0x80) {
		out[0] = (uint8_t)v;
		return 1;
	}
	return rru_varint_put(out, v);
}

/* ---- writer ------------------------------------------------------------------------ */
#define OUT_BUF (256u * 1024u)

struct rru_dag_writer {
	FILE *f;
	enum rru_dag_emit emit;
	enum rru_dag_mode mode;
	unsigned ncpus;
	bool failed;
	uint64_t bytes;
	uint64_t nodes;
	uint8_t *out; /* text/dot: output buffer; bin: block payload */
	size_t olen;
	uint32_t precs;
	uint32_t tid[RRU_MAX_CPUS];
	bool has_tid[RRU_MAX_CPUS];
	uint64_t wait[RRU_MAX_CPUS][RRU_MAX_CPUS];
	char name[256];
};

static int wfail(struct rru_dag_writer *w, const char *what)
{
	if (!w->failed)
		rru_error("%s: %s", w->name, what);
	w->failed = true;
	return -1;
}

static int wraw(struct rru_dag_writer *w, const void *p, size_t n)
{
	w->bytes += n;
	if (w->f && fwrite(p, 1, n, w->f) != n)
		return wfail(w, "write error");
	return 0;
}

static int flush_text(struct rru_dag_writer *w)
{
	int rc = wraw(w, w->out, w->olen);
	w->olen = 0;
	return rc;
}

static int textf(struct rru_dag_writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int textf(struct rru_dag_writer *w, const char *fmt, ...)
{
	va_list ap;
	if (OUT_BUF - w->olen < 256 && flush_text(w) != 0)
		return -1;
	va_start(ap, fmt);
	int k = vsnprintf((char *)w->out + w->olen, OUT_BUF - w->olen, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= OUT_BUF - w->olen)
		return wfail(w, "internal: line too long");
	w->olen += (size_t)k;
	return 0;
}

static int end_block(struct rru_dag_writer *w)
{
	if (w->precs == 0)
		return 0;
	uint8_t h[RRU_BLOCK_HEADER_LEN];
	put_le32(h, (uint32_t)w->olen);
	put_le32(h + 4, w->precs);
	put_le32(h + 8, rru_crc32(0, w->out, w->olen));
	if (wraw(w, h, sizeof h) != 0 || wraw(w, w->out, w->olen) != 0)
		return -1;
	w->olen = 0;
	w->precs = 0;
	return 0;
}

int rru_dag_writer_open(struct rru_dag_writer **out, FILE *f, const char *name, enum rru_dag_emit emit,
			enum rru_dag_mode mode, unsigned ncpus)
{
	struct rru_dag_writer *w = calloc(1, sizeof *w);
	*out = NULL;
	if (w)
		w->out = malloc(OUT_BUF + 256);
	if (!w || !w->out || ncpus == 0 || ncpus > RRU_MAX_CPUS) {
		rru_error("%s: %s", name, w && w->out ? "bad cpu count" : "out of memory");
		if (w)
			free(w->out);
		free(w);
		return -1;
	}
	w->f = f;
	w->emit = emit;
	w->mode = mode;
	w->ncpus = ncpus;
	snprintf(w->name, sizeof w->name, "%s", name);
	*out = w;
	if (emit == RRU_DAG_EMIT_TEXT)
		return textf(w, "# rru dag %s cpus %u\n", rru_dag_mode_name(mode), ncpus);
	if (emit == RRU_DAG_EMIT_DOT)
		return textf(w, "digraph rru_dag {\n  // mode %s, %u cpus; node label: cpu, chunks, thread, instructions\n"
			     "  node [shape=box];\n", rru_dag_mode_name(mode), ncpus);
	uint8_t h[RRU_DAG_HEADER_LEN];
	memcpy(h, RRU_DAG_MAGIC, RRU_DAG_MAGIC_LEN);
	h[8] = RRU_DAG_VERSION & 0xFF;
	h[9] = RRU_DAG_VERSION >> 8;
	h[10] = (uint8_t)mode;
	h[11] = (uint8_t)ncpus;
	put_le32(h + 12, rru_crc32(0, h, 12));
	return wraw(w, h, sizeof h);
}

static bool partial(enum rru_dag_mode m)
{
	return m == RRU_DAG_MAXPAR || m == RRU_DAG_STITCHED;
}

int rru_dag_writer_node(void *ctx, const struct rru_dag_node *n)
{
	struct rru_dag_writer *w = ctx;
	if (w->failed)
		return -1;
	if (n->cpu >= w->ncpus || n->nedges > RRU_MAX_CPUS)
		return wfail(w, "internal: bad node");
	w->nodes++;
	if (w->emit == RRU_DAG_EMIT_TEXT) {
		if (textf(w, "n %" PRIu64 " %u %" PRIu32 " %" PRIu64 " %" PRIu64 " %" PRIu64 "\n", n->id,
			  n->cpu, n->tid, n->icount, n->first, n->last) != 0)
			return -1;
		if (partial(w->mode))
			for (unsigned i = 0; i < n->nedges; i++)
				if (textf(w, "e %" PRIu64 " %" PRIu64 "\n", n->edges[i].from, n->id) != 0)
					return -1;
		return 0;
	}
	if (w->emit == RRU_DAG_EMIT_DOT) {
		char chunks[64];
		if (n->first == n->last)
			snprintf(chunks, sizeof chunks, "C%u.%" PRIu64, n->cpu, n->first);
		else
			snprintf(chunks, sizeof chunks, "C%u.%" PRIu64 "-%" PRIu64, n->cpu, n->first, n->last);
		if (textf(w, "  n%" PRIu64 " [label=\"P%u %s\\ntid %" PRIu32 ", %" PRIu64 " insn\"];\n", n->id,
			  n->cpu, chunks, n->tid, n->icount) != 0)
			return -1;
		if (partial(w->mode))
			for (unsigned i = 0; i < n->nedges; i++)
				if (textf(w, "  n%" PRIu64 " -> n%" PRIu64 ";\n", n->edges[i].from, n->id) != 0)
					return -1;
		return 0;
	}
	uint8_t *p = w->out + w->olen;
	size_t i = 0;
	unsigned q = n->cpu;
	bool tid = !w->has_tid[q] || w->tid[q] != n->tid;
	p[i++] = (uint8_t)(q | (tid ? RRU_DAG_HEAD_TID : 0) | (n->reason & 0xFu) << 4);
	uint8_t mask = 0;
	uint64_t inc[RRU_MAX_CPUS];
	if (partial(w->mode)) {
		for (unsigned e = 0; e < n->nedges; e++) {
			unsigned pc = n->edges[e].cpu;
			if (pc >= w->ncpus || pc == q || n->edges[e].wait <= w->wait[q][pc])
				return wfail(w, "internal: edge does not raise a token count");
			mask |= (uint8_t)(1u << pc);
			inc[pc] = n->edges[e].wait - w->wait[q][pc];
			w->wait[q][pc] = n->edges[e].wait;
		}
		p[i++] = mask;
	}
	if (tid)
		i += vput(p + i, n->tid);
	i += vput(p + i, n->icount);
	i += vput(p + i, n->last - n->first + 1);
	for (unsigned m = mask; m; m &= m - 1)
		i += vput(p + i, inc[__builtin_ctz(m)]);
	w->tid[q] = n->tid;
	w->has_tid[q] = true;
	w->olen += i;
	w->precs++;
	if (w->olen >= RRU_BLOCK_TARGET_PAYLOAD)
		return end_block(w);
	return 0;
}

int rru_dag_writer_flush(struct rru_dag_writer *w)
{
	if (w->failed)
		return -1;
	if ((w->emit == RRU_DAG_EMIT_BIN ? end_block(w) : flush_text(w)) != 0)
		return -1;
	if (w->f && fflush(w->f) != 0)
		return wfail(w, "write error");
	return 0;
}

uint64_t rru_dag_writer_bytes(const struct rru_dag_writer *w)
{
	return w->bytes + w->olen;
}

int rru_dag_writer_close(struct rru_dag_writer *w, uint64_t *bytes)
{
	int rc = 0;
	if (!w)
		return 0;
	if (w->failed)
		rc = -1;
	else if (w->emit == RRU_DAG_EMIT_BIN) {
		uint8_t h[RRU_BLOCK_HEADER_LEN];
		put_le32(h, 0);
		put_le32(h + 4, (uint32_t)w->nodes);
		put_le32(h + 8, 0);
		if (end_block(w) != 0 || wraw(w, h, sizeof h) != 0)
			rc = -1;
	} else {
		if (w->emit == RRU_DAG_EMIT_DOT && textf(w, "}\n") != 0)
			rc = -1;
		if (rc == 0 && flush_text(w) != 0)
			rc = -1;
	}
	if (rc == 0 && w->f && fflush(w->f) != 0)
		rc = wfail(w, "write error");
	if (bytes)
		*bytes = w->bytes;
	free(w->out);
	free(w);
	return rc;
}

/* ---- binary reader -------------------------------------------------------------- */
struct rru_dag_reader {
	const uint8_t *data;
	size_t len, pos;
	const uint8_t *blk;
	uint32_t blen, bpos, brecs, bdone;
	size_t blk_off;
	bool done, failed;
	enum rru_dag_mode mode;
	unsigned ncpus;
	uint64_t nodes;
	uint32_t tid[RRU_MAX_CPUS];
	bool has_tid[RRU_MAX_CPUS];
	uint64_t wait[RRU_MAX_CPUS][RRU_MAX_CPUS];
	uint64_t nchunks[RRU_MAX_CPUS];
	uint64_t *ids[RRU_MAX_CPUS]; /* node id by per-cpu ordinal */
	uint64_t nids[RRU_MAX_CPUS], capids[RRU_MAX_CPUS];
	char name[256];
	char err[512];
};

static int rfail(struct rru_dag_reader *r, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int rfail(struct rru_dag_reader *r, size_t off, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(r->err, sizeof r->err, "%s: byte %zu: ", r->name, off);
	va_start(ap, fmt);
	vsnprintf(r->err + n, sizeof r->err - (size_t)n, fmt, ap);
	va_end(ap);
	r->failed = true;
	rru_error("%s", r->err);
	return -1;
}

const char *rru_dag_reader_error(const struct rru_dag_reader *r)
{
	return r->err;
}

enum rru_dag_mode rru_dag_reader_mode(const struct rru_dag_reader *r)
{
	return r->mode;
}

unsigned rru_dag_reader_ncpus(const struct rru_dag_reader *r)
{
	return r->ncpus;
}

int rru_dag_reader_open_mem(struct rru_dag_reader **out, const void *data, size_t len, const char *name)
{
	struct rru_dag_reader *r = calloc(1, sizeof *r);
	*out = r;
	if (!r) {
		rru_error("%s: out of memory", name);
		return -1;
	}
	r->data = data;
	r->len = len;
	snprintf(r->name, sizeof r->name, "%s", name);
	const uint8_t *h = data;
	if (len < RRU_DAG_MAGIC_LEN || memcmp(h, RRU_DAG_MAGIC, RRU_DAG_MAGIC_LEN) != 0)
		return rfail(r, 0, "not an openrru binary DAG (bad magic)");
	if (len < RRU_DAG_HEADER_LEN)
		return rfail(r, len, "truncated header");
	if (get_le32(h + 12) != rru_crc32(0, h, 12))
		return rfail(r, 12, "header CRC mismatch");
	unsigned version = (unsigned)h[8] | (unsigned)h[9] << 8;
	if (version != RRU_DAG_VERSION)
		return rfail(r, 8, "unsupported DAG version %u (this reader knows %d)", version,
			     RRU_DAG_VERSION);
	if (h[10] >= RRU_DAG_NMODES)
		return rfail(r, 10, "unknown mode %u", h[10]);
	if (h[11] == 0 || h[11] > RRU_MAX_CPUS)
		return rfail(r, 11, "bad cpu count %u", h[11]);
	r->mode = h[10];
	r->ncpus = h[11];
	r->pos = RRU_DAG_HEADER_LEN;
	return 0;
}

void rru_dag_reader_close(struct rru_dag_reader *r)
{
	if (!r)
		return;
	for (unsigned i = 0; i < RRU_MAX_CPUS; i++)
		free(r->ids[i]);
	free(r);
}

static int next_dag_block(struct rru_dag_reader *r)
{
	size_t off = r->pos;
	if (r->len - r->pos < RRU_BLOCK_HEADER_LEN)
		return rfail(r, off, r->len == r->pos ? "truncated: no end block" : "truncated block header");
	const uint8_t *h = r->data + r->pos;
	uint32_t len = get_le32(h), cnt = get_le32(h + 4), crc = get_le32(h + 8);
	if (len == 0) {
		if (crc != 0 || cnt != (uint32_t)r->nodes)
			return rfail(r, off, "end block counts %" PRIu32 " nodes, the file has %" PRIu64, cnt,
				     r->nodes);
		if (r->len - r->pos != RRU_BLOCK_HEADER_LEN)
			return rfail(r, off + RRU_BLOCK_HEADER_LEN, "data after the end block");
		r->done = true;
		return 0;
	}
	if (len > RRU_BLOCK_MAX_PAYLOAD || cnt == 0 || cnt > len)
		return rfail(r, off, "bad block (%" PRIu32 " bytes, %" PRIu32 " nodes)", len, cnt);
	if (r->len - r->pos - RRU_BLOCK_HEADER_LEN < len)
		return rfail(r, off, "truncated block");
	if (rru_crc32(0, h + RRU_BLOCK_HEADER_LEN, len) != crc)
		return rfail(r, off, "block CRC mismatch");
	r->blk = h + RRU_BLOCK_HEADER_LEN;
	r->blen = len;
	r->bpos = 0;
	r->brecs = cnt;
	r->bdone = 0;
	r->blk_off = off + RRU_BLOCK_HEADER_LEN;
	r->pos += RRU_BLOCK_HEADER_LEN + len;
	return 1;
}

int rru_dag_reader_next(struct rru_dag_reader *r, struct rru_dag_node *n)
{
	if (r->failed)
		return -1;
	if (r->done)
		return 0;
	while (!r->blk || r->bdone == r->brecs) {
		if (r->blk && r->bpos != r->blen)
			return rfail(r, r->blk_off + r->bpos, "bytes left in the block after its nodes");
		int rc = next_dag_block(r);
		if (rc <= 0)
			return rc;
	}
	const uint8_t *p = r->blk + r->bpos;
	size_t left = r->blen - r->bpos, i = 1, off = r->blk_off + r->bpos, k;
	uint64_t v;
	memset(n, 0, sizeof *n);
	if (left == 0)
		goto trunc;
	unsigned q = p[0] & 7u;
	if (q >= r->ncpus)
		return rfail(r, off, "node of unknown cpu %u", q);
	n->cpu = (uint8_t)q;
	n->reason = p[0] >> 4;
	uint8_t mask = 0;
	if (partial(r->mode)) {
		if (left < 2)
			goto trunc;
		mask = p[i++];
		if (mask & (1u << q) || (r->ncpus < 8 && (mask >> r->ncpus)))
			return rfail(r, off, "bad wait mask 0x%02x", mask);
	}
	if (p[0] & RRU_DAG_HEAD_TID) {
		if (!(k = rru_varint_get(p + i, left - i, &v)))
			goto trunc;
		i += k;
		if (v > UINT32_MAX)
			return rfail(r, off, "tid over 32 bits");
		r->tid[q] = (uint32_t)v;
		r->has_tid[q] = true;
	} else if (!r->has_tid[q]) {
		return rfail(r, off, "first node of cpu %u without a tid", q);
	}
	n->tid = r->tid[q];
	if (!(k = rru_varint_get(p + i, left - i, &n->icount)))
		goto trunc;
	i += k;
	if (!(k = rru_varint_get(p + i, left - i, &v)))
		goto trunc;
	i += k;
	if (v == 0 || v > UINT32_MAX)
		return rfail(r, off, "bad chunk count %" PRIu64, v);
	n->first = r->nchunks[q];
	n->last = n->first + v - 1;
	for (unsigned pc = 0; pc < RRU_MAX_CPUS; pc++) {
		if (!(mask & (1u << pc)))
			continue;
		if (!(k = rru_varint_get(p + i, left - i, &v)))
			goto trunc;
		i += k;
		if (v == 0 || v > r->nids[pc] - r->wait[q][pc])
			return rfail(r, off, "waits for node %" PRIu64 " of cpu %u, which is not before it",
				     r->wait[q][pc] + v - 1, pc);
		r->wait[q][pc] += v;
		struct rru_dag_edge *e = &n->edges[n->nedges++];
		e->cpu = (uint8_t)pc;
		e->wait = r->wait[q][pc];
		e->from = r->ids[pc][e->wait - 1];
	}
	if (r->nids[q] == r->capids[q]) {
		uint64_t ncap = r->capids[q] ? r->capids[q] * 2 : 256;
		uint64_t *nv = realloc(r->ids[q], ncap * sizeof *nv);
		if (!nv)
			return rfail(r, off, "out of memory");
		r->ids[q] = nv;
		r->capids[q] = ncap;
	}
	n->id = r->nodes++;
	n->ordinal = r->nids[q];
	r->ids[q][r->nids[q]++] = n->id;
	r->nchunks[q] = n->last + 1;
	r->bpos += (uint32_t)i;
	r->bdone++;
	return 1;
trunc:
	return rfail(r, off, "node runs past the end of its block");
}
