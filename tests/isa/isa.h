/* Macros for the ISA tests (assembly, run through the C preprocessor).
 * A test file defines test_main; the runtime (rt.S, rt.c) calls it in
 * M-mode with a trap handler installed, then prints the failure count and
 * ends through the test finisher. Every check prints one line
 * "<id> <value>" over the UART (the output compared with qemu) and counts a
 * failure when the value differs from the expected one.
 * a0..a4 and t0..t6 are scratch; s0..s11 survive the checks. */
#ifndef ISA_H
#define ISA_H

#define UART_BASE     0x10000000
#define CLINT_BASE    0x02000000
#define CLINT_MSIP    (CLINT_BASE + 0x0)
#define CLINT_MTIMECMP (CLINT_BASE + 0x4000)
#define CLINT_MTIME   (CLINT_BASE + 0xbff8)

/* check(got, expected, id): prints and compares. */
#define CHECK_REG(id, reg, exp) \
	mv a0, reg; li a1, exp; li a2, id; call check

/* Register-register op on two immediates. */
#define TEST_RR(id, inst, exp, v1, v2) \
	li a3, v1; li a4, v2; inst a5, a3, a4; CHECK_REG(id, a5, exp)
/* Register-immediate op. */
#define TEST_RI(id, inst, exp, v1, imm) \
	li a3, v1; inst a5, a3, imm; CHECK_REG(id, a5, exp)
/* Same register as source and destination. */
#define TEST_RR_SAME(id, inst, exp, v1) \
	li a5, v1; inst a5, a5, a5; CHECK_REG(id, a5, exp)

/* After an instruction that must trap: the handler recorded the cause,
 * mepc and mtval (trap_cause/trap_epc/trap_tval) and the trap count. */
#define CHECK_TRAP(id, cause) \
	li a1, cause; li a2, id; call check_trap
#define CHECK_NO_TRAP(id) \
	li a2, id; call check_no_trap

/* Drop to U-mode at the next instruction (the trap handler always returns
 * to M-mode, so a trapping instruction ends the U-mode stretch). */
#define ENTER_U \
	li t0, 0x1800; csrc mstatus, t0; la t0, 1f; csrw mepc, t0; mret; 1:

/* Leave U-mode through ecall (cause 8), counted as a trap. */
#define LEAVE_U ecall

/* Where the handler returns after the next exception instead of mepc+4. */
#define TRAP_RESUME(label) \
	la t0, label; la t1, trap_resume; sw t0, 0(t1)

#define TEST_BEGIN \
	.text; .globl test_main; test_main: addi sp, sp, -16; sw ra, 12(sp)
#define TEST_END \
	lw ra, 12(sp); addi sp, sp, 16; ret

#endif
