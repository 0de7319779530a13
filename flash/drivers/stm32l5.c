// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32L5 embedded flash (RM0438 §6; register layout in sim/periph/stm32l5_flash.h, whose
 * register part is shared by the model, this driver and on-target code).
 *
 * Banks: with DBANK = 1 two banks of 2 KB pages, each erasable whole (MER1/MER2), named by
 * their physical number and placed where SWAP_BANK maps them; with DBANK = 0 one bank of
 * 4 KB pages (MER1|MER2). Programming is by double-word only (write unit 8).
 *
 * SWAP_BANK = 1 and the bank bits: public sources disagree whether BKER (and MER1/MER2)
 * name the physical bank or the bank mapped at the address (reference/hardware.md §1), and
 * the wrong guess erases a page of the other bank. Before the first erase whose result
 * depends on it, the driver learns which reading the part follows from an erase that is
 * safe under both: a page P that must be erased anyway whose counterpart P' in the other
 * bank is blank or must be erased too, erased with BKER under the physical reading;
 * afterwards P is blank exactly when that reading is right (P' is lost only when it was
 * blank or doomed). When no such page exists the download is refused, naming the way out
 * (`monitor stm32l5 bker physical|mapped`). TrustZone (TZEN = 1): the secure register set,
 * with every page made secure (SECBB) for the download and put back after.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flash/download.h"
#include "flash/drivers/stm32l5.h"
#include "sim/periph/stm32l5_flash.h"

extern const struct flash_driver_s flash_driver_stm32l5;

#define L5_PAGE_ERASE_US 22020u		/* typ. (DS12736 ?), as the virtual board models it */
#define L5_BANK_ERASE_US 22130u

static const struct error_bit_s l5_sr_bits[] = {
	{ STM32L5_FLASH_SR_OPERR, "OPERR" }, { STM32L5_FLASH_SR_PROGERR, "PROGERR" },
	{ STM32L5_FLASH_SR_WRPERR, "WRPERR" }, { STM32L5_FLASH_SR_PGAERR, "PGAERR" },
	{ STM32L5_FLASH_SR_SIZERR, "SIZERR" }, { STM32L5_FLASH_SR_PGSERR, "PGSERR" },
	{ STM32L5_FLASH_NSSR_OPTWERR, "OPTWERR" }, { STM32L5_FLASH_SR_BSY, "BSY" },
	{ 0, NULL },
};

struct stm32l5_state_s *stm32l5_state(struct flash_s *f)
{
	return f->n_banks && f->banks[0].drv == &flash_driver_stm32l5 ? f->drv_state : NULL;
}

const char *stm32l5_rdp_name(uint32_t optr)
{
	switch (optr & STM32L5_FLASH_OPTR_RDP_MASK) {
	case STM32L5_FLASH_RDP_LEVEL0:
		return "level 0";
	case STM32L5_FLASH_RDP_LEVEL05:
		return "level 0.5";
	case STM32L5_FLASH_RDP_LEVEL2:
		return "level 2";
	default:
		return "level 1";
	}
}

