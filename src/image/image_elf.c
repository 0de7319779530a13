// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ELF images (System V gABI, "Program Header"): every PT_LOAD segment with file data
 * (p_filesz > 0) goes to its physical address p_paddr, the load address (LMA): that is
 * where gdb's `load` and objcopy put initialised data that the startup code copies to
 * RAM. The zero-filled tail (p_memsz > p_filesz, .bss) is not part of the image.
 *
 * Errors name the file offset: of the program header table when it is missing or cut,
 * of a segment's data when it runs past the end of the file. Only 32-bit ELF is taken
 * (the targets are Cortex-M); another class or an object file (ET_REL) is refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/image/image.h"

struct elf_in_s {
	struct image_s *im;
	const char *path;
	Elf *e;
	const char *raw;	/* the whole file, as libelf mapped or read it */
	size_t size;
};

static int elf_fail(const struct elf_in_s *x, unsigned long off, struct error_s *err, const char *what)
{
	return image_fail(err, x->path, false, off, "%s", what);
}

/* One program header: a PT_LOAD with file bytes becomes a segment. 1 when it did. */
static int elf_segment(struct elf_in_s *x, size_t i, unsigned long phoff, unsigned long phentsize, struct error_s *err)
{
	GElf_Phdr ph;
	unsigned long at = phoff + i * phentsize;

	if (!gelf_getphdr(x->e, (int)i, &ph))
		return image_fail(err, x->path, false, at, "program header %zu unreadable: %s", i, elf_errmsg(-1));
	if (ph.p_type != PT_LOAD || ph.p_filesz == 0)
		return 0;
	if (ph.p_offset > x->size || ph.p_filesz > x->size - ph.p_offset)
		return image_fail(err, x->path, false, (unsigned long)ph.p_offset,
				  "segment %zu (%llu bytes for 0x%08llx) runs past the end of the %zu-byte file: truncated",
				  i, (unsigned long long)ph.p_filesz, (unsigned long long)ph.p_paddr, x->size);
	if (ph.p_filesz > ph.p_memsz)
		return image_fail(err, x->path, false, at, "segment %zu has more file bytes (%llu) than memory (%llu)", i,
				  (unsigned long long)ph.p_filesz, (unsigned long long)ph.p_memsz);
	if (image_add(x->im, (uint32_t)ph.p_paddr, (const uint8_t *)x->raw + ph.p_offset, (uint32_t)ph.p_filesz,
		      (unsigned long)ph.p_offset, err))
		return -1;
	return 1;
}

static int elf_segments(struct elf_in_s *x, struct error_s *err)
{
	GElf_Ehdr eh;
	size_t n, loaded = 0;

	if (elf_kind(x->e) != ELF_K_ELF)
		return elf_fail(x, 0, err, "not an ELF file (no \\177ELF magic)");
	if (!gelf_getehdr(x->e, &eh))
		return image_fail(err, x->path, false, 0, "ELF header unreadable (truncated?): %s", elf_errmsg(-1));
	if (gelf_getclass(x->e) != ELFCLASS32)
		return elf_fail(x, 4, err, "a 64-bit ELF: Cortex-M images are ELFCLASS32");
	if (eh.e_type != ET_EXEC)
		return image_fail(err, x->path, false, 16, "ELF type %u is not an executable (ET_EXEC): an object file "
				  "has no load addresses", eh.e_type);
	if (elf_getphdrnum(x->e, &n) || n == 0)
		return image_fail(err, x->path, false, (unsigned long)eh.e_phoff,
				  "no program headers: nothing says where the image loads");
	if (eh.e_phoff > x->size || (uint64_t)n * eh.e_phentsize > x->size - eh.e_phoff)
		return image_fail(err, x->path, false, (unsigned long)eh.e_phoff,
				  "the program header table (%zu entries) runs past the end of the %zu-byte file: truncated",
				  n, x->size);
	for (size_t i = 0; i < n; i++) {
		int r = elf_segment(x, i, (unsigned long)eh.e_phoff, eh.e_phentsize, err);

		if (r < 0)
			return -1;
		loaded += (size_t)r;
	}
	if (!loaded)
		return image_fail(err, x->path, false, (unsigned long)eh.e_phoff,
				  "no loadable segment: none of the %zu program headers is PT_LOAD with file data", n);
	x->im->has_entry = true;
	x->im->entry = (uint32_t)eh.e_entry;
	return 0;
}

int image_read_elf(struct image_s *im, const char *path, struct error_s *err)
{
	struct elf_in_s x = { .im = im, .path = path };
	int fd, rc;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return error_set(err, IMAGE_ERR_READ, "%s: libelf is too old: %s", path, elf_errmsg(-1));
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return error_set(err, IMAGE_ERR_READ, "%s: cannot open: %s", path, strerror(errno));
	x.e = elf_begin(fd, ELF_C_READ, NULL);
	if (!x.e) {
		close(fd);
		return error_set(err, IMAGE_ERR_READ, "%s: cannot read: %s", path, elf_errmsg(-1));
	}
	x.raw = elf_rawfile(x.e, &x.size);
	if (!x.raw)
		rc = image_fail(err, path, false, 0, "cannot read the file's bytes: %s", elf_errmsg(-1));
	else
		rc = elf_segments(&x, err);
	elf_end(x.e);
	close(fd);
	return rc;
}
