/* The host library (host-driver/) against the device side (firmware/link/)
 * running in a thread: over a socketpair, real TCP and a pseudo-terminal;
 * commands, loads, runs with byte-exact streams; errors and `rru` commands. */
#define _GNU_SOURCE
#include "../link/devsim.c"

#include "rru/cli.h"
#include "rru/link_host.h"
#include "rru/msg.h"

#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static struct devsim ds;

static void redirect_both(void)
{
	cr_redirect_stdout();
	cr_redirect_stderr();
}

/* Whether the redirected stream (stdout or stderr) contains `want`. */
static bool captured_has(FILE *f, const char *want)
{
	static char buf[65536];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = 0;
	return strstr(buf, want) != NULL;
}
static pthread_t ds_thread;

static void *ds_main(void *arg)
{
	devsim_run(arg);
	return NULL;
}

static void start_dev(const struct devsim_cfg *cfg, int fd, int listen_fd)
{
	cr_assert_eq(devsim_init(&ds, cfg, fd, listen_fd), 0);
	pthread_create(&ds_thread, NULL, ds_main, &ds);
}

static void stop_dev(void)
{
	ds.stop = 1;
	pthread_join(ds_thread, NULL);
}

static const struct devsim_cfg small = {50000, 5000, 3, 11};

static struct rru_link *open_pair(const struct devsim_cfg *cfg)
{
	int sv[2];
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	start_dev(cfg, sv[1], -1);
	struct rru_link *l;
	struct rru_link_opts o = {.quiet = true, .timeout_ms = 5000};
	cr_assert_eq(rru_link_open_fd(sv[0], "socketpair", &o, &l), 0);
	return l;
}

/* Compares a file with the devsim stream it should hold. */
static void check_stream(FILE *f, uint32_t seed, int stream, uint32_t n)
{
	cr_assert_eq((uint32_t)ftell(f), n, "file holds %ld bytes, expected %u", ftell(f), n);
	rewind(f);
	for (uint32_t i = 0; i < n; i++) {
		int c = fgetc(f);
		cr_assert_eq(c, devsim_byte(seed, stream, i), "byte %u differs", i);
	}
}

static unsigned calls;
static uint64_t count16(void *ctx, const uint8_t *p, size_t n)
{
	(void)ctx, (void)p;
	static size_t carry;
	carry += n;
	uint64_t r = carry / 16;
	carry %= 16;
	return r;
}
static void on_progress(void *ctx, const struct rru_link_run *run)
{
	(void)run;
	(*(unsigned *)ctx)++;
}

static int run_record(struct rru_link *l, const struct devsim_cfg *cfg, struct rru_link_run *run)
{
	uint8_t p[12];
	rru_link_put32(p, DEVSIM_RAM_BASE + 0x10000);
	rru_link_put32(p + 4, 3);
	rru_link_put32(p + 8, RRU_LINK_REC_F_INLOG);
	int rc = rru_link_command(l, RRU_LINK_T_RECORD_START, p, sizeof p, NULL);
	if (rc)
		return rc;
	FILE *log = tmpfile(), *inlog = tmpfile();
	struct rru_link_sink sink = {log, inlog, NULL, count16, on_progress, &calls};
	calls = 0;
	rc = rru_link_receive(l, &sink, run);
	if (!rc) {
		cr_assert_gt(calls, 10u, "progress callback called %u times", calls);
		cr_assert_eq(run->records_seen, cfg->log_bytes / 16);
	}
	if (!rc) {
		check_stream(log, cfg->seed, RRU_LINK_STREAM_LOG, cfg->log_bytes);
		check_stream(inlog, cfg->seed, RRU_LINK_STREAM_INLOG, cfg->inlog_bytes);
	}
	fclose(log);
	fclose(inlog);
	return rc;
}

