/* The progress line of long transfers: bytes, records, rate, elapsed; shown
 * only on a terminal and not with --quiet. */
#include "rru/link_host.h"

#include "rru/msg.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

double rru_link_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void human(double v, char *buf, size_t n)
{
	if (v >= 1048576.0)
		snprintf(buf, n, "%.1f MiB", v / 1048576.0);
	else if (v >= 1024.0)
		snprintf(buf, n, "%.1f KiB", v / 1024.0);
	else
		snprintf(buf, n, "%.0f B", v);
}

void rru_link_progress_format(const struct rru_link_progress *p, double now, char *buf,
			      size_t n)
{
	double el = now - p->start;
	char b[32], r[32];
	human((double)p->bytes, b, sizeof b);
	human(el > 0 ? (double)p->bytes / el : 0.0, r, sizeof r);
	int k = snprintf(buf, n, "%s: %s", p->what, b);
	if (p->total && k > 0 && (size_t)k < n)
		k += snprintf(buf + k, n - (size_t)k, " of %llu (%.0f%%)",
			      (unsigned long long)p->total, 100.0 * (double)p->bytes / (double)p->total);
	if (p->records && k > 0 && (size_t)k < n)
		k += snprintf(buf + k, n - (size_t)k, ", %llu records", (unsigned long long)p->records);
	if (k > 0 && (size_t)k < n)
		snprintf(buf + k, n - (size_t)k, ", %s/s, %.1f s", r, el);
}

void rru_link_progress_begin(struct rru_link_progress *p, const char *what, uint64_t total,
			     bool quiet)
{
	p->on = !quiet && rru_msg_get_level() >= RRU_MSG_INFO && isatty(STDERR_FILENO);
	p->what = what;
	p->total = total;
	p->bytes = p->records = 0;
	p->start = p->last = rru_link_now();
}

void rru_link_progress_update(struct rru_link_progress *p, uint64_t bytes, uint64_t records)
{
	p->bytes = bytes;
	p->records = records;
	if (!p->on)
		return;
	double now = rru_link_now();
	if (now - p->last < 0.1)
		return;
	p->last = now;
	char line[200];
	rru_link_progress_format(p, now, line, sizeof line);
	fprintf(stderr, "\r%s\033[K", line);
}

void rru_link_progress_end(struct rru_link_progress *p)
{
	if (!p->on)
		return;
	char line[200];
	rru_link_progress_format(p, rru_link_now(), line, sizeof line);
	fprintf(stderr, "\r%s\033[K\n", line);
	p->on = false;
}
