/* Test device: firmware/link's device side over a socket (see devsim.h). */
#include "devsim.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

uint8_t devsim_byte(uint32_t seed, int stream, uint32_t off)
{
	uint32_t x = off * 0x9E3779B1u ^ seed ^ ((uint32_t)stream << 28);
	x ^= x >> 15;
	x *= 0x85EBCA6Bu;
	x ^= x >> 13;
	x *= 0xC2B2AE35u;
	x ^= x >> 16;
	return (uint8_t)x;
}

static void drop_conn(struct devsim *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
	d->rn = d->rpos = 0;
}

static void maybe_accept(struct devsim *d, int wait_ms)
{
	if (d->fd >= 0 || d->listen_fd < 0)
		return;
	struct pollfd pf = {d->listen_fd, POLLIN, 0};
	if (poll(&pf, 1, wait_ms) <= 0)
		return;
	int fd = accept(d->listen_fd, NULL, NULL);
	if (fd < 0)
		return;
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	d->fd = fd;
	d->connections++;
}

static int port_getc(void *ctx)
{
	struct devsim *d = ctx;
	if (d->stop)
		longjmp(d->out, 1); /* the blocking senders poll: leave them */
	if (d->rpos < d->rn)
		return d->rbuf[d->rpos++];
	maybe_accept(d, 0);
	if (d->fd < 0)
		return -1;
	/* The device side's blocking loops call this until a byte comes: the
	 * first empty answer is immediate, the next ones wait up to 1 ms for
	 * input (woken at once by data), so a waiting device does not spin. */
	struct pollfd pf = {d->fd, POLLIN, 0};
	if (poll(&pf, 1, d->empty ? 1 : 0) <= 0) {
		d->empty = 1;
		return -1;
	}
	d->empty = 0;
	ssize_t n = read(d->fd, d->rbuf, sizeof d->rbuf);
	if (n <= 0) {
		if (n < 0 && errno == EAGAIN)
			return -1;
		drop_conn(d); /* the host went away: like a UART with nothing attached */
		return -1;
	}
	d->rn = (size_t)n;
	d->rpos = 1;
	return d->rbuf[0];
}

static void port_write(void *ctx, const uint8_t *p, size_t n)
{
	struct devsim *d = ctx;
	while (n > 0 && d->fd >= 0) {
		ssize_t w = send(d->fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == ENOTSOCK)
			w = write(d->fd, p, n);
		if (w <= 0) {
			drop_conn(d);
			return;
		}
		p += w;
		n -= (size_t)w;
	}
}

static uint32_t port_now(void *ctx)
{
	(void)ctx;
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint32_t)((uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u);
}

int devsim_listen(uint16_t *port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = {0};
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons(*port);
	socklen_t al = sizeof a;
	if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 4) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &al) != 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(a.sin_port);
	return fd;
}

int devsim_init(struct devsim *d, const struct devsim_cfg *cfg, int fd, int listen_fd)
{
	memset(d, 0, sizeof *d);
	d->cfg = *cfg;
	d->fd = fd;
	d->listen_fd = listen_fd;
	d->ram = calloc(1, DEVSIM_RAM_SIZE);
	for (int i = 1; i < 3; i++)
		d->region[i] = calloc(1, DEVSIM_REGION_MAX);
	if (!d->ram || !d->region[1] || !d->region[2])
		return -1;
	struct rru_link_dev_port port = {port_getc, port_write, port_now, d, 0};
	struct rru_link_dev_info info = {4, DEVSIM_RAM_SIZE, "devsim (test device) " RRU_VERSION,
					 NULL, 0};
	if (cfg->txbuf_size) {
		d->txbuf = malloc(cfg->txbuf_size);
		if (!d->txbuf)
			return -1;
		info.txbuf = d->txbuf;
		info.txbuf_size = cfg->txbuf_size;
	}
	rru_link_dev_init(&d->dev, &port, &info);
	return 0;
}

void devsim_free(struct devsim *d)
{
	drop_conn(d);
	if (d->listen_fd >= 0)
		close(d->listen_fd);
	free(d->ram);
	free(d->txbuf);
	free(d->region[1]);
	free(d->region[2]);
}

