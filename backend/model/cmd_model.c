/* `rru model`: runs the C reference model of the RRU over an event trace
 * and writes the chunk records as a log (docs/design.md §1, §2, §3). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rru/cli.h"
#include "rru/logfmt.h"
#include "rru/model.h"
#include "rru/msg.h"
#include "rru/parse.h"
#include "rru/rru_raw.h"
#include "rru/trace.h"

#include "tracecmd.h"

static const char options[] =
	"  -o, --output LOG       write the log here (default: standard output)\n"
	"  -b, --binary           binary log (default: text)\n"
	"      --sig-bits S       bits per signature (default 1024)\n"
	"      --hashes H         hash functions = signature partitions (default 4)\n"
	"      --hash h3|bitsel   hash family (default h3)\n"
	"      --table K          retained chunks in the chunk table (default 4)\n"
	"      --icount-limit L   instructions per chunk, 0 = none (default 65536)\n"
	"      --fill-limit F     set bits per signature that end a chunk, 0 = none (default 128)\n"
	"  -c, --check LOG        compare with LOG (e.g. the RTL's) record for record\n"
	"                         instead of writing; exit 1 at the first difference\n"
	"      --coherence        also check that the trace obeys the memory-system\n"
	"                         guarantees of docs/design.md §1.2 (exit 2 if not)\n"
	"  -s, --stats            print chunk statistics to stderr\n"
	"  -h, --help             this help\n";

/* Records of the log under check, per cpu, in its order. */
struct expect {
	struct rru_chunk *c;
	size_t n, cap, next;
};

struct out {
	struct rru_tracecmd io; /* io.err: also a record that differs from LOG */
	const char *check_path;
	struct expect exp[RRU_MAX_CPUS];
	uint64_t compared;
};

static int load_expected(struct out *o, const char *path)
{
	struct rru_log_reader *r;
	struct rru_record rec;
	int rc;
	if (rru_log_open(&r, path) != 0)
		return -1;
	while ((rc = rru_log_read(r, &rec)) == 1) {
		if (rec.kind != RRU_REC_CHUNK)
			continue;
		struct expect *e = &o->exp[rec.u.chunk.cpu];
		if (e->n == e->cap) {
			size_t cap = e->cap ? 2 * e->cap : 256;
			struct rru_chunk *p = realloc(e->c, cap * sizeof(*p));
			if (!p) {
				rru_error("model: out of memory");
				rc = -1;
				break;
			}
			e->c = p;
			e->cap = cap;
		}
		e->c[e->n++] = rec.u.chunk;
	}
	rru_log_close(r);
	return rc < 0 ? -1 : 0;
}

/* Compares one model record with the next record of its cpu in the log. */
static void check_chunk(struct out *o, const struct rru_chunk *c, uint64_t cycle)
{
	struct expect *e = &o->exp[c->cpu];
	char what[160] = "";
	if (e->next == e->n) {
		rru_error("model: %s: cpu %u has %zu records; the model emits a record %zu at cycle %llu",
			  o->check_path, c->cpu, e->n, e->next, (unsigned long long)cycle);
		o->io.err = 1;
		return;
	}
	const struct rru_chunk *x = &e->c[e->next];
	if (x->tid != c->tid)
		snprintf(what, sizeof(what), "tid %u, model %u", x->tid, c->tid);
	else if (x->icount != c->icount)
		snprintf(what, sizeof(what), "icount %u, model %u", x->icount, c->icount);
	else if (x->ts != c->ts)
		snprintf(what, sizeof(what), "ts %llu, model %llu", (unsigned long long)x->ts,
			 (unsigned long long)c->ts);
	else if (x->reason != RRU_REASON_NONE && x->reason != c->reason)
		snprintf(what, sizeof(what), "reason %s, model %s", rru_reason_name(x->reason),
			 rru_reason_name(c->reason));
	else if (x->ndeps != c->ndeps)
		snprintf(what, sizeof(what), "%u dependences, model %u", x->ndeps, c->ndeps);
	else
		for (unsigned i = 0; i < c->ndeps && !what[0]; i++)
			if (x->deps[i].q != c->deps[i].q || x->deps[i].k != c->deps[i].k)
				snprintf(what, sizeof(what), "dependence %u is %u:%llu, model %u:%llu", i,
					 x->deps[i].q, (unsigned long long)x->deps[i].k, c->deps[i].q,
					 (unsigned long long)c->deps[i].k);
	if (what[0]) {
		rru_error("model: %s: cpu %u record %zu (the model emits it at cycle %llu): %s",
			  o->check_path, c->cpu, e->next, (unsigned long long)cycle, what);
		o->io.err = 1;
		return;
	}
	e->next++;
	o->compared++;
}

static void on_chunk(void *ctx, const struct rru_chunk *c, uint64_t cycle)
{
	struct out *o = ctx;
	if (o->io.err)
		return;
	if (o->check_path)
		check_chunk(o, c, cycle);
	else
		rru_tracecmd_write(&o->io, c);
}

