// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32F4 embedded flash (RM0090 §3, RM0368 §3; register layout in
 * sim/periph/stm32f4_flash.h, shared with the model) and its OTP area (RM0090 §3.8).
 *
 * Main flash: sectors of 16/64/128 KB (a run table from targets/, cut to F_SIZE), erased
 * by SER + SNB, or all at once by MER; programmed at the widest parallelism (PSIZE) the
 * target voltage allows: x32 from 2.7 V, x16 from 2.1 V, x8 below (RM0090 Table 7; x64
 * needs an external VPP and is never chosen). OTP: a second bank of 16 blocks of 32 bytes
 * plus 16 lock bytes, programmed byte by byte (PSIZE x8), never erased.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flash/download.h"
#include "flash/drivers/stm32f4.h"
#include "sim/periph/stm32f4_flash.h"
#include "src/probe/probe.h"

extern const struct flash_driver_s flash_driver_stm32f4;

#define F4_ERR_BITS                                                                                              \
	(STM32F4_FLASH_SR_OPERR | STM32F4_FLASH_SR_WRPERR | STM32F4_FLASH_SR_PGAERR | STM32F4_FLASH_SR_PGPERR | \
	 STM32F4_FLASH_SR_PGSERR)

static const struct error_bit_s f4_sr_bits[] = {
	{ STM32F4_FLASH_SR_OPERR, "OPERR" }, { STM32F4_FLASH_SR_WRPERR, "WRPERR" },
	{ STM32F4_FLASH_SR_PGAERR, "PGAERR" }, { STM32F4_FLASH_SR_PGPERR, "PGPERR" },
	{ STM32F4_FLASH_SR_PGSERR, "PGSERR" }, { STM32F4_FLASH_SR_RDERR, "RDERR" },
	{ STM32F4_FLASH_SR_BSY, "BSY" }, { 0, NULL },
};

struct f4_state_s {
	const struct stm32f4_flash_cfg_s *cfg;
	uint32_t optcr;
	enum stm32f4_psize_e psize;
	uint16_t mv;
	bool crc_enabled;	/* this download clocked the CRC unit: RCC_AHB1ENR is restored at the end */
	uint32_t saved_ahb1enr;
	bool clock_raised;	/* the core runs from the PLL for the routine: restored at the end */
	uint32_t saved_cr, saved_pllcfgr, saved_cfgr, saved_acr;
};

#define F4_RCC_AHB1ENR 0x30u
#define F4_RCC_AHB1ENR_CRCEN (1u << 12)

/* The CRC unit computes the level-2 and digest CRCs at a word per few cycles (RM0368 §4). */
static int crc_unit_on(struct flash_s *f, struct f4_state_s *st, struct error_s *err)
{
	uint32_t at = st->cfg->rcc + F4_RCC_AHB1ENR;

	if (st->crc_enabled || !st->cfg->crc_unit)
		return 0;
	if (flash_reg_read(f, at, "RCC_AHB1ENR", &st->saved_ahb1enr, err) ||
	    flash_reg_write(f, at, "RCC_AHB1ENR", st->saved_ahb1enr | F4_RCC_AHB1ENR_CRCEN, err))
		return -1;
	st->crc_enabled = true;
	return 0;
}

static const char *const psize_names[] = { "x8", "x16", "x32", "x64" };

static enum stm32f4_psize_e psize_for(uint16_t mv)
{
	if (mv >= 2700)
		return STM32F4_PSIZE_X32;
	return mv >= 2100 ? STM32F4_PSIZE_X16 : STM32F4_PSIZE_X8;
}

