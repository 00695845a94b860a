/* Log formats (include/rru/logfmt.h, docs/design.md §3): text lines, the
 * binary log, the reader's checks and its messages, pipes. */
#include "rru/logfmt.h"
#include "rru/msg.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void quiet(void)
{
	rru_msg_set_level(RRU_MSG_QUIET);
}

/* Reads a whole log from memory: returns the record count, or -1 with the
 * error message in err. */
static long read_all(const void *data, size_t len, struct rru_record *out, size_t max, char *err,
		     size_t errsz)
{
	struct rru_log_reader *r;
	long n = 0;
	int rc = rru_log_open_mem(&r, data, len, "t.log");
	if (rc == 0) {
		struct rru_record rec;
		while ((rc = rru_log_read(r, &rec)) == 1) {
			if ((size_t)n < max)
				out[n] = rec;
			n++;
		}
	}
	if (err)
		snprintf(err, errsz, "%s", r ? rru_log_error(r) : "");
	rru_log_close(r);
	return rc < 0 ? -1 : n;
}

static long read_str(const char *s, struct rru_record *out, size_t max, char *err)
{
	return read_all(s, strlen(s), out, max, err, 512);
}

TestSuite(backend_log, .init = quiet);

Test(backend_log, text_every_kind)
{
	const char *log = "# a comment\n"
			  "h 3\n"
			  "\n"
			  "c 0 7 100 250 1:260 2:0x100 r=conflict   # trailing comment\n"
			  "c 1 8 5 251\n"
			  "i 0 7 260 0xdeadbeef\n"
			  "s 2 270 9 10\n"
			  "t 2 11 271 10\n"
			  "x 2 11 280 3\n"
			  "p 1 300\n"
			  "f 0 301\n";
	struct rru_record r[16];
	char err[512];
	cr_assert_eq(read_str(log, r, 16, err), 8, "%s", err);
	cr_assert_eq(r[0].kind, 'c');
	cr_assert_eq(r[0].u.chunk.cpu, 0);
	cr_assert_eq(r[0].u.chunk.tid, 7);
	cr_assert_eq(r[0].u.chunk.icount, 100);
	cr_assert_eq(r[0].u.chunk.ts, 250);
	cr_assert_eq(r[0].u.chunk.ndeps, 2);
	cr_assert_eq(r[0].u.chunk.deps[1].q, 2);
	cr_assert_eq(r[0].u.chunk.deps[1].k, 256);
	cr_assert_eq(r[0].u.chunk.reason, RRU_REASON_CONFLICT);
	cr_assert_eq(r[1].u.chunk.reason, RRU_REASON_NONE);
	cr_assert_eq(r[2].kind, 'i');
	cr_assert_eq(r[2].u.ev.arg, 0xdeadbeef);
	cr_assert_eq(r[3].kind, 's');
	cr_assert_eq(r[3].u.ev.ts, 270);
	cr_assert_eq(r[3].u.ev.tid, 9);
	cr_assert_eq(r[3].u.ev.arg, 10);
	cr_assert_eq(r[4].kind, 't');
	cr_assert_eq(r[5].kind, 'x');
	cr_assert_eq(r[5].u.ev.arg, 3);
	cr_assert_eq(r[6].kind, 'p');
	cr_assert_eq(r[7].kind, 'f');
	/* format -> parse gives the same line back */
	for (int i = 0; i < 8; i++) {
		char line[256], again[256];
		struct rru_record x;
		int empty;
		rru_log_format_line(&r[i], line, sizeof line);
		line[strlen(line) - 1] = '\0';
		cr_assert_null(rru_log_parse_line(line, 3, &x, &empty, NULL), "%s", line);
		rru_log_format_line(&x, again, sizeof again);
		again[strlen(again) - 1] = '\0';
		cr_assert_str_eq(line, again);
	}
}

