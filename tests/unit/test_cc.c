/* `rru cc`: option and input errors, missing compiler and runtime, and one
 * real build whose ELF header is checked (RV32, entry at APP_BASE). Runs from
 * the repository root after `make` (the runtime in build/firmware). */
#include "rru/cli.h"
#include "rru/memmap.h"
#include "rru/msg.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RUNTIME "build/firmware"

static char dir[] = "/tmp/rru-test-cc-XXXXXX";

static void setup(void)
{
	rru_msg_set_level(RRU_MSG_QUIET);
	cr_assert(mkdtemp(dir) != NULL);
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_assert(system(cmd) == 0);
}

static int cc(int argc, const char **argv)
{
	const struct rru_cmd *cmd = rru_cli_find("cc");
	cr_assert(cmd != NULL, "rru cc is not registered");
	return cmd->main(argc, (char **)argv);
}

static const char *write_src(const char *name, const char *text)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	cr_assert(f != NULL);
	fputs(text, f);
	fclose(f);
	return path;
}

TestSuite(cc, .init = setup, .fini = teardown);

Test(cc, usage_errors)
{
	const char *help[] = {"cc", "--help", NULL};
	cr_expect_eq(cc(2, help), RRU_EXIT_OK);
	const char *none[] = {"cc", NULL};
	cr_expect_eq(cc(1, none), RRU_EXIT_USAGE);
	const char *missing[] = {"cc", "/nonexistent/prog.c", NULL};
	cr_expect_eq(cc(2, missing), RRU_EXIT_USAGE);
	const char *src = write_src("a.c", "void app_main(unsigned t, unsigned n) { (void)t; (void)n; }\n");
	const char *stack[] = {"cc", "--stack", "100", src, NULL};
	cr_expect_eq(cc(4, stack), RRU_EXIT_USAGE);
	const char *stack16[] = {"cc", "--stack", "4100", src, NULL};
	cr_expect_eq(cc(4, stack16), RRU_EXIT_USAGE);
	const char *olevel[] = {"cc", "-O9", src, NULL};
	cr_expect_eq(cc(3, olevel), RRU_EXIT_USAGE);
	const char *notc = write_src("a.txt", "hello\n");
	const char *wrongext[] = {"cc", notc, NULL};
	cr_expect_eq(cc(2, wrongext), RRU_EXIT_USAGE);
}

Test(cc, missing_compiler_and_runtime)
{
	const char *src = write_src("b.c", "void app_main(unsigned t, unsigned n) { (void)t; (void)n; }\n");
	char out[256];
	snprintf(out, sizeof out, "%s/b.elf", dir);
	const char *nocc[] = {"cc", "--runtime", RUNTIME, "--cc", "/nonexistent/gcc", src, "-o", out, NULL};
	cr_expect_eq(cc(8, nocc), RRU_EXIT_FAIL);
	const char *nocc2[] = {"cc", "--runtime", RUNTIME, "--cc", "no-such-riscv-gcc", src, "-o", out, NULL};
	cr_expect_eq(cc(8, nocc2), RRU_EXIT_FAIL);
	const char *nort[] = {"cc", "--runtime", "/nonexistent", src, "-o", out, NULL};
	cr_expect_eq(cc(6, nort), RRU_EXIT_FAIL);
	cr_expect(access(out, F_OK) != 0, "no output after a failure");
}

Test(cc, compile_error_leaves_no_output)
{
	const char *src = write_src("c.c", "void app_main(unsigned t, unsigned n) { int x = ; }\n");
	char out[256];
	snprintf(out, sizeof out, "%s/c.elf", dir);
	const char *argv[] = {"cc", "--runtime", RUNTIME, src, "-o", out, NULL};
	fflush(stderr);
	cr_expect_eq(cc(6, argv), RRU_EXIT_FAIL);
	cr_expect(access(out, F_OK) != 0);
}

Test(cc, builds_an_rv32_app_at_app_base)
{
	cr_assert(access(RUNTIME "/lib/libapp.a", R_OK) == 0,
		  "the app runtime is not built: run `make` (make test does) before the unit tests");
	const char *src = write_src("d.c", "#include <rru/app.h>\n"
					   "static unsigned big[1000];\n"
					   "void app_main(unsigned t, unsigned n) { big[t] = n; app_printf(\"%u\\n\", t); }\n");
	char out[256];
	snprintf(out, sizeof out, "%s/d.elf", dir);
	const char *argv[] = {"cc", "--runtime", RUNTIME, "-DX=1", "-O1", "--stack", "8192", src, "-o", out, NULL};
	cr_assert_eq(cc(10, argv), RRU_EXIT_OK);
	FILE *f = fopen(out, "rb");
	cr_assert(f != NULL);
	unsigned char h[52];
	cr_assert_eq(fread(h, 1, sizeof h, f), sizeof h);
	fclose(f);
	cr_expect(memcmp(h, "\x7f" "ELF", 4) == 0);
	cr_expect_eq(h[4], 1, "ELFCLASS32");
	cr_expect_eq(h[18] | h[19] << 8, 243, "EM_RISCV");
	uint32_t entry = (uint32_t)h[24] | (uint32_t)h[25] << 8 | (uint32_t)h[26] << 16 | (uint32_t)h[27] << 24;
	cr_expect_eq(entry, RRU_APP_BASE);
}
