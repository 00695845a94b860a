/* libFuzzer target: the binary log reader (include/rru/logfmt.h) and the DAG
 * builder on whatever it accepts. The first input byte picks a mutation
 * mode: raw bytes, or bytes placed after a valid header and block framing
 * (with a correct CRC) so the fuzzer reaches the record decoder. */
#include "rru/dag.h"
#include "rru/logfmt.h"
#include "rru/msg.h"

#include <stdlib.h>
#include <string.h>

static void run(const uint8_t *data, size_t size)
{
	struct rru_log_reader *r;
	if (rru_log_open_mem(&r, data, size, "fuzz") != 0) {
		rru_log_close(r);
		return;
	}
	struct rru_dag *d = rru_dag_new(RRU_DAG_MAXPAR, rru_log_ncpus(r), NULL, NULL);
	struct rru_record rec;
	int rc;
	while ((rc = rru_log_read(r, &rec)) == 1)
		if (rru_dag_feed(d, &rec) != 0)
			abort(); /* the reader checked the order rules */
	if (rc == 0 && rru_dag_finish(d) != 0)
		abort();
	rru_dag_free(d);
	rru_log_close(r);
}

static void le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rru_msg_set_level(RRU_MSG_QUIET);
	if (size < 2)
		return 0;
	if (!(data[0] & 1)) {
		run(data + 1, size - 1);
		return 0;
	}
	/* framed: header for (data[1] % 8 + 1) cpus, one block, end block */
	size_t plen = size - 2;
	if (plen == 0 || plen > RRU_BLOCK_MAX_PAYLOAD)
		return 0;
	size_t len = RRU_LOG_HEADER_LEN + 2 * RRU_BLOCK_HEADER_LEN + plen;
	uint8_t *b = malloc(len);
	memcpy(b, RRU_LOG_MAGIC, RRU_LOG_MAGIC_LEN);
	b[8] = RRU_LOG_VERSION;
	b[9] = 0;
	b[10] = (uint8_t)(data[1] % 8 + 1);
	b[11] = 0;
	le32(b + 12, rru_crc32(0, b, 12));
	uint8_t *h = b + RRU_LOG_HEADER_LEN;
	/* record count: from the top bits of data[0] (1..64) */
	uint32_t cnt = (uint32_t)(data[0] >> 2) + 1;
	le32(h, (uint32_t)plen);
	le32(h + 4, cnt);
	le32(h + 8, rru_crc32(0, data + 2, plen));
	memcpy(h + RRU_BLOCK_HEADER_LEN, data + 2, plen);
	uint8_t *e = h + RRU_BLOCK_HEADER_LEN + plen;
	le32(e, 0);
	le32(e + 4, cnt);
	le32(e + 8, 0);
	run(b, len);
	free(b);
	return 0;
}
