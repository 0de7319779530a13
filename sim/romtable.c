// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * CoreSight discovery: the Cortex-M ROM table at 0xE00FF000 and the ID registers of each
 * debug component (CoreSight Architecture Specification v3.0 B2, ARMv7-M C1.2, ARMv8-M
 * D1.2). Part numbers: Cortex-M4 TRM §"ROM table" (ROM 0x4C4, SCS 0x00C, DWT 0x002,
 * FPB 0x003, ITM 0x001, all "generic IP" class 0xE); Cortex-M33 TRM (ROM 0x4C9, components
 * 0xD21 with class 0x9 and DEVARCH). Revision fields ? : set to the r0p1 (M4) and r0p4
 * (M33) values, not checked against silicon dumps.
 */
#include "sim_internal.h"
#include "romtable.h"

#define PIDR(part, rev, jep_cont, jep_id) \
	((uint64_t)(jep_cont) << 32 | (uint64_t)(rev) << 20 | 1u << 19 | (uint64_t)(jep_id) << 12 | (part))
/* ARM: JEP106 continuation 4, identity 0x3B */
#define ARM_PIDR(part, rev) PIDR(part, rev, 0x4, 0x3B)

static const struct coresight_id_s m4_ids[] = {
	[CS_SCS] = { ARM_PIDR(0x00C, 0x0), 0xE, 0, 0 },
	[CS_DWT] = { ARM_PIDR(0x002, 0x3), 0xE, 0, 0 },
	[CS_FPB] = { ARM_PIDR(0x003, 0x2), 0xE, 0, 0 },
	[CS_ITM] = { ARM_PIDR(0x001, 0x3), 0xE, 0, 0 },
	[CS_ROM] = { ARM_PIDR(0x4C4, 0x0), 0x1, 0, 0 },
};

static const struct coresight_id_s m33_ids[] = {
	[CS_SCS] = { ARM_PIDR(0xD21, 0x4), 0x9, 0x47702A04, 0x00 },
	/* DWT architecture v2.0 (ARMv8-M); v2.1, 0x47711A02, is ARMv8.1-M (Cortex-M55) */
	[CS_DWT] = { ARM_PIDR(0xD21, 0x4), 0x9, 0x47701A02, 0x00 },
	[CS_FPB] = { ARM_PIDR(0xD21, 0x4), 0x9, 0x47701A03, 0x00 },
	[CS_ITM] = { ARM_PIDR(0xD21, 0x4), 0x9, 0x47701A01, 0x43 },
	[CS_ROM] = { ARM_PIDR(0x4C9, 0x0), 0x1, 0, 0 },
};

/*
 * Cortex-M55 (ARMv8.1-M): components part 0xD22, DWT architecture v2.1 (0x47711A02);
 * ROM table part 0x4CA ?, revision fields r1 ?, SCS DEVARCH as on v8.0-M ? (not checked
 * against the M55 TRM's ID register tables).
 */
static const struct coresight_id_s m55_ids[] = {
	[CS_SCS] = { ARM_PIDR(0xD22, 0x1), 0x9, 0x47702A04, 0x00 },
	[CS_DWT] = { ARM_PIDR(0xD22, 0x1), 0x9, 0x47711A02, 0x00 },
	[CS_FPB] = { ARM_PIDR(0xD22, 0x1), 0x9, 0x47701A03, 0x00 },
	[CS_ITM] = { ARM_PIDR(0xD22, 0x1), 0x9, 0x47701A01, 0x43 },
	[CS_ROM] = { ARM_PIDR(0x4CA, 0x0), 0x1, 0, 0 },
};

const struct coresight_id_s *coresight_block_id(struct sim *s, enum coresight_block_e block)
{
	if (s->board->core == SIM_CORE_M55)
		return &m55_ids[block];
	return sim_core_is_v8m(s->board->core) ? &m33_ids[block] : &m4_ids[block];
}

int coresight_id_read(const struct coresight_id_s *id, uint32_t offset, uint32_t *val)
{
	if (offset == 0xFBC) {
		*val = id->devarch;
		return 0;
	}
	if (offset == 0xFCC) {
		*val = id->devtype;
		return 0;
	}
	if (offset >= 0xFD0 && offset < 0xFE0) {	/* PIDR4..7 */
		*val = (uint32_t)(id->pidr >> (32 + 8 * ((offset - 0xFD0) / 4))) & 0xFF;
		return 0;
	}
	if (offset >= 0xFE0 && offset < 0xFF0) {	/* PIDR0..3 */
		*val = (uint32_t)(id->pidr >> (8 * ((offset - 0xFE0) / 4))) & 0xFF;
		return 0;
	}
	if (offset >= 0xFF0 && offset <= 0xFFC) {	/* CIDR0..3: preamble 0xB105_0_0D */
		static const uint8_t preamble[4] = { 0x0D, 0x00, 0x05, 0xB1 };
		unsigned n = (offset - 0xFF0) / 4;
		*val = preamble[n] | (n == 1 ? (uint32_t)id->cid_class << 4 : 0);
		return 0;
	}
	return -1;
}

/*
 * ROM table entries: offset of each component from the table, with bit 0 = present and
 * bit 1 = 32-bit format. TPIU and ETM are listed absent: they are not modeled.
 */
static const uint32_t rom_entries[] = {
	0xFFF0F003,	/* SCS  0xE000E000 */
	0xFFF02003,	/* DWT  0xE0001000 */
	0xFFF03003,	/* FPB  0xE0002000 */
	0xFFF01003,	/* ITM  0xE0000000 */
	0xFFF41002,	/* TPIU 0xE0040000 (not present) */
	0xFFF42002,	/* ETM  0xE0041000 (not present) */
	0x00000000,	/* end of table */
};

static int rom_read(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t off, unsigned size,
		    uint32_t *val)
{
	if (size != 4)
		return SIM_BUS_ERROR;
	if (off < sizeof(rom_entries)) {
		*val = rom_entries[off / 4];
		return SIM_BUS_OK;
	}
	if (off == 0xFCC) {
		*val = 1;	/* MEMTYPE.SYSMEM: system memory is on this bus */
		return SIM_BUS_OK;
	}
	if (coresight_id_read(coresight_block_id(s, CS_ROM), off, val))
		*val = 0;
	return SIM_BUS_OK;
}

static int ro_write(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t off, unsigned size,
		    uint32_t val)
{
	return SIM_BUS_OK;	/* writes to ID and table registers are ignored */
}

/*
 * The ITM is discovered but not modeled as a trace source: its stimulus ports accept and
 * drop writes (nothing captures SWO here), its control registers read as zero.
 */
static int itm_read(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t off, unsigned size,
		    uint32_t *val)
{
	if (coresight_id_read(coresight_block_id(s, CS_ITM), off, val))
		*val = off < 0x80 ? 1 : 0;	/* stimulus port reads: FIFO ready */
	return SIM_BUS_OK;
}

int romtable_register(struct sim *s)
{
	const struct sim_periph_s rom = {
		.name = "rom-table", .base = s->board->rom_table_base, .size = 0x1000,
		.read = rom_read, .write = ro_write,
	};
	const struct sim_periph_s itm = {
		.name = "itm", .base = 0xE0000000, .size = 0x1000, .read = itm_read, .write = ro_write,
	};

	if (sim_bus_add_periph(s, &rom) || sim_bus_add_periph(s, &itm))
		return -1;
	return 0;
}
