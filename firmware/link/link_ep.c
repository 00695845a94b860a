/* The reliable link endpoint (docs/design.md §5.2): sequence numbers,
 * cumulative and selective acks, loss detection, retransmission timer,
 * adaptive stream frame size. Freestanding; shared by device and host. */
#include "link_ep.h"

#define W RRU_LINK_WINDOW

static uint8_t outstanding(const struct rru_link_ep *ep)
{
	return (uint8_t)(ep->tx_next - ep->tx_base);
}

static struct rru_link_txslot *slot_of(struct rru_link_ep *ep, uint8_t seq)
{
	return &ep->tx[seq % W];
}

/* Where a frame of n bytes would go in the ring, or -1 if it does not fit.
 * Frames are freed oldest first, so the used bytes are one run from the
 * oldest frame's start to buf_head, possibly wrapped; head never catches up
 * with the oldest frame's start (equal would mean both empty and full). */
static int ring_place(const struct rru_link_ep *ep, size_t n)
{
	if (outstanding(ep) == 0)
		return n <= ep->cfg.txbuf_size ? 0 : -1;
	if (outstanding(ep) >= W)
		return -1;
	size_t tail = ep->tx[ep->tx_base % W].off, head = ep->buf_head;
	if (head > tail) {
		if (head + n <= ep->cfg.txbuf_size)
			return (int)head;
		return n < tail ? 0 : -1;
	}
	return head + n < tail ? (int)head : -1;
}

static void write_frame(struct rru_link_ep *ep, const uint8_t *f, size_t len)
{
	ep->st.frames_out++;
	if (ep->ops->write(ep->ctx, f, len) < 0)
		ep->st.write_errors++;
}

static void transmit(struct rru_link_ep *ep, struct rru_link_txslot *s)
{
	ep->est_bytes += s->len;
	if (ep->est_bytes > 32768u) { /* forget old evidence gradually */
		ep->est_bytes /= 2;
		ep->est_loss16 /= 2;
	}
	s->sent_at = ep->now;
	s->order = ++ep->order;
	write_frame(ep, ep->cfg.txbuf + s->off, s->len);
}

static void restart_timer(struct rru_link_ep *ep)
{
	/* Before any sample: four times the floor (a serial link's round trip is
	 * short; a spurious resend only costs line time). After: the floor
	 * bounds the margin over the mean, not the sum: with a steady round trip
	 * rttvar goes to 0 and srtt alone would fire on every frame a little
	 * later than average. */
	uint32_t margin = 4u * ep->rttvar_us;
	if (margin < ep->cfg.rto_min_us)
		margin = ep->cfg.rto_min_us;
	uint32_t rto = ep->srtt_us ? ep->srtt_us + margin : 4u * ep->cfg.rto_min_us;
	if (rto > ep->cfg.rto_max_us)
		rto = ep->cfg.rto_max_us;
	ep->rto_us = ep->rto_base_us = rto;
}

void rru_link_ep_reset(struct rru_link_ep *ep, uint32_t now)
{
	ep->tx_base = ep->tx_next = ep->rx_expect = 0;
	ep->buf_head = 0;
	ep->ack_pending = 0;
	if (ep->logrx)
		ep->logrx->reset(ep);
	ep->order = ep->delivered_order = 0;
	ep->now = ep->last_progress = now;
	ep->chunk = RRU_LINK_START_CHUNK;
	ep->est_bytes = ep->est_loss16 = 0;
	ep->frames_at_timeout = 0;
	for (unsigned i = 0; i < W; i++) {
		ep->tx[i].len = 0;
		if (ep->cfg.ooo)
			ep->cfg.ooo[i].used = 0;
	}
	restart_timer(ep);
}

void rru_link_ep_init(struct rru_link_ep *ep, const struct rru_link_ep_ops *ops, void *ctx,
		      const struct rru_link_ep_config *cfg, uint32_t now)
{
	rru_link_rx_init(&ep->rx);
	ep->ops = ops;
	ep->ctx = ctx;
	/* Field by field: a struct copy may become a memcpy call, and the
	 * kernel links no libc. */
	ep->cfg.rto_min_us = cfg->rto_min_us;
	ep->cfg.rto_max_us = cfg->rto_max_us;
	ep->cfg.ooo = cfg->ooo;
	ep->logrx = 0;
	ep->log_ooo = 0;
	ep->cfg.txbuf = cfg->txbuf;
	ep->cfg.txbuf_size = cfg->txbuf_size > 65535u ? 65535u : cfg->txbuf_size;
	ep->srtt_us = ep->rttvar_us = 0;
	uint32_t *st = (uint32_t *)&ep->st;
	for (size_t i = 0; i < sizeof ep->st / sizeof *st; i++)
		st[i] = 0;
	rru_link_ep_reset(ep, now);
}

