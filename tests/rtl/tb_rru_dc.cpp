// Bench for the RRU's digest unit and replay countdown, through the whole
// RRU's register port (rtl/rru/rru.sv). A random stream of retirement-port
// events (U and M mode, traps, loads, stores, AMOs with random masks and
// data): the DIGEST register must equal include/rru/rru_digest.h's running
// hash after every event, also across save/restore writes; the countdown,
// armed with random values, must raise cd_irq_o and mem_stall_o exactly when
// its count of retired U-mode instructions reaches zero, never earlier, and
// release them at the first M-mode event (the trap taken).
#include "Vrru.h"
#include "verilated.h"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <random>

extern "C" {
#include "rru/rru_digest.h"
#include "rru/rru_regs.h"
}

static Vrru *dut;
static long cyc;

static void idle()
{
	dut->rvfi_valid_i = 0;
	dut->rvfi_trap_i = 0;
	dut->reg_req_i = 0;
	dut->reg_we_i = 0;
	dut->obs_valid_i = 0;
	dut->log_ready_i = 1;
}

static void tick()
{
	dut->eval();
	dut->clk_i = 1;
	dut->eval();
	dut->clk_i = 0;
	dut->eval();
	cyc++;
}

static uint32_t reg(bool we, uint32_t addr, uint32_t wdata)
{
	idle();
	dut->reg_req_i = 1;
	dut->reg_we_i = we;
	dut->reg_addr_i = addr;
	dut->reg_wdata_i = wdata;
	dut->eval();
	uint32_t v = dut->reg_rdata_o;
	tick();
	idle();
	return v;
}

static int fail(const char *what, uint64_t got, uint64_t want)
{
	std::fprintf(stderr, "tb_rru_dc: FAIL at cycle %ld: %s: got 0x%llx, expected 0x%llx\n", cyc,
		     what, (unsigned long long)got, (unsigned long long)want);
	return 1;
}

int main(int argc, char **argv)
{
	auto ctx = std::make_unique<VerilatedContext>();
	ctx->commandArgs(argc, argv);
	auto top = std::make_unique<Vrru>(ctx.get());
	dut = top.get();
	std::mt19937 rng(99);
	dut->hart_id_i = 0;
	dut->ncpus_i = 2;
	dut->clk_i = 0;
	dut->rst_ni = 1;
	idle();
	dut->eval();
	dut->rst_ni = 0;
	dut->eval();
	dut->rst_ni = 1;
	dut->eval();

	uint32_t d = RRU_DIGEST_INIT, count = 0;
	bool hold = false, trap_next = false;
	long zeros = 0, restores = 0, steps = 0;
	for (int i = 0; i < 40000; i++) {
		unsigned r = rng() % 1000;
		if (r < 10) { // save and restore
			uint32_t got = reg(false, RRU_REG_DIGEST, 0);
			if (got != d)
				return fail("DIGEST read", got, d);
			d = rng();
			reg(true, RRU_REG_DIGEST, d);
			restores++;
			continue;
		}
		if (r < 25 && count == 0 && !hold) { // arm the countdown
			count = 1 + rng() % 40;
			reg(true, RRU_REG_COUNTDOWN, count);
			continue;
		}
		// one retirement event
		idle();
		bool m = trap_next || (rng() % 8) == 0;
		bool trap = !m && (rng() % 20) == 0;
		dut->rvfi_valid_i = 1;
		dut->rvfi_priv_i = m ? 3 : 0;
		dut->rvfi_trap_i = trap;
		uint32_t addr = 0x80010000u + (rng() % 256) * 4;
		unsigned kind = rng() % 4; // 0 none, 1 load, 2 store, 3 amo
		unsigned rm = 0, wm = 0;
		if (kind == 1 || kind == 3)
			rm = kind == 3 ? 0xf : (rng() % 15) + 1;
		if (kind == 2 || kind == 3)
			wm = kind == 3 ? 0xf : (rng() % 15) + 1;
		uint32_t rd = rng(), wd = rng();
		dut->rvfi_insn_i = 0x13;
		dut->rvfi_mem_addr_i = addr;
		dut->rvfi_mem_rmask_i = rm;
		dut->rvfi_mem_wmask_i = wm;
		dut->rvfi_mem_rdata_i = rd;
		dut->rvfi_mem_wdata_i = wd;
		if (hold && !m)
			return fail("a U-mode retirement while the countdown holds (bench)", 0, 0);
		tick();
		if (!m && !trap) {
			d = rru_digest_retire(d, addr, rm, rd, wm, wd);
			steps++;
			if (count) {
				count--;
				if (!count) {
					hold = true;
					zeros++;
				}
			}
		}
		if (m)
			hold = false;
		trap_next = hold; // the core takes the trap next
		idle();
		dut->eval();
		if (dut->cd_irq_o != hold)
			return fail("cd_irq_o", dut->cd_irq_o, hold);
		if (dut->mem_stall_o != hold)
			return fail("mem_stall_o", dut->mem_stall_o, hold);
		uint32_t got = reg(false, RRU_REG_DIGEST, 0);
		if (got != d)
			return fail("DIGEST", got, d);
		got = reg(false, RRU_REG_COUNTDOWN, 0);
		if (got != count)
			return fail("COUNTDOWN", got, count);
		got = reg(false, RRU_REG_STATUS, 0);
		if (!!(got & RRU_STATUS_CD_ZERO) != hold)
			return fail("STATUS.CD_ZERO", got, hold);
	}
	if (zeros < 50 || restores < 50)
		return fail("too few countdown zeros or restores exercised", zeros, 50);
	std::printf("tb_rru_dc: PASS: %ld digest steps, %ld restores, %ld countdowns reached zero\n",
		    steps, restores, zeros);
	top.reset();
	return 0;
}
