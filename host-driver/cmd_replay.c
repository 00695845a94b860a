/* `rru replay`: replays a recording (RUN/, docs/design.md §7) on the soft
 * cores through the resident kernel, and checks that it reproduced the
 * recording: every thread's output, every thread's access digest, the
 * memory digest and the inputs used. */
#include "access_diff.h"
#include "run_session.h"

#include "rru/cli.h"
#include "rru/dag.h"
#include "rru/dagfmt.h"
#include "rru/msg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* key=value files (config, result): a small table of lines. */
struct kv {
	char key[64][48];
	char val[64][160];
	unsigned n;
};

static int kv_read(const char *dir, const char *name, struct kv *kv)
{
	char p[4096], line[256];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "r");
	kv->n = 0;
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f) && kv->n < 64) {
		char *eq = strchr(line, '=');
		if (line[0] == '#' || !eq)
			continue;
		*eq = 0;
		line[strcspn(line, "\n")] = 0;
		eq[1 + strcspn(eq + 1, "\n")] = 0;
		snprintf(kv->key[kv->n], sizeof kv->key[0], "%.47s", line);
		snprintf(kv->val[kv->n], sizeof kv->val[0], "%.159s", eq + 1);
		kv->n++;
	}
	fclose(f);
	return 0;
}

static const char *kv_get(const struct kv *kv, const char *key)
{
	for (unsigned i = 0; i < kv->n; i++)
		if (!strcmp(kv->key[i], key))
			return kv->val[i];
	return NULL;
}

static uint64_t kv_num(const struct kv *kv, const char *key, bool *ok)
{
	const char *v = kv_get(kv, key);
	char *end;
	if (!v) {
		*ok = false;
		return 0;
	}
	uint64_t x = strtoull(v, &end, 0);
	if (*end)
		*ok = false;
	return x;
}

/* input.log's `i <cpu> <tid> <ts> <value> # <source>` lines as the binary
 * records the kernel replays (include/rru/run.h). */
static int inlog_records(const char *path, uint8_t **out, size_t *n)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		rru_error("%s: %s", path, strerror(errno));
		return -1;
	}
	size_t cap = 0, k = 0;
	uint8_t *b = NULL;
	char line[256];
	unsigned ln = 0;
	int rc = 0;
	while (fgets(line, sizeof line, f)) {
		ln++;
		if (line[0] != 'i')
			continue;
		unsigned cpu, tid;
		unsigned long long ts;
		long value;
		char src[16] = "";
		if (sscanf(line, "i %u %u %llu %li # %15s", &cpu, &tid, &ts, &value, src) != 5 ||
		    cpu > 255 || tid >= RRU_MAX_THREADS) {
			rru_error("%s: line %u: not an input record: %s", path, ln, line);
			rc = -1;
			break;
		}
		int code = rru_inlog_src_parse(src);
		if (code < 0) {
			rru_error("%s: line %u: unknown input source '%s'", path, ln, src);
			rc = -1;
			break;
		}
		if (k + RRU_INLOG_REC_SIZE > cap) {
			cap = cap ? 2 * cap : 4096;
			uint8_t *nb = realloc(b, cap);
			if (!nb) {
				rc = -1;
				break;
			}
			b = nb;
		}
		uint8_t *r = b + k;
		memset(r, 0, RRU_INLOG_REC_SIZE);
		r[RRU_INLOG_OFF_SRC] = (uint8_t)code;
		r[RRU_INLOG_OFF_CPU] = (uint8_t)cpu;
		r[RRU_INLOG_OFF_TID] = (uint8_t)tid;
		rru_link_put32(r + RRU_INLOG_OFF_VALUE, (uint32_t)value);
		rru_link_put32(r + RRU_INLOG_OFF_TS, (uint32_t)ts);
		rru_link_put32(r + RRU_INLOG_OFF_TS + 4, (uint32_t)(ts >> 32));
		k += RRU_INLOG_REC_SIZE;
	}
	fclose(f);
	if (rc) {
		free(b);
		return -1;
	}
	*out = b;
	*n = k;
	return 0;
}

