/* The resident kernel's replay engine (docs/design.md §7.4; shared kernel
 * state in kernel.h).
 * The host uploads the binary DAG and the input log into the replay area at
 * the top of RAM, loads the app as for a recording, and sends REPLAY_START.
 * Hart h then replays the nodes of recorded cpu h in file order: it waits
 * until every node the DAG orders before the next one is done (token
 * counters done[]; serial modes: the global node count), resumes the node's
 * thread with the RRU countdown armed with the node's icount, and completes
 * the node when the countdown trap comes (precisely after that many counted
 * U-mode instructions). System calls and counter reads inside a node are
 * answered from the input log; the reservation is cleared where the thread
 * id changes between consecutive nodes of the cpu (§1.10). The app's output
 * and digests are reported as for a recording, so the host compares them. */

#include "kernel.h"

#include <stdarg.h>

#include "dag_cursor.h"
#include "rru/link.h"
#include "rru/run.h"

enum { RP_BUSY = 0, RP_WAITING, RP_RUNNING, RP_FINISHED };

struct replay_hart {
	struct rru_dc_cursor cur;
	struct rru_dc_node node;
	uint32_t have_node, last_tid, clear, nodes;
	volatile uint32_t state;
	uint64_t started_at, busy; /* mtime at the node's start; ticks running nodes */
} __attribute__((aligned(64)));

static struct rru_dc_file dag;
static struct replay_hart rp[RRU_MAX_HARTS];
static volatile uint32_t done[RRU_MAX_HARTS] __attribute__((aligned(64)));
static volatile uint32_t serial_done, progress, finished, stuck;
/* Set once the app is loaded and its threads made: begin_run() wakes the
 * parked harts before start_app() has run. */
static volatile uint32_t started;
static const uint8_t *inlog;
static uint32_t inlog_recs;

uint32_t replay_nodes_done(void)
{
	uint32_t n = 0;
	for (uint32_t h = 0; h < nharts; h++)
		n += rp[h].nodes;
	return n;
}

uint32_t replay_hart_nodes(uint32_t hart) { return rp[hart].nodes; }

uint64_t replay_hart_busy(uint32_t hart) { return rp[hart].busy; }

void replay_reset(void)
{
	for (uint32_t h = 0; h < RRU_MAX_HARTS; h++) {
		rru_dc_cursor_init(&rp[h].cur, &dag, h);
		rp[h].have_node = rp[h].clear = rp[h].nodes = 0;
		rp[h].busy = 0;
		rp[h].last_tid = 0xFFFFFFFFu;
		rp[h].state = RP_BUSY;
		done[h] = 0;
	}
	serial_done = progress = finished = stuck = started = 0;
}

static void __attribute__((noreturn)) replay_diverged(uint32_t code, const char *fmt, ...)
{
	char buf[200];
	va_list ap;
	va_start(ap, fmt);
	kvsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	kprintf("[kernel] replay: %s\n", buf);
	finish(code);
}

static const char *src_name(uint32_t src)
{
	static const char *const names[] = {"?", "input", "cycle", "time", "instret"};
	return names[(src & 0x7F) < 5 ? (src & 0x7F) : 0];
}

/* The thread's next recorded input value; it must be of the kind asked. */
uint32_t replay_input(struct rru_thread *t, uint32_t src)
{
	for (uint32_t i = t->in_pos; i < inlog_recs; i++) {
		const uint8_t *r = inlog + i * RRU_INLOG_REC_SIZE;
		if (r[RRU_INLOG_OFF_TID] != t->tid)
			continue;
		t->in_pos = i + 1;
		if (r[RRU_INLOG_OFF_SRC] != src)
			replay_diverged(RRU_EXIT_REPLAY_DIVERGED,
					"thread %u at pc 0x%08x reads %s%s where the recording gave it %s%s (input %u)",
					t->tid, t->regs[REG_PC], src_name(src), src & RRU_INLOG_SRC_HIGH ? "h" : "",
					src_name(r[RRU_INLOG_OFF_SRC]),
					r[RRU_INLOG_OFF_SRC] & RRU_INLOG_SRC_HIGH ? "h" : "", in_count[t->tid]);
		in_count[t->tid]++;
		return rru_link_get32(r + RRU_INLOG_OFF_VALUE);
	}
	replay_diverged(RRU_EXIT_REPLAY_DIVERGED,
			"thread %u at pc 0x%08x asks for input %u (%s), the recording has no more for it",
			t->tid, t->regs[REG_PC], in_count[t->tid], src_name(src));
}

