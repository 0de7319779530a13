// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32L5 flash model: the register block, seen through its non-secure (0x40022000) and
 * secure (0x50022000) views. RM0438 §6.9 (registers), §6.3.5 (unlocking), §6.4.2 (option
 * bytes modification), §6.5.4 (TrustZone).
 *
 * Security, as far as the model goes (it has no HNONSEC attribute and no SAU/IDAU): the
 * view an access comes through decides. With TZEN = 1 the secure registers (SECKEYR,
 * SECSR, SECCR, SECBBxRy, SECHDPCR) answer only through the secure view, and read as zero
 * and ignore writes through the non-secure one (RAZ/WI). With TZEN = 0 they are RAZ/WI in
 * both views. Everything else is the same in both views. The option registers that only
 * secure code may change (SECWMxRy, SECBOOTADD0R) are writable through either view:
 * simplified.
 */
#include <string.h>

#include "stm32l5_flash_priv.h"

/* The register sets that drive operations (style: enum-indexed layouts, one per set). */
static const uint32_t l5_ns_regs[STM32L5_FLASH_REG_COUNT] = {
	[STM32L5_FLASH_REG_KEYR] = STM32L5_FLASH_NSKEYR,
	[STM32L5_FLASH_REG_SR] = STM32L5_FLASH_NSSR,
	[STM32L5_FLASH_REG_CR] = STM32L5_FLASH_NSCR,
};

static const uint32_t l5_s_regs[STM32L5_FLASH_REG_COUNT] = {
	[STM32L5_FLASH_REG_KEYR] = STM32L5_FLASH_SECKEYR,
	[STM32L5_FLASH_REG_SR] = STM32L5_FLASH_SECSR,
	[STM32L5_FLASH_REG_CR] = STM32L5_FLASH_SECCR,
};

static const uint32_t *const l5_layouts[2] = {
	[STM32L5_FLASH_NS] = l5_ns_regs,
	[STM32L5_FLASH_S] = l5_s_regs,
};

/* Bits software may write in NSCR / SECCR (LOCK and OPTLOCK can only be set). */
#define L5_CR_RW                                                                                       \
	(STM32L5_FLASH_CR_PG | STM32L5_FLASH_CR_PER | STM32L5_FLASH_CR_MER1 | STM32L5_FLASH_CR_PNB_MASK |  \
	 STM32L5_FLASH_CR_BKER | STM32L5_FLASH_CR_MER2 | STM32L5_FLASH_CR_EOPIE | STM32L5_FLASH_CR_ERRIE)
#define L5_SECCR_RW (L5_CR_RW | STM32L5_FLASH_SECCR_SECINV)
/* ACR: LATENCY 3:0, RUN_PD 13, SLEEP_PD 14, LVEN 15 (RM0438 §6.9.1) */
#define L5_ACR_MASK 0x0000E00Fu
#define L5_ACR_LATENCY 0xFu

