// rru-sim's link meter: see rru_sim_linkmeter.h.
#include "rru_sim_linkmeter.h"

#include <cinttypes>
#include <cstdio>

extern "C" {
#include "rru/link.h"
}

// The device's output is clean (faults, if any, come later, on the TCP
// path), so a frame is found by its sync bytes and its length field; the
// CRCs need no checking.
void LinkMeter::byte(uint64_t cycle, uint8_t b)
{
	if (buf.empty()) {
		if (b != RRU_LINK_SYNC0) return;
		start_cycle = cycle;
	} else if (buf.size() == 1 && b != RRU_LINK_SYNC1) {
		buf.clear();
		if (b == RRU_LINK_SYNC0) {
			buf.push_back(b);
			start_cycle = cycle;
		}
		return;
	}
	buf.push_back(b);
	if (buf.size() < RRU_LINK_HDR_SIZE) return;
	size_t len = buf[RRU_LINK_OFF_LEN] | (size_t)buf[RRU_LINK_OFF_LEN + 1] << 8;
	if (len > RRU_LINK_MAX_PAYLOAD) { // not a frame: resynchronise
		buf.clear();
		return;
	}
	if (buf.size() < RRU_LINK_OVERHEAD + len) return;
	frames++;
	if (buf[RRU_LINK_OFF_TYPE] == RRU_LINK_T_LOG_STREAM) {
		// the hardware log channel: its own sequence numbers (§5.6)
		// (a new recording starts again at 0: ahead of the last, fresh)
		bool fresh = (uint8_t)(buf[RRU_LINK_OFF_SEQ] - log_expect) < 128;
		if (fresh) log_expect = (uint8_t)(buf[RRU_LINK_OFF_SEQ] + 1);
		else resent++;
		if (!log_frames++) first = start_cycle;
		last = cycle + 1;
		if (fresh && len >= RRU_LINK_LOG_HDR) log_bytes += len - RRU_LINK_LOG_HDR;
	} else if (!(buf[RRU_LINK_OFF_FLAGS] & RRU_LINK_F_CTRL)) {
		bool fresh = buf[RRU_LINK_OFF_SEQ] == expect;
		if (fresh) expect++;
		else resent++;
		if (buf[RRU_LINK_OFF_TYPE] == RRU_LINK_T_LOG_DATA) {
			if (!log_frames++) first = start_cycle;
			last = cycle + 1;
			if (fresh && len >= RRU_LINK_LOG_HDR) log_bytes += len - RRU_LINK_LOG_HDR;
		}
	}
	buf.clear();
}

void LinkMeter::report(uint64_t baud, uint64_t clk_hz) const
{
	if (!log_frames) return;
	uint64_t cyc = last - first;
	std::fprintf(stderr, "rru-sim: link out: %" PRIu64 " chunk-log payload bytes in %" PRIu64
		     " log frames over %" PRIu64 " cycles (first at %" PRIu64 "); %" PRIu64
		     " frames in all, %" PRIu64 " resent", log_bytes, log_frames, cyc, first, frames, resent);
	if (baud && cyc)
		std::fprintf(stderr, "; %.1f %% of the line rate (%" PRIu64 " baud at %" PRIu64 " Hz)",
			     100.0 * (double)log_bytes * 10.0 * (double)clk_hz / ((double)cyc * (double)baud), baud,
			     clk_hz);
	std::fprintf(stderr, "\n");
}
