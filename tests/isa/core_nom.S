/* rru_core built with EnableM = 0: every M instruction is illegal
 * (mtval = the instruction) and leaves its destination alone. */
#include "isa.h"
#define TEST_NOM(id, insn) \
	li s1, 0x5a; .word insn; CHECK_TRAP(id, 2); \
	la t0, trap_tval; lw a0, 0(t0); li a1, insn; li a2, id + 1; call check; \
	CHECK_REG(id + 2, s1, 0x5a)
/* funct7 = 1, rs2 = x0, rs1 = x0, rd = s1 (x9) */
#define MD(f3) (0x02000033 | ((f3) << 12) | (9 << 7))
TEST_BEGIN
	TEST_NOM(0x100, MD(0))
	TEST_NOM(0x110, MD(1))
	TEST_NOM(0x120, MD(2))
	TEST_NOM(0x130, MD(3))
	TEST_NOM(0x140, MD(4))
	TEST_NOM(0x150, MD(5))
	TEST_NOM(0x160, MD(6))
	TEST_NOM(0x170, MD(7))
	/* the rest still works */
	li a3, 6
	li a4, 7
	add a5, a3, a4
	CHECK_REG(0x180, a5, 13)
TEST_END
