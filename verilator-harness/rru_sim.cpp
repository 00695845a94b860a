// rru-sim: runs the openrru SoC (rru_soc, built for the largest cluster) in
// Verilator. Loads the resident kernel and an app ELF (or one bare-metal ELF)
// into RAM before reset, holds unused harts in reset, connects the UART to
// stdout or a TCP client, perturbs bus latency from a seed, traces to FST,
// and exits with the program's finisher code. See README.md next to this.
#include "Vrru_sim_top.h"
#include "Vrru_sim_top___024root.h"
#include "verilated.h"
#include "rru_sim_linkmeter.h"
#include "rru_sim_rec.h"
#include "rru_sim_crew.h"
#include "rru/memmap.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <getopt.h>
#include <memory>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

constexpr uint32_t RAM_BASE = 0x80000000u;
constexpr uint32_t KERNEL_END = 0x80010000u; // APP_BASE
constexpr uint32_t APP_BASE = 0x80010000u;
constexpr int MAX_CORES = SIM_NCORES;
constexpr uint32_t RAM_BYTES = SIM_RAM_BYTES;
constexpr uint64_t DEFAULT_MAX_CYCLES = 2000000000ull;
constexpr uint64_t DEFAULT_CLK_HZ = 12000000ull;
const char *const DEFAULT_KERNEL = "build/firmware/kernel.elf";
// Kernel time slice in cycles (mtime counts cycles here): long enough that
// preemption is not most of the work, short enough for threads > harts.
constexpr unsigned SIM_QUANTUM = 20000;

enum { EXIT_LIMIT = 3 };

const char *const kCmdNames[6] = {"BusRd", "BusRdX", "BusUpgr", "WB", "UncRd", "UncWr"};

void usage(FILE *f)
{
	std::fprintf(f,
		"usage: rru-sim PROG.elf [options]\n"
		"       rru-sim --uart-tcp PORT [options]   (no program: the kernel waits for the host)\n"
		"Runs PROG.elf on the openrru SoC in Verilator (up to %d harts, %u KiB RAM). With no\n"
		"PROG.elf the resident kernel boots alone in host mode, as on a freshly flashed board,\n"
		"and waits for `rru record/run/replay --link tcp:127.0.0.1:PORT` on the UART.\n"
		"  --cores N        harts running, 1..%d (default 1); the others are held in reset\n"
		"  --threads T      threads the app should run (simulation control register NTHREADS)\n"
		"  --max-cycles N   stop after N cycles with exit status 3 (default %" PRIu64 ")\n"
		"  --seed S         perturb bus/memory latency from seed S (default: none, deterministic)\n"
		"  --trace FILE.fst write an FST waveform%s\n"
		"  --uart-tcp PORT  UART on 127.0.0.1:PORT (waits for one client) instead of stdout\n"
		"  --uart-baud B    pace the UART at B baud in simulated cycles (clock --clk-hz)\n"
		"  --clk-hz F       simulated clock for --uart-baud (default %" PRIu64 ")\n"
		"  --stats          print cycles, instructions per hart, bus transactions, misses\n"
		"  --check-mem      check every load/AMO/LR value against a golden sequentially\n"
		"                   consistent memory fed by the retirement ports (RAM only)\n"
		"  --kernel K.elf   resident kernel (default %s); PROG.elf is the app at 0x%08x\n"
		"  --quantum N      kernel time slice in cycles (default %u)\n"
		"  --bare           run PROG.elf alone from 0x%08x (no kernel)\n"
		"  --events FILE    write the event trace of the run (docs/design.md 2.1)\n"
		"  --rru-log FILE   write the records the RTL RRUs emit, as a text log (3.2): bare, as\n"
		"                   they leave the stream port; under the kernel, as the kernel reads\n"
		"                   them from each RRU (what the link must deliver to the host)\n"
		"  --check-model    run the C model on the captured trace with the RRUs'\n"
		"                   parameters; fail at the first record that differs (--bare only)\n"
		"  --coherence      check the captured trace obeys 1.2 (implied by --check-model)\n"
		"  --rru-off        ask the program not to record (simulation control FLAGS bit 2)\n"
		"  --access-log FILE  write every retired U-mode memory access, per hart (docs/design.md 7.4)\n"
		"  --crew-log FILE  run the CREW recorder (SMP-ReVirt, docs/design.md 9) beside the RRUs and\n"
		"                   write its chunk log (binary, 3.3); each CREW fault holds its hart\n"
		"  --crew-page B    CREW page size in bytes, a power of two (default 4096)\n"
		"  --crew-cost C    cycles a CREW fault holds its hart (default 1000)\n"
		"  --crew-stats FILE  the CREW recorder's figures (faults, cycles held), key=value\n"
		"  -h, --help       this text\n"
		"Exit status: the program's (finisher), 3 at the cycle limit, 1 on a simulator\n"
		"error or an assertion, 2 on bad usage or a bad ELF.\n",
		MAX_CORES, RAM_BYTES / 1024, MAX_CORES, DEFAULT_MAX_CYCLES,
#if VM_TRACE
		"",
#else
		" (not in this build)",
#endif
		DEFAULT_CLK_HZ, DEFAULT_KERNEL, APP_BASE, SIM_QUANTUM, RAM_BASE);
}

