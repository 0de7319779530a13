// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32L5 clocks for a download (RM0438 §8 PWR, §9 RCC, §6.3.3 FLASH_ACR): the part comes
 * out of reset on MSI at 4 MHz in voltage range 2, where the flash routine's own work
 * (digests, compares, CRCs) would dominate an unchanged reload. While a download runs,
 * a core still on MSI is moved to MSI 48 MHz (range 11): voltage range 1 and 2 wait
 * states first (range 1 allows 80 MHz; 2 WS cover 40-60 MHz, stm32l5xx_ll_utils.c), and the
 * CRC unit is clocked. A core the firmware already runs from another source is left alone.
 * Every register is written back at the end, clock first, then wait states, then voltage.
 */
#include "flash/download.h"
#include "flash/drivers/stm32l5.h"
#include "sim/periph/stm32l5_flash.h"

#define RCC_CR 0x000u
#define RCC_CFGR 0x008u
#define RCC_AHB1ENR 0x048u
#define RCC_APB1ENR1 0x058u
#define RCC_CR_MSIRDY (1u << 1)
#define RCC_CR_MSIRGSEL (1u << 3)
#define RCC_CR_MSIRANGE_MASK (0xFu << 4)
#define RCC_CR_MSIRANGE_48MHZ (11u << 4)
#define RCC_CFGR_SWS_MASK (3u << 2)	/* 0: MSI */
#define RCC_AHB1ENR_CRCEN (1u << 12)
#define RCC_APB1ENR1_PWREN (1u << 28)
#define PWR_CR1 0x00u
#define PWR_SR2 0x14u
#define PWR_CR1_VOS_MASK (3u << 9)
#define PWR_CR1_VOS_RANGE1 (1u << 9)
#define PWR_CR1_VOS_RANGE2 (2u << 9)
#define PWR_SR2_VOSF (1u << 10)
#define ACR_LATENCY_MASK 0xFu
#define ACR_LATENCY_48MHZ_RANGE1 2u
#define VOSF_POLLS 1000u

static int wait_vos(struct flash_s *f, const struct stm32l5_flash_cfg_s *c, struct error_s *err)
{
	uint32_t sr2 = PWR_SR2_VOSF;

	for (unsigned i = 0; i < VOSF_POLLS && (sr2 & PWR_SR2_VOSF); i++)
		if (flash_reg_read(f, c->pwr + PWR_SR2, "PWR_SR2", &sr2, err))
			return -1;
	if (!(sr2 & PWR_SR2_VOSF))
		return 0;
	error_set(err, FLASH_ERR_OPERATION, "the voltage range change did not settle");
	error_set_reg(err, "PWR_SR2", true, c->pwr + PWR_SR2, sr2);
	error_set_bits(err, "VOSF");
	return -1;
}

int stm32l5_clock_raise(struct flash_s *f, struct stm32l5_state_s *st, struct error_s *err)
{
	const struct stm32l5_flash_cfg_s *c = st->cfg;
	uint32_t cfgr, v;

	if (st->clock_raised || st->crc_enabled || !c->rcc)
		return 0;
	if (flash_reg_read(f, c->rcc + RCC_CR, "RCC_CR", &st->saved_rcc_cr, err) || flash_reg_read(f, c->rcc + RCC_CFGR, "RCC_CFGR", &cfgr, err) ||
	    flash_reg_read(f, c->rcc + RCC_AHB1ENR, "RCC_AHB1ENR", &st->saved_ahb1enr, err) ||
	    flash_reg_read(f, c->rcc + RCC_APB1ENR1, "RCC_APB1ENR1", &st->saved_apb1enr1, err) ||
	    flash_reg_read(f, c->regs_ns + STM32L5_FLASH_ACR, "FLASH_ACR", &st->saved_acr, err))
		return -1;
	if (c->crc_unit) {
		if (flash_reg_write(f, c->rcc + RCC_AHB1ENR, "RCC_AHB1ENR", st->saved_ahb1enr | RCC_AHB1ENR_CRCEN, err))
			return -1;
		st->crc_enabled = true;
	}
	if ((cfgr & RCC_CFGR_SWS_MASK) != 0 || !(st->saved_rcc_cr & RCC_CR_MSIRDY) ||
	    ((st->saved_rcc_cr & RCC_CR_MSIRGSEL) && (st->saved_rcc_cr & RCC_CR_MSIRANGE_MASK) >= RCC_CR_MSIRANGE_48MHZ))
		return 0;	/* not on MSI, or already fast: the firmware's choice stands */
	if (flash_reg_write(f, c->rcc + RCC_APB1ENR1, "RCC_APB1ENR1", st->saved_apb1enr1 | RCC_APB1ENR1_PWREN, err) ||
	    flash_reg_read(f, c->pwr + PWR_CR1, "PWR_CR1", &st->saved_pwr_cr1, err))
		return -1;
	st->clock_raised = true;
	if ((st->saved_pwr_cr1 & PWR_CR1_VOS_MASK) == PWR_CR1_VOS_RANGE2 &&
	    (flash_reg_write(f, c->pwr + PWR_CR1, "PWR_CR1", (st->saved_pwr_cr1 & ~PWR_CR1_VOS_MASK) | PWR_CR1_VOS_RANGE1, err) ||
	     wait_vos(f, c, err)))
		return -1;
	v = st->saved_acr;
	if ((v & ACR_LATENCY_MASK) < ACR_LATENCY_48MHZ_RANGE1)
		v = (v & ~ACR_LATENCY_MASK) | ACR_LATENCY_48MHZ_RANGE1;
	if (flash_reg_write(f, c->regs_ns + STM32L5_FLASH_ACR, "FLASH_ACR", v, err) ||
	    flash_reg_write(f, c->rcc + RCC_CR, "RCC_CR", (st->saved_rcc_cr & ~RCC_CR_MSIRANGE_MASK) | RCC_CR_MSIRANGE_48MHZ | RCC_CR_MSIRGSEL,
	       err))
		return -1;
	flash_logf(f, 3, "stm32l5: core clock MSI 48 MHz for the download (voltage range 1, 2 wait states)");
	return 0;
}

int stm32l5_clock_restore(struct flash_s *f, struct stm32l5_state_s *st, struct error_s *err)
{
	const struct stm32l5_flash_cfg_s *c = st->cfg;
	int rc = 0;

	if (st->clock_raised) {
		st->clock_raised = false;
		if (flash_reg_write(f, c->rcc + RCC_CR, "RCC_CR", st->saved_rcc_cr, err) ||
		    flash_reg_write(f, c->regs_ns + STM32L5_FLASH_ACR, "FLASH_ACR", st->saved_acr, err) ||
		    flash_reg_write(f, c->pwr + PWR_CR1, "PWR_CR1", st->saved_pwr_cr1, err) || wait_vos(f, c, err) ||
		    flash_reg_write(f, c->rcc + RCC_APB1ENR1, "RCC_APB1ENR1", st->saved_apb1enr1, err))
			rc = -1;
	}
	if (st->crc_enabled) {
		st->crc_enabled = false;
		if (flash_reg_write(f, c->rcc + RCC_AHB1ENR, "RCC_AHB1ENR", st->saved_ahb1enr, err))
			rc = -1;
	}
	return rc;
}