uint32_t rru_link_held_bits(const struct rru_link_rxslot *q, unsigned n, uint8_t expect)
{
	uint32_t bits = 0;
	for (unsigned i = 0; q && i + 1 < n && i < 32; i++) {
		uint8_t seq = (uint8_t)(expect + 1 + i);
		const struct rru_link_rxslot *r = &q[seq % n];
		if (r->used && r->seq == seq)
			bits |= 1u << i;
	}
	return bits;
}

int rru_link_hold_frame(struct rru_link_rxslot *q, unsigned n, uint8_t seq, uint8_t type,
			const uint8_t *pl, size_t plen)
{
	struct rru_link_rxslot *r = &q[seq % n];
	if (r->used && r->seq == seq)
		return 1;
	r->used = 1;
	r->seq = seq;
	r->type = type;
	r->len = (uint16_t)plen;
	for (size_t i = 0; i < plen; i++)
		r->payload[i] = pl[i];
	return 0;
}

static void send_ack(struct rru_link_ep *ep)
{
	uint8_t f[RRU_LINK_OVERHEAD + RRU_LINK_ACK_SIZE];
	uint8_t pl[RRU_LINK_ACK_SIZE];
	rru_link_put32(pl, rru_link_held_bits(ep->cfg.ooo, W, ep->rx_expect));
	size_t n = rru_link_frame_encode(f, RRU_LINK_T_ACK, RRU_LINK_F_CTRL | RRU_LINK_F_ACK, 0,
					 ep->rx_expect, pl, sizeof pl);
	ep->ack_pending = 0;
	write_frame(ep, f, n);
}

/* Stream frame size from the estimated byte error rate p = losses / bytes
 * sent: the size in {32, 64, 128, 256} that maximises the payload share
 * L / (L + 13) * (1 - p)^(L + 13). The thresholds are where two neighbouring
 * sizes do equally well: 1/2712 (256 vs 128), 1/726 (128 vs 64), 1/205
 * (64 vs 32). Needs 2 KiB of evidence before it moves. */
static void choose_chunk(struct rru_link_ep *ep)
{
	uint32_t b = ep->est_bytes, l16 = ep->est_loss16;
	if (b < 2048u)
		return;
	uint16_t c = 32;
	if ((uint64_t)l16 * 2712u < (uint64_t)b * 16u)
		c = 256;
	else if ((uint64_t)l16 * 726u < (uint64_t)b * 16u)
		c = 128;
	else if ((uint64_t)l16 * 205u < (uint64_t)b * 16u)
		c = 64;
	if (c < RRU_LINK_MIN_CHUNK)
		c = RRU_LINK_MIN_CHUNK;
	ep->chunk = c;
}

static void resend(struct rru_link_ep *ep, struct rru_link_txslot *s)
{
	ep->est_loss16 += 16;
	s->resent = 1;
	ep->st.retransmits++;
	transmit(ep, s);
}

static void rtt_sample(struct rru_link_ep *ep, uint32_t rtt)
{
	if (!ep->srtt_us) {
		ep->srtt_us = rtt;
		ep->rttvar_us = rtt / 2;
	} else {
		uint32_t dev = rtt > ep->srtt_us ? rtt - ep->srtt_us : ep->srtt_us - rtt;
		ep->rttvar_us = ep->rttvar_us - ep->rttvar_us / 4 + dev / 4;
		ep->srtt_us = ep->srtt_us - ep->srtt_us / 8 + rtt / 8;
	}
}

/* The newest transmission this ack reports for the first time gives the
 * round-trip sample; none if it was a retransmission (Karn), and frames the
 * peer already reported held out of order are old news. */
struct newest {
	uint32_t order, sent_at;
	uint8_t resent;
};

static void note(struct newest *nw, const struct rru_link_txslot *s)
{
	if (s->order > nw->order) {
		nw->order = s->order;
		nw->sent_at = s->sent_at;
		nw->resent = s->resent;
	}
}

/* A frame is known to have arrived. Its transmission order says that every
 * frame sent before it and not arrived is lost; but for a frame sent more
 * than once it is unknown which copy arrived (after a spurious timeout the
 * first did, and taking the last would call every frame in between lost),
 * so only frames sent once move the mark. */
