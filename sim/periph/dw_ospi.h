/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Alif Ensemble OSPI: a Synopsys DesignWare SSI (DW_apb_ssi with enhanced SPI and XIP) plus
 * Alif's AES/XIP front end, with a serial NOR flash behind it. Register layout from
 * Alif's ospi_xip/source/ospi/ospi_private.h (ssi_regs_t, aes_regs_t) and drivers/include/ospi.h.
 */
#ifndef SIM_PERIPH_DW_OSPI_H
#define SIM_PERIPH_DW_OSPI_H

#include <stdbool.h>
#include <stdint.h>

#include "../model.h"
#include "spi_nor.h"

/* SSI registers */
#define DW_OSPI_CTRLR0		0x00
#define DW_OSPI_CTRLR1		0x04
#define DW_OSPI_SSIENR		0x08
#define DW_OSPI_SER		0x10
#define DW_OSPI_BAUDR		0x14
#define DW_OSPI_TXFTLR		0x18
#define DW_OSPI_RXFTLR		0x1C
#define DW_OSPI_TXFLR		0x20
#define DW_OSPI_RXFLR		0x24
#define DW_OSPI_SR		0x28
#define DW_OSPI_IMR		0x2C
#define DW_OSPI_ISR		0x30
#define DW_OSPI_RISR		0x34
#define DW_OSPI_ICR		0x48
#define DW_OSPI_IDR		0x58
#define DW_OSPI_VERSION		0x5C
#define DW_OSPI_DR		0x60	/* DR0..DR35: 0x60..0xEC, all the same FIFO */
#define DW_OSPI_DR_END		0xF0
#define DW_OSPI_RX_SAMPLE_DLY	0xF0
#define DW_OSPI_SPI_CTRLR0	0xF4
#define DW_OSPI_TXD_DRIVE_EDGE	0xF8
#define DW_OSPI_XIP_MODE_BITS	0xFC
#define DW_OSPI_XIP_INCR_INST	0x100
#define DW_OSPI_XIP_WRAP_INST	0x104
#define DW_OSPI_XIP_CTRL	0x108
#define DW_OSPI_XIP_SER		0x10C
#define DW_OSPI_XIP_CNT_TIME_OUT 0x114
#define DW_OSPI_REGS_SIZE	0x1000

/* CTRLR0 */
#define DW_OSPI_CTRLR0_DFS_MASK		0x1Fu
#define DW_OSPI_CTRLR0_FRF_SHIFT	6
#define DW_OSPI_CTRLR0_TMOD_SHIFT	10
#define DW_OSPI_CTRLR0_SPI_FRF_SHIFT	22
#define DW_OSPI_CTRLR0_IS_MST		(1u << 31)
#define DW_OSPI_TMOD_TR			0u
#define DW_OSPI_TMOD_TO			1u
#define DW_OSPI_TMOD_RO			2u
#define DW_OSPI_TMOD_EEPROM		3u
/* SPI_CTRLR0 */
#define DW_OSPI_SPI_CTRLR0_TRANS_TYPE_MASK	3u
#define DW_OSPI_SPI_CTRLR0_ADDR_L_SHIFT		2
#define DW_OSPI_SPI_CTRLR0_INST_L_SHIFT		8
#define DW_OSPI_SPI_CTRLR0_WAIT_CYCLES_SHIFT	11
#define DW_OSPI_SPI_CTRLR0_SPI_DDR_EN		(1u << 16)
#define DW_OSPI_SPI_CTRLR0_INST_DDR_EN		(1u << 17)
/* XIP_CTRL */
#define DW_OSPI_XIP_CTRL_FRF_MASK		3u
#define DW_OSPI_XIP_CTRL_TRANS_TYPE_SHIFT	2
#define DW_OSPI_XIP_CTRL_ADDR_L_SHIFT		4
#define DW_OSPI_XIP_CTRL_INST_L_SHIFT		9
#define DW_OSPI_XIP_CTRL_WAIT_CYCLES_SHIFT	13
#define DW_OSPI_XIP_CTRL_DDR_EN			(1u << 19)
#define DW_OSPI_XIP_CTRL_INST_DDR_EN		(1u << 20)
/* SR */
#define DW_OSPI_SR_BUSY		(1u << 0)
#define DW_OSPI_SR_TFNF		(1u << 1)
#define DW_OSPI_SR_TFE		(1u << 2)
#define DW_OSPI_SR_RFNE		(1u << 3)
#define DW_OSPI_SR_RFF		(1u << 4)

/* AES/XIP front end (aes_regs_t) */
#define DW_OSPI_AES_CONTROL		0x00
#define DW_OSPI_AES_RXDS_DELAY		0x20
#define DW_OSPI_AES_CONTROL_DECRYPT_EN	(1u << 0)
#define DW_OSPI_AES_CONTROL_XIP_EN	(1u << 4)
#define DW_OSPI_AES_CONTROL_LD_KEY	(1u << 7)
#define DW_OSPI_AES_SIZE		0x1000

#define DW_OSPI_FIFO_DEPTH	256u	/* OSPI_TX_FIFO_DEPTH / OSPI_RX_FIFO_DEPTH in ospi.h */

struct dw_ospi_config_s {
	uint32_t regs_base;	/* OSPI1 0x83002000 */
	uint32_t aes_base;	/* AES1 0x83003000 */
	uint32_t window_base;	/* XIP window 0xC0000000 */
	const struct spi_nor_part_s *part;
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
};

extern const struct sim_model_s dw_ospi_model;

#endif
