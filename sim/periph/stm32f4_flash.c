// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32F4 flash interface model (RM0368 §3, RM0090 §3): unlock keys, sector and mass
 * erase, programming at the PSIZE parallelism, error flags, option bytes through OPTCR,
 * and busy time from the datasheet. The OTP area is in stm32f4_otp.c.
 *
 * Model decisions where the manual is silent (each also noted where it is implemented):
 * - Operations take effect at once; BSY (and CR.STRT, OPTCR.OPTSTRT) then stay set for the
 *   typical duration. Silicon stalls the bus on a CR write or a flash access during BSY
 *   (RM0368 §3.8.5 note); here the next operation is queued behind the current one
 *   instead, so the modeled busy time adds up the same way.
 * - A write into flash without PG (or with CR locked) sets PGSERR and is not performed;
 *   the bus answers OK (RM0368 §3.8.4 PGSERR).
 * - x64 parallelism needs VPP (RM0368 Table 5). Without `--option vpp=1`, erase and program
 *   at PSIZE=x64 are refused with PGPERR.
 * - The FLASH interrupt (config irq) is a level: EOP with EOPIE, or an error flag with
 *   ERRIE (RM0368 §3.7 "Flash interrupts": EOP/EOPIE, WRPERR and PGAERR/PGPERR/PGSERR
 *   with ERRIE; OPERR with ERRIE as well ?), asserted from the end of the operation (a
 *   timer) until software clears the flag or the enable.
 * - RDP: stored and programmed; level 1 -> 0 mass-erases the main flash (not the OTP),
 *   level 2 freezes the option bytes. Blocking debugger reads at level 1 is not modeled.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sim_internal.h"
#include "stm32f4_flash_private.h"

#define CR_WRITABLE                                                                                                \
	(STM32F4_FLASH_CR_PG | STM32F4_FLASH_CR_SER | STM32F4_FLASH_CR_MER | STM32F4_FLASH_CR_SNB_MASK |           \
	 STM32F4_FLASH_CR_PSIZE_MASK | STM32F4_FLASH_CR_EOPIE | STM32F4_FLASH_CR_ERRIE)
#define ACR_WRITABLE                                                                                               \
	(STM32F4_FLASH_ACR_LATENCY_MASK | STM32F4_FLASH_ACR_PRFTEN | STM32F4_FLASH_ACR_ICEN |                      \
	 STM32F4_FLASH_ACR_DCEN | STM32F4_FLASH_ACR_ICRST | STM32F4_FLASH_ACR_DCRST)

/* ---- busy time and flags ---- */

/* The error flags that raise the FLASH interrupt with ERRIE (file header). */
#define F4_IRQ_ERRORS                                                                                             \
	(STM32F4_FLASH_SR_OPERR | STM32F4_FLASH_SR_WRPERR | STM32F4_FLASH_SR_PGAERR | STM32F4_FLASH_SR_PGPERR |  \
	 STM32F4_FLASH_SR_PGSERR)

bool f4_busy(struct sim *s, const struct f4_flash_s *f)
{
	return sim_now_ns(s) < f->busy_until;
}

/* Bring the register state up to the current time: an operation that has ended clears
 * STRT/OPTSTRT and sets EOP when EOPIE asked for it (RM0368 §3.8.4 EOP, §3.8.5 STRT). */
static void f4_settle(struct sim *s, struct f4_flash_s *f)
{
	if (!f->op_pending || f4_busy(s, f))
		return;
	f->op_pending = false;
	f->cr &= ~STM32F4_FLASH_CR_STRT;
	f->optcr &= ~STM32F4_FLASH_OPTCR_OPTSTRT;
	if (f->eop_pending)
		f->sr |= STM32F4_FLASH_SR_EOP;
	f->eop_pending = false;
}

void f4_irq_update(struct sim *s, struct f4_flash_s *f)
{
	bool eop = (f->sr & STM32F4_FLASH_SR_EOP) && (f->cr & STM32F4_FLASH_CR_EOPIE);
	bool err = (f->sr & F4_IRQ_ERRORS) && (f->cr & STM32F4_FLASH_CR_ERRIE);

	if (f->cfg->irq >= 0)
		sim_irq_set(s, (unsigned)f->cfg->irq, eop || err);
}

