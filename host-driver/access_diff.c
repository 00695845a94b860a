/* The first access a diverging replay got wrong, from two rru-sim access
 * logs (docs/design.md §7.4). A replay's hart h runs exactly the recorded
 * chunks of cpu h, so the two logs agree record for record, hart by hart,
 * until the replay goes wrong. */
#include "access_diff.h"

#include "../backend/input.h"
#include "run_session.h"

#include <stdlib.h>
#include <string.h>

#define REC_SIZE 24u
#define NHARTS 8u

struct access {
	uint32_t uidx, pc, addr, rdata, wdata;
	unsigned hart, rmask, wmask;
};

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void decode(const uint8_t *p, struct access *a)
{
	a->uidx = get32(p);
	a->pc = get32(p + 4);
	a->addr = get32(p + 8);
	a->rdata = get32(p + 12);
	a->wdata = get32(p + 16);
	a->hart = p[20];
	a->rmask = p[21];
	a->wmask = p[22];
}

static int same(const struct access *x, const struct access *y)
{
	return x->uidx == y->uidx && x->pc == y->pc && x->addr == y->addr && x->rmask == y->rmask &&
	       x->wmask == y->wmask && (!x->rmask || x->rdata == y->rdata) &&
	       (!x->wmask || x->wdata == y->wdata);
}

/* Index of the n-th record (0-based) of hart h at or after *from, or len. */
static size_t next_of(const uint8_t *b, size_t len, unsigned h, size_t from)
{
	for (size_t o = from; o + REC_SIZE <= len; o += REC_SIZE)
		if (b[o + 20] == h)
			return o;
	return len;
}

/* The recorded chunk of cpu h that holds its uidx-th U-mode instruction. */
static void chunk_of(const char *run, unsigned h, uint32_t uidx, char *out, size_t cap)
{
	char path[4096];
	struct rru_log_reader *r = NULL;
	snprintf(out, cap, "(its chunk is not in the log)");
	if (rru_backend_open_input(&r, run, path, sizeof path) != 0) {
		if (r)
			rru_log_close(r);
		return;
	}
	struct rru_record rec;
	uint64_t end = 0;
	unsigned k = 0;
	while (rru_log_read(r, &rec) > 0) {
		if (rec.kind != RRU_REC_CHUNK || rec.u.chunk.cpu != h)
			continue;
		end += rec.u.chunk.icount;
		if (uidx < end) {
			snprintf(out, cap, "chunk %u of cpu %u (thread %u, %u instructions)", k, h,
				 (unsigned)rec.u.chunk.tid, (unsigned)rec.u.chunk.icount);
			break;
		}
		k++;
	}
	rru_log_close(r);
}

static void describe(const struct access *a, char *out, size_t cap)
{
	if (a->rmask && a->wmask)
		snprintf(out, cap, "read 0x%08x and wrote 0x%08x", a->rdata, a->wdata);
	else if (a->rmask)
		snprintf(out, cap, "read 0x%08x", a->rdata);
	else
		snprintf(out, cap, "wrote 0x%08x", a->wdata);
}

int rru_access_first_diff(const char *run, const char *recorded, const char *replayed, char *msg,
			  size_t cap)
{
	size_t na = 0, nb = 0;
	uint8_t *a = rru_file_read(recorded, &na), *b = rru_file_read(replayed, &nb);
	int rc = -1;
	if (!a || !b)
		goto out;
	na -= na % REC_SIZE;
	nb -= nb % REC_SIZE;
	/* Per hart, the first difference; reported: the one the replay
	 * reached first (its position in the replay's log). */
	size_t best = (size_t)-1;
	unsigned ndiff = 0;
	for (unsigned h = 0; h < NHARTS; h++) {
		size_t oa = next_of(a, na, h, 0), ob = next_of(b, nb, h, 0);
		uint64_t n = 0;
		for (; oa < na && ob < nb; oa = next_of(a, na, h, oa + REC_SIZE), ob = next_of(b, nb, h, ob + REC_SIZE), n++) {
			struct access x, y;
			decode(a + oa, &x);
			decode(b + ob, &y);
			if (!same(&x, &y))
				break;
		}
		if (oa >= na && ob >= nb)
			continue; /* this hart agrees */
		ndiff++;
		if (ob >= best)
			continue;
		best = ob;
		char chunk[160], want[64], got[64];
		if (oa < na && ob < nb) {
			struct access x, y;
			decode(a + oa, &x);
			decode(b + ob, &y);
			chunk_of(run, h, x.uidx, chunk, sizeof chunk);
			describe(&x, want, sizeof want);
			describe(&y, got, sizeof got);
			if (x.pc == y.pc && x.addr == y.addr)
				snprintf(msg, cap, "first differing access: cpu %u, access %llu, in %s: pc 0x%08x at 0x%08x %s, the recording %s",
					 h, (unsigned long long)n, chunk, y.pc, y.addr, got, want);
			else
				snprintf(msg, cap, "first differing access: cpu %u, access %llu, in %s: the replay's pc 0x%08x at 0x%08x (%s), the recording's pc 0x%08x at 0x%08x (%s)",
					 h, (unsigned long long)n, chunk, y.pc, y.addr, got, x.pc, x.addr, want);
		} else if (oa < na) {
			struct access x;
			decode(a + oa, &x);
			chunk_of(run, h, x.uidx, chunk, sizeof chunk);
			snprintf(msg, cap, "first differing access: cpu %u stopped after %llu accesses; the recording goes on in %s at pc 0x%08x",
				 h, (unsigned long long)n, chunk, x.pc);
		} else {
			struct access y;
			decode(b + ob, &y);
			chunk_of(run, h, y.uidx, chunk, sizeof chunk);
			snprintf(msg, cap, "first differing access: cpu %u made more than the recording's %llu accesses: pc 0x%08x at 0x%08x",
				 h, (unsigned long long)n, y.pc, y.addr);
		}
	}
	rc = ndiff ? 1 : 0;
out:
	free(a);
	free(b);
	return rc;
}
