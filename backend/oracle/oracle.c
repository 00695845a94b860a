/* The oracle (include/rru/oracle.h): does a graph over the recorded chunks
 * order every true dependence of the trace and every thread's own order,
 * without a cycle? Independent of the model: it reads only the trace, the
 * records and the graph. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rru/dag.h"
#include "rru/msg.h"
#include "rru/oracle.h"

#define MAX_NODES 50000000

void rru_oracle_graph_free(struct rru_oracle_graph *g)
{
	free(g->nodes);
	free(g->edges);
	memset(g, 0, sizeof(*g));
}

int rru_oracle_graph_from_dag(const struct rru_dag_node *nodes, size_t n, bool total_order,
			      struct rru_oracle_graph *g)
{
	size_t ne = 0;
	memset(g, 0, sizeof(*g));
	for (size_t i = 0; i < n; i++)
		ne += nodes[i].nedges;
	g->nodes = calloc(n ? n : 1, sizeof(*g->nodes));
	g->edges = calloc(ne ? ne : 1, sizeof(*g->edges));
	if (!g->nodes || !g->edges) {
		rru_oracle_graph_free(g);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		g->nodes[i].cpu = nodes[i].cpu;
		g->nodes[i].first = nodes[i].first;
		g->nodes[i].last = nodes[i].last;
		for (unsigned e = 0; e < nodes[i].nedges; e++) {
			g->edges[g->nedges].from = (uint32_t)nodes[i].edges[e].from;
			g->edges[g->nedges].to = (uint32_t)i;
			g->nedges++;
		}
	}
	g->nnodes = n;
	g->total_order = total_order;
	return 0;
}

int rru_oracle_graph_reference(const struct rru_chunk *ch, size_t n, unsigned ncpus,
			       bool target_ge, struct rru_oracle_graph *g)
{
	size_t cnt[RRU_MAX_CPUS] = {0}, ne = 0;
	size_t *idx[RRU_MAX_CPUS] = {0}; /* per cpu: node index of its i-th chunk */
	int rc = -1;
	memset(g, 0, sizeof(*g));
	for (size_t i = 0; i < n; i++) {
		if (ch[i].cpu >= ncpus)
			return -1;
		cnt[ch[i].cpu]++;
		ne += ch[i].ndeps;
	}
	g->nodes = calloc(n ? n : 1, sizeof(*g->nodes));
	g->edges = calloc(ne ? ne : 1, sizeof(*g->edges));
	for (unsigned p = 0; p < ncpus; p++)
		idx[p] = calloc(cnt[p] ? cnt[p] : 1, sizeof(size_t));
	size_t fill[RRU_MAX_CPUS] = {0};
	if (!g->nodes || !g->edges)
		goto out;
	for (unsigned p = 0; p < ncpus; p++)
		if (!idx[p])
			goto out;
	for (size_t i = 0; i < n; i++) {
		unsigned p = ch[i].cpu;
		g->nodes[i].cpu = (uint8_t)p;
		g->nodes[i].first = g->nodes[i].last = fill[p];
		idx[p][fill[p]++] = i;
	}
	g->nnodes = n;
	for (size_t i = 0; i < n; i++) {
		for (unsigned d = 0; d < ch[i].ndeps; d++) {
			unsigned q = ch[i].deps[d].q;
			uint64_t k = ch[i].deps[d].k;
			if (q >= ncpus)
				goto out;
			/* first chunk of q with ts > k (>= k when broken) */
			size_t lo = 0, hi = cnt[q];
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				uint64_t ts = ch[idx[q][mid]].ts;
				if (target_ge ? ts >= k : ts > k)
					hi = mid;
				else
					lo = mid + 1;
			}
			if (lo == cnt[q])
				continue; /* no target: orders nothing */
			g->edges[g->nedges].from = (uint32_t)i;
			g->edges[g->nedges].to = (uint32_t)idx[q][lo];
			g->nedges++;
		}
	}
	rc = 0;