/* The end of an operation with EOPIE: EOP sets, and with it the interrupt line. */
static void f4_op_end(struct sim *s, void *ctx)
{
	struct f4_flash_s *f = ctx;

	f4_settle(s, f);
	f4_irq_update(s, f);
}

void f4_start_op(struct sim *s, struct f4_flash_s *f, uint64_t duration_ns)
{
	uint64_t now = sim_now_ns(s);
	uint64_t wait = f->busy_until > now ? f->busy_until - now : 0;

	f4_settle(s, f);
	/* Queued behind the operation in progress (see the file header). */
	f->busy_until = sim_flash_busy(s, duration_ns) + wait;
	if (wait)	/* queued behind a running operation: its true end is an event too */
		sim_schedule_event(s, f->busy_until);
	f->op_pending = true;
	f->eop_pending = (f->cr & STM32F4_FLASH_CR_EOPIE) != 0;
	if (f->eop_pending)
		sim_call_at(s, f->busy_until, f4_op_end, f);
}

/* OPERR: "set only if error interrupts are enabled (ERRIE = 1)" (RM0368 §3.8.4). */
void f4_error(struct sim *s, struct f4_flash_s *f, uint32_t flags)
{
	f->sr |= flags;
	if (f->cr & STM32F4_FLASH_CR_ERRIE)
		f->sr |= STM32F4_FLASH_SR_OPERR;
	f4_irq_update(s, f);
}

enum stm32f4_psize_e f4_psize(const struct f4_flash_s *f)
{
	return (enum stm32f4_psize_e)((f->cr & STM32F4_FLASH_CR_PSIZE_MASK) >> STM32F4_FLASH_CR_PSIZE_SHIFT);
}

/* ---- sectors and write protection ---- */

/* The sector holding flash offset off, or -1. */
static int f4_sector_of(const struct f4_flash_s *f, uint32_t off)
{
	uint32_t start = 0;

	for (unsigned i = 0; i < f->cfg->n_sectors; i++) {
		if (off - start < f->cfg->sectors[i].size)
			return (int)i;
		start += f->cfg->sectors[i].size;
	}
	return -1;
}

static uint32_t f4_sector_offset(const struct f4_flash_s *f, unsigned sector)
{
	uint32_t start = 0;

	for (unsigned i = 0; i < sector; i++)
		start += f->cfg->sectors[i].size;
	return start;
}

/*
 * nWRPi = 0 protects sector i (RM0368 §3.6.4). With SPRMOD = 1 (PCROP mode) the sense is
 * inverted: "Active value of nWRPi bits is inverted when PCROP mode is active" (HAL
 * stm32f4xx_hal_flash_ex.c); a PCROP sector refuses erase and program as well.
 * The option bytes in force count, not what was last written to OPTCR.
 */
bool f4_sector_protected(const struct f4_flash_s *f, unsigned sector)
{
	bool bit = (f->ob >> (STM32F4_FLASH_OPTCR_NWRP_SHIFT + sector)) & 1;

	return (f->ob & STM32F4_FLASH_OPTCR_SPRMOD) ? bit : !bit;
}

/* ---- fault injection (flash_faults.h) ---- */

const struct flash_flag_s f4_flash_flags[] = {
	{ "OPERR", STM32F4_FLASH_SR_OPERR }, { "WRPERR", STM32F4_FLASH_SR_WRPERR },
	{ "PGAERR", STM32F4_FLASH_SR_PGAERR }, { "PGPERR", STM32F4_FLASH_SR_PGPERR },
	{ "PGSERR", STM32F4_FLASH_SR_PGSERR }, { "RDERR", STM32F4_FLASH_SR_RDERR },
	{ NULL, 0 },
};

/*
 * Erase [off, off + len) of the main flash in duration_ns, unless fault injection says
 * otherwise: refused with a flag (returned), or interrupted by a power loss half-way.
 */
