/* The C model of the RRU on hand-made traces: each rule of docs/design.md
 * §1 (conflicts, youngest hit, smallest k, table-leave and context-switch
 * serialization, traps, LR/SC, the order of events within a cycle). */
#include "rru/model.h"
#include "rru/msg.h"
#include "rru/rru_raw.h"
#include "rru/trace.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_text.h"

struct run {
	struct rru_chunk c[64];
	uint64_t cyc[64];
	size_t n;
	struct rru_model *m;
};

static void collect(void *ctx, const struct rru_chunk *c, uint64_t cycle)
{
	struct run *r = ctx;
	cr_assert_lt(r->n, 64);
	r->c[r->n] = *c;
	r->cyc[r->n] = cycle;
	r->n++;
}

static void step(void *ctx, const struct rru_trace_event *ev, const char *line)
{
	struct run *r = ctx;
	cr_assert_eq(rru_model_step(r->m, ev), 0, "model rejected %s", line);
}

/* Runs the model on a trace given as text (no header line), with cfg. */
static void run_trace(struct rru_model_cfg *cfg, const char *text, struct run *out)
{
	memset(out, 0, sizeof(*out));
	out->m = rru_model_new(cfg, collect, out);
	cr_assert_not_null(out->m);
	trace_text_each(text, cfg->ncpus, step, out);
	rru_model_free(out->m);
}

static void cfg_small(struct rru_model_cfg *cfg, unsigned ncpus, unsigned table)
{
	rru_model_cfg_default(cfg);
	cfg->ncpus = ncpus;
	cfg->table = table;
	cfg->icount_limit = 0;
	cfg->fill_limit = 0;
}

static const struct rru_chunk *find(const struct run *r, unsigned cpu, unsigned idx)
{
	return chunk_find(r->c, r->n, cpu, idx);
}

static int dep_of(const struct rru_chunk *c, unsigned q, uint64_t *k)
{
	for (unsigned i = 0; i < c->ndeps; i++)
		if (c->deps[i].q == q) {
			*k = c->deps[i].k;
			return 1;
		}
	return 0;
}

Test(model, conflict_ends_current_chunk_with_ts_k)
{
	struct rru_model_cfg cfg;
	struct run r;
	uint64_t k;
	cfg_small(&cfg, 2, 2);
	run_trace(&cfg,
		  "x 0 0 start 1\n"
		  "x 0 1 start 2\n"
		  "b 1 1 wb 0x99\n"             /* TS 0: counted, conflicts with nothing */
		  "r 2 0 u st 0x80010000\n"
		  "b 3 0 rdx 0x8001000\n"       /* own transaction: no conflict (TS 1) */
		  "r 4 0 u -\n"
		  "b 5 1 rd 0x8001000\n"        /* k = 2 hits W of cpu 0 */
		  "r 6 1 u ld 0x80010004\n"     /* the requester's access, after k */
		  "x 7 0 exit\n"
		  "x 7 1 exit\n",
		  &r);
	const struct rru_chunk *c0 = find(&r, 0, 0);
	cr_assert_eq(c0->reason, RRU_REASON_CONFLICT);
	cr_assert_eq(c0->ts, 2);
	cr_assert_eq(c0->icount, 2);
	cr_assert_eq(c0->tid, 1);
	cr_assert(dep_of(c0, 1, &k));
	cr_assert_eq(k, 2);
	/* the requester's chunk ends after k was counted: ts >= k + 1 */
	const struct rru_chunk *c1 = find(&r, 1, 0);
	cr_assert_eq(c1->icount, 1);
	cr_assert_geq(c1->ts, 3);
	cr_assert_eq(c1->reason, RRU_REASON_EXIT);
}

Test(model, read_does_not_conflict_with_read_signature)
{
	struct rru_model_cfg cfg;
	struct run r;
	cfg_small(&cfg, 2, 2);
	run_trace(&cfg,
		  "x 0 0 start 1\n"
		  "r 1 0 u ld 0x80010000\n"
		  "b 2 1 rd 0x8001000\n"      /* BusRd vs R only: no conflict */
		  "b 3 1 upgr 0x8001000\n"    /* BusUpgr vs R: conflict, k = 1 */
		  "x 4 0 exit\n",
		  &r);
	cr_assert_eq(r.n, 2);
	cr_assert_eq(r.c[0].reason, RRU_REASON_CONFLICT);
	cr_assert_eq(r.c[0].ts, 1);
	cr_assert_eq(r.c[0].deps[0].k, 1);
}

