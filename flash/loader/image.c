// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading a loader's ELF file (image.h) with libelf, and refusing what cannot run before
 * anything touches the target: not a 32-bit little-endian ARM ELF, no device description,
 * a mandatory entry point missing, sections too far apart to place as one block.
 * Layouts: CMSIS FlashDevice (flm_abi.h), ST StorageInfo (hardware.md §3).
 */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flash/loader/image.h"
#include "flash/loaders/flm_abi.h"

#define IMAGE_MAX_SPAN (4u << 20)	/* code + data of one loader, as placed in RAM */
#define LOADER_FILE_MAX (64u << 20)

/* StorageInfo (ST): offsets on a 32-bit target */
#define SI_NAME 0u
#define SI_NAME_LEN 100u
#define SI_START 104u
#define SI_SIZE 108u
#define SI_PAGE 112u
#define SI_ERASE_VALUE 116u
#define SI_SECTORS 120u
#define SI_MAX_SECTORS 10u

static const char *const fn_names[2][LOADER_FN_COUNT] = {
	[LOADER_FLM] = { "Init", "UnInit", "EraseChip", "EraseSector", "ProgramPage", "Verify", "BlankCheck", NULL,
			 NULL, "RspErase", "RspProgramVerify", "RspStream" },
	[LOADER_STLDR] = { "Init", NULL, "MassErase", "SectorErase", "Write", "Verify", NULL, "CheckSum", "Read",
			   NULL, NULL, NULL },
};

/* The entry points each kind must have, ended by LOADER_FN_COUNT. */
static const enum loader_fn_e mandatory[2][5] = {
	[LOADER_FLM] = { LOADER_FN_INIT, LOADER_FN_UNINIT, LOADER_FN_ERASE_SECTOR, LOADER_FN_PROGRAM, LOADER_FN_COUNT },
	[LOADER_STLDR] = { LOADER_FN_INIT, LOADER_FN_ERASE_SECTOR, LOADER_FN_PROGRAM, LOADER_FN_COUNT },
};

const char *loader_fn_name(const struct loader_image_s *img, enum loader_fn_e fn)
{
	const char *n = fn < LOADER_FN_COUNT ? fn_names[img->kind][fn] : NULL;

	return n ? n : "?";
}

struct elf_ctx_s {
	Elf *e;
	size_t shstrndx;
	const char *name;
	struct error_s *err;
};

static int bad(struct elf_ctx_s *c, const char *fmt, const char *detail)
{
	error_set(c->err, FLASH_ERR_LOADER, fmt, detail);
	error_prefix(c->err, "loader %s: ", c->name);
	return -1;
}

/* Copies len bytes at link address addr out of the section that holds them. */
static int read_at(struct elf_ctx_s *c, uint32_t addr, void *out, uint32_t len)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(c->e, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC) || sh.sh_type != SHT_PROGBITS)
			continue;
		if (addr < sh.sh_addr || (uint64_t)addr + len > sh.sh_addr + sh.sh_size)
			continue;
		d = elf_getdata(scn, NULL);
		if (!d || !d->d_buf || d->d_size < sh.sh_size)
			return -1;
		memcpy(out, (const uint8_t *)d->d_buf + (addr - sh.sh_addr), len);
		return 0;
	}
	return -1;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

struct found_s {
	uint32_t desc_addr, desc_size;	/* FlashDevice / StorageInfo */
	bool has_desc;
	uint32_t erase_sizes_addr, erase_times_addr, flags_addr;
	bool has_erase_sizes, has_erase_times, has_flags;
	const char *names[LOADER_FN_COUNT];
};

static int add_symbol(struct loader_image_s *img, const GElf_Sym *s, const char *name)
{
	struct loader_symbol_s *n = realloc(img->syms, (img->n_syms + 1) * sizeof(*n));

	if (!n)
		return -1;
	img->syms = n;
	n = &img->syms[img->n_syms++];
	n->addr = (uint32_t)s->st_value & ~1u;
	n->size = (uint32_t)s->st_size;
	snprintf(n->name, sizeof(n->name), "%s", name);
	return 0;
}

