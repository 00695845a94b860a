/* The host link: opens a transport, drives the protocol engine of
 * firmware/link/ over it, and offers messages, commands, loads and stream
 * reception (docs/design.md §5.5). */
#include "rru/link_host.h"

#include "../firmware/link/link_ep.h"
#include "rru/msg.h"
#include "transport.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HOST_RTO_MIN_US 5000u
#define HOST_RTO_MAX_US 100000u
#define HOST_SLOW_TIMEOUT_MS 120000u /* silence timeout for a slow device (rru-sim) */
#define QUEUE_MAX 4096u /* messages held for the caller before refusing more */

struct qnode {
	struct qnode *next;
	struct rru_link_msg m;
};

struct rru_link {
	struct rru_link_tp *tp;
	char name[300];
	struct rru_link_opts o;
	struct rru_link_ep ep;
	struct rru_link_rxslot ooo[RRU_LINK_WINDOW];
	struct rru_link_rxslot log_ooo[RRU_LINK_LOG_STREAM_WINDOW];
	uint8_t txbuf[RRU_LINK_WINDOW * RRU_LINK_FRAME_MAX]; /* 32 maximal frames */
	struct qnode *qhead, *qtail;
	unsigned qlen;
	int tp_err;          /* the transport failed; reconnect before use */
	uint32_t nonce;
	bool hello_ok;
	struct rru_link_info info;
	double t0;
	uint64_t bytes_in, bytes_out;
	uint32_t reconnects;
	/* reconnections whose connection brought no byte before it failed
	 * again: a relay that accepts while the device behind it is gone */
	uint32_t empty_reconnects;
	double empty_since;
	uint64_t bytes_at_reconnect;
};

const char *rru_link_strerror(int err)
{
	switch (err) {
	case RRU_LINK_OK: return "ok";
	case RRU_LINK_ERR_USAGE: return "bad link or argument";
	case RRU_LINK_ERR_NODEV: return "no device";
	case RRU_LINK_ERR_MANY: return "several devices";
	case RRU_LINK_ERR_PERM: return "permission denied";
	case RRU_LINK_ERR_LOST: return "link lost";
	case RRU_LINK_ERR_TIMEOUT: return "device not responding";
	case RRU_LINK_ERR_PROTO: return "protocol error";
	case RRU_LINK_ERR_IO: return "I/O error";
	case RRU_LINK_ERR_DEVICE: return "device reported a failure";
	default: return "unknown error";
	}
}

static uint32_t now_us(const struct rru_link *l)
{
	return (uint32_t)(uint64_t)((rru_link_now() - l->t0) * 1e6);
}

static int op_write(void *ctx, const uint8_t *f, size_t n)
{
	struct rru_link *l = ctx;
	if (l->tp_err)
		return -1;
	int rc = l->tp->write(l->tp, f, n);
	if (rc < 0) {
		l->tp_err = rc;
		return -1;
	}
	l->bytes_out += n;
	return 0;
}

static const char *type_name(uint8_t t)
{
	switch (t) {
	case RRU_LINK_T_ECHO: return "ECHO";
	case RRU_LINK_T_ECHO_REPLY: return "ECHO_REPLY";
	case RRU_LINK_T_LOAD: return "LOAD";
	case RRU_LINK_T_LOAD_VERIFY: return "LOAD_VERIFY";
	case RRU_LINK_T_RECORD_START: return "RECORD_START";
	case RRU_LINK_T_RECORD_STOP: return "RECORD_STOP";
	case RRU_LINK_T_UPLOAD: return "UPLOAD";
	case RRU_LINK_T_REPLAY_START: return "REPLAY_START";
	case RRU_LINK_T_READ_RESULTS: return "READ_RESULTS";
	case RRU_LINK_T_STOP: return "STOP";
	case RRU_LINK_T_STATUS: return "STATUS";
	case RRU_LINK_T_LOG_DATA: return "LOG_DATA";
	case RRU_LINK_T_INLOG_DATA: return "INLOG_DATA";
	case RRU_LINK_T_CONSOLE: return "CONSOLE";
	case RRU_LINK_T_STREAM_END: return "STREAM_END";
	case RRU_LINK_T_EXIT: return "EXIT";
	case RRU_LINK_T_RESULTS: return "RESULTS";
	default: return "unknown";
	}
}

