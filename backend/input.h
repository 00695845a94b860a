/* Opening the log named on a command line (backend/input.c). */
#ifndef RRU_BACKEND_INPUT_H
#define RRU_BACKEND_INPUT_H

#include "rru/logfmt.h"

#include <stddef.h>

/* arg: a log file, "-" for stdin, or a RUN/ directory (its log.bin, else its
 * log). Sets path to the file actually opened. Returns 0 or -1 (printed; *r
 * may be set to a reader holding the error; close it). */
int rru_backend_open_input(struct rru_log_reader **r, const char *arg, char *path, size_t size);

#endif
