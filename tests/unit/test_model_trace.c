/* The event-trace text format (docs/design.md §2.1, §2.2): parsing, errors,
 * ordering, writing. */
#include "rru/msg.h"
#include "rru/trace.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

Test(trace, parses_every_event_kind)
{
	struct rru_trace_event e;
	cr_assert_null(rru_trace_parse_line("r 12 3 u amo 0x80010004", 4, &e));
	cr_assert_eq(e.type, RRU_EV_RETIRE);
	cr_assert_eq(e.cycle, 12);
	cr_assert_eq(e.cpu, 3);
	cr_assert_eq(e.priv, RRU_PRIV_U);
	cr_assert_eq(e.acc, RRU_ACC_AMO);
	cr_assert_eq(e.addr, 0x80010004u);
	cr_assert_null(rru_trace_parse_line("r 1 0 m -   # comment", 4, &e));
	cr_assert_eq(e.priv, RRU_PRIV_M);
	cr_assert_eq(e.acc, RRU_ACC_NONE);
	cr_assert_null(rru_trace_parse_line("x 2 1 switch 0x10", 4, &e));
	cr_assert_eq(e.op, RRU_CTL_SWITCH);
	cr_assert_eq(e.tid, 16);
	cr_assert_null(rru_trace_parse_line("x 2 1 flush", 4, &e));
	cr_assert_eq(e.op, RRU_CTL_FLUSH);
	cr_assert_null(rru_trace_parse_line("b 3 2 upgr 0x8001000", 4, &e));
	cr_assert_eq(e.cmd, RRU_BUS_UPGR);
	cr_assert_eq(e.line, 0x8001000u);
	cr_assert(rru_acc_reads(RRU_ACC_LR) && rru_acc_writes(RRU_ACC_LR));
	cr_assert(!rru_acc_reads(RRU_ACC_SCF) && rru_acc_writes(RRU_ACC_SCF));
	cr_assert(!rru_acc_writes(RRU_ACC_LD) && !rru_acc_writes(RRU_ACC_TRAP));
}

Test(trace, rejects_bad_lines)
{
	struct rru_trace_event e;
	static const char *bad[] = {
		"q 1 0 u -", "r 1 9 u -", "r 1 0 s -", "r 1 0 u ld", "r 1 0 u - 0x4",
		"r 1 0 u load 0x4", "x 1 0 switch", "x 1 0 exit 3", "x 1 0 halt",
		"b 1 0 rd", "b 1 0 bogus 0x1", "b x 0 rd 0x1", "r 1k 0 u -",
		"r 1 0 u ld 0x100000000", "r -1 0 u -", "b 1 0 rd 0x1 0x2 0x3 0x4 0x5 0x6",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_not_null(rru_trace_parse_line(bad[i], 4, &e), "accepted: %s", bad[i]);
}

Test(trace, checks_the_order_within_a_cycle)
{
	struct rru_trace_event r0, r1, x0, b0, b1;
	cr_assert_null(rru_trace_parse_line("r 5 0 u -", 4, &r0));
	cr_assert_null(rru_trace_parse_line("r 5 1 u -", 4, &r1));
	cr_assert_null(rru_trace_parse_line("x 5 0 flush", 4, &x0));
	cr_assert_null(rru_trace_parse_line("b 5 2 rd 0x1", 4, &b0));
	cr_assert_null(rru_trace_parse_line("b 5 3 rd 0x1", 4, &b1));
	cr_assert_null(rru_trace_check_order(&r0, &r1));
	cr_assert_null(rru_trace_check_order(&r1, &x0));
	cr_assert_null(rru_trace_check_order(&x0, &b0));
	cr_assert_not_null(rru_trace_check_order(&r1, &r0));
	cr_assert_not_null(rru_trace_check_order(&r0, &r0));
	cr_assert_not_null(rru_trace_check_order(&x0, &r1));
	cr_assert_not_null(rru_trace_check_order(&b0, &x0));
	cr_assert_not_null(rru_trace_check_order(&b0, &b1));
	r0.cycle = 4;
	cr_assert_not_null(rru_trace_check_order(&b0, &r0));
}

static int read_all(const char *text, unsigned long *bad_line)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	struct rru_trace_hdr h;
	struct rru_trace_event e;
	int rc;
	rru_msg_set_level(RRU_MSG_QUIET);
	struct rru_trace_reader *r = rru_trace_reader_new(f, "t", &h);
	if (!r) {
		fclose(f);
		return -2;
	}
	while ((rc = rru_trace_read(r, &e)) == 1)
		;
	*bad_line = rru_trace_line(r);
	rru_trace_reader_free(r);
	fclose(f);
	return rc;
}

