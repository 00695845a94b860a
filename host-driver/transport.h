/* Byte transports under the host link (internal to host-driver/). */
#ifndef RRU_HOST_TRANSPORT_H
#define RRU_HOST_TRANSPORT_H

#include "rru/link_host.h"

struct rru_link_tp {
	/* All bytes or a negative rru_link_err (RRU_LINK_ERR_LOST if gone). */
	int (*write)(struct rru_link_tp *t, const uint8_t *p, size_t n);
	/* Waits up to timeout_ms; bytes read (0 = none yet) or negative. */
	int (*read)(struct rru_link_tp *t, uint8_t *p, size_t cap, int timeout_ms);
	/* Tries once to connect again; NULL when the transport cannot. */
	int (*reconnect)(struct rru_link_tp *t);
	void (*close)(struct rru_link_tp *t);
};

int rru_link_tp_tcp_open(const char *hostport, struct rru_link_tp **out);
int rru_link_tp_tty_open(const char *path, uint32_t baud, struct rru_link_tp **out);
int rru_link_tp_ftdi_open(const struct rru_link_board *b, const struct rru_link_opts *o,
			  struct rru_link_tp **out);
int rru_link_tp_fd_open(int fd, struct rru_link_tp **out);

/* Shared by the fd-based transports (TCP, tty, plain fd). */
int rru_link_fd_write(int fd, const uint8_t *p, size_t n, const char *name);
int rru_link_fd_read(int fd, uint8_t *p, size_t cap, int timeout_ms, const char *name);

#endif
