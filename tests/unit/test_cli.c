/* The rru command table and dispatch conventions (exit codes, help). */
#include "rru/cli.h"
#include "rru/msg.h"

#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <string.h>

static void redirect_both(void)
{
	cr_redirect_stdout();
	cr_redirect_stderr();
}

static int run(int argc, const char **argv)
{
	rru_msg_set_level(RRU_MSG_QUIET);
	return rru_cli_main(argc, (char **)argv);
}

Test(cli, registered_commands_are_sorted_and_found)
{
	cr_assert_geq(rru_cli_count(), 2);
	for (unsigned i = 1; i < rru_cli_count(); i++)
		cr_assert_lt(strcmp(rru_cli_at(i - 1)->name, rru_cli_at(i)->name), 0);
	cr_assert_not_null(rru_cli_find("help"));
	cr_assert_not_null(rru_cli_find("version"));
	cr_assert_null(rru_cli_find("no-such-command"));
	cr_assert_null(rru_cli_at(rru_cli_count()));
}

Test(cli, unknown_command_is_bad_usage)
{
	const char *argv[] = {"rru", "frobnicate", NULL};
	cr_assert_eq(run(2, argv), RRU_EXIT_USAGE);
}

Test(cli, no_command_is_bad_usage, .init = cr_redirect_stderr)
{
	const char *argv[] = {"rru", NULL};
	cr_assert_eq(run(1, argv), RRU_EXIT_USAGE);
}

Test(cli, unknown_global_option_is_bad_usage)
{
	const char *argv[] = {"rru", "--frob", "help", NULL};
	cr_assert_eq(run(3, argv), RRU_EXIT_USAGE);
}

Test(cli, help_lists_every_command, .init = cr_redirect_stdout)
{
	const char *argv[] = {"rru", "help", NULL};
	cr_assert_eq(run(2, argv), RRU_EXIT_OK);
	fflush(stdout);
	char buf[8192] = {0};
	fread(buf, 1, sizeof buf - 1, cr_get_redirected_stdout());
	for (unsigned i = 0; i < rru_cli_count(); i++)
		cr_assert_not_null(strstr(buf, rru_cli_at(i)->name), "missing %s", rru_cli_at(i)->name);
}

Test(cli, help_of_unknown_command_is_bad_usage)
{
	const char *argv[] = {"rru", "help", "frobnicate", NULL};
	cr_assert_eq(run(3, argv), RRU_EXIT_USAGE);
}

Test(cli, every_command_answers_help_with_success, .init = redirect_both)
{
	for (unsigned i = 0; i < rru_cli_count(); i++) {
		const char *argv[] = {"rru", rru_cli_at(i)->name, "--help", NULL};
		cr_assert_eq(run(3, argv), RRU_EXIT_OK, "rru %s --help", rru_cli_at(i)->name);
	}
}

Test(cli, version_rejects_arguments)
{
	const char *argv[] = {"rru", "version", "extra", NULL};
	cr_assert_eq(run(3, argv), RRU_EXIT_USAGE);
}

Test(cli, version_prints_version, .init = cr_redirect_stdout)
{
	const char *argv[] = {"rru", "version", NULL};
	cr_assert_eq(run(2, argv), RRU_EXIT_OK);
	fflush(stdout);
	cr_assert_stdout_eq_str("openrru " RRU_VERSION "\n");
}
