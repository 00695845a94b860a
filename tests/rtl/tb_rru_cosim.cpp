// Trace-driven co-simulation of the RRU recorder against the C reference
// model (docs/design.md §1, §2). For each event trace (files on the command
// line, or random traces of the oracle's generator: --seeds A-B, default
// 1-100): one rru_recorder instance per cpu (hart_id_i = cpu), driven cycle by
// cycle from the trace (retirement port, control commands, bus observe
// port), and the model (backend/model/model.c, linked in) stepped with the
// same events; every record the RTL writes is unpacked with rru_raw_unpack
// and compared with the model's next record of that cpu. The first
// difference fails the run, naming the trace, cycle, cpu and field.
//
// Trace cycles are applied in order; when an RRU cannot accept an event
// (retire_stall_o / !ctl_ready_o), idle clocks are inserted before the cycle
// (the model's result depends only on the order of events, not on cycle
// numbers). --drain P makes each RRU's log reader ready with probability
// P percent (default 100), so a small table and a slow reader exercise the
// stall path: nothing may be lost or reordered.
//
// --model-break V runs a deliberately broken model (no-leave-ser, no-ctx-ser,
// oldest-hit) and succeeds only if a difference is found: the bench has teeth.
//
// Built with -DTOP_RRU the bench drives the whole RRU (rtl/rru/rru.sv):
// commands and limits through the register port (include/rru/rru_regs.h),
// the log through the stream port or, with --reg-drain, through the
// LOG_LO/LOG_HI registers; after each trace the per-reason chunk counters
// of all harts must add up to the model's statistics.
//
// Build-time parameters (tests/rtl/part.mk): SIG_BITS, HASHES, FAMILY, TABLE
// (and the RTL's -G values, which must agree). Run-time: -L / -F limits.
#ifdef TOP_RRU
#include "Vrru.h"
typedef Vrru Dut;
#else
#include "Vrru_recorder.h"
typedef Vrru_recorder Dut;
#endif
#include "verilated.h"

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <random>
#include <string>
#include <vector>

extern "C" {
#include "rru/model.h"
#include "rru/msg.h"
#include "rru/oracle.h"
#include "rru/rru_raw.h"
#include "rru/rru_regs.h"
#include "rru/trace.h"
}

