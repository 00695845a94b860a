/* ISA test runtime: start-up and trap handler (machine mode). */
#include "isa.h"

	.section .text.start
	.globl _start
_start:
	/* On the cluster (rru-sim --bare --cores N) every hart starts here:
	 * hart 0 runs the test, the others become snooping companions. */
	csrr t0, mhartid
	bnez t0, companion
	la sp, stack_top
	la t0, trap_entry
	csrw mtvec, t0
	/* One PMP entry covering everything (qemu needs one before U-mode). */
	li t0, -1
	csrw pmpaddr0, t0
	li t0, 0x1f            /* NAPOT, R W X */
	csrw pmpcfg0, t0
	/* mtimecmp resets to 0 on qemu (timer pending): start with none.
	 * "Never" is 2^56-1 ticks away, not 2^64-1: qemu 7.2 overflows when
	 * it converts a compare value near 2^64 into a deadline and then never
	 * fires again. */
	li t0, CLINT_MTIMECMP
	li t1, -1
	sw t1, 0(t0)
	li t1, 0x00ffffff
	sw t1, 4(t0)
	call test_main
	call finish
1:	j 1b

/* A hart other than 0 (cluster only: qemu virt and the core bench have one).
 * It loads one word of every cache line of the test's image, over and over,
 * so hart 0's lines keep being downgraded from M to S by snoops and its
 * stores need upgrades, without changing any value the test sees (it never
 * writes RAM). While isa_irq_peer is nonzero (random_irq) it also raises
 * hart 0's msip every IRQ_PEER_LOADS loads: interrupts from another hart
 * through the CLINT, which hart 0's handler clears. No stack, no traps. */
#define IRQ_PEER_LOADS 4
companion:
	la s0, _start
	la s1, isa_image_end
	la s2, isa_irq_peer
	li s3, CLINT_MSIP
	li s4, IRQ_PEER_LOADS
1:	mv s5, s0
2:	lw t1, 0(s5)
	addi s5, s5, 16        /* the cluster's line size */
	addi s4, s4, -1
	bnez s4, 3f
	li s4, IRQ_PEER_LOADS
	lw t1, 0(s2)
	beqz t1, 3f
	li t1, 1
	sw t1, 0(s3)
3:	bltu s5, s1, 2b
	j 1b

/* Trap handler. Interrupts: silence the source (msip = 0, mtimecmp = far future)
 * and return to mepc with MIE clear. Exceptions: return to trap_resume if set, else to
 * mepc + 4. Always returns to M-mode. Records cause, epc, tval, count. */
	.align 2
	.globl trap_entry
trap_entry:
	csrw mscratch, t0
	la t0, trap_save
	sw t1, 0(t0)
	sw t2, 4(t0)
	csrr t1, mcause
	la t2, trap_cause
	sw t1, 0(t2)
	csrr t1, mepc
	la t2, trap_epc
	sw t1, 0(t2)
	csrr t1, mtval
	la t2, trap_tval
	sw t1, 0(t2)
	la t2, trap_count
	lw t1, 0(t2)
	addi t1, t1, 1
	sw t1, 0(t2)
	csrr t1, mstatus
	la t2, trap_mstatus
	sw t1, 0(t2)
	csrr t1, mcause
	bltz t1, 2f
	/* exception */
	la t2, trap_resume
	lw t1, 0(t2)
	beqz t1, 1f
	sw zero, 0(t2)
	csrw mepc, t1
	j 3f
1:	csrr t1, mepc
	addi t1, t1, 4
	csrw mepc, t1
	j 3f
2:	/* interrupt: also return with MIE clear (MPIE = 0), so that a second
	 * pending interrupt waits until the test enables it again */
	li t1, 0x80
	csrc mstatus, t1
	csrr t1, mcause
	slli t1, t1, 1
	srli t1, t1, 1
	li t2, 3
	bne t1, t2, 4f
	li t2, CLINT_MSIP
	sw zero, 0(t2)
	j 3f
4:	li t2, CLINT_MTIMECMP  /* far future, see _start */
	li t1, -1
	sw t1, 0(t2)
	li t1, 0x00ffffff
	sw t1, 4(t2)
3:	li t1, 0x1800
	csrs mstatus, t1       /* MPP = M */
	lw t1, 0(t0)
	lw t2, 4(t0)
	csrr t0, mscratch
	mret

	.bss
	.align 4
trap_save:	.space 8
	.globl trap_cause, trap_epc, trap_tval, trap_count, trap_resume, trap_mstatus
trap_cause:	.space 4
trap_epc:	.space 4
trap_tval:	.space 4
trap_count:	.space 4
trap_resume:	.space 4
trap_mstatus:	.space 4
	.globl isa_irq_peer
isa_irq_peer:	.space 4
	.align 4
	.space 8192
stack_top:
