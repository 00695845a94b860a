// rru-sim's RRU side: trace capture, RTL log collection, model check.
// See rru_sim_rec.h and docs/design.md §2.
#include "rru_sim_rec.h"

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <vector>

extern "C" {
#include "rru/logfmt.h"
#include "rru/model.h"
#include "rru/msg.h"
#include "rru/record.h"
#include "rru/rru_raw.h"
#include "rru/rru_regs.h"
}

namespace {

struct Rec {
	struct rru_chunk c;
	uint64_t cycle;
};

struct State {
	SimRecOptions o;
	bool open = false;
	struct rru_trace_hdr hdr{};
	uint32_t cfg = 0;
	unsigned hashes = 0, idxw = 0, family = 0, table = 0;
	uint32_t iclimit[RRU_MAX_CPUS], filllimit[RRU_MAX_CPUS];
	bool started = false, limit_late = false;
	std::vector<struct rru_trace_event> ev;
	std::vector<uint64_t> words[RRU_MAX_CPUS];
	std::vector<Rec> rtl[RRU_MAX_CPUS];   // RTL records, per cpu, in order
	std::vector<Rec> rtl_all;             // all RTL records, in drain order
	std::vector<Rec> model[RRU_MAX_CPUS];
	std::vector<Rec> model_all;
	uint64_t stalls[RRU_MAX_CPUS] = {0};
	bool bad_word = false;
	bool keep = false; // keep the events (trace, checks)
};

State g;

void model_emit(void *, const struct rru_chunk *c, uint64_t cycle)
{
	g.model[c->cpu].push_back({*c, cycle});
	g.model_all.push_back({*c, cycle});
}

bool write_trace(const char *path)
{
	FILE *f = std::fopen(path, "w");
	if (!f) {
		std::fprintf(stderr, "rru-sim: --events %s: %s\n", path, std::strerror(errno));
		return false;
	}
	rru_trace_write_hdr(f, &g.hdr);
	for (const auto &e : g.ev) rru_trace_write(f, &e);
	if (std::fclose(f) != 0) {
		std::fprintf(stderr, "rru-sim: --events %s: write error\n", path);
		return false;
	}
	return true;
}

bool write_log(const char *path)
{
	FILE *f = std::fopen(path, "w");
	if (!f) {
		std::fprintf(stderr, "rru-sim: --rru-log %s: %s\n", path, std::strerror(errno));
		return false;
	}
	struct rru_log_writer *w;
	if (rru_log_writer_open(&w, f, path, RRU_LOG_TEXT, g.hdr.ncpus) != 0) {
		std::fclose(f);
		return false;
	}
	bool ok = true;
	for (const auto &r : g.rtl_all) {
		struct rru_record rec;
		std::memset(&rec, 0, sizeof rec);
		rec.kind = RRU_REC_CHUNK;
		rec.u.chunk = r.c;
		if (rru_log_write(w, &rec) != 0) {
			ok = false;
			break;
		}
	}
	if (rru_log_writer_close(w) != 0) ok = false;
	if (std::fclose(f) != 0) ok = false;
	return ok;
}

bool differ(unsigned p, size_t i, const char *field, uint64_t rtl, uint64_t mod)
{
	const Rec &m = g.model[p][i];
	const Rec &r = g.rtl[p][i];
	std::fprintf(stderr,
		     "rru-sim: --check-model: FAIL: cpu %u, record %zu (model: trace cycle %" PRIu64
		     ", RTL: left the log port at cycle %" PRIu64 "): %s: RTL %" PRIu64 " (0x%" PRIx64
		     "), model %" PRIu64 " (0x%" PRIx64 ")\n",
		     p, i, m.cycle, r.cycle, field, rtl, rtl, mod, mod);
	return false;
}

// Compares record i of cpu p; true if equal.
bool same(unsigned p, size_t i)
{
	const struct rru_chunk &a = g.rtl[p][i].c, &b = g.model[p][i].c;
	if (a.reason != b.reason) return differ(p, i, "reason", a.reason, b.reason);
	if (a.tid != b.tid) return differ(p, i, "tid", a.tid, b.tid);
	if (a.icount != b.icount) return differ(p, i, "icount", a.icount, b.icount);
	if (a.ts != b.ts) return differ(p, i, "ts", a.ts, b.ts);
	if (a.ndeps != b.ndeps) return differ(p, i, "ndeps", a.ndeps, b.ndeps);
	for (unsigned d = 0; d < a.ndeps; d++) {
		char f[40];
		if (a.deps[d].q != b.deps[d].q) {
			std::snprintf(f, sizeof f, "dep[%u].q", d);
			return differ(p, i, f, a.deps[d].q, b.deps[d].q);
		}
		if (a.deps[d].k != b.deps[d].k) {
			std::snprintf(f, sizeof f, "dep[%u].k (q=%u)", d, a.deps[d].q);
			return differ(p, i, f, a.deps[d].k, b.deps[d].k);
		}
	}
	return true;
}

bool check_model()
{
	struct rru_model_cfg cfg;
	rru_model_cfg_default(&cfg);
	cfg.ncpus = g.hdr.ncpus;
	cfg.line_bytes = g.hdr.line_bytes;
	cfg.sig_bits = g.hashes << g.idxw;
	cfg.hashes = g.hashes;
	cfg.family = g.family;
	cfg.table = g.table;
	cfg.icount_limit = g.iclimit[0];
	cfg.fill_limit = g.filllimit[0];
	for (unsigned p = 1; p < g.hdr.ncpus; p++)
		if (g.iclimit[p] != cfg.icount_limit || g.filllimit[p] != cfg.fill_limit) {
			std::fprintf(stderr, "rru-sim: --check-model: harts 0 and %u have different limits "
				     "(L %u/%u, F %u/%u); the model takes one set\n",
				     p, cfg.icount_limit, g.iclimit[p], cfg.fill_limit, g.filllimit[p]);
			return false;
		}
	if (g.limit_late) {
		std::fprintf(stderr, "rru-sim: --check-model: a limit register was written after recording "
			     "started (docs/design.md §1.8: fixed while a hart records)\n");
		return false;
	}
	struct rru_model *m = rru_model_new(&cfg, model_emit, nullptr);
	if (!m) return false;
	bool ok = true;
	for (const auto &e : g.ev)
		if (rru_model_step(m, &e) != 0) {
			ok = false;
			break;
		}
	rru_model_free(m);
	if (!ok) return false;
	// the first difference in the model's emission order
	size_t idx[RRU_MAX_CPUS] = {0};
	for (const auto &mr : g.model_all) {
		unsigned p = mr.c.cpu;
		size_t i = idx[p]++;
		if (i >= g.rtl[p].size()) {
			std::fprintf(stderr, "rru-sim: --check-model: FAIL: cpu %u, record %zu (model: trace cycle %"
				     PRIu64 ", ts %" PRIu64 "): the RTL emitted only %zu records for this cpu\n",
				     p, i, mr.cycle, mr.c.ts, g.rtl[p].size());
			return false;
		}
		if (!same(p, i)) return false;
	}
	for (unsigned p = 0; p < g.hdr.ncpus; p++)
		if (g.rtl[p].size() != idx[p]) {
			const Rec &r = g.rtl[p][idx[p]];
			std::fprintf(stderr, "rru-sim: --check-model: FAIL: cpu %u, record %zu (RTL, left the log port "
				     "at cycle %" PRIu64 ", ts %" PRIu64 "): the model emitted only %zu records for this cpu\n",
				     p, idx[p], r.cycle, r.c.ts, idx[p]);
			return false;
		}
	size_t n = g.model_all.size();
	std::fprintf(stderr, "rru-sim: --check-model: %zu records of %u harts equal the C model's "
		     "(%u-bit %s x%u, K=%u, L=%u, F=%u)\n", n, g.hdr.ncpus, cfg.sig_bits,
		     cfg.family ? "bitsel" : "H3", cfg.hashes, cfg.table, cfg.icount_limit, cfg.fill_limit);
	return true;
}

bool check_coherence()
{
	struct rru_cohcheck *c = rru_cohcheck_new(&g.hdr);
	if (!c) return false;
	bool ok = true;
	for (size_t i = 0; i < g.ev.size(); i++) {
		const char *why = rru_cohcheck_step(c, &g.ev[i]);
		if (why) {
			char line[128];
			FILE *f = fmemopen(line, sizeof line, "w");
			if (f) {
				rru_trace_write(f, &g.ev[i]);
				std::fclose(f);
				line[sizeof line - 1] = 0;
				if (char *nl = std::strchr(line, '\n')) *nl = 0;
			} else {
				line[0] = 0;
			}
			std::fprintf(stderr, "rru-sim: --coherence: FAIL at event %zu \"%s\": %s\n", i, line, why);
			ok = false;
			break;
		}
	}
	rru_cohcheck_free(c);
	if (ok)
		std::fprintf(stderr, "rru-sim: --coherence: %zu events obey docs/design.md §1.2\n", g.ev.size());
	return ok;
}

} // namespace

