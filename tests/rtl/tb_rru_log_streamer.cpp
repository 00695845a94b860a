// Bench for the hardware log streamer (rtl/rru/rru_log_streamer.sv,
// docs/design.md §5.6). Each hart's RRU log buffer is modelled as a queue
// of random records (2 + ndeps words, ndeps in bits 53:50 of the first
// word) that fills at a random rate. The bench plays the wire and the host:
// the host is the link's own endpoint (firmware/link/link_ep.c, as the host
// library runs it: LOG_STREAM frames after a lost one kept, or dropped when
// it has no buffer for them), and its LOG_ACK frames reach the SACK and ACK
// registers as the kernel relays them. The wire damages bytes (a frame then
// fails its CRC) and the host's acks are delayed or lost. Checked: every
// hart's words arrive exactly once, in order; the RECORDS, BYTES and CRC
// registers match what was sent; nothing is taken while the window is full
// (the buffers apply backpressure); a CPU frame written under HOLD is never
// torn by a streamer frame; IDLE comes at the end; with the host keeping
// frames, only lost frames are sent again (selective repeat) and the share
// of the line that carries log words stays near what the error rate allows.
#include "Vrru_log_streamer.h"
#include "verilated.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <random>
#include <vector>

extern "C" {
#include "../../firmware/link/link_ep.h"
#include "rru/memmap.h"
}

#ifndef NCORES
#define NCORES 4
#endif

static Vrru_log_streamer *dut;
static long cyc;
static std::mt19937_64 rng;

static int fail(const char *what)
{
	std::fprintf(stderr, "tb_rru_log_streamer: FAIL at cycle %ld: %s\n", cyc, what);
	std::exit(1);
}

struct Hart {
	std::deque<uint64_t> fifo;  // the RRU's log buffer
	std::vector<uint64_t> sent; // every word the RRU wrote, in order
	std::vector<uint8_t> got;   // the bytes the host received for it
	uint32_t records = 0;
	unsigned depth = 16;
};
static Hart harts[NCORES];

// host side: the link endpoint; its LOG_ACKs, delayed, reach the registers
struct Ack {
	long due;
	uint32_t sack, ack;
};
static std::deque<Ack> acks;
static double p_corrupt = 0.0, p_ack_lost = 0.0;
static std::vector<uint8_t> cpu_frame_got; // CPU bytes seen on the line
static bool in_cpu_frame;
static struct rru_link_ep host;
static struct rru_link_rxslot host_log_ooo[RRU_LINK_LOG_STREAM_WINDOW];
static uint8_t host_txbuf[4096];
static uint64_t line_bytes; // every byte the line carried
static unsigned frames_damaged; // frames the host's parser rejected

// The bench's serialiser takes a byte every 1.33 cycles: a cycle is 2.5 us
// of a 3 Mbaud line (the host's timers see the line's time).
static uint32_t now_us() { return (uint32_t)(cyc * 5 / 2); }

static int host_deliver(void *, uint8_t type, const uint8_t *pl, size_t plen)
{
	if (type == RRU_LINK_T_ECHO_REPLY)
		return 0; // the CPU's frame
	if (type != RRU_LINK_T_LOG_DATA)
		fail("the host delivered something other than LOG_DATA");
	if (plen < 9 || (plen - 1) % 8 != 0 || plen > 249)
		fail("LOG_STREAM payload is not a hart byte and whole words");
	if (pl[0] >= NCORES)
		fail("hart byte out of range");
	Hart &h = harts[pl[0]];
	h.got.insert(h.got.end(), pl + 1, pl + plen);
	return 0;
}

