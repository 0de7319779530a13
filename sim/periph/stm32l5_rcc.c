// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32L5 RCC and PWR (RM0438 §9 RCC, §8 PWR) for the shared model in stm32_rcc.c.
 * Offsets and bits from ST's stm32l552xx.h (cmsis_device_l5); frequency limits and wait
 * states from ST's stm32l5xx_ll_utils.c (UTILS_MAX_FREQUENCY_SCALE0..2, LL_SetFlashLatency
 * thresholds, PLL VCO input 4-16 MHz and output 64-344 MHz).
 *
 * After reset: MSI on at 4 MHz (MSIRANGE from RCC_CSR.MSISRANGE = 4 MHz while MSIRGSEL is
 * 0), SYSCLK = MSI, voltage range 2 (PWR_CR1.VOS = 2, at most 26 MHz), FLASH_ACR.LATENCY 0.
 * 110 MHz needs range 0 and 5 wait states. The PLL's system output is PLLR:
 * f = f_in / (PLLM + 1) * PLLN / (2 * (PLLR + 1)), usable only with PLLREN set.
 *
 * Timing (DS12736 typical values, not re-read from the PDF here, so ?): HSI16 start-up
 * 0.8 us ?, MSI 5 us ?, HSE 2 ms ? (crystal dependent), PLL lock 15 us ?, and a voltage
 * range change keeps PWR_SR2.VOSF set for 20 us ? (during which the old range holds).
 * A configuration the LL code would refuse (VCO input or output out of range, PLLCLK
 * above 110 MHz) runs as configured, with a log line when the PLL is switched on.
 */
#include <stdio.h>

#include "../sim_internal.h"
#include "stm32_rcc.h"

#define L5_RCC_CR		0x000u
#define L5_RCC_CFGR		0x008u
#define L5_RCC_PLLCFGR		0x00Cu
#define L5_RCC_APB1ENR1		0x058u
#define L5_RCC_CSR		0x094u
#define L5_RCC_CR_MSION		(1u << 0)
#define L5_RCC_CR_MSIRDY	(1u << 1)
#define L5_RCC_CR_MSIRGSEL	(1u << 3)
#define L5_RCC_CR_MSIRANGE_SHIFT 4u
#define L5_RCC_CR_HSION		(1u << 8)
#define L5_RCC_CR_HSIRDY	(1u << 10)
#define L5_RCC_CSR_MSISRANGE_SHIFT 8u
#define L5_RCC_APB1ENR1_PWREN	(1u << 28)
/* PLLCFGR fields (stm32l552xx.h: PLLSRC 1:0, PLLM 7:4, PLLN 14:8, PLLREN 24, PLLR 26:25) */
#define L5_PLL_SRC(v)		((v) & 3u)
#define L5_PLL_M(v)		((((v) >> 4) & 0xFu) + 1u)
#define L5_PLL_N(v)		(((v) >> 8) & 0x7Fu)
#define L5_PLL_REN		(1u << 24)
#define L5_PLL_R(v)		(((((v) >> 25) & 3u) + 1u) * 2u)

#define L5_PWR_CR1		0x00u
#define L5_PWR_SR2		0x14u
#define L5_PWR_CR1_VOS_SHIFT	9u
#define L5_PWR_CR1_VOS_MASK	(3u << L5_PWR_CR1_VOS_SHIFT)
#define L5_PWR_SR2_VOSF		(1u << 10)
#define L5_T_VOSF_NS		20000u	/* ? */

#define MHZ 1000000u

/*
 * The registers the model keeps. Bits that decide the clock have their write masks from
 * stm32l552xx.h; the peripheral enables and the rest are plain storage (reset values ?
 * where RM0438 was not re-read: AHB1ENR has FLASHEN set, the others 0).
 */
