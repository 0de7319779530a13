// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The NVIC (ARMv7-M B3.4, ARMv8-M B3.29 and D1.2) and the System Control Block registers
 * that hold exception state, as views onto the exception model's bitmaps (core_exc.c):
 *   ICTR 0x004        INTLINESNUM: the board's interrupt count in lines of 32
 *   ISER/ICER 0x100/0x180, ISPR/ICPR 0x200/0x280, IABR 0x300: one bit per interrupt
 *   IPR 0x400...      one byte per interrupt, the implemented (top) bits only
 *   STIR 0xF00        software trigger: pends INTID
 *   ICSR 0xD04        VECTACTIVE, RETTOBASE, VECTPENDING, ISRPENDING; PENDSV/PENDST set
 *                     and clear, NMIPENDSET
 *   SHPR1-3 0xD18     priorities of the configurable system exceptions
 *   SHCSR 0xD24       their active and pending bits (writable, as on silicon) and enables
 * Bits of interrupts the board does not have read as zero and ignore writes. ITNS (v8-M)
 * reads as zero: every interrupt targets the Secure state (see core_exc.c).
 */
#include "core_private.h"

#define NVIC_ICTR 0x004u
#define NVIC_ISER 0x100u
#define NVIC_ICER 0x180u
#define NVIC_ISPR 0x200u
#define NVIC_ICPR 0x280u
#define NVIC_IABR 0x300u
#define NVIC_ITNS 0x380u
#define NVIC_IPR 0x400u
#define NVIC_IPR_END 0x5F0u
#define NVIC_STIR 0xF00u
#define SCB_ICSR 0xD04u
#define SCB_SHPR1 0xD18u
#define SCB_SHPR3 0xD20u
#define SCB_SHCSR 0xD24u

#define ICSR_RETTOBASE (1u << 11)
#define ICSR_ISRPENDING (1u << 22)
#define ICSR_PENDSTCLR (1u << 25)
#define ICSR_PENDSTSET (1u << 26)
#define ICSR_PENDSVCLR (1u << 27)
#define ICSR_PENDSVSET (1u << 28)
#define ICSR_NMIPENDSET (1u << 31)
#define SHCSR_ENA_V7M 0x00070000u	/* MEMFAULTENA, BUSFAULTENA, USGFAULTENA */
#define SHCSR_ENA_V8M 0x000F0000u	/* + SECUREFAULTENA */

/* SHCSR bits that mirror an exception's active or pending state */
static const struct {
	uint8_t bit, exc;
	bool pending, v8m_only;
} shcsr_bits[] = {
	{ 0, CORE_VEC_MEMMANAGE, false, false },   { 1, CORE_VEC_BUSFAULT, false, false },
	{ 2, CORE_VEC_HARDFAULT, false, true },    { 3, CORE_VEC_USAGEFAULT, false, false },
	{ 4, CORE_VEC_SECUREFAULT, false, true },  { 5, CORE_VEC_NMI, false, true },
	{ 7, CORE_VEC_SVCALL, false, false },      { 8, CORE_VEC_DEBUGMON, false, false },
	{ 10, CORE_VEC_PENDSV, false, false },     { 11, CORE_VEC_SYSTICK, false, false },
	{ 12, CORE_VEC_USAGEFAULT, true, false },  { 13, CORE_VEC_MEMMANAGE, true, false },
	{ 14, CORE_VEC_BUSFAULT, true, false },    { 15, CORE_VEC_SVCALL, true, false },
	{ 20, CORE_VEC_SECUREFAULT, true, true },  { 21, CORE_VEC_HARDFAULT, true, true },
};

/* System exceptions whose priority SHPR holds (others are fixed or reserved: RAZ/WI). */
static bool has_shpr(struct sim *s, unsigned exc)
{
	switch (exc) {
	case CORE_VEC_MEMMANAGE: case CORE_VEC_BUSFAULT: case CORE_VEC_USAGEFAULT:
	case CORE_VEC_SVCALL: case CORE_VEC_DEBUGMON: case CORE_VEC_PENDSV: case CORE_VEC_SYSTICK:
		return true;
	case CORE_VEC_SECUREFAULT:
		return sim_core_is_v8m(s->board->core);
	default:
		return false;
	}
}

