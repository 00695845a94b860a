/* CSR instructions (read/write/set/clear, register and immediate forms,
 * x0 forms that do not write) and the M-mode CSRs both machines share. */
#include "isa.h"
#define SHOW(id, reg) mv a0, reg; li a2, id; call show
TEST_BEGIN
	li t0, 0x12345678
	csrw mscratch, t0
	li t1, 0xff00ff00
	csrrw a5, mscratch, t1
	CHECK_REG(0x100, a5, 0x12345678)
	csrr a5, mscratch
	CHECK_REG(0x101, a5, 0xff00ff00)
	li t1, 0x0000ffff
	csrrs a5, mscratch, t1
	CHECK_REG(0x102, a5, 0xff00ff00)
	csrr a5, mscratch
	CHECK_REG(0x103, a5, 0xff00ffff)
	li t1, 0x0f0f0f0f
	csrrc a5, mscratch, t1
	CHECK_REG(0x104, a5, 0xff00ffff)
	csrr a5, mscratch
	CHECK_REG(0x105, a5, 0xf000f0f0)
	csrrwi a5, mscratch, 0x15
	CHECK_REG(0x106, a5, 0xf000f0f0)
	csrr a5, mscratch
	CHECK_REG(0x107, a5, 0x15)
	csrrsi a5, mscratch, 0x0a
	CHECK_REG(0x108, a5, 0x15)
	csrr a5, mscratch
	CHECK_REG(0x109, a5, 0x1f)
	csrrci a5, mscratch, 0x13
	CHECK_REG(0x10a, a5, 0x1f)
	csrr a5, mscratch
	CHECK_REG(0x10b, a5, 0x0c)
	/* x0 / zero-immediate forms read without writing */
	csrrs a5, mscratch, x0
	CHECK_REG(0x110, a5, 0x0c)
	csrrc a5, mscratch, x0
	csrrsi a5, mscratch, 0
	csrrci a5, mscratch, 0
	csrr a5, mscratch
	CHECK_REG(0x111, a5, 0x0c)
	/* rd = x0 still writes */
	li t0, 0x55
	csrrw x0, mscratch, t0
	csrr a5, mscratch
	CHECK_REG(0x112, a5, 0x55)
	/* rd == rs1 */
	li a5, 0x66
	csrrw a5, mscratch, a5
	CHECK_REG(0x113, a5, 0x55)
	csrr a5, mscratch
	CHECK_REG(0x114, a5, 0x66)
	/* read-only CSRs read without a trap (csrr = csrrs x0) */
	csrr a5, mhartid
	CHECK_REG(0x120, a5, 0)
	csrrsi a5, mhartid, 0
	CHECK_NO_TRAP(0x121)
	/* mepc, mcause, mtval hold what is written (aligned mepc) */
	li t0, 0x80001234
	csrw mepc, t0
	csrr a5, mepc
	CHECK_REG(0x130, a5, 0x80001234)
	li t0, 0x8000000b
	csrw mcause, t0
	csrr a5, mcause
	CHECK_REG(0x131, a5, 0x8000000b)
	li t0, 0xdeadbeef
	csrw mtval, t0
	csrr a5, mtval
	CHECK_REG(0x132, a5, 0xdeadbeef)
	/* mtvec: direct and vectored; reserved modes 2/3 leave it unchanged */
	csrr s0, mtvec
	li t0, 0x80000101
	csrw mtvec, t0
	csrr a5, mtvec
	CHECK_REG(0x140, a5, 0x80000101)
	li t0, 0x80000202
	csrw mtvec, t0
	csrr a5, mtvec
	CHECK_REG(0x141, a5, 0x80000101)
	csrw mtvec, s0
	csrr a5, mtvec
	la t0, trap_entry
	sub a5, a5, t0
	CHECK_REG(0x142, a5, 0)
	/* mstatus MIE, MPIE, MPP (masked: the rest differs between machines) */
	csrr s0, mstatus
	li t0, 0x1888
	csrs mstatus, t0
	csrr a5, mstatus
	andi a5, a5, 0x88
	CHECK_REG(0x150, a5, 0x88)
	csrr a5, mstatus
	li t1, 0x1800
	and a5, a5, t1
	CHECK_REG(0x151, a5, 0x1800)
	li t0, 0x1888
	csrc mstatus, t0
	csrr a5, mstatus
	li t1, 0x1888
	and a5, a5, t1
	CHECK_REG(0x152, a5, 0)
	csrw mstatus, s0
	/* mie: MSIE, MTIE writable */
	li t0, 0x88
	csrw mie, t0
	csrr a5, mie
	andi a5, a5, 0x88
	CHECK_REG(0x160, a5, 0x88)
	csrci mie, 8
	csrr a5, mie
	andi a5, a5, 0x88
	CHECK_REG(0x161, a5, 0x80)
	csrw mie, zero
	csrr a5, mie
	CHECK_REG(0x162, a5, 0)
	/* mip: nothing pending */
	csrr a5, mip
	andi a5, a5, 0x88
	CHECK_REG(0x163, a5, 0)
	/* mcounteren CY/TM/IR bits */
	li t0, 5
	csrw mcounteren, t0
	csrr a5, mcounteren
	andi a5, a5, 7
	CHECK_REG(0x170, a5, 5)
	csrw mcounteren, zero
	/* counters count up; mcycle/minstret can be written */
	csrr s1, mcycle
	nop
	nop
	csrr s2, mcycle
	sltu a5, s1, s2
	CHECK_REG(0x180, a5, 1)
	csrr s1, minstret
	nop
	csrr s2, minstret
	sltu a5, s1, s2
	CHECK_REG(0x181, a5, 1)
	csrr s1, cycle
	csrr s2, cycle
	sltu a5, s1, s2
	CHECK_REG(0x182, a5, 1)
	csrr s1, instret
	csrr s2, instret
	sltu a5, s1, s2
	CHECK_REG(0x183, a5, 1)
	csrw mcycleh, zero
	csrw minstreth, zero
	csrr a5, mcycleh
	CHECK_REG(0x184, a5, 0)
	csrr a5, minstreth
	CHECK_REG(0x185, a5, 0)
	csrr a5, cycleh
	CHECK_REG(0x186, a5, 0)
	csrr a5, instreth
	CHECK_REG(0x187, a5, 0)
	li t0, 0x10000
	csrw minstret, t0
	csrr a5, minstret
	srli a5, a5, 16
	CHECK_REG(0x188, a5, 1)
	/* PMP CSRs accept writes (entries 4..7; entry 0 stays) */
	csrw pmpaddr5, zero
	csrw pmpaddr15, zero
	csrw pmpcfg1, zero
	csrw pmpcfg3, zero
	csrr a5, pmpcfg2
	CHECK_NO_TRAP(0x190)
	/* mstatush and the ID CSRs exist */
	csrr a5, mstatush
	CHECK_REG(0x191, a5, 0)
	csrr a5, mvendorid
	csrr a5, marchid
	csrr a5, mimpid
	csrr a5, misa
	CHECK_NO_TRAP(0x192)
TEST_END
