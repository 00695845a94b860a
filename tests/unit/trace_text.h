/* Unit-test helpers for the trace consumers (the RRU's C model, the CREW
 * recorder): a trace given as text, without its header line, fed event by
 * event; the chunks a run emitted, by cpu. */
#ifndef RRU_TEST_TRACE_TEXT_H
#define RRU_TEST_TRACE_TEXT_H

#include <criterion/criterion.h>
#include <stddef.h>
#include <string.h>

#include "rru/record.h"
#include "rru/trace.h"

/* Parses each line of text (blank lines and # comments skipped) and calls
 * step with the event and its line. */
static inline void trace_text_each(const char *text, unsigned ncpus,
				   void (*step)(void *ctx, const struct rru_trace_event *ev,
						const char *line),
				   void *ctx)
{
	char line[256];
	const char *p = text;
	while (*p) {
		size_t len = strcspn(p, "\n");
		struct rru_trace_event ev;
		cr_assert_lt(len, sizeof(line));
		memcpy(line, p, len);
		line[len] = 0;
		p += len + (p[len] == '\n');
		if (strspn(line, " \t") == len || line[strspn(line, " \t")] == '#')
			continue;
		const char *err = rru_trace_parse_line(line, ncpus, &ev);
		cr_assert_null(err, "%s: %s", line, err);
		step(ctx, &ev, line);
	}
}

/* The idx-th of cpu's chunks among the n in c (the test fails if none). */
static inline const struct rru_chunk *chunk_find(const struct rru_chunk *c, size_t n,
						 unsigned cpu, unsigned idx)
{
	for (size_t i = 0; i < n; i++)
		if (c[i].cpu == cpu && idx-- == 0)
			return &c[i];
	cr_assert_fail("cpu %u has no chunk %u", cpu, idx);
	return NULL;
}

#endif
