/* The log file: text and binary record forms and the reader
 * (include/rru/logfmt.h, docs/design.md §3); the writer is logwrite.c. */
#include "rru/logfmt.h"
#include "rru/msg.h"
#include "logfmt_int.h"
#include "reader.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- CRC-32 (IEEE, reflected 0xEDB88320), slicing by 8 ------------------------ */
static uint32_t crc_tab[8][256];
static bool crc_ready;

static void crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int j = 0; j < 8; j++)
			c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
		crc_tab[0][i] = c;
	}
	for (uint32_t i = 0; i < 256; i++)
		for (int t = 1; t < 8; t++)
			crc_tab[t][i] = (crc_tab[t - 1][i] >> 8) ^ crc_tab[0][crc_tab[t - 1][i] & 0xFF];
	crc_ready = true;
}

uint32_t rru_crc32(uint32_t crc, const void *data, size_t len)
{
	const uint8_t *p = data;
	if (!crc_ready)
		crc_init();
	crc = ~crc;
	while (len >= 8) {
		uint32_t a = crc ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
				    (uint32_t)p[3] << 24);
		crc = crc_tab[7][a & 0xFF] ^ crc_tab[6][(a >> 8) & 0xFF] ^
		      crc_tab[5][(a >> 16) & 0xFF] ^ crc_tab[4][a >> 24] ^ crc_tab[3][p[4]] ^
		      crc_tab[2][p[5]] ^ crc_tab[1][p[6]] ^ crc_tab[0][p[7]];
		p += 8;
		len -= 8;
	}
	while (len--)
		crc = (crc >> 8) ^ crc_tab[0][(crc ^ *p++) & 0xFF];
	return ~crc;
}

