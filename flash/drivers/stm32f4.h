/* SPDX-License-Identifier: GPL-2.0-or-later */
/* STM32F4 flash driver: the columns a part's row in targets/ gives it. */
#ifndef FLASH_DRIVERS_STM32F4_H
#define FLASH_DRIVERS_STM32F4_H

#include <stdint.h>

#include "flash/geom.h"

struct stm32f4_flash_cfg_s {
	uint32_t regs;			/* FLASH register block */
	uint32_t flash_base;
	uint32_t flashsize_reg;		/* F_SIZE, u16 KB */
	struct flash_run_s sectors[4];	/* the sector map of the largest part, ended by {0, 0} */
	uint32_t erase_us[4][3];	/* typ. erase µs per PSIZE (x8, x16, x32) of 16, 64, 128 KB */
	uint32_t mass_erase_us[3];	/* per PSIZE */
	uint32_t otp_base, otp_blocks, otp_block_size;	/* 0: no OTP; lock bytes follow the data */
	uint32_t rcc;			/* RCC register block */
	uint32_t crc_unit;		/* the CRC unit (0: none), clocked by RCC_AHB1ENR.CRCEN */
};

#endif /* FLASH_DRIVERS_STM32F4_H */
