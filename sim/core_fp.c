// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The FP context at exception entry and return, as FPCCR says (ARMv7-M B1.5.6-B1.5.8 and
 * B3.2.22 FPCCR; ARMv8-M B3.19-B3.21): with CONTROL.FPCA set, entry reserves the extended
 * frame (S0-S15, FPSCR, a reserved word after the basic frame), and
 *  - FPCCR.LSPEN = 0: S0-S15 and FPSCR are written at entry;
 *  - FPCCR.LSPEN = 1 (reset value): lazy preservation. Entry writes only the basic frame,
 *    points FPCAR at the S0 slot and sets LSPACT, with USER, THREAD and the xxRDY bits
 *    saying what the interrupted code could have taken (UpdateFPCCR). The first FP
 *    instruction executed while LSPACT is set writes S0-S15 and FPSCR to FPCAR and clears
 *    LSPACT before it executes (PreserveFPState). An exception return with an extended
 *    frame and LSPACT set clears LSPACT and leaves the registers as they are (they were
 *    never saved, so never changed); with LSPACT clear it reloads them from the frame.
 * Unicorn has no hook for "an FP instruction": the code hook calls core_fp_lazy_check()
 * while LSPACT is set (one bit test per instruction otherwise), which decodes the Thumb-2
 * coprocessor space with coprocessor 10 or 11: VFP data processing, VMOV, VLDR/VSTR,
 * VLDM/VSTM/VPUSH/VPOP, VMRS/VMSR, the FPv5 VSEL/VMAXNM/VRINT/VCVTx and VLLDM/VLSTM.
 * Not modeled: FPCCR.ASPEN = 0 (Unicorn's CPU sets CONTROL.FPCA on the first FP
 * instruction whatever this FPCCR says: its own copy is not reachable through Unicorn
 * 2.0.1), MVE instructions (Unicorn runs the M55 as an M33: no MVE), the ARMv8-M
 * Non-secure FP context (FPCCR.TS, CLRONRET/CLRONRETS, LSPENS are stored, not acted on:
 * everything runs Secure, FPCCR.S is set at lazy entry), and the permission checks of the
 * deferred writes (USER, the xxRDY bits are recorded only). A bus error during the
 * deferred save is a precise BusFault with CFSR.LSPERR at the FP instruction.
 */
#include "core_private.h"

#define FPCCR_USER (1u << 1)
#define FPCCR_S (1u << 2)		/* v8-M */
#define FPCCR_THREAD (1u << 3)
#define FPCCR_LSPEN (1u << 30)
#define FPCCR_ASPEN (1u << 31)
/* The bits UpdateFPCCR writes at each lazy entry. */
#define FPCCR_ENTRY_BITS (CORE_FPCCR_LSPACT | FPCCR_USER | FPCCR_S | FPCCR_THREAD | CORE_FPCCR_RDY_MASK)
#define FPCCR_V7M_WRITABLE 0xC000017Bu	/* ASPEN LSPEN MONRDY BFRDY MMRDY HFRDY THREAD USER LSPACT */
#define FPCCR_V8M_WRITABLE 0xFC0007FFu	/* + TS CLRONRET(S) LSPENS UFRDY SPLIMVIOL SFRDY S */
#define FP_AREA_WORDS 17u		/* S0-S15, FPSCR (the 18th word is reserved, never written) */

uint32_t core_fp_reset_fpccr(struct sim *s)
{
	/* ASPEN | LSPEN (Cortex-M4 TRM 7.1: 0xC0000000); with the Security Extension S = 1:
	 * the context belongs to the Secure state the core starts in (ARMv8-M FPCCR) ? */
	return FPCCR_ASPEN | FPCCR_LSPEN | (sim_core_is_v8m(s->board->core) ? FPCCR_S : 0);
}

void core_fp_write_fpccr(struct sim *s, uint32_t val)
{
	s->core->fpccr = val & (sim_core_is_v8m(s->board->core) ? FPCCR_V8M_WRITABLE : FPCCR_V7M_WRITABLE);
}

static void fp_regs(struct sim *s, uint32_t *w)
{
	for (unsigned i = 0; i < 16; i++)
		w[i] = core_reg_get(s, UC_ARM_REG_S0 + (int)i);
	w[16] = core_reg_get(s, UC_ARM_REG_FPSCR);
}

unsigned core_fp_push(struct sim *s, uint32_t fp_area, uint32_t *w, bool thread, bool privileged, uint32_t rdy)
{
	struct sim_core_s *c = s->core;

	if (!(c->fpccr & FPCCR_LSPEN)) {
		fp_regs(s, w);
		return FP_AREA_WORDS;
	}
	/* UpdateFPCCR (ARMv7-M B1.5.6) */
	c->fpcar = fp_area & ~7u;
	c->fpccr &= ~FPCCR_ENTRY_BITS;
	c->fpccr |= CORE_FPCCR_LSPACT | (privileged ? 0 : FPCCR_USER) | (thread ? FPCCR_THREAD : 0) |
		    (rdy & CORE_FPCCR_RDY_MASK) | (sim_core_is_v8m(s->board->core) ? FPCCR_S : 0);
	return 0;
}

void core_fp_pop(struct sim *s, const uint32_t *w)
{
	struct sim_core_s *c = s->core;

	if (c->fpccr & CORE_FPCCR_LSPACT) {
		c->fpccr &= ~CORE_FPCCR_LSPACT;	/* never saved: the registers still hold the context */
		return;
	}
	for (unsigned i = 0; i < 16; i++)
		core_reg_set(s, UC_ARM_REG_S0 + (int)i, w[i]);
	core_reg_set(s, UC_ARM_REG_FPSCR, w[16]);
}

/* Thumb-2 coprocessor, SIMD and FP space (0b111x11xx first halfword) on coprocessor 10/11. */
static bool is_fp_insn(uint16_t hw1, uint16_t hw2)
{
	return (hw1 & 0xEC00u) == 0xEC00u && ((hw2 >> 9) & 7u) == 5u;
}

void core_fp_lazy_check(struct sim *s, uint32_t addr, uint32_t size)
{
	struct sim_core_s *c = s->core;
	uint8_t b[4];
	uint32_t w[FP_AREA_WORDS];

	if (size != 4 || uc_mem_read(c->uc, addr, b, 4) != UC_ERR_OK ||
	    !is_fp_insn((uint16_t)(b[0] | b[1] << 8), (uint16_t)(b[2] | b[3] << 8)))
		return;
	/* PreserveFPState (ARMv7-M B1.5.7): LSPACT clears whether or not the writes fault. */
	fp_regs(s, w);
	c->fpccr &= ~CORE_FPCCR_LSPACT;
	for (unsigned i = 0; i < FP_AREA_WORDS; i++) {
		if (sim_bus_write(s, SIM_MASTER_CPU, c->fpcar + 4 * i, 4, w[i]) != SIM_BUS_OK) {
			core_note_fault(c, SCS_CFSR_LSPERR, 0, false, 0, "bus error saving the FP context lazily");
			return;
		}
	}
}