static uint32_t f4_erase_range(struct sim *s, struct f4_flash_s *f, uint32_t off, uint32_t len,
			       uint64_t duration_ns)
{
	uint32_t flag = 0;

	switch (flash_faults_begin(s, &f->faults, FLASH_OP_ERASE, &flag)) {
	case FLASH_FAULT_ERROR:
		return flag;
	case FLASH_FAULT_POWER_LOSS:
		flash_faults_half_erase(f->flash->data + off, len);
		flash_faults_power_loss(s, duration_ns);
		return 0;
	default:
		break;
	}
	memset(f->flash->data + off, 0xFF, len);
	flash_faults_apply(&f->faults, FLASH_OP_ERASE, f->flash->data + off, off, len);
	f->cr |= STM32F4_FLASH_CR_STRT;
	f4_start_op(s, f, duration_ns);
	return 0;
}

/*
 * Program the n bytes of data at p (main flash offset off, or OTP with off = UINT32_MAX),
 * unless fault injection refuses the operation (its flag returned) or cuts the power
 * half-way. Cells only go from 1 to 0.
 */
uint32_t f4_program_unit(struct sim *s, struct f4_flash_s *f, uint8_t *p, uint32_t off, const uint8_t *data,
			 unsigned n)
{
	uint64_t ns = 1000ull * f->cfg->prog_us[f4_psize(f)];
	uint32_t flag = 0;

	switch (flash_faults_begin(s, &f->faults, FLASH_OP_PROGRAM, &flag)) {
	case FLASH_FAULT_ERROR:
		return flag;
	case FLASH_FAULT_POWER_LOSS:
		flash_faults_half_program(p, data, n);
		flash_faults_power_loss(s, ns);
		return 0;
	default:
		break;
	}
	for (unsigned i = 0; i < n; i++)
		p[i] &= data[i];
	if (off != UINT32_MAX)
		flash_faults_apply(&f->faults, FLASH_OP_PROGRAM, p, off, n);
	f4_start_op(s, f, ns);
	return 0;
}

/* ---- erase (RM0368 §3.5.3) ---- */

static void f4_erase_sector(struct sim *s, struct f4_flash_s *f, enum stm32f4_psize_e psize)
{
	unsigned snb = (f->cr & STM32F4_FLASH_CR_SNB_MASK) >> STM32F4_FLASH_CR_SNB_SHIFT;

	/* SNB beyond the part's sectors is "not allowed" (RM0368 §3.8.5): PGSERR, a model choice */
	if (snb >= f->cfg->n_sectors) {
		f4_error(s, f, STM32F4_FLASH_SR_PGSERR);
		return;
	}
	if (f4_sector_protected(f, snb)) {
		f4_error(s, f, STM32F4_FLASH_SR_WRPERR);
		return;
	}
	uint32_t flag = f4_erase_range(s, f, f4_sector_offset(f, snb), f->cfg->sectors[snb].size,
				       1000ull * f->cfg->sectors[snb].erase_us[psize]);
	if (flag)
		f4_error(s, f, flag);
}

void f4_erase_main(struct f4_flash_s *f)
{
	memset(f->flash->data, 0xFF, f4_sector_offset(f, f->cfg->n_sectors));
}

static void f4_mass_erase(struct sim *s, struct f4_flash_s *f, enum stm32f4_psize_e psize)
{
	/* A protected sector refuses the whole mass erase (RM0368 §3.6.4: "erase ... of a
	 * write-protected sector sets WRPERR"). The OTP is not part of it (§3.7). */
	for (unsigned i = 0; i < f->cfg->n_sectors; i++) {
		if (f4_sector_protected(f, i)) {
			f4_error(s, f, STM32F4_FLASH_SR_WRPERR);
			return;
		}
	}
	uint32_t flag = f4_erase_range(s, f, 0, f4_sector_offset(f, f->cfg->n_sectors),
				       1000ull * f->cfg->mass_erase_us[psize]);
	if (flag)
		f4_error(s, f, flag);
}

