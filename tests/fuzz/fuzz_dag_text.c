/* libFuzzer target: the text DAG reader (include/rru/dagfmt.h): never a
 * crash, a hang or a leak; what it accepts obeys its rules (ids in order,
 * cpu < ncpus, first <= last, each edge ends at the node just read and starts
 * before it), and written again by the text writer it reads back the same. */
#include "rru/dagfmt.h"
#include "rru/msg.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static bool serial(const struct rru_dag_text_reader *r)
{
	return rru_dag_text_mode(r) == RRU_DAG_SERIAL || rru_dag_text_mode(r) == RRU_DAG_STSERIAL;
}

/* Reads data, checking the rules, and writes it again into *out (text).
 * 0 done, -1 the reader refused it, 1 a node has more incoming edges than
 * the writer's nodes can hold (one per cpu): not written. */
static int rewrite(const uint8_t *data, size_t size, char **out, size_t *len)
{
	struct rru_dag_text_reader *r;
	struct rru_dag_text_line l;
	struct rru_dag_writer *w = NULL;
	struct rru_dag_node cur = {0};
	uint64_t nodes = 0, ordinal[RRU_MAX_CPUS] = {0};
	int rc;
	FILE *f = open_memstream(out, len);
	if (!f || rru_dag_text_open_mem(&r, data, size, "fuzz") != 0)
		abort();
	while ((rc = rru_dag_text_next(r, &l)) == 1) {
		if (!w && rru_dag_writer_open(&w, f, "out", RRU_DAG_EMIT_TEXT, rru_dag_text_mode(r),
					      rru_dag_text_ncpus(r)) != 0)
			abort();
		if (l.kind == 'e') {
			if (!nodes || l.to != cur.id || l.from >= l.to)
				abort();
			if (cur.nedges == RRU_MAX_CPUS) {
				rc = 1;
				break;
			}
			cur.edges[cur.nedges++].from = l.from;
			continue;
		}
		if (l.kind != 'n' || l.node.id != nodes || l.node.cpu >= rru_dag_text_ncpus(r) ||
		    l.node.first > l.node.last || l.node.nedges || l.node.ordinal != ordinal[l.node.cpu]++)
			abort();
		if (nodes++ && rru_dag_writer_node(w, &cur) != 0)
			abort();
		cur = l.node;
	}
	if (rc == 0) {
		if (!w && rru_dag_writer_open(&w, f, "out", RRU_DAG_EMIT_TEXT, rru_dag_text_mode(r),
					      rru_dag_text_ncpus(r)) != 0)
			abort();
		if (nodes && rru_dag_writer_node(w, &cur) != 0)
			abort();
	}
	if (rru_dag_writer_close(w, NULL) != 0)
		abort();
	fclose(f);
	rru_dag_text_close(r);
	return rc;
}

static bool same(const struct rru_dag_text_line *a, const struct rru_dag_text_line *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == 'e')
		return a->from == b->from && a->to == b->to;
	return a->node.id == b->node.id && a->node.cpu == b->node.cpu &&
	       a->node.ordinal == b->node.ordinal && a->node.tid == b->node.tid &&
	       a->node.icount == b->node.icount && a->node.first == b->node.first &&
	       a->node.last == b->node.last;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rru_msg_set_level(RRU_MSG_QUIET);
	char *out = NULL;
	size_t len = 0;
	if (rewrite(data, size, &out, &len) == 0) {
		/* the copy reads back line for line (serial modes: without e lines) */
		struct rru_dag_text_reader *a, *b;
		struct rru_dag_text_line x, y;
		int ra, rb;
		if (rru_dag_text_open_mem(&a, data, size, "in") || rru_dag_text_open_mem(&b, out, len, "out"))
			abort();
		do {
			while ((ra = rru_dag_text_next(a, &x)) == 1 && x.kind == 'e' && serial(a))
				;
			rb = rru_dag_text_next(b, &y);
			if (ra != rb || (ra == 1 && !same(&x, &y)))
				abort();
		} while (ra == 1);
		if (ra != 0 || rru_dag_text_mode(a) != rru_dag_text_mode(b) ||
		    rru_dag_text_ncpus(a) != rru_dag_text_ncpus(b))
			abort();
		rru_dag_text_close(a);
		rru_dag_text_close(b);
	}
	free(out);
	return 0;
}
