/* One random oracle case end to end: generate a trace, run the model (maybe
 * deliberately broken), build the reference graph and backend-dag's DAG in
 * every mode, check each with the oracle. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rru/dag.h"
#include "rru/msg.h"
#include "rru/oracle.h"
#include "rru/rru_raw.h"

static const char *const var_names[RRU_VAR_COUNT] = {
	"ok", "no-leave-ser", "no-ctx-ser", "oldest-hit", "target-ge", "resv-restore",
};

const char *rru_oracle_variant_name(unsigned v)
{
	return v < RRU_VAR_COUNT ? var_names[v] : "?";
}

int rru_oracle_variant_parse(const char *s)
{
	for (int i = 0; i < RRU_VAR_COUNT; i++)
		if (strcmp(s, var_names[i]) == 0)
			return i;
	return -1;
}

static uint64_t mix(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

void rru_oracle_case_random(struct rru_oracle_case *c, uint64_t seed, unsigned variant)
{
	static const unsigned sig[] = {8, 16, 32, 64, 128, 1024};
	static const unsigned icl[] = {0, 3, 8, 20, 100};
	uint64_t s = seed * 31 + 7;
	memset(c, 0, sizeof(*c));
	c->seed = seed;
	c->variant = variant;
	rru_gen_cfg_random(&c->gen, seed);
	rru_model_cfg_default(&c->model);
	c->model.ncpus = c->gen.ncpus;
	c->model.line_bytes = 16;
	c->model.sig_bits = sig[mix(&s) % 6];
	do
		c->model.hashes = 1u << (mix(&s) % 3);
	while (c->model.sig_bits / c->model.hashes < 2);
	c->model.family = mix(&s) % 3 ? RRU_HASH_H3 : RRU_HASH_BITSEL;
	c->model.table = (unsigned)(mix(&s) % 5);
	c->model.icount_limit = icl[mix(&s) % 5];
	c->model.fill_limit = mix(&s) % 2 ? 0 : 1 + (unsigned)(mix(&s) % c->model.sig_bits);
	switch (variant) {
	case RRU_VAR_NO_LEAVE_SER: c->model.breaks = RRU_BREAK_NO_LEAVE_SER; break;
	case RRU_VAR_NO_CTX_SER: c->model.breaks = RRU_BREAK_NO_CTX_SER; break;
	case RRU_VAR_OLDEST_HIT: c->model.breaks = RRU_BREAK_OLDEST_HIT; break;
	case RRU_VAR_RESV_RESTORE: c->gen.resv_restore = true; break;
	default: break;
	}
}

struct chunks {
	struct rru_chunk *c;
	size_t n, cap;
	int err;
};

static void collect(void *ctx, const struct rru_chunk *c, uint64_t cycle)
{
	struct chunks *v = ctx;
	(void)cycle;
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 256;
		struct rru_chunk *p = realloc(v->c, cap * sizeof(*p));
		if (!p) {
			v->err = 1;
			return;
		}
		v->c = p;
		v->cap = cap;
	}
	v->c[v->n++] = *c;
}

static int check_graph(const struct rru_trace_buf *tr, const struct chunks *ch,
		       const struct rru_oracle_graph *g, const char *what, unsigned bit,
		       bool resv_restore, struct rru_oracle_result *res)
{
	struct rru_oracle_report rep;
	int r = rru_oracle_check(tr, ch->c, ch->n, g, &rep);
	res->deps_checked += rep.deps_checked;
	/* a graph that passes must also replay, in two random orders */
	for (uint64_t i = 0; r == 0 && i < 2; i++)
		r = rru_oracle_replay(tr, ch->c, ch->n, g, i * 7919 + bit, resv_restore, &rep);
	if (r != 0)
		res->failed_graphs |= 1u << bit;
	if (r != 0 && !res->failed) {
		res->failed = 1;
		snprintf(res->msg, sizeof(res->msg), "%s%s: %s", what,
			 r < 0 ? " (inconsistent input)" : "", rep.msg);
	}
	return r;
}

