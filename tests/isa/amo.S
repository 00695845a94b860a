/* Every AMO (old value returned, new value stored), LR/SC success and
 * failure, SC without a reservation, SC to another address. */
#include "isa.h"
#define TEST_AMO(id, inst, init, src, exp_old, exp_new) \
	la s0, word; li t0, init; sw t0, 0(s0); li a4, src; inst a5, a4, (s0); \
	CHECK_REG(id, a5, exp_old); lw a5, 0(s0); CHECK_REG(id + 1, a5, exp_new)
TEST_BEGIN
	TEST_AMO(0x100, amoswap.w, 0x11111111, 0x22222222, 0x11111111, 0x22222222)
	TEST_AMO(0x110, amoadd.w, 0x7fffffff, 1, 0x7fffffff, 0x80000000)
	TEST_AMO(0x112, amoadd.w, 5, -7, 5, -2)
	TEST_AMO(0x120, amoxor.w, 0xff00ff00, 0x0ff00ff0, 0xff00ff00, 0xf0f0f0f0)
	TEST_AMO(0x130, amoand.w, 0xff00ff00, 0x0ff00ff0, 0xff00ff00, 0x0f000f00)
	TEST_AMO(0x140, amoor.w, 0xff00ff00, 0x0ff00ff0, 0xff00ff00, 0xfff0fff0)
	TEST_AMO(0x150, amomin.w, -5, 3, -5, -5)
	TEST_AMO(0x152, amomin.w, 3, -5, 3, -5)
	TEST_AMO(0x154, amomin.w, 0x80000000, 0x7fffffff, 0x80000000, 0x80000000)
	TEST_AMO(0x160, amomax.w, -5, 3, -5, 3)
	TEST_AMO(0x162, amomax.w, 0x80000000, 0x7fffffff, 0x80000000, 0x7fffffff)
	TEST_AMO(0x170, amominu.w, -5, 3, -5, 3)
	TEST_AMO(0x172, amominu.w, 0, -1, 0, 0)
	TEST_AMO(0x180, amomaxu.w, -5, 3, -5, -5)
	TEST_AMO(0x182, amomaxu.w, 1, 2, 1, 2)
	TEST_AMO(0x190, amoadd.w.aqrl, 40, 2, 40, 42)
	/* amo with rd = x0 still writes memory */
	la s0, word
	li t0, 9
	sw t0, 0(s0)
	li a4, 1
	amoadd.w x0, a4, (s0)
	lw a5, 0(s0)
	CHECK_REG(0x1a0, a5, 10)
	/* LR/SC success */
	la s0, word
	li t0, 100
	sw t0, 0(s0)
	lr.w s3, (s0)
	addi a4, s3, 1
	sc.w s4, a4, (s0)
	CHECK_REG(0x200, s3, 100)
	CHECK_REG(0x201, s4, 0)
	lw a5, 0(s0)
	CHECK_REG(0x202, a5, 101)
	/* a second SC without a new LR fails and does not write */
	li a4, 555
	sc.w a5, a4, (s0)
	CHECK_REG(0x210, a5, 1)
	lw a5, 0(s0)
	CHECK_REG(0x211, a5, 101)
	/* SC to a different address than the LR fails */
	la s1, word2
	lr.w s3, (s0)
	li a4, 777
	sc.w a5, a4, (s1)
	CHECK_REG(0x220, a5, 1)
	lw a5, 0(s1)
	CHECK_REG(0x221, a5, 0)
	/* an LR/SC increment loop */
	li s2, 0
1:	lr.w.aq t0, (s0)
	addi t0, t0, 2
	sc.w.rl t1, t0, (s0)
	bnez t1, 1b
	addi s2, s2, 1
	li t2, 8
	bne s2, t2, 1b
	lw a5, 0(s0)
	CHECK_REG(0x230, a5, 117)
	/* LR rd = x0, then SC still pairs with it */
	lr.w x0, (s1)
	li a4, 3
	sc.w a5, a4, (s1)
	CHECK_REG(0x240, a5, 0)
	lw a5, 0(s1)
	CHECK_REG(0x241, a5, 3)
TEST_END
	.data
	.align 4
word:	.word 0
	.align 4
word2:	.word 0
