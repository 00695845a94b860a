/* Resident M-mode kernel: boot, threads, scheduler, system calls, faults.
 * docs/design.md §6 describes the ABI; include/rru/memmap.h defines it. */
#include <stdarg.h>
#include <stdint.h>

#include "../common/fmt.h"
#include "../link/link_dev.h"
#include "dag_cursor.h"
#include "kernel_asm.h"
#include "rru/link.h"
#include "rru/memmap.h"
#include "rru/rru_regs.h"
#include "rru/run.h"

#include "kernel.h"


/* In .data, not .bss: secondary harts read it before hart 0 zeroes .bss. */
volatile uint32_t rru_boot_stage __attribute__((section(".data"))) = 0;

/* Kernel stacks of harts 1..7: hart h's ends at rru_kstacks + h * KSTACK_SIZE. */
uint8_t rru_kstacks[(RRU_MAX_HARTS - 1) * KSTACK_SIZE] __attribute__((aligned(16)));
/* Hart 0's own, deeper stack: in host mode it runs the link engine inside
 * traps. */
uint8_t rru_kstack0[KSTACK0_SIZE] __attribute__((aligned(16)));

struct rru_hart harts[RRU_MAX_HARTS];
struct rru_thread threads[RRU_MAX_THREADS];
uint32_t nthreads, nharts, ram_end;
static uint32_t app_end, quantum, boot_flags;
/* The end of the running app's memory: its image, .bss and thread stacks
 * (start_app). U-mode may touch nothing above it (PMP), so a run zeroes
 * and digests only [APP_BASE, app_top), not the whole app region. */
static uint32_t app_top;
/* Optional platform features, probed once at boot. */
uint32_t have_rru;
/* The hardware log streamer (docs/design.md §5.6), and whether this run's
 * RRU log goes through it (then the kernel never reads a log word). */
static uint32_t have_stream, stream_on;
static uint32_t have_resv_csr, have_counters_h, have_wfi, rru_cfg;
volatile uint32_t ending;
/* The run's length: from the threads' start (begin_run) to its end. */
static uint64_t run_t0, run_ticks;
static volatile uint32_t harts_arrived, threads_live;
static uint32_t nswitches, nmigrations; /* statistics (verbose summary) */
static uint32_t resv_dummy;

/* Host mode (docs/design.md §7): hart 0 speaks the link on the UART. */
static uint32_t host_mode;
static void console_put(uint32_t tid, const char *p, uint32_t n);
static void inlog_put(struct rru_hart *h, struct rru_thread *t, uint32_t src, uint32_t value);
static uint32_t ending_code;
/* Recording with the RRUs and replay (docs/design.md §1.8, §1.9, §7). */
static uint32_t rec_on;
uint32_t replaying;
static uint32_t rru_started[RRU_MAX_HARTS]; /* the hart's RRU got `start` this run */
static void rru_command(uint32_t hart, uint32_t reg, uint32_t data);
static void log_pump(void);
static void stream_relay(void);

/* Ready queue: FIFO of thread indexes, under sched_lock. */
static klock_t sched_lock, uart_lock;
static uint32_t rq[RRU_MAX_THREADS], rq_head, rq_count;

void rru_resume(struct rru_thread *t, struct rru_hart *h) __attribute__((noreturn));
uint32_t rru_probe_load(uint32_t addr);
int rru_probe_resv_csr(void);
int rru_probe_counters_h(void);
int rru_probe_wfi(void);
void rru_kernel_boot(void) __attribute__((noreturn));
void rru_kernel_secondary(uint32_t hartid) __attribute__((noreturn));
struct rru_thread *rru_kernel_trap(struct rru_hart *h);
void rru_kernel_mtrap(void) __attribute__((noreturn));

/* --- low level --------------------------------------------------------------- */


static void lock(klock_t *l)
{
	for (;;) {
		uint32_t old;
		__asm__ volatile("amoswap.w.aq %0, %2, (%1)" : "=r"(old) : "r"(l), "r"(1u) : "memory");
		if (!old)
			return;
		while (*l)
			;
	}
}

static void unlock(klock_t *l) { __asm__ volatile("amoswap.w.rl zero, zero, (%0)" ::"r"(l) : "memory"); }

static int try_lock(klock_t *l)
{
	uint32_t old;
	__asm__ volatile("amoswap.w.aq %0, %2, (%1)" : "=r"(old) : "r"(l), "r"(1u) : "memory");
	return !old;
}

uint64_t mtime(void)
{
	uint32_t hi, lo;
	do {
		hi = mmio_read(RRU_CLINT_MTIME + 4);
		lo = mmio_read(RRU_CLINT_MTIME);
	} while (hi != mmio_read(RRU_CLINT_MTIME + 4));
	return ((uint64_t)hi << 32) | lo;
}

void set_timer(uint32_t hart, uint64_t when)
{
	/* High word to all ones first so no spurious interrupt fires between. */
	mmio_write(RRU_CLINT_MTIMECMP(hart) + 4, 0xFFFFFFFFu);
	mmio_write(RRU_CLINT_MTIMECMP(hart), (uint32_t)when);
	mmio_write(RRU_CLINT_MTIMECMP(hart) + 4, (uint32_t)(when >> 32));
}

/* Waits for an interrupt to become pending (wfi wakes on a pending, enabled
 * interrupt even with mstatus.MIE = 0); a plain return where wfi is absent. */
void idle_wait(void)
{
	if (have_wfi)
		__asm__ volatile("wfi");
}

/* --- console ------------------------------------------------------------------- */

static void uart_putc(char c)
{
	while (!(*(volatile uint8_t *)(RRU_UART_BASE + RRU_UART_LSR) & RRU_UART_LSR_THRE))
		;
	*(volatile uint8_t *)(RRU_UART_BASE + RRU_UART_THR) = (uint8_t)c;
}

static void fmt_put_uart(void *ctx, char c)
{
	(void)ctx;
	uart_putc(c);
}

struct kbuf {
	char *p;
	uint32_t n, cap;
};

static void fmt_put_buf(void *ctx, char c)
{
	struct kbuf *b = ctx;
	if (b->n + 1 < b->cap)
		b->p[b->n++] = c;
}

/* Formats into buf (always NUL-terminated, truncated to fit). */
uint32_t kvsnprintf(char *buf, uint32_t cap, const char *fmt, va_list ap)
{
	struct kbuf b = {buf, 0, cap};
	rru_fmt_v(fmt_put_buf, &b, fmt, ap);
	buf[b.n] = 0;
	return b.n;
}

uint32_t ksnprintf(char *buf, uint32_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	uint32_t n = kvsnprintf(buf, cap, fmt, ap);
	va_end(ap);
	return n;
}

/* Prints one kernel message, whole (under the UART lock); in host mode it
 * goes to the host as console output of RRU_CONSOLE_KERNEL. */
void kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (host_mode) {
		char buf[200];
		struct kbuf b = {buf, 0, sizeof buf};
		rru_fmt_v(fmt_put_buf, &b, fmt, ap);
		console_put(RRU_CONSOLE_KERNEL, buf, b.n);
	} else {
		lock(&uart_lock);
		rru_fmt_v(fmt_put_uart, 0, fmt, ap);
		unlock(&uart_lock);
	}
	va_end(ap);
}

/* Ends the program: the finisher stops qemu / rru-sim. */
void finish(uint32_t code)
{
	if (host_mode) { /* the first end wins; hart 0 reports it to the host */
		uint32_t was = __atomic_exchange_n(&ending, 1u, __ATOMIC_ACQ_REL);
		if (!was) {
			ending_code = code;
			run_ticks = mtime() - run_t0;
		}
		uint32_t id = CSR_READ(mhartid);
		if (id == 0)
			host_end_run();
		mmio_write(RRU_CLINT_MSIP(0), 1); /* wake hart 0 */
		park(&harts[id]);
	}
	ending = 1;
	if (boot_flags & RRU_BOOT_FLAG_VERBOSE)
		kprintf("[kernel] exit %u: %u thread switches, %u migrations\n", code, nswitches,
			nmigrations);
	if (boot_flags & RRU_BOOT_FLAG_VERBOSE)
		for (uint32_t i = 0; i < nharts; i++)
			kprintf("[kernel] hart %u: %u switches\n", i, harts[i].switches);
	lock(&uart_lock); /* no other message may start after this */
	__asm__ volatile("fence iorw, iorw" ::: "memory");
	mmio_write(RRU_FINISHER_BASE, code ? RRU_FINISHER_FAIL | (code << 16) : RRU_FINISHER_PASS);
	for (;;)
		idle_wait();
}

