/* The RRU's replay countdown as a precise interrupt (docs/design.md §2.7,
 * rtl/core/README.md "Interrupts"). Every hart, in M-mode, arms its own
 * RRU's countdown with n and runs cd_prog in U-mode: straight-line code, a
 * loop of loads (each a D-cache miss) and stores, two ecalls the handler
 * returns from, an AMO, LR/SC, two counter reads that trap (mcounteren = 0),
 * a div during which U-mode makes its timer interrupt pending, plus timer
 * interrupts at varying points. mtvec is vectored: the countdown arrives at
 * entry 16 (base + 64), whose first instruction reads mip.
 *
 * cd_fx spells cd_prog, one letter per instruction; the C model walks it to
 * know, for any number c of counted U-mode instructions (rvfi_trap clear),
 * the pc of the next instruction, s1, s2 and the memory the first c have
 * written. Each stop of the countdown (mcause 0x80000010) is checked
 * against the model: mepc, the registers, the journal (a store after the
 * c-th instruction must not have been performed), the AMO and SC words, the
 * U-mode instructions retired by minstret (M-mode handler instructions
 * subtracted), mip[16] set at entry and clear after the handler's first
 * instruction, COUNTDOWN 0 and STATUS.CD_ZERO clear. Runs: each n once, then
 * resumed with the countdown off to the end (n past the end: the final ecall
 * ends it with n - total left); and the whole program in pieces of k
 * (re-armed at each stop; k = 1 is single-stepping).
 *
 * With 2 or more harts, hart 1 then arms with mie[16] clear: the interrupt
 * is not taken, so the store after the n-th instruction waits under the
 * RRU's data-request hold; hart 0 sees hart 1's STATUS.CD_ZERO set and the
 * store not performed, then releases it by writing hart 1's COUNTDOWN. */
#include "sim.h"
#include "rru_rec.h"

#define CD_CAUSE 0x80000010u
#define MIP_CD (1u << 16)
#define MIP_MTI (1u << 7)
#define POISON 0xdeadbeefu
#define JN 8       /* journal slots: the stores of cd_prog, one more unused */
#define LD_STRIDE 16 /* words between loads: one D-cache line each */
#define DCACHE 4096  /* rru_soc DCacheBytes (direct-mapped): +DCACHE evicts */
_Static_assert(LD_STRIDE == 16, "cd_prog's load stride is 64 bytes");

/* Frame: U-mode registers while in a handler (x[0] holds the pc), then the
 * asm's words; the C fields follow. Offsets are used by the asm below. */
struct cd_frame {
	uint32_t x[32];
	uint32_t msp;   /* 128: M-mode sp of cd_enter */
	uint32_t ient;  /* 132: minstret read at trap entry */
	uint32_t iexit; /* 136: minstret read on the way back to U-mode */
	uint32_t via;   /* 140: 16 through vector entry 16, else 0 */
	/* C only */
	uint32_t hart, cause, mip_entry, u_retired;
	uint32_t timer_irqs, ctr_traps, ecalls;
};
_Static_assert(__builtin_offsetof(struct cd_frame, via) == 140, "asm frame offsets");

/* cd_prog uses no t6: the countdown's vector entry reads mip into it before
 * anything can be saved (its first instruction must not access memory: the
 * RRU holds data requests until an M-mode instruction retires), so the
 * frame's x31 then holds mip at entry. */
__asm__(
	"  .text\n"
	"  .align 2\n"
	"  .globl cd_prog, cd_loop, cd_mid, cd_end\n"
	"cd_prog:\n"
	"  .rept 6\n  addi s1, s1, 1\n  .endr\n"
	"  li t1, 3\n"
	"cd_loop:\n"
	"  lw s2, 0(a5)\n"
	"  addi a5, a5, 64\n" /* 4 * LD_STRIDE: the next line */
	"  addi s1, s1, 1\n"
	"  sw s1, 0(a2)\n"
	"  addi a2, a2, 4\n"
	"  addi t1, t1, -1\n"
	"  bnez t1, cd_loop\n"
	"cd_mid:\n"
	"  ecall\n"
	"  addi s1, s1, 1\n"
	"  amoadd.w t0, s1, (a3)\n"
	"  lr.w t0, (a4)\n"
	"  addi t0, t0, 1\n"
	"  sc.w t2, t0, (a4)\n"
	"  rdcycle t0\n"
	"  addi s1, s1, 1\n"
	"  sw s1, 0(a2)\n"
	"  addi a2, a2, 4\n"
	"  rdinstret t0\n"
	"  sw s1, 0(a2)\n"
	"  addi a2, a2, 4\n"
	/* timer pending about 20 cycles from now: inside the div (33 cycles),
	 * so when the countdown stops after the div, the countdown, the timer
	 * and the ecall meet at the ecall */
	"  lw t0, 0(s3)\n"
	"  addi t0, t0, 20\n"
	"  sw t0, 0(s4)\n"
	"cd_div:\n"
	"  div t4, s1, s1\n"
	"  ecall\n"
	"  addi s1, s1, 1\n"
	"  sw s1, 0(a2)\n"
	"  addi a2, a2, 4\n"
	"  sw s1, 0(a2)\n"
	"cd_end:\n"
	"  ecall\n");
