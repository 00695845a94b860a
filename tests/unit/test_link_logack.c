/* The host's side of the hardware log channel (docs/design.md §5.6):
 * LOG_STREAM frames delivered in seq order, frames after a lost one kept
 * and reported in LOG_ACK's bitmap, the rewind request repeated while the
 * gap stays open (at once when a frame stamped with the request's id shows
 * that the repeat was lost, else after a time), duplicates re-acknowledged,
 * and a receiver without a buffer asking for go-back-N (an empty bitmap). */
#include "../../firmware/link/link_ep.h"

#include <criterion/criterion.h>
#include <string.h>

struct logack {
	uint8_t next, flags;
	uint32_t held;
	uint8_t id;
};
static struct logack acks[64];
static unsigned nacks;
static uint8_t delivered[64]; /* the first payload byte after the hart: the frame's seq */
static unsigned ndelivered;

static void ack_frame(void *ctx, const uint8_t *f, size_t len)
{
	(void)ctx;
	if (f[RRU_LINK_OFF_TYPE] != RRU_LINK_T_LOG_ACK)
		return;
	cr_assert_eq(len - RRU_LINK_OVERHEAD, RRU_LINK_LOG_ACK_SIZE);
	const uint8_t *pl = f + RRU_LINK_HDR_SIZE;
	cr_assert_lt(nacks, 64u);
	acks[nacks++] = (struct logack){pl[0], pl[1], rru_link_get32(pl + 2), pl[6]};
}

static struct rru_link_rx wire;
static int host_write(void *ctx, const uint8_t *f, size_t n)
{
	(void)ctx;
	rru_link_rx_feed(&wire, f, n, ack_frame, NULL);
	return 0;
}
static int host_deliver(void *ctx, uint8_t type, const uint8_t *pl, size_t n)
{
	(void)ctx;
	cr_assert_eq(type, RRU_LINK_T_LOG_DATA);
	cr_assert_eq(n, 9u);
	delivered[ndelivered++] = pl[1];
	return 0;
}
static const struct rru_link_ep_ops ops = {host_write, host_deliver, NULL};

static struct rru_link_ep ep;
static struct rru_link_rxslot log_ooo[RRU_LINK_LOG_STREAM_WINDOW];
static uint8_t txbuf[RRU_LINK_TXBUF];

static void start(int keep)
{
	struct rru_link_ep_config cfg = {20000, 500000, NULL, txbuf, sizeof txbuf};
	rru_link_rx_init(&wire);
	nacks = ndelivered = 0;
	rru_link_ep_init(&ep, &ops, NULL, &cfg, 0);
	rru_link_ep_log_enable(&ep, keep ? log_ooo : NULL);
}

/* The streamer's frame seq, stamped with the last rewind id it took: hart
 * 1, one word whose first byte is seq. */
static void frame_stamped(uint8_t seq, uint8_t stamp, uint32_t now_us)
{
	uint8_t pl[9] = {1, seq, 0, 0, 0, 0, 0, 0, 0xAB};
	uint8_t f[RRU_LINK_FRAME_MAX];
	size_t n = rru_link_frame_encode(f, RRU_LINK_T_LOG_STREAM, RRU_LINK_F_CTRL, seq, stamp, pl,
					 sizeof pl);
	rru_link_ep_input(&ep, f, n, now_us);
}
static void frame(uint8_t seq, uint32_t now_us) { frame_stamped(seq, 0, now_us); }

/* Frames 0, 2, 3 (1 lost): 0 delivered, one rewind request at once, when
 * 2 came; it reports the frames held (bit 0: 2) if the receiver keeps them. */
static void lose_frame_1(int keep)
{
	start(keep);
	frame(0, 100);
	frame(2, 200);
	frame(3, 300);
	cr_assert_eq(ndelivered, 1u);
	cr_assert_eq(nacks, 1u);
	cr_assert_eq(acks[0].next, 1);
	cr_assert_eq(acks[0].flags, RRU_LINK_LOG_ACK_F_REWIND);
	cr_assert_eq(acks[0].held, keep ? 0x1u : 0u);
	cr_assert_eq(acks[0].id, 1);
}

