/* Device side of the link (docs/design.md §5.4): what the resident kernel
 * calls. Wraps the endpoint around a byte port (the UART), answers HELLO,
 * holds one received command at a time, and sends replies and streams with
 * blocking calls that stall (never drop) while the host is slow or away.
 * Freestanding; the host build of the same file serves the tests. */
#ifndef RRU_LINK_DEV_H
#define RRU_LINK_DEV_H

#include "link_ep.h"

struct rru_link_dev_port {
	int (*getc)(void *ctx);  /* next received byte, or -1 if none now */
	void (*write)(void *ctx, const uint8_t *p, size_t n); /* blocking */
	uint32_t (*now_us)(void *ctx); /* free-running microsecond clock */
	void *ctx;
	/* optional: the host's LOG_ACK for the hardware log channel (§5.6),
	 * handed to the log streamer; NULL where there is none */
	void (*log_ack)(void *ctx, uint8_t next, uint8_t flags, uint32_t sack, uint8_t id);
};

/* What HELLO_REPLY says about the device. */
struct rru_link_dev_info {
	uint8_t cpus;
	uint32_t ram_bytes;
	const char *firmware; /* id text, e.g. "rru-kernel 0.1" */
	/* optional: a larger retransmission ring than the built-in
	 * RRU_LINK_TXBUF bytes (more RAM, longer round trips); NULL = built-in */
	uint8_t *txbuf;
	uint32_t txbuf_size;
};

struct rru_link_dev {
	struct rru_link_ep ep;
	struct rru_link_dev_port port;
	struct rru_link_dev_info info;
	uint8_t cmd_ready; /* a command waits in cmd[] */
	uint8_t cmd_type;
	uint16_t cmd_len;
	uint8_t cmd[RRU_LINK_MAX_PAYLOAD];
	uint32_t sessions; /* sessions started (HELLOs with a new nonce) */
	uint32_t nonce;    /* the current session's HELLO nonce */
	uint8_t txbuf[RRU_LINK_TXBUF]; /* the built-in retransmission ring */
};

void rru_link_dev_init(struct rru_link_dev *dev, const struct rru_link_dev_port *port,
		       const struct rru_link_dev_info *info);
/* Reads every byte the port has, handles acks, HELLO and timeouts. */
void rru_link_dev_poll(struct rru_link_dev *dev);
/* The waiting command, if any: 1 and its type/payload, else 0. The payload
 * stays valid until rru_link_dev_cmd_done(). */
int rru_link_dev_cmd(struct rru_link_dev *dev, uint8_t *type, const uint8_t **payload,
		     size_t *len);
void rru_link_dev_cmd_done(struct rru_link_dev *dev);
/* Sends one message, polling until the window has room (backpressure). */
void rru_link_dev_send(struct rru_link_dev *dev, uint8_t type, const void *payload,
		       size_t len);
/* Sends a stream's bytes (LOG_DATA, INLOG_DATA) in frames of the current
 * chunk size. For CONSOLE, `prefix` is the thread byte put before each
 * frame's data (pass -1 for none). */
void rru_link_dev_stream(struct rru_link_dev *dev, uint8_t type, int prefix,
			 const uint8_t *data, size_t n);
/* STATUS for command `cmd`: code, value and an optional text (NULL). */
void rru_link_dev_status(struct rru_link_dev *dev, uint8_t cmd, uint8_t code, uint32_t value,
			 const char *text);
/* Polls until the host has acknowledged everything sent. */
void rru_link_dev_flush(struct rru_link_dev *dev);

#endif
