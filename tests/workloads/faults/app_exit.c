/* Expected end: the last thread calls app_exit(42) while the others spin
 * forever; the program ends at once with code 42, its output line printed.
 * EXIT: 42
 * EXPECT: \[t[0-9]+\] leaving with 42$ */
#include <rru/app.h>
static volatile unsigned never;
void app_main(unsigned tid, unsigned n)
{
	if (tid == n - 1) {
		app_printf("leaving with 42\n");
		app_exit(42);
	}
	while (!never)
		;
}