/* --- per-thread output ----------------------------------------------------------- */

static void emit_line(struct rru_thread *t)
{
	if (host_mode) {
		t->line[t->line_len] = '\n'; /* line[] has room: see LINE_MAX + 1 */
		console_put(t->tid, t->line, t->line_len + 1);
		t->line_len = 0;
		return;
	}
	lock(&uart_lock);
	uart_putc('[');
	uart_putc('t');
	if (t->tid >= 10)
		uart_putc((char)('0' + t->tid / 10));
	uart_putc((char)('0' + t->tid % 10));
	uart_putc(']');
	uart_putc(' ');
	for (uint32_t i = 0; i < t->line_len; i++)
		uart_putc(t->line[i]);
	uart_putc('\n');
	unlock(&uart_lock);
	t->line_len = 0;
}

static void thread_putc(struct rru_thread *t, char c)
{
	if (c == '\n') {
		emit_line(t);
		return;
	}
	if (t->line_len == LINE_MAX)
		emit_line(t);
	t->line[t->line_len++] = c;
}

static void flush_line(struct rru_thread *t)
{
	if (t->line_len)
		emit_line(t);
}

/* --- faults ------------------------------------------------------------------------- */

const char *cause_name(uint32_t cause)
{
	switch (cause) {
	case 0: return "misaligned instruction fetch";
	case 1: return "instruction access fault";
	case 2: return "illegal instruction";
	case 3: return "breakpoint";
	case 4: return "misaligned load";
	case 5: return "load access fault";
	case 6: return "misaligned store/AMO";
	case 7: return "store/AMO access fault";
	default: return "unexpected exception";
	}
}

static int in_app(uint32_t addr, uint32_t len)
{
	return addr >= RRU_APP_BASE && addr < app_top && app_top - addr >= len;
}

static void __attribute__((noreturn)) app_fault(struct rru_thread *t, uint32_t cause, uint32_t tval,
						 const char *what)
{
	uint32_t pc = t->regs[REG_PC];
	flush_line(t);
	if (what)
		kprintf("[kernel] app fault: thread %u: %s at pc 0x%08x (a0 0x%08x)\n", t->tid, what, pc,
			t->regs[REG_A0]);
	else if (cause == 2)
		kprintf("[kernel] app fault: thread %u: illegal instruction 0x%08x at pc 0x%08x\n", t->tid,
			in_app(pc, 4) && !(pc & 3) ? *(volatile uint32_t *)pc : tval, pc);
	else
		kprintf("[kernel] app fault: thread %u: %s at pc 0x%08x, address 0x%08x\n", t->tid,
			cause_name(cause), pc, tval);
	finish(RRU_EXIT_APP_FAULT);
}

void rru_kernel_mtrap(void)
{
	kprintf("[kernel] panic: trap in M-mode: mcause 0x%08x mepc 0x%08x mtval 0x%08x\n",
		CSR_READ(mcause), CSR_READ(mepc), CSR_READ(mtval));
	finish(RRU_EXIT_KERNEL_PANIC);
}

/* --- scheduler ---------------------------------------------------------------------- */

static void rq_push(struct rru_thread *t)
{
	t->state = T_READY;
	rq[(rq_head + rq_count) % RRU_MAX_THREADS] = t->tid;
	rq_count++;
}

static struct rru_thread *rq_pop(void)
{
	if (!rq_count)
		return 0;
	struct rru_thread *t = &threads[rq[rq_head]];
	rq_head = (rq_head + 1) % RRU_MAX_THREADS;
	rq_count--;
	t->state = T_RUNNING;
	return t;
}

/* Drops this hart's LR/SC reservation: the next SC fails (always allowed). */
void clear_reservation(void)
{
	if (have_resv_csr)
		__asm__ volatile("csrw 0x7C0, zero" ::: "memory");
	else /* no CSR (qemu): an SC to a kernel word clears it */
		__asm__ volatile("sc.w zero, zero, (%0)" ::"r"(&resv_dummy) : "memory");
}

/* The hart leaves thread `from` (0: none) for `to`: saves from's access
 * digest and loads to's, tells the RRU (`start`, or `switch`: ends and
 * serializes the current chunk, docs/design.md §1.8) and drops the
 * reservation. Called before `from` becomes visible to other harts (its
 * run-queue entry), so its next chunk elsewhere is ordered after its last
 * one here (§1.9). */
static void thread_switch(struct rru_hart *h, struct rru_thread *from, struct rru_thread *to)
{
	h->switches++;
	__atomic_fetch_add(&nswitches, 1u, __ATOMIC_RELAXED);
	if (to->hart != h->id && to->hart != NO_HART)
		__atomic_fetch_add(&nmigrations, 1u, __ATOMIC_RELAXED);
	to->hart = h->id;
	if (have_rru) {
		if (from)
			from->digest = rru_rd(h->id, RRU_REG_DIGEST);
		rru_wr(h->id, RRU_REG_DIGEST, to->digest);
	}
	if (rec_on) {
		rru_command(h->id, rru_started[h->id] ? RRU_REG_SWITCH : RRU_REG_START, to->tid);
		rru_started[h->id] = 1;
	}
	clear_reservation();
	h->cur = to;
}

/* Makes t (may be 0: pick one) the hart's running thread and arms its time
 * slice. Idles until a thread is ready.
 *
 * The reservation: resuming the thread that trapped on this same hart leaves
 * the hardware reservation alone (it is current: the cache kept snooping while
 * the kernel ran). Switching threads clears it, and a saved value is never
 * written back: while a thread was off the core, a store by another hart to
 * its reserved line would not be seen by the saved copy, so restoring it
 * could let a stale SC succeed. (The replay kernel restores a reservation
 * through the CSR only where the recording proves it was still held.) */
static struct rru_thread *dispatch(struct rru_hart *h, struct rru_thread *t)
{
	while (!t) {
		/* Peek without the lock first: idle harts do not hammer it. */
		if (__atomic_load_n(&rq_count, __ATOMIC_RELAXED)) {
			lock(&sched_lock);
			t = rq_pop();
			unlock(&sched_lock);
			if (t)
				break;
		}
		if (host_mode) {
			if (h->id == 0)
				host_service();
			else
				log_pump(); /* a hart stalled on a full log buffer needs a drainer */
			if (ending) {
				if (h->id == 0)
					host_end_run();
				park(h);
			}
		}
		/* Nothing to run: sleep until the next poll (wfi wakes on a
		 * pending interrupt even with mstatus.MIE = 0). */
		set_timer(h->id, mtime() + quantum / 4 + 1);
		idle_wait();
	}
	if (t != h->cur)
		thread_switch(h, h->cur, t);
	set_timer(h->id, mtime() + quantum);
	return t;
}

/* Puts t back on the ready queue if another thread is waiting; returns the
 * thread to run next (already switched to). */
static struct rru_thread *switch_if_waiting(struct rru_hart *h, struct rru_thread *t)
{
	lock(&sched_lock);
	if (rq_count) {
		struct rru_thread *next = rq_pop();
		thread_switch(h, t, next); /* before t is on the queue: §1.9 */
		rq_push(t);
		t = next;
	}
	unlock(&sched_lock);
	return t;
}

/* --- counters: non-deterministic inputs -------------------------------------- */

static uint32_t input_draw(struct rru_hart *h);

static uint32_t input_value(struct rru_hart *h, struct rru_thread *t)
{
	if (replaying)
		return replay_input(t, RRU_INLOG_SRC_INPUT);
	uint32_t v = input_draw(h);
	if (host_mode)
		inlog_put(h, t, RRU_INLOG_SRC_INPUT, v);
	return v;
}

static uint32_t input_draw(struct rru_hart *h)
{
	/* Different on every call and every run: time, cycles and the hart. */
	uint32_t x = (uint32_t)mtime() ^ (CSR_READ(mcycle) << 7) ^ (h->id * 0x9E3779B9u);
	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	return x;
}

/* Emulates a U-mode read of cycle/time/instret (mcounteren = 0). Returns 0 if
 * the instruction is not such a read. */