static const struct stm32_reg_s l5_rcc_regs[] = {
	/* MSION MSIPLLEN MSIRGSEL MSIRANGE HSION HSIKERON HSIASFS HSEON HSEBYP CSSON PLLON PLLSAI1ON
	 * PLLSAI2ON PRIV; MSIRANGE 6 (4 MHz), MSIRDY and MSION after reset */
	{ "RCC_CR", L5_RCC_CR, 0x00000063u, 0x950D0BFDu },
	{ "RCC_ICSCR", 0x004u, 0x40000000u, 0xFFFFFFFFu },
	/* SW HPRE PPRE1 PPRE2 STOPWUCK MCOSEL MCOPRE (SWS is the model's) */
	{ "RCC_CFGR", L5_RCC_CFGR, 0x00000000u, 0x7F00BFF3u },
	/* PLLSRC PLLM PLLN PLLPEN PLLP PLLQEN PLLQ PLLREN PLLR PLLPDIV; PLLN = 16 after reset */
	{ "RCC_PLLCFGR", L5_RCC_PLLCFGR, 0x00001000u, 0xFF737FF3u },
	{ "RCC_PLLSAI1CFGR", 0x010u, 0x00001000u, 0xFFFFFFFFu },
	{ "RCC_PLLSAI2CFGR", 0x014u, 0x00001000u, 0xFFFFFFFFu },
	{ "RCC_AHB1ENR", 0x048u, 0x00000100u, 0xFFFFFFFFu },	/* CRCEN is bit 12 */
	{ "RCC_AHB2ENR", 0x04Cu, 0x00000000u, 0xFFFFFFFFu },
	{ "RCC_AHB3ENR", 0x050u, 0x00000000u, 0xFFFFFFFFu },
	{ "RCC_APB1ENR1", L5_RCC_APB1ENR1, 0x00000000u, 0xFFFFFFFFu },	/* PWREN is bit 28 */
	{ "RCC_APB1ENR2", 0x05Cu, 0x00000000u, 0xFFFFFFFFu },
	{ "RCC_APB2ENR", 0x060u, 0x00000000u, 0xFFFFFFFFu },
	{ "RCC_CCIPR1", 0x088u, 0x00000000u, 0xFFFFFFFFu },
	{ "RCC_BDCR", 0x090u, 0x00000000u, 0xFFFFFFFFu },
	{ "RCC_CSR", L5_RCC_CSR, 0x00000600u, 0x00000F01u },	/* LSION, MSISRANGE (6: 4 MHz) */
	{ "RCC_CCIPR2", 0x09Cu, 0x00000000u, 0xFFFFFFFFu },
	{ NULL, 0, 0, 0 },
};

static const struct stm32_reg_s l5_pwr_regs[] = {
	{ "PWR_CR1", L5_PWR_CR1, 0x00000400u, 0x00004707u },	/* LPMS DBP VOS LPR; VOS = 2 after reset */
	{ "PWR_CR2", 0x04u, 0x00000000u, 0xFFFFFFFFu },
	{ "PWR_CR3", 0x08u, 0x00000000u, 0xFFFFFFFFu },
	{ "PWR_CR4", 0x0Cu, 0x00000000u, 0xFFFFFFFFu },
	{ "PWR_SR1", 0x10u, 0x00000000u, 0 },
	{ "PWR_SR2", L5_PWR_SR2, 0x00000000u, 0 },	/* VOSF is the model's */
	{ NULL, 0, 0, 0 },
};

/* MSIRANGE 0..11 (RM0438 §9.8.1) */
static const uint32_t l5_msi_hz[16] = {
	100000, 200000, 400000, 800000, 1 * MHZ, 2 * MHZ, 4 * MHZ, 8 * MHZ, 16 * MHZ, 24 * MHZ, 32 * MHZ, 48 * MHZ,
};

/* Highest HCLK with 0, 1, 2, ... wait states per range (LL_SetFlashLatency). */
static const uint32_t l5_ws_range0[] = { 20 * MHZ, 40 * MHZ, 60 * MHZ, 80 * MHZ, 100 * MHZ, 110 * MHZ, 0 };
static const uint32_t l5_ws_range1[] = { 20 * MHZ, 40 * MHZ, 60 * MHZ, 80 * MHZ, 0 };
static const uint32_t l5_ws_range2[] = { 8 * MHZ, 16 * MHZ, 26 * MHZ, 0 };

/* Indexed by PWR_CR1.VOS (3 is reserved: taken as range 2, the strictest) */
static const struct sim_clock_range_s l5_ranges[4] = {
	{ "voltage range 0 (PWR_CR1.VOS = 0)", 110 * MHZ, l5_ws_range0 },
	{ "voltage range 1 (PWR_CR1.VOS = 1)", 80 * MHZ, l5_ws_range1 },
	{ "voltage range 2 (PWR_CR1.VOS = 2)", 26 * MHZ, l5_ws_range2 },
	{ "voltage range 2 (PWR_CR1.VOS = 3, reserved)", 26 * MHZ, l5_ws_range2 },
};

static uint32_t l5_msi_hz_now(struct stm32_rcc_s *r)
{
	uint32_t cr = stm32_rcc_reg(r, L5_RCC_CR);
	uint32_t range = cr & L5_RCC_CR_MSIRGSEL ? (cr >> L5_RCC_CR_MSIRANGE_SHIFT) & 0xFu
						  : (stm32_rcc_reg(r, L5_RCC_CSR) >> L5_RCC_CSR_MSISRANGE_SHIFT) & 0xFu;
	return l5_msi_hz[range];
}

static enum stm32_clk_e l5_pll_input(struct stm32_rcc_s *r)
{
	static const enum stm32_clk_e src[4] = { STM32_CLK_NONE, STM32_CLK_MSI, STM32_CLK_HSI, STM32_CLK_HSE };

	return src[L5_PLL_SRC(stm32_rcc_reg(r, L5_RCC_PLLCFGR))];
}

