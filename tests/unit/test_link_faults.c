/* Fault injection on the TCP path (issue 7): the host library and the device
 * side talk through a relay that drops, duplicates, flips, delays bytes, or
 * disconnects. Every fault is detected and recovered (the streams arrive
 * byte-identical) or reported (link lost, with what was received). */
#define _GNU_SOURCE /* ppoll, in proxy.c */
#include "../link/devsim.c"
#include "../link/proxy.c"

#include "rru/link_host.h"
#include "rru/msg.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <criterion/redirect.h>
#include <pthread.h>

static struct devsim ds;
static struct proxy px;
static pthread_t ds_thread, px_thread;

static void *ds_main(void *a)
{
	devsim_run(a);
	return NULL;
}
static void *px_main(void *a)
{
	proxy_run(a);
	return NULL;
}

static void redirect_both(void)
{
	cr_redirect_stdout();
	cr_redirect_stderr();
}

static const struct devsim_cfg run_cfg = {300000, 30000, 5, 21};

static void start(const struct proxy_cfg *pc, char *spec, size_t n)
{
	uint16_t dport = 0, pport = 0;
	int lfd = devsim_listen(&dport);
	cr_assert_geq(lfd, 0);
	cr_assert_eq(devsim_init(&ds, &run_cfg, -1, lfd), 0);
	cr_assert_eq(proxy_init(&px, pc, &pport, "127.0.0.1", dport), 0);
	pthread_create(&ds_thread, NULL, ds_main, &ds);
	pthread_create(&px_thread, NULL, px_main, &px);
	snprintf(spec, n, "tcp:127.0.0.1:%u", pport);
}

static void stop(void)
{
	px.stop = 1;
	pthread_join(px_thread, NULL);
	ds.stop = 1;
	pthread_join(ds_thread, NULL);
}

static void check_file(FILE *f, int stream, uint32_t n)
{
	cr_assert_eq((uint32_t)ftell(f), n);
	rewind(f);
	for (uint32_t i = 0; i < n; i++)
		cr_assert_eq(fgetc(f), devsim_byte(run_cfg.seed, stream, i), "byte %u differs", i);
}

/* One whole session through the relay; returns the host's counters. */
static int session(const char *spec, struct rru_link_counters *c, struct rru_link_run *run,
		   uint32_t reconnect_ms)
{
	struct rru_link *l;
	struct rru_link_opts o = {.quiet = true, .timeout_ms = 8000, .reconnect_ms = reconnect_ms};
	int rc = rru_link_open(spec, &o, &l);
	cr_assert_eq(rc, 0);
	rc = rru_link_hello(l, NULL);
	static uint8_t img[20000];
	for (size_t i = 0; i < sizeof img; i++)
		img[i] = (uint8_t)(i ^ (i >> 7));
	if (!rc)
		rc = rru_link_load(l, DEVSIM_RAM_BASE, img, sizeof img, "image");
	uint8_t p[12];
	rru_link_put32(p, DEVSIM_RAM_BASE);
	rru_link_put32(p + 4, 4);
	rru_link_put32(p + 8, RRU_LINK_REC_F_INLOG);
	if (!rc)
		rc = rru_link_command(l, RRU_LINK_T_RECORD_START, p, sizeof p, NULL);
	FILE *log = tmpfile(), *inlog = tmpfile();
	struct rru_link_sink sink = {log, inlog, NULL, NULL, NULL, NULL};
	if (!rc)
		rc = rru_link_receive(l, &sink, run);
	if (!rc) {
		cr_assert_arr_eq(ds.ram, img, sizeof img);
		check_file(log, RRU_LINK_STREAM_LOG, run_cfg.log_bytes);
		check_file(inlog, RRU_LINK_STREAM_INLOG, run_cfg.inlog_bytes);
	}
	rru_link_counters(l, c);
	fclose(log);
	fclose(inlog);
	rru_link_close(l);
	return rc;
}

struct fault {
	char name[16]; /* an array: parameters are copied into the test process */
	struct proxy_cfg pc;
};