out:
	for (unsigned p = 0; p < RRU_MAX_CPUS; p++)
		free(idx[p]);
	if (rc)
		rru_oracle_graph_free(g);
	return rc;
}

/* ---- the check ---------------------------------------------------------- */
struct lacc {
	uint32_t tid, node;
	uint64_t cycle;
	uint8_t acc, cpu;
};

struct lstate {
	uint32_t line;
	bool used, has_w;
	struct lacc w;
	struct lacc *reads;
	size_t nreads, capreads;
};

struct chk {
	const struct rru_oracle_graph *g;
	size_t n;
	unsigned ncpus;
	uint32_t *ord; /* node's position among its cpu's nodes */
	/* vc[v*ncpus + p]: 1 + the last position of cpu p's nodes that precede v
	 * (0: none). Each cpu's nodes are a chain, so its nodes that precede v
	 * are a prefix of it: reachability is exact. */
	uint32_t *vc;
	struct lstate *lines;
	size_t nlines_cap;
	struct rru_oracle_report *rep;
};

static bool reach(const struct chk *c, uint32_t a, uint32_t b)
{
	if (a == b)
		return true;
	return c->vc[(size_t)b * c->ncpus + c->g->nodes[a].cpu] > c->ord[a];
}

static struct lstate *line_get(struct chk *c, uint32_t line, size_t *used)
{
	size_t h = (line * UINT64_C(0x9e3779b97f4a7c15)) >> 40;
	for (size_t i = 0;; i++) {
		struct lstate *s = &c->lines[(h + i) % c->nlines_cap];
		if (!s->used) {
			s->used = true;
			(*used)++;
			s->line = line;
			return s;
		}
		if (s->line == line)
			return s;
	}
}

#define FAIL(...)                                                                  \
	do {                                                                       \
		snprintf(rep->msg, sizeof(rep->msg), __VA_ARGS__);                 \
		rc = 1;                                                            \
		goto out;                                                          \
	} while (0)
#define BAD(...)                                                                   \
	do {                                                                       \
		snprintf(rep->msg, sizeof(rep->msg), __VA_ARGS__);                 \
		rc = -1;                                                           \
		goto out;                                                          \
	} while (0)

static void describe(const struct rru_oracle_graph *g, const struct lacc *a, char *buf,
		     size_t len)
{
	snprintf(buf, len, "thread %u cpu %u %s at cycle %llu (node %u = cpu %u chunks %llu..%llu)",
		 a->tid, a->cpu, rru_acc_name(a->acc), (unsigned long long)a->cycle, a->node,
		 g->nodes[a->node].cpu, (unsigned long long)g->nodes[a->node].first,
		 (unsigned long long)g->nodes[a->node].last);
}

