// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32N657 (DEV_ID 0x486 ?) on an STM32N6570-DK: Cortex-M55 (run on Unicorn's M33 model,
 * reporting an M55 CPUID), no internal flash, MX66UW1G45G octal NOR on XSPI2.
 * Sources: stm32n657xx.h (cmsis-device-n6): AXISRAM1..6 at 0x34000000 secure /
 * 0x24000000 non-secure (1 MB + 1 MB + 4 x 448 KB = 3.75 MB, contiguous), XSPI2 registers
 * 0x4802A000 / 0x5802A000 and window 0x70000000, XSPIM 0x4802B400, RCC 0x46028000 /
 * 0x56028000 (CR 0x000, SR 0x004, CFGR1 0x020; set registers at +0x800, clear at +0x1000),
 * PWR 0x46024800 (SVMCR3 0x03C), GPION/O/P 0x46023400..0x46023FFF, DBGMCU 0x44001000,
 * RISAF2 0x44027000 / 0x54027000 (RISAF_TypeDef: CR, IASR, IACR, IAR, then 15 regions of
 * 0x40 bytes from 0x040: CFGR, STARTR, ENDR, CIDCFGR, ...), SYSCFG 0x46008000 / 0x56008000
 * (SYSCFG_TypeDef: VDDIO4/5/2/3 and VDD compensation cell control at 0x044/0x04C/0x054/
 * 0x05C/0x064, each followed by its status register); hardware.md §3.
 * Assumptions (?): CPUID 0x411FD220 (Cortex-M55 r1p0); silicon has a CoreSight SoC-600
 * DPv3 with ADIv6 APs, but the simulator's DP is ADIv5 (DPv2), so DPIDR and AP IDR are
 * the DPv2/AHB5-AP values of the M33 boards; TARGETID built from DEV_ID 0x486 and ST's
 * JEP106 code as on the L552 board; DBGMCU REV_ID 0x1000; reset at 0x34000000 (the board
 * comes up as in development boot: the debugger loads code into AXISRAM).
 */
#include "../sim_internal.h"
#include "../periph/regfile.h"
#include "../periph/stm32_xspi.h"

static const struct sim_region_s n657_regions[] = {
	{ "axisram", 0x34000000, 0x3C0000, SIM_REGION_RAM, 0x00, 0 },
	{ "axisram-ns", 0x24000000, 0x3C0000, SIM_REGION_RAM, 0x00, 0x34000000 },
	/* The NOR array lives in the XSPI2 window; its model persists it (--state), sparsely. */
	{ "xspi2", 0x70000000, 128u << 20, SIM_REGION_ROM, 0xFF, 0 },
	{ NULL, 0, 0, 0, 0, 0 },
};

static const struct stm32_xspi_config_s n657_xspi2 = {
	.regs_base = 0x4802A000, .regs_base_secure = 0x5802A000, .window_base = 0x70000000,
	.part = &spi_nor_mx66uw1g45g,
};

/* RCC: HSI/MSI/HSE/LSI/LSE and PLL1..4 ready follow their ON bits (CR -> SR); the clock
 * switch status CPUSWS/SYSSWS (CFGR1 bits 21:20, 29:28) follows CPUSW/SYSSW (17:16, 25:24). */
static const struct regfile_ready_s n657_rcc_ready[] = {
	{ 0x000, 0x00000F1F, 0x004, 0 },
	{ 0x020, 0x03030000, 0x020, 4 },
	{ 0, 0, 0, 0 },
};

static const struct regfile_reset_s n657_rcc_reset[] = {
	{ 0x000, 0x00000008 },	/* HSION after reset ? */
	{ REGFILE_END, 0 },
};

/* PWR SVMCR3: VDDIO2/VDDIO3/USB33/ADC supplies ready (bits 16..20) follow their monitor enables. */
static const struct regfile_ready_s n657_pwr_ready[] = {
	{ 0x03C, 0x00000017, 0x03C, 16 },
	{ 0, 0, 0, 0 },
};

/* GPIO ports N, O, P: MODER resets to analog (all ones) */
static const struct regfile_reset_s n657_gpio_reset[] = {
	{ 0x000, 0xFFFFFFFF }, { 0x400, 0xFFFFFFFF }, { 0x800, 0xFFFFFFFF },
	{ REGFILE_END, 0 },
};

/*
 * SYSCFG compensation cells: CCSR.READY (bit 8) follows CCCR.EN (bit 8). Vendor start-up
 * and flash loaders write these (probe-rs's stm32n6 algorithm stores to 0x46008054, which
 * stm32n657xx.h names VDDIO2CCCR; hardware.md calls it VDDIO3CCCR, which the header puts
 * at 0x05C): the whole block is there, so either reading works.
 */
static const struct regfile_ready_s n657_syscfg_ready[] = {
	{ 0x044, 0x100, 0x048, 0 },	/* VDDIO4 */
	{ 0x04C, 0x100, 0x050, 0 },	/* VDDIO5 */
	{ 0x054, 0x100, 0x058, 0 },	/* VDDIO2 */
	{ 0x05C, 0x100, 0x060, 0 },	/* VDDIO3 */
	{ 0x064, 0x100, 0x068, 0 },	/* VDD */
	{ 0, 0, 0, 0 },
};

/*
 * RISAF2 (the firewall in front of XSPI2's window) is a register block that enforces
 * nothing: regions read back what was written and every access passes, whatever they say.
 * It is here so that loaders which open the firewall (probe-rs's stm32n6 algorithm writes
 * region 1 CFGR/ENDR/CIDCFGR at 0x44027040..0x4402704C) run unmodified.
 */
static const struct regfile_block_s n657_regfiles[] = {
	{ "rcc", 0x46028000, 0x56028000, 0x2000, 0x800, 0x1000, n657_rcc_reset, n657_rcc_ready },
	{ "pwr", 0x46024800, 0x56024800, 0x400, 0, 0, NULL, n657_pwr_ready },
	{ "gpio-nop", 0x46023400, 0x56023400, 0xC00, 0, 0, n657_gpio_reset, NULL },
	{ "xspim", 0x4802B400, 0x5802B400, 0x400, 0, 0, NULL, NULL },
	{ "syscfg", 0x46008000, 0x56008000, 0x1000, 0, 0, NULL, n657_syscfg_ready },
	{ "risaf2", 0x44027000, 0x54027000, 0x400, 0, 0, NULL, NULL },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL },
};

static const struct sim_board_model_s n657_models[] = {
	{ &regfile_model, n657_regfiles },
	{ &stm32_xspi_model, &n657_xspi2 },
	{ NULL, NULL },
};

const struct sim_board_s sim_board_stm32n657 = {
	.name = "stm32n657",
	.description = "STM32N657, Cortex-M55 on the M33 model, MX66UW1G45G on XSPI2",
	.core = SIM_CORE_M55,
	.cpu_hz = 64000000,		/* HSI 64 MHz after reset */
	.vtarget_mv = 1800,
	.dpidr = 0x0BE12477,
	.targetid = 0x04860041,
	.ap_idr = 0x84770001,
	.rom_table_base = 0xE00FF000,
	.cpuid = 0x411FD220,
	.fpb_code_comparators = 8,
	.fpb_literal_comparators = 0,
	.dwt_comparators = 4,
	.dbgmcu_idcode_addr = 0x44001000,
	.dbgmcu_idcode = 0x10000486,
	.reset_vtor = 0x34000000,
	.nvic_irqs = 194,		/* RM0486: positions 0-193 ? */
	.nvic_prio_bits = 4,
	.regions = n657_regions,
	.models = n657_models,
};
