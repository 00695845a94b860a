/* `rru stats`: what a log costs and allows in each DAG mode (docs/design.md §4). */
#include "input.h"
#include "rru/cli.h"
#include "rru/dag.h"
#include "rru/dagfmt.h"
#include "rru/logfmt.h"
#include "rru/msg.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char stats_options[] =
	"  -h, --help   this help\n"
	"Builds the DAG of every mode in one pass over LOG (a log file, - or a run\n"
	"directory) and prints, per mode: nodes, chunks per node, edges, binary DAG\n"
	"bytes and bytes per kilo-instruction, critical path in instructions and the\n"
	"ideal replay parallelism (instructions / critical path); then the chunks and\n"
	"nodes by termination reason (a node's reason is its last chunk's).\n";

static int cmd_stats(int argc, char **argv);
RRU_COMMAND(stats, "stats", "LOG|RUN/", "log and DAG statistics for every replay mode", cmd_stats);

struct mode_run {
	struct rru_dag *d;
	struct rru_dag_writer *w;
	uint64_t by_reason[16];
};

static int count_node(void *ctx, const struct rru_dag_node *n)
{
	struct mode_run *m = ctx;
	m->by_reason[n->reason & 15]++;
	return rru_dag_writer_node(m->w, n);
}

static void fmt_count(char *buf, size_t n, uint64_t v)
{
	if (v >= 10000000000ull)
		snprintf(buf, n, "%.2fG", (double)v / 1e9);
	else if (v >= 10000000ull)
		snprintf(buf, n, "%.2fM", (double)v / 1e6);
	else
		snprintf(buf, n, "%" PRIu64, v);
}

static int cmd_stats(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			rru_cli_usage(rru_cli_find("stats"), stats_options);
			return RRU_EXIT_OK;
		}
		return RRU_EXIT_USAGE;
	}
	if (optind != argc - 1) {
		rru_error("stats: want one LOG or RUN/ argument; see `rru stats --help`");
		return RRU_EXIT_USAGE;
	}
	int rc = RRU_EXIT_USAGE;
	char path[4096];
	struct rru_log_reader *r = NULL;
	struct mode_run m[RRU_DAG_NMODES];
	memset(m, 0, sizeof m);
	if (rru_backend_open_input(&r, argv[optind], path, sizeof path) != 0)
		goto out;
	struct rru_record rec;
	int got = rru_log_read(r, &rec);
	if (got < 0)
		goto out;
	unsigned ncpus = rru_log_ncpus(r);
	uint64_t nrec = 0;
	rc = RRU_EXIT_FAIL;
	for (int i = 0; i < RRU_DAG_NMODES; i++) {
		if (rru_dag_writer_open(&m[i].w, NULL, "stats", RRU_DAG_EMIT_BIN, i, ncpus) != 0 ||
		    !(m[i].d = rru_dag_new(i, ncpus, count_node, &m[i])))
			goto out;
	}
	for (; got == 1; got = rru_log_read(r, &rec)) {
		nrec++;
		for (int i = 0; i < RRU_DAG_NMODES; i++)
			if (rru_dag_feed(m[i].d, &rec) != 0) {
				rc = RRU_EXIT_USAGE;
				goto out;
			}
	}
	if (got < 0) {
		rc = RRU_EXIT_USAGE;
		goto out;
	}
	uint64_t logbytes = rru_log_offset(r);
	struct rru_dag_stats st[RRU_DAG_NMODES];
	uint64_t bytes[RRU_DAG_NMODES];
	for (int i = 0; i < RRU_DAG_NMODES; i++) {
		if (rru_dag_finish(m[i].d) != 0 || rru_dag_writer_close(m[i].w, &bytes[i]) != 0) {
			m[i].w = NULL;
			goto out;
		}
		m[i].w = NULL;
		rru_dag_get_stats(m[i].d, &st[i]);
	}
	const struct rru_dag_stats *s0 = &st[0];
	double kinsn = (double)s0->instructions / 1000.0;
	char a[32], b[32];
	fmt_count(a, sizeof a, s0->chunks);
	fmt_count(b, sizeof b, s0->instructions);
	printf("log %s: %s, %u cpus, %" PRIu64 " records, %s chunks, %s instructions, %" PRIu64
	       " bytes (%.1f B/kinsn)\n\n",
	       path, rru_log_format(r) == RRU_LOG_BINARY ? "binary" : "text", ncpus, nrec, a, b, logbytes,
	       kinsn > 0 ? (double)logbytes / kinsn : 0.0);
	printf("%-9s %10s %7s %10s %11s %8s %14s %11s\n", "mode", "nodes", "ch/node", "edges", "DAG bytes",
	       "B/kinsn", "critical path", "parallelism");
	for (int i = 0; i < RRU_DAG_NMODES; i++) {
		const struct rru_dag_stats *s = &st[i];
		char n[32], e[32], cp[32];
		fmt_count(n, sizeof n, s->nodes);
		fmt_count(e, sizeof e, s->edges);
		fmt_count(cp, sizeof cp, s->critical_path);
		printf("%-9s %10s %7.2f %10s %11" PRIu64 " %8.2f %14s %11.2f\n", rru_dag_mode_name(i), n,
		       s->nodes ? (double)s->chunks / (double)s->nodes : 0.0, e, bytes[i],
		       kinsn > 0 ? (double)bytes[i] / kinsn : 0.0, cp,
		       s->critical_path ? (double)s->instructions / (double)s->critical_path : 0.0);
	}
	printf("\n%-10s %10s %6s", "reason", "chunks", "%");
	for (int i = 0; i < RRU_DAG_NMODES; i++)
		printf(" %10s", rru_dag_mode_name(i));
	printf("   (nodes ending with a chunk of that reason)\n");
	for (unsigned k = 0; k < 16; k++) {
		if (!s0->reasons[k])
			continue;
		printf("%-10s %10" PRIu64 " %6.1f", rru_reason_name(k), s0->reasons[k],
		       100.0 * (double)s0->reasons[k] / (double)s0->chunks);
		for (int i = 0; i < RRU_DAG_NMODES; i++)
			printf(" %10" PRIu64, m[i].by_reason[k]);
		printf("\n");
	}
	printf("\nwindow (maxpar): at most %" PRIu64 " chunks and %" PRIu64 " dependences held at once\n",
	       s0->max_window, s0->max_pending);
	rc = RRU_EXIT_OK;
out:
	for (int i = 0; i < RRU_DAG_NMODES; i++) {
		rru_dag_writer_close(m[i].w, NULL);
		rru_dag_free(m[i].d);
	}
	rru_log_close(r);
	return rc;
}
