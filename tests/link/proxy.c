/* Fault-injecting TCP relay (see proxy.h). */
#define _GNU_SOURCE /* ppoll */
#include "proxy.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static double rnd(struct proxy *p)
{
	p->rng ^= p->rng << 13;
	p->rng ^= p->rng >> 7;
	p->rng ^= p->rng << 17;
	return (double)(p->rng >> 11) / 9007199254740992.0;
}

int proxy_init(struct proxy *p, const struct proxy_cfg *cfg, uint16_t *listen_port,
	       const char *up_host, uint16_t up_port)
{
	memset(p, 0, sizeof *p);
	p->cfg = *cfg;
	if (!p->cfg.dirs)
		p->cfg.dirs = 3;
	p->rng = 0x9E3779B97F4A7C15ull ^ cfg->seed;
	p->a = p->b = -1;
	snprintf(p->up_host, sizeof p->up_host, "%s", up_host);
	p->up_port = up_port;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = {0};
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons(*listen_port);
	socklen_t al = sizeof a;
	if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 4) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &al) != 0) {
		close(fd);
		return -1;
	}
	*listen_port = ntohs(a.sin_port);
	p->listen_fd = fd;
	return 0;
}

static int connect_up(struct proxy *p)
{
	char port[16];
	struct addrinfo hints = {0}, *res;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_family = AF_INET;
	snprintf(port, sizeof port, "%u", p->up_port);
	if (getaddrinfo(p->up_host, port, &hints, &res) != 0)
		return -1;
	int fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, res->ai_addr, res->ai_addrlen) != 0) {
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd >= 0) {
		int one = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	}
	return fd;
}

