/* printf-style formatting shared by the kernel and the app runtime:
 * %d %u %x %X %s %c %p %%, with an optional '0' flag, a width, and an ignored
 * 'l' modifier. Freestanding; output goes one byte at a time to `put`. */
#ifndef RRU_FMT_H
#define RRU_FMT_H

#include <stdarg.h>

typedef void (*rru_fmt_put_fn)(void *ctx, char c);

void rru_fmt_v(rru_fmt_put_fn put, void *ctx, const char *fmt, va_list ap);

#endif
