// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DCRSR.REGSEL: which core register a debugger transfer through DCRDR reaches
 * (ARMv7-M C1.6.3 "Debug Core Register Selector Register", ARMv8-M D1.2.6; selector values
 * cross-checked with OpenOCD's src/target/armv7m.h).
 *
 * ARMv8-M Security Extension: Unicorn 2.0.1 exposes only the registers of the current
 * Security state (the M33 model runs Secure after reset), not the Non-secure banks nor the
 * stack limit registers. The Secure selectors therefore reach the live registers and the
 * Non-secure ones and the MSPLIM/PSPLIM registers are shadows that keep what a debugger
 * writes; the CPU does not use them (no stack limit checking, no Non-secure code).
 */
#include "core_private.h"

enum core_regsel_e {
	REGSEL_R0 = 0x00,
	REGSEL_R12 = 0x0C,
	REGSEL_SP = 0x0D,
	REGSEL_LR = 0x0E,
	REGSEL_PC = 0x0F,	/* DebugReturnAddress */
	REGSEL_XPSR = 0x10,
	REGSEL_MSP = 0x11,
	REGSEL_PSP = 0x12,
	REGSEL_SPECIAL = 0x14,	/* CONTROL[31:24] FAULTMASK[23:16] BASEPRI[15:8] PRIMASK[7:0] */
	REGSEL_MSP_NS = 0x18,	/* v8-M from here to 0x1F */
	REGSEL_PSP_NS = 0x19,
	REGSEL_MSP_S = 0x1A,
	REGSEL_PSP_S = 0x1B,
	REGSEL_MSPLIM_S = 0x1C,
	REGSEL_PSPLIM_S = 0x1D,
	REGSEL_MSPLIM_NS = 0x1E,
	REGSEL_PSPLIM_NS = 0x1F,
	REGSEL_FPSCR = 0x21,
	REGSEL_SPECIAL_S = 0x22,	/* v8-M */
	REGSEL_SPECIAL_NS = 0x23,	/* v8-M */
	REGSEL_S0 = 0x40,
	REGSEL_S31 = 0x5F,
};

/* Selectors that map one-to-one onto a Unicorn register; -1 if not. */
static int simple_reg(struct sim *s, unsigned sel)
{
	bool v8m = sim_core_is_v8m(s->board->core);

	if (sel <= REGSEL_R12)
		return UC_ARM_REG_R0 + (int)sel;
	/* All boards modeled have an FPU (M4F, M33 and M55 with FP): S0-S31 and FPSCR exist. */
	if (sel >= REGSEL_S0 && sel <= REGSEL_S31)
		return UC_ARM_REG_S0 + (int)(sel - REGSEL_S0);
	switch (sel) {
	case REGSEL_SP: return UC_ARM_REG_SP;
	case REGSEL_LR: return UC_ARM_REG_LR;
	case REGSEL_PC: return UC_ARM_REG_PC;
	case REGSEL_XPSR: return UC_ARM_REG_XPSR;
	case REGSEL_MSP: return UC_ARM_REG_MSP;
	case REGSEL_PSP: return UC_ARM_REG_PSP;
	case REGSEL_FPSCR: return UC_ARM_REG_FPSCR;
	case REGSEL_MSP_S: return v8m ? UC_ARM_REG_MSP : -1;
	case REGSEL_PSP_S: return v8m ? UC_ARM_REG_PSP : -1;
	default: return -1;
	}
}

/* The v8-M shadows, or NULL. */
static uint32_t *shadow_reg(struct sim *s, unsigned sel)
{
	struct core_v8m_shadow_s *v = &s->core->v8m;

	if (!sim_core_is_v8m(s->board->core))
		return NULL;
	switch (sel) {
	case REGSEL_MSP_NS: return &v->msp_ns;
	case REGSEL_PSP_NS: return &v->psp_ns;
	case REGSEL_MSPLIM_S: return &v->msplim_s;
	case REGSEL_PSPLIM_S: return &v->psplim_s;
	case REGSEL_MSPLIM_NS: return &v->msplim_ns;
	case REGSEL_PSPLIM_NS: return &v->psplim_ns;
	case REGSEL_SPECIAL_NS: return &v->special_ns;
	default: return NULL;
	}
}

static bool is_special(struct sim *s, unsigned sel)
{
	return sel == REGSEL_SPECIAL || (sel == REGSEL_SPECIAL_S && sim_core_is_v8m(s->board->core));
}

static uint32_t special_get(struct sim *s)
{
	return (core_reg_get(s, UC_ARM_REG_CONTROL) & 0xFFu) << 24 | (core_reg_get(s, UC_ARM_REG_FAULTMASK) & 1u) << 16 |
	       (core_reg_get(s, UC_ARM_REG_BASEPRI) & 0xFFu) << 8 | (core_reg_get(s, UC_ARM_REG_PRIMASK) & 1u);
}

static void special_set(struct sim *s, uint32_t v)
{
	core_reg_set(s, UC_ARM_REG_PRIMASK, v & 1u);
	core_reg_set(s, UC_ARM_REG_BASEPRI, (v >> 8) & 0xFFu);
	core_reg_set(s, UC_ARM_REG_FAULTMASK, (v >> 16) & 1u);
	core_reg_set(s, UC_ARM_REG_CONTROL, (v >> 24) & 0xFFu);
}

int core_dcrsr_read(struct sim *s, unsigned sel, uint32_t *val)
{
	int r = simple_reg(s, sel);
	uint32_t *sh = shadow_reg(s, sel);

	if (r >= 0)
		*val = core_reg_get(s, r);
	else if (sh)
		*val = *sh;
	else if (is_special(s, sel))
		*val = special_get(s);
	else
		return -1;
	return 0;
}

int core_dcrsr_write(struct sim *s, unsigned sel, uint32_t val)
{
	int r = simple_reg(s, sel);
	uint32_t *sh = shadow_reg(s, sel);

	if (sel == REGSEL_PC) {
		core_set_pc(s, val);	/* bit 0 is ignored: EPSR.T is written through xPSR */
		return 0;
	}
	if (sel == REGSEL_MSP || sel == REGSEL_PSP || sel == REGSEL_MSP_S || sel == REGSEL_PSP_S ||
	    sel == REGSEL_SP)
		val &= ~3u;	/* stack pointers are word aligned, bits [1:0] read as zero */
	if (sel == REGSEL_XPSR)
		r = UC_ARM_REG_XPSR_NZCVQG;	/* Unicorn's XPSR selector leaves GE[3:0] out of a write */
	if (r >= 0)
		core_reg_set(s, r, val);
	else if (sh)
		*sh = val;
	else if (is_special(s, sel))
		special_set(s, val);
	else
		return -1;
	return 0;
}
