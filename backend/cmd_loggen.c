/* `rru loggen`: a synthetic but consistent log, for benchmarks and tests
 * (docs/design.md §3 rules hold: per-cpu timestamps never go back, every
 * dependence q:k has k >= the chunk's ts). Not a recording of anything. */
#include "rru/cli.h"
#include "rru/logfmt.h"
#include "rru/msg.h"
#include "rru/parse.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char loggen_options[] =
	"  -n, --chunks N    chunks to generate (default 1000; k, M suffixes)\n"
	"  -c, --cpus N      cpus (1..8, default 4)\n"
	"  -s, --seed N      random seed (default 1)\n"
	"  -d, --deps PCT    chance in percent that a chunk depends on a given other cpu (default 20)\n"
	"  -t, --text        write the text form (default: binary)\n"
	"  -o, --output OUT  output file (default: standard output)\n"
	"  -h, --help        this help\n";

static int cmd_loggen(int argc, char **argv);
RRU_COMMAND(loggen, "loggen", "[-n CHUNKS] [-c CPUS] [-s SEED] [-t] [-o OUT]",
	    "generate a synthetic log (benchmarks, tests)", cmd_loggen);

static uint64_t rng_next(uint64_t *s)
{
	/* splitmix64 */
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static int cmd_loggen(int argc, char **argv)
{
	static const struct option opts[] = {
		{"chunks", required_argument, NULL, 'n'}, {"cpus", required_argument, NULL, 'c'},
		{"seed", required_argument, NULL, 's'},	  {"deps", required_argument, NULL, 'd'},
		{"text", no_argument, NULL, 't'},	  {"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},	  {NULL, 0, NULL, 0},
	};
	uint64_t n = 1000, ncpus = 4, seed = 1, pct = 20;
	int text = 0, c;
	const char *out = NULL, *e;
	optind = 1;
	while ((c = getopt_long(argc, argv, "n:c:s:d:to:h", opts, NULL)) != -1) {
		uint64_t *dst = c == 'n' ? &n : c == 'c' ? &ncpus : c == 's' ? &seed : c == 'd' ? &pct : NULL;
		uint64_t lo = c == 'c' ? 1 : 0, hi = c == 'c' ? RRU_MAX_CPUS : c == 'd' ? 100 : UINT64_MAX;
		if (dst) {
			if ((e = rru_parse_u64(optarg, lo, hi, dst))) {
				rru_error("loggen: -%c %s: %s", c, optarg, e);
				return RRU_EXIT_USAGE;
			}
			continue;
		}
		if (c == 't')
			text = 1;
		else if (c == 'o')
			out = optarg;
		else if (c == 'h') {
			rru_cli_usage(rru_cli_find("loggen"), loggen_options);
			return RRU_EXIT_OK;
		} else
			return RRU_EXIT_USAGE;
	}
	if (optind != argc) {
		rru_error("loggen: no arguments expected; see `rru loggen --help`");
		return RRU_EXIT_USAGE;
	}
	FILE *f = stdout;
	if (out && strcmp(out, "-") != 0 && !(f = fopen(out, "wb"))) {
		rru_error("%s: cannot create: %m", out);
		return RRU_EXIT_FAIL;
	}
	static char obuf[1 << 20];
	setvbuf(f, obuf, _IOFBF, sizeof obuf);
	struct rru_log_writer *w = NULL;
	int rc = RRU_EXIT_FAIL;
	if (rru_log_writer_open(&w, f, out ? out : "<stdout>", text ? RRU_LOG_TEXT : RRU_LOG_BINARY,
				(unsigned)ncpus) != 0)
		goto out;
	uint64_t rng = seed, now = 0;
	uint32_t tid[RRU_MAX_CPUS];
	for (unsigned p = 0; p < ncpus; p++)
		tid[p] = p + 1;
	uint32_t next_tid = (uint32_t)ncpus + 1;
	struct rru_record rec;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t x = rng_next(&rng);
		now += 1 + (x & 3);            /* bus transactions since the last chunk end */
		unsigned p = (unsigned)((x >> 8) % ncpus);
		unsigned r = (unsigned)((x >> 16) % 100);
		memset(&rec, 0, sizeof rec);
		rec.kind = RRU_REC_CHUNK;
		struct rru_chunk *ch = &rec.u.chunk;
		ch->cpu = (uint8_t)p;
		ch->tid = tid[p];
		ch->ts = now;
		ch->icount = (uint32_t)(1 + ((x >> 24) % 2000));
		ch->reason = r < 60 ? RRU_REASON_CONFLICT : r < 80 ? RRU_REASON_ICOUNT
			   : r < 88 ? RRU_REASON_SIG_FULL : r < 96 ? RRU_REASON_TRAP
			   : r < 98 ? RRU_REASON_TABLE_FULL : RRU_REASON_CTX_SWITCH;
		uint64_t y = rng_next(&rng);
		for (unsigned q = 0; q < ncpus; q++) {
			if (q == p || (y >> (q * 7)) % 100 >= pct)
				continue;
			uint64_t k = now + ((y >> (q * 5 + 3)) % 40);
			if (ch->reason == RRU_REASON_CONFLICT || ch->reason == RRU_REASON_CTX_SWITCH)
				k = now;
			ch->deps[ch->ndeps].q = (uint8_t)q;
			ch->deps[ch->ndeps].k = k;
			ch->ndeps++;
		}
		if (rru_log_write(w, &rec) != 0)
			goto out;
		if (ch->reason == RRU_REASON_CTX_SWITCH) {
			memset(&rec, 0, sizeof rec);
			rec.kind = RRU_REC_SWITCH;
			rec.u.ev.cpu = (uint8_t)p;
			rec.u.ev.ts = now;
			rec.u.ev.tid = tid[p];
			rec.u.ev.arg = tid[p] = next_tid++;
			if (rru_log_write(w, &rec) != 0)
				goto out;
		}
	}
	for (unsigned p = 0; p < ncpus; p++) {
		memset(&rec, 0, sizeof rec);
		rec.kind = RRU_REC_FINISH;
		rec.u.ev.cpu = (uint8_t)p;
		rec.u.ev.ts = now;
		if (rru_log_write(w, &rec) != 0)
			goto out;
	}
	rc = RRU_EXIT_OK;
out:
	if (rru_log_writer_close(w) != 0)
		rc = RRU_EXIT_FAIL;
	if (f != stdout && fclose(f) != 0 && rc == RRU_EXIT_OK) {
		rru_error("%s: write error", out);
		rc = RRU_EXIT_FAIL;
	}
	return rc;
}
