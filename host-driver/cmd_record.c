/* `rru record`: records a program through the resident kernel and writes the
 * run directory RUN/ (docs/design.md §7): config, input.log, out/<tid>.txt,
 * result (and, once the cluster has an RRU, log.bin; with --recorder crew or
 * both on rru-sim, the CREW recorder's crew.bin and crew.stats, §9). */
#include "run_log.h"
#include "run_session.h"

#include "rru/rru_regs.h"

#include "rru/cli.h"
#include "rru/logfmt.h"
#include "rru/msg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct rec_ctx {
	const char *dir;
	FILE *inlog;
	FILE *out[RRU_MAX_THREADS + 1];
	FILE *logf;
	struct rru_run_log *log;
	char logpath[4096];
	unsigned ncpus;
	int err;
};

/* LOG_DATA bytes: log.bin is created with the first of them (a kernel
 * without RRUs sends none). */
static int on_log(void *ctx, unsigned hart, const uint8_t *p, size_t n)
{
	struct rec_ctx *c = ctx;
	if (!c->log) {
		snprintf(c->logpath, sizeof c->logpath, "%s/log.bin", c->dir);
		c->logf = fopen(c->logpath, "wb");
		if (!c->logf) {
			rru_error("%s: cannot create: %s", c->logpath, strerror(errno));
			return 1;
		}
		if (rru_run_log_open(&c->log, c->logf, c->logpath, c->ncpus))
			return 1;
	}
	return rru_run_log_bytes(c->log, hart, p, n) ? 1 : 0;
}

/* RUN/app.elf: the program's bytes as recorded (the ones elf_digest
 * covers), so a run directory replays alone. */
static int write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	int bad = !f || fwrite(p, 1, n, f) != n;
	if (f && fclose(f))
		bad = 1;
	if (bad)
		rru_error("%s: cannot write: %s", path, strerror(errno));
	return bad;
}

static FILE *open_in(const char *dir, const char *name, const char *mode)
{
	char p[4096];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, mode);
	if (!f)
		rru_error("%s: cannot create: %s", p, strerror(errno));
	return f;
}

static uint64_t log_records(void *ctx)
{
	struct rec_ctx *c = ctx;
	return c->log ? rru_run_log_records(c->log) : 0;
}

static void on_console(void *ctx, unsigned tid, const uint8_t *p, size_t n)
{
	struct rec_ctx *c = ctx;
	unsigned k = tid < RRU_MAX_THREADS ? tid : RRU_MAX_THREADS;
	if (!c->out[k]) {
		char name[32];
		if (tid == RRU_CONSOLE_KERNEL)
			snprintf(name, sizeof name, "out/kernel.txt");
		else
			snprintf(name, sizeof name, "out/%u.txt", tid);
		c->out[k] = open_in(c->dir, name, "w");
		if (!c->out[k]) {
			c->err = 1;
			return;
		}
	}
	if (fwrite(p, 1, n, c->out[k]) != n)
		c->err = 1;
}

