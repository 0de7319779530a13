/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A register file: a block of registers that read back what was written, for clock,
 * power and GPIO blocks that vendor flash code configures on its way to the flash
 * controller. Ready flags come up when the bits that enable them are set (RCC: HSERDY
 * follows HSEON, PLL1RDY follows PLL1ON; PWR: VDDIO3RDY follows VDDIO3VMEN), so vendor
 * code that waits for them does not hang. Blocks with set/clear alias registers (STM32N6
 * RCC: a write at +0x800 sets bits, at +0x1000 clears them) are described by two deltas.
 * Nothing here models what the registers do to clocks or pins.
 */
#ifndef SIM_PERIPH_REGFILE_H
#define SIM_PERIPH_REGFILE_H

#include <stdint.h>

#include "../model.h"

/* Bits (src & mask) of register src read back, shifted by shift, in register dst. */
struct regfile_ready_s {
	uint32_t src_off;
	uint32_t mask;		/* 0 ends a list */
	uint32_t dst_off;
	int8_t shift;		/* left shift from source to ready bit (negative: right) */
};

struct regfile_reset_s {
	uint32_t off;
	uint32_t value;		/* a list ends with off = REGFILE_END */
};

#define REGFILE_END 0xFFFFFFFFu

struct regfile_block_s {
	const char *name;	/* NULL ends a list */
	uint32_t base;
	uint32_t base_alias;	/* second address of the same block (secure alias), 0: none */
	uint32_t size;		/* bytes, multiple of 4 */
	uint32_t set_delta;	/* writes at off + set_delta set bits of off (0: no set aliases) */
	uint32_t clr_delta;	/* writes at off + clr_delta clear bits of off (0: none) */
	const struct regfile_reset_s *reset;	/* values after reset; may be NULL */
	const struct regfile_ready_s *ready;	/* may be NULL */
};

/* The model's config is an array of blocks ended by name NULL. */
extern const struct sim_model_s regfile_model;

/* A register's current value as the bus reads it (tests). */
uint32_t regfile_peek(void *ctx, const char *block, uint32_t off);

#endif
