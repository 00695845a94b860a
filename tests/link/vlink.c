/* Simulated serial line between two endpoints, in virtual time (vlink.h). */
#include "vlink.h"

#include <stdlib.h>
#include <string.h>

uint8_t vlink_log_byte(uint32_t seed, uint64_t off)
{
	uint64_t x = off * 0x9E3779B97F4A7C15ull ^ seed;
	x ^= x >> 29;
	x *= 0xBF58476D1CE4E5B9ull;
	x ^= x >> 32;
	return (uint8_t)x;
}

static double vrnd(struct vlink *v)
{
	v->rng ^= v->rng << 13;
	v->rng ^= v->rng >> 7;
	v->rng ^= v->rng << 17;
	return (double)(v->rng >> 11) / 9007199254740992.0;
}

static void push(struct vlink *v, struct vdir *d, const uint8_t *p, size_t n)
{
	bool drop = d->frames < 64 && (d->drop_frame_mask >> d->frames & 1);
	d->frames++;
	uint64_t t = d->line_free_ns > v->now_ns ? d->line_free_ns : v->now_ns;
	for (size_t i = 0; i < n; i++) {
		t += v->byte_ns;
		if (drop) {
			d->dropped++;
			continue;
		}
		uint8_t c = p[i];
		if (d->err > 0 && vrnd(v) < d->err) {
			c ^= (uint8_t)(1u << (v->rng % 8));
			d->corrupted++;
		}
		if (d->tail == d->cap) {
			if (d->head > 0) {
				memmove(d->q, d->q + d->head, (d->tail - d->head) * sizeof *d->q);
				d->tail -= d->head;
				d->head = 0;
			} else {
				d->cap = d->cap ? d->cap * 2 : 4096;
				d->q = realloc(d->q, d->cap * sizeof *d->q);
			}
		}
		d->q[d->tail].at_ns = t + v->latency_ns;
		d->q[d->tail].c = c;
		d->tail++;
	}
	d->line_free_ns = t;
	d->sent += n;
}

static int dev_write(void *ctx, const uint8_t *p, size_t n)
{
	struct vlink *v = ctx;
	push(v, &v->d2h, p, n);
	return 0;
}

static int host_write(void *ctx, const uint8_t *p, size_t n)
{
	struct vlink *v = (struct vlink *)((char *)ctx - offsetof(struct vlink, host));
	push(v, &v->h2d, p, n);
	return 0;
}

static int dev_deliver(void *ctx, uint8_t t, const uint8_t *p, size_t n)
{
	(void)ctx, (void)t, (void)p, (void)n;
	return 0;
}

static int host_deliver(void *ctx, uint8_t t, const uint8_t *p, size_t n)
{
	struct vlink *v = (struct vlink *)((char *)ctx - offsetof(struct vlink, host));
	if (t != RRU_LINK_T_LOG_DATA) {
		v->mismatch = true;
		return 0;
	}
	for (size_t i = 0; i < n; i++, v->log_got++)
		if (!v->mismatch && p[i] != vlink_log_byte(v->seed, v->log_got)) {
			v->mismatch = true;
			v->first_bad = v->log_got;
		}
	return 0;
}

static const struct rru_link_ep_ops dev_ops = {dev_write, dev_deliver, NULL};
static const struct rru_link_ep_ops host_ops = {host_write, host_deliver, NULL};

void vlink_init(struct vlink *v, uint32_t baud, uint32_t latency_us, double err, uint32_t seed,
		uint64_t log_bytes)
{
	memset(v, 0, sizeof *v);
	v->byte_ns = 10ull * 1000000000ull / baud;
	v->latency_ns = (uint64_t)latency_us * 1000u;
	v->d2h.err = v->h2d.err = err;
	v->rng = 0x2545F4914F6CDD1Dull ^ seed;
	v->seed = seed;
	v->log_total = log_bytes;
	/* the same settings the device and host ends use */
	struct rru_link_ep_config dc = {5000, 100000, NULL, v->dev_txbuf, sizeof v->dev_txbuf};
	struct rru_link_ep_config hc = {5000, 100000, v->ooo, v->host_txbuf, sizeof v->host_txbuf};
	rru_link_ep_init(&v->dev, &dev_ops, v, &dc, 0);
	rru_link_ep_init(&v->host, &host_ops, &v->host, &hc, 0);
}

void vlink_free(struct vlink *v)
{
	free(v->d2h.q);
	free(v->h2d.q);
}

static void deliver(struct vlink *v, struct vdir *d, struct rru_link_ep *to)
{
	uint8_t buf[512];
	size_t n = 0;
	while (d->head < d->tail && d->q[d->head].at_ns <= v->now_ns && n < sizeof buf)
		buf[n++] = d->q[d->head++].c;
	if (n)
		rru_link_ep_input(to, buf, n, (uint32_t)(v->now_ns / 1000));
}

bool vlink_run(struct vlink *v, uint64_t max_ns)
{
	const uint64_t step = 50000; /* 50 us of virtual time per step */
	uint8_t chunk[RRU_LINK_MAX_PAYLOAD];
	while (v->log_got < v->log_total && v->now_ns < max_ns && !v->mismatch) {
		uint32_t us = (uint32_t)(v->now_ns / 1000);
		/* The device keeps its transmitter busy, as the log streamer does
		 * when the RRU buffer has data: a new frame only when the line is
		 * about to be free and the window has room. */
		while (v->log_sent < v->log_total && rru_link_ep_room(&v->dev) > 0 &&
		       v->d2h.line_free_ns <= v->now_ns + step) {
			size_t k = rru_link_ep_chunk(&v->dev);
			if (k > v->log_total - v->log_sent)
				k = (size_t)(v->log_total - v->log_sent);
			for (size_t i = 0; i < k; i++)
				chunk[i] = vlink_log_byte(v->seed, v->log_sent + i);
			rru_link_ep_send(&v->dev, RRU_LINK_T_LOG_DATA, chunk, k, us);
			v->log_sent += k;
		}
		v->now_ns += step;
		deliver(v, &v->d2h, &v->host);
		deliver(v, &v->h2d, &v->dev);
		us = (uint32_t)(v->now_ns / 1000);
		rru_link_ep_poll(&v->dev, us);
		rru_link_ep_poll(&v->host, us);
	}
	return v->log_got == v->log_total && !v->mismatch;
}
