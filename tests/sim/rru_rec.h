/* Recording helpers for the bare-metal tests (tests/sim/): the hart's RRU
 * register block (include/rru/memmap.h RRU_BASE, include/rru/rru_regs.h) and
 * a call into U-mode that returns on the function's ecall (or any trap).
 * rru-sim --rru-off sets simulation control FLAGS bit 2: then rec_* do
 * nothing (the recording-overhead figure runs each program both ways). */
#ifndef RRU_REC_H
#define RRU_REC_H
#include <stdint.h>
#include "../../include/rru/memmap.h"
#include "../../include/rru/rru_regs.h"

static inline volatile uint32_t *rru_reg(unsigned hart, unsigned off)
{
	return (volatile uint32_t *)(uintptr_t)(RRU_BASE(hart) + off);
}
static inline int rec_on(void)
{
	return !(*(volatile uint32_t *)(uintptr_t)(RRU_SIMCTL_BASE + 0x10) & 4u);
}
static inline void rec_cmd(unsigned hart, unsigned reg, uint32_t tid)
{
	if (rec_on()) *rru_reg(hart, reg) = tid;
}
/* Runs fn(arg) in U-mode on stack top sp; returns the mcause of the trap
 * that ended it (8: the ecall the trampoline issues when fn returns). */
uint32_t user_call(void (*fn)(unsigned), unsigned arg, void *sp);
__asm__(
	"  .text\n"
	"  .globl user_call\n"
	"user_call:\n"
	"  addi sp, sp, -64\n"
	"  sw ra, 0(sp)\n  sw s0, 4(sp)\n  sw s1, 8(sp)\n  sw s2, 12(sp)\n"
	"  sw s3, 16(sp)\n  sw s4, 20(sp)\n  sw s5, 24(sp)\n  sw s6, 28(sp)\n"
	"  sw s7, 32(sp)\n  sw s8, 36(sp)\n  sw s9, 40(sp)\n  sw s10, 44(sp)\n"
	"  sw s11, 48(sp)\n  sw tp, 52(sp)\n  sw gp, 56(sp)\n"
	"  csrr t0, mtvec\n  sw t0, 60(sp)\n"
	"  csrw mscratch, sp\n"
	"  la t0, user_trap\n  csrw mtvec, t0\n"
	"  csrw mepc, a0\n"
	"  li t0, 0x1800\n  csrc mstatus, t0\n" /* MPP = U */
	"  mv a0, a1\n  mv sp, a2\n"
	"  la ra, user_ret\n"
	"  mret\n"
	"user_ret:\n"
	"  ecall\n"
	"  .align 2\n"
	"user_trap:\n"
	"  csrr sp, mscratch\n" /* first instruction: no memory access */
	"  csrr a0, mcause\n"
	"  lw t0, 60(sp)\n  csrw mtvec, t0\n"
	"  lw ra, 0(sp)\n  lw s0, 4(sp)\n  lw s1, 8(sp)\n  lw s2, 12(sp)\n"
	"  lw s3, 16(sp)\n  lw s4, 20(sp)\n  lw s5, 24(sp)\n  lw s6, 28(sp)\n"
	"  lw s7, 32(sp)\n  lw s8, 36(sp)\n  lw s9, 40(sp)\n  lw s10, 44(sp)\n"
	"  lw s11, 48(sp)\n  lw tp, 52(sp)\n  lw gp, 56(sp)\n"
	"  addi sp, sp, 64\n"
	"  ret\n");
#endif
