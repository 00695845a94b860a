/* The logging helper: leveled messages on stderr (include/rru/msg.h). */
#include "rru/msg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum rru_msg_level current_level = RRU_MSG_INFO;
static const char *program = "rru";

static const char *const level_prefix[] = {
	[RRU_MSG_ERROR] = "error: ",
	[RRU_MSG_WARN] = "warning: ",
	[RRU_MSG_INFO] = "",
	[RRU_MSG_DEBUG] = "debug: ",
};

void rru_msg_set_level(enum rru_msg_level level) { current_level = level; }
enum rru_msg_level rru_msg_get_level(void) { return current_level; }
void rru_msg_set_program(const char *name) { program = name; }

void rru_msg_init_from_env(void)
{
	static const char *const names[] = {"error", "warn", "info", "debug"};
	const char *v = getenv("RRU_LOG_LEVEL");
	if (!v)
		return;
	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(v, names[i]) == 0) {
			current_level = (enum rru_msg_level)i;
			return;
		}
	}
	rru_warn("RRU_LOG_LEVEL=%s is not one of error, warn, info, debug; ignored", v);
}

void rru_msgv(enum rru_msg_level level, const char *fmt, va_list ap)
{
	if (level > current_level || level < RRU_MSG_ERROR)
		return;
	/* One fprintf per line part would let two threads' messages interleave;
	 * format first, then write the whole line at once. */
	char body[1024];
	vsnprintf(body, sizeof body, fmt, ap);
	fprintf(stderr, "%s: %s%s\n", program, level_prefix[level], body);
}

void rru_msg(enum rru_msg_level level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rru_msgv(level, fmt, ap);
	va_end(ap);
}