static int op_deliver(void *ctx, uint8_t type, const uint8_t *p, size_t n)
{
	struct rru_link *l = ctx;
	if (l->qlen >= QUEUE_MAX)
		return 1;
	rru_debug("%s: <- %s (%zu bytes)", l->name, type_name(type), n);
	struct qnode *q = malloc(sizeof *q);
	if (!q)
		return 1;
	q->next = NULL;
	q->m.type = type;
	q->m.len = (uint16_t)n;
	memcpy(q->m.data, p, n);
	if (l->qtail)
		l->qtail->next = q;
	else
		l->qhead = q;
	l->qtail = q;
	l->qlen++;
	return 0;
}

static void op_ctrl(void *ctx, uint8_t type, const uint8_t *p, size_t n)
{
	struct rru_link *l = ctx;
	if (type != RRU_LINK_T_HELLO_REPLY || n < RRU_LINK_HELLO_REPLY_MIN ||
	    rru_link_get32(p) != RRU_LINK_HELLO_MAGIC || rru_link_get32(p + 8) != l->nonce)
		return; /* a stale reply to an earlier HELLO, or noise */
	if (l->hello_ok)
		return; /* the device answered a repeated HELLO of this session */
	/* A new session: both sides start at sequence 0, nothing old is kept.
	 * Reset here, not after the read: frames the device sends right after
	 * its reply may follow in the same read, and belong to the new session. */
	rru_link_ep_reset(&l->ep, now_us(l));
	while (l->qhead) {
		struct qnode *q = l->qhead;
		l->qhead = q->next;
		free(q);
	}
	l->qtail = NULL;
	l->qlen = 0;
	struct rru_link_info *i = &l->info;
	i->major = rru_link_get16(p + 4);
	i->minor = rru_link_get16(p + 6);
	i->window = p[12];
	i->cpus = p[13];
	i->max_payload = rru_link_get16(p + 14);
	i->ram_bytes = rru_link_get32(p + 16);
	size_t k = n - RRU_LINK_HELLO_REPLY_MIN;
	memcpy(i->firmware, p + RRU_LINK_HELLO_REPLY_MIN, k);
	i->firmware[k] = 0;
	l->hello_ok = true;
}

static const struct rru_link_ep_ops host_ops = {op_write, op_deliver, op_ctrl};

static int finish_open(struct rru_link_tp *tp, const char *name, const struct rru_link_opts *o,
		       struct rru_link **out)
{
	struct rru_link *l = calloc(1, sizeof *l);
	if (!l) {
		tp->close(tp);
		return RRU_LINK_ERR_IO;
	}
	l->tp = tp;
	snprintf(l->name, sizeof l->name, "%s", name);
	if (o)
		l->o = *o;
	if (!l->o.reconnect_ms)
		l->o.reconnect_ms = 3000;
	l->o.serial = NULL; /* not kept: the caller owns the string */
	l->t0 = rru_link_now();
	/* RRU_LINK_SLOW=N: the same for a simulator started by hand (--link tcp:) */
	if (!l->o.slow && getenv("RRU_LINK_SLOW"))
		l->o.slow = (uint32_t)strtoul(getenv("RRU_LINK_SLOW"), NULL, 10);
	/* A slow device's retransmission timer starts at seconds (below): a
	 * silence timeout of 5 s would give up at the first lost frame. */
	if (!l->o.timeout_ms)
		l->o.timeout_ms = l->o.slow > 1 ? HOST_SLOW_TIMEOUT_MS : 5000;
	/* A slow device (a simulator) answers in seconds, not milliseconds:
	 * fewer bytes in flight (2 KiB, like the device's own ring) and long
	 * timers, or every frame would be sent several times and the
	 * duplicates would eat the little receive capacity the device has. */
	uint32_t slow = l->o.slow ? l->o.slow : 1;
	struct rru_link_ep_config cfg = {HOST_RTO_MIN_US, HOST_RTO_MAX_US, l->ooo, l->txbuf, sizeof l->txbuf};
	if (slow > 1) {
		cfg.rto_min_us = HOST_RTO_MIN_US * slow * 10;
		cfg.rto_max_us = HOST_RTO_MAX_US * slow * 3;
		cfg.txbuf_size = RRU_LINK_TXBUF;
	}
	rru_link_ep_init(&l->ep, &host_ops, l, &cfg, now_us(l));
	rru_link_ep_log_enable(&l->ep, l->log_ooo);
	*out = l;
	return 0;
}

