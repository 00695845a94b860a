/* The openrru app API: what a program run by the resident kernel may call.
 * Build a program with `rru cc PROG.c -o PROG.elf`; firmware/README.md is the
 * user guide (what an app may not do), docs/design.md §6 the ABI underneath.
 *
 * Every thread runs app_main(tid, nthreads) in U-mode; the program ends when
 * every thread has returned from it (exit code 0), when a thread calls
 * app_exit(code), or when a thread faults (exit code 101, and the kernel
 * prints the thread, pc and address).
 *
 * C11 <stdatomic.h> works for 8-, 16- and 32-bit types: 32-bit operations
 * are inlined AMOs and LR/SC loops; 8- and 16-bit read-modify-writes call the
 * runtime's LR/SC loops on the containing word. 64-bit atomics do not work:
 * bare metal has no libatomic, so they fail to link (`undefined reference to
 * __atomic_load_8` and the like). */
#ifndef RRU_APP_H
#define RRU_APP_H

#include <stdint.h>

/* The user's entry point, run by every thread: tid is 0..nthreads-1. */
void app_main(unsigned tid, unsigned nthreads);

/* Output. Each thread's output is its own stream: the kernel prints it line by
 * line, each line whole and tagged with the thread ("[t3] text"). Lines
 * longer than 120 bytes are split. */
void app_putc(char c);
void app_puts(const char *s); /* s and a newline, like puts() */
/* %d %u %x %X %s %c %p %%, with a '0' flag and a width ("%08x");
 * formatted in U-mode. Returns the number of bytes written. */
int app_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A non-deterministic 32-bit value (different from run to run): logged when
 * recording, replayed later. Reading cycle/time/instret is also allowed and
 * counts as such an input. */
uint32_t app_input(void);

/* Lets another ready thread run on this core. */
void app_yield(void);

/* Waits until every thread has called app_barrier (the same number of times). */
void app_barrier(void);

/* Number of threads (the same as app_main's nthreads). */
unsigned app_nthreads(void);

/* Ends the whole program now with exit code `code` (use 0..99). */
void app_exit(unsigned code) __attribute__((noreturn));

/* A spin lock on atomics, in U-mode (it yields while it waits long). */
typedef struct {
	volatile unsigned locked;
} app_lock_t;
#define APP_LOCK_INIT {0}
void app_lock(app_lock_t *l);
void app_unlock(app_lock_t *l);

/* Checks a condition: prints what failed (file, line, condition) and ends the
 * program with exit code 1. For self-checking programs. */
#define APP_CHECK(cond)                                                        \
	((cond) ? (void)0 : app_check_failed(__FILE__, __LINE__, #cond))
void app_check_failed(const char *file, int line, const char *cond) __attribute__((noreturn));

#endif
