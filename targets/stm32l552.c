// SPDX-License-Identifier: GPL-2.0-or-later
/* STM32L552xE (RM0438): Cortex-M33, DEV_ID 0x472, DBGMCU_IDCODE at 0xE0044000. */
#include "targets.h"

#include "flash/drivers/stm32l5.h"

/* RM0438 §6.3.1, §6.9; stm32l552xx.h */
static const struct stm32l5_flash_cfg_s l552_flash = {
	.regs_ns = 0x40022000,
	.regs_s = 0x50022000,
	.flash_ns = 0x08000000,
	.flash_s = 0x0C000000,
	.flashsize_reg = 0x0BFA05E0,
	.max_size = 512 * 1024,
	.page_dual = 2048,
	.page_single = 4096,
	.rcc = 0x40021000,
	.pwr = 0x40007000,
	.crc_unit = 0x40023000,
};

static const struct target_mem_s l552_mem[] = {
	/* 2 KB pages with DBANK=1 (the default), 4 KB with DBANK=0 (RM0438 §6.3.1) */
	{ "flash", 0x08000000, 512 * 1024, TARGET_MEM_FLASH, 2 * 1024 },
	{ "sram", 0x20000000, 256 * 1024, TARGET_MEM_RAM, 0 },
	{ NULL, 0, 0, 0, 0 },
};

const struct target_part_s target_stm32l552 = {
	.name = "stm32l552",
	.description = "STM32L552xE, Cortex-M33, 512 KB dual-bank flash, 256 KB SRAM",
	.cpuid_partno = 0xD21,
	.dbgmcu_idcode_addr = 0xE0044000,
	.dev_id = 0x472,
	.work_ram_base = 0x20000000,
	.work_ram_size = 256 * 1024,
	.mem = l552_mem,
	.flash_driver = "stm32l5",
	.flash_config = &l552_flash,
};
