/* Recording wrapper for the tests/sim programs (issue 5): built with
 * -Dmain_hart=app_main_hart, so crt.S calls this main_hart, which starts
 * the hart's RRU (thread id 100 + hart), runs the program's own main_hart in
 * U-mode, traps back on its ecall, and issues EXIT. The programs use no CSR
 * and no M-mode resource, so they run unchanged in U-mode (the cluster has
 * no PMP checks; the UART and finisher stay reachable). */
#include "sim.h"
#include "rru_rec.h"

unsigned app_main_hart(unsigned hart, unsigned n);

static unsigned ncores;
static volatile unsigned result[8];

static void thunk(unsigned h) { result[h] = app_main_hart(h, ncores); }

unsigned main_hart(unsigned h, unsigned n)
{
	static uint8_t ustack[8][4096] __attribute__((aligned(16)));
	ncores = n;
	rec_cmd(h, RRU_REG_START, 100 + h);
	uint32_t cause = user_call(thunk, h, ustack[h] + sizeof ustack[0]);
	rec_cmd(h, RRU_REG_EXIT, 0);
	if (cause != 8) sim_fail("U-mode ended by mcause", cause, 8);
	return result[h];
}
