// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The exception model of ARMv7-M / ARMv8-M Mainline, around Unicorn, which has none for
 * M-profile (ARMv7-M B1.5; ARMv8-M B3.9-B3.30): priorities and grouping, pending and
 * active state, exception entry (frame, EXC_RETURN, vector from VTOR), exception return,
 * tail-chaining, fault escalation to HardFault, lockup, and vector catch at handler entry.
 *
 * Where the CPU meets it (the CPU runs only inside uc_emu_start, so every entry and return
 * happens between two calls, at an instruction boundary):
 *  - a pending exception that preempts: the code hook (core_hooks.c) checks before each
 *    instruction while anything is pending (pend_any) and stops the CPU there; the run
 *    loop (core.c) then enters it with that instruction as the return address;
 *  - SVC, faults: Unicorn reports them (UC_HOOK_INTR, memory hooks) and the run loop
 *    enters SVCall or the fault's handler here;
 *  - exception return: QEMU's translator recognises a branch to an EXC_RETURN value
 *    (BX, POP/LDM/LDR to the PC) in Handler mode and raises its internal EXCP_EXCEPTION_EXIT,
 *    which Unicorn reports to UC_HOOK_INTR with the PC holding the value; the value's bit 0
 *    is in EPSR.T. QEMU decides "Handler mode" from TB flags that Unicorn caches and does not
 *    recompute when a register is written from outside, so core_exc_sync_flags() recomputes
 *    them after every change made here; should a stale block still branch to 0xFFFFFFxx,
 *    the instruction fetch there fails and the memory hook takes it as the return.
 *
 * Modeled: the basic frame, and the extended frame (S0-S15, FPSCR) when CONTROL.FPCA is
 * set, saved at entry (FPCCR.LSPEN = 0) or lazily, at the first FP instruction after entry
 * (LSPEN = 1, the reset value: FPCAR, LSPACT; see core_fp.c);
 * 8-byte frame alignment (CCR.STKALIGN, always on v8-M) recorded in xPSR bit 9; MSP/PSP per
 * CONTROL.SPSEL; NMI, HardFault, MemManage, BusFault, UsageFault, SVCall, PendSV, SysTick
 * and the board's interrupts, pended by software (ISPR, STIR) or by a model's line
 * (sim_irq_set: a level, pending whenever asserted and not active; sim_irq_pulse); PRIMASK, BASEPRI, FAULTMASK, AIRCR.PRIGROUP;
 * DHCSR.C_MASKINTS. Exception entry and return cost no modeled cycles (silicon: 12 cycles
 * of entry latency on the Cortex-M3/M4, 6 for a tail-chain; the return and the M33/M55
 * figures, and the cost of an FP frame, were not checked, so none is charged).
 * The Cortex-M55 (v8.1-M) runs on Unicorn's M33: this model applies as it is; MVE state
 * (VPR in the extended frame) is not saved, as Unicorn has no MVE.
 * Derived exceptions: a bus error while stacking enters BusFault or HardFault with the
 * frame as far as it was written (STKERR), or locks up when HardFault or NMI was being
 * entered; a failed vector read enters HardFault (VECTTBL) or, for HardFault's own
 * vector, locks up. Not modeled: late arrival, MSTKERR (no MPU),
 * SLEEPONEXIT, the Non-secure state of ARMv8-M (everything runs and is taken Secure; the
 * EXC_RETURN values are those of Secure code: S = DCRS = ES = 1, which equal v7-M's),
 * stack limit checks (MSPLIM/PSPLIM) and the IT state of an instruction interrupted
 * inside an IT block. At lockup the PC stays at the faulting instruction (silicon shows
 * 0xEFFFFFFE), so that a debugger shows where the fault happened.
 */
#include <string.h>

#include "core_private.h"

#define XPSR_T (1u << 24)
#define XPSR_ALIGN (1u << 9)		/* the frame was realigned by 4 bytes */
#define XPSR_IPSR 0x1FFu
#define XPSR_STACKED_MASK 0xFF0FFDFFu	/* the xPSR bits a frame holds (not bit 9, RES0 16-19) */
#define CONTROL_NPRIV (1u << 0)
#define CONTROL_SPSEL (1u << 1)
#define CONTROL_FPCA (1u << 2)
#define EXC_RETURN_FTYPE (1u << 4)	/* 0: extended (FP) frame */
#define EXC_RETURN_THREAD (1u << 3)
#define EXC_RETURN_PSP (1u << 2)
#define EXC_RETURN_MIN 0xFFFFFF00u	/* the branch targets QEMU treats as exception return */
#define FRAME_BASIC 0x20u
#define FRAME_EXTENDED 0x68u		/* + S0-S15, FPSCR, reserved word */
#define CCR_NONBASETHRDENA (1u << 0)
#define CCR_STKALIGN (1u << 9)
#define SHCSR_MEMFAULTENA (1u << 16)
#define SHCSR_BUSFAULTENA (1u << 17)
#define SHCSR_USGFAULTENA (1u << 18)
#define PRIO_NONE 256			/* lower than any programmable priority */

bool core_exc_is(const uint32_t *bits, unsigned exc)
{
	return (bits[exc / 32] >> (exc % 32)) & 1u;
}

static void set_bit(uint32_t *bits, unsigned exc, bool on)
{
	if (on)
		bits[exc / 32] |= 1u << (exc % 32);
	else
		bits[exc / 32] &= ~(1u << (exc % 32));
}

void core_exc_reset(struct sim *s)
{
	struct core_exc_s *e = &s->core->exc;
	unsigned irqs = s->board->nvic_irqs ? s->board->nvic_irqs : 32;
	unsigned bits = s->board->nvic_prio_bits ? s->board->nvic_prio_bits : 3;

	uint32_t level[CORE_MAX_EXC / 32];

	/* The lines are the peripherals' outputs: a core reset does not lower them. */
	memcpy(level, e->level, sizeof(level));
	*e = (struct core_exc_s){ .taken = e->taken };
	memcpy(e->level, level, sizeof(level));
	e->n = CORE_VEC_IRQ0 + (irqs > CORE_MAX_EXC - CORE_VEC_IRQ0 ? CORE_MAX_EXC - CORE_VEC_IRQ0 : irqs);
	e->prio_mask = (uint8_t)(0xFFu << (8 - bits));
}

/* Group priority: the part of a priority that decides preemption (AIRCR.PRIGROUP). */
static int group_prio(const struct sim_core_s *c, int prio)
{
	unsigned prigroup = (c->aircr >> 8) & 7u;

	if (prio < 0 || prio >= PRIO_NONE)
		return prio;
	return prio & (int)(0xFFu << (prigroup + 1) & 0xFFu);
}

static int exc_prio(const struct sim_core_s *c, unsigned exc)
{
	if (exc == CORE_VEC_NMI)
		return -2;
	if (exc == CORE_VEC_HARDFAULT)
		return -1;
	return c->exc.prio[exc];
}

/* Execution priority (ARMv7-M B1.5.4); without PRIMASK for the WFI wake-up test. */
static int exec_prio(struct sim *s, bool with_primask)
{
	struct sim_core_s *c = s->core;
	int prio = PRIO_NONE;

	for (unsigned w = 0; w < (c->exc.n + 31) / 32; w++) {
		for (uint32_t bits = c->exc.active[w]; bits; bits &= bits - 1) {
			int p = group_prio(c, exc_prio(c, w * 32 + (unsigned)__builtin_ctz(bits)));
			if (p < prio)
				prio = p;
		}
	}
	uint32_t basepri = core_reg_get(s, UC_ARM_REG_BASEPRI) & c->exc.prio_mask;
	if (basepri && group_prio(c, (int)basepri) < prio)
		prio = group_prio(c, (int)basepri);
	if (with_primask && (core_reg_get(s, UC_ARM_REG_PRIMASK) & 1u) && prio > 0)
		prio = 0;
	if ((core_reg_get(s, UC_ARM_REG_FAULTMASK) & 1u) && prio > -1)
		prio = -1;
	return prio;
}

/* Halting debug masks PendSV, SysTick and interrupts (DHCSR.C_MASKINTS). */
static bool masked_by_debug(const struct sim_core_s *c, unsigned exc)
{
	return (c->dhcsr_ctrl & SCS_DHCSR_C_DEBUGEN) && (c->dhcsr_ctrl & SCS_DHCSR_C_MASKINTS) &&
	       exc >= CORE_VEC_PENDSV;
}

/* The pending exception taken next: the highest priority, then the lowest number; 0 if none. */
static unsigned best_pending(struct sim *s, int *prio)
{
	struct sim_core_s *c = s->core;
	unsigned best = 0;
	int best_prio = PRIO_NONE + 1;

	for (unsigned w = 0; w < (c->exc.n + 31) / 32; w++) {
		for (uint32_t bits = c->exc.pending[w] & c->exc.enabled[w]; bits; bits &= bits - 1) {
			unsigned exc = w * 32 + (unsigned)__builtin_ctz(bits);
			int p = exc_prio(c, exc);
			if (!masked_by_debug(c, exc) && p < best_prio) {
				best = exc;
				best_prio = p;
			}
		}
	}
	*prio = best_prio;
	return best;
}

void core_exc_update(struct sim *s)
{
	struct core_exc_s *e = &s->core->exc;
	bool any = false;

	/* System exceptions have no enable bit here: pending means takeable. */
	e->enabled[0] |= 0xFFFFu;
	for (unsigned w = 0; w < (e->n + 31) / 32; w++) {
		/* An asserted level line pends its interrupt whenever it is not active: after
		 * the handler returns, after software cleared the pending bit (ICPR). */
		e->pending[w] |= e->level[w] & ~e->active[w];
		any |= (e->pending[w] & e->enabled[w]) != 0;
	}
	e->pend_any = any;
}

static bool irq_exists(struct sim *s, unsigned irq)
{
	if (!s->core)
		return false;	/* a model resetting before the core exists: nothing to drive yet */
	if (irq < s->core->exc.n - CORE_VEC_IRQ0)
		return true;
	sim_log(s, "core: a model drove IRQ %u, which this board's NVIC does not have (%u interrupts)", irq,
		s->core->exc.n - CORE_VEC_IRQ0);
	return false;
}

void sim_irq_set(struct sim *s, unsigned irq, bool level)
{
	if (!irq_exists(s, irq))
		return;
	set_bit(s->core->exc.level, CORE_VEC_IRQ0 + irq, level);
	core_exc_update(s);
}

void sim_irq_pulse(struct sim *s, unsigned irq)
{
	if (irq_exists(s, irq))
		core_exc_set_pending(s, CORE_VEC_IRQ0 + irq, true);
}

void core_exc_set_pending(struct sim *s, unsigned exc, bool pending)
{
	if (exc >= s->core->exc.n)
		return;
	set_bit(s->core->exc.pending, exc, pending);
	core_exc_update(s);
}

void core_exc_clear_active(struct sim *s)
{
	struct core_exc_s *e = &s->core->exc;
	uint32_t xpsr = core_reg_get(s, UC_ARM_REG_XPSR);

	for (unsigned w = 0; w < CORE_MAX_EXC / 32; w++)
		e->active[w] = 0;
	core_exc_set_state(s, core_reg_get(s, UC_ARM_REG_CONTROL), core_reg_get(s, UC_ARM_REG_MSP),
			   core_reg_get(s, UC_ARM_REG_PSP), xpsr & ~XPSR_IPSR);
}

bool core_exc_ready(struct sim *s)
{
	int prio;

	if (!s->core->exc.pend_any || !best_pending(s, &prio))
		return false;
	return group_prio(s->core, prio) < exec_prio(s, true);
}

bool core_exc_wakes(struct sim *s)
{
	int prio;

	if (!s->core->exc.pend_any || !best_pending(s, &prio))
		return false;
	return group_prio(s->core, prio) < exec_prio(s, false);
}

/* ---- processor state: Unicorn's view of modes and stacks ---- */

void core_exc_sync_flags(struct sim *s)
{
	/* Writing APSR.NZCV is the one register write after which Unicorn 2.0.1 recomputes
	 * its cached TB flags (arm_rebuild_hflags); the value written is the one it has. */
	core_reg_set(s, UC_ARM_REG_APSR_NZCV, core_reg_get(s, UC_ARM_REG_APSR_NZCV));
}

/*
 * QEMU ignores CONTROL writes from unprivileged Thread mode, ignores SPSEL writes in
 * Handler mode on v7-M, and swaps its banked SP when the mode or SPSEL changes. So: go
 * to privileged Thread mode by way of Handler mode, set CONTROL and both stack pointers
 * there, and enter the final mode with the xPSR write last.
 */
void core_exc_set_state(struct sim *s, uint32_t control, uint32_t msp, uint32_t psp, uint32_t xpsr)
{
	core_reg_set(s, UC_ARM_REG_IPSR, CORE_VEC_HARDFAULT);
	core_reg_set(s, UC_ARM_REG_CONTROL, control & ~CONTROL_NPRIV);
	core_reg_set(s, UC_ARM_REG_IPSR, 0);
	core_reg_set(s, UC_ARM_REG_CONTROL, control & ~CONTROL_NPRIV);
	core_reg_set(s, UC_ARM_REG_MSP, msp);
	core_reg_set(s, UC_ARM_REG_PSP, psp);
	core_reg_set(s, UC_ARM_REG_CONTROL, control);
	core_reg_set(s, UC_ARM_REG_XPSR_NZCVQG, xpsr);	/* IPSR, EPSR, APSR with GE */
	core_exc_sync_flags(s);
}

static bool frame_aligned_8(struct sim *s)
{
	return sim_core_is_v8m(s->board->core) || (s->core->ccr & CCR_STKALIGN);
}

static bool write_frame(struct sim *s, uint32_t at, const uint32_t *w, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (sim_bus_write(s, SIM_MASTER_CPU, at + 4 * i, 4, w[i]) != SIM_BUS_OK)
			return false;
	return true;
}

static bool read_frame(struct sim *s, uint32_t at, uint32_t *w, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (sim_bus_read(s, SIM_MASTER_CPU, at + 4 * i, 4, &w[i]) != SIM_BUS_OK)
			return false;
	return true;
}

static const int frame_regs[8] = {
	UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3, UC_ARM_REG_R12, UC_ARM_REG_LR,
};

/*
 * Which faults the interrupted code could take, for FPCCR's xxRDY bits at a lazy entry
 * (UpdateFPCCR, ARMv7-M B1.5.6; ARMv8-M adds UsageFault and SecureFault).
 */
static uint32_t fp_ready_bits(struct sim *s)
{
	struct sim_core_s *c = s->core;
	int now = exec_prio(s, true);
	uint32_t rdy = now > -1 ? CORE_FPCCR_HFRDY : 0;
	static const struct {
		unsigned exc;
		uint32_t ena, bit;
	} faults[] = {
		{ CORE_VEC_MEMMANAGE, SHCSR_MEMFAULTENA, CORE_FPCCR_MMRDY },
		{ CORE_VEC_BUSFAULT, SHCSR_BUSFAULTENA, CORE_FPCCR_BFRDY },
		{ CORE_VEC_USAGEFAULT, SHCSR_USGFAULTENA, CORE_FPCCR_UFRDY },
	};

	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		if ((c->exc.shcsr_ena & faults[i].ena) && group_prio(c, exc_prio(c, faults[i].exc)) < now &&
		    (faults[i].bit != CORE_FPCCR_UFRDY || sim_core_is_v8m(s->board->core)))
			rdy |= faults[i].bit;
	if ((c->demcr & SCS_DEMCR_MON_EN) && group_prio(c, exc_prio(c, CORE_VEC_DEBUGMON)) < now)
		rdy |= CORE_FPCCR_MONRDY;
	return rdy;
}

/*
 * PushStack (ARMv7-M B1.5.6): the frame on the stack in use, EXC_RETURN for LR. Returns
 * false when a write failed (the stack pointer has moved all the same).
 */
static bool push_frame(struct sim *s, uint32_t ret_addr, uint32_t *exc_return)
{
	uint32_t xpsr = core_reg_get(s, UC_ARM_REG_XPSR), control = core_reg_get(s, UC_ARM_REG_CONTROL);
	bool handler = (xpsr & XPSR_IPSR) != 0, psp = !handler && (control & CONTROL_SPSEL);
	bool fp = (control & CONTROL_FPCA) != 0;
	uint32_t sp = core_reg_get(s, psp ? UC_ARM_REG_PSP : UC_ARM_REG_MSP);
	uint32_t size = fp ? FRAME_EXTENDED : FRAME_BASIC, w[FRAME_EXTENDED / 4] = { 0 };
	uint32_t frame = sp - size;

	if (frame_aligned_8(s) && (frame & 4u)) {
		frame &= ~7u;
		xpsr |= XPSR_ALIGN;
	} else {
		xpsr &= ~XPSR_ALIGN;
	}
	for (unsigned i = 0; i < 6; i++)
		w[i] = core_reg_get(s, frame_regs[i]);
	w[6] = ret_addr & ~1u;
	w[7] = xpsr;
	/* the FP area is written now, or reserved for lazy preservation (core_fp.c) */
	unsigned words = FRAME_BASIC / 4;
	if (fp)
		words += core_fp_push(s, frame + FRAME_BASIC, &w[FRAME_BASIC / 4], !handler,
				      handler || !(control & CONTROL_NPRIV), fp_ready_bits(s));
	core_reg_set(s, psp ? UC_ARM_REG_PSP : UC_ARM_REG_MSP, frame);
	*exc_return = 0xFFFFFFE1u | (fp ? 0 : EXC_RETURN_FTYPE) | (handler ? 0 : EXC_RETURN_THREAD) |
		      (psp ? EXC_RETURN_PSP : 0);
	return write_frame(s, frame, w, words);
}

static uint32_t vc_for(struct sim_core_s *c, unsigned exc)
{
	uint32_t ufsr = c->fault_cfsr;

	switch (exc) {
	case CORE_VEC_HARDFAULT: return SCS_DEMCR_VC_HARDERR;
	case CORE_VEC_MEMMANAGE: return SCS_DEMCR_VC_MMERR;
	case CORE_VEC_BUSFAULT: return SCS_DEMCR_VC_BUSERR;
	case CORE_VEC_USAGEFAULT:
		if (ufsr & SCS_CFSR_NOCP)
			return SCS_DEMCR_VC_NOCPERR;
		if (ufsr & (SCS_CFSR_UNALIGNED | SCS_CFSR_DIVBYZERO))
			return SCS_DEMCR_VC_CHKERR;
		if (ufsr & SCS_CFSR_INVPC)
			return SCS_DEMCR_VC_INTERR;
		return SCS_DEMCR_VC_STATERR;
	default: return 0;
	}
}

static void lockup(struct sim *s, const char *why)
{
	sim_log(s, "core: lockup: %s (CFSR 0x%08x HFSR 0x%08x)", why, s->core->cfsr, s->core->hfsr);
	s->core->lockup = true;
}

static void enter(struct sim *s, unsigned exc, uint32_t ret_addr, bool tail_chain, bool fault);

/* The vector read failed: HardFault (HFSR.VECTTBL), or lockup for HardFault's and NMI's own. */
static void vector_fault(struct sim *s, uint32_t ret_addr, unsigned entering)
{
	struct sim_core_s *c = s->core;

	c->hfsr |= SCS_HFSR_VECTTBL;
	if (entering == CORE_VEC_HARDFAULT || entering == CORE_VEC_NMI || exec_prio(s, true) < 0) {
		lockup(s, "vector table read failed");
		return;
	}
	enter(s, CORE_VEC_HARDFAULT, ret_addr, true, true);	/* the frame is on the stack already */
}

/*
 * A bus error while stacking (STKERR) is a derived exception: BusFault when it is enabled
 * and can preempt, else HardFault (FORCED), entered with the frame as far as it was
 * written. A derived HardFault cannot preempt the HardFault or NMI being entered: lockup
 * (returns 0), which is also where a core starting from erased flash ends up.
 */
static unsigned stacking_fault(struct sim *s, unsigned exc)
{
	struct sim_core_s *c = s->core;

	c->cfsr |= SCS_CFSR_STKERR;
	c->fault_cfsr = SCS_CFSR_STKERR;
	if (exc == CORE_VEC_HARDFAULT || exc == CORE_VEC_NMI || exec_prio(s, true) < 0) {
		lockup(s, "bus error stacking for HardFault or NMI");
		return 0;
	}
	if ((c->exc.shcsr_ena & SHCSR_BUSFAULTENA) &&
	    group_prio(c, exc_prio(c, CORE_VEC_BUSFAULT)) < exec_prio(s, true))
		return CORE_VEC_BUSFAULT;
	c->hfsr |= SCS_HFSR_FORCED;
	return CORE_VEC_HARDFAULT;
}

/* ExceptionTaken (ARMv7-M B1.5.6): stack (unless tail-chaining), vector, Handler mode. */
static void enter(struct sim *s, unsigned exc, uint32_t ret_addr, bool tail_chain, bool fault)
{
	struct sim_core_s *c = s->core;
	uint32_t exc_return = core_reg_get(s, UC_ARM_REG_LR), vector = 0;

	if (!tail_chain && !push_frame(s, ret_addr, &exc_return)) {
		unsigned derived = stacking_fault(s, exc);
		if (!derived)
			return;
		fault |= derived != exc;
		exc = derived;
	}
	if (sim_bus_read(s, SIM_MASTER_CPU, c->vtor + 4 * exc, 4, &vector) != SIM_BUS_OK) {
		core_reg_set(s, UC_ARM_REG_LR, exc_return);
		vector_fault(s, ret_addr, exc);
		return;
	}
	uint32_t control = core_reg_get(s, UC_ARM_REG_CONTROL) & ~(CONTROL_SPSEL | CONTROL_FPCA);
	uint32_t xpsr = (core_reg_get(s, UC_ARM_REG_XPSR) & 0xF80F0000u) | ((vector & 1u) ? XPSR_T : 0) | exc;
	core_exc_set_state(s, control, core_reg_get(s, UC_ARM_REG_MSP), core_reg_get(s, UC_ARM_REG_PSP), xpsr);
	core_reg_set(s, UC_ARM_REG_LR, exc_return);
	core_set_pc(s, vector);
	set_bit(c->exc.active, exc, true);
	set_bit(c->exc.pending, exc, false);
	core_exc_update(s);
	c->exc.taken++;
	c->sleeping = false;
	if (fault && (c->dhcsr_ctrl & SCS_DHCSR_C_DEBUGEN) && (c->demcr & vc_for(c, exc))) {
		sim_log(s, "core: vector catch on exception %u at 0x%08x", exc, vector & ~1u);
		core_halt(s, SCS_DFSR_VCATCH);
	}
}

bool core_exc_take_pending(struct sim *s)
{
	int prio;

	if (!core_exc_ready(s))
		return false;
	enter(s, best_pending(s, &prio), core_reg_get(s, UC_ARM_REG_PC), false, false);
	return true;
}

/* Which exception reports a fault: by the CFSR part it set, HardFault otherwise. */
static unsigned fault_exception(uint32_t cfsr, uint32_t *ena)
{
	if (cfsr & 0xFFu) {
		*ena = SHCSR_MEMFAULTENA;
		return CORE_VEC_MEMMANAGE;
	}
	if (cfsr & 0xFF00u) {
		*ena = SHCSR_BUSFAULTENA;
		return CORE_VEC_BUSFAULT;
	}
	if (cfsr & 0xFFFF0000u) {
		*ena = SHCSR_USGFAULTENA;
		return CORE_VEC_USAGEFAULT;
	}
	*ena = 0;
	return CORE_VEC_HARDFAULT;
}

void core_exc_fault(struct sim *s, uint32_t ret_addr)
{
	struct sim_core_s *c = s->core;
	uint32_t ena, hfsr = c->fault_hfsr;
	unsigned exc = fault_exception(c->fault_cfsr, &ena);
	int now = exec_prio(s, true);

	c->cfsr |= c->fault_cfsr;
	if (c->fault_addr_valid) {
		if (c->fault_cfsr & 0xFFu)
			c->mmfar = c->fault_addr;
		else
			c->bfar = c->fault_addr;
	}
	/* A configurable fault that is disabled or cannot preempt escalates (B1.5.7). */
	if (exc != CORE_VEC_HARDFAULT && (!(c->exc.shcsr_ena & ena) || group_prio(c, exc_prio(c, exc)) >= now)) {
		exc = CORE_VEC_HARDFAULT;
		hfsr |= SCS_HFSR_FORCED;
	} else if (exc == CORE_VEC_HARDFAULT && !hfsr) {
		hfsr = SCS_HFSR_FORCED;	/* a fault with no CFSR bit of its own (an emulator error) */
	}
	c->hfsr |= hfsr;
	char where[32] = "";
	if (c->fault_addr_valid)
		snprintf(where, sizeof(where), ", address 0x%08x", c->fault_addr);
	sim_log(s, "core: %s at pc 0x%08x%s: CFSR 0x%08x HFSR 0x%08x, exception %u", c->fault_what, ret_addr, where,
		c->cfsr, c->hfsr, exc);
	/* HardFault cannot preempt at priority -1 or -2: lockup (B1.5.15), at the faulting insn. */
	if (exc == CORE_VEC_HARDFAULT && now < 0) {
		core_set_pc(s, ret_addr);
		lockup(s, "fault at priority -1 or -2 (in HardFault or NMI, or FAULTMASK set)");
		return;
	}
	enter(s, exc, ret_addr, false, true);
}

void core_exc_svc(struct sim *s, uint32_t ret_addr)
{
	struct sim_core_s *c = s->core;

	/* SVC is synchronous: it must be taken now, else it escalates to HardFault. */
	if (group_prio(c, exc_prio(c, CORE_VEC_SVCALL)) < exec_prio(s, true)) {
		enter(s, CORE_VEC_SVCALL, ret_addr, false, false);
		return;
	}
	c->fault_cfsr = 0;
	c->fault_hfsr = SCS_HFSR_FORCED;
	c->fault_addr_valid = false;
	c->fault_what = "SVC at a priority that cannot take it";
	core_exc_fault(s, ret_addr);
}

bool core_exc_is_return(struct sim *s, uint32_t addr)
{
	return addr >= EXC_RETURN_MIN && (core_reg_get(s, UC_ARM_REG_XPSR) & XPSR_IPSR) != 0;
}

static unsigned active_count(const struct core_exc_s *e)
{
	unsigned n = 0;

	for (unsigned w = 0; w < (e->n + 31) / 32; w++)
		n += (unsigned)__builtin_popcount(e->active[w]);
	return n;
}

static void return_fault(struct sim *s, uint32_t cfsr, const char *what)
{
	struct sim_core_s *c = s->core;

	c->fault_cfsr = cfsr;
	c->fault_hfsr = 0;
	c->fault_addr_valid = false;
	c->fault_what = what;
	core_exc_fault(s, c->cur_pc);	/* the instruction that returned */
}

/* Unstack a frame (PopStack, ARMv7-M B1.5.8) and resume the code it belongs to. */
static void pop_frame(struct sim *s, uint32_t exc_return)
{
	bool thread = exc_return & EXC_RETURN_THREAD, psp = thread && (exc_return & EXC_RETURN_PSP);
	bool fp = !(exc_return & EXC_RETURN_FTYPE);
	uint32_t msp = core_reg_get(s, UC_ARM_REG_MSP), psp_v = core_reg_get(s, UC_ARM_REG_PSP);
	uint32_t sp = psp ? psp_v : msp, size = fp ? FRAME_EXTENDED : FRAME_BASIC, w[FRAME_EXTENDED / 4];
	/* PopStack reads the FP area only when it was saved: with LSPACT still set it holds
	 * nothing, and the registers are the context (core_fp_pop) */
	uint32_t words = fp && !(s->core->fpccr & CORE_FPCCR_LSPACT) ? FRAME_EXTENDED / 4 : FRAME_BASIC / 4;

	if (!read_frame(s, sp, w, words)) {
		return_fault(s, SCS_CFSR_UNSTKERR, "bus error unstacking an exception frame");
		return;
	}
	if (thread != ((w[7] & XPSR_IPSR) == 0)) {
		return_fault(s, SCS_CFSR_INVPC, "exception return to a mode the frame's IPSR contradicts");
		return;
	}
	sp += size;
	if (frame_aligned_8(s) && (w[7] & XPSR_ALIGN))
		sp |= 4u;
	for (unsigned i = 0; i < 6; i++)
		core_reg_set(s, frame_regs[i], w[i]);
	if (fp)
		core_fp_pop(s, &w[FRAME_BASIC / 4]);
	uint32_t control = core_reg_get(s, UC_ARM_REG_CONTROL) & ~(CONTROL_SPSEL | CONTROL_FPCA);
	control |= (psp ? CONTROL_SPSEL : 0) | (fp ? CONTROL_FPCA : 0);
	core_exc_set_state(s, control, psp ? msp : sp, psp ? sp : psp_v, w[7] & XPSR_STACKED_MASK);
	core_set_pc(s, w[6]);
}

/* ExceptionReturn (ARMv7-M B1.5.8): deactivate, tail-chain or unstack. */
void core_exc_return(struct sim *s, uint32_t exc_return)
{
	struct sim_core_s *c = s->core;
	unsigned exc = core_reg_get(s, UC_ARM_REG_XPSR) & XPSR_IPSR;
	uint32_t base = exc_return | EXC_RETURN_FTYPE;

	if (base != 0xFFFFFFF1u && base != 0xFFFFFFF9u && base != 0xFFFFFFFDu) {
		return_fault(s, SCS_CFSR_INVPC, "exception return with a reserved EXC_RETURN value");
		return;
	}
	if (exc >= c->exc.n || !core_exc_is(c->exc.active, exc)) {
		return_fault(s, SCS_CFSR_INVPC, "exception return from an exception that is not active");
		return;
	}
	if ((exc_return & EXC_RETURN_THREAD) && active_count(&c->exc) > 1 && !(c->ccr & CCR_NONBASETHRDENA)) {
		return_fault(s, SCS_CFSR_INVPC, "exception return to Thread mode with other exceptions active");
		return;
	}
	set_bit(c->exc.active, exc, false);
	if (exc != CORE_VEC_NMI)
		core_reg_set(s, UC_ARM_REG_FAULTMASK, 0);
	core_exc_update(s);
	/*
	 * Tail-chaining: a pending exception that preempts what the frame would return to is
	 * entered now, with the frame left on the stack and the same EXC_RETURN in LR. The
	 * priority is judged with the returning exception no longer active.
	 */
	int prio;
	unsigned next = best_pending(s, &prio);
	if (next && group_prio(c, prio) < exec_prio(s, true)) {
		core_reg_set(s, UC_ARM_REG_LR, exc_return);
		enter(s, next, 0, true, false);
		return;
	}
	pop_frame(s, exc_return);
}