namespace {

struct expect {
	struct rru_chunk c;
	uint64_t cycle;
};

struct bench {
	std::vector<std::unique_ptr<Dut>> rru;
	std::deque<expect> want[RRU_MAX_CPUS];
	std::vector<uint64_t> words[RRU_MAX_CPUS];
	unsigned ncpus = 0;
	uint64_t clocks = 0, stalls = 0, records = 0;
	unsigned drain_pct = 100;
	std::mt19937 rng{7};
	const char *name = "";
	bool failed = false;
	unsigned model_breaks = 0; // deliberately broken model (teeth)
	const char *verdict = "FAIL"; // "caught" when a difference is expected
	bool reg_drain = false;    // TOP_RRU: drain through the registers
	uint32_t lo[RRU_MAX_CPUS] = {0};
	bool have_lo[RRU_MAX_CPUS] = {false};
};

void model_emit(void *ctx, const struct rru_chunk *c, uint64_t cycle)
{
	auto *b = static_cast<bench *>(ctx);
	b->want[c->cpu].push_back({*c, cycle});
}

bool fail_field(bench &b, unsigned cpu, const char *field, uint64_t rtl, uint64_t model,
		const expect &e)
{
	std::fprintf(stderr,
		     "tb_rru_cosim: %s %s: cpu %u, record %" PRIu64 " (RTL at clock %" PRIu64
		     ", model at trace cycle %" PRIu64 "): %s: RTL %" PRIu64 " (0x%" PRIx64
		     "), model %" PRIu64 " (0x%" PRIx64 ")\n",
		     b.verdict, b.name, cpu, b.records, b.clocks, e.cycle, field, rtl, rtl, model, model);
	b.failed = true;
	return false;
}

// A complete RTL record of cpu p: compare with the model's next one.
bool check_record(bench &b, unsigned p)
{
	struct rru_chunk got;
	std::memset(&got, 0, sizeof(got));
	size_t used = rru_raw_unpack(b.words[p].data(), b.words[p].size(), &got);
	if (!used) {
		std::fprintf(stderr, "tb_rru_cosim: FAIL %s: cpu %u: malformed raw record at clock %" PRIu64
			     " (header 0x%016" PRIx64 ")\n", b.name, p, b.clocks, b.words[p][0]);
		b.failed = true;
		return false;
	}
	if (b.want[p].empty()) {
		std::fprintf(stderr, "tb_rru_cosim: FAIL %s: cpu %u: RTL record at clock %" PRIu64
			     " (ts %" PRIu64 ") but the model has none\n", b.name, p, b.clocks, got.ts);
		b.failed = true;
		return false;
	}
	expect e = b.want[p].front();
	b.want[p].pop_front();
	const struct rru_chunk &w = e.c;
	if (got.cpu != w.cpu)
		return fail_field(b, p, "cpu", got.cpu, w.cpu, e);
	if (got.reason != w.reason)
		return fail_field(b, p, "reason", got.reason, w.reason, e);
	if (got.tid != w.tid)
		return fail_field(b, p, "tid", got.tid, w.tid, e);
	if (got.icount != w.icount)
		return fail_field(b, p, "icount", got.icount, w.icount, e);
	if (got.ts != w.ts)
		return fail_field(b, p, "ts", got.ts, w.ts, e);
	if (got.ndeps != w.ndeps)
		return fail_field(b, p, "ndeps", got.ndeps, w.ndeps, e);
	for (unsigned i = 0; i < got.ndeps; i++) {
		char f[32];
		if (got.deps[i].q != w.deps[i].q) {
			std::snprintf(f, sizeof f, "dep[%u].q", i);
			return fail_field(b, p, f, got.deps[i].q, w.deps[i].q, e);
		}
		if (got.deps[i].k != w.deps[i].k) {
			std::snprintf(f, sizeof f, "dep[%u].k (q=%u)", i, got.deps[i].q);
			return fail_field(b, p, f, got.deps[i].k, w.deps[i].k, e);
		}
	}
	b.records++;
	b.words[p].clear();
	return true;
}

void idle_inputs(bench &b)
{
	for (unsigned p = 0; p < b.rru.size(); p++) {
		Dut *r = b.rru[p].get();
		r->rvfi_valid_i = 0;
		r->rvfi_trap_i = 0;
#ifndef TOP_RRU
		r->ctl_valid_i = 0;
#endif
		r->obs_valid_i = 0;
		r->log_ready_i = !b.reg_drain && (b.drain_pct >= 100 || (b.rng() % 100) < b.drain_pct);
#ifdef TOP_RRU
		r->reg_req_i = 0;
		r->reg_we_i = 0;
#endif
	}
}

#ifdef TOP_RRU
// Register access in the current cycle (combinational read data).
uint32_t reg_access(Dut *r, bool we, uint32_t addr, uint32_t wdata)
{
	r->reg_req_i = 1;
	r->reg_we_i = we;
	r->reg_addr_i = addr;
	r->reg_wdata_i = wdata;
	r->eval();
	return r->reg_rdata_o;
}
#endif

// One clock: outputs sampled before the edge, then the edge.
bool clock(bench &b)
{
	for (auto &r : b.rru)
		r->eval();
	for (unsigned p = 0; p < b.rru.size(); p++) {
		Dut *r = b.rru[p].get();
		bool got = false;
		uint64_t word = r->log_data_o;
#ifdef TOP_RRU
		if (b.reg_drain && !r->reg_req_i && r->log_valid_o &&
		    (b.drain_pct >= 100 || (b.rng() % 100) < b.drain_pct)) {
			if (!b.have_lo[p]) {
				b.lo[p] = reg_access(r, false, RRU_REG_LOG_LO, 0);
				b.have_lo[p] = true;
			} else {
				word = (uint64_t)reg_access(r, false, RRU_REG_LOG_HI, 0) << 32 | b.lo[p];
				b.have_lo[p] = false;
				got = true;
			}
		}
#endif
		if (r->log_valid_o && r->log_ready_i)
			got = true;
		if (got) {
			b.words[p].push_back(word);
			std::vector<uint64_t> &w = b.words[p];
			if (w.size() >= 2 && w.size() == 2 + ((w[0] >> RRU_RAW_NDEPS_SHIFT) & 15))
				if (!check_record(b, p))
					return false;
		}
	}
	for (auto &r : b.rru) {
		r->clk_i = 1;
		r->eval();
		r->clk_i = 0;
		r->eval();
	}
	b.clocks++;
	return true;
}

void set_retire(Dut *r, const struct rru_trace_event &ev)
{
	// The retirement port as the core drives it (RVFI-like).
	static const uint32_t lw = 0x00002003, sw = 0x00002023, nop = 0x00000013;
	static const uint32_t amoswap = 0x0800202f, lr = 0x1000202f, sc = 0x1800202f;
	r->rvfi_valid_i = 1;
	r->rvfi_priv_i = ev.priv;
	r->rvfi_trap_i = ev.acc == RRU_ACC_TRAP;
	r->rvfi_mem_addr_i = ev.addr;
	r->rvfi_mem_rmask_i = 0;
	r->rvfi_mem_wmask_i = 0;
	r->rvfi_insn_i = nop;
	switch (ev.acc) {
	case RRU_ACC_LD: r->rvfi_insn_i = lw; r->rvfi_mem_rmask_i = 0xf; break;
	case RRU_ACC_ST: r->rvfi_insn_i = sw; r->rvfi_mem_wmask_i = 0xf; break;
	case RRU_ACC_AMO:
		r->rvfi_insn_i = amoswap;
		r->rvfi_mem_rmask_i = 0xf;
		r->rvfi_mem_wmask_i = 0xf;
		break;
	case RRU_ACC_LR: r->rvfi_insn_i = lr; r->rvfi_mem_rmask_i = 0xf; break;
	case RRU_ACC_SC: r->rvfi_insn_i = sc; r->rvfi_mem_wmask_i = 0xf; break;
	case RRU_ACC_SCF: r->rvfi_insn_i = sc; break; // failed: writes nothing
	default: r->rvfi_mem_addr_i = 0; break;
	}
	if (ev.priv != RRU_PRIV_U) // M-mode accesses are not the RRU's business
		r->rvfi_mem_addr_i = ev.addr;
}

// Runs one trace (all its events in ev) through the RTL and the model.
int run_events(bench &b, const char *path, const struct rru_trace_hdr &hdr,
	       const std::vector<struct rru_trace_event> &evs, uint32_t L, uint32_t F)
{
	b.name = path;
	if (hdr.ncpus > b.rru.size()) {
		std::fprintf(stderr, "tb_rru_cosim: %s: %u cpus, the bench has %zu\n", path, hdr.ncpus,
			     b.rru.size());
		return 2;
	}
	struct rru_model_cfg cfg;
	rru_model_cfg_default(&cfg);
	cfg.ncpus = hdr.ncpus;
	cfg.line_bytes = hdr.line_bytes;
	cfg.sig_bits = SIG_BITS;
	cfg.hashes = HASHES;
	cfg.family = FAMILY;
	cfg.table = TABLE;
	cfg.icount_limit = L;
	cfg.fill_limit = F;
	cfg.breaks = b.model_breaks;
	struct rru_model *m = rru_model_new(&cfg, model_emit, &b);
	if (!m || hdr.line_bytes != 16) {
		if (m)
			std::fprintf(stderr, "tb_rru_cosim: %s: line size %u, the RTL has 16\n", path,
				     hdr.line_bytes);
		rru_model_free(m);
		return 2;
	}
	b.ncpus = hdr.ncpus;
	for (unsigned p = 0; p < RRU_MAX_CPUS; p++) {
		b.want[p].clear();
		b.words[p].clear();
	}
	// reset
	for (unsigned p = 0; p < b.rru.size(); p++) {
		Dut *r = b.rru[p].get();
		r->hart_id_i = p;
		r->ncpus_i = hdr.ncpus;
#ifndef TOP_RRU
		r->icount_limit_i = L;
		r->fill_limit_i = F;
#endif
		r->clk_i = 0;
		r->rst_ni = 1;
	}
	idle_inputs(b);
	for (auto &r : b.rru)
		r->eval();
	for (auto &r : b.rru) { // an edge on the asynchronous reset
		r->rst_ni = 0;
		r->eval();
	}
	for (auto &r : b.rru) {
		r->rst_ni = 1;
		r->eval();
	}
	for (unsigned p = 0; p < RRU_MAX_CPUS; p++)
		b.have_lo[p] = false;
#ifdef TOP_RRU
	// the limits, through the registers (two idle clocks for the model)
	for (int i = 0; i < 2; i++) {
		idle_inputs(b);
		for (auto &r : b.rru)
			reg_access(r.get(), true, i ? RRU_REG_FILLLIMIT : RRU_REG_ICLIMIT, i ? F : L);
		clock(b);
	}
	idle_inputs(b);
	for (auto &r : b.rru) {
		if (reg_access(r.get(), false, RRU_REG_ID, 0) != RRU_REG_ID_VALUE ||
		    reg_access(r.get(), false, RRU_REG_ICLIMIT, 0) != L ||
		    reg_access(r.get(), false, RRU_REG_FILLLIMIT, 0) != F) {
			std::fprintf(stderr, "tb_rru_cosim: FAIL %s: ID or limit registers read back wrong\n",
				     path);
			rru_model_free(m);
			return 1;
		}
	}
#endif

	std::vector<struct rru_trace_event> cyc;
	size_t next = 0;
	int rc = 0;
	while (next < evs.size() && rc == 0) {
		cyc.clear();
		uint64_t c = evs[next].cycle;
		while (next < evs.size() && evs[next].cycle == c)
			cyc.push_back(evs[next++]);
		// wait (idle clocks) until every RRU can take this cycle's events
		for (;;) {
			idle_inputs(b);
			for (auto &r : b.rru)
				r->eval();
			bool ok = true;
			for (const auto &e : cyc) {
				if (e.type == RRU_EV_RETIRE) {
					// the stall depends on the retiring privilege
					b.rru[e.cpu]->rvfi_priv_i = e.priv;
					b.rru[e.cpu]->eval();
					if (b.rru[e.cpu]->retire_stall_o)
						ok = false;
				}
#ifdef TOP_RRU
				if (e.type == RRU_EV_CTL &&
				    (reg_access(b.rru[e.cpu].get(), true, RRU_REG_START + 4 * e.op, e.tid),
				     !b.rru[e.cpu]->reg_ready_o))
					ok = false;
#else
				if (e.type == RRU_EV_CTL && !b.rru[e.cpu]->ctl_ready_o)
					ok = false;
#endif
			}
			if (ok)
				break;
			idle_inputs(b);
			b.stalls++;
			if (!clock(b)) {
				rc = 1;
				break;
			}
		}
		if (rc)
			break;
		for (const auto &e : cyc) {
			if (rru_model_step(m, &e)) {
				rc = 2;
				break;
			}
			if (e.type == RRU_EV_RETIRE) {
				set_retire(b.rru[e.cpu].get(), e);
			} else if (e.type == RRU_EV_CTL) {
				Dut *r = b.rru[e.cpu].get();
#ifdef TOP_RRU
				r->reg_req_i = 1;
				r->reg_we_i = 1;
				r->reg_addr_i = RRU_REG_START + 4 * e.op;
				r->reg_wdata_i = e.tid;
#else
				r->ctl_valid_i = 1;
				r->ctl_op_i = e.op;
				r->ctl_tid_i = e.tid;
#endif
			} else {
				for (auto &r : b.rru) {
					r->obs_valid_i = 1;
					r->obs_cpu_i = e.cpu;
					r->obs_cmd_i = e.cmd;
					r->obs_line_i = e.line;
				}
			}
		}
		if (rc == 0 && !clock(b))
			rc = 1;
	}
	// drain what the RRUs still hold, then nothing may be missing
	for (int i = 0; rc == 0 && i < 100000; i++) {
		idle_inputs(b);
		bool busy = false;
		for (auto &r : b.rru) {
			r->eval();
			busy |= r->log_valid_o;
		}
		if (!busy)
			break;
		if (!clock(b))
			rc = 1;
	}
	for (unsigned p = 0; rc == 0 && p < hdr.ncpus; p++) {
		if (!b.want[p].empty()) {
			std::fprintf(stderr, "tb_rru_cosim: FAIL %s: cpu %u: the model has %zu more records "
				     "(next ts %" PRIu64 ", trace cycle %" PRIu64 ") than the RTL wrote\n",
				     path, p, b.want[p].size(), b.want[p].front().c.ts, b.want[p].front().cycle);
			rc = 1;
		}
		if (!b.words[p].empty()) {
			std::fprintf(stderr, "tb_rru_cosim: FAIL %s: cpu %u: a partial record is left\n", path, p);
			rc = 1;
		}
	}
#ifdef TOP_RRU
	// the chunk counters of all harts against the model's statistics
	const struct rru_model_stats *st = rru_model_stats(m);
	for (unsigned r = 0; rc == 0 && r < 8; r++) {
		uint64_t sum = 0;
		idle_inputs(b);
		for (unsigned p = 0; p < hdr.ncpus; p++)
			sum += reg_access(b.rru[p].get(), false, RRU_REG_REASON0 + 4 * r, 0);
		if (sum != st->by_reason[r]) {
			std::fprintf(stderr, "tb_rru_cosim: FAIL %s: chunks ended with reason %u: counters "
				     "%" PRIu64 ", model %" PRIu64 "\n", path, r, sum, st->by_reason[r]);
			rc = 1;
		}
	}
	idle_inputs(b);
#endif
	rru_model_free(m);
	return rc;
}

int run_file(bench &b, const char *path, uint32_t L, uint32_t F)
{
	FILE *f = std::fopen(path, "r");
	if (!f) {
		std::fprintf(stderr, "tb_rru_cosim: %s: cannot open\n", path);
		return 2;
	}
	struct rru_trace_hdr hdr;
	struct rru_trace_reader *rd = rru_trace_reader_new(f, path, &hdr);
	if (!rd) {
		std::fclose(f);
		return 2;
	}
	std::vector<struct rru_trace_event> evs;
	struct rru_trace_event ev;
	int got;
	while ((got = rru_trace_read(rd, &ev)) == 1)
		evs.push_back(ev);
	rru_trace_reader_free(rd);
	std::fclose(f);
	if (got < 0)
		return 2;
	return run_events(b, path, hdr, evs, L, F);
}

// A random trace of the oracle's MSI multi-cache generator (rru gentrace -s).
int run_seed(bench &b, uint64_t seed, uint32_t L, uint32_t F)
{
	struct rru_gen_cfg g;
	struct rru_trace_buf buf;
	rru_gen_cfg_random(&g, seed);
	if (rru_gen_trace(&g, &buf))
		return 2;
	std::vector<struct rru_trace_event> evs(buf.ev, buf.ev + buf.n);
	struct rru_trace_hdr hdr = buf.hdr;
	rru_trace_buf_free(&buf);
	static char name[64];
	std::snprintf(name, sizeof name, "gentrace seed %" PRIu64, seed);
	return run_events(b, name, hdr, evs, L, F);
}

} // namespace