/* STRT written as 1 (RM0368 §3.5.3). */
static void f4_start(struct sim *s, struct f4_flash_s *f)
{
	uint32_t cr = f->cr;
	enum stm32f4_psize_e psize = f4_psize(f);

	if ((cr & STM32F4_FLASH_CR_SER) && (cr & STM32F4_FLASH_CR_MER)) {
		/* "neither sector nor mass erase can be performed"; the flag is a model choice */
		f4_error(s, f, STM32F4_FLASH_SR_PGSERR);
	} else if (!(cr & (STM32F4_FLASH_CR_SER | STM32F4_FLASH_CR_MER))) {
		f4_error(s, f, STM32F4_FLASH_SR_PGSERR);	/* nothing to start: model choice */
	} else if (psize == STM32F4_PSIZE_X64 && !f->vpp) {
		f4_error(s, f, STM32F4_FLASH_SR_PGPERR);	/* x64 without VPP (file header) */
	} else if (cr & STM32F4_FLASH_CR_MER) {
		f4_mass_erase(s, f, psize);
	} else {
		f4_erase_sector(s, f, psize);
	}
}

/* ---- programming (RM0368 §3.5.4) ---- */

/* Write size the PSIZE needs, or 0 for x64 (two consecutive word writes, with VPP only). */
static unsigned f4_psize_bytes(enum stm32f4_psize_e psize)
{
	static const unsigned bytes[STM32F4_PSIZE_COUNT] = { 1, 2, 4, 0 };

	return bytes[psize];
}

/*
 * Common checks of a program write, main flash or OTP: PG set and CR unlocked (else
 * PGSERR), access size matching PSIZE (else PGPERR). For x64 the first word of a double
 * word is held until the second arrives at the next address (else PGAERR); *ready tells
 * whether there is something to program now.
 * Returns the SR flags of a refusal, 0 if the write may go on.
 */
uint32_t f4_program_check(struct f4_flash_s *f, uint32_t addr, unsigned size, bool *ready)
{
	enum stm32f4_psize_e psize = f4_psize(f);

	*ready = false;
	if ((f->cr & STM32F4_FLASH_CR_LOCK) || !(f->cr & STM32F4_FLASH_CR_PG))
		return STM32F4_FLASH_SR_PGSERR;
	if (psize != STM32F4_PSIZE_X64) {
		*ready = true;
		return size == f4_psize_bytes(psize) ? 0 : STM32F4_FLASH_SR_PGPERR;
	}
	if (!f->vpp || size != 4) {
		f->dw_pending = false;
		return STM32F4_FLASH_SR_PGPERR;
	}
	if (!f->dw_pending) {
		if (addr % 8) {
			return STM32F4_FLASH_SR_PGAERR;	/* a double word starts 8-byte aligned */
		}
		f->dw_pending = true;
		f->dw_addr = addr;
		return 0;
	}
	f->dw_pending = false;
	if (addr != f->dw_addr + 4)
		return STM32F4_FLASH_SR_PGAERR;	/* the second word must follow the first */
	*ready = true;
	return 0;
}

/* Program bytes: flash cells only go from 1 to 0 ("Writing '1' requires a Flash memory
 * erase operation", RM0368 §3.5.4); F4 has no error for it, the result is the AND. */
static int f4_flash_write(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t addr, unsigned size,
			  uint32_t val)
{
	struct f4_flash_s *f = ctx;
	struct sim_mem_s *m = sim_bus_mem_at(s, addr);
	uint32_t off = addr - m->region->base;
	bool ready;
	uint32_t err;
	int sector;

	(void)who;
	f4_settle(s, f);
	err = f4_program_check(f, addr - m->region->base + f->cfg->flash_base, size, &ready);
	sector = f4_sector_of(f, off);
	if (!err && (sector < 0 || f4_sector_protected(f, (unsigned)sector)))
		err = STM32F4_FLASH_SR_WRPERR;
	if (err) {
		f->dw_pending = false;
		f4_error(s, f, err);
		return SIM_BUS_OK;
	}
	/* x64: the first word waits for the second; both go in one program operation. */
	uint8_t data[8];
	unsigned n = size;
	if (f4_psize(f) == STM32F4_PSIZE_X64) {
		if (!ready) {
			f->dw_lo = val;
			return SIM_BUS_OK;
		}
		sim_le_put(data, 4, f->dw_lo);
		sim_le_put(data + 4, 4, val);
		off -= 4;
		n = 8;
	} else {
		sim_le_put(data, size, val);
	}
	/* through the main flash region: its offset is the fault offset (the boot alias too) */
	err = f4_program_unit(s, f, m->data + off, off, data, n);
	if (err)
		f4_error(s, f, err);
	return SIM_BUS_OK;
}