int emulate_counter(struct rru_hart *h, struct rru_thread *t)
{
	uint32_t pc = t->regs[REG_PC];
	if (!in_app(pc, 4) || (pc & 3))
		return 0;
	uint32_t insn = *(volatile uint32_t *)pc;
	uint32_t funct3 = (insn >> 12) & 7, rs1 = (insn >> 15) & 31, rd = (insn >> 7) & 31;
	uint32_t csr = insn >> 20;
	if ((insn & 0x7f) != 0x73)
		return 0;
	/* Only reads: csrrs/csrrc with x0, or csrrsi/csrrci with 0. */
	if (!(funct3 == 2 || funct3 == 3 || funct3 == 6 || funct3 == 7) || rs1 != 0)
		return 0;
	uint64_t v;
	switch (csr & 0x7f) {
	case 0x00: v = ((uint64_t)(have_counters_h ? CSR_READ(mcycleh) : 0) << 32) | CSR_READ(mcycle); break;
	case 0x01: v = mtime(); break;
	case 0x02: v = ((uint64_t)(have_counters_h ? CSR_READ(minstreth) : 0) << 32) | CSR_READ(minstret); break;
	default: return 0;
	}
	if ((csr & ~0x7fu) == 0xC80)
		v >>= 32;
	else if ((csr & ~0x7fu) != 0xC00)
		return 0;
	uint32_t src = ((csr & 0x7f) + 2u) | ((csr & ~0x7fu) == 0xC80 ? RRU_INLOG_SRC_HIGH : 0);
	if (replaying)
		v = replay_input(t, src);
	else if (host_mode)
		inlog_put(h, t, src, (uint32_t)v);
	if (rd)
		t->regs[rd] = (uint32_t)v;
	t->regs[REG_PC] = pc + 4;
	return 1;
}

/* --- system calls --------------------------------------------------------------- */

static struct rru_thread *thread_exit(struct rru_hart *h, struct rru_thread *t)
{
	flush_line(t);
	if (have_rru)
		t->digest = rru_rd(h->id, RRU_REG_DIGEST);
	t->state = T_DONE;
	uint32_t left = __atomic_sub_fetch(&threads_live, 1, __ATOMIC_ACQ_REL);
	if (left == 0)
		finish(0);
	h->cur = 0;
	return dispatch(h, 0);
}

struct rru_thread *syscall(struct rru_hart *h, struct rru_thread *t)
{
	uint32_t *r = t->regs;
	r[REG_PC] += 4;
	switch (r[REG_A7]) {
	case RRU_SYS_THREAD_EXIT:
		return thread_exit(h, t);
	case RRU_SYS_WRITE: {
		uint32_t n = r[REG_A0];
		if (n == 0 || n > RRU_SYS_WRITE_MAX) {
			r[REG_PC] -= 4;
			app_fault(t, 0, 0, "write system call with a bad length (a0)");
		}
		for (uint32_t i = 0; i < n; i++)
			thread_putc(t, (char)(r[REG_A1 + i / 4] >> (8 * (i % 4))));
		r[REG_A0] = n;
		return t;
	}
	case RRU_SYS_INPUT:
		r[REG_A0] = input_value(h, t);
		return t;
	case RRU_SYS_YIELD:
		return dispatch(h, switch_if_waiting(h, t));
	case RRU_SYS_EXIT:
		flush_line(t);
		if (boot_flags & RRU_BOOT_FLAG_VERBOSE)
			kprintf("[kernel] thread %u called app_exit(%u)\n", t->tid, r[REG_A0]);
		finish(r[REG_A0] & 0xFFFF);
	default:
		r[REG_PC] -= 4;
		app_fault(t, 0, 0, "unknown system call number (a7)");
	}
}

/* Called by trap_entry for every trap from U-mode, with the thread's registers
 * saved; returns the thread to resume on this hart. */
struct rru_thread *rru_kernel_trap(struct rru_hart *h)
{
	struct rru_thread *t = h->cur;
	uint32_t cause = CSR_READ(mcause), tval = CSR_READ(mtval);
	if (have_resv_csr)
		__asm__ volatile("csrr %0, 0x7C0" : "=r"(t->resv));
	if (host_mode) {
		if (h->id == 0) {
			if (cause == 0x80000003u) /* software interrupt: a ring filled */
				mmio_write(RRU_CLINT_MSIP(0), 0);
			host_service();
			if (ending)
				host_end_run();
			if (cause == 0x80000003u)
				return t;
		} else if (ending) {
			park(h);
		} else {
			log_pump();
		}
	}
	if (ending) /* another thread ended the program: stop here */
		for (;;)
			idle_wait();
	if (replaying)
		return replay_trap(h, t, cause, tval);
	if (cause & 0x80000000u) {
		if ((cause & 0xff) == 7) /* machine timer: end of the time slice */
			return dispatch(h, switch_if_waiting(h, t));
		kprintf("[kernel] panic: unexpected interrupt, mcause 0x%08x\n", cause);
		finish(RRU_EXIT_KERNEL_PANIC);
	}
	if (cause == 8)
		return syscall(h, t);
	if (cause == 2 && emulate_counter(h, t))
		return t;
	app_fault(t, cause, tval, 0);
}

/* --- boot --------------------------------------------------------------------------- */

static void setup_hart(struct rru_hart *h, uint32_t id)
{
	h->id = id;
	h->ksp = id ? (uint32_t)(uintptr_t)&rru_kstacks[id * KSTACK_SIZE]
		    : (uint32_t)(uintptr_t)&rru_kstack0[KSTACK0_SIZE];
	/* U-mode may use the app only: entry 0 (OFF) gives the TOR base, entry
	 * 1 allows [APP_BASE, app region end), narrowed to [APP_BASE, app_top)
	 * when a run starts (run()); nothing else matches, so the kernel
	 * region, the rest of RAM and every device are out of reach. */
	CSR_WRITE(pmpaddr0, RRU_APP_BASE >> 2);
	CSR_WRITE(pmpaddr1, app_end >> 2);
	CSR_WRITE(pmpcfg0, (0x08u | 0x07u) << 8); /* entry 1: TOR, RWX */
	CSR_WRITE(mcounteren, 0);                  /* counter reads trap */
	CSR_WRITE(mie, 1u << 7);                   /* machine timer */
	set_timer(id, ~0ull);
}

void run(struct rru_hart *h)
{
	struct rru_thread *t = replaying ? replay_next(h) : dispatch(h, 0);
	/* The app's threads exist, so app_top is this run's (start_app). */
	CSR_WRITE(pmpaddr1, app_top >> 2);
	rru_resume(t, h);
}

static uint32_t boot_param(uint32_t off)
{
	return mmio_read(RRU_BOOT_PARAMS_ADDR + off);
}

/* Checks the app header and makes the threads; 0, or -1 with the reason in
 * err (a sentence without the "[kernel]" prefix). */
static int start_app(char *err, uint32_t errcap)
{
	uint32_t hdr = RRU_APP_BASE;
	app_top = app_end; /* until the app's own extent is known */
	uint32_t magic = mmio_read(hdr + RRU_APPHDR_OFF_MAGIC);
#define bad_app(...) return (void)ksnprintf(err, errcap, __VA_ARGS__), -1
	if (magic != RRU_APP_MAGIC)
		bad_app("no app image at 0x%08x (word 0x%08x where the magic 'RRUA' belongs); "
			"load one built by `rru cc`", hdr, magic);
	uint32_t version = mmio_read(hdr + RRU_APPHDR_OFF_VERSION);
	if (version != RRU_APP_VERSION)
		bad_app("app header version %u, this kernel knows version %u", version, RRU_APP_VERSION);
	uint32_t entry = mmio_read(hdr + RRU_APPHDR_OFF_ENTRY);
	uint32_t bss = mmio_read(hdr + RRU_APPHDR_OFF_BSS_START);
	uint32_t bss_end = mmio_read(hdr + RRU_APPHDR_OFF_BSS_END);
	uint32_t stack_base = mmio_read(hdr + RRU_APPHDR_OFF_STACK_BASE);
	uint32_t stack_size = mmio_read(hdr + RRU_APPHDR_OFF_STACK_SIZE);
	if (!in_app(entry, 4))
		bad_app("entry 0x%08x is outside the app region (RAM ends at 0x%08x)", entry, ram_end);
	if (bss > bss_end || (bss & 3) || (bss_end & 3) || !in_app(bss, bss_end - bss))
		bad_app(".bss [0x%08x, 0x%08x) is not inside the app region", bss, bss_end);
	if ((stack_size & 15) || stack_size < 256 || (stack_base & 15) || !in_app(stack_base, 0))
		bad_app("bad stack layout (base 0x%08x, size 0x%x)", stack_base, stack_size);
	uint64_t stacks_end = (uint64_t)stack_base + (uint64_t)stack_size * nthreads;
	if (stacks_end > app_end)
		bad_app("%u threads need stacks up to 0x%08x%08x but the app region ends at 0x%08x",
			nthreads, (uint32_t)(stacks_end >> 32), (uint32_t)stacks_end, app_end);
#undef bad_app
	/* Part of loading: the app does not run yet. In host mode everything
	 * above the image is zeroed too (stacks, free RAM), so the memory digest
	 * at the end covers the app's own doing only. */
	app_top = (uint32_t)stacks_end;
	uint32_t zero_end = host_mode ? app_top : bss_end;
	for (uint32_t a = bss; a < zero_end; a += 4)
		mmio_write(a, 0);
	__asm__ volatile("fence rw, rw\n\tfence.i" ::: "memory");
	for (uint32_t i = 0; i < nthreads; i++) {
		struct rru_thread *t = &threads[i];
		for (uint32_t r = 0; r < 32; r++) /* a later run in host mode starts clean */
			t->regs[r] = 0;
		t->line_len = 0;
		t->digest = 0; /* the RRU digest's initial value */
		t->in_pos = 0;
		t->tid = i;
		t->hart = NO_HART;
		t->regs[REG_PC] = entry;
		t->regs[REG_A0] = i;
		t->regs[REG_A1] = nthreads;
		t->regs[REG_SP] = stack_base + (i + 1) * stack_size;
		if (replaying) /* the DAG says who runs where */
			t->state = T_READY;
		else
			rq_push(t);
	}
	threads_live = nthreads;
	return 0;
}

