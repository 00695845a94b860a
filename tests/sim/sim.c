/* Runtime of the bare-metal cluster tests (see sim.h). */
#include "sim.h"
#include <stdarg.h>

#define UART ((volatile uint8_t *)0x10000000u)
#define FINISHER ((volatile uint32_t *)0x00100000u)

static sim_lock_t print_lock;
static volatile uint32_t bar_count LINE;
static volatile uint32_t bar_gen LINE;

static void putc_raw(char c)
{
	while (!(UART[5] & 0x20)) ;
	UART[0] = (uint8_t)c;
}

static void put_num(uint32_t v, unsigned base, int neg)
{
	char b[12];
	int i = 0;
	if (neg) putc_raw('-');
	do {
		b[i++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (i) putc_raw(b[--i]);
}

void sim_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sim_lock(&print_lock);
	for (; *fmt; fmt++) {
		if (*fmt != '%') { putc_raw(*fmt); continue; }
		switch (*++fmt) {
		case 'd': { int32_t v = va_arg(ap, int32_t); put_num(v < 0 ? -(uint32_t)v : (uint32_t)v, 10, v < 0); break; }
		case 'u': put_num(va_arg(ap, uint32_t), 10, 0); break;
		case 'x': put_num(va_arg(ap, uint32_t), 16, 0); break;
		case 'c': putc_raw((char)va_arg(ap, int)); break;
		case 's': for (const char *s = va_arg(ap, const char *); *s; s++) putc_raw(*s); break;
		case '%': putc_raw('%'); break;
		default: putc_raw('?'); break;
		}
	}
	sim_unlock(&print_lock);
	va_end(ap);
}

void sim_exit(int code)
{
	__asm__ volatile("fence rw, rw" ::: "memory");
	*FINISHER = code ? ((uint32_t)code << 16) | 0x3333u : 0x5555u;
	for (;;) ;
}

/* Generation barrier: the last to arrive resets the count and moves on the
 * generation everyone else is waiting on. */
void sim_barrier(unsigned n)
{
	uint32_t gen = bar_gen;
	__asm__ volatile("fence rw, rw" ::: "memory");
	if (amoadd_w(&bar_count, 1) == n - 1) {
		bar_count = 0;
		__asm__ volatile("fence rw, rw" ::: "memory");
		amoadd_w(&bar_gen, 1);
	} else {
		while (bar_gen == gen) ;
	}
	__asm__ volatile("fence rw, rw" ::: "memory");
}

int sim_fail(const char *what, unsigned a, unsigned b)
{
	sim_printf("FAIL: %s (%u, %u)\n", what, a, b);
	sim_exit(1);
}

void sim_trap(uint32_t cause, uint32_t epc, uint32_t tval)
{
	uint32_t h;
	__asm__ volatile("csrr %0, mhartid" : "=r"(h));
	sim_printf("FAIL: hart %u trapped: mcause 0x%x mepc 0x%x mtval 0x%x\n", h, cause, epc, tval);
	sim_exit(99);
}
