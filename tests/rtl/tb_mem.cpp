// Bench for the memory system (rru_memsys) without cores: N simulated cores
// drive their data and instruction ports with random loads, stores (byte,
// half, word), AMOs, LR/SC, reservation-CSR writes, device accesses and
// fetches, with random gaps and random bus latency, against a golden memory.
//
// The atomic bus makes the system sequentially consistent at the instant an
// access is answered (rvalid), so the golden model applies every answered
// access in that cycle and checks its value: loads and AMOs return the golden
// word, SC succeeds exactly when the golden reservation says so (set by LR,
// cleared by this core's SC, by a CSR write, or by any other core's store,
// AMO, LR or SC to the line: each of those needs the line in M, so a
// BusRdX/BusUpgr after the LR), fetches after fence.i return the current
// word. The RAM is compared with the golden model at the end after the
// caches are drained by reads from another core. Any access that waits more
// than a bound is a deadlock or livelock.
//
// Usage: Vrru_memsys [cycles] [seed]
#include "Vrru_memsys.h"
#include "Vrru_memsys___024root.h"
#include "verilated.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <vector>

#ifndef NCORES
#define NCORES 4
#endif
#ifndef RAM_BYTES
#define RAM_BYTES 65536
#endif

static const uint32_t RAM_BASE = 0x80000000u;
static const uint32_t DEV_BASE = 0x10000000u; // 64 scratch words
static const uint32_t BAD_BASE = 0x40000000u; // decodes to nothing: error
static const uint32_t CODE_OFF = RAM_BYTES / 2; // upper half: never written
static const long MAX_WAIT = 5000;

enum { OP_LOAD, OP_STORE, OP_AMO, OP_LR, OP_SC };
static const uint8_t AMOS[] = {0x00, 0x01, 0x04, 0x08, 0x0c, 0x10, 0x14, 0x18, 0x1c};

struct Golden {
	std::vector<uint32_t> ram;
	uint32_t dev[64];
	bool resv_valid[NCORES];
	uint32_t resv_word[NCORES];
};

struct Port {
	bool busy = false;
	int gap = 0;
	long waited = 0;
	uint8_t op = 0, amo = 0, be = 0;
	uint32_t addr = 0, wdata = 0;
	uint32_t lr_addr = 0;
	bool last_lr = false;
};
struct Fetch {
	bool busy = false;
	int gap = 0;
	long waited = 0;
	bool flushed = false; // this fetch follows a flush: must be current
	uint32_t addr = 0;
};

// Per-core 32-bit fields of the packed ports: a VlWide for N > 1, IData for 1.
template <std::size_t W> static void setw(VlWide<W> &s, int c, uint32_t v) { s[c] = v; }
static void setw(IData &s, int, uint32_t v) { s = v; }
template <std::size_t W> static uint32_t getw(const VlWide<W> &s, int c) { return s[c]; }
static uint32_t getw(IData s, int) { return s; }

static std::mt19937 rng;
static unsigned rnd(unsigned n) { return rng() % n; }

static uint64_t g_stats[8];
static long g_cycle;

static int fail(const char *fmt, unsigned a, unsigned b, unsigned c)
{
	std::fprintf(stderr, "tb_mem: FAIL at cycle %ld: ", g_cycle);
	std::fprintf(stderr, fmt, a, b, c);
	std::fprintf(stderr, "\n");
	return 1;
}

static uint32_t amo_apply(uint8_t f, uint32_t old, uint32_t w)
{
	switch (f) {
	case 0x00: return old + w;
	case 0x01: return w;
	case 0x04: return old ^ w;
	case 0x08: return old | w;
	case 0x0c: return old & w;
	case 0x10: return (int32_t)old < (int32_t)w ? old : w;
	case 0x14: return (int32_t)old < (int32_t)w ? w : old;
	case 0x18: return old < w ? old : w;
	default: return old < w ? w : old;
	}
}