bool simrec_open(const SimRecOptions &o, unsigned ncpus, uint32_t cfg, unsigned line_bytes)
{
	g.o = o;
	g.open = true;
	g.hdr.ncpus = ncpus;
	g.hdr.line_bytes = line_bytes;
	g.cfg = cfg;
	g.keep = o.events_path || o.check_model || o.coherence;
	g.hashes = (cfg >> RRU_CFG_HASHES_SHIFT) & 15;
	g.idxw = (cfg >> RRU_CFG_IDXW_SHIFT) & 31;
	g.family = (cfg >> RRU_CFG_FAMILY_SHIFT) & 1;
	g.table = (cfg >> RRU_CFG_TABLE_SHIFT) & 31;
	struct rru_model_cfg d;
	rru_model_cfg_default(&d);
	for (unsigned p = 0; p < RRU_MAX_CPUS; p++) {
		g.iclimit[p] = d.icount_limit; // the registers' reset values (rtl/rru/rru_regs.sv)
		g.filllimit[p] = d.fill_limit;
	}
	if (!g.hashes && (o.check_model || o.log_path)) {
		std::fprintf(stderr, "rru-sim: this build has no RRUs (EnableRru = 0)\n");
		return false;
	}
	return true;
}

bool simrec_keeps_events() { return g.keep; }

