/* The chunk DAG builder (include/rru/dag.h, docs/design.md §4): the Cyrus
 * talk's example, hand-made scenarios for each rule, and randomized logs
 * checked against a brute-force evaluation of the target rule. */
#include "rru/dag.h"
#include "rru/dagfmt.h"
#include "rru/logfmt.h"
#include "rru/msg.h"

#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static void quiet(void)
{
	rru_msg_set_level(RRU_MSG_QUIET);
}
TestSuite(backend_dag, .init = quiet);

/* Parses a text log; returns the record count. */
static size_t parse(const char *log, struct rru_record *recs, size_t max, unsigned *ncpus)
{
	struct rru_log_reader *r;
	cr_assert_eq(rru_log_open_mem(&r, log, strlen(log), "t.log"), 0);
	size_t n = 0;
	int rc;
	while ((rc = rru_log_read(r, &recs[n])) == 1)
		cr_assert_lt(++n, max);
	cr_assert_eq(rc, 0, "%s", rru_log_error(r));
	*ncpus = rru_log_ncpus(r);
	rru_log_close(r);
	return n;
}

struct dag {
	struct rru_dag_node *v;
	size_t n;
};

static struct dag build(const char *log, enum rru_dag_mode mode)
{
	static struct rru_record recs[4096];
	unsigned ncpus;
	size_t n = parse(log, recs, 4096, &ncpus);
	struct dag d;
	cr_assert_eq(rru_dag_build(recs, n, ncpus, mode, &d.v, &d.n), 0);
	return d;
}

/* The node holding chunk idx of cpu. */
static const struct rru_dag_node *node_of(const struct dag *d, unsigned cpu, uint64_t idx)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].cpu == cpu && d->v[i].first <= idx && idx <= d->v[i].last)
			return &d->v[i];
	cr_assert_fail("no node for chunk %" PRIu64 " of cpu %u", idx, cpu);
	return NULL;
}

static bool has_edge(const struct dag *d, const struct rru_dag_node *from, const struct rru_dag_node *to)
{
	(void)d;
	for (unsigned i = 0; i < to->nedges; i++)
		if (to->edges[i].from == from->id)
			return true;
	return false;
}

static size_t nedges(const struct dag *d)
{
	size_t e = 0;
	for (size_t i = 0; i < d->n; i++)
		e += d->v[i].nedges;
	return e;
}

/* The Cyrus talk (slides 13-15): C00 of P0 ends at 100 with successors
 * P1:150 and P2:100; P0's C01 ends at 200, P1's C10 at 250, P2's C20 at 300. */
static const char cyrus[] = "h 3\n"
			    "c 0 1 10 100 1:150 2:100\n"
			    "c 0 1 20 200\n"
			    "c 1 2 30 250\n"
			    "c 2 3 40 300\n";

Test(backend_dag, cyrus_example_maxpar)
{
	struct dag d = build(cyrus, RRU_DAG_MAXPAR);
	cr_assert_eq(d.n, 4);
	const struct rru_dag_node *c00 = node_of(&d, 0, 0), *c01 = node_of(&d, 0, 1),
				  *c10 = node_of(&d, 1, 0), *c20 = node_of(&d, 2, 0);
	cr_assert(has_edge(&d, c00, c10), "C00 -> C10 missing");
	cr_assert(has_edge(&d, c00, c20), "C00 -> C20 missing");
	cr_assert_eq(nedges(&d), 2);
	cr_assert_eq(c01->nedges, 0);
	cr_assert_eq(c10->edges[0].wait, 1);
	/* critical path: C00 then C20 (10 + 40) */
	cr_assert_eq(c20->cp, 50);
	free(d.v);
}

Test(backend_dag, cyrus_example_other_modes)
{
	/* stitched: C00+C01 one node (the talk's table), edges from it */
	struct dag d = build(cyrus, RRU_DAG_STITCHED);
	cr_assert_eq(d.n, 3);
	const struct rru_dag_node *p0 = node_of(&d, 0, 0);
	cr_assert_eq(p0->first, 0);
	cr_assert_eq(p0->last, 1);
	cr_assert_eq(p0->icount, 30);
	cr_assert(has_edge(&d, p0, node_of(&d, 1, 0)));
	cr_assert(has_edge(&d, p0, node_of(&d, 2, 0)));
	free(d.v);
	/* serial: the four chunks in timestamp order, no edges */
	d = build(cyrus, RRU_DAG_SERIAL);
	cr_assert_eq(d.n, 4);
	cr_assert_eq(nedges(&d), 0);
	const unsigned cpus[4] = {0, 0, 1, 2};
	for (int i = 0; i < 4; i++)
		cr_assert_eq(d.v[i].cpu, cpus[i]);
	cr_assert_eq(d.v[3].cp, 100);
	free(d.v);
	/* stserial: C00+C01, C10, C20 */
	d = build(cyrus, RRU_DAG_STSERIAL);
	cr_assert_eq(d.n, 3);
	cr_assert_eq(d.v[0].last, 1);
	free(d.v);
}