Test(trace, reader_names_the_bad_line)
{
	unsigned long line = 0;
	cr_assert_eq(read_all("rru-trace 1 cpus 2 line 16\n# c\n\nr 1 0 u -\nb 1 1 rd 0x5\n", &line), 0);
	cr_assert_eq(read_all("rru-trace 1 cpus 2 line 16\nr 1 0 u -\nr 1 2 u -\n", &line), -1);
	cr_assert_eq(line, 3);
	cr_assert_eq(read_all("rru-trace 1 cpus 2 line 16\nb 2 0 rd 0x5\nr 1 0 u -\n", &line), -1);
	cr_assert_eq(line, 3);
	cr_assert_eq(read_all("rru-trace 2 cpus 2 line 16\n", &line), -2);
	cr_assert_eq(read_all("rru-trace 1 cpus 9 line 16\n", &line), -2);
	cr_assert_eq(read_all("rru-trace 1 cpus 2 line 12\n", &line), -2);
	cr_assert_eq(read_all("c 0 1 2 3\n", &line), -2);
	cr_assert_eq(read_all("", &line), -2);
}

Test(trace, write_then_parse_round_trips)
{
	static const char *lines[] = {
		"r 7 1 u sc 0x80010008", "r 7 2 m -", "r 8 0 u trap", "x 8 1 start 5",
		"x 8 2 exit", "b 8 3 uncwr 0x1000000",
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		struct rru_trace_event e;
		char buf[128];
		cr_assert_null(rru_trace_parse_line(lines[i], 4, &e));
		FILE *f = fmemopen(buf, sizeof(buf), "w");
		rru_trace_write(f, &e);
		fclose(f);
		buf[strcspn(buf, "\n")] = 0;
		cr_assert_str_eq(buf, lines[i]);
	}
}

static const char *coh_run(const char *const *lines, size_t n)
{
	struct rru_trace_hdr h = {2, 16};
	struct rru_cohcheck *c = rru_cohcheck_new(&h);
	const char *err = NULL;
	static char keep[256];
	cr_assert_not_null(c);
	for (size_t i = 0; i < n && !err; i++) {
		struct rru_trace_event e;
		cr_assert_null(rru_trace_parse_line(lines[i], 2, &e));
		err = rru_cohcheck_step(c, &e);
	}
	if (err) {
		snprintf(keep, sizeof(keep), "%s", err);
		err = keep;
	}
	rru_cohcheck_free(c);
	return err;
}

Test(trace, coherence_check_of_the_memory_system_guarantees)
{
	static const char *ok[] = {
		"b 1 0 rdx 0x8001000", "r 2 0 u st 0x80010000", "b 2 1 rd 0x8001000",
		"r 3 0 u ld 0x80010000", "r 3 1 u ld 0x80010004", "b 3 1 upgr 0x8001000",
		"r 4 1 u amo 0x80010000", "r 5 0 u st 0x10000000", /* uncached: not checked */
	};
	cr_assert_null(coh_run(ok, sizeof(ok) / sizeof(ok[0])));
	static const char *no_m[] = {"b 1 0 rd 0x8001000", "r 2 0 u st 0x80010000"};
	cr_assert_not_null(coh_run(no_m, 2));
	static const char *lost[] = {"b 1 0 rdx 0x8001000", "b 2 1 rdx 0x8001000",
				     "r 3 0 u ld 0x80010000"};
	cr_assert_not_null(coh_run(lost, 3));
	static const char *same_cycle[] = {"b 1 0 rd 0x8001000", "r 2 0 u ld 0x80010000",
					   "r 3 0 u sc 0x80010000", "b 3 0 upgr 0x8001000"};
	const char *e = coh_run(same_cycle, 4);
	cr_assert_not_null(e);
	cr_assert(strstr(e, "rules 3, 4"), "%s", e);
	static const char *wb[] = {"b 1 0 rdx 0x8001000", "b 2 0 wb 0x8001000",
				   "r 3 0 u ld 0x80010000"};
	cr_assert_not_null(coh_run(wb, 3));
}
