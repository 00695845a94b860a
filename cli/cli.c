/* `rru` dispatch: global options, the command table, `rru help`, `rru version`. */
#include "rru/cli.h"
#include "rru/msg.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bounds of the "rru_cmds" section, provided by the GNU linker. */
extern const struct rru_cmd *const __start_rru_cmds[];
extern const struct rru_cmd *const __stop_rru_cmds[];

#define RRU_CLI_MAX_CMDS 64
static const struct rru_cmd *sorted[RRU_CLI_MAX_CMDS];
static unsigned nsorted;

static int by_name(const void *a, const void *b)
{
	const struct rru_cmd *const *x = a, *const *y = b;
	return strcmp((*x)->name, (*y)->name);
}

static void load_table(void)
{
	if (nsorted)
		return;
	for (const struct rru_cmd *const *p = __start_rru_cmds; p < __stop_rru_cmds; p++)
		if (nsorted < RRU_CLI_MAX_CMDS)
			sorted[nsorted++] = *p;
	qsort(sorted, nsorted, sizeof sorted[0], by_name);
}

unsigned rru_cli_count(void)
{
	load_table();
	return nsorted;
}

const struct rru_cmd *rru_cli_at(unsigned i)
{
	load_table();
	return i < nsorted ? sorted[i] : NULL;
}

const struct rru_cmd *rru_cli_find(const char *name)
{
	load_table();
	for (unsigned i = 0; i < nsorted; i++)
		if (strcmp(sorted[i]->name, name) == 0)
			return sorted[i];
	return NULL;
}

void rru_cli_usage(const struct rru_cmd *cmd, const char *options)
{
	fprintf(stderr, "usage: rru %s %s\n%s\n", cmd->name, cmd->args, cmd->summary);
	if (options && *options)
		fprintf(stderr, "\noptions:\n%s", options);
}

static void print_overview(FILE *f)
{
	fprintf(f, "usage: rru [-v|-q] <command> [options] [args]\n\n"
		   "openrru %s: hardware record-and-replay for RISC-V multiprocessors.\n\n"
		   "commands:\n",
		RRU_VERSION);
	load_table();
	for (unsigned i = 0; i < nsorted; i++)
		fprintf(f, "  %-10s %s\n", sorted[i]->name, sorted[i]->summary);
	fprintf(f, "\n`rru <command> --help` describes a command's options.\n"
		   "global options: -v/--verbose (debug messages), -q/--quiet (errors only).\n"
		   "exit status: 0 ok, 1 failure, 2 bad usage or bad input.\n");
}

static int cmd_help(int argc, char **argv)
{
	if (argc > 2) {
		rru_error("help: too many arguments; try `rru help [command]`");
		return RRU_EXIT_USAGE;
	}
	if (argc == 2 && strcmp(argv[1], "--help") != 0 && strcmp(argv[1], "-h") != 0) {
		const struct rru_cmd *c = rru_cli_find(argv[1]);
		if (!c) {
			rru_error("help: no command '%s'; `rru help` lists them", argv[1]);
			return RRU_EXIT_USAGE;
		}
		char *sub[] = {(char *)c->name, "--help", NULL};
		return c->main(2, sub);
	}
	print_overview(stdout);
	return RRU_EXIT_OK;
}
RRU_COMMAND(help, "help", "[command]", "list the commands, or describe one", cmd_help);

static int cmd_version(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};
	optind = 1;
	for (int c; (c = getopt_long(argc, argv, "h", opts, NULL)) != -1;) {
		rru_cli_usage(rru_cli_find("version"), "  -h, --help  this text\n");
		return c == 'h' ? RRU_EXIT_OK : RRU_EXIT_USAGE;
	}
	if (optind != argc) {
		rru_error("version: takes no arguments");
		return RRU_EXIT_USAGE;
	}
	printf("openrru %s\n", RRU_VERSION);
	return RRU_EXIT_OK;
}
RRU_COMMAND(version, "version", "", "print the version", cmd_version);

int rru_cli_main(int argc, char **argv)
{
	rru_msg_init_from_env();
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
			rru_msg_set_level(RRU_MSG_DEBUG);
		} else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) {
			rru_msg_set_level(RRU_MSG_ERROR);
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			print_overview(stdout);
			return RRU_EXIT_OK;
		} else if (!strcmp(argv[i], "--version")) {
			printf("openrru %s\n", RRU_VERSION);
			return RRU_EXIT_OK;
		} else {
			rru_error("unknown option '%s' before the command; try `rru help`", argv[i]);
			return RRU_EXIT_USAGE;
		}
	}
	if (i == argc) {
		print_overview(stderr);
		return RRU_EXIT_USAGE;
	}
	const struct rru_cmd *c = rru_cli_find(argv[i]);
	if (!c) {
		rru_error("no command '%s'; `rru help` lists them", argv[i]);
		return RRU_EXIT_USAGE;
	}
	/* Commands parse their own options with getopt_long from argv[0] = name. */
	optind = 1;
	return c->main(argc - i, argv + i);
}
