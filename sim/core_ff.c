// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Idle-loop fast-forward. A flash loader spends most of its modeled time polling: BSY,
 * or a ring buffer the debugger fills between run slices. Emulating every iteration costs
 * wall-clock time and changes nothing, so when the CPU provably spins, whole iterations
 * are skipped and counted as executed (instruction counter, DWT_CYCCNT, the clock), which
 * leaves every figure exactly as it would have been.
 *
 * Provably spinning: one iteration of the loop, from its head back to its head, in one
 * run slice (the debugger acts only between slices),
 *  - ends with the state it started with: R0-R12, SP, MSP, PSP, LR, xPSR (flags, IT
 *    state), CONTROL, PRIMASK, BASEPRI, FAULTMASK;
 *  - changed nothing else: no store, no FP or coprocessor instruction (FP registers are
 *    not compared), no MSR/CPS/hint that leaves or changes state; no peripheral write and
 *    no peripheral read with a side effect (sim_note_side_effect);
 *  - and the models it read do not change by themselves before the skipped iterations end:
 *    they are cut at the first scheduled event (sim_schedule_event, sim_flash_busy) after
 *    the examined iteration began.
 * Then the next iteration starts from the same registers, memory and peripheral state,
 * so it is the same iteration, and so are all the ones after it up to that event or the
 * slice's end. Fast-forward is off while a DWT data comparator watches (every access
 * would have to be checked) and while stepping (one instruction).
 *
 * Cost: a backward jump (a PC at or below the previous one) marks a candidate loop head;
 * only after it has been reached CORE_FF_FIRST_CHECK times in a row is one iteration
 * examined (register snapshot, its instructions decoded), and a loop that fails the
 * examination is examined again after twice as many visits.
 */
#include <stdlib.h>
#include <string.h>

#include "core_private.h"

static const int ff_regs[CORE_FF_NREGS] = {
	UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3, UC_ARM_REG_R4, UC_ARM_REG_R5,
	UC_ARM_REG_R6, UC_ARM_REG_R7, UC_ARM_REG_R8, UC_ARM_REG_R9, UC_ARM_REG_R10, UC_ARM_REG_R11,
	UC_ARM_REG_R12, UC_ARM_REG_SP, UC_ARM_REG_LR, UC_ARM_REG_XPSR, UC_ARM_REG_MSP, UC_ARM_REG_PSP,
	UC_ARM_REG_CONTROL, UC_ARM_REG_PRIMASK, UC_ARM_REG_BASEPRI, UC_ARM_REG_FAULTMASK,
};

void core_ff_init(struct sim *s)
{
	const char *e = getenv("RSPFLASH_SIM_NO_FASTFORWARD");

	s->core->ff.disabled = e && *e && strcmp(e, "0") != 0;
}

void core_ff_slice_start(struct sim *s)
{
	struct core_ff_s *ff = &s->core->ff;

	/* The debugger may have changed anything since the last slice: start over. */
	ff->prev_pc = 0;
	ff->head = 1;	/* no Thumb instruction is at an odd address */
	ff->visits = 0;
	ff->checking = false;
}

static void ff_read_regs(struct sim_core_s *c, uint32_t *out)
{
	int regs[CORE_FF_NREGS];
	void *ptrs[CORE_FF_NREGS];

	for (int i = 0; i < CORE_FF_NREGS; i++) {
		regs[i] = ff_regs[i];
		ptrs[i] = &out[i];
		out[i] = 0;
	}
	uc_reg_read_batch(c->uc, regs, ptrs, CORE_FF_NREGS);
}

/*
 * Whether a Thumb instruction may change state that the register comparison does not see
 * (ARMv7-M A5.2, A5.3; ARMv8-M C2.2). Conservative: a false "yes" only costs speed.
 */
