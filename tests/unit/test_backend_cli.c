/* `rru dag`, `rru stats`, `rru loggen` end to end through the command table:
 * outputs, RUN/ directories, and exit status 2 on bad input or usage. */
#include "rru/cli.h"
#include "rru/dagfmt.h"
#include "rru/msg.h"

#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64];

static void setup(void)
{
	rru_msg_set_level(RRU_MSG_QUIET);
	snprintf(dir, sizeof dir, "/tmp/rru-backend-cli-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(backend_cli, .init = setup, .fini = teardown);

/* Runs `rru <args...>` (NULL-terminated) in-process; returns its status. */
static int run(const char *name, ...)
{
	char *argv[16];
	int argc = 0;
	va_list ap;
	va_start(ap, name);
	argv[argc++] = (char *)name;
	const char *a;
	while ((a = va_arg(ap, const char *)) && argc < 15)
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	const struct rru_cmd *c = rru_cli_find(name);
	cr_assert_not_null(c, "no command %s", name);
	return c->main(argc, argv);
}

static char *path(const char *name)
{
	static char p[4][128];
	static int i;
	i = (i + 1) % 4;
	snprintf(p[i], sizeof p[i], "%s/%s", dir, name);
	return p[i];
}

static void put(const char *name, const void *data, size_t len)
{
	FILE *f = fopen(path(name), "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

static char *slurp(const char *p, size_t *len)
{
	FILE *f = fopen(p, "rb");
	cr_assert_not_null(f, "%s", p);
	static char buf[1 << 20];
	*len = fread(buf, 1, sizeof buf - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static const char cyrus[] = "h 3\nc 0 1 10 100 1:150 2:100\nc 0 1 20 200\nc 1 2 30 250\nc 2 3 40 300\n";

Test(backend_cli, dag_text_of_the_cyrus_example)
{
	put("cyrus.log", cyrus, strlen(cyrus));
	cr_assert_eq(run("dag", "--emit", "text", "-o", path("out.txt"), path("cyrus.log"), NULL), 0);
	size_t len;
	char *s = slurp(path("out.txt"), &len);
	cr_assert_str_eq(s, "# rru dag maxpar cpus 3\n"
			    "n 0 0 1 10 0 0\n"
			    "n 1 0 1 20 1 1\n"
			    "n 2 1 2 30 0 0\n"
			    "e 0 2\n"
			    "n 3 2 3 40 0 0\n"
			    "e 0 3\n");
	cr_assert_eq(run("dag", "-m", "stitched", "-e", "dot", "-o", path("out.dot"), path("cyrus.log"), NULL), 0);
	s = slurp(path("out.dot"), &len);
	cr_assert(strstr(s, "digraph") && strstr(s, "n0 -> n1;") && strstr(s, "P0 C0.0-1"), "%s", s);
}

/* A RUN/ directory: log.bin preferred, else log; the binary and the text log
 * give the same DAG. */
Test(backend_cli, run_directory_and_forms_agree)
{
	cr_assert_eq(mkdir(path("run"), 0755), 0);
	cr_assert_eq(run("loggen", "-n", "3000", "-c", "5", "-t", "-o", path("run/log"), NULL), 0);
	cr_assert_eq(run("dag", "-m", "stitched", "-o", path("a.txt"), path("run"), NULL), 0);
	cr_assert_eq(run("loggen", "-n", "3000", "-c", "5", "-o", path("run/log.bin"), NULL), 0);
	cr_assert_eq(run("dag", "-m", "stitched", "-o", path("b.txt"), path("run"), NULL), 0);
	size_t la, lb;
	char *a = strdup(slurp(path("a.txt"), &la));
	char *b = slurp(path("b.txt"), &lb);
	cr_assert_gt(la, 1000);
	cr_assert_str_eq(a, b);
	free(a);
	size_t nlines = 0;
	for (const char *p = b; (p = strstr(p, "\nn ")); p++)
		nlines++;
	/* binary DAG: readable, one node per n line */
	cr_assert_eq(run("dag", "-m", "stitched", "-e", "bin", "-o", path("c.dag"), path("run"), NULL), 0);
	size_t lc;
	char *c = slurp(path("c.dag"), &lc);
	struct rru_dag_reader *r;
	cr_assert_eq(rru_dag_reader_open_mem(&r, c, lc, "c.dag"), 0);
	struct rru_dag_node n;
	size_t nodes = 0;
	while (rru_dag_reader_next(r, &n) == 1)
		nodes++;
	rru_dag_reader_close(r);
	cr_assert_eq(nodes, nlines);
}

Test(backend_cli, bad_input_and_usage_exit_2)
{
	put("back.log", "c 0 1 1 10\nc 0 1 1 9\n", 22);
	cr_assert_eq(run("dag", "-o", path("x"), path("back.log"), NULL), 2);
	cr_assert_eq(run("stats", path("back.log"), NULL), 2);
	cr_assert_eq(run("dag", "-o", path("x"), path("missing.log"), NULL), 2);
	cr_assert_eq(mkdir(path("empty-run"), 0755), 0);
	cr_assert_eq(run("dag", "-o", path("x"), path("empty-run"), NULL), 2);
	cr_assert_eq(run("dag", "--mode", "fastest", path("back.log"), NULL), 2);
	cr_assert_eq(run("dag", "--emit", "svg", path("back.log"), NULL), 2);
	cr_assert_eq(run("dag", NULL), 2);
	/* a corrupt binary log */
	cr_assert_eq(run("loggen", "-n", "100", "-o", path("g.bin"), NULL), 0);
	size_t len;
	char *b = slurp(path("g.bin"), &len);
	b[40] ^= 0x10;
	put("bad.bin", b, len);
	cr_assert_eq(run("dag", "-o", path("x"), path("bad.bin"), NULL), 2);
	put("trunc.bin", b, 30);
	cr_assert_eq(run("stats", path("trunc.bin"), NULL), 2);
}

Test(backend_cli, stats_table, .init = setup, .fini = teardown)
{
	put("cyrus.log", cyrus, strlen(cyrus));
	cr_redirect_stdout();
	cr_assert_eq(run("stats", path("cyrus.log"), NULL), 0);
	fflush(stdout);
	char buf[4096] = {0};
	FILE *f = cr_get_redirected_stdout();
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	/* maxpar: 4 nodes, 2 edges, critical path 50 of 100 -> parallelism 2.00 */
	cr_assert(strstr(buf, "maxpar"), "%s", buf);
	const char *m = strstr(buf, "\nmaxpar");
	cr_assert_not_null(m, "%s", buf);
	unsigned nodes, edges, bytes, cp;
	double chn, bpk, par;
	cr_assert_eq(sscanf(m, "\nmaxpar %u %lf %u %u %lf %u %lf", &nodes, &chn, &edges, &bytes, &bpk, &cp, &par), 7,
		     "%s", m);
	cr_assert_eq(nodes, 4);
	cr_assert_eq(edges, 2);
	cr_assert_eq(cp, 50);
	cr_assert_float_eq(par, 2.0, 0.001);
	const char *s = strstr(buf, "\nserial");
	cr_assert_not_null(s);
	cr_assert_eq(sscanf(s, "\nserial %u %lf %u %u %lf %u %lf", &nodes, &chn, &edges, &bytes, &bpk, &cp, &par), 7);
	cr_assert_eq(cp, 100);
	cr_assert_eq(edges, 0);
	cr_assert(strstr(buf, "none"), "no reason table: %s", buf);
}

/* On the fly: `rru dag -` reading a log still being written writes each node
 * as soon as it is final, before the writer is done. */
Test(backend_cli, follows_a_live_log)
{
	int in[2];
	cr_assert_eq(pipe(in), 0);
	const char *out = path("live.txt");
	pid_t pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		dup2(in[0], 0);
		close(in[0]);
		close(in[1]);
		_exit(run("dag", "-o", out, "-", NULL));
	}
	close(in[0]);
	const char part1[] = "h 2\nc 0 1 5 10 1:10\nc 1 2 7 11\n";
	cr_assert_eq(write(in[1], part1, sizeof part1 - 1), (ssize_t)(sizeof part1 - 1));
	/* P0's chunk (ts 10) is final once P1 reached 11; P1's chunk is not
	 * (P0 may still send a chunk with ts <= 11) */
	size_t len = 0;
	char *s = NULL;
	for (int i = 0; i < 200; i++) {
		usleep(10000);
		s = slurp(out, &len);
		if (strstr(s, "n 0 "))
			break;
	}
	cr_assert_str_eq(s, "# rru dag maxpar cpus 2\nn 0 0 1 5 0 0\n");
	const char part2[] = "p 0 20\nf 0 20\nf 1 20\n";
	cr_assert_eq(write(in[1], part2, sizeof part2 - 1), (ssize_t)(sizeof part2 - 1));
	close(in[1]);
	int st;
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	s = slurp(out, &len);
	cr_assert_str_eq(s, "# rru dag maxpar cpus 2\nn 0 0 1 5 0 0\nn 1 1 2 7 0 0\ne 0 1\n");
}
