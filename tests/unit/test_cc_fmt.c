/* The printf-style formatter the app runtime (app_printf) and the kernel use:
 * firmware/common/fmt.c is freestanding C, compiled here for the host. */
#include "../../firmware/common/fmt.c"

#include <criterion/criterion.h>
#include <limits.h>
#include <string.h>

struct sbuf {
	char b[256];
	unsigned n;
};

static void put(void *ctx, char c)
{
	struct sbuf *s = ctx;
	cr_assert(s->n < sizeof s->b - 1, "formatter wrote too much");
	s->b[s->n++] = c;
	s->b[s->n] = '\0';
}

static const char *fmt(const char *f, ...)
{
	static struct sbuf s;
	s.n = 0;
	s.b[0] = '\0';
	va_list ap;
	va_start(ap, f);
	rru_fmt_v(put, &s, f, ap);
	va_end(ap);
	return s.b;
}

Test(cc_fmt, conversions)
{
	cr_expect_str_eq(fmt("%d %d %d", 0, 42, -42), "0 42 -42");
	cr_expect_str_eq(fmt("%d", INT_MIN), "-2147483648");
	cr_expect_str_eq(fmt("%u", 4294967295u), "4294967295");
	cr_expect_str_eq(fmt("%x %X", 0xdeadbeefu, 0xabcu), "deadbeef ABC");
	cr_expect_str_eq(fmt("%s|%c|%%", "str", 'Z'), "str|Z|%");
	cr_expect_str_eq(fmt("%s", (char *)NULL), "(null)");
	cr_expect_str_eq(fmt("%lu %lx", 7u, 255u), "7 ff");
}

Test(cc_fmt, width_and_padding)
{
	cr_expect_str_eq(fmt("%08x", 0xabcu), "00000abc");
	cr_expect_str_eq(fmt("%5u|%-1u", 42u, 3u), "   42|%-1u");
	cr_expect_str_eq(fmt("%05d", -42), "-0042");
	cr_expect_str_eq(fmt("%5d", -42), "  -42");
	cr_expect_str_eq(fmt("%4s|", "ab"), "  ab|");
	cr_expect_str_eq(fmt("%2x", 0x12345u), "12345");
}

Test(cc_fmt, malformed)
{
	cr_expect_str_eq(fmt("abc%"), "abc");
	cr_expect_str_eq(fmt("%q"), "%q");
	cr_expect_str_eq(fmt("100%"), "100");
}
