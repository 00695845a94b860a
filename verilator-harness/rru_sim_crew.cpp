// rru-sim's CREW recorder: see rru_sim_crew.h and docs/design.md §9.
#include "rru_sim_crew.h"

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>

extern "C" {
#include "rru/crew.h"
#include "rru/logfmt.h"
#include "rru/record.h"
}

namespace {

struct Crew {
	SimCrewOptions o;
	bool on = false, failed = false;
	unsigned ncpus = 0;
	struct rru_crew *m = nullptr;
	FILE *f = nullptr;
	struct rru_log_writer *w = nullptr;
	uint64_t left[RRU_MAX_CPUS] = {0};   // stall cycles still to serve
	uint64_t after_lr[RRU_MAX_CPUS] = {0}; // an LR's fault cost, served after its SC
	uint64_t stalled[RRU_MAX_CPUS] = {0};
};

Crew c;

void on_chunk(void *, const struct rru_chunk *ch)
{
	if (c.failed) return;
	struct rru_record rec;
	std::memset(&rec, 0, sizeof rec);
	rec.kind = RRU_REC_CHUNK;
	rec.u.chunk = *ch;
	if (rru_log_write(c.w, &rec) != 0) c.failed = true;
}

} // namespace

bool simcrew_enabled() { return c.on; }

bool simcrew_open(const SimCrewOptions &o, unsigned ncpus)
{
	c.o = o;
	c.ncpus = ncpus;
	struct rru_crew_cfg cfg = {ncpus, o.page_bytes};
	if (const char *err = rru_crew_cfg_check(&cfg)) {
		std::fprintf(stderr, "rru-sim: --crew-page %u: %s\n", o.page_bytes, err);
		return false;
	}
	c.f = std::fopen(o.log_path, "wb");
	if (!c.f) {
		std::fprintf(stderr, "rru-sim: --crew-log %s: %s\n", o.log_path, std::strerror(errno));
		return false;
	}
	if (rru_log_writer_open(&c.w, c.f, o.log_path, RRU_LOG_BINARY, ncpus) != 0) return false;
	c.m = rru_crew_new(&cfg, on_chunk, nullptr);
	if (!c.m) return false;
	c.on = true;
	return true;
}

bool simcrew_event(const struct rru_trace_event &e)
{
	int f = rru_crew_step(c.m, &e);
	if (f < 0) {
		c.failed = true;
		return false;
	}
	// The harness sees an access as it retires, after it performed. Held
	// between an LR and its SC, a hart loses its reservation to the other
	// harts' LRs and retries for ever (livelock); an MMU would have held it
	// before the LR. So an LR's fault is served once the hart's next access
	// (its SC) has retired: the same cycles, no hold inside the pair.
	if (e.type == RRU_EV_RETIRE && e.acc != RRU_ACC_NONE && e.acc != RRU_ACC_TRAP && e.acc != RRU_ACC_LR) {
		c.left[e.cpu] += c.after_lr[e.cpu];
		c.after_lr[e.cpu] = 0;
	}
	if (f) (e.acc == RRU_ACC_LR ? c.after_lr : c.left)[e.cpu] += c.o.fault_cycles;
	return !c.failed;
}

uint32_t simcrew_stall_mask()
{
	uint32_t v = 0;
	for (unsigned h = 0; h < c.ncpus; h++)
		if (c.left[h]) {
			c.left[h]--;
			c.stalled[h]++;
			v |= 1u << h;
		}
	return v;
}

bool simcrew_finish(uint64_t cycles)
{
	if (!c.on) return true;
	bool ok = !c.failed;
	rru_crew_finish(c.m);
	if (c.failed) ok = false;
	if (rru_log_writer_close(c.w) != 0) ok = false;
	if (std::fclose(c.f) != 0) ok = false;
	const struct rru_crew_stats *st = rru_crew_stats(c.m);
	uint64_t faults = 0, held = 0;
	for (unsigned h = 0; h < c.ncpus; h++) {
		faults += st->faults[h];
		held += c.stalled[h];
	}
	std::fprintf(stderr, "rru-sim: crew: %u-byte pages, %" PRIu64 " faults (%" PRIu64 " read, %" PRIu64
		     " write), %" PRIu64 " constraints, %" PRIu64 " records, %" PRIu64 " cycles held\n",
		     c.o.page_bytes, faults, st->read_faults, st->write_faults, st->constraints, st->records, held);
	if (c.o.stats_path) {
		FILE *s = std::fopen(c.o.stats_path, "w");
		if (!s) {
			std::fprintf(stderr, "rru-sim: --crew-stats %s: %s\n", c.o.stats_path, std::strerror(errno));
			ok = false;
		} else {
			std::fprintf(s, "# openrru CREW recorder figures (docs/design.md §9)\npage_bytes=%u\n"
				     "fault_cycles=%" PRIu64 "\nsim_cycles=%" PRIu64 "\nfaults=%" PRIu64 "\nread_faults=%" PRIu64
				     "\nwrite_faults=%" PRIu64 "\nconstraints=%" PRIu64 "\nchunks=%" PRIu64 "\nrecords=%" PRIu64
				     "\ninstructions=%" PRIu64 "\npages=%" PRIu64 "\nheld_cycles=%" PRIu64 "\n",
				     c.o.page_bytes, c.o.fault_cycles, cycles, faults, st->read_faults, st->write_faults,
				     st->constraints, st->chunks, st->records, st->insts, st->pages, held);
			for (unsigned h = 0; h < c.ncpus; h++)
				std::fprintf(s, "faults.%u=%" PRIu64 "\nheld.%u=%" PRIu64 "\n", h, st->faults[h], h, c.stalled[h]);
			if (std::fclose(s) != 0) ok = false;
		}
	}
	rru_crew_free(c.m);
	c.m = nullptr;
	c.on = false;
	return ok;
}
