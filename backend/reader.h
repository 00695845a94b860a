/* What the backend's readers (backend/logfmt.c: the log, backend/dagfmt.c:
 * the text DAG) share: fields and numbers of the text formats (the text log,
 * docs/design.md §3.2, and the text DAG, §4.4): a line splits at blanks up
 * to a '#' comment, a number is decimal or 0x-hex; and the error a reader
 * keeps. Inline: the text log reader's inner loop. */
#ifndef RRU_BACKEND_READER_H
#define RRU_BACKEND_READER_H

#include "rru/msg.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct rru_text_tok {
	const char *s;
	size_t n;
};

/* Splits line at blanks (space, tab, CR), stopping at '#' or the end.
 * Returns the number of tokens (at most max; *more set if there were more). */
static inline size_t rru_text_split(const char *line, struct rru_text_tok *t, size_t max,
				    bool *more)
{
	size_t n = 0;
	const char *p = line;
	*more = false;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '\0' || *p == '#')
			return n;
		const char *b = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '#')
			p++;
		if (n == max) {
			*more = true;
			return n;
		}
		t[n].s = b;
		t[n].n = (size_t)(p - b);
		n++;
	}
}

/* The n bytes at s, whole, as a decimal or 0x-hex number <= max: true and
 * *out set, or false. */
static inline bool rru_text_num(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	if (n == 0)
		return false;
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		for (size_t i = 2; i < n; i++) {
			unsigned d;
			char c = s[i];
			if (c >= '0' && c <= '9')
				d = (unsigned)(c - '0');
			else if (c >= 'a' && c <= 'f')
				d = (unsigned)(c - 'a' + 10);
			else if (c >= 'A' && c <= 'F')
				d = (unsigned)(c - 'A' + 10);
			else
				return false;
			if (v > (UINT64_MAX >> 4))
				return false;
			v = v << 4 | d;
		}
	} else {
		for (size_t i = 0; i < n; i++) {
			if (s[i] < '0' || s[i] > '9')
				return false;
			unsigned d = (unsigned)(s[i] - '0');
			if (v > (UINT64_MAX - d) / 10)
				return false;
			v = v * 10 + d;
		}
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

/* A reader's error: "NAME: message" into err (size bytes), printed with
 * rru_error; *state = -1 (failed). Returns -1. */
static inline int rru_reader_fail(int *state, char *err, size_t size, const char *name,
				  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static inline int rru_reader_fail(int *state, char *err, size_t size, const char *name,
				  const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, size, "%s: ", name);
	va_start(ap, fmt);
	vsnprintf(err + n, size - (size_t)n, fmt, ap);
	va_end(ap);
	*state = -1;
	rru_error("%s", err);
	return -1;
}
/* The same for a reader r with fields int state, char err[], char name[]. */
#define RRU_READER_FAIL(r, ...) \
	rru_reader_fail(&(r)->state, (r)->err, sizeof (r)->err, (r)->name, __VA_ARGS__)

#endif