/* Early dependence: q was not recording at k; its next recorded chunk
 * (the first with ts > k) is the target. */
Test(backend_dag, early_dependence_targets_next_chunk)
{
	struct dag d = build("h 2\n"
			     "c 1 5 1 50\n"
			     "c 0 1 1 100 1:120\n"
			     "c 1 5 1 300\n",
			     RRU_DAG_MAXPAR);
	cr_assert(has_edge(&d, node_of(&d, 0, 0), node_of(&d, 1, 1)));
	cr_assert_eq(nedges(&d), 1);
	free(d.v);
}

/* The target rule is strict: a chunk of q ending exactly at k is not it. */
Test(backend_dag, target_rule_is_strict)
{
	struct dag d = build("h 2\n"
			     "c 0 1 1 100 1:150\n"
			     "c 1 2 1 150\n"
			     "c 1 2 1 151\n",
			     RRU_DAG_MAXPAR);
	cr_assert_eq(node_of(&d, 1, 0)->nedges, 0);
	cr_assert(has_edge(&d, node_of(&d, 0, 0), node_of(&d, 1, 1)));
	free(d.v);
}

/* Redundant edges: of several sources on one cpu with the same target only
 * the latest is kept; an earlier source with a later target is implied by a
 * later source with an earlier target. */
Test(backend_dag, redundant_edges_removed)
{
	struct dag d = build("h 2\n"
			     "c 0 1 1 100 1:200\n"
			     "c 0 1 1 110 1:210\n"
			     "c 1 2 1 300\n",
			     RRU_DAG_MAXPAR);
	cr_assert_eq(nedges(&d), 1);
	cr_assert(has_edge(&d, node_of(&d, 0, 1), node_of(&d, 1, 0)));
	free(d.v);
	d = build("h 2\n"
		  "c 0 1 1 100 1:450\n" /* target: P1's chunk at 500 */
		  "c 0 1 1 110 1:120\n" /* target: P1's chunk at 200 */
		  "c 1 2 1 200\n"
		  "c 1 2 1 500\n",
		  RRU_DAG_MAXPAR);
	cr_assert_eq(nedges(&d), 1);
	cr_assert(has_edge(&d, node_of(&d, 0, 1), node_of(&d, 1, 0)));
	free(d.v);
}

static int count_sink(void *ctx, const struct rru_dag_node *n)
{
	(void)n;
	(*(int *)ctx)++;
	return 0;
}

/* Nodes come out while the log is still being fed: a node is placed once
 * every other cpu's progress has reached its timestamp. */
Test(backend_dag, places_nodes_before_the_end)
{
	static struct rru_record recs[8];
	unsigned ncpus;
	size_t n = parse("h 2\n"
			 "c 0 1 1 100\n" /* waits: cpu 1 may still send ts < 100 */
			 "p 1 99\n"      /* not enough */
			 "p 1 100\n"     /* now it is placed */
			 "c 0 1 1 200\n"
			 "c 1 2 1 250\n" /* places P0's chunk at 200 */
			 "f 0 300\n",    /* places P1's chunk at 250 */
			 recs, 8, &ncpus);
	int placed = 0;
	const int want[] = {0, 0, 1, 1, 2, 3};
	struct rru_dag *d = rru_dag_new(RRU_DAG_MAXPAR, ncpus, count_sink, &placed);
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(rru_dag_feed(d, &recs[i]), 0);
		cr_assert_eq(placed, want[i], "after record %zu: %d nodes, want %d", i, placed, want[i]);
	}
	cr_assert_eq(rru_dag_finish(d), 0);
	cr_assert_eq(placed, 3);
	rru_dag_free(d);
}

