/* Messages to the user, with levels: the one logging helper of the host code.
 *
 * Everything a host tool says on stderr goes through here, prefixed with the
 * program name and level ("rru: error: log.bin: ..."). Libraries report
 * errors with rru_error() and return an error code; they never exit(). */
#ifndef RRU_MSG_H
#define RRU_MSG_H

#include <stdarg.h>

enum rru_msg_level {
	RRU_MSG_QUIET = -1, /* nothing, not even errors (for tests) */
	RRU_MSG_ERROR = 0,
	RRU_MSG_WARN = 1,
	RRU_MSG_INFO = 2,  /* the default */
	RRU_MSG_DEBUG = 3,
};

void rru_msg_set_level(enum rru_msg_level level);
enum rru_msg_level rru_msg_get_level(void);
/* Name printed before each message; "rru" unless changed. */
void rru_msg_set_program(const char *name);
/* Reads RRU_LOG_LEVEL=error|warn|info|debug from the environment, if set. */
void rru_msg_init_from_env(void);

void rru_msg(enum rru_msg_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void rru_msgv(enum rru_msg_level level, const char *fmt, va_list ap);

#define rru_error(...) rru_msg(RRU_MSG_ERROR, __VA_ARGS__)
#define rru_warn(...) rru_msg(RRU_MSG_WARN, __VA_ARGS__)
#define rru_info(...) rru_msg(RRU_MSG_INFO, __VA_ARGS__)
#define rru_debug(...) rru_msg(RRU_MSG_DEBUG, __VA_ARGS__)

#endif