static int opt_u32(const char *name, const char *arg, uint64_t min, uint64_t max, unsigned *out)
{
	uint64_t v;
	const char *err = rru_parse_u64(arg, min, max, &v);
	if (err) {
		rru_error("model: --%s %s: %s", name, arg, err);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

static int model_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"binary", no_argument, NULL, 'b'},
		{"sig-bits", required_argument, NULL, 1},
		{"hashes", required_argument, NULL, 2},
		{"hash", required_argument, NULL, 3},
		{"table", required_argument, NULL, 4},
		{"icount-limit", required_argument, NULL, 5},
		{"fill-limit", required_argument, NULL, 6},
		{"stats", no_argument, NULL, 's'},
		{"check", required_argument, NULL, 'c'},
		{"coherence", no_argument, NULL, 7},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct rru_model_cfg cfg;
	int stats = 0, coherence = 0, opt, rc = RRU_EXIT_USAGE, r;
	struct rru_cohcheck *coh = NULL;
	unsigned v;
	struct rru_model *m = NULL;
	struct out o;
	struct rru_trace_event ev;

	memset(&o, 0, sizeof(o));
	rru_tracecmd_init(&o.io, "model", options);
	rru_model_cfg_default(&cfg);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:bsc:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': o.check_path = optarg; break;
		case 7: coherence = 1; break;
		case 's': stats = 1; break;
		case 1: if (opt_u32("sig-bits", optarg, 2, RRU_MODEL_MAX_SIG_BITS, &cfg.sig_bits)) return rc; break;
		case 2: if (opt_u32("hashes", optarg, 1, RRU_H3_MAX_HASHES, &cfg.hashes)) return rc; break;
		case 3:
			if (strcmp(optarg, "h3") == 0)
				cfg.family = RRU_HASH_H3;
			else if (strcmp(optarg, "bitsel") == 0)
				cfg.family = RRU_HASH_BITSEL;
			else {
				rru_error("model: --hash %s: expected h3 or bitsel", optarg);
				return rc;
			}
			break;
		case 4: if (opt_u32("table", optarg, 0, RRU_MODEL_MAX_TABLE, &cfg.table)) return rc; break;
		case 5: if (opt_u32("icount-limit", optarg, 0, UINT32_MAX, &v)) return rc; cfg.icount_limit = v; break;
		case 6: if (opt_u32("fill-limit", optarg, 0, RRU_MODEL_MAX_SIG_BITS, &v)) return rc; cfg.fill_limit = v; break;
		default:
			if ((r = rru_tracecmd_option(&o.io, opt, optarg)) >= 0)
				return r;
		}
	}
	if (rru_tracecmd_open_trace(&o.io, argc, argv, optind) != 0)
		goto out;
	cfg.ncpus = o.io.hdr.ncpus;
	cfg.line_bytes = o.io.hdr.line_bytes;
	const char *err = rru_model_cfg_check(&cfg);
	if (err) {
		rru_error("model: %s", err);
		goto out;
	}
	if (o.check_path) {
		if (o.io.outpath || o.io.binary) {
			rru_error("model: --check writes no log (no -o or --binary)");
			goto out;
		}
		if (load_expected(&o, o.check_path) != 0)
			goto out;
	} else if (rru_tracecmd_open_log(&o.io) != 0) {
		rc = RRU_EXIT_FAIL;
		goto out;
	}
	if (coherence && !(coh = rru_cohcheck_new(&o.io.hdr))) {
		rc = RRU_EXIT_FAIL;
		goto out;
	}
	m = rru_model_new(&cfg, on_chunk, &o);
	if (!m) {
		rc = RRU_EXIT_FAIL;
		goto out;
	}
	while ((r = rru_trace_read(o.io.rd, &ev)) == 1) {
		const char *cerr = coh ? rru_cohcheck_step(coh, &ev) : NULL;
		if (cerr) {
			rru_error("model: %s: line %lu (cycle %llu): %s", o.io.inpath, rru_trace_line(o.io.rd),
				  (unsigned long long)ev.cycle, cerr);
			goto out;
		}
		if (rru_model_step(m, &ev) != 0) {
			rru_error("model: %s: line %lu: rejected", o.io.inpath, rru_trace_line(o.io.rd));
			goto out;
		}
		if (o.io.err) {
			rc = RRU_EXIT_FAIL;
			goto out;
		}
	}
	if (r < 0)
		goto out;
	if (o.check_path) {
		for (unsigned p = 0; p < o.io.hdr.ncpus; p++)
			if (o.exp[p].next != o.exp[p].n) {
				rru_error("model: %s: cpu %u has %zu records, the model %zu",
					  o.check_path, p, o.exp[p].n, o.exp[p].next);
				rc = RRU_EXIT_FAIL;
				goto out;
			}
		printf("model: %s matches: %llu records\n", o.check_path,
		       (unsigned long long)o.compared);
	}
	if (stats) {
		const struct rru_model_stats *st = rru_model_stats(m);
		fprintf(stderr, "chunks %llu  records %llu  instructions %llu  ts %llu\n",
			(unsigned long long)st->chunks, (unsigned long long)st->records,
			(unsigned long long)st->insts, (unsigned long long)rru_model_ts(m));
		for (unsigned i = 0; i < RRU_REASON_COUNT; i++)
			if (st->by_reason[i])
				fprintf(stderr, "  %-10s %llu\n", rru_reason_name(i),
					(unsigned long long)st->by_reason[i]);
	}
	rc = RRU_EXIT_OK;
out:
	rru_model_free(m);
	rru_cohcheck_free(coh);
	for (unsigned p = 0; p < RRU_MAX_CPUS; p++)
		free(o.exp[p].c);
	return rru_tracecmd_close(&o.io, rc);
}

RRU_COMMAND(model, "model", "TRACE [options] [-o LOG | --check LOG]",
	    "run the C reference model of the RRU over an event trace; write the chunk log",
	    model_main);
