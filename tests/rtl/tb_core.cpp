// Bench for rru_core alone: a flat memory model on the instruction and data
// ports with random response latency MIN..MAX cycles (0 = same cycle), single-hart AMO and
// LR/SC semantics, the reservation CSR plumbing, a CLINT (msip, mtimecmp,
// mtime counting cycles), a UART THR that prints to stdout and the test
// finisher, at the addresses of the shared memory map. Random observer stalls
// (mem_stall_i, retire_stall_i, and irq_stall_i with half of the latter) are
// applied and the retirement port is checked.
//
// Usage: Vrru_core [--seed N] [--max-cycles N] [--lat MAX] [--lat-min MIN] [--stalls]
//                  [--rand-msip N] [--irq-holds] [--trace] [--stats] [PROG.elf]
// --rand-msip N sets the CLINT msip bit with probability 1/N each cycle.
// --irq-holds holds the core now and then as an RRU with a full log does
// (retirement and data requests, not interrupt entry) until it takes an
// interrupt (the kernel that drains the log), or for at most 2000 cycles
// (a hold that began with interrupts off): a core that cannot take an
// interrupt while held ends none by an interrupt (the recording deadlock
// of docs/design.md §2.7).
// Without an ELF it runs a built-in smoke program and checks what it prints.
// Exit status: the program's (finisher code), 1 on a bench check failure or
// cycle limit, 2 on bad usage or a bad ELF.
#include "Vrru_core.h"
#include "verilated.h"

#include <cerrno>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr uint32_t RAM_BASE = 0x80000000u;
constexpr uint32_t RAM_SIZE = 1u << 20;
constexpr uint32_t FINISHER = 0x00100000u;
constexpr uint32_t CLINT = 0x02000000u;
constexpr uint32_t CLINT_SIZE = 0x10000u;
constexpr uint32_t UART = 0x10000000u;
constexpr uint32_t UART_SIZE = 0x100u;

// Built-in smoke program (rv32i): sums 1..10, stores and loads it back,
// prints "ok\n" and exits 0 via the finisher (exit 1 on a wrong value).
const uint32_t kSmoke[] = {
	0x100002b7, 0x00100eb7, 0x00000513, 0x00a00593, 0x00b50533, 0xfff58593, 0xfe059ce3,
	0x03700313, 0x04651463, 0x800013b7, 0x00a3a223, 0x00a380a3, 0x0043a683, 0x0013c703,
	0x02a69863, 0x02a71663, 0x06f00e13, 0x01c28023, 0x06b00e13, 0x01c28023, 0x00a00e13,
	0x01c28023, 0x00005f37, 0x555f0f13, 0x01eea023, 0x0000006f, 0x00013f37, 0x333f0f13,
	0x01eea023, 0xff1ff06f,
};

struct Bench {
	std::vector<uint8_t> ram = std::vector<uint8_t>(RAM_SIZE, 0);
	// What the instruction port sees: a copy of RAM taken at start and at
	// each icache_flush_o, like an I-cache that never misses and is not
	// coherent with stores (so code written without fence.i runs stale).
	std::vector<uint8_t> iram;
	bool resv_valid = false;
	uint32_t resv_addr = 0;
	uint64_t mtime = 0;
	uint64_t mtimecmp = ~0ull;
	bool msip = false;
	bool finished = false;
	int exit_code = 0;
	std::string uart_out;

	bool in_ram(uint32_t a) const { return a >= RAM_BASE && a - RAM_BASE <= RAM_SIZE - 4; }

	uint32_t ram_word(uint32_t a) const
	{
		uint32_t w;
		std::memcpy(&w, &ram[a - RAM_BASE], 4);
		return w;
	}
	uint32_t iram_word(uint32_t a) const
	{
		uint32_t w;
		std::memcpy(&w, &iram[a - RAM_BASE], 4);
		return w;
	}
	void ram_write(uint32_t a, uint32_t data, unsigned be)
	{
		for (int i = 0; i < 4; i++)
			if (be & (1u << i))
				ram[a - RAM_BASE + i] = (uint8_t)(data >> (8 * i));
	}

