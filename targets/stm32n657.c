// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32N657 (RM0486): Cortex-M55, DEV_ID 0x486 in DBGMCU_IDCODE at 0x44001000 (?: taken
 * from the simulator's board row, not yet checked against RM0486). No internal flash:
 * the STM32N6570-DK boots from an MX66UW1G45G octal NOR on XSPI2 at 0x70000000.
 */
#include "targets.h"

static const struct target_mem_s n657_mem[] = {
	{ "axisram", 0x34000000, 0x3C0000, TARGET_MEM_RAM, 0 },		/* secure alias */
	{ "axisram-ns", 0x24000000, 0x3C0000, TARGET_MEM_RAM, 0 },
	/* external NOR through XSPI2: programmed by a RAM loader (4 KB sectors) */
	{ "xspi2-nor", 0x70000000, 128u << 20, TARGET_MEM_FLASH, 4096 },
	{ NULL, 0, 0, 0, 0 },
};

static const char *const n657_loaders[] = { "n6-xspi2-mx66uw1g45g", NULL };

const struct target_part_s target_stm32n657 = {
	.name = "stm32n657",
	.description = "STM32N657, Cortex-M55, AXISRAM 3.75 MB, octal NOR on XSPI2 at 0x70000000",
	.cpuid_partno = 0xD22,
	.dbgmcu_idcode_addr = 0x44001000,
	.dev_id = 0x486,
	.work_ram_base = 0x34000000,
	.work_ram_size = 0x100000,	/* AXISRAM1: the CRC routine */
	.mem = n657_mem,
	.loaders = n657_loaders,
	.loader_ram_base = 0x34100000,	/* AXISRAM2..: the XSPI loader and its buffers */
	.loader_ram_size = 0x2C0000,
};