static int on_inlog(void *ctx, const uint8_t *r)
{
	struct rec_ctx *c = ctx;
	const char *src = rru_inlog_src_name(r[RRU_INLOG_OFF_SRC]);
	if (!src) {
		rru_error("input-log record with unknown source %u", r[RRU_INLOG_OFF_SRC]);
		return 1;
	}
	uint64_t ts = rru_link_get32(r + RRU_INLOG_OFF_TS) |
		      (uint64_t)rru_link_get32(r + RRU_INLOG_OFF_TS + 4) << 32;
	fprintf(c->inlog, "i %u %u %llu 0x%08x # %s\n", r[RRU_INLOG_OFF_CPU], r[RRU_INLOG_OFF_TID],
		(unsigned long long)(ts & 0xFFFFFFFFFFFFull), rru_link_get32(r + RRU_INLOG_OFF_VALUE), src);
	return ferror(c->inlog) ? 1 : 0;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static int close_all(struct rec_ctx *c)
{
	int bad = c->err;
	if (c->inlog && fclose(c->inlog))
		bad = 1;
	c->inlog = NULL;
	for (unsigned k = 0; k <= RRU_MAX_THREADS; k++) {
		if (c->out[k] && fclose(c->out[k]))
			bad = 1;
		c->out[k] = NULL;
	}
	return bad;
}

/* The CREW log rru-sim wrote (complete once it has ended): its chunk
 * records, or -1 after a message if it is missing or unreadable. */
static long long crew_log_records(const char *path)
{
	struct rru_log_reader *r;
	struct rru_record rec;
	long long n = 0;
	int rc;
	if (rru_log_open(&r, path) != 0)
		return -1;
	while ((rc = rru_log_read(r, &rec)) == 1)
		n += rec.kind == RRU_REC_CHUNK;
	rru_log_close(r);
	return rc < 0 ? -1 : n;
}

static int cmd_record(int argc, char **argv)
{
	struct rru_run_args a;
	int rc = rru_run_args_parse(argc, argv, true, &a);
	if (rc >= 0)
		return rc;
	struct rru_app_image img;
	if ((rc = rru_app_image_read(a.elf, &img)))
		return rc;
	char p[4096];
	struct stat st;
	snprintf(p, sizeof p, "%s/config", a.out);
	if (!a.force && stat(p, &st) == 0) {
		rru_error("record: %s already holds a recording (%s); choose another -o or give --force",
			  a.out, p);
		rru_app_image_free(&img);
		return RRU_EXIT_USAGE;
	}
	snprintf(p, sizeof p, "%s/out", a.out);
	if ((mkdir(a.out, 0777) && errno != EEXIST) || (mkdir(p, 0777) && errno != EEXIST)) {
		rru_error("record: cannot create %s: %s", p, strerror(errno));
		rru_app_image_free(&img);
		return RRU_EXIT_FAIL;
	}
	/* Files of an earlier recording would mix with this one. */
	static const char *old[] = {"result", "input.log", "log", "log.bin", "app.elf", "access.sim", "timing",
				    "crew.bin", "crew.stats", "dag.maxpar.bin", "dag.stitched.bin",
				    "dag.stserial.bin", "dag.serial.bin", "dag.crew.maxpar.bin",
				    "dag.crew.stitched.bin", "dag.crew.stserial.bin", "dag.crew.serial.bin"};
	for (unsigned i = 0; i < sizeof old / sizeof old[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", a.out, old[i]);
		unlink(p);
	}
	for (unsigned k = 0; k <= RRU_MAX_THREADS; k++) {
		if (k < RRU_MAX_THREADS)
			snprintf(p, sizeof p, "%s/out/%u.txt", a.out, k);
		else
			snprintf(p, sizeof p, "%s/out/kernel.txt", a.out);
		unlink(p);
	}

	/* On rru-sim, every U-mode access, for `rru replay` to name the first
	 * one a diverging replay gets wrong (docs/design.md §7.4). */
	char access[4096];
	snprintf(access, sizeof access, "%s/access.sim", a.out);
	if (a.dev.kind == RRU_DEV_SIM)
		a.dev.access_log = access;
	char crew_log[4096], crew_stats[4096];
	snprintf(crew_log, sizeof crew_log, "%s/crew.bin", a.out);
	snprintf(crew_stats, sizeof crew_stats, "%s/crew.stats", a.out);
	if (a.recorder & RRU_RECORDER_CREW) {
		a.dev.crew_log = crew_log;
		a.dev.crew_stats = crew_stats;
	}
	struct rru_dev d;
	if ((rc = rru_dev_open(&a.dev, &d))) {
		rru_app_image_free(&img);
		return rc;
	}
	struct rec_ctx c = {a.out, NULL, {0}, NULL, NULL, "", d.info.cpus, 0};
	uint64_t recs = 0; /* chunk records that arrived */
	struct rru_run_result res;
	c.inlog = open_in(a.out, "input.log", "w");
	if (!c.inlog) {
		rc = RRU_EXIT_FAIL;
		goto done;
	}
	fprintf(c.inlog, "# openrru input log (docs/design.md §7.2): i <cpu> <tid> <ts> <value> # source\n"
			 "# ts: the RRU timestamp (mtime ticks on a platform without RRUs)\n"
			 "h %u\n", d.info.cpus);
	struct rru_run_cb cb = {on_console, on_inlog, &c, on_log, log_records};
	rc = rru_dev_run(&d, &img, a.threads, true, &cb, &res);
	if (c.log) {
		recs = rru_run_log_records(c.log);
		int bad = rru_run_log_close(c.log);
		c.log = NULL;
		if (fclose(c.logf))
			bad = 1;
		c.logf = NULL;
		if (!rc && bad)
			rc = RRU_EXIT_FAIL;
		if (!rc && recs != res.records) {
			rru_error("record: the device counted %u chunk records, %llu arrived", res.records,
				  (unsigned long long)recs);
			rc = RRU_EXIT_FAIL;
		}
	} else if (!rc && res.have_rru) {
		rru_error("record: the device has RRUs but sent no chunk log");
		rc = RRU_EXIT_FAIL;
	}
	if (close_all(&c) && !rc) {
		rru_error("record: writing %s failed", a.out);
		rc = RRU_EXIT_FAIL;
	}
	if (rc)
		goto done;
	if (a.recorder & RRU_RECORDER_CREW) {
		rru_dev_close(&d); /* rru-sim ends and completes the CREW log */
		long long n = crew_log_records(crew_log);
		if (n < 0) {
			rru_error("record: the CREW log %s is missing or incomplete", crew_log);
			rc = RRU_EXIT_FAIL;
			goto done;
		}
		if (!(a.recorder & RRU_RECORDER_RRU)) {
			/* the RRUs ran (the kernel records through them: commands,
			 * access digests, input timestamps); their log is not kept */
			snprintf(p, sizeof p, "%s/log.bin", a.out);
			unlink(p);
		}
		if (!a.dev.quiet)
			rru_info("CREW log: %lld chunk records (%u-byte pages, %llu cycles a fault) in %s", n,
				 a.dev.crew_page, (unsigned long long)a.dev.crew_cost, crew_log);
	}
	/* Every thread has an output file, empty if it printed nothing. */
	for (unsigned k = 0; k < res.threads; k++) {
		snprintf(p, sizeof p, "%s/out/%u.txt", a.out, k);
		FILE *f = fopen(p, "a");
		if (!f || fclose(f)) {
			rru_error("%s: cannot create: %s", p, strerror(errno));
			rc = RRU_EXIT_FAIL;
			goto done;
		}
	}
	snprintf(p, sizeof p, "%s/app.elf", a.out);
	if (write_file(p, img.file, img.size)) {
		rc = RRU_EXIT_FAIL;
		goto done;
	}
	char rparams[96];
	rru_dev_rru_params(res.rru_cfg, rparams, sizeof rparams);
	FILE *f = open_in(a.out, "config", "w");
	if (!f) {
		rc = RRU_EXIT_FAIL;
		goto done;
	}
	fprintf(f, "# openrru run configuration (docs/design.md §7.1)\n"
		   "format=1\n"
		   "recorder=%s\n"
		   "cores=%u\n"
		   "threads=%u\n"
		   "seed=%llu\n"
		   "ram_bytes=%u\n"
		   "kernel=%s\n"
		   "link_protocol=%u.%u\n"
		   "elf=%s\n"
		   "elf_bytes=%zu\n"
		   "elf_digest=0x%016llx\n"
		   "rru=%s\n"
		   "logs=%s\n",
		d.recorder, d.info.cpus, res.threads, (unsigned long long)a.dev.seed, d.info.ram_bytes,
		d.info.firmware, d.info.major, d.info.minor, base_name(a.elf), img.size,
		(unsigned long long)img.digest, rparams,
		a.recorder == RRU_RECORDER_CREW ? "crew" : a.recorder == RRU_RECORDER_RRU ? "rru" : "rru,crew");
	if (a.recorder & RRU_RECORDER_CREW)
		fprintf(f, "crew_page=%u\ncrew_cost=%llu\n", a.dev.crew_page,
			(unsigned long long)a.dev.crew_cost);
	if (fclose(f)) {
		rru_error("%s/config: cannot write", a.out);
		rc = RRU_EXIT_FAIL;
		goto done;
	}
	/* How long the run took: apart from result, whose every line a
	 * recording of the same execution reproduces (a link with faults, a
	 * slower host), while the time does not. */
	f = open_in(a.out, "timing", "w");
	int terr = !f;
	if (f) {
		terr = fprintf(f, "# openrru run timing (docs/design.md §7.1)\nrun_ticks=%llu\n",
			       (unsigned long long)res.run_ticks) < 0;
		for (unsigned h = 0; res.have_rru && h < d.info.cpus && h < RRU_MAX_HARTS; h++)
			terr |= fprintf(f, "rru_stalls.%u=%llu\n", h,
					(unsigned long long)res.rru_stalls[h]) < 0;
		terr |= fclose(f) != 0;
	}
	if (terr) {
		rru_error("%s/timing: cannot write", a.out);
		rc = RRU_EXIT_FAIL;
		goto done;
	}
	f = open_in(a.out, "result", "w");
	if (!f) {
		rc = RRU_EXIT_FAIL;
		goto done;
	}
	const char *end = res.exit_code == 0 ? "returned"
			  : res.exit_code == RRU_EXIT_APP_FAULT ? "fault"
			  : res.exit_code == RRU_EXIT_STOPPED ? "stopped"
			  : res.exit_code < 100 ? "app_exit" : "kernel";
	fprintf(f, "# openrru run result (docs/design.md §7.1)\n"
		   "exit=%u\n"
		   "end=%s\n"
		   "mem_digest=0x%016llx\n",
		res.exit_code, end, (unsigned long long)res.mem_digest);
	for (unsigned k = 0; k < res.threads; k++)
		fprintf(f, "out.%u.bytes=%u\nout.%u.digest=0x%016llx\ninputs.%u=%u\n", k,
			res.out_bytes[k], k, (unsigned long long)res.out_digest[k], k, res.inputs[k]);
	fprintf(f, "out.kernel.bytes=%u\nout.kernel.digest=0x%016llx\n", res.out_bytes[RRU_MAX_THREADS],
		(unsigned long long)res.out_digest[RRU_MAX_THREADS]);
	if (res.have_rru) {
		for (unsigned k = 0; k < res.threads; k++)
			fprintf(f, "digest.%u=0x%08x\n", k, res.thread_digest[k]);
		for (unsigned h = 0; h < d.info.cpus; h++)
			fprintf(f, "chunks.%u=%u\n", h, res.chunks[h]);
		fprintf(f, "records=%u\n", res.records);
	}
	if (fclose(f)) {
		rru_error("%s/result: cannot write", a.out);
		rc = RRU_EXIT_FAIL;
		goto done;
	}
	if (!a.dev.quiet)
		rru_info("recorded %s into %s: exit %u (%s), %u threads, %llu input-log records, %llu "
			 "output bytes; link: %u retransmissions, %u reconnections",
			 base_name(a.elf), a.out, res.exit_code, end, res.threads,
			 (unsigned long long)(res.inlog_bytes / RRU_INLOG_REC_SIZE),
			 (unsigned long long)res.console_bytes, res.retransmits, res.reconnects);
done:
	if (c.log)
		rru_run_log_abandon(c.log);
	if (c.logf)
		fclose(c.logf);
	close_all(&c);
	/* What a failed recording leaves, and what to do: the device cannot
	 * continue a run, it starts a program from its beginning. */
	if (rc)
		rru_error("record: %s is incomplete (no result file): it keeps what arrived before the "
			  "failure (out/, input.log%s, %llu chunk records); run the same command again "
			  "to record anew", a.out, recs ? ", log.bin" : "", (unsigned long long)recs);
	rru_dev_close(&d);
	rru_app_image_free(&img);
	return rc;
}

RRU_COMMAND(record, "record",
	    "(--link SPEC | --board NAME | --sim | --qemu) PROG.elf [--cores N] [--threads T] "
	    "[--seed S] [--recorder rru|crew|both] -o RUN/",
	    "record a program through the resident kernel into a run directory", cmd_record);