/* Option-byte backed registers; factory values ? where RM0438 gives none we could read. */
const struct l5_opt_desc_s l5_opt_desc[L5_OPT_COUNT] = {
	[L5_OPT_OPTR] = { "optr", STM32L5_FLASH_OPTR, 0x9F7F77FFu, 0 /* from the board */ },
	[L5_OPT_NSBOOTADD0R] = { "nsbootadd0r", STM32L5_FLASH_NSBOOTADD0R, 0xFFFFFF80u, 0x08000000u },
	[L5_OPT_NSBOOTADD1R] = { "nsbootadd1r", STM32L5_FLASH_NSBOOTADD1R, 0xFFFFFF80u, 0x0BF90000u },
	[L5_OPT_SECBOOTADD0R] = { "secbootadd0r", STM32L5_FLASH_SECBOOTADD0R, 0xFFFFFF81u, 0x0C000000u },
	/* watermarks: the whole bank secure once TZEN is set ? (PSTRT 0, PEND 127) */
	[L5_OPT_SECWM1R1] = { "secwm1r1", STM32L5_FLASH_SECWM1R1, 0x007F007Fu, 0x007F0000u },
	[L5_OPT_SECWM1R2] = { "secwm1r2", STM32L5_FLASH_SECWM1R2, 0x807F0000u, 0 },
	/* write protection: PSTRT 127 > PEND 0, no area */
	[L5_OPT_WRP1AR] = { "wrp1ar", STM32L5_FLASH_WRP1AR, 0x007F007Fu, 0x0000007Fu },
	[L5_OPT_WRP1BR] = { "wrp1br", STM32L5_FLASH_WRP1BR, 0x007F007Fu, 0x0000007Fu },
	[L5_OPT_SECWM2R1] = { "secwm2r1", STM32L5_FLASH_SECWM2R1, 0x007F007Fu, 0x007F0000u },
	[L5_OPT_SECWM2R2] = { "secwm2r2", STM32L5_FLASH_SECWM2R2, 0x807F0000u, 0 },
	[L5_OPT_WRP2AR] = { "wrp2ar", STM32L5_FLASH_WRP2AR, 0x007F007Fu, 0x0000007Fu },
	[L5_OPT_WRP2BR] = { "wrp2br", STM32L5_FLASH_WRP2BR, 0x007F007Fu, 0x0000007Fu },
};

void l5_regs_reset(struct stm32l5_flash_s *f)
{
	/* NSCR resets to LOCK | OPTLOCK, SECCR to LOCK (RM0438 §6.9.8-6.9.9) */
	f->dom[STM32L5_FLASH_NS] = (struct l5_domain_s){ .cr = STM32L5_FLASH_CR_LOCK | STM32L5_FLASH_NSCR_OPTLOCK };
	f->dom[STM32L5_FLASH_S] = (struct l5_domain_s){ .cr = STM32L5_FLASH_CR_LOCK };
	for (unsigned i = 0; i < L5_OPT_COUNT; i++)
		f->opt_reg[i] = f->opt_loaded[i];
	f->optkey_stage = 0;
	f->optkey_lockout = false;
	f->acr = 0;
	sim_clock_set_flash_latency(f->s, 0);
	f->sechdpcr = 0;
	f->privcfgr = 0;
	memset(f->secbb, 0, sizeof(f->secbb));
	f->busy_until = 0;	/* a reset aborts a running operation */
	l5_irq_update(f, STM32L5_FLASH_NS);	/* flags and enables cleared: both lines go low */
	l5_irq_update(f, STM32L5_FLASH_S);
}

/* A secure register is reachable only through the secure view with TZEN = 1. */
static bool secure_ok(const struct l5_view_s *v)
{
	return v->secure && l5_tzen(v->f);
}

/* Which operation register (KEYR/SR/CR) of which set lives at off; false if none. */
static bool find_op_reg(uint32_t off, enum stm32l5_flash_domain_e *d, enum stm32l5_flash_reg_e *r)
{
	for (unsigned i = 0; i < 2; i++)
		for (unsigned j = 0; j < STM32L5_FLASH_REG_COUNT; j++)
			if (l5_layouts[i][j] == off) {
				*d = (enum stm32l5_flash_domain_e)i;
				*r = (enum stm32l5_flash_reg_e)j;
				return true;
			}
	return false;
}

static int find_opt(uint32_t off)
{
	for (int i = 0; i < L5_OPT_COUNT; i++)
		if (l5_opt_desc[i].offset == off)
			return i;
	return -1;
}

/* The end of an operation shows late: EOP set, STRT and OPTSTRT cleared with BSY. */
static void settle(struct stm32l5_flash_s *f, enum stm32l5_flash_domain_e d)
{
	struct l5_domain_s *dm = &f->dom[d];

	if (sim_now_ns(f->s) < dm->op_end_ns)
		return;
	dm->cr &= ~(STM32L5_FLASH_CR_STRT | STM32L5_FLASH_NSCR_OPTSTRT);
	if (dm->eop_pending)
		dm->sr |= STM32L5_FLASH_SR_EOP;
	dm->eop_pending = false;
}