int rru_link_open(const char *spec, const struct rru_link_opts *opts, struct rru_link **out)
{
	static const struct rru_link_opts none = {0};
	const struct rru_link_opts *o = opts ? opts : &none;
	struct rru_link_tp *tp = NULL;
	int rc;
	*out = NULL;
	if (!strncmp(spec, "tcp:", 4)) {
		rc = rru_link_tp_tcp_open(spec + 4, &tp);
	} else if (!strncmp(spec, "tty:", 4)) {
		char path[256];
		uint32_t baud = o->baud ? o->baud : 3000000;
		const char *at = strchr(spec + 4, '@');
		size_t n = at ? (size_t)(at - spec - 4) : strlen(spec + 4);
		if (n == 0 || n >= sizeof path) {
			rru_error("link '%s': expected tty:/dev/ttyUSBn[@BAUD]", spec);
			return RRU_LINK_ERR_USAGE;
		}
		memcpy(path, spec + 4, n);
		path[n] = 0;
		if (at) {
			char *end;
			unsigned long b = strtoul(at + 1, &end, 10);
			if (*end || b == 0 || b > 12000000) {
				rru_error("link '%s': bad baud rate '%s'", spec, at + 1);
				return RRU_LINK_ERR_USAGE;
			}
			baud = (uint32_t)b;
		}
		rc = rru_link_tp_tty_open(path, baud, &tp);
	} else if (!strncmp(spec, "board:", 6)) {
		const struct rru_link_board *b = rru_link_board_find(spec + 6);
		if (!b) {
			rru_error("no board '%s'; `rru boards` lists the known boards", spec + 6);
			return RRU_LINK_ERR_USAGE;
		}
		rc = rru_link_tp_ftdi_open(b, o, &tp);
	} else {
		rru_error("link '%s': expected tcp:HOST:PORT, tty:/dev/ttyUSBn[@BAUD] or board:NAME",
			  spec);
		return RRU_LINK_ERR_USAGE;
	}
	if (rc)
		return rc;
	return finish_open(tp, spec, o, out);
}

int rru_link_open_fd(int fd, const char *name, const struct rru_link_opts *opts,
		     struct rru_link **out)
{
	struct rru_link_tp *tp;
	int rc = rru_link_tp_fd_open(fd, &tp);
	if (rc) {
		close(fd);
		return rc;
	}
	return finish_open(tp, name, opts, out);
}

void rru_link_close(struct rru_link *l)
{
	if (!l)
		return;
	while (l->qhead) {
		struct qnode *q = l->qhead;
		l->qhead = q->next;
		free(q);
	}
	l->tp->close(l->tp);
	free(l);
}

const char *rru_link_name(const struct rru_link *l)
{
	return l->name;
}

void rru_link_counters(const struct rru_link *l, struct rru_link_counters *c)
{
	c->bytes_in = l->bytes_in;
	c->bytes_out = l->bytes_out;
	c->frames_in = l->ep.st.frames_in;
	c->frames_out = l->ep.st.frames_out;
	c->retransmits = l->ep.st.retransmits;
	c->timeouts = l->ep.st.timeouts;
	c->bad_crc = l->ep.rx.bad_crc;
	c->bad_hdr = l->ep.rx.bad_hdr;
	c->garbage = l->ep.rx.garbage;
	c->duplicates = l->ep.st.duplicates;
	c->log_frames = l->ep.st.log_frames;
	c->log_gaps = l->ep.st.log_gaps;
	c->log_dups = l->ep.st.log_dups;
	c->reconnects = l->reconnects;
}