static void host_main(uint32_t want_threads) __attribute__((noreturn));

void rru_kernel_boot(void)
{
	extern uint32_t __bss_start[], __bss_end[];
	for (uint32_t *p = __bss_start; p < __bss_end; p++)
		*p = 0;
	int params = boot_param(RRU_BOOT_OFF_MAGIC) == RRU_BOOT_MAGIC;
	uint32_t want_threads = params ? boot_param(RRU_BOOT_OFF_NTHREADS) : 0;
	uint32_t want_harts = params ? boot_param(RRU_BOOT_OFF_NHARTS) : 0;
	uint32_t ram_size = params ? boot_param(RRU_BOOT_OFF_RAM_SIZE) : 0;
	quantum = params ? boot_param(RRU_BOOT_OFF_QUANTUM) : 0;
	boot_flags = params ? boot_param(RRU_BOOT_OFF_FLAGS) : 0;
	if (!ram_size)
		ram_size = RRU_RAM_SIZE_DEFAULT;
	if (!quantum)
		quantum = RRU_QUANTUM_DEFAULT;
	ram_end = RRU_RAM_BASE + ram_size;
	app_end = RRU_APP_END(ram_size);
	if (ram_size <= RRU_APP_BASE - RRU_RAM_BASE || ram_size > 0x40000000u || (ram_size & 0xFFF) ||
	    want_threads > RRU_MAX_THREADS || want_harts > RRU_MAX_HARTS) {
		kprintf("[kernel] bad boot parameters: threads %u (max %u), harts %u (max %u), RAM 0x%x\n",
			want_threads, RRU_MAX_THREADS, want_harts, RRU_MAX_HARTS, ram_size);
		finish(RRU_EXIT_BAD_PARAMS);
	}
	have_resv_csr = (uint32_t)rru_probe_resv_csr();
	have_counters_h = (uint32_t)rru_probe_counters_h();
	have_rru = rru_probe_load(RRU_BASE(0) + RRU_REG_ID) == RRU_REG_ID_VALUE;
	rru_cfg = have_rru ? rru_rd(0, RRU_REG_CFG) : 0;
	have_stream = have_rru &&
		      rru_probe_load(RRU_STREAM_BASE + RRU_STREAM_ID) == RRU_STREAM_ID_MAGIC;
	setup_hart(&harts[0], 0);
	set_timer(0, mtime() + 1); /* so that a working wfi wakes up at once */
	have_wfi = (uint32_t)rru_probe_wfi();
	set_timer(0, ~0ull);
	harts_arrived = 1;
	__asm__ volatile("fence rw, rw" ::: "memory");
	rru_boot_stage = 1; /* secondaries may check in now */

	/* Count harts: exactly the number asked for, or those that arrive in time. */
	uint64_t t0 = mtime();
	while (want_harts ? harts_arrived < want_harts : mtime() - t0 < RRU_HART_DISCOVERY_TICKS) {
		if (want_harts && mtime() - t0 > 1000u * RRU_HART_DISCOVERY_TICKS) {
			kprintf("[kernel] only %u of the %u harts asked for started\n", harts_arrived, want_harts);
			finish(RRU_EXIT_BAD_PARAMS);
		}
	}
	nharts = harts_arrived;
	nthreads = want_threads ? want_threads : nharts;
	host_mode = !params || (boot_flags & RRU_BOOT_FLAG_HOST);
	if (host_mode) {
		__asm__ volatile("fence rw, rw" ::: "memory");
		rru_boot_stage = 2; /* the other harts idle until a run starts */
		host_main(want_threads);
	}
	char err[160];
	if (start_app(err, sizeof err)) {
		kprintf("[kernel] cannot start the app: %s\n", err);
		finish(RRU_EXIT_BAD_APP);
	}
	if (boot_flags & RRU_BOOT_FLAG_VERBOSE)
		kprintf("[kernel] %u harts, %u threads, quantum %u ticks, RAM end 0x%08x; reservation CSR %s, "
			"mcycleh %s, wfi %s\n", nharts, nthreads, quantum, ram_end, have_resv_csr ? "yes" : "no",
			have_counters_h ? "yes" : "no", have_wfi ? "yes" : "no");
	__asm__ volatile("fence rw, rw" ::: "memory");
	rru_boot_stage = 2; /* threads are ready: everyone schedules */
	run(&harts[0]);
}

void rru_kernel_secondary(uint32_t hartid)
{
	struct rru_hart *h = &harts[hartid];
	__atomic_fetch_add(&harts_arrived, 1, __ATOMIC_ACQ_REL);
	while (rru_boot_stage != 2)
		;
	__asm__ volatile("fence r, rw" ::: "memory");
	setup_hart(h, hartid);
	/* In host mode the first run, like every later one, starts from park():
	 * a hart idling in dispatch() would take a recording's threads but
	 * never join a replay. */
	if (host_mode)
		park(h);
	run(h);
}

/* --- host mode (docs/design.md §7) --------------------------------------------------
 * Hart 0 runs the link device engine (firmware/link/) over the UART and
 * waits for the host's commands: LOAD the app, RECORD_START (threads, flags),
 * and while the app runs it streams every thread's console output and the
 * input log, serviced at each of hart 0's traps (timer tick, system calls)
 * and in its idle loop. Other harts put output and inputs into two rings in
 * kernel memory and wake hart 0 (software interrupt) when a ring is full.
 * The kernel writes no app memory while the app runs. At the end (every
 * thread returned, app_exit, a fault, or the host's STOP) hart 0 waits for
 * the other harts to park, ends the streams, sends EXIT and answers
 * READ_RESULTS with the digests. */

#define KERNEL_VERSION "4"
#define CON_RING 1024u /* console bytes: entries [tid][len][len bytes] */
#define MTIME_PER_US 10u /* mtime rate: 10 MHz (qemu; rru-sim and the board match it) */

static struct rru_link_dev link;
static char fw_id[64];
/* Every use of the link while a run goes is under link_lock: sending
 * blocks while the host is slow. Hart r's RRU log stage and its counters are
 * under stage_lock[r], not link_lock: a hart must be able to drain its RRU
 * while another waits on the link, or it is held as long as the link is
 * busy. Order: a stage_lock or ring_lock, then link_lock (a full stage is
 * sent under both); never another lock while holding link_lock. */
static klock_t link_lock;
static klock_t stage_lock[RRU_MAX_HARTS];
static klock_t ring_lock;
static uint8_t con_ring[CON_RING];
static volatile uint32_t con_head, con_tail; /* free-running byte counts */
static volatile uint32_t run_gen, parked; /* parked: bit h = hart h waits for the next run */
uint32_t run_flags;
static uint32_t run_active;
/* The link session (HELLOs answered) that started the run: a new HELLO
 * means that host is gone; the run is then stopped and its streams dropped,
 * so the new host sees none of them. */
static uint32_t run_session;

static int orphaned(void)
{
	return link.sessions != run_session;
}
/* The RRU log of the run (under stage_lock[hart]): records and words staged per
 * hart, the words still due for the record being sent, the stream's totals. */
