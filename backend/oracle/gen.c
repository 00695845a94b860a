/* Random event traces from a small MSI multi-cache model (include/rru/oracle.h).
 *
 * Cycle by cycle, in the order of docs/design.md §2.2: every cpu retires at
 * most one instruction against its cache as it is at the start of the cycle
 * (retire phase), kernel control commands follow (control phase), then at
 * most one bus transaction takes effect (bus phase); a requester's access
 * retires in the next cycle (§1.2). A resident "kernel" per cpu schedules
 * more threads than cpus from one run queue, hands threads over through
 * their context lines in memory, and issues the RRU commands of §1.8. */
#include <stdlib.h>
#include <string.h>

#include "rru/msg.h"
#include "rru/oracle.h"

enum { ST_I = 0, ST_S, ST_M };
enum { MODE_IDLE = 0, MODE_USER, MODE_KERNEL };
enum kstep_kind { KS_NOP, KS_CTL, KS_STORE_CTX, KS_LOAD_CTX, KS_UNC, KS_MRET, KS_IDLE };
enum { REQ_NONE = -1 };

#define LINE_SHARED 0x8001000u
#define LINE_PRIVATE 0x8002000u
#define LINE_CODE 0x8003000u
#define LINE_CTX 0x8000100u
#define UART_ADDR 0x10000000u
#define MAX_KSTEPS 8
#define MAX_CYCLES 20000000ull

struct kstep {
	uint8_t kind, op;
	unsigned tid;
};

struct op {
	uint8_t priv, acc;
	uint32_t line;
	bool unc, ifetch;
	int ks_tid;        /* KS_STORE_CTX: thread made ready when it performs */
};

struct gcpu {
	uint32_t *tag;
	uint8_t *st;
	int mode;
	unsigned tid;          /* thread running (USER) or being served (KERNEL) */
	bool busy;             /* an op is in flight */
	bool granted;          /* its transaction happened; retires at retire_at */
	uint64_t retire_at;
	int req;               /* bus command wanted, REQ_NONE if none */
	uint32_t req_line;
	struct op op;
	bool op_is_kstep;
	struct kstep ks[MAX_KSTEPS];
	unsigned nks, iks;
	bool resv_valid;
	uint32_t resv_line;
	bool trap_m_next;      /* a U-mode trap was reported; the handler follows */
	unsigned last_tid;     /* the thread that last ran U-mode code here */
};

struct gthread {
	unsigned left;         /* U-mode instructions still to run */
	bool done;
	int sc_in;             /* -1: no LR pending; else ops before the SC */
	uint32_t lr_line;
	bool saved_valid;      /* resv_restore: the reservation saved with it */
	uint32_t saved_line;
};

struct gen {
	const struct rru_gen_cfg *cfg;
	uint64_t rng;
	struct gcpu cpu[RRU_MAX_CPUS];
	struct gthread *th;    /* index tid (1..nthreads) */
	unsigned *rq;          /* run queue (ring) */
	unsigned rq_head, rq_n;
	unsigned rr;           /* bus round-robin pointer */
	uint64_t cycle;
	struct rru_trace_buf *out;
	/* events of the current cycle, by phase */
	struct rru_trace_event r_ev[RRU_MAX_CPUS], x_ev[RRU_MAX_CPUS], b_ev;
	unsigned nr, nx;
	bool has_b;
	int err;
};

static uint64_t rnd(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static unsigned below(struct gen *g, unsigned n)
{
	return n ? (unsigned)(rnd(&g->rng) % n) : 0;
}

void rru_gen_cfg_random(struct rru_gen_cfg *c, uint64_t seed)
{
	uint64_t s = seed ^ UINT64_C(0x5eed5eed5eed5eed);
	memset(c, 0, sizeof(*c));
	c->seed = seed;
	c->ncpus = 1 + (unsigned)(rnd(&s) % RRU_MAX_CPUS);
	c->nthreads = c->ncpus + 1 + (unsigned)(rnd(&s) % (c->ncpus + 2));
	c->nshared = 1 + (unsigned)(rnd(&s) % 12);
	c->nprivate = 1 + (unsigned)(rnd(&s) % 4);
	c->nsets = 1u << (rnd(&s) % 4); /* 1..8 sets: many evictions */
	c->insts_min = 20 + (unsigned)(rnd(&s) % 60);
	c->insts_max = c->insts_min + (unsigned)(rnd(&s) % 200);
	c->trap_permille = 5 + (unsigned)(rnd(&s) % 60);
	c->switch_percent = 20 + (unsigned)(rnd(&s) % 70);
}

static int push_ev(struct gen *g, const struct rru_trace_event *ev)
{
	struct rru_trace_buf *b = g->out;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 4096;
		struct rru_trace_event *p = realloc(b->ev, cap * sizeof(*p));
		if (!p)
			return -1;
		b->ev = p;
		b->cap = cap;
	}
	b->ev[b->n++] = *ev;
	return 0;
}