Test(link_host, socketpair_session_load_run_results, .init = redirect_both)
{
	struct rru_link *l = open_pair(&small);
	struct rru_link_info info;
	cr_assert_eq(rru_link_hello(l, &info), 0);
	cr_assert_eq(info.major, RRU_LINK_VERSION_MAJOR);
	cr_assert_eq(info.window, RRU_LINK_WINDOW);
	cr_assert_eq(info.ram_bytes, DEVSIM_RAM_SIZE);
	cr_assert_not_null(strstr(info.firmware, "devsim"));
	cr_assert_eq(rru_link_echo(l, "hello", 5), 0);
	/* a program image, loaded and verified by CRC on the device */
	static uint8_t img[70000];
	for (size_t i = 0; i < sizeof img; i++)
		img[i] = (uint8_t)(i * 7 + (i >> 8));
	cr_assert_eq(rru_link_load(l, DEVSIM_RAM_BASE + 0x10000, img, sizeof img, "app.elf"), 0);
	cr_assert_arr_eq(ds.ram + 0x10000, img, sizeof img);
	/* out of RAM: the device's refusal comes back as a clear error */
	cr_assert_eq(rru_link_load(l, 0x1000, img, 16, "bad"), RRU_LINK_ERR_DEVICE);
	struct rru_link_run run;
	cr_assert_eq(run_record(l, &small, &run), 0);
	cr_assert_eq(run.log_bytes, small.log_bytes);
	cr_assert_eq(run.records, small.log_bytes / 16);
	cr_assert_eq(run.console_bytes > 0, 1);
	/* upload a DAG and an input log; READ_RESULTS returns their CRCs */
	cr_assert_eq(rru_link_upload(l, RRU_LINK_REGION_DAG, img, 3000, "dag"), 0);
	cr_assert_eq(rru_link_upload(l, RRU_LINK_REGION_INLOG, img + 5, 999, "inlog"), 0);
	cr_assert_eq(rru_link_send(l, RRU_LINK_T_READ_RESULTS, NULL, 0), 0);
	struct rru_link_msg m;
	cr_assert_eq(rru_link_recv(l, &m, 2000), 0);
	cr_assert_eq(m.type, RRU_LINK_T_RESULTS);
	cr_assert_eq(rru_link_get32(m.data + 4), rru_link_crc32(0, img, 3000));
	cr_assert_eq(rru_link_get32(m.data + 16), rru_link_crc32(0, img + 5, 999));
	cr_assert_eq(rru_link_recv(l, &m, 2000), 0);
	cr_assert_eq(m.type, RRU_LINK_T_STATUS);
	/* unknown command: STATUS BAD_CMD reported as a device failure */
	cr_assert_eq(rru_link_command(l, 0x7E, NULL, 0, NULL), RRU_LINK_ERR_DEVICE);
	rru_link_close(l);
	stop_dev();
}

static char cb_text[2][256];
static void cb(void *ctx, unsigned t, const uint8_t *s, size_t n)
{
	(void)ctx;
	if (t < 2)
		strncat(cb_text[t], (const char *)s, n);
}

Test(link_host, console_goes_to_callback_per_thread)
{
	struct rru_link *l = open_pair(&small);
	cr_assert_eq(rru_link_hello(l, NULL), 0);
	uint8_t p[12] = {0};
	rru_link_put32(p + 4, 2);
	cr_assert_eq(rru_link_command(l, RRU_LINK_T_RECORD_START, p, sizeof p, NULL), 0);
	struct rru_link_sink sink = {0};
	sink.console = cb;
	struct rru_link_run run;
	cr_assert_eq(rru_link_receive(l, &sink, &run), 0);
	cr_assert_eq(run.inlog_bytes, 0u); /* not asked for */
	cr_assert_str_eq(cb_text[0], "thread 0 line 0\nthread 0 line 1\nthread 0 line 2\n");
	cr_assert_str_eq(cb_text[1], "thread 1 line 0\nthread 1 line 1\nthread 1 line 2\n");
	rru_link_close(l);
	stop_dev();
}

