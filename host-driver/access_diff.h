/* The first access a diverging replay on rru-sim got wrong (docs/design.md
 * §7.4): compares the recording's access log (RUN/access.sim) with the
 * replay's, hart by hart. */
#ifndef RRU_ACCESS_DIFF_H
#define RRU_ACCESS_DIFF_H

#include <stddef.h>

/* 1 and a sentence in msg (cpu, access, the recorded chunk it falls in with
 * its thread, pc, address, replayed and recorded values) if the logs
 * differ; 0 if they agree; -1 if one cannot be read. run: the run
 * directory, whose log places the access in its chunk. */
int rru_access_first_diff(const char *run, const char *recorded, const char *replayed, char *msg,
			  size_t cap);

#endif
