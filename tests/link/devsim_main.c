/* rru-link-devsim: the device side of the link (firmware/link, host build)
 * serving a TCP port, with the synthetic app of tests/link/devsim.c. Lets
 * `rru link-check --link tcp:localhost:PORT` run without the simulator. */
#include "devsim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	struct devsim_cfg cfg = {1u << 20, 65536, 4, 1};
	unsigned long port = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--port") && i + 1 < argc)
			port = strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--log-bytes") && i + 1 < argc)
			cfg.log_bytes = (uint32_t)strtoul(argv[++i], NULL, 0);
		else {
			fprintf(stderr, "usage: rru-link-devsim --port PORT [--log-bytes N]\n");
			return 2;
		}
	}
	if (port == 0 || port > 65535) {
		fprintf(stderr, "rru-link-devsim: --port 1..65535 is required\n");
		return 2;
	}
	uint16_t p = (uint16_t)port;
	int lfd = devsim_listen(&p);
	if (lfd < 0) {
		perror("rru-link-devsim: listen");
		return 1;
	}
	static struct devsim d;
	if (devsim_init(&d, &cfg, -1, lfd) != 0) {
		fprintf(stderr, "rru-link-devsim: out of memory\n");
		return 1;
	}
	fprintf(stderr, "rru-link-devsim: listening on 127.0.0.1:%u\n", p);
	devsim_run(&d);
	devsim_free(&d);
	return 0;
}