static int l5_probe(struct flash_s *f, struct error_s *err)
{
	const struct stm32l5_flash_cfg_s *cfg = f->part->flash_config;
	struct stm32l5_state_s *st = f->drv_state;
	static const uint32_t wrp_off[4] = { STM32L5_FLASH_WRP1AR, STM32L5_FLASH_WRP1BR, STM32L5_FLASH_WRP2AR,
					     STM32L5_FLASH_WRP2BR };
	enum stm32l5_bker_e bker = st ? st->bker : STM32L5_BKER_UNKNOWN;
	bool learned = st && st->bker_learned;
	uint32_t kb = 0;

	if (!st && !(st = f->drv_state = calloc(1, sizeof(*st))))
		return error_set(err, FLASH_ERR_RESOURCE, "out of memory");
	memset(st, 0, sizeof(*st));
	st->cfg = cfg;
	f->has_crc_unit = cfg->crc_unit != 0;
	st->bker = bker;
	st->bker_learned = learned;
	if (flash_reg_read(f, cfg->regs_ns + STM32L5_FLASH_OPTR, "FLASH_OPTR", &st->optr, err))
		return -1;
	for (unsigned i = 0; i < 4; i++)
		if (flash_reg_read(f, cfg->regs_ns + wrp_off[i], "FLASH_WRPxyR", &st->wrp[i], err))
			return -1;
	if (cortexm_read_mem(f->t, cfg->flashsize_reg, &kb, 2) || (kb & 0xFFFF) == 0 || (kb & 0xFFFF) == 0xFFFF)
		kb = cfg->max_size / 1024;
	st->size = (kb & 0xFFFF) * 1024u;
	if (st->size > cfg->max_size)
		st->size = cfg->max_size;
	/* 256 KB parts select dual bank with DB256K, larger ones with DBANK (RM0438 §6.3.1) */
	st->dual = st->optr & (st->size <= 256u * 1024u ? STM32L5_FLASH_OPTR_DB256K : STM32L5_FLASH_OPTR_DBANK);
	st->swap = st->dual && (st->optr & STM32L5_FLASH_OPTR_SWAP_BANK);
	st->tzen = st->optr & STM32L5_FLASH_OPTR_TZEN;

	/*
	 * With TZEN = 1 the pages are secure (the watermarks cover the flash, SECBB can add
	 * the rest) and only the secure register set erases and programs them (RM0438
	 * §6.5.4); the writes still go to the non-secure alias with only SECCR.PG armed, as
	 * OpenOCD's stm32l4x does (a secure debugger with the SAU off).
	 */
	st->keyr = (st->tzen ? cfg->regs_s + STM32L5_FLASH_SECKEYR : cfg->regs_ns + STM32L5_FLASH_NSKEYR);
	st->sr = (st->tzen ? cfg->regs_s + STM32L5_FLASH_SECSR : cfg->regs_ns + STM32L5_FLASH_NSSR);
	st->cr = (st->tzen ? cfg->regs_s + STM32L5_FLASH_SECCR : cfg->regs_ns + STM32L5_FLASH_NSCR);
	st->sr_name = st->tzen ? "FLASH_SECSR" : "FLASH_NSSR";
	st->cr_name = st->tzen ? "FLASH_SECCR" : "FLASH_NSCR";
	if (!st->dual) {
		struct flash_bank_s *b = flash_add_bank(f, "flash", cfg->flash_ns, &flash_driver_stm32l5);

		flash_geom_add_run(&b->geom, cfg->page_single, st->size / cfg->page_single);
		b->write_unit = 8;
		b->bank_erase = true;
		b->drv_data = 0;
		return 0;
	}
	for (unsigned half = 0; half < 2; half++) {
		unsigned phys = (half == 0) != st->swap ? 1 : 2;
		char name[16];
		struct flash_bank_s *b;

		snprintf(name, sizeof(name), "bank%u", phys);
		b = flash_add_bank(f, name, cfg->flash_ns + half * (st->size / 2), &flash_driver_stm32l5);
		flash_geom_add_run(&b->geom, cfg->page_dual, st->size / 2 / cfg->page_dual);
		b->write_unit = 8;
		b->bank_erase = true;
		b->drv_data = phys;
	}
	return 0;
}

static uint32_t regs(const struct stm32l5_state_s *st)
{
	return st->cfg->regs_ns;
}

static void l5_stream_params(struct flash_s *f, const struct flash_bank_s *b, struct stream_ctl_s *c)
{
	const struct stm32l5_state_s *st = f->drv_state;

	(void)b;
	c->cr_addr = st->cr;
	c->sr_addr = st->sr;
	c->busy_mask = STM32L5_FLASH_SR_BSY;
	c->err_mask = STM32L5_FLASH_SR_ERRORS;
	c->sr_clear = STM32L5_FLASH_SR_ERRORS | STM32L5_FLASH_SR_EOP;
	c->start_bit = STM32L5_FLASH_CR_STRT;
	c->unit = 8;
	c->erased = 0xFFFFFFFFu;
	c->crc_unit = st->crc_enabled ? st->cfg->crc_unit : 0;
}

