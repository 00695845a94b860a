/* `rru crew`: runs the CREW recorder (docs/design.md §9) over an event trace
 * and writes its recording as a chunk log (§3). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rru/cli.h"
#include "rru/crew.h"
#include "rru/logfmt.h"
#include "rru/msg.h"
#include "rru/parse.h"
#include "rru/trace.h"

static const char options[] =
	"  -o, --output LOG   write the log here (default: standard output)\n"
	"  -b, --binary       binary log (default: text)\n"
	"      --page BYTES   page size, a power of two in 4..1M (default 4096)\n"
	"  -s, --stats        print the CREW faults and chunk statistics to stderr\n"
	"  -h, --help         this help\n";

struct out {
	struct rru_log_writer *w;
	int err;
};

static void on_chunk(void *ctx, const struct rru_chunk *c)
{
	struct out *o = ctx;
	struct rru_record rec;
	if (o->err)
		return;
	memset(&rec, 0, sizeof(rec));
	rec.kind = RRU_REC_CHUNK;
	rec.u.chunk = *c;
	if (rru_log_write(o->w, &rec) != 0)
		o->err = 1;
}

static int crew_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'}, {"binary", no_argument, NULL, 'b'},
		{"page", required_argument, NULL, 1},     {"stats", no_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
	};
	struct rru_crew_cfg cfg = {0, RRU_CREW_DEFAULT_PAGE};
	const char *outpath = NULL, *inpath, *err;
	int binary = 0, stats = 0, opt, rc = RRU_EXIT_USAGE, r;
	uint64_t v;
	FILE *in = NULL, *outf = NULL;
	struct rru_trace_reader *rd = NULL;
	struct rru_crew *m = NULL;
	struct out o = {NULL, 0};
	struct rru_trace_hdr hdr;
	struct rru_trace_event ev;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:bsh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o': outpath = optarg; break;
		case 'b': binary = 1; break;
		case 's': stats = 1; break;
		case 1:
			if ((err = rru_parse_u64(optarg, 4, 1u << 20, &v)) || (v & (v - 1))) {
				rru_error("crew: --page %s: %s", optarg, err ? err : "not a power of two");
				return rc;
			}
			cfg.page_bytes = (unsigned)v;
			break;
		case 'h':
			rru_cli_usage(rru_cli_find("crew"), options);
			return RRU_EXIT_OK;
		default:
			rru_cli_usage(rru_cli_find("crew"), options);
			return rc;
		}
	}
	if (optind != argc - 1) {
		rru_error("crew: expected one TRACE argument");
		rru_cli_usage(rru_cli_find("crew"), options);
		return rc;
	}
	inpath = argv[optind];
	in = strcmp(inpath, "-") == 0 ? stdin : fopen(inpath, "r");
	if (!in) {
		rru_error("crew: %s: cannot open", inpath);
		return rc;
	}
	rd = rru_trace_reader_new(in, inpath, &hdr);
	if (!rd)
		goto out;
	cfg.ncpus = hdr.ncpus;
	outf = outpath ? fopen(outpath, binary ? "wb" : "w") : stdout;
	if (!outf) {
		rru_error("crew: %s: cannot create", outpath);
		rc = RRU_EXIT_FAIL;
		goto out;
	}
	if (rru_log_writer_open(&o.w, outf, outpath ? outpath : "-",
				binary ? RRU_LOG_BINARY : RRU_LOG_TEXT, hdr.ncpus) != 0) {
		rc = RRU_EXIT_FAIL;
		goto out;
	}
	if (!(m = rru_crew_new(&cfg, on_chunk, &o)))
		goto out;
	while ((r = rru_trace_read(rd, &ev)) == 1) {
		if (rru_crew_step(m, &ev) < 0) {
			rru_error("crew: %s: line %lu: rejected", inpath, rru_trace_line(rd));
			goto out;
		}
		if (o.err) {
			rc = RRU_EXIT_FAIL;
			goto out;
		}
	}
	if (r < 0)
		goto out;
	rru_crew_finish(m);
	if (o.err) {
		rc = RRU_EXIT_FAIL;
		goto out;
	}
	if (stats) {
		const struct rru_crew_stats *st = rru_crew_stats(m);
		unsigned long long f = 0;
		for (unsigned p = 0; p < hdr.ncpus; p++)
			f += st->faults[p];
		fprintf(stderr, "crew: page %u: faults %llu (read %llu, write %llu), constraints %llu, "
			"pages %llu, chunks %llu, records %llu, instructions %llu\n", cfg.page_bytes, f,
			(unsigned long long)st->read_faults, (unsigned long long)st->write_faults,
			(unsigned long long)st->constraints, (unsigned long long)st->pages,
			(unsigned long long)st->chunks, (unsigned long long)st->records,
			(unsigned long long)st->insts);
	}
	rc = RRU_EXIT_OK;
out:
	if (o.w && rru_log_writer_close(o.w) != 0 && rc == RRU_EXIT_OK)
		rc = RRU_EXIT_FAIL;
	rru_crew_free(m);
	rru_trace_reader_free(rd);
	if (in && in != stdin)
		fclose(in);
	if (outf && outf != stdout && fclose(outf) != 0 && rc == RRU_EXIT_OK)
		rc = RRU_EXIT_FAIL;
	return rc;
}

RRU_COMMAND(crew, "crew", "TRACE [--page BYTES] [-o LOG] [--binary]",
	    "run the CREW page-protection recorder (SMP-ReVirt) over an event trace; write its chunk log",
	    crew_main);