// Address pools: a few hot lines shared by all, lines that alias in the
// (small) D-cache to force write-backs, and per-core private words.
static uint32_t pick_data_addr(int core)
{
	unsigned k = rnd(100);
	uint32_t off;
	if (k < 45) // 8 hot lines
		off = rnd(8) * 16 + rnd(4) * 4;
	else if (k < 85) // 64 lines spread over 16 KiB (aliasing)
		off = rnd(64) * 256 + rnd(4) * 4;
	else // private region per core
		off = 0x4000 + core * 0x400 + rnd(256) * 4;
	return RAM_BASE + off;
}

int main(int argc, char **argv)
{
	long cycles = argc > 1 ? std::atol(argv[1]) : 200000;
	unsigned seed = argc > 2 ? (unsigned)std::atoi(argv[2]) : 1;
	rng.seed(seed);
	bool dbg = std::getenv("TB_DEBUG") != nullptr;
	auto ctx = std::make_unique<VerilatedContext>();
	auto dut = std::make_unique<Vrru_memsys>(ctx.get());
	auto &ram = dut->rootp->rru_memsys__DOT__u_ram__DOT__mem;
	Golden g;
	g.ram.assign(RAM_BYTES / 4, 0);
	for (unsigned i = 0; i < RAM_BYTES / 4; i++) {
		g.ram[i] = rng();
		ram[i / 4][i % 4] = g.ram[i];
	}
	for (auto &d : g.dev) d = rng();
	for (int c = 0; c < NCORES; c++) g.resv_valid[c] = false;

	Port p[NCORES];
	Fetch f[NCORES];
	int dev_wait = -1;
	long done_ops = 0, done_fetch = 0, sc_ok = 0, sc_fail = 0, unc = 0;

	dut->clk_i = 0;
	dut->rst_ni = 0;
	dut->eval();
	dut->rst_ni = 1;
	dut->eval();

	for (g_cycle = 0; g_cycle < cycles; g_cycle++) {
		bool draining = g_cycle > cycles - 3000;
		// --- drive the ports for this cycle
		dut->lat_extra_i = rnd(2) ? 0 : rnd(8);
		uint32_t resv_we = 0, icflush = 0;
		for (int c = 0; c < NCORES; c++) {
			Port &q = p[c];
			if (!q.busy && q.gap > 0) q.gap--;
			else if (!q.busy && !draining) {
				unsigned k = rnd(100);
				q.busy = true;
				q.waited = 0;
				q.wdata = rng();
				q.amo = 0;
				q.be = 0xf;
				if (q.last_lr && k < 85) { // SC after LR, mostly to the same word
					q.op = OP_SC;
					q.addr = rnd(8) ? q.lr_addr : pick_data_addr(c);
				} else if (k < 35) {
					q.op = OP_LOAD;
					q.addr = pick_data_addr(c);
				} else if (k < 65) {
					q.op = OP_STORE;
					q.addr = pick_data_addr(c);
					unsigned sz = rnd(3);
					q.be = sz == 0 ? (1u << rnd(4)) : sz == 1 ? (rnd(2) ? 0x3 : 0xc) : 0xf;
				} else if (k < 80) {
					q.op = OP_AMO;
					q.amo = AMOS[rnd(9)];
					q.addr = pick_data_addr(c);
				} else if (k < 90) {
					q.op = OP_LR;
					q.addr = pick_data_addr(c);
				} else if (k < 94) {
					q.op = rnd(2) ? OP_LOAD : OP_STORE;
					q.addr = (rnd(8) ? DEV_BASE : BAD_BASE) + rnd(64) * 4;
				} else if (k < 96) {
					q.op = OP_AMO; // atomic to a device: access fault
					q.amo = AMOS[rnd(9)];
					q.addr = DEV_BASE + rnd(64) * 4;
				} else {
					q.busy = false; // reservation CSR write (clear)
					resv_we |= 1u << c;
					g.resv_valid[c] = false;
					q.gap = rnd(3);
				}
				if (q.busy) q.last_lr = false; // a CSR clear keeps the SC coming

			}
			Fetch &fe = f[c];
			if (!fe.busy && fe.gap > 0) fe.gap--;
			else if (!fe.busy && !draining) {
				fe.busy = true;
				fe.waited = 0;
				fe.flushed = false;
				if (rnd(20) == 0) { // fence.i, then fetch a written word
					icflush |= 1u << c;
					fe.flushed = true;
					fe.addr = pick_data_addr(c);
				} else if (rnd(4) == 0) {
					fe.addr = BAD_BASE + rnd(64) * 4;
				} else {
					fe.addr = RAM_BASE + CODE_OFF + rnd(1024) * 4;
				}
			}
		}
		uint32_t req = 0, freq = 0;
		for (int c = 0; c < NCORES; c++) {
			if (p[c].busy) req |= 1u << c;
			if (f[c].busy && !(icflush & (1u << c))) freq |= 1u << c;
		}
		dut->dmem_req_i = req;
		dut->ifetch_req_i = freq;
		dut->icache_flush_i = icflush;
		dut->resv_we_i = resv_we;
		dut->resv_wvalid_i = 0;
		for (int c = 0; c < NCORES; c++) {
			dut->dmem_op_i = (dut->dmem_op_i & ~(7ull << (3 * c))) | ((uint64_t)p[c].op << (3 * c));
			dut->dmem_amo_i = (dut->dmem_amo_i & ~(31ull << (5 * c))) | ((uint64_t)p[c].amo << (5 * c));
			dut->dmem_be_i = (dut->dmem_be_i & ~(15ull << (4 * c))) | ((uint64_t)p[c].be << (4 * c));
			setw(dut->dmem_addr_i, c, p[c].addr);
			setw(dut->dmem_wdata_i, c, p[c].wdata);
			setw(dut->ifetch_addr_i, c, f[c].addr);
			setw(dut->resv_waddr_i, c, 0);
		}
		// device: answers 1..3 cycles after a request
		dut->dev_rvalid_i = 0;
		if (dut->dev_req_o) {
			if (dev_wait < 0) dev_wait = rnd(3);
			if (dev_wait == 0) {
				uint32_t a = dut->dev_addr_o;
				dut->dev_rvalid_i = 1;
				dut->dev_err_i = (a - DEV_BASE) >= 256;
				dut->dev_rdata_i = 0;
				// the data and byte enables are those of the core doing this access
				// (several cores may be waiting on the same address: any of them)
				bool found = false;
				for (int c = 0; c < NCORES; c++)
					if (p[c].busy && p[c].addr == a && (p[c].op == OP_STORE) == (bool)dut->dev_we_o &&
					    (!dut->dev_we_o || (dut->dev_be_o == p[c].be && dut->dev_wdata_o == p[c].wdata)))
						found = true;
				if (!found)
					return fail("device access 0x%08x (we=%u, data 0x%08x) matches no waiting core", a,
						    dut->dev_we_o, dut->dev_wdata_o);
				if (!dut->dev_err_i) {
					uint32_t &w = g.dev[(a - DEV_BASE) / 4];
					if (dut->dev_we_o) {
						for (int b = 0; b < 4; b++)
							if (dut->dev_be_o & (1u << b))
								w = (w & ~(0xffu << 8 * b)) | (dut->dev_wdata_o & (0xffu << 8 * b));
					} else {
						dut->dev_rdata_i = w;
					}
				}
				dev_wait = -1;
			} else {
				dev_wait--;
			}
		}
		dut->eval();

		// --- bus observe port statistics
		if (dut->obs_valid_o) g_stats[dut->obs_cmd_o & 7]++;
		if (dbg && dut->obs_valid_o)
			std::printf("%ld obs cpu %u cmd %u line %08x%s\n", g_cycle, dut->obs_cpu_o, dut->obs_cmd_o,
				    dut->obs_line_o, dut->obs_ifetch_o ? " (I)" : "");

		// --- answered accesses: check against and update the golden model
		for (int c = 0; c < NCORES; c++) {
			Port &q = p[c];
			if (!q.busy) continue;
			if (++q.waited > MAX_WAIT)
				return fail("core %u: data access op %u addr 0x%08x never answered", c, q.op, q.addr);
			if (!((dut->dmem_rvalid_o >> c) & 1)) continue;
			uint32_t rd = getw(dut->dmem_rdata_o, c);
			bool err = (dut->dmem_err_o >> c) & 1;
			bool in_ram = q.addr - RAM_BASE < RAM_BYTES;
			if (!in_ram) {
				bool exp_err = q.op != OP_LOAD && q.op != OP_STORE ? true : (q.addr - DEV_BASE) >= 256;
				if (err != exp_err) return fail("core %u: device access 0x%08x err=%u wrong", c, q.addr, err);
				if (!err && q.op == OP_LOAD && rd != g.dev[(q.addr - DEV_BASE) / 4])
					return fail("core %u: device load 0x%08x returned 0x%08x", c, q.addr, rd);
				unc++;
			} else {
				if (err) return fail("core %u: RAM access 0x%08x faulted (op %u)", c, q.addr, q.op);
				uint32_t &w = g.ram[(q.addr - RAM_BASE) / 4];
				uint32_t line = q.addr >> 4;
				bool writes = false;
				switch (q.op) {
				case OP_LOAD:
					if (rd != w) return fail("core %u: load 0x%08x returned 0x%08x", c, q.addr, rd);
					break;
				case OP_STORE: {
					uint32_t m = 0;
					for (int b = 0; b < 4; b++)
						if (q.be & (1u << b)) m |= 0xffu << 8 * b;
					w = (w & ~m) | (q.wdata & m);
					writes = true;
					break;
				}
				case OP_AMO:
					if (rd != w) return fail("core %u: AMO 0x%08x returned old 0x%08x", c, q.addr, rd);
					w = amo_apply(q.amo, w, q.wdata);
					writes = true;
					break;
				case OP_LR:
					if (rd != w) return fail("core %u: LR 0x%08x returned 0x%08x", c, q.addr, rd);
					g.resv_valid[c] = true;
					g.resv_word[c] = q.addr >> 2;
					writes = true; // takes the line in M
					break;
				case OP_SC: {
					bool ok = g.resv_valid[c] && g.resv_word[c] == q.addr >> 2;
					if (rd != (ok ? 0u : 1u))
						return fail("core %u: SC 0x%08x gave %u, golden reservation disagrees", c, q.addr, rd);
					if (ok) { w = q.wdata; sc_ok++; } else sc_fail++;
					g.resv_valid[c] = false;
					writes = true;
					break;
				}
				}
				if (writes)
					for (int o = 0; o < NCORES; o++)
						if (o != c && g.resv_valid[o] && (g.resv_word[o] >> 2) == line)
							g.resv_valid[o] = false;
			}
			if (dbg)
				std::printf("%ld core %d op %u amo %u addr %08x wdata %08x rdata %08x err %d\n", g_cycle, c,
					    q.op, q.amo, q.addr, q.wdata, rd, err);
			if (q.op == OP_LR) { q.last_lr = true; q.lr_addr = q.addr; }
			q.busy = false;
			q.gap = rnd(4) ? 0 : rnd(6);
			if (q.op == OP_LR && rnd(3) == 0) q.gap = rnd(120); // outlive the hold-off
			done_ops++;
		}
		for (int c = 0; c < NCORES; c++) {
			Fetch &fe = f[c];
			if (!fe.busy || (icflush & (1u << c))) continue;
			if (++fe.waited > MAX_WAIT)
				return fail("core %u: fetch 0x%08x never answered%s", c, fe.addr, 0);
			if (!((dut->ifetch_rvalid_o >> c) & 1)) continue;
			bool err = (dut->ifetch_err_o >> c) & 1;
			bool in_ram = fe.addr - RAM_BASE < RAM_BYTES;
			if (err == in_ram) return fail("core %u: fetch 0x%08x err=%u wrong", c, fe.addr, err);
			if (in_ram) {
				uint32_t exp = g.ram[(fe.addr - RAM_BASE) / 4];
				// code words never change; a written word is current right after fence.i
				bool must = fe.flushed || (fe.addr - RAM_BASE) >= CODE_OFF;
				if (must && getw(dut->ifetch_rdata_o, c) != exp)
					return fail("core %u: fetch 0x%08x returned 0x%08x", c, fe.addr, getw(dut->ifetch_rdata_o, c));
			}
			fe.busy = false;
			fe.gap = rnd(3);
			done_fetch++;
		}

		dut->clk_i = 1;
		dut->eval();
		dut->clk_i = 0;
		dut->eval();
		// reservation CSR read-back: never valid when the golden one is not
		// (the hardware clears it at a remote BusRdX's snoop, the golden
		// model when that access is answered, a few cycles later; SC
		// outcomes are checked exactly).
		for (int c = 0; c < NCORES; c++) {
			bool v = (dut->resv_valid_o >> c) & 1;
			if (v && !g.resv_valid[c])
				return fail("core %u: reservation valid=%u, golden %u", c, v, g.resv_valid[c]);
			if (v && getw(dut->resv_addr_o, c) != g.resv_word[c] << 2)
				return fail("core %u: reservation addr 0x%08x, golden 0x%08x", c, getw(dut->resv_addr_o, c),
					    g.resv_word[c] << 2);
		}
	}
	// Every line still valid in a cache must agree with the golden memory:
	// read every touched word back through core 0 (forces M owners to
	// supply) and compare.
	long checked = 0;
	for (uint32_t off = 0; off < 0x4000 + NCORES * 0x400; off += 4) {
		Port &q = p[0];
		q.op = OP_LOAD;
		q.addr = RAM_BASE + off;
		dut->dmem_req_i = 1;
		dut->dmem_op_i = dut->dmem_op_i & ~7ull;
		setw(dut->dmem_addr_i, 0, q.addr);
		dut->ifetch_req_i = 0;
		dut->icache_flush_i = 0;
		dut->resv_we_i = 0;
		long w;
		for (w = 0; w < MAX_WAIT; w++) {
			dut->eval();
			bool v = dut->dmem_rvalid_o & 1;
			uint32_t rd = getw(dut->dmem_rdata_o, 0);
			dut->clk_i = 1;
			dut->eval();
			dut->clk_i = 0;
			if (v) {
				if (rd != g.ram[off / 4])
					return fail("final read 0x%08x returned 0x%08x, golden 0x%08x", q.addr, rd, g.ram[off / 4]);
				break;
			}
		}
		if (w == MAX_WAIT) return fail("final read 0x%08x never answered%s%s", q.addr, 0, 0);
		dut->dmem_req_i = 0;
		dut->eval();
		dut->clk_i = 1;
		dut->eval();
		dut->clk_i = 0;
		dut->eval();
		checked++;
	}
	dut->final();
	if (done_ops < cycles / 20 || sc_ok == 0 || sc_fail == 0 || unc == 0 || g_stats[3] == 0 || g_stats[2] == 0)
		return fail("too little coverage: %u ops, %u SC ok, %u WB", (unsigned)done_ops, (unsigned)sc_ok,
			    (unsigned)g_stats[3]);
	std::printf("tb_mem: ok, %d cores, %ld cycles, %ld data ops (%ld SC ok, %ld SC failed, %ld device), "
		    "%ld fetches, %ld words read back\n",
		    NCORES, cycles, done_ops, sc_ok, sc_fail, unc, done_fetch, checked);
	std::printf("tb_mem: bus BusRd %llu BusRdX %llu BusUpgr %llu WB %llu UncRd %llu UncWr %llu\n",
		    (unsigned long long)g_stats[0], (unsigned long long)g_stats[1], (unsigned long long)g_stats[2],
		    (unsigned long long)g_stats[3], (unsigned long long)g_stats[4], (unsigned long long)g_stats[5]);
	return 0;
}
