/* Compiler-generated code on the core: sorting, hashing, recursion, 64-bit
 * arithmetic (libgcc-free: M instructions inline), string handling, a
 * struct-heavy loop, LR/SC and AMO builtins. Each result is printed with
 * show(); qemu's output is the reference (make isa-test compares them). */
#include <stdint.h>

void show(uint32_t v, uint32_t unused, uint32_t id);

static uint32_t seed = 12345;
static uint32_t rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

static void isort(int32_t *a, int n)
{
	for (int i = 1; i < n; i++) {
		int32_t v = a[i];
		int j = i - 1;
		while (j >= 0 && a[j] > v) {
			a[j + 1] = a[j];
			j--;
		}
		a[j + 1] = v;
	}
}

static uint32_t crc32(const uint8_t *p, int n)
{
	uint32_t c = 0xffffffffu;
	for (int i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & -(c & 1));
	}
	return ~c;
}

static uint32_t fib(uint32_t n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static uint32_t gcd(uint32_t a, uint32_t b)
{
	while (b) {
		uint32_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

struct particle {
	int16_t x, y;
	int8_t vx, vy;
	uint8_t hits;
};

static int32_t arr[64];
static uint8_t bytes[200];
static struct particle ps[16];
static volatile uint32_t counter;

void test_main(void)
{
	for (int i = 0; i < 64; i++)
		arr[i] = (int32_t)rnd() - (1 << 23);
	isort(arr, 64);
	uint32_t ok = 1;
	for (int i = 1; i < 64; i++)
		ok &= arr[i - 1] <= arr[i];
	show(ok, 0, 0x100);
	show((uint32_t)arr[0], 0, 0x101);
	show((uint32_t)arr[63], 0, 0x102);

	for (int i = 0; i < 200; i++)
		bytes[i] = (uint8_t)rnd();
	show(crc32(bytes, 200), 0, 0x110);

	show(fib(15), 0, 0x120);
	show(gcd(1071u * 97u, 462u * 97u), 0, 0x121);

	uint64_t acc = 1;
	for (int i = 0; i < 20; i++)
		acc = acc * 3u + (acc >> 7);
	show((uint32_t)acc, 0, 0x130);
	show((uint32_t)(acc >> 32), 0, 0x131);
	int64_t s = -1234567890123ll;
	s = s / 1000 + (s % 1000);
	show((uint32_t)s, 0, 0x132);

	for (int i = 0; i < 16; i++) {
		ps[i].x = (int16_t)(rnd() % 200);
		ps[i].y = (int16_t)(rnd() % 200);
		ps[i].vx = (int8_t)(rnd() % 7) - 3;
		ps[i].vy = (int8_t)(rnd() % 7) - 3;
		ps[i].hits = 0;
	}
	for (int step = 0; step < 100; step++) {
		for (int i = 0; i < 16; i++) {
			struct particle *p = &ps[i];
			p->x += p->vx;
			p->y += p->vy;
			if (p->x < 0 || p->x > 200) {
				p->vx = (int8_t)-p->vx;
				p->hits++;
			}
			if (p->y < 0 || p->y > 200) {
				p->vy = (int8_t)-p->vy;
				p->hits++;
			}
		}
	}
	uint32_t h = 0;
	for (int i = 0; i < 16; i++)
		h = h * 31u + (uint16_t)ps[i].x * 7u + (uint16_t)ps[i].y + ps[i].hits;
	show(h, 0, 0x140);

	counter = 0;
	for (int i = 0; i < 10; i++)
		__atomic_fetch_add(&counter, (uint32_t)i, __ATOMIC_SEQ_CST);
	uint32_t expect = counter;
	uint32_t desired = 1000;
	int swapped = __atomic_compare_exchange_n(&counter, &expect, desired, 0, __ATOMIC_SEQ_CST,
						  __ATOMIC_SEQ_CST);
	show((uint32_t)swapped, 0, 0x150);
	show(counter, 0, 0x151);
	uint32_t wrong = 5;
	swapped = __atomic_compare_exchange_n(&counter, &wrong, 7u, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	show((uint32_t)swapped, 0, 0x152);
	show(wrong, 0, 0x153);

	const char *msg = "openrru core";
	uint32_t len = 0;
	while (msg[len])
		len++;
	show(len, 0, 0x160);
}