static int f4_probe(struct flash_s *f, struct error_s *err)
{
	const struct stm32f4_flash_cfg_s *cfg = f->part->flash_config;
	struct f4_state_s *st = f->drv_state;
	struct flash_bank_s *b;
	uint32_t kb = 0, left;

	if (!st && !(st = f->drv_state = calloc(1, sizeof(*st))))
		return error_set(err, FLASH_ERR_RESOURCE, "out of memory");
	st->cfg = cfg;
	f->has_crc_unit = cfg->crc_unit != 0;
	if (flash_reg_read(f, cfg->regs + STM32F4_FLASH_OPTCR, "FLASH_OPTCR", &st->optcr, err))
		return -1;
	/* unknown voltage (no probe report): the narrowest width is legal at any voltage */
	st->mv = 0;
	if (f->t->probe)
		probe_target_voltage(f->t->probe, &st->mv);
	st->psize = psize_for(st->mv);
	if (cortexm_read_mem(f->t, cfg->flashsize_reg, &kb, 2))
		kb = 0;
	left = (kb & 0xFFFF) * 1024u;
	b = flash_add_bank(f, "flash", cfg->flash_base, &flash_driver_stm32f4);
	for (const struct flash_run_s *r = cfg->sectors; r->size && (left || !kb); r++) {
		uint32_t n = r->count;

		if (kb && (uint64_t)n * r->size > left)
			n = left / r->size;
		flash_geom_add_run(&b->geom, r->size, n);
		left -= kb ? n * r->size : 0;
	}
	b->write_unit = 1u << st->psize;
	b->bank_erase = true;
	if (cfg->otp_base) {
		b = flash_add_bank(f, "otp", cfg->otp_base, &flash_driver_stm32f4);
		flash_geom_add_run(&b->geom, cfg->otp_block_size, cfg->otp_blocks);
		flash_geom_add_run(&b->geom, cfg->otp_blocks, 1);	/* the lock bytes, one per block */
		b->otp = true;
		b->otp_block = cfg->otp_block_size;
		b->otp_lock_offset = cfg->otp_blocks * cfg->otp_block_size;
		b->write_unit = 1;
	}
	return 0;
}

static uint32_t psize_bits(enum stm32f4_psize_e p)
{
	return (uint32_t)p << STM32F4_FLASH_CR_PSIZE_SHIFT;
}

static enum stm32f4_psize_e bank_psize(const struct f4_state_s *st, const struct flash_bank_s *b)
{
	return b->otp ? STM32F4_PSIZE_X8 : st->psize;
}

static void f4_stream_params(struct flash_s *f, const struct flash_bank_s *b, struct stream_ctl_s *c)
{
	const struct f4_state_s *st = f->drv_state;

	c->cr_addr = st->cfg->regs + STM32F4_FLASH_CR;
	c->sr_addr = st->cfg->regs + STM32F4_FLASH_SR;
	c->busy_mask = STM32F4_FLASH_SR_BSY;
	c->err_mask = F4_ERR_BITS;
	c->sr_clear = F4_ERR_BITS | STM32F4_FLASH_SR_EOP;
	c->start_bit = STM32F4_FLASH_CR_STRT;
	c->unit = 1u << bank_psize(st, b);
	c->erased = 0xFFFFFFFFu;
	c->crc_unit = st->crc_enabled ? st->cfg->crc_unit : 0;
}

static void f4_describe_sr(struct flash_s *f, const struct flash_bank_s *b, uint32_t sr, struct error_s *err)
{
	const struct f4_state_s *st = f->drv_state;
	char bits[64];

	(void)b;
	error_set_reg(err, "FLASH_SR", true, st->cfg->regs + STM32F4_FLASH_SR, sr);
	error_set_bits(err, error_bit_names(f4_sr_bits, sr & ~STM32F4_FLASH_SR_BSY, bits, sizeof(bits)));
}

static int f4_erase_word(struct flash_s *f, const struct flash_bank_s *b, const struct flash_sector_s *s, uint32_t *cr,
			 struct error_s *err)
{
	const struct f4_state_s *st = f->drv_state;

	if (b->otp)
		return error_set(err, FLASH_ERR_OTP, "OTP at 0x%08x cannot be erased", s->addr);
	*cr = STM32F4_FLASH_CR_SER | (s->index << STM32F4_FLASH_CR_SNB_SHIFT) | psize_bits(st->psize);
	return 0;
}

static int f4_bank_erase_word(struct flash_s *f, const struct flash_bank_s *b, uint32_t *cr, struct error_s *err)
{
	const struct f4_state_s *st = f->drv_state;

	if (b->otp)
		return error_set(err, FLASH_ERR_OTP, "OTP cannot be erased");
	*cr = STM32F4_FLASH_CR_MER | psize_bits(st->psize);
	return 0;
}

