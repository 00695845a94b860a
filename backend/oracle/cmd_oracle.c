/* `rru oracle`: random cases through the model, the backend and the oracle;
 * `rru gentrace`: one random trace to a file. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rru/cli.h"
#include "rru/dagfmt.h"
#include "rru/logfmt.h"
#include "rru/msg.h"
#include "rru/oracle.h"
#include "rru/parse.h"

/* Reads a whole trace file into buf; 0 or -1 (message printed). */
static int load_trace(const char *path, struct rru_trace_buf *buf)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	struct rru_trace_reader *r;
	struct rru_trace_event ev;
	int rc;
	memset(buf, 0, sizeof(*buf));
	if (!f) {
		rru_error("oracle: %s: cannot open", path);
		return -1;
	}
	r = rru_trace_reader_new(f, path, &buf->hdr);
	rc = r ? 0 : -1;
	while (r && (rc = rru_trace_read(r, &ev)) == 1) {
		if (buf->n == buf->cap) {
			size_t cap = buf->cap ? buf->cap * 2 : 4096;
			struct rru_trace_event *p = realloc(buf->ev, cap * sizeof(*p));
			if (!p) {
				rru_error("oracle: out of memory");
				rc = -1;
				break;
			}
			buf->ev = p;
			buf->cap = cap;
		}
		buf->ev[buf->n++] = ev;
	}
	rru_trace_reader_free(r);
	if (f != stdin)
		fclose(f);
	if (rc < 0)
		rru_trace_buf_free(buf);
	return rc < 0 ? -1 : 0;
}

/* Reads the chunk records of a log (text or binary). */
static int load_chunks(const char *path, unsigned ncpus, struct rru_chunk **out, size_t *n)
{
	struct rru_log_reader *r;
	struct rru_record rec;
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (rru_log_open(&r, path) != 0)
		return -1;
	while ((rc = rru_log_read(r, &rec)) == 1) {
		if (rec.kind != RRU_REC_CHUNK)
			continue;
		if (rec.u.chunk.cpu >= ncpus) {
			rru_error("oracle: %s: chunk of cpu %u, the trace has %u cpus", path,
				  rec.u.chunk.cpu, ncpus);
			rc = -1;
			break;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 1024;
			struct rru_chunk *p = realloc(*out, cap * sizeof(*p));
			if (!p) {
				rru_error("oracle: out of memory");
				rc = -1;
				break;
			}
			*out = p;
		}
		(*out)[(*n)++] = rec.u.chunk;
	}
	rru_log_close(r);
	if (rc < 0) {
		free(*out);
		*out = NULL;
	}
	return rc < 0 ? -1 : 0;
}

/* p (n used of *cap elements of size sz) with room for one more: p itself,
 * or p grown (*cap updated); NULL if out of memory (p is kept). */
static void *room(void *p, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return p;
	size_t c = *cap ? 2 * *cap : 1024;
	void *q = realloc(p, c * sz);
	if (q)
		*cap = c;
	return q;
}

/* Reads a text DAG (docs/design.md §4.4, include/rru/dagfmt.h) into g.
 * 0 or -1 (message). */
static int load_dag(const char *path, struct rru_oracle_graph *g)
{
	struct rru_dag_text_reader *r;
	struct rru_dag_text_line l;
	size_t capn = 0, cape = 0;
	int rc;
	memset(g, 0, sizeof(*g));
	if (rru_dag_text_open(&r, path) != 0) {
		rru_dag_text_close(r);
		return -1;
	}
	while ((rc = rru_dag_text_next(r, &l)) == 1) {
		if (l.kind == 'n') {
			struct rru_oracle_node *p = room(g->nodes, &capn, g->nnodes, sizeof(*p));
			if (!p)
				break;
			g->nodes = p;
			p[g->nnodes].cpu = l.node.cpu;
			p[g->nnodes].first = l.node.first;
			p[g->nnodes].last = l.node.last;
			g->nnodes++;
		} else {
			struct rru_oracle_edge *p = room(g->edges, &cape, g->nedges, sizeof(*p));
			if (!p)
				break;
			g->edges = p;
			p[g->nedges].from = (uint32_t)l.from;
			p[g->nedges].to = (uint32_t)l.to;
			g->nedges++;
		}
	}
	if (rc == 1)
		rru_error("oracle: out of memory");
	enum rru_dag_mode m = rru_dag_text_mode(r);
	g->total_order = m == RRU_DAG_SERIAL || m == RRU_DAG_STSERIAL;
	rru_dag_text_close(r);
	if (rc)
		rru_oracle_graph_free(g);
	return rc ? -1 : 0;
}

