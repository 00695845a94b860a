/* Expected end: an APP_CHECK fails in thread 1 (exit code 1, the condition named).
 * EXIT: 1
 * EXPECT: \[t1\] CHECK FAILED: .*check_fail.c:[0-9]+: tid != 1$ */
#include <rru/app.h>
void app_main(unsigned tid, unsigned n)
{
	(void)n;
	app_barrier();
	APP_CHECK(tid != 1);
	app_barrier();
}
