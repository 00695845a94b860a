// rru-sim's RRU side (rru_sim_rec.cpp): captures the event trace of a run
// from the RTL (docs/design.md §2.1/§2.2: retirements, RRU control writes,
// bus transactions, in the within-cycle order), collects the raw records the
// RTL RRUs stream out, writes them as a text log (§3.2), and checks them
// record for record against the C model run on the captured trace with the
// RTL's parameters (--check-model), plus the §1.2 coherence check.
#ifndef RRU_SIM_REC_H
#define RRU_SIM_REC_H
#include <cstdint>

extern "C" {
#include "rru/trace.h"
}

struct SimRecOptions {
	const char *events_path = nullptr; // --events
	const char *log_path = nullptr;    // --rru-log
	bool check_model = false;          // --check-model
	bool coherence = false;            // --coherence (implied by --check-model)
	bool stats = false;                // --stats: RRU counters
};

// Starts a capture for ncpus harts; cfg is the SoC's rru_cfg_o (RRU_REG_CFG
// layout), line_bytes the cache line. Returns false (message printed) on error.
bool simrec_open(const SimRecOptions &o, unsigned ncpus, uint32_t cfg, unsigned line_bytes);
// Whether the capture keeps the events (--events, --check-model,
// --coherence): without it simrec_retire and simrec_bus do nothing, and the
// harness need not call them (--stats alone).
bool simrec_keeps_events();
// Events of one cycle, in this order: simrec_retire (cpu ascending),
// simrec_write (RRU register writes the RRUs accepted), simrec_bus.
void simrec_retire(uint64_t cycle, unsigned cpu, unsigned priv, bool trap, uint32_t insn,
		   uint32_t addr, unsigned rmask, unsigned wmask);
void simrec_write(uint64_t cycle, unsigned cpu, unsigned reg, uint32_t data);
void simrec_bus(uint64_t cycle, unsigned cpu, unsigned cmd, uint32_t line);
// A 64-bit word leaving hart cpu's log stream port in this cycle.
bool simrec_log_word(uint64_t cycle, unsigned cpu, uint64_t word);
void simrec_stall(unsigned cpu);
// The trace events (docs/design.md §2.1) of a retirement and of an RRU
// register write (false: the write is no §1.8 command), as the capture
// builds them; the CREW recorder (rru_sim_crew.h) takes the same events.
struct rru_trace_event simrec_retire_event(uint64_t cycle, unsigned cpu, unsigned priv, bool trap,
					   uint32_t insn, uint32_t addr, unsigned rmask, unsigned wmask);
bool simrec_ctl_event(uint64_t cycle, unsigned cpu, unsigned reg, uint32_t data, struct rru_trace_event &e);
// Ends the capture: writes the files, runs the checks. Returns true if all passed.
bool simrec_finish();
#endif
