// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Alif Ensemble E7 DevKit, seen from the Cortex-M55 HP core (run on Unicorn's M33 model,
 * reporting an M55 CPUID), with an ISSI IS25WX256 (32 MB octal NOR) on OSPI1.
 * Sources: alif_ensemble-cmsis-dfp global_map.h (OSPI1 0x83002000, AES1 0x83003000, XIP
 * window 0xC0000000, CLKCTL_PER_SLV 0x4902F000, CLKCTL_PER_MST 0x4903F000, PINMUX
 * 0x1A603000, CGU 0x1A602000, GPIO0.. 0x49000000), ospi_xip_user.h (the DevKit flash on
 * OSPI1); hardware.md §4 (MRAM 0x80000000 5.5 MB, SRAM0 0x02000000 4 MB, SRAM1 0x08000000
 * 2.5 MB, HP ITCM 0x50000000 256 KB, HP DTCM 0x50800000 1 MB, HE ITCM 0x58000000 and
 * HE DTCM 0x58800000 256 KB each, core-local ITCM at 0 and DTCM at 0x20000000).
 * Assumptions (?): the core is the M55-HP, so the core-local TCMs alias the HP TCMs;
 * CPUID 0x411FD220 (Cortex-M55 r1p0); Alif's debug port is a SoC-600 DPv3 behind the
 * secure enclave, but the simulator's DP is ADIv5 (DPv2), so DPIDR/AP IDR are the DPv2 and
 * AHB5-AP values of the M33 boards, and TARGETID carries ARM's designer code and part 0;
 * Ensemble parts have no DBGMCU: an identity block reading 0 stands at 0xE0044000; the
 * core starts from MRAM (0x80000000), where the secure enclave would place the image;
 * MRAM takes 16-byte word writes from the core (periph/alif_mram.c); clock/pinmux blocks
 * only keep values.
 */
#include "../sim_internal.h"
#include "../periph/alif_mram.h"
#include "../periph/dw_ospi.h"
#include "../periph/regfile.h"

static const struct sim_region_s e7_regions[] = {
	{ "hp-itcm", 0x50000000, 256u << 10, SIM_REGION_RAM, 0x00, 0 },
	{ "hp-dtcm", 0x50800000, 1u << 20, SIM_REGION_RAM, 0x00, 0 },
	{ "itcm", 0x00000000, 256u << 10, SIM_REGION_RAM, 0x00, 0x50000000 },
	{ "dtcm", 0x20000000, 1u << 20, SIM_REGION_RAM, 0x00, 0x50800000 },
	{ "he-itcm", 0x58000000, 256u << 10, SIM_REGION_RAM, 0x00, 0 },
	{ "he-dtcm", 0x58800000, 256u << 10, SIM_REGION_RAM, 0x00, 0 },
	{ "sram0", 0x02000000, 4u << 20, SIM_REGION_RAM, 0x00, 0 },
	{ "sram1", 0x08000000, 0x280000, SIM_REGION_RAM, 0x00, 0 },
	{ "mram", 0x80000000, 0x580000, SIM_REGION_FLASH, 0xFF, 0 },
	/* The NOR array lives in the OSPI1 XIP window; its model persists it (--state), sparsely. */
	{ "ospi1-xip", 0xC0000000, 32u << 20, SIM_REGION_ROM, 0xFF, 0 },
	{ NULL, 0, 0, 0, 0, 0 },
};

static const struct dw_ospi_config_s e7_ospi1 = {
	.regs_base = 0x83002000, .aes_base = 0x83003000, .window_base = 0xC0000000,
	.part = &spi_nor_is25wx256,
	/* OSPI1_IRQ_IRQn = 97, "combined interrupt request from OSPI1" in Alif's M55_HE.h of
	 * 2022; the same number on the HP core ? */
	.irq = 97,
};

/* Write time of one 16-byte MRAM word: 16 us ? (see alif_mram.c) */
static const struct alif_mram_config_s e7_mram = { .base = 0x80000000, .t_write_ns = 16000 };

static const struct regfile_block_s e7_regfiles[] = {
	{ "clkctl-sys", 0x1A010000, 0, 0x1000, 0, 0, NULL, NULL },
	{ "cgu", 0x1A602000, 0, 0x1000, 0, 0, NULL, NULL },
	{ "pinmux", 0x1A603000, 0, 0x1000, 0, 0, NULL, NULL },
	{ "gpio", 0x49000000, 0, 0x10000, 0, 0, NULL, NULL },
	{ "clkctl-per-slv", 0x4902F000, 0, 0x1000, 0, 0, NULL, NULL },
	{ "clkctl-per-mst", 0x4903F000, 0, 0x1000, 0, 0, NULL, NULL },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL },
};

static const struct sim_board_model_s e7_models[] = {
	{ &regfile_model, e7_regfiles },
	{ &dw_ospi_model, &e7_ospi1 },
	{ &alif_mram_model, &e7_mram },
	{ NULL, NULL },
};

const struct sim_board_s sim_board_alif_e7 = {
	.name = "alif-e7",
	.description = "Alif Ensemble E7 (Cortex-M55 HE/HP core on the M33 model), IS25WX256 on OSPI1",
	.core = SIM_CORE_M55,
	.cpu_hz = 400000000,
	.vtarget_mv = 1800,
	.dpidr = 0x0BE12477,
	.targetid = 0x00000477,
	.ap_idr = 0x84770001,
	.rom_table_base = 0xE00FF000,
	.cpuid = 0x411FD220,
	.fpb_code_comparators = 8,
	.fpb_literal_comparators = 0,
	.dwt_comparators = 4,
	.dbgmcu_idcode_addr = 0xE0044000,
	.dbgmcu_idcode = 0,
	.reset_vtor = 0x80000000,
	.nvic_irqs = 480,		/* ?: the Alif Ensemble RTSS NVIC */
	.nvic_prio_bits = 8,
	.regions = e7_regions,
	.models = e7_models,
};
