/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Raising a virtual board's clock the way firmware and debuggers do, through the
 * debugger's bus view (register addresses and values from RM0438 / RM0368 and ST's CMSIS
 * headers, as sim/periph/stm32l5_rcc.c and stm32f4_rcc.c model them).
 */
#ifndef TESTS_UNIT_TEST_CLOCK_UTIL_H
#define TESTS_UNIT_TEST_CLOCK_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "sim/sim_internal.h"
#include "test_core_util.h"	/* tc_rd, tc_wr: the debugger's bus accesses */

/* STM32L5 (non-secure addresses) */
#define L5_RCC_CR 0x40021000u
#define L5_RCC_CFGR 0x40021008u
#define L5_RCC_PLLCFGR 0x4002100Cu
#define L5_RCC_AHB1ENR 0x40021048u
#define L5_RCC_APB1ENR1 0x40021058u
#define L5_PWR_CR1 0x40007000u
#define L5_PWR_SR2 0x40007014u
#define L5_FLASH_ACR 0x40022000u
/* STM32F401 */
#define F4_RCC_CR 0x40023800u
#define F4_RCC_PLLCFGR 0x40023804u
#define F4_RCC_CFGR 0x40023808u
#define F4_RCC_AHB1ENR 0x40023830u
#define F4_RCC_APB1ENR 0x40023840u
#define F4_PWR_CR 0x40007000u
#define F4_FLASH_ACR 0x40023C00u

#define RCC_CR_PLLON (1u << 24)
#define RCC_CR_PLLRDY (1u << 25)
#define RCC_CFGR_SWS_PLL_L5 (3u << 2)
#define RCC_CFGR_SWS_PLL_F4 (2u << 2)
#define RCC_ENR_PWREN (1u << 28)
#define L5_PWR_SR2_VOSF (1u << 10)

/* Let modeled time pass, 1 us at a time, until (addr & mask) == want; at most 10 ms. */
static inline void ck_wait(struct sim *s, uint32_t addr, uint32_t mask, uint32_t want)
{
	for (int i = 0; i < 10000 && (tc_rd(s, addr) & mask) != want; i++)
		sim_advance_ns(s, 1000);
	assert_int_equal(tc_rd(s, addr) & mask, want);
}

static inline uint32_t ck_cpu_hz(struct sim *s)
{
	struct sim_stats_s st;

	sim_get_stats(s, &st);
	return st.cpu_hz;
}

static inline uint64_t ck_clock_errors(struct sim *s)
{
	struct sim_stats_s st;

	sim_get_stats(s, &st);
	return st.clock_errors;
}

/* PLLREN, PLLR /2, PLLN 55, PLLM /1, PLLSRC MSI: 4 MHz * 55 / 2 = 110 MHz */
#define L5_PLLCFGR_110MHZ 0x01003701u

/* STM32L552: PWR clock on, voltage range 0 (waiting for VOSF), 5 wait states. */
static inline void ck_l5_range0_5ws(struct sim *s)
{
	tc_wr(s, L5_RCC_APB1ENR1, tc_rd(s, L5_RCC_APB1ENR1) | RCC_ENR_PWREN);
	tc_wr(s, L5_PWR_CR1, tc_rd(s, L5_PWR_CR1) & ~(3u << 9));
	ck_wait(s, L5_PWR_SR2, L5_PWR_SR2_VOSF, 0);
	tc_wr(s, L5_FLASH_ACR, 5);
}

/* STM32L552: PLLCFGR, PLLON, wait for the lock; through the RCC at +alias (secure: 0x10000000). */
static inline void ck_l5_pll_on(struct sim *s, uint32_t alias, uint32_t pllcfgr)
{
	tc_wr(s, L5_RCC_PLLCFGR + alias, pllcfgr);
	tc_wr(s, L5_RCC_CR + alias, tc_rd(s, L5_RCC_CR + alias) | RCC_CR_PLLON);
	ck_wait(s, L5_RCC_CR + alias, RCC_CR_PLLRDY, RCC_CR_PLLRDY);
}

/* STM32L552: SW = PLL, wait for SWS. */
static inline void ck_l5_switch_to_pll(struct sim *s, uint32_t alias)
{
	tc_wr(s, L5_RCC_CFGR + alias, tc_rd(s, L5_RCC_CFGR + alias) | 3u);
	ck_wait(s, L5_RCC_CFGR + alias, 3u << 2, RCC_CFGR_SWS_PLL_L5);
}

/* STM32L552 to 110 MHz as ST's HAL does it. */
static inline void ck_l5_to_110mhz(struct sim *s)
{
	ck_l5_range0_5ws(s);
	ck_l5_pll_on(s, 0, L5_PLLCFGR_110MHZ);
	ck_l5_switch_to_pll(s, 0);
}

/* STM32F401 to 84 MHz as ST's HAL does it: 2 wait states, PLL from HSI /16 * 336 / 4. */
static inline void ck_f4_to_84mhz(struct sim *s)
{
	tc_wr(s, F4_FLASH_ACR, 0x702);	/* ICEN DCEN PRFTEN, LATENCY 2 */
	tc_wr(s, F4_RCC_PLLCFGR, 0x04015410u);	/* PLLQ 4, PLLSRC HSI, PLLP /4, PLLN 336, PLLM 16 */
	tc_wr(s, F4_RCC_CR, tc_rd(s, F4_RCC_CR) | RCC_CR_PLLON);
	ck_wait(s, F4_RCC_CR, RCC_CR_PLLRDY, RCC_CR_PLLRDY);
	tc_wr(s, F4_RCC_CFGR, (tc_rd(s, F4_RCC_CFGR) & ~3u) | 2u);
	ck_wait(s, F4_RCC_CFGR, 3u << 2, RCC_CFGR_SWS_PLL_F4);
}

#endif