ParameterizedTestParameters(link_faults, recovered)
{
	static struct fault f[] = {
		{"drop", {.drop = 0.002, .seed = 1}},
		{"duplicate", {.dup = 0.002, .seed = 2}},
		{"flip", {.flip = 0.002, .seed = 3}},
		{"delay", {.delay_p = 0.02, .delay_ms = 30, .seed = 4}},
		{"disconnect", {.disconnect_every = 120000, .max_disconnects = 3, .seed = 5}},
		{"all", {.drop = 0.001, .dup = 0.001, .flip = 0.001, .delay_p = 0.01, .delay_ms = 20,
			 .disconnect_every = 150000, .max_disconnects = 2, .seed = 6}},
	};
	return cr_make_param_array(struct fault, f, sizeof f / sizeof f[0]);
}

ParameterizedTest(struct fault *f, link_faults, recovered, .init = redirect_both,
		  .timeout = 60)
{
	char spec[64];
	start(&f->pc, spec, sizeof spec);
	struct rru_link_counters c;
	struct rru_link_run run;
	rru_msg_set_level(RRU_MSG_ERROR);
	int rc = session(spec, &c, &run, 3000);
	stop();
	cr_log_info("%s: injected drop %llu dup %llu flip %llu delay %llu disconnect %llu; host saw "
		    "%u bad CRC, %u bad headers, %u garbage bytes, %u duplicates, %u resent, %u "
		    "reconnects; device resent %u",
		    f->name, (unsigned long long)px.st.dropped, (unsigned long long)px.st.duplicated,
		    (unsigned long long)px.st.flipped, (unsigned long long)px.st.delayed,
		    (unsigned long long)px.st.disconnects, c.bad_crc, c.bad_hdr, c.garbage,
		    c.duplicates, c.retransmits, c.reconnects, ds.dev.ep.st.retransmits);
	cr_assert_eq(rc, 0, "%s: session failed: %s", f->name, rru_link_strerror(rc));
	cr_assert_eq(run.log_bytes, run_cfg.log_bytes);
	uint64_t injected = px.st.dropped + px.st.duplicated + px.st.flipped + px.st.delayed +
			    px.st.disconnects;
	cr_assert_gt(injected, 0, "%s: no fault was injected", f->name);
	/* every damaging fault was seen by someone: a bad frame, a repeat, a
	 * duplicate or a reconnection */
	uint64_t seen = c.bad_crc + c.bad_hdr + c.garbage + c.retransmits + c.duplicates +
			ds.dev.ep.rx.bad_crc + ds.dev.ep.rx.bad_hdr + ds.dev.ep.rx.garbage +
			ds.dev.ep.st.retransmits + c.reconnects;
	if (px.st.dropped + px.st.duplicated + px.st.flipped + px.st.disconnects > 0)
		cr_assert_gt(seen, 0, "%s: faults injected but none detected", f->name);
	if (px.st.disconnects)
		cr_assert_eq(c.reconnects, px.st.disconnects, "%s: %u reconnects for %llu disconnects",
			     f->name, c.reconnects, (unsigned long long)px.st.disconnects);
}

/* The relay goes away for good: the host reports the lost link and how much
 * it had received, instead of hanging or returning a short log as complete. */
Test(link_faults, permanent_disconnect_is_reported, .init = redirect_both, .timeout = 30)
{
	struct proxy_cfg pc = {.disconnect_every = 100000, .max_disconnects = 1,
			       .exit_on_disconnect = 1};
	char spec[64];
	start(&pc, spec, sizeof spec);
	struct rru_link_counters c;
	struct rru_link_run run;
	rru_msg_set_level(RRU_MSG_ERROR);
	int rc = session(spec, &c, &run, 300);
	stop();
	cr_assert_eq(rc, RRU_LINK_ERR_LOST, "rc %d", rc);
	cr_assert_lt(run.log_bytes, run_cfg.log_bytes);
	fflush(stderr);
	static char buf[8192];
	size_t n = fread(buf, 1, sizeof buf - 1, cr_get_redirected_stderr());
	buf[n] = 0;
	cr_assert(strstr(buf, "no reconnection within 300 ms"), "stderr: %s", buf);
	cr_assert(strstr(buf, "run incomplete: received"), "stderr: %s", buf);
}
