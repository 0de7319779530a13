// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Data Watchpoint and Trace unit at 0xE0001000: comparators that halt the core, and the
 * cycle counter. Trace packets and the profiling counters are not modeled (read zero).
 * The DWT works only while DEMCR.TRCENA is set (ARMv7-M C1.8.1).
 *
 * ARMv7-M (C1.8.7-C1.8.17): DWT_COMPn, DWT_MASKn (the low MASK bits of the address are
 * ignored, so a comparator watches 2^MASK bytes), DWT_FUNCTIONn.FUNCTION[3:0] = 4 PC match,
 * 5 data read, 6 data write, 7 data read or write (DATAVMATCH clear), each a watchpoint
 * debug event. ARMv8-M (B13.3): no MASK; DWT_FUNCTIONn.MATCH[3:0] = 2 instruction address,
 * 4 data address read or write, 5 write, 6 read, with DATAVSIZE[11:10] giving the watched
 * size (2^DATAVSIZE bytes) and ACTION[5:4] = 01 for a debug event. These are the encodings
 * OpenOCD 0.12 writes (cortex_m_set_watchpoint). MATCHED (bit 24) is set on a match and
 * cleared when FUNCTION is read. Linked comparators and data value matching are not modeled.
 *
 * A data match halts the core after the accessing instruction completes (PC at the next
 * instruction, DFSR.DWTTRAP); a PC match halts before the instruction executes.
 */
#include <string.h>

#include "core_private.h"
#include "romtable.h"

#define DWT_ID_FIRST 0xFBCu

#define DWT_CTRL_WRITABLE 0x00FFFFFFu
#define DWT_V7M_FUNCTION_WRITABLE 0x000FFDAFu
#define DWT_V8M_FUNCTION_WRITABLE 0x00000C3Fu
#define DWT_MASK_WRITABLE 0x1Fu

enum dwt_kind_e { DWT_NONE, DWT_PC, DWT_READ, DWT_WRITE, DWT_ACCESS };

static unsigned dwt_num(const struct sim *s)
{
	return s->board->dwt_comparators < CORE_MAX_DWT ? s->board->dwt_comparators : CORE_MAX_DWT;
}

static bool dwt_enabled(const struct sim *s)
{
	return (s->core->demcr & SCS_DEMCR_TRCENA) != 0;
}

/* What comparator n watches, and the watched range [*base, *base + *len). */
static enum dwt_kind_e dwt_decode(const struct sim *s, unsigned n, uint32_t *base, uint32_t *len)
{
	const struct core_dwt_s *d = &s->core->dwt;
	uint32_t f = d->function[n], comp = d->comp[n];
	unsigned bits;
	enum dwt_kind_e k;

	if (sim_core_is_v8m(s->board->core)) {
		static const enum dwt_kind_e v8[16] = { [2] = DWT_PC, [4] = DWT_ACCESS, [5] = DWT_WRITE, [6] = DWT_READ };
		k = ((f >> 4) & 3u) == 1 ? v8[f & 0xFu] : DWT_NONE;	/* ACTION = debug event */
		bits = k == DWT_PC ? 1 : (f >> 10) & 3u;
	} else {
		static const enum dwt_kind_e v7[16] = { [4] = DWT_PC, [5] = DWT_READ, [6] = DWT_WRITE, [7] = DWT_ACCESS };
		k = (f & DWT_FUNCTION_DATAVMATCH) ? DWT_NONE : v7[f & 0xFu];
		bits = d->mask[n];
	}
	*len = 1u << bits;
	*base = comp & ~(*len - 1);
	return k;
}

bool core_dwt_wants_data_hook(struct sim *s)
{
	uint32_t base, len;

	if (!dwt_enabled(s))
		return false;
	for (unsigned i = 0; i < dwt_num(s); i++) {
		enum dwt_kind_e k = dwt_decode(s, i, &base, &len);
		if (k == DWT_READ || k == DWT_WRITE || k == DWT_ACCESS)
			return true;
	}
	return false;
}

bool core_dwt_data_access(struct sim *s, uint32_t addr, unsigned size, bool write)
{
	bool hit = false;
	uint32_t base, len;

	if (!dwt_enabled(s))
		return false;
	for (unsigned i = 0; i < dwt_num(s); i++) {
		enum dwt_kind_e k = dwt_decode(s, i, &base, &len);
		bool kind_ok = k == DWT_ACCESS || (k == DWT_WRITE && write) || (k == DWT_READ && !write);
		/* the access and the watched range overlap */
		if (kind_ok && addr < base + len && base < addr + size) {
			s->core->dwt.function[i] |= DWT_FUNCTION_MATCHED;
			hit = true;
		}
	}
	return hit;
}

bool core_dwt_pc_match(struct sim *s, uint32_t addr)
{
	bool hit = false;
	uint32_t base, len;

	if (!dwt_enabled(s))
		return false;
	for (unsigned i = 0; i < dwt_num(s); i++) {
		if (dwt_decode(s, i, &base, &len) == DWT_PC && (addr & ~(len - 1)) == base) {
			s->core->dwt.function[i] |= DWT_FUNCTION_MATCHED;
			hit = true;
		}
	}
	return hit;
}

