/* Opening the log named on a command line: a log file, "-" (stdin), or a
 * RUN/ directory holding `log.bin` or `log` (docs/design.md §3). */
#include "input.h"
#include "rru/msg.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int rru_backend_open_input(struct rru_log_reader **r, const char *arg, char *path, size_t size)
{
	struct stat st;
	*r = NULL;
	snprintf(path, size, "%s", arg);
	if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
		static const char *const names[] = {"log.bin", "log"};
		size_t i;
		for (i = 0; i < 2; i++) {
			snprintf(path, size, "%s/%s", arg, names[i]);
			if (access(path, F_OK) == 0)
				break;
		}
		if (i == 2) {
			rru_error("%s: a run directory without a log (want %s/log.bin or %s/log)", arg, arg, arg);
			return -1;
		}
	}
	return rru_log_open(r, path);
}