// The kernel's side of LOG_ACK: link_dev hands it next, flags, bitmap.
static void ack_frame(void *, const uint8_t *f, size_t len)
{
	if (f[RRU_LINK_OFF_TYPE] != RRU_LINK_T_LOG_ACK || len - RRU_LINK_OVERHEAD < RRU_LINK_LOG_ACK_SIZE)
		return;
	const uint8_t *pl = f + RRU_LINK_HDR_SIZE;
	if (std::uniform_real_distribution<double>(0, 1)(rng) < p_ack_lost)
		return;
	uint32_t ack = pl[0] | (pl[1] & RRU_LINK_LOG_ACK_F_REWIND ? RRU_STREAM_ACK_REWIND : 0) |
		       (uint32_t)pl[6] << RRU_STREAM_ACK_ID_SHIFT;
	acks.push_back({cyc + 50 + (long)(rng() % 400), rru_link_get32(pl + 2), ack});
}

static struct rru_link_rx ack_rx;
static int host_write(void *, const uint8_t *f, size_t len)
{
	rru_link_rx_feed(&ack_rx, f, len, ack_frame, nullptr);
	return 0;
}
static void host_ctrl(void *, uint8_t, const uint8_t *, size_t) {}
static const struct rru_link_ep_ops host_ops = {host_write, host_deliver, host_ctrl};

// The CPU's own frame (ECHO_REPLY) is checked byte for byte elsewhere; the
// host's parser still sees it, as on the real line.
static bool line_free; // this cycle the serialiser has room (the CPU writes only then)

static void set_inputs()
{
	for (int i = 0; i < NCORES; i++) {
		Hart &h = harts[i];
		dut->log_valid_i = (dut->log_valid_i & ~(1u << i)) | ((h.fifo.empty() ? 0u : 1u) << i);
		dut->log_data_i[2 * i] = h.fifo.empty() ? 0 : (uint32_t)h.fifo.front();
		dut->log_data_i[2 * i + 1] = h.fifo.empty() ? 0 : (uint32_t)(h.fifo.front() >> 32);
	}
}

// One cycle: the register access given (sel), the line's busy flag.
static uint32_t cycle(bool sel = false, bool we = false, uint32_t addr = 0, uint32_t wdata = 0,
		      bool cpu_tx = false, uint8_t cpu_byte = 0)
{
	set_inputs();
	dut->sel_i = sel;
	dut->we_i = we;
	dut->addr_i = addr;
	dut->wdata_i = wdata;
	dut->cpu_tx_valid_i = cpu_tx;
	dut->cpu_tx_data_i = cpu_byte;
	dut->tx_busy_i = line_free ? 0 : (rng() % 4) == 0; // a slow, irregular serialiser
	dut->eval();
	uint32_t rd = dut->rdata_o;
	// what the line carries this cycle
	if (dut->tx_valid_o) {
		if (dut->tx_busy_i)
			fail("a byte while the serialiser is busy");
		uint8_t b = dut->tx_data_o;
		if (cpu_tx && b != cpu_byte)
			fail("the CPU's byte was replaced");
		if (!cpu_tx && in_cpu_frame)
			fail("a streamer byte inside the CPU's frame");
		if (cpu_tx)
			cpu_frame_got.push_back(b);
		if (std::uniform_real_distribution<double>(0, 1)(rng) < p_corrupt)
			b ^= (uint8_t)(1u << (rng() % 8));
		line_bytes++;
		uint32_t bad = host.rx.bad_crc + host.rx.bad_hdr;
		rru_link_ep_input(&host, &b, 1, now_us());
		frames_damaged += host.rx.bad_crc + host.rx.bad_hdr - bad;
	}
	// pops
	for (int i = 0; i < NCORES; i++)
		if ((dut->log_pop_o >> i) & 1) {
			if (harts[i].fifo.empty())
				fail("pop of an empty buffer");
			harts[i].fifo.pop_front();
		}
	dut->clk_i = 1;
	dut->eval();
	dut->clk_i = 0;
	dut->eval();
	cyc++;
	return rd;
}

static uint32_t rd(uint32_t addr) { return cycle(true, false, addr); }
static void wr(uint32_t addr, uint32_t v) { cycle(true, true, addr, v); }

