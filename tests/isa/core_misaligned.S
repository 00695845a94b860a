/* rru_core only (qemu 7.2 performs misaligned loads and stores, reports a
 * misaligned AMO as a load fault and a stale mtval for misaligned branch
 * targets): misaligned accesses trap with mtval = the address and change
 * neither memory nor the destination. */
#include "isa.h"
#define CHECK_TVAL(id, exp) la t0, trap_tval; lw a0, 0(t0); li a1, exp; li a2, id; call check
TEST_BEGIN
	la s0, buf
	li t0, 0x11223344
	sw t0, 0(s0)
	sw t0, 4(s0)
	li s1, 0x55
	lw s1, 1(s0)
	CHECK_TRAP(0x100, 4)
	CHECK_REG(0x101, s1, 0x55)
	lw s1, 2(s0)
	CHECK_TRAP(0x102, 4)
	lw s1, 3(s0)
	CHECK_TRAP(0x103, 4)
	lh s1, 1(s0)
	CHECK_TRAP(0x104, 4)
	lhu s1, 3(s0)
	CHECK_TRAP(0x105, 4)
	lh s1, 2(s0)
	CHECK_NO_TRAP(0x106)
	lb s1, 3(s0)
	CHECK_NO_TRAP(0x107)
	li t0, -1
	sw t0, 1(s0)
	CHECK_TRAP(0x110, 6)
	sh t0, 3(s0)
	CHECK_TRAP(0x111, 6)
	sw t0, 6(s0)
	CHECK_TRAP(0x112, 6)
	lw s1, 0(s0)
	CHECK_REG(0x113, s1, 0x11223344)
	lw s1, 4(s0)
	CHECK_REG(0x114, s1, 0x11223344)
	/* mtval is the exact byte address */
	addi s2, s0, 5
	lh s1, 0(s2)
	CHECK_TRAP(0x120, 4)
	addi a1, s0, 5
	la t0, trap_tval
	lw a0, 0(t0)
	li a2, 0x121
	call check
	/* AMO / LR / SC */
	addi s2, s0, 2
	amoadd.w s1, t0, (s2)
	CHECK_TRAP(0x130, 6)
	amoswap.w s1, t0, (s2)
	CHECK_TRAP(0x131, 6)
	lr.w s1, (s2)
	CHECK_TRAP(0x132, 4)
	sc.w s1, t0, (s2)
	CHECK_TRAP(0x133, 6)
	lw s1, 0(s0)
	CHECK_REG(0x134, s1, 0x11223344)
	/* taken branch to a misaligned target: mtval = target, mepc = branch */
	TRAP_RESUME(3f)
	li a3, 0
1:	beqz a3, 3f + 2
3:	CHECK_TRAP(0x140, 0)
	la t0, trap_tval
	lw a0, 0(t0)
	la a1, 3b + 2
	li a2, 0x142
	call check
	la t0, trap_epc
	lw a0, 0(t0)
	la a1, 1b
	li a2, 0x143
	call check
TEST_END
	.data
	.align 4
buf:	.space 16