int rru_oracle_check(const struct rru_trace_buf *tr, const struct rru_chunk *ch, size_t nch,
		     const struct rru_oracle_graph *g, struct rru_oracle_report *rep)
{
	unsigned ncpus = tr->hdr.ncpus;
	struct chk c;
	int rc = -1;
	size_t cnt[RRU_MAX_CPUS] = {0};
	uint64_t *pre[RRU_MAX_CPUS] = {0};  /* per cpu: end (exclusive) instruction of chunk i */
	uint32_t *tidof[RRU_MAX_CPUS] = {0};
	uint32_t *nodeof[RRU_MAX_CPUS] = {0};
	uint32_t *indeg = NULL, *order = NULL, *head = NULL, *next = NULL, *adj_to = NULL;
	uint32_t *last_node_of_thread = NULL;
	size_t nadj = 0, thread_cap = 0;
	memset(&c, 0, sizeof(c));
	memset(rep, 0, sizeof(*rep));
	c.g = g;
	c.n = g->nnodes;
	c.rep = rep;
	unsigned lshift = 0;
	while ((1u << lshift) < tr->hdr.line_bytes)
		lshift++;

	if (c.n > MAX_NODES)
		BAD("graph too large for the oracle (%zu nodes)", c.n);
	/* chunks per cpu */
	for (size_t i = 0; i < nch; i++) {
		if (ch[i].cpu >= ncpus)
			BAD("record %zu: cpu %u out of range", i, ch[i].cpu);
		cnt[ch[i].cpu]++;
	}
	for (unsigned p = 0; p < ncpus; p++) {
		pre[p] = calloc(cnt[p] + 1, sizeof(uint64_t));
		tidof[p] = calloc(cnt[p] + 1, sizeof(uint32_t));
		nodeof[p] = calloc(cnt[p] + 1, sizeof(uint32_t));
		if (!pre[p] || !tidof[p] || !nodeof[p])
			BAD("out of memory");
		for (size_t i = 0; i < cnt[p]; i++)
			nodeof[p][i] = UINT32_MAX;
	}
	{
		size_t f[RRU_MAX_CPUS] = {0};
		uint64_t sum[RRU_MAX_CPUS] = {0};
		for (size_t i = 0; i < nch; i++) {
			unsigned p = ch[i].cpu;
			sum[p] += ch[i].icount;
			tidof[p][f[p]] = ch[i].tid;
			pre[p][f[p]++] = sum[p];
		}
	}
	/* node map */
	for (size_t v = 0; v < c.n; v++) {
		const struct rru_oracle_node *nd = &g->nodes[v];
		if (nd->cpu >= ncpus || nd->first > nd->last || nd->last >= cnt[nd->cpu])
			BAD("node %zu: chunks %llu..%llu of cpu %u do not exist", v,
			    (unsigned long long)nd->first, (unsigned long long)nd->last, nd->cpu);
		for (uint64_t i = nd->first; i <= nd->last; i++) {
			if (nodeof[nd->cpu][i] != UINT32_MAX)
				BAD("chunk %llu of cpu %u is in two nodes", (unsigned long long)i,
				    nd->cpu);
			nodeof[nd->cpu][i] = (uint32_t)v;
		}
	}
	for (unsigned p = 0; p < ncpus; p++)
		for (size_t i = 0; i < cnt[p]; i++)
			if (nodeof[p][i] == UINT32_MAX)
				BAD("chunk %zu of cpu %u is in no node", i, p);
	/* adjacency: explicit edges + implicit order */
	size_t maxadj = g->nedges + 2 * c.n + 1;
	head = malloc((c.n + 1) * sizeof(uint32_t));
	next = malloc(maxadj * sizeof(uint32_t));
	adj_to = malloc(maxadj * sizeof(uint32_t));
	indeg = calloc(c.n + 1, sizeof(uint32_t));
	order = malloc((c.n + 1) * sizeof(uint32_t));
	if (!head || !next || !adj_to || !indeg || !order)
		BAD("out of memory");
	for (size_t v = 0; v < c.n; v++)
		head[v] = UINT32_MAX;
#define ADD_EDGE(u, v)                                                             \
	do {                                                                       \
		adj_to[nadj] = (uint32_t)(v);                                      \
		next[nadj] = head[u];                                              \
		head[u] = (uint32_t)nadj++;                                        \
		indeg[v]++;                                                        \
	} while (0)
	for (size_t e = 0; e < g->nedges; e++) {
		if (g->edges[e].from >= c.n || g->edges[e].to >= c.n)
			BAD("edge %zu: node out of range", e);
		ADD_EDGE(g->edges[e].from, g->edges[e].to);
	}
	/* each cpu's nodes run in chunk order; serial modes: node order too */
	if (g->total_order)
		for (size_t v = 0; v + 1 < c.n; v++)
			ADD_EDGE(v, v + 1);
	c.ncpus = ncpus;
	c.ord = calloc(c.n + 1, sizeof(uint32_t));
	if (!c.ord)
		BAD("out of memory");
	for (unsigned p = 0; p < ncpus; p++) {
		uint32_t k = 0;
		for (size_t i = 0; i < cnt[p]; i++) {
			if (i && nodeof[p][i] == nodeof[p][i - 1])
				continue;
			c.ord[nodeof[p][i]] = k++;
			if (i)
				ADD_EDGE(nodeof[p][i - 1], nodeof[p][i]);
		}
	}
	/* topological order (Kahn); a leftover node means a cycle */
	{
		size_t qh = 0, qt = 0;
		for (size_t v = 0; v < c.n; v++)
			if (!indeg[v])
				order[qt++] = (uint32_t)v;
		while (qh < qt) {
			uint32_t u = order[qh++];
			for (uint32_t e = head[u]; e != UINT32_MAX; e = next[e])
				if (--indeg[adj_to[e]] == 0)
					order[qt++] = adj_to[e];
		}
		if (qt != c.n) {
			for (size_t v = 0; v < c.n; v++)
				if (indeg[v])
					FAIL("cycle: node %zu (cpu %u chunks %llu..%llu) is on or behind a cycle; %zu of %zu nodes cannot be ordered",
					     v, g->nodes[v].cpu, (unsigned long long)g->nodes[v].first,
					     (unsigned long long)g->nodes[v].last, c.n - qt, c.n);
		}
		c.vc = calloc(c.n * ncpus + 1, sizeof(uint32_t));
		if (!c.vc)
			BAD("out of memory");
		for (size_t i = 0; i < c.n; i++) {
			uint32_t u = order[i];
			const uint32_t *vu = &c.vc[(size_t)u * ncpus];
			unsigned pu = g->nodes[u].cpu;
			for (uint32_t e = head[u]; e != UINT32_MAX; e = next[e]) {
				uint32_t *vv = &c.vc[(size_t)adj_to[e] * ncpus];
				for (unsigned q = 0; q < ncpus; q++)
					if (vu[q] > vv[q])
						vv[q] = vu[q];
				if (c.ord[u] + 1 > vv[pu])
					vv[pu] = c.ord[u] + 1;
			}
		}
	}
	/* walk the trace */
	c.nlines_cap = 1024;
	while (c.nlines_cap < tr->n / 2)
		c.nlines_cap *= 2;
	c.lines = calloc(c.nlines_cap, sizeof(*c.lines));
	if (!c.lines)
		BAD("out of memory");
	{
		bool en[RRU_MAX_CPUS] = {0};
		uint32_t tid[RRU_MAX_CPUS] = {0};
		uint64_t ninst[RRU_MAX_CPUS] = {0};
		size_t cur[RRU_MAX_CPUS] = {0};
		size_t nlines_used = 0;
		for (size_t i = 0; i < tr->n; i++) {
			const struct rru_trace_event *e = &tr->ev[i];
			unsigned p = e->cpu;
			if (e->type == RRU_EV_CTL) {
				if (e->op == RRU_CTL_START || (e->op == RRU_CTL_SWITCH && en[p])) {
					en[p] = true;
					tid[p] = e->tid;
				} else if (e->op == RRU_CTL_EXIT) {
					en[p] = false;
				}
				continue;
			}
			if (e->type != RRU_EV_RETIRE || !en[p] || e->priv != RRU_PRIV_U ||
			    e->acc == RRU_ACC_TRAP)
				continue;
			uint64_t n = ninst[p]++;
			while (cur[p] < cnt[p] && n >= pre[p][cur[p]])
				cur[p]++;
			if (cur[p] == cnt[p])
				BAD("cpu %u: instruction %llu (cycle %llu) is in no recorded chunk (records hold %llu)",
				    p, (unsigned long long)n, (unsigned long long)e->cycle,
				    (unsigned long long)(cnt[p] ? pre[p][cnt[p] - 1] : 0));
			if (tidof[p][cur[p]] != tid[p])
				BAD("cpu %u chunk %zu: tid %u but instruction %llu (cycle %llu) is thread %u",
				    p, cur[p], tidof[p][cur[p]], (unsigned long long)n,
				    (unsigned long long)e->cycle, tid[p]);
			uint32_t node = nodeof[p][cur[p]];
			uint32_t t = tid[p];
			/* thread order */
			if (t >= thread_cap) {
				size_t nc = thread_cap ? thread_cap : 64;
				while (nc <= t)
					nc *= 2;
				uint32_t *nl = realloc(last_node_of_thread, nc * sizeof(uint32_t));
				if (!nl)
					BAD("out of memory");
				for (size_t k = thread_cap; k < nc; k++)
					nl[k] = UINT32_MAX;
				last_node_of_thread = nl;
				thread_cap = nc;
			}
			uint32_t prev = last_node_of_thread[t];
			if (prev != UINT32_MAX && prev != node) {
				rep->thread_checked++;
				if (!reach(&c, prev, node))
					FAIL("thread %u loses its order: node %u (cpu %u chunks %llu..%llu) does not precede node %u (cpu %u chunks %llu..%llu), cycle %llu",
					     t, prev, g->nodes[prev].cpu,
					     (unsigned long long)g->nodes[prev].first,
					     (unsigned long long)g->nodes[prev].last, node,
					     g->nodes[node].cpu, (unsigned long long)g->nodes[node].first,
					     (unsigned long long)g->nodes[node].last,
					     (unsigned long long)e->cycle);
			}
			last_node_of_thread[t] = node;
			if (e->acc == RRU_ACC_NONE)
				continue;
			rep->accesses++;
			if ((nlines_used + 1) * 2 > c.nlines_cap)
				BAD("too many lines for the oracle");
			struct lstate *ls = line_get(&c, e->addr >> lshift, &nlines_used);
			struct lacc a = {t, node, e->cycle, e->acc, (uint8_t)p};
			bool rd = rru_acc_reads(e->acc), wr = rru_acc_writes(e->acc);
			char d1[200], d2[200];
			if (ls->has_w && ls->w.tid != t) {
				rep->deps_checked++;
				if (!reach(&c, ls->w.node, node)) {
					describe(g, &ls->w, d1, sizeof(d1));
					describe(g, &a, d2, sizeof(d2));
					FAIL("line 0x%x: %s -> %s not ordered", ls->line, d1, d2);
				}
			}
			if (wr) {
				for (size_t r = 0; r < ls->nreads; r++) {
					if (ls->reads[r].tid == t)
						continue;
					rep->deps_checked++;
					if (!reach(&c, ls->reads[r].node, node)) {
						describe(g, &ls->reads[r], d1, sizeof(d1));
						describe(g, &a, d2, sizeof(d2));
						FAIL("line 0x%x: %s -> %s not ordered", ls->line, d1, d2);
					}
				}
				ls->has_w = true;
				ls->w = a;
				ls->nreads = 0;
			} else if (rd) {
				bool dup = false;
				for (size_t r = 0; r < ls->nreads; r++)
					if (ls->reads[r].tid == t && ls->reads[r].node == node)
						dup = true;
				if (!dup) {
					if (ls->nreads == ls->capreads) {
						size_t nc = ls->capreads ? ls->capreads * 2 : 4;
						struct lacc *nr = realloc(ls->reads, nc * sizeof(*nr));
						if (!nr)
							BAD("out of memory");
						ls->reads = nr;
						ls->capreads = nc;
					}
					ls->reads[ls->nreads++] = a;
				}
			}
		}
		for (unsigned p = 0; p < ncpus; p++) {
			uint64_t rec = cnt[p] ? pre[p][cnt[p] - 1] : 0;
			if (rec != ninst[p])
				BAD("cpu %u: records hold %llu instructions, the trace counts %llu", p,
				    (unsigned long long)rec, (unsigned long long)ninst[p]);
		}
	}
	rc = 0;
out:
	for (unsigned p = 0; p < RRU_MAX_CPUS; p++) {
		free(pre[p]);
		free(tidof[p]);
		free(nodeof[p]);
	}
	if (c.lines)
		for (size_t i = 0; i < c.nlines_cap; i++)
			free(c.lines[i].reads);
	free(c.lines);
	free(c.vc);
	free(c.ord);
	free(head);
	free(next);
	free(adj_to);
	free(indeg);
	free(order);
	free(last_node_of_thread);
	return rc;
}