static void ev_retire(struct gen *g, unsigned p, unsigned priv, unsigned acc, uint32_t line)
{
	struct rru_trace_event *e = &g->r_ev[g->nr++];
	memset(e, 0, sizeof(*e));
	e->type = RRU_EV_RETIRE;
	e->cycle = g->cycle;
	e->cpu = (uint8_t)p;
	e->priv = (uint8_t)priv;
	e->acc = (uint8_t)acc;
	if (acc >= RRU_ACC_LD && acc <= RRU_ACC_SCF)
		e->addr = line * 16u + 4u * below(g, 4);
}

static void ev_ctl(struct gen *g, unsigned p, unsigned op, unsigned tid)
{
	struct rru_trace_event *e = &g->x_ev[g->nx++];
	memset(e, 0, sizeof(*e));
	e->type = RRU_EV_CTL;
	e->cycle = g->cycle;
	e->cpu = (uint8_t)p;
	e->op = (uint8_t)op;
	e->tid = tid;
}

static void rq_push(struct gen *g, unsigned tid)
{
	g->rq[(g->rq_head + g->rq_n++) % g->cfg->nthreads] = tid;
}

static unsigned rq_pop(struct gen *g)
{
	unsigned t = g->rq[g->rq_head];
	g->rq_head = (g->rq_head + 1) % g->cfg->nthreads;
	g->rq_n--;
	return t;
}

static unsigned set_of(const struct gen *g, uint32_t line)
{
	return line % g->cfg->nsets;
}

static int state_of(const struct gen *g, unsigned p, uint32_t line)
{
	const struct gcpu *c = &g->cpu[p];
	unsigned s = set_of(g, line);
	return c->tag[s] == line ? c->st[s] : ST_I;
}

static bool acc_needs_w(unsigned acc)
{
	return rru_acc_writes(acc);
}

/* The op performs now (line already in the right state, or uncached). */
static void perform(struct gen *g, unsigned p)
{
	struct gcpu *c = &g->cpu[p];
	struct op *o = &c->op;
	unsigned acc = o->acc;
	if (o->ifetch)
		return; /* an instruction fetch refill: no retirement of its own */
	if (o->unc) {
		ev_retire(g, p, o->priv, RRU_ACC_ST, UART_ADDR / 16);
		return;
	}
	if (acc == RRU_ACC_LR) {
		c->resv_valid = true;
		c->resv_line = o->line;
	} else if (acc == RRU_ACC_SC) {
		if (!(c->resv_valid && c->resv_line == o->line))
			acc = RRU_ACC_SCF;
		c->resv_valid = false;
	}
	ev_retire(g, p, o->priv, acc, o->line);
	if (o->ks_tid > 0)
		rq_push(g, (unsigned)o->ks_tid); /* its context is in memory now */
	if (o->priv == RRU_PRIV_U)
		g->th[c->tid].left--;
}

/* Starts op o on cpu p: performs it on a hit, else requests the bus. */
static void start_op(struct gen *g, unsigned p, const struct op *o)
{
	struct gcpu *c = &g->cpu[p];
	c->op = *o;
	c->busy = true;
	c->granted = false;
	if (o->unc) {
		c->req = RRU_BUS_UNCWR;
		c->req_line = UART_ADDR / 16;
		return;
	}
	int st = state_of(g, p, o->line);
	bool w = !o->ifetch && acc_needs_w(o->acc);
	if ((w && st == ST_M) || (!w && st != ST_I)) {
		perform(g, p);
		c->busy = false;
		return;
	}
	unsigned s = set_of(g, o->line);
	if (c->tag[s] != o->line && c->st[s] == ST_M) {
		c->req = RRU_BUS_WB; /* write the victim back first */
		c->req_line = c->tag[s];
		return;
	}
	c->req = !w ? RRU_BUS_RD : st == ST_S ? RRU_BUS_UPGR : RRU_BUS_RDX;
	c->req_line = o->line;
}