static uint32_t log_records[RRU_MAX_HARTS], log_rec_left[RRU_MAX_HARTS];
static uint32_t log_chunks0[RRU_MAX_HARTS]; /* RRU_REG_CHUNKS at the start */
static uint32_t stalls0[RRU_MAX_HARTS];     /* RRU_REG_STALLS at the start */
static uint32_t log_total, log_crc;

/* While recording, the RRUs' words wait in RAM, in the replay area's DAG
 * part (unused until a replay), one stage per hart, and go over the link as
 * LOG_DATA when a stage is full and at the end of the run. Draining an RRU
 * is then two register reads and a store per word; framing, CRC and the
 * UART cost the run nothing until the stage fills (docs/design.md §7.4). */
static uint32_t stage_len[RRU_MAX_HARTS];

static uint32_t stage_cap(void)
{
	return (RRU_REPLAY_DAG_BYTES(ram_end - RRU_RAM_BASE) / nharts) & ~7u;
}

static uint8_t *stage_of(uint32_t r)
{
	return (uint8_t *)(RRU_REPLAY_DAG_BASE(ram_end - RRU_RAM_BASE) + r * stage_cap());
}

/* While the kernel streams for long without serving commands (a stage
 * sent at the end of a run), the host's ECHO keep-alive must still be
 * answered: the mailbox holds one command, so an unanswered ECHO makes the
 * device refuse every later frame, and the host gives the link up as dead. */
static void answer_echo(void)
{
	uint8_t type;
	const uint8_t *p;
	size_t n;
	if (rru_link_dev_cmd(&link, &type, &p, &n) && type == RRU_LINK_T_ECHO) {
		rru_link_dev_send(&link, RRU_LINK_T_ECHO_REPLY, p, n);
		rru_link_dev_cmd_done(&link);
	}
}

/* Sends hart r's stage as LOG_DATA (caller holds stage_lock[r], not
 * link_lock): the hart's raw words as a byte stream (include/rru/link.h). */
static void log_flush_hart(uint32_t r)
{
	const uint8_t *p = stage_of(r);
	lock(&link_lock);
	for (uint32_t o = 0; o < stage_len[r];) {
		uint32_t k = stage_len[r] - o;
		if (k > RRU_LINK_MAX_PAYLOAD - RRU_LINK_LOG_HDR)
			k = (RRU_LINK_MAX_PAYLOAD - RRU_LINK_LOG_HDR) & ~7u;
		if (!orphaned()) { /* else the host that asked for this run is gone */
			log_total += k; /* the stream's bytes are the words (prefixes excluded) */
			log_crc = rru_link_crc32(log_crc, p + o, k);
			rru_link_dev_stream(&link, RRU_LINK_T_LOG_DATA, (int)r, p + o, k);
			answer_echo();
		}
		o += k;
	}
	unlock(&link_lock);
	stage_len[r] = 0;
}

/* Moves what hart r's RRU log buffer holds now into its stage (caller
 * holds stage_lock[r]), sending the stage first whenever it is full. Only what
 * is there at the call: a hart that records faster than this drains must
 * not keep the caller in here (it stalls on its full buffer instead, until
 * the next call). */
static void log_drain_hart(uint32_t r)
{
	/* Every cycle here is a cycle the recorded thread does not run: the
	 * loop keeps its state in registers and stores whole words (RV32 is
	 * little-endian: the words land in the stream's byte order). */
	const uint32_t base = RRU_BASE(r), cap = stage_cap();
	uint8_t *const stage = stage_of(r);
	uint32_t level = mmio_read(base + RRU_REG_STATUS) >> RRU_STATUS_LEVEL_SHIFT;
	uint32_t len = stage_len[r], left = log_rec_left[r], recs = log_records[r];
	for (; level; level--) {
		if (len + 8 > cap) {
			stage_len[r] = len;
			log_flush_hart(r);
			len = 0;
		}
		uint32_t lo = mmio_read(base + RRU_REG_LOG_LO), hi = mmio_read(base + RRU_REG_LOG_HI);
		if (!left) { /* a record's first word: ndeps in bits 53:50 */
			recs++;
			left = 2u + ((hi >> 18) & 15u);
		}
		left--;
		uint32_t *w = (uint32_t *)(stage + len);
		w[0] = lo;
		w[1] = hi;
		len += 8;
	}
	stage_len[r] = len;
	log_rec_left[r] = left;
	log_records[r] = recs;
}

/* Drains this hart's RRU. Each hart drains its own, under its own lock, so
 * harts drain in parallel: a hart held on its full log buffer still takes
 * its timer interrupt (docs/design.md §2.7) and is never left waiting on
 * another; at the end of a run hart 0 drains what the parked harts' RRUs
 * still hold. */
static void log_pump(void)
{
	uint32_t me = CSR_READ(mhartid);
	if (stream_on) {
		/* The streamer needs the host's acks in time: any hart that
		 * finds bytes waiting and the link free reads it (§5.6). Only
		 * then: this runs at every trap (each app_input too). */
		if ((*(volatile uint8_t *)(RRU_UART_BASE + RRU_UART_LSR) & RRU_UART_LSR_DR) &&
		    try_lock(&link_lock)) {
			rru_link_dev_poll(&link);
			unlock(&link_lock);
		}
		return;
	}
	if (!rec_on || !try_lock(&stage_lock[me]))
		return;
	log_drain_hart(me);
	unlock(&stage_lock[me]);
}

/* An RRU command write waits while the recorder has no free slot, and its
 * slots free only as records move into the log buffer: a write to a full
 * RRU would hold the hart for ever. So the buffer is emptied first; what
 * the slots then write fits (docs/design.md §2.7). */
static void rru_command(uint32_t hart, uint32_t reg, uint32_t data)
{
	if (stream_on) {
		/* A held command write holds the one device port of the bus:
		 * no hart could then read the UART for the host's acks, which
		 * the streamer needs to take words, which the RRU needs to take
		 * the command (found: lfstack, 2 harts, both stuck). So every
		 * hart first waits, reading the link itself, until its buffer
		 * is empty: then the buffer has room for everything its slots
		 * hold, and the write waits a few cycles at most (§5.6). */
		while (rru_rd(hart, RRU_REG_STATUS) >> RRU_STATUS_LEVEL_SHIFT)
			stream_relay();
	} else {
		lock(&stage_lock[hart]);
		log_drain_hart(hart);
		unlock(&stage_lock[hart]);
	}
	rru_wr(hart, reg, data);
}

/* The hart's part of the end of a run: its thread's digest, and the RRU's
 * `exit` (ends and serializes its chunks, docs/design.md §1.8). */
static void end_hart(struct rru_hart *h)
{
	if (have_rru && h->cur && !replaying)
		h->cur->digest = rru_rd(h->id, RRU_REG_DIGEST);
	if (rec_on && rru_started[h->id]) {
		rru_command(h->id, RRU_REG_EXIT, 0);
		rru_started[h->id] = 0;
	}
	if (have_rru)
		rru_wr(h->id, RRU_REG_COUNTDOWN, 0);
}

/* Per-run totals (under ring_lock while the run goes). */
static struct rru_digest out_digest[RRU_MAX_THREADS + 1]; /* [RRU_MAX_THREADS]: kernel */
static uint32_t out_bytes[RRU_MAX_THREADS + 1];
uint32_t in_count[RRU_MAX_THREADS];
static uint32_t con_total, con_crc, inlog_total, inlog_crc;
static uint64_t mem_digest;

/* The link engine polls getc in tight loops while it waits for acks. A hart
 * spinning on the UART's status register starves qemu's thread that moves
 * socket bytes into the UART, so after a few empty reads in a row (within
 * 2 us of each other) each further empty read naps 20 us in wfi. A poll at
 * a trap finds the UART empty once and goes on without a nap. */
static uint32_t empty_reads, last_empty;

static int uart_getc(void *ctx)
{
	(void)ctx;
	if (*(volatile uint8_t *)(RRU_UART_BASE + RRU_UART_LSR) & RRU_UART_LSR_DR) {
		empty_reads = 0;
		return *(volatile uint8_t *)(RRU_UART_BASE + RRU_UART_RBR);
	}
	uint32_t now = mmio_read(RRU_CLINT_MTIME);
	if (now - last_empty > 20u)
		empty_reads = 0;
	if (++empty_reads > 4) {
		set_timer(0, mtime() + 200);
		idle_wait();
		now = mmio_read(RRU_CLINT_MTIME);
	}
	last_empty = now;
	return -1;
}

/* With the FIFOs on, THRE means the 16-byte transmit FIFO is empty. Where
 * the log streamer shares the transmitter, a frame is written only while
 * it grants the kernel the line (between two of its frames). */
