/* The link protocol engine (docs/design.md §5), shared by both ends.
 *
 * Freestanding C: framing and resynchronisation (rru_link_rx_*), and the
 * reliable endpoint (rru_link_ep_*): sequence numbers, cumulative and
 * selective acknowledgements, retransmission on loss or timeout, adaptive
 * frame size. The resident kernel runs it with a go-back-N receiver (no
 * out-of-order buffer; 3.2 KiB of state with link_dev's mailbox and its 2 KiB
 * retransmission ring); the host
 * library gives it a selective-repeat buffer. Nothing here blocks or allocates: the caller feeds
 * received bytes and the current time, and gets frames out through ops.write. */
#ifndef RRU_LINK_EP_H
#define RRU_LINK_EP_H

#include "rru/link.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- frame parser ---------------------------------------------------------- */
struct rru_link_rx {
	uint8_t buf[RRU_LINK_FRAME_MAX];
	uint16_t n;
	uint16_t hdr_ok;   /* buf starts with a header already checked (not re-checked per byte) */
	uint32_t garbage;  /* bytes skipped while looking for a sync marker */
	uint32_t bad_hdr;  /* sync found but header CRC-8 wrong, reserved flags or length too big */
	uint32_t bad_crc;  /* complete frame whose CRC did not match */
	uint32_t frames;   /* good frames */
};

/* Called for each good frame, with the whole frame (sync through CRC). The
 * pointer is only valid during the call; the callback must not feed the
 * same parser. */
typedef void (*rru_link_frame_fn)(void *ctx, const uint8_t *frame, size_t len);

void rru_link_rx_init(struct rru_link_rx *rx);
/* Consumes n bytes; calls fn for every good frame found, in order. After
 * garbage or a bad frame it resumes at the next sync marker, including one
 * inside the bytes it rejected, so no good frame is lost to a bad one. */
void rru_link_rx_feed(struct rru_link_rx *rx, const uint8_t *p, size_t n,
		      rru_link_frame_fn fn, void *ctx);

/* --- reliable endpoint ----------------------------------------------------- */
struct rru_link_ep_ops {
	/* Sends one whole frame; 0 on success, negative if the link is down
	 * (the frame stays queued and is retransmitted later). */
	int (*write)(void *ctx, const uint8_t *frame, size_t len);
	/* A sequenced message, in order. Return 0 to accept it; nonzero to
	 * refuse it for now (it is not acknowledged and the peer sends it
	 * again): this is how a busy receiver applies backpressure. */
	int (*deliver)(void *ctx, uint8_t type, const uint8_t *payload, size_t len);
	/* An unsequenced control frame other than ACK (HELLO, HELLO_REPLY). */
	void (*ctrl)(void *ctx, uint8_t type, const uint8_t *payload, size_t len);
};

struct rru_link_txslot {
	uint16_t off;     /* the frame's bytes: txbuf[off .. off + len) */
	uint16_t len;
	uint8_t sacked;   /* the peer holds it out of order */
	uint8_t resent;   /* sent more than once (no RTT sample: Karn) */
	uint32_t sent_at; /* time of the last transmission, us */
	uint32_t order;   /* transmission counter at the last transmission */
};

/* Out-of-order slot of a selective-repeat receiver (host only). */
struct rru_link_rxslot {
	uint8_t used;
	uint8_t seq;
	uint8_t type;
	uint16_t len;
	uint8_t payload[RRU_LINK_MAX_PAYLOAD];
};

struct rru_link_stats {
	uint32_t frames_out;   /* every frame written, acks included */
	uint32_t frames_in;    /* good frames received */
	uint32_t delivered;    /* sequenced messages delivered */
	uint32_t retransmits;  /* frames sent again (loss or timeout) */
	uint32_t timeouts;     /* retransmission timer expiries */
	uint32_t fast_resends; /* frames resent because a later one arrived */
	uint32_t duplicates;   /* sequenced frames received twice */
	uint32_t out_of_window;
	uint32_t refused;      /* deliveries the receiver refused (busy) */
	uint32_t write_errors;
	uint32_t log_frames;   /* LOG_STREAM frames delivered (hardware log channel) */
	uint32_t log_gaps;     /* LOG_STREAM frames that came after a missing one */
	uint32_t log_dups;     /* LOG_STREAM frames received twice */
};

/* Out-of-order buffers q of n slots (shared by the receivers). Bitmap of
 * the frames q holds after `expect`: bit i = expect + 1 + i; and keeping a
 * frame, 1 if it was held already. */
uint32_t rru_link_held_bits(const struct rru_link_rxslot *q, unsigned n, uint8_t expect);
int rru_link_hold_frame(struct rru_link_rxslot *q, unsigned n, uint8_t seq, uint8_t type,
			const uint8_t *pl, size_t plen);

struct rru_link_ep;
struct rru_link_logrx {
	/* stamp: the header's ack byte, the streamer's last rewind id taken */
	void (*frame)(struct rru_link_ep *ep, uint8_t seq, uint8_t stamp, const uint8_t *pl,
		      size_t plen);
	void (*poll)(struct rru_link_ep *ep);  /* timers (ep->now is current) */
	void (*flush)(struct rru_link_ep *ep); /* after input: a LOG_ACK due at once */
	void (*reset)(struct rru_link_ep *ep); /* the channel starts again at seq 0 */
};

