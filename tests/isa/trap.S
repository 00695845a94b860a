/* Exceptions and their CSRs: ecall, ebreak, illegal encodings, CSR access
 * violations, misaligned jump targets, access faults; mret. */
#include "isa.h"
#define SHOW(id, reg) mv a0, reg; li a2, id; call show
#define SHOW_MPP(id) la t0, trap_mstatus; lw a0, 0(t0); li t1, 0x1888; and a0, a0, t1; li a2, id; call show
TEST_BEGIN
	ecall
	CHECK_TRAP(0x100, 11)
	ebreak
	CHECK_TRAP(0x101, 3)
	/* trap entry: MPIE <- MIE, MIE <- 0, MPP <- M */
	csrsi mstatus, 8
	ecall
	CHECK_TRAP(0x102, 11)
	SHOW_MPP(0x103)
	csrr a5, mstatus
	andi a5, a5, 8
	CHECK_REG(0x104, a5, 8)    /* mret of the handler restored MIE */
	csrci mstatus, 8
	/* illegal encodings */
	.word 0x00000000
	CHECK_TRAP(0x110, 2)
	.word 0xffffffff
	CHECK_TRAP(0x111, 2)
	.word 0x40001033           /* sll with funct7 0100000 */
	CHECK_TRAP(0x112, 2)
	.word 0x02001013           /* slli with funct7 0000001 */
	CHECK_TRAP(0x113, 2)
	.word 0x0000200f           /* MISC-MEM funct3 2 */
	CHECK_TRAP(0x114, 2)
	.word 0x00004073           /* SYSTEM funct3 4 */
	CHECK_TRAP(0x115, 2)
	.word 0x00003003           /* load funct3 3 (ld) */
	CHECK_TRAP(0x116, 2)
	.word 0x00003023           /* store funct3 3 (sd) */
	CHECK_TRAP(0x117, 2)
	.word 0x00002063           /* branch funct3 2 */
	CHECK_TRAP(0x118, 2)
	.word 0x00001067           /* jalr funct3 1 */
	CHECK_TRAP(0x119, 2)
	.word 0x0000302f           /* AMO funct3 3 (amo*.d) */
	CHECK_TRAP(0x11a, 2)
	.word 0x00200073           /* uret */
	CHECK_TRAP(0x11b, 2)
	.word 0x0000003b           /* OP-32 (addw) */
	CHECK_TRAP(0x11c, 2)
	.word 0x00000007           /* LOAD-FP */
	CHECK_TRAP(0x11d, 2)
	/* CSR violations in M-mode: write to read-only, unknown CSR */
	csrw mhartid, zero
	CHECK_TRAP(0x120, 2)
	li t0, 1
	csrs mvendorid, t0
	CHECK_TRAP(0x121, 2)
	csrwi cycle, 0
	CHECK_TRAP(0x122, 2)
	csrr a5, 0x3ff
	CHECK_TRAP(0x123, 2)
	/* misaligned jump targets: the jump traps, mtval = target */
	TRAP_RESUME(1f)
	la t0, 1f
	addi t0, t0, 2
	jr t0
1:	CHECK_TRAP(0x130, 0)
	TRAP_RESUME(2f)
	la t0, 2f
	addi t0, t0, 2
	jalr ra, 0(t0)
2:	CHECK_TRAP(0x131, 0)
	/* (a taken branch to a misaligned target is in core_misaligned.S:
	 * qemu 7.2 reports a stale mtval for it) */
	/* a misaligned target of a branch that is not taken does not trap */
	li a3, 1
	beqz a3, 4f + 2
4:	CHECK_NO_TRAP(0x133)
	/* access faults: load, store, fetch from an address with nothing */
	li t0, 0
	lw a5, 0(t0)
	CHECK_TRAP(0x140, 5)
	li t0, 0
	sw a5, 0(t0)
	CHECK_TRAP(0x141, 7)
	li t0, 0
	lbu a5, 0(t0)
	CHECK_TRAP(0x142, 5)
	TRAP_RESUME(5f)
	li t0, 0
	jr t0
