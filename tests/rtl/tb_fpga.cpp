// Bench for the iCEBreaker board top (rru_top_icebreaker) with the iCE40 RAM
// (boot ROM + init sequence into the SPRAMs) and behavioural models of the
// iCE40 primitives. The boot ROM holds the smoke program (fpga/sw/smoke.c).
// The bench drives the 12 MHz pin (the PLL model passes it through, so one
// pin period is one system cycle), the button and the UART RX pin, decodes
// the UART TX pin at bit level (8N1, SYS_MHZ/3 clocks per bit: 3 Mbaud) and
// checks: the banner with the hart count, the RAM test, an echo of a byte it
// sends at bit level, "smoke ok", the pass LED steady on with the fail LED
// off, and the red LED flickering with UART traffic while the harts ran.
#include "Vrru_top_icebreaker.h"
#include "verilated.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#ifndef NCORES
#define NCORES 1
#endif
#ifndef SYS_MHZ
#define SYS_MHZ 24
#endif

static const int kClkPerBit = SYS_MHZ / 3;
static const long kMaxCycles = 3000000;

// The UART output, bytes outside printable ASCII as \xNN.
static std::string shown(const std::string &out)
{
	std::string s;
	char hex[8];
	for (unsigned char c : out) {
		if (c == '\n' || (c >= 32 && c < 127)) {
			s.push_back((char)c);
		} else {
			std::snprintf(hex, sizeof hex, "\\x%02x", c);
			s += hex;
		}
	}
	return s;
}

static int fail(const char *what, long cyc, const std::string &out)
{
	std::fprintf(stderr, "tb_fpga: FAIL at cycle %ld: %s\nUART output so far (%zu bytes):\n%s\n",
		     cyc, what, out.size(), shown(out).c_str());
	return 1;
}

int main(int argc, char **argv)
{
	auto ctx = std::make_unique<VerilatedContext>();
	ctx->commandArgs(argc, argv);
	auto dut = std::make_unique<Vrru_top_icebreaker>(ctx.get());

	std::string out;
	// TX decoder: position within the frame, counted in clocks
	bool in_frame = false;
	int frame_clk = 0, nbits = 0;
	unsigned byte = 0;
	bool prev_tx = true;
	// RX driver: the frame being sent (bit i for clocks [i*CPB, (i+1)*CPB))
	int rx_clk = -1;
	unsigned rx_frame = 0;
	const char echo_in = 'A';
	bool sent = false, red_flicker = false;
	long done_cyc = -1;

	dut->clk_12m_i = 0;
	dut->btn_ni = 1;
	dut->uart_rx_i = 1;
	dut->eval();
	for (long cyc = 0; cyc < kMaxCycles; cyc++) {
		dut->clk_12m_i = 1;
		dut->eval();
		dut->clk_12m_i = 0;
		dut->eval();

		// --- UART TX pin, sampled once per clock -------------------------
		bool tx = dut->uart_tx_o;
		if (!in_frame) {
			if (prev_tx && !tx) {
				in_frame = true;
				frame_clk = 0;
				nbits = 0;
				byte = 0;
			}
		} else {
			frame_clk++;
			// middle of bit k (0 = start) is at k*CPB + CPB/2 after the edge
			if (frame_clk == nbits * kClkPerBit + kClkPerBit / 2) {
				if (nbits == 0 && tx)
					return fail("start bit not held low", cyc, out);
				if (nbits >= 1 && nbits <= 8)
					byte |= (tx ? 1u : 0u) << (nbits - 1);
				if (nbits == 9) {
					if (!tx)
						return fail("stop bit is not high (framing)", cyc, out);
					out.push_back((char)byte);
					in_frame = false;
				}
				nbits++;
			}
		}
		prev_tx = tx;

		// --- the fail LED lights with UART traffic while running ----------
		if (!dut->led_r_no && done_cyc < 0)
			red_flicker = true;

		// --- send one byte when asked ----------------------------------------
		if (!sent && out.find("send a byte\n") != std::string::npos) {
			sent = true;
			rx_clk = 0;
			rx_frame = (1u << 9) | ((unsigned)(unsigned char)echo_in << 1); // stop, data, start
		}
		if (rx_clk >= 0) {
			int bit = rx_clk / kClkPerBit;
			dut->uart_rx_i = bit < 10 ? (rx_frame >> bit) & 1 : 1;
			if (++rx_clk >= 10 * kClkPerBit)
				rx_clk = -1;
		}

		if (done_cyc < 0 && out.find("smoke ok\n") != std::string::npos)
			done_cyc = cyc;
		if (done_cyc >= 0 && cyc > done_cyc + 2000) {
			std::printf("%s", out.c_str());
			char banner[64];
			std::snprintf(banner, sizeof banner, "openrru board smoke: harts %08x\n", NCORES);
			if (out.find(banner) != 0)
				return fail("banner missing or wrong hart count", cyc, out);
			if (out.find("ram ok") == std::string::npos)
				return fail("RAM test did not pass", cyc, out);
			std::string echo = std::string("echo ") + (char)(echo_in + 1) + "\n";
			if (out.find(echo) == std::string::npos)
				return fail("no echo of the byte sent on RX", cyc, out);
			if (dut->led_g_no != 0)
				return fail("green LED not steady on after exit 0", cyc, out);
			if (dut->led_r_no != 1)
				return fail("red LED on after exit 0", cyc, out);
			if (!red_flicker)
				return fail("red LED never showed UART activity", cyc, out);
			std::printf("tb_fpga: PASS (%d hart(s), %ld cycles, %d clocks per UART bit)\n",
				    NCORES, cyc, kClkPerBit);
			return 0;
		}
		if (!dut->led_r_no && done_cyc < 0 && out.find("failed") != std::string::npos)
			return fail("the smoke program reported a failure", cyc, out);
	}
	return fail("timeout: no \"smoke ok\"", kMaxCycles, out);
}
