/* Board smoke program (fpga/README.md, "Smoke test"): run by the Verilator
 * bench of the board top (tests/rtl/tb_fpga.cpp) and usable on a real board.
 *   1. hart 0 prints a banner with the hart count (simctl NCORES);
 *   2. every hart adds itself to a counter with amoadd; hart 0 waits for all;
 *   3. a RAM test: the middle and the end of RAM, byte/halfword stores, and
 *      with the full map both ends of the kernel region and the app region
 *      (RAM size from the command line, -DRAM_BYTES); RAM past the image
 *      must read 0 (the init sequence cleared it);
 *   4. echo: hart 0 reads one byte from the UART and prints it back, +1;
 *   5. the finisher: 0x5555 (pass) or 0x3333 | code << 16.
 * Freestanding; no M extension (the board's cores have none). */
#include <stdint.h>

#define UART ((volatile uint8_t *)0x10000000u)
#define FINISHER ((volatile uint32_t *)0x00100000u)
#define SIMCTL ((volatile uint32_t *)0x00101000u)

static volatile uint32_t arrived;

static void putc_(char c)
{
	while (!(UART[5] & 0x20))
		;
	UART[0] = (uint8_t)c;
}

static void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}

static void puthex(uint32_t v)
{
	for (int i = 28; i >= 0; i -= 4)
		putc_("0123456789abcdef"[(v >> i) & 15]);
}

static void finish(uint32_t code)
{
	*FINISHER = code ? (0x3333u | (code << 16)) : 0x5555u;
	for (;;)
		;
}

/* RAM test: the RAM size is RAM_BYTES (the board's); the program and its
 * stacks use the first 4 KiB (RAM_BYTES >= 8 KiB). */
static uint32_t ramtest(void)
{
	/* the middle and the last words of RAM; with the full map also both
	 * ends of the kernel region and the start of the app region */
	static const uint32_t addrs[] = {
		0x80000000u + RAM_BYTES / 2u, 0x80000000u + RAM_BYTES - 16u,
		0x80000000u + RAM_BYTES - 4u,
#if RAM_BYTES > 0x10000
		0x8000FF00u, 0x80010000u, 0x80010ff0u,
#endif
	};
	const unsigned n = sizeof addrs / sizeof addrs[0];
	for (unsigned i = 0; i < n; i++)
		*(volatile uint32_t *)addrs[i] = 0xA5000000u ^ addrs[i];
	/* byte and halfword stores into one word */
	volatile uint8_t *b = (volatile uint8_t *)(0x80000000u + RAM_BYTES - 32u);
	volatile uint16_t *h = (volatile uint16_t *)(0x80000000u + RAM_BYTES - 32u);
	*(volatile uint32_t *)b = 0;
	b[1] = 0x11;
	h[1] = 0x2233;
	for (unsigned i = 0; i < n; i++)
		if (*(volatile uint32_t *)addrs[i] != (0xA5000000u ^ addrs[i]))
			return 0x10 + i;
	if (*(volatile uint32_t *)b != 0x22331100u)
		return 0x20;
	/* RAM past the image is cleared by the init sequence */
	if (*(volatile uint32_t *)(0x80000000u + RAM_BYTES / 2u + 64u) != 0)
		return 0x21;
	return 0;
}

void smoke_main(uint32_t hart)
{
	uint32_t ncores = SIMCTL[1];

	__atomic_fetch_add(&arrived, 1, __ATOMIC_SEQ_CST);
	if (hart != 0)
		return;
	puts_("openrru board smoke: harts ");
	puthex(ncores);
	puts_("\n");
	while (__atomic_load_n(&arrived, __ATOMIC_SEQ_CST) != ncores)
		;
	uint32_t err = ramtest();
	if (err) {
		puts_("ram test failed ");
		puthex(err);
		puts_("\n");
		finish(err);
	}
	puts_("ram ok; send a byte\n");
	while (!(UART[5] & 0x01))
		;
	char c = (char)UART[0];
	puts_("echo ");
	putc_((char)(c + 1));
	puts_("\nsmoke ok\n");
	finish(0);
}