static void uart_write(void *ctx, const uint8_t *p, size_t n)
{
	(void)ctx;
	if (have_stream) {
		mmio_write(RRU_STREAM_BASE + RRU_STREAM_HOLD, 1);
		while (!(mmio_read(RRU_STREAM_BASE + RRU_STREAM_STATUS) & RRU_STREAM_STATUS_GRANT))
			;
	}
	for (size_t i = 0; i < n; i++) {
		if (i % 16 == 0)
			while (!(*(volatile uint8_t *)(RRU_UART_BASE + RRU_UART_LSR) & RRU_UART_LSR_THRE))
				;
		*(volatile uint8_t *)(RRU_UART_BASE + RRU_UART_THR) = p[i];
	}
	if (have_stream)
		mmio_write(RRU_STREAM_BASE + RRU_STREAM_HOLD, 0);
}

/* The host's LOG_ACK, to the streamer (called by the link engine, under
 * link_lock). */
static void stream_log_ack(void *ctx, uint8_t next, uint8_t flags, uint32_t held, uint8_t id)
{
	(void)ctx;
	if (!stream_on)
		return;
	/* SACK first: the ACK write applies it */
	mmio_write(RRU_STREAM_BASE + RRU_STREAM_SACK, held);
	mmio_write(RRU_STREAM_BASE + RRU_STREAM_ACK,
		   next | (flags & RRU_LINK_LOG_ACK_F_REWIND ? RRU_STREAM_ACK_REWIND : 0) |
			   (uint32_t)id << RRU_STREAM_ACK_ID_SHIFT);
}

/* Reads the link, which hands the streamer the host's acks. */
static void stream_relay(void)
{
	lock(&link_lock);
	rru_link_dev_poll(&link);
	answer_echo();
	unlock(&link_lock);
	/* The host that asked for the run is gone and acks nothing: its
	 * streams are dropped, so the window is emptied for the RRUs. */
	if (stream_on && orphaned())
		mmio_write(RRU_STREAM_BASE + RRU_STREAM_CTRL, RRU_STREAM_CTRL_RESET | RRU_STREAM_CTRL_EN);
}

static uint32_t stream_rd(uint32_t reg)
{
	return mmio_read(RRU_STREAM_BASE + reg);
}

/* The link's microsecond clock, called for every received byte: one
 * uncached read and a 32-bit division (a 64-bit one is a slow libgcc call).
 * Callers hold link_lock (or run before any other hart uses the link). */
static uint32_t us_last_tick, us_now, us_frac;

static uint32_t now_us(void *ctx)
{
	(void)ctx;
	uint32_t t = mmio_read(RRU_CLINT_MTIME), d = t - us_last_tick + us_frac;
	us_last_tick = t;
	us_now += d / MTIME_PER_US;
	us_frac = d % MTIME_PER_US;
	return us_now;
}

/* Hart 0 does the work itself; another hart wakes hart 0 and waits. */
static void ring_wait(void)
{
	if (CSR_READ(mhartid) == 0) {
		host_service();
		return;
	}
	/* Wake hart 0, then nap 10 us (a spinning hart slows qemu down). */
	mmio_write(RRU_CLINT_MSIP(0), 1);
	set_timer(CSR_READ(mhartid), mtime() + 100);
	idle_wait();
}

static void console_put(uint32_t tid, const char *p, uint32_t n)
{
	if (n > 255)
		n = 255;
	for (;;) {
		lock(&ring_lock);
		if (CON_RING - (con_head - con_tail) >= n + 2) {
			uint32_t h = con_head;
			con_ring[h++ % CON_RING] = (uint8_t)tid;
			con_ring[h++ % CON_RING] = (uint8_t)n;
			uint32_t k = tid < RRU_MAX_THREADS ? tid : RRU_MAX_THREADS;
			for (uint32_t i = 0; i < n; i++) {
				con_ring[h++ % CON_RING] = (uint8_t)p[i];
				rru_digest_word(&out_digest[k], (uint8_t)p[i]);
			}
			out_bytes[k] += n;
			__atomic_store_n(&con_head, h, __ATOMIC_RELEASE);
			unlock(&ring_lock);
			return;
		}
		unlock(&ring_lock);
		ring_wait();
	}
}

/* The input log of a recording waits in RAM as well, in the replay area's
 * input-log part, and goes out when that is full and at the end of the run.
 * (Sent as it came, every hart that asked for an input waited while hart 0
 * had the link, §7.4.) Under ring_lock, then link_lock to send. */
static uint32_t inlog_len;

static uint8_t *inlog_stage(void)
{
	return (uint8_t *)RRU_REPLAY_INLOG_BASE(ram_end - RRU_RAM_BASE);
}

/* Sends the staged input-log records (caller holds ring_lock). */
static void inlog_flush(void)
{
	const uint32_t max = (RRU_LINK_MAX_PAYLOAD / RRU_INLOG_REC_SIZE) * RRU_INLOG_REC_SIZE;
	lock(&link_lock);
	for (uint32_t o = 0; o < inlog_len;) {
		uint32_t k = inlog_len - o < max ? inlog_len - o : max;
		if (!orphaned()) {
			inlog_total += k;
			inlog_crc = rru_link_crc32(inlog_crc, inlog_stage() + o, k);
			rru_link_dev_stream(&link, RRU_LINK_T_INLOG_DATA, -1, inlog_stage() + o, k);
			answer_echo();
		}
		o += k;
	}
	unlock(&link_lock);
	inlog_len = 0;
}

static void inlog_put(struct rru_hart *h, struct rru_thread *t, uint32_t src, uint32_t value)
{
	lock(&ring_lock);
	in_count[t->tid]++;
	if (run_flags & RRU_LINK_REC_F_INLOG) {
		if (inlog_len + RRU_INLOG_REC_SIZE > RRU_REPLAY_INLOG_BYTES(ram_end - RRU_RAM_BASE))
			inlog_flush();
		uint8_t *r = inlog_stage() + inlog_len;
		/* under the lock: the log is in time order */
		uint64_t ts = have_rru ? ((uint64_t)rru_rd(h->id, RRU_REG_TS_HI) << 32) |
						 rru_rd(h->id, RRU_REG_TS_LO)
				       : mtime();
		r[RRU_INLOG_OFF_SRC] = (uint8_t)src;
		r[RRU_INLOG_OFF_CPU] = (uint8_t)h->id;
		r[RRU_INLOG_OFF_TID] = (uint8_t)t->tid;
		r[3] = 0;
		rru_link_put32(r + RRU_INLOG_OFF_VALUE, value);
		rru_link_put32(r + RRU_INLOG_OFF_TS, (uint32_t)ts);
		rru_link_put32(r + RRU_INLOG_OFF_TS + 4, (uint32_t)(ts >> 32));
		inlog_len += RRU_INLOG_REC_SIZE;
	}
	unlock(&ring_lock);
}

/* Hart 0: sends what the console ring holds (blocking while the host is slow). */
static void host_drain(void)
{
	uint8_t buf[RRU_LINK_MAX_PAYLOAD];
	for (;;) {
		uint32_t head = __atomic_load_n(&con_head, __ATOMIC_ACQUIRE), tail = con_tail;
		if (tail == head)
			break;
		uint32_t tid = con_ring[tail % CON_RING], n = con_ring[(tail + 1) % CON_RING];
		for (uint32_t i = 0; i < n; i++)
			buf[i] = con_ring[(tail + 2 + i) % CON_RING];
		__atomic_store_n(&con_tail, tail + 2 + n, __ATOMIC_RELEASE);
		if (orphaned())
			continue;
		con_total += n;
		con_crc = rru_link_crc32(con_crc, buf, n);
		rru_link_dev_stream(&link, RRU_LINK_T_CONSOLE, (int)tid, buf, n);
	}
}

void status(uint8_t cmd, uint8_t code, uint32_t value, const char *text)
{
	rru_link_dev_status(&link, cmd, code, value, text);
}

/* Hart 0 while a run goes: commands that make sense now, then the rings. */
void host_service(void)
{
	uint8_t type;
	const uint8_t *p;
	size_t n;
	lock(&link_lock);
	rru_link_dev_poll(&link);
	if (orphaned() && !__atomic_exchange_n(&ending, 1u, __ATOMIC_ACQ_REL))
		ending_code = RRU_EXIT_STOPPED;
	if (!ending && rru_link_dev_cmd(&link, &type, &p, &n)) {
		switch (type) {
		case RRU_LINK_T_ECHO:
			rru_link_dev_send(&link, RRU_LINK_T_ECHO_REPLY, p, n);
			break;
		case RRU_LINK_T_STOP:
		case RRU_LINK_T_RECORD_STOP:
			status(type, RRU_LINK_ST_OK, 0, 0);
			if (!__atomic_exchange_n(&ending, 1u, __ATOMIC_ACQ_REL))
				ending_code = RRU_EXIT_STOPPED;
			break;
		default:
			status(type, RRU_LINK_ST_BUSY, 0, "a run is in progress");
		}
		rru_link_dev_cmd_done(&link);
	}
	host_drain();
	unlock(&link_lock);
	log_pump();
}