bool parse_u64(const char *s, uint64_t &v)
{
	char *end;
	errno = 0;
	if (!*s || *s == '-') return false;
	v = std::strtoull(s, &end, 0);
	return errno == 0 && *end == '\0';
}

// --- RAM back door (the public array of rru_ram) ---------------------------
struct Ram {
	Vrru_sim_top *dut;
	std::vector<uint8_t> *mirror = nullptr; // golden copy for --check-mem
	void write_byte(uint32_t off, uint8_t b)
	{
		if (mirror) (*mirror)[off] = b;
		auto &mem = dut->rootp->rru_sim_top__DOT__u_soc__DOT__u_mem__DOT__u_ram__DOT__mem;
		uint32_t word = off / 4, sh = (off % 4) * 8;
		uint32_t &w = mem[word / 4][word % 4];
		w = (w & ~(0xffu << sh)) | ((uint32_t)b << sh);
	}
	void clear()
	{
		auto &mem = dut->rootp->rru_sim_top__DOT__u_soc__DOT__u_mem__DOT__u_ram__DOT__mem;
		for (uint32_t l = 0; l < RAM_BYTES / 16; l++)
			for (int w = 0; w < 4; w++) mem[l][w] = 0;
	}
};

// The kernel's boot parameter block (include/rru/memmap.h, docs/design.md §6
// "Boot"): what a board's loader writes too.
void write_boot_block(Ram &ram, uint32_t nthreads, uint32_t nharts, uint32_t quantum, uint32_t flags)
{
	const uint32_t words[6] = {RRU_BOOT_MAGIC, nthreads, nharts, RAM_BYTES, quantum, flags};
	uint32_t off = RRU_BOOT_PARAMS_ADDR - RAM_BASE;
	for (uint32_t w = 0; w < 6; w++)
		for (uint32_t b = 0; b < 4; b++) ram.write_byte(off + 4 * w + b, (uint8_t)(words[w] >> (8 * b)));
}

// --- ELF32 loader: PT_LOAD segments into RAM -------------------------------
bool load_elf(const char *path, Ram &ram, uint32_t lo, uint32_t hi, uint32_t &entry)
{
	FILE *f = std::fopen(path, "rb");
	if (!f) {
		std::fprintf(stderr, "rru-sim: %s: %s\n", path, std::strerror(errno));
		return false;
	}
	std::vector<uint8_t> img;
	uint8_t buf[65536];
	size_t n;
	while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) img.insert(img.end(), buf, buf + n);
	std::fclose(f);
	auto u16 = [&](size_t o) { return (uint32_t)img[o] | (uint32_t)img[o + 1] << 8; };
	auto u32 = [&](size_t o) { return u16(o) | u16(o + 2) << 16; };
	if (img.size() < 52 || std::memcmp(img.data(), "\177ELF", 4) != 0) {
		std::fprintf(stderr, "rru-sim: %s: not an ELF file (bad magic at offset 0)\n", path);
		return false;
	}
	if (img[4] != 1 || img[5] != 1) {
		std::fprintf(stderr, "rru-sim: %s: not a 32-bit little-endian ELF (class %u, data %u at offset 4)\n",
			     path, img[4], img[5]);
		return false;
	}
	if (u16(18) != 243) {
		std::fprintf(stderr, "rru-sim: %s: machine %u at offset 18 is not RISC-V (243)\n", path, u16(18));
		return false;
	}
	entry = u32(24);
	uint32_t phoff = u32(28), phentsize = u16(42), phnum = u16(44);
	if (phentsize < 32 || (uint64_t)phoff + (uint64_t)phnum * phentsize > img.size()) {
		std::fprintf(stderr, "rru-sim: %s: program headers at offset %u (%u x %u bytes) outside the file\n",
			     path, phoff, phnum, phentsize);
		return false;
	}
	int loaded = 0;
	for (uint32_t i = 0; i < phnum; i++) {
		size_t ph = phoff + (size_t)i * phentsize;
		if (u32(ph) != 1 /* PT_LOAD */) continue;
		uint32_t off = u32(ph + 4), paddr = u32(ph + 12), filesz = u32(ph + 16), memsz = u32(ph + 20);
		if (memsz == 0) continue;
		if (filesz > memsz || (uint64_t)off + filesz > img.size()) {
			std::fprintf(stderr, "rru-sim: %s: segment %u (header at offset %zu): file range %u+%u "
				     "outside the file or larger than its memory size %u\n",
				     path, i, ph, off, filesz, memsz);
			return false;
		}
		if (paddr < lo || (uint64_t)paddr + memsz > hi) {
			std::fprintf(stderr, "rru-sim: %s: segment %u (header at offset %zu) at 0x%08x..0x%08x is "
				     "outside 0x%08x..0x%08x\n",
				     path, i, ph, paddr, paddr + memsz, lo, hi);
			return false;
		}
		for (uint32_t b = 0; b < memsz; b++)
			ram.write_byte(paddr - RAM_BASE + b, b < filesz ? img[off + b] : 0);
		loaded++;
	}
	if (!loaded) {
		std::fprintf(stderr, "rru-sim: %s: no PT_LOAD segment to load\n", path);
		return false;
	}
	return true;
}

