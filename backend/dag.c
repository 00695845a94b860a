/* The chunk DAG builder (include/rru/dag.h, docs/design.md §4).
 *
 * Chunks are placed in one global order: by end timestamp, ties by cpu, each
 * cpu's chunks in their own order. A chunk of cpu q with end timestamp t is
 * placed once every other cpu's progress (the timestamp its later records
 * can no longer go below) is >= t: then every chunk that can depend on it
 * (sources have ts <= k < t) has been read and placed. Cross-cpu edges go
 * from a lower to a strictly higher timestamp, so this order is a valid
 * replay order for every mode.
 *
 * Dependences: when a source chunk is placed, each of its q:k joins the
 * deque of the pair (source cpu, q), kept sorted by k (a later source with a
 * smaller or equal k makes the earlier entry redundant: its target is not
 * earlier, and program order on both cpus implies it). When a chunk T of q
 * with timestamp t is placed, every entry with k < t at the front of a
 * pair's deque targets T (T is the first chunk of q with ts > k); the last
 * one of them (the latest source) gives T's one edge from that cpu. */
#include "rru/dag.h"
#include "rru/msg.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A chunk read but not yet placed. */
struct pend {
	uint64_t ts;
	uint64_t k[RRU_MAX_CPUS];
	uint32_t tid;
	uint32_t icount;
	uint8_t mask; /* bit q: a dependence q:k[q] */
	uint8_t reason;
};

/* A placed source waiting for its target: k, and the source's node ordinal. */
struct src {
	uint64_t k;
	uint64_t ord;
};

struct srcq {
	struct src *v;
	size_t cap, head, len; /* ring, cap a power of 2 */
};

/* Placed nodes' id and critical path, by per-cpu ordinal, kept while some
 * deque entry can still refer to them. */
struct nmap {
	uint64_t *id;
	uint64_t *cp;
	size_t cap;    /* power of 2 */
	uint64_t base; /* oldest ordinal held */
	uint64_t len;
};

struct cpu {
	struct pend *q; /* ring of read, unplaced chunks */
	size_t qcap, qhead, qlen;
	uint64_t progress; /* later records of this cpu have ts >= progress */
	uint64_t last_ts;
	bool finished;
	uint64_t nread;    /* chunks read */
	uint64_t nplaced;  /* chunks placed */
	uint64_t nord;     /* nodes opened on this cpu */
	uint64_t need[RRU_MAX_CPUS]; /* tokens from each cpu already waited for */
	uint64_t last_cp;  /* critical path of this cpu's last closed node */
	bool open;         /* stitched: a node is open */
	struct rru_dag_node node; /* stitched: the open node */
	struct nmap map;
};

/* Timestamps the builder accepts (the wire carries 48 bits; the rest is
 * headroom, UINT64_MAX marks "no chunk" and "no more records"). */
#define RRU_TS_MAX_DAG (UINT64_MAX / 2)

struct rru_dag {
	enum rru_dag_mode mode;
	unsigned ncpus;
	rru_dag_sink_fn sink;
	void *ctx;
	bool failed;
	uint64_t next_id;
	uint64_t window, max_window;
	uint64_t pending, max_pending; /* deque entries held */
	uint8_t inmask[RRU_MAX_CPUS]; /* bit p of [q]: deque (p, q) not empty */
	uint64_t serial_cp;
	bool sopen;                /* stserial: a node is open */
	struct rru_dag_node snode; /* stserial: the open node */
	struct rru_dag_stats st;
	/* hot in drain(): each cpu's head chunk ts (UINT64_MAX: none), progress */
	uint64_t head[RRU_MAX_CPUS];
	uint64_t prog[RRU_MAX_CPUS];
	struct cpu cpu[RRU_MAX_CPUS];
	struct srcq dq[RRU_MAX_CPUS][RRU_MAX_CPUS]; /* [source cpu][target cpu] */
	char err[256];
};

static const char *const mode_names[RRU_DAG_NMODES] = {"maxpar", "stitched", "stserial", "serial"};

const char *rru_dag_mode_name(enum rru_dag_mode m)
{
	return (unsigned)m < RRU_DAG_NMODES ? mode_names[m] : "?";
}

int rru_dag_mode_parse(const char *s)
{
	for (int m = 0; m < RRU_DAG_NMODES; m++)
		if (strcmp(s, mode_names[m]) == 0)
			return m;
	return -1;
}

