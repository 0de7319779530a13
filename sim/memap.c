// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The MEM-AP at AP index 0 (ADIv5.2 C2.6): AHB-AP on Cortex-M4, AHB5-AP on Cortex-M33/M55.
 *
 * TAR auto-increment only carries through TAR[9:0]: a block crossing a 1 KB boundary wraps
 * to the start of the same 1 KB block, as on Cortex-M AHB-APs (C2.6.3), so hosts must split
 * there. A transfer that gets a bus error does not move TAR. Packed transfers move 4 bytes
 * (size 8) or 2 half-words (size 16) per DRW access, each on its own byte lanes.
 */
#include "sim_internal.h"

#define CSW_RESET_M4 0x03000040u	/* Cortex-M4 TRM: HPROT1, DeviceEn, Size 8 */
#define CSW_SPIDEN (1u << 23)		/* AHB5-AP: secure debug enabled (TZEN=0 parts report 1) */
#define CSW_SPROT (1u << 30)
/* Fields a host may write: Size, AddrInc, Prot/HPROT, SPROT, MstrType, DbgSwEnable */
#define CSW_WRITABLE (MEMAP_CSW_SIZE_MASK | MEMAP_CSW_ADDRINC_MASK | (0x7Fu << 24) | (1u << 31))

void memap_power_on(struct sim *s)
{
	s->memap.csw = CSW_RESET_M4 | (sim_core_is_v8m(s->board->core) ? CSW_SPIDEN : 0);
	s->memap.tar = 0;
}

/*
 * TAR auto-increment wraps within 1 KB (the ADI minimum), except on the Cortex-M3/M4
 * AHB-AP, which increments over 4 KB: OpenOCD 0.12 relies on that for M3/M4
 * (cortex_m.c CORTEX_M_F_TAR_AUTOINCR_BLOCK_4K, citing ARM IHI 0031C 7.2.2) and rewrites
 * TAR only every 4 KB there.
 */
static uint32_t tar_increment(const struct sim *s, uint32_t tar, unsigned bytes)
{
	uint32_t wrap = sim_core_is_v8m(s->board->core) ? 0x3FFu : 0xFFFu;

	return (tar & ~wrap) | ((tar + bytes) & wrap);
}

static unsigned csw_size_bytes(uint32_t csw)
{
	return 1u << (csw & MEMAP_CSW_SIZE_MASK);
}

/* One DRW access: one bus transfer, or several when packed. */
static int drw_access(struct sim *s, bool write, uint32_t *data)
{
	struct sim_memap_s *ap = &s->memap;
	unsigned size = csw_size_bytes(ap->csw);
	uint32_t inc = ap->csw & MEMAP_CSW_ADDRINC_MASK;
	unsigned beats = (inc == MEMAP_CSW_ADDRINC_PACKED) ? 4 / size : 1;
	uint32_t tar = ap->tar;
	uint32_t out = 0;

	for (unsigned i = 0; i < beats; i++) {
		/* the byte lanes follow the address, as on the AHB bus (C2.6.5) */
		uint32_t addr = tar & ~(size - 1);
		unsigned shift = 8 * (addr & 3);
		uint32_t mask = size == 4 ? 0xFFFFFFFFu : ((1u << (8 * size)) - 1);
		int r;
		if (write) {
			r = sim_bus_write(s, SIM_MASTER_DEBUG, addr, size, (*data >> shift) & mask);
		} else {
			uint32_t v = 0;
			r = sim_bus_read(s, SIM_MASTER_DEBUG, addr, size, &v);
			out |= (v & mask) << shift;
		}
		if (r)
			return -1;
		if (inc != 0)
			tar = tar_increment(s, tar, size);
	}
	ap->tar = tar;
	if (!write)
		*data = out;
	return 0;
}

/* BD0-BD3: word accesses at TAR[31:4] + 4n, without moving TAR. */
static int bd_access(struct sim *s, unsigned n, bool write, uint32_t *data)
{
	uint32_t addr = (s->memap.tar & ~0xFu) + 4 * n;

	if (write)
		return sim_bus_write(s, SIM_MASTER_DEBUG, addr, 4, *data);
	return sim_bus_read(s, SIM_MASTER_DEBUG, addr, 4, data);
}

static void csw_write(struct sim *s, uint32_t v)
{
	uint32_t size = v & MEMAP_CSW_SIZE_MASK;

	if (size > 2)
		v = (v & ~MEMAP_CSW_SIZE_MASK) | (s->memap.csw & MEMAP_CSW_SIZE_MASK);	/* unsupported size */
	if ((v & MEMAP_CSW_ADDRINC_MASK) == MEMAP_CSW_ADDRINC_MASK)
		v &= ~MEMAP_CSW_ADDRINC_MASK;	/* reserved encoding: treat as no increment */
	s->memap.csw = (s->memap.csw & ~CSW_WRITABLE) | (v & CSW_WRITABLE);
}

int ap_read(struct sim *s, unsigned apsel, unsigned addr, uint32_t *val)
{
	*val = 0;
	if (apsel != 0)
		return 0;	/* no AP there: reads as zero, including IDR */
	switch (addr) {
	case MEMAP_CSW:
		*val = s->memap.csw;
		return 0;
	case MEMAP_TAR:
		*val = s->memap.tar;
		return 0;
	case MEMAP_DRW:
		return drw_access(s, false, val);
	case MEMAP_BD0:
	case MEMAP_BD0 + 4:
	case MEMAP_BD0 + 8:
	case MEMAP_BD0 + 12:
		return bd_access(s, (addr - MEMAP_BD0) / 4, false, val);
	case MEMAP_CFG:
		*val = 0;	/* little-endian, 32-bit addresses, no large data */
		return 0;
	case MEMAP_BASE:
		*val = s->board->rom_table_base | 0x3;	/* ADIv5 format, debug entry present */
		return 0;
	case MEMAP_IDR:
		*val = s->board->ap_idr;
		return 0;
	default:
		return 0;
	}
}

int ap_write(struct sim *s, unsigned apsel, unsigned addr, uint32_t val)
{
	if (apsel != 0)
		return 0;
	switch (addr) {
	case MEMAP_CSW:
		csw_write(s, val);
		return 0;
	case MEMAP_TAR:
		s->memap.tar = val;
		return 0;
	case MEMAP_DRW:
		return drw_access(s, true, &val);
	case MEMAP_BD0:
	case MEMAP_BD0 + 4:
	case MEMAP_BD0 + 8:
	case MEMAP_BD0 + 12:
		return bd_access(s, (addr - MEMAP_BD0) / 4, true, &val);
	default:
		return 0;	/* read-only or reserved */
	}
}