extern char cd_prog[], cd_loop[], cd_mid[], cd_div[], cd_end[];

/* A addi s1 (+1), L lw s2 (next load slot), S sw s1 (next journal slot),
 * M amoadd (amo += s1), C sc (sc word + 1), O anything else counted,
 * T traps (ecall, counter read: not counted), E the final ecall. */
static const struct { const char *at; const char *fx; unsigned reps; } cd_fx[] = {
	{cd_prog, "AAAAAAO", 1},
	{cd_loop, "LOASOOO", 3},
	{cd_mid, "TAMOOCTASOTSOOOOOTASOS", 1},
	{cd_end, "E", 1},
};
#define NFX (sizeof cd_fx / sizeof cd_fx[0])

/* No libc here, and gcc turns a plain clearing loop back into memset. */
static void zero(void *p, size_t bytes)
{
	for (volatile uint32_t *w = p; bytes >= 4; bytes -= 4) *w++ = 0;
}
static uint32_t fx_len(const char *s)
{
	uint32_t n = 0;
	while (s[n]) n++;
	return n;
}

struct model {
	uint32_t stop_pc, counted, s1, s2, amo, sc, nst, nld;
	uint32_t journal[JN];
};

/* The state after c counted instructions; stop_pc: the next instruction. */
static void model(unsigned c, const uint32_t *ld, struct model *m)
{
	zero(m, sizeof *m);
	for (unsigned i = 0; i < NFX; i++)
		for (unsigned r = 0; r < cd_fx[i].reps; r++)
			for (const char *p = cd_fx[i].fx; *p; p++) {
				uint32_t pc = (uint32_t)(uintptr_t)cd_fx[i].at + 4u * (uint32_t)(p - cd_fx[i].fx);
				if (m->counted == c || *p == 'E') {
					m->stop_pc = pc;
					return;
				}
				if (*p == 'T') continue;
				m->counted++;
				switch (*p) {
				case 'A': m->s1++; break;
				case 'L': m->s2 = ld[LD_STRIDE * m->nld++]; break;
				case 'S': m->journal[m->nst++] = m->s1; break;
				case 'M': m->amo += m->s1; break;
				case 'C': m->sc++; break;
				default: break;
				}
			}
}