Test(backend_dag, rejects_inconsistent_records)
{
	struct rru_dag *d = rru_dag_new(RRU_DAG_MAXPAR, 2, NULL, NULL);
	struct rru_record r;
	memset(&r, 0, sizeof r);
	r.kind = RRU_REC_CHUNK;
	r.u.chunk.ts = 10;
	cr_assert_eq(rru_dag_feed(d, &r), 0);
	r.u.chunk.ts = 9;
	cr_assert_eq(rru_dag_feed(d, &r), -1);
	cr_assert(strstr(rru_dag_error(d), "timestamp goes backwards on cpu 0"), "%s", rru_dag_error(d));
	rru_dag_free(d);
	d = rru_dag_new(RRU_DAG_MAXPAR, 2, NULL, NULL);
	r.u.chunk.cpu = 2;
	cr_assert_eq(rru_dag_feed(d, &r), -1);
	cr_assert(strstr(rru_dag_error(d), "unknown cpu 2"));
	rru_dag_free(d);
	d = rru_dag_new(RRU_DAG_MAXPAR, 2, NULL, NULL);
	r.u.chunk.cpu = 0;
	r.u.chunk.ndeps = 1;
	r.u.chunk.deps[0].q = 1;
	r.u.chunk.deps[0].k = 5;
	cr_assert_eq(rru_dag_feed(d, &r), -1);
	cr_assert(strstr(rru_dag_error(d), "bad dependence 1:5"));
	rru_dag_free(d);
}

/* ---- randomized logs against brute force ------------------------------------------- */
enum { RN = 400 };

struct rlog {
	struct rru_record rec[RN + RRU_MAX_CPUS];
	size_t n;
	unsigned ncpus;
	/* per cpu: chunks in order */
	size_t nch[RRU_MAX_CPUS];
	struct rru_chunk ch[RRU_MAX_CPUS][RN];
};

static void gen(struct rlog *L, unsigned ncpus, unsigned seed, bool unique_ts)
{
	srand(seed);
	memset(L, 0, sizeof *L);
	L->ncpus = ncpus;
	uint64_t now = 1;
	for (size_t i = 0; i < RN; i++) {
		unsigned p = (unsigned)rand() % ncpus;
		now += unique_ts ? 1 + (unsigned)rand() % 3 : (unsigned)rand() % 2;
		struct rru_record *r = &L->rec[L->n++];
		memset(r, 0, sizeof *r);
		if (rand() % 10 == 0) {
			r->kind = RRU_REC_PROGRESS;
			r->u.ev.cpu = (uint8_t)p;
			r->u.ev.ts = now;
			continue;
		}
		r->kind = RRU_REC_CHUNK;
		struct rru_chunk *c = &r->u.chunk;
		c->cpu = (uint8_t)p;
		c->ts = now;
		c->tid = (uint32_t)(rand() % 4 ? p : p + 10);
		c->icount = 1 + (uint32_t)rand() % 100;
		c->reason = (uint8_t)(rand() % 8);
		for (unsigned q = 0; q < ncpus; q++)
			if (q != p && rand() % 3 == 0) {
				c->deps[c->ndeps].q = (uint8_t)q;
				c->deps[c->ndeps].k = now + (uint64_t)(rand() % 4 ? rand() % 5 : rand() % 60);
				c->ndeps++;
			}
		L->ch[p][L->nch[p]++] = *c;
	}
}

/* Target of q:k: index of the first chunk of q with ts > k, or -1. */
static long target(const struct rlog *L, unsigned q, uint64_t k)
{
	for (size_t i = 0; i < L->nch[q]; i++)
		if (L->ch[q][i].ts > k)
			return (long)i;
	return -1;
}

/* Checks a DAG of the log: structure, that it orders every dependence, and
 * (maxpar) that it adds nothing and keeps the full graph's critical path. */
