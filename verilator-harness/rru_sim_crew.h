// rru-sim's CREW recorder (rru_sim_crew.cpp, docs/design.md §9): the
// SMP-ReVirt page-protection recorder run live beside the RRUs on the same
// event stream (the retirement ports, the RRU commands, the bus), with the
// harness in the MMU's part: each CREW fault holds the faulting hart for a
// fixed number of cycles through the cluster's retire stall, so its cost is
// in the run's cycle count. Writes the recording as a binary chunk log (§3.3)
// and its figures as key=value lines.
#ifndef RRU_SIM_CREW_H
#define RRU_SIM_CREW_H
#include <cstdint>

#include "rru_sim_rec.h"

struct SimCrewOptions {
	const char *log_path = nullptr;   // --crew-log: on when set
	const char *stats_path = nullptr; // --crew-stats
	unsigned page_bytes = 4096;       // --crew-page
	uint64_t fault_cycles = 1000;     // --crew-cost
};

bool simcrew_enabled();
// Starts the recorder for ncpus harts. False (message printed) on error.
bool simcrew_open(const SimCrewOptions &o, unsigned ncpus);
// One event of the cycle, in the order of docs/design.md §2.2.
bool simcrew_event(const struct rru_trace_event &e);
// The harts to hold in the next cycle (each fault's cost, in turn).
uint32_t simcrew_stall_mask();
// Writes the log and the figures. True if all went well.
bool simcrew_finish(uint64_t cycles);
#endif