size_t rru_varint_put(uint8_t *out, uint64_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		out[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	out[n++] = (uint8_t)v;
	return n;
}

size_t rru_varint_get(const uint8_t *in, size_t len, uint64_t *v)
{
	uint64_t x = 0;
	for (size_t i = 0; i < len && i < 10; i++) {
		uint64_t b = in[i] & 0x7F;
		if (i == 9 && b > 1)
			return 0; /* more than 64 bits */
		x |= b << (7 * i);
		if (!(in[i] & 0x80)) {
			*v = x;
			return i + 1;
		}
	}
	return 0;
}

/* ---- reasons and text lines -------------------------------------------------- */
static const char *const reason_names[RRU_REASON_COUNT] = {
	"conflict", "icount", "sigfull", "trap", "ctxsw", "tablefull", "flush", "exit",
};

const char *rru_reason_name(unsigned reason)
{
	if (reason < RRU_REASON_COUNT)
		return reason_names[reason];
	return reason == RRU_REASON_NONE ? "none" : "?";
}

static char errbuf_line[160];

static const char *lerr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *lerr(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(errbuf_line, sizeof errbuf_line, fmt, ap);
	va_end(ap);
	return errbuf_line;
}

const char *rru_log_check_chunk(const struct rru_chunk *c, unsigned ncpus)
{
	if (c->cpu >= ncpus)
		return lerr("unknown cpu %u (the log has %u cpus)", c->cpu, ncpus);
	if (c->ts > RRU_TS_MAX)
		return lerr("timestamp %" PRIu64 " wider than 48 bits", c->ts);
	unsigned seen = 0;
	for (unsigned i = 0; i < c->ndeps; i++) {
		const struct rru_dep *d = &c->deps[i];
		if (d->q >= ncpus)
			return lerr("dependence on unknown cpu %u (the log has %u cpus)", d->q, ncpus);
		if (d->q == c->cpu)
			return lerr("dependence %u:%" PRIu64 " on the chunk's own cpu", d->q, d->k);
		if (seen & (1u << d->q))
			return lerr("two dependences on cpu %u", d->q);
		seen |= 1u << d->q;
		if (d->k < c->ts)
			return lerr("dependence %u:%" PRIu64 " before the chunk's end timestamp %" PRIu64,
				    d->q, d->k, c->ts);
		if (d->k > RRU_TS_MAX)
			return lerr("dependence timestamp %" PRIu64 " wider than 48 bits", d->k);
	}
	if (c->reason >= RRU_REASON_COUNT && c->reason != RRU_REASON_NONE)
		return lerr("unknown termination reason %u", c->reason);
	return NULL;
}

const char *rru_log_check_event(const struct rru_event *e, unsigned ncpus)
{
	if (e->cpu >= ncpus)
		return lerr("unknown cpu %u (the log has %u cpus)", e->cpu, ncpus);
	if (e->ts > RRU_TS_MAX)
		return lerr("timestamp %" PRIu64 " wider than 48 bits", e->ts);
	return NULL;
}

const char *rru_log_parse_line(const char *line, unsigned ncpus_limit, struct rru_record *rec,
			       int *is_empty, unsigned *ncpus)
{
	struct rru_text_tok t[4 + RRU_MAX_CPUS + 2];
	bool more;
	size_t n = rru_text_split(line, t, sizeof t / sizeof t[0], &more);
	uint64_t v[4];
	*is_empty = 0;
	if (n == 0) {
		*is_empty = 1;
		return NULL;
	}
	if (more)
		return "too many fields";
	if (t[0].n != 1)
		return lerr("unknown record '%.*s'", (int)(t[0].n > 16 ? 16 : t[0].n), t[0].s);
	char kind = t[0].s[0];
	memset(rec, 0, sizeof *rec);
	switch (kind) {
	case 'h':
		if (!ncpus)
			return "header line 'h' after the first record";
		if (n != 2)
			return "header needs 'h <ncpus>'";
		if (!rru_text_num(t[1].s, t[1].n, RRU_MAX_CPUS, &v[0]) || v[0] == 0)
			return lerr("bad cpu count '%.*s' (1..%d)", (int)(t[1].n > 24 ? 24 : t[1].n), t[1].s,
				    RRU_MAX_CPUS);
		*ncpus = (unsigned)v[0];
		*is_empty = 1;
		return NULL;
	case 'c': {
		if (n < 5)
			return "chunk needs 'c <cpu> <tid> <icount> <ts> [<q>:<k> ...] [r=<reason>]'";
		static const char *const what[4] = {"cpu", "tid", "icount", "ts"};
		static const uint64_t max[4] = {255, UINT32_MAX, UINT32_MAX, UINT64_MAX};
		for (int i = 0; i < 4; i++)
			if (!rru_text_num(t[1 + i].s, t[1 + i].n, max[i], &v[i]))
				return lerr("bad %s '%.*s'", what[i], (int)(t[1 + i].n > 24 ? 24 : t[1 + i].n),
					    t[1 + i].s);
		struct rru_chunk *c = &rec->u.chunk;
		rec->kind = RRU_REC_CHUNK;
		c->cpu = (uint8_t)v[0];
		c->tid = (uint32_t)v[1];
		c->icount = (uint32_t)v[2];
		c->ts = v[3];
		c->reason = RRU_REASON_NONE;
		bool have_reason = false;
		for (size_t i = 5; i < n; i++) {
			const char *s = t[i].s;
			size_t len = t[i].n;
			if (len > 2 && s[0] == 'r' && s[1] == '=') {
				if (have_reason)
					return "two reasons";
				have_reason = true;
				if (i != n - 1)
					return "the reason must be the last field";
				unsigned r;
				for (r = 0; r < RRU_REASON_COUNT; r++)
					if (strlen(reason_names[r]) == len - 2 &&
					    memcmp(reason_names[r], s + 2, len - 2) == 0)
						break;
				if (r == RRU_REASON_COUNT) {
					uint64_t x;
					if (!rru_text_num(s + 2, len - 2, RRU_REASON_COUNT - 1, &x))
						return lerr("unknown reason '%.*s'", (int)(len > 24 ? 24 : len), s);
					r = (unsigned)x;
				}
				c->reason = (uint8_t)r;
				continue;
			}
			const char *colon = memchr(s, ':', len);
			uint64_t q, k;
			if (!colon || !rru_text_num(s, (size_t)(colon - s), 255, &q) ||
			    !rru_text_num(colon + 1, len - (size_t)(colon + 1 - s), UINT64_MAX, &k))
				return lerr("bad dependence '%.*s' (want <q>:<k>)", (int)(len > 24 ? 24 : len), s);
			if (c->ndeps == RRU_MAX_CPUS)
				return "too many dependences";
			c->deps[c->ndeps].q = (uint8_t)q;
			c->deps[c->ndeps].k = k;
			c->ndeps++;
		}
		return rru_log_check_chunk(c, ncpus_limit);
	}
	case 'i':
	case 't':
	case 'x':
	case 's': {
		if (n != 5)
			return kind == 's' ? "context switch needs 's <cpu> <ts> <old-tid> <new-tid>'"
			       : kind == 'i' ? "input needs 'i <cpu> <tid> <ts> <value>'"
			       : kind == 't' ? "thread start needs 't <cpu> <tid> <ts> <parent-tid>'"
					     : "thread exit needs 'x <cpu> <tid> <ts> <exit-code>'";
		uint64_t lim[4] = {255, UINT32_MAX, UINT64_MAX, UINT64_MAX};
		if (kind == 's') {
			lim[1] = UINT64_MAX;
			lim[2] = UINT32_MAX;
			lim[3] = UINT32_MAX;
		} else if (kind != 'i') {
			lim[3] = UINT32_MAX;
		}
		for (int i = 0; i < 4; i++)
			if (!rru_text_num(t[1 + i].s, t[1 + i].n, lim[i], &v[i]))
				return lerr("bad field %d '%.*s'", i + 2,
					    (int)(t[1 + i].n > 24 ? 24 : t[1 + i].n), t[1 + i].s);
		struct rru_event *e = &rec->u.ev;
		rec->kind = (uint8_t)kind;
		e->cpu = (uint8_t)v[0];
		if (kind == 's') {
			e->ts = v[1];
			e->tid = (uint32_t)v[2];
			e->arg = v[3];
		} else {
			e->tid = (uint32_t)v[1];
			e->ts = v[2];
			e->arg = v[3];
		}
		return rru_log_check_event(e, ncpus_limit);
	}
	case 'p':
	case 'f':
		if (n != 3)
			return kind == 'p' ? "progress needs 'p <cpu> <ts>'" : "finish needs 'f <cpu> <ts>'";
		if (!rru_text_num(t[1].s, t[1].n, 255, &v[0]) ||
		    !rru_text_num(t[2].s, t[2].n, UINT64_MAX, &v[1]))
			return "bad number";
		rec->kind = (uint8_t)kind;
		rec->u.ev.cpu = (uint8_t)v[0];
		rec->u.ev.ts = v[1];
		return rru_log_check_event(&rec->u.ev, ncpus_limit);
	default:
		return lerr("unknown record letter '%c'", kind >= 0x20 && kind < 0x7F ? kind : '?');
	}
}

int rru_log_format_line(const struct rru_record *rec, char *buf, size_t size)
{
	const struct rru_event *e = &rec->u.ev;
	switch (rec->kind) {
	case RRU_REC_CHUNK: {
		const struct rru_chunk *c = &rec->u.chunk;
		size_t len = 0;
		int k = snprintf(buf, size, "c %u %" PRIu32 " %" PRIu32 " %" PRIu64, c->cpu, c->tid,
				 c->icount, c->ts);
		len += (size_t)k;
		for (unsigned i = 0; i < c->ndeps && i < RRU_MAX_CPUS; i++) {
			k = snprintf(len < size ? buf + len : NULL, len < size ? size - len : 0,
				     " %u:%" PRIu64, c->deps[i].q, c->deps[i].k);
			len += (size_t)k;
		}
		if (c->reason != RRU_REASON_NONE) {
			k = snprintf(len < size ? buf + len : NULL, len < size ? size - len : 0, " r=%s",
				     rru_reason_name(c->reason));
			len += (size_t)k;
		}
		k = snprintf(len < size ? buf + len : NULL, len < size ? size - len : 0, "\n");
		return (int)(len + (size_t)k);
	}
	case RRU_REC_SWITCH:
		return snprintf(buf, size, "s %u %" PRIu64 " %" PRIu32 " %" PRIu64 "\n", e->cpu, e->ts,
				e->tid, e->arg);
	case RRU_REC_INPUT:
	case RRU_REC_START:
	case RRU_REC_EXIT:
		return snprintf(buf, size, "%c %u %" PRIu32 " %" PRIu64 " %" PRIu64 "\n", rec->kind,
				e->cpu, e->tid, e->ts, e->arg);
	case RRU_REC_PROGRESS:
	case RRU_REC_FINISH:
		return snprintf(buf, size, "%c %u %" PRIu64 "\n", rec->kind, e->cpu, e->ts);
	default:
		return snprintf(buf, size, "# unknown record kind %u\n", rec->kind);
	}
}

/* ---- reader -------------------------------------------------------------------- */
#define TEXT_LINE_MAX 4096

struct rru_log_reader {
	int fd;
	bool own_fd;
	bool from_mem;
	uint8_t *buf;       /* owned buffer (fd), or the caller's memory */
	size_t cap;
	size_t pos, end;    /* unread bytes are buf[pos..end) */
	bool eof;           /* no more bytes beyond end */
	uint64_t base;      /* file offset of buf[0] */
	int state;          /* 0 reading, 1 ended, -1 failed */
	enum rru_log_format fmt;
	unsigned ncpus;
	bool any_record;
	uint64_t line;
	uint64_t last_ts[RRU_MAX_CPUS];
	bool finished[RRU_MAX_CPUS];
	/* binary: the current block */
	const uint8_t *blk;
	uint32_t blen, bpos, brecs, bdone;
	uint64_t blk_off;   /* file offset of the payload */
	uint64_t nrecs;     /* records read so far */
	uint64_t blk_ts[RRU_MAX_CPUS];
	uint32_t blk_tid[RRU_MAX_CPUS];
	bool blk_has_tid[RRU_MAX_CPUS];
	char name[256];
	char err[512];
};

#define fail(r, ...) RRU_READER_FAIL(r, __VA_ARGS__)

/* Makes at least want bytes available at buf[pos..]; returns how many are
 * (fewer only at end of input), or -1 on a read error. */
static long fill(struct rru_log_reader *r, size_t want)
{
	while (r->end - r->pos < want && !r->eof) {
		if (r->pos > 0 && r->pos == r->end) {
			r->base += r->pos;
			r->pos = r->end = 0;
		}
		if (r->cap - r->end < 65536 || r->cap - r->pos < want) {
			/* compact, then grow if still short */
			if (r->pos > 0) {
				memmove(r->buf, r->buf + r->pos, r->end - r->pos);
				r->base += r->pos;
				r->end -= r->pos;
				r->pos = 0;
			}
			size_t need = want > 65536 ? want : 65536;
			if (r->cap - r->end < need) {
				size_t ncap = r->cap ? r->cap : 1 << 18;
				while (ncap - r->end < need)
					ncap *= 2;
				uint8_t *nb = realloc(r->buf, ncap);
				if (!nb) {
					fail(r, "out of memory");
					return -1;
				}
				r->buf = nb;
				r->cap = ncap;
			}
		}
		ssize_t k = read(r->fd, r->buf + r->end, r->cap - r->end);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			fail(r, "read error at byte %" PRIu64 ": %s", r->base + r->end, strerror(errno));
			return -1;
		}
		if (k == 0)
			r->eof = true;
		r->end += (size_t)k;
	}
	return (long)(r->end - r->pos);
}