void cd_enter(struct cd_frame *f);
__asm__(
	"  .text\n"
	"  .globl cd_enter, cd_vec, cd_vec16, cd_save, cd_saved, cd_ient, cd_iexit, cd_mret\n"
	"cd_enter:\n"
	"  addi sp, sp, -64\n"
	"  sw ra, 0(sp)\n  sw s0, 4(sp)\n  sw s1, 8(sp)\n  sw s2, 12(sp)\n"
	"  sw s3, 16(sp)\n  sw s4, 20(sp)\n  sw s5, 24(sp)\n  sw s6, 28(sp)\n"
	"  sw s7, 32(sp)\n  sw s8, 36(sp)\n  sw s9, 40(sp)\n  sw s10, 44(sp)\n"
	"  sw s11, 48(sp)\n  sw gp, 52(sp)\n  sw tp, 56(sp)\n"
	"  sw sp, 128(a0)\n"
	"  csrw mscratch, a0\n"
	"  mv t6, a0\n"
	"  j cd_resume\n"
	/* vectored mtvec: exceptions at +0, interrupt i at +4i */
	"  .align 6\n"
	"cd_vec:\n"
	"  j cd_save\n  j cd_bad\n  j cd_bad\n  j cd_save\n"
	"  j cd_bad\n  j cd_bad\n  j cd_bad\n  j cd_save\n"
	"  .rept 8\n  j cd_bad\n  .endr\n"
	"cd_vec16:\n"
	"  csrr t6, mip\n" /* the hold drops when this retires */
	"  csrrw t6, mscratch, t6\n"
	"  .irp r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30\n"
	"  sw x\\r, 4*\\r(t6)\n"
	"  .endr\n"
	"  li t5, 16\n"
	"  j cd_saved\n"
	"cd_save:\n"
	"  csrrw t6, mscratch, t6\n"
	"  .irp r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30\n"
	"  sw x\\r, 4*\\r(t6)\n"
	"  .endr\n"
	"  li t5, 0\n"
	"cd_saved:\n"
	"  sw t5, 140(t6)\n"
	"  csrr t5, mscratch\n  sw t5, 124(t6)\n"
	"  csrw mscratch, t6\n"
	"  csrr t5, mepc\n  sw t5, 0(t6)\n"
	"cd_ient:\n"
	"  csrr t5, minstret\n  sw t5, 132(t6)\n"
	"  lw sp, 128(t6)\n"
	"  mv a0, t6\n"
	"  call cd_trap\n"
	"  csrr t6, mscratch\n"
	"  beqz a0, cd_leave\n"
	"cd_resume:\n"
	"cd_iexit:\n"
	"  csrr t5, minstret\n  sw t5, 136(t6)\n"
	"  lw t5, 0(t6)\n  csrw mepc, t5\n"
	"  li t5, 0x1800\n  csrc mstatus, t5\n" /* MPP = U */
	"  .irp r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30\n"
	"  lw x\\r, 4*\\r(t6)\n"
	"  .endr\n"
	"  lw t6, 124(t6)\n"
	"cd_mret:\n"
	"  mret\n"
	"cd_leave:\n"
	"  lw sp, 128(t6)\n"
	"  lw ra, 0(sp)\n  lw s0, 4(sp)\n  lw s1, 8(sp)\n  lw s2, 12(sp)\n"
	"  lw s3, 16(sp)\n  lw s4, 20(sp)\n  lw s5, 24(sp)\n  lw s6, 28(sp)\n"
	"  lw s7, 32(sp)\n  lw s8, 36(sp)\n  lw s9, 40(sp)\n  lw s10, 44(sp)\n"
	"  lw s11, 48(sp)\n  lw gp, 52(sp)\n  lw tp, 56(sp)\n"
	"  addi sp, sp, 64\n"
	"  ret\n"
	"cd_bad:\n"
	"  csrr a0, mcause\n  csrr a1, mepc\n  csrr a2, mtval\n"
	"  call sim_trap\n");
extern char cd_hold_end[]; /* the hold test's program ends here (below) */
extern char cd_vec[], cd_vec16[], cd_save[], cd_saved[], cd_ient[], cd_iexit[], cd_mret[];

#define CSRR(name) ({ uint32_t v_; __asm__ volatile("csrr %0, " #name : "=r"(v_)); v_; })
#define A(p) ((uint32_t)(uintptr_t)(p))
enum { X_SP = 2, X_T6 = 31, X_S1 = 9, X_S2 = 18, X_A2 = 12, X_A3 = 13, X_A4 = 14, X_A5 = 15,
       X_S3 = 19, X_S4 = 20 };

/* Per hart, each in its own lines; ld has a line per load, and ld + DCACHE
 * (evict) maps onto the same D-cache lines. */
static struct {
	struct cd_frame f;
	uint32_t journal[JN];
	uint32_t amo LINE, sc LINE;
	uint32_t ld[3 * LD_STRIDE] __attribute__((aligned(DCACHE)));
	uint32_t evict[DCACHE / 4];
	uint8_t ustack[256] __attribute__((aligned(16)));
} hs[RRU_MAX_HARTS];

static volatile uint32_t *mtimecmp(unsigned h, unsigned hi)
{
	return (volatile uint32_t *)(uintptr_t)(RRU_CLINT_MTIMECMP(h) + 4u * hi);
}
static uint32_t mtime(void) { return *(volatile uint32_t *)(uintptr_t)RRU_CLINT_MTIME; }

/* M-mode instructions that minstret counts between its read on the way to
 * U-mode and its read at the next trap entry (the mret included; the
 * interrupt and the trapping instruction themselves retire nothing). */
static uint32_t m_overhead(uint32_t via)
{
	uint32_t exit = (A(cd_mret) - A(cd_iexit)) / 4 + 1;
	uint32_t entry = via == 16 ? (A(cd_save) - A(cd_vec16)) / 4 + (A(cd_ient) - A(cd_saved)) / 4
	                           : 1 + (A(cd_ient) - A(cd_save)) / 4;
	return exit + entry;
}

