/* ISA test runtime: UART output, checks, and the end of the run. Written
 * without multiply or divide so the same code runs on a core without M. */
#include <stdint.h>

#define UART_THR ((volatile uint8_t *)0x10000000)
#define UART_LSR ((volatile uint8_t *)0x10000005)
#define FINISHER ((volatile uint32_t *)0x00100000)

extern volatile uint32_t trap_cause, trap_epc, trap_tval, trap_count;
static uint32_t fails, checks, seen_traps;

void rt_putc(char c)
{
	while (!(*UART_LSR & 0x20))
		;
	*UART_THR = (uint8_t)c;
}

void rt_puts(const char *s)
{
	while (*s)
		rt_putc(*s++);
}

void rt_puthex(uint32_t v)
{
	for (int i = 28; i >= 0; i -= 4)
		rt_putc("0123456789abcdef"[(v >> i) & 0xf]);
}

static void line(uint32_t id, const char *what, uint32_t v, int ok)
{
	rt_puthex(id);
	rt_putc(' ');
	rt_puts(what);
	rt_puthex(v);
	if (!ok)
		rt_puts(" FAIL");
	rt_putc('\n');
	checks++;
	if (!ok)
		fails++;
}

void check(uint32_t got, uint32_t expected, uint32_t id)
{
	line(id, "", got, got == expected);
	if (got != expected) {
		rt_puts("  expected ");
		rt_puthex(expected);
		rt_putc('\n');
	}
}

/* The last instruction trapped with this cause (exactly one new trap). */
void check_trap(uint32_t unused, uint32_t cause, uint32_t id)
{
	(void)unused;
	uint32_t n = trap_count - seen_traps;
	seen_traps = trap_count;
	line(id, "trap ", n, n == 1);
	line(id, "mcause ", trap_cause, trap_cause == cause);
	line(id, "mepc ", trap_epc, 1);
	line(id, "mtval ", trap_tval, 1);
}

void check_no_trap(uint32_t unused, uint32_t unused2, uint32_t id)
{
	(void)unused;
	(void)unused2;
	uint32_t n = trap_count - seen_traps;
	seen_traps = trap_count;
	line(id, "traps ", n, n == 0);
}

/* Forget traps so far without a line (a step that traps on one machine
 * and not on the other, e.g. a CSR only qemu has). */
void trap_sync(void)
{
	seen_traps = trap_count;
}

/* Print a value without comparing it (compared against qemu only). */
void show(uint32_t v, uint32_t unused, uint32_t id)
{
	(void)unused;
	line(id, "= ", v, 1);
}

void finish(void)
{
	rt_puts("checks ");
	rt_puthex(checks);
	rt_puts(" fails ");
	rt_puthex(fails);
	rt_putc('\n');
	*FINISHER = fails ? (0x3333u | (1u << 16)) : 0x5555u;
	for (;;)
		;
}