/* ---- option bytes (RM0368 §3.6, PM0059 §2.6.2) ---- */

static uint8_t f4_rdp(uint32_t optcr)
{
	return (uint8_t)((optcr & STM32F4_FLASH_OPTCR_RDP_MASK) >> STM32F4_FLASH_OPTCR_RDP_SHIFT);
}

/* Bits of OPTCR that read 1 whatever is written: nWRP[11:8], reserved on a part with fewer
 * sectors (the reset value 0x0FFFAAED has them set). */
uint32_t f4_optcr_fixed(const struct f4_flash_s *f)
{
	return STM32F4_FLASH_OPTCR_NWRP_MASK & ~(((1u << f->cfg->n_sectors) - 1) << STM32F4_FLASH_OPTCR_NWRP_SHIFT);
}

/*
 * OPTSTRT: "the value of an option is automatically modified by first erasing the user
 * configuration sector and then programming all the option bytes with the values contained
 * in FLASH_OPTCR" (PM0059 §2.6.2). F4 has no OBL_LAUNCH: the HAL's HAL_FLASH_OB_Launch()
 * only sets OPTSTRT and waits, so the new values (WRP included) apply when it is done.
 * Level 1 -> level 0 mass-erases the main flash (RM0368 §3.6.3); level 2 is final.
 */
static void f4_option_start(struct sim *s, struct f4_flash_s *f)
{
	uint32_t want = (f->optcr & F4_OPTCR_FIELDS) | f4_optcr_fixed(f);
	uint8_t old_rdp = f4_rdp(f->ob), new_rdp = f4_rdp(want);
	uint64_t ns = 1000ull * f->cfg->option_prog_us;

	f->optcr |= STM32F4_FLASH_OPTCR_OPTSTRT;
	if (old_rdp == STM32F4_RDP_LEVEL2) {
		/* "it is no longer possible to modify the option bytes" (RM0368 §3.6.3) */
		f->optcr = (f->optcr & ~F4_OPTCR_FIELDS) | (f->ob & F4_OPTCR_FIELDS);
	} else {
		if (old_rdp != STM32F4_RDP_LEVEL0 && new_rdp == STM32F4_RDP_LEVEL0) {
			f4_erase_main(f);
			ns += 1000ull * f->cfg->mass_erase_us[STM32F4_PSIZE_X32];
		}
		f->ob = want;
	}
	f4_start_op(s, f, ns);
	f->eop_pending = false;	/* EOP is for program/erase operations (RM0368 §3.8.4) */
}

static void f4_optcr_write(struct sim *s, struct f4_flash_s *f, uint32_t v)
{
	if (f->optcr & STM32F4_FLASH_OPTCR_OPTLOCK)
		return;	/* locked: read-only until the OPTKEYR sequence */
	f->optcr = (f->optcr & (STM32F4_FLASH_OPTCR_OPTSTRT | STM32F4_FLASH_OPTCR_OPTLOCK)) | (v & F4_OPTCR_FIELDS) |
		   f4_optcr_fixed(f);
	if (v & STM32F4_FLASH_OPTCR_OPTLOCK)
		f->optcr |= STM32F4_FLASH_OPTCR_OPTLOCK;	/* OPTLOCK: write 1 only */
	if ((v & STM32F4_FLASH_OPTCR_OPTSTRT) && !(f->optcr & STM32F4_FLASH_OPTCR_OPTLOCK) &&
	    !(f->optcr & STM32F4_FLASH_OPTCR_OPTSTRT))
		f4_option_start(s, f);
}

/* ---- registers ---- */

/*
 * KEYR/OPTKEYR: KEY1 then KEY2 clears the lock. "Any wrong sequence will return a bus
 * error and lock up the FLASH_CR register until the next reset" (RM0368 §3.5.1; the same
 * for OPTCR, §3.6.2). A key written while unlocked is a wrong sequence too.
 */