struct rru_link_ep_config {
	uint32_t rto_min_us; /* retransmission timeout bounds */
	uint32_t rto_max_us;
	/* Selective-repeat buffer of RRU_LINK_WINDOW slots, or NULL for a
	 * go-back-N receiver that drops out-of-order frames. */
	struct rru_link_rxslot *ooo;
	/* Retransmission ring for the frames in flight, RRU_LINK_FRAME_MAX to
	 * 65535 bytes: its size bounds the window in bytes. */
	uint8_t *txbuf;
	uint32_t txbuf_size;
};

struct rru_link_ep {
	struct rru_link_rx rx;
	const struct rru_link_ep_ops *ops;
	void *ctx;
	struct rru_link_ep_config cfg;
	struct rru_link_txslot tx[RRU_LINK_WINDOW]; /* indexed by seq % WINDOW */
	uint16_t buf_head;     /* where the next frame goes in cfg.txbuf */
	uint8_t tx_base;       /* oldest unacknowledged sequence number */
	uint8_t tx_next;       /* next sequence number to assign */
	uint8_t rx_expect;     /* next sequence number to deliver */
	uint8_t ack_pending;   /* an ACK must go out */
	uint32_t order;        /* transmission counter */
	uint32_t delivered_order; /* highest order known to have arrived */
	uint32_t now;          /* time of the current call, us */
	uint32_t srtt_us;      /* smoothed round-trip time, 0 = no sample yet */
	uint32_t rttvar_us;    /* its mean deviation */
	uint32_t rto_us;       /* current retransmission timeout */
	uint32_t rto_base_us;  /* the timeout before any backoff */
	uint32_t last_progress; /* last time the peer acknowledged something new */
	uint32_t est_bytes;    /* bytes sent, recent (halved past 32 KiB) */
	uint32_t est_loss16;   /* frames resent, x16, recent (halved alike) */
	uint32_t frames_at_timeout; /* frames_in at the last timer expiry */
	uint16_t chunk;        /* payload size senders of streams should use */
	/* The hardware log channel (receiver side, docs/design.md §5.6). */
	const struct rru_link_logrx *logrx; /* NULL: LOG_STREAM frames are ignored */
	struct rru_link_rxslot *log_ooo;    /* frames kept after a lost one, or NULL */
	uint8_t log_expect;    /* next LOG_STREAM seq to deliver */
	uint8_t log_ack;       /* a LOG_ACK must go out: 1, with rewind: 2 */
	uint8_t log_rewound;   /* a rewind was asked for log_rewind_at */
	uint8_t log_rewind_at;
	uint8_t log_nak_id;    /* id of the last rewind request (0: none yet) */
	uint8_t log_unacked;   /* frames delivered since the last LOG_ACK */
	uint32_t log_ack_at;   /* time of the first frame not yet answered, us */
	uint32_t log_sent_at;  /* time of the last LOG_ACK, us */
	struct rru_link_stats st;
};

void rru_link_ep_init(struct rru_link_ep *ep, const struct rru_link_ep_ops *ops, void *ctx,
		      const struct rru_link_ep_config *cfg, uint32_t now);
/* Forgets all sequence state (a new session: HELLO). */
void rru_link_ep_reset(struct rru_link_ep *ep, uint32_t now);
/* Feeds received bytes; delivers messages and processes acks, then sends an
 * ACK if anything new arrived. */
void rru_link_ep_input(struct rru_link_ep *ep, const uint8_t *p, size_t n, uint32_t now);
/* Retransmits what timed out; call often (every RTO / 4 at least). */
void rru_link_ep_poll(struct rru_link_ep *ep, uint32_t now);
/* Queues and sends a sequenced message. 0 ok, RRU_LINK_EP_FULL if the window
 * is full (poll and input until it drains), RRU_LINK_EP_TOOBIG. A write error
 * is not a send failure: the frame stays queued for retransmission. */
#define RRU_LINK_EP_FULL (-1)
#define RRU_LINK_EP_TOOBIG (-2)
int rru_link_ep_send(struct rru_link_ep *ep, uint8_t type, const void *payload, size_t len,
		     uint32_t now);
/* Sends an unsequenced control frame (HELLO, HELLO_REPLY). */
int rru_link_ep_send_ctrl(struct rru_link_ep *ep, uint8_t type, const void *payload,
			  size_t len);
/* The hardware log channel's receiver (link_logrx.c, host only): takes
 * LOG_STREAM frames from now on. log_ooo: RRU_LINK_LOG_STREAM_WINDOW slots
 * that keep frames after a lost one and report them in LOG_ACK, so the
 * streamer sends again only the lost ones; NULL: they are dropped and the
 * streamer goes back N. Its timers are not scaled for a slow device (a
 * simulator): an early repeat only brings a frame twice, a late one idles
 * the line (measured: scaling them lowered rru-sim's rate with errors). */
void rru_link_ep_log_enable(struct rru_link_ep *ep, struct rru_link_rxslot *log_ooo);
/* Starts the hardware log channel again at seq 0 (the host, when it asks
 * for a recording: the device's streamer restarts at 0 too). */
void rru_link_ep_log_reset(struct rru_link_ep *ep);
/* Sends every unacknowledged frame again now (after a reconnect). */
void rru_link_ep_resend_all(struct rru_link_ep *ep, uint32_t now);
/* How many more frames of the current chunk size fit in the window now (0:
 * wait for acks), and whether everything sent has been acknowledged. */
unsigned rru_link_ep_room(const struct rru_link_ep *ep);
bool rru_link_ep_idle(const struct rru_link_ep *ep);
/* Payload size to use for stream data now (from the error rate seen). */
size_t rru_link_ep_chunk(const struct rru_link_ep *ep);

#endif