/* Each bad text log stops with a message naming the line and the fault. */
Test(backend_log, text_errors_name_line_and_fault)
{
	static const struct {
		const char *log, *want;
	} bad[] = {
		{"c 0 1 1 10\nc 0 1 1 9\n", "line 2: timestamp goes backwards on cpu 0 (9 after 10)"},
		{"h 2\nc 2 1 1 10\n", "line 2: unknown cpu 2"},
		{"h 2\nc 0 1 1 10 3:12\n", "line 2: dependence on unknown cpu 3"},
		{"c 0 1 1 10 0:12\n", "line 1: dependence 0:12 on the chunk's own cpu"},
		{"c 0 1 1 10 1:9\n", "line 1: dependence 1:9 before the chunk's end timestamp 10"},
		{"c 0 1 1 10 1:11 1:12\n", "line 1: two dependences on cpu 1"},
		{"c 0 1 1\n", "line 1: chunk needs"},
		{"c 0 1 x 10\n", "line 1: bad icount 'x'"},
		{"c 0 1 1 10 1-11\n", "line 1: bad dependence '1-11'"},
		{"c 0 1 1 10 r=bogus\n", "line 1: unknown reason"},
		{"q 0 1\n", "line 1: unknown record letter 'q'"},
		{"c 0 1 1 10\nh 2\n", "line 2: header line 'h' after the first record"},
		{"f 0 10\nc 0 1 1 11\n", "line 2: record for cpu 0 after its finish record"},
		{"c 0 1 99999999999 10\n", "line 1: bad icount"},
		{"c 0 1 1 281474976710656\n", "line 1: timestamp 281474976710656 wider than 48 bits"},
		{"p 0\n", "line 1: progress needs"},
		{"c 0 1 1 1\0 2\n", "NUL byte"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct rru_record r[4];
		char err[512];
		size_t len = strlen(bad[i].log);
		if (i == sizeof bad / sizeof bad[0] - 1)
			len = 14;
		cr_assert_eq(read_all(bad[i].log, len, r, 4, err, sizeof err), -1, "case %zu accepted", i);
		cr_assert(strstr(err, bad[i].want), "case %zu: got '%s', want '%s'", i, err, bad[i].want);
		cr_assert(strncmp(err, "t.log: ", 7) == 0, "no file name in '%s'", err);
	}
}

/* Writes recs in the given form into a malloc'd buffer. */
static char *write_log(const struct rru_record *recs, size_t n, enum rru_log_format fmt, unsigned ncpus,
		       size_t *len, int flush_every)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	struct rru_log_writer *w;
	cr_assert_eq(rru_log_writer_open(&w, f, "mem", fmt, ncpus), 0);
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(rru_log_write(w, &recs[i]), 0);
		if (flush_every && i % (size_t)flush_every == 0)
			cr_assert_eq(rru_log_writer_flush(w), 0);
	}
	cr_assert_eq(rru_log_writer_close(w), 0);
	fclose(f);
	return buf;
}

/* A random consistent log of n records over ncpus. */
static size_t random_log(struct rru_record *recs, size_t n, unsigned ncpus, unsigned seed)
{
	uint64_t ts[RRU_MAX_CPUS] = {0};
	srand(seed);
	for (size_t i = 0; i < n; i++) {
		unsigned p = (unsigned)rand() % ncpus;
		struct rru_record *r = &recs[i];
		memset(r, 0, sizeof *r);
		ts[p] += (uint64_t)(rand() % 3) + (rand() % 50 == 0 ? (1ull << 40) : 0);
		int kind = rand() % 10;
		if (kind < 7) {
			r->kind = RRU_REC_CHUNK;
			r->u.chunk.cpu = (uint8_t)p;
			r->u.chunk.ts = ts[p];
			r->u.chunk.tid = (uint32_t)(rand() % 3 ? p + 1 : (unsigned)rand());
			r->u.chunk.icount = (uint32_t)rand();
			r->u.chunk.reason = (uint8_t)(rand() % 9 == 8 ? RRU_REASON_NONE : rand() % 8);
			for (unsigned q = 0; q < ncpus; q++)
				if (q != p && rand() % 3 == 0) {
					r->u.chunk.deps[r->u.chunk.ndeps].q = (uint8_t)q;
					r->u.chunk.deps[r->u.chunk.ndeps].k = ts[p] + (uint64_t)(rand() % 1000);
					r->u.chunk.ndeps++;
				}
		} else {
			static const char kinds[] = "istxp";
			r->kind = (uint8_t)kinds[rand() % 5];
			r->u.ev.cpu = (uint8_t)p;
			r->u.ev.ts = ts[p];
			if (r->kind != 'p') {
				r->u.ev.tid = (uint32_t)rand();
				r->u.ev.arg = r->kind == 'i' ? (uint64_t)rand() << 33 : (uint64_t)(uint32_t)rand();
			}
		}
	}
	return n;
}