/* A hart other than 0 at the end of a run: waits for the next one. */
void park(struct rru_hart *h)
{
	uint32_t gen = __atomic_load_n(&run_gen, __ATOMIC_ACQUIRE);
	end_hart(h);
	h->cur = 0;
	__atomic_fetch_or(&parked, 1u << h->id, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&run_gen, __ATOMIC_ACQUIRE) == gen) {
		set_timer(h->id, mtime() + quantum);
		idle_wait();
	}
	run(h);
}

static void host_loop(void) __attribute__((noreturn));

void host_end_run(void)
{
	end_hart(&harts[0]);
	harts[0].cur = 0;
	uint32_t others = ((1u << nharts) - 1) & ~1u;
	/* The others may wait for room in a ring or in the link. Commands wait
	 * in the mailbox for host_loop (a STOP was answered already). */
	while ((__atomic_load_n(&parked, __ATOMIC_ACQUIRE) & others) != others) {
		lock(&link_lock);
		rru_link_dev_poll(&link);
		answer_echo();
		host_drain();
		unlock(&link_lock);
		log_pump();
	}
	/* A thread's unfinished line is printed at the end of the program (in
	 * replay no thread reaches its exit call: the DAG stops it before). */
	for (uint32_t i = 0; i < nthreads; i++)
		flush_line(&threads[i]);
	host_drain();
	lock(&ring_lock); /* the others are parked; kept for the lock order */
	inlog_flush();
	unlock(&ring_lock);
	/* The RRUs write the records `exit` pushed out over the next cycles:
	 * wait until every chunk they counted has been sent. */
	uint32_t log_recs = 0;
	if (stream_on) {
		/* Every chunk the RRUs counted taken by the streamer, and every
		 * frame acknowledged by the host. */
		for (uint32_t r = 0; r < nharts; r++) {
			uint32_t want = rru_rd(r, RRU_REG_CHUNKS) - log_chunks0[r];
			while (stream_rd(RRU_STREAM_RECORDS(r)) != want && !orphaned())
				stream_relay();
			log_records[r] = want;
			log_recs += want;
		}
		while (!(stream_rd(RRU_STREAM_STATUS) & RRU_STREAM_STATUS_IDLE) && !orphaned())
			stream_relay();
		log_total = stream_rd(RRU_STREAM_BYTES);
		log_crc = stream_rd(RRU_STREAM_CRC);
		mmio_write(RRU_STREAM_BASE + RRU_STREAM_CTRL, 0);
	} else if (rec_on) {
		for (uint32_t r = 0; r < nharts; r++) {
			lock(&stage_lock[r]); /* the others are parked; kept for the lock order */
			while (log_records[r] != rru_rd(r, RRU_REG_CHUNKS) - log_chunks0[r] || log_rec_left[r]) {
				log_drain_hart(r);
				lock(&link_lock);
				rru_link_dev_poll(&link);
				answer_echo();
				unlock(&link_lock);
			}
			log_flush_hart(r);
			log_recs += log_records[r];
			unlock(&stage_lock[r]);
		}
	}
	/* Everything the app did is in memory now: digest its region. */
	struct rru_digest d = RRU_DIGEST_INIT;
	for (uint32_t a = RRU_APP_BASE; a < app_top; a += 4)
		rru_digest_word(&d, mmio_read(a));
	mem_digest = rru_digest_value(&d);
	if (orphaned()) { /* the host that started the run is gone */
		run_active = 0;
		mmio_write(RRU_CLINT_MSIP(0), 0);
		host_loop();
	}
	uint8_t m[RRU_LINK_STREAM_END_SIZE] = {RRU_LINK_STREAM_LOG};
	if (rec_on) {
		rru_link_put32(m + 4, log_total);
		rru_link_put32(m + 8, log_crc);
		rru_link_dev_send(&link, RRU_LINK_T_STREAM_END, m, sizeof m);
	}
	m[0] = RRU_LINK_STREAM_CONSOLE;
	rru_link_put32(m + 4, con_total);
	rru_link_put32(m + 8, con_crc);
	rru_link_dev_send(&link, RRU_LINK_T_STREAM_END, m, sizeof m);
	if (run_flags & RRU_LINK_REC_F_INLOG) {
		m[0] = RRU_LINK_STREAM_INLOG;
		rru_link_put32(m + 4, inlog_total);
		rru_link_put32(m + 8, inlog_crc);
		rru_link_dev_send(&link, RRU_LINK_T_STREAM_END, m, sizeof m);
	}
	uint8_t e[RRU_LINK_EXIT_SIZE];
	rru_link_put32(e, ending_code);
	rru_link_put32(e + 4, replaying ? replay_nodes_done() : log_recs);
	rru_link_dev_send(&link, RRU_LINK_T_EXIT, e, sizeof e);
	run_active = 0;
	mmio_write(RRU_CLINT_MSIP(0), 0);
	host_loop();
}

static void result(uint8_t *buf, uint32_t *k, uint8_t kind, uint8_t id, uint64_t v)
{
	if (*k + RRU_LINK_RESULT_SIZE > RRU_LINK_MAX_PAYLOAD) {
		rru_link_dev_send(&link, RRU_LINK_T_RESULTS, buf, *k);
		*k = 0;
	}
	uint8_t *e = buf + *k;
	e[0] = kind;
	e[1] = id;
	e[2] = e[3] = 0;
	rru_link_put32(e + 4, (uint32_t)v);
	rru_link_put32(e + 8, (uint32_t)(v >> 32));
	*k += RRU_LINK_RESULT_SIZE;
}

static void send_results(void)
{
	uint8_t buf[RRU_LINK_MAX_PAYLOAD];
	uint32_t k = 0, n = 0;
	result(buf, &k, RRU_LINK_RES_MEM_DIGEST, 0, mem_digest), n++;
	for (uint32_t t = 0; t <= nthreads; t++) {
		uint32_t i = t < nthreads ? t : RRU_MAX_THREADS;
		uint8_t id = t < nthreads ? (uint8_t)t : RRU_CONSOLE_KERNEL;
		result(buf, &k, RRU_LINK_RES_OUTPUT_DIGEST, id, rru_digest_value(&out_digest[i])), n++;
		result(buf, &k, RRU_LINK_RES_OUTPUT_BYTES, id, out_bytes[i]), n++;
		if (t < nthreads)
			result(buf, &k, RRU_LINK_RES_INPUTS, id, in_count[i]), n++;
		if (t < nthreads && have_rru)
			result(buf, &k, RRU_LINK_RES_THREAD_DIGEST, id, threads[i].digest), n++;
	}
	if (have_rru) {
		for (uint32_t h = 0; h < nharts; h++)
			result(buf, &k, RRU_LINK_RES_CHUNKS, (uint8_t)h,
			       replaying ? replay_hart_nodes(h) : log_records[h]), n++;
		result(buf, &k, RRU_LINK_RES_RRU_CFG, 0, rru_cfg), n++;
		for (uint32_t h = 0; h < nharts; h++) {
			if (replaying)
				result(buf, &k, RRU_LINK_RES_BUSY_TICKS, (uint8_t)h, replay_hart_busy(h)), n++;
			else if (rec_on)
				result(buf, &k, RRU_LINK_RES_RRU_STALLS, (uint8_t)h,
				       rru_rd(h, RRU_REG_STALLS) - stalls0[h]), n++;
		}
	}
	result(buf, &k, RRU_LINK_RES_RUN_TICKS, 0, run_ticks), n++;
	rru_link_dev_send(&link, RRU_LINK_T_RESULTS, buf, k);
	status(RRU_LINK_T_READ_RESULTS, RRU_LINK_ST_OK, n, 0);
}

/* RECORD_START: u32 entry, u32 threads, u32 flags. */

