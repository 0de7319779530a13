/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * STM32 CRC calculation unit: register layout and the simulator's model of it
 * (sim/periph/stm32_crc.c), for an on-target CRC routine (issue 9: L2 verify by CRC).
 *
 * Sources: RM0438 §15 (STM32L5 CRC: programmable polynomial of 7, 8, 16 or 32 bits, initial
 * value, input and output bit reversal, 8/16/32-bit data), RM0368 §4 (STM32F401 CRC: fixed
 * CRC-32 polynomial 0x04C11DB7, 32-bit data only, initial value 0xFFFFFFFF); offsets and
 * bits from stm32l552xx.h and stm32f401xe.h. Both at 0x40023000 (L5 secure alias
 * 0x50023000), clocked by RCC_AHB1ENR.CRCEN.
 */
#ifndef SIM_PERIPH_STM32_CRC_H
#define SIM_PERIPH_STM32_CRC_H

#include <stdbool.h>
#include <stdint.h>

#define STM32_CRC_DR		0x00u
#define STM32_CRC_IDR		0x04u
#define STM32_CRC_CR		0x08u
#define STM32_CRC_INIT		0x10u	/* L5 */
#define STM32_CRC_POL		0x14u	/* L5 */
#define STM32_CRC_SIZE		0x400u

#define STM32_CRC_CR_RESET		(1u << 0)
#define STM32_CRC_CR_POLYSIZE_SHIFT	3u	/* 00: 32, 01: 16, 10: 8, 11: 7 bits */
#define STM32_CRC_CR_POLYSIZE_MASK	(3u << STM32_CRC_CR_POLYSIZE_SHIFT)
#define STM32_CRC_CR_REV_IN_SHIFT	5u	/* 00: none, 01: by byte, 10: by half-word, 11: by word */
#define STM32_CRC_CR_REV_IN_MASK	(3u << STM32_CRC_CR_REV_IN_SHIFT)
#define STM32_CRC_CR_REV_OUT		(1u << 7)
#define STM32_CRC_POL_RESET		0x04C11DB7u

struct sim_model_s;

/* A board's use of the model. */
struct stm32_crc_config_s {
	uint32_t base, base_s;		/* register block, and its secure alias (0: none) */
	bool programmable;		/* L5: POLYSIZE, REV_IN, REV_OUT, INIT, POL, 8/16-bit data */
	uint32_t gate_enr, gate_bit;	/* RCC enable register (absolute) and bit; 0: always clocked */
	uint8_t cycles[3];		/* AHB cycles one 8, 16 and 32-bit write takes to compute */
};

extern const struct sim_model_s stm32_crc_model;
#define STM32_CRC_MODEL_NAME "stm32-crc"

#endif
