/* Checks a trace against the memory-system guarantees of docs/design.md
 * §1.2 that the bus shows: a U-mode access to RAM performs only while its
 * cache may hold the line (valid for reads, M for write kinds) (rule 4).
 * Because a cycle's retirements come before its transaction (§2.2), an
 * access retiring in the cycle of the transaction that brings its line
 * fails this check too (rule 3). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rru/record.h"
#include "rru/trace.h"

#define RAM_BASE 0x80000000u

struct cline {
	uint32_t line;
	uint8_t used, valid; /* valid: bit p = cpu p may hold it */
	int8_t owner;        /* cpu holding it in M, or -1 */
};

struct rru_cohcheck {
	unsigned shift;
	struct cline *tab;
	size_t cap, used;
	char msg[200];
};

struct rru_cohcheck *rru_cohcheck_new(const struct rru_trace_hdr *hdr)
{
	struct rru_cohcheck *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	while ((1u << c->shift) < hdr->line_bytes)
		c->shift++;
	c->cap = 1024;
	c->tab = calloc(c->cap, sizeof(*c->tab));
	if (!c->tab) {
		free(c);
		return NULL;
	}
	return c;
}

void rru_cohcheck_free(struct rru_cohcheck *c)
{
	if (c) {
		free(c->tab);
		free(c);
	}
}

static struct cline *find(struct cline *tab, size_t cap, uint32_t line, bool *fresh)
{
	size_t h = (line * UINT64_C(0x9e3779b97f4a7c15)) >> 40;
	for (size_t i = 0;; i++) {
		struct cline *s = &tab[(h + i) & (cap - 1)];
		if (!s->used || s->line == line) {
			*fresh = !s->used;
			return s;
		}
	}
}

static struct cline *get(struct rru_cohcheck *c, uint32_t line)
{
	bool fresh;
	if ((c->used + 1) * 2 > c->cap) {
		size_t ncap = c->cap * 2;
		struct cline *nt = calloc(ncap, sizeof(*nt));
		if (!nt)
			return NULL;
		for (size_t i = 0; i < c->cap; i++)
			if (c->tab[i].used)
				*find(nt, ncap, c->tab[i].line, &fresh) = c->tab[i];
		free(c->tab);
		c->tab = nt;
		c->cap = ncap;
	}
	struct cline *s = find(c->tab, c->cap, line, &fresh);
	if (fresh) {
		memset(s, 0, sizeof(*s));
		s->used = 1;
		s->line = line;
		s->owner = -1;
		c->used++;
	}
	return s;
}

const char *rru_cohcheck_step(struct rru_cohcheck *c, const struct rru_trace_event *e)
{
	if (e->type == RRU_EV_BUS) {
		if (e->cmd >= RRU_BUS_UNCRD)
			return NULL;
		struct cline *s = get(c, e->line);
		unsigned q = e->cpu;
		if (!s)
			return "out of memory";
		if (e->cmd == RRU_BUS_RD) {
			s->valid |= (uint8_t)(1u << q);
			if (s->owner >= 0 && s->owner != (int)q)
				s->owner = -1;
		} else if (e->cmd == RRU_BUS_WB) {
			s->valid &= (uint8_t)~(1u << q);
			if (s->owner == (int)q)
				s->owner = -1;
		} else {
			s->valid = (uint8_t)(1u << q);
			s->owner = (int8_t)q;
		}
		return NULL;
	}
	if (e->type != RRU_EV_RETIRE || e->priv != RRU_PRIV_U || e->acc < RRU_ACC_LD ||
	    e->acc > RRU_ACC_SCF || e->addr < RAM_BASE)
		return NULL;
	struct cline *s = get(c, e->addr >> c->shift);
	unsigned p = e->cpu;
	if (!s)
		return "out of memory";
	bool w = rru_acc_writes(e->acc);
	if (w ? s->owner != (int)p : !(s->valid >> p & 1)) {
		snprintf(c->msg, sizeof(c->msg),
			 "cpu %u %s of line 0x%x without the line %s in its cache (no earlier %s on the bus; docs/design.md §1.2 rules 3, 4)",
			 p, rru_acc_name(e->acc), (unsigned)(e->addr >> c->shift),
			 w ? "in M" : "valid", w ? "BusRdX/BusUpgr" : "BusRd/BusRdX");
		return c->msg;
	}
	return NULL;
}
