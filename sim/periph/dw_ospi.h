/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Alif Ensemble OSPI: a Synopsys DesignWare SSI (DW_apb_ssi with enhanced SPI and XIP) plus
 * Alif's AES/XIP front end, with a serial NOR flash behind it. Register layout from
 * Alif's ospi_xip/source/ospi/ospi_private.h (ssi_regs_t, aes_regs_t) and drivers/include/ospi.h;
 * the register layout is in arch/dw_ospi_regs.h (shared with the on-target loaders).
 */
#ifndef SIM_PERIPH_DW_OSPI_H
#define SIM_PERIPH_DW_OSPI_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/dw_ospi_regs.h"
#include "../model.h"
#include "spi_nor.h"

struct dw_ospi_config_s {
	uint32_t regs_base;	/* OSPI1 0x83002000 */
	uint32_t aes_base;	/* AES1 0x83003000 */
	uint32_t window_base;	/* XIP window 0xC0000000 */
	const struct spi_nor_part_s *part;
	int irq;		/* the combined OSPI interrupt's IRQ number; -1: none */
};

struct dw_ospi_s {
	struct sim *s;
	const struct dw_ospi_config_s *cfg;
	struct spi_nor_s nor;
	uint32_t regs[0x120 / 4];
	uint32_t aes[0x40 / 4];
	uint32_t tx[DW_OSPI_FIFO_DEPTH];
	unsigned tx_n;
	uint32_t rx[DW_OSPI_FIFO_DEPTH];
	unsigned rx_head, rx_n;
	bool rx_xfer;		/* a receive transaction is open: frames still to come */
	uint32_t rx_remaining;	/* frames */
	bool xip;		/* the XIP window answers */
	uint32_t int_sticky;	/* TXOI, RXUI, RXOI, MSTI until their clear register is read */
};

extern const struct sim_model_s dw_ospi_model;

#endif