static void l5_describe_sr(struct flash_s *f, const struct flash_bank_s *b, uint32_t sr, struct error_s *err)
{
	const struct stm32l5_state_s *st = f->drv_state;
	char bits[64];

	(void)b;
	error_set_reg(err, st->sr_name, true, st->sr, sr);
	error_set_bits(err, error_bit_names(l5_sr_bits, sr & ~STM32L5_FLASH_SR_BSY, bits, sizeof(bits)));
}

/* BKER for a bank under a reading (without SWAP_BANK both readings agree). */
static bool bker_for(const struct stm32l5_state_s *st, enum stm32l5_bker_e reading, const struct flash_bank_s *b)
{
	if (!st->dual)
		return false;
	if (reading == STM32L5_BKER_MAPPED && st->swap)
		return b->geom.base != st->cfg->flash_ns;	/* the upper half */
	return b->drv_data == 2;
}

static uint32_t page_word(const struct stm32l5_state_s *st, enum stm32l5_bker_e reading, const struct flash_bank_s *b,
			  uint32_t index)
{
	return STM32L5_FLASH_CR_PER | (index << STM32L5_FLASH_CR_PNB_SHIFT) |
	       (bker_for(st, reading, b) ? STM32L5_FLASH_CR_BKER : 0);
}

static const struct flash_bank_s *other_bank(struct flash_s *f, const struct flash_bank_s *b)
{
	for (unsigned i = 0; i < f->n_banks; i++)
		if (&f->banks[i] != b && f->banks[i].drv == &flash_driver_stm32l5)
			return &f->banks[i];
	return NULL;
}

/* What the download knows of sector i of bank b. */
static const struct plan_sector_s *plan_of(struct flash_s *f, const struct flash_bank_s *b, uint32_t i)
{
	struct dl_bank_s *db = f->dl ? &f->dl->b[b - f->banks] : NULL;

	return db && db->plan.s && i < db->plan.n ? &db->plan.s[i] : NULL;
}

/* Blank now? From the download's digest when it has one, else from the target. */
static int is_blank(struct flash_s *f, const struct flash_bank_s *b, uint32_t i, bool *blank, struct error_s *err)
{
	const struct plan_sector_s *p = plan_of(f, b, i);
	struct flash_sector_s s;
	uint32_t first;

	if (p && p->known) {
		*blank = p->blank;
		return 0;
	}
	if (!flash_geom_sector(&b->geom, i, &s) || flash_stream_blank(f, s.addr, s.size, &first, err))
		return -1;
	*blank = first == 0;
	return 0;
}

/* May sector i of bank b be erased? Only when the download erases it anyway (not yet
 * programmed) or it is blank: nothing outside what was asked may be lost. */
static int may_lose(struct flash_s *f, const struct flash_bank_s *b, uint32_t i, bool *ok, struct error_s *err)
{
	const struct plan_sector_s *p = plan_of(f, b, i);

	if (p && p->in_erase && !p->done) {
		*ok = true;
		return 0;
	}
	return is_blank(f, b, i, ok, err);
}

static void forget_digest(struct flash_s *f, const struct flash_bank_s *b, uint32_t i)
{
	struct dl_bank_s *db = f->dl ? &f->dl->b[b - f->banks] : NULL;

	if (db && db->plan.s && !db->plan.s[i].done)
		db->plan.s[i].known = false;
}

/*
 * The experiment of the file comment on page i of bank b and its counterpart in the other
 * bank: both must be erasable without loss and one of them must hold data, so that the
 * erase shows which one BKER named. Sets st->bker; returns 1 when the pair does not
 * qualify (nothing done), 0 when learned, -1 on error.
 */