bool core_nvic_reg(struct sim *s, uint32_t off)
{
	return off == NVIC_ICTR || (off >= NVIC_ISER && off < NVIC_IPR_END) || off == NVIC_STIR ||
	       off == SCB_ICSR || (off >= SCB_SHPR1 && off <= SCB_SHPR3) || off == SCB_SHCSR;
}

bool core_nvic_w1(uint32_t off)
{
	return (off >= NVIC_ISER && off < NVIC_IABR) || off == SCB_ICSR;
}

/* The 32 interrupt bits of register word `word` (interrupts 32*word...) from a bitmap. */
static uint32_t irq_word(struct sim *s, const uint32_t *bits, unsigned word)
{
	const struct core_exc_s *e = &s->core->exc;
	uint32_t v = 0;

	for (unsigned i = 0; i < 32; i++) {
		unsigned exc = CORE_VEC_IRQ0 + 32 * word + i;
		if (exc < e->n && core_exc_is(bits, exc))
			v |= 1u << i;
	}
	return v;
}

/* Set (on) or clear the interrupts whose bits are 1 in val. */
static void irq_word_apply(struct sim *s, uint32_t *bits, unsigned word, uint32_t val, bool on)
{
	const struct core_exc_s *e = &s->core->exc;

	for (unsigned i = 0; i < 32; i++) {
		unsigned exc = CORE_VEC_IRQ0 + 32 * word + i;
		if (!((val >> i) & 1u) || exc >= e->n)
			continue;
		if (on)
			bits[exc / 32] |= 1u << (exc % 32);
		else
			bits[exc / 32] &= ~(1u << (exc % 32));
	}
	core_exc_update(s);
}

static uint32_t prio_word(struct sim *s, unsigned first_exc)
{
	const struct core_exc_s *e = &s->core->exc;
	uint32_t v = 0;

	for (unsigned i = 0; i < 4; i++)
		if (first_exc + i < e->n)
			v |= (uint32_t)e->prio[first_exc + i] << (8 * i);
	return v;
}

static void prio_word_write(struct sim *s, unsigned first_exc, uint32_t val, bool shpr)
{
	struct core_exc_s *e = &s->core->exc;

	for (unsigned i = 0; i < 4; i++) {
		unsigned exc = first_exc + i;
		if (exc < e->n && (!shpr || has_shpr(s, exc)))
			e->prio[exc] = (uint8_t)(val >> (8 * i)) & e->prio_mask;
	}
}

static uint32_t icsr_read(struct sim *s)
{
	const struct core_exc_s *e = &s->core->exc;
	uint32_t v = core_reg_get(s, UC_ARM_REG_XPSR) & 0x1FFu, active = 0, best = 0;
	int best_prio = 257;

	for (unsigned exc = 1; exc < e->n; exc++) {
		active += core_exc_is(e->active, exc);
		if (!core_exc_is(e->pending, exc) || !core_exc_is(e->enabled, exc))
			continue;
		int p = exc == CORE_VEC_NMI ? -2 : exc == CORE_VEC_HARDFAULT ? -1 : e->prio[exc];
		if (p < best_prio) {
			best_prio = p;
			best = exc;
		}
		if (exc >= CORE_VEC_IRQ0)
			v |= ICSR_ISRPENDING;
	}
	if (active <= 1)
		v |= ICSR_RETTOBASE;
	v |= best << 12;
	if (core_exc_is(e->pending, CORE_VEC_SYSTICK))
		v |= ICSR_PENDSTSET;
	if (core_exc_is(e->pending, CORE_VEC_PENDSV))
		v |= ICSR_PENDSVSET;
	if (core_exc_is(e->pending, CORE_VEC_NMI))
		v |= ICSR_NMIPENDSET;
	return v;
}

static void icsr_write(struct sim *s, uint32_t val)
{
	if (val & ICSR_NMIPENDSET)
		core_exc_set_pending(s, CORE_VEC_NMI, true);
	if (val & ICSR_PENDSVSET)
		core_exc_set_pending(s, CORE_VEC_PENDSV, true);
	else if (val & ICSR_PENDSVCLR)
		core_exc_set_pending(s, CORE_VEC_PENDSV, false);
	if (val & ICSR_PENDSTSET)
		core_exc_set_pending(s, CORE_VEC_SYSTICK, true);
	else if (val & ICSR_PENDSTCLR)
		core_exc_set_pending(s, CORE_VEC_SYSTICK, false);
}