static int f4_key_write(struct f4_key_s *k, uint32_t *reg, uint32_t lock_bit, const uint32_t keys[2],
			unsigned size, uint32_t v)
{
	if (k->blocked || size != 4 || !(*reg & lock_bit) || v != keys[k->stage]) {
		k->blocked = true;
		k->stage = 0;
		return SIM_BUS_ERROR;
	}
	if (++k->stage == 2) {
		k->stage = 0;
		*reg &= ~lock_bit;
	}
	return SIM_BUS_OK;
}

static void f4_cr_write(struct sim *s, struct f4_flash_s *f, uint32_t v)
{
	if (f->cr & STM32F4_FLASH_CR_LOCK)
		return;	/* locked: "write to 1 only" LOCK, the rest read-only */
	/* STRT is set by software only and cleared by hardware when BSY clears. */
	f->cr = (f->cr & STM32F4_FLASH_CR_STRT) | (v & CR_WRITABLE);
	f->dw_pending = false;	/* x64: a CR write between the two words abandons the first */
	if (v & STM32F4_FLASH_CR_STRT)
		f4_start(s, f);
	if (v & STM32F4_FLASH_CR_LOCK)
		f->cr |= STM32F4_FLASH_CR_LOCK;
}

static uint32_t f4_reg_value(struct sim *s, struct f4_flash_s *f, uint32_t reg)
{
	switch (reg) {
	case STM32F4_FLASH_ACR:
		return f->acr;
	case STM32F4_FLASH_SR:
		return f->sr | (f4_busy(s, f) ? STM32F4_FLASH_SR_BSY : 0);
	case STM32F4_FLASH_CR:
		return f->cr;
	case STM32F4_FLASH_OPTCR:
		return f->optcr;
	default:
		return 0;	/* KEYR and OPTKEYR are write-only; the rest is reserved */
	}
}

static int f4_reg_read(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t offset, unsigned size,
		       uint32_t *val)
{
	struct f4_flash_s *f = ctx;
	unsigned shift = 8 * (offset & 3);

	(void)who;
	f4_settle(s, f);
	*val = f4_reg_value(s, f, offset & ~3u) >> shift;
	if (size < 4)
		*val &= (1u << (8 * size)) - 1;
	f4_irq_update(s, f);	/* the settle above may have ended an operation */
	return SIM_BUS_OK;
}

static int f4_reg_write(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t offset, unsigned size,
			uint32_t val)
{
	static const uint32_t keys[2] = { STM32F4_FLASH_KEY1, STM32F4_FLASH_KEY2 };
	static const uint32_t optkeys[2] = { STM32F4_FLASH_OPTKEY1, STM32F4_FLASH_OPTKEY2 };
	struct f4_flash_s *f = ctx;
	uint32_t reg = offset & ~3u, shift = 8 * (offset & 3);
	uint32_t mask = (size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1) << shift;
	uint32_t merged;

	(void)who;
	f4_settle(s, f);
	/* A byte or half-word write changes only its lanes (the HAL writes OPTCR by bytes). */
	merged = (f4_reg_value(s, f, reg) & ~mask) | ((val << shift) & mask);
	switch (reg) {
	case STM32F4_FLASH_KEYR:
		return f4_key_write(&f->key, &f->cr, STM32F4_FLASH_CR_LOCK, keys, size, val);
	case STM32F4_FLASH_OPTKEYR:
		return f4_key_write(&f->optkey, &f->optcr, STM32F4_FLASH_OPTCR_OPTLOCK, optkeys, size, val);
	case STM32F4_FLASH_ACR:
		f->acr = merged & ACR_WRITABLE;
		sim_clock_set_flash_latency(s, f->acr & STM32F4_FLASH_ACR_LATENCY_MASK);
		break;
	case STM32F4_FLASH_SR:
		f->sr &= ~((val << shift) & mask & STM32F4_FLASH_SR_W1C);
		break;
	case STM32F4_FLASH_CR:
		f4_cr_write(s, f, (merged & ~STM32F4_FLASH_CR_STRT) | ((val << shift) & mask & STM32F4_FLASH_CR_STRT));
		break;
	case STM32F4_FLASH_OPTCR:
		f4_optcr_write(s, f, (merged & ~STM32F4_FLASH_OPTCR_OPTSTRT) |
					     ((val << shift) & mask & STM32F4_FLASH_OPTCR_OPTSTRT));
		break;
	default:
		break;	/* reserved */
	}
	f4_irq_update(s, f);
	return SIM_BUS_OK;
}