static int try_learn(struct flash_s *f, const struct flash_bank_s *b, uint32_t i, struct error_s *err)
{
	struct stm32l5_state_s *st = f->drv_state;
	const struct flash_bank_s *o = other_bank(f, b);
	const struct plan_sector_s *p = plan_of(f, b, i);
	struct flash_sector_s s, so;
	bool ok_o, blank_p, blank_o, after_p, after_o;

	if (!o || !p || !p->in_erase || p->done || !flash_geom_sector(&b->geom, i, &s) ||
	    !flash_geom_sector(&o->geom, i, &so))
		return 1;
	if (may_lose(f, o, i, &ok_o, err) || !ok_o)
		return ok_o ? -1 : 1;
	if (is_blank(f, b, i, &blank_p, err) || is_blank(f, o, i, &blank_o, err))
		return -1;
	if (blank_p && blank_o)
		return 1;
	if (flash_stream_select(f, b, err) ||
	    flash_stream_erase(f, s.addr, page_word(st, STM32L5_BKER_PHYSICAL, b, i), 1000, err) ||
	    flash_stream_drain(f, err))
		return -1;
	forget_digest(f, b, i);
	forget_digest(f, o, i);
	if (is_blank(f, b, i, &after_p, err) || is_blank(f, o, i, &after_o, err))
		return -1;
	/* the physical reading erased P (or left a blank P as it was, with P' intact) */
	st->bker = (!blank_p && after_p) || (blank_p && !after_o) ? STM32L5_BKER_PHYSICAL : STM32L5_BKER_MAPPED;
	st->bker_learned = true;
	flash_logf(f, 2, "stm32l5: with SWAP_BANK = 1, BKER names the %s bank (learned by erasing page %u at 0x%08x; "
		   "page %u of %s was %s)", st->bker == STM32L5_BKER_PHYSICAL ? "physical" : "mapped", i, s.addr, i,
		   o->name, blank_o ? "blank" : "to be erased anyway");
	return 0;
}

/* Learns the reading from the first pair of pages that qualifies; error when none does. */
static int learn_bker(struct flash_s *f, struct error_s *err)
{
	for (unsigned k = 0; k < f->n_banks; k++) {
		const struct flash_bank_s *b = &f->banks[k];
		const struct plan_sector_s *p;

		for (uint32_t i = 0; (p = plan_of(f, b, i)) != NULL; i++) {
			int r = try_learn(f, b, i, err);

			if (r <= 0)
				return r;
		}
	}
	return error_set(err, FLASH_ERR_STATE,
			 "SWAP_BANK=1: no page here shows safely whether BKER names the physical or the mapped "
			 "bank (sources disagree; a wrong guess erases the other bank's page). Nothing was erased. "
			 "Say which: `monitor stm32l5 bker physical|mapped`");
}

/*
 * Before anything is programmed, while every page of the erase set is still erasable
 * without loss: learn the BKER reading if an erase may need it (a page of the erase set
 * holds data). When no pair of pages qualifies yet, the first erase tries again.
 */
static int l5_ready(struct flash_s *f, struct error_s *err)
{
	struct stm32l5_state_s *st = f->drv_state;
	bool data = false;

	for (unsigned k = 0; k < f->n_banks; k++) {
		const struct plan_sector_s *p;

		for (uint32_t i = 0; (p = plan_of(f, &f->banks[k], i)) != NULL && !data; i++)
			data = p->in_erase && !(p->known && p->blank);
	}
	if (!st->swap || st->bker != STM32L5_BKER_UNKNOWN || !data)
		return 0;
	if (learn_bker(f, err) && err->code != FLASH_ERR_STATE)
		return -1;
	error_clear(err);
	return 0;
}

static int l5_erase_word(struct flash_s *f, const struct flash_bank_s *b, const struct flash_sector_s *s, uint32_t *cr,
			 struct error_s *err)
{
	struct stm32l5_state_s *st = f->drv_state;

	(void)s;
	if (st->swap && st->bker == STM32L5_BKER_UNKNOWN && learn_bker(f, err))
		return -1;
	*cr = page_word(st, st->bker, b, s->index);
	return 0;
}

static int l5_bank_erase_word(struct flash_s *f, const struct flash_bank_s *b, uint32_t *cr, struct error_s *err)
{
	struct stm32l5_state_s *st = f->drv_state;

	if (!st->dual) {
		*cr = STM32L5_FLASH_CR_MER1 | STM32L5_FLASH_CR_MER2;
		return 0;
	}
	if (st->swap && st->bker == STM32L5_BKER_UNKNOWN && learn_bker(f, err))
		return -1;
	*cr = bker_for(st, st->bker, b) ? STM32L5_FLASH_CR_MER2 : STM32L5_FLASH_CR_MER1;
	return 0;
}

static uint32_t l5_program_word(struct flash_s *f, const struct flash_bank_s *b)
{
	(void)f;
	(void)b;
	return STM32L5_FLASH_CR_PG;
}

