/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A virtual board: one row of a table per board (sim/boards/<board>.c), no per-board code
 * paths elsewhere. What a debugger can discover (DPIDR, AP IDR, CPUID, DBGMCU IDCODE, ROM
 * table) comes from here.
 */
#ifndef SIM_BOARD_H
#define SIM_BOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

enum sim_region_kind_e {
	SIM_REGION_RAM,		/* read/write to bus and CPU */
	SIM_REGION_FLASH,	/* read-only to the bus; a flash controller model programs it */
	SIM_REGION_ROM,		/* read-only, fixed content (e.g. system memory) */
};

struct sim_region_s {
	const char *name;
	uint32_t base;
	uint32_t size;
	enum sim_region_kind_e kind;
	uint8_t fill;		/* content at power-on (0xFF for erased flash) */
	uint32_t alias_of;	/* non-zero: this region mirrors the region based there (boot alias) */
};

/* A value the part holds in read-only memory from the factory (flash size, unique ID). */
struct sim_preset_s {
	uint32_t addr;
	uint8_t size;		/* 1, 2 or 4 bytes; 0 ends the list */
	uint32_t value;
};

enum sim_core_e {
	SIM_CORE_M4,		/* ARMv7E-M, FPv4-SP, FPB v1 */
	SIM_CORE_M33,		/* ARMv8-M Mainline with Security Extension, FPv5-SP, FPB v2 */
	SIM_CORE_M55,		/* ARMv8.1-M; runs on Unicorn's M33 model, reports an M55 CPUID */
};

struct sim_board_s {
	const char *name;
	const char *description;
	enum sim_core_e core;
	uint32_t cpu_hz;		/* core clock from reset (a clock model, if any, takes over from it) */
	uint16_t vtarget_mv;		/* what the J-Link measures on VTref */

	/* Debug port and access port identity */
	uint32_t dpidr;
	uint32_t targetid;		/* DPv2 TARGETID (DP bank 2); 0 for DPv1 */
	uint32_t ap_idr;		/* AP0: AHB-AP (M4) or AHB5-AP (M33/M55) */
	uint32_t rom_table_base;	/* MEM-AP BASE points here */

	/* Core identity */
	uint32_t cpuid;
	unsigned fpb_code_comparators;
	unsigned fpb_literal_comparators;
	unsigned dwt_comparators;

	/* Part identity: DBGMCU_IDCODE */
	uint32_t dbgmcu_idcode_addr;
	uint32_t dbgmcu_idcode;

	uint32_t reset_vtor;		/* where the core fetches SP and PC at reset (VTOR's reset value) */
	unsigned nvic_irqs;		/* external interrupts (vector table entries after the 16th) */
	unsigned nvic_prio_bits;	/* implemented priority bits (__NVIC_PRIO_BITS) */

	const struct sim_region_s *regions;	/* ended by an entry with size 0 */
	const struct sim_preset_s *presets;	/* ended by an entry with size 0; may be NULL */
	const struct sim_board_model_s *models;	/* peripheral models; ended by a NULL model; may be NULL */
};

/* All boards, ended by an entry whose name is NULL. */
extern const struct sim_board_s *const sim_boards[];

const struct sim_board_s *sim_board_find(const char *name);

static inline bool sim_core_is_v8m(enum sim_core_e c)
{
	return c != SIM_CORE_M4;
}

#endif