static int send_all(int fd, const uint8_t *b, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, b, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Pacing: bytes wait in a queue until a UART at cfg.baud would have sent
 * them (10 bit times each, back to back). */
static int enqueue(struct proxy *p, int dir, const uint8_t *b, size_t n)
{
	struct proxy_queue *q = &p->pq[dir];
	double bt = 10.0 / p->cfg.baud, t = now_s();
	if (q->line_free > t)
		t = q->line_free;
	if (q->tail + n > q->cap) {
		if (q->head > 0) {
			memmove(q->q, q->q + q->head, (q->tail - q->head) * sizeof *q->q);
			q->tail -= q->head;
			q->head = 0;
		}
		if (q->tail + n > q->cap) {
			size_t cap = (q->tail + n) * 2;
			struct proxy_byte *nq = realloc(q->q, cap * sizeof *nq);
			if (!nq)
				return -1;
			q->q = nq;
			q->cap = cap;
		}
	}
	for (size_t i = 0; i < n; i++) {
		t += bt;
		q->q[q->tail].t = t;
		q->q[q->tail].c = b[i];
		q->tail++;
	}
	q->line_free = t;
	return 0;
}

/* Writes what is due; returns the us until the next byte is (or -1: none). */
static int release(struct proxy *p, int dir, int fd, int *err)
{
	struct proxy_queue *q = &p->pq[dir];
	uint8_t out[4096];
	double t = now_s();
	size_t k = 0;
	while (q->head < q->tail && q->q[q->head].t <= t && k < sizeof out)
		out[k++] = q->q[q->head++].c;
	if (k && send_all(fd, out, k) != 0)
		*err = 1;
	if (q->head == q->tail)
		return -1;
	double wait = (q->q[q->head].t - t) * 1e6;
	return wait < 0 ? 0 : (int)wait + 1;
}

/* Ends the host's connection, and the device's unless keep (bytes on the
 * simulated lines are lost either way). */
static void proxy_drop(struct proxy *p, bool keep)
{
	for (int d = 0; d < 2; d++) {
		p->pq[d].head = p->pq[d].tail = 0;
		p->pq[d].line_free = 0;
	}
	if (p->a >= 0)
		close(p->a);
	if (p->b >= 0 && !keep)
		close(p->b);
	p->a = -1;
	if (!keep)
		p->b = -1;
}

static void drop_both(struct proxy *p) { proxy_drop(p, false); }

/* No host attached, the device's connection kept: what it sends is lost. */
static int discard_device(struct proxy *p)
{
	uint8_t in[4096];
	ssize_t n = read(p->b, in, sizeof in);
	if (n <= 0)
		return -1;
	p->st.orphaned += (uint64_t)n;
	return 0;
}

/* Reads from `from`, applies the faults of direction dir, writes to `to`. */
static int relay(struct proxy *p, int from, int to, int dir)
{
	uint8_t in[4096], out[8192];
	ssize_t n = read(from, in, sizeof in);
	if (n <= 0)
		return -1;
	size_t k = 0;
	bool faulty = p->cfg.dirs & (1u << dir);
	if (faulty && p->cfg.delay_p > 0 && rnd(p) < p->cfg.delay_p) {
		p->st.delayed++;
		usleep(p->cfg.delay_ms * 1000u);
	}
	for (ssize_t i = 0; i < n; i++) {
		uint8_t c = in[i];
		if (faulty) {
			double r = rnd(p);
			if (r < p->cfg.drop) {
				p->st.dropped++;
				continue;
			}
			r -= p->cfg.drop;
			if (r < p->cfg.flip) {
				c ^= (uint8_t)(1u << (p->rng % 8));
				p->st.flipped++;
			} else if (r - p->cfg.flip < p->cfg.dup) {
				out[k++] = c;
				p->st.duplicated++;
			}
		}
		out[k++] = c;
	}
	p->st.bytes[dir] += (uint64_t)n;
	p->since_disc += (uint64_t)n;
	if (p->cfg.baud)
		return enqueue(p, dir, out, k);
	return send_all(to, out, k);
}

void proxy_run(struct proxy *p)
{
	while (!p->stop) {
		if (p->a < 0) {
			struct pollfd pf[2] = {{p->listen_fd, POLLIN, 0}, {p->b, POLLIN, 0}};
			if (poll(pf, p->b >= 0 ? 2 : 1, 5) <= 0)
				continue;
			if ((pf[1].revents & (POLLIN | POLLHUP | POLLERR)) && discard_device(p)) {
				drop_both(p); /* the device went away */
				continue;
			}
			if (!(pf[0].revents & POLLIN))
				continue;
			p->a = accept(p->listen_fd, NULL, NULL);
			if (p->a < 0)
				continue;
			int one = 1;
			setsockopt(p->a, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
			if (p->b < 0)
				p->b = connect_up(p);
			if (p->b < 0) {
				drop_both(p);
				continue;
			}
			p->st.connections++;
		}
		int bad = 0, wait = 5000; /* us */
		if (p->cfg.baud) {
			int w0 = release(p, 0, p->b, &bad), w1 = release(p, 1, p->a, &bad);
			if (w0 >= 0 && w0 < wait)
				wait = w0;
			if (w1 >= 0 && w1 < wait)
				wait = w1;
			if (bad) {
				drop_both(p);
				continue;
			}
		}
		struct pollfd pf[2] = {{p->a, POLLIN, 0}, {p->b, POLLIN, 0}};
		struct timespec ts = {wait / 1000000, (long)(wait % 1000000) * 1000};
		if (ppoll(pf, 2, &ts, NULL) <= 0)
			continue;
		if (pf[0].revents & (POLLIN | POLLHUP | POLLERR))
			bad |= relay(p, p->a, p->b, 0);
		if (!bad && (pf[1].revents & (POLLIN | POLLHUP | POLLERR)))
			bad |= relay(p, p->b, p->a, 1);
		if (bad) {
			drop_both(p);
			continue;
		}
		if (p->cfg.disconnect_every && p->since_disc >= p->cfg.disconnect_every &&
		    p->st.disconnects < p->cfg.max_disconnects) {
			p->st.disconnects++;
			p->since_disc = 0;
			proxy_drop(p, p->cfg.keep_device);
			if (p->cfg.exit_on_disconnect) {
				close(p->listen_fd);
				p->listen_fd = -1;
				return;
			}
		}
	}
	drop_both(p);
}

void proxy_free(struct proxy *p)
{
	drop_both(p);
	free(p->pq[0].q);
	free(p->pq[1].q);
	p->pq[0].q = p->pq[1].q = NULL;
	if (p->listen_fd >= 0)
		close(p->listen_fd);
	p->listen_fd = -1;
}