static int node_ready(const struct replay_hart *r)
{
	if (rru_dc_serial(&dag))
		return __atomic_load_n(&serial_done, __ATOMIC_ACQUIRE) == r->node.index;
	for (uint32_t q = 0; q < dag.ncpus; q++)
		if (__atomic_load_n(&done[q], __ATOMIC_ACQUIRE) < r->node.wait[q])
			return 0;
	return 1;
}

/* Names what each waiting hart waits for and ends the replay. Only the
 * first hart to find the deadlock reports it. */
static void __attribute__((noreturn)) replay_stuck(void)
{
	if (__atomic_exchange_n(&stuck, 1u, __ATOMIC_ACQ_REL))
		finish(RRU_EXIT_REPLAY_STUCK);
	for (uint32_t h = 0; h < nharts; h++) {
		const struct replay_hart *r = &rp[h];
		if (r->state != RP_WAITING) {
			kprintf("[kernel] replay stuck: cpu %u %s after %u nodes\n", h,
				r->state == RP_FINISHED ? "has finished" : "is not waiting", r->nodes);
			continue;
		}
		if (rru_dc_serial(&dag)) {
			kprintf("[kernel] replay stuck: cpu %u waits for node %u in serial order (%u done)\n", h,
				r->node.index, serial_done);
			continue;
		}
		for (uint32_t q = 0; q < dag.ncpus; q++)
			if (done[q] < r->node.wait[q])
				kprintf("[kernel] replay stuck: cpu %u (its node %u) waits for node %u of cpu %u, "
					"which has done %u%s\n", h, r->node.ordinal, r->node.wait[q] - 1, q, done[q],
					rp[q].state == RP_FINISHED ? " and has no more" : "");
	}
	finish(RRU_EXIT_REPLAY_STUCK);
}

/* A deadlock: no hart runs a node or is about to, and no waiting hart's
 * node may start. Nothing can change that state, so seeing it twice with
 * no node completed in between is proof (a hart busy serving the link
 * while its node is ready is not stuck). */
static int all_blocked(void)
{
	for (uint32_t q = 0; q < nharts; q++) {
		uint32_t st = __atomic_load_n(&rp[q].state, __ATOMIC_ACQUIRE);
		if (st == RP_FINISHED)
			continue;
		if (st != RP_WAITING || node_ready(&rp[q]))
			return 0;
	}
	return 1;
}

/* Waits until the hart's node may start: serves the link meanwhile and
 * watches for a deadlock. */
static void node_wait(struct rru_hart *h, struct replay_hart *r)
{
	uint32_t seen = progress, calm = 0;
	__atomic_store_n(&r->state, RP_WAITING, __ATOMIC_RELEASE);
	while (!node_ready(r)) {
		if (ending)
			return;
		if (h->id == 0)
			host_service();
		if (progress != seen || !all_blocked()) {
			seen = progress;
			calm = 0;
		} else if (++calm > 3) {
			replay_stuck();
		}
		set_timer(h->id, mtime() + 200);
		idle_wait();
	}
	__atomic_store_n(&r->state, RP_BUSY, __ATOMIC_RELEASE);
}

static void __attribute__((noreturn)) replay_hart_finished(struct rru_hart *h)
{
	rp[h->id].state = RP_FINISHED;
	if (__atomic_add_fetch(&finished, 1u, __ATOMIC_ACQ_REL) == nharts)
		finish(0);
	if (h->id != 0)
		park(h);
	for (;;) { /* hart 0 keeps the link going until the end */
		host_service();
		if (ending)
			host_end_run();
		set_timer(0, mtime() + 200);
		idle_wait();
	}
}