static int dfail(struct rru_dag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int dfail(struct rru_dag *d, const char *fmt, ...)
{
	va_list ap;
	if (d->failed)
		return -1;
	va_start(ap, fmt);
	vsnprintf(d->err, sizeof d->err, fmt, ap);
	va_end(ap);
	d->failed = true;
	rru_error("dag: %s", d->err);
	return -1;
}

const char *rru_dag_error(const struct rru_dag *d)
{
	return d->err;
}

/* Grows a ring of n-byte elements to twice its capacity, unrolling it. */
static void *ring_grow(void *v, size_t elt, size_t *cap, size_t head, size_t len)
{
	size_t ncap = *cap ? *cap * 2 : 16;
	char *nv = malloc(ncap * elt);
	if (!nv)
		return NULL;
	for (size_t i = 0; i < len; i++)
		memcpy(nv + i * elt, (char *)v + ((head + i) & (*cap - 1)) * elt, elt);
	free(v);
	*cap = ncap;
	return nv;
}

struct rru_dag *rru_dag_new(enum rru_dag_mode mode, unsigned ncpus, rru_dag_sink_fn sink, void *ctx)
{
	if ((unsigned)mode >= RRU_DAG_NMODES || ncpus == 0 || ncpus > RRU_MAX_CPUS)
		return NULL;
	struct rru_dag *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->mode = mode;
	d->ncpus = ncpus;
	d->sink = sink;
	d->ctx = ctx;
	for (unsigned p = 0; p < RRU_MAX_CPUS; p++)
		d->head[p] = UINT64_MAX;
	return d;
}

void rru_dag_free(struct rru_dag *d)
{
	if (!d)
		return;
	for (unsigned p = 0; p < RRU_MAX_CPUS; p++) {
		free(d->cpu[p].q);
		free(d->cpu[p].map.id);
		free(d->cpu[p].map.cp);
		for (unsigned q = 0; q < RRU_MAX_CPUS; q++)
			free(d->dq[p][q].v);
	}
	free(d);
}

void rru_dag_get_stats(const struct rru_dag *d, struct rru_dag_stats *st)
{
	*st = d->st;
	st->max_window = d->max_window;
	st->max_pending = d->max_pending;
}

/* ---- node output ---------------------------------------------------------------- */
static int emit(struct rru_dag *d, struct rru_dag_node *n)
{
	n->id = d->next_id++;
	d->st.nodes++;
	d->st.edges += n->nedges;
	if (n->cp > d->st.critical_path)
		d->st.critical_path = n->cp;
	if (d->sink && d->sink(d->ctx, n) != 0)
		return dfail(d, "output failed at node %" PRIu64, n->id);
	return 0;
}

/* Lowest ordinal of cpu p that a deque entry still refers to. */
static uint64_t live_min(const struct rru_dag *d, unsigned p)
{
	uint64_t m = d->cpu[p].nord;
	for (unsigned q = 0; q < d->ncpus; q++) {
		const struct srcq *s = &d->dq[p][q];
		if (s->len && s->v[s->head].ord < m)
			m = s->v[s->head].ord;
	}
	return m;
}

/* Records a closed node of cpu p (ordinal ord) for later edge lookups. */
static int map_put(struct rru_dag *d, unsigned p, uint64_t ord, uint64_t id, uint64_t cp)
{
	struct nmap *m = &d->cpu[p].map;
	bool grow = m->len == m->cap;
	if (grow && m->cap) {
		uint64_t lo = live_min(d, p);
		if (lo > m->base) {
			uint64_t drop = lo - m->base;
			if (drop > m->len)
				drop = m->len;
			m->base += drop;
			m->len -= drop;
		}
		if (m->len == 0)
			m->base = ord;
		/* grow when still more than half full, so live_min() runs at most
		 * once per cap/2 nodes */
		grow = m->len > m->cap / 2;
	}
	if (grow) {
		size_t ncap = m->cap ? m->cap * 2 : 64;
		uint64_t *nid = malloc(ncap * sizeof *nid), *ncp = malloc(ncap * sizeof *ncp);
		if (!nid || !ncp) {
			free(nid);
			free(ncp);
			return dfail(d, "out of memory");
		}
		for (uint64_t i = 0; i < m->len; i++) {
			uint64_t o = m->base + i;
			nid[o & (ncap - 1)] = m->id[o & (m->cap - 1)];
			ncp[o & (ncap - 1)] = m->cp[o & (m->cap - 1)];
		}
		free(m->id);
		free(m->cp);
		m->id = nid;
		m->cp = ncp;
		m->cap = ncap;
	}
	if (m->len == 0)
		m->base = ord;
	m->id[ord & (m->cap - 1)] = id;
	m->cp[ord & (m->cap - 1)] = cp;
	m->len++;
	return 0;
}

/* Closes and emits cpu p's open node (stitched), or a node just built
 * (maxpar: n is the chunk's node). */
static int close_node(struct rru_dag *d, unsigned p, struct rru_dag_node *n)
{
	struct cpu *c = &d->cpu[p];
	n->cp += n->icount; /* n->cp held the longest path before the node */
	if (emit(d, n) != 0)
		return -1;
	c->last_cp = n->cp;
	return map_put(d, p, n->ordinal, n->id, n->cp);
}

static int close_open(struct rru_dag *d, unsigned p)
{
	struct cpu *c = &d->cpu[p];
	if (!c->open)
		return 0;
	c->open = false;
	return close_node(d, p, &c->node);
}

/* Adds the edge from cpu p's node `ord` to node n of cpu q (if new). */
static int add_edge(struct rru_dag *d, unsigned q, struct rru_dag_node *n, unsigned p, uint64_t ord)
{
	struct cpu *cq = &d->cpu[q], *cp = &d->cpu[p];
	if (ord + 1 <= cq->need[p])
		return 0; /* already implied by an earlier node of q */
	if (cp->open && cp->node.ordinal == ord && close_open(d, p) != 0)
		return -1; /* stitched: a node that is a source is closed */
	struct nmap *m = &cp->map;
	if (ord < m->base || ord >= m->base + m->len)
		return dfail(d, "internal: node %" PRIu64 " of cpu %u not found", ord, p);
	struct rru_dag_edge *e = &n->edges[n->nedges];
	/* one edge per source cpu: a later source from p replaces an earlier */
	for (unsigned i = 0; i < n->nedges; i++)
		if (n->edges[i].cpu == p) {
			e = &n->edges[i];
			n->nedges--;
			break;
		}
	e->cpu = (uint8_t)p;
	e->from = m->id[ord & (m->cap - 1)];
	e->wait = ord + 1;
	n->nedges++;
	uint64_t scp = m->cp[ord & (m->cap - 1)];
	if (scp > n->cp)
		n->cp = scp;
	cq->need[p] = ord + 1;
	return 0;
}

static int push_src(struct rru_dag *d, unsigned p, unsigned q, uint64_t k, uint64_t ord)
{
	struct srcq *s = &d->dq[p][q];
	const struct cpu *cq = &d->cpu[q];
	if (cq->finished && cq->qlen == 0)
		return 0; /* q records nothing more: no target */
	/* q idle: every k below its progress targets q's next chunk */
	bool idle = cq->qlen == 0 && k < cq->progress;
	while (s->len) {
		const struct src *b = &s->v[(s->head + s->len - 1) & (s->cap - 1)];
		if (b->k < k && !(idle && b->k < cq->progress))
			break;
		s->len--;
		d->pending--;
	}
	if (s->len == s->cap) {
		struct src *nv = ring_grow(s->v, sizeof *s->v, &s->cap, s->head, s->len);
		if (!nv)
			return dfail(d, "out of memory");
		s->v = nv;
		s->head = 0;
	}
	s->v[(s->head + s->len) & (s->cap - 1)] = (struct src){k, ord};
	s->len++;
	d->pending++;
	d->inmask[q] |= (uint8_t)(1u << p);
	/* q idle: the entries below its progress (a prefix, k is sorted) all
	 * target q's next chunk; only the latest of them is needed */
	if (cq->qlen == 0)
		while (s->len >= 2 && s->v[(s->head + 1) & (s->cap - 1)].k < cq->progress) {
			s->head = (s->head + 1) & (s->cap - 1);
			s->len--;
			d->pending--;
		}
	if (d->pending > d->max_pending)
		d->max_pending = d->pending;
	return 0;
}

/* Places the head chunk of cpu q. */
static int place(struct rru_dag *d, unsigned q)
{
	struct cpu *c = &d->cpu[q];
	/* the slot stays valid: nothing is queued while a chunk is placed */
	const struct pend *h = &c->q[c->qhead];
#define pc (*h)
	uint64_t idx = c->nplaced++;
	c->qhead = (c->qhead + 1) & (c->qcap - 1);
	c->qlen--;
	d->window--;
	d->head[q] = c->qlen ? c->q[c->qhead].ts : UINT64_MAX;

	if (d->mode == RRU_DAG_SERIAL || d->mode == RRU_DAG_STSERIAL) {
		struct rru_dag_node *n = &d->snode;
		if (d->mode == RRU_DAG_STSERIAL && d->sopen && n->cpu == q && n->tid == pc.tid) {
			n->last = idx;
			n->icount += pc.icount;
			n->reason = pc.reason;
			n->cp += pc.icount;
			d->serial_cp = n->cp;
			return 0;
		}
		if (d->sopen && emit(d, n) != 0)
			return -1;
		n->nedges = 0;
		n->cpu = (uint8_t)q;
		n->tid = pc.tid;
		n->ordinal = c->nord++;
		n->first = n->last = idx;
		n->icount = pc.icount;
		n->reason = pc.reason;
		d->serial_cp += pc.icount;
		n->cp = d->serial_cp;
		d->sopen = true;
		if (d->mode == RRU_DAG_SERIAL) {
			d->sopen = false;
			return emit(d, n);
		}
		return 0;
	}

	/* the node this chunk belongs to */
	struct rru_dag_node local, *n;
	if (d->mode == RRU_DAG_STITCHED && c->open && c->node.tid == pc.tid) {
		n = &c->node;
		n->last = idx;
		n->icount += pc.icount;
		n->reason = pc.reason;
	} else {
		if (d->mode == RRU_DAG_STITCHED && close_open(d, q) != 0)
			return -1;
		n = d->mode == RRU_DAG_STITCHED ? &c->node : &local;
		n->nedges = 0;
		n->cpu = (uint8_t)q;
		n->tid = pc.tid;
		n->ordinal = c->nord++;
		n->first = n->last = idx;
		n->icount = pc.icount;
		n->reason = pc.reason;
		n->cp = c->last_cp;
		if (d->mode == RRU_DAG_STITCHED)
			c->open = true;
	}
	/* incoming edges: the sources this chunk is the target of */
	for (unsigned in = d->inmask[q]; in; in &= in - 1) {
		unsigned p = (unsigned)__builtin_ctz(in);
		struct srcq *s = &d->dq[p][q];
		bool hit = false;
		uint64_t ord = 0;
		while (s->len && s->v[s->head].k < pc.ts) {
			ord = s->v[s->head].ord;
			hit = true;
			s->head = (s->head + 1) & (s->cap - 1);
			s->len--;
			d->pending--;
		}
		if (!s->len)
			d->inmask[q] &= (uint8_t)~(1u << p);
		if (hit && add_edge(d, q, n, p, ord) != 0)
			return -1;
	}
	/* this chunk as a source */
	uint64_t myord = n->ordinal;
	if (d->mode == RRU_DAG_MAXPAR && close_node(d, q, n) != 0)
		return -1;
	for (unsigned r = 0; r < d->ncpus; r++)
		if ((pc.mask & (1u << r)) && push_src(d, q, r, pc.k[r], myord) != 0)
			return -1;
	return 0;
#undef pc
}

/* Places every chunk whose place is decided. */
static int drain(struct rru_dag *d)
{
	unsigned n = d->ncpus;
	for (;;) {
		unsigned best = 0;
		uint64_t bts = d->head[0];
		for (unsigned p = 1; p < n; p++)
			if (d->head[p] < bts) {
				bts = d->head[p];
				best = p;
			}
		if (bts == UINT64_MAX)
			break;
		for (unsigned p = 0; p < n; p++)
			if (d->prog[p] < bts && p != best)
				return 0; /* p may still send a chunk that precedes it */
		if (place(d, best) != 0)
			return -1;
		struct cpu *c = &d->cpu[best];
		if (c->finished && c->qlen == 0) {
			/* nothing more on this cpu: close its node, drop deps to it */
			if (close_open(d, best) != 0)
				return -1;
			for (unsigned p = 0; p < n; p++) {
				d->pending -= d->dq[p][best].len;
				d->dq[p][best].len = 0;
			}
			d->inmask[best] = 0;
		}
	}
	return 0;
}

int rru_dag_feed(struct rru_dag *d, const struct rru_record *rec)
{
	if (d->failed)
		return -1;
	unsigned p = rru_record_cpu(rec);
	uint64_t ts = rru_record_ts(rec);
	if (p >= d->ncpus)
		return dfail(d, "record of unknown cpu %u (the log has %u cpus)", p, d->ncpus);
	struct cpu *c = &d->cpu[p];
	if (c->finished)
		return dfail(d, "record of cpu %u after its finish record", p);
	if (ts < c->last_ts)
		return dfail(d, "timestamp goes backwards on cpu %u (%" PRIu64 " after %" PRIu64 ")", p, ts,
			     c->last_ts);
	if (ts > RRU_TS_MAX_DAG)
		return dfail(d, "timestamp %" PRIu64 " of cpu %u out of range", ts, p);
	c->last_ts = ts;
	if (ts > c->progress)
		c->progress = d->prog[p] = ts;
	if (rec->kind == RRU_REC_CHUNK) {
		const struct rru_chunk *ch = &rec->u.chunk;
		if (c->qlen == c->qcap) {
			struct pend *nv = ring_grow(c->q, sizeof *c->q, &c->qcap, c->qhead, c->qlen);
			if (!nv)
				return dfail(d, "out of memory");
			c->q = nv;
			c->qhead = 0;
		}
		/* filled in place (the slot is free until qlen counts it) */
		struct pend *pe = &c->q[(c->qhead + c->qlen) & (c->qcap - 1)];
		unsigned mask = 0; /* k[q] is only read where mask bit q is set */
		for (unsigned i = 0; i < ch->ndeps && i < RRU_MAX_CPUS; i++) {
			unsigned q = ch->deps[i].q;
			if (q >= d->ncpus || q == p || (mask & (1u << q)) || ch->deps[i].k < ts)
				return dfail(d, "chunk %" PRIu64 " of cpu %u: bad dependence %u:%" PRIu64, c->nread,
					     p, q, ch->deps[i].k);
			mask |= 1u << q;
			pe->k[q] = ch->deps[i].k;
		}
		pe->mask = (uint8_t)mask;
		pe->ts = ts;
		pe->tid = ch->tid;
		pe->icount = ch->icount;
		pe->reason = ch->reason;
		if (c->qlen++ == 0)
			d->head[p] = ts;
		c->nread++;
		d->st.chunks++;
		d->st.instructions += ch->icount;
		d->st.reasons[ch->reason & 15]++;
		if (++d->window > d->max_window)
			d->max_window = d->window;
	} else if (rec->kind == RRU_REC_FINISH) {
		c->finished = true;
		c->progress = d->prog[p] = UINT64_MAX;
	}
	if (drain(d) != 0)
		return -1;
	if (c->finished && c->qlen == 0 && close_open(d, p) != 0)
		return -1;
	return 0;
}

int rru_dag_finish(struct rru_dag *d)
{
	if (d->failed)
		return -1;
	for (unsigned p = 0; p < d->ncpus; p++) {
		d->cpu[p].finished = true;
		d->cpu[p].progress = d->prog[p] = UINT64_MAX;
	}
	if (drain(d) != 0)
		return -1;
	for (unsigned p = 0; p < d->ncpus; p++)
		if (close_open(d, p) != 0)
			return -1;
	if (d->sopen) {
		d->sopen = false;
		if (emit(d, &d->snode) != 0)
			return -1;
	}
	return 0;
}

/* ---- whole log in memory ----------------------------------------------------------- */
struct collect {
	struct rru_dag_node *v;
	size_t n, cap;
};

static int collect_node(void *ctx, const struct rru_dag_node *node)
{
	struct collect *c = ctx;
	if (c->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 64;
		struct rru_dag_node *nv = realloc(c->v, ncap * sizeof *nv);
		if (!nv)
			return -1;
		c->v = nv;
		c->cap = ncap;
	}
	c->v[c->n++] = *node;
	return 0;
}

int rru_dag_build(const struct rru_record *recs, size_t n, unsigned ncpus, enum rru_dag_mode mode,
		  struct rru_dag_node **nodes, size_t *nnodes)
{
	struct collect col = {0};
	int rc = -1;
	struct rru_dag *d = rru_dag_new(mode, ncpus, collect_node, &col);
	*nodes = NULL;
	*nnodes = 0;
	if (!d) {
		rru_error("dag: bad mode or cpu count, or out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (rru_dag_feed(d, &recs[i]) != 0)
			goto out;
	if (rru_dag_finish(d) != 0)
		goto out;
	rc = 0;
	*nodes = col.v;
	*nnodes = col.n;
	col.v = NULL;
out:
	free(col.v);
	rru_dag_free(d);
	return rc;
}
