/* The logging helper: levels filter, prefixes name program and level. */
#include "rru/msg.h"

#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdlib.h>

Test(msg, levels_filter_and_prefix, .init = cr_redirect_stderr)
{
	rru_msg_set_program("rru");
	rru_msg_set_level(RRU_MSG_WARN);
	rru_error("bad %d", 1);
	rru_warn("careful");
	rru_info("hidden");
	rru_debug("hidden too");
	rru_msg_set_level(RRU_MSG_QUIET);
	rru_error("silenced");
	fflush(stderr);
	cr_assert_stderr_eq_str("rru: error: bad 1\nrru: warning: careful\n");
}

Test(msg, level_from_environment)
{
	rru_msg_set_level(RRU_MSG_INFO);
	setenv("RRU_LOG_LEVEL", "debug", 1);
	rru_msg_init_from_env();
	cr_assert_eq(rru_msg_get_level(), RRU_MSG_DEBUG);
	setenv("RRU_LOG_LEVEL", "error", 1);
	rru_msg_init_from_env();
	cr_assert_eq(rru_msg_get_level(), RRU_MSG_ERROR);
}