/* EOP with EOPIE, OPERR with ERRIE (RM0438 §6.7 "FLASH interrupts" ?). */
void l5_irq_update(struct stm32l5_flash_s *f, enum stm32l5_flash_domain_e d)
{
	const struct l5_domain_s *dm = &f->dom[d];
	int irq = d == STM32L5_FLASH_NS ? f->cfg->irq_ns : f->cfg->irq_s;
	bool eop = (dm->sr & STM32L5_FLASH_SR_EOP) && (dm->cr & STM32L5_FLASH_CR_EOPIE);
	bool err = (dm->sr & STM32L5_FLASH_SR_OPERR) && (dm->cr & STM32L5_FLASH_CR_ERRIE);

	if (irq >= 0)
		sim_irq_set(f->s, (unsigned)irq, eop || err);
}

void l5_op_end(struct sim *s, void *ctx)
{
	struct stm32l5_flash_s *f = ctx;

	(void)s;
	for (unsigned d = 0; d < 2; d++) {
		settle(f, (enum stm32l5_flash_domain_e)d);
		l5_irq_update(f, (enum stm32l5_flash_domain_e)d);
	}
}

static uint32_t op_reg_read(struct stm32l5_flash_s *f, enum stm32l5_flash_domain_e d, enum stm32l5_flash_reg_e r)
{
	settle(f, d);
	l5_irq_update(f, d);
	switch (r) {
	case STM32L5_FLASH_REG_SR:
		/* one array: BSY shows in both status registers while anything runs */
		return f->dom[d].sr | (sim_now_ns(f->s) < f->busy_until ? STM32L5_FLASH_SR_BSY : 0);
	case STM32L5_FLASH_REG_CR:
		return f->dom[d].cr;
	default:
		return 0;	/* key registers are write-only */
	}
}

static uint32_t reg_value(struct l5_view_s *v, uint32_t off)
{
	struct stm32l5_flash_s *f = v->f;
	enum stm32l5_flash_domain_e d;
	enum stm32l5_flash_reg_e r;
	int opt;

	if (find_op_reg(off, &d, &r))
		return d == STM32L5_FLASH_S && !secure_ok(v) ? 0 : op_reg_read(f, d, r);
	opt = find_opt(off);
	if (opt >= 0)
		return f->opt_reg[opt];
	if (off >= STM32L5_FLASH_SECBB1R(1) && off <= STM32L5_FLASH_SECBB2R(4) && (off & 0x10) == 0)
		return secure_ok(v) ? f->secbb[(off - 0x80) / 0x20][(off & 0xF) / 4] : 0;
	switch (off) {
	case STM32L5_FLASH_ACR: return f->acr;
	case STM32L5_FLASH_SECHDPCR: return secure_ok(v) ? f->sechdpcr : 0;
	case STM32L5_FLASH_PRIVCFGR: return f->privcfgr;
	default: return 0;	/* key registers, ECCR (no ECC errors), reserved */
	}
}

int l5_regs_read(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t off, unsigned size, uint32_t *val)
{
	uint32_t v = reg_value(ctx, off & ~3u);

	(void)s;
	(void)who;
	v >>= 8 * (off & 3u);
	*val = size == 4 ? v : v & ((1u << (8 * size)) - 1u);
	return SIM_BUS_OK;
}

/*
 * KEYR (RM0438 §6.3.5): KEY1 then KEY2 clears LOCK. Any other value, or a key written
 * while the set is unlocked, locks the set until the next reset, and the write gets a
 * bus error (as RM0351 describes for STM32L4: "a bus error is detected and a HardFault
 * interrupt is generated"), as does every KEYR write after it.
 */
