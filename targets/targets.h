/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Supported parts: one table row per part (targets/<part>.c). A part is recognised by the
 * core's CPUID part number and the DEV_ID in its DBGMCU_IDCODE; everything the server
 * needs to know about it (RAM for routines, the memory map GDB gets, flash banks) lives in
 * its row, not in code paths elsewhere.
 */
#ifndef TARGETS_TARGETS_H
#define TARGETS_TARGETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum target_mem_kind_e {
	TARGET_MEM_RAM,
	TARGET_MEM_FLASH,	/* programmed through a flash driver: GDB's load uses vFlash* */
	TARGET_MEM_ROM,		/* read-only (system memory, OTP as read by the bus) */
};

struct target_mem_s {
	const char *name;
	uint32_t base;
	uint32_t size;
	enum target_mem_kind_e kind;
	uint32_t block_size;	/* flash: erase unit reported to GDB (largest, if sectors differ) */
};

struct target_part_s {
	const char *name;		/* "stm32l552" */
	const char *description;
	uint16_t cpuid_partno;		/* CPUID[15:4] of the core */
	uint32_t dbgmcu_idcode_addr;
	uint16_t dev_id;		/* DBGMCU_IDCODE[11:0] */
	/* A RAM area the server may use for routines (CRC, flash loaders) and their stack. */
	uint32_t work_ram_base;
	uint32_t work_ram_size;
	const struct target_mem_s *mem;	/* ended by an entry with size 0 */
	/* The flash driver (flash/drivers/) that serves the part's flash, and its columns
	 * (the driver's own config struct, e.g. struct stm32l5_flash_cfg_s); NULL: none. */
	const char *flash_driver;
	const void *flash_config;
	/* Built-in RAM loaders for external flash (flash/loaders/builtin.c names), NULL-ended,
	 * and the RAM they run in (saved and restored), apart from the work RAM above. */
	const char *const *loaders;
	uint32_t loader_ram_base;
	uint32_t loader_ram_size;
};

/* All parts, ended by NULL. */
extern const struct target_part_s *const target_parts[];

/* Reads a target word; returns 0, or non-zero when the address does not answer. */
typedef int (*target_read_u32_fn)(void *ctx, uint32_t addr, uint32_t *val);

/*
 * The part whose core (CPUID part number) matches and whose DBGMCU_IDCODE, read at that
 * part's own address, holds its DEV_ID; *idcode receives the value read. NULL if none:
 * parts without a DBGMCU are only chosen by name.
 */
const struct target_part_s *target_part_identify(uint16_t cpuid_partno, target_read_u32_fn read, void *ctx,
						  uint32_t *idcode);
const struct target_part_s *target_part_find(const char *name);

/* The memory entry holding addr, or NULL. */
const struct target_mem_s *target_mem_at(const struct target_part_s *p, uint32_t addr);
/* Whether [addr, addr + len) lies in the part's memory entries; if not, *gap is its first address outside. */
bool target_mem_covers(const struct target_part_s *p, uint32_t addr, uint32_t len, uint32_t *gap);
/* "flash 0x08000000-0x0807ffff, sram 0x20000000-0x2003ffff" into buf; returns the length. */
size_t target_mem_describe(const struct target_part_s *p, char *buf, size_t size);

#endif