static void check(const struct rlog *L, enum rru_dag_mode mode, const struct dag *d)
{
	static uint8_t anc[RN][RN / 8 + 1]; /* anc[i]: nodes before node i */
	uint64_t next_chunk[RRU_MAX_CPUS] = {0}, next_ord[RRU_MAX_CPUS] = {0};
	long last_node[RRU_MAX_CPUS];
	bool serial = mode == RRU_DAG_SERIAL || mode == RRU_DAG_STSERIAL;
	cr_assert_leq(d->n, RN);
	memset(anc, 0, sizeof anc);
	memset(last_node, -1, sizeof last_node);
	for (size_t i = 0; i < d->n; i++) {
		const struct rru_dag_node *n = &d->v[i];
		cr_assert_eq(n->id, i);
		cr_assert_eq(n->first, next_chunk[n->cpu], "node %zu does not continue its cpu's chunks", i);
		cr_assert_eq(n->ordinal, next_ord[n->cpu]);
		next_ord[n->cpu]++;
		uint64_t icount = 0;
		for (uint64_t c = n->first; c <= n->last; c++) {
			cr_assert_eq(L->ch[n->cpu][c].tid, n->tid, "node %zu merges two threads", i);
			icount += L->ch[n->cpu][c].icount;
		}
		cr_assert_eq(icount, n->icount);
		next_chunk[n->cpu] = n->last + 1;
		long preds[RRU_MAX_CPUS + 1];
		int np = 0;
		if (serial && i > 0)
			preds[np++] = (long)i - 1;
		if (last_node[n->cpu] >= 0)
			preds[np++] = last_node[n->cpu];
		if (serial)
			cr_assert_eq(n->nedges, 0);
		for (unsigned e = 0; e < n->nedges; e++) {
			const struct rru_dag_edge *E = &n->edges[e];
			cr_assert_lt(E->from, i, "edge from a later node");
			cr_assert_eq(d->v[E->from].cpu, E->cpu);
			cr_assert_neq(E->cpu, n->cpu);
			cr_assert_eq(d->v[E->from].ordinal + 1, E->wait);
			preds[np++] = (long)E->from;
			if (mode == RRU_DAG_MAXPAR) {
				/* an edge is a recorded dependence, nothing added */
				const struct rru_dag_node *s = &d->v[E->from];
				const struct rru_chunk *sc = &L->ch[s->cpu][s->first];
				bool found = false;
				for (unsigned k = 0; k < sc->ndeps; k++)
					if (sc->deps[k].q == n->cpu && target(L, n->cpu, sc->deps[k].k) == (long)n->first)
						found = true;
				cr_assert(found, "maxpar edge %" PRIu64 "->%zu is no dependence", E->from, i);
			}
		}
		for (int k = 0; k < np; k++) {
			long p = preds[k];
			anc[i][p / 8] |= (uint8_t)(1u << (p % 8));
			for (size_t b = 0; b < sizeof anc[0]; b++)
				anc[i][b] |= anc[p][b];
		}
		last_node[n->cpu] = (long)i;
	}
	for (unsigned p = 0; p < L->ncpus; p++)
		cr_assert_eq(next_chunk[p], L->nch[p], "cpu %u: chunks missing from the DAG", p);
	/* every dependence is ordered */
	for (unsigned p = 0; p < L->ncpus; p++)
		for (size_t c = 0; c < L->nch[p]; c++)
			for (unsigned k = 0; k < L->ch[p][c].ndeps; k++) {
				unsigned q = L->ch[p][c].deps[k].q;
				long t = target(L, q, L->ch[p][c].deps[k].k);
				if (t < 0)
					continue;
				const struct rru_dag_node *s = node_of(d, p, c), *T = node_of(d, q, (uint64_t)t);
				cr_assert(anc[T->id][s->id / 8] & (1u << (s->id % 8)),
					  "%s: dependence %u.%zu -> %u.%ld not ordered", rru_dag_mode_name(mode), p, c,
					  q, t);
			}
	if (mode == RRU_DAG_MAXPAR) {
		/* critical path of the full constraint graph, chunk by chunk in
		 * timestamp order (all its edges go forward in that order) */
		static uint64_t cp[RRU_MAX_CPUS][RN];
		uint64_t best = 0;
		size_t idx[RRU_MAX_CPUS] = {0};
		for (;;) {
			int b = -1;
			for (unsigned p = 0; p < L->ncpus; p++)
				if (idx[p] < L->nch[p] &&
				    (b < 0 || L->ch[p][idx[p]].ts < L->ch[b][idx[b]].ts))
					b = (int)p;
			if (b < 0)
				break;
			size_t c = idx[b]++;
			uint64_t m = c ? cp[b][c - 1] : 0;
			for (unsigned p = 0; p < L->ncpus; p++)
				for (size_t s = 0; s < idx[p] && p != (unsigned)b; s++)
					for (unsigned k = 0; k < L->ch[p][s].ndeps; k++)
						if (L->ch[p][s].deps[k].q == b &&
						    target(L, (unsigned)b, L->ch[p][s].deps[k].k) == (long)c &&
						    cp[p][s] > m)
							m = cp[p][s];
			cp[b][c] = m + L->ch[b][c].icount;
			if (cp[b][c] > best)
				best = cp[b][c];
		}
		uint64_t got = 0;
		for (size_t i = 0; i < d->n; i++)
			if (d->v[i].cp > got)
				got = d->v[i].cp;
		cr_assert_eq(got, best, "maxpar critical path %" PRIu64 ", full graph %" PRIu64, got, best);
	}
}

