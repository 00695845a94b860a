/* printf-style formatting for the soft cores (fmt.h). */
#include "fmt.h"

#include <stdint.h>

static void put_num(rru_fmt_put_fn put, void *ctx, uint32_t v, unsigned base, int neg,
		    unsigned width, char pad, int upper)
{
	char buf[12];
	unsigned n = 0;
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	do {
		buf[n++] = digits[v % base];
		v /= base;
	} while (v);
	unsigned len = n + (neg ? 1u : 0u);
	if (neg && pad == '0')
		put(ctx, '-');
	for (; len < width; len++)
		put(ctx, pad);
	if (neg && pad != '0')
		put(ctx, '-');
	while (n)
		put(ctx, buf[--n]);
}

void rru_fmt_v(rru_fmt_put_fn put, void *ctx, const char *fmt, va_list ap)
{
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			put(ctx, *p);
			continue;
		}
		p++;
		char pad = ' ';
		unsigned width = 0;
		if (*p == '0') {
			pad = '0';
			p++;
		}
		while (*p >= '0' && *p <= '9')
			width = width * 10u + (unsigned)(*p++ - '0');
		while (*p == 'l')
			p++;
		switch (*p) {
		case 'd': {
			int32_t v = va_arg(ap, int32_t);
			uint32_t u = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
			put_num(put, ctx, u, 10, v < 0, width, pad, 0);
			break;
		}
		case 'u':
			put_num(put, ctx, va_arg(ap, uint32_t), 10, 0, width, pad, 0);
			break;
		case 'x':
		case 'X':
			put_num(put, ctx, va_arg(ap, uint32_t), 16, 0, width, pad, *p == 'X');
			break;
		case 'p':
			put(ctx, '0');
			put(ctx, 'x');
			put_num(put, ctx, (uint32_t)(uintptr_t)va_arg(ap, void *), 16, 0, 8, '0', 0);
			break;
		case 'c':
			put(ctx, (char)va_arg(ap, int));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			unsigned len = 0;
			while (s[len])
				len++;
			for (; len < width; len++)
				put(ctx, ' ');
			while (*s)
				put(ctx, *s++);
			break;
		}
		case '%':
			put(ctx, '%');
			break;
		case '\0':
			return;
		default: /* unknown conversion: show it as written */
			put(ctx, '%');
			put(ctx, *p);
			break;
		}
	}
}