static int detect(struct rru_log_reader *r)
{
	long n = fill(r, 1);
	if (n < 0)
		return -1;
	r->ncpus = RRU_MAX_CPUS;
	if (n == 0 || r->buf[r->pos] != (uint8_t)RRU_LOG_MAGIC[0]) {
		r->fmt = RRU_LOG_TEXT;
		return 0;
	}
	r->fmt = RRU_LOG_BINARY;
	n = fill(r, RRU_LOG_HEADER_LEN);
	if (n < 0)
		return -1;
	const uint8_t *h = r->buf + r->pos;
	if ((size_t)n < RRU_LOG_MAGIC_LEN || memcmp(h, RRU_LOG_MAGIC, RRU_LOG_MAGIC_LEN) != 0)
		return fail(r, "byte 0: not an openrru log (bad magic)");
	if ((size_t)n < RRU_LOG_HEADER_LEN)
		return fail(r, "byte %ld: truncated file header", n);
	unsigned version = (unsigned)h[8] | (unsigned)h[9] << 8;
	uint32_t crc = rru_le32_get(h + 12), want = rru_crc32(0, h, 12);
	if (crc != want)
		return fail(r, "byte 12: file header CRC mismatch (stored 0x%08x, computed 0x%08x)",
			    crc, want);
	if (version != RRU_LOG_VERSION)
		return fail(r, "byte 8: unsupported log version %u (this reader knows %d)", version,
			    RRU_LOG_VERSION);
	if (h[10] == 0 || h[10] > RRU_MAX_CPUS)
		return fail(r, "byte 10: bad cpu count %u (1..%d)", h[10], RRU_MAX_CPUS);
	if (h[11] != 0)
		return fail(r, "byte 11: unknown flags 0x%02x", h[11]);
	r->ncpus = h[10];
	r->pos += RRU_LOG_HEADER_LEN;
	return 0;
}

