/* The event trace: text reader and writer (docs/design.md §2.1, §2.2). */
#include "rru/trace.h"

#include <stdlib.h>
#include <string.h>

#include "rru/msg.h"
#include "rru/parse.h"
#include "rru/record.h"

static const char *const acc_names[RRU_ACC_COUNT] = {
	"-", "ld", "st", "amo", "lr", "sc", "scf", "trap",
};
static const char *const cmd_names[RRU_BUS_COUNT] = {
	"rd", "rdx", "upgr", "wb", "uncrd", "uncwr",
};
static const char *const op_names[RRU_CTL_COUNT] = {
	"start", "switch", "flush", "exit",
};

bool rru_acc_reads(unsigned acc)
{
	return acc == RRU_ACC_LD || acc == RRU_ACC_AMO || acc == RRU_ACC_LR;
}

bool rru_acc_writes(unsigned acc)
{
	return acc == RRU_ACC_ST || acc == RRU_ACC_AMO || acc == RRU_ACC_LR ||
	       acc == RRU_ACC_SC || acc == RRU_ACC_SCF;
}

const char *rru_acc_name(unsigned acc)
{
	return acc < RRU_ACC_COUNT ? acc_names[acc] : "?";
}

const char *rru_bus_cmd_name(unsigned cmd)
{
	return cmd < RRU_BUS_COUNT ? cmd_names[cmd] : "?";
}

const char *rru_ctl_op_name(unsigned op)
{
	return op < RRU_CTL_COUNT ? op_names[op] : "?";
}