Test(link_host, tcp_real_socket_and_link_check_command, .init = cr_redirect_stdout)
{
	uint16_t port = 0;
	int lfd = devsim_listen(&port);
	cr_assert_geq(lfd, 0);
	static const struct devsim_cfg big = {400000, 0, 0, 5};
	start_dev(&big, -1, lfd);
	char spec[64];
	snprintf(spec, sizeof spec, "tcp:127.0.0.1:%u", port);
	struct rru_link *l;
	struct rru_link_opts o = {.quiet = true};
	cr_assert_eq(rru_link_open(spec, &o, &l), 0);
	cr_assert_str_eq(rru_link_name(l), spec);
	cr_assert_eq(rru_link_hello(l, NULL), 0);
	struct rru_link_run run;
	uint8_t p[12] = {0};
	rru_link_put32(p + 4, 1);
	cr_assert_eq(rru_link_command(l, RRU_LINK_T_RECORD_START, p, sizeof p, NULL), 0);
	FILE *log = tmpfile();
	struct rru_link_sink sink = {log, NULL, NULL, NULL, NULL, NULL};
	cr_assert_eq(rru_link_receive(l, &sink, &run), 0);
	check_stream(log, big.seed, RRU_LINK_STREAM_LOG, big.log_bytes);
	fclose(log);
	rru_link_close(l);
	/* the device keeps serving the next connection: `rru link-check` */
	rru_msg_set_level(RRU_MSG_ERROR);
	const char *argv[] = {"rru", "link-check", "--link", spec, "-n", "20", "--quiet", NULL};
	cr_assert_eq(rru_cli_main(7, (char **)argv), RRU_EXIT_OK);
	stop_dev();
}

Test(link_host, pty_tty_transport_and_unplug)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	cr_assert_geq(m, 0);
	cr_assert_eq(grantpt(m), 0);
	cr_assert_eq(unlockpt(m), 0);
	char spec[128];
	snprintf(spec, sizeof spec, "tty:%s@3000000", ptsname(m));
	start_dev(&small, m, -1);
	struct rru_link *l;
	struct rru_link_opts o = {.quiet = true, .timeout_ms = 3000};
	cr_assert_eq(rru_link_open(spec, &o, &l), 0);
	cr_assert_eq(rru_link_hello(l, NULL), 0);
	cr_assert_eq(rru_link_echo(l, "over a tty", 10), 0);
	/* unplug: the device end closes; the host must report a lost link */
	ds.stop = 1;
	pthread_join(ds_thread, NULL);
	close(ds.fd);
	ds.fd = -1;
	rru_msg_set_level(RRU_MSG_QUIET);
	int rc = rru_link_echo(l, "gone", 4);
	cr_assert(rc == RRU_LINK_ERR_LOST || rc == RRU_LINK_ERR_TIMEOUT, "rc %d", rc);
	rru_link_close(l);
}

Test(link_host, open_errors_are_distinct)
{
	struct rru_link *l;
	struct rru_link_opts o = {.quiet = true};
	rru_msg_set_level(RRU_MSG_QUIET);
	cr_assert_eq(rru_link_open("serial:/dev/x", &o, &l), RRU_LINK_ERR_USAGE);
	cr_assert_eq(rru_link_open("tcp:nohostport", &o, &l), RRU_LINK_ERR_USAGE);
	cr_assert_eq(rru_link_open("tcp:localhost:notaport", &o, &l), RRU_LINK_ERR_USAGE);
	cr_assert_eq(rru_link_open("board:no-such-board", &o, &l), RRU_LINK_ERR_USAGE);
	cr_assert_eq(rru_link_open("tty:/dev/ttyUSB99", &o, &l), RRU_LINK_ERR_NODEV);
	cr_assert_eq(rru_link_open("tty:/dev/null@3000000", &o, &l), RRU_LINK_ERR_USAGE);
	cr_assert_eq(rru_link_open("tty:/dev/ttyUSB0@12345", &o, &l), RRU_LINK_ERR_USAGE);
	/* nothing listens on a port we just closed */
	uint16_t port = 0;
	int fd = devsim_listen(&port);
	close(fd);
	char spec[64];
	snprintf(spec, sizeof spec, "tcp:127.0.0.1:%u", port);
	cr_assert_eq(rru_link_open(spec, &o, &l), RRU_LINK_ERR_NODEV);
	/* no USB devices on this machine: the FTDI path reports no device */
	cr_assert_eq(rru_link_open("board:icebreaker", &o, &l), RRU_LINK_ERR_NODEV);
	cr_assert_str_eq(rru_link_strerror(RRU_LINK_ERR_PERM), "permission denied");
}

