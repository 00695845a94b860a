// Bench for the hardware log streamer (rtl/rru/rru_log_streamer.sv,
// docs/design.md §5.6). Each hart's RRU log buffer is modelled as a queue
// of random records (2 + ndeps words, ndeps in bits 53:50 of the first
// word) that fills at a random rate. The bench plays the wire and the host:
// it parses the transmitted bytes with the link's own frame parser
// (firmware/link/link_frame.c), takes LOG_STREAM frames in order, and
// acknowledges through the ACK register as the kernel relays LOG_ACK. The
// wire damages bytes (a frame then fails its CRC) and the host's acks are
// delayed, lost or ask for a rewind. Checked: every hart's words arrive
// exactly once, in order; the RECORDS, BYTES and CRC registers match what
// was sent; nothing is taken while the window is full (the buffers apply
// backpressure); a CPU frame written under HOLD is never torn by a
// streamer frame; IDLE comes at the end.
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

// host side
static uint8_t expect_seq;
static bool rewind_asked;
static std::deque<std::pair<long, uint32_t>> acks; // (due cycle, ACK register value)
static unsigned frames_ok, frames_bad, gaps;
static double p_corrupt = 0.0, p_ack_lost = 0.0;
static std::vector<uint8_t> cpu_frame_got; // CPU bytes seen on the line
static bool in_cpu_frame;

static void on_frame(void *, const uint8_t *f, size_t len)
{
	uint8_t type = f[RRU_LINK_OFF_TYPE], seq = f[RRU_LINK_OFF_SEQ];
	if (type != RRU_LINK_T_LOG_STREAM) {
		if (type == RRU_LINK_T_ECHO_REPLY)
			return; // the CPU's frame, checked byte for byte elsewhere
		fail("a frame of an unexpected type");
	}
	if (!(f[RRU_LINK_OFF_FLAGS] & RRU_LINK_F_CTRL))
		fail("LOG_STREAM without F_CTRL");
	size_t plen = len - RRU_LINK_OVERHEAD;
	const uint8_t *pl = f + RRU_LINK_HDR_SIZE;
	if (plen < 9 || (plen - 1) % 8 != 0 || plen > 249)
		fail("LOG_STREAM payload is not a hart byte and whole words");
	uint8_t d = (uint8_t)(seq - expect_seq);
	uint32_t ack;
	if (d == 0) {
		if (pl[0] >= NCORES)
			fail("hart byte out of range");
		Hart &h = harts[pl[0]];
		h.got.insert(h.got.end(), pl + 1, pl + plen);
		expect_seq++;
		frames_ok++;
		rewind_asked = false;
		ack = expect_seq;
	} else if (d < 128) {
		gaps++;
		ack = expect_seq | (rewind_asked ? 0 : RRU_STREAM_ACK_REWIND);
		rewind_asked = true;
	} else {
		ack = expect_seq;
	}
	if (std::uniform_real_distribution<double>(0, 1)(rng) >= p_ack_lost)
		acks.push_back({cyc + 50 + (long)(rng() % 400), ack});
}

static struct rru_link_rx rx;
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
		rru_link_rx_feed(&rx, &b, 1, on_frame, nullptr);
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
	while (!acks.empty() && acks.front().first <= cyc) {
		uint32_t v = acks.front().second;
		acks.pop_front();
		wr(RRU_STREAM_ACK, v);
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

static void run(const char *name, uint64_t seed, double p_rec, double corrupt, double ack_lost,
		unsigned depth, uint64_t words)
{
	rng.seed(seed);
	p_corrupt = corrupt;
	p_ack_lost = ack_lost;
	for (auto &h : harts)
		h = Hart(), h.depth = depth;
	acks.clear();
	expect_seq = 0;
	rewind_asked = false;
	frames_ok = frames_bad = gaps = 0;
	words_total = 0;
	rru_link_rx_init(&rx);
	wr(RRU_STREAM_TIMEOUT, 3000);
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
				     "acks queued %zu\n", (st >> 8) & 255, (st >> 16) & 255, st >> 24, expect_seq,
				     rd(RRU_STREAM_FRAMES), rd(RRU_STREAM_RESENDS), acks.size());
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
	std::printf("tb_rru_log_streamer: %-28s %7u words %5u frames (%u resent) %4u gaps, %u CPU frames, "
		    "%ld cycles: ok\n",
		    name, bytes / 8, rd(RRU_STREAM_FRAMES), rd(RRU_STREAM_RESENDS), gaps, cpu_frames, t_end);
}

// The stream CRC in frame order: rebuilt from the frames as the host took them.
static uint32_t host_crc;
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
	run("clean line, slow records", 1, 0.002, 0.0, 0.0, 16, 20000);
	run("clean line, flood", 2, 0.9, 0.0, 0.0, 16, 60000);
	run("0.1% byte errors", 3, 0.5, 0.001, 0.0, 32, 40000);
	run("1% byte errors, lost acks", 4, 0.5, 0.01, 0.05, 16, 5000);
	run("deep buffers, 30% acks lost", 5, 0.3, 0.0, 0.3, 256, 30000);
	check_crc();
	dut->final();
	delete dut;
	return 0;
}
