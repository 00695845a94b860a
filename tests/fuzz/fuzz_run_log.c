/* libFuzzer target: the raw-word stream decoder of `rru record`
 * (host-driver/run_log.h), fed as the link delivers LOG_DATA: pieces of any
 * length for any hart. Never a crash, a hang or a leak; when it ends without
 * an error, the log it wrote reads back, and its records packed again as raw
 * words (include/rru/rru_raw.h) give back each hart's bytes exactly.
 *
 * Input: byte 0: ncpus - 1 (low 3 bits); then pieces: hart, length, bytes. */
#include "../../host-driver/run_log.h"
#include "rru/logfmt.h"
#include "rru/msg.h"
#include "rru/rru_raw.h"

#include <stdlib.h>
#include <string.h>

struct stream {
	uint8_t *b;
	size_t n, pos;
};

/* The log in buf must be the records that make up each hart's bytes. */
static void check_log(const char *buf, size_t len, unsigned ncpus, uint64_t records,
		      struct stream *s)
{
	struct rru_log_reader *r;
	struct rru_record rec;
	uint64_t n = 0;
	int rc;
	if (rru_log_open_mem(&r, buf, len, "log") != 0 || rru_log_ncpus(r) != ncpus)
		abort();
	while ((rc = rru_log_read(r, &rec)) == 1) {
		uint64_t w[RRU_RAW_MAX_WORDS];
		unsigned cpu = rec.u.chunk.cpu;
		if (rec.kind != RRU_REC_CHUNK || cpu >= ncpus)
			abort();
		size_t nw = rru_raw_pack(&rec.u.chunk, w);
		if (s[cpu].n - s[cpu].pos < 8 * nw)
			abort();
		for (size_t i = 0; i < 8 * nw; i++)
			if (s[cpu].b[s[cpu].pos++] != (uint8_t)(w[i / 8] >> (8 * (i % 8))))
				abort();
		n++;
	}
	if (rc != 0 || n != records)
		abort();
	for (unsigned h = 0; h < ncpus; h++)
		if (s[h].pos != s[h].n)
			abort();
	rru_log_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rru_msg_set_level(RRU_MSG_QUIET);
	if (size == 0)
		return 0;
	unsigned ncpus = 1 + (data[0] & 7u);
	struct stream s[RRU_MAX_CPUS];
	struct rru_run_log *l;
	char *buf = NULL;
	size_t len = 0, i = 1;
	FILE *f = open_memstream(&buf, &len);
	memset(s, 0, sizeof s);
	for (unsigned h = 0; h < ncpus; h++)
		if (!(s[h].b = malloc(size)))
			abort();
	if (!f || rru_run_log_open(&l, f, "fuzz", ncpus) != 0)
		abort();
	int bad = 0;
	while (i + 2 <= size && !bad) {
		unsigned hart = data[i];
		size_t n = data[i + 1];
		i += 2;
		if (n > size - i)
			n = size - i;
		bad = rru_run_log_bytes(l, hart, data + i, n) != 0;
		if (!bad) {
			memcpy(s[hart].b + s[hart].n, data + i, n);
			s[hart].n += n;
		}
		i += n;
	}
	uint64_t records = rru_run_log_records(l);
	if (bad)
		rru_run_log_abandon(l);
	else
		bad = rru_run_log_close(l) != 0;
	fclose(f);
	if (!bad)
		check_log(buf, len, ncpus, records, s);
	free(buf);
	for (unsigned h = 0; h < ncpus; h++)
		free(s[h].b);
	return 0;
}