static int key_write(struct l5_domain_s *dm, uint32_t lock_bit, uint32_t val)
{
	if (dm->key_lockout)
		return SIM_BUS_ERROR;
	if (dm->cr & lock_bit) {
		if (dm->key_stage == 0 && val == STM32L5_FLASH_KEY1) {
			dm->key_stage = 1;
			return SIM_BUS_OK;
		}
		if (dm->key_stage == 1 && val == STM32L5_FLASH_KEY2) {
			dm->key_stage = 0;
			dm->cr &= ~lock_bit;
			return SIM_BUS_OK;
		}
	}
	dm->key_lockout = true;
	dm->key_stage = 0;
	return SIM_BUS_ERROR;
}

/*
 * OPTKEYR (RM0438 §6.4.2): OPTKEY1 then OPTKEY2 clears OPTLOCK, only once NSCR.LOCK is
 * clear (before that the write is ignored ?). A wrong sequence locks the options until
 * reset, with a bus error, like KEYR ?.
 */
static int optkey_write(struct stm32l5_flash_s *f, uint32_t val)
{
	struct l5_domain_s *ns = &f->dom[STM32L5_FLASH_NS];

	if (f->optkey_lockout)
		return SIM_BUS_ERROR;
	if (ns->cr & STM32L5_FLASH_CR_LOCK)
		return SIM_BUS_OK;
	if (ns->cr & STM32L5_FLASH_NSCR_OPTLOCK) {
		if (f->optkey_stage == 0 && val == STM32L5_FLASH_OPTKEY1) {
			f->optkey_stage = 1;
			return SIM_BUS_OK;
		}
		if (f->optkey_stage == 1 && val == STM32L5_FLASH_OPTKEY2) {
			f->optkey_stage = 0;
			ns->cr &= ~STM32L5_FLASH_NSCR_OPTLOCK;
			return SIM_BUS_OK;
		}
	}
	f->optkey_lockout = true;
	f->optkey_stage = 0;
	return SIM_BUS_ERROR;
}

/* OPTSTRT (RM0438 §6.4.2): the option registers go to the option bytes; OBL loads them. */
static void opt_start(struct stm32l5_flash_s *f)
{
	for (unsigned i = 0; i < L5_OPT_COUNT; i++)
		f->opt_stored[i] = f->opt_reg[i];
	f->dom[STM32L5_FLASH_NS].cr |= STM32L5_FLASH_NSCR_OPTSTRT;
	l5_charge_busy(f, STM32L5_FLASH_NS, L5_T_OPT_PROG_NS);
}

/*
 * NSCR / SECCR (RM0438 §6.9.8-6.9.9). While LOCK is set the register ignores writes.
 * LOCK and OPTLOCK can be set, not cleared (only the key sequences clear them). STRT,
 * OPTSTRT and OBL_LAUNCH act in the same write as the bits they go with.
 */
static void cr_write(struct stm32l5_flash_s *f, enum stm32l5_flash_domain_e d, uint32_t val)
{
	struct l5_domain_s *dm = &f->dom[d];
	bool ns = d == STM32L5_FLASH_NS;
	uint32_t lock_bits = STM32L5_FLASH_CR_LOCK | (ns ? STM32L5_FLASH_NSCR_OPTLOCK : 0);
	uint32_t hw_bits = STM32L5_FLASH_CR_STRT | STM32L5_FLASH_NSCR_OPTSTRT;

	settle(f, d);
	if (dm->cr & STM32L5_FLASH_CR_LOCK)
		return;
	if (!(val & STM32L5_FLASH_CR_PG))
		dm->dw.have_low = false;	/* half a double-word is dropped with PG */
	dm->cr = (val & (ns ? L5_CR_RW : L5_SECCR_RW)) | (dm->cr & (hw_bits | lock_bits)) | (val & lock_bits);
	if (val & STM32L5_FLASH_CR_STRT) {
		dm->cr |= STM32L5_FLASH_CR_STRT;
		l5_start_erase(f, d);
	}
	if (!ns || (dm->cr & STM32L5_FLASH_NSCR_OPTLOCK))
		return;
	if (val & STM32L5_FLASH_NSCR_OPTSTRT)
		opt_start(f);
	if (val & STM32L5_FLASH_NSCR_OBL_LAUNCH)
		l5_obl_launch(f);	/* resets the board: nothing of this write is left to do */
}

