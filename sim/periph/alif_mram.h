/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Alif Ensemble MRAM (0x80000000, 5.5 MB on the E7): written by the core with ordinary
 * stores, 16 bytes (one 128-bit word) at a time, no erase. See alif_mram.c.
 */
#ifndef SIM_PERIPH_ALIF_MRAM_H
#define SIM_PERIPH_ALIF_MRAM_H

#include <stdbool.h>
#include <stdint.h>

#include "../model.h"

#define ALIF_MRAM_UNIT 16u	/* bytes: the 128-bit word, the smallest unit written */

struct alif_mram_config_s {
	uint32_t base;		/* 0x80000000 */
	uint64_t t_write_ns;	/* one 16-byte unit */
};

struct alif_mram_s {
	const struct alif_mram_config_s *cfg;
	uint32_t unit_addr;		/* the unit being collected in the write buffer */
	uint8_t old[ALIF_MRAM_UNIT];	/* its content before, put back if it is not completed */
	unsigned unit_words;		/* words collected, in order */
	uint64_t busy_until;		/* the last unit's write ends */
	unsigned refused;		/* stores refused (narrow, unaligned, out of order) */
};

extern const struct sim_model_s alif_mram_model;

#endif