struct rru_trace_event simrec_retire_event(uint64_t cycle, unsigned cpu, unsigned priv, bool trap,
					   uint32_t insn, uint32_t addr, unsigned rmask, unsigned wmask)
{
	struct rru_trace_event e;
	std::memset(&e, 0, sizeof e);
	e.type = RRU_EV_RETIRE;
	e.cycle = cycle;
	e.cpu = (uint8_t)cpu;
	e.priv = priv == 0 ? RRU_PRIV_U : RRU_PRIV_M;
	if (trap) {
		e.acc = RRU_ACC_TRAP;
	} else if ((insn & 0x7f) == 0x2f) {
		unsigned f5 = insn >> 27;
		e.acc = f5 == 2 ? RRU_ACC_LR : f5 == 3 ? (wmask ? RRU_ACC_SC : RRU_ACC_SCF) : RRU_ACC_AMO;
		e.addr = addr;
	} else if (wmask) {
		e.acc = RRU_ACC_ST;
		e.addr = addr;
	} else if (rmask) {
		e.acc = RRU_ACC_LD;
		e.addr = addr;
	} else {
		e.acc = RRU_ACC_NONE;
	}
	return e;
}

bool simrec_ctl_event(uint64_t cycle, unsigned cpu, unsigned reg, uint32_t data, struct rru_trace_event &e)
{
	if (reg < RRU_REG_START || reg > RRU_REG_EXIT) return false;
	std::memset(&e, 0, sizeof e);
	e.type = RRU_EV_CTL;
	e.cycle = cycle;
	e.cpu = (uint8_t)cpu;
	e.op = (uint8_t)((reg - RRU_REG_START) / 4);
	if (e.op == RRU_CTL_START || e.op == RRU_CTL_SWITCH) e.tid = data;
	return true;
}