static void kernel_enter(struct gen *g, unsigned p)
{
	struct gcpu *c = &g->cpu[p];
	struct gthread *t = &g->th[c->tid];
	unsigned n = 0;
	c->mode = MODE_KERNEL; /* the reservation is left alone (§1.10) */
	if (t->left == 0) {
		t->done = true;
		if (g->rq_n) {
			unsigned t2 = rq_pop(g);
			c->ks[n++] = (struct kstep){KS_CTL, RRU_CTL_SWITCH, t2};
			c->ks[n++] = (struct kstep){KS_LOAD_CTX, 0, t2};
			c->ks[n++] = (struct kstep){KS_MRET, 0, t2};
		} else {
			c->ks[n++] = (struct kstep){KS_CTL, RRU_CTL_EXIT, 0};
			c->ks[n++] = (struct kstep){KS_IDLE, 0, 0};
		}
	} else if (below(g, 100) < g->cfg->switch_percent && g->rq_n) {
		unsigned t2 = rq_pop(g);
		c->ks[n++] = (struct kstep){KS_NOP, 0, 0};
		c->ks[n++] = (struct kstep){KS_CTL, RRU_CTL_SWITCH, t2};
		c->ks[n++] = (struct kstep){KS_STORE_CTX, 0, c->tid};
		c->ks[n++] = (struct kstep){KS_LOAD_CTX, 0, t2};
		c->ks[n++] = (struct kstep){KS_MRET, 0, t2};
	} else if (below(g, 100) < 15) {
		c->ks[n++] = (struct kstep){KS_CTL, below(g, 4) ? RRU_CTL_EXIT : RRU_CTL_FLUSH, 0};
		if (c->ks[0].op == RRU_CTL_FLUSH) {
			c->ks[n++] = (struct kstep){KS_MRET, 0, c->tid};
		} else {
			c->ks[n++] = (struct kstep){KS_STORE_CTX, 0, c->tid};
			c->ks[n++] = (struct kstep){KS_IDLE, 0, 0};
		}
	} else {
		c->ks[n++] = (struct kstep){KS_NOP, 0, 0};
		if (below(g, 4) == 0)
			c->ks[n++] = (struct kstep){KS_UNC, 0, 0};
		c->ks[n++] = (struct kstep){KS_MRET, 0, c->tid};
	}
	c->nks = n;
	c->iks = 0;
}

static void kernel_step(struct gen *g, unsigned p)
{
	struct gcpu *c = &g->cpu[p];
	struct kstep k = c->ks[c->iks++];
	struct op o = {RRU_PRIV_M, RRU_ACC_NONE, 0, false, false, 0};
	switch (k.kind) {
	case KS_NOP:
		ev_retire(g, p, RRU_PRIV_M, RRU_ACC_NONE, 0);
		break;
	case KS_CTL:
		ev_retire(g, p, RRU_PRIV_M, RRU_ACC_NONE, 0);
		ev_ctl(g, p, k.op, k.tid);
		/* resuming another thread than the one that last ran here: the
		 * kernel clears the reservation (§1.10) */
		if (k.op == RRU_CTL_START || k.op == RRU_CTL_SWITCH) {
			if (g->cfg->resv_restore) {
				/* broken kernel: the context's saved reservation */
				c->resv_valid = g->th[k.tid].saved_valid;
				c->resv_line = g->th[k.tid].saved_line;
			} else if (k.tid != c->last_tid) {
				c->resv_valid = false;
			}
			c->last_tid = k.tid;
		}
		break;
	case KS_STORE_CTX:
		g->th[k.tid].saved_valid = c->resv_valid;
		g->th[k.tid].saved_line = c->resv_line;
		o.acc = RRU_ACC_ST;
		o.line = LINE_CTX + k.tid;
		o.ks_tid = (int)k.tid;
		start_op(g, p, &o);
		break;
	case KS_LOAD_CTX:
		o.acc = RRU_ACC_LD;
		o.line = LINE_CTX + k.tid;
		start_op(g, p, &o);
		break;
	case KS_UNC:
		o.unc = true;
		start_op(g, p, &o);
		break;
	case KS_MRET:
		ev_retire(g, p, RRU_PRIV_M, RRU_ACC_NONE, 0);
		c->mode = MODE_USER;
		c->tid = k.tid;
		break;
	case KS_IDLE:
		ev_retire(g, p, RRU_PRIV_M, RRU_ACC_NONE, 0);
		c->mode = MODE_IDLE;
		c->tid = 0;
		break;
	}
}