/* `rru oracle --trace T --log L [--dag D]`: checks a recording made
 * elsewhere (and, with D, a text DAG made from it). */
static int check_files(const char *tpath, const char *lpath, const char *dpath)
{
	struct rru_trace_buf tr;
	struct rru_chunk *ch = NULL;
	struct rru_oracle_result res;
	size_t n = 0;
	int rc = RRU_EXIT_USAGE;
	if (load_trace(tpath, &tr) != 0)
		return rc;
	if (load_chunks(lpath, tr.hdr.ncpus, &ch, &n) != 0)
		goto out;
	memset(&res, 0, sizeof(res));
	if (dpath) {
		struct rru_oracle_graph g;
		struct rru_oracle_report rep;
		if (load_dag(dpath, &g) != 0)
			goto out;
		int r = rru_oracle_check(&tr, ch, n, &g, &rep);
		uint64_t deps = rep.deps_checked;
		for (uint64_t i = 0; r == 0 && i < 4; i++)
			r = rru_oracle_replay(&tr, ch, n, &g, i, false, &rep);
		rru_oracle_graph_free(&g);
		if (r != 0) {
			rru_error("oracle: %s (%s, %s): %s%s", dpath, tpath, lpath,
				  r < 0 ? "inconsistent input: " : "", rep.msg);
			rc = r < 0 ? RRU_EXIT_USAGE : RRU_EXIT_FAIL;
			goto out;
		}
		printf("oracle: %s orders every dependence of %s (%zu chunks, %llu dependences) and replays: ok\n",
		       dpath, tpath, n, (unsigned long long)deps);
		rc = RRU_EXIT_OK;
		goto out;
	}
	if (rru_oracle_check_all(&tr, ch, n, false, false, &res) != 0) {
		rc = RRU_EXIT_FAIL;
		goto out;
	}
	if (res.failed) {
		rru_error("oracle: %s + %s: %s", tpath, lpath, res.msg);
		rc = RRU_EXIT_FAIL;
		goto out;
	}
	printf("oracle: %s + %s: %zu trace events, %zu chunks, %llu dependences checked x 5 graphs: ok\n",
	       tpath, lpath, tr.n, n, (unsigned long long)res.deps_checked);
	rc = RRU_EXIT_OK;
out:
	free(ch);
	rru_trace_buf_free(&tr);
	return rc;
}

static const char oracle_opts[] =
	"  -n, --cases N        number of random cases (default 1000)\n"
	"  -s, --seed S         first seed (default 1); case i uses seed S+i\n"
	"  -b, --break VARIANT  run a deliberately broken variant: no-leave-ser,\n"
	"                       no-ctx-ser, oldest-hit, target-ge, resv-restore\n"
	"      --expect-caught  succeed only if the oracle catches the variant\n"
	"                       (at least one failing case)\n"
	"  -x, --scale N        N times longer threads (default 1)\n"
	"  -t, --trace TRACE    instead of random cases, check the records of LOG\n"
	"  -l, --log LOG        (e.g. from the RTL) made from TRACE\n"
	"  -d, --dag DAG        with --trace/--log: check this text DAG (rru dag\n"
	"                       --emit text) instead of building the DAGs\n"
	"  -v, --verbose        print every case\n"
	"  -h, --help           this help\n";