/* Whether any comparator watches the PC: decided once per run slice, not per instruction. */
bool core_dwt_pc_armed(struct sim *s)
{
	uint32_t base, len;

	if (!dwt_enabled(s))
		return false;
	for (unsigned i = 0; i < dwt_num(s); i++)
		if (dwt_decode(s, i, &base, &len) == DWT_PC)
			return true;
	return false;
}

void core_dwt_count(struct sim *s, uint64_t cycles)
{
	struct core_dwt_s *d = &s->core->dwt;

	if (dwt_enabled(s) && (d->ctrl & DWT_CTRL_CYCCNTENA))
		d->cyccnt += (uint32_t)cycles;	/* wraps at 2^32 like the counter */
}

/*
 * The CPU reads CYCCNT (or changes what counts) in the middle of a run slice: count the
 * instructions executed so far first, so that it sees the cycle it is at.
 */
void core_dwt_sync(struct sim *s)
{
	struct sim_core_s *c = s->core;

	if (!c->in_emu || c->executed <= c->dwt_synced)
		return;
	core_dwt_count(s, c->executed - c->dwt_synced);
	c->dwt_synced = c->executed;
}

/* Offset of a comparator register: 0 COMP, 4 MASK, 8 FUNCTION; comparator index in *n. */
static int dwt_comp_reg(const struct sim *s, uint32_t off, unsigned *n)
{
	if (off < DWT_COMP0)
		return -1;
	*n = (off - DWT_COMP0) / DWT_COMP_STRIDE;
	return *n < dwt_num(s) ? (int)((off - DWT_COMP0) % DWT_COMP_STRIDE) : -1;
}

static uint32_t dwt_peek(struct sim *s, uint32_t off, bool clear)
{
	struct core_dwt_s *d = &s->core->dwt;
	unsigned n;
	uint32_t v = 0;

	switch (off) {
	case DWT_CTRL: return (uint32_t)dwt_num(s) << DWT_CTRL_NUMCOMP_SHIFT | d->ctrl;
	case DWT_CYCCNT: core_dwt_sync(s); return d->cyccnt;
	/* PC sampling: reads all ones while halted (ARMv7-M C1.8.9) */
	case DWT_PCSR: return s->core->halted ? 0xFFFFFFFFu : core_reg_get(s, UC_ARM_REG_PC);
	default: break;
	}
	switch (dwt_comp_reg(s, off, &n)) {
	case 0: return d->comp[n];
	case 4: return sim_core_is_v8m(s->board->core) ? 0 : d->mask[n];
	case 8:
		v = d->function[n];
		if (clear && (v & DWT_FUNCTION_MATCHED)) {
			d->function[n] &= ~DWT_FUNCTION_MATCHED;
			core_ff_dirty(s->core);	/* a read that clears: not an idle loop */
		}
		return v;
	default: break;
	}
	if (off >= DWT_ID_FIRST && coresight_id_read(coresight_block_id(s, CS_DWT), off, &v) == 0)
		return v;
	return 0;
}

static int dwt_read(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t offset, unsigned size,
		    uint32_t *val)
{
	*val = core_subword_read(dwt_peek(s, offset & ~3u, true), offset, size);
	return SIM_BUS_OK;
}

static int dwt_write(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t offset, unsigned size,
		     uint32_t val)
{
	struct core_dwt_s *d = &s->core->dwt;
	bool v8m = sim_core_is_v8m(s->board->core);
	uint32_t off = offset & ~3u;
	unsigned n;

	val = core_subword_merge(dwt_peek(s, off, false), offset, size, val);
	core_dwt_sync(s);	/* CYCCNT, CYCCNTENA: what ran before this write counts as before */
	if (off == DWT_CTRL) {
		d->ctrl = val & DWT_CTRL_WRITABLE;
		s->core->dwt_pc_armed = core_dwt_pc_armed(s);
		return SIM_BUS_OK;
	}
	if (off == DWT_CYCCNT) {
		d->cyccnt = val;
		return SIM_BUS_OK;
	}
	switch (dwt_comp_reg(s, off, &n)) {
	case 0: d->comp[n] = val; break;
	case 4: d->mask[n] = v8m ? 0 : val & DWT_MASK_WRITABLE; break;
	case 8:
		d->function[n] = (d->function[n] & DWT_FUNCTION_MATCHED) |
				 (val & (v8m ? DWT_V8M_FUNCTION_WRITABLE : DWT_V7M_FUNCTION_WRITABLE));
		break;
	default: break;
	}
	s->core->dwt_pc_armed = core_dwt_pc_armed(s);	/* also when the CPU writes it, mid-slice */
	return SIM_BUS_OK;
}

void core_dwt_power_on(struct sim *s)
{
	memset(&s->core->dwt, 0, sizeof(s->core->dwt));
}

int core_dwt_register(struct sim *s)
{
	const struct sim_periph_s dwt = {
		.name = "dwt", .base = CORE_DWT_BASE, .size = CORE_BLOCK_SIZE,
		.read = dwt_read, .write = dwt_write,
	};
	return sim_bus_add_periph(s, &dwt);
}
