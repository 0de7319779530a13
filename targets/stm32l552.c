// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32L552xE (RM0438): Cortex-M33, DEV_ID 0x472, DBGMCU_IDCODE at 0xE0044000; and the
 * STM32L562E-DK board (an STM32L562, the same die with crypto), whose MX25LM51245G octal
 * NOR sits behind OCTOSPI1 at 0x90000000. The board row is chosen by name (--target
 * stm32l562e-dk, or the virtual board of that name): the chip cannot tell its board.
 */
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

static const struct target_mem_s l562e_dk_mem[] = {
	{ "flash", 0x08000000, 512 * 1024, TARGET_MEM_FLASH, 2 * 1024 },
	{ "sram", 0x20000000, 256 * 1024, TARGET_MEM_RAM, 0 },
	/* MX25LM51245G, 64 MB, through OCTOSPI1: programmed by a RAM loader (4 KB sectors) */
	{ "octospi1-nor", 0x90000000, 64u << 20, TARGET_MEM_FLASH, 4096 },
	{ NULL, 0, 0, 0, 0 },
};

static const char *const l562e_dk_loaders[] = { "l5dk-octospi1-mx25lm51245g", NULL };

const struct target_part_s target_stm32l562e_dk = {
	.name = "stm32l562e-dk",
	.description = "STM32L562E-DK: STM32L562, 512 KB dual-bank flash, 64 MB octal NOR on OCTOSPI1",
	.cpuid_partno = 0xD21,
	.dbgmcu_idcode_addr = 0,	/* a board: chosen by name, never by the chip's identity */
	.dev_id = 0x472,
	.work_ram_base = 0x20000000,
	.work_ram_size = 256 * 1024,
	.mem = l562e_dk_mem,
	.flash_driver = "stm32l5",
	.flash_config = &l552_flash,
	.loaders = l562e_dk_loaders,
};
