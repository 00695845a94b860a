/* The C reference model of the RRU: docs/design.md §1 (protocol) applied to
 * the event trace of §2.1 in the order of §2.2. */
#include "rru/model.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "rru/msg.h"
#include "rru/rru_raw.h"

#include "chunkrec.h"

struct sig {
	uint64_t *bits; /* sig_bits bits */
	unsigned fill;  /* set bits */
};

struct mchunk {
	struct sig r, w;
	struct rru_chunkrec rec;
};

struct mcpu {
	bool enabled, in_u;
	uint32_t tid;              /* thread of the current chunk */
	struct mchunk cur;
	struct mchunk *tab;        /* K retained, tab[0] oldest */
	unsigned ntab;
};

struct rru_model {
	struct rru_model_cfg cfg;
	unsigned idx_bits, words, line_shift;
	rru_model_emit_fn emit;
	void *ctx;
	uint64_t ts, cycle;
	bool have_prev;
	struct rru_trace_event prev;
	struct mcpu cpu[RRU_MAX_CPUS];
	struct rru_model_stats st;
};

void rru_model_cfg_default(struct rru_model_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->ncpus = 4;
	cfg->line_bytes = 16;
	cfg->sig_bits = 1024;
	cfg->hashes = 4;
	cfg->family = RRU_HASH_H3;
	cfg->table = 4;
	cfg->icount_limit = 65536;
	cfg->fill_limit = 128;
}

static unsigned log2u(unsigned v)
{
	unsigned n = 0;
	while ((1u << n) < v)
		n++;
	return n;
}

const char *rru_model_cfg_check(const struct rru_model_cfg *c)
{
	if (c->ncpus < 1 || c->ncpus > RRU_MAX_CPUS)
		return "cpu count not in 1..8";
	if (c->line_bytes < 4 || c->line_bytes > 256 || (c->line_bytes & (c->line_bytes - 1)))
		return "line size not a power of two in 4..256";
	if (c->hashes < 1 || c->hashes > RRU_H3_MAX_HASHES)
		return "number of hashes not in 1..8";
	if (c->family != RRU_HASH_H3 && c->family != RRU_HASH_BITSEL)
		return "unknown hash family";
	if (c->sig_bits % c->hashes)
		return "signature bits not a multiple of the number of hashes";
	unsigned part = c->sig_bits / c->hashes;
	if (part < 2 || (part & (part - 1)) || log2u(part) > RRU_H3_MAX_BITS)
		return "signature bits / hashes must be a power of two in 2..65536";
	if (c->sig_bits > RRU_MODEL_MAX_SIG_BITS)
		return "signature larger than 65536 bits";
	if (c->table > RRU_MODEL_MAX_TABLE)
		return "chunk table deeper than 16";
	if (c->fill_limit > c->sig_bits)
		return "fill limit larger than the signature";
	return NULL;
}

static int chunk_init(struct rru_model *m, struct mchunk *c)
{
	memset(c, 0, sizeof(*c));
	c->r.bits = calloc(m->words, sizeof(uint64_t));
	c->w.bits = calloc(m->words, sizeof(uint64_t));
	return c->r.bits && c->w.bits ? 0 : -1;
}

static void chunk_fini(struct mchunk *c)
{
	free(c->r.bits);
	free(c->w.bits);
}

/* Clears c for a new chunk (keeps its signature storage). */
static void chunk_clear(struct rru_model *m, struct mchunk *c, uint32_t tid)
{
	memset(c->r.bits, 0, m->words * sizeof(uint64_t));
	memset(c->w.bits, 0, m->words * sizeof(uint64_t));
	c->r.fill = c->w.fill = 0;
	memset(&c->rec, 0, sizeof(c->rec));
	c->rec.tid = tid;
}

static void chunk_copy(struct rru_model *m, struct mchunk *dst, const struct mchunk *src)
{
	memcpy(dst->r.bits, src->r.bits, m->words * sizeof(uint64_t));
	memcpy(dst->w.bits, src->w.bits, m->words * sizeof(uint64_t));
	dst->r.fill = src->r.fill;
	dst->w.fill = src->w.fill;
	dst->rec = src->rec;
}

static unsigned bit_of(const struct rru_model *m, unsigned h, uint32_t line)
{
	return (h << m->idx_bits) + rru_sig_index(m->cfg.family, h, m->idx_bits, line);
}

static void sig_insert(const struct rru_model *m, struct sig *s, uint32_t line)
{
	for (unsigned h = 0; h < m->cfg.hashes; h++) {
		unsigned b = bit_of(m, h, line);
		uint64_t mask = UINT64_C(1) << (b & 63);
		if (!(s->bits[b >> 6] & mask)) {
			s->bits[b >> 6] |= mask;
			s->fill++;
		}
	}
}

