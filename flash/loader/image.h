/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A RAM loader as read from its ELF file, before anything runs: CMSIS FLM (the built-ins
 * and users' .FLM files, ABI in flash/loaders/flm_abi.h) or ST's external loader
 * (.stldr, hardware.md §3). Both become one description: the bytes to place in target
 * RAM, the entry points by role, the device (address, size, sectors, page, erased value,
 * declared times), and the function symbols, which fault reports name.
 */
#ifndef FLASH_LOADER_IMAGE_H
#define FLASH_LOADER_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flash/geom.h"
#include "src/error/error.h"

enum loader_kind_e {
	LOADER_FLM,	/* 0 = OK; Init(adr, clk, fnc) */
	LOADER_STLDR,	/* 1 = OK (inverted); Init(void) */
};

/* Entry points by what they do; the names differ per kind (image.c). */
enum loader_fn_e {
	LOADER_FN_INIT,
	LOADER_FN_UNINIT,	/* FLM only */
	LOADER_FN_ERASE_CHIP,	/* FLM EraseChip, stldr MassErase */
	LOADER_FN_ERASE_SECTOR,	/* FLM EraseSector(adr), stldr SectorErase(start, end) */
	LOADER_FN_PROGRAM,	/* FLM ProgramPage(adr, sz, buf), stldr Write(adr, sz, buf) */
	LOADER_FN_VERIFY,	/* FLM Verify(adr, sz, buf), stldr Verify(mem, buf, sz, missalign) */
	LOADER_FN_BLANK_CHECK,	/* FLM only */
	LOADER_FN_CHECKSUM,	/* stldr only */
	LOADER_FN_READ,		/* stldr only */
	LOADER_FN_RSP_ERASE,	/* rspflash extension: RspErase(adr, size) */
	LOADER_FN_RSP_PROGRAM_VERIFY,	/* rspflash extension: RspProgramVerify(adr, sz, buf) */
	LOADER_FN_RSP_STREAM,	/* rspflash extension: RspStream(ctl) */
	LOADER_FN_COUNT,
};

struct loader_symbol_s {
	uint32_t addr, size;	/* link address (Thumb bit clear) */
	char name[40];
};

struct loader_image_s {
	char name[64];			/* file name or built-in name, for messages */
	enum loader_kind_e kind;
	/* what goes into RAM: one span from link_base, sections copied, the rest zero */
	uint8_t *mem;
	uint32_t link_base, size;
	bool relocatable;		/* linked at 0: the runner places it (FLM convention) */
	uint32_t data_offset;		/* FLM: PrgData from link_base, R9 points there */
	uint32_t fn[LOADER_FN_COUNT];	/* link addresses with the Thumb bit; 0: absent */
	/* the device */
	char dev_name[128];
	uint32_t dev_addr, dev_size;
	uint32_t page_size;		/* largest program call */
	uint8_t erased;
	uint32_t to_prog_ms, to_erase_ms;	/* declared (FLM); 0: none declared */
	struct flash_geom_s geom;
	uint32_t erase_sizes[4];	/* RspEraseSizes, largest first; [0] == 0: sectors only */
	uint32_t erase_us[4];		/* RspEraseTimesUs (0: not declared) */
	uint32_t flags;			/* RspFlags */
	/* function symbols, sorted by address */
	struct loader_symbol_s *syms;
	unsigned n_syms;
};

/* Reads an ELF image from memory or a file; err names the file and what is wrong. */
int loader_image_read(struct loader_image_s **out, const char *name, const uint8_t *elf, size_t size,
		      struct error_s *err);
int loader_image_read_file(struct loader_image_s **out, const char *path, struct error_s *err);
void loader_image_free(struct loader_image_s *img);

/* The function containing a link address ("ProgramPage+0x1c"), or "?" */
void loader_image_where(const struct loader_image_s *img, uint32_t link_addr, char *buf, size_t len);
/* The name of an entry point role as this kind of loader calls it. */
const char *loader_fn_name(const struct loader_image_s *img, enum loader_fn_e fn);

#endif /* FLASH_LOADER_IMAGE_H */