static void user_step(struct gen *g, unsigned p)
{
	struct gcpu *c = &g->cpu[p];
	struct gthread *t = &g->th[c->tid];
	struct op o = {RRU_PRIV_U, RRU_ACC_NONE, 0, false, false, 0};
	if (t->left == 0 || below(g, 1000) < g->cfg->trap_permille) {
		if (t->left == 0 || below(g, 2)) {
			ev_retire(g, p, RRU_PRIV_U, RRU_ACC_TRAP, 0); /* ecall / exception */
			c->trap_m_next = true;
		} else {
			ev_retire(g, p, RRU_PRIV_M, RRU_ACC_NONE, 0); /* interrupt: handler */
			kernel_enter(g, p);
		}
		return;
	}
	if (below(g, 50) == 0) {
		o.ifetch = true;
		o.line = LINE_CODE + below(g, 8);
		start_op(g, p, &o);
		return;
	}
	if (t->sc_in == 0) {
		o.acc = RRU_ACC_SC;
		o.line = t->lr_line;
		t->sc_in = -1;
		start_op(g, p, &o);
		return;
	}
	if (t->sc_in > 0)
		t->sc_in--;
	if (below(g, 10) < 4) {
		ev_retire(g, p, RRU_PRIV_U, RRU_ACC_NONE, 0);
		t->left--;
		return;
	}
	if (below(g, 100) < 70)
		o.line = LINE_SHARED + below(g, g->cfg->nshared);
	else
		o.line = LINE_PRIVATE + c->tid * 16 + below(g, g->cfg->nprivate);
	unsigned r = below(g, 100);
	o.acc = r < 45 ? RRU_ACC_LD : r < 75 ? RRU_ACC_ST : r < 87 ? RRU_ACC_AMO : RRU_ACC_LR;
	if (o.acc == RRU_ACC_LR && t->sc_in < 0) {
		t->sc_in = (int)below(g, 3);
		t->lr_line = o.line;
	}
	start_op(g, p, &o);
}

static void retire_phase(struct gen *g)
{
	for (unsigned p = 0; p < g->cfg->ncpus; p++) {
		struct gcpu *c = &g->cpu[p];
		if (c->busy) {
			if (c->granted && c->retire_at == g->cycle) {
				c->busy = false;
				perform(g, p);
			} else if (!c->granted && c->req == REQ_NONE) {
				/* the victim was written back: try the access again */
				struct op o = c->op;
				start_op(g, p, &o);
			}
			continue;
		}
		if (c->trap_m_next) {
			c->trap_m_next = false;
			ev_retire(g, p, RRU_PRIV_M, RRU_ACC_NONE, 0);
			kernel_enter(g, p);
			continue;
		}
		switch (c->mode) {
		case MODE_IDLE:
			if (g->rq_n && below(g, 3) == 0) {
				unsigned t = rq_pop(g);
				c->mode = MODE_KERNEL;
				c->nks = 0;
				c->iks = 0;
				c->ks[c->nks++] = (struct kstep){KS_LOAD_CTX, 0, t};
				c->ks[c->nks++] = (struct kstep){KS_CTL, RRU_CTL_START, t};
				c->ks[c->nks++] = (struct kstep){KS_MRET, 0, t};
				kernel_step(g, p);
			}
			break;
		case MODE_KERNEL:
			kernel_step(g, p);
			break;
		case MODE_USER:
			user_step(g, p);
			break;
		}
	}
}

