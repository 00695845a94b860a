/* The log file: text and binary forms of the records of include/rru/record.h,
 * a reader that detects the form and checks every rule, and a writer.
 * docs/design.md §3 defines both forms byte for byte; this header holds their
 * constants.
 *
 * Text form, one record a line (fields decimal, or hex with 0x):
 *   c <cpu> <tid> <icount> <ts> [<q>:<k> ...] [r=<reason>]    chunk
 *   i <cpu> <tid> <ts> <value>                                 input value
 *   s <cpu> <ts> <old-tid> <new-tid>                           context switch
 *   t <cpu> <tid> <ts> <parent-tid>                            thread start
 *   x <cpu> <tid> <ts> <exit-code>                             thread exit
 *   p <cpu> <ts>                                               progress
 *   f <cpu> <ts>                                               cpu finished
 *   h <ncpus>                                 header, only before any record
 * `#` starts a comment (to the end of the line); blank lines are skipped.
 *
 * Binary form: RRU_LOG_MAGIC header, then CRC-32'd blocks of delta+varint
 * records, then an end block (see §3). A reader tells the forms apart by the
 * first byte (0x89 never starts a text log).
 *
 * Usage (one pass, works on a pipe still being written):
 *   struct rru_log_reader *r;
 *   if (rru_log_open(&r, "run/log") != 0) ...;      // "-" reads stdin
 *   struct rru_record rec;
 *   while ((rc = rru_log_read(r, &rec)) == 1) ...;  // 0 end, -1 error
 *   rru_log_close(r);
 */
#ifndef RRU_LOGFMT_H
#define RRU_LOGFMT_H

#include "rru/record.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Binary log file header (16 bytes, little-endian):
 *   0  magic[8]  RRU_LOG_MAGIC
 *   8  u16       version (RRU_LOG_VERSION)
 *  10  u8        ncpus (1..RRU_MAX_CPUS)
 *  11  u8        flags (0)
 *  12  u32       CRC-32 of bytes 0..11 */
#define RRU_LOG_MAGIC "\x89RRULOG\n"
#define RRU_LOG_MAGIC_LEN 8
#define RRU_LOG_VERSION 1
#define RRU_LOG_HEADER_LEN 16

/* Block framing shared by the binary log and the binary DAG (12 bytes, LE):
 *   0  u32  payload length in bytes (0 only in the end block)
 *   4  u32  number of records in the payload (end block: records in file)
 *   8  u32  CRC-32 of the payload
 * followed by the payload. */
#define RRU_BLOCK_HEADER_LEN 12
#define RRU_BLOCK_MAX_PAYLOAD (1u << 20)
/* The writer closes a block when its payload reaches this size. */
#define RRU_BLOCK_TARGET_PAYLOAD (64u * 1024u)

/* Binary record tag byte (docs/design.md §3). Chunk: bit 7 set, bits 6..3
 * reason (RRU_REASON_NONE when a text chunk gave none), bits 2..0 cpu; then a
 * mask byte: bit q set = a dependence on q follows; bit <cpu> (a chunk never
 * depends on its own cpu) = a tid follows (else: the tid of this cpu's
 * previous chunk in the block). Other kinds: bit 7 clear, bits 6..3 kind
 * code, bits 2..0 cpu. */
#define RRU_LOG_TAG_CHUNK 0x80u
enum rru_log_kind_code {
	RRU_LOG_KIND_INPUT = 1,
	RRU_LOG_KIND_SWITCH = 2,
	RRU_LOG_KIND_START = 3,
	RRU_LOG_KIND_EXIT = 4,
	RRU_LOG_KIND_PROGRESS = 5,
	RRU_LOG_KIND_FINISH = 6,
};

/* Largest timestamp a record may carry (48-bit wire field). */
#define RRU_TS_MAX ((UINT64_C(1) << 48) - 1)

enum rru_log_format { RRU_LOG_TEXT = 0, RRU_LOG_BINARY = 1 };

