/* Tiny runtime for the bare-metal cluster tests (tests/sim/): UART output
 * with a print lock, exit through the finisher, a barrier, spinlocks, and
 * AMO / LR/SC helpers. Runs on rru-sim --bare only (it reads the simulation
 * control register for the hart count). */
#ifndef SIM_H
#define SIM_H
#include <stdint.h>
#include <stddef.h>

#define LINE __attribute__((aligned(16)))

void sim_printf(const char *fmt, ...);
void sim_exit(int code) __attribute__((noreturn));
void sim_barrier(unsigned n);
int sim_fail(const char *what, unsigned a, unsigned b);

typedef struct { volatile uint32_t v; } LINE sim_lock_t;
static inline void sim_lock(sim_lock_t *l)
{
	while (__atomic_exchange_n(&l->v, 1, __ATOMIC_ACQUIRE))
		while (l->v) ;
}
static inline void sim_unlock(sim_lock_t *l) { __atomic_store_n(&l->v, 0, __ATOMIC_RELEASE); }

static inline uint32_t lr_w(volatile uint32_t *p)
{
	uint32_t v;
	__asm__ volatile("lr.w %0, (%1)" : "=r"(v) : "r"(p) : "memory");
	return v;
}
/* 0 on success */
static inline uint32_t sc_w(volatile uint32_t *p, uint32_t v)
{
	uint32_t r;
	__asm__ volatile("sc.w %0, %2, (%1)" : "=&r"(r) : "r"(p), "r"(v) : "memory");
	return r;
}
#define AMO(op) \
	static inline uint32_t amo##op##_w(volatile uint32_t *p, uint32_t v) \
	{ \
		uint32_t r; \
		__asm__ volatile("amo" #op ".w %0, %2, (%1)" : "=r"(r) : "r"(p), "r"(v) : "memory"); \
		return r; \
	}
AMO(add) AMO(swap) AMO(and) AMO(or) AMO(xor) AMO(min) AMO(max) AMO(minu) AMO(maxu)
#undef AMO

unsigned main_hart(unsigned hart, unsigned n);
#endif
