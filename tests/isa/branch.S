/* Branches taken and not taken (signed/unsigned edges), jal/jalr links,
 * jalr clears bit 0 of the target. */
#include "isa.h"
#define TEST_BR(id, inst, v1, v2, taken) \
	li a3, v1; li a4, v2; li a5, 0; inst a3, a4, 1f; li a5, 1; 1: \
	xori a5, a5, 1; CHECK_REG(id, a5, taken)
TEST_BEGIN
	TEST_BR(0x100, beq, 0, 0, 1)
	TEST_BR(0x101, beq, 1, 0, 0)
	TEST_BR(0x102, beq, -1, -1, 1)
	TEST_BR(0x103, beq, 0x80000000, 0, 0)
	TEST_BR(0x110, bne, 0, 0, 0)
	TEST_BR(0x111, bne, 1, 0, 1)
	TEST_BR(0x112, bne, -1, 0x7fffffff, 1)
	TEST_BR(0x120, blt, -1, 0, 1)
	TEST_BR(0x121, blt, 0, -1, 0)
	TEST_BR(0x122, blt, 0x80000000, 0x7fffffff, 1)
	TEST_BR(0x123, blt, 5, 5, 0)
	TEST_BR(0x124, blt, 4, 5, 1)
	TEST_BR(0x130, bge, -1, 0, 0)
	TEST_BR(0x131, bge, 0, -1, 1)
	TEST_BR(0x132, bge, 5, 5, 1)
	TEST_BR(0x133, bge, 0x7fffffff, 0x80000000, 1)
	TEST_BR(0x140, bltu, -1, 0, 0)
	TEST_BR(0x141, bltu, 0, -1, 1)
	TEST_BR(0x142, bltu, 0x7fffffff, 0x80000000, 1)
	TEST_BR(0x143, bltu, 5, 5, 0)
	TEST_BR(0x150, bgeu, -1, 0, 1)
	TEST_BR(0x151, bgeu, 0, -1, 0)
	TEST_BR(0x152, bgeu, 5, 5, 1)
	TEST_BR(0x153, bgeu, 0x80000000, 0x7fffffff, 1)
	/* backward branch loop */
	li a3, 0
	li a4, 10
2:	addi a3, a3, 3
	addi a4, a4, -1
	bnez a4, 2b
	CHECK_REG(0x160, a3, 30)
	/* jal: link = pc + 4 */
	jal a5, 3f
4:	j 5f
3:	la a4, 4b
	sub a5, a5, a4
	CHECK_REG(0x170, a5, 0)
	/* jalr with offset and bit 0 set in the sum */
	la a3, 6f
	addi a3, a3, -7
	jalr a5, 8(a3)     /* target = label 6 + 1, bit 0 cleared */
7:	li a5, 0xbad
6:	la a4, 7b
	sub a5, a5, a4
	CHECK_REG(0x171, a5, 0)
	/* jalr with rd == rs1 */
	la a5, 8f
	jalr a5, 0(a5)
9:	li a5, 0xbad
8:	la a4, 9b
	sub a5, a5, a4
	CHECK_REG(0x172, a5, 0)
	/* jal x0 / jr: no link */
	li a5, 42
	jal x0, 10f
	li a5, 0xbad
10:	CHECK_REG(0x173, a5, 42)
	/* call/ret through a subroutine */
	li a0, 5
	call sub7
	mv a5, a0
	CHECK_REG(0x174, a5, 12)
5:
TEST_END
sub7:	addi a0, a0, 7
	ret