Test(backend_dag, random_logs_against_brute_force)
{
	static struct rlog L;
	for (unsigned seed = 1; seed <= 60; seed++) {
		gen(&L, 2 + seed % 7, seed, seed % 2);
		for (int m = 0; m < RRU_DAG_NMODES; m++) {
			struct dag d;
			cr_assert_eq(rru_dag_build(L.rec, L.n, L.ncpus, m, &d.v, &d.n), 0);
			check(&L, m, &d);
			free(d.v);
		}
	}
}

/* Another interleaving of the cpus' records gives the same DAG. */
Test(backend_dag, interleaving_does_not_matter)
{
	static struct rlog L;
	static struct rru_record shuf[RN];
	for (unsigned seed = 1; seed <= 20; seed++) {
		gen(&L, 4, seed, true);
		/* deal the records of each cpu out in a different cpu order */
		size_t pos[RRU_MAX_CPUS] = {0}, n = 0;
		while (n < L.n) {
			unsigned p = (unsigned)rand() % 4;
			for (size_t i = pos[p]; i < L.n; i++)
				if (rru_record_cpu(&L.rec[i]) == p) {
					shuf[n++] = L.rec[i];
					pos[p] = i + 1;
					break;
				} else if (i == L.n - 1) {
					pos[p] = L.n;
				}
		}
		for (int m = 0; m < RRU_DAG_NMODES; m++) {
			struct dag a, b;
			cr_assert_eq(rru_dag_build(L.rec, L.n, 4, m, &a.v, &a.n), 0);
			cr_assert_eq(rru_dag_build(shuf, n, 4, m, &b.v, &b.n), 0);
			cr_assert_eq(a.n, b.n);
			for (size_t i = 0; i < a.n; i++) {
				cr_assert_eq(a.v[i].cpu, b.v[i].cpu, "mode %d node %zu", m, i);
				cr_assert_eq(a.v[i].first, b.v[i].first);
				cr_assert_eq(a.v[i].nedges, b.v[i].nedges);
			}
			free(a.v);
			free(b.v);
		}
	}
}

/* Memory follows the window, not the log: 200k chunks, window stays small. */
Test(backend_dag, window_stays_bounded)
{
	struct rru_dag *d = rru_dag_new(RRU_DAG_MAXPAR, 4, NULL, NULL);
	struct rru_record r;
	memset(&r, 0, sizeof r);
	r.kind = RRU_REC_CHUNK;
	for (uint64_t i = 0; i < 200000; i++) {
		r.u.chunk.cpu = (uint8_t)(i % 4);
		r.u.chunk.ts = i;
		r.u.chunk.ndeps = 1;
		r.u.chunk.deps[0].q = (uint8_t)((i + 1) % 4);
		r.u.chunk.deps[0].k = i + 2;
		cr_assert_eq(rru_dag_feed(d, &r), 0);
	}
	cr_assert_eq(rru_dag_finish(d), 0);
	struct rru_dag_stats st;
	rru_dag_get_stats(d, &st);
	cr_assert_eq(st.nodes, 200000);
	cr_assert_leq(st.max_window, 8, "window %" PRIu64, st.max_window);
	cr_assert_leq(st.max_pending, 8, "%" PRIu64 " dependences held", st.max_pending);
	rru_dag_free(d);
}

/* The nodes of d written in form emit to a malloc'd buffer (*len bytes). */
static char *write_dag(const struct dag *d, enum rru_dag_emit emit, enum rru_dag_mode m,
		       unsigned ncpus, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	struct rru_dag_writer *w;
	cr_assert_eq(rru_dag_writer_open(&w, f, "mem", emit, m, ncpus), 0);
	for (size_t i = 0; i < d->n; i++)
		cr_assert_eq(rru_dag_writer_node(w, &d->v[i]), 0);
	uint64_t bytes;
	cr_assert_eq(rru_dag_writer_close(w, &bytes), 0);
	fclose(f);
	cr_assert_eq(bytes, *len);
	return buf;
}