/* ---- model life cycle ---- */

/* A system reset reloads the option bytes into OPTCR and locks both registers
 * (RM0368 §3.8.5 CR reset value 0x80000000, §3.8.6 OPTCR "loaded ... at reset"). */
static void f4_system_reset(struct sim *s, void *ctx)
{
	struct f4_flash_s *f = ctx;

	flash_faults_apply(&f->faults, FLASH_OP_KINDS, f->flash->data, 0, f->faults.size);
	f->acr = 0;
	sim_clock_set_flash_latency(s, 0);
	f->sr = 0;
	f->cr = STM32F4_FLASH_CR_LOCK;
	f->optcr = f->ob | STM32F4_FLASH_OPTCR_OPTLOCK;
	f->key = (struct f4_key_s){ 0 };
	f->optkey = (struct f4_key_s){ 0 };
	f->busy_until = 0;	/* a reset ends an operation in progress */
	f->op_pending = f->eop_pending = f->dw_pending = false;
	f4_irq_update(s, f);	/* flags and enables cleared: the line goes low */
}

static int f4_create(struct sim *s, const void *config, void **ctx, char *err, size_t errlen)
{
	const struct stm32f4_flash_config_s *cfg = config;
	struct f4_flash_s *f = calloc(1, sizeof(*f));
	const struct sim_periph_s regs = { "FLASH", cfg->reg_base, STM32F4_FLASH_REG_SIZE, f4_reg_read,
					   f4_reg_write, f };

	if (!f) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	*ctx = f;
	f->cfg = cfg;
	f->ob = STM32F4_FLASH_OPTCR_RESET & F4_OPTCR_FIELDS;	/* factory option bytes */
	f->flash = sim_bus_mem_at(s, cfg->flash_base);
	f->sysmem = sim_bus_mem_at(s, STM32F4_OTP_BASE);
	if (!f->flash || !f->sysmem || f->sysmem->region->base + f->sysmem->region->size < STM32F4_OTP_LOCK_BASE + 16 ||
	    f4_sector_offset(f, cfg->n_sectors) > f->flash->region->size) {
		snprintf(err, errlen, "stm32f4 flash: the board lacks the flash or OTP regions it needs");
		return -1;
	}
	f->faults.base = cfg->flash_base;
	f->faults.size = f4_sector_offset(f, cfg->n_sectors);
	if (sim_bus_add_periph(s, &regs) || sim_bus_set_writer(s, cfg->flash_base, f4_flash_write, f) ||
	    sim_bus_set_writer(s, STM32F4_OTP_BASE, f4_otp_write, f)) {
		snprintf(err, errlen, "stm32f4 flash: cannot claim its registers or memory");
		return -1;
	}
	f4_system_reset(s, f);
	return 0;
}

static void f4_destroy(struct sim *s, void *ctx)
{
	(void)s;
	free(ctx);
}

static void f4_describe(struct sim *s, void *ctx, char *buf, size_t len)
{
	struct f4_flash_s *f = ctx;

	f4_settle(s, f);
	snprintf(buf, len, "cr=0x%08x sr=0x%08x optcr=0x%08x ob=0x%08x busy=%d vpp=%d", f->cr,
		 (unsigned)f4_reg_value(s, f, STM32F4_FLASH_SR), f->optcr, f->ob, f4_busy(s, f), f->vpp);
}

const struct sim_model_s stm32f4_flash_model = {
	.name = STM32F4_FLASH_MODEL_NAME,
	.create = f4_create,
	.destroy = f4_destroy,
	.system_reset = f4_system_reset,
	.options = "rdp=N wrp=MASK nwrp=MASK bor_lev=N user=N sprmod=0|1 optcr=VALUE vpp=0|1 " FLASH_FAULTS_OPTIONS,
	.set_option = f4_set_option,
	.save = f4_save,
	.load = f4_load,
	.describe = f4_describe,
};