static int lookup(const char *s, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

#define MAX_TOK 8

/* Splits s (modified) into at most MAX_TOK tokens; returns the count, or
 * MAX_TOK + 1 if there are more. A '#' starts a comment. */
static int tokenize(char *s, char **tok)
{
	int n = 0;
	char *hash = strchr(s, '#');
	if (hash)
		*hash = 0;
	for (char *p = strtok(s, " \t\r\n"); p; p = strtok(NULL, " \t\r\n")) {
		if (n == MAX_TOK)
			return MAX_TOK + 1;
		tok[n++] = p;
	}
	return n;
}

static const char *num(const char *s, uint64_t max, uint64_t *out)
{
	/* rru_parse_u64 accepts k/M/G suffixes; the trace does not. */
	size_t len = strlen(s);
	if (len == 0 || s[len - 1] == 'k' || s[len - 1] == 'M' || s[len - 1] == 'G')
		return "not a number";
	return rru_parse_u64(s, 0, max, out);
}

static const char *parse_tokens(char **tok, int n, unsigned ncpus,
				struct rru_trace_event *ev)
{
	uint64_t v;
	int i;

	memset(ev, 0, sizeof(*ev));
	if (n > MAX_TOK)
		return "too many fields";
	if (n < 4)
		return "too few fields";
	if (strlen(tok[0]) != 1 || !strchr("rxb", tok[0][0]))
		return "unknown event type (expected r, x or b)";
	ev->type = (uint8_t)tok[0][0];
	if (num(tok[1], UINT64_MAX, &ev->cycle))
		return "bad cycle number";
	if (num(tok[2], ncpus ? ncpus - 1 : RRU_MAX_CPUS - 1, &v))
		return "bad or out-of-range cpu";
	ev->cpu = (uint8_t)v;
	switch (ev->type) {
	case RRU_EV_RETIRE:
		if (strcmp(tok[3], "u") == 0)
			ev->priv = RRU_PRIV_U;
		else if (strcmp(tok[3], "m") == 0)
			ev->priv = RRU_PRIV_M;
		else
			return "bad privilege (expected u or m)";
		if (n < 5)
			return "retirement without an access kind";
		if ((i = lookup(tok[4], acc_names, RRU_ACC_COUNT)) < 0)
			return "unknown access kind";
		ev->acc = (uint8_t)i;
		if (i >= RRU_ACC_LD && i <= RRU_ACC_SCF) {
			if (n != 6)
				return "data access needs exactly one address";
			if (num(tok[5], UINT32_MAX, &v))
				return "bad address";
			ev->addr = (uint32_t)v;
		} else if (n != 5) {
			return "extra field after access kind";
		}
		return NULL;
	case RRU_EV_CTL:
		if ((i = lookup(tok[3], op_names, RRU_CTL_COUNT)) < 0)
			return "unknown control command";
		ev->op = (uint8_t)i;
		if (i == RRU_CTL_START || i == RRU_CTL_SWITCH) {
			if (n != 5)
				return "start/switch needs exactly one thread id";
			if (num(tok[4], UINT32_MAX, &v))
				return "bad thread id";
			ev->tid = (uint32_t)v;
		} else if (n != 4) {
			return "extra field after control command";
		}
		return NULL;
	case RRU_EV_BUS:
		if ((i = lookup(tok[3], cmd_names, RRU_BUS_COUNT)) < 0)
			return "unknown bus command";
		ev->cmd = (uint8_t)i;
		if (n != 5)
			return "bus transaction needs exactly one line address";
		if (num(tok[4], UINT32_MAX, &v))
			return "bad line address";
		ev->line = (uint32_t)v;
		return NULL;
	}
	return "unknown event type";
}

const char *rru_trace_parse_line(const char *line, unsigned ncpus,
				 struct rru_trace_event *ev)
{
	char buf[256];
	char *tok[MAX_TOK];
	size_t len = strlen(line);
	if (len >= sizeof(buf))
		return "line too long";
	memcpy(buf, line, len + 1);
	int n = tokenize(buf, tok);
	if (n == 0)
		return "empty line";
	return parse_tokens(tok, n, ncpus, ev);
}

static int phase(const struct rru_trace_event *e)
{
	return e->type == RRU_EV_RETIRE ? 0 : e->type == RRU_EV_CTL ? 1 : 2;
}

const char *rru_trace_check_order(const struct rru_trace_event *a,
				  const struct rru_trace_event *b)
{
	if (b->cycle < a->cycle)
		return "cycle goes backwards";
	if (b->cycle > a->cycle)
		return NULL;
	if (phase(b) < phase(a))
		return "events of one cycle out of order (r, then x, then b)";
	if (phase(b) == 2 && phase(a) == 2)
		return "two bus transactions in one cycle";
	if (phase(b) == phase(a) && b->cpu <= a->cpu)
		return "two events of one kind for one cpu, or cpus not ascending, in one cycle";
	return NULL;
}

struct rru_trace_reader {
	FILE *f;
	char *name;
	unsigned ncpus;
	unsigned long line;
	bool have_prev;
	struct rru_trace_event prev;
	char buf[512];
};

/* Reads the next non-blank, non-comment line into r->buf; returns token
 * count, 0 at EOF, -1 on a line too long. */
static int next_line(struct rru_trace_reader *r, char **tok)
{
	while (fgets(r->buf, sizeof(r->buf), r->f)) {
		r->line++;
		size_t len = strlen(r->buf);
		if (len == sizeof(r->buf) - 1 && r->buf[len - 1] != '\n' && !feof(r->f))
			return -1;
		int n = tokenize(r->buf, tok);
		if (n)
			return n;
	}
	return 0;
}

struct rru_trace_reader *rru_trace_reader_new(FILE *f, const char *name,
					      struct rru_trace_hdr *hdr)
{
	struct rru_trace_reader *r = calloc(1, sizeof(*r));
	char *tok[MAX_TOK];
	uint64_t v, nc, lb;
	if (!r)
		return NULL;
	r->f = f;
	r->name = strdup(name ? name : "-");
	if (!r->name)
		goto fail;
	int n = next_line(r, tok);
	if (n <= 0 || n > MAX_TOK || strcmp(tok[0], "rru-trace") != 0) {
		rru_error("%s: line %lu: not an rru trace (expected \"rru-trace 1 cpus N line B\")",
			  r->name, r->line);
		goto fail;
	}
	if (n != 6 || strcmp(tok[2], "cpus") || strcmp(tok[4], "line")) {
		rru_error("%s: line %lu: bad trace header (expected \"rru-trace 1 cpus N line B\")",
			  r->name, r->line);
		goto fail;
	}
	if (num(tok[1], UINT32_MAX, &v) || v != RRU_TRACE_VERSION) {
		rru_error("%s: line %lu: unsupported trace version %s (this reader knows %d)",
			  r->name, r->line, tok[1], RRU_TRACE_VERSION);
		goto fail;
	}
	if (num(tok[3], RRU_MAX_CPUS, &nc) || nc == 0) {
		rru_error("%s: line %lu: cpu count %s not in 1..%d", r->name, r->line,
			  tok[3], RRU_MAX_CPUS);
		goto fail;
	}
	if (num(tok[5], 256, &lb) || lb < 4 || (lb & (lb - 1))) {
		rru_error("%s: line %lu: line size %s not a power of two in 4..256",
			  r->name, r->line, tok[5]);
		goto fail;
	}
	r->ncpus = (unsigned)nc;
	hdr->ncpus = (unsigned)nc;
	hdr->line_bytes = (unsigned)lb;
	return r;
fail:
	rru_trace_reader_free(r);
	return NULL;
}

int rru_trace_read(struct rru_trace_reader *r, struct rru_trace_event *ev)
{
	char *tok[MAX_TOK];
	const char *err;
	int n = next_line(r, tok);
	if (n == 0) {
		if (ferror(r->f)) {
			rru_error("%s: read error after line %lu", r->name, r->line);
			return -1;
		}
		return 0;
	}
	if (n < 0) {
		rru_error("%s: line %lu: line too long", r->name, r->line);
		return -1;
	}
	if ((err = parse_tokens(tok, n, r->ncpus, ev))) {
		rru_error("%s: line %lu: %s", r->name, r->line, err);
		return -1;
	}
	if (r->have_prev && (err = rru_trace_check_order(&r->prev, ev))) {
		rru_error("%s: line %lu: %s", r->name, r->line, err);
		return -1;
	}
	r->prev = *ev;
	r->have_prev = true;
	return 1;
}

unsigned long rru_trace_line(const struct rru_trace_reader *r)
{
	return r->line;
}

void rru_trace_reader_free(struct rru_trace_reader *r)
{
	if (!r)
		return;
	free(r->name);
	free(r);
}

void rru_trace_write_hdr(FILE *f, const struct rru_trace_hdr *hdr)
{
	fprintf(f, "rru-trace %d cpus %u line %u\n", RRU_TRACE_VERSION, hdr->ncpus,
		hdr->line_bytes);
}

void rru_trace_write(FILE *f, const struct rru_trace_event *ev)
{
	switch (ev->type) {
	case RRU_EV_RETIRE:
		fprintf(f, "r %llu %u %c %s", (unsigned long long)ev->cycle, ev->cpu,
			ev->priv == RRU_PRIV_U ? 'u' : 'm', rru_acc_name(ev->acc));
		if (ev->acc >= RRU_ACC_LD && ev->acc <= RRU_ACC_SCF)
			fprintf(f, " 0x%x", ev->addr);
		fputc('\n', f);
		break;
	case RRU_EV_CTL:
		fprintf(f, "x %llu %u %s", (unsigned long long)ev->cycle, ev->cpu,
			rru_ctl_op_name(ev->op));
		if (ev->op == RRU_CTL_START || ev->op == RRU_CTL_SWITCH)
			fprintf(f, " %u", ev->tid);
		fputc('\n', f);
		break;
	case RRU_EV_BUS:
		fprintf(f, "b %llu %u %s 0x%x\n", (unsigned long long)ev->cycle, ev->cpu,
			rru_bus_cmd_name(ev->cmd), ev->line);
		break;
	}
}
