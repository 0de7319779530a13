// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Alif Ensemble E7 (alif_ensemble-cmsis-dfp global_map.h), the Cortex-M55 HP core. The
 * part has no DBGMCU_IDCODE to identify it by (dbgmcu_idcode_addr 0): it is chosen by
 * name (--target alif-e7, or the virtual board of that name). The DevKit's IS25WX256
 * octal NOR sits behind OSPI1, memory-mapped at 0xC0000000.
 */
#include "targets.h"

#include "flash/drivers/alif_mram.h"

/* MRAM: written by the core in 16-byte words, no erase (flash/drivers/alif_mram.c) */
static const struct alif_mram_cfg_s e7_mram = { .base = 0x80000000, .size = 0x580000, .sector_size = 0x4000 };

static const struct target_mem_s e7_mem[] = {
	{ "itcm", 0x00000000, 256u << 10, TARGET_MEM_RAM, 0 },
	{ "sram0", 0x02000000, 4u << 20, TARGET_MEM_RAM, 0 },
	{ "sram1", 0x08000000, 0x280000, TARGET_MEM_RAM, 0 },
	{ "dtcm", 0x20000000, 1u << 20, TARGET_MEM_RAM, 0 },
	{ "hp-itcm", 0x50000000, 256u << 10, TARGET_MEM_RAM, 0 },
	{ "hp-dtcm", 0x50800000, 1u << 20, TARGET_MEM_RAM, 0 },
	{ "he-itcm", 0x58000000, 256u << 10, TARGET_MEM_RAM, 0 },
	{ "he-dtcm", 0x58800000, 256u << 10, TARGET_MEM_RAM, 0 },
	{ "mram", 0x80000000, 0x580000, TARGET_MEM_FLASH, 0x4000 },
	{ "ospi1-nor", 0xC0000000, 32u << 20, TARGET_MEM_FLASH, 4096 },
	{ NULL, 0, 0, 0, 0 },
};

static const char *const e7_loaders[] = { "alif-ospi1-is25wx256", NULL };

const struct target_part_s target_alif_e7 = {
	.name = "alif-e7",
	.description = "Alif Ensemble E7, Cortex-M55 HP core, MRAM, octal NOR on OSPI1 at 0xC0000000",
	.cpuid_partno = 0xD22,
	.dbgmcu_idcode_addr = 0,
	.dev_id = 0,
	.work_ram_base = 0x02000000,	/* SRAM0: the streaming routine (MRAM, CRCs) */
	.work_ram_size = 4u << 20,
	.mem = e7_mem,
	.flash_driver = "alif-mram",
	.flash_config = &e7_mram,
	.loaders = e7_loaders,
	.loader_ram_base = 0x08000000,	/* SRAM1: the OSPI loader and its buffers */
	.loader_ram_size = 0x280000,
};
