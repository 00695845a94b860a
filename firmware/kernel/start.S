/* Resident kernel: reset entry of every hart, the trap entry and the return
 * to U-mode (docs/design.md §6). The C side is kernel.c. */
#include "rru/memmap.h"
#include "kernel_asm.h"

	.section .text.start, "ax"
	.globl _start
_start:
	csrr	a0, mhartid
	li	t0, RRU_MAX_HARTS
	bgeu	a0, t0, park		/* harts beyond the kernel's table sleep */
	csrw	mie, zero
	csrw	mscratch, zero		/* 0 = "running in M-mode" for trap_entry */
	la	t0, trap_entry
	csrw	mtvec, t0
	/* sp = top of this hart's kernel stack (no M extension needed). */
	la	sp, rru_kstacks		/* harts 1..7; hart 0 is set below */
	slli	t0, a0, KSTACK_LOG2
	add	sp, sp, t0
	bnez	a0, 1f
	la	sp, rru_kstack0		/* hart 0 has its own, deeper stack */
	li	t0, KSTACK0_SIZE
	add	sp, sp, t0
	tail	rru_kernel_boot		/* hart 0: zero .bss, find the app, start */
1:	/* Other harts: wait for hart 0 to finish zeroing .bss. */
	la	t0, rru_boot_stage
2:	lw	t1, 0(t0)
	beqz	t1, 2b
	fence	r, rw
	tail	rru_kernel_secondary
park:
	wfi
	j	park

/* Trap entry. mscratch holds this hart's struct rru_hart while a thread runs
 * in U-mode, and 0 while the kernel runs. */
	.text
	.balign 4
	.globl trap_entry
trap_entry:
	csrrw	sp, mscratch, sp
	beqz	sp, ktrap
	sw	t0, HART_SCRATCH(sp)
	lw	t0, HART_CUR(sp)	/* the running thread's context */
	sw	x1, 1*4(t0)
	sw	x3, 3*4(t0)
	sw	x4, 4*4(t0)
	sw	x6, 6*4(t0)
	sw	x7, 7*4(t0)
	sw	x8, 8*4(t0)
	sw	x9, 9*4(t0)
	sw	x10, 10*4(t0)
	sw	x11, 11*4(t0)
	sw	x12, 12*4(t0)
	sw	x13, 13*4(t0)
	sw	x14, 14*4(t0)
	sw	x15, 15*4(t0)
	sw	x16, 16*4(t0)
	sw	x17, 17*4(t0)
	sw	x18, 18*4(t0)
	sw	x19, 19*4(t0)
	sw	x20, 20*4(t0)
	sw	x21, 21*4(t0)
	sw	x22, 22*4(t0)
	sw	x23, 23*4(t0)
	sw	x24, 24*4(t0)
	sw	x25, 25*4(t0)
	sw	x26, 26*4(t0)
	sw	x27, 27*4(t0)
	sw	x28, 28*4(t0)
	sw	x29, 29*4(t0)
	sw	x30, 30*4(t0)
	sw	x31, 31*4(t0)
	lw	t1, HART_SCRATCH(sp)
	sw	t1, 5*4(t0)		/* the thread's t0 */
	csrr	t1, mscratch
	sw	t1, 2*4(t0)		/* the thread's sp */
	csrr	t1, mepc
	sw	t1, 0(t0)		/* slot 0 holds the pc */
	csrw	mscratch, zero
	mv	s0, sp			/* s0 = hart (callee-saved across the call) */
	lw	sp, HART_KSP(sp)
	mv	a0, s0
	call	rru_kernel_trap		/* returns the thread to run in a0 */
	mv	a1, s0
	/* fall through */

/* rru_resume(thread a0, hart a1): enter U-mode in that thread. */
	.globl rru_resume
rru_resume:
	li	t0, MSTATUS_MPIE	/* MPP = U, MPIE = 1, MIE = 0 */
	csrw	mstatus, t0
	lw	t0, 0(a0)
	csrw	mepc, t0
	csrw	mscratch, a1
	lw	x1, 1*4(a0)
	lw	x2, 2*4(a0)
	lw	x3, 3*4(a0)
	lw	x4, 4*4(a0)
	lw	x5, 5*4(a0)
	lw	x6, 6*4(a0)
	lw	x7, 7*4(a0)
	lw	x8, 8*4(a0)
	lw	x9, 9*4(a0)
	lw	x11, 11*4(a0)
	lw	x12, 12*4(a0)
	lw	x13, 13*4(a0)
	lw	x14, 14*4(a0)
	lw	x15, 15*4(a0)
	lw	x16, 16*4(a0)
	lw	x17, 17*4(a0)
	lw	x18, 18*4(a0)
	lw	x19, 19*4(a0)
	lw	x20, 20*4(a0)
	lw	x21, 21*4(a0)
	lw	x22, 22*4(a0)
	lw	x23, 23*4(a0)
	lw	x24, 24*4(a0)
	lw	x25, 25*4(a0)
	lw	x26, 26*4(a0)
	lw	x27, 27*4(a0)
	lw	x28, 28*4(a0)
	lw	x29, 29*4(a0)
	lw	x30, 30*4(a0)
	lw	x31, 31*4(a0)
	lw	x10, 10*4(a0)
	mret

/* A trap taken in M-mode is a kernel bug: report it and stop. */
ktrap:
	csrrw	sp, mscratch, sp	/* back to the kernel stack, mscratch = 0 */
	addi	sp, sp, -16
	call	rru_kernel_mtrap
1:	j	1b

/* Probes for optional features: each returns 1 if its instruction ran, 0 if
 * it trapped (the trap is skipped). Clobber t0, t1, a0 only. */
.macro PROBE name, insn:vararg
	.globl \name
\name:
	la	t0, probe_trap
	csrrw	t0, mtvec, t0
	li	a0, 1
	\insn
	csrw	mtvec, t0
	ret
.endm
	PROBE rru_probe_resv_csr, csrr t1, RRU_CSR_RESV	/* LR/SC reservation CSR */
	PROBE rru_probe_counters_h, csrr t1, mcycleh	/* high halves of mcycle/minstret */
	PROBE rru_probe_wfi, wfi			/* caller arms the timer first */

/* rru_probe_load(addr): the word at addr, or 0 if the load trapped (a
 * device that is absent, e.g. the RRUs on qemu). */
	.globl rru_probe_load
rru_probe_load:
	la	t0, probe_trap
	csrrw	t0, mtvec, t0
	lw	a0, 0(a0)
	csrw	mtvec, t0
	ret

	.balign 4
probe_trap:
	csrr	t1, mepc
	addi	t1, t1, 4
	csrw	mepc, t1
	li	a0, 0
	mret