static int op_reg_write(struct l5_view_s *v, enum stm32l5_flash_domain_e d, enum stm32l5_flash_reg_e r,
			uint32_t val)
{
	struct stm32l5_flash_s *f = v->f;
	uint32_t w1c = STM32L5_FLASH_SR_EOP | STM32L5_FLASH_SR_ERRORS;

	if (d == STM32L5_FLASH_S && !secure_ok(v))
		return SIM_BUS_OK;	/* RAZ/WI */
	switch (r) {
	case STM32L5_FLASH_REG_KEYR:
		return key_write(&f->dom[d], STM32L5_FLASH_CR_LOCK, val);
	case STM32L5_FLASH_REG_SR:
		settle(f, d);
		if (d == STM32L5_FLASH_NS)
			w1c |= STM32L5_FLASH_NSSR_OPTWERR;
		f->dom[d].sr &= ~(val & w1c);
		l5_irq_update(f, d);
		return SIM_BUS_OK;
	case STM32L5_FLASH_REG_CR:
		cr_write(f, d, val);
		l5_irq_update(f, d);
		return SIM_BUS_OK;
	default:
		return SIM_BUS_OK;
	}
}

static void other_write(struct l5_view_s *v, uint32_t off, uint32_t val)
{
	struct stm32l5_flash_s *f = v->f;
	uint32_t nscr = f->dom[STM32L5_FLASH_NS].cr;
	int opt = find_opt(off);

	if (opt >= 0) {
		/* option registers take writes only while LOCK and OPTLOCK are clear */
		if (!(nscr & (STM32L5_FLASH_CR_LOCK | STM32L5_FLASH_NSCR_OPTLOCK)))
			f->opt_reg[opt] = val & l5_opt_desc[opt].mask;
		return;
	}
	if (off >= STM32L5_FLASH_SECBB1R(1) && off <= STM32L5_FLASH_SECBB2R(4) && (off & 0x10) == 0) {
		if (secure_ok(v))
			f->secbb[(off - 0x80) / 0x20][(off & 0xF) / 4] = val;
		return;
	}
	switch (off) {
	case STM32L5_FLASH_ACR:
		f->acr = val & L5_ACR_MASK;
		sim_clock_set_flash_latency(f->s, f->acr & L5_ACR_LATENCY);
		break;
	/* HDPx_ACCDIS can be set, not cleared, until reset (RM0438 §6.9.26) */
	case STM32L5_FLASH_SECHDPCR: if (secure_ok(v)) f->sechdpcr |= val & 3u; break;
	case STM32L5_FLASH_PRIVCFGR: f->privcfgr = val & 1u; break;
	default: break;	/* PDKEYR, LVEKEYR (power-down and LVE keys: not modeled), reserved */
	}
}

int l5_regs_write(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t off, unsigned size, uint32_t val)
{
	struct l5_view_s *v = ctx;
	enum stm32l5_flash_domain_e d;
	enum stm32l5_flash_reg_e r;

	(void)s;
	(void)who;
	if (size != 4)
		return SIM_BUS_ERROR;	/* the registers take 32-bit writes only ? */
	if (off == STM32L5_FLASH_OPTKEYR)
		return optkey_write(v->f, val);
	if (find_op_reg(off, &d, &r))
		return op_reg_write(v, d, r, val);
	other_write(v, off, val);
	return SIM_BUS_OK;
}
