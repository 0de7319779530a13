/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * STM32N6 XSPI (RM0486 "Extended-SPI interface"; register layout from stm32n657xx.h,
 * XSPI_TypeDef) with a serial NOR flash behind it: indirect write, indirect read,
 * automatic status polling and memory-mapped read modes.
 *
 * Also its ancestor, the STM32L5 OCTOSPI (RM0438 "Octo-SPI interface"; stm32l562xx.h,
 * OCTOSPI_TypeDef): the registers the model uses sit at the same offsets with the same
 * fields; what differs is a row of struct stm32_xspi_config_s: the FIFO (32 bytes, FTHRES
 * CR[12:8], FLEVEL SR[13:8] on the L5; 64 bytes, CR[13:8], SR[14:8] on the N6).
 */
#ifndef SIM_PERIPH_STM32_XSPI_H
#define SIM_PERIPH_STM32_XSPI_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/stm32_xspi.h"
#include "../model.h"
#include "spi_nor.h"

#define STM32_XSPI_FIFO_MAX		64u	/* the largest FIFO of a variant (N6 XSPI) */
#define STM32_OCTOSPI_L5_FIFO_SIZE	32u	/* RM0438: 32-byte FIFO, FTHRES 5 bits */

struct stm32_xspi_config_s {
	uint32_t regs_base;		/* non-secure register block */
	uint32_t regs_base_secure;	/* secure alias (0: none) */
	uint32_t window_base;		/* memory-mapped window (a ROM-kind region the NOR array lives in) */
	const struct spi_nor_part_s *part;
	unsigned fifo_size;		/* bytes, a power of two <= STM32_XSPI_FIFO_MAX; 0: 64 (N6 XSPI) */
	/* read at STM32_XSPI_MAGIC (0: reads 0) */
	uint32_t magic_id;
	/* RCC enable register (absolute address) and bit that clock the registers; 0: always clocked */
	uint32_t gate_enr, gate_bit;
};

struct stm32_xspi_s {
	struct sim *s;
	const struct stm32_xspi_config_s *cfg;
	struct spi_nor_s nor;
	uint32_t regs[STM32_XSPI_REGS_SIZE / 4];	/* plain storage for configuration registers */
	uint32_t sr_flags;		/* TEF, TCF, SMF, TOF */
	/* an indirect transfer */
	bool xfer;			/* the NOR transaction is open */
	bool polling;			/* automatic polling in progress */
	uint64_t remaining;		/* data bytes still to move between device and FIFO */
	unsigned fifo_size;		/* from the config; FTHRES is log2(fifo_size) bits wide */
	uint8_t fifo[STM32_XSPI_FIFO_MAX];
	unsigned fifo_head, fifo_n;
	bool mmap;			/* the window answers */
	bool mmap_busy;			/* BUSY in memory-mapped mode (until an abort) */
	bool gate_logged;		/* the "clock is off" line, once per reset */
};

extern const struct sim_model_s stm32_xspi_model;

#endif
