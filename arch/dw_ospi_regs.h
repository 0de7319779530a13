/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Alif Ensemble OSPI: a Synopsys DesignWare SSI (DW_apb_ssi with enhanced SPI and XIP) plus
 * Alif's AES/XIP front end. Register layout shared by the simulator's model
 * (sim/periph/dw_ospi.c) and the on-target loader (flash/loaders/alif_ospi1.c).
 * Sources: Alif alif_ensemble-cmsis-dfp ospi_xip/source/ospi/ospi_private.h (ssi_regs_t,
 * aes_regs_t, the SPI_CTRLR0 and XIP_CTRL bit offsets), drivers/include/ospi.h; global_map.h
 * for the OSPI1 instance.
 */
#ifndef ARCH_DW_OSPI_REGS_H
#define ARCH_DW_OSPI_REGS_H

/* OSPI1 of the Ensemble E7 (global_map.h): controller, AES/XIP front end, XIP window */
#define ALIF_OSPI1_BASE		0x83002000u
#define ALIF_AES1_BASE		0x83003000u
#define ALIF_OSPI1_XIP_BASE	0xC0000000u

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
#define DW_OSPI_TXOICR		0x38	/* TXEICR in Alif's ospi.h */
#define DW_OSPI_RXOICR		0x3C
#define DW_OSPI_RXUICR		0x40
#define DW_OSPI_MSTICR		0x44
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
#define DW_OSPI_SPI_FRF_OCTAL		3u
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
#define DW_OSPI_SPI_CTRLR0_RXDS_EN		(1u << 18)
/* XIP_CTRL */
#define DW_OSPI_XIP_CTRL_FRF_MASK		3u
#define DW_OSPI_XIP_CTRL_TRANS_TYPE_SHIFT	2
#define DW_OSPI_XIP_CTRL_ADDR_L_SHIFT		4
#define DW_OSPI_XIP_CTRL_INST_L_SHIFT		9
#define DW_OSPI_XIP_CTRL_WAIT_CYCLES_SHIFT	13
#define DW_OSPI_XIP_CTRL_DDR_EN			(1u << 19)
#define DW_OSPI_XIP_CTRL_INST_DDR_EN		(1u << 20)
#define DW_OSPI_XIP_CTRL_DFS_HC		(1u << 18)
#define DW_OSPI_XIP_CTRL_RXDS_EN		(1u << 21)
#define DW_OSPI_XIP_CTRL_INST_EN		(1u << 22)
/* IMR, ISR, RISR (DW_apb_ssi): one bit per interrupt source */
#define DW_OSPI_INT_TXEI	(1u << 0)	/* TX FIFO at or below TXFTLR.TFT */
#define DW_OSPI_INT_TXOI	(1u << 1)	/* TX FIFO overflow (sticky) */
#define DW_OSPI_INT_RXUI	(1u << 2)	/* RX FIFO underflow (sticky) */
#define DW_OSPI_INT_RXOI	(1u << 3)	/* RX FIFO overflow (sticky) */
#define DW_OSPI_INT_RXFI	(1u << 4)	/* RX FIFO above RXFTLR.RFT */
#define DW_OSPI_INT_MSTI	(1u << 5)	/* multi-master contention (sticky) */
/* TXFTLR: TFT (interrupt level) bits 7:0, TXFTHR (transfer start level) bits 23:16 */
#define DW_OSPI_TXFTLR_TFT_MASK		0xFFu
#define DW_OSPI_TXFTLR_TXFTHR_SHIFT	16
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

#endif /* ARCH_DW_OSPI_REGS_H */
