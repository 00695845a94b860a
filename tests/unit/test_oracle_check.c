/* The oracle: it accepts correct graphs, rejects a missing order or a cycle,
 * catches every deliberately broken variant, and the target rule on the
 * Cyrus talk's example. */
#include "rru/dag.h"
#include "rru/msg.h"
#include "rru/oracle.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static void add(struct rru_trace_buf *b, const char *line)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->ev = realloc(b->ev, b->cap * sizeof(*b->ev));
		cr_assert_not_null(b->ev);
	}
	cr_assert_null(rru_trace_parse_line(line, b->hdr.ncpus, &b->ev[b->n]), "%s", line);
	b->n++;
}

static struct rru_chunk chunk(unsigned cpu, unsigned tid, unsigned icount, uint64_t ts)
{
	struct rru_chunk c;
	memset(&c, 0, sizeof(c));
	c.cpu = (uint8_t)cpu;
	c.tid = tid;
	c.icount = icount;
	c.ts = ts;
	return c;
}

/* thread 1 on cpu 0 writes A, then thread 2 on cpu 1 reads A */
static void raw_trace(struct rru_trace_buf *b)
{
	memset(b, 0, sizeof(*b));
	b->hdr.ncpus = 2;
	b->hdr.line_bytes = 16;
	add(b, "x 0 0 start 1");
	add(b, "x 0 1 start 2");
	add(b, "r 1 0 u st 0x80010000");
	add(b, "b 2 1 rd 0x8001000");
	add(b, "r 3 1 u ld 0x80010000");
}

Test(oracle, finds_a_missing_edge_and_accepts_it_present)
{
	struct rru_trace_buf tr;
	struct rru_chunk ch[2] = {chunk(0, 1, 1, 0), chunk(1, 2, 1, 1)};
	struct rru_oracle_node nodes[2] = {{0, 0, 0}, {1, 0, 0}};
	struct rru_oracle_edge edge = {0, 1};
	struct rru_oracle_graph g = {nodes, 2, NULL, 0, false};
	struct rru_oracle_report rep;
	raw_trace(&tr);
	cr_assert_eq(rru_oracle_check(&tr, ch, 2, &g, &rep), 1);
	cr_assert(strstr(rep.msg, "not ordered"), "%s", rep.msg);
	g.edges = &edge;
	g.nedges = 1;
	cr_assert_eq(rru_oracle_check(&tr, ch, 2, &g, &rep), 0, "%s", rep.msg);
	cr_assert_eq(rep.deps_checked, 1);
	/* a serial order with the reader first is wrong too */
	struct rru_oracle_node rev[2] = {{1, 0, 0}, {0, 0, 0}};
	struct rru_oracle_graph s = {rev, 2, NULL, 0, true};
	cr_assert_eq(rru_oracle_check(&tr, ch, 2, &s, &rep), 1);
	s.nodes = nodes;
	cr_assert_eq(rru_oracle_check(&tr, ch, 2, &s, &rep), 0, "%s", rep.msg);
	/* records that do not match the trace are inconsistent input */
	ch[1].icount = 0;
	cr_assert_eq(rru_oracle_check(&tr, ch, 2, &g, &rep), -1);
	ch[1].icount = 1;
	ch[1].tid = 9;
	cr_assert_eq(rru_oracle_check(&tr, ch, 2, &g, &rep), -1);
	rru_trace_buf_free(&tr);
}

Test(oracle, finds_a_cycle)
{
	struct rru_trace_buf tr;
	struct rru_chunk ch[2] = {chunk(0, 1, 1, 0), chunk(1, 2, 1, 1)};
	struct rru_oracle_node nodes[2] = {{0, 0, 0}, {1, 0, 0}};
	struct rru_oracle_edge e[2] = {{0, 1}, {1, 0}};
	struct rru_oracle_graph g = {nodes, 2, e, 2, false};
	struct rru_oracle_report rep;
	raw_trace(&tr);
	cr_assert_eq(rru_oracle_check(&tr, ch, 2, &g, &rep), 1);
	cr_assert(strstr(rep.msg, "cycle"), "%s", rep.msg);
	rru_trace_buf_free(&tr);
}