static bool sig_member(const struct rru_model *m, const struct sig *s, uint32_t line)
{
	for (unsigned h = 0; h < m->cfg.hashes; h++) {
		unsigned b = bit_of(m, h, line);
		if (!(s->bits[b >> 6] & (UINT64_C(1) << (b & 63))))
			return false;
	}
	return true;
}

struct rru_model *rru_model_new(const struct rru_model_cfg *cfg, rru_model_emit_fn emit,
				void *ctx)
{
	const char *err = rru_model_cfg_check(cfg);
	if (err) {
		rru_error("model: %s", err);
		return NULL;
	}
	struct rru_model *m = calloc(1, sizeof(*m));
	if (!m)
		goto oom;
	m->cfg = *cfg;
	m->idx_bits = log2u(cfg->sig_bits / cfg->hashes);
	m->words = (cfg->sig_bits + 63) / 64;
	m->line_shift = log2u(cfg->line_bytes);
	m->emit = emit;
	m->ctx = ctx;
	for (unsigned p = 0; p < cfg->ncpus; p++) {
		struct mcpu *c = &m->cpu[p];
		if (chunk_init(m, &c->cur))
			goto oom;
		c->tab = calloc(cfg->table ? cfg->table : 1, sizeof(*c->tab));
		if (!c->tab)
			goto oom;
		for (unsigned i = 0; i < cfg->table; i++)
			if (chunk_init(m, &c->tab[i]))
				goto oom;
	}
	return m;
oom:
	rru_error("model: out of memory");
	rru_model_free(m);
	return NULL;
}

void rru_model_free(struct rru_model *m)
{
	if (!m)
		return;
	for (unsigned p = 0; p < m->cfg.ncpus; p++) {
		struct mcpu *c = &m->cpu[p];
		chunk_fini(&c->cur);
		if (c->tab)
			for (unsigned i = 0; i < m->cfg.table; i++)
				chunk_fini(&c->tab[i]);
		free(c->tab);
	}
	free(m);
}

uint64_t rru_model_ts(const struct rru_model *m)
{
	return m->ts;
}

const struct rru_model_stats *rru_model_stats(const struct rru_model *m)
{
	return &m->st;
}

static void emit(struct rru_model *m, unsigned p, const struct mchunk *c)
{
	struct rru_chunk rec;
	rru_chunkrec_record(&c->rec, p, &rec);
	m->st.records++;
	if (m->emit)
		m->emit(m->ctx, &rec, m->cycle);
}

/* A chunk leaves the table: serialized (§1.7) and emitted. */
static void leave(struct rru_model *m, unsigned p, struct mchunk *c)
{
	if (!(m->cfg.breaks & RRU_BREAK_NO_LEAVE_SER))
		rru_chunkrec_serialize(&c->rec, m->cfg.ncpus, p, m->ts);
	emit(m, p, c);
}

/* Ends the current chunk of p with a reason: it becomes the youngest
 * retained chunk, pushing the oldest out if the table is full. */
static void end_chunk(struct rru_model *m, unsigned p, unsigned reason, bool ser)
{
	struct mcpu *c = &m->cpu[p];
	c->cur.rec.ts = m->ts;
	c->cur.rec.reason = (uint8_t)reason;
	if (ser && !(m->cfg.breaks & RRU_BREAK_NO_CTX_SER))
		rru_chunkrec_serialize(&c->cur.rec, m->cfg.ncpus, p, m->ts);
	m->st.chunks++;
	m->st.insts += c->cur.rec.icount;
	m->st.by_reason[reason]++;
	if (m->cfg.table == 0) {
		leave(m, p, &c->cur);
	} else {
		if (c->ntab == m->cfg.table) {
			leave(m, p, &c->tab[0]);
			/* rotate: tab[0] storage becomes the last slot */
			struct mchunk old = c->tab[0];
			memmove(&c->tab[0], &c->tab[1], (c->ntab - 1) * sizeof(*c->tab));
			c->tab[c->ntab - 1] = old;
			c->ntab--;
		}
		chunk_copy(m, &c->tab[c->ntab], &c->cur);
		c->ntab++;
	}
	chunk_clear(m, &c->cur, c->tid);
}

static void drain(struct rru_model *m, unsigned p)
{
	struct mcpu *c = &m->cpu[p];
	for (unsigned i = 0; i < c->ntab; i++)
		leave(m, p, &c->tab[i]);
	c->ntab = 0;
}

