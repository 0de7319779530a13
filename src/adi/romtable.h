/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CoreSight discovery through a MEM-AP: the ROM table tree under the AP's BASE, and the
 * identification registers of each component (CoreSight Architecture Specification v3.0
 * B2.2 CIDR/PIDR, D5 class 0x1 and class 0x9 ROM tables; ADIv5.2 C2.6.1 BASE).
 */
#ifndef SRC_ADI_ROMTABLE_H
#define SRC_ADI_ROMTABLE_H

#include <stdint.h>

#include "src/error/error.h"

struct adi_memap_s;

#define ADI_ROMTABLE_MAX_DEPTH 4u

struct adi_component_s {
	uint32_t base;		/* the component's 4 KB block */
	uint8_t depth;		/* 0 for the top ROM table */
	uint8_t cid_class;	/* CIDR1[7:4]: 0x1 ROM table, 0x9 CoreSight, 0xE generic IP */
	uint16_t designer;	/* JEP106: continuation << 7 | identity (ARM is 0x23B) */
	uint16_t part;		/* PIDR part number */
	uint8_t revision;
	uint32_t devarch;	/* class 0x9 only */
	uint32_t devtype;
	const char *name;	/* "Cortex-M4 SCS", "DWT", ... or "unknown" */
};

/*
 * Walk the ROM table tree of the MEM-AP (from its BASE register), depth first, listing the
 * ROM tables themselves too. Components whose ID preamble is wrong are skipped. Returns 0
 * with *count set (at most max entries kept), or -1 with err set.
 */
int adi_romtable_walk(struct adi_memap_s *m, struct adi_component_s *out, unsigned max, unsigned *count,
		      struct error_s *err);

/* Read the identification registers of one component (class, PIDR, DEVARCH, DEVTYPE). */
int adi_component_identify(struct adi_memap_s *m, uint32_t base, struct adi_component_s *c, struct error_s *err);

/* The first component whose name contains `what` (e.g. "SCS"), or NULL. */
const struct adi_component_s *adi_component_find(const struct adi_component_s *list, unsigned n, const char *what);

#endif /* SRC_ADI_ROMTABLE_H */
