/* x0 stays zero whatever writes it; lui/auipc; every register holds a value. */
#include "isa.h"
TEST_BEGIN
	li a3, 0x12345678
	add x0, a3, a3
	CHECK_REG(0x100, x0, 0)
	addi x0, x0, 5
	CHECK_REG(0x101, x0, 0)
	lui x0, 0xfffff
	CHECK_REG(0x102, x0, 0)
	la t0, scratch
	li t1, 0x55aa55aa
	sw t1, 0(t0)
	lw x0, 0(t0)
	CHECK_REG(0x103, x0, 0)
	jal x0, 1f
1:	CHECK_REG(0x104, x0, 0)
	csrr x0, mscratch
	CHECK_REG(0x105, x0, 0)
	mv a5, x0
	CHECK_REG(0x106, a5, 0)
	/* lui / auipc */
	lui a5, 0xfffff
	CHECK_REG(0x110, a5, 0xfffff000)
	lui a5, 0x80000
	CHECK_REG(0x111, a5, 0x80000000)
	lui a5, 0
	CHECK_REG(0x112, a5, 0)
2:	auipc a5, 0
	la a4, 2b
	sub a5, a5, a4
	CHECK_REG(0x113, a5, 0)
3:	auipc a5, 0x1
	la a4, 3b
	sub a5, a5, a4
	CHECK_REG(0x114, a5, 0x1000)
4:	auipc a5, 0xfffff
	la a4, 4b
	sub a5, a5, a4
	CHECK_REG(0x115, a5, 0xfffff000)
	/* All 31 registers hold distinct values at once (sp/ra saved). */
	la t0, scratch
	sw sp, 4(t0)
	li x1, 1
	li x2, 2
	li x3, 3
	li x4, 4
	li x5, 5
	li x6, 6
	li x7, 7
	li x8, 8
	li x9, 9
	li x10, 10
	li x11, 11
	li x12, 12
	li x13, 13
	li x14, 14
	li x15, 15
	li x16, 16
	li x17, 17
	li x18, 18
	li x19, 19
	li x20, 20
	li x21, 21
	li x22, 22
	li x23, 23
	li x24, 24
	li x25, 25
	li x26, 26
	li x27, 27
	li x28, 28
	li x29, 29
	li x30, 30
	li x31, 31
	add x31, x31, x1
	add x31, x31, x2
	add x31, x31, x3
	add x31, x31, x4
	add x31, x31, x5
	add x31, x31, x6
	add x31, x31, x7
	add x31, x31, x8
	add x31, x31, x9
	add x31, x31, x10
	add x31, x31, x11
	add x31, x31, x12
	add x31, x31, x13
	add x31, x31, x14
	add x31, x31, x15
	add x31, x31, x16
	add x31, x31, x17
	add x31, x31, x18
	add x31, x31, x19
	add x31, x31, x20
	add x31, x31, x21
	add x31, x31, x22
	add x31, x31, x23
	add x31, x31, x24
	add x31, x31, x25
	add x31, x31, x26
	add x31, x31, x27
	add x31, x31, x28
	add x31, x31, x29
	add x31, x31, x30
	mv s0, x31
	la t0, scratch
	lw sp, 4(t0)
	CHECK_REG(0x120, s0, 496)
	/* Back-to-back dependences (bypass of the register file). */
	li a3, 1
	add a3, a3, a3
	add a3, a3, a3
	add a3, a3, a3
	add a3, a3, a3
	CHECK_REG(0x121, a3, 16)
	la t0, scratch
	li t1, 77
	sw t1, 8(t0)
	lw a3, 8(t0)
	addi a3, a3, 1
	CHECK_REG(0x122, a3, 78)
	/* ra is saved in the test frame; restore it through the frame. */
	lw ra, 12(sp)
	sw ra, 12(sp)
TEST_END
	.data
	.align 2
scratch: .space 16