// The RRUs write records at random: hart i gets a record with probability p
// per cycle while its buffer has room (a full buffer holds the core).
static uint64_t words_total;
static void produce(double p, uint64_t limit)
{
	for (int i = 0; i < NCORES; i++) {
		Hart &h = harts[i];
		if (words_total >= limit || std::uniform_real_distribution<double>(0, 1)(rng) >= p)
			continue;
		unsigned ndeps = (unsigned)(rng() % 8);
		if (h.fifo.size() + 2 + ndeps > h.depth)
			continue;
		uint64_t w0 = (rng() & ~(15ull << 50)) | ((uint64_t)ndeps << 50);
		h.fifo.push_back(w0);
		h.sent.push_back(w0);
		for (unsigned k = 0; k < 1 + ndeps; k++) {
			uint64_t w = rng();
			h.fifo.push_back(w);
			h.sent.push_back(w);
		}
		h.records++;
		words_total += 2 + ndeps;
	}
}

static void deliver_acks()
{
	if (cyc % 64 == 0)
		rru_link_ep_poll(&host, now_us());
	while (!acks.empty() && acks.front().due <= cyc) {
		Ack a = acks.front();
		acks.pop_front();
		wr(RRU_STREAM_SACK, a.sack);
		wr(RRU_STREAM_ACK, a.ack);
	}
}

// The kernel's frame: HOLD, wait for the grant, the bytes, release.
static void cpu_frame(unsigned n)
{
	wr(RRU_STREAM_HOLD, 1);
	long t0 = cyc;
	while (!(rd(RRU_STREAM_STATUS) & RRU_STREAM_STATUS_GRANT)) {
		if (cyc - t0 > 20000)
			fail("HOLD never granted");
	}
	uint8_t payload[64];
	for (unsigned i = 0; i < n; i++)
		payload[i] = (uint8_t)rng();
	uint8_t f[RRU_LINK_FRAME_MAX];
	size_t len = rru_link_frame_encode(f, RRU_LINK_T_ECHO_REPLY, 0, 0, 0, payload, n);
	cpu_frame_got.clear();
	in_cpu_frame = true;
	for (size_t i = 0; i < len; i++) {
		// the kernel writes THR only when the line has room
		while (rng() % 3 == 0)
			cycle();
		line_free = true;
		cycle(false, false, 0, 0, true, f[i]);
		line_free = false;
	}
	in_cpu_frame = false;
	if (cpu_frame_got.size() != len || std::memcmp(cpu_frame_got.data(), f, len) != 0)
		fail("the CPU's frame did not leave whole");
	wr(RRU_STREAM_HOLD, 0);
}

