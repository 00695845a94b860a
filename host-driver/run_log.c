/* Raw RRU words per hart -> binary chunk log: run_log.h. */
#include "run_log.h"

#include "rru/logfmt.h"
#include "rru/msg.h"
#include "rru/record.h"
#include "rru/rru_raw.h"

#include <stdlib.h>
#include <string.h>

struct hart_stream {
	uint8_t part[8];   /* bytes of the word being assembled */
	unsigned npart;
	uint64_t w[RRU_RAW_MAX_WORDS]; /* words of the record being assembled */
	unsigned nw, need;
	uint64_t words;    /* words received */
};

struct rru_run_log {
	struct rru_log_writer *w;
	const char *name;
	unsigned ncpus;
	uint64_t records;
	struct hart_stream h[RRU_MAX_CPUS];
};

int rru_run_log_open(struct rru_run_log **out, FILE *f, const char *name, unsigned ncpus)
{
	struct rru_run_log *l = calloc(1, sizeof *l);
	if (!l) {
		rru_error("%s: out of memory", name);
		return -1;
	}
	l->name = name;
	l->ncpus = ncpus;
	if (rru_log_writer_open(&l->w, f, name, RRU_LOG_BINARY, ncpus)) {
		rru_log_writer_close(l->w); /* may have been made before a write error */
		free(l);
		return -1;
	}
	*out = l;
	return 0;
}

/* One whole word of hart. */
static int word(struct rru_run_log *l, unsigned hart, uint64_t v)
{
	struct hart_stream *s = &l->h[hart];
	uint64_t at = s->words++;
	if (s->nw == 0) {
		if ((v >> RRU_RAW_KIND_SHIFT) != RRU_RAW_KIND_CHUNK) {
			rru_error("%s: hart %u, word %llu: 0x%016llx is not the start of a chunk record "
				  "(kind %u)", l->name, hart, (unsigned long long)at, (unsigned long long)v,
				  (unsigned)(v >> RRU_RAW_KIND_SHIFT));
			return -1;
		}
		unsigned ndeps = (unsigned)(v >> RRU_RAW_NDEPS_SHIFT & 15);
		if (ndeps >= l->ncpus) {
			rru_error("%s: hart %u, word %llu: a record with %u dependences on a %u-cpu run",
				  l->name, hart, (unsigned long long)at, ndeps, l->ncpus);
			return -1;
		}
		s->need = 2 + ndeps;
	}
	s->w[s->nw++] = v;
	if (s->nw < s->need)
		return 0;
	s->nw = 0;
	struct rru_record rec;
	memset(&rec, 0, sizeof rec);
	rec.kind = RRU_REC_CHUNK;
	if (rru_raw_unpack(s->w, s->need, &rec.u.chunk) != s->need) {
		rru_error("%s: hart %u, words %llu..%llu: malformed chunk record", l->name, hart,
			  (unsigned long long)(at + 1 - s->need), (unsigned long long)at);
		return -1;
	}
	if (rec.u.chunk.cpu != hart) {
		rru_error("%s: hart %u, word %llu: the record names cpu %u", l->name, hart,
			  (unsigned long long)(at + 1 - s->need), rec.u.chunk.cpu);
		return -1;
	}
	for (unsigned i = 0; i < rec.u.chunk.ndeps; i++)
		if (rec.u.chunk.deps[i].q >= l->ncpus) {
			rru_error("%s: hart %u, word %llu: a dependence on cpu %u of a %u-cpu run", l->name,
				  hart, (unsigned long long)(at + 1 - s->need), rec.u.chunk.deps[i].q, l->ncpus);
			return -1;
		}
	if (rru_log_write(l->w, &rec))
		return -1;
	l->records++;
	return 0;
}

int rru_run_log_bytes(struct rru_run_log *l, unsigned hart, const uint8_t *p, size_t n)
{
	if (hart >= l->ncpus) {
		rru_error("%s: log data of hart %u, but the run has %u", l->name, hart, l->ncpus);
		return -1;
	}
	struct hart_stream *s = &l->h[hart];
	for (size_t i = 0; i < n; i++) {
		s->part[s->npart++] = p[i];
		if (s->npart < 8)
			continue;
		s->npart = 0;
		uint64_t v = 0;
		for (int b = 7; b >= 0; b--)
			v = v << 8 | s->part[b];
		if (word(l, hart, v))
			return -1;
	}
	return 0;
}

uint64_t rru_run_log_records(const struct rru_run_log *l) { return l->records; }

int rru_run_log_close(struct rru_run_log *l)
{
	int bad = 0;
	for (unsigned h = 0; h < l->ncpus; h++)
		if (l->h[h].npart || l->h[h].nw) {
			rru_error("%s: hart %u's last record is cut short (%u words and %u bytes of %u words)",
				  l->name, h, l->h[h].nw, l->h[h].npart, l->h[h].need);
			bad = 1;
		}
	if (rru_log_writer_close(l->w))
		bad = 1;
	free(l);
	return bad ? -1 : 0;
}

void rru_run_log_abandon(struct rru_run_log *l)
{
	if (!l)
		return;
	rru_log_writer_close(l->w);
	free(l);
}
