/* The CREW recorder (docs/design.md §9) on hand-made traces: cold reads,
 * read and write faults and their r -> i dependences, the clock, the held
 * chunk, page size, the RRU's chunk ends and serializations. */
#include "rru/crew.h"
#include "rru/trace.h"

#include <criterion/criterion.h>
#include <string.h>

#include "trace_text.h"

struct run {
	struct rru_chunk c[64];
	size_t n;
	int faults;
	struct rru_crew *m;
};

static void collect(void *ctx, const struct rru_chunk *c)
{
	struct run *r = ctx;
	cr_assert_lt(r->n, 64);
	r->c[r->n++] = *c;
}

static void step(void *ctx, const struct rru_trace_event *ev, const char *line)
{
	struct run *r = ctx;
	int f = rru_crew_step(r->m, ev);
	cr_assert_geq(f, 0, "crew rejected %s", line);
	r->faults += f;
}

/* Runs the recorder on a trace given as text (no header line). */
static void run_trace(unsigned ncpus, unsigned page, const char *text, struct run *out)
{
	struct rru_crew_cfg cfg = {ncpus, page};
	memset(out, 0, sizeof(*out));
	out->m = rru_crew_new(&cfg, collect, out);
	cr_assert_not_null(out->m);
	trace_text_each(text, ncpus, step, out);
	rru_crew_finish(out->m);
	rru_crew_free(out->m);
}

static const struct rru_chunk *find(const struct run *r, unsigned cpu, unsigned idx)
{
	return chunk_find(r->c, r->n, cpu, idx);
}

static size_t count(const struct run *r, unsigned cpu)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += r->c[i].cpu == cpu;
	return n;
}

#define START "x 1 0 start 1\nx 1 1 start 2\n"
#define EXIT "x 99 0 exit\nx 99 1 exit\n"

Test(crew, cold_reads_fault_nothing)
{
	struct run r;
	run_trace(2, 4096, START "r 2 0 u ld 0x80010000\nr 2 1 u ld 0x80010004\n" EXIT, &r);
	cr_assert_eq(r.faults, 0);
	cr_assert_eq(count(&r, 0), 1);
	cr_assert_eq(find(&r, 0, 0)->icount, 1);
	cr_assert_eq(find(&r, 0, 0)->reason, RRU_REASON_EXIT);
}

Test(crew, read_after_write_orders_the_writer_first)
{
	struct run r;
	/* cpu 0 writes (first write to the page: a fault, clock 0 -> 1), then
	 * cpu 1 reads another word of the page: a read fault at clock 2 (one bus
	 * transaction between) that reduces cpu 0: its chunk ends with 1:2 */
	run_trace(2, 4096, START "r 2 0 u st 0x80010000\nr 3 0 u -\nb 3 0 rd 0x100\n"
			       "r 4 1 u ld 0x80010040\n" EXIT, &r);
	cr_assert_eq(r.faults, 2);
	const struct rru_chunk *c = find(&r, 0, 0);
	cr_assert_eq(c->reason, RRU_REASON_CONFLICT);
	cr_assert_eq(c->icount, 2);
	cr_assert_eq(c->ts, 2);
	cr_assert_eq(c->ndeps, 1);
	cr_assert_eq(c->deps[0].q, 1);
	cr_assert_eq(c->deps[0].k, 2);
	/* cpu 1's read is in a chunk with ts > 2: the target */
	cr_assert_gt(find(&r, 1, 0)->ts, 2);
	cr_assert_eq(find(&r, 1, 0)->icount, 1);
}

Test(crew, write_reduces_every_reader)
{
	struct run r;
	run_trace(3, 4096, "x 1 0 start 1\nx 1 1 start 2\nx 1 2 start 3\n"
			   "r 2 0 u ld 0x80010000\nr 2 1 u ld 0x80010000\nr 3 2 u st 0x80010008\n"
			   "x 99 0 exit\nx 99 1 exit\nx 99 2 exit\n", &r);
	cr_assert_eq(r.faults, 1);
	for (unsigned q = 0; q < 2; q++) {
		const struct rru_chunk *c = find(&r, q, 0);
		cr_assert_eq(c->reason, RRU_REASON_CONFLICT);
		cr_assert_eq(c->ts, 0);
		cr_assert_eq(c->deps[0].q, 2);
		cr_assert_eq(c->deps[0].k, 0);
	}
}

Test(crew, smaller_pages_separate_the_words)
{
	struct run r;
	const char *t = START "r 2 0 u st 0x80010000\nr 3 1 u st 0x80010040\nr 4 0 u st 0x80010000\n" EXIT;
	run_trace(2, 4096, t, &r);
	cr_assert_eq(r.faults, 3, "one page: the writers take it from each other");
	run_trace(2, 64, t, &r);
	cr_assert_eq(r.faults, 2, "two pages: each writer's first write only");
	cr_assert_eq(r.c[0].ndeps + r.c[1].ndeps, 2, "only the serializations of exit");
}

Test(crew, reduction_in_the_kernel_goes_to_the_held_chunk)
{
	struct run r;
	/* cpu 0 writes, enters the kernel (TRAP ends its chunk, icount 2);
	 * cpu 1's read then reduces it: the dependence goes on that chunk */
	run_trace(2, 4096, START "r 2 0 u st 0x80010000\nr 3 0 u -\nr 4 0 m -\n"
			       "r 5 1 u ld 0x80010000\n" EXIT, &r);
	const struct rru_chunk *c = find(&r, 0, 0);
	cr_assert_eq(c->reason, RRU_REASON_TRAP);
	cr_assert_eq(c->icount, 2);
	cr_assert_eq(c->ndeps, 1);
	cr_assert_eq(c->deps[0].q, 1);
	cr_assert_eq(c->deps[0].k, 1);
	cr_assert_eq(count(&r, 0), 2, "the TRAP chunk and the (empty) EXIT chunk");
}

Test(crew, switch_serializes_like_the_rru)
{
	struct run r;
	run_trace(2, 4096, START "r 2 0 u -\nb 2 1 rd 0x10\nx 3 0 switch 5\nr 4 0 u -\n" EXIT, &r);
	const struct rru_chunk *c = find(&r, 0, 0);
	cr_assert_eq(c->reason, RRU_REASON_CTX_SWITCH);
	cr_assert_eq(c->tid, 1);
	cr_assert_eq(c->ts, 1);
	cr_assert_eq(c->ndeps, 1);
	cr_assert_eq(c->deps[0].k, 1);
	cr_assert_eq(find(&r, 0, 1)->tid, 5);
	cr_assert_eq(find(&r, 0, 1)->reason, RRU_REASON_EXIT);
}

Test(crew, bad_config_is_refused)
{
	struct rru_crew_cfg cfg = {2, 48};
	cr_assert_not_null(rru_crew_cfg_check(&cfg));
	cfg.page_bytes = 64;
	cfg.ncpus = 9;
	cr_assert_not_null(rru_crew_cfg_check(&cfg));
}
