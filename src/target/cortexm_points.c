// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Breakpoints and watchpoints.
 *
 * Hardware breakpoints use the FPB. FPB v1 (ARMv7-M C1.11) compares bits [28:2] of
 * addresses in the code region only (below 0x20000000) and picks the half-word with
 * REPLACE; FPB v2 (ARMv8-M B14) takes any address, BPADDR[31:1] with BE in bit 0.
 * Software breakpoints replace a half-word in RAM with BKPT #0 (0xBE00); a 32-bit
 * instruction only needs its first half-word replaced.
 * Watchpoints use DWT comparators: ARMv7-M with COMP/MASK/FUNCTION (the range must be
 * a naturally aligned power of two), ARMv8-M with MATCH/ACTION/DATAVSIZE (1, 2 or 4 bytes).
 */
#include <string.h>

#include "arch/cortexm_debug.h"
#include "src/target/cortexm.h"
#include "src/target/cortexm_internal.h"

#define THUMB_BKPT 0xBE00u
/* DEVARCH.PRESENT, ARCHVER and ARCHPART; REVISION (bits 19:16) is left out on purpose:
 * v2.0 (ARMv8-M) and v2.1 (ARMv8.1-M, e.g. Cortex-M55) share the programming model. */
#define DWT_DEVARCH_V8M_MASK 0x0010FFFFu
#define DWT_DEVARCH_V8M 0x00101A02u

int cortexm_points_discover(struct cortexm_s *t)
{
	uint32_t fp_ctrl = 0, dwt_ctrl = 0, devarch = 0;

	if (cortexm_read_u32(t, FPB_BASE + FPB_CTRL, &fp_ctrl) ||
	    cortexm_read_u32(t, DWT_BASE + DWT_CTRL, &dwt_ctrl) ||
	    cortexm_read_u32(t, DWT_BASE + DWT_DEVARCH, &devarch))
		return -1;
	t->fpb_code = FPB_CTRL_NUM_CODE(fp_ctrl);
	t->fpb_lit = FPB_CTRL_NUM_LIT(fp_ctrl);
	t->fpb_rev = FPB_CTRL_REV(fp_ctrl);
	if (t->fpb_code > CORTEXM_MAX_FPB)
		t->fpb_code = CORTEXM_MAX_FPB;
	t->dwt_num = dwt_ctrl >> DWT_CTRL_NUMCOMP_SHIFT;
	if (t->dwt_num > CORTEXM_MAX_DWT)
		t->dwt_num = CORTEXM_MAX_DWT;
	t->dwt_v8 = t->v8m && (devarch & DWT_DEVARCH_V8M_MASK) == DWT_DEVARCH_V8M;
	/* Enable the FPB (KEY must be written as 1) and the DWT (DEMCR.TRCENA). */
	uint32_t demcr = 0;
	if (cortexm_write_u32(t, FPB_BASE + FPB_CTRL, FPB_CTRL_KEY | FPB_CTRL_ENABLE) ||
	    cortexm_read_u32(t, SCS_DEMCR_ADDR, &demcr) ||
	    cortexm_write_u32(t, SCS_DEMCR_ADDR, demcr | SCS_DEMCR_TRCENA))
		return -1;
	memset(t->bps, 0, sizeof(t->bps));
	memset(t->wps, 0, sizeof(t->wps));
	/* Comparators left enabled by a previous session would stop the core unexpectedly. */
	for (unsigned i = 0; i < t->fpb_code; i++)
		if (cortexm_write_u32(t, FPB_BASE + FPB_COMP0 + 4 * i, 0))
			return -1;
	for (unsigned i = 0; i < t->dwt_num; i++)
		if (cortexm_write_u32(t, DWT_BASE + DWT_FUNCTION(i), 0))
			return -1;
	return 0;
}

bool cortexm_hw_breakpoint_reaches(const struct cortexm_s *t, uint32_t addr)
{
	return t->fpb_rev >= 1 || addr < FPB_V1_CODE_LIMIT;
}

static uint32_t fpb_comp_value(const struct cortexm_s *t, uint32_t addr)
{
	if (t->fpb_rev >= 1)
		return (addr & ~1u) | FPB_COMP_ENABLE;
	return (addr & FPB_V1_COMP_MASK) | ((addr & 2) ? FPB_V1_REPLACE_UPPER : FPB_V1_REPLACE_LOWER) |
	       FPB_COMP_ENABLE;
}

static struct cortexm_bp_s *bp_find(struct cortexm_s *t, uint32_t addr, bool hw)
{
	for (unsigned i = 0; i < CORTEXM_MAX_SWBP; i++)
		if (t->bps[i].used && t->bps[i].addr == addr && t->bps[i].hw == hw)
			return &t->bps[i];
	return NULL;
}