static void bus_phase(struct gen *g)
{
	unsigned n = g->cfg->ncpus;
	for (unsigned i = 0; i < n; i++) {
		unsigned q = (g->rr + i) % n;
		struct gcpu *c = &g->cpu[q];
		if (!c->busy || c->req == REQ_NONE)
			continue;
		int cmd = c->req;
		uint32_t line = c->req_line;
		unsigned s = set_of(g, line);
		c->req = REQ_NONE;
		g->rr = (q + 1) % n;
		if (cmd == RRU_BUS_UPGR && state_of(g, q, line) != ST_S)
			cmd = RRU_BUS_RDX; /* lost the copy while waiting */
		if (cmd == RRU_BUS_RD || cmd == RRU_BUS_RDX || cmd == RRU_BUS_UPGR) {
			for (unsigned p = 0; p < n; p++) {
				if (p == q)
					continue;
				struct gcpu *o = &g->cpu[p];
				unsigned ps = set_of(g, line);
				if (o->tag[ps] == line && o->st[ps] != ST_I)
					o->st[ps] = cmd == RRU_BUS_RD ? ST_S : ST_I;
				if (cmd != RRU_BUS_RD && o->resv_valid && o->resv_line == line)
					o->resv_valid = false;
			}
			c->tag[s] = line;
			c->st[s] = cmd == RRU_BUS_RD ? ST_S : ST_M;
			c->granted = true;
			c->retire_at = g->cycle + 1;
		} else if (cmd == RRU_BUS_WB) {
			c->st[s] = ST_I; /* victim gone; the access retries */
		} else { /* uncached */
			c->granted = true;
			c->retire_at = g->cycle + 1;
		}
		memset(&g->b_ev, 0, sizeof(g->b_ev));
		g->b_ev.type = RRU_EV_BUS;
		g->b_ev.cycle = g->cycle;
		g->b_ev.cpu = (uint8_t)q;
		g->b_ev.cmd = (uint8_t)cmd;
		g->b_ev.line = line;
		g->has_b = true;
		return;
	}
}

static bool all_done(const struct gen *g)
{
	for (unsigned t = 1; t <= g->cfg->nthreads; t++)
		if (!g->th[t].done)
			return false;
	for (unsigned p = 0; p < g->cfg->ncpus; p++)
		if (g->cpu[p].mode != MODE_IDLE || g->cpu[p].busy)
			return false;
	return true;
}

void rru_trace_buf_free(struct rru_trace_buf *b)
{
	free(b->ev);
	memset(b, 0, sizeof(*b));
}

int rru_gen_trace(const struct rru_gen_cfg *cfg, struct rru_trace_buf *buf)
{
	struct gen g;
	int rc = -1;
	memset(&g, 0, sizeof(g));
	memset(buf, 0, sizeof(*buf));
	if (cfg->ncpus < 1 || cfg->ncpus > RRU_MAX_CPUS || cfg->nthreads < 1 ||
	    cfg->nshared < 1 || cfg->nprivate < 1 || cfg->nprivate > 16 || cfg->nsets < 1 ||
	    cfg->insts_min < 1 || cfg->insts_max < cfg->insts_min) {
		rru_error("gen: bad generator parameters");
		return -1;
	}
	g.cfg = cfg;
	g.rng = cfg->seed;
	g.out = buf;
	buf->hdr.ncpus = cfg->ncpus;
	buf->hdr.line_bytes = 16;
	g.th = calloc(cfg->nthreads + 1, sizeof(*g.th));
	g.rq = calloc(cfg->nthreads, sizeof(*g.rq));
	if (!g.th || !g.rq)
		goto out;
	for (unsigned p = 0; p < cfg->ncpus; p++) {
		g.cpu[p].tag = calloc(cfg->nsets, sizeof(uint32_t));
		g.cpu[p].st = calloc(cfg->nsets, 1);
		if (!g.cpu[p].tag || !g.cpu[p].st)
			goto out;
		g.cpu[p].req = REQ_NONE;
	}
	g.th[0].done = true;
	for (unsigned t = 1; t <= cfg->nthreads; t++) {
		g.th[t].left = cfg->insts_min + below(&g, cfg->insts_max - cfg->insts_min + 1);
		g.th[t].sc_in = -1;
		rq_push(&g, t);
	}
	for (g.cycle = 0; !all_done(&g); g.cycle++) {
		if (g.cycle > MAX_CYCLES) {
			rru_error("gen: seed %llu: no progress after %llu cycles",
				  (unsigned long long)cfg->seed, MAX_CYCLES);
			goto out;
		}
		g.nr = g.nx = 0;
		g.has_b = false;
		retire_phase(&g);
		bus_phase(&g);
		for (unsigned i = 0; i < g.nr; i++)
			if (push_ev(&g, &g.r_ev[i]))
				goto oom;
		for (unsigned i = 0; i < g.nx; i++)
			if (push_ev(&g, &g.x_ev[i]))
				goto oom;
		if (g.has_b && push_ev(&g, &g.b_ev))
			goto oom;
	}
	rc = 0;
	goto out;
oom:
	rru_error("gen: out of memory");
out:
	for (unsigned p = 0; p < RRU_MAX_CPUS; p++) {
		free(g.cpu[p].tag);
		free(g.cpu[p].st);
	}
	free(g.th);
	free(g.rq);
	if (rc)
		rru_trace_buf_free(buf);
	return rc;
}