/* Called by the asm on every trap from cd_prog: 1 = back to U-mode. */
int cd_trap(struct cd_frame *f);
int cd_trap(struct cd_frame *f)
{
	uint32_t cause = CSRR(mcause);
	f->u_retired += f->ient - f->iexit - m_overhead(f->via);
	f->cause = cause;
	if ((CSRR(mstatus) & 0x1800u) != 0) sim_fail("countdown: trap not from U-mode", cause, f->x[0]);
	if (cause == CD_CAUSE) {
		if (f->via != 16) sim_fail("countdown: not through vector entry 16", f->via, f->x[0]);
		f->mip_entry = f->x[X_T6];
		return 0;
	}
	if (f->via != 0) sim_fail("countdown: entry 16 for another cause", cause, f->x[0]);
	if (cause == 0x80000007u) {
		*mtimecmp(f->hart, 0) = 0xffffffffu; /* mtimecmp = 2^32 - 1: later than any run */
		f->timer_irqs++;
		return 1;
	}
	if (cause == 8) {
		if (f->x[0] == A(cd_end) || f->x[0] == A(cd_hold_end)) return 0;
		f->ecalls++;
		f->x[0] += 4;
		return 1;
	}
	if (cause == 2) {
		/* rdcycle / rdinstret: csrrs rd, 0xc00 / 0xc02, x0 */
		uint32_t insn = CSRR(mtval);
		if ((insn & 0xfffff07fu) != 0xc0002073u && (insn & 0xfffff07fu) != 0xc0202073u)
			sim_fail("countdown: illegal instruction", insn, f->x[0]);
		f->ctr_traps++;
		f->x[0] += 4;
		return 1;
	}
	sim_fail("countdown: unexpected trap", cause, f->x[0]);
	return 0;
}

static void arm(unsigned h, uint32_t n)
{
	*rru_reg(h, RRU_REG_COUNTDOWN) = n;
	if (*rru_reg(h, RRU_REG_COUNTDOWN) != n) sim_fail("countdown: COUNTDOWN read back", *rru_reg(h, RRU_REG_COUNTDOWN), n);
	if (*rru_reg(h, RRU_REG_STATUS) & RRU_STATUS_CD_ZERO) sim_fail("countdown: CD_ZERO set when armed", h, n);
}

/* A fresh start of cd_prog; the timer fires `delay` cycles from now. */
static void setup(unsigned h, uint32_t delay)
{
	struct cd_frame *f = &hs[h].f;
	for (unsigned i = 0; i < JN; i++) hs[h].journal[i] = POISON;
	hs[h].amo = 0;
	hs[h].sc = 0;
	for (unsigned i = 0; i < 3; i++) {
		hs[h].ld[LD_STRIDE * i] = 0x5000u + 0x100u * h + i;
		(void)*(volatile uint32_t *)&hs[h].evict[LD_STRIDE * i]; /* evict: the loads miss */
	}
	uint32_t keep_t = f->timer_irqs, keep_c = f->ctr_traps, keep_e = f->ecalls;
	zero(f, sizeof *f);
	f->hart = h;
	f->timer_irqs = keep_t;
	f->ctr_traps = keep_c;
	f->ecalls = keep_e;
	f->x[0] = A(cd_prog);
	f->x[X_SP] = A(hs[h].ustack + sizeof hs[h].ustack);
	f->x[X_A2] = A(hs[h].journal);
	f->x[X_A3] = A(&hs[h].amo);
	f->x[X_A4] = A(&hs[h].sc);
	f->x[X_A5] = A(hs[h].ld);
	f->x[X_S3] = RRU_CLINT_MTIME;
	f->x[X_S4] = RRU_CLINT_MTIMECMP(h);
	*mtimecmp(h, 0) = 0xffffffffu;
	*mtimecmp(h, 1) = 0;
	*mtimecmp(h, 0) = mtime() + delay;
}

static void enter(unsigned h)
{
	uint32_t keep = CSRR(mtvec);
	__asm__ volatile("csrw mtvec, %0" : : "r"(A(cd_vec) | 1u));
	cd_enter(&hs[h].f);
	__asm__ volatile("csrw mtvec, %0" : : "r"(keep));
}

