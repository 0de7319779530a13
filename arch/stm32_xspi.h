/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * STM32 XSPI / OCTOSPI register layout, shared by the simulator's model
 * (sim/periph/stm32_xspi.c) and the on-target loaders (flash/loaders/l5_octospi1.c).
 * Offsets and bits from stm32n657xx.h (XSPI_TypeDef, RM0486) and stm32l562xx.h
 * (OCTOSPI_TypeDef, RM0438): the L5 OCTOSPI has every register below at the same offset
 * with the same fields, except that its FIFO is 32 bytes (FTHRES CR[12:8], FLEVEL
 * SR[13:8]) and it has no calibration registers (CALFCR..CALSIR).
 */
#ifndef ARCH_STM32_XSPI_H
#define ARCH_STM32_XSPI_H

/* Register offsets (stm32n657xx.h XSPI_TypeDef) */
#define STM32_XSPI_CR		0x000
#define STM32_XSPI_DCR1		0x008
#define STM32_XSPI_DCR2		0x00C
#define STM32_XSPI_DCR3		0x010
#define STM32_XSPI_DCR4		0x014
#define STM32_XSPI_SR		0x020
#define STM32_XSPI_FCR		0x024
#define STM32_XSPI_DLR		0x040
#define STM32_XSPI_AR		0x048
#define STM32_XSPI_DR		0x050
#define STM32_XSPI_PSMKR	0x080
#define STM32_XSPI_PSMAR	0x088
#define STM32_XSPI_PIR		0x090
#define STM32_XSPI_CCR		0x100
#define STM32_XSPI_TCR		0x108
#define STM32_XSPI_IR		0x110
#define STM32_XSPI_ABR		0x120
#define STM32_XSPI_LPTR		0x130
#define STM32_XSPI_WPCCR	0x140
#define STM32_XSPI_WPTCR	0x148
#define STM32_XSPI_WPIR		0x150
#define STM32_XSPI_WPABR	0x160
#define STM32_XSPI_WCCR		0x180
#define STM32_XSPI_WTCR		0x188
#define STM32_XSPI_WIR		0x190
#define STM32_XSPI_WABR		0x1A0
#define STM32_XSPI_HLCR		0x200
#define STM32_XSPI_CALFCR	0x210
#define STM32_XSPI_CALMR	0x218
#define STM32_XSPI_CALSOR	0x220
#define STM32_XSPI_CALSIR	0x228
/* An identification word the RMs do not describe ?: OpenOCD's stmqspi.h reads 0xA3C5DD01 there
 * on OCTOSPI parts ("deleted from RM") to tell an OCTOSPI from a QUADSPI. */
#define STM32_XSPI_MAGIC	0x3FC
#define STM32_OCTOSPI_MAGIC_ID	0xA3C5DD01u
#define STM32_XSPI_REGS_SIZE	0x400

/* CR */
#define STM32_XSPI_CR_EN		(1u << 0)
#define STM32_XSPI_CR_ABORT		(1u << 1)
#define STM32_XSPI_CR_DMAEN		(1u << 2)
#define STM32_XSPI_CR_TCEN		(1u << 3)
#define STM32_XSPI_CR_DMM		(1u << 6)
#define STM32_XSPI_CR_FTHRES_SHIFT	8
#define STM32_XSPI_CR_FTHRES_MASK	(0x3Fu << 8)
#define STM32_XSPI_CR_APMS		(1u << 22)
#define STM32_XSPI_CR_PMM		(1u << 23)
#define STM32_XSPI_CR_FMODE_SHIFT	28
#define STM32_XSPI_CR_FMODE_MASK	(3u << 28)
#define STM32_XSPI_FMODE_IND_WRITE	0u
#define STM32_XSPI_FMODE_IND_READ	1u
#define STM32_XSPI_FMODE_AUTOPOLL	2u
#define STM32_XSPI_FMODE_MMAP		3u
/* DCR1 */
#define STM32_XSPI_DCR1_DEVSIZE_SHIFT	16
#define STM32_XSPI_DCR1_DEVSIZE_MASK	(0x1Fu << 16)
#define STM32_XSPI_DCR1_MTYP_SHIFT	24
#define STM32_XSPI_DCR1_MTYP_MASK	(7u << 24)
/* SR */
#define STM32_XSPI_SR_TEF		(1u << 0)
#define STM32_XSPI_SR_TCF		(1u << 1)
#define STM32_XSPI_SR_FTF		(1u << 2)
#define STM32_XSPI_SR_SMF		(1u << 3)
#define STM32_XSPI_SR_TOF		(1u << 4)
#define STM32_XSPI_SR_BUSY		(1u << 5)
#define STM32_XSPI_SR_FLEVEL_SHIFT	8
/* FCR */
#define STM32_XSPI_FCR_CTEF		(1u << 0)
#define STM32_XSPI_FCR_CTCF		(1u << 1)
#define STM32_XSPI_FCR_CSMF		(1u << 3)
#define STM32_XSPI_FCR_CTOF		(1u << 4)
/* CCR */
#define STM32_XSPI_CCR_IMODE_SHIFT	0
#define STM32_XSPI_CCR_IDTR		(1u << 3)
#define STM32_XSPI_CCR_ISIZE_SHIFT	4
#define STM32_XSPI_CCR_ADMODE_SHIFT	8
#define STM32_XSPI_CCR_ADDTR		(1u << 11)
#define STM32_XSPI_CCR_ADSIZE_SHIFT	12
#define STM32_XSPI_CCR_ABMODE_SHIFT	16
#define STM32_XSPI_CCR_DMODE_SHIFT	24
#define STM32_XSPI_CCR_DDTR		(1u << 27)
#define STM32_XSPI_CCR_DQSE		(1u << 29)
/* TCR */
#define STM32_XSPI_TCR_DCYC_MASK	0x1Fu
/* TCR (RM0438: DHQC bit 28 delays the data output by a quarter cycle, for DTR) */
#define STM32_XSPI_TCR_DHQC		(1u << 28)
/* DCR1 (RM0438) */
#define STM32_XSPI_DCR1_DLYBYP		(1u << 3)
#define STM32_XSPI_DCR1_CSHT_SHIFT	8
#define STM32_XSPI_MTYP_MACRONIX	1u	/* DCR1.MTYP: Macronix byte order in DTR octal mode */

#endif
