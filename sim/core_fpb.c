// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Flash Patch and Breakpoint unit at 0xE0002000: hardware breakpoints.
 * Version 1 (ARMv7-M C1.11, Cortex-M4): FP_COMPn.COMP[28:2] holds a word address in the
 * Code region (below 0x20000000), REPLACE[31:30] says which halfword breaks (01 lower,
 * 10 upper, 11 both; 00 remaps, which is not modeled), ENABLE is bit 0.
 * Version 2 (ARMv8-M B14, Cortex-M33, FP_CTRL.REV = 1): FP_COMPn.BPADDR[31:1] is the
 * halfword address anywhere, BE (bit 0) enables it.
 * FP_CTRL.ENABLE changes only when the same write sets KEY (bit 1). Only the first
 * NUM_CODE comparators break; literal comparators only remap data.
 */
#include <string.h>

#include "core_private.h"
#include "romtable.h"

#define FPB_ID_FIRST 0xFBCu

#define FPB_CTRL_REV_V2 (1u << 28)

static unsigned fpb_num(const struct sim *s)
{
	unsigned n = s->board->fpb_code_comparators + s->board->fpb_literal_comparators;
	return n < CORE_MAX_FPB ? n : CORE_MAX_FPB;
}

static uint32_t fpb_ctrl(const struct sim *s)
{
	unsigned code = s->board->fpb_code_comparators, lit = s->board->fpb_literal_comparators;
	uint32_t v = (code >> 4 & 0x7u) << 12 | (lit & 0xFu) << 8 | (code & 0xFu) << 4 | s->core->fpb.ctrl_enable;

	return sim_core_is_v8m(s->board->core) ? v | FPB_CTRL_REV_V2 : v;
}

static int fpb_read(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t offset, unsigned size,
		    uint32_t *val)
{
	uint32_t off = offset & ~3u, v = 0;

	if (off == FPB_CTRL)
		v = fpb_ctrl(s);
	else if (off >= FPB_COMP0 && (off - FPB_COMP0) / 4 < fpb_num(s))
		v = s->core->fpb.comp[(off - FPB_COMP0) / 4];
	else if (off >= FPB_ID_FIRST && coresight_id_read(coresight_block_id(s, CS_FPB), off, &v))
		v = 0;
	*val = core_subword_read(v, offset, size);
	return SIM_BUS_OK;
}

static int fpb_write(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t offset, unsigned size,
		     uint32_t val)
{
	struct core_fpb_s *f = &s->core->fpb;
	uint32_t off = offset & ~3u;

	if (off == FPB_CTRL) {
		if (size == 4 && (val & FPB_CTRL_KEY))
			f->ctrl_enable = val & FPB_CTRL_ENABLE;
	} else if (off >= FPB_COMP0 && (off - FPB_COMP0) / 4 < fpb_num(s)) {
		uint32_t *comp = &f->comp[(off - FPB_COMP0) / 4];
		*comp = core_subword_merge(*comp, offset, size, val);
		if (!sim_core_is_v8m(s->board->core))
			*comp &= 0xC0000000u | FPB_V1_COMP_MASK | FPB_COMP_ENABLE;
	}
	s->core->fpb_armed = core_fpb_armed(s);	/* also when the CPU itself writes it, mid-slice */
	return SIM_BUS_OK;	/* FP_REMAP and the rest: read-only or not modeled */
}

static bool fpb_v1_match(uint32_t comp, uint32_t addr)
{
	unsigned replace = comp >> FPB_V1_REPLACE_SHIFT;

	if (addr >= FPB_V1_CODE_LIMIT || (addr & ~3u) != (comp & FPB_V1_COMP_MASK))
		return false;
	return (addr & 2) ? (replace & 2) != 0 : (replace & 1) != 0;
}

bool core_fpb_match(struct sim *s, uint32_t addr)
{
	const struct core_fpb_s *f = &s->core->fpb;
	bool v2 = sim_core_is_v8m(s->board->core);
	unsigned n = s->board->fpb_code_comparators < CORE_MAX_FPB ? s->board->fpb_code_comparators : CORE_MAX_FPB;

	if (!f->ctrl_enable)
		return false;
	for (unsigned i = 0; i < n; i++) {
		uint32_t comp = f->comp[i];
		if (!(comp & FPB_COMP_ENABLE))
			continue;
		if (v2 ? (comp & ~1u) == addr : fpb_v1_match(comp, addr))
			return true;
	}
	return false;
}

/* Whether any comparator can match: decided once per run slice, not per instruction. */
bool core_fpb_armed(struct sim *s)
{
	const struct core_fpb_s *f = &s->core->fpb;

	if (!f->ctrl_enable)
		return false;
	for (unsigned i = 0; i < CORE_MAX_FPB; i++)
		if (f->comp[i] & FPB_COMP_ENABLE)
			return true;
	return false;
}

void core_fpb_power_on(struct sim *s)
{
	memset(&s->core->fpb, 0, sizeof(s->core->fpb));
}

int core_fpb_register(struct sim *s)
{
	const struct sim_periph_s fpb = {
		.name = "fpb", .base = CORE_FPB_BASE, .size = CORE_BLOCK_SIZE,
		.read = fpb_read, .write = fpb_write,
	};
	return sim_bus_add_periph(s, &fpb);
}
