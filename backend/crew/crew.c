/* The CREW recorder (docs/design.md §9) over the event trace of §2.1: page
 * permissions, CREW faults, and the chunk records of §3. */
#include "rru/crew.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "rru/msg.h"

#include "../model/chunkrec.h"

/* Permissions of one page. Pages nobody has written start concurrent-read
 * for every cpu; a cpu joins `readers` when it first reads such a page
 * (no fault: no permission changes), so a later writer reduces only the
 * cpus that did read it. */
struct page {
	uint32_t key;        /* page number + 1 (0: empty slot) */
	uint8_t readers;     /* cpus holding read permission */
	int8_t writer;       /* cpu holding exclusive write, or -1 */
	int8_t last_writer;  /* the last cpu that held write, or -1 */
};

struct ccpu {
	bool enabled, in_u;
	uint32_t tid;      /* thread of the next chunk */
	struct rru_chunkrec cur;
	bool has_last;     /* `last` is ended but not emitted yet */
	struct rru_chunkrec last;
};

struct rru_crew {
	struct rru_crew_cfg cfg;
	unsigned page_shift;
	rru_crew_emit_fn emit;
	void *ctx;
	uint64_t clock; /* bus transactions + CREW faults so far (§9.2) */
	bool have_prev;
	struct rru_trace_event prev;
	struct ccpu cpu[RRU_MAX_CPUS];
	struct page *tab; /* open addressing, power-of-two size */
	size_t tab_size, tab_used;
	struct rru_crew_stats st;
};

const char *rru_crew_cfg_check(const struct rru_crew_cfg *c)
{
	if (c->ncpus < 1 || c->ncpus > RRU_MAX_CPUS)
		return "cpu count not in 1..8";
	if (c->page_bytes < 4 || c->page_bytes > (1u << 20) || (c->page_bytes & (c->page_bytes - 1)))
		return "page size not a power of two in 4..1048576";
	return NULL;
}

struct rru_crew *rru_crew_new(const struct rru_crew_cfg *cfg, rru_crew_emit_fn emit, void *ctx)
{
	const char *err = rru_crew_cfg_check(cfg);
	if (err) {
		rru_error("crew: %s", err);
		return NULL;
	}
	struct rru_crew *m = calloc(1, sizeof(*m));
	if (!m)
		goto oom;
	m->cfg = *cfg;
	while ((1u << m->page_shift) < cfg->page_bytes)
		m->page_shift++;
	m->emit = emit;
	m->ctx = ctx;
	m->tab_size = 1024;
	m->tab = calloc(m->tab_size, sizeof(*m->tab));
	if (!m->tab)
		goto oom;
	return m;
oom:
	rru_error("crew: out of memory");
	rru_crew_free(m);
	return NULL;
}

void rru_crew_free(struct rru_crew *m)
{
	if (!m)
		return;
	free(m->tab);
	free(m);
}

const struct rru_crew_stats *rru_crew_stats(const struct rru_crew *m)
{
	return &m->st;
}

static size_t slot_of(const struct rru_crew *m, uint32_t key)
{
	return (size_t)((key * 0x9E3779B1u) >> 7) & (m->tab_size - 1);
}

/* The page's state, created on first touch; NULL if memory runs out. */
static struct page *page_get(struct rru_crew *m, uint32_t pageno)
{
	uint32_t key = pageno + 1;
	if (2 * (m->tab_used + 1) > m->tab_size) {
		size_t n = m->tab_size * 2;
		struct page *t = calloc(n, sizeof(*t)), *old = m->tab;
		if (!t)
			return NULL;
		size_t on = m->tab_size;
		m->tab = t;
		m->tab_size = n;
		for (size_t i = 0; i < on; i++)
			if (old[i].key) {
				size_t s = slot_of(m, old[i].key);
				while (t[s].key)
					s = (s + 1) & (n - 1);
				t[s] = old[i];
			}
		free(old);
	}
	size_t s = slot_of(m, key);
	while (m->tab[s].key && m->tab[s].key != key)
		s = (s + 1) & (m->tab_size - 1);
	struct page *pg = &m->tab[s];
	if (!pg->key) {
		pg->key = key;
		pg->writer = -1;
		pg->last_writer = -1;
		m->tab_used++;
		m->st.pages++;
	}
	return pg;
}

