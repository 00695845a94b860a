/* The command-line options `rru run`, `rru record` and `rru replay` share:
 * where the device is, cores, threads, seed, timeouts (run_session.h). */
#include "run_session.h"

#include "rru/cli.h"
#include "rru/dag.h"
#include "rru/msg.h"
#include "rru/parse.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rru_run_args_parse(int argc, char **argv, int kind, struct rru_run_args *a)
{
	enum { O_QUEMU = 256, O_KERNEL, O_QUIET, O_FORCE, O_TIMEOUT, O_RECORDER, O_CREW_PAGE, O_CREW_COST,
	       O_LOG };
	const bool record = kind == RRU_ARGS_RECORD, replay = kind == RRU_ARGS_REPLAY;
	static const struct option opts[] = {
		{"link", required_argument, NULL, 'l'},   {"board", required_argument, NULL, 'b'},
		{"serial", required_argument, NULL, 's'}, {"sim", no_argument, NULL, 'S'},
		{"qemu", no_argument, NULL, O_QUEMU},     {"cores", required_argument, NULL, 'c'},
		{"threads", required_argument, NULL, 't'}, {"seed", required_argument, NULL, 'r'},
		{"kernel", required_argument, NULL, O_KERNEL}, {"output", required_argument, NULL, 'o'},
		{"force", no_argument, NULL, O_FORCE},    {"timeout", required_argument, NULL, O_TIMEOUT},
		{"quiet", no_argument, NULL, O_QUIET},    {"help", no_argument, NULL, 'h'},
		{"mode", required_argument, NULL, 'm'},
		{"recorder", required_argument, NULL, O_RECORDER}, {"crew-page", required_argument, NULL, O_CREW_PAGE},
		{"crew-cost", required_argument, NULL, O_CREW_COST}, {"log", required_argument, NULL, O_LOG},
		{0, 0, 0, 0}};
	const char *name = record ? "record" : replay ? "replay" : "run";
	const struct rru_cmd *self = rru_cli_find(name);
	static const char run_opts[] =
		"  -l, --link SPEC     tcp:HOST:PORT | tty:/dev/ttyUSBn[@BAUD] | board:NAME\n"
		"  -b, --board NAME    an FTDI board from `rru boards` (same as --link board:NAME)\n"
		"  -s, --serial S      choose among several boards by USB serial number\n"
		"  -S, --sim           start build/bin/rru-sim --uart-tcp PORT and use it\n"
		"      --qemu          start qemu-system-riscv32 (virt) with the kernel instead\n"
		"                      (developer/CI stand-in for --sim: same kernel, same link)\n"
		"  -c, --cores N       harts of the simulator/qemu (default 4); with a link, checked\n"
		"  -t, --threads T     app threads (default: one per core)\n"
		"  -r, --seed S        the simulator's seed (recorded in config; qemu has none)\n"
		"      --kernel FILE   the resident kernel for --sim/--qemu (default: next to rru)\n"
		"      --timeout MS    give up when the device acknowledges nothing this long (5000)\n"
		"      --quiet         no progress display\n";
	const char *rec_opts = record ? "  -o, --output RUN/   the run directory to write (docs/design.md §7)\n"
					"      --force         write into a RUN/ that already holds a recording\n"
					"      --recorder R    rru (default: the RRUs' log.bin), crew (SMP-ReVirt's CREW\n"
					"                      recorder, --sim only: crew.bin) or both (docs/design.md §9)\n"
					"      --crew-page B   CREW page size in bytes, a power of two (default 4096)\n"
					"      --crew-cost C   cycles each CREW fault holds its core (default 1000)\n"
			       : replay ? "  -m, --mode M        maxpar (default), stitched, stserial or serial\n"
					"      --log L         the chunk log to replay: rru (log.bin, default) or crew\n"
					"                      (crew.bin of `rru record --recorder crew|both`)\n"
					"RUN/ is a recording of `rru record`; the DAG is built if RUN/ lacks it.\n"
					"--cores and --threads default to the recording's.\n"
					: "";
	char spec[300];
	uint64_t v;
	const char *err;
	int nsrc = 0;
	memset(a, 0, sizeof *a);
	a->dev.kind = RRU_DEV_LINK;
	a->recorder = RRU_RECORDER_RRU;
	a->dev.crew_page = 4096;
	a->dev.crew_cost = 1000;
	bool crew_opt = false;
	optind = 1;
	for (int c; (c = getopt_long(argc, argv, record ? "l:b:s:Sc:t:r:o:h" : replay ? "l:b:s:Sc:t:r:m:h" : "l:b:s:Sc:t:r:h",
				      opts, NULL)) != -1;) {
		if ((c == 'm' && !replay) || (c == 'o' && !record) || (c == O_FORCE && !record) ||
		    ((c == O_RECORDER || c == O_CREW_PAGE || c == O_CREW_COST) && !record) || (c == O_LOG && !replay))
			c = '?';
		switch (c) {
		case O_RECORDER:
			if (!strcmp(optarg, "rru"))
				a->recorder = RRU_RECORDER_RRU;
			else if (!strcmp(optarg, "crew"))
				a->recorder = RRU_RECORDER_CREW;
			else if (!strcmp(optarg, "both"))
				a->recorder = RRU_RECORDER_RRU | RRU_RECORDER_CREW;
			else {
				rru_error("record: --recorder '%s': expected rru, crew or both", optarg);
				return RRU_EXIT_USAGE;
			}
			break;
		case O_CREW_PAGE:
			if ((err = rru_parse_u64(optarg, 4, 1u << 20, &v)) || (v & (v - 1))) {
				rru_error("record: --crew-page '%s': %s", optarg,
					  err ? err : "not a power of two");
				return RRU_EXIT_USAGE;
			}
			a->dev.crew_page = (unsigned)v, crew_opt = true;
			break;
		case O_CREW_COST:
			if ((err = rru_parse_u64(optarg, 0, 100000000, &v))) {
				rru_error("record: --crew-cost '%s': %s", optarg, err);
				return RRU_EXIT_USAGE;
			}
			a->dev.crew_cost = v, crew_opt = true;
			break;
		case O_LOG:
			if (!strcmp(optarg, "crew"))
				a->crew_log = true;
			else if (strcmp(optarg, "rru")) {
				rru_error("replay: --log '%s': expected rru or crew", optarg);
				return RRU_EXIT_USAGE;
			}
			break;
		case 'm':
			if ((a->mode = rru_dag_mode_parse(optarg)) < 0) {
				rru_error("replay: unknown mode '%s' (maxpar, stitched, stserial, serial)", optarg);
				return RRU_EXIT_USAGE;
			}
			break;
		case 'l':
			a->dev.kind = RRU_DEV_LINK, a->dev.link = optarg, nsrc++;
			break;
		case 'b':
			snprintf(spec, sizeof spec, "board:%s", optarg);
			a->dev.kind = RRU_DEV_LINK, a->dev.link = strdup(spec), nsrc++;
			break;
		case 's':
			a->dev.serial = optarg;
			break;
		case 'S':
			a->dev.kind = RRU_DEV_SIM, nsrc++;
			break;
		case O_QUEMU:
			a->dev.kind = RRU_DEV_QEMU, nsrc++;
			break;
		case 'c':
			if ((err = rru_parse_u64(optarg, 1, RRU_MAX_HARTS, &v))) {
				rru_error("%s: --cores '%s': %s", name, optarg, err);
				return RRU_EXIT_USAGE;
			}
			a->dev.cores = (unsigned)v;
			break;
		case 't':
			if ((err = rru_parse_u64(optarg, 1, RRU_MAX_THREADS, &v))) {
				rru_error("%s: --threads '%s': %s", name, optarg, err);
				return RRU_EXIT_USAGE;
			}
			a->threads = (unsigned)v;
			break;
		case 'r':
			if ((err = rru_parse_u64(optarg, 0, UINT64_MAX, &a->dev.seed))) {
				rru_error("%s: --seed '%s': %s", name, optarg, err);
				return RRU_EXIT_USAGE;
			}
			a->dev.seed_given = true;
			break;
		case O_KERNEL:
			a->dev.kernel = optarg;
			break;
		case 'o':
			a->out = optarg;
			break;
		case O_FORCE:
			a->force = true;
			break;
		case O_TIMEOUT:
			if ((err = rru_parse_u64(optarg, 100, 3600000, &v))) {
				rru_error("%s: --timeout '%s': %s", name, optarg, err);
				return RRU_EXIT_USAGE;
			}
			a->dev.timeout_ms = (uint32_t)v;
			break;
		case O_QUIET:
			a->dev.quiet = true;
			break;
		case 'h':
			rru_cli_usage(self, run_opts);
			fputs(rec_opts, stderr);
			return RRU_EXIT_OK;
		default:
			rru_cli_usage(self, run_opts);
			fputs(rec_opts, stderr);
			return RRU_EXIT_USAGE;
		}
	}
	if (nsrc != 1) {
		rru_error("%s: %s", name,
			  nsrc ? "give only one of --link, --board, --sim, --qemu"
			       : "where to run? give --link SPEC, --board NAME, --sim or --qemu");
		return RRU_EXIT_USAGE;
	}
	if (optind + 1 != argc) {
		rru_error("%s: %s", name, replay ? "give one recording directory RUN/"
					  : optind == argc ? "no program (PROG.elf) given"
							   : "takes one program (PROG.elf)");
		return RRU_EXIT_USAGE;
	}
	a->elf = argv[optind];
	if (record && !a->out) {
		rru_error("record: no run directory: give -o RUN/");
		return RRU_EXIT_USAGE;
	}
	if ((a->recorder & RRU_RECORDER_CREW) && a->dev.kind != RRU_DEV_SIM) {
		rru_error("record: --recorder %s needs --sim (the simulator plays the MMU's part)",
			  a->recorder & RRU_RECORDER_RRU ? "both" : "crew");
		return RRU_EXIT_USAGE;
	}
	if (crew_opt && !(a->recorder & RRU_RECORDER_CREW)) {
		rru_error("record: --crew-page and --crew-cost go with --recorder crew or both");
		return RRU_EXIT_USAGE;
	}
	if (a->dev.kind != RRU_DEV_LINK && !a->dev.cores && !replay)
		a->dev.cores = 4;
	if (a->dev.kind == RRU_DEV_LINK && a->dev.kernel) {
		rru_error("%s: --kernel is for --sim/--qemu; a board or link runs its own kernel", name);
		return RRU_EXIT_USAGE;
	}
	return -1;
}
