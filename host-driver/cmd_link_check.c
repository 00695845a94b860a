/* `rru link-check`: HELLO, then ECHO round trips; reports the device and the rate. */
#include "rru/cli.h"
#include "rru/link_host.h"
#include "rru/msg.h"
#include "rru/parse.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char options[] =
	"  -l, --link SPEC     tcp:HOST:PORT | tty:/dev/ttyUSBn[@BAUD] | board:NAME\n"
	"  -b, --board NAME    an FTDI board from `rru boards` (same as --link board:NAME)\n"
	"  -s, --serial S      choose among several boards by USB serial number\n"
	"  -n, --count N       echo round trips (default 100)\n"
	"  -t, --timeout MS    give up when the device is silent this long (default 5000)\n"
	"      --quiet         no progress display\n"
	"  -h, --help          this text\n";

static int cmd_link_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{"link", required_argument, NULL, 'l'},  {"board", required_argument, NULL, 'b'},
		{"serial", required_argument, NULL, 's'}, {"count", required_argument, NULL, 'n'},
		{"timeout", required_argument, NULL, 't'}, {"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},         {0, 0, 0, 0}};
	const struct rru_cmd *self = rru_cli_find("link-check");
	const char *link = NULL;
	char spec[300];
	uint64_t count = 100, timeout = 5000;
	struct rru_link_opts o = {0};
	const char *err;
	for (int c; (c = getopt_long(argc, argv, "l:b:s:n:t:h", opts, NULL)) != -1;) {
		switch (c) {
		case 'l':
			link = optarg;
			break;
		case 'b':
			snprintf(spec, sizeof spec, "board:%s", optarg);
			link = spec;
			break;
		case 's':
			o.serial = optarg;
			break;
		case 'n':
			if ((err = rru_parse_u64(optarg, 1, 1000000, &count))) {
				rru_error("link-check: --count '%s': %s", optarg, err);
				return RRU_EXIT_USAGE;
			}
			break;
		case 't':
			if ((err = rru_parse_u64(optarg, 1, 3600000, &timeout))) {
				rru_error("link-check: --timeout '%s': %s", optarg, err);
				return RRU_EXIT_USAGE;
			}
			break;
		case 'q':
			o.quiet = true;
			break;
		case 'h':
			rru_cli_usage(self, options);
			return RRU_EXIT_OK;
		default:
			rru_cli_usage(self, options);
			return RRU_EXIT_USAGE;
		}
	}
	if (optind != argc || !link) {
		rru_error("link-check: %s", link ? "takes no arguments" : "--link or --board is required");
		return RRU_EXIT_USAGE;
	}
	o.timeout_ms = (uint32_t)timeout;
	struct rru_link *l;
	int rc = rru_link_open(link, &o, &l);
	if (rc)
		return rc == RRU_LINK_ERR_USAGE ? RRU_EXIT_USAGE : RRU_EXIT_FAIL;
	struct rru_link_info info;
	rc = rru_link_hello(l, &info);
	if (!rc)
		printf("%s: link protocol %u.%u, firmware '%s', %u cpus, %u KiB RAM, window %u, "
		       "frames up to %u bytes\n",
		       link, info.major, info.minor, info.firmware, info.cpus, info.ram_bytes / 1024,
		       info.window, info.max_payload);
	struct rru_link_progress pr;
	uint8_t buf[RRU_LINK_MAX_PAYLOAD];
	uint64_t bytes = 0;
	double t0 = rru_link_now();
	rru_link_progress_begin(&pr, "echo", count * sizeof buf * 2, o.quiet);
	for (uint64_t i = 0; !rc && i < count; i++) {
		for (size_t k = 0; k < sizeof buf; k++)
			buf[k] = (uint8_t)(i * 131 + k * 7);
		rc = rru_link_echo(l, buf, sizeof buf);
		bytes += 2 * sizeof buf;
		rru_link_progress_update(&pr, bytes, 0);
	}
	rru_link_progress_end(&pr);
	double el = rru_link_now() - t0;
	if (!rc) {
		struct rru_link_counters c;
		rru_link_counters(l, &c);
		printf("%s: %llu echo round trips of %zu bytes in %.3f s: %.1f round trips/s, "
		       "%.1f KiB/s payload (both ways), %.2f ms per round trip; "
		       "%u retransmissions, %u CRC errors\n",
		       link, (unsigned long long)count, sizeof buf, el, (double)count / el,
		       (double)bytes / el / 1024.0, el * 1000.0 / (double)count, c.retransmits,
		       c.bad_crc);
	}
	rru_link_close(l);
	return rc ? RRU_EXIT_FAIL : RRU_EXIT_OK;
}
RRU_COMMAND(link_check, "link-check",
	    "--link tcp:HOST:PORT|tty:DEV | --board NAME [--serial S] [-n N]",
	    "check the link to a board or rru-sim: HELLO and echo round trips", cmd_link_check);