Test(link_logack, frames_after_a_lost_one_are_kept_and_reported)
{
	lose_frame_1(1);
	/* the gap stays open: asked again 10 ms after the last LOG_ACK, not before */
	rru_link_ep_poll(&ep, 5000);
	cr_assert_eq(nacks, 1u);
	rru_link_ep_poll(&ep, 10300);
	cr_assert_eq(nacks, 2u);
	cr_assert_eq(acks[1].flags, RRU_LINK_LOG_ACK_F_REWIND);
	cr_assert_eq(acks[1].held, 0x3u);
	/* the missing frame: it and the two kept ones, in order */
	frame(1, 11000);
	cr_assert_eq(ndelivered, 4u);
	for (unsigned i = 0; i < 4; i++)
		cr_assert_eq(delivered[i], i);
	cr_assert_eq(ep.log_expect, 4);
	/* acknowledged within 20 ms, nothing held, no rewind */
	rru_link_ep_poll(&ep, 11000 + 20000);
	cr_assert_eq(nacks, 3u);
	cr_assert_eq(acks[2].next, 4);
	cr_assert_eq(acks[2].flags, 0);
	cr_assert_eq(acks[2].held, 0u);
	/* no more rewind requests once the gap is closed */
	rru_link_ep_poll(&ep, 100000);
	cr_assert_eq(nacks, 3u);
}

Test(link_logack, a_frame_stamped_with_the_request_shows_the_repeat_was_lost)
{
	lose_frame_1(1);
	/* frames sent before the streamer took the request: no new request */
	frame_stamped(4, 0, 400);
	cr_assert_eq(nacks, 1u);
	/* the streamer took request 1, sent 1 again (lost) and then 5 */
	frame_stamped(5, 1, 500);
	cr_assert_eq(nacks, 2u, "a lost repeat is asked for again at once");
	cr_assert_eq(acks[1].flags, RRU_LINK_LOG_ACK_F_REWIND);
	cr_assert_eq(acks[1].id, 2);
	cr_assert_eq(acks[1].held, 0xFu); /* 2, 3, 4, 5 */
	frame_stamped(6, 1, 600); /* still request 1's: already asked again */
	cr_assert_eq(nacks, 2u);
	frame_stamped(1, 2, 700);
	cr_assert_eq(ndelivered, 7u);
	for (unsigned i = 0; i < 7; i++)
		cr_assert_eq(delivered[i], i);
}

Test(link_logack, a_frame_kept_twice_is_a_duplicate_and_delivered_once)
{
	start(1);
	frame(1, 100);
	frame(1, 200);
	cr_assert_eq(ep.st.log_dups, 1u);
	frame(0, 300);
	cr_assert_eq(ndelivered, 2u);
	cr_assert_eq(delivered[0], 0);
	cr_assert_eq(delivered[1], 1);
}

Test(link_logack, duplicates_are_acknowledged_again_at_most_every_2_ms)
{
	start(1);
	for (uint8_t s = 0; s < 8; s++)
		frame(s, 100);
	cr_assert_eq(nacks, 1u); /* every 8 frames */
	cr_assert_eq(acks[0].next, 8);
	/* that LOG_ACK was lost: the streamer sends 6 and 7 again */
	frame(6, 1000);
	frame(7, 1100);
	cr_assert_eq(nacks, 1u, "re-acknowledged within 2 ms of the last LOG_ACK");
	frame(6, 2200);
	cr_assert_eq(nacks, 2u);
	cr_assert_eq(acks[1].next, 8);
	frame(7, 2300);
	cr_assert_eq(nacks, 2u);
	cr_assert_eq(ndelivered, 8u);
}

Test(link_logack, a_receiver_without_a_buffer_asks_to_go_back)
{
	lose_frame_1(0); /* nothing kept: the streamer must send 2 and 3 again */
	frame(1, 400);
	frame(2, 500);
	frame(3, 600);
	cr_assert_eq(ndelivered, 4u);
	for (unsigned i = 0; i < 4; i++)
		cr_assert_eq(delivered[i], i);
}
