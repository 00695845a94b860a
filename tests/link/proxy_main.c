/* rru-link-proxy: fault-injecting TCP relay (tests/link/proxy.h), to put
 * between `rru` and rru-sim by hand. */
#include "proxy.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct proxy px;

static void on_sig(int s)
{
	(void)s;
	px.stop = 1;
}

int main(int argc, char **argv)
{
	struct proxy_cfg c = {0};
	unsigned long listen = 0, to = 0;
	const char *host = "127.0.0.1";
	for (int i = 1; i < argc; i += 2) {
		const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : "";
		if (!strcmp(k, "--keep-device")) {
			c.keep_device = 1;
			i--; /* takes no value */
		} else if (i + 1 >= argc) {
			fprintf(stderr, "rru-link-proxy: option '%s' needs a value\n", k);
			return 2;
		} else if (!strcmp(k, "--listen")) listen = strtoul(v, NULL, 10);
		else if (!strcmp(k, "--to")) to = strtoul(v, NULL, 10);
		else if (!strcmp(k, "--host")) host = v;
		else if (!strcmp(k, "--drop")) c.drop = atof(v);
		else if (!strcmp(k, "--dup")) c.dup = atof(v);
		else if (!strcmp(k, "--flip")) c.flip = atof(v);
		else if (!strcmp(k, "--delay-p")) c.delay_p = atof(v);
		else if (!strcmp(k, "--delay-ms")) c.delay_ms = (unsigned)atoi(v);
		else if (!strcmp(k, "--disconnect-every")) c.disconnect_every = strtoull(v, NULL, 10);
		else if (!strcmp(k, "--max-disconnects")) c.max_disconnects = (unsigned)atoi(v);
		else if (!strcmp(k, "--seed")) c.seed = (uint32_t)strtoul(v, NULL, 0);
		else if (!strcmp(k, "--baud")) c.baud = (uint32_t)strtoul(v, NULL, 10);
		else if (!strcmp(k, "--dirs")) c.dirs = (unsigned)strtoul(v, NULL, 0) & 3u;
		else {
			fprintf(stderr, "rru-link-proxy: unknown option '%s'\n", k);
			return 2;
		}
	}
	if (!listen || !to || listen > 65535 || to > 65535) {
		fprintf(stderr, "usage: rru-link-proxy --listen PORT --to PORT [--host H] [--drop P] "
				"[--dup P] [--flip P] [--delay-p P --delay-ms MS] "
				"[--disconnect-every BYTES --max-disconnects N [--keep-device]] [--seed S] "
				"[--baud B] [--dirs 1|2|3]\n"
				"  --dirs: faults host->device (1), device->host (2), both (3, default)\n"
				"  --keep-device: a disconnect closes only the host's side; what the device "
				"sends meanwhile is lost\n");
		return 2;
	}
	uint16_t lp = (uint16_t)listen;
	if (proxy_init(&px, &c, &lp, host, (uint16_t)to) != 0) {
		perror("rru-link-proxy: listen");
		return 1;
	}
	signal(SIGINT, on_sig);
	signal(SIGTERM, on_sig);
	proxy_run(&px);
	fprintf(stderr, "rru-link-proxy: %llu+%llu bytes; dropped %llu, duplicated %llu, flipped %llu, "
			"delayed %llu, disconnects %llu, lost while disconnected %llu\n",
		(unsigned long long)px.st.bytes[0], (unsigned long long)px.st.bytes[1],
		(unsigned long long)px.st.dropped, (unsigned long long)px.st.duplicated,
		(unsigned long long)px.st.flipped, (unsigned long long)px.st.delayed,
		(unsigned long long)px.st.disconnects, (unsigned long long)px.st.orphaned);
	proxy_free(&px);
	return 0;
}