static uint32_t f4_program_word(struct flash_s *f, const struct flash_bank_s *b)
{
	return STM32F4_FLASH_CR_PG | psize_bits(bank_psize(f->drv_state, b));
}

static uint32_t f4_erase_us(struct flash_s *f, const struct flash_bank_s *b, uint32_t size)
{
	const struct f4_state_s *st = f->drv_state;
	unsigned p = st->psize < 3 ? (unsigned)st->psize : 2u;

	(void)b;
	if (size == 0)
		return st->cfg->mass_erase_us[p];
	return st->cfg->erase_us[size <= 16384u ? 0 : size <= 65536u ? 1 : 2][p];
}

static int unlock(struct flash_s *f, const struct f4_state_s *st, struct error_s *err)
{
	return flash_unlock(f, &(struct flash_lock_s){ "the flash controller", st->cfg->regs + STM32F4_FLASH_CR, "FLASH_CR",
						   STM32F4_FLASH_CR_LOCK, "LOCK", st->cfg->regs + STM32F4_FLASH_KEYR,
						   "FLASH_KEYR", STM32F4_FLASH_KEY1, STM32F4_FLASH_KEY2 }, err);
}

static int f4_begin(struct flash_s *f, const struct flash_bank_s *b, const struct plan_bank_s *pb, struct error_s *err)
{
	struct f4_state_s *st = f->drv_state;
	enum stm32f4_psize_e want = psize_for(st->mv);

	/* the user's width wins (a probe that misreads the voltage, an external VPP-less rail) */
	if (f->opt.program_width == 1 || f->opt.program_width == 2 || f->opt.program_width == 4)
		want = f->opt.program_width == 1 ? STM32F4_PSIZE_X8 :
		       f->opt.program_width == 2 ? STM32F4_PSIZE_X16 : STM32F4_PSIZE_X32;
	if (want != st->psize)
		flash_logf(f, 2, "stm32f4: programming at PSIZE %s (%s)", psize_names[want],
			   f->opt.program_width ? "as asked" : "from the target voltage");
	st->psize = want;
	uint32_t rdp = (st->optcr & STM32F4_FLASH_OPTCR_RDP_MASK) >> STM32F4_FLASH_OPTCR_RDP_SHIFT;
	uint32_t nwrp = (st->optcr & STM32F4_FLASH_OPTCR_NWRP_MASK) >> STM32F4_FLASH_OPTCR_NWRP_SHIFT;

	if (rdp != STM32F4_RDP_LEVEL0) {
		error_set(err, FLASH_ERR_PROTECTED,
			  "flash is read-protected (RDP level %s): it cannot be programmed while a debugger is connected; "
			  "going back to level 0 erases all of it (RM0090 §3.7.3); nothing was erased",
			  rdp == STM32F4_RDP_LEVEL2 ? "2, permanent" : "1");
		error_set_reg(err, "FLASH_OPTCR", true, st->cfg->regs + STM32F4_FLASH_OPTCR, st->optcr);
		error_set_bits(err, "RDP");
		return -1;
	}
	for (uint32_t i = 0; !b->otp && i < pb->n && i < 12; i++) {
		struct flash_sector_s s;

		if (!pb->s[i].in_erase || (nwrp >> i & 1u) || (st->optcr & STM32F4_FLASH_OPTCR_SPRMOD))
			continue;
		flash_geom_sector(&b->geom, i, &s);
		error_set(err, FLASH_ERR_PROTECTED,
			  "sector %u (0x%08x-0x%08x) is write-protected (nWRP%u = 0); remove the protection in the option "
			  "bytes first; nothing was erased",
			  i, s.addr, s.addr + s.size - 1, i);
		error_set_reg(err, "FLASH_OPTCR", true, st->cfg->regs + STM32F4_FLASH_OPTCR, st->optcr);
		error_set_bits(err, "nWRP");
		return -1;
	}
	return unlock(f, st, err);
}