static bool insn_may_change(uint16_t hw1, uint16_t hw2, uint32_t size)
{
	if (size == 2) {
		return (hw1 & 0xF800u) == 0x5000u ||	/* STR, STRH (register) */
		       (hw1 & 0xFE00u) == 0x5400u ||	/* STRB (register) */
		       (hw1 & 0xE800u) == 0x6000u ||	/* STR, STRB (immediate) */
		       (hw1 & 0xF800u) == 0x8000u ||	/* STRH (immediate) */
		       (hw1 & 0xF800u) == 0x9000u ||	/* STR (SP-relative) */
		       (hw1 & 0xFE00u) == 0xB400u ||	/* PUSH */
		       (hw1 & 0xF800u) == 0xC000u ||	/* STM */
		       (hw1 & 0xFFE8u) == 0xB660u ||	/* CPS */
		       (hw1 & 0xFF00u) == 0xDE00u ||	/* UDF, SVC: faults */
		       (hw1 & 0xFF00u) == 0xDF00u ||
		       (hw1 & 0xFF00u) == 0xBE00u ||	/* BKPT */
		       ((hw1 & 0xFF0Fu) == 0xBF00u && hw1 != 0xBF00u);	/* hints but NOP (WFI, WFE, SEV) */
	}
	return ((hw1 & 0xFE00u) == 0xE800u && !(hw1 & 0x10u)) ||	/* STM, STRD, STREX, TT */
	       (hw1 & 0xFF10u) == 0xF800u ||	/* STR, STRB, STRH (all forms) */
	       (hw1 & 0xEC00u) == 0xEC00u ||	/* coprocessor, FP */
	       ((hw1 & 0xFFE0u) == 0xF380u && (hw2 & 0xD000u) == 0x8000u) ||	/* MSR */
	       ((hw1 & 0xFFF0u) == 0xF7F0u && (hw2 & 0xF000u) == 0xA000u);	/* UDF.W */
}

/* Decode an instruction of the examined iteration. */
void core_ff_inspect(struct sim *s, uint32_t addr, uint32_t size)
{
	struct sim_core_s *c = s->core;
	uint8_t b[4];

	if ((size != 2 && size != 4) || uc_mem_read(c->uc, addr, b, size) != UC_ERR_OK) {
		c->ff.clean = false;
		return;
	}
	uint16_t hw1 = (uint16_t)(b[0] | b[1] << 8);
	uint16_t hw2 = size == 4 ? (uint16_t)(b[2] | b[3] << 8) : 0;
	if (insn_may_change(hw1, hw2, size))
		c->ff.clean = false;
}

/* Skip whole iterations of len instructions, up to the first event and the budget. */
static void ff_skip(struct sim *s, uint64_t len, uint64_t checked_from)
{
	struct sim_core_s *c = s->core;
	uint64_t now_k = c->slice_done + c->executed;
	uint64_t limit = c->budget > c->executed ? c->budget - c->executed : 0;
	uint64_t next;

	/* reads of the examined iteration saw the state after every event up to its start */
	if (!sim_next_event_after(s, sim_slice_time_ns(s, checked_from), &next))
		return;
	if (next != UINT64_MAX) {
		uint64_t kmax = sim_slice_insns_before(s, next);
		if (kmax <= now_k)
			return;
		if (kmax - now_k < limit)
			limit = kmax - now_k;
	}
	uint64_t n = limit / len * len;
	c->executed += n;
	c->ff.skipped += n;
}

/* The CPU came back to the loop head: examine, or skip after a clean examination. */
static void ff_at_head(struct sim *s, uint64_t k)
{
	struct sim_core_s *c = s->core;
	struct core_ff_s *ff = &c->ff;
	uint64_t len = k - ff->head_at, from = ff->head_at;

	ff->head_at = k;
	ff->visits++;
	if (ff->checking) {
		uint32_t regs[CORE_FF_NREGS];
		ff->checking = false;
		ff_read_regs(c, regs);
		if (ff->clean && len && len <= CORE_FF_MAX_LEN && !memcmp(regs, ff->regs, sizeof(regs))) {
			ff_skip(s, len, from);
			ff->visits = 0;
			return;
		}
		if (ff->next_check < CORE_FF_MAX_CHECK)
			ff->next_check *= 2;
		ff->visits = 0;
		return;
	}
	if (ff->visits < ff->next_check || ff->disabled || c->data_hook_on || c->stepping)
		return;
	ff_read_regs(c, ff->regs);
	ff->checking = true;
	ff->clean = true;
}

/* A backward jump (core_ff_insn): back at the loop head, or a new candidate head. */
void core_ff_backward(struct sim *s, uint32_t addr)
{
	struct sim_core_s *c = s->core;
	struct core_ff_s *ff = &c->ff;
	uint64_t k = c->slice_done + c->executed;

	if (addr == ff->head) {
		ff_at_head(s, k);
		return;
	}
	ff->head = addr;
	ff->head_at = k;
	ff->visits = 0;
	ff->next_check = CORE_FF_FIRST_CHECK;
	ff->checking = false;
}

void core_note_side_effect(struct sim *s)
{
	core_ff_dirty(s->core);
}
