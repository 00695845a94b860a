/* A device for link tests: the real device side of the protocol
 * (firmware/link/, host-compiled) on a socket, with a synthetic "app" whose
 * log, input log and console output are a known function of a seed, so a test
 * can check what the host received byte for byte. Not a simulator of the
 * cluster: rru-sim replaces it for end-to-end runs. */
#ifndef RRU_TEST_DEVSIM_H
#define RRU_TEST_DEVSIM_H

#include "../../firmware/link/link_dev.h"

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DEVSIM_RAM_BASE 0x80000000u
#define DEVSIM_RAM_SIZE (1u << 20)
#define DEVSIM_REGION_MAX (1u << 20)

struct devsim_cfg {
	uint32_t log_bytes;     /* LOG_DATA bytes a run produces */
	uint32_t inlog_bytes;   /* INLOG_DATA bytes (if RECORD_START asks) */
	uint32_t console_lines; /* per thread */
	uint32_t seed;
};

struct devsim {
	struct rru_link_dev dev;
	struct devsim_cfg cfg;
	int fd;        /* the connection, -1 if none */
	int listen_fd; /* server mode: accept again after a disconnect; else -1 */
	uint8_t rbuf[4096];
	size_t rn, rpos;
	int empty; /* the last read attempt found nothing */
	uint8_t *ram;
	uint8_t *region[3];
	uint32_t region_len[3];
	volatile int stop; /* set by another thread: devsim_run returns soon */
	jmp_buf out;       /* leaves the device side's blocking loops on stop */
	uint32_t runs, connections;
};

/* Byte `off` of stream `stream` (RRU_LINK_STREAM_*) for `seed`. */
uint8_t devsim_byte(uint32_t seed, int stream, uint32_t off);

/* fd mode (socketpair): serve one fd. Server mode: listen_fd accepts. */
int devsim_init(struct devsim *d, const struct devsim_cfg *cfg, int fd, int listen_fd);
void devsim_free(struct devsim *d);
/* Serves until d->stop is set. */
void devsim_run(struct devsim *d);
/* Binds 127.0.0.1:port (0 = any free port); returns the fd, *port the port. */
int devsim_listen(uint16_t *port);

#endif