/* The transport failed: reconnect if it can (TCP), else report the loss. */
static int recover(struct rru_link *l)
{
	if (!l->tp->reconnect) {
		rru_error("%s: link lost (device unplugged or closed)", l->name);
		return RRU_LINK_ERR_LOST;
	}
	/* A connection that carried nothing before it failed: the peer accepts
	 * and hangs up (a relay whose device has gone). Such reconnections
	 * pause, and for reconnect_ms of them in a row the link is lost. */
	if (l->reconnects && l->bytes_in == l->bytes_at_reconnect) {
		if (!l->empty_reconnects++) {
			l->empty_since = rru_link_now();
		} else if (rru_link_now() - l->empty_since >= l->o.reconnect_ms / 1000.0) {
			rru_error("%s: link lost: for %u ms every reconnection (%u) was closed before a "
				  "byte came; is the device (or the simulator) behind it still running?",
				  l->name, l->o.reconnect_ms, l->empty_reconnects);
			return RRU_LINK_ERR_LOST;
		}
		usleep(100000);
	} else {
		rru_warn("%s: connection lost; reconnecting (up to %u ms)", l->name, l->o.reconnect_ms);
	}
	double end = rru_link_now() + l->o.reconnect_ms / 1000.0;
	while (l->tp->reconnect(l->tp) != 0) {
		if (rru_link_now() >= end) {
			rru_error("%s: link lost and no reconnection within %u ms", l->name,
				  l->o.reconnect_ms);
			return RRU_LINK_ERR_LOST;
		}
		usleep(20000);
	}
	l->tp_err = 0;
	l->reconnects++;
	l->bytes_at_reconnect = l->bytes_in;
	if (!l->empty_reconnects)
		rru_info("%s: reconnected; resending %u unacknowledged frames", l->name,
			 (unsigned)(uint8_t)(l->ep.tx_next - l->ep.tx_base));
	rru_link_ep_resend_all(&l->ep, now_us(l));
	return l->tp_err ? recover(l) : 0;
}

/* Moves bytes for up to wait_ms: reads, feeds the engine, runs its timers. */
static int pump(struct rru_link *l, int wait_ms)
{
	uint8_t buf[4096];
	if (l->tp_err) {
		int rc = recover(l);
		if (rc)
			return rc;
	}
	int step = (int)(l->ep.rto_us / 4000);
	if (step < 1)
		step = 1;
	if (wait_ms > step)
		wait_ms = step;
	if (l->ep.log_unacked && wait_ms > 5) /* a LOG_ACK is due within 20 ms */
		wait_ms = 5;
	int n = l->tp->read(l->tp, buf, sizeof buf, wait_ms < 0 ? 0 : wait_ms);
	if (n < 0) {
		l->tp_err = n;
		return recover(l);
	}
	if (n > 0) {
		l->bytes_in += (uint64_t)n;
		l->empty_reconnects = 0;
		rru_link_ep_input(&l->ep, buf, (size_t)n, now_us(l));
	}
	rru_link_ep_poll(&l->ep, now_us(l));
	return 0;
}

/* The device has held frames unacknowledged for longer than the timeout. */
static int check_stalled(struct rru_link *l)
{
	if (rru_link_ep_idle(&l->ep))
		return 0;
	uint32_t quiet = now_us(l) - l->ep.last_progress;
	if (quiet / 1000 < l->o.timeout_ms)
		return 0;
	/* Before HELLO was answered the likely cause is the wrong firmware;
	 * after it, a device that hangs (rru-sim then prints each hart's state
	 * when it is stopped). */
	rru_error("%s: the device acknowledged nothing for %u ms (%u frames waiting, %u "
		  "retransmissions); %s",
		  l->name, quiet / 1000, (unsigned)(uint8_t)(l->ep.tx_next - l->ep.tx_base),
		  l->ep.st.retransmits,
		  l->hello_ok ? "it answered before: it has stopped serving the link"
			      : "is it running the openrru firmware?");
	return RRU_LINK_ERR_TIMEOUT;
}

