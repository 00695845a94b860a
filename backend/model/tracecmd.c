/* The trace-in, log-out frame of `rru model` and `rru crew`: tracecmd.h. */
#include "tracecmd.h"

#include <string.h>

#include "rru/cli.h"
#include "rru/msg.h"

void rru_tracecmd_init(struct rru_tracecmd *c, const char *name, const char *options)
{
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->options = options;
}

int rru_tracecmd_option(struct rru_tracecmd *c, int opt, const char *arg)
{
	switch (opt) {
	case 'o': c->outpath = arg; return -1;
	case 'b': c->binary = 1; return -1;
	case 'h':
		rru_cli_usage(rru_cli_find(c->name), c->options);
		return RRU_EXIT_OK;
	default:
		rru_cli_usage(rru_cli_find(c->name), c->options);
		return RRU_EXIT_USAGE;
	}
}

int rru_tracecmd_open_trace(struct rru_tracecmd *c, int argc, char **argv, int optind)
{
	if (optind != argc - 1) {
		rru_error("%s: expected one TRACE argument", c->name);
		rru_cli_usage(rru_cli_find(c->name), c->options);
		return -1;
	}
	c->inpath = argv[optind];
	c->in = strcmp(c->inpath, "-") == 0 ? stdin : fopen(c->inpath, "r");
	if (!c->in) {
		rru_error("%s: %s: cannot open", c->name, c->inpath);
		return -1;
	}
	c->rd = rru_trace_reader_new(c->in, c->inpath, &c->hdr);
	return c->rd ? 0 : -1;
}

int rru_tracecmd_open_log(struct rru_tracecmd *c)
{
	c->out = c->outpath ? fopen(c->outpath, c->binary ? "wb" : "w") : stdout;
	if (!c->out) {
		rru_error("%s: %s: cannot create", c->name, c->outpath);
		return -1;
	}
	if (rru_log_writer_open(&c->w, c->out, c->outpath ? c->outpath : "-",
				c->binary ? RRU_LOG_BINARY : RRU_LOG_TEXT, c->hdr.ncpus) != 0)
		return -1;
	return 0;
}

void rru_tracecmd_write(struct rru_tracecmd *c, const struct rru_chunk *chunk)
{
	struct rru_record rec;
	if (c->err)
		return;
	memset(&rec, 0, sizeof(rec));
	rec.kind = RRU_REC_CHUNK;
	rec.u.chunk = *chunk;
	if (rru_log_write(c->w, &rec) != 0)
		c->err = 1;
}

int rru_tracecmd_close(struct rru_tracecmd *c, int rc)
{
	if (c->w && rru_log_writer_close(c->w) != 0 && rc == RRU_EXIT_OK)
		rc = RRU_EXIT_FAIL;
	rru_trace_reader_free(c->rd);
	if (c->in && c->in != stdin)
		fclose(c->in);
	if (c->out && c->out != stdout && fclose(c->out) != 0 && rc == RRU_EXIT_OK)
		rc = RRU_EXIT_FAIL;
	return rc;
}
