// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32L562E-DK: an STM32L562QEI6Q (the STM32L552 die with crypto: DEV_ID 0x472, the same
 * memory map, flash, RCC and PWR; shared rows in stm32l552.h) and a Macronix MX25LM51245G
 * octal NOR (64 MB) on OCTOSPI1.
 * Sources: stm32l562xx.h (cmsis-device-l5): OCTOSPI1 registers at 0x44021000 (secure alias
 * 0x54021000, AHB3), window OCTOSPI1_BASE 0x90000000, RCC_AHB3ENR.OSPI1EN bit 8,
 * RCC_AHB2ENR.GPIOxEN bits 0..7, GPIOA..H at 0x42020000 + 0x400 n (secure +0x10000000);
 * RM0438 §2.3 (memory map), §13 (GPIO reset values), the OCTOSPI chapter.
 * ST's BSP stm32l562e_discovery_ospi.h: the flash on PA3 CLK, PA2 NCS, PB2 DQS, PB1 IO0,
 * PB0 IO1, PA7 IO2, PA6 IO3, PC1 IO4, PC2 IO5, PC3 IO6 (AF10), PC0 IO7 (AF3).
 * The L5 has one OCTOSPI and no OCTOSPI I/O manager (stm32l562xx.h defines no OCTOSPIM, unlike
 * the L4+ and H7): the pins reach OCTOSPI1 through their GPIO alternate function alone.
 * GPIO is a register file (regfile.c): it keeps what the loader writes; the pins themselves
 * are not modeled (a wrong pin setup does not stop the model's NOR from answering).
 */
#include "../sim_internal.h"
#include "../periph/regfile.h"
#include "../periph/stm32_xspi.h"
#include "stm32l552.h"

static const struct sim_region_s l562dk_regions[] = {
	STM32L552_REGIONS,
	/* The NOR array lives in the OCTOSPI1 window; its model persists it (--state), sparsely. */
	{ "octospi1", 0x90000000, 64u << 20, SIM_REGION_ROM, 0xFF, 0 },
	{ NULL, 0, 0, 0, 0, 0 },
};

/* OCTOSPI1 (RM0438): the XSPI model with the L5's 32-byte FIFO, clocked by RCC_AHB3ENR.OSPI1EN. */
static const struct stm32_xspi_config_s l562dk_octospi1 = {
	.regs_base = 0x44021000, .regs_base_secure = 0x54021000, .window_base = 0x90000000,
	.part = &spi_nor_mx25lm51245g, .fifo_size = STM32_OCTOSPI_L5_FIFO_SIZE,
	.gate_enr = 0x40021050, .gate_bit = 1u << 8, .magic_id = STM32_OCTOSPI_MAGIC_ID,
};

/* GPIO ports A..H: MODER/OSPEEDR/PUPDR reset values of RM0438 §13.4 (A and B carry the
 * debug pins PA13/PA14 and PB4..) */
static const struct regfile_reset_s l562dk_gpio_reset[] = {
	{ 0x000, 0xABFFFFFF }, { 0x008, 0x0C000000 }, { 0x00C, 0x64000000 },	/* GPIOA */
	{ 0x400, 0xFFFFFEBF }, { 0x40C, 0x00000100 },				/* GPIOB */
	{ 0x800, 0xFFFFFFFF }, { 0xC00, 0xFFFFFFFF }, { 0x1000, 0xFFFFFFFF },
	{ 0x1400, 0xFFFFFFFF }, { 0x1800, 0xFFFFFFFF }, { 0x1C00, 0xFFFFFFFF },
	{ REGFILE_END, 0 },
};

static const struct regfile_block_s l562dk_regfiles[] = {
	{ "gpio-a-h", 0x42020000, 0x52020000, 0x2000, 0, 0, l562dk_gpio_reset, NULL },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL },
};

static const struct sim_board_model_s l562dk_models[] = {
	STM32L552_MODELS,
	{ &regfile_model, l562dk_regfiles },
	{ &stm32_xspi_model, &l562dk_octospi1 },
	{ NULL, NULL },
};

const struct sim_board_s sim_board_stm32l562e_dk = {
	.name = "stm32l562e-dk",
	.description = "STM32L562E-DK: STM32L562QE (an L552 with crypto), MX25LM51245G 64 MB octal NOR on OCTOSPI1",
	STM32L552_IDENTITY,
	.regions = l562dk_regions,
	.presets = stm32l552_presets,
	.models = l562dk_models,
};
