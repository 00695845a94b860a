/* `rru crew`: runs the CREW recorder (docs/design.md §9) over an event trace
 * and writes its recording as a chunk log (§3). */
#include <getopt.h>
#include <stdio.h>

#include "rru/cli.h"
#include "rru/crew.h"
#include "rru/msg.h"
#include "rru/parse.h"
#include "rru/trace.h"

#include "../model/tracecmd.h"

static const char options[] =
	"  -o, --output LOG   write the log here (default: standard output)\n"
	"  -b, --binary       binary log (default: text)\n"
	"      --page BYTES   page size, a power of two in 4..1M (default 4096)\n"
	"  -s, --stats        print the CREW faults and chunk statistics to stderr\n"
	"  -h, --help         this help\n";

static void on_chunk(void *ctx, const struct rru_chunk *c)
{
	rru_tracecmd_write(ctx, c);
}

static int crew_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'}, {"binary", no_argument, NULL, 'b'},
		{"page", required_argument, NULL, 1},     {"stats", no_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
	};
	struct rru_crew_cfg cfg = {0, RRU_CREW_DEFAULT_PAGE};
	const char *err;
	int stats = 0, opt, rc = RRU_EXIT_USAGE, r;
	uint64_t v;
	struct rru_tracecmd tc;
	struct rru_crew *m = NULL;
	struct rru_trace_event ev;

	rru_tracecmd_init(&tc, "crew", options);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:bsh", longopts, NULL)) != -1) {
		switch (opt) {
		case 's': stats = 1; break;
		case 1:
			if ((err = rru_parse_u64(optarg, 4, 1u << 20, &v)) || (v & (v - 1))) {
				rru_error("crew: --page %s: %s", optarg, err ? err : "not a power of two");
				return rc;
			}
			cfg.page_bytes = (unsigned)v;
			break;
		default:
			if ((r = rru_tracecmd_option(&tc, opt, optarg)) >= 0)
				return r;
		}
	}
	if (rru_tracecmd_open_trace(&tc, argc, argv, optind) != 0)
		goto out;
	cfg.ncpus = tc.hdr.ncpus;
	if (rru_tracecmd_open_log(&tc) != 0) {
		rc = RRU_EXIT_FAIL;
		goto out;
	}
	if (!(m = rru_crew_new(&cfg, on_chunk, &tc)))
		goto out;
	while ((r = rru_trace_read(tc.rd, &ev)) == 1) {
		if (rru_crew_step(m, &ev) < 0) {
			rru_error("crew: %s: line %lu: rejected", tc.inpath, rru_trace_line(tc.rd));
			goto out;
		}
		if (tc.err) {
			rc = RRU_EXIT_FAIL;
			goto out;
		}
	}
	if (r < 0)
		goto out;
	rru_crew_finish(m);
	if (tc.err) {
		rc = RRU_EXIT_FAIL;
		goto out;
	}
	if (stats) {
		const struct rru_crew_stats *st = rru_crew_stats(m);
		unsigned long long f = 0;
		for (unsigned p = 0; p < tc.hdr.ncpus; p++)
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
	rru_crew_free(m);
	return rru_tracecmd_close(&tc, rc);
}

RRU_COMMAND(crew, "crew", "TRACE [--page BYTES] [-o LOG] [--binary]",
	    "run the CREW page-protection recorder (SMP-ReVirt) over an event trace; write its chunk log",
	    crew_main);