static void arrived(struct rru_link_ep *ep, const struct rru_link_txslot *s)
{
	if (!s->resent && s->order > ep->delivered_order)
		ep->delivered_order = s->order;
}

static void on_ack(struct rru_link_ep *ep, uint8_t ack, uint32_t sack)
{
	uint8_t d = (uint8_t)(ack - ep->tx_base);
	uint8_t out = outstanding(ep);
	struct newest nw = {0, 0, 0};
	if (d > out)
		return; /* stale or bogus: acknowledges nothing we hold */
	for (uint8_t i = 0; i < d; i++) {
		struct rru_link_txslot *s = slot_of(ep, (uint8_t)(ep->tx_base + i));
		if (!s->sacked)
			note(&nw, s);
		arrived(ep, s);
		s->len = 0;
	}
	if (d > 0) {
		ep->tx_base = ack;
		ep->last_progress = ep->now;
	}
	out = outstanding(ep);
	for (uint8_t i = 1; i < out && i <= 31; i++) {
		if (!(sack & (1u << (i - 1))))
			continue;
		struct rru_link_txslot *s = slot_of(ep, (uint8_t)(ack + i));
		if (!s->sacked)
			note(&nw, s);
		s->sacked = 1;
		arrived(ep, s);
	}
	if (nw.order && !nw.resent)
		rtt_sample(ep, ep->now - nw.sent_at);
	if (d > 0)
		restart_timer(ep);
	/* A frame sent before one that arrived, and not itself arrived, is lost
	 * (links do not reorder): send it again now rather than at timeout. */
	for (uint8_t i = 0; i < out; i++) {
		struct rru_link_txslot *s = slot_of(ep, (uint8_t)(ep->tx_base + i));
		if (!s->sacked && s->order < ep->delivered_order) {
			ep->st.fast_resends++;
			resend(ep, s);
		}
	}
	choose_chunk(ep);
}

static void deliver_in_order(struct rru_link_ep *ep)
{
	struct rru_link_rxslot *q = ep->cfg.ooo;
	while (q) {
		struct rru_link_rxslot *r = &q[ep->rx_expect % W];
		if (!r->used || r->seq != ep->rx_expect)
			break;
		if (ep->ops->deliver(ep->ctx, r->type, r->payload, r->len) != 0) {
			ep->st.refused++;
			break;
		}
		r->used = 0;
		ep->st.delivered++;
		ep->rx_expect++;
	}
}

static void on_frame(void *ctx, const uint8_t *f, size_t len)
{
	struct rru_link_ep *ep = ctx;
	uint8_t type = f[RRU_LINK_OFF_TYPE], flags = f[RRU_LINK_OFF_FLAGS];
	uint8_t seq = f[RRU_LINK_OFF_SEQ];
	const uint8_t *pl = f + RRU_LINK_HDR_SIZE;
	size_t plen = len - RRU_LINK_OVERHEAD;
	ep->st.frames_in++;
	if (flags & RRU_LINK_F_ACK) {
		uint32_t sack = 0;
		if (type == RRU_LINK_T_ACK && (flags & RRU_LINK_F_CTRL) && plen >= RRU_LINK_ACK_SIZE)
			sack = rru_link_get32(pl);
		on_ack(ep, f[RRU_LINK_OFF_ACK], sack);
	}
	if (flags & RRU_LINK_F_CTRL) {
		if (type == RRU_LINK_T_LOG_STREAM) {
			if (ep->logrx)
				ep->logrx->frame(ep, seq, f[RRU_LINK_OFF_ACK], pl, plen);
		}
		else if (type != RRU_LINK_T_ACK && ep->ops->ctrl)
			ep->ops->ctrl(ep->ctx, type, pl, plen);
		return;
	}
	uint8_t d = (uint8_t)(seq - ep->rx_expect);
	ep->ack_pending = 1; /* every sequenced frame is answered, duplicates too */
	if (d == 0) {
		if (ep->ops->deliver(ep->ctx, type, pl, plen) != 0) {
			ep->st.refused++;
			return;
		}
		ep->st.delivered++;
		ep->rx_expect++;
		deliver_in_order(ep);
	} else if (d < W) {
		struct rru_link_rxslot *q = ep->cfg.ooo;
		if (!q)
			return; /* go-back-N: the sender repeats it */
		if (rru_link_hold_frame(q, W, seq, type, pl, plen))
			ep->st.duplicates++;
	} else if (d >= 128) {
		ep->st.duplicates++; /* already delivered: our ack was lost */
	} else {
		ep->st.out_of_window++;
	}
}

