/* The app ELF as the host loads it, whole-file reading, the digest and the
 * input-source names of the run directory (docs/design.md §7.1). */
#include "run_session.h"

#include "rru/cli.h"
#include "rru/msg.h"

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* --- app image -------------------------------------------------------------- */

uint64_t rru_digest_bytes(const void *p, size_t n)
{
	struct rru_digest d = RRU_DIGEST_INIT;
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		rru_digest_word(&d, b[i]);
	return rru_digest_value(&d);
}

static int bad_elf(struct rru_app_image *img, const char *why)
{
	rru_error("%s: %s", img->path, why);
	rru_app_image_free(img);
	return RRU_EXIT_USAGE;
}

void *rru_file_read(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		rru_error("%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (64 << 20)) {
		fclose(f);
		rru_error("%s: not a regular file of at most 64 MiB", path);
		return NULL;
	}
	size_t n = (size_t)st.st_size;
	uint8_t *b = malloc(n ? n : 1);
	if (!b || fread(b, 1, n, f) != n) {
		rru_error("%s: cannot read: %s", path, b ? strerror(errno) : "out of memory");
		free(b);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*size = n;
	return b;
}

const char *rru_inlog_src_name(unsigned src)
{
	static const char *const low[] = {"input", "cycle", "time", "instret"};
	static const char *const high[] = {NULL, "cycleh", "timeh", "instreth"};
	unsigned k = (src & ~RRU_INLOG_SRC_HIGH) - RRU_INLOG_SRC_INPUT;
	if (k > 3)
		return NULL;
	return src & RRU_INLOG_SRC_HIGH ? high[k] : low[k];
}

int rru_inlog_src_parse(const char *name)
{
	for (unsigned s = RRU_INLOG_SRC_INPUT; s <= RRU_INLOG_SRC_INSTRET; s++)
		for (unsigned h = 0; h <= RRU_INLOG_SRC_HIGH; h += RRU_INLOG_SRC_HIGH) {
			const char *n = rru_inlog_src_name(s | h);
			if (n && !strcmp(n, name))
				return (int)(s | h);
		}
	return -1;
}

int rru_app_image_read(const char *path, struct rru_app_image *img)
{
	memset(img, 0, sizeof *img);
	img->path = path;
	img->file = rru_file_read(path, &img->size);
	if (!img->file)
		return RRU_EXIT_USAGE;
	img->digest = rru_digest_bytes(img->file, img->size);
	Elf32_Ehdr eh;
	if (img->size < sizeof eh || memcmp(img->file, ELFMAG, SELFMAG) != 0)
		return bad_elf(img, "not an ELF file (build apps with `rru cc`)");
	memcpy(&eh, img->file, sizeof eh);
	if (eh.e_ident[EI_CLASS] != ELFCLASS32 || eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh.e_machine != EM_RISCV)
		return bad_elf(img, "not a 32-bit little-endian RISC-V ELF (build apps with `rru cc`)");
	if (eh.e_type != ET_EXEC)
		return bad_elf(img, "not an executable ELF");
	if (eh.e_entry != RRU_APP_BASE) {
		char m[160];
		snprintf(m, sizeof m, "entry point 0x%08x, but apps start at APP_BASE 0x%08x "
			 "(build apps with `rru cc`)", eh.e_entry, RRU_APP_BASE);
		return bad_elf(img, m);
	}
	img->entry = eh.e_entry;
	if (eh.e_phentsize != sizeof(Elf32_Phdr) ||
	    (uint64_t)eh.e_phoff + (uint64_t)eh.e_phnum * sizeof(Elf32_Phdr) > img->size)
		return bad_elf(img, "program headers outside the file");
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf32_Phdr ph;
		memcpy(&ph, img->file + eh.e_phoff + i * sizeof ph, sizeof ph);
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		char m[200];
		if ((uint64_t)ph.p_offset + ph.p_filesz > img->size || ph.p_filesz > ph.p_memsz) {
			snprintf(m, sizeof m, "segment %u: file bytes [0x%x, +0x%x) outside the file", i,
				 ph.p_offset, ph.p_filesz);
			return bad_elf(img, m);
		}
		if (ph.p_paddr < RRU_APP_BASE || (uint64_t)ph.p_paddr + ph.p_memsz > 0x100000000ull) {
			snprintf(m, sizeof m, "segment %u at 0x%08x is outside the app region (from 0x%08x)",
				 i, ph.p_paddr, RRU_APP_BASE);
			return bad_elf(img, m);
		}
		if (img->nseg == RRU_APP_MAX_SEGS)
			return bad_elf(img, "too many loadable segments");
		struct rru_app_seg *s = &img->seg[img->nseg++];
		s->addr = ph.p_paddr;
		s->data = img->file + ph.p_offset;
		s->filesz = ph.p_filesz;
		s->memsz = ph.p_memsz;
	}
	if (!img->nseg)
		return bad_elf(img, "no loadable segment");
	return 0;
}

void rru_app_image_free(struct rru_app_image *img)
{
	free(img->file);
	img->file = NULL;
}
