/* Loads and stores of every width at every aligned offset, sign and zero
 * extension, store byte lanes, negative offsets. */
#include "isa.h"
TEST_BEGIN
	la s0, buf
	li t0, 0x80c1f203
	sw t0, 0(s0)
	li t0, 0x74b5e6f7
	sw t0, 4(s0)
	lb a5, 0(s0)
	CHECK_REG(0x100, a5, 0x03)
	lb a5, 1(s0)
	CHECK_REG(0x101, a5, 0xfffffff2)
	lb a5, 2(s0)
	CHECK_REG(0x102, a5, 0xffffffc1)
	lb a5, 3(s0)
	CHECK_REG(0x103, a5, 0xffffff80)
	lbu a5, 0(s0)
	CHECK_REG(0x110, a5, 0x03)
	lbu a5, 1(s0)
	CHECK_REG(0x111, a5, 0xf2)
	lbu a5, 2(s0)
	CHECK_REG(0x112, a5, 0xc1)
	lbu a5, 3(s0)
	CHECK_REG(0x113, a5, 0x80)
	lh a5, 0(s0)
	CHECK_REG(0x120, a5, 0xfffff203)
	lh a5, 2(s0)
	CHECK_REG(0x121, a5, 0xffff80c1)
	lh a5, 4(s0)
	CHECK_REG(0x122, a5, 0xffffe6f7)
	lh a5, 6(s0)
	CHECK_REG(0x123, a5, 0x74b5)
	lhu a5, 0(s0)
	CHECK_REG(0x130, a5, 0xf203)
	lhu a5, 2(s0)
	CHECK_REG(0x131, a5, 0x80c1)
	lhu a5, 6(s0)
	CHECK_REG(0x132, a5, 0x74b5)
	lw a5, 0(s0)
	CHECK_REG(0x140, a5, 0x80c1f203)
	lw a5, 4(s0)
	CHECK_REG(0x141, a5, 0x74b5e6f7)
	addi s1, s0, 8
	lw a5, -8(s1)
	CHECK_REG(0x142, a5, 0x80c1f203)
	lbu a5, -1(s1)
	CHECK_REG(0x143, a5, 0x74)
	/* stores: each byte lane */
	sw zero, 8(s0)
	li t0, 0x11223344
	sb t0, 8(s0)
	lw a5, 8(s0)
	CHECK_REG(0x150, a5, 0x44)
	sb t0, 9(s0)
	lw a5, 8(s0)
	CHECK_REG(0x151, a5, 0x4444)
	sb t0, 10(s0)
	lw a5, 8(s0)
	CHECK_REG(0x152, a5, 0x444444)
	li t0, 0xaabbccdd
	sb t0, 11(s0)
	lw a5, 8(s0)
	CHECK_REG(0x153, a5, 0xdd444444)
	sh t0, 8(s0)
	lw a5, 8(s0)
	CHECK_REG(0x154, a5, 0xdd44ccdd)
	li t0, 0x12345678
	sh t0, 10(s0)
	lw a5, 8(s0)
	CHECK_REG(0x155, a5, 0x5678ccdd)
	sw t0, 12(s0)
	lw a5, 12(s0)
	CHECK_REG(0x156, a5, 0x12345678)
	sw t0, -4(s1)
	lw a5, 4(s0)
	CHECK_REG(0x157, a5, 0x12345678)
	/* load into the base register; store of x0 */
	mv a5, s0
	lw a5, 12(a5)
	CHECK_REG(0x160, a5, 0x12345678)
	sw zero, 12(s0)
	lw a5, 12(s0)
	CHECK_REG(0x161, a5, 0)
	/* store then load back-to-back at many addresses */
	li s2, 0
	li s3, 0
1:	slli t0, s2, 2
	add t0, t0, s0
	addi t1, s2, 100
	sw t1, 16(t0)
	addi s2, s2, 1
	li t2, 16
	bne s2, t2, 1b
	li s2, 0
2:	slli t0, s2, 2
	add t0, t0, s0
	lw t1, 16(t0)
	add s3, s3, t1
	addi s2, s2, 1
	li t2, 16
	bne s2, t2, 2b
	CHECK_REG(0x170, s3, 1720)
TEST_END
	.data
	.align 4
buf:	.space 128