int rru_link_hello(struct rru_link *l, struct rru_link_info *info)
{
	uint8_t p[RRU_LINK_HELLO_SIZE];
	l->nonce = l->o.nonce ? l->o.nonce
			      : (uint32_t)getpid() * 2654435761u ^ (uint32_t)(rru_link_now() * 1e6);
	l->hello_ok = false;
	rru_link_put32(p, RRU_LINK_HELLO_MAGIC);
	rru_link_put16(p + 4, RRU_LINK_VERSION_MAJOR);
	rru_link_put16(p + 6, RRU_LINK_VERSION_MINOR);
	rru_link_put32(p + 8, l->nonce);
	double end = rru_link_now() + l->o.timeout_ms / 1000.0;
	while (!l->hello_ok) {
		if (rru_link_now() >= end) {
			rru_error("%s: no answer to HELLO within %u ms; is the board flashed with the "
				  "openrru bitstream, or rru-sim running with --uart-tcp?",
				  l->name, l->o.timeout_ms);
			return RRU_LINK_ERR_TIMEOUT;
		}
		if (!l->tp_err)
			rru_link_ep_send_ctrl(&l->ep, RRU_LINK_T_HELLO, p, sizeof p);
		double resend = rru_link_now() + 0.2 * (l->o.slow ? l->o.slow : 1);
		while (!l->hello_ok && rru_link_now() < resend) {
			int rc = pump(l, 20);
			if (rc)
				return rc;
		}
	}
	if (l->info.major != RRU_LINK_VERSION_MAJOR) {
		rru_error("%s: device speaks link protocol %u.%u, this host %u.%u", l->name,
			  l->info.major, l->info.minor, RRU_LINK_VERSION_MAJOR, RRU_LINK_VERSION_MINOR);
		return RRU_LINK_ERR_PROTO;
	}
	if (info)
		*info = l->info;
	return 0;
}

int rru_link_send(struct rru_link *l, uint8_t type, const void *payload, size_t len)
{
	if (len > RRU_LINK_MAX_PAYLOAD) {
		rru_error("%s: message of %zu bytes is over the %u-byte frame limit", l->name, len,
			  RRU_LINK_MAX_PAYLOAD);
		return RRU_LINK_ERR_USAGE;
	}
	rru_debug("%s: -> %s (%zu bytes)", l->name, type_name(type), len);
	while (rru_link_ep_send(&l->ep, type, payload, len, now_us(l)) == RRU_LINK_EP_FULL) {
		int rc = pump(l, 50);
		if (!rc)
			rc = check_stalled(l);
		if (rc)
			return rc;
	}
	return 0;
}

int rru_link_flush(struct rru_link *l)
{
	while (!rru_link_ep_idle(&l->ep)) {
		int rc = pump(l, 50);
		if (!rc)
			rc = check_stalled(l);
		if (rc)
			return rc;
	}
	return 0;
}

int rru_link_recv(struct rru_link *l, struct rru_link_msg *m, int timeout_ms)
{
	if (timeout_ms < 0)
		timeout_ms = (int)l->o.timeout_ms;
	double end = rru_link_now() + timeout_ms / 1000.0;
	while (!l->qhead) {
		double left = end - rru_link_now();
		if (left <= 0)
			return RRU_LINK_ERR_TIMEOUT;
		int rc = pump(l, (int)(left * 1000) + 1);
		if (!rc)
			rc = check_stalled(l);
		if (rc)
			return rc;
	}
	struct qnode *q = l->qhead;
	l->qhead = q->next;
	if (!l->qhead)
		l->qtail = NULL;
	l->qlen--;
	*m = q->m;
	free(q);
	return 0;
}

static void print_console(const uint8_t *p, size_t n)
{
	if (n < 1)
		return;
	printf("[t%u] %.*s", p[0], (int)(n - 1), (const char *)p + 1);
	fflush(stdout);
}