Test(oracle, thread_order_across_migration)
{
	struct rru_trace_buf tr;
	memset(&tr, 0, sizeof(tr));
	tr.hdr.ncpus = 2;
	tr.hdr.line_bytes = 16;
	add(&tr, "x 0 0 start 1");
	add(&tr, "r 1 0 u -");
	add(&tr, "x 2 0 exit");
	add(&tr, "x 3 1 start 1");
	add(&tr, "r 4 1 u -");
	struct rru_chunk ch[2] = {chunk(0, 1, 1, 0), chunk(1, 1, 1, 0)};
	struct rru_oracle_node nodes[2] = {{0, 0, 0}, {1, 0, 0}};
	struct rru_oracle_edge edge = {0, 1};
	struct rru_oracle_graph g = {nodes, 2, NULL, 0, false};
	struct rru_oracle_report rep;
	cr_assert_eq(rru_oracle_check(&tr, ch, 2, &g, &rep), 1);
	cr_assert(strstr(rep.msg, "thread 1 loses its order"), "%s", rep.msg);
	g.edges = &edge;
	g.nedges = 1;
	cr_assert_eq(rru_oracle_check(&tr, ch, 2, &g, &rep), 0, "%s", rep.msg);
	cr_assert_eq(rep.thread_checked, 1);
	rru_trace_buf_free(&tr);
}

/* The Cyrus talk's example: C00 of P0 ends at ts 100 with successors P1:150
 * and P2:100; P1's first chunk ending after 150 ends at 250, P2's first
 * ending after 100 ends at 180 (P2's chunk ending at exactly 100 is not a
 * target: the rule is strict). */
Test(oracle, target_rule_cyrus_example)
{
	struct rru_chunk ch[5] = {
		chunk(0, 1, 10, 100), chunk(1, 2, 10, 90), chunk(1, 2, 10, 250),
		chunk(2, 3, 10, 100), chunk(2, 3, 10, 180),
	};
	ch[0].ndeps = 2;
	ch[0].deps[0] = (struct rru_dep){1, 150};
	ch[0].deps[1] = (struct rru_dep){2, 100};
	struct rru_oracle_graph g;
	cr_assert_eq(rru_oracle_graph_reference(ch, 5, 3, false, &g), 0);
	cr_assert_eq(g.nedges, 2);
	cr_assert_eq(g.edges[0].from, 0);
	cr_assert_eq(g.edges[0].to, 2); /* C11: P1's chunk ending at 250 */
	cr_assert_eq(g.edges[1].to, 4); /* P2's chunk ending at 180 */
	rru_oracle_graph_free(&g);
	/* the broken >= rule points at P2's chunk ending at exactly 100 */
	cr_assert_eq(rru_oracle_graph_reference(ch, 5, 3, true, &g), 0);
	cr_assert_eq(g.edges[1].to, 3);
	rru_oracle_graph_free(&g);
	/* backend-dag's MaxPar DAG has the same two edges */
	struct rru_record recs[5];
	for (int i = 0; i < 5; i++) {
		recs[i].kind = RRU_REC_CHUNK;
		recs[i].u.chunk = ch[i];
	}
	struct rru_dag_node *nodes = NULL;
	size_t nn = 0;
	cr_assert_eq(rru_dag_build(recs, 5, 3, RRU_DAG_MAXPAR, &nodes, &nn), 0);
	int found = 0;
	for (size_t i = 0; i < nn; i++)
		for (unsigned e = 0; e < nodes[i].nedges; e++)
			if (nodes[nodes[i].edges[e].from].cpu == 0) {
				cr_assert((nodes[i].cpu == 1 && nodes[i].first == 1) ||
					  (nodes[i].cpu == 2 && nodes[i].first == 1));
				found++;
			}
	cr_assert_eq(found, 2);
	free(nodes);
}