	// Device read/write of the aligned word at a; false = access fault.
	bool dev_read(uint32_t a, uint32_t &v)
	{
		v = 0;
		if (a >= CLINT && a < CLINT + CLINT_SIZE) {
			uint32_t off = a - CLINT;
			if (off == 0) v = msip;
			else if (off == 0x4000) v = (uint32_t)mtimecmp;
			else if (off == 0x4004) v = (uint32_t)(mtimecmp >> 32);
			else if (off == 0xbff8) v = (uint32_t)mtime;
			else if (off == 0xbffc) v = (uint32_t)(mtime >> 32);
			return true;
		}
		if (a >= UART && a < UART + UART_SIZE) {
			if (a == UART + 4) v = 0x60u << 8; // LSR (+5): THR empty
			return true;
		}
		if (a == FINISHER) return true;
		return false;
	}
	bool dev_write(uint32_t a, uint32_t d, unsigned be)
	{
		if (a >= CLINT && a < CLINT + CLINT_SIZE) {
			uint32_t off = a - CLINT;
			if (off == 0 && (be & 1)) msip = d & 1;
			else if (off == 0x4000) mtimecmp = (mtimecmp & ~0xffffffffull) | d;
			else if (off == 0x4004) mtimecmp = (mtimecmp & 0xffffffffull) | ((uint64_t)d << 32);
			else if (off == 0xbff8) mtime = (mtime & ~0xffffffffull) | d;
			else if (off == 0xbffc) mtime = (mtime & 0xffffffffull) | ((uint64_t)d << 32);
			return true;
		}
		if (a >= UART && a < UART + UART_SIZE) {
			if (a == UART && (be & 1)) {
				char c = (char)(d & 0xff);
				uart_out.push_back(c);
				std::fputc(c, stdout);
			}
			return true;
		}
		if (a == FINISHER) {
			uint32_t v = d & 0xffff;
			if (v == 0x5555) { finished = true; exit_code = 0; }
			else if (v == 0x3333) { finished = true; exit_code = (int)(d >> 16); }
			return true;
		}
		return false;
	}
};

static uint32_t amo_apply(unsigned f5, uint32_t old, uint32_t src)
{
	switch (f5) {
	case 0x01: return src;
	case 0x00: return old + src;
	case 0x04: return old ^ src;
	case 0x0c: return old & src;
	case 0x08: return old | src;
	case 0x10: return (int32_t)old < (int32_t)src ? old : src;
	case 0x14: return (int32_t)old > (int32_t)src ? old : src;
	case 0x18: return old < src ? old : src;
	case 0x1c: return old > src ? old : src;
	default: return old;
	}
}

static bool load_elf(const char *path, Bench &b, uint32_t &entry)
{
	FILE *f = std::fopen(path, "rb");
	if (!f) {
		std::fprintf(stderr, "tb_core: %s: %s\n", path, std::strerror(errno));
		return false;
	}
	std::vector<uint8_t> img;
	uint8_t buf[65536];
	size_t n;
	while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) img.insert(img.end(), buf, buf + n);
	std::fclose(f);
	auto u16 = [&](size_t o) { return (uint32_t)img[o] | ((uint32_t)img[o + 1] << 8); };
	auto u32 = [&](size_t o) { return u16(o) | (u16(o + 2) << 16); };
	if (img.size() < 52 || std::memcmp(img.data(), "\177ELF", 4) != 0) {
		std::fprintf(stderr, "tb_core: %s: not an ELF file\n", path);
		return false;
	}
	if (img[4] != 1 || img[5] != 1 || u16(18) != 243) {
		std::fprintf(stderr, "tb_core: %s: not a 32-bit little-endian RISC-V ELF\n", path);
		return false;
	}
	entry = u32(24);
	uint32_t phoff = u32(28), phentsize = u16(42), phnum = u16(44);
	if (phentsize < 32 || (uint64_t)phoff + (uint64_t)phnum * phentsize > img.size()) {
		std::fprintf(stderr, "tb_core: %s: program headers at byte %u run past the file end\n", path, phoff);
		return false;
	}
	for (uint32_t i = 0; i < phnum; i++) {
		size_t ph = phoff + (size_t)i * phentsize;
		if (u32(ph) != 1) continue; // PT_LOAD
		uint32_t off = u32(ph + 4), paddr = u32(ph + 12), filesz = u32(ph + 16), memsz = u32(ph + 20);
		if (memsz == 0) continue;
		if (filesz > memsz || (uint64_t)off + filesz > img.size()) {
			std::fprintf(stderr, "tb_core: %s: segment %u: file range 0x%x+0x%x is outside the file\n",
				     path, i, off, filesz);
			return false;
		}
		if (paddr < RAM_BASE || (uint64_t)paddr - RAM_BASE + memsz > RAM_SIZE) {
			std::fprintf(stderr, "tb_core: %s: segment %u: 0x%08x+0x%x is outside RAM\n", path, i, paddr,
				     memsz);
			return false;
		}
		std::memcpy(&b.ram[paddr - RAM_BASE], &img[off], filesz);
		std::memset(&b.ram[paddr - RAM_BASE + filesz], 0, memsz - filesz);
	}
	return true;
}