static void node_complete(struct rru_hart *h, struct replay_hart *r)
{
	if (r->node.icount && h->cur) /* before done[]: another hart may take the thread next */
		h->cur->digest = rru_rd(h->id, RRU_REG_DIGEST);
	r->have_node = 0;
	r->nodes++;
	if (r->node.icount)
		r->busy += mtime() - r->started_at;
	__atomic_store_n(&done[h->id], r->node.ordinal + 1, __ATOMIC_RELEASE);
	__atomic_fetch_add(&serial_done, 1u, __ATOMIC_ACQ_REL);
	__atomic_fetch_add(&progress, 1u, __ATOMIC_RELAXED);
}

/* The thread to run next on this hart, its countdown armed. */
struct rru_thread *replay_next(struct rru_hart *h)
{
	struct replay_hart *r = &rp[h->id];
	r->state = RP_BUSY;
	CSR_WRITE(mie, CSR_READ(mie) | (1u << 16)); /* the countdown's interrupt */
	while (!__atomic_load_n(&started, __ATOMIC_ACQUIRE) && !ending) {
		set_timer(h->id, mtime() + 200);
		idle_wait();
	}
	for (;;) {
		if (ending) {
			if (h->id == 0)
				host_end_run();
			park(h);
		}
		if (!r->have_node) {
			if (!rru_dc_next(&r->cur, &r->node))
				replay_hart_finished(h);
			r->have_node = 1;
			if (r->node.tid >= nthreads)
				replay_diverged(RRU_EXIT_REPLAY_BAD, "node %u of cpu %u names thread %u; the run has %u",
						r->node.ordinal, h->id, r->node.tid, nthreads);
			if (r->node.tid != r->last_tid) { /* the recording kernel cleared it here */
				r->last_tid = r->node.tid;
				r->clear = 1;
			}
		}
		node_wait(h, r);
		if (ending)
			continue;
		if (!r->node.icount) {
			node_complete(h, r);
			continue;
		}
		struct rru_thread *t = &threads[r->node.tid];
		if (t != h->cur) {
			rru_wr(h->id, RRU_REG_DIGEST, t->digest);
			h->cur = t;
			t->hart = h->id;
		}
		if (r->clear) {
			clear_reservation();
			r->clear = 0;
		}
		r->state = RP_RUNNING;
		r->started_at = mtime();
		set_timer(h->id, ~0ull);
		rru_wr(h->id, RRU_REG_COUNTDOWN, r->node.icount);
		return t;
	}
}

/* A trap from U-mode while replaying. */
struct rru_thread *replay_trap(struct rru_hart *h, struct rru_thread *t, uint32_t cause,
			       uint32_t tval)
{
	if (cause == 0x80000010u) { /* countdown reached zero: the node is done */
		rru_wr(h->id, RRU_REG_COUNTDOWN, 0);
		node_complete(h, &rp[h->id]);
		return replay_next(h);
	}
	if (cause & 0x80000000u) { /* a nap's timer or hart 0's wake-up: carry on */
		set_timer(h->id, ~0ull);
		return t;
	}
	if (cause == 8) {
		uint32_t *r = t->regs;
		switch (r[REG_A7]) {
		case RRU_SYS_WRITE:
		case RRU_SYS_INPUT:
			return syscall(h, t);
		case RRU_SYS_YIELD: /* the DAG decides who runs */
			r[REG_PC] += 4;
			return t;
		default:
			replay_diverged(RRU_EXIT_REPLAY_DIVERGED,
					"thread %u at pc 0x%08x makes system call %u, past the end of its recording",
					t->tid, r[REG_PC], r[REG_A7]);
		}
	}
	if (cause == 2 && emulate_counter(h, t))
		return t;
	replay_diverged(RRU_EXIT_REPLAY_DIVERGED, "thread %u: %s at pc 0x%08x, address 0x%08x (not in the recording)",
			t->tid, cause_name(cause), t->regs[REG_PC], tval);
}

static uint32_t ram_size(void) { return ram_end - RRU_RAM_BASE; }