5:	CHECK_TRAP(0x143, 1)
	/* the faulting load did not write its destination */
	li s5, 0x77
	li t0, 0
	lw s5, 0(t0)
	CHECK_TRAP(0x144, 5)
	CHECK_REG(0x145, s5, 0x77)
	/* mret: MIE <- MPIE, MPIE <- 1, MPP <- U; jumps to mepc */
	li t0, 0x1880
	csrs mstatus, t0
	csrci mstatus, 8
	la t0, 6f
	csrw mepc, t0
	mret
	li a5, 0xbad
6:	csrr a5, mstatus
	li t1, 0x1888
	and a5, a5, t1
	CHECK_REG(0x150, a5, 0x88)
	csrci mstatus, 8
	/* U-mode: ecall cause 8, MPP = U */
	ENTER_U
	ecall
	CHECK_TRAP(0x160, 8)
	SHOW_MPP(0x161)
	/* U-mode: loads and stores work, ALU works */
	ENTER_U
	la t0, uword
	li t1, 1234
	sw t1, 0(t0)
	lw s1, 0(t0)
	addi s1, s1, 1
	LEAVE_U
	CHECK_TRAP(0x162, 8)
	CHECK_REG(0x163, s1, 1235)
	/* U-mode: M CSRs, mret, wfi are illegal */
	ENTER_U
	csrr a5, mscratch
	CHECK_TRAP(0x170, 2)
	ENTER_U
	csrw mscratch, zero
	CHECK_TRAP(0x171, 2)
	ENTER_U
	csrr a5, mstatus
	CHECK_TRAP(0x172, 2)
	ENTER_U
	mret
	CHECK_TRAP(0x173, 2)
	ENTER_U
	csrr a5, 0x7c0
	CHECK_TRAP(0x174, 2)
	ENTER_U
	csrr a5, mhartid
	CHECK_TRAP(0x175, 2)
	/* U-mode counters: trap while mcounteren is clear, readable when set */
	csrw mcounteren, zero
	ENTER_U
	csrr a5, cycle
	CHECK_TRAP(0x180, 2)
	ENTER_U
	csrr a5, instret
	CHECK_TRAP(0x181, 2)
	ENTER_U
	csrr a5, cycleh
	CHECK_TRAP(0x182, 2)
	ENTER_U
	csrr a5, instreth
	CHECK_TRAP(0x183, 2)
	/* qemu has S-mode and also needs scounteren (0x106), which we lack */
	li t0, -1
	csrw 0x106, t0
	call trap_sync
	li t0, 1
	csrw mcounteren, t0
	ENTER_U
	csrr a5, cycle
	csrr a5, cycleh
	LEAVE_U
	CHECK_TRAP(0x184, 8)
	ENTER_U
	csrr a5, instret
	CHECK_TRAP(0x185, 2)
	li t0, 4
	csrw mcounteren, t0
	ENTER_U
	csrr a5, instret
	csrr a5, instreth
	LEAVE_U
	CHECK_TRAP(0x186, 8)
	ENTER_U
	csrr a5, cycle
	CHECK_TRAP(0x187, 2)
	csrw mcounteren, zero
	/* U-mode: writing a user counter is illegal even when readable */
	li t0, 1
	csrw mcounteren, t0
	ENTER_U
	csrw cycle, zero
	CHECK_TRAP(0x188, 2)
	csrw mcounteren, zero
	/* U-mode: illegal instruction and ebreak */
	ENTER_U
	.word 0
	CHECK_TRAP(0x190, 2)
	ENTER_U
	ebreak
	CHECK_TRAP(0x191, 3)
	/* U-mode misaligned jump and fault */
	ENTER_U
	li t0, 0
	lw a5, 0(t0)
	CHECK_TRAP(0x192, 5)
TEST_END
	.data
	.align 4
uword:	.word 0