static void stream_end(struct devsim *d, int stream, uint32_t bytes, uint32_t crc)
{
	uint8_t p[RRU_LINK_STREAM_END_SIZE] = {(uint8_t)stream};
	rru_link_put32(p + 4, bytes);
	rru_link_put32(p + 8, crc);
	rru_link_dev_send(&d->dev, RRU_LINK_T_STREAM_END, p, sizeof p);
}

/* The synthetic run: log and input log interleaved with console lines. */
static void run_app(struct devsim *d, uint32_t threads, bool inlog)
{
	uint8_t blk[1000];
	uint32_t log_crc = 0, in_crc = 0, in_off = 0, con = 0;
	uint32_t in_total = inlog ? d->cfg.inlog_bytes : 0;
	uint32_t lines = d->cfg.console_lines * threads, line = 0;
	uint32_t session = d->dev.sessions;
	for (uint32_t off = 0; off < d->cfg.log_bytes && !d->stop;) {
		if (d->dev.sessions != session)
			return; /* a new HELLO: the host that asked for this run is gone */
		uint32_t k = d->cfg.log_bytes - off < sizeof blk ? d->cfg.log_bytes - off : sizeof blk;
		for (uint32_t i = 0; i < k; i++)
			blk[i] = devsim_byte(d->cfg.seed, RRU_LINK_STREAM_LOG, off + i);
		rru_link_dev_stream(&d->dev, RRU_LINK_T_LOG_DATA, -1, blk, k);
		log_crc = rru_link_crc32(log_crc, blk, k);
		off += k;
		/* keep the other streams in proportion */
		uint64_t want = in_total * (uint64_t)off / d->cfg.log_bytes;
		while (in_off < want) {
			uint32_t m = (uint32_t)(want - in_off) < sizeof blk ? (uint32_t)(want - in_off)
									   : sizeof blk;
			for (uint32_t i = 0; i < m; i++)
				blk[i] = devsim_byte(d->cfg.seed, RRU_LINK_STREAM_INLOG, in_off + i);
			rru_link_dev_stream(&d->dev, RRU_LINK_T_INLOG_DATA, -1, blk, m);
			in_crc = rru_link_crc32(in_crc, blk, m);
			in_off += m;
		}
		while (line < lines && (uint64_t)line * d->cfg.log_bytes < (uint64_t)lines * off) {
			char text[64];
			int n = snprintf(text, sizeof text, "thread %u line %u\n", line % threads,
					 line / threads);
			rru_link_dev_stream(&d->dev, RRU_LINK_T_CONSOLE, (int)(line % threads),
					    (const uint8_t *)text, (size_t)n);
			con += (uint32_t)n;
			line++;
		}
	}
	stream_end(d, RRU_LINK_STREAM_LOG, d->cfg.log_bytes, log_crc);
	if (inlog)
		stream_end(d, RRU_LINK_STREAM_INLOG, in_off, in_crc);
	stream_end(d, RRU_LINK_STREAM_CONSOLE, con, 0);
	uint8_t ex[RRU_LINK_EXIT_SIZE];
	rru_link_put32(ex, 0);
	rru_link_put32(ex + 4, d->cfg.log_bytes / 16);
	rru_link_dev_send(&d->dev, RRU_LINK_T_EXIT, ex, sizeof ex);
	d->runs++;
}