int rru_oracle_check_all(const struct rru_trace_buf *tr, const struct rru_chunk *chunks,
			 size_t n, bool target_ge, bool resv_restore,
			 struct rru_oracle_result *res)
{
	struct chunks ch = {(struct rru_chunk *)chunks, n, n, 0};
	struct rru_oracle_graph g;
	struct rru_record *recs = NULL;
	unsigned ncpus = tr->hdr.ncpus;
	int rc = -1;
	res->chunks = n;
	res->events = tr->n;
	if (rru_oracle_graph_reference(chunks, n, ncpus, target_ge, &g) != 0) {
		rru_error("oracle: cannot build the reference graph (a record names a cpu >= %u)",
			  ncpus);
		return -1;
	}
	check_graph(tr, &ch, &g, "reference graph", 0, resv_restore, res);
	rru_oracle_graph_free(&g);
	if (target_ge)
		return 0; /* the broken rule is the reference graph's only */
	recs = calloc(n ? n : 1, sizeof(*recs));
	if (!recs)
		return -1;
	for (size_t i = 0; i < n; i++) {
		recs[i].kind = RRU_REC_CHUNK;
		recs[i].u.chunk = chunks[i];
	}
	for (unsigned mode = 0; mode < RRU_DAG_NMODES; mode++) {
		struct rru_dag_node *nodes = NULL;
		size_t nn = 0;
		char what[64];
		snprintf(what, sizeof(what), "rru dag --mode %s",
			 rru_dag_mode_name((enum rru_dag_mode)mode));
		if (rru_dag_build(recs, n, ncpus, (enum rru_dag_mode)mode, &nodes, &nn) != 0) {
			res->failed_graphs |= 1u << (1 + mode);
			if (!res->failed) {
				res->failed = 1;
				snprintf(res->msg, sizeof(res->msg), "%s: builder failed", what);
			}
			free(nodes);
			continue;
		}
		bool total = mode == RRU_DAG_SERIAL || mode == RRU_DAG_STSERIAL;
		if (rru_oracle_graph_from_dag(nodes, nn, total, &g) != 0) {
			free(nodes);
			goto out;
		}
		check_graph(tr, &ch, &g, what, 1 + mode, resv_restore, res);
		rru_oracle_graph_free(&g);
		free(nodes);
	}
	rc = 0;
out:
	free(recs);
	return rc;
}

int rru_oracle_run_case(const struct rru_oracle_case *c, struct rru_oracle_result *res)
{
	struct rru_trace_buf tr;
	struct chunks ch = {NULL, 0, 0, 0};
	struct rru_model *m = NULL;
	int rc = -1;
	memset(res, 0, sizeof(*res));
	if (rru_gen_trace(&c->gen, &tr) != 0)
		return -1;
	res->events = tr.n;
	{
		/* the generator must obey the memory-system guarantees (§1.2) */
		struct rru_cohcheck *coh = rru_cohcheck_new(&tr.hdr);
		const char *cerr = NULL;
		if (!coh)
			goto out;
		for (size_t i = 0; i < tr.n && !cerr; i++)
			if ((cerr = rru_cohcheck_step(coh, &tr.ev[i])))
				rru_error("oracle: seed %llu: generated trace event %zu: %s",
					  (unsigned long long)c->seed, i, cerr);
		rru_cohcheck_free(coh);
		if (cerr)
			goto out;
	}
	m = rru_model_new(&c->model, collect, &ch);
	if (!m)
		goto out;
	for (size_t i = 0; i < tr.n; i++)
		if (rru_model_step(m, &tr.ev[i]) != 0)
			goto out;
	if (ch.err) {
		rru_error("oracle: out of memory");
		goto out;
	}
	rc = rru_oracle_check_all(&tr, ch.c, ch.n, c->variant == RRU_VAR_TARGET_GE,
				  c->gen.resv_restore, res);
out:
	free(ch.c);
	rru_model_free(m);
	rru_trace_buf_free(&tr);
	return rc;
}
