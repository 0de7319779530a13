// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32F401xE (DEV_ID 0x433): Cortex-M4F at 84 MHz, 512 KB flash, 96 KB SRAM.
 * Sources: RM0368 (STM32F401 reference manual) §2.3 memory map, §3 flash, §23.6.1
 * DBGMCU_IDCODE, §24 device electronic signature; Cortex-M4 TRM r0p1 (CPUID 0x410FC241,
 * FPB 6 code + 2 literal comparators, DWT 4 comparators); SW-DP DPIDR 0x2BA01477 as OpenOCD
 * reports it on STM32F4 parts; AHB-AP IDR 0x24770011.
 */
#include "../sim_internal.h"
#include "../periph/stm32f4_flash.h"
#include "../periph/stm32_crc.h"
#include "../periph/stm32_rcc.h"

static const struct sim_region_s f401_regions[] = {
	/* BOOT pins low: main flash is aliased at 0x00000000 and the core boots from it */
	{ "boot-alias", 0x00000000, 512 * 1024, SIM_REGION_FLASH, 0xFF, 0x08000000 },
	{ "flash", 0x08000000, 512 * 1024, SIM_REGION_FLASH, 0xFF, 0 },
	{ "sram", 0x20000000, 96 * 1024, SIM_REGION_RAM, 0x00, 0 },
	/* system memory (bootloader), OTP 0x1FFF7800, OTP locks 0x1FFF7A00, UID, F_SIZE */
	{ "system", 0x1FFF0000, 0x8000, SIM_REGION_ROM, 0xFF, 0 },
	{ NULL, 0, 0, 0, 0, 0 },
};

static const struct sim_preset_s f401_presets[] = {
	{ 0x1FFF7A10, 4, 0x00350025 },	/* UID[31:0]: wafer X/Y (arbitrary but fixed) */
	{ 0x1FFF7A14, 4, 0x34365111 },	/* UID[63:32] */
	{ 0x1FFF7A18, 4, 0x30353431 },	/* UID[95:64] */
	{ 0x1FFF7A22, 2, 512 },		/* F_SIZE: flash size in KB (RM0368 §24.2) */
	{ 0, 0, 0 },
};

/*
 * Sector map (RM0368 §3.3, Table 5: sectors 0-3 16 KB, 4 64 KB, 5-7 128 KB) with the typical
 * erase times of DS10086 §6.3.11 "Flash memory programming", typ column, for PSIZE x8 / x16 /
 * x32, and x64 from "Flash memory programming with VPP". These figures are taken from the
 * STM32F40x/F401 datasheet tables as recalled, not re-read from DS10086 here: marked '?'
 * (see ../shared/reference/hardware.md on unconfirmed items).
 */
static const struct stm32f4_sector_s f401_sectors[] = {
	{ 16 * 1024, { 400000, 300000, 250000, 230000 } },	/* ? t_ERASE16KB */
	{ 16 * 1024, { 400000, 300000, 250000, 230000 } },
	{ 16 * 1024, { 400000, 300000, 250000, 230000 } },
	{ 16 * 1024, { 400000, 300000, 250000, 230000 } },
	{ 64 * 1024, { 1200000, 700000, 550000, 490000 } },	/* ? t_ERASE64KB */
	{ 128 * 1024, { 2000000, 1300000, 1000000, 875000 } },	/* ? t_ERASE128KB */
	{ 128 * 1024, { 2000000, 1300000, 1000000, 875000 } },
	{ 128 * 1024, { 2000000, 1300000, 1000000, 875000 } },
};

static const struct stm32f4_flash_config_s f401_flash = {
	.reg_base = 0x40023C00,
	.flash_base = 0x08000000,
	.sectors = f401_sectors,
	.n_sectors = sizeof(f401_sectors) / sizeof(f401_sectors[0]),
	/* ? t_prog: 16 us typical for one write of any parallelism (x8/x16/x32; x64 with VPP) */
	.prog_us = { 16, 16, 16, 16 },
	/* ? t_ME for 512 KB: 8 s (x8), 5.5 s (x16), 4 s (x32), 3.5 s (x64, VPP) */
	.mass_erase_us = { 8000000, 5500000, 4000000, 3500000 },
	/* No datasheet figure: OPTSTRT erases and reprograms the user configuration sector
	 * (PM0059 §2.6.2); modeled as one 16 KB sector erase at x32. */
	.option_prog_us = 250000,
	.irq = 4,	/* FLASH global interrupt: vector table position 4 (RM0368 §10.2, Table 38) */
};

/* RCC and PWR (RM0368 §2.3 memory map). No HSE crystal unless --option hse_hz=N. */
static const struct stm32_rcc_config_s f401_rcc = {
	.family = &stm32f4_rcc_family,
	.rcc_base = 0x40023800,
	.pwr_base = 0x40007000,
};

/* CRC unit (RM0368 §4), clocked by RCC_AHB1ENR.CRCEN (bit 12); 32-bit words only. */
static const struct stm32_crc_config_s f401_crc = {
	.base = 0x40023000, .gate_enr = 0x40023830, .gate_bit = 1u << 12, .cycles = { 4, 4, 4 },
};

static const struct sim_board_model_s f401_models[] = {
	{ &stm32f4_flash_model, &f401_flash },
	{ &stm32_rcc_model, &f401_rcc },
	{ &stm32_crc_model, &f401_crc },
	{ NULL, NULL },
};

const struct sim_board_s sim_board_stm32f401 = {
	.name = "stm32f401",
	.description = "STM32F401xE, Cortex-M4F 16-84 MHz, 512 KB flash, 96 KB SRAM",
	.core = SIM_CORE_M4,
	.cpu_hz = 16000000,	/* HSI 16 MHz from reset; RCC (stm32f4_rcc.c) raises it, up to 84 MHz */
	.vtarget_mv = 3300,
	.dpidr = 0x2BA01477,
	.targetid = 0,
	.ap_idr = 0x24770011,
	.rom_table_base = 0xE00FF000,
	.cpuid = 0x410FC241,
	.fpb_code_comparators = 6,
	.fpb_literal_comparators = 2,
	.dwt_comparators = 4,
	.dbgmcu_idcode_addr = 0xE0042000,
	.dbgmcu_idcode = 0x10010433,	/* REV_ID 0x1001 (rev Z), DEV_ID 0x433 */
	.reset_vtor = 0x00000000,
	.nvic_irqs = 85,		/* RM0368 10.2: vector table positions 0-84 */
	.nvic_prio_bits = 4,
	.regions = f401_regions,
	.presets = f401_presets,
	.models = f401_models,
};
