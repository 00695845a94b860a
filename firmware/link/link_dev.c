/* Device side of the link: port, HELLO, one-command mailbox, blocking sends
 * (docs/design.md §5.4). Freestanding. */
#include "link_dev.h"

/* RTO = srtt + 4 rttvar within these bounds; the floor keeps USB jitter (an FTDI
 * bridge answers every 1 ms latency period) from causing spurious resends. */
#define DEV_RTO_MIN_US 5000u
#define DEV_RTO_MAX_US 100000u

static int dev_write(void *ctx, const uint8_t *f, size_t n)
{
	struct rru_link_dev *dev = ctx;
	dev->port.write(dev->port.ctx, f, n);
	return 0;
}

static int dev_deliver(void *ctx, uint8_t type, const uint8_t *p, size_t n)
{
	struct rru_link_dev *dev = ctx;
	if (dev->cmd_ready)
		return 1; /* busy: refused, the host sends it again */
	dev->cmd_type = type;
	dev->cmd_len = (uint16_t)n;
	for (size_t i = 0; i < n; i++)
		dev->cmd[i] = p[i];
	dev->cmd_ready = 1;
	return 0;
}

static void dev_ctrl(void *ctx, uint8_t type, const uint8_t *p, size_t n)
{
	struct rru_link_dev *dev = ctx;
	if (type == RRU_LINK_T_LOG_ACK) {
		if (dev->port.log_ack && n >= RRU_LINK_LOG_ACK_SIZE)
			dev->port.log_ack(dev->port.ctx, p[0], p[1], rru_link_get32(p + 2), p[6]);
		return;
	}
	if (type != RRU_LINK_T_HELLO || n < RRU_LINK_HELLO_SIZE ||
	    rru_link_get32(p) != RRU_LINK_HELLO_MAGIC)
		return;
	/* A repeated HELLO of the current session (the host resends HELLO
	 * until a reply arrives, so a slow reply crosses a second HELLO) is
	 * answered again but does not reset: the host may already have sent
	 * commands that were acknowledged. */
	uint32_t nonce = rru_link_get32(p + 8);
	if (!dev->sessions || nonce != dev->nonce) {
		uint32_t now = dev->port.now_us(dev->port.ctx);
		rru_link_ep_reset(&dev->ep, now);
		dev->cmd_ready = 0;
		dev->sessions++;
		dev->nonce = nonce;
	}
	uint8_t r[RRU_LINK_MAX_PAYLOAD];
	rru_link_put32(r, RRU_LINK_HELLO_MAGIC);
	rru_link_put16(r + 4, RRU_LINK_VERSION_MAJOR);
	rru_link_put16(r + 6, RRU_LINK_VERSION_MINOR);
	for (int i = 0; i < 4; i++)
		r[8 + i] = p[8 + i]; /* nonce */
	r[12] = RRU_LINK_WINDOW;
	r[13] = dev->info.cpus;
	rru_link_put16(r + 14, RRU_LINK_MAX_PAYLOAD);
	rru_link_put32(r + 16, dev->info.ram_bytes);
	size_t len = RRU_LINK_HELLO_REPLY_MIN;
	for (const char *s = dev->info.firmware; s && *s && len < RRU_LINK_MAX_PAYLOAD; s++)
		r[len++] = (uint8_t)*s;
	rru_link_ep_send_ctrl(&dev->ep, RRU_LINK_T_HELLO_REPLY, r, len);
}

static const struct rru_link_ep_ops dev_ops = {dev_write, dev_deliver, dev_ctrl};

void rru_link_dev_init(struct rru_link_dev *dev, const struct rru_link_dev_port *port,
		       const struct rru_link_dev_info *info)
{
	/* Field by field: no struct copies (memcpy) in code linked without libc. */
	dev->port.getc = port->getc;
	dev->port.write = port->write;
	dev->port.now_us = port->now_us;
	dev->port.ctx = port->ctx;
	dev->port.log_ack = port->log_ack;
	dev->info.cpus = info->cpus;
	dev->info.ram_bytes = info->ram_bytes;
	dev->info.firmware = info->firmware;
	dev->cmd_ready = 0;
	dev->sessions = 0;
	struct rru_link_ep_config cfg;
	cfg.rto_min_us = DEV_RTO_MIN_US;
	cfg.rto_max_us = DEV_RTO_MAX_US;
	cfg.ooo = 0;
	cfg.txbuf = info->txbuf ? info->txbuf : dev->txbuf;
	cfg.txbuf_size = info->txbuf ? info->txbuf_size : RRU_LINK_TXBUF;
	rru_link_ep_init(&dev->ep, &dev_ops, dev, &cfg, port->now_us(port->ctx));
}