// --- UART over TCP ----------------------------------------------------------
int tcp_wait_client(unsigned port)
{
	int ls = socket(AF_INET, SOCK_STREAM, 0);
	if (ls < 0) return -1;
	int one = 1;
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	sockaddr_in a{};
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(ls, (sockaddr *)&a, sizeof a) < 0 || listen(ls, 1) < 0) {
		std::fprintf(stderr, "rru-sim: --uart-tcp %u: %s\n", port, std::strerror(errno));
		close(ls);
		return -1;
	}
	std::fprintf(stderr, "rru-sim: waiting for a UART client on 127.0.0.1:%u\n", port);
	int c = accept(ls, nullptr, nullptr);
	close(ls);
	if (c < 0) {
		std::fprintf(stderr, "rru-sim: --uart-tcp %u: accept: %s\n", port, std::strerror(errno));
		return -1;
	}
	fcntl(c, F_SETFL, fcntl(c, F_GETFL) | O_NONBLOCK);
	return c;
}

// One hart's 32-bit field of a packed per-hart port.
template <std::size_t W> uint32_t field32(const VlWide<W> &s, int h) { return s[h]; }

volatile std::sig_atomic_t g_stop = 0, g_report = 0;
void on_signal(int) { g_stop = 1; }
void on_report(int) { g_report = 1; }

// The fast 8-hart build hands runs of at most 4 harts to the 4-hart build
// next to it (same RTL and parameters, so the same cycles and results: idle
// requesters do not change the round-robin order), which simulates about
// twice as fast because it does not evaluate 4 harts held in reset.
// RRU_SIM_NO_DISPATCH=1 turns this off.
void maybe_dispatch(int argc, char **argv)
{
#ifdef SIM_DISPATCH
	if (std::getenv("RRU_SIM_NO_DISPATCH")) return;
	uint64_t cores = 1;
	for (int i = 1; i < argc; i++) {
		if (!std::strcmp(argv[i], "-h") || !std::strcmp(argv[i], "--help")) return; // describe this build
		const char *v = nullptr;
		if (!std::strcmp(argv[i], "--cores") && i + 1 < argc) v = argv[i + 1];
		else if (!std::strncmp(argv[i], "--cores=", 8)) v = argv[i] + 8;
		if (v && !parse_u64(v, cores)) return; // let the option parser complain
	}
	if (cores < 1 || cores > 4) return;
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 16);
	if (n <= 0) return;
	self[n] = '\0';
	char *slash = std::strrchr(self, '/');
	if (!slash) return;
	std::strcpy(slash + 1, "rru-sim-4");
	if (access(self, X_OK) != 0) return;
	execv(self, argv);
	// exec failed: run here
#else
	(void)argc;
	(void)argv;
#endif
}

// --access-log: every retired U-mode instruction with a memory access, per
// hart in retirement order, as 24-byte little-endian records
// (docs/design.md §7.4): u32 index of the instruction among the hart's
// retired U-mode instructions, u32 pc, u32 address, u32 read data, u32
// write data, u8 hart, u8 read mask, u8 write mask, u8 0. A replay's hart h
// runs exactly the recorded chunks of cpu h, so record and replay give the
// same records hart by hart; `rru replay` names the first that differs.
struct AccessLog {
	FILE *f = nullptr;
	uint32_t uinsn[MAX_CORES] = {0};
	bool open(const char *path)
	{
		f = std::fopen(path, "wb");
		return f != nullptr;
	}
	template <typename Dut> void retire(const Dut &dut, int h)
	{
		if (((dut.rvfi_priv_o >> (2 * h)) & 3) != 0) return; // U-mode only
		uint32_t idx = uinsn[h]++;
		uint32_t rmask = (dut.rvfi_mem_rmask_o >> (4 * h)) & 15, wmask = (dut.rvfi_mem_wmask_o >> (4 * h)) & 15;
		if (!rmask && !wmask) return;
		uint32_t w[5] = {idx, field32(dut.rvfi_pc_rdata_o, h), field32(dut.rvfi_mem_addr_o, h),
				 field32(dut.rvfi_mem_rdata_o, h), field32(dut.rvfi_mem_wdata_o, h)};
		uint8_t r[24];
		for (int i = 0; i < 5; i++)
			for (int b = 0; b < 4; b++) r[4 * i + b] = (uint8_t)(w[i] >> (8 * b));
		r[20] = (uint8_t)h;
		r[21] = (uint8_t)rmask;
		r[22] = (uint8_t)wmask;
		r[23] = 0;
		std::fwrite(r, 1, sizeof r, f);
	}
	~AccessLog()
	{
		if (f) std::fclose(f);
	}
};

} // namespace

