/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Alif Ensemble MRAM driver: the columns a part's row in targets/ gives it (flash_config). */
#ifndef FLASH_DRIVERS_ALIF_MRAM_H
#define FLASH_DRIVERS_ALIF_MRAM_H

#include <stdint.h>

struct alif_mram_cfg_s {
	uint32_t base;		/* 0x80000000 */
	uint32_t size;		/* 0x580000 on the E7 (5.5 MB) */
	uint32_t sector_size;	/* the plan's unit: skip-unchanged compares sectors of this size */
};

#endif /* FLASH_DRIVERS_ALIF_MRAM_H */
