/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the STM32L552 board (stm32l552.c) and the boards built on the same die share (an
 * STM32L562 is an L552 with crypto: same DEV_ID 0x472, memory map and flash; the
 * STM32L562E-DK board, stm32l562e_dk.c): memory regions, identity and peripheral models,
 * as rows a board puts into its own tables. Sources: see stm32l552.c.
 */
#ifndef SIM_BOARDS_STM32L552_H
#define SIM_BOARDS_STM32L552_H

#include "../board.h"
#include "../periph/stm32l5_flash.h"
#include "../periph/stm32_crc.h"
#include "../periph/stm32_rcc.h"

extern const struct stm32l5_flash_config_s stm32l552_flash;
extern const struct stm32_rcc_config_s stm32l552_rcc;
extern const struct stm32_crc_config_s stm32l552_crc;
extern const struct sim_preset_s stm32l552_presets[];

/* Rows of a struct sim_region_s table (RM0438 §2.3) */
#define STM32L552_REGIONS \
	{ "flash", 0x08000000, 512 * 1024, SIM_REGION_FLASH, 0xFF, 0 }, \
	/* secure alias of the same flash (RM0438 §2.3.1) */ \
	{ "flash-s", 0x0C000000, 512 * 1024, SIM_REGION_FLASH, 0xFF, 0x08000000 }, \
	{ "sram", 0x20000000, 256 * 1024, SIM_REGION_RAM, 0x00, 0 }, \
	/* system memory (bootloader) */ \
	{ "system", 0x0BF90000, 0x8000, SIM_REGION_ROM, 0xFF, 0 }, \
	/* OTP (512 B at 0x0BFA0000), engineering bytes, FLASHSIZE at 0x0BFA05E0 */ \
	{ "otp-info", 0x0BFA0000, 0x1000, SIM_REGION_ROM, 0xFF, 0 }

/* Rows of a struct sim_board_model_s table: flash controller, RCC + PWR, CRC */
#define STM32L552_MODELS \
	{ &stm32l5_flash_model, &stm32l552_flash }, \
	{ &stm32_rcc_model, &stm32l552_rcc }, \
	{ &stm32_crc_model, &stm32l552_crc }

/* Designated initializers of struct sim_board_s: what a debugger discovers */
#define STM32L552_IDENTITY \
	.core = SIM_CORE_M33, \
	.cpu_hz = 4000000,	/* MSI 4 MHz from reset; RCC (stm32l5_rcc.c) raises it, up to 110 MHz */ \
	.vtarget_mv = 3300, \
	.dpidr = 0x0BE12477, \
	.targetid = 0x04720041, \
	.ap_idr = 0x84770001, \
	.rom_table_base = 0xE00FF000, \
	.cpuid = 0x410FD214, \
	.fpb_code_comparators = 8, \
	.fpb_literal_comparators = 0, \
	.dwt_comparators = 4, \
	.dbgmcu_idcode_addr = 0xE0044000, \
	.dbgmcu_idcode = 0x20000472,	/* REV_ID 0x2000 (rev Z), DEV_ID 0x472 */ \
	.reset_vtor = 0x08000000, \
	.nvic_irqs = 109,	/* RM0438 12.3: vector table positions 0-108 */ \
	.nvic_prio_bits = 3

#endif