static uint32_t l5_source_hz(struct stm32_rcc_s *r, enum stm32_clk_e c)
{
	uint32_t pll = stm32_rcc_reg(r, L5_RCC_PLLCFGR);
	enum stm32_clk_e in;
	uint64_t vco_in, vco;

	switch (c) {
	case STM32_CLK_MSI: return l5_msi_hz_now(r);
	case STM32_CLK_HSI: return 16 * MHZ;
	case STM32_CLK_HSE: return r->hse_hz;
	case STM32_CLK_PLL: break;
	default: return 0;
	}
	in = l5_pll_input(r);
	if (in == STM32_CLK_NONE || !(pll & L5_PLL_REN) || L5_PLL_N(pll) < 8)
		return 0;	/* no PLLCLK: no input, output R disabled, or PLLN not allowed */
	vco_in = l5_source_hz(r, in) / L5_PLL_M(pll);
	vco = vco_in * L5_PLL_N(pll);
	return (uint32_t)(vco / L5_PLL_R(pll));
}

/* Say so when the PLL is started out of its specification (it runs as configured). */
static void l5_pll_check(struct stm32_rcc_s *r)
{
	uint32_t pll = stm32_rcc_reg(r, L5_RCC_PLLCFGR);
	enum stm32_clk_e in = l5_pll_input(r);
	uint64_t vco_in = in == STM32_CLK_NONE ? 0 : l5_source_hz(r, in) / L5_PLL_M(pll);
	uint64_t vco = vco_in * L5_PLL_N(pll);

	if (vco_in < 4 * MHZ || vco_in > 16 * MHZ || vco < 64 * MHZ || vco > 344 * MHZ || !(pll & L5_PLL_REN))
		sim_log(r->s, "stm32l5 rcc: PLL on with RCC_PLLCFGR = 0x%08x: VCO input %llu Hz (4-16 MHz), "
			      "VCO %llu Hz (64-344 MHz), PLLREN %d: out of specification", pll,
			(unsigned long long)vco_in, (unsigned long long)vco, !!(pll & L5_PLL_REN));
}

/* VOS in force: the new value once VOSF has cleared. */
static unsigned l5_vos(struct stm32_rcc_s *r)
{
	uint32_t vos = (stm32_pwr_reg(r, L5_PWR_CR1) & L5_PWR_CR1_VOS_MASK) >> L5_PWR_CR1_VOS_SHIFT;

	if (sim_now_ns(r->s) < r->pwr_busy_until)
		return r->pwr_pending;	/* the range before the change */
	return vos;
}

static const struct sim_clock_range_s *l5_pwr_range(struct stm32_rcc_s *r)
{
	return &l5_ranges[l5_vos(r)];
}

static uint32_t l5_pwr_read(struct stm32_rcc_s *r, uint32_t off, uint32_t v)
{
	if (off == L5_PWR_SR2 && sim_now_ns(r->s) < r->pwr_busy_until)
		v |= L5_PWR_SR2_VOSF;
	return v;
}

static void l5_pwr_write(struct stm32_rcc_s *r, uint32_t off, uint32_t old)
{
	uint32_t now_vos = (stm32_pwr_reg(r, L5_PWR_CR1) & L5_PWR_CR1_VOS_MASK);

	if (off != L5_PWR_CR1 || now_vos == (old & L5_PWR_CR1_VOS_MASK))
		return;
	/* the regulator moves: the range in force stays the old one until VOSF clears */
	r->pwr_pending = l5_vos(r);
	r->pwr_busy_until = sim_now_ns(r->s) + L5_T_VOSF_NS;
	sim_schedule_event(r->s, r->pwr_busy_until);
}

const struct stm32_rcc_family_s stm32l5_rcc_family = {
	.name = "stm32l5 rcc",
	.rcc_size = 0x400,
	.pwr_size = 0x400,
	.cr = L5_RCC_CR,
	.cfgr = L5_RCC_CFGR,
	.pllcfgr = L5_RCC_PLLCFGR,
	.rcc_regs = l5_rcc_regs,
	.pwr_regs = l5_pwr_regs,
	.osc = {
		[STM32_CLK_MSI] = { "MSI", L5_RCC_CR_MSION, L5_RCC_CR_MSIRDY, 5000 },
		[STM32_CLK_HSI] = { "HSI16", L5_RCC_CR_HSION, L5_RCC_CR_HSIRDY, 800 },
		[STM32_CLK_HSE] = { "HSE", STM32_RCC_CR_HSEON, STM32_RCC_CR_HSERDY, 2000000 },
		[STM32_CLK_PLL] = { "PLL", STM32_RCC_CR_PLLON, STM32_RCC_CR_PLLRDY, 15000 },
	},
	.sw = { STM32_CLK_MSI, STM32_CLK_HSI, STM32_CLK_HSE, STM32_CLK_PLL },
	.pwr_enr = L5_RCC_APB1ENR1,
	.pwr_en = L5_RCC_APB1ENR1_PWREN,
	.source_hz = l5_source_hz,
	.pll_started = l5_pll_check,
	.pll_input = l5_pll_input,
	.pwr_write = l5_pwr_write,
	.pwr_read = l5_pwr_read,
	.pwr_range = l5_pwr_range,
};
