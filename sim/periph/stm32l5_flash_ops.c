// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32L5 flash model: the flash array. Bank mapping (DBANK, SWAP_BANK), double-word
 * programming, page and mass erase, write protection, TrustZone page security and busy
 * time. RM0438 §6.3 (organisation, erase, program), §6.5 (protections and security).
 *
 * The region buffer `mem` is the ADDRESS view that the bus and Unicorn read: offset 0
 * answers at 0x08000000. With DBANK = 1 its halves hold the two physical banks, in the
 * order `view_swapped` says (false: bank 1 then bank 2). When an option load changes the
 * effective SWAP_BANK, l5_apply_mapping() exchanges the halves, so the physical content
 * follows the mapping as on silicon.
 *
 * Bank selection: WRP1x/WRP2x, SECWM1/2 and SECBB1/2 name PHYSICAL banks. Which bank BKER
 * and MER1/MER2 name with SWAP_BANK = 1 is disputed (../shared/reference/hardware.md §1):
 * ST's Zephyr driver and the L4 examples' GetBank() invert the bank when swapped (the
 * physical bank), a wolfBoot pull request (#821) reads RM0438 as "NSBKER follows the
 * mapped address". Silicon has not settled it ?, so the board has both readings, chosen
 * with --option bker=physical|mapped:
 *  - physical (the default): BKER = 1 and MER2 name physical bank 2 wherever it is mapped;
 *  - mapped: BKER = 1 and MER2 name the bank mapped at 0x08040000, BKER = 0 and MER1 the
 *    one at 0x08000000, whichever physical bank that is.
 * A driver must be correct under both (issue 9).
 *
 * Single-bank mode (DBANK = 0) simplification: silicon interleaves the two banks in
 * 128-bit rows; the model keeps the low 256 KB as bank 1 and the high 256 KB as bank 2,
 * so bytes keep their addresses when DBANK changes. SWAP_BANK is ignored when DBANK = 0 ?.
 */
#include <string.h>

#include "stm32l5_flash_priv.h"

bool l5_dual_bank(const struct stm32l5_flash_s *f)
{
	return f->opt_loaded[L5_OPT_OPTR] & STM32L5_FLASH_OPTR_DBANK;
}

bool l5_swapped(const struct stm32l5_flash_s *f)
{
	return l5_dual_bank(f) && (f->opt_loaded[L5_OPT_OPTR] & STM32L5_FLASH_OPTR_SWAP_BANK);
}

bool l5_tzen(const struct stm32l5_flash_s *f)
{
	return f->opt_loaded[L5_OPT_OPTR] & STM32L5_FLASH_OPTR_TZEN;
}

void l5_apply_mapping(struct stm32l5_flash_s *f)
{
	bool want = l5_swapped(f);
	uint8_t tmp[4096];

	if (want == f->view_swapped)
		return;
	for (uint32_t o = 0; o < STM32L5_FLASH_BANK_SIZE; o += sizeof(tmp)) {
		uint8_t *lo = f->mem + o, *hi = f->mem + STM32L5_FLASH_BANK_SIZE + o;
		memcpy(tmp, lo, sizeof(tmp));
		memcpy(lo, hi, sizeof(tmp));
		memcpy(hi, tmp, sizeof(tmp));
	}
	f->view_swapped = want;
}

/* ---- geometry: address view <-> physical bank and page ---- */

/* Physical bank (1 or 2) holding the byte at offset off of the address view. */
static unsigned phys_bank_of(const struct stm32l5_flash_s *f, uint32_t off)
{
	bool high = off >= STM32L5_FLASH_BANK_SIZE;

	if (!l5_dual_bank(f))
		return 1;
	return high != f->view_swapped ? 2 : 1;
}

static unsigned page_of(const struct stm32l5_flash_s *f, uint32_t off)
{
	if (!l5_dual_bank(f))
		return off / STM32L5_FLASH_PAGE_SB;
	return (off % STM32L5_FLASH_BANK_SIZE) / STM32L5_FLASH_PAGE_DB;
}

/* Offset in the address view where physical bank `bank` (1 or 2) starts (dual bank). */
static uint32_t bank_offset(const struct stm32l5_flash_s *f, unsigned bank)
{
	return ((bank == 2) != f->view_swapped) ? STM32L5_FLASH_BANK_SIZE : 0;
}

/* Offset in the address view of the bank that BKER = 1 (second) or MER1/BKER = 0 (first) selects. */
static uint32_t selected_bank_offset(const struct stm32l5_flash_s *f, bool second)
{
	if (f->bker_mapped)
		return second ? STM32L5_FLASH_BANK_SIZE : 0;
	return bank_offset(f, second ? 2 : 1);
}

/*
 * Fault injection addresses cells as they are mapped with SWAP_BANK = 0 (a cell stays in
 * its physical bank): the offset of that addressing for offset off of the address view.
 */
static uint32_t fault_off(const struct stm32l5_flash_s *f, uint32_t off)
{
	return f->view_swapped ? off ^ STM32L5_FLASH_BANK_SIZE : off;
}

/* Fault injection's bit faults on [off, off + len) of the address view (one bank at most). */
static void apply_faults(struct stm32l5_flash_s *f, enum flash_op_e op, uint32_t off, uint32_t len)
{
	flash_faults_apply(&f->faults, op, f->mem + off, fault_off(f, off), len);
}

void l5_apply_stuck_bits(struct stm32l5_flash_s *f)
{
	apply_faults(f, FLASH_OP_KINDS, 0, STM32L5_FLASH_BANK_SIZE);
	apply_faults(f, FLASH_OP_KINDS, STM32L5_FLASH_BANK_SIZE, STM32L5_FLASH_BANK_SIZE);
}

const struct flash_flag_s l5_flash_flags[] = {
	{ "OPERR", STM32L5_FLASH_SR_OPERR }, { "PROGERR", STM32L5_FLASH_SR_PROGERR },
	{ "WRPERR", STM32L5_FLASH_SR_WRPERR }, { "PGAERR", STM32L5_FLASH_SR_PGAERR },
	{ "SIZERR", STM32L5_FLASH_SR_SIZERR }, { "PGSERR", STM32L5_FLASH_SR_PGSERR },
	{ NULL, 0 },
};

/* ---- protections (RM0438 §6.5.1 WRP, §6.5.3-6.5.4 secure watermark and block-based) ---- */

static bool area_covers(uint32_t reg, unsigned page)
{
	unsigned start = STM32L5_FLASH_AREA_PSTRT(reg), end = STM32L5_FLASH_AREA_PEND(reg);

	return start <= end && page >= start && page <= end;
}

/*
 * WRP1A/WRP1B protect pages of bank 1, WRP2A/WRP2B of bank 2. In single-bank mode all
 * four areas count, in 4 KB pages (as OpenOCD's stm32l4x.c reads them for L5, flag
 * F_USE_ALL_WRPXX).
 */
static bool wrp_covers(const struct stm32l5_flash_s *f, unsigned bank, unsigned page)
{
	const uint32_t *o = f->opt_loaded;
	bool b1 = area_covers(o[L5_OPT_WRP1AR], page) || area_covers(o[L5_OPT_WRP1BR], page);
	bool b2 = area_covers(o[L5_OPT_WRP2AR], page) || area_covers(o[L5_OPT_WRP2BR], page);

	if (!l5_dual_bank(f))
		return b1 || b2;
	return bank == 1 ? b1 : b2;
}

/* A page is secure (TZEN = 1) inside its bank's watermark or when its SECBB bit is set. */
static bool page_secure(const struct stm32l5_flash_s *f, unsigned bank, unsigned page)
{
	const uint32_t *o = f->opt_loaded;
	bool wm;

	if (!l5_tzen(f))
		return false;
	if (l5_dual_bank(f))
		wm = area_covers(o[bank == 1 ? L5_OPT_SECWM1R1 : L5_OPT_SECWM2R1], page);
	else
		wm = area_covers(o[L5_OPT_SECWM1R1], page) || area_covers(o[L5_OPT_SECWM2R1], page);
	return wm || (f->secbb[bank - 1][page / 32] >> (page % 32) & 1u);
}

/*
 * Whether domain d may erase or program a page (RM0438 §6.5.4): with TZEN = 1 the
 * non-secure registers reach non-secure pages and the secure registers secure pages,
 * or non-secure pages instead when SECCR.SECINV is set. A refused operation sets WRPERR
 * in the domain's status register ? (the manual also raises a GTZC illegal-access
 * event, not modeled).
 */
static bool may_touch(const struct stm32l5_flash_s *f, enum stm32l5_flash_domain_e d, unsigned bank,
		      unsigned page)
{
	bool sec = page_secure(f, bank, page);

	if (!l5_tzen(f))
		return true;
	if (d == STM32L5_FLASH_NS)
		return !sec;
	return sec != !!(f->dom[STM32L5_FLASH_S].cr & STM32L5_FLASH_SECCR_SECINV);
}

/* ---- errors and busy time ---- */

/* An error flag; OPERR follows when error interrupts are enabled (RM0438 §6.9.6). */
static void set_error(struct stm32l5_flash_s *f, enum stm32l5_flash_domain_e d, uint32_t flag)
{
	struct l5_domain_s *dm = &f->dom[d];

	dm->sr |= flag;
	if (dm->cr & STM32L5_FLASH_CR_ERRIE)
		dm->sr |= STM32L5_FLASH_SR_OPERR;
	dm->dw.have_low = false;
	l5_irq_update(f, d);
}

/*
 * Operations run one after another: one that starts while the array is busy begins when
 * the previous one ends (the AHB stalls a write to a busy flash on silicon; the model
 * queues it instead and keeps the busy time right).
 */
void l5_charge_busy(struct stm32l5_flash_s *f, enum stm32l5_flash_domain_e d, uint64_t ns)
{
	struct l5_domain_s *dm = &f->dom[d];
	uint64_t now = sim_now_ns(f->s);
	uint64_t queued = f->busy_until > now ? f->busy_until - now : 0;

	f->busy_until = sim_flash_busy(f->s, ns) + queued;
	if (queued)
		sim_schedule_event(f->s, f->busy_until);	/* sim_flash_busy scheduled the unqueued end */
	dm->op_end_ns = f->busy_until;
	dm->eop_pending = dm->cr & STM32L5_FLASH_CR_EOPIE;
	if (dm->eop_pending)
		sim_call_at(f->s, dm->op_end_ns, l5_op_end, f);
}

/* ---- programming (RM0438 §6.3.8): two 32-bit writes make one double-word ---- */

static void program_dword(struct stm32l5_flash_s *f, enum stm32l5_flash_domain_e d, uint32_t off, uint32_t lo,
			  uint32_t hi)
{
	unsigned bank = phys_bank_of(f, off), page = page_of(f, off);
	uint8_t *p = f->mem + off;

	if (wrp_covers(f, bank, page) || !may_touch(f, d, bank, page)) {
		set_error(f, d, STM32L5_FLASH_SR_WRPERR);
		return;
	}
	/*
	 * PROGERR: the double-word is not erased. RM0351 (STM32L4) makes one exception,
	 * writing all zeros over anything; RM0438 is assumed to match ?.
	 */
	if ((sim_le_get(p, 4) != 0xFFFFFFFFu || sim_le_get(p + 4, 4) != 0xFFFFFFFFu) && (lo | hi)) {
		set_error(f, d, STM32L5_FLASH_SR_PROGERR);
		return;
	}
	uint8_t data[8];
	uint32_t flag;
	sim_le_put(data, 4, lo);
	sim_le_put(data + 4, 4, hi);
	switch (flash_faults_begin(f->s, &f->faults, FLASH_OP_PROGRAM, &flag)) {
	case FLASH_FAULT_ERROR:
		set_error(f, d, flag);
		return;
	case FLASH_FAULT_POWER_LOSS:
		flash_faults_half_program(p, data, 8);
		flash_faults_power_loss(f->s, L5_T_PROG_DW_NS);
		return;
	default:
		break;
	}
	for (unsigned i = 0; i < 8; i++)
		p[i] &= data[i];
	apply_faults(f, FLASH_OP_PROGRAM, off, 8);
	l5_charge_busy(f, d, L5_T_PROG_DW_NS);
}

/*
 * Which register set a flash write belongs to. The model has no HNONSEC/SAU: a write
 * through the secure alias is secure; a write through the non-secure alias belongs to
 * the secure set when only SECCR.PG is armed (a secure master writing 0x08000000 with
 * the SAU off is secure, which is how OpenOCD's stm32l4x driver programs with TZEN = 1),
 * otherwise to the non-secure set.
 */
static enum stm32l5_flash_domain_e write_domain(const struct stm32l5_flash_s *f, bool via_secure_alias)
{
	bool s_pg = f->dom[STM32L5_FLASH_S].cr & STM32L5_FLASH_CR_PG;
	bool ns_pg = f->dom[STM32L5_FLASH_NS].cr & STM32L5_FLASH_CR_PG;

	if (!l5_tzen(f))
		return STM32L5_FLASH_NS;
	if (via_secure_alias || (s_pg && !ns_pg))
		return STM32L5_FLASH_S;
	return STM32L5_FLASH_NS;
}

int l5_flash_write(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t addr, unsigned size, uint32_t val)
{
	struct stm32l5_flash_s *f = ctx;
	bool via_s = addr - f->cfg->flash_s_base < STM32L5_FLASH_SIZE;
	uint32_t off = addr - (via_s ? f->cfg->flash_s_base : f->cfg->flash_ns_base);
	enum stm32l5_flash_domain_e d = write_domain(f, via_s);
	struct l5_domain_s *dm = &f->dom[d];
	uint32_t cr = dm->cr;

	(void)s;
	(void)who;
	/* PGSERR: a write without PG, or with an erase selected too (RM0438 §6.3.9) */
	if (!(cr & STM32L5_FLASH_CR_PG) || (cr & STM32L5_FLASH_CR_LOCK) ||
	    (cr & (STM32L5_FLASH_CR_PER | STM32L5_FLASH_CR_MER1 | STM32L5_FLASH_CR_MER2))) {
		set_error(f, d, STM32L5_FLASH_SR_PGSERR);
		return SIM_BUS_OK;
	}
	/* SIZERR: only 32-bit writes build a double-word (byte and half-word refused) */
	if (size != 4) {
		set_error(f, d, STM32L5_FLASH_SR_SIZERR);
		return SIM_BUS_OK;
	}
	/* PGAERR: the first word must start a double-word, the second complete the same one */
	if (!dm->dw.have_low) {
		if (off % 8) {
			set_error(f, d, STM32L5_FLASH_SR_PGAERR);
			return SIM_BUS_OK;
		}
		dm->dw = (struct l5_dword_s){ .have_low = true, .addr = off, .low = val };
		return SIM_BUS_OK;
	}
	if (off != dm->dw.addr + 4) {
		set_error(f, d, STM32L5_FLASH_SR_PGAERR);
		return SIM_BUS_OK;
	}
	dm->dw.have_low = false;
	program_dword(f, d, dm->dw.addr, dm->dw.low, val);
	return SIM_BUS_OK;
}

/* ---- erase (RM0438 §6.3.7) ---- */

static bool erase_refused(struct stm32l5_flash_s *f, enum stm32l5_flash_domain_e d, uint32_t flag)
{
	set_error(f, d, flag);
	return false;
}

static bool page_erase(struct stm32l5_flash_s *f, enum stm32l5_flash_domain_e d)
{
	uint32_t flag;
	uint32_t cr = f->dom[d].cr;
	unsigned page = (cr & STM32L5_FLASH_CR_PNB_MASK) >> STM32L5_FLASH_CR_PNB_SHIFT;
	unsigned bank = 1;	/* single bank: BKER ignored ? */
	uint32_t off, len;

	if (l5_dual_bank(f)) {
		off = selected_bank_offset(f, cr & STM32L5_FLASH_CR_BKER) + page * STM32L5_FLASH_PAGE_DB;
		len = STM32L5_FLASH_PAGE_DB;
		bank = phys_bank_of(f, off);
	} else {
		off = page * STM32L5_FLASH_PAGE_SB;
		len = STM32L5_FLASH_PAGE_SB;
	}
	if (wrp_covers(f, bank, page) || !may_touch(f, d, bank, page))
		return erase_refused(f, d, STM32L5_FLASH_SR_WRPERR);
	switch (flash_faults_begin(f->s, &f->faults, FLASH_OP_ERASE, &flag)) {
	case FLASH_FAULT_ERROR:
		return erase_refused(f, d, flag);
	case FLASH_FAULT_POWER_LOSS:
		flash_faults_half_erase(f->mem + off, len);
		flash_faults_power_loss(f->s, L5_T_ERASE_PAGE_NS);
		return true;
	default:
		break;
	}
	memset(f->mem + off, 0xFF, len);
	apply_faults(f, FLASH_OP_ERASE, off, len);
	l5_charge_busy(f, d, L5_T_ERASE_PAGE_NS);
	return true;
}

/* A bank can be mass-erased by d when no WRP area is set on it and d may touch every page ?. */
static bool bank_erasable(const struct stm32l5_flash_s *f, enum stm32l5_flash_domain_e d, unsigned bank)
{
	for (unsigned page = 0; page < STM32L5_FLASH_PAGES_PER_BANK; page++)
		if (wrp_covers(f, bank, page) || !may_touch(f, d, bank, page))
			return false;
	return true;
}

/*
 * Mass erase: MER1 erases the first bank, MER2 the second (physical banks 1 and 2, or the
 * banks mapped low and high with bker=mapped), both erase both; in single-bank mode either
 * bit erases the whole flash (ST's HAL sets both; one alone ?). Nothing is erased when one
 * selected bank is protected.
 */
static bool mass_erase(struct stm32l5_flash_s *f, enum stm32l5_flash_domain_e d)
{
	uint32_t cr = f->dom[d].cr, flag;
	uint32_t off[2] = { selected_bank_offset(f, false), selected_bank_offset(f, true) };
	uint32_t len = STM32L5_FLASH_BANK_SIZE;
	bool sel[2] = { cr & STM32L5_FLASH_CR_MER1, cr & STM32L5_FLASH_CR_MER2 };
	enum flash_fault_e fault;

	if (!l5_dual_bank(f)) {	/* one bank of 512 KB, whichever bit */
		off[0] = 0;
		len = STM32L5_FLASH_SIZE;
		sel[0] = true;
		sel[1] = false;
	}
	for (int b = 0; b < 2; b++)
		if (sel[b] && !bank_erasable(f, d, l5_dual_bank(f) ? phys_bank_of(f, off[b]) : 1))
			return erase_refused(f, d, STM32L5_FLASH_SR_WRPERR);
	fault = flash_faults_begin(f->s, &f->faults, FLASH_OP_ERASE, &flag);
	if (fault == FLASH_FAULT_ERROR)
		return erase_refused(f, d, flag);
	for (int b = 0; b < 2; b++) {
		if (!sel[b])
			continue;
		if (fault == FLASH_FAULT_POWER_LOSS) {
			flash_faults_half_erase(f->mem + off[b], len);
			continue;
		}
		memset(f->mem + off[b], 0xFF, len);
		apply_faults(f, FLASH_OP_ERASE, off[b], len);
	}
	if (fault == FLASH_FAULT_POWER_LOSS)
		flash_faults_power_loss(f->s, L5_T_MASS_ERASE_NS);
	else
		l5_charge_busy(f, d, L5_T_MASS_ERASE_NS);
	return true;
}

void l5_start_erase(struct stm32l5_flash_s *f, enum stm32l5_flash_domain_e d)
{
	uint32_t cr = f->dom[d].cr;
	bool per = cr & STM32L5_FLASH_CR_PER;
	bool mer = cr & (STM32L5_FLASH_CR_MER1 | STM32L5_FLASH_CR_MER2);

	/* PGSERR: STRT with nothing selected, with PG, or with both PER and MERx */
	if ((cr & STM32L5_FLASH_CR_PG) || per == mer) {
		set_error(f, d, STM32L5_FLASH_SR_PGSERR);
		f->dom[d].cr &= ~STM32L5_FLASH_CR_STRT;
		return;
	}
	/* STRT stays set while the erase runs (cleared with BSY); a refused erase never starts */
	if (!(per ? page_erase(f, d) : mass_erase(f, d)))
		f->dom[d].cr &= ~STM32L5_FLASH_CR_STRT;
}
