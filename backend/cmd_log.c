/* `rru log`: a log in its other form, text <-> binary (docs/design.md §3),
 * so people can read a recording's log.bin and tools can write a log by
 * hand or by script and give it to `rru dag`. Every record is checked on
 * the way, as `rru dag` checks it. */
#include "input.h"
#include "rru/cli.h"
#include "rru/logfmt.h"
#include "rru/msg.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char log_options[] =
	"  -b, --binary      write the binary form (default: text)\n"
	"  -o, --output OUT  output file (default: standard output)\n"
	"  -h, --help        this help\n"
	"LOG is a text or binary log (detected), - for standard input, or a run\n"
	"directory holding log.bin or log.\n";

static int cmd_log(int argc, char **argv);
RRU_COMMAND(log, "log", "[--binary] [-o OUT] LOG|RUN/",
	    "print a log as text (or convert a text log to binary)", cmd_log);

static int cmd_log(int argc, char **argv)
{
	static const struct option opts[] = {
		{"binary", no_argument, NULL, 'b'}, {"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},   {NULL, 0, NULL, 0},
	};
	enum rru_log_format fmt = RRU_LOG_TEXT;
	const char *out = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "bo:h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			fmt = RRU_LOG_BINARY;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			rru_cli_usage(rru_cli_find("log"), log_options);
			return RRU_EXIT_OK;
		default:
			return RRU_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		rru_error("log: want one LOG or RUN/ argument; see `rru log --help`");
		return RRU_EXIT_USAGE;
	}
	char path[4096];
	struct rru_log_reader *r = NULL;
	struct rru_log_writer *w = NULL;
	FILE *f = NULL;
	int rc = RRU_EXIT_USAGE;
	if (rru_backend_open_input(&r, argv[optind], path, sizeof path) != 0)
		goto done;
	/* a text log's "h" line comes first: read one record to know ncpus */
	struct rru_record rec;
	int got = rru_log_read(r, &rec);
	if (got < 0)
		goto done;
	f = out ? fopen(out, fmt == RRU_LOG_BINARY ? "wb" : "w") : stdout;
	if (!f) {
		rru_error("log: cannot write %s", out);
		rc = RRU_EXIT_FAIL;
		goto done;
	}
	rc = RRU_EXIT_FAIL;
	if (rru_log_writer_open(&w, f, out ? out : "standard output", fmt, rru_log_ncpus(r)))
		goto done;
	for (; got > 0; got = rru_log_read(r, &rec))
		if (rru_log_write(w, &rec))
			goto done;
	if (got < 0) {
		rc = RRU_EXIT_USAGE;
		goto done;
	}
	struct rru_log_writer *closing = w;
	w = NULL;
	if (!rru_log_writer_close(closing))
		rc = RRU_EXIT_OK;
done:
	if (w)
		rru_log_writer_close(w);
	if (f && f != stdout && fclose(f) && rc == RRU_EXIT_OK) {
		rru_error("log: cannot write %s", out);
		rc = RRU_EXIT_FAIL;
	}
	if (r)
		rru_log_close(r);
	return rc;
}
