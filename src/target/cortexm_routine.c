// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Running a routine in target RAM: the primitive the flash layer, qCRC and RAM loaders
 * build on. The caller has put the code (and a BKPT for it to return to) into RAM; this
 * sets the registers as an AAPCS call would see them, runs the core with interrupts
 * masked, and waits for the BKPT. Everything the user's program had is put back
 * afterwards, so a debug session can go on where it was and `monitor fault` shows only
 * faults the user's program caused:
 *  - the core registers and the halt reason;
 *  - the fault status: CFSR and HFSR are write-one-to-clear, so the bits the routine set
 *    are cleared and the user's stay; MMFAR and BFAR get their values back;
 *  - DEMCR: VC_HARDERR is set while the routine runs, so a routine that faults halts at
 *    once (vector catch) instead of spinning in the user's HardFault handler until the
 *    timeout. A core that locks up (a fault the catch cannot take) ends the wait too.
 * On silicon the catch halts on HardFault entry, after stacking: the stack frame lands
 * on the routine's stack, and the HardFault stays active in the NVIC, so the next fault
 * (of the next routine, or of the user's program) would lock the core up. After a routine
 * that faulted, the active state is therefore cleared (AIRCR.VECTCLRACTIVE, which a
 * debugger may write while the core is halted); the fault is reported at the stacked PC.
 */
#include <string.h>

#include "arch/cortexm_debug.h"
#include "src/target/cortexm.h"
#include "src/target/cortexm_fault.h"
#include "src/target/cortexm_internal.h"

#define ROUTINE_LOCKED_UP 2	/* wait_routine: not halted, locked up */


/* How a routine that did not come back to its BKPT ended. */
struct routine_end_s {
	const char *why;
	uint32_t pc;
};

static int setup_call(struct cortexm_s *t, uint32_t entry, uint32_t stack_top, uint32_t bkpt_addr,
		      const uint32_t *args, unsigned nargs)
{
	for (unsigned i = 0; i < 4; i++)
		if (cortexm_write_reg(t, CORTEXM_R0 + i, i < nargs ? args[i] : 0))
			return -1;
	if (cortexm_write_reg(t, CORTEXM_SP, stack_top & ~7u) || cortexm_write_reg(t, CORTEXM_LR, bkpt_addr | 1u) ||
	    cortexm_write_reg(t, CORTEXM_PC, entry & ~1u) || cortexm_write_reg(t, CORTEXM_XPSR, CORTEXM_XPSR_T) ||
	    cortexm_write_reg(t, CORTEXM_PRIMASK, 1) || cortexm_write_reg(t, CORTEXM_CONTROL, 0))
		return -1;
	return 0;
}

/* The fault registers ride along with the register reads: no probe command of their own. */
static void queue_fault_reads(struct cortexm_s *t, uint32_t *cfsr, uint32_t *hfsr, uint32_t *mmfar, uint32_t *bfar)
{
	adi_memap_queue_read_u32(&t->ap, SCS_CFSR_ADDR, cfsr);
	adi_memap_queue_read_u32(&t->ap, SCS_HFSR_ADDR, hfsr);
	adi_memap_queue_read_u32(&t->ap, SCS_MMFAR_ADDR, mmfar);
	adi_memap_queue_read_u32(&t->ap, SCS_BFAR_ADDR, bfar);
}

static int save_state(struct cortexm_s *t, struct cortexm_routine_s *sv)
{
	adi_memap_queue_read_u32(&t->ap, SCS_DEMCR_ADDR, &sv->demcr);
	queue_fault_reads(t, &sv->cfsr, &sv->hfsr, &sv->mmfar, &sv->bfar);
	if (cortexm_read_all_regs(t) || adi_memap_flush(&t->ap, &t->err))
		return -1;
	memcpy(sv->regs, t->regs, sizeof(sv->regs));
	sv->reason = t->reason;
	sv->watch_hit_addr = t->watch_hit_addr;
	sv->watch_hit_kind = t->watch_hit_kind;
	sv->watch_hit_valid = t->watch_hit_valid;
	return 0;
}

/* No exception active any more (the routine's HardFault); AIRCR.PRIGROUP unchanged. */
static int clear_active(struct cortexm_s *t)
{
	uint32_t aircr;

	if (cortexm_read_u32(t, SCS_AIRCR_ADDR, &aircr))
		return -1;
	return cortexm_write_u32(t, SCS_AIRCR_ADDR,
				 (uint32_t)SCS_AIRCR_VECTKEY << 16 | (aircr & 0x700u) | SCS_AIRCR_VECTCLRACTIVE);
}

/*
 * Everything as the user's program left it: registers and halt reason; of the fault
 * status, the bits the routine set are cleared (write one to clear) and the address
 * registers rewritten; DEMCR. *cfsr and *hfsr receive what the routine left, for the report.
 * After a routine that faulted, no exception stays active (clear_active).
 */
static int restore_state(struct cortexm_s *t, const struct cortexm_routine_s *sv, uint32_t *cfsr, uint32_t *hfsr)
{
	uint32_t mmfar = sv->mmfar, bfar = sv->bfar;

	if ((t->reason == CORTEXM_HALT_VCATCH || t->reason == CORTEXM_HALT_LOCKUP) && clear_active(t))
		return -1;
	queue_fault_reads(t, cfsr, hfsr, &mmfar, &bfar);
	if (cortexm_read_all_regs(t) || adi_memap_flush(&t->ap, &t->err))
		return -1;
	if (*cfsr & ~sv->cfsr)
		adi_memap_queue_write_u32(&t->ap, SCS_CFSR_ADDR, *cfsr & ~sv->cfsr);
	if (*hfsr & ~sv->hfsr)
		adi_memap_queue_write_u32(&t->ap, SCS_HFSR_ADDR, *hfsr & ~sv->hfsr);
	if (mmfar != sv->mmfar)
		adi_memap_queue_write_u32(&t->ap, SCS_MMFAR_ADDR, sv->mmfar);
	if (bfar != sv->bfar)
		adi_memap_queue_write_u32(&t->ap, SCS_BFAR_ADDR, sv->bfar);
	adi_memap_queue_write_u32(&t->ap, SCS_DEMCR_ADDR, sv->demcr);
	/* CONTROL first selects the stack pointer the saved SP belongs to. */
	for (unsigned r = 0; r < CORTEXM_REG_COUNT; r++) {
		if (!cortexm_reg_exists(t, r) || t->regs[r] == sv->regs[r])
			continue;
		t->regs[r] = sv->regs[r];
		t->regs_dirty[r] = true;
	}
	/* the queued writes go out with the registers (or alone when none changed) */
	if (cortexm_flush_regs(t) || adi_memap_flush(&t->ap, &t->err))
		return -1;
	t->reason = sv->reason;
	t->watch_hit_addr = sv->watch_hit_addr;
	t->watch_hit_kind = sv->watch_hit_kind;
	t->watch_hit_valid = sv->watch_hit_valid;
	return 0;
}

/* 1 halted, ROUTINE_LOCKED_UP, 0 still running at the timeout, -1 error. */
static int wait_routine(struct cortexm_s *t, unsigned timeout_ms)
{
	int r;

	do {
		r = cortexm_wait_halt(t, timeout_ms < 10 ? timeout_ms : 10);
		if (r != 0)
			return r;
		if (t->reason == CORTEXM_HALT_LOCKUP)
			return ROUTINE_LOCKED_UP;
		timeout_ms -= timeout_ms < 10 ? timeout_ms : 10;
	} while (timeout_ms);
	return 0;
}

/* Starts the routine (state saved, DEMCR.VC_HARDERR set, registers as an AAPCS call). */
int cortexm_routine_start(struct cortexm_s *t, struct cortexm_routine_s *sv, uint32_t entry, uint32_t stack_top,
			  uint32_t bkpt_addr, const uint32_t *args, unsigned nargs)
{
	sv->active = false;
	sv->entry = entry;
	sv->bkpt_addr = bkpt_addr;
	if (!t->halted && cortexm_halt(t))
		return -1;
	if (save_state(t, sv))
		return -1;
	sv->active = true;
	/* queued: goes out with the register writes */
	adi_memap_queue_write_u32(&t->ap, SCS_DEMCR_ADDR, sv->demcr | SCS_DEMCR_VC_HARDERR);
	if (setup_call(t, entry, stack_top, bkpt_addr, args, nargs) || cortexm_resume(t)) {
		cortexm_routine_abort(t, sv);
		return -1;
	}
	return 0;
}

int cortexm_routine_call(struct cortexm_s *t, struct cortexm_routine_s *sv, uint32_t entry, uint32_t stack_top,
			 uint32_t r9, const uint32_t *args, unsigned nargs)
{
	/* the registers a call needs, written blind, then run: one probe command a call */
	static const unsigned regs[] = { CORTEXM_R0, CORTEXM_R0 + 1, CORTEXM_R0 + 2, CORTEXM_R0 + 3, CORTEXM_R0 + 9,
					 CORTEXM_SP, CORTEXM_LR, CORTEXM_PC, CORTEXM_XPSR, CORTEXM_PRIMASK };
	uint32_t vals[10], dhcsr[10];

	if (!sv->active)
		return cortexm_fail(t, ADI_ERR_ARG, "no routine session is open");
	if (!t->halted && cortexm_halt(t))
		return -1;
	/* the previous call faulted: its HardFault must not stay active for this one */
	if ((t->reason == CORTEXM_HALT_VCATCH || t->reason == CORTEXM_HALT_LOCKUP) && clear_active(t))
		return -1;
	if (cortexm_flush_regs(t))	/* nothing of the cache may be written over ours later */
		return -1;
	sv->entry = entry;
	for (unsigned i = 0; i < 4; i++)
		vals[i] = i < nargs ? args[i] : 0;
	vals[4] = r9;
	vals[5] = stack_top & ~7u;
	vals[6] = sv->bkpt_addr | 1u;
	vals[7] = entry & ~1u;
	vals[8] = CORTEXM_XPSR_T;
	vals[9] = 1;	/* PRIMASK set; BASEPRI, FAULTMASK, CONTROL 0 (the packed word) */
	cortexm_queue_reg_writes(t, regs, vals, 10, dhcsr);
	adi_memap_queue_write_u32(&t->ap, SCS_DFSR_ADDR, 0x1F);
	adi_memap_queue_write_u32(&t->ap, SCS_DHCSR_ADDR, DHCSR_KEY | SCS_DHCSR_C_DEBUGEN);
	if (adi_memap_flush(&t->ap, &t->err))
		return -1;
	t->halted = false;
	t->reason = CORTEXM_HALT_NONE;
	for (unsigned i = 0; i < 10; i++)
		if (!(dhcsr[i] & SCS_DHCSR_S_REGRDY)) {
			cortexm_halt(t);
			return cortexm_fail(t, ADI_ERR_WAIT, "register %u not written (DHCSR.S_REGRDY clear) for a call",
					    regs[i]);
		}
	return 0;
}

int cortexm_routine_check(struct cortexm_s *t, struct cortexm_routine_s *sv)
{
	(void)sv;
	if (cortexm_poll(t))
		return -1;
	return t->halted || t->reason == CORTEXM_HALT_LOCKUP ? 1 : 0;
}

/*
 * Waits for the routine: 0 when it came back to its BKPT, 1 when it did not (the core
 * halted and *end says how), -1 on an error of the debug link.
 */
static int wait_end(struct cortexm_s *t, const struct cortexm_routine_s *sv, unsigned timeout_ms,
		    struct routine_end_s *end)
{
	int r = wait_routine(t, timeout_ms);

	if (r < 0)
		return -1;
	if (r != 1) {
		end->why = r == ROUTINE_LOCKED_UP ? "locked up (a fault it could not take)" :
						    "did not finish in time (timeout)";
		if (cortexm_halt(t))
			return -1;
	} else if (t->reason == CORTEXM_HALT_VCATCH) {
		end->why = "faulted (HardFault caught)";
	} else {
		end->why = "stopped before returning (unexpected halt)";
	}
	if (cortexm_read_reg(t, CORTEXM_PC, &end->pc))
		return -1;
	if (r == 1 && (end->pc & ~1u) == (sv->bkpt_addr & ~1u))
		return 0;
	if (t->reason == CORTEXM_HALT_VCATCH) {
		char where[96];
		/* the instruction that faulted, from the HardFault frame */
		cortexm_fault_stacked_pc(t, &end->pc, where, sizeof(where));
	}
	if (r == ROUTINE_LOCKED_UP && clear_active(t))	/* the halt has replaced the reason */
		return -1;
	return 1;
}

int cortexm_routine_finish(struct cortexm_s *t, struct cortexm_routine_s *sv, unsigned timeout_ms, uint32_t *r0)
{
	struct routine_end_s end = { NULL, 0 };
	uint32_t cfsr = 0, hfsr = 0;
	struct error_s first;
	bool restored;
	int r;

	if (!sv->active)
		return cortexm_fail(t, ADI_ERR_ARG, "no routine is running");
	r = wait_end(t, sv, timeout_ms, &end);
	if (r == 0 && r0 && cortexm_read_reg(t, CORTEXM_R0, r0))
		r = -1;
	/* Put everything back, whatever happened, as long as the core is halted to take it. */
	if (!t->halted)
		return -1;
	sv->active = false;
	first = t->err;
	restored = restore_state(t, sv, &cfsr, &hfsr) == 0;
	if (r > 0)
		return cortexm_fail(t, ADI_ERR_WAIT, "routine at 0x%08x %s: PC 0x%08x, CFSR 0x%08x, HFSR 0x%08x",
				    sv->entry, end.why, end.pc, cfsr, hfsr);
	if (r < 0) {
		t->err = first;	/* the error that stopped the routine, not a later one */
		return -1;
	}
	return restored ? 0 : -1;
}

void cortexm_routine_abort(struct cortexm_s *t, struct cortexm_routine_s *sv)
{
	struct error_s keep = t->err;
	uint32_t cfsr, hfsr;

	if (!sv->active)
		return;
	sv->active = false;
	if (!t->halted && cortexm_halt(t))
		return;
	restore_state(t, sv, &cfsr, &hfsr);
	if (keep.code)
		t->err = keep;
}

int cortexm_run_routine(struct cortexm_s *t, uint32_t entry, uint32_t stack_top, uint32_t bkpt_addr,
			const uint32_t *args, unsigned nargs, unsigned timeout_ms, uint32_t *r0)
{
	struct cortexm_routine_s sv;

	if (cortexm_routine_start(t, &sv, entry, stack_top, bkpt_addr, args, nargs))
		return -1;
	return cortexm_routine_finish(t, &sv, timeout_ms, r0);
}
