// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32L552xE (DEV_ID 0x472): Cortex-M33 with TrustZone and FPU at 110 MHz, 512 KB flash,
 * 256 KB SRAM (SRAM1 192 KB + SRAM2 64 KB, contiguous at 0x20000000).
 * Sources: RM0438 (STM32L552/562 reference manual) §2 memory map, §6 flash (FLASHSIZE at
 * 0x0BFA05E0), §53 DBGMCU (IDCODE at 0xE0044000); stm32l552xx.h; Cortex-M33 TRM r0p4
 * (CPUID 0x410FD214, AHB5-AP IDR 0x84770001, SW-DP v2 DPIDR 0x0BE12477, FPB 8 comparators,
 * DWT 4 comparators).
 * TARGETID ? : TPARTNO taken as the DEV_ID and TDESIGNER as ST's JEP106 code (0x20);
 * not confirmed on silicon.
 * With TZEN=0 (the default here) the core boots from NSBOOTADD0 = 0x08000000.
 * Flash controller: sim/periph/stm32l5_flash.c (RM0438 §6), with the secure alias of the
 * flash at 0x0C000000 (answering only when TZEN=1).
 * The rows the STM32L562E-DK board shares are in stm32l552.h.
 */
#include "../sim_internal.h"
#include "stm32l552.h"

static const struct sim_region_s l552_regions[] = {
	STM32L552_REGIONS,
	{ NULL, 0, 0, 0, 0, 0 },
};

const struct sim_preset_s stm32l552_presets[] = {
	{ 0x0BFA0590, 4, 0x00430023 },	/* UID[31:0] (arbitrary but fixed) */
	{ 0x0BFA0594, 4, 0x5032500A },	/* UID[63:32] */
	{ 0x0BFA0598, 4, 0x20383154 },	/* UID[95:64] */
	{ 0x0BFA05E0, 2, 512 },		/* FLASHSIZE in KB (RM0438 §53.2) */
	{ 0, 0, 0 },
};

/*
 * OPTR as the part leaves the factory ?: RDP level 0 (0xAA), BOR_LEV 0, nRST_STOP/STDBY/
 * SHDW, IWDG_SW/STOP/STDBY, WWDG_SW, DB256K, DBANK (dual bank), SRAM2_PE, SRAM2_RST,
 * nSWBOOT0, nBOOT0, PA15_PUPEN set; SWAP_BANK and TZEN clear; reserved bits 0.
 */
const struct stm32l5_flash_config_s stm32l552_flash = {
	.flash_ns_base = STM32L5_FLASH_NS_BASE,
	.flash_s_base = STM32L5_FLASH_S_BASE,
	.regs_ns = STM32L5_FLASH_REGS_NS,
	.regs_s = STM32L5_FLASH_REGS_S,
	.optr_factory = 0x1F6F70AAu,
	/* FLASH and FLASH_S: vector table positions 6 and 7 (RM0438 §12.3, Table 'STM32L552xx
	 * vector table' ?) */
	.irq_ns = 6, .irq_s = 7,
};

/* RCC and PWR (RM0438 §2.3 memory map; secure aliases at +0x10000000, which OpenOCD's
 * stm32l5x.cfg uses when the core is in secure state). No HSE crystal on the board. */
const struct stm32_rcc_config_s stm32l552_rcc = {
	.family = &stm32l5_rcc_family,
	.rcc_base = 0x40021000, .rcc_base_s = 0x50021000,
	.pwr_base = 0x40007000, .pwr_base_s = 0x50007000,
};

/* CRC unit (RM0438 §15), clocked by RCC_AHB1ENR.CRCEN (bit 12). */
const struct stm32_crc_config_s stm32l552_crc = {
	.base = 0x40023000, .base_s = 0x50023000, .programmable = true,
	.gate_enr = 0x40021048, .gate_bit = 1u << 12, .cycles = { 1, 2, 4 },
};

static const struct sim_board_model_s l552_models[] = {
	STM32L552_MODELS,
	{ NULL, NULL },
};

const struct sim_board_s sim_board_stm32l552 = {
	.name = "stm32l552",
	.description = "STM32L552xE, Cortex-M33 4-110 MHz (TrustZone, FPU), 512 KB dual-bank flash, 256 KB SRAM",
	STM32L552_IDENTITY,
	.regions = l552_regions,
	.presets = stm32l552_presets,
	.models = l552_models,
};