static void emit(struct rru_crew *m, unsigned p, const struct rru_chunkrec *c)
{
	struct rru_chunk rec;
	rru_chunkrec_record(c, p, &rec);
	m->st.records++;
	if (m->emit)
		m->emit(m->ctx, &rec);
}

/* Ends p's current chunk at the present clock. It is held as `last` (a
 * later constraint may still need a source at or before the present, when
 * p's next chunk has no instruction yet); the chunk held before goes out. */
static void end_chunk(struct rru_crew *m, unsigned p, unsigned reason, bool ser)
{
	struct ccpu *c = &m->cpu[p];
	c->cur.ts = m->clock;
	c->cur.reason = (uint8_t)reason;
	if (ser)
		rru_chunkrec_serialize(&c->cur, m->cfg.ncpus, p, m->clock);
	m->st.chunks++;
	m->st.insts += c->cur.icount;
	m->st.by_reason[reason]++;
	if (c->has_last)
		emit(m, p, &c->last);
	c->last = c->cur;
	c->has_last = true;
	memset(&c->cur, 0, sizeof(c->cur));
	c->cur.tid = c->tid;
}

/* flush / exit: what p holds leaves, serialized (as the RRU's table, §1.7). */
static void drain(struct rru_crew *m, unsigned p)
{
	struct ccpu *c = &m->cpu[p];
	if (!c->has_last)
		return;
	rru_chunkrec_serialize(&c->last, m->cfg.ncpus, p, m->clock);
	emit(m, p, &c->last);
	c->has_last = false;
}

/* The reduction of q's permission on a page, for p's increase at clock g:
 * the constraint r -> i as the dependence p:g on q's latest chunk. */
static void reduce(struct rru_crew *m, unsigned q, unsigned p, uint64_t g)
{
	struct ccpu *c = &m->cpu[q];
	m->st.constraints++;
	if (!c->enabled)
		return; /* everything q recorded was serialized at its exit (x <= g) */
	if (c->cur.icount) {
		rru_chunkrec_add_dep(&c->cur, p, g);
		end_chunk(m, q, RRU_REASON_CONFLICT, false);
	} else if (c->has_last) {
		rru_chunkrec_add_dep(&c->last, p, g);
	}
	/* else: q's chunks all left serialized at a flush (x <= g) */
}

/* A counted U-mode access of p: a CREW fault if p lacks the permission. */
static int access_page(struct rru_crew *m, unsigned p, unsigned acc, uint32_t addr)
{
	bool wr = rru_acc_writes(acc);
	struct page *pg = page_get(m, addr >> m->page_shift);
	if (!pg) {
		rru_error("crew: out of memory");
		return -1;
	}
	uint8_t me = (uint8_t)(1u << p);
	if (wr ? pg->writer == (int)p : (pg->writer == (int)p || (pg->writer < 0 && (pg->readers & me))))
		return 0;
	if (!wr && pg->writer < 0 && pg->last_writer < 0) {
		pg->readers |= me; /* never written: concurrent-read for all */
		return 0;
	}
	/* CREW fault: the reductions on other cpus, then the increase on p */
	uint64_t g = m->clock;
	uint8_t from;
	if (wr) {
		from = pg->readers;
		if (pg->writer >= 0)
			from |= (uint8_t)(1u << pg->writer);
		if (pg->last_writer >= 0)
			from |= (uint8_t)(1u << pg->last_writer);
	} else {
		int src = pg->writer >= 0 ? pg->writer : pg->last_writer;
		from = (uint8_t)(1u << src);
	}
	from &= (uint8_t)~me;
	for (unsigned q = 0; q < m->cfg.ncpus; q++)
		if (from >> q & 1)
			reduce(m, q, p, g);
	if (m->cpu[p].cur.icount)
		end_chunk(m, p, RRU_REASON_CONFLICT, false);
	m->clock++;
	if (wr) {
		pg->readers = 0;
		pg->writer = (int8_t)p;
		pg->last_writer = (int8_t)p;
		m->st.write_faults++;
	} else {
		if (pg->writer >= 0)
			pg->readers |= (uint8_t)(1u << pg->writer); /* exclusive -> shared */
		pg->writer = -1;
		pg->readers |= me;
		m->st.read_faults++;
	}
	m->st.faults[p]++;
	return 1;
}

