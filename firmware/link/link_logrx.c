/* The host's receiver of the hardware log channel (docs/design.md §5.6):
 * LOG_STREAM frames from the device's log streamer, delivered as LOG_DATA
 * in their own seq order and answered with LOG_ACK. Host only: the device
 * sends this channel and never links this file. */
#include "link_ep.h"

void rru_link_ep_log_reset(struct rru_link_ep *ep)
{
	ep->log_expect = 0;
	ep->log_ack = 0;
	ep->log_rewound = 0;
	ep->log_unacked = 0;
	ep->log_nak_id = 0;
	if (ep->log_ooo)
		for (unsigned i = 0; i < RRU_LINK_LOG_STREAM_WINDOW; i++)
			ep->log_ooo[i].used = 0;
}

#define LW RRU_LINK_LOG_STREAM_WINDOW

/* One more LOG_STREAM frame to answer; the LOG_ACK delay runs from the first. */
static void log_count(struct rru_link_ep *ep)
{
	if (!ep->log_unacked)
		ep->log_ack_at = ep->now;
	if (ep->log_unacked < 255)
		ep->log_unacked++;
}

/* Delivers the in-order LOG_STREAM frame; 0, or nonzero if refused. */
static int log_deliver(struct rru_link_ep *ep, const uint8_t *pl, size_t plen)
{
	if (ep->ops->deliver(ep->ctx, RRU_LINK_T_LOG_DATA, pl, plen) != 0) {
		ep->st.refused++; /* not acknowledged: it comes again */
		return 1;
	}
	ep->st.log_frames++;
	ep->log_expect++;
	ep->log_rewound = 0;
	log_count(ep);
	return 0;
}

/* A LOG_STREAM frame: delivered as LOG_DATA in seq order. A frame after a
 * missing one is kept (log_ooo) and asks for a rewind, which the streamer
 * answers with the missing frames only; the request is repeated when a
 * frame stamped with its id shows the repeat was lost too, or LOG_RENAK_US
 * after the last LOG_ACK (the request itself was lost; the streamer's own
 * timeout is far longer). In-order frames are acknowledged every
 * LOG_ACK_EVERY frames or LOG_ACK_DELAY_US after the first unacknowledged
 * one (log_poll): every LOG_ACK costs the device's receiver its bytes (§5.6). */
#define LOG_ACK_EVERY 8u
#define LOG_ACK_DELAY_US 20000u
#define LOG_DUP_ACK_US 2000u
#define LOG_RENAK_US 10000u
static void on_log_stream(struct rru_link_ep *ep, uint8_t seq, uint8_t stamp, const uint8_t *pl,
			  size_t plen)
{
	uint8_t d = (uint8_t)(seq - ep->log_expect);
	struct rru_link_rxslot *q = ep->log_ooo;
	if (d == 0) {
		if (log_deliver(ep, pl, plen))
			return;
		/* then the frames it was holding up */
		while (q) {
			struct rru_link_rxslot *r = &q[ep->log_expect % LW];
			if (!r->used || r->seq != ep->log_expect || log_deliver(ep, r->payload, r->len))
				break;
			r->used = 0;
		}
		if (!ep->log_ack && ep->log_unacked >= LOG_ACK_EVERY)
			ep->log_ack = 1;
	} else if (d < LW) {
		ep->st.log_gaps++;
		if (q && rru_link_hold_frame(q, LW, seq, RRU_LINK_T_LOG_DATA, pl, plen))
			ep->st.log_dups++;
		/* The streamer stamps each frame with the id of the last rewind
		 * request it took and sends the missing frames first: a frame
		 * stamped with ours that is not the missing one means the repeat
		 * was lost too. */
		if (!ep->log_rewound || ep->log_rewind_at != ep->log_expect ||
		    stamp == ep->log_nak_id) {
			ep->log_rewound = 1;
			ep->log_rewind_at = ep->log_expect;
			ep->log_ack = 2;
		} else {
			log_count(ep);
		}
	} else if (d < 128) {
		ep->st.out_of_window++;
	} else {
		/* a LOG_ACK was lost or came late: say again where we are, at
		 * once, but not for every frame of a resend pass */
		ep->st.log_dups++;
		log_count(ep);
		if (!ep->log_ack && ep->now - ep->log_sent_at >= LOG_DUP_ACK_US)
			ep->log_ack = 1;
	}
}

static void send_log_ack(struct rru_link_ep *ep)
{
	uint8_t pl[RRU_LINK_LOG_ACK_SIZE] = {ep->log_expect,
					      ep->log_ack == 2 ? RRU_LINK_LOG_ACK_F_REWIND : 0};
	rru_link_put32(pl + 2, rru_link_held_bits(ep->log_ooo, LW, ep->log_expect));
	if (ep->log_ack == 2)
		ep->log_nak_id++; /* 0 is never a request's: frames before any carry it */
	if (!ep->log_nak_id)
		ep->log_nak_id = 1;
	pl[6] = ep->log_nak_id;
	ep->log_ack = 0;
	ep->log_unacked = 0;
	ep->log_sent_at = ep->now;
	rru_link_ep_send_ctrl(ep, RRU_LINK_T_LOG_ACK, pl, sizeof pl);
}

/* A gap still open LOG_RENAK_US after the last LOG_ACK (the frames sent
 * again were lost too, or the request was) is asked for again; in-order
 * frames are acknowledged LOG_ACK_DELAY_US after the first one. */
static void log_poll(struct rru_link_ep *ep)
{
	if (ep->log_rewound && ep->log_rewind_at == ep->log_expect &&
	    ep->now - ep->log_sent_at >= LOG_RENAK_US)
		ep->log_ack = 2;
	if (ep->log_ack || (ep->log_unacked && ep->now - ep->log_ack_at >= LOG_ACK_DELAY_US))
		send_log_ack(ep);
}

static void log_flush(struct rru_link_ep *ep)
{
	if (ep->log_ack)
		send_log_ack(ep);
}

static const struct rru_link_logrx logrx = {on_log_stream, log_poll, log_flush,
					     rru_link_ep_log_reset};

void rru_link_ep_log_enable(struct rru_link_ep *ep, struct rru_link_rxslot *log_ooo)
{
	ep->logrx = &logrx;
	ep->log_ooo = log_ooo;
	rru_link_ep_log_reset(ep);
}