/* The replayed output of every thread, kept to compare with out/<tid>.txt. */
struct rp_ctx {
	uint8_t *out[RRU_MAX_THREADS];
	size_t len[RRU_MAX_THREADS], cap[RRU_MAX_THREADS];
};

static void on_console(void *ctx, unsigned tid, const uint8_t *p, size_t n)
{
	struct rp_ctx *c = ctx;
	if (tid >= RRU_MAX_THREADS) { /* the kernel's messages: say what went wrong */
		fprintf(stderr, "%.*s", (int)n, (const char *)p);
		return;
	}
	if (c->len[tid] + n > c->cap[tid]) {
		size_t cap = 2 * (c->len[tid] + n) + 256;
		uint8_t *nb = realloc(c->out[tid], cap);
		if (!nb)
			return;
		c->out[tid] = nb;
		c->cap[tid] = cap;
	}
	memcpy(c->out[tid] + c->len[tid], p, n);
	c->len[tid] += n;
}

static int cmd_replay(int argc, char **argv)
{
	struct rru_run_args a;
	int rc = rru_run_args_parse(argc, argv, RRU_ARGS_REPLAY, &a);
	if (rc >= 0)
		return rc;
	const char *run = a.elf, *mode_name = rru_dag_mode_name(a.mode);
	/* --log crew: the CREW recorder's log (docs/design.md §9) and files
	 * named dag.crew.<mode>.bin, replay.crew.<mode> beside the RRU's */
	char mode[32], logp[4096];
	snprintf(mode, sizeof mode, "%s%s", a.crew_log ? "crew." : "", mode_name);
	snprintf(logp, sizeof logp, "%s/%s", run, a.crew_log ? "crew.bin" : "log.bin");
	struct kv cfg, res;
	if (kv_read(run, "config", &cfg)) {
		rru_error("replay: %s/config: %s (not a run directory of `rru record`)", run, strerror(errno));
		return RRU_EXIT_USAGE;
	}
	if (kv_read(run, "result", &res)) {
		rru_error("replay: %s has no result file: the recording is incomplete", run);
		return RRU_EXIT_USAGE;
	}
	bool ok = true;
	unsigned cores = (unsigned)kv_num(&cfg, "cores", &ok), threads = (unsigned)kv_num(&cfg, "threads", &ok);
	uint32_t ram = (uint32_t)kv_num(&cfg, "ram_bytes", &ok);
	uint64_t elf_digest = kv_num(&cfg, "elf_digest", &ok);
	const char *kernel = kv_get(&cfg, "kernel"), *rru = kv_get(&cfg, "rru");
	if (!ok || !kernel || !rru || !cores || !threads) {
		rru_error("replay: %s/config lacks cores, threads, ram_bytes, elf_digest, kernel or rru", run);
		return RRU_EXIT_USAGE;
	}
	if (!strcmp(rru, "none")) {
		rru_error("replay: %s was recorded without RRUs (rru=none, e.g. on qemu): there is no "
			  "chunk log to replay", run);
		return RRU_EXIT_USAGE;
	}
	if (a.dev.cores && a.dev.cores != cores) {
		rru_error("replay: %s was recorded on %u cores; --cores %u cannot replay it (one hart per "
			  "recorded cpu)", run, cores, a.dev.cores);
		return RRU_EXIT_USAGE;
	}
	if (a.threads && a.threads != threads) {
		rru_error("replay: %s was recorded with %u threads, not %u", run, threads, a.threads);
		return RRU_EXIT_USAGE;
	}
	a.dev.cores = cores;
	char p[4096], dagp[4096];
	struct stat st;
	if (stat(logp, &st)) {
		const char *logs = kv_get(&cfg, "logs");
		rru_error("replay: %s: %s (%s holds the logs: %s)", logp, strerror(errno), run,
			  logs ? logs : "rru");
		return RRU_EXIT_USAGE;
	}
	snprintf(p, sizeof p, "%s/app.elf", run);
	struct rru_app_image img;
	if ((rc = rru_app_image_read(p, &img)))
		return rc;
	if (img.digest != elf_digest) {
		rru_error("replay: %s differs from the program recorded (digest 0x%016llx, config says "
			  "0x%016llx)", p, (unsigned long long)img.digest, (unsigned long long)elf_digest);
		rru_app_image_free(&img);
		return RRU_EXIT_USAGE;
	}
	/* The DAG, built once per mode. */
	snprintf(dagp, sizeof dagp, "%s/dag.%s.bin", run, mode);
	if (stat(dagp, &st) && (rc = rru_dag_file(logp, dagp, a.mode, RRU_DAG_EMIT_BIN))) {
		remove(dagp);
		rru_app_image_free(&img);
		return rc;
	}
	size_t dag_n = 0, in_n = 0;
	uint8_t *dag = rru_file_read(dagp, &dag_n), *inl = NULL;
	snprintf(p, sizeof p, "%s/input.log", run);
	if (!dag || inlog_records(p, &inl, &in_n)) {
		free(dag);
		rru_app_image_free(&img);
		return RRU_EXIT_USAGE;
	}

	/* On rru-sim, the replay's accesses too, to name the first one that
	 * differs from the recording's (RUN/access.sim) if it diverges. */
	char rec_access[4096], rp_access[4096];
	snprintf(rec_access, sizeof rec_access, "%s/access.sim", run);
	snprintf(rp_access, sizeof rp_access, "%s/replay.%s.access", run, mode);
	if (a.dev.kind == RRU_DEV_SIM && !stat(rec_access, &st))
		a.dev.access_log = rp_access;
	struct rru_dev d;
	struct rp_ctx c = {0};
	struct rru_run_result r;
	if ((rc = rru_dev_open(&a.dev, &d)))
		goto free_all;
	if (strcmp(d.info.firmware, kernel) || d.info.ram_bytes != ram) {
		rru_error("replay: the device runs '%s' with %u KiB of RAM; %s was recorded under '%s' "
			  "with %u KiB", d.info.firmware, d.info.ram_bytes >> 10, run, kernel, ram >> 10);
		rc = RRU_EXIT_USAGE;
		goto close;
	}
	uint64_t dev_cfg;
	char dev_rru[128];
	if ((rc = rru_dev_rru_cfg(&d, &dev_cfg)))
		goto close;
	rru_dev_rru_params(dev_cfg, dev_rru, sizeof dev_rru);
	if (strcmp(dev_rru, rru)) {
		rru_error("replay: the device's RRUs are '%s'; %s was recorded with '%s'", dev_rru, run, rru);
		rc = RRU_EXIT_USAGE;
		goto close;
	}
	struct rru_replay_req req = {dag, dag_n, (unsigned)a.mode, inl, in_n};
	struct rru_run_cb cb = {on_console, NULL, &c, NULL, NULL};
	rc = rru_dev_replay(&d, &img, threads, &req, &cb, &r);
	if (rc)
		goto close;

	/* Compare with the recording. */
	char first[768] = "";
	unsigned bad = 0;
#define DIFF(...)                                                                     \
	do {                                                                          \
		if (!bad++)                                                           \
			snprintf(first, sizeof first, __VA_ARGS__);                   \
		if (!a.dev.quiet)                                                     \
			rru_info("replay: differs: " __VA_ARGS__);                    \
	} while (0)
	if (r.exit_code)
		DIFF("the replay ended with exit %u (%s)", r.exit_code,
		     r.exit_code == RRU_EXIT_REPLAY_STUCK ? "stuck" : r.exit_code == RRU_EXIT_REPLAY_BAD ? "bad DAG or input log" : "diverged");
	if (r.records != r.nodes)
		DIFF("%u of the DAG's %u nodes replayed", r.records, r.nodes);
	char key[64];
	uint64_t want = kv_num(&res, "mem_digest", &ok);
	if (r.mem_digest != want)
		DIFF("memory digest 0x%016llx, recorded 0x%016llx", (unsigned long long)r.mem_digest,
		     (unsigned long long)want);
	for (unsigned t = 0; t < threads; t++) {
		snprintf(key, sizeof key, "digest.%u", t);
		if (kv_get(&res, key) && r.thread_digest[t] != (uint32_t)kv_num(&res, key, &ok))
			DIFF("thread %u: access digest 0x%08x, recorded 0x%08x", t, r.thread_digest[t],
			     (uint32_t)kv_num(&res, key, &ok));
		snprintf(key, sizeof key, "out.%u.digest", t);
		if (r.out_digest[t] != kv_num(&res, key, &ok))
			DIFF("thread %u: output digest 0x%016llx, recorded 0x%016llx", t,
			     (unsigned long long)r.out_digest[t], (unsigned long long)kv_num(&res, key, &ok));
		snprintf(key, sizeof key, "inputs.%u", t);
		if (r.inputs[t] != kv_num(&res, key, &ok))
			DIFF("thread %u: used %u inputs, recorded %u", t, r.inputs[t],
			     (unsigned)kv_num(&res, key, &ok));
		snprintf(p, sizeof p, "%s/out/%u.txt", run, t);
		size_t rn = 0;
		uint8_t *rec = rru_file_read(p, &rn);
		if (!rec || rn != c.len[t] || (rn && memcmp(rec, c.out[t], rn)))
			DIFF("thread %u: printed %zu bytes unlike the %zu of out/%u.txt", t, c.len[t], rn, t);
		free(rec);
	}
	if (!ok)
		DIFF("%s/result lacks a value the replay is checked against", run);
	char where[640] = "";
	if (a.dev.access_log) {
		rru_dev_close(&d); /* rru-sim ends and completes its access log */
		int k = rru_access_first_diff(run, rec_access, rp_access, where, sizeof where);
		if (k > 0)
			DIFF("%s", where);
		else if (k < 0)
			rru_warn("replay: cannot compare the access logs %s and %s", rec_access, rp_access);
		if (!bad)
			remove(rp_access); /* kept for a look only when it diverged */
	}
	snprintf(p, sizeof p, "%s/replay.%s", run, mode);
	FILE *f = fopen(p, "w");
	if (f) {
		fprintf(f, "# openrru replay report (docs/design.md §7.1)\nmode=%s\ncores=%u\nthreads=%u\nseed=%llu\n"
			   "exit=%u\nnodes=%u\nmem_digest=0x%016llx\nmatched=%s\n",
			mode, cores, threads, (unsigned long long)a.dev.seed, r.exit_code, r.records,
			(unsigned long long)r.mem_digest, bad ? "no" : "yes");
		fprintf(f, "run_ticks=%llu\n", (unsigned long long)r.run_ticks);
		for (unsigned h = 0; h < cores; h++)
			fprintf(f, "busy_ticks.%u=%llu\n", h, (unsigned long long)r.busy_ticks[h]);
		if (bad)
			fprintf(f, "first_difference=%s\n", first);
		if (where[0])
			fprintf(f, "first_access=%s\n", where);
		if (fclose(f))
			rru_error("%s: cannot write", p);
	}
	if (bad) {
		printf("replay DIVERGED: %s, %u threads, %u nodes: %s (%u differences)\n", mode, threads,
		       r.records, first, bad);
		if (where[0] && strcmp(where, first))
			printf("  %s\n", where);
		rc = RRU_EXIT_FAIL;
	} else {
		printf("replay matched: %s, %u threads, %u nodes (output, access digests, memory, inputs)\n",
		       mode, threads, r.records);
	}
close:
	rru_dev_close(&d);
free_all:
	for (unsigned t = 0; t < RRU_MAX_THREADS; t++)
		free(c.out[t]);
	free(dag);
	free(inl);
	rru_app_image_free(&img);
	return rc;
}

RRU_COMMAND(replay, "replay",
	    "(--sim | --link SPEC | --board NAME) RUN/ [--mode M] [--seed S] [--log rru|crew]",
	    "replay a recording on the soft cores and check it matches", cmd_replay);
