/* What `rru model` and `rru crew` share: a command that reads one event
 * TRACE (a file or `-`) and writes a chunk log (-o LOG, --binary). Messages
 * begin with the command's name. */
#ifndef RRU_MODEL_TRACECMD_H
#define RRU_MODEL_TRACECMD_H

#include <stdio.h>

#include "rru/logfmt.h"
#include "rru/record.h"
#include "rru/trace.h"

struct rru_tracecmd {
	const char *name;    /* "model", "crew" */
	const char *options; /* the command's option lines, for its usage */
	const char *inpath, *outpath;
	int binary;
	FILE *in, *out;
	struct rru_trace_reader *rd;
	struct rru_trace_hdr hdr;
	struct rru_log_writer *w;
	int err; /* a record could not be written */
};

/* Zeroes c and names the command. */
void rru_tracecmd_init(struct rru_tracecmd *c, const char *name, const char *options);
/* Takes a getopt result the command does not handle itself: -o, -b, -h or
 * a bad option. Returns -1 to go on, else the exit status to return now. */
int rru_tracecmd_option(struct rru_tracecmd *c, int opt, const char *arg);
/* After the options: takes the one TRACE argument, opens it and reads its
 * header into c->hdr. Returns 0, or -1 (printed; exit RRU_EXIT_USAGE). */
int rru_tracecmd_open_trace(struct rru_tracecmd *c, int argc, char **argv, int optind);
/* Creates the log (-o, or standard output). Returns 0, or -1 (printed;
 * exit RRU_EXIT_FAIL). */
int rru_tracecmd_open_log(struct rru_tracecmd *c);
/* Writes a chunk record unless a write failed before; sets c->err if it fails. */
void rru_tracecmd_write(struct rru_tracecmd *c, const struct rru_chunk *chunk);
/* Closes what is open; returns rc, or RRU_EXIT_FAIL if rc is RRU_EXIT_OK
 * but the log could not be finished. */
int rru_tracecmd_close(struct rru_tracecmd *c, int rc);

#endif