Test(model, access_retiring_in_the_cycle_of_k_is_ordered_before_k)
{
	struct rru_model_cfg cfg;
	struct run r;
	cfg_small(&cfg, 2, 2);
	run_trace(&cfg,
		  "x 0 0 start 1\n"
		  "r 1 0 u st 0x80010000\n"
		  "b 1 1 rdx 0x8001000\n" /* same cycle: retire phase first, so it hits */
		  "x 2 0 exit\n",
		  &r);
	cr_assert_eq(r.c[0].reason, RRU_REASON_CONFLICT);
	cr_assert_eq(r.c[0].ts, 0);
	cr_assert_eq(r.c[0].icount, 1);
}

Test(model, youngest_retained_hit_is_marked)
{
	struct rru_model_cfg cfg;
	struct run r;
	uint64_t k;
	cfg_small(&cfg, 2, 4);
	cfg.icount_limit = 1; /* every instruction is a chunk */
	const char *tr = "x 0 0 start 1\n"
			 "r 1 0 u st 0x80010000\n"   /* chunk 0: W has A */
			 "r 2 0 u st 0x80010000\n"   /* chunk 1: W has A */
			 "r 3 0 u ld 0x80020000\n"   /* chunk 2: no A */
			 "b 4 1 rd 0x8001000\n"      /* k = 0 hits chunks 0 and 1 */
			 "x 5 0 exit\n";
	run_trace(&cfg, tr, &r);
	cr_assert_eq(r.n, 4);
	cr_assert_not(dep_of(find(&r, 0, 0), 1, &k) && k == 0);
	cr_assert(dep_of(find(&r, 0, 1), 1, &k));
	cr_assert_eq(k, 0);
	/* the deliberately broken variant marks the oldest instead */
	cfg.breaks = RRU_BREAK_OLDEST_HIT;
	run_trace(&cfg, tr, &r);
	cr_assert(dep_of(find(&r, 0, 0), 1, &k));
	cr_assert_eq(k, 0);
}

Test(model, smallest_k_per_chunk_and_destination)
{
	struct rru_model_cfg cfg;
	struct run r;
	uint64_t k;
	cfg_small(&cfg, 3, 4);
	cfg.icount_limit = 1;
	run_trace(&cfg,
		  "x 0 0 start 1\n"
		  "r 1 0 u st 0x80010000\n"   /* chunk 0, ts 0 */
		  "b 2 2 wb 0x1\n"            /* 0 */
		  "b 3 1 rd 0x8001000\n"      /* 1: marks 1:1 */
		  "b 4 1 rdx 0x8001000\n"     /* 2: same chunk, same q: keeps 1 */
		  "b 5 2 rdx 0x8001000\n"     /* 3: q = 2: 2:3 */
		  "x 6 0 exit\n",
		  &r);
	const struct rru_chunk *c = find(&r, 0, 0);
	cr_assert(dep_of(c, 1, &k));
	cr_assert_eq(k, 1);
	cr_assert(dep_of(c, 2, &k));
	cr_assert_eq(k, 3);
	cr_assert_eq(c->ndeps, 2);
	cr_assert_lt(c->deps[0].q, c->deps[1].q); /* ascending q */
}

Test(model, chunk_leaving_the_table_is_serialized)
{
	struct rru_model_cfg cfg;
	struct run r;
	uint64_t k;
	cfg_small(&cfg, 3, 1);
	cfg.icount_limit = 1;
	const char *tr = "x 0 0 start 1\n"
			 "r 1 0 u st 0x80010000\n"  /* chunk 0 ends, ts 0, retained */
			 "b 2 1 wb 0x5\n"
			 "b 3 1 wb 0x5\n"
			 "r 4 0 u -\n"              /* chunk 1 ends, ts 2: chunk 0 leaves */
			 "b 5 1 rd 0x8001000\n"     /* k = 2: chunk 0 gone, undetectable */
			 "x 6 0 exit\n";
	run_trace(&cfg, tr, &r);
	const struct rru_chunk *c = find(&r, 0, 0);
	cr_assert_eq(r.cyc[0], 4);          /* emitted when it left */
	cr_assert_eq(c->ts, 0);
	cr_assert(dep_of(c, 1, &k));
	cr_assert_eq(k, 2);                  /* TS when it left */
	cr_assert(dep_of(c, 2, &k));
	cr_assert_eq(k, 2);
	/* broken: no serialization, the later read is unordered */
	cfg.breaks = RRU_BREAK_NO_LEAVE_SER;
	run_trace(&cfg, tr, &r);
	cr_assert_eq(find(&r, 0, 0)->ndeps, 0);
}

