/* Fuzz target: the event-trace reader (include/rru/trace.h) and the RRU
 * model behind it. Any input must give events or a clean error, never a
 * crash, leak or hang. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "rru/model.h"
#include "rru/msg.h"
#include "rru/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rru_trace_hdr hdr;
	struct rru_trace_event ev;
	struct rru_model_cfg cfg;
	struct rru_model *m = NULL;
	if (size == 0)
		return 0;
	rru_msg_set_level(RRU_MSG_QUIET);
	FILE *f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	struct rru_trace_reader *r = rru_trace_reader_new(f, "fuzz", &hdr);
	if (r) {
		rru_model_cfg_default(&cfg);
		cfg.ncpus = hdr.ncpus;
		cfg.line_bytes = hdr.line_bytes;
		cfg.table = 2;
		cfg.icount_limit = 4;
		cfg.sig_bits = 64;
		cfg.fill_limit = 8;
		m = rru_model_new(&cfg, NULL, NULL);
		for (int n = 0; m && n < 100000 && rru_trace_read(r, &ev) == 1; n++)
			if (rru_model_step(m, &ev) != 0)
				break;
	}
	rru_model_free(m);
	rru_trace_reader_free(r);
	fclose(f);
	return 0;
}
