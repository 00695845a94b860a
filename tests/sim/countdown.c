/* The RRU's replay countdown as a precise interrupt (docs/design.md §2.7):
 * hart 0, in M-mode, enables mie[16], writes RRU_REG_COUNTDOWN = n and
 * enters U-mode at cd_seq: CD_NADDI straight-line addi, a store, a ret (to
 * user_call's ecall). The countdown interrupt (mcause 0x80000010) must be
 * taken before the (n+1)-th U-mode instruction executes: mepc == cd_seq + 4n,
 * the addi before it have all run (a1 counts them, stored by the store), and
 * the store has not been performed when n stops before it. n = CD_NADDI + 2
 * stops right before the ecall: the interrupt wins, mepc is the ecall. A
 * countdown that does not reach zero ends with the ecall (mcause 8).
 * Without the core's irq_cd_i wiring the hart hangs on the RRU's data-request
 * hold (or ends with mcause 8) and the test fails. */
#include "sim.h"
#include "rru_rec.h"

#define CD_NADDI 24
#define CD_CAUSE 0x80000010u

void cd_seq(volatile uint32_t *marker);
__asm__(
	"  .text\n"
	"  .align 2\n"
	"  .globl cd_seq\n"
	"cd_seq:\n"
	"  li a1, 0\n" /* instruction 1; then a1 = number of addi run */
	"  .rept 23\n"
	"  addi a1, a1, 1\n"
	"  .endr\n"
	"cd_store:\n"
	"  sw a1, 0(a0)\n"
	"cd_ret:\n"
	"  ret\n");
extern char cd_store[], cd_ret[];

static volatile uint32_t marker LINE;
static uint8_t ustack[4096] __attribute__((aligned(16)));

static uint32_t csr_mepc(void)
{
	uint32_t v;
	__asm__ volatile("csrr %0, mepc" : "=r"(v));
	return v;
}

static void run(unsigned n)
{
	uint32_t start = (uint32_t)(uintptr_t)cd_seq;
	marker = 0xdeadu;
	*rru_reg(0, RRU_REG_COUNTDOWN) = n;
	uint32_t cause = user_call((void (*)(unsigned))(void *)cd_seq, (unsigned)(uintptr_t)&marker,
	                           ustack + sizeof ustack);
	uint32_t epc = csr_mepc();
	uint32_t left = *rru_reg(0, RRU_REG_COUNTDOWN);
	*rru_reg(0, RRU_REG_COUNTDOWN) = 0; /* disarm before re-arming */
	uint32_t ecall_pc = 0;
	if (n > CD_NADDI + 2) {
		/* never reaches zero: the ecall ends it (3 instructions left over) */
		if (cause != 8) sim_fail("countdown: mcause (n past the end)", cause, 8);
		if (left != n - (CD_NADDI + 2)) sim_fail("countdown: count left", left, n - (CD_NADDI + 2));
		if (marker != CD_NADDI - 1) sim_fail("countdown: store (n past the end)", marker, CD_NADDI - 1);
		sim_printf("countdown: n=%u ran to the ecall\n", n);
		return;
	}
	if (cause != CD_CAUSE) sim_fail("countdown: mcause", cause, CD_CAUSE);
	if (left != 0) sim_fail("countdown: count left", left, 0);
	if (n <= CD_NADDI + 1) {
		if (epc != start + 4 * n) sim_fail("countdown: mepc - start", epc - start, 4 * n);
	} else {
		/* n = CD_NADDI + 2: stopped before user_call's ecall (ret's target) */
		__asm__ volatile("la %0, user_ret" : "=r"(ecall_pc));
		if (epc != ecall_pc) sim_fail("countdown: mepc (before the ecall)", epc, ecall_pc);
	}
	if (n <= CD_NADDI) {
		if (marker != 0xdeadu) sim_fail("countdown: store performed before its turn", n, marker);
	} else if (marker != CD_NADDI - 1) {
		sim_fail("countdown: stored value", marker, CD_NADDI - 1);
	}
	if (ecall_pc) sim_printf("countdown: n=%u mepc=the ecall\n", n);
	else sim_printf("countdown: n=%u mepc=start+%u\n", n, epc - start);
}

unsigned main_hart(unsigned h, unsigned n)
{
	(void)n;
	if (h != 0) return 0;
	if ((uint32_t)(uintptr_t)cd_store != (uint32_t)(uintptr_t)cd_seq + 4 * CD_NADDI ||
	    (uint32_t)(uintptr_t)cd_ret != (uint32_t)(uintptr_t)cd_store + 4)
		sim_fail("countdown: cd_seq layout", (uint32_t)(uintptr_t)cd_store, (uint32_t)(uintptr_t)cd_seq);
	uint32_t mie;
	__asm__ volatile("li t0, 0x10000\n  csrs mie, t0\n  csrr %0, mie" : "=r"(mie) : : "t0");
	if (!(mie & 0x10000u)) sim_fail("countdown: mie[16] not writable", mie, 0x10000u);
	static const unsigned ns[] = {1, 5, 17, CD_NADDI, CD_NADDI + 1, CD_NADDI + 2, CD_NADDI + 5, 2};
	for (unsigned i = 0; i < sizeof ns / sizeof ns[0]; i++)
		run(ns[i]);
	uint32_t mip;
	__asm__ volatile("csrr %0, mip" : "=r"(mip));
	if (mip & 0x10000u) sim_fail("countdown: mip[16] still set", mip, 0);
	__asm__ volatile("li t0, 0x10000\n  csrc mie, t0" : : : "t0");
	sim_printf("countdown: ok\n");
	return 0;
}
