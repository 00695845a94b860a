/* The pieces of `rru run`/`rru record` that need no device: the digest
 * (include/rru/run.h) against its definition, the app ELF reader's checks,
 * and the option parser's usage errors (docs/design.md §7). */
#include "../../host-driver/run_session.h"
#include "rru/cli.h"
#include "rru/msg.h"

#include <criterion/criterion.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[] = "/tmp/rru-test-run-XXXXXX";
static int fd = -1;

static void setup(void)
{
	rru_msg_set_level(RRU_MSG_QUIET);
	fd = mkstemp(path);
	cr_assert(fd >= 0);
}

static void teardown(void)
{
	close(fd);
	unlink(path);
	strcpy(path, "/tmp/rru-test-run-XXXXXX");
}

static void write_file(const void *p, size_t n)
{
	cr_assert(ftruncate(fd, 0) == 0);
	cr_assert(pwrite(fd, p, n, 0) == (ssize_t)n);
}

/* A minimal app ELF: one PT_LOAD of 8 bytes at `addr`, entry `entry`. */
static void make_elf(uint32_t entry, uint32_t addr, uint16_t machine)
{
	struct {
		Elf32_Ehdr e;
		Elf32_Phdr p;
		uint8_t data[8];
	} f;
	memset(&f, 0, sizeof f);
	memcpy(f.e.e_ident, ELFMAG, SELFMAG);
	f.e.e_ident[EI_CLASS] = ELFCLASS32;
	f.e.e_ident[EI_DATA] = ELFDATA2LSB;
	f.e.e_ident[EI_VERSION] = EV_CURRENT;
	f.e.e_type = ET_EXEC;
	f.e.e_machine = machine;
	f.e.e_version = EV_CURRENT;
	f.e.e_entry = entry;
	f.e.e_phoff = sizeof f.e;
	f.e.e_ehsize = sizeof f.e;
	f.e.e_phentsize = sizeof f.p;
	f.e.e_phnum = 1;
	f.p.p_type = PT_LOAD;
	f.p.p_offset = sizeof f.e + sizeof f.p;
	f.p.p_vaddr = f.p.p_paddr = addr;
	f.p.p_filesz = 8;
	f.p.p_memsz = 64;
	memcpy(f.data, "RRUAPP!!", 8);
	write_file(&f, sizeof f);
}

Test(run_digest, matches_the_definition)
{
	/* Reference computed by the formula of docs/design.md §7.1. */
	uint32_t lo = 0x811C9DC5u, hi = 0x6A09E667u;
	const char *s = "openrru";
	for (const char *c = s; *c; c++) {
		lo = (lo ^ (uint8_t)*c) * 0x01000193u;
		hi = (((hi << 5) | (hi >> 27)) ^ (uint8_t)*c) * 0x9E3779B1u + 1u;
	}
	cr_assert_eq(rru_digest_bytes(s, strlen(s)), ((uint64_t)hi << 32) | lo);
	cr_assert_eq(rru_digest_bytes("", 0), 0x6A09E667811C9DC5ull);
	cr_assert_neq(rru_digest_bytes("ab", 2), rru_digest_bytes("ba", 2), "order matters");
}

Test(run_elf, reads_an_app, .init = setup, .fini = teardown)
{
	struct rru_app_image img;
	make_elf(RRU_APP_BASE, RRU_APP_BASE, EM_RISCV);
	cr_assert_eq(rru_app_image_read(path, &img), 0);
	cr_assert_eq(img.entry, RRU_APP_BASE);
	cr_assert_eq(img.nseg, 1);
	cr_assert_eq(img.seg[0].addr, RRU_APP_BASE);
	cr_assert_eq(img.seg[0].filesz, 8);
	cr_assert_eq(img.seg[0].memsz, 64);
	cr_assert(memcmp(img.seg[0].data, "RRUAPP!!", 8) == 0);
	cr_assert_eq(img.digest, rru_digest_bytes(img.file, img.size));
	rru_app_image_free(&img);
}

Test(run_elf, refuses_bad_files, .init = setup, .fini = teardown)
{
	struct rru_app_image img;
	write_file("hello\n", 6);
	cr_assert_eq(rru_app_image_read(path, &img), RRU_EXIT_USAGE, "not an ELF");
	make_elf(RRU_KERNEL_BASE, RRU_APP_BASE, EM_RISCV);
	cr_assert_eq(rru_app_image_read(path, &img), RRU_EXIT_USAGE, "entry not APP_BASE");
	make_elf(RRU_APP_BASE, RRU_KERNEL_BASE, EM_RISCV);
	cr_assert_eq(rru_app_image_read(path, &img), RRU_EXIT_USAGE, "segment in the kernel region");
	make_elf(RRU_APP_BASE, RRU_APP_BASE, EM_X86_64);
	cr_assert_eq(rru_app_image_read(path, &img), RRU_EXIT_USAGE, "not RISC-V");
	/* Truncated: the segment's bytes are cut off. */
	make_elf(RRU_APP_BASE, RRU_APP_BASE, EM_RISCV);
	cr_assert(ftruncate(fd, sizeof(Elf32_Ehdr) + sizeof(Elf32_Phdr) + 4) == 0);
	cr_assert_eq(rru_app_image_read(path, &img), RRU_EXIT_USAGE, "truncated segment");
	cr_assert_eq(rru_app_image_read("/nonexistent/app.elf", &img), RRU_EXIT_USAGE);
}

static int parse(bool record, int argc, char **argv, struct rru_run_args *a)
{
	return rru_run_args_parse(argc, argv, record, a);
}

Test(run_args, usage_errors)
{
	rru_msg_set_level(RRU_MSG_QUIET);
	struct rru_run_args a;
	char *none[] = {"run", "p.elf", NULL};
	cr_assert_eq(parse(false, 2, none, &a), RRU_EXIT_USAGE, "no device");
	char *two[] = {"run", "--qemu", "--link", "tcp:h:1", "p.elf", NULL};
	cr_assert_eq(parse(false, 5, two, &a), RRU_EXIT_USAGE, "two devices");
	char *noprog[] = {"run", "--qemu", NULL};
	cr_assert_eq(parse(false, 2, noprog, &a), RRU_EXIT_USAGE, "no program");
	char *noout[] = {"record", "--qemu", "p.elf", NULL};
	cr_assert_eq(parse(true, 3, noout, &a), RRU_EXIT_USAGE, "record without -o");
	char *threads[] = {"record", "--qemu", "--threads", "33", "p.elf", "-o", "R", NULL};
	cr_assert_eq(parse(true, 7, threads, &a), RRU_EXIT_USAGE, "too many threads");
	char *kernel[] = {"run", "--link", "tcp:h:1", "--kernel", "k.elf", "p.elf", NULL};
	cr_assert_eq(parse(false, 6, kernel, &a), RRU_EXIT_USAGE, "--kernel with a link");
	char *good[] = {"record", "--qemu", "--threads", "6", "--seed", "7", "p.elf", "-o", "R", NULL};
	cr_assert_eq(parse(true, 9, good, &a), -1);
	cr_assert_eq(a.dev.kind, RRU_DEV_QEMU);
	cr_assert_eq(a.dev.cores, 4, "default cores");
	cr_assert_eq(a.threads, 6);
	cr_assert(a.dev.seed_given && a.dev.seed == 7);
	cr_assert_str_eq(a.elf, "p.elf");
	cr_assert_str_eq(a.out, "R");
}