/* hs[h] against the model after c counted instructions. */
static void check(unsigned h, unsigned c, const char *when)
{
	struct cd_frame *f = &hs[h].f;
	struct model m;
	model(c, hs[h].ld, &m);
	if (f->x[0] != m.stop_pc) {
		sim_printf("FAIL: hart %u %s after %u: mepc %x, expected %x\n", h, when, c, f->x[0], m.stop_pc);
		sim_exit(1);
	}
	if (f->u_retired != m.counted) sim_fail("countdown: U-mode instructions retired (minstret)", f->u_retired, m.counted);
	if (f->x[X_S1] != m.s1) sim_fail("countdown: s1", f->x[X_S1], m.s1);
	if (f->x[X_S2] != m.s2) sim_fail("countdown: s2 (load)", f->x[X_S2], m.s2);
	for (unsigned i = 0; i < JN; i++) {
		uint32_t want = i < m.nst ? m.journal[i] : POISON;
		if (hs[h].journal[i] != want) {
			sim_printf("FAIL: hart %u %s after %u: journal[%u] = %x, expected %x\n", h, when, c, i,
			           hs[h].journal[i], want);
			sim_exit(1);
		}
	}
	if (hs[h].amo != m.amo) sim_fail("countdown: AMO word", hs[h].amo, m.amo);
	if (hs[h].sc != m.sc) sim_fail("countdown: SC word", hs[h].sc, m.sc);
}

/* After a countdown stop: cause, mip at entry, the released hold. */
static void check_cd_stop(unsigned h, unsigned c, int fresh)
{
	struct cd_frame *f = &hs[h].f;
	if (f->cause != CD_CAUSE) {
		sim_printf("FAIL: hart %u: after %u counted, mcause %x (mepc %x), expected %x\n", h, c, f->cause,
		           f->x[0], CD_CAUSE);
		sim_exit(1);
	}
	if (!(f->mip_entry & MIP_CD)) sim_fail("countdown: mip[16] clear at entry", f->mip_entry, c);
	if (CSRR(mip) & MIP_CD) sim_fail("countdown: mip[16] still set in the handler", CSRR(mip), c);
	if (*rru_reg(h, RRU_REG_STATUS) & RRU_STATUS_CD_ZERO) sim_fail("countdown: CD_ZERO after the trap", h, c);
	if (*rru_reg(h, RRU_REG_COUNTDOWN) != 0) sim_fail("countdown: COUNTDOWN after the stop", *rru_reg(h, RRU_REG_COUNTDOWN), c);
	check(h, c, "stop");
	/* Stopped after the div, in a stretch of U-mode that also set the timer
	 * (fresh: from the start): the countdown, the timer and the ecall met
	 * at the ecall, and the countdown won. */
	if (fresh && f->x[0] == A(cd_div) + 4 && !(f->mip_entry & MIP_MTI))
		sim_fail("countdown: timer not pending at the stop after the div", f->mip_entry, c);
}

/* The run ended at the final ecall with `left` of the countdown unused. */
static void check_end(unsigned h, unsigned total, uint32_t left)
{
	struct cd_frame *f = &hs[h].f;
	if (f->cause != 8 || f->x[0] != A(cd_end)) sim_fail("countdown: end (mcause, mepc)", f->cause, f->x[0]);
	if (*rru_reg(h, RRU_REG_COUNTDOWN) != left) sim_fail("countdown: COUNTDOWN left at the end", *rru_reg(h, RRU_REG_COUNTDOWN), left);
	check(h, total, "end");
	arm(h, 0);
}

static unsigned run_id;

/* Armed once with n, then resumed with the countdown off. */
static void run_once(unsigned h, unsigned n, unsigned total)
{
	setup(h, 20u + (run_id++ * 53u + 97u * h) % 700u);
	arm(h, n);
	enter(h);
	if (n > total) {
		check_end(h, total, n - total);
		return;
	}
	check_cd_stop(h, n, 1);
	enter(h);
	check_end(h, total, 0);
}

/* The whole program in pieces of k, re-armed at each stop. */
static void run_pieces(unsigned h, unsigned k, unsigned total)
{
	unsigned c = 0;
	setup(h, 20u + (run_id++ * 29u + 61u * h) % 500u);
	for (;;) {
		arm(h, k);
		enter(h);
		if (c + k > total) break;
		c += k;
		check_cd_stop(h, c, 0);
	}
	check_end(h, total, c + k - total);
}

/* Hart 1, mie[16] clear: the store after the 3rd instruction waits under the
 * hold until hart 0 writes its COUNTDOWN. */