static int oracle_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"cases", required_argument, NULL, 'n'},
		{"seed", required_argument, NULL, 's'},
		{"break", required_argument, NULL, 'b'},
		{"expect-caught", no_argument, NULL, 'e'},
		{"verbose", no_argument, NULL, 'v'},
		{"scale", required_argument, NULL, 'x'},
		{"trace", required_argument, NULL, 't'},
		{"log", required_argument, NULL, 'l'},
		{"dag", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	uint64_t ncases = 1000, seed = 1, scale = 1;
	const char *tpath = NULL, *lpath = NULL, *dpath = NULL;
	int variant = RRU_VAR_OK, expect = 0, verbose = 0, opt;
	const char *err;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "n:s:b:evx:t:l:d:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 't': tpath = optarg; break;
		case 'l': lpath = optarg; break;
		case 'd': dpath = optarg; break;
		case 'x':
			if ((err = rru_parse_u64(optarg, 1, 100, &scale))) {
				rru_error("oracle: --scale %s: %s", optarg, err);
				return RRU_EXIT_USAGE;
			}
			break;
		case 'n':
			if ((err = rru_parse_u64(optarg, 1, UINT32_MAX, &ncases))) {
				rru_error("oracle: --cases %s: %s", optarg, err);
				return RRU_EXIT_USAGE;
			}
			break;
		case 's':
			if ((err = rru_parse_u64(optarg, 0, UINT64_MAX / 2, &seed))) {
				rru_error("oracle: --seed %s: %s", optarg, err);
				return RRU_EXIT_USAGE;
			}
			break;
		case 'b':
			if ((variant = rru_oracle_variant_parse(optarg)) < 0) {
				rru_error("oracle: --break %s: unknown variant", optarg);
				return RRU_EXIT_USAGE;
			}
			break;
		case 'e': expect = 1; break;
		case 'v': verbose = 1; break;
		case 'h':
			rru_cli_usage(rru_cli_find("oracle"), oracle_opts);
			return RRU_EXIT_OK;
		default:
			rru_cli_usage(rru_cli_find("oracle"), oracle_opts);
			return RRU_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		rru_error("oracle: unexpected argument %s", argv[optind]);
		return RRU_EXIT_USAGE;
	}
	if (tpath || lpath || dpath) {
		if (!tpath || !lpath) {
			rru_error("oracle: --trace and --log go together (--dag needs both)");
			return RRU_EXIT_USAGE;
		}
		return check_files(tpath, lpath, dpath);
	}
	uint64_t failed = 0, chunks = 0, events = 0, deps = 0, by_graph[5] = {0};
	clock_t t0 = clock();
	for (uint64_t i = 0; i < ncases; i++) {
		struct rru_oracle_case c;
		struct rru_oracle_result r;
		rru_oracle_case_random(&c, seed + i, (unsigned)variant);
		c.gen.insts_min *= (unsigned)scale;
		c.gen.insts_max *= (unsigned)scale;
		if (rru_oracle_run_case(&c, &r) != 0) {
			rru_error("oracle: seed %llu: internal error", (unsigned long long)(seed + i));
			return RRU_EXIT_FAIL;
		}
		chunks += r.chunks;
		events += r.events;
		deps += r.deps_checked;
		if (verbose)
			printf("seed %llu: cpus %u threads %u sig %u/%u %s K %u L %u F %u: %llu events, %llu chunks: %s\n",
			       (unsigned long long)c.seed, c.gen.ncpus, c.gen.nthreads,
			       c.model.sig_bits, c.model.hashes, c.model.family ? "bitsel" : "h3",
			       c.model.table, c.model.icount_limit, c.model.fill_limit,
			       (unsigned long long)r.events, (unsigned long long)r.chunks,
			       r.failed ? r.msg : "ok");
		for (unsigned b = 0; b < 5; b++)
			by_graph[b] += r.failed_graphs >> b & 1;
		if (r.failed) {
			failed++;
			if (!expect) {
				rru_error("oracle: seed %llu (%s): %s", (unsigned long long)c.seed,
					  rru_oracle_variant_name((unsigned)variant), r.msg);
				return RRU_EXIT_FAIL;
			}
			if (failed == 1)
				rru_info("oracle: %s caught at seed %llu: %s",
					 rru_oracle_variant_name((unsigned)variant),
					 (unsigned long long)c.seed, r.msg);
		}
	}
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	printf("oracle %s: %llu cases, %llu caught; %llu trace events, %llu chunks, %llu dependences checked x 5 graphs; %.1f s\n",
	       rru_oracle_variant_name((unsigned)variant), (unsigned long long)ncases,
	       (unsigned long long)failed, (unsigned long long)events,
	       (unsigned long long)chunks, (unsigned long long)deps, secs);
	if (failed)
		printf("  caught by: reference %llu, maxpar %llu, stitched %llu, stserial %llu, serial %llu\n",
		       (unsigned long long)by_graph[0], (unsigned long long)by_graph[1],
		       (unsigned long long)by_graph[2], (unsigned long long)by_graph[3],
		       (unsigned long long)by_graph[4]);
	if (expect && failed == 0) {
		rru_error("oracle: the broken variant %s was NOT caught in %llu cases",
			  rru_oracle_variant_name((unsigned)variant), (unsigned long long)ncases);
		return RRU_EXIT_FAIL;
	}
	return RRU_EXIT_OK;
}

