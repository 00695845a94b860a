/* The oracle of the recording protocol (docs/design.md §1.11) and its random
 * trace generator.
 *
 * The generator runs a small MSI multi-cache model (1..8 cpus, more threads
 * than cpus, a resident-kernel scheduler with migration, evictions, LR/SC,
 * uncached and instruction-fetch traffic) and writes the event trace of
 * include/rru/trace.h, obeying the memory-system guarantees of §1.2.
 *
 * The oracle takes a trace, the chunk records the model (or the RTL) made
 * from it, and a DAG over those chunks, and checks that the DAG orders every
 * true inter-thread dependence (same line, different threads, at least one
 * write; the order being the trace's) and each thread's own order, and that
 * it has no cycle. It needs nothing from the model but its records. */
#ifndef RRU_ORACLE_H
#define RRU_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rru/model.h"
#include "rru/record.h"
#include "rru/trace.h"

/* ---- generator ---------------------------------------------------------- */
struct rru_gen_cfg {
	uint64_t seed;
	unsigned ncpus;     /* 1..8 */
	unsigned nthreads;  /* >= 1 (thread ids 1..nthreads) */
	unsigned nshared;   /* shared data lines */
	unsigned nprivate;  /* private data lines per thread */
	unsigned nsets;     /* direct-mapped cache sets per cpu (small: evictions) */
	unsigned insts_min, insts_max; /* U-mode instructions per thread */
	unsigned trap_permille;   /* chance per U instruction of a kernel entry */
	unsigned switch_percent;  /* chance a kernel entry switches threads */
	bool resv_restore;        /* broken kernel: saves the reservation with the
				   * context and restores it (docs/design.md §1.10) */
};

/* Fills cfg with random but valid parameters drawn from seed. */
void rru_gen_cfg_random(struct rru_gen_cfg *cfg, uint64_t seed);

struct rru_trace_buf {
	struct rru_trace_hdr hdr;
	struct rru_trace_event *ev;
	size_t n, cap;
};
/* Generates one trace into buf (initialised by the call; free with
 * rru_trace_buf_free). Returns 0, or -1 (message printed). */
int rru_gen_trace(const struct rru_gen_cfg *cfg, struct rru_trace_buf *buf);
void rru_trace_buf_free(struct rru_trace_buf *buf);

/* ---- graphs the oracle checks ------------------------------------------- */
struct rru_oracle_node {
	uint8_t cpu;
	uint64_t first, last; /* chunk indices (0-based, per cpu), inclusive */
};
struct rru_oracle_edge {
	uint32_t from, to; /* node indices */
};
struct rru_oracle_graph {
	struct rru_oracle_node *nodes;
	size_t nnodes;
	struct rru_oracle_edge *edges;
	size_t nedges;
	/* true: the node order is the replay order (serial modes); false: each
	 * cpu's nodes run in chunk order, edges give the rest. */
	bool total_order;
};
void rru_oracle_graph_free(struct rru_oracle_graph *g);

/* The DAG of backend-dag's builder (include/rru/dag.h) as an oracle graph.
 * Node order must be the builder's output order. */
struct rru_dag_node;
int rru_oracle_graph_from_dag(const struct rru_dag_node *nodes, size_t n, bool total_order,
			      struct rru_oracle_graph *g);
/* An independent reference graph: one node per chunk, per-cpu order, and an
 * edge from each chunk with q:k to the first chunk of q with ts > k
 * (target_ge: ts >= k, the deliberately broken rule). */
int rru_oracle_graph_reference(const struct rru_chunk *chunks, size_t n, unsigned ncpus,
			       bool target_ge, struct rru_oracle_graph *g);

/* ---- the check ------------------------------------------------------------ */
struct rru_oracle_report {
	uint64_t deps_checked;    /* inter-thread dependences checked */
	uint64_t thread_checked;  /* thread-order pairs checked */
	uint64_t accesses;
	char msg[512];            /* the first failure */
};

/* Returns 0 if g orders everything, 1 if a check failed (report->msg says
 * which), -1 on inconsistent input (records not matching the trace). */
int rru_oracle_check(const struct rru_trace_buf *trace, const struct rru_chunk *chunks,
		     size_t nchunks, const struct rru_oracle_graph *g,
		     struct rru_oracle_report *report);

/* Replays the chunks in a random order the graph allows (seed picks it):
 * loads must read the same store's value as recorded, SCs must have the
 * recorded outcome under the reservation rules of docs/design.md §1.10 (LR
 * sets, SC and a remote write-kind access clear, and it is cleared where the
 * thread of a cpu changes; resv_restore: the replay kernel restores the
 * reservation saved with the thread instead, as the broken kernel does),
 * final memory must match. Returns 0, 1 on a
 * divergence or deadlock (report->msg), -1 on inconsistent input. */
int rru_oracle_replay(const struct rru_trace_buf *trace, const struct rru_chunk *chunks,
		      size_t nchunks, const struct rru_oracle_graph *g, uint64_t seed,
		      bool resv_restore, struct rru_oracle_report *report);

/* ---- one random case, end to end ------------------------------------------ */
enum rru_oracle_variant {
	RRU_VAR_OK = 0,
	RRU_VAR_NO_LEAVE_SER,  /* model: no serialization when a chunk leaves the table */
	RRU_VAR_NO_CTX_SER,    /* model: no serialization at a context switch */
	RRU_VAR_OLDEST_HIT,    /* model: marks the oldest retained hit */
	RRU_VAR_TARGET_GE,     /* reference graph with target rule >= */
	RRU_VAR_RESV_RESTORE,  /* kernel restores a saved reservation (replay diverges) */
	RRU_VAR_COUNT
};
const char *rru_oracle_variant_name(unsigned v);
int rru_oracle_variant_parse(const char *s);

struct rru_oracle_case {
	uint64_t seed;
	unsigned variant;
	struct rru_gen_cfg gen;
	struct rru_model_cfg model;
};
/* Draws generator and model parameters from seed (small signatures, small
 * tables, low limits: false positives, overflow, many chunks). */
void rru_oracle_case_random(struct rru_oracle_case *c, uint64_t seed, unsigned variant);

struct rru_oracle_result {
	int failed;           /* 0 all good, 1 a graph missed an order or has a cycle */
	unsigned failed_graphs; /* bit 0: reference graph; bit 1 + mode: rru dag mode */
	uint64_t chunks, events, deps_checked;
	char msg[600];
};
/* Checks the records made from a trace (by the model or the RTL): the
 * reference graph (target_ge: with the broken >= rule) and, unless target_ge,
 * rru dag in all four modes, each with rru_oracle_check and two simulated
 * replays. Fills res (res->failed, msg); returns 0, or -1 on an internal
 * error (message printed). res must be zeroed by the caller. */
int rru_oracle_check_all(const struct rru_trace_buf *trace, const struct rru_chunk *chunks,
			 size_t n, bool target_ge, bool resv_restore,
			 struct rru_oracle_result *res);

/* Generates the trace, runs the model, builds the reference graph and (for
 * variants that break the model, and RRU_VAR_OK) backend-dag's DAG in all
 * four modes, and checks every graph. Returns 0 (result filled) or -1 on an
 * internal error (message printed). */
int rru_oracle_run_case(const struct rru_oracle_case *c, struct rru_oracle_result *res);

#endif