/* Rewrite all FPB comparators from the table: simplest way to keep slots consistent. */
static int fpb_sync(struct cortexm_s *t)
{
	unsigned slot = 0;

	for (unsigned i = 0; i < CORTEXM_MAX_SWBP; i++) {
		if (!t->bps[i].used || !t->bps[i].hw)
			continue;
		if (cortexm_write_u32(t, FPB_BASE + FPB_COMP0 + 4 * slot, fpb_comp_value(t, t->bps[i].addr)))
			return -1;
		slot++;
	}
	for (; slot < t->fpb_code; slot++)
		if (cortexm_write_u32(t, FPB_BASE + FPB_COMP0 + 4 * slot, 0))
			return -1;
	return 0;
}

static unsigned hw_bp_count(const struct cortexm_s *t)
{
	unsigned n = 0;

	for (unsigned i = 0; i < CORTEXM_MAX_SWBP; i++)
		n += t->bps[i].used && t->bps[i].hw;
	return n;
}

int cortexm_add_breakpoint(struct cortexm_s *t, uint32_t addr, unsigned len, bool hw)
{
	struct cortexm_bp_s *bp = NULL;

	if (bp_find(t, addr, hw))
		return 0;	/* GDB may insert the same breakpoint twice */
	for (unsigned i = 0; i < CORTEXM_MAX_SWBP && !bp; i++)
		if (!t->bps[i].used)
			bp = &t->bps[i];
	if (!bp)
		return cortexm_fail(t, ADI_ERR_ARG, "too many breakpoints (%u)", CORTEXM_MAX_SWBP);
	if (hw) {
		if (!cortexm_hw_breakpoint_reaches(t, addr))
			return cortexm_fail(t, ADI_ERR_ARG,
					    "FPB v1 of the %s cannot break at 0x%08x: only addresses below 0x20000000",
					    t->core_name, addr);
		if (hw_bp_count(t) >= t->fpb_code)
			return cortexm_fail(t, ADI_ERR_ARG, "all %u hardware breakpoints (FPB comparators) are in use",
					    t->fpb_code);
	}
	*bp = (struct cortexm_bp_s){ .used = true, .addr = addr & ~1u, .len = len, .hw = hw };
	if (hw)
		return fpb_sync(t);
	uint8_t bkpt[2] = { THUMB_BKPT & 0xFF, THUMB_BKPT >> 8 };
	if (cortexm_read_mem(t, bp->addr, bp->saved, 2) || cortexm_write_mem(t, bp->addr, bkpt, 2)) {
		bp->used = false;
		return -1;
	}
	uint16_t check = 0;
	if (cortexm_read_mem(t, bp->addr, &check, 2) || check != THUMB_BKPT) {
		bp->used = false;
		return cortexm_fail(t, ADI_ERR_ARG,
				    "cannot place a software breakpoint at 0x%08x: the memory is not writable (flash?)",
				    bp->addr);
	}
	return 0;
}

int cortexm_remove_breakpoint(struct cortexm_s *t, uint32_t addr, unsigned len, bool hw)
{
	struct cortexm_bp_s *bp = bp_find(t, addr & ~1u, hw);

	(void)len;
	if (!bp)
		return 0;
	bp->used = false;
	if (hw)
		return fpb_sync(t);
	return cortexm_write_mem(t, bp->addr, bp->saved, 2);
}

/* ---- watchpoints ---- */

static int dwt_program(struct cortexm_s *t, unsigned n, const struct cortexm_wp_s *wp)
{
	uint32_t function, mask = 0;

	if (t->dwt_v8) {
		static const uint32_t match[] = { [CORTEXM_WATCH_WRITE] = DWT_V8M_MATCH_DADDR_W,
						  [CORTEXM_WATCH_READ] = DWT_V8M_MATCH_DADDR_R,
						  [CORTEXM_WATCH_ACCESS] = DWT_V8M_MATCH_DADDR_RW };
		uint32_t datavsize = wp->len == 4 ? 2 : wp->len == 2 ? 1 : 0;
		function = match[wp->kind] | DWT_V8M_ACTION_DEBUG | datavsize << DWT_V8M_DATAVSIZE_SHIFT;
	} else {
		static const uint32_t func[] = { [CORTEXM_WATCH_WRITE] = DWT_V7M_FUNC_WRITE,
						 [CORTEXM_WATCH_READ] = DWT_V7M_FUNC_READ,
						 [CORTEXM_WATCH_ACCESS] = DWT_V7M_FUNC_ACCESS };
		function = func[wp->kind];
		while ((1u << mask) < wp->len)
			mask++;
	}
	if (cortexm_write_u32(t, DWT_BASE + DWT_COMP(n), wp->addr))
		return -1;
	if (!t->dwt_v8 && cortexm_write_u32(t, DWT_BASE + DWT_MASK(n), mask))
		return -1;
	return cortexm_write_u32(t, DWT_BASE + DWT_FUNCTION(n), function);
}

