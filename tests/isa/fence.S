/* fence and fence.i: code written to memory runs after fence.i (the core
 * bench's instruction port only sees stores after an icache_flush_o). */
#include "isa.h"
/* addi a0, x0, imm; jalr x0, 0(ra) */
#define ADDI_A0(imm) (0x00000513 | ((imm) << 20))
#define RET 0x00008067
TEST_BEGIN
	fence
	fence rw, rw
	fence iorw, iorw
	CHECK_NO_TRAP(0x100)
	la s0, codebuf
	li t0, ADDI_A0(123)
	sw t0, 0(s0)
	li t0, RET
	sw t0, 4(s0)
	fence.i
	jalr ra, 0(s0)
	CHECK_REG(0x101, a0, 123)
	/* rewrite the same code: fence.i makes the new instruction visible */
	li t0, ADDI_A0(456)
	sw t0, 0(s0)
	fence.i
	jalr ra, 0(s0)
	CHECK_REG(0x102, a0, 456)
	li t0, ADDI_A0(789)
	sb t0, 0(s0)
	srli t0, t0, 8
	sb t0, 1(s0)
	srli t0, t0, 8
	sh t0, 2(s0)
	fence.i
	jalr ra, 0(s0)
	CHECK_REG(0x103, a0, 789)
	/* wfi in M-mode with nothing pending and mie = 0 ... would stall qemu
	 * until an interrupt, so it is only tested with one pending (irq.S). */
TEST_END
	.data
	.align 4
codebuf: .space 16
