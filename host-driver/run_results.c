/* READ_RESULTS: a run's results as the kernel reports them (RESULTS,
 * docs/design.md §7.2), and the RRU parameters among them. */
#include "run_session.h"

#include "rru/cli.h"
#include "rru/msg.h"
#include "rru/rru_regs.h"

#include <stdio.h>
#include <stdlib.h>

/* The RRU parameters for config's rru= line (docs/design.md §7.1). */
void rru_dev_rru_params(uint64_t cfg, char *buf, size_t n)
{
	uint32_t c = (uint32_t)cfg;
	if (!c) {
		snprintf(buf, n, "none");
		return;
	}
	unsigned hashes = (c >> RRU_CFG_HASHES_SHIFT) & 15, idxw = (c >> RRU_CFG_IDXW_SHIFT) & 31;
	snprintf(buf, n, "%s %u bits x%u K=%u L=%u cfg=0x%08x",
		 (c >> RRU_CFG_FAMILY_SHIFT) & 1 ? "bitsel" : "h3", hashes << idxw, hashes,
		 (c >> RRU_CFG_TABLE_SHIFT) & 31, (uint32_t)(cfg >> 32), c);
}

int rru_dev_read_results(struct rru_dev *d, struct rru_run_result *res, bool *have_mem)
{
	const char *dn = rru_link_name(d->l);
	if (rru_link_send(d->l, RRU_LINK_T_READ_RESULTS, NULL, 0))
		return -1;
	*have_mem = false;
	for (;;) {
		struct rru_link_msg m;
		int lr = rru_link_recv(d->l, &m, -1);
		if (lr) {
			if (lr == RRU_LINK_ERR_TIMEOUT)
				rru_error("%s: no results within the timeout", dn);
			return -1;
		}
		if (m.type == RRU_LINK_T_ECHO_REPLY)
			continue;
		if (m.type == RRU_LINK_T_STATUS) {
			if (m.len < RRU_LINK_STATUS_HDR || m.data[0] != RRU_LINK_T_READ_RESULTS ||
			    m.data[1] != RRU_LINK_ST_OK) {
				rru_error("%s: READ_RESULTS failed: %.*s", dn,
					  m.len > RRU_LINK_STATUS_HDR ? (int)(m.len - RRU_LINK_STATUS_HDR) : 0,
					  (const char *)m.data + RRU_LINK_STATUS_HDR);
				return -2;
			}
			break;
		}
		if (m.type != RRU_LINK_T_RESULTS || m.len % RRU_LINK_RESULT_SIZE) {
			rru_error("%s: unexpected message type 0x%02x (%u bytes) while reading results", dn,
				  m.type, m.len);
			return -2;
		}
		for (unsigned o = 0; o < m.len; o += RRU_LINK_RESULT_SIZE) {
			const uint8_t *e = m.data + o;
			unsigned id = e[1], k = id < RRU_MAX_THREADS ? id : RRU_MAX_THREADS;
			uint64_t v = rru_link_get32(e + 4) | (uint64_t)rru_link_get32(e + 8) << 32;
			switch (e[0]) {
			case RRU_LINK_RES_MEM_DIGEST:
				res->mem_digest = v;
				*have_mem = true;
				break;
			case RRU_LINK_RES_OUTPUT_DIGEST:
				res->out_digest[k] = v;
				break;
			case RRU_LINK_RES_OUTPUT_BYTES:
				res->out_bytes[k] = (uint32_t)v;
				break;
			case RRU_LINK_RES_INPUTS:
				if (id < RRU_MAX_THREADS)
					res->inputs[id] = (uint32_t)v;
				break;
			case RRU_LINK_RES_THREAD_DIGEST:
				if (id < RRU_MAX_THREADS)
					res->thread_digest[id] = (uint32_t)v;
				break;
			case RRU_LINK_RES_CHUNKS:
				if (id < RRU_MAX_HARTS)
					res->chunks[id] = (uint32_t)v;
				break;
			case RRU_LINK_RES_RUN_TICKS:
				res->run_ticks = v;
				break;
			case RRU_LINK_RES_BUSY_TICKS:
				if (id < RRU_MAX_HARTS)
					res->busy_ticks[id] = v;
				break;
			case RRU_LINK_RES_RRU_STALLS:
				if (id < RRU_MAX_HARTS)
					res->rru_stalls[id] = v;
				break;
			case RRU_LINK_RES_RRU_CFG:
				res->rru_cfg = v;
				res->have_rru = v != 0;
				break;
			default:
				break; /* kinds this host does not use */
			}
		}
	}
	return 0;
}

int rru_dev_rru_cfg(struct rru_dev *d, uint64_t *cfg)
{
	struct rru_run_result *r = calloc(1, sizeof *r);
	bool have_mem;
	int rc = r ? rru_dev_read_results(d, r, &have_mem) : -2;
	*cfg = rc ? 0 : r->rru_cfg;
	free(r);
	return rc ? RRU_EXIT_FAIL : 0;
}