static int open_common(struct rru_log_reader **out, struct rru_log_reader *r, const char *name)
{
	snprintf(r->name, sizeof r->name, "%s", name);
	if (detect(r) != 0) {
		*out = r; /* so the caller can read the error, then close */
		return -1;
	}
	*out = r;
	return 0;
}

int rru_log_open_fd(struct rru_log_reader **out, int fd, const char *name)
{
	struct rru_log_reader *r = calloc(1, sizeof *r);
	*out = NULL;
	if (!r) {
		rru_error("%s: out of memory", name);
		return -1;
	}
	r->fd = fd;
	return open_common(out, r, name);
}

int rru_log_open(struct rru_log_reader **out, const char *path)
{
	*out = NULL;
	if (strcmp(path, "-") == 0)
		return rru_log_open_fd(out, 0, "<stdin>");
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		rru_error("%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	int rc = rru_log_open_fd(out, fd, path);
	if (*out)
		(*out)->own_fd = true;
	else
		close(fd);
	return rc;
}

int rru_log_open_mem(struct rru_log_reader **out, const void *data, size_t len, const char *name)
{
	struct rru_log_reader *r = calloc(1, sizeof *r);
	*out = NULL;
	if (!r) {
		rru_error("%s: out of memory", name);
		return -1;
	}
	r->fd = -1;
	r->from_mem = true;
	r->buf = (uint8_t *)(uintptr_t)data; /* never written: from_mem */
	r->cap = r->end = len;
	r->eof = true;
	return open_common(out, r, name);
}

void rru_log_close(struct rru_log_reader *r)
{
	if (!r)
		return;
	if (r->own_fd)
		close(r->fd);
	if (!r->from_mem)
		free(r->buf);
	free(r);
}

const char *rru_log_error(const struct rru_log_reader *r)
{
	return r->err;
}

enum rru_log_format rru_log_format(const struct rru_log_reader *r)
{
	return r->fmt;
}

unsigned rru_log_ncpus(const struct rru_log_reader *r)
{
	return r->ncpus;
}

int rru_log_ready(const struct rru_log_reader *r)
{
	if (r->state || r->eof)
		return 1;
	if (r->fmt == RRU_LOG_BINARY && r->blk && r->bdone < r->brecs)
		return 1;
	if (r->fmt == RRU_LOG_TEXT)
		return memchr(r->buf + r->pos, '\n', r->end - r->pos) != NULL;
	return 0;
}

uint64_t rru_log_offset(const struct rru_log_reader *r)
{
	return r->base + r->pos;
}

/* The order rules between records (per cpu): ts never goes back, nothing
 * after a cpu's finish record. */
static const char *check_order(struct rru_log_reader *r, const struct rru_record *rec)
{
	unsigned cpu = rru_record_cpu(rec);
	uint64_t ts = rru_record_ts(rec);
	if (r->finished[cpu])
		return lerr("record for cpu %u after its finish record", cpu);
	if (ts < r->last_ts[cpu])
		return lerr("timestamp goes backwards on cpu %u (%" PRIu64 " after %" PRIu64 ")", cpu, ts,
			    r->last_ts[cpu]);
	r->last_ts[cpu] = ts;
	if (rec->kind == RRU_REC_FINISH)
		r->finished[cpu] = true;
	return NULL;
}

static int read_text(struct rru_log_reader *r, struct rru_record *rec)
{
	char line[TEXT_LINE_MAX + 1];
	for (;;) {
		/* find the end of the next line */
		size_t scanned = 0;
		uint8_t *nl = NULL;
		for (;;) {
			size_t avail = r->end - r->pos;
			nl = memchr(r->buf + r->pos + scanned, '\n', avail - scanned);
			if (nl || r->eof)
				break;
			if (avail > TEXT_LINE_MAX)
				return fail(r, "line %" PRIu64 ": line longer than %d bytes", r->line + 1,
					    TEXT_LINE_MAX);
			scanned = avail;
			if (fill(r, avail + 1) < 0)
				return -1;
		}
		size_t len = nl ? (size_t)(nl - (r->buf + r->pos)) : r->end - r->pos;
		if (!nl && len == 0) {
			r->state = 1;
			return 0;
		}
		r->line++;
		if (len > TEXT_LINE_MAX)
			return fail(r, "line %" PRIu64 ": line longer than %d bytes", r->line, TEXT_LINE_MAX);
		memcpy(line, r->buf + r->pos, len);
		line[len] = '\0';
		r->pos += len + (nl ? 1 : 0);
		if (memchr(line, '\0', len))
			return fail(r, "line %" PRIu64 ": NUL byte (a binary file that is not an openrru log?)",
				    r->line);
		int empty;
		unsigned nc = 0;
		const char *e = rru_log_parse_line(line, r->ncpus, rec, &empty, r->any_record ? NULL : &nc);
		if (!e && nc) {
			r->ncpus = nc;
			r->any_record = true;
		}
		if (!e && !empty)
			e = check_order(r, rec);
		if (e)
			return fail(r, "line %" PRIu64 ": %s", r->line, e);
		if (empty)
			continue;
		r->any_record = true;
		return 1;
	}
}

/* Loads the next block; returns 1 (a block with records), 0 (end block), -1. */
static int next_block(struct rru_log_reader *r)
{
	uint64_t off = r->base + r->pos;
	long n = fill(r, RRU_BLOCK_HEADER_LEN);
	if (n < 0)
		return -1;
	if (n == 0)
		return fail(r, "byte %" PRIu64 ": truncated: the log ends without its end block", off);
	if ((size_t)n < RRU_BLOCK_HEADER_LEN)
		return fail(r, "byte %" PRIu64 ": truncated block header", off);
	const uint8_t *h = r->buf + r->pos;
	uint32_t len = rru_le32_get(h), cnt = rru_le32_get(h + 4), crc = rru_le32_get(h + 8);
	if (len > RRU_BLOCK_MAX_PAYLOAD)
		return fail(r, "byte %" PRIu64 ": block length %" PRIu32 " over the limit %u", off, len,
			    RRU_BLOCK_MAX_PAYLOAD);
	if (len == 0) {
		if (crc != 0)
			return fail(r, "byte %" PRIu64 ": end block with a nonzero CRC field", off);
		if (cnt != (uint32_t)r->nrecs)
			return fail(r, "byte %" PRIu64 ": end block counts %" PRIu32 " records, the log has %" PRIu64,
				    off, cnt, r->nrecs);
		r->pos += RRU_BLOCK_HEADER_LEN;
		n = fill(r, 1);
		if (n < 0)
			return -1;
		if (n > 0)
			return fail(r, "byte %" PRIu64 ": data after the end block", off + RRU_BLOCK_HEADER_LEN);
		return 0;
	}
	if (cnt == 0 || cnt > len)
		return fail(r, "byte %" PRIu64 ": block of %" PRIu32 " bytes claims %" PRIu32 " records", off,
			    len, cnt);
	n = fill(r, RRU_BLOCK_HEADER_LEN + (size_t)len);
	if (n < 0)
		return -1;
	if ((size_t)n < RRU_BLOCK_HEADER_LEN + (size_t)len)
		return fail(r, "byte %" PRIu64 ": truncated block (%" PRIu32 " payload bytes, %ld present)", off,
			    len, n - RRU_BLOCK_HEADER_LEN);
	h = r->buf + r->pos;
	uint32_t want = rru_crc32(0, h + RRU_BLOCK_HEADER_LEN, len);
	if (want != crc)
		return fail(r, "byte %" PRIu64 ": block CRC mismatch (stored 0x%08" PRIx32 ", computed 0x%08" PRIx32 ")",
			    off, crc, want);
	r->blk = h + RRU_BLOCK_HEADER_LEN;
	r->blen = len;
	r->bpos = 0;
	r->brecs = cnt;
	r->bdone = 0;
	r->blk_off = off + RRU_BLOCK_HEADER_LEN;
	r->pos += RRU_BLOCK_HEADER_LEN + len; /* the block stays in buf until the next fill */
	memset(r->blk_ts, 0, sizeof r->blk_ts);
	memset(r->blk_has_tid, 0, sizeof r->blk_has_tid);
	return 1;
}

/* One varint at p[i] (one-byte fast path), or goto trunc. */
#define GETV(var)                                                                   \
	do {                                                                        \
		if (i < left && p[i] < 0x80) {                                      \
			(var) = p[i++];                                             \
		} else {                                                            \
			size_t k_ = rru_varint_get(p + i, left - i, &(var));        \
			if (!k_)                                                    \
				goto trunc;                                         \
			i += k_;                                                    \
		}                                                                   \
	} while (0)

static int read_binary(struct rru_log_reader *r, struct rru_record *rec)
{
	while (!r->blk || r->bdone == r->brecs) {
		if (r->blk && r->bpos != r->blen)
			return fail(r, "byte %" PRIu64 ": %" PRIu32 " bytes left in the block after its %" PRIu32 " records",
				    r->blk_off + r->bpos, r->blen - r->bpos, r->brecs);
		int rc = next_block(r);
		if (rc <= 0) {
			if (rc == 0)
				r->state = 1;
			return rc;
		}
	}
	const uint8_t *p = r->blk + r->bpos;
	size_t left = r->blen - r->bpos, i = 1;
	uint64_t off = r->blk_off + r->bpos;
	if (left == 0)
		goto trunc;
	uint8_t tag = p[0];
	unsigned cpu = tag & 7u;
	uint64_t dts, x;
	const char *e;
	if (cpu >= r->ncpus)
		return fail(r, "byte %" PRIu64 ": unknown cpu %u (the log has %u cpus)", off, cpu, r->ncpus);
	if (tag & RRU_LOG_TAG_CHUNK) {
		struct rru_chunk *c = &rec->u.chunk;
		rec->kind = RRU_REC_CHUNK;
		c->cpu = (uint8_t)cpu;
		c->reason = (tag >> 3) & 0xF;
		c->ndeps = 0;
		if (left < 2)
			goto trunc;
		uint8_t mask = p[i++];
		if (mask & (1u << cpu)) {
			GETV(x);
			if (x > UINT32_MAX)
				return fail(r, "byte %" PRIu64 ": tid %" PRIu64 " over 32 bits", off, x);
			r->blk_tid[cpu] = (uint32_t)x;
			r->blk_has_tid[cpu] = true;
		} else if (!r->blk_has_tid[cpu]) {
			return fail(r, "byte %" PRIu64 ": chunk without a tid and no earlier chunk of cpu %u in its block",
				    off, cpu);
		}
		c->tid = r->blk_tid[cpu];
		GETV(x);
		if (x > UINT32_MAX)
			return fail(r, "byte %" PRIu64 ": icount %" PRIu64 " over 32 bits", off, x);
		c->icount = (uint32_t)x;
		GETV(dts);
		if (dts > RRU_TS_MAX)
			return fail(r, "byte %" PRIu64 ": timestamp delta %" PRIu64 " wider than 48 bits", off, dts);
		c->ts = r->blk_ts[cpu] + dts;
		uint64_t kmax = c->ts;
		for (unsigned dm = mask & ~(1u << cpu); dm; dm &= dm - 1) {
			unsigned q = (unsigned)__builtin_ctz(dm);
			GETV(x);
			if (x > RRU_TS_MAX)
				return fail(r, "byte %" PRIu64 ": dependence delta %" PRIu64 " wider than 48 bits", off, x);
			c->deps[c->ndeps].q = (uint8_t)q;
			c->deps[c->ndeps].k = c->ts + x;
			if (c->deps[c->ndeps].k > kmax)
				kmax = c->deps[c->ndeps].k;
			c->ndeps++;
		}
		/* the common case checked inline; the slow path says what is wrong */
		unsigned dm = mask & ~(1u << cpu);
		if ((dm >> r->ncpus) == 0 && kmax <= RRU_TS_MAX && (c->reason < RRU_REASON_COUNT ||
		    c->reason == RRU_REASON_NONE) && !r->finished[cpu] && c->ts >= r->last_ts[cpu]) {
			r->last_ts[cpu] = c->ts;
			goto done;
		}
		e = rru_log_check_chunk(c, r->ncpus);
	} else {
		unsigned code = (tag >> 3) & 0xF;
		struct rru_event *ev = &rec->u.ev;
		memset(rec, 0, offsetof(struct rru_record, u) + sizeof(struct rru_event));
		static const uint8_t kinds[] = {0, RRU_REC_INPUT, RRU_REC_SWITCH, RRU_REC_START,
						RRU_REC_EXIT, RRU_REC_PROGRESS, RRU_REC_FINISH};
		if (code == 0 || code >= sizeof kinds)
			return fail(r, "byte %" PRIu64 ": unknown record tag 0x%02x", off, tag);
		rec->kind = kinds[code];
		ev->cpu = (uint8_t)cpu;
		GETV(dts);
		if (dts > RRU_TS_MAX)
			return fail(r, "byte %" PRIu64 ": timestamp delta %" PRIu64 " wider than 48 bits", off, dts);
		ev->ts = r->blk_ts[cpu] + dts;
		if (code <= RRU_LOG_KIND_EXIT) {
			GETV(x);
			if (x > UINT32_MAX)
				return fail(r, "byte %" PRIu64 ": tid %" PRIu64 " over 32 bits", off, x);
			ev->tid = (uint32_t)x;
			GETV(ev->arg);
			if (code != RRU_LOG_KIND_INPUT && ev->arg > UINT32_MAX)
				return fail(r, "byte %" PRIu64 ": value %" PRIu64 " over 32 bits", off, ev->arg);
		}
		e = rru_log_check_event(ev, r->ncpus);
	}
	if (!e)
		e = check_order(r, rec);
	if (e)
		return fail(r, "byte %" PRIu64 ": %s", off, e);
done:
	r->blk_ts[cpu] = rru_record_ts(rec);
	r->bpos += (uint32_t)i;
	r->bdone++;
	r->nrecs++;
	return 1;
trunc:
	return fail(r, "byte %" PRIu64 ": record runs past the end of its block", off);
}

int rru_log_read(struct rru_log_reader *r, struct rru_record *rec)
{
	if (r->state)
		return r->state > 0 ? 0 : -1;
	return r->fmt == RRU_LOG_TEXT ? read_text(r, rec) : read_binary(r, rec);
}
