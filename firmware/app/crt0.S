/* App start-up: the image header at APP_BASE (docs/design.md §6) and the code
 * every thread starts in (a0 = thread id, a1 = number of threads, sp set). */
#include "rru/memmap.h"

	.section .text.apphdr, "ax"
	.globl _start
_start:
	j	__app_thread_start
	.word	RRU_APP_MAGIC
	.word	RRU_APP_VERSION
	.word	__app_thread_start
	.word	__bss_start
	.word	__bss_end
	.word	__app_stack_base
	.word	__app_stack_size

	.text
	.globl __app_thread_start
__app_thread_start:
	.option push
	.option norelax
	la	gp, __global_pointer$
	.option pop
	/* Every thread stores the same value, before its first app call. */
	la	t0, __app_nthreads
	sw	a1, 0(t0)
	call	app_main
	li	a7, RRU_SYS_THREAD_EXIT
	ecall
1:	j	1b
