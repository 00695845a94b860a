/* Board smoke program entry: every hart gets a 1 KiB stack below the top of
 * the first 4 KiB of RAM and calls smoke_main(hartid). */
	.section .text.start, "ax"
	.globl _start
_start:
	csrr	a0, mhartid
	la	sp, __stack_top
	slli	t0, a0, 10
	sub	sp, sp, t0
	call	smoke_main
1:	wfi
	j	1b