int main(int argc, char **argv)
{
	auto ctx = std::make_unique<VerilatedContext>();
	ctx->commandArgs(argc, argv);
	bench b;
	// the model's defaults (a fill limit fits the signature)
	uint32_t L = 65536, F = SIG_BITS >= 256 ? 128 : SIG_BITS / 2;
	const char *seeds = nullptr;
	bool expect_differ = false; // with --model-break: the bench must catch it
	int first = 1;
	for (; first < argc && argv[first][0] == '-'; first++) {
		if (!std::strcmp(argv[first], "-L") && first + 1 < argc)
			L = (uint32_t)std::strtoul(argv[++first], nullptr, 0);
		else if (!std::strcmp(argv[first], "-F") && first + 1 < argc)
			F = (uint32_t)std::strtoul(argv[++first], nullptr, 0);
		else if (!std::strcmp(argv[first], "--reg-drain"))
			b.reg_drain = true;
		else if (!std::strcmp(argv[first], "--seeds") && first + 1 < argc)
			seeds = argv[++first];
		else if (!std::strcmp(argv[first], "--model-break") && first + 1 < argc) {
			const char *v = argv[++first];
			if (!std::strcmp(v, "no-leave-ser"))
				b.model_breaks = RRU_BREAK_NO_LEAVE_SER;
			else if (!std::strcmp(v, "no-ctx-ser"))
				b.model_breaks = RRU_BREAK_NO_CTX_SER;
			else if (!std::strcmp(v, "oldest-hit"))
				b.model_breaks = RRU_BREAK_OLDEST_HIT;
			else {
				std::fprintf(stderr, "tb_rru_cosim: --model-break %s: unknown\n", v);
				return 2;
			}
			expect_differ = true;
			b.verdict = "caught";
		} else if (!std::strcmp(argv[first], "--drain") && first + 1 < argc)
			b.drain_pct = (unsigned)std::strtoul(argv[++first], nullptr, 0);
		else if (!std::strcmp(argv[first], "--"))
			{ first++; break; }
		else if (argv[first][0] == '+')
			continue; // Verilator plusargs
		else {
			std::fprintf(stderr, "usage: tb_rru_cosim [-L N] [-F N] [--drain PCT] "
				     "[--seeds A-B] [TRACE...]\n");
			return 2;
		}
	}
	for (unsigned p = 0; p < RRU_MAX_CPUS; p++) {
		std::string n = "cpu" + std::to_string(p);
		b.rru.emplace_back(new Dut(ctx.get(), n.c_str()));
	}
	int ntr = 0;
	// No trace and no seeds: the random traces of seeds 1..100.
	if (!seeds && first >= argc)
		seeds = "1-100";
	if (seeds) {
		unsigned long lo = 0, hi = 0;
		if (std::sscanf(seeds, "%lu-%lu", &lo, &hi) != 2 || lo > hi) {
			std::fprintf(stderr, "tb_rru_cosim: --seeds %s: expected A-B\n", seeds);
			return 2;
		}
		for (unsigned long s = lo; s <= hi; s++, ntr++) {
			int rc = run_seed(b, s, L, F);
			if (rc == 1 && expect_differ) {
				std::printf("tb_rru_cosim: the broken model was caught (seed %lu)\n", s);
				return 0;
			}
			if (rc)
				return rc;
		}
	}
	for (int i = first; i < argc; i++, ntr++) {
		int rc = run_file(b, argv[i], L, F);
		if (rc)
			return rc;
	}
	if (expect_differ) {
		std::fprintf(stderr, "tb_rru_cosim: FAIL: the broken model was not caught in %d traces\n",
			     ntr);
		return 1;
	}
	std::printf("tb_rru_cosim: PASS: %d traces, %" PRIu64 " records equal to the model "
		    "(sig %d bits, %d hashes, %s, K=%d, L=%u, F=%u, drain %u%%), %" PRIu64
		    " clocks, %" PRIu64 " stall clocks\n",
		    ntr, b.records, SIG_BITS, HASHES, FAMILY ? "bitsel" : "h3", TABLE, L, F, b.drain_pct,
		    b.clocks, b.stalls);
	b.rru.clear();
	return 0;
}