// One stream of `words` words; sr: the host keeps out-of-order frames.
// Returns the share of the line's bytes that were log words.
static double run(const char *name, uint64_t seed, double p_rec, double corrupt, double ack_lost,
		  unsigned depth, uint64_t words, bool sr)
{
	rng.seed(seed);
	p_corrupt = corrupt;
	p_ack_lost = ack_lost;
	for (auto &h : harts)
		h = Hart(), h.depth = depth;
	acks.clear();
	words_total = 0;
	line_bytes = 0;
	frames_damaged = 0;
	struct rru_link_ep_config hc = {20000, 500000, nullptr, host_txbuf, sizeof host_txbuf};
	rru_link_ep_init(&host, &host_ops, nullptr, &hc, now_us());
	rru_link_ep_log_enable(&host, sr ? host_log_ooo : nullptr);
	rru_link_rx_init(&ack_rx);
	wr(RRU_STREAM_TIMEOUT, 40000); // 100 ms of the line, like the kernel's
	wr(RRU_STREAM_CTRL, RRU_STREAM_CTRL_RESET | RRU_STREAM_CTRL_EN);
	uint32_t win = rd(RRU_STREAM_CFG) & 0xFFFF;
	long t_end = 0;
	unsigned cpu_frames = 0;
	for (long t = 0;; t++) {
		produce(p_rec, words);
		deliver_acks();
		if (rng() % 5000 == 0) {
			cpu_frame(1 + (unsigned)(rng() % 40));
			cpu_frames++;
		}
		cycle();
		// backpressure: words taken but not acknowledged never exceed the window
		uint64_t held = 0;
		for (auto &h : harts)
			held += h.sent.size() - h.fifo.size() - h.got.size() / 8;
		if (held > win)
			fail("more words taken than the window holds");
		if (words_total >= words) {
			bool drained = acks.empty();
			for (auto &h : harts)
				drained = drained && h.fifo.empty() && h.got.size() == 8 * h.sent.size();
			if (drained) {
				t_end = t;
				break;
			}
		}
		if (t > 20000000) {
			uint32_t st = rd(RRU_STREAM_STATUS);
			std::fprintf(stderr, "status ack %u send %u fill %u, host expects %u, frames %u resends %u, "
				     "acks queued %zu\n", (st >> 8) & 255, (st >> 16) & 255, st >> 24, host.log_expect,
				     rd(RRU_STREAM_FRAMES), rd(RRU_STREAM_RESENDS), acks.size());
			std::fprintf(stderr, "host holds:");
			for (unsigned i = 0; i < RRU_LINK_LOG_STREAM_WINDOW; i++)
				if (host_log_ooo[i].used)
					std::fprintf(stderr, " %u", host_log_ooo[i].seq);
			std::fprintf(stderr, "; gaps %u dups %u bad crc %u\n", host.st.log_gaps, host.st.log_dups,
				     host.rx.bad_crc);
			fail("no progress: the stream never completed");
		}
	}
	// the last acks land (a lost one: the timeout resends, the host acks again)
	for (int i = 0; i < 200000 && !(rd(RRU_STREAM_STATUS) & RRU_STREAM_STATUS_IDLE); i++) {
		deliver_acks();
		cycle();
	}
	if (!(rd(RRU_STREAM_STATUS) & RRU_STREAM_STATUS_IDLE))
		fail("not IDLE with everything acknowledged");
	uint32_t bytes = 0;
	for (int i = 0; i < NCORES; i++) {
		Hart &h = harts[i];
		std::vector<uint8_t> want(8 * h.sent.size());
		for (size_t k = 0; k < h.sent.size(); k++)
			for (int b = 0; b < 8; b++)
				want[8 * k + b] = (uint8_t)(h.sent[k] >> (8 * b));
		if (want != h.got)
			fail("a hart's stream differs from what its RRU wrote");
		if (rd(RRU_STREAM_RECORDS(i)) != h.records)
			fail("RECORDS differs from the records written");
		bytes += (uint32_t)want.size();
	}
	if (rd(RRU_STREAM_BYTES) != bytes)
		fail("BYTES differs from the stream's length");
	uint32_t resends = rd(RRU_STREAM_RESENDS);
	double share = (double)bytes / (double)line_bytes;
	std::printf("tb_rru_log_streamer: %-34s %6u words %5u frames, %4u damaged, %4u resent, %u CPU frames, "
		    "%ld cycles, %.1f%% of the line's bytes are log words: ok\n",
		    name, bytes / 8, rd(RRU_STREAM_FRAMES), frames_damaged, resends, cpu_frames, t_end,
		    100.0 * share);
	// Selective repeat: a frame is sent again because it (or the ack that
	// would have spared it) was lost, not because an earlier one was.
	if (sr && resends > 2 * frames_damaged + 2 * rd(RRU_STREAM_FRAMES) * ack_lost + 16)
		fail("more frames sent again than were lost: not selective");
	return share;
}

