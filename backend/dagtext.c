/* The text DAG reader (include/rru/dagfmt.h, docs/design.md §4.4): one
 * `n`/`e` line at a time, each checked, from a file, standard input or
 * memory. */
#include "rru/dagfmt.h"
#include "rru/msg.h"
#include "reader.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- text reader ---------------------------------------------------------------- */
#define TEXT_LINE_MAX 4096

struct rru_dag_text_reader {
	FILE *f;             /* NULL: reading data[0..len) */
	const char *data;
	size_t len, pos;
	char *line;          /* the current line, NUL-terminated (getline's buffer) */
	size_t cap;
	uint64_t lineno;
	int state;           /* 0 reading, 1 ended, -1 failed */
	bool have_header;
	enum rru_dag_mode mode;
	unsigned ncpus;
	uint64_t nodes;      /* n lines so far */
	uint64_t ordinal[RRU_MAX_CPUS];
	char name[256];
	char err[512];
};

#define tfail(r, ...) RRU_READER_FAIL(r, __VA_ARGS__)

static struct rru_dag_text_reader *text_new(const char *name)
{
	struct rru_dag_text_reader *r = calloc(1, sizeof *r);
	if (r && !(r->line = malloc(TEXT_LINE_MAX + 1))) {
		free(r);
		r = NULL;
	}
	if (!r) {
		rru_error("%s: out of memory", name);
		return NULL;
	}
	r->cap = TEXT_LINE_MAX + 1;
	snprintf(r->name, sizeof r->name, "%s", name);
	return r;
}

int rru_dag_text_open(struct rru_dag_text_reader **out, const char *path)
{
	struct rru_dag_text_reader *r = *out = text_new(path);
	if (!r)
		return -1;
	r->f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (!r->f)
		return tfail(r, "cannot open: %s", strerror(errno));
	return 0;
}

int rru_dag_text_open_mem(struct rru_dag_text_reader **out, const void *data, size_t len, const char *name)
{
	struct rru_dag_text_reader *r = *out = text_new(name);
	if (!r)
		return -1;
	r->data = data;
	r->len = len;
	return 0;
}

void rru_dag_text_close(struct rru_dag_text_reader *r)
{
	if (!r)
		return;
	if (r->f && r->f != stdin)
		fclose(r->f);
	free(r->line);
	free(r);
}

enum rru_dag_mode rru_dag_text_mode(const struct rru_dag_text_reader *r)
{
	return r->mode;
}

unsigned rru_dag_text_ncpus(const struct rru_dag_text_reader *r)
{
	return r->ncpus;
}

const char *rru_dag_text_error(const struct rru_dag_text_reader *r)
{
	return r->err;
}

/* The next line into r->line (without its newline): 1, 0 at the end, -1. */
static int text_next_line(struct rru_dag_text_reader *r)
{
	size_t n;
	if (r->f) {
		ssize_t k = getline(&r->line, &r->cap, r->f);
		if (k < 0)
			return ferror(r->f) ? tfail(r, "line %" PRIu64 ": read error", r->lineno + 1) : 0;
		n = (size_t)k;
		if (n && r->line[n - 1] == '\n')
			n--;
	} else {
		if (r->pos == r->len)
			return 0;
		const char *b = r->data + r->pos, *nl = memchr(b, '\n', r->len - r->pos);
		n = nl ? (size_t)(nl - b) : r->len - r->pos;
		r->pos += n + (nl ? 1 : 0);
		if (n <= TEXT_LINE_MAX)
			memcpy(r->line, b, n);
	}
	r->lineno++;
	if (n > TEXT_LINE_MAX)
		return tfail(r, "line %" PRIu64 ": longer than %d bytes", r->lineno, TEXT_LINE_MAX);
	if (memchr(r->line, '\0', n))
		return tfail(r, "line %" PRIu64 ": NUL byte (not a text DAG)", r->lineno);
	r->line[n] = '\0';
	return 1;
}

static bool tok_is(const struct rru_text_tok *t, const char *s)
{
	return t->n == strlen(s) && memcmp(t->s, s, t->n) == 0;
}

/* "# rru dag <mode> cpus <n>" (t: the fields after the '#'). */
static int text_header(struct rru_dag_text_reader *r, const struct rru_text_tok *t, size_t n, bool more)
{
	char mode[16];
	uint64_t nc;
	if (r->have_header || r->nodes)
		return tfail(r, "line %" PRIu64 ": a second \"# rru dag\" header", r->lineno);
	if (n != 5 || more || !tok_is(&t[3], "cpus"))
		return tfail(r, "line %" PRIu64 ": bad header (\"# rru dag <mode> cpus <n>\" expected)",
			     r->lineno);
	snprintf(mode, sizeof mode, "%.*s", (int)(t[2].n < sizeof mode ? t[2].n : sizeof mode - 1), t[2].s);
	int m = t[2].n < sizeof mode ? rru_dag_mode_parse(mode) : -1;
	if (m < 0)
		return tfail(r, "line %" PRIu64 ": unknown mode '%s' (maxpar, stitched, stserial or serial)",
			     r->lineno, mode);
	if (!rru_text_num(t[4].s, t[4].n, RRU_MAX_CPUS, &nc) || nc == 0)
		return tfail(r, "line %" PRIu64 ": bad cpu count '%.*s' (1..%d)", r->lineno,
			     (int)(t[4].n > 24 ? 24 : t[4].n), t[4].s, RRU_MAX_CPUS);
	r->mode = (enum rru_dag_mode)m;
	r->ncpus = (unsigned)nc;
	r->have_header = true;
	return 0;
}

