/* DAG files: the text DAG (for people and tests), Graphviz, and the binary
 * DAG the replay firmware follows with token counters; a writer for all
 * three, a reader for text and binary. docs/design.md §4 defines them; this
 * header holds their constants. Nodes come from the builder of
 * include/rru/dag.h.
 *
 * Text (--emit text), a node line followed by its incoming edges:
 *   # rru dag <mode> cpus <ncpus>
 *   n <id> <cpu> <tid> <icount> <first> <last>
 *   e <from> <to>
 * Node lines come in a valid replay order (ids 0, 1, 2, ...); serial and
 * stserial have no e lines (the node order is the replay order).
 *
 * Binary (--emit bin): RRU_DAG_MAGIC header, then blocks framed as in the
 * binary log (include/rru/logfmt.h: length, count, CRC-32, payload), then an
 * end block whose count is the number of nodes. A node record:
 *   u8      head: bits 2..0 cpu, bit 3 tid follows, bits 7..4 reason of
 *           the node's last chunk (RRU_REASON_NONE if not recorded)
 *   u8      wait mask (maxpar and stitched only): bit p = a wait on p follows
 *   varint  tid (if head bit 3; else the tid of this cpu's previous node)
 *   varint  icount (instructions to replay)
 *   varint  nchunks (recorded chunks merged into the node, >= 1)
 *   varint  per bit p of the mask, ascending: wait_p increase (>= 1)
 * Token rule: each cpu p counts its completed nodes done[p]; a node of cpu q
 * may start once done[p] >= wait_p for every p, where wait_p is the sum of
 * the increases given so far by q's nodes for p (0 before any). In serial and
 * stserial files nodes run one at a time in file order (no mask byte). */
#ifndef RRU_DAGFMT_H
#define RRU_DAGFMT_H

#include "rru/dag.h"

#include <stdint.h>
#include <stdio.h>

/* Binary DAG header (16 bytes, little-endian):
 *   0 magic[8] RRU_DAG_MAGIC, 8 u16 version, 10 u8 mode (enum rru_dag_mode),
 *  11 u8 ncpus, 12 u32 CRC-32 of bytes 0..11 */
#define RRU_DAG_MAGIC "\x89RRUDAG\n"
#define RRU_DAG_MAGIC_LEN 8
#define RRU_DAG_VERSION 1
#define RRU_DAG_HEADER_LEN 16
#define RRU_DAG_HEAD_TID 0x08u

enum rru_dag_emit { RRU_DAG_EMIT_BIN = 0, RRU_DAG_EMIT_TEXT = 1, RRU_DAG_EMIT_DOT = 2 };
int rru_dag_emit_parse(const char *s); /* "bin", "text", "dot"; -1 if unknown */

struct rru_dag_writer;

/* Writes to f (may be NULL: only counts bytes). Returns 0 or -1 (printed). */
int rru_dag_writer_open(struct rru_dag_writer **out, FILE *f, const char *name,
			enum rru_dag_emit emit, enum rru_dag_mode mode, unsigned ncpus);
/* Writes one node (an rru_dag_sink_fn: ctx is the writer). */
int rru_dag_writer_node(void *w, const struct rru_dag_node *n);
/* Writes out everything so far (binary: ends the current block) and
 * flushes f, for readers following the output live. 0 or -1. */
int rru_dag_writer_flush(struct rru_dag_writer *w);
/* Bytes written so far (the whole file after close). */
uint64_t rru_dag_writer_bytes(const struct rru_dag_writer *w);
/* Ends the file (end block / closing brace), flushes, frees; 0 or -1. On
 * success *bytes (if not NULL) gets the file size. */
int rru_dag_writer_close(struct rru_dag_writer *w, uint64_t *bytes);

/* `rru dag` itself: the log LOG (a file, "-" or a RUN/ directory) to the
 * DAG file out (NULL or "-": standard output) in the given mode and form.
 * Returns a process exit code (0, 1 failure, 2 bad input), after messages. */
int rru_dag_file(const char *in, const char *out, int mode, int emit);

/* Binary DAG reader (tests, tools): reads a whole file in memory. */
struct rru_dag_reader;
int rru_dag_reader_open_mem(struct rru_dag_reader **out, const void *data, size_t len,
			    const char *name);
enum rru_dag_mode rru_dag_reader_mode(const struct rru_dag_reader *r);
unsigned rru_dag_reader_ncpus(const struct rru_dag_reader *r);
/* Next node: 1 read (id, cpu, ordinal, tid, icount, first/last, reason, and
 * the edges as (cpu, wait) with from = the id of that node), 0 end, -1 error
 * (printed, naming the byte offset). */
int rru_dag_reader_next(struct rru_dag_reader *r, struct rru_dag_node *n);
const char *rru_dag_reader_error(const struct rru_dag_reader *r);
void rru_dag_reader_close(struct rru_dag_reader *r);

/* Text DAG reader (rru oracle --dag, tests, fuzzers): the n and e lines in
 * file order, each checked alone and against the lines before it: the
 * "# rru dag <mode> cpus <n>" header (a known mode, 1..RRU_MAX_CPUS cpus)
 * before any other line, ids 0, 1, 2, ... in order, cpu < ncpus, tid within
 * 32 bits, first <= last, and each e line after the n line of the node it
 * ends at, starting at an earlier node. Numbers are decimal or 0x-hex; `#`
 * starts a comment; blank lines are skipped. Whether the nodes cover a log's
 * chunks and order what they must is for the caller (the oracle) to check.
 * In serial and stserial files e lines, if any, are read like the others. */
struct rru_dag_text_reader;
struct rru_dag_text_line {
	char kind;                /* 'n' a node, 'e' an edge */
	struct rru_dag_node node; /* 'n': id, cpu, ordinal, tid, icount, first,
				   * last; reason RRU_REASON_NONE, no edges */
	uint64_t from, to;        /* 'e': node ids, from < to */
};
/* path "-" reads standard input. 0, or -1 (printed; close *out anyway). */
int rru_dag_text_open(struct rru_dag_text_reader **out, const char *path);
/* Reads from memory; the buffer must outlive the reader. 0 or -1, as above. */
int rru_dag_text_open_mem(struct rru_dag_text_reader **out, const void *data, size_t len,
			  const char *name);
/* Next n or e line: 1 read, 0 end (the header was there), -1 error
 * (printed and kept for rru_dag_text_error: "NAME: line N: what is wrong").
 * After an error or the end every call returns the same. */
int rru_dag_text_next(struct rru_dag_text_reader *r, struct rru_dag_text_line *l);
/* The header's mode and cpus: known once rru_dag_text_next returned 1 or 0. */
enum rru_dag_mode rru_dag_text_mode(const struct rru_dag_text_reader *r);
unsigned rru_dag_text_ncpus(const struct rru_dag_text_reader *r);
const char *rru_dag_text_error(const struct rru_dag_text_reader *r);
void rru_dag_text_close(struct rru_dag_text_reader *r);

#endif
