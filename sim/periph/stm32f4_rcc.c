// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32F401 RCC and PWR (RM0368 §6 RCC, §5 PWR) for the shared model in stm32_rcc.c.
 * Offsets and bits from ST's stm32f401xe.h (cmsis_device_f4).
 *
 * After reset: HSI on at 16 MHz, SYSCLK = HSI, FLASH_ACR.LATENCY 0. The PLL's system
 * output: f = f_in / PLLM * PLLN / PLLP, PLLP = 2, 4, 6 or 8; PLLM below 2 or PLLN below 2
 * give no clock ("wrong configuration"). Limits (RM0368 §5.1.3, §3.4.1 Table 6 ?, not
 * re-read here): voltage scale 2 (PWR_CR.VOS = 2, the reset value) allows 84 MHz, scale 3
 * 60 MHz; the scale selected by VOS applies only while the PLL runs, scale 3 otherwise
 * (which no non-PLL source exceeds); VOS can be changed only with the PLL off (a write
 * while it runs keeps the old value, logged). Wait states for VDD 2.7-3.6 V (the board's
 * 3.3 V): 0 up to 30 MHz, 1 up to 60 MHz, 2 up to 84 MHz. VCO input 1-2 MHz, VCO output
 * 192-432 MHz ?: a PLL started outside them runs as configured, with a log line.
 *
 * Timing (DS9716 typical values, ?): HSI start-up 2 us, HSE 2 ms (crystal dependent), PLL
 * lock 100 us. PWR_CSR.VOSRDY reads as PLLRDY ?.
 */
#include <stdio.h>

#include "../sim_internal.h"
#include "stm32_rcc.h"

#define F4_RCC_CR		0x00u
#define F4_RCC_PLLCFGR		0x04u
#define F4_RCC_CFGR		0x08u
#define F4_RCC_APB1ENR		0x40u
#define F4_RCC_CR_HSION		(1u << 0)
#define F4_RCC_CR_HSIRDY	(1u << 1)
#define F4_RCC_APB1ENR_PWREN	(1u << 28)
/* PLLCFGR fields (stm32f401xe.h: PLLM 5:0, PLLN 14:6, PLLP 17:16, PLLSRC 22, PLLQ 27:24) */
#define F4_PLL_M(v)		((v) & 0x3Fu)
#define F4_PLL_N(v)		(((v) >> 6) & 0x1FFu)
#define F4_PLL_P(v)		(((((v) >> 16) & 3u) + 1u) * 2u)
#define F4_PLL_SRC_HSE		(1u << 22)

#define F4_PWR_CR		0x00u
#define F4_PWR_CSR		0x04u
#define F4_PWR_CR_VOS_SHIFT	14u
#define F4_PWR_CR_VOS_MASK	(3u << F4_PWR_CR_VOS_SHIFT)
#define F4_PWR_CSR_VOSRDY	(1u << 14)

#define MHZ 1000000u

/* Clock-deciding registers with their write masks from stm32f401xe.h; the rest storage. */
static const struct stm32_reg_s f4_rcc_regs[] = {
	/* HSION HSITRIM HSEON HSEBYP CSSON PLLON PLLI2SON; HSITRIM 16, HSIRDY, HSION (HSICAL 0 ?) */
	{ "RCC_CR", F4_RCC_CR, 0x00000083u, 0x050D00F9u },
	/* PLLM 16, PLLN 192, PLLP /2, PLLSRC HSI, PLLQ 4 after reset */
	{ "RCC_PLLCFGR", F4_RCC_PLLCFGR, 0x24003010u, 0x0F437FFFu },
	{ "RCC_CFGR", F4_RCC_CFGR, 0x00000000u, 0xFFFFFFF3u },	/* all but SWS */
	{ "RCC_AHB1ENR", 0x30u, 0x00000000u, 0xFFFFFFFFu },	/* CRCEN is bit 12 */
	{ "RCC_AHB2ENR", 0x34u, 0x00000000u, 0xFFFFFFFFu },
	{ "RCC_APB1ENR", F4_RCC_APB1ENR, 0x00000000u, 0xFFFFFFFFu },	/* PWREN is bit 28 */
	{ "RCC_APB2ENR", 0x44u, 0x00000000u, 0xFFFFFFFFu },
	{ "RCC_BDCR", 0x70u, 0x00000000u, 0xFFFFFFFFu },
	{ "RCC_CSR", 0x74u, 0x0E000000u, 0x00000001u },
	{ "RCC_PLLI2SCFGR", 0x84u, 0x20003000u, 0xFFFFFFFFu },
	{ "RCC_DCKCFGR", 0x8Cu, 0x00000000u, 0xFFFFFFFFu },
	{ NULL, 0, 0, 0 },
};

static const struct stm32_reg_s f4_pwr_regs[] = {
	/* LPDS PDDS PVDE PLS DBP FPDS LPLVDS MRLVDS ADCDC1 VOS; VOS = 2 (scale 2) after reset */
	{ "PWR_CR", F4_PWR_CR, 0x00008000u, 0x0000EFF3u },
	{ "PWR_CSR", F4_PWR_CSR, 0x00000000u, 0x00000300u },	/* EWUP BRE; VOSRDY is the model's */
	{ NULL, 0, 0, 0 },
};

static const uint32_t f4_ws_3v3[] = { 30 * MHZ, 60 * MHZ, 84 * MHZ, 0 };

