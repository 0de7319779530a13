// SPDX-License-Identifier: GPL-2.0-or-later
/* STM32F401xD/E (RM0368): Cortex-M4F, DEV_ID 0x433, DBGMCU_IDCODE at 0xE0042000. */
#include "targets.h"

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
};