static int retire(struct rru_crew *m, const struct rru_trace_event *ev)
{
	unsigned p = ev->cpu;
	struct ccpu *c = &m->cpu[p];
	bool was_u = c->in_u;
	c->in_u = ev->priv == RRU_PRIV_U;
	if (!c->enabled)
		return 0;
	if (ev->priv != RRU_PRIV_U) {
		if (was_u)
			end_chunk(m, p, RRU_REASON_TRAP, false);
		return 0;
	}
	if (ev->acc == RRU_ACC_TRAP)
		return 0;
	int f = 0;
	if (ev->acc != RRU_ACC_NONE && (f = access_page(m, p, ev->acc, ev->addr)) < 0)
		return -1;
	c->cur.icount++;
	return f;
}

static void control(struct rru_crew *m, const struct rru_trace_event *ev)
{
	unsigned p = ev->cpu;
	struct ccpu *c = &m->cpu[p];
	switch (ev->op) {
	case RRU_CTL_START:
	case RRU_CTL_SWITCH:
		if (!c->enabled) {
			if (ev->op == RRU_CTL_SWITCH)
				return;
			c->enabled = true;
			c->tid = ev->tid;
			memset(&c->cur, 0, sizeof(c->cur));
			c->cur.tid = c->tid;
			return;
		}
		c->tid = ev->tid; /* the ended chunk keeps the tid it started with */
		end_chunk(m, p, RRU_REASON_CTX_SWITCH, true);
		return;
	case RRU_CTL_FLUSH:
	case RRU_CTL_EXIT:
		if (!c->enabled)
			return;
		end_chunk(m, p, ev->op == RRU_CTL_FLUSH ? RRU_REASON_FLUSH : RRU_REASON_EXIT, false);
		drain(m, p);
		if (ev->op == RRU_CTL_EXIT)
			c->enabled = false;
		return;
	}
}

int rru_crew_step(struct rru_crew *m, const struct rru_trace_event *ev)
{
	const char *err;
	if (ev->cpu >= m->cfg.ncpus) {
		rru_error("crew: cycle %llu: cpu %u >= %u cpus", (unsigned long long)ev->cycle, ev->cpu,
			  m->cfg.ncpus);
		return -1;
	}
	if (m->have_prev && (err = rru_trace_check_order(&m->prev, ev))) {
		rru_error("crew: cycle %llu: %s", (unsigned long long)ev->cycle, err);
		return -1;
	}
	m->prev = *ev;
	m->have_prev = true;
	switch (ev->type) {
	case RRU_EV_RETIRE:
		return retire(m, ev);
	case RRU_EV_CTL:
		control(m, ev);
		return 0;
	case RRU_EV_BUS:
		m->clock++;
		return 0;
	default:
		rru_error("crew: unknown event type");
		return -1;
	}
}

void rru_crew_finish(struct rru_crew *m)
{
	for (unsigned p = 0; p < m->cfg.ncpus; p++) {
		struct ccpu *c = &m->cpu[p];
		if (c->has_last) {
			emit(m, p, &c->last);
			c->has_last = false;
		}
	}
}