/*
 * The core clock while the routine runs (RM0368 §6 RCC, §3.4.1 wait states; DS10086):
 * out of reset the F401 runs from HSI at 16 MHz, where the routine's per-word work and
 * its compares are a tenth of the flash's own time. A core still on HSI with the PLL off
 * is moved to 84 MHz: PLL from HSI (PLLM 16, PLLN 336, PLLP 4, PLLQ 7), 2 wait states
 * (84 MHz at 2.7-3.6 V), APB1 at 42 MHz (its maximum), voltage scale 2 (the reset value,
 * up to 84 MHz). A core the firmware clocks otherwise is left alone. Everything is put
 * back at the end: HSI first, then the PLL off, then its configuration and the wait states.
 */
#define F4_RCC_CR 0x00u
#define F4_RCC_PLLCFGR 0x04u
#define F4_RCC_CFGR 0x08u
#define F4_RCC_CR_PLLON (1u << 24)
#define F4_RCC_CR_PLLRDY (1u << 25)
#define F4_RCC_CFGR_SW_PLL 2u
#define F4_RCC_CFGR_SWS_MASK (3u << 2)
#define F4_RCC_CFGR_SWS_PLL (2u << 2)
#define F4_RCC_CFGR_PPRE1_DIV2 (4u << 10)
#define F4_PLLCFGR_84MHZ_FROM_HSI (16u | 336u << 6 | 1u << 16 | 7u << 24)
#define F4_ACR_LATENCY_84MHZ 2u
#define F4_CLOCK_POLLS 1000u

static int poll_bits(struct flash_s *f, uint32_t addr, uint32_t mask, uint32_t want, const char *name,
		     struct error_s *err)
{
	uint32_t v = ~want;

	for (unsigned i = 0; i < F4_CLOCK_POLLS && (v & mask) != want; i++)
		if (flash_reg_read(f, addr, name, &v, err))
			return -1;
	if ((v & mask) == want)
		return 0;
	error_set(err, FLASH_ERR_OPERATION, "the clock did not switch");
	error_set_reg(err, name, true, addr, v);
	return -1;
}

static int clock_raise(struct flash_s *f, struct f4_state_s *st, struct error_s *err)
{
	uint32_t rcc = st->cfg->rcc, acr = st->cfg->regs + STM32F4_FLASH_ACR;

	if (flash_reg_read(f, rcc + F4_RCC_CR, "RCC_CR", &st->saved_cr, err) ||
	    flash_reg_read(f, rcc + F4_RCC_PLLCFGR, "RCC_PLLCFGR", &st->saved_pllcfgr, err) ||
	    flash_reg_read(f, rcc + F4_RCC_CFGR, "RCC_CFGR", &st->saved_cfgr, err) ||
	    flash_reg_read(f, acr, "FLASH_ACR", &st->saved_acr, err))
		return -1;
	if ((st->saved_cfgr & F4_RCC_CFGR_SWS_MASK) != 0 || (st->saved_cr & F4_RCC_CR_PLLON))
		return 0;	/* not on HSI, or the PLL in use: the firmware's choice stands */
	st->clock_raised = true;
	if (flash_reg_write(f, acr, "FLASH_ACR",
			    (st->saved_acr & ~STM32F4_FLASH_ACR_LATENCY_MASK) | F4_ACR_LATENCY_84MHZ, err) ||
	    flash_reg_write(f, rcc + F4_RCC_PLLCFGR, "RCC_PLLCFGR", F4_PLLCFGR_84MHZ_FROM_HSI, err) ||
	    flash_reg_write(f, rcc + F4_RCC_CR, "RCC_CR", st->saved_cr | F4_RCC_CR_PLLON, err) ||
	    poll_bits(f, rcc + F4_RCC_CR, F4_RCC_CR_PLLRDY, F4_RCC_CR_PLLRDY, "RCC_CR", err) ||
	    flash_reg_write(f, rcc + F4_RCC_CFGR, "RCC_CFGR",
			    (st->saved_cfgr & ~3u & ~(7u << 10)) | F4_RCC_CFGR_SW_PLL | F4_RCC_CFGR_PPRE1_DIV2, err))
		return -1;
	if (poll_bits(f, rcc + F4_RCC_CFGR, F4_RCC_CFGR_SWS_MASK, F4_RCC_CFGR_SWS_PLL, "RCC_CFGR", err))
		return -1;
	flash_logf(f, 3, "stm32f4: core clock 84 MHz from the PLL for the routine (2 wait states)");
	return 0;
}