static void assert_same(const struct rru_record *a, const struct rru_record *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char x[512], y[512];
		rru_log_format_line(&a[i], x, sizeof x);
		rru_log_format_line(&b[i], y, sizeof y);
		cr_assert_str_eq(x, y, "record %zu", i);
	}
}

Test(backend_log, binary_and_text_round_trip)
{
	enum { N = 5000 };
	static struct rru_record in[N], out[N];
	for (unsigned seed = 1; seed <= 4; seed++) {
		unsigned ncpus = seed * 2;
		random_log(in, N, ncpus, seed);
		size_t blen, tlen;
		char *bin = write_log(in, N, RRU_LOG_BINARY, ncpus, &blen, seed == 2 ? 7 : 0);
		char *txt = write_log(in, N, RRU_LOG_TEXT, ncpus, &tlen, 0);
		char err[512];
		cr_assert_eq(read_all(bin, blen, out, N, err, sizeof err), N, "%s", err);
		assert_same(in, out, N);
		cr_assert_eq(read_all(txt, tlen, out, N, err, sizeof err), N, "%s", err);
		assert_same(in, out, N);
		cr_assert_lt(blen * 3, tlen, "binary (%zu) not much smaller than text (%zu)", blen, tlen);
		free(bin);
		free(txt);
	}
}

Test(backend_log, binary_errors_name_offset_and_fault)
{
	enum { N = 30000 };
	static struct rru_record in[N], out[N];
	random_log(in, N, 4, 9);
	size_t len;
	char *good = write_log(in, N, RRU_LOG_BINARY, 4, &len, 0);
	char *b = malloc(len + 16), err[512];
	cr_assert_gt(len, 2 * RRU_BLOCK_TARGET_PAYLOAD, "want several blocks");

	/* a flipped payload bit */
	memcpy(b, good, len);
	b[RRU_LOG_HEADER_LEN + RRU_BLOCK_HEADER_LEN + 100] ^= 4;
	cr_assert_eq(read_all(b, len, out, N, err, sizeof err), -1);
	cr_assert(strstr(err, "t.log: byte 16: block CRC mismatch"), "%s", err);

	/* truncated anywhere: never accepted */
	for (size_t cut = 0; cut < len; cut += (cut < 64 ? 1 : 4999)) {
		memcpy(b, good, cut);
		long n = read_all(b, cut, out, N, err, sizeof err);
		if (cut == 0) {
			cr_assert_eq(n, 0); /* empty input: an empty text log */
			continue;
		}
		cr_assert_eq(n, -1, "cut at %zu accepted", cut);
		cr_assert(strstr(err, "truncated") || strstr(err, "bad magic"), "cut %zu: %s", cut, err);
	}
	/* unknown version, with a correct header CRC */
	memcpy(b, good, len);
	b[8] = 2;
	uint32_t crc = rru_crc32(0, b, 12);
	memcpy(b + 12, &crc, 4);
	cr_assert_eq(read_all(b, len, out, N, err, sizeof err), -1);
	cr_assert(strstr(err, "byte 8: unsupported log version 2"), "%s", err);
	/* header CRC */
	memcpy(b, good, len);
	b[10] = 3;
	cr_assert_eq(read_all(b, len, out, N, err, sizeof err), -1);
	cr_assert(strstr(err, "file header CRC mismatch"), "%s", err);
	/* bytes after the end block */
	memcpy(b, good, len);
	b[len] = 0;
	cr_assert_eq(read_all(b, len + 1, out, N, err, sizeof err), -1);
	cr_assert(strstr(err, "data after the end block"), "%s", err);
	/* a block claiming one record more, or one less, than it holds */
	for (int delta = -1; delta <= 1; delta += 2) {
		memcpy(b, good, len);
		uint32_t cnt;
		memcpy(&cnt, b + RRU_LOG_HEADER_LEN + 4, 4);
		cnt += (uint32_t)delta;
		memcpy(b + RRU_LOG_HEADER_LEN + 4, &cnt, 4);
		cr_assert_eq(read_all(b, len, out, N, err, sizeof err), -1);
		cr_assert(strstr(err, delta > 0 ? "record runs past the end of its block" : "bytes left in the block"),
			  "%s", err);
	}
	/* wrong record count in the end block */
	memcpy(b, good, len);
	b[len - 8] ^= 1;
	cr_assert_eq(read_all(b, len, out, N, err, sizeof err), -1);
	cr_assert(strstr(err, "end block counts"), "%s", err);
	free(b);
	free(good);
}