int main(int argc, char **argv)
{
	maybe_dispatch(argc, argv);
	uint64_t cores = 1, threads = 0, max_cycles = DEFAULT_MAX_CYCLES, seed = 0, baud = 0;
	uint64_t clk_hz = DEFAULT_CLK_HZ, tcp_port = 0, quantum = SIM_QUANTUM;
	bool have_seed = false, stats = false, bare = false, check_mem = false, rru_off = false;
	SimRecOptions ro;
	SimCrewOptions co;
	uint64_t crew_page = co.page_bytes;
	const char *trace_path = nullptr, *access_path = nullptr;
	const char *kernel = DEFAULT_KERNEL;
	static const option opts[] = {
		{"cores", required_argument, nullptr, 'c'}, {"threads", required_argument, nullptr, 't'},
		{"max-cycles", required_argument, nullptr, 'm'}, {"seed", required_argument, nullptr, 's'},
		{"trace", required_argument, nullptr, 'T'}, {"uart-tcp", required_argument, nullptr, 'p'},
		{"uart-baud", required_argument, nullptr, 'b'}, {"clk-hz", required_argument, nullptr, 'z'},
		{"stats", no_argument, nullptr, 'S'}, {"check-mem", no_argument, nullptr, 'C'}, {"kernel", required_argument, nullptr, 'k'},
		{"bare", no_argument, nullptr, 'B'}, {"help", no_argument, nullptr, 'h'},
		{"events", required_argument, nullptr, 'E'}, {"rru-log", required_argument, nullptr, 'L'},
		{"check-model", no_argument, nullptr, 'M'}, {"coherence", no_argument, nullptr, 'H'},
		{"rru-off", no_argument, nullptr, 'O'}, {"quantum", required_argument, nullptr, 'Q'},
		{"access-log", required_argument, nullptr, 'A'}, {"crew-log", required_argument, nullptr, 'W'},
		{"crew-page", required_argument, nullptr, 'P'}, {"crew-cost", required_argument, nullptr, 'K'},
		{"crew-stats", required_argument, nullptr, 'X'}, {nullptr, 0, nullptr, 0},
	};
	int o;
	auto bad = [&](const char *opt, const char *val) {
		std::fprintf(stderr, "rru-sim: bad value for %s: '%s'\n", opt, val);
		return 2;
	};
	while ((o = getopt_long(argc, argv, "h", opts, nullptr)) != -1) {
		switch (o) {
		case 'c':
			if (!parse_u64(optarg, cores) || cores < 1 || cores > (uint64_t)MAX_CORES)
				return bad("--cores (1..8)", optarg);
			break;
		case 't':
			if (!parse_u64(optarg, threads) || threads > 0xffffffffu) return bad("--threads", optarg);
			break;
		case 'm':
			if (!parse_u64(optarg, max_cycles) || max_cycles == 0) return bad("--max-cycles", optarg);
			break;
		case 's':
			if (!parse_u64(optarg, seed)) return bad("--seed", optarg);
			have_seed = true;
			break;
		case 'T': trace_path = optarg; break;
		case 'p':
			if (!parse_u64(optarg, tcp_port) || tcp_port == 0 || tcp_port > 65535)
				return bad("--uart-tcp", optarg);
			break;
		case 'b':
			if (!parse_u64(optarg, baud) || baud == 0) return bad("--uart-baud", optarg);
			break;
		case 'z':
			if (!parse_u64(optarg, clk_hz) || clk_hz == 0) return bad("--clk-hz", optarg);
			break;
		case 'S': stats = true; break;
		case 'C': check_mem = true; break;
		case 'k': kernel = optarg; break;
		case 'B': bare = true; break;
		case 'E': ro.events_path = optarg; break;
		case 'L': ro.log_path = optarg; break;
		case 'M': ro.check_model = true; break;
		case 'H': ro.coherence = true; break;
		case 'O': rru_off = true; break;
		case 'A': access_path = optarg; break;
		case 'W': co.log_path = optarg; break;
		case 'X': co.stats_path = optarg; break;
		case 'P':
			if (!parse_u64(optarg, crew_page) || crew_page < 4 || crew_page > (1u << 20) ||
			    (crew_page & (crew_page - 1)))
				return bad("--crew-page (a power of two, 4..1048576)", optarg);
			co.page_bytes = (unsigned)crew_page;
			break;
		case 'K':
			if (!parse_u64(optarg, co.fault_cycles) || co.fault_cycles > 100000000ull)
				return bad("--crew-cost (0..100000000)", optarg);
			break;
		case 'Q':
			if (!parse_u64(optarg, quantum) || quantum == 0 || quantum > 0xffffffffu)
				return bad("--quantum", optarg);
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	// No program: host mode (the kernel alone, waiting on the UART link).
	const bool host = optind == argc && tcp_port && !bare;
	if (optind != argc - 1 && !host) {
		std::fprintf(stderr, "rru-sim: expected exactly one PROG.elf (or none, with --uart-tcp PORT: host mode)\n");
		usage(stderr);
		return 2;
	}
	const char *prog = host ? nullptr : argv[optind];
	if (!bare && ro.check_model) {
		std::fprintf(stderr, "rru-sim: --check-model needs --bare: under the kernel the RRUs' log is "
				     "drained by the kernel and leaves over the link (rru record); --rru-log taps it\n");
		return 2;
	}
#if !VM_TRACE
	if (trace_path) {
		std::fprintf(stderr, "rru-sim: --trace: this build has no tracing (not built with Verilator "
				     "--trace-fst; build/bin/rru-sim, the fast build, has it)\n");
		return 2;
	}
#endif

	auto ctx = std::make_unique<VerilatedContext>();
	ctx->fatalOnError(false); // report an assertion ourselves, with the cycle
	auto dut = std::make_unique<Vrru_sim_top>(ctx.get());
	Ram ram{dut.get()};
	std::vector<uint8_t> golden(RAM_BYTES, 0);
	if (check_mem) ram.mirror = &golden;
	AccessLog alog;
	if (access_path && !alog.open(access_path)) {
		std::fprintf(stderr, "rru-sim: --access-log %s: %s\n", access_path, std::strerror(errno));
		return 2;
	}
	ram.clear();
	uint32_t entry = 0;
	if (bare) {
		if (!load_elf(prog, ram, RAM_BASE, RAM_BASE + RAM_BYTES, entry)) return 2;
		if (entry != RAM_BASE)
			std::fprintf(stderr, "rru-sim: warning: %s: entry 0x%08x is not the boot address 0x%08x\n", prog,
				     entry, RAM_BASE);
	} else {
		if (!load_elf(kernel, ram, RAM_BASE, KERNEL_END, entry)) {
			std::fprintf(stderr, "rru-sim: (the kernel comes from the firmware build; use --bare to run "
					     "a bare-metal program alone)\n");
			return 2;
		}
		if (prog) {
			if (!load_elf(prog, ram, APP_BASE, RAM_BASE + RAM_BYTES, entry)) return 2;
			if (entry != APP_BASE)
				std::fprintf(stderr, "rru-sim: warning: %s: app entry 0x%08x is not APP_BASE 0x%08x\n",
					     prog, entry, APP_BASE);
		}
		write_boot_block(ram, (uint32_t)threads, (uint32_t)cores, (uint32_t)quantum,
				 host ? RRU_BOOT_FLAG_HOST : 0u);
	}

	int tcp = -1;
	if (tcp_port) {
		tcp = tcp_wait_client((unsigned)tcp_port);
		if (tcp < 0) return 1;
	}

#if VM_TRACE
	std::unique_ptr<VerilatedFstC> tfp;
	if (trace_path) {
		ctx->traceEverOn(true);
		tfp = std::make_unique<VerilatedFstC>();
		dut->trace(tfp.get(), 99);
		tfp->open(trace_path);
	}
#endif
	std::signal(SIGINT, on_signal);
	std::signal(SIGTERM, on_signal);
	std::signal(SIGUSR1, on_report); // a state report, and go on

	dut->hart_en_i = (uint8_t)((1u << cores) - 1);
	dut->lat_extra_i = 0;
	dut->uart_tx_busy_i = 0;
	dut->uart_rx_valid_i = 0;
	dut->uart_rx_data_i = 0;
	dut->simctl_ncores_i = (uint32_t)cores;
	dut->simctl_nthreads_i = (uint32_t)threads;
	dut->simctl_seed_i = (uint32_t)seed;
	dut->simctl_flags_i = (bare ? 0u : 1u) | (have_seed ? 2u : 0u) | (rru_off ? 4u : 0u);
	// Bare programs' RRU logs leave by the stream port (a streamer that
	// never backs up); the kernel drains its RRUs itself.
	dut->rru_log_ready_i = bare ? 1 : 0;
	dut->crew_stall_i = 0;
	// Reset for a few cycles (the wrapper registers every input).
	dut->rst_ni = 0;
	for (int i = 0; i < 4; i++) {
		if (i == 3) dut->rst_ni = 1;
		dut->clk_i = 0;
		dut->eval();
		dut->clk_i = 1;
		dut->eval();
	}

	ro.stats = stats;
	const bool capture = ro.events_path || ro.log_path || ro.check_model || ro.coherence || stats;
	if (capture && !simrec_open(ro, (unsigned)cores, dut->rru_cfg_o, 16)) return 2;
	const bool keep_events = capture && simrec_keeps_events();
	if (co.stats_path && !co.log_path) {
		std::fprintf(stderr, "rru-sim: --crew-stats needs --crew-log\n");
		return 2;
	}
	if (co.log_path && !simcrew_open(co, (unsigned)cores)) return 2;
	const bool crew = co.log_path != nullptr;
	if (stats) {
		uint32_t cfg = dut->rru_cfg_o;
		if (cfg)
			std::fprintf(stderr, "rru-sim: RRUs: %u-bit %s signatures (%u hashes), K=%u\n",
				     (cfg & 15) << ((cfg >> 4) & 31), (cfg >> 9) & 1 ? "bit-selection" : "H3", cfg & 15,
				     (cfg >> 10) & 31);
		else
			std::fprintf(stderr, "rru-sim: no RRUs in this build\n");
	}

	// latency perturbation: xorshift64* from the seed
	uint64_t lfsr = seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull;
	uint64_t cyc_per_char = baud ? (10 * clk_hz + baud - 1) / baud : 0;
	// --uart-baud: the NS16550's 16-byte transmit FIFO and its shift
	// register, at 10 bit times a byte; THRE (tx_busy_i low) means the FIFO
	// is empty, and the kernel then writes up to 16 bytes at once.
	constexpr size_t TX_FIFO = 16;
	std::deque<uint8_t> txfifo;
	uint64_t tx_shift = 0, tx_overruns = 0;
	LinkMeter meter; // --stats with --uart-tcp: the chunk log's rate
	std::deque<uint8_t> rxq;
	std::string out;
	uint64_t instret[8] = {0}, traps[8] = {0}, intrs[8] = {0}, bus[8] = {0}, imiss = 0;
	uint64_t cycle = 0;
	int code = -1;
	bool failed = false;
	auto t0 = std::chrono::steady_clock::now();

	// --check-mem: the access of a retiring memory instruction performs in
	// this cycle; with the atomic bus the memory is sequentially consistent
	// at that instant, so every value read must be the golden one.
	auto check_access = [&](int h) -> bool {
		uint32_t rmask = (dut->rvfi_mem_rmask_o >> (4 * h)) & 15, wmask = (dut->rvfi_mem_wmask_o >> (4 * h)) & 15;
		if (!rmask && !wmask) return true;
		uint32_t addr = field32(dut->rvfi_mem_addr_o, h) & ~3u;
		if (addr - RAM_BASE >= RAM_BYTES) return true;
		uint32_t off = addr - RAM_BASE, rd = field32(dut->rvfi_mem_rdata_o, h), wd = field32(dut->rvfi_mem_wdata_o, h);
		for (int b = 0; b < 4; b++) {
			if ((rmask >> b) & 1) {
				uint8_t got = (uint8_t)(rd >> (8 * b));
				if (got != golden[off + b]) {
					std::fprintf(stderr,
						     "rru-sim: --check-mem: cycle %" PRIu64 " hart %d pc 0x%08x insn 0x%08x "
						     "read 0x%08x (rmask %x) at 0x%08x, memory holds 0x%02x%02x%02x%02x\n",
						     cycle, h, field32(dut->rvfi_pc_rdata_o, h), field32(dut->rvfi_insn_o, h), rd,
						     rmask, addr, golden[off + 3], golden[off + 2], golden[off + 1], golden[off]);
					return false;
				}
			}
		}
		for (int b = 0; b < 4; b++)
			if ((wmask >> b) & 1) golden[off + b] = (uint8_t)(wd >> (8 * b));
		return true;
	};

	auto flush_out = [&]() {
		if (out.empty()) return;
		if (tcp >= 0) {
			size_t o2 = 0;
			while (o2 < out.size()) {
				ssize_t w = send(tcp, out.data() + o2, out.size() - o2, MSG_NOSIGNAL);
				if (w < 0 && errno == EAGAIN) { usleep(100); continue; }
				if (w <= 0) break; // client gone: drop output
				o2 += (size_t)w;
			}
		} else {
			std::fwrite(out.data(), 1, out.size(), stdout);
			std::fflush(stdout);
		}
		out.clear();
	};

	// A byte on the serial line (at once, or paced by --uart-baud).
	auto emit = [&](uint8_t b) {
		out.push_back((char)b);
		if (stats && tcp >= 0) meter.byte(cycle, b);
		if (b == '\n' || out.size() >= 4096) flush_out();
	};

	// The RRU side of one cycle: retirements (cpu ascending), the RRU register
	// writes taken, the bus transaction (docs/design.md §2.2), log words.
	auto capture_cycle = [&]() -> bool {
		if (crew) { // the same events, in the same order (§2.2)
			if (uint32_t v = dut->rvfi_valid_o)
				for (unsigned h = 0; h < cores; h++)
					if (v & (1u << h) &&
					    !simcrew_event(simrec_retire_event(cycle, h, (dut->rvfi_priv_o >> (2 * h)) & 3,
									      (dut->rvfi_trap_o >> h) & 1,
									      field32(dut->rvfi_insn_o, (int)h),
									      field32(dut->rvfi_mem_addr_o, (int)h),
									      (dut->rvfi_mem_rmask_o >> (4 * h)) & 15,
									      (dut->rvfi_mem_wmask_o >> (4 * h)) & 15)))
						return false;
			struct rru_trace_event e;
			if (uint32_t v = dut->rru_wr_valid_o)
				for (unsigned h = 0; h < cores; h++)
					if (v & (1u << h) && simrec_ctl_event(cycle, h, dut->rru_wr_addr_o, dut->rru_wr_data_o, e) &&
					    !simcrew_event(e))
						return false;
			if (dut->obs_valid_o) {
				std::memset(&e, 0, sizeof e);
				e.type = RRU_EV_BUS;
				e.cycle = cycle;
				e.cpu = (uint8_t)dut->obs_cpu_o;
				e.cmd = (uint8_t)dut->obs_cmd_o;
				e.line = dut->obs_line_o;
				if (!simcrew_event(e)) return false;
			}
			// a CREW fault holds its hart from the next cycle on: the access
			// has performed (the harness sees it retire), the cost is the same
			dut->crew_stall_i = simcrew_stall_mask();
		}
		if (!capture) return true;
		// retirements and bus transactions only if kept (not for --stats alone)
		if (uint32_t v = keep_events ? dut->rvfi_valid_o : 0u)
			for (unsigned h = 0; h < cores; h++)
				if (v & (1u << h))
					simrec_retire(cycle, h, (dut->rvfi_priv_o >> (2 * h)) & 3, (dut->rvfi_trap_o >> h) & 1,
						      field32(dut->rvfi_insn_o, (int)h), field32(dut->rvfi_mem_addr_o, (int)h),
						      (dut->rvfi_mem_rmask_o >> (4 * h)) & 15, (dut->rvfi_mem_wmask_o >> (4 * h)) & 15);
		if (uint32_t v = dut->rru_wr_valid_o)
			for (unsigned h = 0; h < cores; h++)
				if (v & (1u << h)) simrec_write(cycle, h, dut->rru_wr_addr_o, dut->rru_wr_data_o);
		if (keep_events && dut->obs_valid_o) simrec_bus(cycle, dut->obs_cpu_o, dut->obs_cmd_o, dut->obs_line_o);
		if (uint32_t v = dut->rru_stall_o)
			for (unsigned h = 0; h < cores; h++)
				if (v & (1u << h)) {
					simrec_stall(h);
					if ((dut->rvfi_valid_o >> h) & 1) {
						std::fprintf(stderr, "rru-sim: cycle %" PRIu64 ": hart %u retired (pc 0x%08x) while "
							     "its RRU held retirement (retire_stall): the RRU drops it\n",
							     cycle, h, field32(dut->rvfi_pc_rdata_o, (int)h));
						return false;
					}
				}
		// Words leave an RRU by the stream port (bare) or, under the kernel,
		// by its LOG_HI reads: both in each RRU's order, as the kernel sees them.
		uint32_t v = dut->rru_log_valid_o & (dut->rru_log_ready_i ? ~0u : (uint32_t)dut->rru_log_pop_o);
		if (v)
			for (unsigned h = 0; h < cores; h++)
				if (v & (1u << h)) {
					uint64_t w = (uint64_t)dut->rru_log_data_o[2 * h + 1] << 32 | dut->rru_log_data_o[2 * h];
					if (!simrec_log_word(cycle, h, w)) return false;
				}
		return true;
	};

	// Each iteration is one cycle. The SoC's outputs depend on its state only
	// (rru_sim_top registers the inputs), so after the rising edge that
	// starts a cycle they are valid for that whole cycle: read them first,
	// then set the inputs, which the next rising edge samples.
	int rx_holdoff = 0;
	const bool uart_dbg = std::getenv("RRU_SIM_UART_DEBUG") != nullptr;
	uint64_t uart_tx_n = 0, uart_rx_n = 0;
	// Where each hart is, for RRU_SIM_UART_DEBUG and the state report that
	// SIGUSR1 and an interruption print (what a host that saw the device
	// fall silent needs: which harts still retire, which their RRU holds).
	uint32_t last_pc[MAX_CORES] = {0};
	uint8_t last_priv[MAX_CORES] = {0};
	uint64_t last_ret[MAX_CORES] = {0};
	auto report_state = [&](const char *why) {
		std::fprintf(stderr, "rru-sim: state at cycle %" PRIu64 " (%s): UART %" PRIu64 " bytes out, %" PRIu64
			     " in, %zu waiting to go in\n", cycle, why, uart_tx_n, uart_rx_n, rxq.size());
		for (uint64_t h = 0; h < cores; h++)
			std::fprintf(stderr, "rru-sim: hart %" PRIu64 ": last retired pc 0x%08x (%s-mode) %" PRIu64
				     " cycles ago%s\n", h, last_pc[h], last_priv[h] == 3 ? "M" : last_priv[h] ? "S" : "U",
				     cycle - last_ret[h], (dut->rru_stall_o >> h) & 1 ? ", held by its RRU (log buffer full)" : "");
	};
	for (; cycle < max_cycles && !g_stop; cycle++) {
		// outputs of this cycle
		if (!capture_cycle()) {
			failed = true;
			break;
		}
		if (dut->uart_tx_valid_o) {
			uart_tx_n++;
			if (cyc_per_char) {
				if (txfifo.size() >= TX_FIFO) tx_overruns++; // kept: a board would lose it
				txfifo.push_back(dut->uart_tx_data_o);
			} else {
				emit(dut->uart_tx_data_o);
			}
		}
		if (tx_shift) tx_shift--;
		if (!tx_shift && !txfifo.empty()) { // the line takes the next byte
			emit(txfifo.front());
			txfifo.pop_front();
			tx_shift = cyc_per_char;
		}
		if (uint32_t v = dut->rvfi_valid_o) {
			for (int h = 0; h < MAX_CORES; h++)
				if (v & (1u << h)) {
					last_pc[h] = field32(dut->rvfi_pc_rdata_o, h);
					last_priv[h] = (uint8_t)((dut->rvfi_priv_o >> (2 * h)) & 3);
					last_ret[h] = cycle;
					// the first instruction of a handler entered by an interrupt
					if ((dut->rvfi_intr_o >> h) & 1) intrs[h]++;
					if ((dut->rvfi_trap_o >> h) & 1) {
						traps[h]++;
					} else {
						instret[h]++;
						if (alog.f) alog.retire(*dut, h);
						if (check_mem && !check_access(h)) {
							failed = true;
							break;
						}
					}
				}
			if (failed) break;
		}
		if (dut->obs_valid_o) {
			bus[dut->obs_cmd_o & 7]++;
			if (dut->obs_ifetch_o) imiss++;
		}
		if (dut->fin_valid_o) {
			code = (int)dut->fin_code_o;
			cycle++;
			break;
		}
		if (g_report) {
			g_report = 0;
			report_state("SIGUSR1");
		}
		if (uart_dbg) {
			if ((cycle % 1000000) == 0)
				std::fprintf(stderr, "rru-sim: cycle %" PRIu64 ": uart tx %" PRIu64 " rx %" PRIu64
					     " queued %zu; pc 0x%08x 0x%08x\n", cycle, uart_tx_n, uart_rx_n, rxq.size(),
					     last_pc[0], last_pc[1]);
		}
		// inputs, sampled at the coming rising edge
		if (have_seed) {
			lfsr ^= lfsr >> 12;
			lfsr ^= lfsr << 25;
			lfsr ^= lfsr >> 27;
			uint64_t r = lfsr * 0x2545F4914F6CDD1Dull;
			dut->lat_extra_i = (r >> 60) < 6 ? 0 : (uint8_t)((r >> 32) & 7);
		}
		dut->uart_tx_busy_i = !txfifo.empty();
		dut->uart_rx_valid_i = 0;
		if (tcp >= 0 && (cycle & 1023) == 0) {
			flush_out(); // the link's frames have no newlines: send what is there
			uint8_t b[256];
			ssize_t n = recv(tcp, b, sizeof b, 0);
			for (ssize_t i = 0; i < n; i++) rxq.push_back(b[i]);
			if (n == 0 && host) { // the host closed the link: a host-mode device is done
				code = 0;
				break;
			}
		}
		if (rx_holdoff) {
			rx_holdoff--;
		} else if (!rxq.empty() && dut->uart_rx_ready_o) {
			// one byte, then wait until rx_ready_o has seen it
			dut->uart_rx_valid_i = 1;
			dut->uart_rx_data_i = rxq.front();
			uart_rx_n++;
			rxq.pop_front();
			rx_holdoff = 3;
		}
		dut->clk_i = 0;
		dut->eval();
#if VM_TRACE
		if (tfp) tfp->dump(2 * cycle);
#endif
		dut->clk_i = 1;
		dut->eval();
#if VM_TRACE
		if (tfp) tfp->dump(2 * cycle + 1);
#endif
		if (ctx->gotError()) {
			std::fprintf(stderr, "rru-sim: assertion failed at cycle %" PRIu64 " (message above)\n", cycle);
			failed = true;
			cycle++;
			break;
		}
	}
	// What the transmit FIFO still holds at the end is the program's output
	// too: the line would send it after the finisher stopped the cores.
	for (; !txfifo.empty(); txfifo.pop_front()) emit(txfifo.front());
	flush_out();
	// Drain: the RRUs' last records (after EXIT) leave over the next cycles.
	if ((capture || crew) && code >= 0 && !failed) {
		uint64_t end = cycle;
		for (; cycle < end + 512; cycle++) {
			dut->clk_i = 0;
			dut->eval();
			dut->clk_i = 1;
			dut->eval();
			if (!capture_cycle()) {
				failed = true;
				break;
			}
		}
		cycle = end;
	}
	if (capture && !simrec_finish()) failed = true;
	if (crew && !simcrew_finish(cycle)) failed = true;
	double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
#if VM_TRACE
	if (tfp) tfp->close();
#endif
	dut->final();
	if (tcp >= 0) close(tcp);

	if (stats) {
		uint64_t all = 0;
		std::fprintf(stderr,
			     "rru-sim: %" PRIu64 " cycles in %.2f s (%.0f cycles/s), %" PRIu64 " harts (%d-hart build)%s\n",
			     cycle, secs, secs > 0 ? cycle / secs : 0.0, cores, MAX_CORES,
			     have_seed ? ", latency perturbed" : "");
		for (uint64_t h = 0; h < cores; h++) {
			all += instret[h];
			std::fprintf(stderr, "rru-sim: hart %" PRIu64 ": %" PRIu64 " instructions, %" PRIu64
				     " traps, %" PRIu64 " interrupts, IPC %.3f\n",
				     h, instret[h], traps[h], intrs[h], cycle ? (double)instret[h] / cycle : 0.0);
		}
		std::fprintf(stderr, "rru-sim: %" PRIu64 " instructions in all\n", all);
		std::fprintf(stderr, "rru-sim: bus:");
		for (int k = 0; k < 6; k++) std::fprintf(stderr, " %s %" PRIu64, kCmdNames[k], bus[k]);
		std::fprintf(stderr, "\n");
		meter.report(baud, clk_hz);
		if (tx_overruns)
			std::fprintf(stderr, "rru-sim: UART: %" PRIu64 " bytes written to a full transmit FIFO "
				     "(a board loses them)\n", tx_overruns);
		std::fprintf(stderr, "rru-sim: misses: I-cache %" PRIu64 ", D-cache %" PRIu64 " (BusRd %" PRIu64
			     " + BusRdX %" PRIu64 "), D-cache upgrades %" PRIu64 ", write-backs %" PRIu64 "\n",
			     imiss, bus[0] - imiss + bus[1], bus[0] - imiss, bus[1], bus[2], bus[3]);
	}
	if (failed) return 1;
	if (g_stop) {
		report_state("interrupted");
		std::fprintf(stderr, "rru-sim: interrupted at cycle %" PRIu64 "\n", cycle);
		return 1;
	}
	if (code < 0) {
		std::fprintf(stderr,
			     "rru-sim: stopped at the cycle limit (--max-cycles %" PRIu64
			     ") before the program finished; exit status 3\n",
			     max_cycles);
		return EXIT_LIMIT;
	}
	if (code == 0x7777) {
		std::fprintf(stderr, "rru-sim: the program asked for a reset (finisher 0x7777); exit status 1\n");
		return 1;
	}
	if (code > 255)
		std::fprintf(stderr, "rru-sim: program exit code %d does not fit an exit status; reported as %d\n", code,
			     code & 255 ? code & 255 : 1);
	return code > 255 ? (code & 255 ? code & 255 : 1) : code;
}