void cd_hold_prog(void);
__asm__(
	"  .text\n"
	"  .globl cd_hold_prog\n"
	"cd_hold_prog:\n"
	"  addi s1, s1, 1\n  addi s1, s1, 1\n  addi s1, s1, 1\n"
	"  sw s1, 0(a2)\n"
	"  .globl cd_hold_end\n"
	"cd_hold_end:\n"
	"  ecall\n");
static volatile uint32_t hold_phase LINE;

static void hold_victim(void)
{
	struct cd_frame *f = &hs[1].f;
	setup(1, 0);
	*mtimecmp(1, 0) = 0xffffffffu;
	f->x[0] = A(cd_hold_prog);
	__asm__ volatile("csrw mie, %0" : : "r"(0u));
	arm(1, 3);
	hold_phase = 1;
	enter(1);
	if (f->cause != 8 || f->x[0] != A(cd_hold_end)) sim_fail("countdown hold: end", f->cause, f->x[0]);
	if (f->u_retired != 4) sim_fail("countdown hold: retired", f->u_retired, 4);
	if (hs[1].journal[0] != 3) sim_fail("countdown hold: store after release", hs[1].journal[0], 3);
	hold_phase = 3;
}

static void hold_releaser(void)
{
	while (hold_phase != 1) ;
	unsigned spins = 0;
	while (!(*rru_reg(1, RRU_REG_STATUS) & RRU_STATUS_CD_ZERO))
		if (++spins > 100000) sim_fail("countdown hold: CD_ZERO never set", *rru_reg(1, RRU_REG_STATUS), 0);
	for (unsigned i = 0; i < 200; i++) {
		if (!(*rru_reg(1, RRU_REG_STATUS) & RRU_STATUS_CD_ZERO)) sim_fail("countdown hold: CD_ZERO dropped", i, 0);
		if (*rru_reg(1, RRU_REG_COUNTDOWN) != 0) sim_fail("countdown hold: COUNTDOWN", *rru_reg(1, RRU_REG_COUNTDOWN), 0);
		if (hs[1].journal[0] != POISON) sim_fail("countdown hold: store performed under the hold", hs[1].journal[0], i);
	}
	*rru_reg(1, RRU_REG_COUNTDOWN) = 0; /* the write ends the hold */
	while (hold_phase != 3) ;
	if (*rru_reg(1, RRU_REG_STATUS) & RRU_STATUS_CD_ZERO) sim_fail("countdown hold: CD_ZERO after release", 0, 0);
}

unsigned main_hart(unsigned h, unsigned n)
{
	unsigned total;
	struct model m;
	model(~0u, hs[h].ld, &m);
	total = m.counted;
	for (unsigned i = 0; i + 1 < NFX; i++)
		if (A(cd_fx[i].at) + 4u * fx_len(cd_fx[i].fx) != A(cd_fx[i + 1].at))
			sim_fail("countdown: cd_prog layout vs cd_fx", i, A(cd_fx[i + 1].at));
	__asm__ volatile("csrw mcounteren, zero");
	__asm__ volatile("csrw mie, %0" : : "r"(MIP_CD | MIP_MTI));
	if (CSRR(mie) != (MIP_CD | MIP_MTI)) sim_fail("countdown: mie[16] not writable", CSRR(mie), MIP_CD | MIP_MTI);
	if (CSRR(mip) & MIP_CD) sim_fail("countdown: mip[16] set while disarmed", CSRR(mip), h);
	for (unsigned k = 1; k <= total + 2; k++)
		run_once(h, k, total);
	static const unsigned pieces[] = {1, 2, 5, 13};
	for (unsigned i = 0; i < sizeof pieces / sizeof pieces[0]; i++)
		run_pieces(h, pieces[i], total);
	struct cd_frame *f = &hs[h].f;
	if (!f->timer_irqs || !f->ctr_traps || !f->ecalls)
		sim_fail("countdown: a trap kind never happened", f->timer_irqs, f->ctr_traps);
	sim_printf("countdown: hart %u: %u instructions, %u timer interrupts, %u counter traps, %u ecalls\n", h,
	           total, f->timer_irqs, f->ctr_traps, f->ecalls);
	sim_barrier(n);
	if (n >= 2 && h == 1) hold_victim();
	if (n >= 2 && h == 0) hold_releaser();
	__asm__ volatile("csrw mie, zero");
	sim_barrier(n);
	if (h == 0) sim_printf("countdown: ok\n");
	return 0;
}