static uint32_t l5_erase_us(struct flash_s *f, const struct flash_bank_s *b, uint32_t size)
{
	(void)f;
	(void)b;
	return size ? L5_PAGE_ERASE_US : L5_BANK_ERASE_US;
}

/* The WRP areas of physical bank phys (both banks' areas in single-bank mode). */
static bool wrp_covers(const struct stm32l5_state_s *st, unsigned phys, uint32_t page, uint32_t *reg)
{
	for (unsigned k = 0; k < 4; k++) {
		uint32_t v = st->wrp[k], a = STM32L5_FLASH_AREA_PSTRT(v), z = STM32L5_FLASH_AREA_PEND(v);

		if (st->dual && (k / 2 + 1) != phys)
			continue;
		if (a <= z && page >= a && page <= z) {
			*reg = k;
			return true;
		}
	}
	return false;
}

/* SECBBxRy, bank 1 then bank 2, one bit a page (RM0438 §6.9.24-25) */
static uint32_t secbb_addr(const struct stm32l5_state_s *st, unsigned i)
{
	return st->cfg->regs_s + (i < 4 ? STM32L5_FLASH_SECBB1R(i + 1) : STM32L5_FLASH_SECBB2R(i - 3));
}

/*
 * Every page secure for the download (as OpenOCD does around its operations), so the
 * secure register set reaches them all whatever the watermarks say; put back at the end.
 */
static int secbb_open(struct flash_s *f, struct stm32l5_state_s *st, struct error_s *err)
{
	if (st->secbb_set)
		return 0;
	for (unsigned i = 0; i < 8; i++)
		if (flash_reg_read(f, secbb_addr(st, i), "FLASH_SECBBxRy", &st->saved_secbb[i], err))
			return -1;
	st->secbb_set = true;
	for (unsigned i = 0; i < 8; i++) {
		if (flash_reg_write(f, secbb_addr(st, i), "FLASH_SECBBxRy", 0xFFFFFFFFu, err))
			return -1;
	}
	return 0;
}

static int secbb_restore(struct flash_s *f, struct stm32l5_state_s *st, struct error_s *err)
{
	if (!st->secbb_set)
		return 0;
	st->secbb_set = false;
	for (unsigned i = 0; i < 8; i++) {
		if (flash_reg_write(f, secbb_addr(st, i), "FLASH_SECBBxRy", st->saved_secbb[i], err))
			return -1;
	}
	return 0;
}

static int l5_begin(struct flash_s *f, const struct flash_bank_s *b, const struct plan_bank_s *pb, struct error_s *err)
{
	static const char *const wrp_names[4] = { "FLASH_WRP1AR", "FLASH_WRP1BR", "FLASH_WRP2AR", "FLASH_WRP2BR" };
	static const uint32_t wrp_off[4] = { STM32L5_FLASH_WRP1AR, STM32L5_FLASH_WRP1BR, STM32L5_FLASH_WRP2AR,
					     STM32L5_FLASH_WRP2BR };
	struct stm32l5_state_s *st = f->drv_state;
	uint32_t rdp = st->optr & STM32L5_FLASH_OPTR_RDP_MASK;

	if (rdp != STM32L5_FLASH_RDP_LEVEL0 && rdp != STM32L5_FLASH_RDP_LEVEL05) {
		error_set(err, FLASH_ERR_PROTECTED,
			  "flash is read-protected (RDP %s): it cannot be erased or programmed while a debugger is "
			  "connected; going back to level 0 erases all of it (RM0438 §6.6.2); nothing was erased",
			  stm32l5_rdp_name(st->optr));
		error_set_reg(err, "FLASH_OPTR", true, regs(st) + STM32L5_FLASH_OPTR, st->optr);
		error_set_bits(err, "RDP");
		return -1;
	}
	for (uint32_t i = 0; i < pb->n; i++) {
		uint32_t k, last = i;
		struct flash_sector_s s, e;

		if (!pb->s[i].in_erase || !wrp_covers(st, b->drv_data ? b->drv_data : 1, i, &k))
			continue;
		while (last + 1 < pb->n && pb->s[last + 1].in_erase && wrp_covers(st, b->drv_data ? b->drv_data : 1, last + 1, &k))
			last++;
		flash_geom_sector(&b->geom, i, &s);
		flash_geom_sector(&b->geom, last, &e);
		error_set(err, FLASH_ERR_PROTECTED,
			  "pages %u-%u of %s (0x%08x-0x%08x) are write-protected; remove the WRP area in the option "
			  "bytes first; nothing was erased",
			  i, last, b->name, s.addr, e.addr + e.size - 1);
		error_set_reg(err, wrp_names[k], true, regs(st) + wrp_off[k], st->wrp[k]);
		error_set_bits(err, "WRP_PSTRT..WRP_PEND");
		return -1;
	}
	if (flash_unlock(f, &(struct flash_lock_s){ "the flash controller", st->cr, st->cr_name, STM32L5_FLASH_CR_LOCK,
						    "LOCK", st->keyr, st->tzen ? "FLASH_SECKEYR" : "FLASH_NSKEYR",
						    STM32L5_FLASH_KEY1, STM32L5_FLASH_KEY2 }, err))
		return -1;
	if (st->tzen && secbb_open(f, st, err))
		return -1;
	return 0;
}

