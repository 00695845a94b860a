/* `rru run`: runs a program through the resident kernel over the link and
 * prints its output, tagged by thread; exits with the program's status
 * (docs/design.md §7.4). */
#include "run_session.h"

#include "rru/cli.h"
#include "rru/msg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Console bytes arrive in frames; lines are printed whole, "[tN] text". */
struct run_lines {
	char buf[RRU_MAX_THREADS + 1][512];
	size_t n[RRU_MAX_THREADS + 1];
};

static void emit(struct run_lines *r, unsigned k, unsigned tid)
{
	if (tid == RRU_CONSOLE_KERNEL)
		printf("%.*s\n", (int)r->n[k], r->buf[k]);
	else
		printf("[t%u] %.*s\n", tid, (int)r->n[k], r->buf[k]);
	r->n[k] = 0;
}

static void on_console(void *ctx, unsigned tid, const uint8_t *p, size_t n)
{
	struct run_lines *r = ctx;
	unsigned k = tid < RRU_MAX_THREADS ? tid : RRU_MAX_THREADS;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\n') {
			emit(r, k, tid);
			continue;
		}
		if (r->n[k] == sizeof r->buf[k])
			emit(r, k, tid);
		r->buf[k][r->n[k]++] = (char)p[i];
	}
	fflush(stdout);
}

static int cmd_run(int argc, char **argv)
{
	struct rru_run_args a;
	int rc = rru_run_args_parse(argc, argv, false, &a);
	if (rc >= 0)
		return rc;
	struct rru_app_image img;
	if ((rc = rru_app_image_read(a.elf, &img)))
		return rc;
	struct rru_dev d;
	if ((rc = rru_dev_open(&a.dev, &d))) {
		rru_app_image_free(&img);
		return rc;
	}
	struct run_lines *lines = calloc(1, sizeof *lines);
	struct rru_run_cb cb = {on_console, NULL, lines, NULL, NULL};
	struct rru_run_result res;
	rc = lines ? rru_dev_run(&d, &img, a.threads, false, &cb, &res) : RRU_EXIT_FAIL;
	if (lines)
		for (unsigned k = 0; k <= RRU_MAX_THREADS; k++)
			if (lines->n[k])
				emit(lines, k, k < RRU_MAX_THREADS ? k : RRU_CONSOLE_KERNEL);
	fflush(stdout);
	free(lines);
	rru_dev_close(&d);
	rru_app_image_free(&img);
	if (rc)
		return rc;
	rru_debug("run: %llu device ticks from the threads' start to the end (rru-sim: cycles)",
		  (unsigned long long)res.run_ticks);
	if (res.exit_code > 255) {
		rru_error("run: %s ended with status %u, more than an exit status holds", a.elf,
			  res.exit_code);
		return RRU_EXIT_FAIL;
	}
	return (int)res.exit_code;
}

RRU_COMMAND(run, "run", "(--link SPEC | --board NAME | --sim | --qemu) PROG.elf [--threads T]",
	    "run a program on the cluster through the resident kernel; exit with its status",
	    cmd_run);