static int text_node(struct rru_dag_text_reader *r, const struct rru_text_tok *t, size_t n, bool more,
		     struct rru_dag_node *nd)
{
	static const char *const what[6] = {"id", "cpu", "tid", "icount", "first", "last"};
	static const uint64_t max[6] = {UINT64_MAX, UINT8_MAX, UINT32_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX};
	uint64_t v[6];
	if (n != 7 || more)
		return tfail(r, "line %" PRIu64 ": a node needs 'n <id> <cpu> <tid> <icount> <first> <last>'",
			     r->lineno);
	for (int i = 0; i < 6; i++)
		if (!rru_text_num(t[1 + i].s, t[1 + i].n, max[i], &v[i]))
			return tfail(r, "line %" PRIu64 ": bad %s '%.*s'", r->lineno, what[i],
				     (int)(t[1 + i].n > 24 ? 24 : t[1 + i].n), t[1 + i].s);
	if (v[0] != r->nodes)
		return tfail(r, "line %" PRIu64 ": node id %" PRIu64 " out of order (%" PRIu64 " expected)",
			     r->lineno, v[0], r->nodes);
	if (v[1] >= r->ncpus)
		return tfail(r, "line %" PRIu64 ": node %" PRIu64 " of cpu %" PRIu64 ", the DAG has %u cpus",
			     r->lineno, v[0], v[1], r->ncpus);
	if (v[4] > v[5])
		return tfail(r, "line %" PRIu64 ": node %" PRIu64 ": chunks %" PRIu64 "..%" PRIu64
			     ": first after last", r->lineno, v[0], v[4], v[5]);
	memset(nd, 0, sizeof *nd);
	nd->id = v[0];
	nd->cpu = (uint8_t)v[1];
	nd->ordinal = r->ordinal[nd->cpu]++;
	nd->tid = (uint32_t)v[2];
	nd->icount = v[3];
	nd->first = v[4];
	nd->last = v[5];
	nd->reason = RRU_REASON_NONE;
	r->nodes++;
	return 1;
}

static int text_edge(struct rru_dag_text_reader *r, const struct rru_text_tok *t, size_t n, bool more,
		     struct rru_dag_text_line *l)
{
	if (n != 3 || more)
		return tfail(r, "line %" PRIu64 ": an edge needs 'e <from> <to>'", r->lineno);
	if (!rru_text_num(t[1].s, t[1].n, UINT64_MAX, &l->from) ||
	    !rru_text_num(t[2].s, t[2].n, UINT64_MAX, &l->to))
		return tfail(r, "line %" PRIu64 ": bad node id in '%.*s %.*s'", r->lineno,
			     (int)(t[1].n > 24 ? 24 : t[1].n), t[1].s, (int)(t[2].n > 24 ? 24 : t[2].n), t[2].s);
	if (r->nodes == 0)
		return tfail(r, "line %" PRIu64 ": edge %" PRIu64 " -> %" PRIu64 " before any node", r->lineno,
			     l->from, l->to);
	if (l->to != r->nodes - 1)
		return tfail(r, "line %" PRIu64 ": edge %" PRIu64 " -> %" PRIu64
			     " does not end at the node of the n line before it (%" PRIu64 ")",
			     r->lineno, l->from, l->to, r->nodes - 1);
	if (l->from >= l->to)
		return tfail(r, "line %" PRIu64 ": edge %" PRIu64 " -> %" PRIu64
			     " does not start at an earlier node", r->lineno, l->from, l->to);
	return 1;
}

/* One line: 1 an n or e line, 0 blank, comment or header, -1 error. */
static int text_parse(struct rru_dag_text_reader *r, struct rru_dag_text_line *l)
{
	struct rru_text_tok t[8];
	bool more;
	if (r->line[0] == '#') {
		size_t n = rru_text_split(r->line + 1, t, 8, &more);
		if (n >= 2 && tok_is(&t[0], "rru") && tok_is(&t[1], "dag"))
			return text_header(r, t, n, more);
		return 0;
	}
	size_t n = rru_text_split(r->line, t, 8, &more);
	if (n == 0)
		return 0;
	char kind = t[0].n == 1 ? t[0].s[0] : '?';
	if (kind != 'n' && kind != 'e')
		return tfail(r, "line %" PRIu64 ": not a text DAG line ('%.*s': n or e expected)", r->lineno,
			     (int)(t[0].n > 16 ? 16 : t[0].n), t[0].s);
	if (!r->have_header)
		return tfail(r, "line %" PRIu64 ": '%c' line before the \"# rru dag <mode> cpus <n>\" header",
			     r->lineno, kind);
	memset(l, 0, sizeof *l);
	l->kind = kind;
	return kind == 'n' ? text_node(r, t, n, more, &l->node) : text_edge(r, t, n, more, l);
}

int rru_dag_text_next(struct rru_dag_text_reader *r, struct rru_dag_text_line *l)
{
	while (r->state == 0) {
		int rc = text_next_line(r);
		if (rc == 0) {
			if (!r->have_header)
				return tfail(r, "no \"# rru dag <mode> cpus <n>\" header (%" PRIu64 " lines)",
					     r->lineno);
			r->state = 1;
		} else if (rc > 0 && (rc = text_parse(r, l)) != 0) {
			return rc;
		}
	}
	return r->state < 0 ? -1 : 0;
}
