/* What the resident kernel's parts share (kernel.c: boot, threads,
 * scheduler, system calls, host mode and recording; replay.c: the replay
 * engine). Not an interface for anything outside firmware/kernel/. */
#ifndef RRU_KERNEL_H
#define RRU_KERNEL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel_asm.h"
#include "rru/memmap.h"
#include "rru/rru_regs.h"

#define CSR_READ(csr)                                                          \
	({                                                                     \
		uint32_t v_;                                                   \
		__asm__ volatile("csrr %0, " #csr : "=r"(v_));                 \
		v_;                                                            \
	})
#define CSR_WRITE(csr, v) __asm__ volatile("csrw " #csr ", %0" ::"r"((uint32_t)(v)))

#define REG_PC 0 /* slot 0 of the register file holds the pc */
#define REG_SP 2
#define REG_A0 10
#define REG_A1 11
#define REG_A7 17

#define LINE_MAX 120 /* one tagged output line; longer lines are split */

enum thread_state { T_FREE = 0, T_READY, T_RUNNING, T_DONE };
#define NO_HART 0xFFFFFFFFu

struct rru_thread {
	uint32_t regs[32]; /* offset 0: must stay first (start.S) */
	uint32_t resv;     /* reservation CSR at its last trap (for the recording kernel) */
	uint32_t digest;   /* its RRU access digest while it is off the hart */
	uint32_t in_pos;   /* replay: next input-log record to look at */
	uint32_t state;
	uint32_t tid;
	uint32_t hart; /* the hart it last ran on, or NO_HART */
	uint32_t line_len;
	char line[LINE_MAX + 1]; /* + the newline, in host mode */
} __attribute__((aligned(32))); /* harts never share a (16-byte) line through it */

struct rru_hart {
	struct rru_thread *cur; /* HART_CUR */
	uint32_t scratch;       /* HART_SCRATCH */
	uint32_t ksp;           /* HART_KSP */
	uint32_t id;
	uint32_t switches; /* threads this hart switched to */
} __attribute__((aligned(64)));

_Static_assert(__builtin_offsetof(struct rru_hart, cur) == HART_CUR, "start.S layout");
_Static_assert(__builtin_offsetof(struct rru_hart, scratch) == HART_SCRATCH, "start.S layout");
_Static_assert(__builtin_offsetof(struct rru_hart, ksp) == HART_KSP, "start.S layout");
_Static_assert(__builtin_offsetof(struct rru_thread, regs) == 0, "start.S layout");

typedef volatile uint32_t klock_t;

static inline uint32_t mmio_read(uint32_t addr) { return *(volatile uint32_t *)addr; }
static inline void mmio_write(uint32_t addr, uint32_t v) { *(volatile uint32_t *)addr = v; }
static inline uint32_t rru_rd(uint32_t hart, uint32_t reg) { return mmio_read(RRU_BASE(hart) + reg); }
static inline void rru_wr(uint32_t hart, uint32_t reg, uint32_t v) { mmio_write(RRU_BASE(hart) + reg, v); }

/* --- kernel.c: state and services the replay engine uses --- */
extern struct rru_hart harts[RRU_MAX_HARTS];
extern struct rru_thread threads[RRU_MAX_THREADS];
extern uint32_t nthreads, nharts, ram_end, have_rru, run_flags, replaying;
extern volatile uint32_t ending;
extern uint32_t in_count[RRU_MAX_THREADS]; /* inputs given per thread this run */

void kprintf(const char *fmt, ...);
uint32_t ksnprintf(char *buf, uint32_t cap, const char *fmt, ...);
uint32_t kvsnprintf(char *buf, uint32_t cap, const char *fmt, va_list ap);
void finish(uint32_t code) __attribute__((noreturn));
void park(struct rru_hart *h) __attribute__((noreturn));
void run(struct rru_hart *h) __attribute__((noreturn));
void host_service(void);
void host_end_run(void) __attribute__((noreturn));
void status(uint8_t cmd, uint8_t code, uint32_t value, const char *text);
/* Resets the run's state and makes its threads; 0, or -1 (STATUS sent). */
int begin_run(uint8_t cmd, uint32_t nt, uint32_t want_threads);
uint64_t mtime(void);
void set_timer(uint32_t hart, uint64_t when);
void idle_wait(void);
void clear_reservation(void);
const char *cause_name(uint32_t cause);
struct rru_thread *syscall(struct rru_hart *h, struct rru_thread *t);
int emulate_counter(struct rru_hart *h, struct rru_thread *t);

/* --- replay.c: the replay engine (docs/design.md §7.4) --- */
/* The thread to run next on hart h (its countdown armed); never returns
 * when the replay ends. */
struct rru_thread *replay_next(struct rru_hart *h);
/* A trap from U-mode while replaying: the thread to resume. */
struct rru_thread *replay_trap(struct rru_hart *h, struct rru_thread *t, uint32_t cause,
			       uint32_t tval);
/* Thread t's next recorded input, which must be of source src. */
uint32_t replay_input(struct rru_thread *t, uint32_t src);
void replay_reset(void);
uint32_t replay_nodes_done(void);
uint32_t replay_hart_nodes(uint32_t hart);
uint64_t replay_hart_busy(uint32_t hart); /* mtime ticks it ran nodes */
void replay_upload(const uint8_t *p, size_t n);               /* UPLOAD */
void replay_start(const uint8_t *p, size_t n, uint32_t want_threads); /* REPLAY_START */

#endif
