/* `make bench` stage: log payload throughput as a share of the line rate at
 * 3 Mbaud, through the real protocol engine on both ends over a simulated
 * serial line in virtual time (bytes accounting: 10 bit times per byte),
 * with 0 %, 0.1 % and 1 % of bytes corrupted. Writes a Markdown table. */
#include "devsim.h"
#include "proxy.h"
#include "rru/link_host.h"
#include "rru/msg.h"
#include "vlink.h"

#include <pthread.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *dev_main(void *a)
{
	devsim_run(a);
	return NULL;
}
static void *proxy_main(void *a)
{
	proxy_run(a);
	return NULL;
}

/* Wall clock: the host library and the device side over real TCP, through a
 * relay that paces each direction like a 3 Mbaud UART and flips bits
 * (tests/link/bench-rtl-link.sh measures rru-sim pacing its own UART). Returns the payload share, or -1. */
static double wall_run(uint32_t baud, double err, uint32_t log_bytes, uint32_t txbuf,
		       struct rru_link_counters *c, double *secs, uint32_t *dev_resent)
{
	static struct devsim ds;
	static struct proxy px;
	struct devsim_cfg dc = {log_bytes, 0, 0, 99, txbuf};
	struct proxy_cfg pc = {0};
	pc.flip = err;
	pc.seed = 5;
	pc.baud = baud;
	uint16_t dport = 0, pport = 0;
	int lfd = devsim_listen(&dport);
	if (lfd < 0 || devsim_init(&ds, &dc, -1, lfd) != 0 ||
	    proxy_init(&px, &pc, &pport, "127.0.0.1", dport) != 0)
		return -1;
	pthread_t dt, pt;
	pthread_create(&dt, NULL, dev_main, &ds);
	pthread_create(&pt, NULL, proxy_main, &px);
	char spec[64];
	snprintf(spec, sizeof spec, "tcp:127.0.0.1:%u", pport);
	struct rru_link *l = NULL;
	struct rru_link_opts o = {.quiet = true, .timeout_ms = 20000};
	double share = -1;
	if (rru_link_open(spec, &o, &l) == 0 && rru_link_hello(l, NULL) == 0) {
		uint8_t p[12] = {0};
		rru_link_put32(p + 4, 1);
		struct rru_link_run run;
		double t0 = rru_link_now();
		if (rru_link_command(l, RRU_LINK_T_RECORD_START, p, sizeof p, NULL) == 0 &&
		    rru_link_receive(l, NULL, &run) == 0 && run.log_bytes == log_bytes) {
			*secs = rru_link_now() - t0;
			share = (double)log_bytes / *secs / (baud / 10.0);
		}
		rru_link_counters(l, c);
	}
	rru_link_close(l);
	px.stop = 1;
	pthread_join(pt, NULL);
	ds.stop = 1;
	pthread_join(dt, NULL);
	*dev_resent = ds.dev.ep.st.retransmits;
	proxy_free(&px);
	devsim_free(&ds);
	return share;
}

