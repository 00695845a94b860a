/* 8- and 16-bit read-modify-write atomics, which GCC 12 for RISC-V calls out
 * of line (libatomic's names) because the A extension has only 32- and
 * 64-bit AMOs: each one is a compare-and-swap loop (LR/SC) on the aligned
 * word that holds the object. Sequentially consistent whatever order is asked.
 * 64-bit atomics are not provided (docs: firmware/README.md). */
#include <stdbool.h>
#include <stdint.h>

static inline volatile uint32_t *word_of(volatile void *p) { return (volatile uint32_t *)((uintptr_t)p & ~(uintptr_t)3); }
static inline unsigned shift_of(volatile void *p) { return ((unsigned)(uintptr_t)p & 3u) * 8u; }

/* Replaces the bytes of size n at p with f(old) atomically; returns old. */
#define RMW_LOOP(n, p, NEWEXPR)                                                          \
	volatile uint32_t *w = word_of(p);                                               \
	unsigned sh = shift_of(p);                                                       \
	uint32_t mask = (uint32_t)((1ull << (8 * (n))) - 1) << sh;                      \
	uint32_t oldw = __atomic_load_n(w, __ATOMIC_RELAXED), neww;                      \
	uint32_t old, new_;                                                              \
	do {                                                                             \
		old = (oldw & mask) >> sh;                                               \
		new_ = (uint32_t)(NEWEXPR);                                              \
		neww = (oldw & ~mask) | ((new_ << sh) & mask);                           \
	} while (!__atomic_compare_exchange_n(w, &oldw, neww, true, __ATOMIC_SEQ_CST,   \
					       __ATOMIC_RELAXED))

#define DEF_OP(n, T, name, EXPR)                                                         \
	T __atomic_fetch_##name##_##n(volatile void *p, T v, int mo);                    \
	T __atomic_fetch_##name##_##n(volatile void *p, T v, int mo)                     \
	{                                                                                \
		(void)mo;                                                                \
		RMW_LOOP(n, p, EXPR);                                                    \
		return (T)old;                                                           \
	}                                                                                \
	T __atomic_##name##_fetch_##n(volatile void *p, T v, int mo);                    \
	T __atomic_##name##_fetch_##n(volatile void *p, T v, int mo)                     \
	{                                                                                \
		(void)mo;                                                                \
		RMW_LOOP(n, p, EXPR);                                                    \
		return (T)new_;                                                          \
	}

#define DEF_SIZE(n, T)                                                                   \
	DEF_OP(n, T, add, old + v)                                                       \
	DEF_OP(n, T, sub, old - v)                                                       \
	DEF_OP(n, T, and, old & v)                                                       \
	DEF_OP(n, T, or, old | v)                                                        \
	DEF_OP(n, T, xor, old ^ v)                                                       \
	DEF_OP(n, T, nand, ~(old & v))                                                   \
	T __atomic_exchange_##n(volatile void *p, T v, int mo);                          \
	T __atomic_exchange_##n(volatile void *p, T v, int mo)                           \
	{                                                                                \
		(void)mo;                                                                \
		RMW_LOOP(n, p, v);                                                       \
		return (T)old;                                                           \
	}                                                                                \
	bool __atomic_compare_exchange_##n(volatile void *p, void *expected, T desired,  \
					   bool weak, int smo, int fmo);                  \
	bool __atomic_compare_exchange_##n(volatile void *p, void *expected, T desired,  \
					   bool weak, int smo, int fmo)                   \
	{                                                                                \
		(void)weak;                                                              \
		(void)smo;                                                               \
		(void)fmo;                                                               \
		T want = *(T *)expected;                                                 \
		T v = desired;                                                           \
		RMW_LOOP(n, p, old == (T)want ? v : old);                                \
		if ((T)old == want)                                                      \
			return true;                                                     \
		*(T *)expected = (T)old;                                                 \
		return false;                                                            \
	}

DEF_SIZE(1, uint8_t)
DEF_SIZE(2, uint16_t)
