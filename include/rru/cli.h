/* The `rru` command-line tool: subcommand registration and shared conventions.
 *
 * Each subcommand lives in its own file in its part's folder and registers
 * itself with RRU_COMMAND; nothing central lists them, so parts add commands
 * without touching each other's files. Conventions (README "rru"):
 *   - getopt_long options; every command accepts -h/--help;
 *   - exit RRU_EXIT_OK (0) on success, RRU_EXIT_FAIL (1) when the work failed,
 *     RRU_EXIT_USAGE (2) for bad usage or bad input (corrupt files included).
 */
#ifndef RRU_CLI_H
#define RRU_CLI_H

enum rru_exit {
	RRU_EXIT_OK = 0,
	RRU_EXIT_FAIL = 1,
	RRU_EXIT_USAGE = 2,
};

struct rru_cmd {
	const char *name;    /* `rru <name>` */
	const char *args;    /* one-line synopsis of the arguments, for `rru help` */
	const char *summary; /* what it does, one line */
	int (*main)(int argc, char **argv); /* argv[0] is the command name */
};

/* Registers a command in the "rru_cmds" linker section. The variable is
 * static and unused by name; `used` keeps it, `aligned` keeps the section a
 * plain array of pointers. */
#define RRU_COMMAND(ident, name_, args_, summary_, main_)                      \
	static const struct rru_cmd rru_cmd_def_##ident = {                    \
		name_, args_, summary_, main_};                                \
	static const struct rru_cmd *const rru_cmd_ptr_##ident                  \
		__attribute__((used, section("rru_cmds"),                      \
			       aligned(sizeof(void *)))) = &rru_cmd_def_##ident

/* Dispatches argv to the named command; the whole of `rru`'s main. */
int rru_cli_main(int argc, char **argv);

/* Finds a registered command by name, or NULL. */
const struct rru_cmd *rru_cli_find(const char *name);

/* Number of registered commands, and the i-th in name order. */
unsigned rru_cli_count(void);
const struct rru_cmd *rru_cli_at(unsigned i);

/* Prints "usage: rru <cmd> <args>" and the summary to stderr; for -h/--help
 * handlers, followed by the command's own option list. */
void rru_cli_usage(const struct rru_cmd *cmd, const char *options);

#endif