static void handle(struct devsim *d, uint8_t type, const uint8_t *p, size_t n)
{
	struct rru_link_dev *dev = &d->dev;
	switch (type) {
	case RRU_LINK_T_ECHO:
		rru_link_dev_send(dev, RRU_LINK_T_ECHO_REPLY, p, n);
		break;
	case RRU_LINK_T_LOAD: {
		uint32_t a = n >= 4 ? rru_link_get32(p) : 0;
		size_t k = n - 4;
		if (n < 4 || a < DEVSIM_RAM_BASE || a - DEVSIM_RAM_BASE + k > DEVSIM_RAM_SIZE)
			rru_link_dev_status(dev, type, RRU_LINK_ST_BAD_ADDR, a, "LOAD outside RAM");
		else
			memcpy(d->ram + (a - DEVSIM_RAM_BASE), p + 4, k);
		break;
	}
	case RRU_LINK_T_LOAD_VERIFY: {
		uint32_t a = rru_link_get32(p), len = rru_link_get32(p + 4), crc = rru_link_get32(p + 8);
		if (n < 12 || a < DEVSIM_RAM_BASE || a - DEVSIM_RAM_BASE + (uint64_t)len > DEVSIM_RAM_SIZE)
			rru_link_dev_status(dev, type, RRU_LINK_ST_BAD_ADDR, a, "range outside RAM");
		else if (rru_link_crc32(0, d->ram + (a - DEVSIM_RAM_BASE), len) != crc)
			rru_link_dev_status(dev, type, RRU_LINK_ST_MISMATCH, 0, "memory CRC differs");
		else
			rru_link_dev_status(dev, type, RRU_LINK_ST_OK, len, NULL);
		break;
	}
	case RRU_LINK_T_RECORD_START: {
		uint32_t threads = n >= 12 ? rru_link_get32(p + 4) : 0;
		uint32_t flags = n >= 12 ? rru_link_get32(p + 8) : 0;
		if (threads == 0 || threads > 8) {
			rru_link_dev_status(dev, type, RRU_LINK_ST_BAD_CMD, threads, "threads must be 1..8");
			break;
		}
		rru_link_dev_status(dev, type, RRU_LINK_ST_OK, 0, NULL);
		rru_link_dev_cmd_done(dev); /* STOP may arrive while running */
		run_app(d, threads, flags & RRU_LINK_REC_F_INLOG);
		return;
	}
	case RRU_LINK_T_UPLOAD: {
		uint8_t r = n >= 8 ? p[0] : 0;
		uint32_t off = n >= 8 ? rru_link_get32(p + 4) : 0;
		size_t k = n - 8;
		if (n < 8 || (r != RRU_LINK_REGION_DAG && r != RRU_LINK_REGION_INLOG) ||
		    off + (uint64_t)k > DEVSIM_REGION_MAX) {
			rru_link_dev_status(dev, type, RRU_LINK_ST_BAD_ADDR, off, "bad UPLOAD region");
			break;
		}
		memcpy(d->region[r] + off, p + 8, k);
		if (off + k > d->region_len[r])
			d->region_len[r] = (uint32_t)(off + k);
		break;
	}
	case RRU_LINK_T_READ_RESULTS: {
		uint8_t res[2 * RRU_LINK_RESULT_SIZE] = {0};
		res[0] = RRU_LINK_RES_MEM_DIGEST;
		rru_link_put32(res + 4, rru_link_crc32(0, d->region[RRU_LINK_REGION_DAG],
						       d->region_len[RRU_LINK_REGION_DAG]));
		res[12] = RRU_LINK_RES_OUTPUT_DIGEST;
		rru_link_put32(res + 16, rru_link_crc32(0, d->region[RRU_LINK_REGION_INLOG],
							d->region_len[RRU_LINK_REGION_INLOG]));
		rru_link_dev_send(dev, RRU_LINK_T_RESULTS, res, sizeof res);
		rru_link_dev_status(dev, type, RRU_LINK_ST_OK, 2, NULL);
		break;
	}
	case RRU_LINK_T_REPLAY_START:
	case RRU_LINK_T_RECORD_STOP:
	case RRU_LINK_T_STOP:
		rru_link_dev_status(dev, type, RRU_LINK_ST_OK, 0, NULL);
		break;
	default:
		rru_link_dev_status(dev, type, RRU_LINK_ST_BAD_CMD, type, "unknown command");
	}
	rru_link_dev_cmd_done(dev);
}

void devsim_run(struct devsim *d)
{
	if (setjmp(d->out))
		return;
	while (!d->stop) {
		if (d->fd < 0) {
			maybe_accept(d, 2);
			if (d->fd < 0 && d->listen_fd < 0)
				break; /* fd mode and the peer is gone */
		} else if (d->rpos >= d->rn) {
			struct pollfd pf = {d->fd, POLLIN, 0};
			poll(&pf, 1, 1);
		}
		rru_link_dev_poll(&d->dev);
		uint8_t type;
		const uint8_t *p;
		size_t n;
		if (rru_link_dev_cmd(&d->dev, &type, &p, &n))
			handle(d, type, p, n);
	}
}