Test(model, trap_ends_chunk_and_trapping_instruction_does_not_count)
{
	struct rru_model_cfg cfg;
	struct run r;
	cfg_small(&cfg, 1, 0);
	run_trace(&cfg,
		  "x 0 0 start 7\n"
		  "r 1 0 u -\n"
		  "r 2 0 u ld 0x80010000\n"
		  "r 3 0 u trap\n"           /* ecall: not retired, not counted */
		  "r 4 0 m -\n"              /* kernel entry: chunk ends (TRAP) */
		  "r 5 0 m -\n"              /* still in M: nothing */
		  "r 6 0 u -\n"
		  "r 7 0 m -\n"              /* interrupt: TRAP again */
		  "r 8 0 u trap\n"
		  "r 9 0 m -\n"              /* entry with no counted instruction */
		  "x 10 0 exit\n",
		  &r);
	cr_assert_eq(r.n, 4);
	cr_assert_eq(r.c[0].icount, 2);
	cr_assert_eq(r.c[0].reason, RRU_REASON_TRAP);
	cr_assert_eq(r.c[1].icount, 1);
	cr_assert_eq(r.c[1].reason, RRU_REASON_TRAP);
	cr_assert_eq(r.c[2].icount, 0);      /* 0-instruction TRAP chunk */
	cr_assert_eq(r.c[2].reason, RRU_REASON_TRAP);
	cr_assert_eq(r.c[3].icount, 0);
	cr_assert_eq(r.c[3].reason, RRU_REASON_EXIT);
	for (size_t i = 0; i < r.n; i++)
		cr_assert_eq(r.c[i].tid, 7);
}

Test(model, context_switch_serializes_and_changes_tid)
{
	struct rru_model_cfg cfg;
	struct run r;
	uint64_t k;
	cfg_small(&cfg, 3, 4);
	const char *tr = "x 0 0 start 1\n"
			 "r 1 0 u st 0x80010000\n"
			 "b 1 2 wb 0x5\n"
			 "r 2 0 m -\n"             /* TRAP, ts 1 */
			 "b 3 2 wb 0x5\n"
			 "r 4 0 m -\n"
			 "x 4 0 switch 2\n"        /* 0-instruction CTX_SWITCH, ts 2 */
			 "r 5 0 u -\n"
			 "x 6 0 exit\n";
	run_trace(&cfg, tr, &r);
	cr_assert_eq(r.n, 3);
	cr_assert_eq(r.c[0].reason, RRU_REASON_TRAP);
	cr_assert_eq(r.c[0].tid, 1);
	const struct rru_chunk *sw = &r.c[1];
	cr_assert_eq(sw->reason, RRU_REASON_CTX_SWITCH);
	cr_assert_eq(sw->icount, 0);
	cr_assert_eq(sw->tid, 1);           /* the outgoing thread */
	cr_assert_eq(sw->ts, 2);
	cr_assert(dep_of(sw, 1, &k));
	cr_assert_eq(k, 2);
	cr_assert(dep_of(sw, 2, &k));
	cr_assert_eq(k, 2);
	cr_assert_eq(r.c[2].tid, 2);
	cr_assert_eq(r.c[2].icount, 1);
	/* the broken variant gives the switch chunk no serialization (it gets
	 * the table-leave one only when drained at exit, later) */
	cfg.breaks = RRU_BREAK_NO_CTX_SER | RRU_BREAK_NO_LEAVE_SER;
	run_trace(&cfg, tr, &r);
	cr_assert_eq(r.c[1].ndeps, 0);
}