static uint32_t shcsr_read(struct sim *s)
{
	const struct core_exc_s *e = &s->core->exc;
	bool v8m = sim_core_is_v8m(s->board->core);
	uint32_t v = e->shcsr_ena;

	for (size_t i = 0; i < sizeof(shcsr_bits) / sizeof(shcsr_bits[0]); i++)
		if ((v8m || !shcsr_bits[i].v8m_only) &&
		    core_exc_is(shcsr_bits[i].pending ? e->pending : e->active, shcsr_bits[i].exc))
			v |= 1u << shcsr_bits[i].bit;
	return v;
}

/* Writing the active bits changes the active state, as on silicon (used by RTOS context
 * switches and debuggers); HardFault's and NMI's (v8-M) are read-only here. */
static void shcsr_write(struct sim *s, uint32_t val)
{
	struct core_exc_s *e = &s->core->exc;
	bool v8m = sim_core_is_v8m(s->board->core);

	e->shcsr_ena = val & (v8m ? SHCSR_ENA_V8M : SHCSR_ENA_V7M);
	for (size_t i = 0; i < sizeof(shcsr_bits) / sizeof(shcsr_bits[0]); i++) {
		unsigned exc = shcsr_bits[i].exc, bit = shcsr_bits[i].bit;
		if (shcsr_bits[i].v8m_only || exc == CORE_VEC_HARDFAULT || exc == CORE_VEC_NMI)
			continue;
		uint32_t *bits = shcsr_bits[i].pending ? e->pending : e->active;
		if ((val >> bit) & 1u)
			bits[exc / 32] |= 1u << (exc % 32);
		else
			bits[exc / 32] &= ~(1u << (exc % 32));
	}
	core_exc_update(s);
}

uint32_t core_nvic_read(struct sim *s, uint32_t off)
{
	struct core_exc_s *e = &s->core->exc;
	unsigned word = (off & 0x7Fu) / 4;

	if (off == NVIC_ICTR)
		return (e->n - CORE_VEC_IRQ0 + 31) / 32 - 1;
	if (off == SCB_ICSR)
		return icsr_read(s);
	if (off >= SCB_SHPR1 && off <= SCB_SHPR3)
		return prio_word(s, 4 + (off - SCB_SHPR1));
	if (off == SCB_SHCSR)
		return shcsr_read(s);
	if (off >= NVIC_IPR)
		return off < NVIC_IPR_END ? prio_word(s, CORE_VEC_IRQ0 + (off - NVIC_IPR)) : 0;
	switch (off & ~0x7Fu) {
	case NVIC_ISER:
	case NVIC_ICER: return irq_word(s, e->enabled, word);
	case NVIC_ISPR:
	case NVIC_ICPR: return irq_word(s, e->pending, word);
	case NVIC_IABR: return irq_word(s, e->active, word);
	default: return 0;	/* ITNS, reserved */
	}
}

void core_nvic_write(struct sim *s, uint32_t off, uint32_t val)
{
	struct core_exc_s *e = &s->core->exc;
	unsigned word = (off & 0x7Fu) / 4;

	if (off == SCB_ICSR) {
		icsr_write(s, val);
	} else if (off >= SCB_SHPR1 && off <= SCB_SHPR3) {
		prio_word_write(s, 4 + (off - SCB_SHPR1), val, true);
	} else if (off == SCB_SHCSR) {
		shcsr_write(s, val);
	} else if (off == NVIC_STIR) {
		core_exc_set_pending(s, CORE_VEC_IRQ0 + (val & 0x1FFu), true);
	} else if (off >= NVIC_IPR && off < NVIC_IPR_END) {
		prio_word_write(s, CORE_VEC_IRQ0 + (off - NVIC_IPR), val, false);
	} else {
		switch (off & ~0x7Fu) {
		case NVIC_ISER: irq_word_apply(s, e->enabled, word, val, true); break;
		case NVIC_ICER: irq_word_apply(s, e->enabled, word, val, false); break;
		case NVIC_ISPR: irq_word_apply(s, e->pending, word, val, true); break;
		case NVIC_ICPR: irq_word_apply(s, e->pending, word, val, false); break;
		default: break;	/* ICTR, IABR, ITNS: read-only here */
		}
	}
	core_exc_update(s);
}
