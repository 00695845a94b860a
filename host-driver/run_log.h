/* The chunk log of a recording as it arrives: each hart's LOG_DATA bytes
 * (include/rru/link.h) are that hart's raw RRU words (docs/design.md §2.3);
 * whole records are converted and written as a log file (§3). */
#ifndef RRU_RUN_LOG_H
#define RRU_RUN_LOG_H

#include <stdint.h>
#include <stdio.h>

struct rru_run_log;

/* Writes a binary log for ncpus harts to f (kept open; name for messages).
 * 0, or -1 after a message. */
int rru_run_log_open(struct rru_run_log **out, FILE *f, const char *name, unsigned ncpus);
/* The next n bytes of hart's word stream. 0, or -1 after a message naming
 * the hart and the word (malformed raw data, a record of another cpu). */
int rru_run_log_bytes(struct rru_run_log *l, unsigned hart, const uint8_t *p, size_t n);
/* Records written so far. */
uint64_t rru_run_log_records(const struct rru_run_log *l);
/* Ends the log: -1 (after a message) if a hart's last record is cut short
 * or the file cannot be written. Frees l either way. */
int rru_run_log_close(struct rru_run_log *l);
/* Frees without writing the end (an incomplete recording). */
void rru_run_log_abandon(struct rru_run_log *l);

#endif