/* A faster clock is an optimisation: without it the routine is slower, not wrong. */
static void l5_speed_up(struct flash_s *f)
{
	struct stm32l5_state_s *st = f->drv_state;
	struct error_s err;

	error_clear(&err);
	if (stm32l5_clock_raise(f, st, &err)) {
		char text[320];

		error_format(&err, text, sizeof(text));
		flash_logf(f, 1, "stm32l5: staying at the current core clock: %s", text);
		stm32l5_clock_restore(f, st, &err);
	}
}

static int l5_slow_down(struct flash_s *f, struct error_s *err)
{
	return stm32l5_clock_restore(f, f->drv_state, err);
}

static int l5_end(struct flash_s *f, struct error_s *err)
{
	struct stm32l5_state_s *st = f->drv_state;
	struct error_s later;
	int rc = secbb_restore(f, st, err);

	if (flash_reg_write(f, st->cr, st->cr_name, STM32L5_FLASH_CR_LOCK, rc ? &later : err))
		rc = -1;
	return rc;
}

static int l5_info(struct flash_s *f, const struct flash_bank_s *b, char *buf, size_t len)
{
	const struct stm32l5_state_s *st = f->drv_state;

	return snprintf(buf, len, "%s%s, DBANK=%u SWAP_BANK=%u TZEN=%u, RDP %s, BKER reading %s",
			st->dual ? "physical " : "single bank", st->dual ? b->name : "", st->dual, st->swap, st->tzen,
			stm32l5_rdp_name(st->optr),
			!st->swap ? "not needed" :
			st->bker == STM32L5_BKER_PHYSICAL ? (st->bker_learned ? "physical (learned)" : "physical (set)") :
			st->bker == STM32L5_BKER_MAPPED ? (st->bker_learned ? "mapped (learned)" : "mapped (set)") :
							  "unknown (learned at the first erase)");
}

const struct flash_driver_s flash_driver_stm32l5 = {
	.name = "stm32l5",
	.probe = l5_probe,
	.begin = l5_begin,
	.ready = l5_ready,
	.stream_params = l5_stream_params,
	.erase_word = l5_erase_word,
	.bank_erase_word = l5_bank_erase_word,
	.program_word = l5_program_word,
	.describe_sr = l5_describe_sr,
	.erase_us = l5_erase_us,
	.speed_up = l5_speed_up,
	.slow_down = l5_slow_down,
	.end = l5_end,
	.info = l5_info,
};

/* ---- option bytes (RM0438 §6.4.2): what `monitor stm32l5 set` does ---- */

