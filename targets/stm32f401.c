// SPDX-License-Identifier: GPL-2.0-or-later
/* STM32F401xD/E (RM0368): Cortex-M4F, DEV_ID 0x433, DBGMCU_IDCODE at 0xE0042000. */
#include "targets.h"

#include "flash/drivers/stm32f4.h"

/* RM0368 §3.3 (sectors), §3.5 (OTP); erase times: DS10086 Table 45 typ. (?, as quoted in
 * reference/hardware.md §2), per PSIZE x8/x16/x32 */
static const struct stm32f4_flash_cfg_s f401_flash = {
	.regs = 0x40023C00,
	.flash_base = 0x08000000,
	.flashsize_reg = 0x1FFF7A22,
	.sectors = { { 16 * 1024, 4 }, { 64 * 1024, 1 }, { 128 * 1024, 3 }, { 0, 0 } },
	.erase_us = { { 400000, 300000, 250000 }, { 1200000, 700000, 550000 }, { 2000000, 1300000, 1000000 } },
	.mass_erase_us = { 8000000, 5500000, 4000000 },
	.otp_base = 0x1FFF7800,
	.otp_blocks = 16,
	.otp_block_size = 32,
	.rcc = 0x40023800,
	.crc_unit = 0x40023000,
};

static const struct target_mem_s f401_mem[] = {
	/* sectors 0-3 16 KB, 4 64 KB, 5-7 128 KB (RM0368 §3.3); GDB gets the largest */
	{ "flash", 0x08000000, 512 * 1024, TARGET_MEM_FLASH, 128 * 1024 },
	{ "sram", 0x20000000, 96 * 1024, TARGET_MEM_RAM, 0 },
	{ "system", 0x1FFF0000, 0x7A40, TARGET_MEM_ROM, 0 },	/* bootloader, OTP, UID, F_SIZE */
	{ NULL, 0, 0, 0, 0 },
};

const struct target_part_s target_stm32f401 = {
	.name = "stm32f401",
	.description = "STM32F401xD/E, Cortex-M4F, 512 KB flash, 96 KB SRAM",
	.cpuid_partno = 0xC24,
	.dbgmcu_idcode_addr = 0xE0042000,
	.dev_id = 0x433,
	.work_ram_base = 0x20000000,
	.work_ram_size = 96 * 1024,
	.mem = f401_mem,
	.flash_driver = "stm32f4",
	.flash_config = &f401_flash,
};
