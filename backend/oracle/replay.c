/* Replay simulation (include/rru/oracle.h, docs/design.md §1.10-§1.11): runs
 * the recorded chunks in a random order the graph allows and checks that
 * every load returns the value of the same store as in the recording, that
 * every SC has the same outcome under the reservation rules, and that the
 * final memory is the same. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rru/oracle.h"

struct racc {
	uint32_t line;
	uint32_t expect;  /* value (write id) a read must see */
	uint32_t wid;     /* write id this access writes (0: none) */
	uint64_t cycle;
	uint8_t acc;
};

struct rnode {
	struct racc *a;
	size_t n, cap;
	uint32_t tid;
	bool switch_in, switch_out; /* the thread of the cpu changes before / after */
};

/* Small open-addressing map line -> value. */
struct vmap {
	uint32_t *key, *val;
	size_t cap;
};

static uint32_t *vmap_slot(struct vmap *m, uint32_t line)
{
	size_t h = (line * UINT64_C(0x9e3779b97f4a7c15)) >> 40;
	for (size_t i = 0;; i++) {
		size_t s = (h + i) & (m->cap - 1);
		if (m->key[s] == line || m->key[s] == 0) {
			m->key[s] = line;
			return &m->val[s];
		}
	}
}

static uint64_t rnd(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
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

int rru_oracle_replay(const struct rru_trace_buf *tr, const struct rru_chunk *ch, size_t nch,
		      const struct rru_oracle_graph *g, uint64_t seed, bool resv_restore,
		      struct rru_oracle_report *rep)
{
	unsigned ncpus = tr->hdr.ncpus, lshift = 0;
	size_t cnt[RRU_MAX_CPUS] = {0}, n = g->nnodes, nadj = 0;
	uint64_t *pre[RRU_MAX_CPUS] = {0};
	uint32_t *nodeof[RRU_MAX_CPUS] = {0}, *tidof[RRU_MAX_CPUS] = {0};
	struct rnode *nodes = calloc(n + 1, sizeof(*nodes));
	uint32_t *head = malloc((n + 1) * sizeof(uint32_t));
	uint32_t *next = malloc((g->nedges + n + 1) * sizeof(uint32_t));
	uint32_t *to = malloc((g->nedges + n + 1) * sizeof(uint32_t));
	uint32_t *indeg = calloc(n + 1, sizeof(uint32_t));
	uint32_t *ready = malloc((n + 1) * sizeof(uint32_t));
	struct vmap rec = {0}, mem = {0}, saved_v = {0}, saved_l = {0};
	int rc = -1;
	memset(rep, 0, sizeof(*rep));
	while ((1u << lshift) < tr->hdr.line_bytes)
		lshift++;
	rec.cap = mem.cap = 1024;
	while (rec.cap < 2 * tr->n + 2)
		rec.cap *= 2;
	mem.cap = rec.cap;
	rec.key = calloc(rec.cap, 4);
	rec.val = calloc(rec.cap, 4);
	mem.key = calloc(mem.cap, 4);
	mem.val = calloc(mem.cap, 4);
	if (!nodes || !head || !next || !to || !indeg || !ready || !rec.key || !rec.val ||
	    !mem.key || !mem.val)
		BAD("out of memory");
	for (size_t i = 0; i < nch; i++) {
		if (ch[i].cpu >= ncpus)
			BAD("record %zu: bad cpu", i);
		cnt[ch[i].cpu]++;
	}
	for (unsigned p = 0; p < ncpus; p++) {
		pre[p] = calloc(cnt[p] + 1, sizeof(uint64_t));
		nodeof[p] = calloc(cnt[p] + 1, sizeof(uint32_t));
		tidof[p] = calloc(cnt[p] + 1, sizeof(uint32_t));
		if (!pre[p] || !nodeof[p] || !tidof[p])
			BAD("out of memory");
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
	for (size_t v = 0; v < n; v++) {
		const struct rru_oracle_node *nd = &g->nodes[v];
		if (nd->cpu >= ncpus || nd->first > nd->last || nd->last >= cnt[nd->cpu])
			BAD("node %zu: bad chunk range", v);
		for (uint64_t i = nd->first; i <= nd->last; i++)
			nodeof[nd->cpu][i] = (uint32_t)v;
		nodes[v].tid = tidof[nd->cpu][nd->first];
	}
	/* where the thread of a cpu changes (nodes hold one thread) */
	for (unsigned p = 0; p < ncpus; p++)
		for (size_t i = 0; i < cnt[p]; i++) {
			uint32_t v = nodeof[p][i];
			if (i == 0 || (nodeof[p][i - 1] != v &&
				       nodes[nodeof[p][i - 1]].tid != nodes[v].tid))
				nodes[v].switch_in = true;
			if (i + 1 == cnt[p] || (nodeof[p][i + 1] != v &&
						nodes[nodeof[p][i + 1]].tid != nodes[v].tid))
				nodes[v].switch_out = true;
		}
	/* the recording: values and accesses per node */
	{
		bool en[RRU_MAX_CPUS] = {0};
		uint64_t ninst[RRU_MAX_CPUS] = {0};
		size_t cur[RRU_MAX_CPUS] = {0};
		uint32_t wid = 0;
		for (size_t i = 0; i < tr->n; i++) {
			const struct rru_trace_event *e = &tr->ev[i];
			unsigned p = e->cpu;
			if (e->type == RRU_EV_CTL) {
				if (e->op == RRU_CTL_START)
					en[p] = true;
				else if (e->op == RRU_CTL_EXIT)
					en[p] = false;
				continue;
			}
			if (e->type != RRU_EV_RETIRE || !en[p] || e->priv != RRU_PRIV_U ||
			    e->acc == RRU_ACC_TRAP)
				continue;
			uint64_t k = ninst[p]++;
			while (cur[p] < cnt[p] && k >= pre[p][cur[p]])
				cur[p]++;
			if (cur[p] == cnt[p])
				BAD("cpu %u: instruction %llu is in no chunk", p, (unsigned long long)k);
			if (e->acc == RRU_ACC_NONE)
				continue;
			struct rnode *nd = &nodes[nodeof[p][cur[p]]];
			if (nd->n == nd->cap) {
				size_t c = nd->cap ? nd->cap * 2 : 8;
				struct racc *a = realloc(nd->a, c * sizeof(*a));
				if (!a)
					BAD("out of memory");
				nd->a = a;
				nd->cap = c;
			}
			struct racc *a = &nd->a[nd->n++];
			uint32_t *v = vmap_slot(&rec, (e->addr >> lshift) + 1);
			a->line = e->addr >> lshift;
			a->acc = e->acc;
			a->cycle = e->cycle;
			a->expect = *v;
			a->wid = 0;
			if (e->acc == RRU_ACC_ST || e->acc == RRU_ACC_AMO || e->acc == RRU_ACC_SC)
				*v = a->wid = ++wid;
		}
	}
	/* a random topological order of the graph (+ per-cpu / total order) */
	for (size_t v = 0; v < n; v++)
		head[v] = UINT32_MAX;
#define ADD(u, v)                                                                  \
	do {                                                                       \
		to[nadj] = (uint32_t)(v);                                          \
		next[nadj] = head[u];                                              \
		head[u] = (uint32_t)nadj++;                                        \
		indeg[v]++;                                                        \
	} while (0)
	for (size_t e = 0; e < g->nedges; e++)
		ADD(g->edges[e].from, g->edges[e].to);
	if (g->total_order) {
		for (size_t v = 0; v + 1 < n; v++)
			ADD(v, v + 1);
	} else {
		for (unsigned p = 0; p < ncpus; p++)
			for (size_t i = 0; i + 1 < cnt[p]; i++)
				if (nodeof[p][i] != nodeof[p][i + 1])
					ADD(nodeof[p][i], nodeof[p][i + 1]);
	}
	size_t nready = 0, done = 0;
	for (size_t v = 0; v < n; v++)
		if (!indeg[v])
			ready[nready++] = (uint32_t)v;
	bool resv_valid[RRU_MAX_CPUS] = {0};
	uint32_t resv_line[RRU_MAX_CPUS] = {0};
	/* resv_restore: the reservation saved with each thread's context */
	saved_v.cap = 1024; /* distinct threads <= chunks */
	while (saved_v.cap < 2 * n + 2)
		saved_v.cap *= 2;
	saved_l.cap = saved_v.cap;
	saved_v.key = calloc(saved_v.cap, 4);
	saved_v.val = calloc(saved_v.cap, 4);
	saved_l.key = calloc(saved_l.cap, 4);
	saved_l.val = calloc(saved_l.cap, 4);
	if (!saved_v.key || !saved_v.val || !saved_l.key || !saved_l.val)
		BAD("out of memory");
	while (nready) {
		size_t pick = (size_t)(rnd(&seed) % nready);
		uint32_t v = ready[pick];
		ready[pick] = ready[--nready];
		unsigned p = g->nodes[v].cpu;
		/* the thread changes on this cpu: the kernel cleared the
		 * reservation (§1.10), or the broken kernel restored a saved one */
		if (nodes[v].switch_in) {
			resv_valid[p] = resv_restore && *vmap_slot(&saved_v, nodes[v].tid + 1);
			resv_line[p] = *vmap_slot(&saved_l, nodes[v].tid + 1);
		}
		for (size_t i = 0; i < nodes[v].n; i++) {
			struct racc *a = &nodes[v].a[i];
			uint32_t *m = vmap_slot(&mem, a->line + 1);
			if (rru_acc_reads(a->acc) && *m != a->expect)
				FAIL("replay: cpu %u %s of line 0x%x (recorded at cycle %llu) reads write #%u, recorded #%u",
				     p, rru_acc_name(a->acc), a->line, (unsigned long long)a->cycle, *m,
				     a->expect);
			if (a->acc == RRU_ACC_SC || a->acc == RRU_ACC_SCF) {
				bool ok = resv_valid[p] && resv_line[p] == a->line;
				if (ok != (a->acc == RRU_ACC_SC))
					FAIL("replay: cpu %u SC to line 0x%x (recorded at cycle %llu) %s, recorded %s",
					     p, a->line, (unsigned long long)a->cycle,
					     ok ? "succeeds" : "fails",
					     a->acc == RRU_ACC_SC ? "success" : "failure");
				resv_valid[p] = false;
			}
			if (a->acc == RRU_ACC_LR) {
				resv_valid[p] = true;
				resv_line[p] = a->line;
			}
			if (rru_acc_writes(a->acc))
				for (unsigned q = 0; q < ncpus; q++)
					if (q != p && resv_line[q] == a->line)
						resv_valid[q] = false;
			if (a->wid)
				*m = a->wid;
		}
		if (nodes[v].switch_out) {
			*vmap_slot(&saved_v, nodes[v].tid + 1) = resv_valid[p];
			*vmap_slot(&saved_l, nodes[v].tid + 1) = resv_line[p];
		}
		done++;
		for (uint32_t e = head[v]; e != UINT32_MAX; e = next[e])
			if (--indeg[to[e]] == 0)
				ready[nready++] = to[e];
	}
	if (done != n)
		FAIL("replay: deadlock, %zu of %zu nodes never become ready", n - done, n);
	for (size_t s = 0; s < rec.cap; s++)
		if (rec.key[s] && *vmap_slot(&mem, rec.key[s]) != rec.val[s])
			FAIL("replay: final value of line 0x%x differs", rec.key[s] - 1);
	rc = 0;
out:
	for (unsigned p = 0; p < RRU_MAX_CPUS; p++) {
		free(pre[p]);
		free(nodeof[p]);
		free(tidof[p]);
	}
	if (nodes)
		for (size_t v = 0; v < n; v++)
			free(nodes[v].a);
	free(nodes);
	free(head);
	free(next);
	free(to);
	free(indeg);
	free(ready);
	free(rec.key);
	free(rec.val);
	free(mem.key);
	free(mem.val);
	free(saved_v.key);
	free(saved_v.val);
	free(saved_l.key);
	free(saved_l.val);
	return rc;
}