Test(oracle, random_cases_pass_with_the_correct_model)
{
	for (uint64_t s = 1; s <= 150; s++) {
		struct rru_oracle_case c;
		struct rru_oracle_result r;
		rru_oracle_case_random(&c, s, RRU_VAR_OK);
		cr_assert_eq(rru_oracle_run_case(&c, &r), 0);
		cr_assert_eq(r.failed, 0, "seed %llu: %s", (unsigned long long)s, r.msg);
		cr_assert_gt(r.chunks, 0);
	}
}

/* Teeth: each broken variant must be caught within a few hundred cases. */
static void expect_caught(unsigned variant)
{
	unsigned caught = 0;
	for (uint64_t s = 1; s <= 300 && caught < 3; s++) {
		struct rru_oracle_case c;
		struct rru_oracle_result r;
		rru_oracle_case_random(&c, s, variant);
		cr_assert_eq(rru_oracle_run_case(&c, &r), 0);
		caught += (unsigned)r.failed;
	}
	cr_assert_geq(caught, 3, "variant %s caught only %u times",
		      rru_oracle_variant_name(variant), caught);
}

Test(oracle_teeth, no_serialization_when_a_chunk_leaves_the_table)
{
	expect_caught(RRU_VAR_NO_LEAVE_SER);
}
Test(oracle_teeth, no_serialization_at_a_context_switch)
{
	expect_caught(RRU_VAR_NO_CTX_SER);
}
Test(oracle_teeth, marking_the_oldest_hit)
{
	expect_caught(RRU_VAR_OLDEST_HIT);
}
Test(oracle_teeth, target_rule_ge)
{
	expect_caught(RRU_VAR_TARGET_GE);
}

Test(oracle, generator_exercises_migration_evictions_and_lrsc)
{
	unsigned migr = 0, wb = 0, scf = 0, upgr = 0, sw = 0;
	for (uint64_t s = 1; s <= 40; s++) {
		struct rru_gen_cfg cfg;
		struct rru_trace_buf tr;
		uint32_t last_cpu[64];
		memset(last_cpu, 0xff, sizeof(last_cpu));
		rru_gen_cfg_random(&cfg, s);
		cr_assert_gt(cfg.nthreads, cfg.ncpus);
		cr_assert_eq(rru_gen_trace(&cfg, &tr), 0);
		for (size_t i = 0; i < tr.n; i++) {
			const struct rru_trace_event *e = &tr.ev[i];
			if (e->type == RRU_EV_BUS) {
				wb += e->cmd == RRU_BUS_WB;
				upgr += e->cmd == RRU_BUS_UPGR;
			}
			if (e->type == RRU_EV_RETIRE)
				scf += e->acc == RRU_ACC_SCF;
			if (e->type == RRU_EV_CTL && (e->op == RRU_CTL_START || e->op == RRU_CTL_SWITCH)) {
				sw += e->op == RRU_CTL_SWITCH;
				if (last_cpu[e->tid % 64] != 0xffffffffu && last_cpu[e->tid % 64] != e->cpu)
					migr++;
				last_cpu[e->tid % 64] = e->cpu;
			}
		}
		rru_trace_buf_free(&tr);
	}
	cr_assert_gt(migr, 10);
	cr_assert_gt(wb, 10);
	cr_assert_gt(scf, 0);
	cr_assert_gt(upgr, 10);
	cr_assert_gt(sw, 10);
}

Test(oracle_teeth, kernel_restoring_saved_reservations)
{
	expect_caught(RRU_VAR_RESV_RESTORE);
}