/* Reads the port. While a command waits in the mailbox, the next one would
 * be refused (and resent by the host after a timeout), so a plain poll stops
 * reading at a full mailbox and leaves the bytes in the port; the blocking
 * senders read on regardless (they need the acks; a command that arrives
 * then is refused and comes again). Bytes are fed one at a time so the
 * reading stops right after the frame that filled the mailbox. */
/* One clock reading serves a batch of up to 32 bytes: on a slow core the
 * clock (an uncached read and a division) cost as much as the rest of a
 * byte's handling. Still byte by byte into the engine, so reading stops
 * as soon as a command is waiting (the next stays in the port). */
static void poll_port(struct rru_link_dev *dev, bool always)
{
	int c;
	for (;;) {
		uint32_t now = dev->port.now_us(dev->port.ctx);
		unsigned n = 0;
		while (n < 32 && (always || !dev->cmd_ready) && (c = dev->port.getc(dev->port.ctx)) >= 0) {
			uint8_t b = (uint8_t)c;
			rru_link_ep_input(&dev->ep, &b, 1, now);
			n++;
		}
		if (n < 32)
			break;
	}
	rru_link_ep_poll(&dev->ep, dev->port.now_us(dev->port.ctx));
}

void rru_link_dev_poll(struct rru_link_dev *dev)
{
	poll_port(dev, false);
}

int rru_link_dev_cmd(struct rru_link_dev *dev, uint8_t *type, const uint8_t **payload,
		     size_t *len)
{
	if (!dev->cmd_ready)
		return 0;
	*type = dev->cmd_type;
	*payload = dev->cmd;
	*len = dev->cmd_len;
	return 1;
}

void rru_link_dev_cmd_done(struct rru_link_dev *dev)
{
	dev->cmd_ready = 0;
}

void rru_link_dev_send(struct rru_link_dev *dev, uint8_t type, const void *payload,
		       size_t len)
{
	while (rru_link_ep_send(&dev->ep, type, payload, len,
				dev->port.now_us(dev->port.ctx)) == RRU_LINK_EP_FULL)
		poll_port(dev, true);
}

void rru_link_dev_stream(struct rru_link_dev *dev, uint8_t type, int prefix,
			 const uint8_t *data, size_t n)
{
	uint8_t f[RRU_LINK_MAX_PAYLOAD];
	size_t hdr = prefix >= 0 ? 1 : 0;
	while (n > 0) {
		while (rru_link_ep_room(&dev->ep) == 0)
			poll_port(dev, true);
		size_t k = rru_link_ep_chunk(&dev->ep) - hdr;
		if (k > n)
			k = n;
		if (hdr)
			f[0] = (uint8_t)prefix;
		for (size_t i = 0; i < k; i++)
			f[hdr + i] = data[i];
		rru_link_dev_send(dev, type, f, hdr + k);
		data += k;
		n -= k;
	}
}

void rru_link_dev_status(struct rru_link_dev *dev, uint8_t cmd, uint8_t code, uint32_t value,
			 const char *text)
{
	uint8_t p[RRU_LINK_MAX_PAYLOAD];
	size_t len = RRU_LINK_STATUS_HDR;
	p[0] = cmd;
	p[1] = code;
	p[2] = p[3] = 0;
	rru_link_put32(p + 4, value);
	for (const char *s = text; s && *s && len < RRU_LINK_MAX_PAYLOAD; s++)
		p[len++] = (uint8_t)*s;
	rru_link_dev_send(dev, RRU_LINK_T_STATUS, p, len);
}

void rru_link_dev_flush(struct rru_link_dev *dev)
{
	while (!rru_link_ep_idle(&dev->ep))
		poll_port(dev, true);
}