static int rru_link_command_wait(struct rru_link *l, uint8_t type, const void *payload,
				 size_t len, uint32_t *value, struct qnode **early,
				 struct qnode **early_last, unsigned *nearly);

/* Puts the messages of list (oldest first) back at the head of the queue. */
static void requeue_front(struct rru_link *l, struct qnode *list, struct qnode *last, unsigned n)
{
	if (!list)
		return;
	last->next = l->qhead;
	if (!l->qhead)
		l->qtail = last;
	l->qhead = list;
	l->qlen += n;
}

int rru_link_command(struct rru_link *l, uint8_t type, const void *payload, size_t len,
		     uint32_t *value)
{
	/* Chunk-log data of the hardware log channel (§5.6) is not sequenced
	 * with the STATUS: after RECORD_START it may come first. It is kept,
	 * in order, for whoever reads the streams next. */
	struct qnode *early = NULL, *early_last = NULL;
	unsigned nearly = 0;
	int rc = rru_link_command_wait(l, type, payload, len, value, &early, &early_last, &nearly);
	requeue_front(l, early, early_last, nearly);
	return rc;
}

static int rru_link_command_wait(struct rru_link *l, uint8_t type, const void *payload,
				 size_t len, uint32_t *value, struct qnode **early,
				 struct qnode **early_last, unsigned *nearly)
{
	/* The device's log streamer starts a recording's frames at seq 0. */
	if (type == RRU_LINK_T_RECORD_START)
		rru_link_ep_log_reset(&l->ep);
	int rc = rru_link_send(l, type, payload, len);
	struct rru_link_msg m;
	bool earlier_failed = false;
	while (!rc) {
		rc = rru_link_recv(l, &m, -1);
		if (rc == RRU_LINK_ERR_TIMEOUT)
			rru_error("%s: no STATUS for %s within %u ms", l->name, type_name(type),
				  l->o.timeout_ms);
		if (rc)
			break;
		if (m.type == RRU_LINK_T_CONSOLE) {
			print_console(m.data, m.len);
			continue;
		}
		if (m.type == RRU_LINK_T_LOG_DATA && type == RRU_LINK_T_RECORD_START) {
			struct qnode *q = malloc(sizeof *q);
			if (!q) {
				rru_error("%s: out of memory", l->name);
				return RRU_LINK_ERR_IO;
			}
			q->m = m;
			q->next = NULL;
			if (*early_last)
				(*early_last)->next = q;
			else
				*early = q;
			*early_last = q;
			(*nearly)++;
			continue;
		}
		if (m.type == RRU_LINK_T_STATUS && m.len >= RRU_LINK_STATUS_HDR && m.data[0] != type &&
		    m.data[1] != RRU_LINK_ST_OK) {
			/* an earlier command without a reply of its own failed;
			 * still wait for this command's STATUS, then report */
			rru_error("%s: device: %s failed (status %u): %.*s", l->name,
				  type_name(m.data[0]), m.data[1], (int)(m.len - RRU_LINK_STATUS_HDR),
				  (const char *)m.data + RRU_LINK_STATUS_HDR);
			earlier_failed = true;
			continue;
		}
		if (m.type != RRU_LINK_T_STATUS || m.len < RRU_LINK_STATUS_HDR || m.data[0] != type) {
			rru_error("%s: got %s (type 0x%02x, %u bytes) while waiting for the STATUS of %s",
				  l->name, type_name(m.type), m.type, m.len, type_name(type));
			return RRU_LINK_ERR_PROTO;
		}
		if (value)
			*value = rru_link_get32(m.data + 4);
		if (m.data[1] != RRU_LINK_ST_OK) {
			rru_error("%s: device: %s failed (status %u): %.*s", l->name, type_name(type),
				  m.data[1], (int)(m.len - RRU_LINK_STATUS_HDR),
				  (const char *)m.data + RRU_LINK_STATUS_HDR);
			return RRU_LINK_ERR_DEVICE;
		}
		return earlier_failed ? RRU_LINK_ERR_DEVICE : 0;
	}
	return rc;
}