static int cmp_sym(const void *a, const void *b)
{
	const struct loader_symbol_s *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Symbols: the descriptor (which says the kind), the extensions, the entry points. */
static int read_symbols(struct elf_ctx_s *c, struct loader_image_s *img, struct found_s *fd)
{
	Elf_Scn *scn = NULL;
	bool flm = false, stldr = false;

	while ((scn = elf_nextscn(c->e, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
			continue;
		d = elf_getdata(scn, NULL);
		for (size_t i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym s;
			const char *n;

			if (!gelf_getsym(d, (int)i, &s) || s.st_shndx == SHN_UNDEF)
				continue;
			n = elf_strptr(c->e, sh.sh_link, s.st_name);
			if (!n || !*n)
				continue;
			if (GELF_ST_TYPE(s.st_info) == STT_FUNC && add_symbol(img, &s, n))
				return bad(c, "%s", "out of memory");
			if (!strcmp(n, "FlashDevice") || !strcmp(n, "StorageInfo")) {
				flm |= n[0] == 'F';
				stldr |= n[0] == 'S';
				fd->desc_addr = (uint32_t)s.st_value;
				fd->desc_size = (uint32_t)s.st_size;
				fd->has_desc = true;
			} else if (!strcmp(n, "RspEraseSizes")) {
				fd->erase_sizes_addr = (uint32_t)s.st_value;
				fd->has_erase_sizes = true;
			} else if (!strcmp(n, "RspEraseTimesUs")) {
				fd->erase_times_addr = (uint32_t)s.st_value;
				fd->has_erase_times = true;
			} else if (!strcmp(n, "RspFlags")) {
				fd->flags_addr = (uint32_t)s.st_value;
				fd->has_flags = true;
			}
		}
	}
	if (flm && stldr)
		return bad(c, "%s", "has both FlashDevice (CMSIS FLM) and StorageInfo (ST external loader)");
	if (!fd->has_desc)
		return bad(c, "%s", "has no FlashDevice (CMSIS FLM) or StorageInfo (ST external loader) symbol: "
				    "not a flash loader, or its symbols were stripped");
	img->kind = flm ? LOADER_FLM : LOADER_STLDR;
	if (img->n_syms)	/* no function symbols: syms is NULL, which qsort must not get */
		qsort(img->syms, img->n_syms, sizeof(*img->syms), cmp_sym);
	for (unsigned i = 0; i < img->n_syms; i++) {
		for (unsigned k = 0; k < LOADER_FN_COUNT; k++) {
			const char *want = fn_names[img->kind][k];

			if (want && !strcmp(img->syms[i].name, want))
				img->fn[k] = img->syms[i].addr | 1u;
		}
	}
	for (unsigned i = 0; mandatory[img->kind][i] != LOADER_FN_COUNT; i++) {
		enum loader_fn_e k = mandatory[img->kind][i];

		if (!img->fn[k]) {
			char msg[160];

			snprintf(msg, sizeof(msg), "has no function %s (a %s must have %s)", fn_names[img->kind][k],
				 img->kind == LOADER_FLM ? "CMSIS FLM" : "ST external loader",
				 img->kind == LOADER_FLM ? "Init, UnInit, EraseSector and ProgramPage" :
							   "Init, Write and SectorErase");
			return bad(c, "%s", msg);
		}
	}
	return 0;
}

static int read_flm_device(struct elf_ctx_s *c, struct loader_image_s *img, const struct found_s *fd)
{
	uint8_t h[FLM_DEVICE_SECTORS_OFFSET];
	uint32_t runs[FLM_MAX_SECTORS][2];
	unsigned n = 0;

	if (read_at(c, fd->desc_addr, h, sizeof(h)))
		return bad(c, "%s", "FlashDevice is not readable from the file (not in a section with contents)");
	memcpy(img->dev_name, h + 2, 127);
	img->dev_addr = le32(h + 132);
	img->dev_size = le32(h + 136);
	img->page_size = le32(h + 140);
	img->erased = h[148];
	img->to_prog_ms = le32(h + 152);
	img->to_erase_ms = le32(h + 156);
	for (; n < FLM_MAX_SECTORS; n++) {
		uint8_t e[8];

		if (read_at(c, fd->desc_addr + FLM_DEVICE_SECTORS_OFFSET + 8 * n, e, 8))
			return bad(c, "%s", "FlashDevice's sector list has no end marker {0xFFFFFFFF, 0xFFFFFFFF}");
		runs[n][0] = le32(e);
		runs[n][1] = le32(e + 4);
		if (runs[n][0] == 0xFFFFFFFFu && runs[n][1] == 0xFFFFFFFFu)
			break;
	}
	if (n == 0 || n == FLM_MAX_SECTORS)
		return bad(c, "%s", "FlashDevice lists no sectors, or more than 511");
	/* The runs are offsets from the device start: a list starting later shifts every sector. */
	if (runs[0][1] != 0) {
		char msg[96];

		snprintf(msg, sizeof(msg), "FlashDevice's first sector is at offset 0x%x, not 0", runs[0][1]);
		return bad(c, "%s", msg);
	}
	img->geom.base = img->dev_addr;
	for (unsigned i = 0; i < n; i++) {
		uint32_t end = i + 1 < n ? runs[i + 1][1] : img->dev_size;

		if (!runs[i][0] || end <= runs[i][1] || (end - runs[i][1]) % runs[i][0] ||
		    !flash_geom_add_run(&img->geom, runs[i][0], (end - runs[i][1]) / runs[i][0]))
			return bad(c, "%s", "FlashDevice's sector list does not tile the device (size 0, not increasing, "
					    "a run not a whole number of sectors, or more than 8 runs)");
	}
	return 0;
}

static int read_stldr_device(struct elf_ctx_s *c, struct loader_image_s *img, const struct found_s *fd)
{
	uint8_t h[SI_SECTORS + 8 * SI_MAX_SECTORS];
	uint64_t total = 0;

	if (read_at(c, fd->desc_addr, h, SI_SECTORS + 8))
		return bad(c, "%s", "StorageInfo is not readable from the file (not in a section with contents)");
	memset(h + SI_SECTORS + 8, 0, sizeof(h) - SI_SECTORS - 8);
	read_at(c, fd->desc_addr + SI_SECTORS, h + SI_SECTORS, 8 * SI_MAX_SECTORS);
	memcpy(img->dev_name, h + SI_NAME, SI_NAME_LEN - 1);
	img->dev_addr = le32(h + SI_START);
	img->dev_size = le32(h + SI_SIZE);
	img->page_size = le32(h + SI_PAGE);
	img->erased = h[SI_ERASE_VALUE];
	img->geom.base = img->dev_addr;
	for (unsigned i = 0; i < SI_MAX_SECTORS; i++) {
		uint32_t num = le32(h + SI_SECTORS + 8 * i), size = le32(h + SI_SECTORS + 8 * i + 4);

		if (!num && !size)
			break;
		if (!num || !size || !flash_geom_add_run(&img->geom, size, num))
			return bad(c, "%s", "StorageInfo's sector list has a run of size 0 or too many runs");
		total += (uint64_t)num * size;
	}
	if (!total || total != img->dev_size)
		return bad(c, "%s", "StorageInfo's sectors do not add up to DeviceSize");
	return 0;
}

static int check_device(struct elf_ctx_s *c, struct loader_image_s *img)
{
	if (!img->dev_size || (uint64_t)img->dev_addr + img->dev_size > 0x100000000ull)
		return bad(c, "%s", "the device's address and size are not inside the 4 GB address space");
	if (!img->page_size || img->page_size > (1u << 20))
		return bad(c, "%s", "the device's page size is 0 or over 1 MB");
	return 0;
}

/* The extensions (flm_abi.h): erase units and flags, checked against the sectors. */
static int read_extensions(struct elf_ctx_s *c, struct loader_image_s *img, const struct found_s *fd)
{
	uint8_t b[4 * RSP_MAX_ERASE_SIZES];

	if (fd->has_flags && read_at(c, fd->flags_addr, b, 4) == 0)
		img->flags = le32(b);
	if (!fd->has_erase_sizes)
		return 0;
	memset(b, 0, sizeof(b));
	for (unsigned i = 0; i < RSP_MAX_ERASE_SIZES && read_at(c, fd->erase_sizes_addr + 4 * i, b + 4 * i, 4) == 0;
	     i++) {
		uint32_t v = le32(b + 4 * i);

		if (!v)
			break;
		if (v & (v - 1) || (i && v >= img->erase_sizes[i - 1]))
			return bad(c, "%s", "RspEraseSizes must list powers of two, largest first, ended by 0");
		img->erase_sizes[i] = v;
		if (fd->has_erase_times && read_at(c, fd->erase_times_addr + 4 * i, b, 4) == 0)
			img->erase_us[i] = le32(b);
	}
	if (img->erase_sizes[0] && !img->fn[LOADER_FN_RSP_ERASE])
		return bad(c, "%s", "has RspEraseSizes but no RspErase function");
	return 0;
}

static bool is_descriptor_section(const char *sname, const GElf_Shdr *sh, const struct found_s *fd)
{
	bool holds = fd->desc_addr >= sh->sh_addr && fd->desc_addr < sh->sh_addr + sh->sh_size;

	if (!holds)
		return false;
	return !strcmp(sname, "DevDscr") || strstr(sname, "SgInfo") || sh->sh_size <= (uint64_t)fd->desc_size + 16;
}

/* The bytes to place: every allocated section but the descriptor's, as one span. */
static int read_sections(struct elf_ctx_s *c, struct loader_image_s *img, const struct found_s *fd)
{
	Elf_Scn *scn = NULL;
	uint64_t lo = UINT64_MAX, hi = 0;
	bool data_found = false;

	for (int pass = 0; pass < 2; pass++) {
		while ((scn = elf_nextscn(c->e, scn))) {
			GElf_Shdr sh;
			const char *sname;
			Elf_Data *d;

			if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC) || !sh.sh_size)
				continue;
			sname = elf_strptr(c->e, c->shstrndx, sh.sh_name);
			if (!sname || is_descriptor_section(sname, &sh, fd))
				continue;
			if (pass == 0) {
				lo = sh.sh_addr < lo ? sh.sh_addr : lo;
				hi = sh.sh_addr + sh.sh_size > hi ? sh.sh_addr + sh.sh_size : hi;
				continue;
			}
			if (!data_found && (!strcmp(sname, "PrgData") || (sh.sh_flags & SHF_WRITE))) {
				img->data_offset = (uint32_t)(sh.sh_addr - lo);
				data_found = true;
			}
			if (sh.sh_type != SHT_PROGBITS)
				continue;	/* .bss: zero */
			d = elf_getdata(scn, NULL);
			if (!d || !d->d_buf || d->d_size != sh.sh_size)
				return bad(c, "section %s has no contents in the file", sname);
			memcpy(img->mem + (sh.sh_addr - lo), d->d_buf, sh.sh_size);
		}
		if (pass == 0) {
			if (hi == 0)
				return bad(c, "%s", "has no sections to load (no code)");
			if (hi - lo > IMAGE_MAX_SPAN || hi > 0x100000000ull)
				return bad(c, "%s", "sections span more than 4 MB: they cannot be placed in RAM as one block");
			img->link_base = (uint32_t)lo;
			img->size = (uint32_t)(hi - lo);
			img->mem = calloc(1, img->size);
			if (!img->mem)
				return bad(c, "%s", "out of memory");
		}
	}
	if (!data_found)
		img->data_offset = img->size;
	img->relocatable = img->kind == LOADER_FLM && img->link_base == 0;
	for (unsigned k = 0; k < LOADER_FN_COUNT; k++) {
		if (img->fn[k] && ((img->fn[k] & ~1u) < img->link_base || (img->fn[k] & ~1u) >= img->link_base + img->size))
			return bad(c, "entry point %s lies outside the loaded sections", loader_fn_name(img, k));
	}
	return 0;
}

int loader_image_read(struct loader_image_s **out, const char *name, const uint8_t *elf, size_t size,
		      struct error_s *err)
{
	struct loader_image_s *img = calloc(1, sizeof(*img));
	char *copy = malloc(size ? size : 1);	/* libelf wants a writable buffer */
	struct elf_ctx_s c = { NULL, 0, name, err };
	struct found_s fd;
	GElf_Ehdr eh;
	int rc = -1;

	*out = NULL;
	memset(&fd, 0, sizeof(fd));
	if (!img || !copy) {
		free(img);
		free(copy);
		return error_set(err, FLASH_ERR_RESOURCE, "out of memory reading loader %s", name);
	}
	snprintf(img->name, sizeof(img->name), "%s", name);
	memcpy(copy, elf, size);
	if (elf_version(EV_CURRENT) == EV_NONE) {
		bad(&c, "%s", "libelf is unusable");
		goto out;
	}
	c.e = elf_memory(copy, size);
	if (!c.e || elf_kind(c.e) != ELF_K_ELF || !gelf_getehdr(c.e, &eh)) {
		bad(&c, "%s", "is not an ELF file");
		goto out;
	}
	if (eh.e_ident[EI_CLASS] != ELFCLASS32 || eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_machine != EM_ARM) {
		bad(&c, "%s", "is not a 32-bit little-endian ARM ELF file");
		goto out;
	}
	if (elf_getshdrstrndx(c.e, &c.shstrndx)) {
		bad(&c, "%s", "has no section names");
		goto out;
	}
	if (read_symbols(&c, img, &fd) ||
	    (img->kind == LOADER_FLM ? read_flm_device(&c, img, &fd) : read_stldr_device(&c, img, &fd)) ||
	    check_device(&c, img) || read_extensions(&c, img, &fd) || read_sections(&c, img, &fd))
		goto out;
	rc = 0;
out:
	if (c.e)
		elf_end(c.e);
	free(copy);
	if (rc)
		loader_image_free(img);
	else
		*out = img;
	return rc;
}

int loader_image_read_file(struct loader_image_s **out, const char *path, struct error_s *err)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf;
	long n;
	int rc;
	const char *base = strrchr(path, '/');

	*out = NULL;
	if (!fp)
		return error_set(err, FLASH_ERR_LOADER, "loader %s: cannot open: %s", path, strerror(errno));
	if (fseek(fp, 0, SEEK_END) || (n = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) || (uint64_t)n > LOADER_FILE_MAX) {
		fclose(fp);
		return error_set(err, FLASH_ERR_LOADER, "loader %s: cannot read its size, or it is over 64 MB", path);
	}
	buf = malloc(n ? (size_t)n : 1);
	if (!buf || fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		free(buf);
		fclose(fp);
		return error_set(err, FLASH_ERR_LOADER, "loader %s: cannot read it", path);
	}
	fclose(fp);
	rc = loader_image_read(out, base ? base + 1 : path, buf, (size_t)n, err);
	free(buf);
	return rc;
}

void loader_image_free(struct loader_image_s *img)
{
	if (!img)
		return;
	free(img->mem);
	free(img->syms);
	free(img);
}

void loader_image_where(const struct loader_image_s *img, uint32_t link_addr, char *buf, size_t len)
{
	const struct loader_symbol_s *best = NULL;

	link_addr &= ~1u;
	for (unsigned i = 0; i < img->n_syms; i++)
		if (img->syms[i].addr <= link_addr &&
		    (link_addr < img->syms[i].addr + img->syms[i].size || !img->syms[i].size))
			best = &img->syms[i];
	if (best)
		snprintf(buf, len, "%s+0x%x", best->name, link_addr - best->addr);
	else
		snprintf(buf, len, "?");
}