/* A binary record that breaks an order rule, in a block with a valid CRC. */
Test(backend_log, binary_inconsistent_records)
{
	struct rru_record r[2];
	memset(r, 0, sizeof r);
	r[0].kind = r[1].kind = RRU_REC_CHUNK;
	r[0].u.chunk.ts = 10;
	r[1].u.chunk.ts = 12;
	size_t len;
	char *b = write_log(r, 2, RRU_LOG_BINARY, 2, &len, 0), err[512];
	/* payload: [tag mask tid icount dts] x2; make the 2nd dts huge and
	 * invalid by rewriting the first chunk's cpu to 3 (ncpus 2) */
	uint8_t *pay = (uint8_t *)b + RRU_LOG_HEADER_LEN + RRU_BLOCK_HEADER_LEN;
	uint32_t plen;
	memcpy(&plen, b + RRU_LOG_HEADER_LEN, 4);
	pay[0] |= 3;
	uint32_t crc = rru_crc32(0, pay, plen);
	memcpy(b + RRU_LOG_HEADER_LEN + 8, &crc, 4);
	cr_assert_eq(read_all(b, len, r, 2, err, sizeof err), -1);
	cr_assert(strstr(err, "byte 28: unknown cpu 3 (the log has 2 cpus)"), "%s", err);
	free(b);
}

/* The reader follows a pipe whose writer is still writing, in one pass. */
Test(backend_log, reads_a_pipe_being_written)
{
	enum { N = 20000 };
	static struct rru_record in[N], out[N];
	random_log(in, N, 4, 3);
	for (int fmt = 0; fmt < 2; fmt++) {
		int fd[2];
		cr_assert_eq(pipe(fd), 0);
		pid_t pid = fork();
		if (pid == 0) {
			close(fd[0]);
			FILE *f = fdopen(fd[1], "w");
			struct rru_log_writer *w;
			if (rru_log_writer_open(&w, f, "pipe", fmt, 4) != 0)
				_exit(1);
			for (size_t i = 0; i < N; i++) {
				if (rru_log_write(w, &in[i]) != 0)
					_exit(1);
				if (i % 5000 == 0) {
					rru_log_writer_flush(w);
					usleep(20000); /* the reader catches up and waits */
				}
			}
			_exit(rru_log_writer_close(w) == 0 && fclose(f) == 0 ? 0 : 1);
		}
		close(fd[1]);
		struct rru_log_reader *r;
		cr_assert_eq(rru_log_open_fd(&r, fd[0], "pipe"), 0);
		cr_assert_eq((int)rru_log_format(r), fmt);
		size_t n = 0;
		int rc;
		while ((rc = rru_log_read(r, &out[n < N ? n : N - 1])) == 1)
			n++;
		cr_assert_eq(rc, 0, "%s", rru_log_error(r));
		cr_assert_eq(n, N);
		assert_same(in, out, N);
		rru_log_close(r);
		close(fd[0]);
		int st;
		waitpid(pid, &st, 0);
		cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
}

Test(backend_log, crc_and_varint)
{
	cr_assert_eq(rru_crc32(0, "123456789", 9), 0xCBF43926u); /* the standard check value */
	uint8_t b[10];
	uint64_t vals[] = {0, 1, 127, 128, 300, UINT32_MAX, UINT64_MAX};
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		size_t n = rru_varint_put(b, vals[i]);
		uint64_t v;
		cr_assert_eq(rru_varint_get(b, n, &v), n);
		cr_assert_eq(v, vals[i]);
		cr_assert_eq(rru_varint_get(b, n - 1, &v), 0, "truncated varint accepted");
	}
	memset(b, 0xFF, 10);
	uint64_t v;
	cr_assert_eq(rru_varint_get(b, 10, &v), 0, "overlong varint accepted");
}