/* Calls check with the DAG of random logs (8 seeds) in each mode. */
static void each_random_dag(void (*check)(const struct dag *d, enum rru_dag_mode m, unsigned ncpus))
{
	static struct rlog L;
	for (unsigned seed = 1; seed <= 8; seed++) {
		gen(&L, 1 + seed % 8, seed, false);
		for (int m = 0; m < RRU_DAG_NMODES; m++) {
			struct dag d;
			cr_assert_eq(rru_dag_build(L.rec, L.n, L.ncpus, m, &d.v, &d.n), 0);
			check(&d, m, L.ncpus);
			free(d.v);
		}
	}
}

static void binary_reads_back(const struct dag *d, enum rru_dag_mode m, unsigned ncpus)
{
	size_t len;
	char *buf = write_dag(d, RRU_DAG_EMIT_BIN, m, ncpus, &len);
	struct rru_dag_reader *r;
	cr_assert_eq(rru_dag_reader_open_mem(&r, buf, len, "mem"), 0);
	cr_assert_eq(rru_dag_reader_mode(r), m);
	struct rru_dag_node n;
	size_t i = 0;
	int rc;
	while ((rc = rru_dag_reader_next(r, &n)) == 1) {
		const struct rru_dag_node *o = &d->v[i++];
		cr_assert_eq(n.cpu, o->cpu);
		cr_assert_eq(n.tid, o->tid);
		cr_assert_eq(n.icount, o->icount);
		cr_assert_eq(n.first, o->first);
		cr_assert_eq(n.last, o->last);
		cr_assert_eq(n.reason, o->reason);
		cr_assert_eq(n.nedges, o->nedges);
		for (unsigned e = 0; e < n.nedges; e++) {
			bool found = false;
			for (unsigned k = 0; k < o->nedges; k++)
				found |= o->edges[k].from == n.edges[e].from &&
					 o->edges[k].wait == n.edges[e].wait;
			cr_assert(found);
		}
	}
	cr_assert_eq(rc, 0, "%s", rru_dag_reader_error(r));
	cr_assert_eq(i, d->n);
	rru_dag_reader_close(r);
	/* a flipped bit is caught */
	if (len > 40) {
		buf[30] ^= 1;
		cr_assert_eq(rru_dag_reader_open_mem(&r, buf, len, "mem"), 0);
		while ((rc = rru_dag_reader_next(r, &n)) == 1)
			;
		cr_assert_eq(rc, -1);
		cr_assert(strstr(rru_dag_reader_error(r), "CRC mismatch"));
		rru_dag_reader_close(r);
	}
	free(buf);
}

/* The binary DAG reads back to the same nodes and token counts. */
Test(backend_dag, binary_dag_round_trip)
{
	each_random_dag(binary_reads_back);
}

static void text_reads_back(const struct dag *d, enum rru_dag_mode m, unsigned ncpus)
{
	size_t len;
	char *buf = write_dag(d, RRU_DAG_EMIT_TEXT, m, ncpus, &len);
	struct rru_dag_text_reader *r;
	cr_assert_eq(rru_dag_text_open_mem(&r, buf, len, "mem"), 0);
	struct rru_dag_text_line l;
	const struct rru_dag_node *o = NULL;
	size_t i = 0;
	unsigned edges = 0;
	int rc;
	while ((rc = rru_dag_text_next(r, &l)) == 1) {
		if (l.kind == 'e') {
			cr_assert(o && l.to == o->id && edges < o->nedges);
			cr_assert_eq(l.from, o->edges[edges++].from);
			continue;
		}
		cr_assert(!o || edges == o->nedges);
		o = &d->v[i++];
		edges = 0;
		cr_assert_eq(l.node.id, o->id);
		cr_assert_eq(l.node.cpu, o->cpu);
		cr_assert_eq(l.node.ordinal, o->ordinal);
		cr_assert_eq(l.node.tid, o->tid);
		cr_assert_eq(l.node.icount, o->icount);
		cr_assert_eq(l.node.first, o->first);
		cr_assert_eq(l.node.last, o->last);
	}
	cr_assert_eq(rc, 0, "%s", rru_dag_text_error(r));
	cr_assert(!o || edges == o->nedges);
	cr_assert_eq(i, d->n);
	cr_assert_eq(rru_dag_text_mode(r), m);
	cr_assert_eq(rru_dag_text_ncpus(r), ncpus);
	rru_dag_text_close(r);
	free(buf);
}

