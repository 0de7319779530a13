/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CoreSight identification: the Cortex-M ROM table and the peripheral/component ID
 * registers (0xFD0-0xFFC) that every debug component carries at the top of its 4 KB block,
 * so a host can discover the core as it would on silicon.
 */
#ifndef SIM_ROMTABLE_H
#define SIM_ROMTABLE_H

#include <stdint.h>

struct sim;

struct coresight_id_s {
	uint64_t pidr;		/* PIDR7..0 packed: PIDR4 in bits 39:32, PIDR0 in bits 7:0 */
	uint8_t cid_class;	/* CIDR1[7:4]: 0x1 ROM table, 0x9 CoreSight, 0xE generic IP */
	uint32_t devarch;	/* at 0xFBC when non-zero (v8-M components) */
	uint32_t devtype;	/* at 0xFCC */
};

/* Read an ID register at offset 0xFBC..0xFFC of a component; returns 0 or -1 if not an ID offset. */
int coresight_id_read(const struct coresight_id_s *id, uint32_t offset, uint32_t *val);

/* IDs per core kind for the SCS, DWT, FPB and ITM blocks. */
enum coresight_block_e { CS_SCS, CS_DWT, CS_FPB, CS_ITM, CS_ROM };
const struct coresight_id_s *coresight_block_id(struct sim *s, enum coresight_block_e block);

/* Register the ROM table (and the ITM, TPIU stubs) on the bus. */
int romtable_register(struct sim *s);

#endif