/* IEEE 802.3 CRC-32 (the one zlib and Ethernet use): crc = 0 to start. */
uint32_t rru_crc32(uint32_t crc, const void *data, size_t len);

/* LEB128 unsigned varint. put: writes at most 10 bytes, returns the count.
 * get: returns bytes used, 0 if truncated or longer than 10 bytes/overflow. */
size_t rru_varint_put(uint8_t *out, uint64_t v);
size_t rru_varint_get(const uint8_t *in, size_t len, uint64_t *v);

/* ---- reader ---------------------------------------------------------------- */
struct rru_log_reader;

/* Opens a log file ("-": standard input) and detects its form. On error
 * prints it (rru_error) and returns -1. */
int rru_log_open(struct rru_log_reader **out, const char *path);
/* Reads from a file descriptor already open (not closed by the reader);
 * name is used in messages. */
int rru_log_open_fd(struct rru_log_reader **out, int fd, const char *name);
/* Reads from memory (fuzzers, tests); the buffer must outlive the reader. */
int rru_log_open_mem(struct rru_log_reader **out, const void *data, size_t len,
		     const char *name);

/* Next record: 1 one was read into *rec, 0 end of log, -1 error (printed
 * with rru_error, naming the file and line or byte offset; also kept for
 * rru_log_error). After an error or the end every call returns the same. */
int rru_log_read(struct rru_log_reader *r, struct rru_record *rec);
/* The last error's message ("" if none). */
const char *rru_log_error(const struct rru_log_reader *r);
enum rru_log_format rru_log_format(const struct rru_log_reader *r);
/* Number of cpus the log describes: its header, or RRU_MAX_CPUS when a text
 * log has no "h" line. Known after rru_log_open (text: once the first record
 * has been read, since "h" must come first). */
unsigned rru_log_ncpus(const struct rru_log_reader *r);
/* Bytes consumed so far (input position). */
uint64_t rru_log_offset(const struct rru_log_reader *r);
/* Nonzero if the next rru_log_read will not wait for input (data is
 * buffered, or the input has ended): a tool following a live log flushes
 * its own output when this is 0. */
int rru_log_ready(const struct rru_log_reader *r);
void rru_log_close(struct rru_log_reader *r);

/* ---- single text lines ----------------------------------------------------- */
/* Parses one text line (without its newline). Returns NULL and fills *rec,
 * or a message saying what is wrong. A blank or comment line gives
 * "empty" in *is_empty = 1 and returns NULL. An "h" line sets *ncpus (pass
 * NULL to reject it). Checks the line alone (cpu < ncpus_limit, q != cpu,
 * duplicate q, k >= ts, ts <= RRU_TS_MAX), not the order between lines. */
const char *rru_log_parse_line(const char *line, unsigned ncpus_limit,
			       struct rru_record *rec, int *is_empty,
			       unsigned *ncpus);
/* Formats a record as one text line with a trailing newline; returns the
 * length, or the length needed if it does not fit (like snprintf). */
int rru_log_format_line(const struct rru_record *rec, char *buf, size_t size);
const char *rru_reason_name(unsigned reason); /* "conflict", ..., "none" */

/* ---- writer ---------------------------------------------------------------- */
struct rru_log_writer;

/* Writes to f (not closed by the writer) in the given form for ncpus cpus.
 * Errors are printed with name; functions return 0 or -1. */
int rru_log_writer_open(struct rru_log_writer **out, FILE *f, const char *name,
			enum rru_log_format fmt, unsigned ncpus);
int rru_log_write(struct rru_log_writer *w, const struct rru_record *rec);
/* Ends the current block and flushes f, so a reader on a pipe sees
 * everything written so far (text: fflush). */
int rru_log_writer_flush(struct rru_log_writer *w);
/* Writes the end block (binary), flushes, frees. Returns 0 or -1. */
int rru_log_writer_close(struct rru_log_writer *w);

#endif
