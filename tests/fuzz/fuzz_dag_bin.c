/* libFuzzer target: the binary DAG reader (include/rru/dagfmt.h). Whatever it
 * accepts is a valid replay order: every wait names an earlier node. */
#include "rru/dagfmt.h"
#include "rru/logfmt.h"
#include "rru/msg.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rru_msg_set_level(RRU_MSG_QUIET);
	struct rru_dag_reader *r;
	if (rru_dag_reader_open_mem(&r, data, size, "fuzz") == 0) {
		struct rru_dag_node n;
		while (rru_dag_reader_next(r, &n) == 1)
			for (unsigned i = 0; i < n.nedges; i++)
				if (n.edges[i].from >= n.id)
					abort();
	}
	rru_dag_reader_close(r);
	return 0;
}