int cortexm_add_watchpoint(struct cortexm_s *t, uint32_t addr, unsigned len, enum cortexm_watch_e kind)
{
	bool pow2 = len && !(len & (len - 1));

	if (!pow2 || addr % len || (t->dwt_v8 && len > 4) || len > 32768)
		return cortexm_fail(t, ADI_ERR_ARG,
				    "watchpoint 0x%08x+%u: the DWT of the %s watches naturally aligned %s only", addr,
				    len, t->core_name, t->dwt_v8 ? "1, 2 or 4 bytes" : "power-of-two ranges");
	for (unsigned n = 0; n < t->dwt_num; n++) {
		if (t->wps[n].used)
			continue;
		t->wps[n] = (struct cortexm_wp_s){ .used = true, .addr = addr, .len = len, .kind = kind };
		if (dwt_program(t, n, &t->wps[n])) {
			t->wps[n].used = false;
			return -1;
		}
		return 0;
	}
	return cortexm_fail(t, ADI_ERR_ARG, "all %u watchpoints (DWT comparators) are in use", t->dwt_num);
}

int cortexm_remove_watchpoint(struct cortexm_s *t, uint32_t addr, unsigned len, enum cortexm_watch_e kind)
{
	for (unsigned n = 0; n < t->dwt_num; n++) {
		struct cortexm_wp_s *wp = &t->wps[n];
		if (wp->used && wp->addr == addr && wp->len == len && wp->kind == kind) {
			wp->used = false;
			return cortexm_write_u32(t, DWT_BASE + DWT_FUNCTION(n), 0);
		}
	}
	return 0;
}

const struct cortexm_bp_s *cortexm_breakpoint_at(const struct cortexm_s *t, uint32_t addr)
{
	for (unsigned i = 0; i < CORTEXM_MAX_SWBP; i++)
		if (t->bps[i].used && t->bps[i].addr == (addr & ~1u))
			return &t->bps[i];
	return NULL;
}

int cortexm_watch_hit(struct cortexm_s *t)
{
	t->watch_hit_addr = 0;
	t->watch_hit_valid = false;
	for (unsigned n = 0; n < t->dwt_num; n++) {
		uint32_t function = 0;
		if (!t->wps[n].used)
			continue;
		/* MATCHED clears when FUNCTION is read: read each comparator once. */
		if (cortexm_read_u32(t, DWT_BASE + DWT_FUNCTION(n), &function))
			return -1;
		if (function & DWT_FUNCTION_MATCHED) {
			t->watch_hit_addr = t->wps[n].addr;
			t->watch_hit_kind = t->wps[n].kind;
			t->watch_hit_valid = true;
		}
	}
	return 0;
}

void cortexm_clear_all_points(struct cortexm_s *t)
{
	for (unsigned i = 0; i < CORTEXM_MAX_SWBP; i++)
		if (t->bps[i].used)
			cortexm_remove_breakpoint(t, t->bps[i].addr, t->bps[i].len, t->bps[i].hw);
	for (unsigned n = 0; n < t->dwt_num; n++)
		if (t->wps[n].used)
			cortexm_remove_watchpoint(t, t->wps[n].addr, t->wps[n].len, t->wps[n].kind);
}

/*
 * A step from an address that holds a breakpoint would stop again without moving (the
 * FPB matches before the instruction executes; a BKPT is the instruction). Lift it for
 * the one step and put it back afterwards.
 */
int cortexm_step_over_prepare(struct cortexm_s *t)
{
	uint32_t pc = 0;

	t->lifted.active = false;
	if (cortexm_read_reg(t, CORTEXM_PC, &pc))
		return -1;
	for (int hw = 0; hw < 2; hw++) {
		struct cortexm_bp_s *bp = bp_find(t, pc, hw);
		if (!bp)
			continue;
		t->lifted = (struct cortexm_lifted_bp_s){ .active = true, .addr = pc, .len = bp->len, .hw = hw };
		return cortexm_remove_breakpoint(t, pc, bp->len, hw);
	}
	return 0;
}

int cortexm_step_over_finish(struct cortexm_s *t)
{
	if (!t->lifted.active)
		return 0;
	t->lifted.active = false;
	return cortexm_add_breakpoint(t, t->lifted.addr, t->lifted.len, t->lifted.hw);
}
