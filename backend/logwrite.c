/* The log writer: records to a text or binary log file
 * (include/rru/logfmt.h, docs/design.md §3). */
#include "rru/logfmt.h"
#include "rru/msg.h"
#include "logfmt_int.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* ---- writer -------------------------------------------------------------------- */
struct rru_log_writer {
	FILE *f;
	enum rru_log_format fmt;
	unsigned ncpus;
	uint8_t *pay;
	size_t plen;
	uint32_t precs;
	uint64_t nrecs;
	uint64_t blk_ts[RRU_MAX_CPUS];
	uint32_t blk_tid[RRU_MAX_CPUS];
	bool blk_has_tid[RRU_MAX_CPUS];
	uint64_t last_ts[RRU_MAX_CPUS];
	bool failed;
	char name[256];
};

static int wfail(struct rru_log_writer *w, const char *what)
{
	if (!w->failed)
		rru_error("%s: %s", w->name, what);
	w->failed = true;
	return -1;
}

int rru_log_writer_open(struct rru_log_writer **out, FILE *f, const char *name,
			enum rru_log_format fmt, unsigned ncpus)
{
	struct rru_log_writer *w = calloc(1, sizeof *w);
	*out = NULL;
	if (!w || ncpus == 0 || ncpus > RRU_MAX_CPUS) {
		free(w);
		rru_error("%s: %s", name, w ? "bad cpu count" : "out of memory");
		return -1;
	}
	w->f = f;
	w->fmt = fmt;
	w->ncpus = ncpus;
	snprintf(w->name, sizeof w->name, "%s", name);
	*out = w;
	if (fmt == RRU_LOG_TEXT) {
		if (fprintf(f, "h %u\n", ncpus) < 0)
			return wfail(w, "write error");
		return 0;
	}
	w->pay = malloc(RRU_BLOCK_TARGET_PAYLOAD + 256);
	if (!w->pay)
		return wfail(w, "out of memory");
	uint8_t h[RRU_LOG_HEADER_LEN];
	memcpy(h, RRU_LOG_MAGIC, RRU_LOG_MAGIC_LEN);
	h[8] = RRU_LOG_VERSION & 0xFF;
	h[9] = RRU_LOG_VERSION >> 8;
	h[10] = (uint8_t)ncpus;
	h[11] = 0;
	rru_le32_put(h + 12, rru_crc32(0, h, 12));
	if (fwrite(h, 1, sizeof h, f) != sizeof h)
		return wfail(w, "write error");
	return 0;
}

static int end_block(struct rru_log_writer *w)
{
	if (w->precs == 0)
		return 0;
	uint8_t h[RRU_BLOCK_HEADER_LEN];
	rru_le32_put(h, (uint32_t)w->plen);
	rru_le32_put(h + 4, w->precs);
	rru_le32_put(h + 8, rru_crc32(0, w->pay, w->plen));
	if (fwrite(h, 1, sizeof h, w->f) != sizeof h || fwrite(w->pay, 1, w->plen, w->f) != w->plen)
		return wfail(w, "write error");
	w->plen = 0;
	w->precs = 0;
	memset(w->blk_ts, 0, sizeof w->blk_ts);
	memset(w->blk_has_tid, 0, sizeof w->blk_has_tid);
	return 0;
}