int rru_link_echo(struct rru_link *l, const void *data, size_t n)
{
	struct rru_link_msg m;
	int rc = rru_link_send(l, RRU_LINK_T_ECHO, data, n);
	if (!rc)
		rc = rru_link_recv(l, &m, -1);
	if (rc == RRU_LINK_ERR_TIMEOUT)
		rru_error("%s: no ECHO_REPLY within %u ms", l->name, l->o.timeout_ms);
	if (rc)
		return rc;
	if (m.type != RRU_LINK_T_ECHO_REPLY || m.len != n || memcmp(m.data, data, n) != 0) {
		rru_error("%s: ECHO of %zu bytes answered by %s of %u bytes%s", l->name, n,
			  type_name(m.type), m.len,
			  m.type == RRU_LINK_T_ECHO_REPLY ? " with different contents" : "");
		return RRU_LINK_ERR_PROTO;
	}
	return 0;
}

/* LOAD or UPLOAD frames: hdr bytes of header then data, chunked. */
static int send_chunks(struct rru_link *l, uint8_t type, uint8_t region, uint32_t addr,
		       const uint8_t *data, size_t n, const char *what)
{
	struct rru_link_progress pr;
	uint8_t f[RRU_LINK_MAX_PAYLOAD];
	size_t hdr = type == RRU_LINK_T_LOAD ? RRU_LINK_LOAD_HDR : RRU_LINK_UPLOAD_HDR;
	rru_link_progress_begin(&pr, what, n, l->o.quiet);
	size_t off = 0;
	int rc = 0;
	while (off < n) {
		size_t k = rru_link_ep_chunk(&l->ep) - hdr;
		if (k > n - off)
			k = n - off;
		if (type == RRU_LINK_T_LOAD) {
			rru_link_put32(f, addr + (uint32_t)off);
		} else {
			f[0] = region;
			f[1] = f[2] = f[3] = 0;
			rru_link_put32(f + 4, (uint32_t)off);
		}
		memcpy(f + hdr, data + off, k);
		rc = rru_link_send(l, type, f, hdr + k);
		if (rc) {
			rru_error("%s: %s: stopped after %zu of %zu bytes", l->name, what, off, n);
			break;
		}
		off += k;
		rru_link_progress_update(&pr, off, 0);
	}
	rru_link_progress_end(&pr);
	return rc;
}

int rru_link_load(struct rru_link *l, uint32_t addr, const void *data, size_t n,
		  const char *what)
{
	int rc = send_chunks(l, RRU_LINK_T_LOAD, 0, addr, data, n, what);
	if (rc)
		return rc;
	uint8_t v[12];
	rru_link_put32(v, addr);
	rru_link_put32(v + 4, (uint32_t)n);
	rru_link_put32(v + 8, rru_link_crc32(0, data, n));
	return rru_link_command(l, RRU_LINK_T_LOAD_VERIFY, v, sizeof v, NULL);
}

int rru_link_upload(struct rru_link *l, uint8_t region, const void *data, size_t n,
		    const char *what)
{
	int rc = send_chunks(l, RRU_LINK_T_UPLOAD, region, 0, data, n, what);
	if (!rc)
		rc = rru_link_flush(l);
	return rc;
}

static int sink_write(FILE *f, const uint8_t *p, size_t n, const char *what)
{
	if (f && n && fwrite(p, 1, n, f) != n) {
		rru_error("%s: cannot write: %s", what, strerror(errno));
		return RRU_LINK_ERR_IO;
	}
	return 0;
}