/* The text DAG reads back to the same nodes, in order, each followed by its
 * incoming edges (none in the serial modes). */
Test(backend_dag, text_dag_round_trip)
{
	each_random_dag(text_reads_back);
}

/* Bad text DAGs stop with a message naming the line and what is wrong. */
Test(backend_dag, text_dag_bad_input)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{"", "no \"# rru dag <mode> cpus <n>\" header"},
		{"# a comment\nn 0 0 1 1 0 0\n", "line 2: 'n' line before the \"# rru dag"},
		{"# rru dag fast cpus 2\n", "line 1: unknown mode 'fast'"},
		{"# rru dag maxpar cpus 9\n", "line 1: bad cpu count '9'"},
		{"# rru dag maxpar\n", "line 1: bad header"},
		{"# rru dag serial cpus 2\n# rru dag serial cpus 2\n", "line 2: a second"},
		{"# rru dag maxpar cpus 2\nn 1 0 1 1 0 0\n", "line 2: node id 1 out of order (0 expected)"},
		{"# rru dag maxpar cpus 2\nn 0 2 1 1 0 0\n", "line 2: node 0 of cpu 2, the DAG has 2 cpus"},
		{"# rru dag maxpar cpus 2\nn 0 0 1 1 0\n", "line 2: a node needs"},
		{"# rru dag maxpar cpus 2\nn 0 0 -1 1 0 0\n", "line 2: bad tid '-1'"},
		{"# rru dag maxpar cpus 2\nn 0 0 4294967296 1 0 0\n", "line 2: bad tid"},
		{"# rru dag maxpar cpus 2\nn 0 0 1 1 2 1\n", "line 2: node 0: chunks 2..1: first after last"},
		{"# rru dag maxpar cpus 2\ne 0 1\n", "line 2: edge 0 -> 1 before any node"},
		{"# rru dag maxpar cpus 2\nn 0 0 1 1 0 0\nn 1 1 1 1 0 0\n\nn 2 0 1 1 1 1\ne 0 1\n",
		 "line 6: edge 0 -> 1 does not end at the node of the n line before it (2)"},
		{"# rru dag maxpar cpus 2\nn 0 0 1 1 0 0\ne 0 0\n", "line 3: edge 0 -> 0 does not start at an earlier node"},
		{"# rru dag maxpar cpus 2\nn 0 0 1 1 0 0\ne 0\n", "line 3: an edge needs 'e <from> <to>'"},
		{"# rru dag maxpar cpus 2\nc 0 1 1 5\n", "line 2: not a text DAG line ('c'"},
		{"# rru dag maxpar cpus 2\nn 0 0 1 1 0 0x\n", "line 2: bad last '0x'"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rru_dag_text_reader *r;
		struct rru_dag_text_line l;
		int rc;
		cr_assert_eq(rru_dag_text_open_mem(&r, cases[i].text, strlen(cases[i].text), "t.dag"), 0);
		while ((rc = rru_dag_text_next(r, &l)) == 1)
			;
		cr_assert_eq(rc, -1, "case %zu accepted", i);
		cr_assert_eq(rru_dag_text_next(r, &l), -1);
		cr_assert(strncmp(rru_dag_text_error(r), "t.dag: ", 7) == 0);
		cr_assert(strstr(rru_dag_text_error(r), cases[i].msg), "case %zu: \"%s\" does not say \"%s\"", i,
			  rru_dag_text_error(r), cases[i].msg);
		rru_dag_text_close(r);
	}
	/* comments, blank lines, CR LF, hex, a last line without its newline */
	static const char ok[] = "# made by hand\r\n# rru dag stitched cpus 2\n\n n 0 1 0x10 3 0 1 # two chunks\r\n"
				 "n 1 0 2 4 0 0\ne 0 1";
	struct rru_dag_text_reader *r;
	struct rru_dag_text_line l;
	cr_assert_eq(rru_dag_text_open_mem(&r, ok, strlen(ok), "ok.dag"), 0);
	cr_assert_eq(rru_dag_text_next(r, &l), 1);
	cr_assert(l.kind == 'n' && l.node.cpu == 1 && l.node.tid == 16 && l.node.last == 1);
	cr_assert_eq(rru_dag_text_next(r, &l), 1);
	cr_assert(l.kind == 'n' && l.node.id == 1 && l.node.ordinal == 0);
	cr_assert_eq(rru_dag_text_next(r, &l), 1);
	cr_assert(l.kind == 'e' && l.from == 0 && l.to == 1);
	cr_assert_eq(rru_dag_text_next(r, &l), 0, "%s", rru_dag_text_error(r));
	cr_assert_eq(rru_dag_text_mode(r), RRU_DAG_STITCHED);
	rru_dag_text_close(r);
}

