/* libFuzzer target: the text log reader (include/rru/logfmt.h) and the DAG
 * builder on whatever it accepts: never a crash, a hang or a leak; every
 * accepted record formats to a line that parses back to itself. */
#include "rru/dag.h"
#include "rru/logfmt.h"
#include "rru/msg.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rru_msg_set_level(RRU_MSG_QUIET);
	if (size && data[0] == 0x89)
		return 0; /* the binary reader's target covers those */
	struct rru_log_reader *r;
	if (rru_log_open_mem(&r, data, size, "fuzz") != 0) {
		rru_log_close(r);
		return 0;
	}
	struct rru_record rec;
	struct rru_dag *d = NULL, *s = NULL;
	int rc;
	while ((rc = rru_log_read(r, &rec)) == 1) {
		if (!d) {
			d = rru_dag_new(RRU_DAG_MAXPAR, rru_log_ncpus(r), NULL, NULL);
			s = rru_dag_new(RRU_DAG_STITCHED, rru_log_ncpus(r), NULL, NULL);
		}
		char line[512], again[512];
		struct rru_record x;
		int empty;
		rru_log_format_line(&rec, line, sizeof line);
		line[strlen(line) - 1] = '\0';
		if (rru_log_parse_line(line, RRU_MAX_CPUS, &x, &empty, NULL) || empty)
			abort();
		rru_log_format_line(&x, again, sizeof again);
		again[strlen(again) - 1] = '\0';
		if (strcmp(line, again) != 0)
			abort();
		/* the reader checked the order rules: the builder must agree */
		if (rru_dag_feed(d, &rec) != 0 || rru_dag_feed(s, &rec) != 0)
			abort();
	}
	if (rc == 0 && d && (rru_dag_finish(d) != 0 || rru_dag_finish(s) != 0))
		abort();
	rru_dag_free(d);
	rru_dag_free(s);
	rru_log_close(r);
	return 0;
}