void simrec_retire(uint64_t cycle, unsigned cpu, unsigned priv, bool trap, uint32_t insn, uint32_t addr,
		   unsigned rmask, unsigned wmask)
{
	if (!g.keep) return;
	g.ev.push_back(simrec_retire_event(cycle, cpu, priv, trap, insn, addr, rmask, wmask));
}

void simrec_write(uint64_t cycle, unsigned cpu, unsigned reg, uint32_t data)
{
	if (reg == RRU_REG_ICLIMIT || reg == RRU_REG_FILLLIMIT) {
		(reg == RRU_REG_ICLIMIT ? g.iclimit : g.filllimit)[cpu] = data;
		if (g.started) g.limit_late = true;
		return;
	}
	if (reg == RRU_REG_START) g.started = true;
	struct rru_trace_event e;
	if (!g.keep || !simrec_ctl_event(cycle, cpu, reg, data, e)) return;
	g.ev.push_back(e);
}

void simrec_bus(uint64_t cycle, unsigned cpu, unsigned cmd, uint32_t line)
{
	if (!g.keep) return;
	struct rru_trace_event e;
	std::memset(&e, 0, sizeof e);
	e.type = RRU_EV_BUS;
	e.cycle = cycle;
	e.cpu = (uint8_t)cpu;
	e.cmd = (uint8_t)cmd;
	e.line = line;
	g.ev.push_back(e);
}

bool simrec_log_word(uint64_t cycle, unsigned cpu, uint64_t word)
{
	std::vector<uint64_t> &w = g.words[cpu];
	w.push_back(word);
	if (w.size() < 2 || w.size() != 2 + ((w[0] >> RRU_RAW_NDEPS_SHIFT) & 15)) return true;
	Rec r;
	std::memset(&r, 0, sizeof r);
	r.cycle = cycle;
	if (!rru_raw_unpack(w.data(), w.size(), &r.c) || r.c.cpu != cpu) {
		std::fprintf(stderr, "rru-sim: hart %u: malformed raw record from the RRU at cycle %" PRIu64
			     " (header 0x%016" PRIx64 ")\n", cpu, cycle, w[0]);
		g.bad_word = true;
		w.clear();
		return false;
	}
	w.clear();
	g.rtl[cpu].push_back(r);
	g.rtl_all.push_back(r);
	return true;
}

void simrec_stall(unsigned cpu) { g.stalls[cpu]++; }

bool simrec_finish()
{
	if (!g.open) return true;
	bool ok = !g.bad_word;
	for (unsigned p = 0; p < g.hdr.ncpus; p++)
		if (!g.words[p].empty()) {
			std::fprintf(stderr, "rru-sim: hart %u: %zu words of an unfinished record left in the log "
				     "stream at the end\n", p, g.words[p].size());
			ok = false;
		}
	if (g.o.events_path && !write_trace(g.o.events_path)) ok = false;
	if (g.o.log_path && !write_log(g.o.log_path)) ok = false;
	if (g.o.stats) {
		for (unsigned p = 0; p < g.hdr.ncpus; p++) {
			uint64_t by[8] = {0}, ins = 0;
			for (const auto &r : g.rtl[p]) {
				by[r.c.reason & 7]++;
				ins += r.c.icount;
			}
			std::fprintf(stderr, "rru-sim: rru %u: %zu chunks (%" PRIu64 " insts), reasons conflict %" PRIu64
				     " icount %" PRIu64 " sigfull %" PRIu64 " trap %" PRIu64 " switch %" PRIu64
				     " flush %" PRIu64 " exit %" PRIu64 ", %" PRIu64 " stall cycles\n",
				     p, g.rtl[p].size(), ins, by[0], by[1], by[2], by[3], by[4], by[6], by[7], g.stalls[p]);
		}
	}
	if (g.o.coherence || g.o.check_model)
		if (!check_coherence()) ok = false;
	if (g.o.check_model && !check_model()) ok = false;
	return ok;
}
