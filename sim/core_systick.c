// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SysTick, the 24-bit down counter of the System Control Space (ARMv7-M B3.3, ARMv8-M
 * B11.1): SYST_CSR 0xE000E010 (ENABLE bit 0, TICKINT 1, CLKSOURCE 2, COUNTFLAG 16),
 * SYST_RVR 0x014 (RELOAD), SYST_CVR 0x018 (CURRENT), SYST_CALIB 0x01C.
 *
 * What firmware and vendor flash loaders observe (ST's ExtMemLoader keeps HAL_GetTick with
 * CLKSOURCE|ENABLE and no interrupt, counting COUNTFLAG reads of 1):
 *  - the counter decrements once per core cycle (CLKSOURCE = 1) or once per 8 (CLKSOURCE =
 *    0: the STM32 reference clock is HCLK/8 ?); it counts only cycles the core executes,
 *    so it stands still while the core is halted in Debug state (ARMv7-M B3.3.1);
 *  - on reaching 0 it sets COUNTFLAG and reloads RVR on the next tick: a period of
 *    RVR + 1 ticks; RVR = 0 stops it at 0 without setting COUNTFLAG again;
 *  - COUNTFLAG clears when the CPU reads SYST_CSR or anyone writes SYST_CVR; a CVR write
 *    also clears the counter. Debugger reads leave COUNTFLAG alone (the Cortex-M TRMs clear
 *    it only for AHB-AP accesses with CSW.MasterType = core, which this AP does not make).
 *  - with TICKINT, reaching 0 pends the SysTick exception (core_exc.c); the run loop ends
 *    each uc_emu_start at the next such wrap (core_systick_cycles_to_irq), so the
 *    exception is taken at the instruction boundary where the counter reaches 0;
 *  - the counter also counts the cycles the core spends asleep in WFI (core.c), which is
 *    how a SysTick interrupt wakes it.
 *
 * Idle-loop fast-forward (core_ff.c): a loop polling COUNTFLAG must cost modeled time, not
 * hours of emulation. A CSR read that returns COUNTFLAG = 0 changes nothing, so such an
 * iteration stays eligible; the read schedules the next wrap as an event, and fast-forward
 * stops short of it, so the iteration that sees COUNTFLAG = 1 runs for real (that read
 * clears the flag: a side effect, which keeps it out of fast-forward, like DWT MATCHED).
 * A CVR read differs from one iteration to the next, so it also marks the loop not idle.
 */
#include "core_private.h"

#define SYST_CSR 0x010u
#define SYST_RVR 0x014u
#define SYST_CVR 0x018u
#define SYST_CALIB 0x01Cu

#define SYST_CSR_ENABLE (1u << 0)
#define SYST_CSR_TICKINT (1u << 1)
#define SYST_CSR_CLKSOURCE (1u << 2)
#define SYST_CSR_COUNTFLAG (1u << 16)
#define SYST_COUNT_MASK 0x00FFFFFFu
/* CALIB: a reference clock exists (NOREF = 0), TENMS unknown (0), so SKEW = 1 ? */
#define SYST_CALIB_VALUE 0x40000000u
#define SYST_REF_DIV 8u		/* CLKSOURCE = 0: core cycles per tick ? */
#define SYST_NEVER UINT64_MAX

bool core_systick_reg(uint32_t off)
{
	return off >= SYST_CSR && off <= SYST_CALIB;
}

/* Core cycles executed since power-on, up to the instruction executing now. */
static uint64_t core_cycles(const struct sim *s)
{
	const struct sim_core_s *c = s->core;
	return s->timing.instructions + c->slept + (c->in_emu ? c->executed : 0);
}

static uint64_t cycles_per_tick(const struct core_systick_s *t)
{
	return (t->csr & SYST_CSR_CLKSOURCE) ? 1u : SYST_REF_DIV;
}

/* Ticks after the base at which the counter reaches 0 for the first time (from 1). */
static uint64_t first_zero(const struct core_systick_s *t)
{
	if (t->cvr)
		return t->cvr;
	return t->rvr ? (uint64_t)t->rvr + 1 : SYST_NEVER;
}