static int clock_restore(struct flash_s *f, struct f4_state_s *st, struct error_s *err)
{
	uint32_t rcc = st->cfg->rcc;

	if (!st->clock_raised)
		return 0;
	st->clock_raised = false;
	return flash_reg_write(f, rcc + F4_RCC_CFGR, "RCC_CFGR", st->saved_cfgr, err) ||
	       poll_bits(f, rcc + F4_RCC_CFGR, F4_RCC_CFGR_SWS_MASK, 0, "RCC_CFGR", err) ||
	       flash_reg_write(f, rcc + F4_RCC_CR, "RCC_CR", st->saved_cr, err) ||
	       flash_reg_write(f, rcc + F4_RCC_PLLCFGR, "RCC_PLLCFGR", st->saved_pllcfgr, err) ||
	       flash_reg_write(f, st->cfg->regs + STM32F4_FLASH_ACR, "FLASH_ACR", st->saved_acr, err) ? -1 : 0;
}

/* A faster clock and the CRC unit are optimisations: without them the routine is slower, not wrong. */
static void f4_speed_up(struct flash_s *f)
{
	struct f4_state_s *st = f->drv_state;
	struct error_s err;
	char text[320];

	error_clear(&err);
	if (crc_unit_on(f, st, &err)) {
		error_format(&err, text, sizeof(text));
		flash_logf(f, 1, "stm32f4: CRCs in software: %s", text);
		error_clear(&err);
	}
	if (clock_raise(f, st, &err)) {
		error_format(&err, text, sizeof(text));
		flash_logf(f, 1, "stm32f4: staying at the current core clock: %s", text);
		clock_restore(f, st, &err);
	}
}

static int f4_slow_down(struct flash_s *f, struct error_s *err)
{
	struct f4_state_s *st = f->drv_state;
	int rc = clock_restore(f, st, err);

	if (!st->crc_enabled)
		return rc;
	st->crc_enabled = false;
	if (flash_reg_write(f, st->cfg->rcc + F4_RCC_AHB1ENR, "RCC_AHB1ENR", st->saved_ahb1enr, err))
		return -1;
	return rc;
}

static int f4_end(struct flash_s *f, struct error_s *err)
{
	const struct f4_state_s *st = f->drv_state;

	return flash_reg_write(f, st->cfg->regs + STM32F4_FLASH_CR, "FLASH_CR", STM32F4_FLASH_CR_LOCK, err);
}

static int f4_info(struct flash_s *f, const struct flash_bank_s *b, char *buf, size_t len)
{
	const struct f4_state_s *st = f->drv_state;
	uint32_t rdp = (st->optcr & STM32F4_FLASH_OPTCR_RDP_MASK) >> STM32F4_FLASH_OPTCR_RDP_SHIFT;

	if (b->otp)
		return snprintf(buf, len, "OTP: %u blocks of %u bytes, lock bytes at 0x%08x; writes %s", b->otp_lock_offset /
				b->otp_block, b->otp_block, b->geom.base + b->otp_lock_offset,
				f->opt.otp_write ? (f->opt.otp_lock ? "and locks enabled" : "enabled, locks not") : "disabled");
	return snprintf(buf, len, "PSIZE %s (target at %u mV), RDP %s, nWRP 0x%03x", psize_names[st->psize], st->mv,
			rdp == STM32F4_RDP_LEVEL0 ? "level 0" : rdp == STM32F4_RDP_LEVEL2 ? "level 2" : "level 1",
			(st->optcr & STM32F4_FLASH_OPTCR_NWRP_MASK) >> STM32F4_FLASH_OPTCR_NWRP_SHIFT);
}

const struct flash_driver_s flash_driver_stm32f4 = {
	.name = "stm32f4",
	.probe = f4_probe,
	.begin = f4_begin,
	.stream_params = f4_stream_params,
	.erase_word = f4_erase_word,
	.bank_erase_word = f4_bank_erase_word,
	.program_word = f4_program_word,
	.describe_sr = f4_describe_sr,
	.erase_us = f4_erase_us,
	.speed_up = f4_speed_up,
	.slow_down = f4_slow_down,
	.end = f4_end,
	.info = f4_info,
};