/* UPLOAD: u8 region, 3 pad, u32 offset, data. */
void replay_upload(const uint8_t *p, size_t n)
{
	uint32_t region = n >= RRU_LINK_UPLOAD_HDR ? p[0] : 0;
	uint32_t off = n >= RRU_LINK_UPLOAD_HDR ? rru_link_get32(p + 4) : 0;
	uint32_t len = n >= RRU_LINK_UPLOAD_HDR ? (uint32_t)n - RRU_LINK_UPLOAD_HDR : 0;
	uint32_t base, size;
	if (region == RRU_LINK_REGION_DAG) {
		base = RRU_REPLAY_DAG_BASE(ram_size());
		size = RRU_REPLAY_DAG_BYTES(ram_size());
	} else if (region == RRU_LINK_REGION_INLOG) {
		base = RRU_REPLAY_INLOG_BASE(ram_size());
		size = RRU_REPLAY_INLOG_BYTES(ram_size());
	} else {
		status(RRU_LINK_T_UPLOAD, RRU_LINK_ST_BAD_CMD, region, "UPLOAD: unknown region");
		return;
	}
	if (off > size || size - off < len) {
		char err[120];
		ksnprintf(err, sizeof err, "UPLOAD of %u bytes at offset %u: region %u holds %u bytes", len, off,
			  region, size);
		status(RRU_LINK_T_UPLOAD, RRU_LINK_ST_BAD_ADDR, off, err);
		return;
	}
	for (uint32_t i = 0; i < len; i++)
		*(volatile uint8_t *)(base + off + i) = p[RRU_LINK_UPLOAD_HDR + i];
}

/* REPLAY_START: u32 entry, u32 threads, u32 mode, u32 DAG bytes, u32
 * input-log bytes. */
void replay_start(const uint8_t *p, size_t n, uint32_t want_threads)
{
	char err[160];
	const uint8_t cmd = RRU_LINK_T_REPLAY_START;
	if (n < RRU_LINK_REPLAY_START_SIZE) {
		status(cmd, RRU_LINK_ST_BAD_CMD, 0, "REPLAY_START needs 20 bytes");
		return;
	}
	uint32_t entry = rru_link_get32(p), nt = rru_link_get32(p + 4), mode = rru_link_get32(p + 8);
	uint32_t dag_bytes = rru_link_get32(p + 12), in_bytes = rru_link_get32(p + 16);
#define refuse(...) return (void)ksnprintf(err, sizeof err, __VA_ARGS__), status(cmd, RRU_LINK_ST_FAILED, 0, err)
	if (!have_rru)
		refuse("this device has no RRU: replay needs its countdown");
	if (entry != RRU_APP_BASE)
		refuse("entry 0x%08x: apps start at APP_BASE 0x%08x", entry, RRU_APP_BASE);
	if (nt > RRU_MAX_THREADS)
		refuse("%u threads: at most %u", nt, RRU_MAX_THREADS);
	if (dag_bytes > RRU_REPLAY_DAG_BYTES(ram_size()) || in_bytes > RRU_REPLAY_INLOG_BYTES(ram_size()) ||
	    in_bytes % RRU_INLOG_REC_SIZE)
		refuse("DAG of %u bytes or input log of %u bytes does not fit its region", dag_bytes, in_bytes);
	if (rru_dc_open(&dag, (const void *)RRU_REPLAY_DAG_BASE(ram_size()), dag_bytes, err, sizeof err))
		return status(cmd, RRU_LINK_ST_FAILED, 0, err);
	if (dag.mode != mode)
		refuse("the uploaded DAG is mode %u, REPLAY_START asks for %u", dag.mode, mode);
	if (dag.ncpus != nharts)
		refuse("the DAG was recorded on %u cpus, this device runs %u harts", dag.ncpus, nharts);
#undef refuse
	inlog = (const uint8_t *)RRU_REPLAY_INLOG_BASE(ram_size());
	inlog_recs = in_bytes / RRU_INLOG_REC_SIZE;
	run_flags = 0;
	replaying = 1;
	if (begin_run(cmd, nt, want_threads))
		return;
	__atomic_store_n(&started, 1u, __ATOMIC_RELEASE);
	status(cmd, RRU_LINK_ST_OK, dag.nodes, 0);
	run(&harts[0]);
}
