/* C11 <stdatomic.h> from U-mode: 32-bit AMOs, 8- and 16-bit read-modify-write
 * (the runtime's LR/SC word loops), an atomic_flag spin lock and bool CAS,
 * with neighbours in the same word updated concurrently. Exact checks. */
#include "wl.h"

#include <stdatomic.h>
#include <stdbool.h>

#ifdef LARGE
#define ITERS 20000u
#else
#define ITERS 1000u
#endif

static atomic_uint u32;
static struct {
	_Atomic unsigned char c[2]; /* two bytes and a halfword share one word */
	_Atomic unsigned short h;
} packed __attribute__((aligned(4)));
static atomic_flag flag = ATOMIC_FLAG_INIT;
static unsigned under_flag;
static atomic_bool token;
static atomic_uint token_takes;
static _Atomic unsigned char xor_byte;

void app_main(unsigned tid, unsigned nt)
{
	for (unsigned i = 0; i < ITERS; i++) {
		atomic_fetch_add(&u32, 1);
		atomic_fetch_add(&packed.c[0], 1);
		atomic_fetch_sub(&packed.c[1], 1);
		atomic_fetch_add(&packed.h, 3);
		atomic_fetch_xor(&xor_byte, (unsigned char)(1u << (tid % 8)));
		if ((i & 15) == 0) {
			while (atomic_flag_test_and_set(&flag))
				;
			under_flag++;
			atomic_flag_clear(&flag);
			bool expect = false;
			if (atomic_compare_exchange_strong(&token, &expect, true)) {
				atomic_fetch_add(&token_takes, 1);
				atomic_store(&token, false);
			}
		}
	}
	app_barrier();
	if (tid == 0) {
		unsigned total = nt * ITERS, x = 0;
		for (unsigned t = 0; t < nt; t++)
			if (ITERS & 1)
				x ^= 1u << (t % 8);
		APP_CHECK(atomic_load(&u32) == total);
		APP_CHECK(atomic_load(&packed.c[0]) == (unsigned char)total);
		APP_CHECK(atomic_load(&packed.c[1]) == (unsigned char)(0u - total));
		APP_CHECK(atomic_load(&packed.h) == (unsigned short)(3u * total));
		APP_CHECK(atomic_load(&xor_byte) == (unsigned char)x);
		APP_CHECK(under_flag == nt * ((ITERS + 15) / 16));
		APP_CHECK(atomic_load(&token_takes) >= 1 && atomic_load(&token_takes) <= nt * ((ITERS + 15) / 16));
		app_printf("PASS atomics: %u threads, 32/16/8-bit RMW exact, flag lock exact, bool CAS %u takes\n",
			   nt, atomic_load(&token_takes));
	}
}