struct Port {
	bool pend = false;
	uint64_t due = 0;
	uint32_t addr = 0;
	unsigned op = 0;
	bool done_now = false; // answered in this cycle
};

} // namespace

int main(int argc, char **argv)
{
	uint64_t seed = 1, max_cycles = 20000000;
	unsigned lat = 3, lat_min = 0;
	bool stalls = false, trace = false, stats = false;
	unsigned rand_msip = 0; // raise msip with probability 1/N per cycle
	bool irq_holds = false;
	uint64_t holds = 0, holds_timed_out = 0, hold_start = 0;
	bool holding = false, in_handler = false; // from a handler's first insn to its mret
	const char *elf = nullptr;
	for (int i = 1; i < argc; i++) {
		std::string a = argv[i];
		auto next = [&](const char *opt) -> const char * {
			if (i + 1 >= argc) {
				std::fprintf(stderr, "tb_core: %s needs a value\n", opt);
				std::exit(2);
			}
			return argv[++i];
		};
		if (a == "--seed") seed = std::strtoull(next("--seed"), nullptr, 0);
		else if (a == "--max-cycles") max_cycles = std::strtoull(next("--max-cycles"), nullptr, 0);
		else if (a == "--lat") lat = (unsigned)std::strtoul(next("--lat"), nullptr, 0);
		else if (a == "--lat-min") lat_min = (unsigned)std::strtoul(next("--lat-min"), nullptr, 0);
		else if (a == "--stalls") stalls = true;
		else if (a == "--rand-msip") rand_msip = (unsigned)std::strtoul(next("--rand-msip"), nullptr, 0);
		else if (a == "--irq-holds") irq_holds = true;
		else if (a == "--trace") trace = true;
		else if (a == "--stats") stats = true;
		else if (a.size() > 1 && a[0] == '-' && a.rfind("+verilator", 0) != 0) {
			std::fprintf(stderr, "tb_core: unknown option %s\n", a.c_str());
			return 2;
		} else if (a[0] != '+') elf = argv[i];
	}

	Bench b;
	uint32_t entry = RAM_BASE;
	if (elf) {
		if (!load_elf(elf, b, entry)) return 2;
	} else {
		std::memcpy(b.ram.data(), kSmoke, sizeof kSmoke);
	}
	b.iram = b.ram;

	auto ctx = std::make_unique<VerilatedContext>();
	ctx->randReset(2);
	ctx->randSeed((int)(seed & 0x7fffffff));
	ctx->commandArgs(argc, argv);
	auto dut = std::make_unique<Vrru_core>(ctx.get());
	std::mt19937_64 rng(seed);
	if (lat_min > lat) lat = lat_min;
	auto latency = [&]() { return lat_min + (unsigned)(rng() % (lat - lat_min + 1)); };

	dut->clk_i = 0;
	dut->rst_ni = 0;
	dut->hart_id_i = 0;
	dut->boot_addr_i = entry;
	dut->ifetch_rvalid_i = 0;
	dut->ifetch_err_i = 0;
	dut->dmem_rvalid_i = 0;
	dut->dmem_err_i = 0;
	dut->mem_stall_i = 0;
	dut->retire_stall_i = 0;
	dut->irq_stall_i = 0;
	dut->resv_valid_i = 0;
	dut->resv_addr_i = 0;
	dut->irq_timer_i = 0;
	dut->irq_soft_i = 0;
	dut->irq_cd_i = 0;
	dut->eval();
	dut->clk_i = 1;
	dut->eval();
	dut->clk_i = 0;
	dut->rst_ni = 1;
	dut->eval();

	Port ip, dp;
	uint64_t cyc = 0, retired = 0, traps = 0, next_order = 0, flushes = 0, irqs = 0;
	bool have_prev = false, prev_trap = false;
	uint32_t prev_pc_wdata = 0;
	int rc = -1;
	auto fail = [&](const char *what) {
		std::fprintf(stderr, "tb_core: FAIL at cycle %" PRIu64 " (pc 0x%08x): %s\n", cyc,
			     (unsigned)dut->rvfi_pc_rdata_o, what);
		return 1;
	};

	for (cyc = 0; cyc < max_cycles && !b.finished; cyc++) {
		// Inputs for this cycle.
		dut->ifetch_rvalid_i = 0;
		dut->ifetch_err_i = 0;
		dut->dmem_rvalid_i = 0;
		dut->dmem_err_i = 0;
		if (rand_msip && (rng() % rand_msip) == 0) b.msip = true;
		dut->mem_stall_i = stalls && (rng() % 8) == 0;
		dut->retire_stall_i = stalls && (rng() % 8) == 0;
		// Half the retirement holds are an external observer's, which
		// hold interrupt entry too; the others (an RRU's) let it through.
		dut->irq_stall_i = dut->retire_stall_i && (rng() % 2) == 0;
		if (irq_holds) {
			// A hold ends when the core enters a handler. None begins in
			// a handler (interrupts off, as in the kernel, which the RRU
			// never holds); one begun where the program has interrupts
			// off otherwise ends after 2000 cycles (the bench cannot see
			// mstatus.MIE).
			if (holding && dut->rvfi_intr_o) {
				holding = false;
				holds++;
			} else if (holding && cyc - hold_start >= 2000) {
				holding = false;
				holds_timed_out++;
			}
			if (!holding && !in_handler && !dut->rvfi_intr_o && (rng() % 100) == 0) {
				holding = true;
				hold_start = cyc;
			}
			if (holding) {
				dut->mem_stall_i = 1;
				dut->retire_stall_i = 1;
				dut->irq_stall_i = 0;
			}
		}
		dut->resv_valid_i = b.resv_valid;
		dut->resv_addr_i = b.resv_addr;
		dut->irq_timer_i = b.mtime >= b.mtimecmp;
		dut->irq_soft_i = b.msip;
		ip.done_now = dp.done_now = false;
		bool dmem_issued_under_stall = false;

		// Settle: answer requests that are due (latency 0 means this cycle).
		for (int pass = 0; pass < 6; pass++) {
			dut->eval();
			bool changed = false;
			if (!ip.done_now && dut->ifetch_req_o) {
				if (!ip.pend) {
					ip.pend = true;
					ip.due = cyc + latency();
					ip.addr = dut->ifetch_addr_o;
				} else if (ip.addr != dut->ifetch_addr_o) {
					return fail("fetch address changed while the request was outstanding");
				}
				if (ip.due <= cyc) {
					uint32_t a = ip.addr;
					dut->ifetch_rvalid_i = 1;
					if (b.in_ram(a) && (a & 3) == 0) {
						dut->ifetch_rdata_i = b.iram_word(a);
					} else {
						dut->ifetch_rdata_i = 0;
						dut->ifetch_err_i = 1;
					}
					ip.pend = false;
					ip.done_now = true;
					changed = true;
				}
			}
			if (!dp.done_now && dut->dmem_req_o) {
				if (!dp.pend) {
					if (dut->mem_stall_i) dmem_issued_under_stall = true;
					dp.pend = true;
					dp.due = cyc + latency();
					dp.addr = dut->dmem_addr_o;
					dp.op = dut->dmem_op_o;
				} else if (dp.addr != dut->dmem_addr_o || dp.op != dut->dmem_op_o) {
					return fail("data request changed while outstanding");
				}
				if (dp.due <= cyc) {
					uint32_t a = dp.addr, d = dut->dmem_wdata_o, old = 0;
					unsigned be = dut->dmem_be_o, op = dp.op;
					bool ok = true;
					if ((a & 3) != 0) return fail("misaligned data address on the port");
					if (b.in_ram(a)) {
						old = b.ram_word(a);
						switch (op) {
						case 0: break;
						case 1: b.ram_write(a, d, be); break;
						case 2: b.ram_write(a, amo_apply(dut->dmem_amo_o, old, d), 0xf); break;
						case 3: b.resv_valid = true; b.resv_addr = a; break;
						case 4:
							if (b.resv_valid && b.resv_addr == a) {
								b.ram_write(a, d, 0xf);
								old = 0;
							} else {
								old = 1;
							}
							b.resv_valid = false;
							break;
						default: return fail("bad dmem_op_o");
						}
					} else if (op == 0) {
						ok = b.dev_read(a, old);
					} else if (op == 1) {
						ok = b.dev_write(a, d, be);
					} else {
						ok = false; // atomics to devices fault
					}
					dut->dmem_rvalid_i = 1;
					dut->dmem_err_i = !ok;
					dut->dmem_rdata_i = ok ? old : 0;
					dp.pend = false;
					dp.done_now = true;
					changed = true;
				}
			}
			if (!changed) break;
		}
		if (dmem_issued_under_stall) return fail("data request issued while mem_stall_i");

		if (dut->icache_flush_o) {
			if (dut->ifetch_req_o) return fail("fetch in the cycle of icache_flush_o");
			b.iram = b.ram;
			flushes++;
		}

		// Reservation CSR writes.
		if (dut->resv_we_o) {
			b.resv_valid = dut->resv_wvalid_o;
			b.resv_addr = dut->resv_waddr_o;
		}

		// Retirement port checks.
		if (dut->rvfi_valid_o) {
			if (dut->rvfi_order_o != next_order) return fail("rvfi_order_o is not consecutive");
			next_order++;
			bool mem = dut->rvfi_mem_rmask_o || dut->rvfi_mem_wmask_o;
			if (mem && !dp.done_now) return fail("memory instruction retired without dmem_rvalid_i");
			if (dut->retire_stall_i && !dp.done_now) return fail("retired while retire_stall_i");
			// The pc chain: each report continues where the previous one went,
			// except after an interrupt (first handler instruction, no report
			// for the interrupted one).
			if (have_prev && dut->rvfi_pc_rdata_o != prev_pc_wdata && !(dut->rvfi_intr_o && !prev_trap))
				return fail("rvfi_pc_rdata_o does not follow the previous rvfi_pc_wdata_o");
			if (dut->rvfi_trap_o && dut->rvfi_rd_addr_o) return fail("trap reports a register write");
			if (!dut->rvfi_rd_addr_o && dut->rvfi_rd_wdata_o) return fail("rd_wdata without rd_addr");
			if (dut->rvfi_intr_o && !prev_trap) irqs++;
			if (dut->rvfi_intr_o || dut->rvfi_trap_o) in_handler = true;
			if (!dut->rvfi_trap_o && dut->rvfi_insn_o == 0x30200073u) in_handler = false; // mret
			have_prev = true;
			prev_trap = dut->rvfi_trap_o;
			prev_pc_wdata = dut->rvfi_pc_wdata_o;
			if (dut->rvfi_trap_o) traps++;
			else retired++;
			if (trace)
				std::fprintf(stderr,
					     "%8" PRIu64 " %c%c pc=%08x insn=%08x -> %08x rd=x%-2u %08x"
					     " mem=%08x r%x w%x %08x %08x\n",
					     cyc, dut->rvfi_trap_o ? 'T' : (dut->rvfi_intr_o ? 'I' : ' '),
					     dut->rvfi_priv_o == 3 ? 'M' : 'U', (unsigned)dut->rvfi_pc_rdata_o,
					     (unsigned)dut->rvfi_insn_o, (unsigned)dut->rvfi_pc_wdata_o,
					     (unsigned)dut->rvfi_rd_addr_o, (unsigned)dut->rvfi_rd_wdata_o,
					     (unsigned)dut->rvfi_mem_addr_o, (unsigned)dut->rvfi_mem_rmask_o,
					     (unsigned)dut->rvfi_mem_wmask_o, (unsigned)dut->rvfi_mem_rdata_o,
					     (unsigned)dut->rvfi_mem_wdata_o);
		}

		dut->clk_i = 1;
		dut->eval();
		dut->clk_i = 0;
		dut->eval();
		b.mtime++;
	}
	std::fflush(stdout);
	if (stats)
		std::fprintf(stderr,
			     "tb_core: %" PRIu64 " cycles, %" PRIu64 " retired, %" PRIu64 " traps, %" PRIu64
			     " I-cache flushes, %" PRIu64 " interrupts, %" PRIu64 " holds ended by an interrupt (%" PRIu64
			     " timed out), IPC %.3f\n",
			     cyc, retired, traps, flushes, irqs, holds, holds_timed_out, cyc ? (double)retired / (double)cyc : 0.0);
	if (!b.finished) {
		std::fprintf(stderr, "tb_core: no exit after %" PRIu64 " cycles\n", cyc);
		return 1;
	}
	rc = b.exit_code;
	dut->final();
	if (!elf) {
		if (rc != 0 || b.uart_out != "ok\n") {
			std::fprintf(stderr, "tb_core: smoke program failed (exit %d, output '%s')\n", rc,
				     b.uart_out.c_str());
			return 1;
		}
		std::fprintf(stderr, "tb_core: smoke program ok (%" PRIu64 " cycles, %" PRIu64 " retired)\n", cyc,
			     retired);
	}
	return rc;
}
