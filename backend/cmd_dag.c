/* `rru dag`: a log to its chunk DAG (docs/design.md §4). */
#include "input.h"
#include "rru/cli.h"
#include "rru/dag.h"
#include "rru/dagfmt.h"
#include "rru/msg.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char dag_options[] =
	"  -m, --mode MODE   maxpar (default), stitched, stserial or serial\n"
	"  -e, --emit FORM   bin, text (default) or dot\n"
	"  -o, --output OUT  output file (default: standard output)\n"
	"  -h, --help        this help\n"
	"LOG is a text or binary log (detected), - for standard input, or a run\n"
	"directory holding log.bin or log. Reads in one pass; nodes are written as\n"
	"soon as they are final, so it can follow a log still being written.\n";

static int cmd_dag(int argc, char **argv);
RRU_COMMAND(dag, "dag", "[--mode M] [--emit bin|text|dot] [-o OUT] LOG|RUN/",
	    "turn a recorded log into the chunk DAG for replay", cmd_dag);

static int cmd_dag(int argc, char **argv)
{
	static const struct option opts[] = {
		{"mode", required_argument, NULL, 'm'}, {"emit", required_argument, NULL, 'e'},
		{"output", required_argument, NULL, 'o'}, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int mode = RRU_DAG_MAXPAR, emit = RRU_DAG_EMIT_TEXT, c;
	const char *out = NULL;
	optind = 1;
	while ((c = getopt_long(argc, argv, "m:e:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if ((mode = rru_dag_mode_parse(optarg)) < 0) {
				rru_error("dag: unknown mode '%s' (maxpar, stitched, stserial, serial)", optarg);
				return RRU_EXIT_USAGE;
			}
			break;
		case 'e':
			if ((emit = rru_dag_emit_parse(optarg)) < 0) {
				rru_error("dag: unknown output form '%s' (bin, text, dot)", optarg);
				return RRU_EXIT_USAGE;
			}
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			rru_cli_usage(rru_cli_find("dag"), dag_options);
			return RRU_EXIT_OK;
		default:
			return RRU_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		rru_error("dag: want one LOG or RUN/ argument; see `rru dag --help`");
		return RRU_EXIT_USAGE;
	}
	return rru_dag_file(argv[optind], out, mode, emit);
}

int rru_dag_file(const char *in, const char *out, int mode, int emit)
{
	int rc = RRU_EXIT_USAGE;
	char path[4096];
	struct rru_log_reader *r = NULL;
	struct rru_dag_writer *w = NULL;
	struct rru_dag *d = NULL;
	FILE *f = NULL;
	if (rru_backend_open_input(&r, in, path, sizeof path) != 0)
		goto out;
	/* a text log's "h" line comes first: read one record to know ncpus */
	struct rru_record rec;
	int got = rru_log_read(r, &rec);
	if (got < 0)
		goto out;
	unsigned ncpus = rru_log_ncpus(r);
	if (!out || strcmp(out, "-") == 0) {
		f = stdout;
		out = "<stdout>";
	} else if (!(f = fopen(out, "wb"))) {
		rru_error("%s: cannot create: %m", out);
		rc = RRU_EXIT_FAIL;
		goto out;
	}
	rc = RRU_EXIT_FAIL;
	if (rru_dag_writer_open(&w, f, out, emit, mode, ncpus) != 0)
		goto out;
	d = rru_dag_new(mode, ncpus, rru_dag_writer_node, w);
	if (!d) {
		rru_error("dag: out of memory");
		goto out;
	}
	while (got == 1) {
		if (rru_dag_feed(d, &rec) != 0) {
			rru_error("%s: at byte %llu: the log is inconsistent", path,
				  (unsigned long long)rru_log_offset(r));
			rc = RRU_EXIT_USAGE;
			goto out;
		}
		/* about to wait for a live log: let our reader see what is final */
		if (!rru_log_ready(r) && rru_dag_writer_flush(w) != 0)
			goto out;
		got = rru_log_read(r, &rec);
	}
	if (got < 0) {
		rc = RRU_EXIT_USAGE;
		goto out;
	}
	if (rru_dag_finish(d) != 0)
		goto out;
	rc = RRU_EXIT_OK;
out:
	if (w && rru_dag_writer_close(w, NULL) != 0 && rc == RRU_EXIT_OK)
		rc = RRU_EXIT_FAIL;
	if (f && f != stdout && fclose(f) != 0 && rc == RRU_EXIT_OK) {
		rru_error("%s: write error", out);
		rc = RRU_EXIT_FAIL;
	}
	rru_dag_free(d);
	rru_log_close(r);
	return rc;
}