Test(model, lr_and_failed_sc_are_writes)
{
	struct rru_model_cfg cfg;
	struct run r;
	cfg_small(&cfg, 2, 2);
	run_trace(&cfg,
		  "x 0 0 start 1\n"
		  "r 1 0 u lr 0x80010000\n"
		  "b 2 1 rd 0x8001000\n"     /* BusRd vs W: LR is a write: conflict k=0 */
		  "r 3 0 u scf 0x80020000\n"
		  "b 4 1 rd 0x8002000\n"     /* failed SC is a write: conflict k=1 */
		  "r 5 0 u sc 0x80030000\n"
		  "b 6 1 rd 0x8003000\n"     /* k=2 */
		  "r 7 0 u amo 0x80040000\n"
		  "b 8 1 rd 0x8004000\n"     /* k=3 */
		  "r 9 0 u ld 0x80050000\n"
		  "b 10 1 rd 0x8005000\n"    /* plain load: no conflict */
		  "x 11 0 exit\n",
		  &r);
	cr_assert_eq(r.n, 5);
	for (unsigned i = 0; i < 4; i++) {
		cr_assert_eq(r.c[i].reason, RRU_REASON_CONFLICT, "chunk %u", i);
		cr_assert_eq(r.c[i].ts, i);
		cr_assert_eq(r.c[i].icount, 1);
	}
	cr_assert_eq(r.c[4].reason, RRU_REASON_EXIT);
}

Test(model, icount_and_fill_limits)
{
	struct rru_model_cfg cfg;
	struct run r;
	cfg_small(&cfg, 1, 0);
	cfg.icount_limit = 3;
	run_trace(&cfg, "x 0 0 start 1\nr 1 0 u -\nr 2 0 u -\nr 3 0 u -\nr 4 0 u -\nx 5 0 exit\n", &r);
	cr_assert_eq(r.n, 2);
	cr_assert_eq(r.c[0].reason, RRU_REASON_ICOUNT);
	cr_assert_eq(r.c[0].icount, 3);
	cr_assert_eq(r.c[1].icount, 1);
	cfg_small(&cfg, 1, 0);
	cfg.sig_bits = 64;
	cfg.hashes = 1;
	cfg.fill_limit = 2;
	/* two distinct lines set two bits (unless they collide, then three) */
	run_trace(&cfg,
		  "x 0 0 start 1\nr 1 0 u st 0x80010000\nr 2 0 u st 0x80010000\n"
		  "r 3 0 u st 0x80099990\nr 4 0 u st 0x80012340\nr 5 0 u st 0x80abc000\nx 6 0 exit\n",
		  &r);
	cr_assert_eq(r.c[0].reason, RRU_REASON_SIG_FULL);
	cr_assert_geq(r.c[0].icount, 3);
}

Test(model, records_round_trip_through_the_raw_form)
{
	struct rru_model_cfg cfg;
	struct run r;
	cfg_small(&cfg, 4, 1);
	cfg.icount_limit = 1;
	run_trace(&cfg,
		  "x 0 0 start 99\nr 1 0 u st 0x80010000\nr 2 0 u -\nb 3 3 rd 0x8001000\n"
		  "r 4 0 u -\nx 5 0 exit\n",
		  &r);
	for (size_t i = 0; i < r.n; i++) {
		uint64_t w[RRU_RAW_MAX_WORDS];
		struct rru_chunk back;
		size_t n = rru_raw_pack(&r.c[i], w);
		memset(&back, 0, sizeof(back));
		cr_assert_eq(rru_raw_unpack(w, n, &back), n);
		cr_assert_eq(back.ts, r.c[i].ts);
		cr_assert_eq(back.ndeps, r.c[i].ndeps);
		for (unsigned d = 0; d < back.ndeps; d++) {
			cr_assert_eq(back.deps[d].q, r.c[i].deps[d].q);
			cr_assert_eq(back.deps[d].k, r.c[i].deps[d].k);
		}
	}
}

Test(model, rejects_out_of_order_events)
{
	struct rru_model_cfg cfg;
	struct rru_trace_event a, b;
	cfg_small(&cfg, 2, 1);
	rru_msg_set_level(RRU_MSG_QUIET);
	struct rru_model *m = rru_model_new(&cfg, NULL, NULL);
	cr_assert_null(rru_trace_parse_line("b 5 0 rd 0x1", 2, &a));
	cr_assert_null(rru_trace_parse_line("r 5 1 u -", 2, &b));
	cr_assert_eq(rru_model_step(m, &a), 0);
	cr_assert_eq(rru_model_step(m, &b), -1); /* r after b in one cycle */
	cr_assert_null(rru_trace_parse_line("r 4 1 u -", 2, &b));
	cr_assert_eq(rru_model_step(m, &b), -1); /* cycle backwards */
	rru_model_free(m);
	cfg.sig_bits = 100;
	cr_assert_null(rru_model_new(&cfg, NULL, NULL));
}