static uint32_t value_after(const struct core_systick_s *t, uint64_t ticks)
{
	if (ticks <= t->cvr)
		return (uint32_t)(t->cvr - ticks);
	if (!t->rvr)
		return 0;
	return t->rvr - (uint32_t)((ticks - t->cvr - 1) % ((uint64_t)t->rvr + 1));
}

/* Bring CVR and COUNTFLAG up to now and move the base here (whole ticks only). */
static void systick_sync(struct sim *s)
{
	struct core_systick_s *t = &s->core->systick;
	uint64_t now = core_cycles(s), div = cycles_per_tick(t);

	if (!(t->csr & SYST_CSR_ENABLE) || now < t->base_cycles) {
		t->base_cycles = now;
		return;
	}
	uint64_t ticks = (now - t->base_cycles) / div;
	if (ticks >= first_zero(t)) {
		t->countflag = true;
		if (t->csr & SYST_CSR_TICKINT)
			core_exc_set_pending(s, CORE_VEC_SYSTICK, true);
	}
	t->cvr = value_after(t, ticks);
	t->base_cycles += ticks * div;
}

void core_systick_poll(struct sim *s)
{
	systick_sync(s);
}

uint64_t core_systick_cycles_to_irq(struct sim *s)
{
	struct core_systick_s *t = &s->core->systick;
	uint64_t zero = first_zero(t);

	if ((t->csr & (SYST_CSR_ENABLE | SYST_CSR_TICKINT)) != (SYST_CSR_ENABLE | SYST_CSR_TICKINT) ||
	    zero == SYST_NEVER)
		return UINT64_MAX;
	uint64_t at = t->base_cycles + zero * cycles_per_tick(t), now = core_cycles(s);
	return at > now ? at - now : 1;
}

/* Inside a run slice: the next wrap is an event the idle-loop fast-forward must not cross. */
static void systick_schedule_wrap(struct sim *s)
{
	struct core_systick_s *t = &s->core->systick;
	uint64_t zero = first_zero(t);

	if (!s->timing.in_slice || !(t->csr & SYST_CSR_ENABLE) || zero == SYST_NEVER)
		return;
	uint64_t at = t->base_cycles + zero * cycles_per_tick(t), now = core_cycles(s);
	sim_schedule_event(s, sim_slice_time_ns(s, core_slice_executed(s) + (at - now)));
}

uint32_t core_systick_read(struct sim *s, enum sim_bus_master_e who, uint32_t off, bool side_effects)
{
	struct sim_core_s *c = s->core;
	struct core_systick_s *t = &c->systick;
	bool cpu = who == SIM_MASTER_CPU && side_effects;
	uint32_t v;

	systick_sync(s);
	switch (off) {
	case SYST_CSR:
		v = t->csr | (t->countflag ? SYST_CSR_COUNTFLAG : 0);
		if (cpu && t->countflag) {
			t->countflag = false;
			core_ff_dirty(c);	/* a read that clears: not an idle loop */
		}
		if (cpu)
			systick_schedule_wrap(s);
		return v;
	case SYST_RVR: return t->rvr;
	case SYST_CVR:
		if (cpu && (t->csr & SYST_CSR_ENABLE))
			core_ff_dirty(c);	/* a running counter: no two iterations read the same */
		return t->cvr;
	case SYST_CALIB: return SYST_CALIB_VALUE;
	default: return 0;
	}
}

void core_systick_write(struct sim *s, uint32_t off, uint32_t val)
{
	struct core_systick_s *t = &s->core->systick;

	systick_sync(s);	/* what counted before this write counts at the old settings */
	switch (off) {
	case SYST_CSR: t->csr = val & (SYST_CSR_ENABLE | SYST_CSR_TICKINT | SYST_CSR_CLKSOURCE); break;
	case SYST_RVR: t->rvr = val & SYST_COUNT_MASK; break;
	case SYST_CVR:
		t->cvr = 0;
		t->countflag = false;
		break;
	default: break;	/* CALIB is read-only */
	}
	core_budget_changed(s);	/* the current run was sized to the old next interrupt */
}

/* System reset: CSR = 0 (ARMv7-M B3.3.3); RVR and CVR are UNKNOWN on silicon, 0 here. */
void core_systick_reset(struct sim *s)
{
	struct core_systick_s *t = &s->core->systick;

	t->csr = t->rvr = t->cvr = 0;
	t->countflag = false;
	t->base_cycles = core_cycles(s);
}
