/* The replay engine's reader of the binary DAG (docs/design.md §4.5): each
 * hart walks the one uploaded file with its own cursor, taking the nodes of
 * its cpu in file order and keeping the token thresholds those nodes give.
 * Freestanding C: the resident kernel runs it; a host unit test checks it
 * against the backend's writer (tests/unit/test_dag_cursor.c). */
#ifndef RRU_DAG_CURSOR_H
#define RRU_DAG_CURSOR_H

#include <stddef.h>
#include <stdint.h>

#define RRU_DC_MAX_CPUS 8u
/* The framing of include/rru/dagfmt.h and include/rru/logfmt.h (checked
 * against them by the unit test: this file cannot include stdio). */
#define RRU_DC_HEADER_LEN 16u
#define RRU_DC_VERSION 1u
#define RRU_DC_HEAD_TID 0x08u
#define RRU_DC_MAX_BLOCK (1u << 20)

/* One node as the replay engine needs it. */
struct rru_dc_node {
	uint32_t index;  /* position in the file (all cpus): the serial order */
	uint32_t ordinal; /* this cpu's node number (0, 1, ...): done[cpu] after it */
	uint32_t tid, icount, nchunks, reason;
	/* maxpar/stitched: the node may start once done[p] >= wait[p] for all p */
	uint32_t wait[RRU_DC_MAX_CPUS];
};

struct rru_dc_file {
	const uint8_t *data;
	size_t len;
	uint32_t mode, ncpus, nodes; /* nodes: from the end block */
};

struct rru_dc_cursor {
	const struct rru_dc_file *f;
	uint32_t cpu;
	size_t block;        /* offset of the current block's header */
	size_t pos;          /* next record in the payload */
	uint32_t left;       /* records left in the current block */
	uint32_t index, ordinal, tid, have_tid;
	uint32_t wait[RRU_DC_MAX_CPUS];
};

/* Checks the whole file once (header, every block's CRC and record count,
 * every node's fields, the end block) and fills f. Returns 0, or -1 with a
 * sentence in err naming the byte offset. */
int rru_dc_open(struct rru_dc_file *f, const void *data, size_t len, char *err, size_t errcap);
/* A cursor over the nodes of one cpu. */
void rru_dc_cursor_init(struct rru_dc_cursor *c, const struct rru_dc_file *f, uint32_t cpu);
/* The cpu's next node: 1 (n filled), 0 when it has no more. The file was
 * checked by rru_dc_open, so this cannot fail. */
int rru_dc_next(struct rru_dc_cursor *c, struct rru_dc_node *n);
/* Serial and stserial files carry no waits: nodes run one at a time. */
static inline int rru_dc_serial(const struct rru_dc_file *f) { return f->mode >= 2u; }

#endif