RRU_COMMAND(oracle, "oracle",
	    "[-n CASES] [-s SEED] [-x SCALE] [--break VARIANT [--expect-caught]] | -t TRACE -l LOG [-d DAG]",
	    "random MSI traces through the RRU model, the DAG builder and the oracle",
	    oracle_main);

static const char gentrace_opts[] =
	"  -s, --seed S      seed (default 1): picks cpus, threads, cache and program\n"
	"      --cpus N      override the number of cpus (1..8)\n"
	"      --threads T   override the number of threads\n"
	"      --insts N     override the U-mode instructions per thread\n"
	"  -o, --output F    write the trace here (default: standard output)\n"
	"  -h, --help        this help\n";

static int gentrace_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"seed", required_argument, NULL, 's'},
		{"cpus", required_argument, NULL, 1},
		{"threads", required_argument, NULL, 2},
		{"insts", required_argument, NULL, 3},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	uint64_t seed = 1, v, cpus = 0, threads = 0, insts = 0;
	const char *out = NULL, *err;
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "s:o:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 's':
		case 1:
		case 2:
		case 3:
			if ((err = rru_parse_u64(optarg, opt == 1 ? 1 : 0,
						 opt == 1 ? 8 : opt == 's' ? UINT64_MAX : 1000000, &v))) {
				rru_error("gentrace: %s: %s", optarg, err);
				return RRU_EXIT_USAGE;
			}
			if (opt == 's') seed = v;
			else if (opt == 1) cpus = v;
			else if (opt == 2) threads = v;
			else insts = v;
			break;
		case 'o': out = optarg; break;
		case 'h':
			rru_cli_usage(rru_cli_find("gentrace"), gentrace_opts);
			return RRU_EXIT_OK;
		default:
			rru_cli_usage(rru_cli_find("gentrace"), gentrace_opts);
			return RRU_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		rru_error("gentrace: unexpected argument %s", argv[optind]);
		return RRU_EXIT_USAGE;
	}
	struct rru_gen_cfg cfg;
	struct rru_trace_buf tr;
	rru_gen_cfg_random(&cfg, seed);
	if (cpus) cfg.ncpus = (unsigned)cpus;
	if (threads) cfg.nthreads = (unsigned)threads;
	if (threads == 0 && cpus) cfg.nthreads = cfg.ncpus + 2;
	if (insts) cfg.insts_min = cfg.insts_max = (unsigned)insts;
	if (rru_gen_trace(&cfg, &tr) != 0)
		return RRU_EXIT_FAIL;
	FILE *f = out ? fopen(out, "w") : stdout;
	if (!f) {
		rru_error("gentrace: %s: cannot create", out);
		rru_trace_buf_free(&tr);
		return RRU_EXIT_FAIL;
	}
	fprintf(f, "# rru gentrace --seed %llu: %u cpus, %u threads, %u shared lines, %u sets\n",
		(unsigned long long)seed, cfg.ncpus, cfg.nthreads, cfg.nshared, cfg.nsets);
	rru_trace_write_hdr(f, &tr.hdr);
	for (size_t i = 0; i < tr.n; i++)
		rru_trace_write(f, &tr.ev[i]);
	int rc = RRU_EXIT_OK;
	if (f != stdout ? fclose(f) != 0 : fflush(f) != 0) {
		rru_error("gentrace: %s: write error", out ? out : "-");
		rc = RRU_EXIT_FAIL;
	}
	rru_trace_buf_free(&tr);
	return rc;
}

RRU_COMMAND(gentrace, "gentrace", "[-s SEED] [--cpus N] [--threads T] [-o TRACE]",
	    "write a random event trace from the MSI multi-cache model",
	    gentrace_main);