void rru_link_ep_input(struct rru_link_ep *ep, const uint8_t *p, size_t n, uint32_t now)
{
	ep->now = now;
	rru_link_rx_feed(&ep->rx, p, n, on_frame, ep);
	if (ep->ack_pending)
		send_ack(ep);
	if (ep->logrx)
		ep->logrx->flush(ep);
}

void rru_link_ep_poll(struct rru_link_ep *ep, uint32_t now)
{
	ep->now = now;
	if (ep->ack_pending)
		send_ack(ep);
	if (ep->logrx)
		ep->logrx->poll(ep);
	uint8_t out = outstanding(ep);
	if (out == 0)
		return;
	/* The timer runs from the oldest transmission still unanswered. */
	uint32_t oldest = 0;
	bool any = false;
	for (uint8_t i = 0; i < out; i++) {
		struct rru_link_txslot *s = slot_of(ep, (uint8_t)(ep->tx_base + i));
		uint32_t age = now - s->sent_at;
		if (!s->sacked && age > oldest) {
			oldest = age;
			any = true;
		}
	}
	if (!any || oldest < ep->rto_us)
		return;
	ep->st.timeouts++;
	for (uint8_t i = 0; i < out; i++) {
		struct rru_link_txslot *s = slot_of(ep, (uint8_t)(ep->tx_base + i));
		if (!s->sacked && now - s->sent_at >= ep->rto_us)
			resend(ep, s);
	}
	choose_chunk(ep);
	/* Back off only while the peer is silent (link down, or a lost request
	 * and a lost reply), and only to 4 x the base: on a dedicated serial
	 * line repeating costs nobody else anything, and a long timer would
	 * just idle the line once it works again. */
	if (ep->st.frames_in == ep->frames_at_timeout) {
		uint32_t cap = 4u * ep->rto_base_us;
		if (cap > ep->cfg.rto_max_us)
			cap = ep->cfg.rto_max_us;
		ep->rto_us = 2u * ep->rto_us > cap ? cap : 2u * ep->rto_us;
	}
	ep->frames_at_timeout = ep->st.frames_in;
}

int rru_link_ep_send(struct rru_link_ep *ep, uint8_t type, const void *payload, size_t len,
		     uint32_t now)
{
	if (len > RRU_LINK_MAX_PAYLOAD)
		return RRU_LINK_EP_TOOBIG;
	int off = ring_place(ep, RRU_LINK_OVERHEAD + len);
	if (off < 0)
		return RRU_LINK_EP_FULL;
	ep->now = now;
	uint8_t seq = ep->tx_next++;
	struct rru_link_txslot *s = slot_of(ep, seq);
	s->off = (uint16_t)off;
	s->len = (uint16_t)rru_link_frame_encode(ep->cfg.txbuf + off, type, RRU_LINK_F_ACK, seq,
						 ep->rx_expect, payload, len);
	ep->buf_head = (uint16_t)(off + s->len);
	s->sacked = 0;
	s->resent = 0;
	if (outstanding(ep) == 1)
		ep->last_progress = now; /* nothing was waiting: the clock starts now */
	if (rru_link_held_bits(ep->cfg.ooo, W, ep->rx_expect) == 0)
		ep->ack_pending = 0; /* this frame carries the same cumulative ack */
	transmit(ep, s);
	return 0;
}

int rru_link_ep_send_ctrl(struct rru_link_ep *ep, uint8_t type, const void *payload,
			  size_t len)
{
	uint8_t f[RRU_LINK_FRAME_MAX];
	size_t n = rru_link_frame_encode(f, type, RRU_LINK_F_CTRL, 0, 0, payload, len);
	if (n == 0)
		return RRU_LINK_EP_TOOBIG;
	write_frame(ep, f, n);
	return 0;
}

void rru_link_ep_resend_all(struct rru_link_ep *ep, uint32_t now)
{
	ep->now = now;
	uint8_t out = outstanding(ep);
	for (uint8_t i = 0; i < out; i++) {
		struct rru_link_txslot *s = slot_of(ep, (uint8_t)(ep->tx_base + i));
		if (!s->sacked)
			resend(ep, s);
	}
	send_ack(ep);
}

unsigned rru_link_ep_room(const struct rru_link_ep *ep)
{
	return ring_place(ep, RRU_LINK_OVERHEAD + ep->chunk) < 0 ? 0 : W - outstanding(ep);
}

bool rru_link_ep_idle(const struct rru_link_ep *ep)
{
	return outstanding(ep) == 0;
}

size_t rru_link_ep_chunk(const struct rru_link_ep *ep)
{
	return ep->chunk;
}