int rru_log_write(struct rru_log_writer *w, const struct rru_record *rec)
{
	if (w->failed)
		return -1;
	const char *e = NULL;
	if (rec->kind == RRU_REC_CHUNK)
		e = rru_log_check_chunk(&rec->u.chunk, w->ncpus);
	else if (rec->kind == RRU_REC_INPUT || rec->kind == RRU_REC_SWITCH || rec->kind == RRU_REC_START ||
		 rec->kind == RRU_REC_EXIT || rec->kind == RRU_REC_PROGRESS || rec->kind == RRU_REC_FINISH)
		e = rru_log_check_event(&rec->u.ev, w->ncpus);
	else
		e = "unknown record kind";
	unsigned cpu = rru_record_cpu(rec);
	uint64_t ts = rru_record_ts(rec);
	if (!e && ts < w->last_ts[cpu])
		e = "timestamp goes backwards";
	if (!e && rec->kind == RRU_REC_SWITCH && rec->u.ev.arg > UINT32_MAX)
		e = "new tid over 32 bits";
	if (!e && (rec->kind == RRU_REC_START || rec->kind == RRU_REC_EXIT) && rec->u.ev.arg > UINT32_MAX)
		e = "value over 32 bits";
	if (e) {
		char msg[256];
		snprintf(msg, sizeof msg, "record %" PRIu64 " not written: %s", w->nrecs, e);
		return wfail(w, msg);
	}
	w->last_ts[cpu] = ts;
	w->nrecs++;
	if (w->fmt == RRU_LOG_TEXT) {
		char line[512];
		rru_log_format_line(rec, line, sizeof line);
		if (fputs(line, w->f) < 0)
			return wfail(w, "write error");
		return 0;
	}
	uint8_t *p = w->pay + w->plen;
	size_t i = 0;
	uint64_t dts = ts - w->blk_ts[cpu];
	if (rec->kind == RRU_REC_CHUNK) {
		const struct rru_chunk *c = &rec->u.chunk;
		uint8_t mask = 0;
		uint64_t k[RRU_MAX_CPUS] = {0};
		for (unsigned d = 0; d < c->ndeps; d++) {
			mask |= (uint8_t)(1u << c->deps[d].q);
			k[c->deps[d].q] = c->deps[d].k;
		}
		bool tid = !w->blk_has_tid[cpu] || w->blk_tid[cpu] != c->tid;
		if (tid)
			mask |= (uint8_t)(1u << cpu);
		p[i++] = (uint8_t)(RRU_LOG_TAG_CHUNK | (c->reason & 0xFu) << 3 | cpu);
		p[i++] = mask;
		if (tid)
			i += rru_varint_put(p + i, c->tid);
		i += rru_varint_put(p + i, c->icount);
		i += rru_varint_put(p + i, dts);
		for (unsigned q = 0; q < RRU_MAX_CPUS; q++)
			if (q != cpu && (mask & (1u << q)))
				i += rru_varint_put(p + i, k[q] - ts);
		w->blk_tid[cpu] = c->tid;
		w->blk_has_tid[cpu] = true;
	} else {
		static const uint8_t codes[128] = {
			[RRU_REC_INPUT] = RRU_LOG_KIND_INPUT,	    [RRU_REC_SWITCH] = RRU_LOG_KIND_SWITCH,
			[RRU_REC_START] = RRU_LOG_KIND_START,	    [RRU_REC_EXIT] = RRU_LOG_KIND_EXIT,
			[RRU_REC_PROGRESS] = RRU_LOG_KIND_PROGRESS, [RRU_REC_FINISH] = RRU_LOG_KIND_FINISH,
		};
		unsigned code = codes[rec->kind];
		p[i++] = (uint8_t)(code << 3 | cpu);
		i += rru_varint_put(p + i, dts);
		if (code <= RRU_LOG_KIND_EXIT) {
			i += rru_varint_put(p + i, rec->u.ev.tid);
			i += rru_varint_put(p + i, rec->u.ev.arg);
		}
	}
	w->blk_ts[cpu] = ts;
	w->plen += i;
	w->precs++;
	if (w->plen >= RRU_BLOCK_TARGET_PAYLOAD)
		return end_block(w);
	return 0;
}

int rru_log_writer_flush(struct rru_log_writer *w)
{
	if (w->failed)
		return -1;
	if (w->fmt == RRU_LOG_BINARY && end_block(w) != 0)
		return -1;
	if (fflush(w->f) != 0)
		return wfail(w, "write error");
	return 0;
}

int rru_log_writer_close(struct rru_log_writer *w)
{
	if (!w)
		return 0;
	int rc = rru_log_writer_flush(w);
	if (rc == 0 && w->fmt == RRU_LOG_BINARY) {
		uint8_t h[RRU_BLOCK_HEADER_LEN];
		rru_le32_put(h, 0);
		rru_le32_put(h + 4, (uint32_t)w->nrecs);
		rru_le32_put(h + 8, 0);
		if (fwrite(h, 1, sizeof h, w->f) != sizeof h || fflush(w->f) != 0)
			rc = wfail(w, "write error");
	}
	free(w->pay);
	free(w);
	return rc;
}
