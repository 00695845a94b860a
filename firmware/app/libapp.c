/* The app runtime (include/rru/app.h): output, inputs, yield, barrier and
 * locks, all in U-mode; the kernel is reached with ecall (docs/design.md §6). */
#include "rru/app.h"

#include <stdarg.h>
#include <stdatomic.h>

#include "../common/fmt.h"
#include "rru/memmap.h"

/* Written by every thread's crt0 (the same value) before app_main. */
unsigned __app_nthreads;

/* Spins on a lock or barrier this many times before yielding the core. */
#define APP_SPIN 200

static inline uint32_t sys0(uint32_t nr)
{
	register uint32_t a0 __asm__("a0");
	register uint32_t a7 __asm__("a7") = nr;
	__asm__ volatile("ecall" : "=r"(a0) : "r"(a7) : "memory");
	return a0;
}

/* Sends 1..RRU_SYS_WRITE_MAX bytes, packed into a1..a5. */
static void sys_write(const char *b, unsigned n)
{
	uint32_t w[5] = {0, 0, 0, 0, 0};
	for (unsigned i = 0; i < n; i++)
		w[i / 4] |= (uint32_t)(uint8_t)b[i] << (8 * (i % 4));
	register uint32_t a0 __asm__("a0") = n;
	register uint32_t a1 __asm__("a1") = w[0];
	register uint32_t a2 __asm__("a2") = w[1];
	register uint32_t a3 __asm__("a3") = w[2];
	register uint32_t a4 __asm__("a4") = w[3];
	register uint32_t a5 __asm__("a5") = w[4];
	register uint32_t a7 __asm__("a7") = RRU_SYS_WRITE;
	__asm__ volatile("ecall"
			 : "+r"(a0)
			 : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7)
			 : "memory");
}

void app_putc(char c) { sys_write(&c, 1); }

/* Output buffer on the caller's stack, flushed RRU_SYS_WRITE_MAX at a time. */
struct obuf {
	char b[RRU_SYS_WRITE_MAX];
	unsigned n, total;
};

static void obuf_put(void *ctx, char c)
{
	struct obuf *o = ctx;
	o->b[o->n++] = c;
	o->total++;
	if (o->n == RRU_SYS_WRITE_MAX) {
		sys_write(o->b, o->n);
		o->n = 0;
	}
}

static void obuf_flush(struct obuf *o)
{
	if (o->n)
		sys_write(o->b, o->n);
	o->n = 0;
}

void app_puts(const char *s)
{
	struct obuf o = {.n = 0, .total = 0};
	while (*s)
		obuf_put(&o, *s++);
	obuf_put(&o, '\n');
	obuf_flush(&o);
}

int app_printf(const char *fmt, ...)
{
	struct obuf o = {.n = 0, .total = 0};
	va_list ap;
	va_start(ap, fmt);
	rru_fmt_v(obuf_put, &o, fmt, ap);
	va_end(ap);
	obuf_flush(&o);
	return (int)o.total;
}

uint32_t app_input(void) { return sys0(RRU_SYS_INPUT); }

void app_yield(void) { (void)sys0(RRU_SYS_YIELD); }

unsigned app_nthreads(void) { return __atomic_load_n(&__app_nthreads, __ATOMIC_RELAXED); }

void app_exit(unsigned code)
{
	register uint32_t a0 __asm__("a0") = code;
	register uint32_t a7 __asm__("a7") = RRU_SYS_EXIT;
	__asm__ volatile("ecall" ::"r"(a0), "r"(a7) : "memory");
	for (;;)
		;
}

void app_check_failed(const char *file, int line, const char *cond)
{
	app_printf("CHECK FAILED: %s:%d: %s\n", file, line, cond);
	app_exit(1);
}

void app_lock(app_lock_t *l)
{
	for (;;) {
		if (!__atomic_exchange_n(&l->locked, 1u, __ATOMIC_ACQUIRE))
			return;
		unsigned spins = 0;
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			if (++spins == APP_SPIN) {
				app_yield(); /* the holder may be waiting for a core */
				spins = 0;
			}
	}
}

void app_unlock(app_lock_t *l) { __atomic_store_n(&l->locked, 0u, __ATOMIC_RELEASE); }

/* Sense-free barrier: a count and a generation number. */
static unsigned bar_count, bar_gen;

void app_barrier(void)
{
	unsigned n = app_nthreads();
	unsigned gen = __atomic_load_n(&bar_gen, __ATOMIC_ACQUIRE);
	if (__atomic_fetch_add(&bar_count, 1u, __ATOMIC_ACQ_REL) == n - 1) {
		__atomic_store_n(&bar_count, 0u, __ATOMIC_RELAXED);
		__atomic_fetch_add(&bar_gen, 1u, __ATOMIC_RELEASE);
		return;
	}
	unsigned spins = 0;
	while (__atomic_load_n(&bar_gen, __ATOMIC_ACQUIRE) == gen)
		if (++spins == APP_SPIN) {
			app_yield();
			spins = 0;
		}
}