// The stream CRC in frame order: rebuilt from the frames as the host took them.
static uint32_t host_crc;
static uint8_t expect_seq;
static void crc_frame(void *, const uint8_t *f, size_t len)
{
	if (f[RRU_LINK_OFF_TYPE] == RRU_LINK_T_LOG_STREAM && f[RRU_LINK_OFF_SEQ] == expect_seq) {
		host_crc = rru_link_crc32(host_crc, f + RRU_LINK_HDR_SIZE + 1, len - RRU_LINK_OVERHEAD - 1);
		expect_seq++;
		wr(RRU_STREAM_ACK, expect_seq);
	}
}

static void check_crc()
{
	rng.seed(99);
	for (auto &h : harts)
		h = Hart(), h.depth = 64;
	words_total = 0;
	expect_seq = 0;
	host_crc = 0;
	struct rru_link_rx r2;
	rru_link_rx_init(&r2);
	wr(RRU_STREAM_CTRL, RRU_STREAM_CTRL_RESET | RRU_STREAM_CTRL_EN);
	for (long t = 0; t < 200000; t++) {
		produce(0.05, 3000);
		set_inputs();
		dut->sel_i = 0;
		dut->cpu_tx_valid_i = 0;
		dut->tx_busy_i = 0;
		dut->eval();
		bool v = dut->tx_valid_o;
		uint8_t b = dut->tx_data_o;
		for (int i = 0; i < NCORES; i++)
			if ((dut->log_pop_o >> i) & 1)
				harts[i].fifo.pop_front();
		dut->clk_i = 1;
		dut->eval();
		dut->clk_i = 0;
		dut->eval();
		cyc++;
		if (v)
			rru_link_rx_feed(&r2, &b, 1, crc_frame, nullptr);
	}
	if (!(rd(RRU_STREAM_STATUS) & RRU_STREAM_STATUS_IDLE))
		fail("CRC run: not IDLE");
	if (rd(RRU_STREAM_CRC) != host_crc)
		fail("CRC register differs from the CRC-32 of the stream in frame order");
	std::printf("tb_rru_log_streamer: stream CRC 0x%08x matches (%u bytes)\n", host_crc,
		    rd(RRU_STREAM_BYTES));
}

int main(int argc, char **argv)
{
	Verilated::commandArgs(argc, argv);
	dut = new Vrru_log_streamer;
	dut->clk_i = 0;
	dut->rst_ni = 0;
	dut->eval();
	dut->rst_ni = 1;
	dut->eval();
	if (rd(RRU_STREAM_ID) != RRU_STREAM_ID_MAGIC)
		fail("ID register");
	double clean = run("clean line, flood", 2, 0.9, 0.0, 0.0, 16, 60000, true);
	run("clean line, slow records", 1, 0.002, 0.0, 0.0, 16, 20000, true);
	double e01 = run("0.1% byte errors", 3, 0.5, 0.001, 0.0, 32, 40000, true);
	double e1 = run("1% byte errors", 6, 0.5, 0.01, 0.0, 32, 20000, true);
	run("1% byte errors, 5% acks lost", 4, 0.5, 0.01, 0.05, 16, 5000, true);
	run("deep buffers, 30% acks lost", 5, 0.3, 0.0, 0.3, 256, 30000, true);
	double gbn = run("1% byte errors, host keeps nothing", 6, 0.5, 0.01, 0.0, 32, 20000, false);
	run("0.1% errors, host keeps nothing", 7, 0.5, 0.001, 0.05, 16, 10000, false);
	// The payload share a frame size can reach at each byte error rate e
	// (the best n bytes of words in a frame of n + 14 bytes, each lost with e):
	// clean 94.7 %, 0.1 % 78 %, 1 % 44 %. The streamer must stay near it.
	if (clean < 0.90 || e01 < 0.60 || e1 < 0.28)
		fail("the log's share of the line is far below what the error rate allows");
	if (e1 < 1.5 * gbn)
		fail("keeping frames after a lost one gains nothing over going back N");
	check_crc();
	dut->final();
	delete dut;
	return 0;
}
