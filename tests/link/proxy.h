/* A TCP relay that injects faults into the bytes it forwards: drop,
 * duplicate, flip bits, delay, and disconnect-then-accept-again. Used by the
 * link tests and the bench, and as `build/bin/rru-link-proxy` by hand between
 * a host and rru-sim. Faults come from a seeded generator: runs repeat. */
#ifndef RRU_TEST_PROXY_H
#define RRU_TEST_PROXY_H

#include <stddef.h>
#include <stdint.h>

struct proxy_cfg {
	double drop, dup, flip; /* per-byte probabilities */
	double delay_p;         /* per-read probability of stalling delay_ms */
	unsigned delay_ms;
	uint64_t disconnect_every; /* bytes; 0 = never */
	unsigned max_disconnects;
	int exit_on_disconnect; /* stop listening at the first disconnect */
	/* a disconnect closes only the host's side: the device's stays open and
	 * what it sends meanwhile is lost, like a UART with nothing attached
	 * (a simulator in host mode ends when its client goes) */
	int keep_device;
	uint32_t seed;
	unsigned dirs; /* bit 0: host->device, bit 1: device->host; 0 = both */
	uint32_t baud; /* pace each direction like a UART at this rate (8N1); 0 = no */
};

struct proxy_byte {
	double t; /* when it leaves the simulated line, seconds */
	uint8_t c;
};

struct proxy_queue {
	struct proxy_byte *q;
	size_t head, tail, cap;
	double line_free; /* when the simulated transmitter is done */
};

struct proxy_stats {
	uint64_t bytes[2]; /* forwarded: [0] host->device, [1] device->host */
	uint64_t dropped, duplicated, flipped, delayed, disconnects, connections;
	uint64_t orphaned; /* device bytes discarded while no host was attached */
};

struct proxy {
	struct proxy_cfg cfg;
	struct proxy_stats st;
	int listen_fd, a, b; /* a: host side, b: device side */
	char up_host[64];
	uint16_t up_port;
	uint64_t since_disc;
	uint64_t rng;
	struct proxy_queue pq[2];
	volatile int stop;
};

/* Listens on 127.0.0.1:*listen_port (0 = any; the port is written back). */
int proxy_init(struct proxy *p, const struct proxy_cfg *cfg, uint16_t *listen_port,
	       const char *up_host, uint16_t up_port);
void proxy_run(struct proxy *p); /* until p->stop */
void proxy_free(struct proxy *p);

#endif
