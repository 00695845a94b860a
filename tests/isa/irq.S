/* Software and timer interrupts through the CLINT: masking by mie and
 * mstatus.MIE, taken in U-mode regardless of MIE, cause and MPP, wfi. */
#include "isa.h"
#define SHOW(id, reg) mv a0, reg; li a2, id; call show
#define SHOW_MPP(id) la t0, trap_mstatus; lw a0, 0(t0); li t1, 0x1888; and a0, a0, t1; li a2, id; call show
/* Wait (bounded) until a trap arrives; s0 = trap count before. */
#define MARK la t0, trap_count; lw s0, 0(t0)
#define WAIT_TRAP li s1, 200000; 8: la t0, trap_count; lw t1, 0(t0); bne t1, s0, 9f; addi s1, s1, -1; bnez s1, 8b; 9:
#define SHOW_CAUSE(id) la t0, trap_cause; lw a0, 0(t0); li a2, id; call show
#define CHECK_IRQ(id, cause) la t0, trap_cause; lw a0, 0(t0); li a1, cause; li a2, id; call check; \
	la t0, trap_count; lw a0, 0(t0); sub a0, a0, s0; li a1, 1; li a2, id + 1; call check; call trap_sync
TEST_BEGIN
	csrw mie, zero
	csrci mstatus, 8
	/* msip pending but masked by mie: no interrupt; mip shows it */
	MARK
	li t0, CLINT_MSIP
	li t1, 1
	sw t1, 0(t0)
	lw t1, 0(t0)           /* read back: the write has reached the CLINT */
	nop
	nop
	csrr a5, mip
	andi a5, a5, 0x88
	CHECK_REG(0x100, a5, 0x08)
	/* enabled in mie but mstatus.MIE clear (M-mode): still nothing */
	csrsi mie, 8
	nop
	nop
	la t0, trap_count
	lw a5, 0(t0)
	sub a5, a5, s0
	CHECK_REG(0x101, a5, 0)
	/* wfi returns with an enabled pending interrupt even with MIE clear */
	wfi
	CHECK_REG(0x102, zero, 0)
	/* set MIE: taken at once */
	csrsi mstatus, 8
	WAIT_TRAP
	csrci mstatus, 8
	CHECK_IRQ(0x110, 0x80000003)
	SHOW_MPP(0x112)
	li t0, CLINT_MSIP
	lw a5, 0(t0)
	CHECK_REG(0x113, a5, 0)
	csrr a5, mip
	andi a5, a5, 0x88
	CHECK_REG(0x114, a5, 0)
	/* timer: mtimecmp a little after mtime */
	MARK
	li t0, 0x80
	csrw mie, t0
	li t0, CLINT_MTIME
	lw t1, 0(t0)
	lw t2, 4(t0)
	/* already due: qemu 7.2 raises at once then, but does not fire a
	 * compare value in the future once re-armed (core_only.S tests that) */
	li t0, CLINT_MTIMECMP
	li t3, -1
	sw t3, 0(t0)           /* the spec's rv32 sequence: lo = max, hi, lo */
	sw t2, 4(t0)
	sw t1, 0(t0)
	csrsi mstatus, 8
	WAIT_TRAP
	csrci mstatus, 8
	CHECK_IRQ(0x120, 0x80000007)
	csrr a5, mip
	andi a5, a5, 0x88
	CHECK_REG(0x122, a5, 0)
	/* U-mode: taken although mstatus.MIE is clear; MPP = U */
	MARK
	li t0, 0x08
	csrw mie, t0
	csrci mstatus, 8
	li t0, CLINT_MSIP
	li t1, 1
	sw t1, 0(t0)
	ENTER_U
	WAIT_TRAP
	CHECK_IRQ(0x130, 0x80000003)
	SHOW_MPP(0x132)
	/* back in M-mode (the handler returns to M) */
	csrr a5, mscratch
	CHECK_NO_TRAP(0x133)
	/* timer in U-mode */
	MARK
	li t0, 0x80
	csrw mie, t0
	li t0, CLINT_MTIME
	lw t1, 0(t0)
	lw t2, 4(t0)
	/* already due: qemu 7.2 raises at once then, but does not fire a
	 * compare value in the future once re-armed (core_only.S tests that) */
	li t0, CLINT_MTIMECMP
	li t3, -1
	sw t3, 0(t0)           /* the spec's rv32 sequence: lo = max, hi, lo */
	sw t2, 4(t0)
	sw t1, 0(t0)
	ENTER_U
	WAIT_TRAP
	CHECK_IRQ(0x140, 0x80000007)
	SHOW_MPP(0x142)
	/* both pending: software first, then timer */
	MARK
	csrw mie, zero
	li t0, CLINT_MSIP
	li t1, 1
	sw t1, 0(t0)
	li t0, CLINT_MTIMECMP
	sw zero, 4(t0)
	sw zero, 0(t0)
	lw t1, 0(t0)
	li t0, 0x88
	csrw mie, t0
	csrsi mstatus, 8
	WAIT_TRAP
	csrci mstatus, 8
	CHECK_IRQ(0x150, 0x80000003)
	MARK
	csrsi mstatus, 8
	WAIT_TRAP
	csrci mstatus, 8
	CHECK_IRQ(0x152, 0x80000007)
	/* vectored mtvec: interrupt goes to base + 4 * cause */
	MARK
	csrw mie, zero
	la t0, vtable
	ori t0, t0, 1
	csrw mtvec, t0
	li t0, CLINT_MSIP
	li t1, 1
	sw t1, 0(t0)
	lw t1, 0(t0)
	csrsi mie, 8
	csrsi mstatus, 8
	WAIT_TRAP
	csrci mstatus, 8
	la t0, trap_entry
	csrw mtvec, t0
	CHECK_IRQ(0x160, 0x80000003)
	la t0, vhit
	lw a5, 0(t0)
	CHECK_REG(0x162, a5, 3)
	/* vectored mtvec: exceptions still go to the base */
	la t0, vtable
	ori t0, t0, 1
	csrw mtvec, t0
	ecall
	la t0, trap_entry
	csrw mtvec, t0
	la t0, vhit
	lw a5, 0(t0)
	CHECK_REG(0x163, a5, 0x100)
	csrw mie, zero
TEST_END
	.align 6
vtable:
	j vexc     /* 0: exceptions */
	j vbad
	j vbad
	j vsoft    /* 3: machine software interrupt */
	j vbad
	j vbad
	j vbad
	j vbad     /* 7 */
vsoft:	addi sp, sp, -8
	sw t0, 0(sp)
	sw t1, 4(sp)
	la t0, vhit
	li t1, 3
	sw t1, 0(t0)
	j vout
vexc:	addi sp, sp, -8
	sw t0, 0(sp)
	sw t1, 4(sp)
	la t0, vhit
	li t1, 0x100
	sw t1, 0(t0)
vout:	lw t0, 0(sp)
	lw t1, 4(sp)
	addi sp, sp, 8
	j trap_entry
vbad:	j vbad
	.data
	.align 4
vhit:	.word 0
