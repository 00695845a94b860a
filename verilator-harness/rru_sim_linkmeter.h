// rru-sim's link meter (rru_sim_linkmeter.cpp): watches the frames the
// device sends on its UART (docs/design.md §5.1) and measures the chunk
// log's payload rate in simulated time, the figure issue 7 asks for with
// the UART paced at the line rate (--uart-baud): new LOG_DATA payload
// bytes over the cycles from the first LOG_DATA frame's first byte to the
// last one's last byte.
#ifndef RRU_SIM_LINKMETER_H
#define RRU_SIM_LINKMETER_H
#include <cstdint>
#include <vector>

struct LinkMeter {
	std::vector<uint8_t> buf; // the frame being assembled
	uint64_t start_cycle = 0;  // its first byte
	uint8_t expect = 0;        // next new sequence number
	uint8_t log_expect = 0;    // the same, on the hardware log channel
	bool synced = false;
	uint64_t log_bytes = 0, log_frames = 0, resent = 0, frames = 0;
	uint64_t first = 0, last = 0; // cycles: first LOG_DATA byte, last one
	void byte(uint64_t cycle, uint8_t b);
	// One line for --stats (nothing if no chunk log went out).
	void report(uint64_t baud, uint64_t clk_hz) const;
};
#endif
