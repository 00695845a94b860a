/* The in-memory chunk DAG builder: feed the records of a log (each cpu's in
 * its order, cpus interleaved any way), get the nodes and edges of the DAG
 * for one mode, in a valid replay order, as soon as each is final.
 * docs/design.md §4 defines the modes and the rules implemented here.
 *
 * Usage:
 *   static int on_node(void *ctx, const struct rru_dag_node *n) { ...; return 0; }
 *   struct rru_dag *d = rru_dag_new(RRU_DAG_MAXPAR, ncpus, on_node, ctx);
 *   for each record: if (rru_dag_feed(d, &rec) != 0) error (rru_dag_error(d));
 *   rru_dag_finish(d);  // end of log: flushes every node still waiting
 *   rru_dag_free(d);
 * or, for a whole log in memory, rru_dag_build() below.
 *
 * Memory is bounded by the window (chunks read whose position cannot be
 * decided yet because some cpu's progress is behind their timestamp), not by
 * the log's length. The builder checks the order rules (cpu range, timestamps
 * not going backwards on a cpu, k >= ts) and fails cleanly on a breach. */
#ifndef RRU_DAG_H
#define RRU_DAG_H

#include "rru/record.h"

#include <stddef.h>
#include <stdint.h>

enum rru_dag_mode {
	RRU_DAG_MAXPAR = 0,   /* one node per chunk, every implied order (§4) */
	RRU_DAG_STITCHED = 1, /* consecutive chunks of a cpu+thread merged (§4) */
	RRU_DAG_STSERIAL = 2, /* serial order, consecutive same cpu+thread merged */
	RRU_DAG_SERIAL = 3,   /* one node per chunk, one total order */
	RRU_DAG_NMODES
};

const char *rru_dag_mode_name(enum rru_dag_mode m); /* "maxpar", ... */
/* Parses a mode name; returns -1 if unknown. */
int rru_dag_mode_parse(const char *s);

/* An incoming edge of a node: node `from` (on cpu `cpu`) must be complete
 * before this node starts. `wait` is the token count: the number of `cpu`'s
 * nodes that must be complete, i.e. from's per-cpu ordinal + 1. */
struct rru_dag_edge {
	uint64_t from;
	uint64_t wait;
	uint8_t cpu;
};

struct rru_dag_node {
	uint64_t id;      /* 0, 1, 2, ... in output order (a valid replay order) */
	uint64_t ordinal; /* index among this cpu's nodes */
	uint64_t first;   /* first and last chunk index (0-based, per cpu) */
	uint64_t last;
	uint64_t icount;  /* instructions of the merged chunks */
	uint64_t cp;      /* longest path, in instructions, ending with this node */
	uint32_t tid;
	uint8_t cpu;
	uint8_t reason;   /* termination reason of its last chunk */
	uint8_t nedges;   /* incoming edges (serial modes: always 0) */
	struct rru_dag_edge edges[RRU_MAX_CPUS];
};

/* Called once per node in output order; a nonzero return stops the builder
 * (rru_dag_feed/finish then return -1). */
typedef int (*rru_dag_sink_fn)(void *ctx, const struct rru_dag_node *node);

struct rru_dag;

struct rru_dag *rru_dag_new(enum rru_dag_mode mode, unsigned ncpus, rru_dag_sink_fn sink,
			    void *ctx);
/* Feeds one record. Returns 0, or -1 on an inconsistent record (message
 * printed with rru_error and kept for rru_dag_error) or a sink failure. */
int rru_dag_feed(struct rru_dag *d, const struct rru_record *rec);
/* End of the log: every cpu is done; emits every remaining node. */
int rru_dag_finish(struct rru_dag *d);
const char *rru_dag_error(const struct rru_dag *d);
void rru_dag_free(struct rru_dag *d);

struct rru_dag_stats {
	uint64_t chunks;        /* chunks fed */
	uint64_t nodes;         /* nodes emitted */
	uint64_t edges;         /* edges emitted */
	uint64_t instructions;  /* sum of icount */
	uint64_t critical_path; /* longest path in instructions */
	uint64_t max_window;    /* most chunks held at once (memory) */
	uint64_t max_pending;   /* most dependences held at once, waiting for
				 * their target (memory) */
	uint64_t reasons[16];   /* chunks by termination reason (index 15: none) */
};
void rru_dag_get_stats(const struct rru_dag *d, struct rru_dag_stats *st);

/* Convenience for tests and tools: builds the DAG of n records (must contain
 * the whole log) into a malloc'd array of nodes (*nodes, free() it).
 * Returns 0 or -1. */
int rru_dag_build(const struct rru_record *recs, size_t n, unsigned ncpus,
		  enum rru_dag_mode mode, struct rru_dag_node **nodes, size_t *nnodes);

#endif
