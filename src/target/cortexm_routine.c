// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Running a routine in target RAM: the primitive the flash layer, qCRC and RAM loaders
 * build on. The caller has put the code (and a BKPT for it to return to) into RAM; this
 * sets the registers as an AAPCS call would see them, runs the core with interrupts
 * masked, and waits for the BKPT. Everything the user's program had in its registers is
 * put back afterwards, so a debug session can go on where it was.
 */
#include <string.h>

#include "arch/cortexm_debug.h"
#include "src/target/cortexm.h"
#include "src/target/cortexm_internal.h"

#define XPSR_THUMB (1u << 24)

/* Why the routine did not come back to its BKPT, as one sentence with registers. */
static int routine_failed(struct cortexm_s *t, uint32_t entry, const char *what)
{
	uint32_t pc = 0, cfsr = 0, hfsr = 0;
	struct error_s keep = t->err;

	if (t->halted)
		cortexm_read_reg(t, CORTEXM_PC, &pc);
	cortexm_read_u32(t, SCS_CFSR_ADDR, &cfsr);
	cortexm_read_u32(t, SCS_HFSR_ADDR, &hfsr);
	if (keep.code && keep.code != ADI_ERR_WAIT)
		t->err = keep;
	return cortexm_fail(t, ADI_ERR_WAIT, "routine at 0x%08x %s: PC 0x%08x, CFSR 0x%08x, HFSR 0x%08x", entry,
			    what, pc, cfsr, hfsr);
}

static int setup_call(struct cortexm_s *t, uint32_t entry, uint32_t stack_top, uint32_t bkpt_addr,
		      const uint32_t *args, unsigned nargs)
{
	for (unsigned i = 0; i < 4; i++)
		if (cortexm_write_reg(t, CORTEXM_R0 + i, i < nargs ? args[i] : 0))
			return -1;
	if (cortexm_write_reg(t, CORTEXM_SP, stack_top & ~7u) || cortexm_write_reg(t, CORTEXM_LR, bkpt_addr | 1u) ||
	    cortexm_write_reg(t, CORTEXM_PC, entry & ~1u) || cortexm_write_reg(t, CORTEXM_XPSR, XPSR_THUMB) ||
	    cortexm_write_reg(t, CORTEXM_PRIMASK, 1) || cortexm_write_reg(t, CORTEXM_CONTROL, 0))
		return -1;
	return 0;
}

static int restore_regs(struct cortexm_s *t, const uint32_t *saved)
{
	if (cortexm_read_all_regs(t))
		return -1;
	/* CONTROL first selects the stack pointer the saved SP belongs to. */
	for (unsigned r = 0; r < CORTEXM_REG_COUNT; r++) {
		if (!cortexm_reg_exists(t, r) || t->regs[r] == saved[r])
			continue;
		t->regs[r] = saved[r];
		t->regs_dirty[r] = true;
	}
	return cortexm_flush_regs(t);
}

int cortexm_routine_start(struct cortexm_s *t, struct cortexm_routine_s *r, uint32_t entry, uint32_t stack_top,
			  uint32_t bkpt_addr, const uint32_t *args, unsigned nargs)
{
	memset(r, 0, sizeof(*r));
	r->entry = entry;
	r->bkpt_addr = bkpt_addr;
	if (!t->halted && cortexm_halt(t))
		return -1;
	if (cortexm_read_all_regs(t))
		return -1;
	memcpy(r->saved, t->regs, sizeof(r->saved));
	r->active = true;
	if (setup_call(t, entry, stack_top, bkpt_addr, args, nargs) || cortexm_resume(t)) {
		cortexm_routine_abort(t, r);
		return -1;
	}
	return 0;
}

int cortexm_routine_check(struct cortexm_s *t, struct cortexm_routine_s *r)
{
	if (cortexm_poll(t))
		return -1;
	if (!t->halted)
		return 0;
	return 1;
}

int cortexm_routine_finish(struct cortexm_s *t, struct cortexm_routine_s *r, unsigned timeout_ms, uint32_t *r0)
{
	uint32_t pc = 0;
	int w;

	if (!r->active)
		return cortexm_fail(t, ADI_ERR_ARG, "no routine is running");
	w = cortexm_wait_halt(t, timeout_ms);
	if (w < 0)
		return -1;
	if (w == 0) {
		cortexm_halt(t);
		routine_failed(t, r->entry, "did not finish in time (timeout)");
		cortexm_routine_abort(t, r);
		return -1;
	}
	if (cortexm_read_reg(t, CORTEXM_PC, &pc) || (r0 && cortexm_read_reg(t, CORTEXM_R0, r0)))
		return -1;
	if ((pc & ~1u) != (r->bkpt_addr & ~1u)) {
		routine_failed(t, r->entry, "stopped before returning (fault or unexpected halt)");
		cortexm_routine_abort(t, r);
		return -1;
	}
	r->active = false;
	return restore_regs(t, r->saved);
}

void cortexm_routine_abort(struct cortexm_s *t, struct cortexm_routine_s *r)
{
	struct error_s keep = t->err;

	if (!r->active)
		return;
	r->active = false;
	if (!t->halted)
		cortexm_halt(t);
	restore_regs(t, r->saved);
	if (keep.code)
		t->err = keep;
}

int cortexm_run_routine(struct cortexm_s *t, uint32_t entry, uint32_t stack_top, uint32_t bkpt_addr,
			const uint32_t *args, unsigned nargs, unsigned timeout_ms, uint32_t *r0)
{
	struct cortexm_routine_s r;

	if (cortexm_routine_start(t, &r, entry, stack_top, bkpt_addr, args, nargs))
		return -1;
	return cortexm_routine_finish(t, &r, timeout_ms, r0);
}