static int wait_not_busy(struct flash_s *f, const struct stm32l5_state_s *st, struct error_s *err)
{
	uint32_t sr = STM32L5_FLASH_SR_BSY;

	for (unsigned i = 0; i < 100000 && (sr & STM32L5_FLASH_SR_BSY); i++)
		if (flash_reg_read(f, regs(st) + STM32L5_FLASH_NSSR, "FLASH_NSSR", &sr, err))
			return -1;
	if (sr & (STM32L5_FLASH_SR_ERRORS | STM32L5_FLASH_NSSR_OPTWERR | STM32L5_FLASH_SR_BSY)) {
		char bits[64];

		error_set(err, FLASH_ERR_OPERATION, "writing the option bytes failed");
		error_set_reg(err, "FLASH_NSSR", true, regs(st) + STM32L5_FLASH_NSSR, sr);
		error_set_bits(err, error_bit_names(l5_sr_bits, sr, bits, sizeof(bits)));
		return -1;
	}
	return 0;
}

int stm32l5_set_optr(struct flash_s *f, uint32_t mask, uint32_t value, bool apply, char *plan, size_t len,
		     struct error_s *err)
{
	struct stm32l5_state_s *st = stm32l5_state(f);
	uint32_t now, want;

	if (!st)
		return error_set(err, FLASH_ERR_NO_DRIVER, "the attached part is not an STM32L5");
	if (f->dl)
		return error_set(err, FLASH_ERR_STATE, "a download is in progress");
	now = st->optr;
	want = (now & ~mask) | (value & mask);
	snprintf(plan, len,
		 "FLASH_OPTR 0x%08x -> 0x%08x (DBANK %u -> %u, SWAP_BANK %u -> %u): the option bytes are written "
		 "(OPTSTRT), then OBL_LAUNCH reloads them, which resets the chip; the core is halted again and the "
		 "flash layout read anew. Flash contents are kept, but with SWAP_BANK changed the banks trade places "
		 "and with DBANK changed the pages change size.",
		 now, want, !!(now & STM32L5_FLASH_OPTR_DBANK), !!(want & STM32L5_FLASH_OPTR_DBANK),
		 !!(now & STM32L5_FLASH_OPTR_SWAP_BANK), !!(want & STM32L5_FLASH_OPTR_SWAP_BANK));
	if (!apply || want == now)
		return 0;
	if (flash_unlock(f, &(struct flash_lock_s){ "the flash controller", regs(st) + STM32L5_FLASH_NSCR, "FLASH_NSCR",
						    STM32L5_FLASH_CR_LOCK, "LOCK", regs(st) + STM32L5_FLASH_NSKEYR,
						    "FLASH_NSKEYR", STM32L5_FLASH_KEY1, STM32L5_FLASH_KEY2 }, err) ||
	    flash_unlock(f, &(struct flash_lock_s){ "the option bytes", regs(st) + STM32L5_FLASH_NSCR, "FLASH_NSCR",
						    STM32L5_FLASH_NSCR_OPTLOCK, "OPTLOCK", regs(st) + STM32L5_FLASH_OPTKEYR,
						    "FLASH_OPTKEYR", STM32L5_FLASH_OPTKEY1, STM32L5_FLASH_OPTKEY2 }, err))
		return -1;
	if (flash_reg_write(f, regs(st) + STM32L5_FLASH_OPTR, "FLASH_OPTR", want, err) ||
	    flash_reg_write(f, regs(st) + STM32L5_FLASH_NSCR, "FLASH_NSCR", STM32L5_FLASH_NSCR_OPTSTRT, err))
		return -1;
	if (wait_not_busy(f, st, err))
		return -1;
	/* OBL_LAUNCH resets the chip: the write may not be acknowledged */
	cortexm_write_u32(f->t, regs(st) + STM32L5_FLASH_NSCR, STM32L5_FLASH_NSCR_OBL_LAUNCH);
	if (cortexm_reset(f->t, CORTEXM_RESET_SYSRESETREQ, true) || flash_reprobe(f, err)) {
		if (!err->code) {
			*err = f->t->err;
			error_prefix(err, "after OBL_LAUNCH: ");
		}
		return -1;
	}
	if (st->optr != want)
		return error_set(err, FLASH_ERR_OPERATION, "FLASH_OPTR reads 0x%08x after the reload, not 0x%08x", st->optr,
				 want);
	return 0;
}

int stm32l5_set_bker(struct flash_s *f, enum stm32l5_bker_e reading)
{
	struct stm32l5_state_s *st = stm32l5_state(f);

	if (!st)
		return -1;
	st->bker = reading;
	st->bker_learned = false;
	return 0;
}
