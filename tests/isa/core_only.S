/* rru_core only: what legitimately differs from qemu. The reservation CSR
 * 0x7C0, misa and the ID CSRs read zero, mepc drops bits 1:0, mcounteren
 * keeps three bits, mie has bit 16 (the RRU replay countdown), a timer
 * compare value in the future fires when mtime reaches it, instruction
 * access fault tval, mtval of illegal = insn. */
#include "isa.h"
#define MARK la t0, trap_count; lw s0, 0(t0)
#define WAIT_TRAP li s1, 200000; 8: la t0, trap_count; lw t1, 0(t0); bne t1, s0, 9f; addi s1, s1, -1; bnez s1, 8b; 9:
TEST_BEGIN
	/* reservation CSR: LR sets it, SC clears it */
	la s2, word
	lr.w t0, (s2)
	csrr s3, 0x7c0
	ori a1, s2, 1
	mv a0, s3
	li a2, 0x100
	call check
	sc.w t1, t0, (s2)
	csrr a5, 0x7c0
	andi a5, a5, 1
	CHECK_REG(0x101, a5, 0)
	/* software restores a reservation: the SC then succeeds */
	ori t0, s2, 1
	csrw 0x7c0, t0
	li t0, 99
	sc.w s4, t0, (s2)
	CHECK_REG(0x102, s4, 0)
	lw a5, 0(s2)
	CHECK_REG(0x103, a5, 99)
	/* software clears it: the SC fails */
	lr.w t0, (s2)
	csrw 0x7c0, zero
	li t0, 5
	sc.w s4, t0, (s2)
	CHECK_REG(0x104, s4, 1)
	/* csrs/csrc on 0x7c0 */
	csrs 0x7c0, s2
	csrsi 0x7c0, 1
	csrr a0, 0x7c0
	ori a1, s2, 1
	li a2, 0x105
	call check
	csrci 0x7c0, 1
	csrr a5, 0x7c0
	andi a5, a5, 1
	CHECK_REG(0x106, a5, 0)
	/* zero-reading CSRs */
	csrr a5, misa
	CHECK_REG(0x110, a5, 0)
	csrr a5, mvendorid
	CHECK_REG(0x111, a5, 0)
	csrr a5, marchid
	CHECK_REG(0x112, a5, 0)
	csrr a5, mimpid
	CHECK_REG(0x113, a5, 0)
	li t0, -1
	csrw pmpaddr3, t0
	csrr a5, pmpaddr3
	CHECK_REG(0x114, a5, 0)
	csrw mepc, t0
	csrr a5, mepc
	CHECK_REG(0x115, a5, 0xfffffffc)
	csrw mcounteren, t0
	csrr a5, mcounteren
	CHECK_REG(0x116, a5, 7)
	csrw mcounteren, zero
	csrw mie, t0
	csrr a5, mie
	CHECK_REG(0x117, a5, 0x10088)	/* MSIE, MTIE, bit 16 (replay countdown) */
	csrw mie, zero
	li t0, -1
	csrw mstatus, t0
	csrr a5, mstatus
	CHECK_REG(0x118, a5, 0x1888)
	csrw mstatus, zero
	/* MPP is WARL: 01 and 10 read back as U */
	li t0, 0x0800
	csrw mstatus, t0
	csrr a5, mstatus
	CHECK_REG(0x119, a5, 0)
	/* illegal instruction: mtval = the instruction */
	.word 0xfe000033 | (3 << 12)
	CHECK_TRAP(0x120, 2)
	la t0, trap_tval
	lw a0, 0(t0)
	li a1, 0xfe003033
	li a2, 0x121
	call check
	/* ebreak: mtval 0 */
	ebreak
	CHECK_TRAP(0x122, 3)
	la t0, trap_tval
	lw a0, 0(t0)
	li a1, 0
	li a2, 0x123
	call check
	/* instruction access fault: mtval = mepc = the target */
	TRAP_RESUME(1f)
	li t0, 0x00200000
	jr t0
1:	CHECK_TRAP(0x130, 1)
	la t0, trap_tval
	lw a0, 0(t0)
	li a1, 0x00200000
	li a2, 0x131
	call check
	/* timer compare value in the future: nothing until mtime gets there */
	MARK
	li t0, 0x80
	csrw mie, t0
	li t0, CLINT_MTIME
	lw t1, 0(t0)
	lw t2, 4(t0)
	li t3, 5000
	add s3, t1, t3         /* no carry: mtime is small in the bench */
	li t0, CLINT_MTIMECMP
	li t3, -1
	sw t3, 0(t0)
	sw t2, 4(t0)
	sw s3, 0(t0)
	csrsi mstatus, 8
	WAIT_TRAP
	csrci mstatus, 8
	la t0, trap_cause
	lw a0, 0(t0)
	li a1, 0x80000007
	li a2, 0x140
	call check
	/* it did not fire before mtime reached the compare value: the trap
	 * came at least 20 loop iterations (5000 cycles) after the write (loop iterations ran) */
	li t0, 200000
	sub a0, t0, s1
	sltiu a0, a0, 20
	li a1, 0
	li a2, 0x141
	call check
	call trap_sync
	csrw mie, zero
	/* mtime is readable and counts */
	li t0, CLINT_MTIME
	lw s3, 0(t0)
	nop
	lw s4, 0(t0)
	sltu a5, s3, s4
	CHECK_REG(0x150, a5, 1)
TEST_END
	.data
	.align 4
word:	.word 0