Test(link_host, silent_device_times_out_with_a_clear_error, .init = cr_redirect_stderr)
{
	int sv[2];
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	struct rru_link *l;
	struct rru_link_opts o = {.quiet = true, .timeout_ms = 300};
	cr_assert_eq(rru_link_open_fd(sv[0], "silent", &o, &l), 0);
	rru_msg_set_level(RRU_MSG_ERROR);
	cr_assert_eq(rru_link_hello(l, NULL), RRU_LINK_ERR_TIMEOUT);
	/* garbage from the "device" is skipped, not delivered */
	const char junk[] = "random boot banner\r\n\xA5\x5A\x01";
	cr_assert_eq(write(sv[1], junk, sizeof junk), (ssize_t)sizeof junk);
	struct rru_link_msg m;
	cr_assert_eq(rru_link_recv(l, &m, 100), RRU_LINK_ERR_TIMEOUT);
	struct rru_link_counters c;
	rru_link_counters(l, &c);
	cr_assert_gt(c.garbage, 10u);
	rru_link_close(l);
	close(sv[1]);
	fflush(stderr);
	cr_assert(captured_has(cr_get_redirected_stderr(), "no answer to HELLO within 300 ms"));
}

Test(link_host, boards_table_and_command, .init = cr_redirect_stdout)
{
	const struct rru_link_board *b = rru_link_board_find("icebreaker");
	cr_assert_not_null(b);
	cr_assert_eq(b->vid, 0x0403);
	cr_assert_eq(b->pid, 0x6010);
	cr_assert_eq(b->interface, 2);
	b = rru_link_board_find("hx8k-breakout");
	cr_assert_not_null(b);
	cr_assert_eq(b->pid, 0x6010);
	cr_assert_str_eq(b->ofl_board, "ice40_generic");
	b = rru_link_board_find("ulx3s");
	cr_assert_not_null(b);
	cr_assert_eq(b->pid, 0x6015);
	for (unsigned i = 0; i < rru_link_board_count(); i++)
		for (unsigned j = i + 1; j < rru_link_board_count(); j++)
			cr_assert_str_neq(rru_link_board_at(i)->name, rru_link_board_at(j)->name);
	const char *argv[] = {"rru", "boards", NULL};
	cr_assert_eq(rru_cli_main(2, (char **)argv), RRU_EXIT_OK);
	fflush(stdout);
	cr_assert(captured_has(cr_get_redirected_stdout(), "icebreaker     0403:6010 FT2232H  B"));
}

Test(link_host, link_check_usage_errors, .init = cr_redirect_stderr)
{
	rru_msg_set_level(RRU_MSG_QUIET);
	const char *a1[] = {"rru", "link-check", NULL};
	cr_assert_eq(rru_cli_main(2, (char **)a1), RRU_EXIT_USAGE);
	const char *a2[] = {"rru", "link-check", "--link", "tcp:127.0.0.1:1", "-n", "x", NULL};
	cr_assert_eq(rru_cli_main(6, (char **)a2), RRU_EXIT_USAGE);
	const char *a3[] = {"rru", "link-check", "--link", "bogus", NULL};
	cr_assert_eq(rru_cli_main(4, (char **)a3), RRU_EXIT_USAGE);
	const char *a4[] = {"rru", "link-check", "--link", "tcp:127.0.0.1:1", NULL};
	cr_assert_eq(rru_cli_main(4, (char **)a4), RRU_EXIT_FAIL);
}

Test(link_host, progress_line_format)
{
	struct rru_link_progress p;
	rru_link_progress_begin(&p, "log", 0, false);
	cr_assert_eq(p.on, false); /* stderr is not a terminal here: no display */
	rru_link_progress_begin(&p, "log", 0, true);
	cr_assert_eq(p.on, false); /* quiet: no display */
	rru_link_progress_update(&p, 3u << 20, 1234);
	char line[200];
	rru_link_progress_format(&p, p.start + 2.0, line, sizeof line);
	cr_assert_str_eq(line, "log: 3.0 MiB, 1234 records, 1.5 MiB/s, 2.0 s");
	p.total = 6u << 20;
	rru_link_progress_format(&p, p.start + 1.0, line, sizeof line);
	cr_assert_str_eq(line, "log: 3.0 MiB of 6291456 (50%), 1234 records, 3.0 MiB/s, 1.0 s");
}