static const struct sim_clock_range_s f4_scale3 = { "voltage scale 3 (PWR_CR.VOS = 1, or the PLL off)", 60 * MHZ,
						     f4_ws_3v3 };
static const struct sim_clock_range_s f4_scale2 = { "voltage scale 2 (PWR_CR.VOS = 2)", 84 * MHZ, f4_ws_3v3 };

static enum stm32_clk_e f4_pll_input(struct stm32_rcc_s *r)
{
	return stm32_rcc_reg(r, F4_RCC_PLLCFGR) & F4_PLL_SRC_HSE ? STM32_CLK_HSE : STM32_CLK_HSI;
}

static uint32_t f4_source_hz(struct stm32_rcc_s *r, enum stm32_clk_e c)
{
	uint32_t pll = stm32_rcc_reg(r, F4_RCC_PLLCFGR);

	switch (c) {
	case STM32_CLK_HSI: return 16 * MHZ;
	case STM32_CLK_HSE: return r->hse_hz;
	case STM32_CLK_PLL: break;
	default: return 0;
	}
	if (F4_PLL_M(pll) < 2 || F4_PLL_N(pll) < 2)
		return 0;
	return (uint32_t)((uint64_t)f4_source_hz(r, f4_pll_input(r)) / F4_PLL_M(pll) * F4_PLL_N(pll) / F4_PLL_P(pll));
}

static void f4_pll_check(struct stm32_rcc_s *r)
{
	uint32_t pll = stm32_rcc_reg(r, F4_RCC_PLLCFGR);
	uint64_t vco_in = F4_PLL_M(pll) < 2 ? 0 : f4_source_hz(r, f4_pll_input(r)) / F4_PLL_M(pll);
	uint64_t vco = vco_in * F4_PLL_N(pll);

	if (vco_in < 1 * MHZ || vco_in > 2 * MHZ || vco < 192 * MHZ || vco > 432 * MHZ)
		sim_log(r->s, "stm32f4 rcc: PLL on with RCC_PLLCFGR = 0x%08x: VCO input %llu Hz (1-2 MHz), "
			      "VCO %llu Hz (192-432 MHz): out of specification", pll, (unsigned long long)vco_in,
			(unsigned long long)vco);
}

static const struct sim_clock_range_s *f4_pwr_range(struct stm32_rcc_s *r)
{
	uint32_t vos = (stm32_pwr_reg(r, F4_PWR_CR) & F4_PWR_CR_VOS_MASK) >> F4_PWR_CR_VOS_SHIFT;

	if (!stm32_rcc_ready(r, STM32_CLK_PLL))
		return &f4_scale3;
	return vos & 2u ? &f4_scale2 : &f4_scale3;	/* 00 and 01: scale 3, 10 and 11: scale 2 */
}

static uint32_t f4_pwr_read(struct stm32_rcc_s *r, uint32_t off, uint32_t v)
{
	if (off == F4_PWR_CSR && stm32_rcc_ready(r, STM32_CLK_PLL))
		v |= F4_PWR_CSR_VOSRDY;
	return v;
}

static void f4_pwr_write(struct stm32_rcc_s *r, uint32_t off, uint32_t old)
{
	uint32_t cr = stm32_pwr_reg(r, F4_PWR_CR);

	if (off != F4_PWR_CR || !((cr ^ old) & F4_PWR_CR_VOS_MASK))
		return;
	if (!(stm32_rcc_reg(r, F4_RCC_CR) & STM32_RCC_CR_PLLON))
		return;
	/* RM0368 §5.4.1: "can be modified only when the PLL is OFF" */
	stm32_pwr_set(r, F4_PWR_CR, (cr & ~F4_PWR_CR_VOS_MASK) | (old & F4_PWR_CR_VOS_MASK));
	sim_log(r->s, "stm32f4 rcc: PWR_CR.VOS write refused: the PLL is on (RCC_CR.PLLON)");
}

const struct stm32_rcc_family_s stm32f4_rcc_family = {
	.name = "stm32f4 rcc",
	.rcc_size = 0x400,
	.pwr_size = 0x400,
	.cr = F4_RCC_CR,
	.cfgr = F4_RCC_CFGR,
	.pllcfgr = F4_RCC_PLLCFGR,
	.rcc_regs = f4_rcc_regs,
	.pwr_regs = f4_pwr_regs,
	.osc = {
		[STM32_CLK_HSI] = { "HSI", F4_RCC_CR_HSION, F4_RCC_CR_HSIRDY, 2000 },
		[STM32_CLK_HSE] = { "HSE", STM32_RCC_CR_HSEON, STM32_RCC_CR_HSERDY, 2000000 },
		[STM32_CLK_PLL] = { "PLL", STM32_RCC_CR_PLLON, STM32_RCC_CR_PLLRDY, 100000 },
	},
	.sw = { STM32_CLK_HSI, STM32_CLK_HSE, STM32_CLK_PLL, STM32_CLK_NONE },
	.pwr_enr = F4_RCC_APB1ENR,
	.pwr_en = F4_RCC_APB1ENR_PWREN,
	.source_hz = f4_source_hz,
	.pll_input = f4_pll_input,
	.pll_started = f4_pll_check,
	.pwr_write = f4_pwr_write,
	.pwr_read = f4_pwr_read,
	.pwr_range = f4_pwr_range,
};