static void retire(struct rru_model *m, const struct rru_trace_event *ev)
{
	unsigned p = ev->cpu;
	struct mcpu *c = &m->cpu[p];
	bool was_u = c->in_u;
	c->in_u = ev->priv == RRU_PRIV_U;
	if (!c->enabled)
		return;
	if (ev->priv != RRU_PRIV_U) {
		if (was_u)
			end_chunk(m, p, RRU_REASON_TRAP, false);
		return;
	}
	if (ev->acc == RRU_ACC_TRAP)
		return;
	uint32_t line = ev->addr >> m->line_shift;
	if (rru_acc_reads(ev->acc))
		sig_insert(m, &c->cur.r, line);
	if (rru_acc_writes(ev->acc))
		sig_insert(m, &c->cur.w, line);
	c->cur.rec.icount++;
	if (m->cfg.icount_limit && c->cur.rec.icount >= m->cfg.icount_limit)
		end_chunk(m, p, RRU_REASON_ICOUNT, false);
	else if (m->cfg.fill_limit &&
		 (c->cur.r.fill >= m->cfg.fill_limit || c->cur.w.fill >= m->cfg.fill_limit))
		end_chunk(m, p, RRU_REASON_SIG_FULL, false);
}

static void control(struct rru_model *m, const struct rru_trace_event *ev)
{
	unsigned p = ev->cpu;
	struct mcpu *c = &m->cpu[p];
	switch (ev->op) {
	case RRU_CTL_START:
	case RRU_CTL_SWITCH:
		if (!c->enabled) {
			if (ev->op == RRU_CTL_SWITCH)
				return;
			c->enabled = true;
			c->tid = ev->tid;
			chunk_clear(m, &c->cur, c->tid);
			return;
		}
		/* the ended chunk keeps the tid it started with */
		c->tid = ev->tid;
		end_chunk(m, p, RRU_REASON_CTX_SWITCH, true);
		return;
	case RRU_CTL_FLUSH:
	case RRU_CTL_EXIT:
		if (!c->enabled)
			return;
		end_chunk(m, p, ev->op == RRU_CTL_FLUSH ? RRU_REASON_FLUSH : RRU_REASON_EXIT,
			  false);
		drain(m, p);
		if (ev->op == RRU_CTL_EXIT)
			c->enabled = false;
		return;
	}
}

static bool hits(const struct rru_model *m, const struct mchunk *c, unsigned cmd, uint32_t line)
{
	if (cmd == RRU_BUS_RD)
		return sig_member(m, &c->w, line);
	if (cmd == RRU_BUS_RDX || cmd == RRU_BUS_UPGR)
		return sig_member(m, &c->r, line) || sig_member(m, &c->w, line);
	return false;
}

static void bus(struct rru_model *m, const struct rru_trace_event *ev)
{
	unsigned q = ev->cpu;
	uint64_t k = m->ts;
	for (unsigned p = 0; p < m->cfg.ncpus; p++) {
		struct mcpu *c = &m->cpu[p];
		if (p == q || !c->enabled)
			continue;
		if (hits(m, &c->cur, ev->cmd, ev->line)) {
			rru_chunkrec_add_dep(&c->cur.rec, q, k);
			m->st.conflicts++;
			end_chunk(m, p, RRU_REASON_CONFLICT, false);
			continue;
		}
		int hit = -1;
		for (unsigned i = 0; i < c->ntab; i++)
			if (hits(m, &c->tab[i], ev->cmd, ev->line)) {
				hit = (int)i; /* youngest is the last one found */
				if (m->cfg.breaks & RRU_BREAK_OLDEST_HIT)
					break;
			}
		if (hit >= 0)
			rru_chunkrec_add_dep(&c->tab[hit].rec, q, k);
	}
	m->ts++;
}

int rru_model_step(struct rru_model *m, const struct rru_trace_event *ev)
{
	const char *err;
	if (ev->cpu >= m->cfg.ncpus) {
		rru_error("model: cycle %llu: cpu %u >= %u cpus",
			  (unsigned long long)ev->cycle, ev->cpu, m->cfg.ncpus);
		return -1;
	}
	if (m->have_prev && (err = rru_trace_check_order(&m->prev, ev))) {
		rru_error("model: cycle %llu: %s", (unsigned long long)ev->cycle, err);
		return -1;
	}
	m->prev = *ev;
	m->have_prev = true;
	m->cycle = ev->cycle;
	switch (ev->type) {
	case RRU_EV_RETIRE:
		retire(m, ev);
		break;
	case RRU_EV_CTL:
		control(m, ev);
		break;
	case RRU_EV_BUS:
		bus(m, ev);
		break;
	default:
		rru_error("model: unknown event type");
		return -1;
	}
	return 0;
}
