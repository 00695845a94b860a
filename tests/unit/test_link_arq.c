/* The reliable endpoint (docs/design.md §5.2) between a device-configured
 * and a host-configured endpoint over a simulated serial line: in-order
 * exactly-once delivery under loss and corruption, and the window bound. */
#include "../link/vlink.c"

#include <criterion/criterion.h>

Test(link_arq, clean_line_delivers_everything_without_retransmission)
{
	static struct vlink v;
	vlink_init(&v, 3000000, 100, 0.0, 1, 200000);
	cr_assert(vlink_run(&v, 10ull * 1000000000ull));
	cr_assert_eq(v.log_got, 200000u);
	cr_assert_eq(v.dev.st.retransmits, 0u);
	cr_assert_eq(v.host.rx.bad_crc, 0u);
	/* streaming at nearly the line rate: >= 90 % of 300 kB/s as payload */
	double rate = (double)v.log_got / ((double)v.now_ns * 1e-9);
	cr_assert_geq(rate, 0.90 * 300000.0, "payload rate %.0f B/s", rate);
	vlink_free(&v);
}

/* Dropping single data frames (first, middle, several in a window): each is
 * detected and sent again, and the host's out-of-order buffer keeps the
 * frames after it (no go-back-N resend of the whole window). */
Test(link_arq, dropped_frames_are_resent_once)
{
	static struct vlink v;
	vlink_init(&v, 3000000, 100, 0.0, 2, 20000);
	v.d2h.drop_frame_mask = (1ull << 0) | (1ull << 5) | (1ull << 9) | (1ull << 11);
	cr_assert(vlink_run(&v, 10ull * 1000000000ull));
	cr_assert_eq(v.d2h.dropped > 0, 1);
	cr_assert_eq(v.dev.st.retransmits, 4u, "retransmits %u", v.dev.st.retransmits);
	cr_assert_geq(v.dev.st.fast_resends, 3u);
	cr_assert_gt(v.host.st.delivered, 0u);
	vlink_free(&v);
}

/* Lost acknowledgements: the device times out and repeats; the host sees
 * duplicates, drops them and acknowledges again. */
Test(link_arq, lost_acks_cause_duplicates_not_double_delivery)
{
	static struct vlink v;
	vlink_init(&v, 3000000, 100, 0.0, 3, 8000);
	v.h2d.drop_frame_mask = 0xFFFFFFFFFFull; /* the first 40 acks vanish */
	cr_assert(vlink_run(&v, 10ull * 1000000000ull));
	cr_assert_eq(v.log_got, 8000u);
	cr_assert_gt(v.dev.st.timeouts, 0u);
	cr_assert_gt(v.host.st.duplicates, 0u);
	vlink_free(&v);
}

Test(link_arq, one_percent_byte_errors_still_exact)
{
	static struct vlink v;
	vlink_init(&v, 3000000, 500, 0.01, 4, 100000);
	cr_assert(vlink_run(&v, 60ull * 1000000000ull), "got %llu first bad %llu",
		  (unsigned long long)v.log_got, (unsigned long long)v.first_bad);
	cr_assert_gt(v.d2h.corrupted, 100u);
	cr_assert_gt(v.host.rx.bad_crc + v.host.rx.bad_hdr, 0u);
	cr_assert_lt(rru_link_ep_chunk(&v.dev), RRU_LINK_MAX_PAYLOAD, "frame size did not adapt");
	vlink_free(&v);
}

static int refuse_count;
static int rec_write(void *ctx, const uint8_t *p, size_t n)
{
	(void)ctx, (void)p, (void)n;
	return 0;
}
static int refusing(void *ctx, uint8_t t, const uint8_t *p, size_t n)
{
	(void)ctx, (void)t, (void)p, (void)n;
	return refuse_count-- > 0;
}

Test(link_arq, window_bound_and_refusal)
{
	static const struct rru_link_ep_ops ops = {rec_write, refusing, NULL};
	static uint8_t tx[RRU_LINK_TXBUF];
	struct rru_link_ep_config cfg = {20000, 500000, NULL, tx, sizeof tx};
	static struct rru_link_ep a, b;
	rru_link_ep_init(&a, &ops, NULL, &cfg, 0);
	for (unsigned i = 0; i < RRU_LINK_WINDOW; i++)
		cr_assert_eq(rru_link_ep_send(&a, RRU_LINK_T_ECHO, "x", 1, 0), 0);
	cr_assert_eq(rru_link_ep_send(&a, RRU_LINK_T_ECHO, "x", 1, 0), RRU_LINK_EP_FULL);
	cr_assert_eq(rru_link_ep_room(&a), 0u);
	uint8_t big[RRU_LINK_MAX_PAYLOAD + 1] = {0};
	cr_assert_eq(rru_link_ep_send(&a, RRU_LINK_T_ECHO, big, sizeof big, 0), RRU_LINK_EP_TOOBIG);
	/* the byte bound: only a ring's worth (2048 / 269) of maximal frames fit */
	rru_link_ep_init(&a, &ops, NULL, &cfg, 0);
	unsigned fit = 0;
	while (rru_link_ep_send(&a, RRU_LINK_T_ECHO, big, RRU_LINK_MAX_PAYLOAD, 0) == 0)
		fit++;
	cr_assert_eq(fit, RRU_LINK_TXBUF / RRU_LINK_FRAME_MAX);
	/* the rest of the ring still takes a small frame */
	cr_assert_eq(rru_link_ep_send(&a, RRU_LINK_T_ECHO, big, 100, 0), 0);
	/* a refused delivery is not acknowledged: rx_expect stays */
	rru_link_ep_init(&b, &ops, NULL, &cfg, 0);
	uint8_t f[RRU_LINK_FRAME_MAX];
	size_t n = rru_link_frame_encode(f, RRU_LINK_T_ECHO, RRU_LINK_F_ACK, 0, 0, "y", 1);
	refuse_count = 1;
	rru_link_ep_input(&b, f, n, 0);
	cr_assert_eq(b.rx_expect, 0);
	cr_assert_eq(b.st.refused, 1u);
	rru_link_ep_input(&b, f, n, 1000);
	cr_assert_eq(b.rx_expect, 1);
	cr_assert_eq(b.st.delivered, 1u);
}