static void record_start(const uint8_t *p, size_t n, uint32_t want_threads)
{
	char err[160];
	if (n < 12) {
		status(RRU_LINK_T_RECORD_START, RRU_LINK_ST_BAD_CMD, 0, "RECORD_START needs 12 bytes");
		return;
	}
	uint32_t entry = rru_link_get32(p), nt = rru_link_get32(p + 4), flags = rru_link_get32(p + 8);
	if (entry != RRU_APP_BASE) {
		ksnprintf(err, sizeof err, "entry 0x%08x: apps start at APP_BASE 0x%08x", entry, RRU_APP_BASE);
		status(RRU_LINK_T_RECORD_START, RRU_LINK_ST_FAILED, 0, err);
		return;
	}
	if (nt > RRU_MAX_THREADS) {
		ksnprintf(err, sizeof err, "%u threads: at most %u", nt, RRU_MAX_THREADS);
		status(RRU_LINK_T_RECORD_START, RRU_LINK_ST_FAILED, 0, err);
		return;
	}
	run_flags = flags;
	replaying = 0;
	if (begin_run(RRU_LINK_T_RECORD_START, nt, want_threads))
		return;
	status(RRU_LINK_T_RECORD_START, RRU_LINK_ST_OK, nthreads, 0);
	run(&harts[0]);
}

/* Everything of a run is reset before start_app() makes the threads: idle
 * harts take them at once. 0, or -1 (refused: STATUS sent). */
int begin_run(uint8_t cmd, uint32_t nt, uint32_t want_threads)
{
	char err[160];
	run_session = link.sessions;
	rec_on = have_rru && !replaying && (run_flags & RRU_LINK_REC_F_LOG);
	stream_on = rec_on && have_stream;
	if (have_stream) {
		/* Sequence numbers from 0 (the host restarts its side at
		 * RECORD_START); a lost frame's rewind waits 1 M cycles at most. */
		mmio_write(RRU_STREAM_BASE + RRU_STREAM_TIMEOUT, 1000000u);
		mmio_write(RRU_STREAM_BASE + RRU_STREAM_CTRL,
			   RRU_STREAM_CTRL_RESET | (stream_on ? RRU_STREAM_CTRL_EN : 0));
	}
	log_total = log_crc = 0;
	for (uint32_t h = 0; h < RRU_MAX_HARTS; h++) {
		rru_started[h] = 0;
		log_records[h] = log_rec_left[h] = stage_len[h] = 0;
		if (h < nharts && have_rru) {
			log_chunks0[h] = rru_rd(h, RRU_REG_CHUNKS);
			stalls0[h] = rru_rd(h, RRU_REG_STALLS);
			rru_wr(h, RRU_REG_ICLIMIT, 0); /* no instruction limit, no fill limit */
			rru_wr(h, RRU_REG_FILLLIMIT, 0);
		}
	}
	for (uint32_t i = 0; i <= RRU_MAX_THREADS; i++) {
		struct rru_digest d0 = RRU_DIGEST_INIT;
		out_digest[i] = d0;
		out_bytes[i] = 0;
		if (i < RRU_MAX_THREADS)
			in_count[i] = 0;
	}
	con_head = con_tail = inlog_len = 0;
	con_total = con_crc = inlog_total = inlog_crc = 0;
	nswitches = nmigrations = 0;
	ending_code = 0;
	parked = 0;
	ending = 0;
	nthreads = nt ? nt : want_threads ? want_threads : nharts;
	rq_head = rq_count = 0;
	/* Parked harts go back to their idle loop now, before any thread is
	 * ready: a hart that parks in this run must see this run's generation. */
	if (replaying)
		replay_reset();
	__atomic_fetch_add(&run_gen, 1u, __ATOMIC_ACQ_REL);
	lock(&sched_lock);
	int bad = start_app(err, sizeof err);
	unlock(&sched_lock);
	if (bad) {
		ending = 1; /* no run: idle harts stay idle */
		replaying = rec_on = 0;
		status(cmd, RRU_LINK_ST_FAILED, 0, err);
		return -1;
	}
	run_active = 1;
	run_t0 = mtime();
	return 0;
}

static int in_app_range(uint32_t addr, uint32_t len)
{
	return addr >= RRU_APP_BASE && addr <= app_end && app_end - addr >= len;
}

static uint32_t host_want_threads;

static void host_loop(void)
{
	uint32_t quiet_since = (uint32_t)mtime();
	for (;;) {
		uint8_t type;
		const uint8_t *p;
		size_t n;
		rru_link_dev_poll(&link);
		if (!rru_link_dev_cmd(&link, &type, &p, &n)) {
			/* Idle: nap 20 us between polls (the UART FIFO holds 16 bytes,
			 * 53 us at 3 Mbaud), 50 us once the host is quiet. On qemu the
			 * nap matters: a hart spinning on the UART's status register
			 * starves the thread that feeds the UART from the socket. */
			set_timer(0, mtime() + ((uint32_t)mtime() - quiet_since > 100000u ? 500 : 200));
			idle_wait();
			continue;
		}
		quiet_since = (uint32_t)mtime();
		switch (type) {
		case RRU_LINK_T_ECHO:
			rru_link_dev_send(&link, RRU_LINK_T_ECHO_REPLY, p, n);
			break;
		case RRU_LINK_T_LOAD: {
			uint32_t addr = n >= RRU_LINK_LOAD_HDR ? rru_link_get32(p) : 0;
			uint32_t len = n >= RRU_LINK_LOAD_HDR ? (uint32_t)n - RRU_LINK_LOAD_HDR : 0;
			if (!in_app_range(addr, len)) {
				char err[120];
				ksnprintf(err, sizeof err, "LOAD of %u bytes at 0x%08x: outside the app region 0x%08x..0x%08x",
					  len, addr, RRU_APP_BASE, app_end);
				status(type, RRU_LINK_ST_BAD_ADDR, addr, err);
				break;
			}
			for (uint32_t i = 0; i < len; i++)
				*(volatile uint8_t *)(addr + i) = p[RRU_LINK_LOAD_HDR + i];
			break;
		}
		case RRU_LINK_T_LOAD_VERIFY: {
			uint32_t addr = n >= 12 ? rru_link_get32(p) : 0, len = n >= 12 ? rru_link_get32(p + 4) : 0;
			if (n < 12 || !in_app_range(addr, len)) {
				status(type, RRU_LINK_ST_BAD_ADDR, addr, "LOAD_VERIFY outside the app region");
				break;
			}
			__asm__ volatile("fence rw, rw\n\tfence.i" ::: "memory");
			uint32_t crc = rru_link_crc32(0, (const void *)addr, len);
			if (crc != rru_link_get32(p + 8))
				status(type, RRU_LINK_ST_MISMATCH, crc, "memory CRC differs from the host's");
			else
				status(type, RRU_LINK_ST_OK, crc, 0);
			break;
		}
		case RRU_LINK_T_RECORD_START:
			rru_link_dev_cmd_done(&link);
			record_start(p, n, host_want_threads); /* returns only if refused */
			continue;
		case RRU_LINK_T_READ_RESULTS:
			send_results();
			break;
		case RRU_LINK_T_STOP:
		case RRU_LINK_T_RECORD_STOP:
			status(type, RRU_LINK_ST_OK, 0, "nothing runs");
			break;
		case RRU_LINK_T_UPLOAD:
			replay_upload(p, n);
			break;
		case RRU_LINK_T_REPLAY_START:
			rru_link_dev_cmd_done(&link);
			replay_start(p, n, host_want_threads); /* returns only if refused */
			continue;
		default:
			status(type, RRU_LINK_ST_BAD_CMD, 0, "unknown command");
		}
		rru_link_dev_cmd_done(&link);
	}
}

static void host_main(uint32_t want_threads)
{
	extern const uint8_t _start[], __rodata_end[];
	host_want_threads = want_threads;
	uint32_t crc = rru_link_crc32(0, _start, (size_t)(__rodata_end - _start));
	ksnprintf(fw_id, sizeof fw_id, "openrru-kernel " KERNEL_VERSION " text-crc 0x%08x", crc);
	/* FCR: FIFOs on and cleared, receive trigger at 14 bytes (qemu hands
	 * the UART at most the trigger level at a time: 1 byte would be slow). */
	*(volatile uint8_t *)(RRU_UART_BASE + 2) = 0xC7;
	static const struct rru_link_dev_port port = {uart_getc, uart_write, now_us, 0, stream_log_ack};
	struct rru_link_dev_info info = {(uint8_t)nharts, ram_end - RRU_RAM_BASE, fw_id, NULL, 0};
	rru_link_dev_init(&link, &port, &info);
	CSR_WRITE(mie, (1u << 7) | (1u << 3)); /* timer, and software: a ring filled */
	host_loop();
}