struct last_sink {
	struct rru_dag_node last;
	uint64_t n;
	uint64_t edge_from_0; /* node id that has an edge from node 0, +1 */
};

static int keep_last(void *ctx, const struct rru_dag_node *n)
{
	struct last_sink *s = ctx;
	s->last = *n;
	s->n++;
	for (unsigned i = 0; i < n->nedges; i++)
		if (n->edges[i].from == 0)
			s->edge_from_0 = n->id + 1;
	return 0;
}

/* A dependence whose target comes 100k chunks later keeps its source's id
 * while the node map is trimmed and grown around it. */
Test(backend_dag, long_lived_dependence)
{
	struct last_sink s = {0};
	struct rru_dag *d = rru_dag_new(RRU_DAG_MAXPAR, 2, keep_last, &s);
	struct rru_record r;
	memset(&r, 0, sizeof r);
	r.kind = RRU_REC_CHUNK;
	r.u.chunk.ndeps = 1;
	r.u.chunk.deps[0].q = 1;
	r.u.chunk.deps[0].k = 200000; /* P1's chunk ending at 200001 */
	r.u.chunk.ts = 0;
	cr_assert_eq(rru_dag_feed(d, &r), 0);
	for (uint64_t t = 1; t <= 200002; t++) {
		r.u.chunk.cpu = (uint8_t)(t % 2);
		r.u.chunk.ts = t;
		r.u.chunk.ndeps = 1;
		r.u.chunk.deps[0].q = (uint8_t)(1 - t % 2);
		r.u.chunk.deps[0].k = t + 1;
		cr_assert_eq(rru_dag_feed(d, &r), 0);
	}
	cr_assert_eq(rru_dag_finish(d), 0);
	/* node 0's edge is implied (P0's later chunks reach P1 earlier), so the
	 * reduced DAG has no edge from it; the id map still had to hold it */
	cr_assert_eq(s.n, 200003);
	struct rru_dag_stats st;
	rru_dag_get_stats(d, &st);
	cr_assert_leq(st.max_window, 4);
	rru_dag_free(d);
}

/* While q is idle (only progress records), p's dependences on it collapse
 * to the latest: q's next chunk gets one edge, from p's last source. */
Test(backend_dag, idle_cpu_keeps_one_pending_source)
{
	struct last_sink s = {0};
	struct rru_dag *d = rru_dag_new(RRU_DAG_MAXPAR, 2, keep_last, &s);
	struct rru_record r;
	for (uint64_t t = 1; t <= 100000; t++) {
		memset(&r, 0, sizeof r);
		r.kind = RRU_REC_PROGRESS;
		r.u.ev.cpu = 1;
		r.u.ev.ts = t;
		cr_assert_eq(rru_dag_feed(d, &r), 0);
		memset(&r, 0, sizeof r);
		r.kind = RRU_REC_CHUNK;
		r.u.chunk.cpu = 0;
		r.u.chunk.ts = t;
		r.u.chunk.ndeps = 1;
		r.u.chunk.deps[0].q = 1;
		r.u.chunk.deps[0].k = t;
		cr_assert_eq(rru_dag_feed(d, &r), 0);
	}
	cr_assert_eq(s.n, 100000, "P0's chunks are placed while P1 is idle");
	memset(&r, 0, sizeof r);
	r.kind = RRU_REC_CHUNK;
	r.u.chunk.cpu = 1;
	r.u.chunk.ts = 100001;
	cr_assert_eq(rru_dag_feed(d, &r), 0);
	cr_assert_eq(rru_dag_finish(d), 0);
	cr_assert_eq(s.last.cpu, 1);
	cr_assert_eq(s.last.nedges, 1);
	cr_assert_eq(s.last.edges[0].from, 99999);
	cr_assert_eq(s.last.edges[0].wait, 100000);
	/* the pending sources never piled up */
	struct rru_dag_stats st;
	rru_dag_get_stats(d, &st);
	cr_assert_leq(st.max_window, 2);
	cr_assert_leq(st.max_pending, 2, "%" PRIu64 " dependences held", st.max_pending);
	rru_dag_free(d);
}