int main(int argc, char **argv)
{
	const char *out = argc > 1 ? argv[1] : "bench/results/link.md";
	const uint32_t baud = 3000000;
	const uint64_t bytes = 2u << 20;
	const double errs[] = {0.0, 0.001, 0.01};
	const uint32_t lat[] = {100, 2000};
	FILE *f = fopen(out, "w");
	if (!f) {
		perror(out);
		return 1;
	}
	fprintf(f, "# Link throughput (make bench: build/bin/rru-link-bench)\n\n"
		   "Log payload delivered to the host per second of line time, as a share of\n"
		   "the line rate (3 Mbaud 8N1 = 300,000 bytes/s), for a %llu-byte log\n"
		   "streamed by the device engine to the host engine (firmware/link: window of\n"
		   "%u frames, device ring of %u bytes, frames up to %u payload bytes) over a simulated\n"
		   "serial line: bytes take 10\n"
		   "bit times each, arrive after the given one-way latency (0.1 ms: rru-sim on\n"
		   "localhost; 2 ms: an FTDI bridge with a 1 ms latency timer), and each byte\n"
		   "is corrupted (one bit flipped) with the given probability, in both\n"
		   "directions. Every run checks the received log byte for byte.\n\n",
		(unsigned long long)bytes, RRU_LINK_WINDOW, RRU_LINK_TXBUF, RRU_LINK_MAX_PAYLOAD);
	fprintf(f, "| byte errors | latency | payload rate | share of line rate | bound | frames "
		   "resent | bad frames seen | final frame size | log identical |\n"
		   "|---|---|---|---|---|---|---|---|---|\n");
	int rc = 0;
	for (unsigned li = 0; li < 2; li++) {
		for (unsigned ei = 0; ei < 3; ei++) {
			static struct vlink v;
			vlink_init(&v, baud, lat[li], errs[ei], 7 + ei, bytes);
			bool ok = vlink_run(&v, 600ull * 1000000000ull);
			double secs = (double)v.now_ns * 1e-9;
			double rate = (double)v.log_got / secs;
			double share = rate / (baud / 10.0);
			/* no protocol with this framing does better: the best
			 * payload share L/(L+13)(1-p)^(L+13) over frame sizes */
			double bound = 0;
			for (unsigned L = 16; L <= RRU_LINK_MAX_PAYLOAD; L++) {
				double e = (double)L / (L + RRU_LINK_OVERHEAD) *
					   pow(1.0 - errs[ei], L + RRU_LINK_OVERHEAD);
				if (e > bound)
					bound = e;
			}
			fprintf(f, "| %.1f %% | %.1f ms | %.1f KiB/s | **%.1f %%** | %.1f %% | %u | %u | %zu | %s |\n",
				errs[ei] * 100, lat[li] / 1000.0, rate / 1024, share * 100, bound * 100,
				v.dev.st.retransmits, v.host.rx.bad_crc + v.host.rx.bad_hdr,
				rru_link_ep_chunk(&v.dev), ok ? "yes" : "NO");
			printf("errors %.1f%% latency %.1f ms: %.1f%% of line rate, %u resent, %s\n",
			       errs[ei] * 100, lat[li] / 1000.0, share * 100, v.dev.st.retransmits,
			       ok ? "identical" : "MISMATCH");
			if (!ok)
				rc = 1;
			vlink_free(&v);
		}
	}
	fprintf(f, "\n## Wall clock through the host library\n\n"
		   "The host library (host-driver/) and the device side (firmware/link, host\n"
		   "build, tests/link/devsim.c) over real TCP sockets, through\n"
		   "tests/link/proxy.c pacing each direction like a 3 Mbaud UART and flipping\n"
		   "bits; the host receives the log with rru_link_receive, which checks its\n"
		   "length and CRC-32 against the device's STREAM_END.\n\n"
		   "| byte errors | device ring | log | time | share of line rate | frames the device resent | bad CRC / header at the host |\n"
		   "|---|---|---|---|---|---|---|\n");
	rru_msg_set_level(RRU_MSG_QUIET);
	const double werr[] = {0.0, 0.0, 0.01};
	const uint32_t wbytes[] = {1u << 20, 1u << 20, 256u << 10};
	const uint32_t wring[] = {RRU_LINK_TXBUF, 8192, RRU_LINK_TXBUF};
	for (unsigned i = 0; i < 3; i++) {
		struct rru_link_counters c = {0};
		double secs = 0;
		uint32_t resent = 0;
		double share = wall_run(baud, werr[i], wbytes[i], wring[i], &c, &secs, &resent);
		if (share < 0) {
			fprintf(f, "| %.1f %% | %u KiB | %u KiB | - | FAILED | | |\n", werr[i] * 100,
				wring[i] >> 10, wbytes[i] >> 10);
			printf("wall clock, errors %.1f%%: FAILED\n", werr[i] * 100);
			rc = 1;
			continue;
		}
		fprintf(f, "| %.1f %% | %u KiB | %u KiB | %.2f s | **%.1f %%** | %u | %u / %u |\n",
			werr[i] * 100, wring[i] >> 10, wbytes[i] >> 10, secs, share * 100, resent,
			c.bad_crc, c.bad_hdr);
		printf("wall clock, errors %.1f%%, device ring %u KiB: %.1f%% of line rate\n",
		       werr[i] * 100, wring[i] >> 10, share * 100);
	}
	char load[64] = "?";
	FILE *la = fopen("/proc/loadavg", "r");
	if (la) {
		if (!fgets(load, sizeof load, la))
			load[0] = 0;
		load[strcspn(load, "\n")] = 0;
		fclose(la);
	}
	fprintf(f, "\nLoad average during this run: %s (on %ld cores). The device's\n"
		   "default 2 KiB ring holds 6.8 ms of line time; every millisecond a busy\n"
		   "machine adds to the round trip (waking the relay, the device thread and\n"
		   "the host) idles the line. An 8 KiB ring (a build with more RAM, such as\n"
		   "rru-sim's) covers those delays.\n",
		load, sysconf(_SC_NPROCESSORS_ONLN));
	fprintf(f, "\n`bound`: the best payload share any frame size achieves at that error rate\n"
		   "with this framing (13 bytes of overhead, a frame lost whenever one of its\n"
		   "bytes is hit), ignoring acks and round trips. Goal (issue 7): >= 90 %% of\n"
		   "the line rate without errors. At 2 ms and 1 %% errors the 2 KiB window is\n"
		   "the limit: every lost frame holds the window for a round trip. The\n"
		   "device side on rru-sim, pacing its own UART, follows\n"
		   "(tests/link/bench-rtl-link.sh).\n");
	fclose(f);
	return rc;
}