Test(oracle, replay_simulation_finds_wrong_values_and_sc_outcomes)
{
	struct rru_trace_buf tr;
	struct rru_chunk ch[2] = {chunk(0, 1, 1, 0), chunk(1, 2, 1, 1)};
	struct rru_oracle_node nodes[2] = {{0, 0, 0}, {1, 0, 0}};
	struct rru_oracle_edge edge = {0, 1};
	struct rru_oracle_graph g = {nodes, 2, NULL, 0, false};
	struct rru_oracle_report rep;
	unsigned bad = 0;
	raw_trace(&tr); /* cpu 0 stores A, then cpu 1 loads it */
	for (uint64_t s = 0; s < 16; s++)
		bad += rru_oracle_replay(&tr, ch, 2, &g, s, false, &rep) == 1;
	cr_assert_gt(bad, 0); /* some order runs the load first */
	g.edges = &edge;
	g.nedges = 1;
	for (uint64_t s = 0; s < 16; s++)
		cr_assert_eq(rru_oracle_replay(&tr, ch, 2, &g, s, false, &rep), 0, "%s", rep.msg);
	rru_trace_buf_free(&tr);

	/* LR on cpu 0; cpu 1 stores the line; cpu 0's SC failed in recording.
	 * The order LR -> store -> SC must be kept for the SC to fail again. */
	memset(&tr, 0, sizeof(tr));
	tr.hdr.ncpus = 2;
	tr.hdr.line_bytes = 16;
	add(&tr, "x 0 0 start 1");
	add(&tr, "x 0 1 start 2");
	add(&tr, "r 1 0 u lr 0x80010000");
	add(&tr, "b 2 1 rdx 0x8001000");
	add(&tr, "r 3 1 u st 0x80010000");
	add(&tr, "b 4 0 rdx 0x8001000");
	add(&tr, "r 5 0 u scf 0x80010000");
	struct rru_chunk c3[3] = {chunk(0, 1, 1, 2), chunk(0, 1, 1, 3), chunk(1, 2, 1, 2)};
	struct rru_oracle_node n3[3] = {{0, 0, 0}, {0, 1, 1}, {1, 0, 0}};
	struct rru_oracle_edge e3[2] = {{0, 2}, {2, 1}};
	struct rru_oracle_graph g3 = {n3, 3, e3, 2, false};
	for (uint64_t s = 0; s < 16; s++)
		cr_assert_eq(rru_oracle_replay(&tr, c3, 3, &g3, s, false, &rep), 0, "%s", rep.msg);
	g3.nedges = 1; /* without store -> SC, the SC may run first and succeed */
	bad = 0;
	for (uint64_t s = 0; s < 16; s++)
		bad += rru_oracle_replay(&tr, c3, 3, &g3, s, false, &rep) == 1;
	cr_assert_gt(bad, 0);
	cr_assert(strstr(rep.msg, "SC") || strstr(rep.msg, "reads"), "%s", rep.msg);
	rru_trace_buf_free(&tr);
}

Test(oracle, serial_order_must_keep_each_cpus_chunk_order)
{
	struct rru_trace_buf tr;
	memset(&tr, 0, sizeof(tr));
	tr.hdr.ncpus = 1;
	tr.hdr.line_bytes = 16;
	add(&tr, "x 0 0 start 1");
	add(&tr, "r 1 0 u -");
	add(&tr, "r 2 0 u -");
	struct rru_chunk ch[2] = {chunk(0, 1, 1, 0), chunk(0, 1, 1, 0)};
	struct rru_oracle_node nodes[2] = {{0, 1, 1}, {0, 0, 0}}; /* chunk 1 first */
	struct rru_oracle_graph g = {nodes, 2, NULL, 0, true};
	struct rru_oracle_report rep;
	cr_assert_eq(rru_oracle_check(&tr, ch, 2, &g, &rep), 1);
	cr_assert(strstr(rep.msg, "cycle"), "%s", rep.msg);
	rru_trace_buf_free(&tr);
}