int rru_link_receive(struct rru_link *l, const struct rru_link_sink *sink,
		     struct rru_link_run *run)
{
	static const struct rru_link_sink none = {0};
	const struct rru_link_sink *s = sink ? sink : &none;
	struct rru_link_progress pr;
	struct rru_link_msg m;
	uint64_t records = 0;
	bool log_end = false, exited = false;
	int rc = 0;
	memset(run, 0, sizeof *run);
	rru_link_progress_begin(&pr, "log", 0, l->o.quiet);
	while (!exited) {
		rc = rru_link_recv(l, &m, -1);
		if (rc) {
			if (rc == RRU_LINK_ERR_TIMEOUT)
				rru_error("%s: the device sent nothing for %u ms", l->name,
					  l->o.timeout_ms);
			rru_error("%s: run incomplete: received %llu log bytes and %llu input-log "
				  "bytes, all in order and written out; the log is not complete: "
				  "run the recording again",
				  l->name, (unsigned long long)run->log_bytes,
				  (unsigned long long)run->inlog_bytes);
			break;
		}
		switch (m.type) {
		case RRU_LINK_T_LOG_DATA:
			rc = sink_write(s->log, m.data, m.len, "log");
			run->log_bytes += m.len;
			run->log_crc = rru_link_crc32(run->log_crc, m.data, m.len);
			if (s->count_records)
				records += s->count_records(s->ctx, m.data, m.len);
			rru_link_progress_update(&pr, run->log_bytes, records);
			break;
		case RRU_LINK_T_INLOG_DATA:
			rc = sink_write(s->inlog, m.data, m.len, "input log");
			run->inlog_bytes += m.len;
			run->inlog_crc = rru_link_crc32(run->inlog_crc, m.data, m.len);
			break;
		case RRU_LINK_T_CONSOLE:
			if (m.len < 1)
				break;
			run->console_bytes += m.len - 1u;
			if (s->console)
				s->console(s->ctx, m.data[0], m.data + 1, m.len - 1u);
			else
				print_console(m.data, m.len);
			break;
		case RRU_LINK_T_STREAM_END: {
			if (m.len < RRU_LINK_STREAM_END_SIZE) {
				rc = RRU_LINK_ERR_PROTO;
				rru_error("%s: STREAM_END of %u bytes is too short", l->name, m.len);
				break;
			}
			uint32_t bytes = rru_link_get32(m.data + 4), crc = rru_link_get32(m.data + 8);
			uint64_t got = 0;
			uint32_t gcrc = 0;
			const char *what = "console";
			if (m.data[0] == RRU_LINK_STREAM_LOG) {
				got = run->log_bytes, gcrc = run->log_crc, what = "log";
				log_end = true;
			} else if (m.data[0] == RRU_LINK_STREAM_INLOG) {
				got = run->inlog_bytes, gcrc = run->inlog_crc, what = "input log";
			} else {
				break; /* console: lengths only, not checked */
			}
			if (got != bytes || gcrc != crc) {
				rru_error("%s: %s stream: device sent %u bytes (CRC %08x), host received "
					  "%llu (CRC %08x)",
					  l->name, what, bytes, crc, (unsigned long long)got, gcrc);
				rc = RRU_LINK_ERR_PROTO;
			}
			break;
		}
		case RRU_LINK_T_EXIT:
			if (m.len >= RRU_LINK_EXIT_SIZE) {
				run->exit_code = rru_link_get32(m.data);
				run->records = rru_link_get32(m.data + 4);
			}
			exited = true;
			break;
		case RRU_LINK_T_STATUS:
			if (m.len >= RRU_LINK_STATUS_HDR && m.data[1] != RRU_LINK_ST_OK) {
				rru_error("%s: device: %s failed (status %u): %.*s", l->name,
					  type_name(m.data[0]), m.data[1],
					  (int)(m.len - RRU_LINK_STATUS_HDR),
					  (const char *)m.data + RRU_LINK_STATUS_HDR);
				rc = RRU_LINK_ERR_DEVICE;
			}
			break;
		default:
			rru_error("%s: unexpected %s (type 0x%02x) during a run", l->name,
				  type_name(m.type), m.type);
			rc = RRU_LINK_ERR_PROTO;
		}
		if (rc)
			break;
		run->records_seen = records;
		if (s->progress)
			s->progress(s->ctx, run);
	}
	rru_link_progress_end(&pr);
	if (!rc && !log_end) {
		rru_error("%s: the run ended without the end of the log stream", l->name);
		rc = RRU_LINK_ERR_PROTO;
	}
	return rc;
}
