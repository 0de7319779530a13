/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ARM Debug Interface v5.2 (IHI 0031) register map: SW-DP registers (B2.2), the SWD packet
 * (B4.2), MEM-AP registers (C2.6) and CoreSight identification (CoreSight Architecture
 * Specification v3.0, B2.2 component and peripheral ID, D5 ROM tables).
 */
#ifndef SRC_ADI_ADI_REGS_H
#define SRC_ADI_ADI_REGS_H

/* SWD request byte, LSB first on the wire (B4.2): Start, APnDP, RnW, A[2:3], Parity, Stop, Park */
#define ADI_SWD_REQ_START (1u << 0)
#define ADI_SWD_REQ_APNDP (1u << 1)
#define ADI_SWD_REQ_RNW (1u << 2)
#define ADI_SWD_REQ_A_SHIFT 3
#define ADI_SWD_REQ_PARITY (1u << 5)
#define ADI_SWD_REQ_PARK (1u << 7)

/* ACK, LSB first (B4.2.1); 7 = nobody drove the line (pull-up): no response */
#define ADI_SWD_ACK_OK 1u
#define ADI_SWD_ACK_WAIT 2u
#define ADI_SWD_ACK_FAULT 4u
#define ADI_SWD_ACK_NONE 7u

/* DP register addresses A[3:2] (B2.2) */
#define ADI_DP_DPIDR 0x0	/* read */
#define ADI_DP_ABORT 0x0	/* write */
#define ADI_DP_CTRL_STAT 0x4	/* bank 0 */
#define ADI_DP_RESEND 0x8	/* read */
#define ADI_DP_SELECT 0x8	/* write */
#define ADI_DP_RDBUFF 0xC	/* read */
#define ADI_DP_TARGETSEL 0xC	/* write, DPv2 */

/* DP banks behind address 0x4 (SELECT.DPBANKSEL), B2.2.6 */
#define ADI_DP_BANK_CTRL_STAT 0
#define ADI_DP_BANK_DLCR 1
#define ADI_DP_BANK_TARGETID 2
#define ADI_DP_BANK_DLPIDR 3

/* DPIDR (B2.2.5) */
#define ADI_DP_DPIDR_VERSION_SHIFT 12
#define ADI_DP_DPIDR_VERSION_MASK (0xFu << 12)
#define ADI_DP_DPIDR_MIN (1u << 16)
#define ADI_DP_DPIDR_PARTNO_SHIFT 20

/* ABORT (B2.2.1) */
#define ADI_DP_ABORT_DAPABORT (1u << 0)
#define ADI_DP_ABORT_STKCMPCLR (1u << 1)
#define ADI_DP_ABORT_STKERRCLR (1u << 2)
#define ADI_DP_ABORT_WDERRCLR (1u << 3)
#define ADI_DP_ABORT_ORUNERRCLR (1u << 4)
#define ADI_DP_ABORT_ALL_CLR (ADI_DP_ABORT_STKCMPCLR | ADI_DP_ABORT_STKERRCLR | ADI_DP_ABORT_WDERRCLR | \
			      ADI_DP_ABORT_ORUNERRCLR)

/* CTRL/STAT (B2.2.2) */
#define ADI_DP_CTRL_STAT_ORUNDETECT (1u << 0)
#define ADI_DP_CTRL_STAT_STICKYORUN (1u << 1)
#define ADI_DP_CTRL_STAT_STICKYCMP (1u << 4)
#define ADI_DP_CTRL_STAT_STICKYERR (1u << 5)
#define ADI_DP_CTRL_STAT_READOK (1u << 6)
#define ADI_DP_CTRL_STAT_WDATAERR (1u << 7)
#define ADI_DP_CTRL_STAT_CDBGRSTREQ (1u << 26)
#define ADI_DP_CTRL_STAT_CDBGRSTACK (1u << 27)
#define ADI_DP_CTRL_STAT_CDBGPWRUPREQ (1u << 28)
#define ADI_DP_CTRL_STAT_CDBGPWRUPACK (1u << 29)
#define ADI_DP_CTRL_STAT_CSYSPWRUPREQ (1u << 30)
#define ADI_DP_CTRL_STAT_CSYSPWRUPACK (1u << 31)
#define ADI_DP_CTRL_STAT_STICKY_ALL (ADI_DP_CTRL_STAT_STICKYORUN | ADI_DP_CTRL_STAT_STICKYCMP | \
				     ADI_DP_CTRL_STAT_STICKYERR | ADI_DP_CTRL_STAT_WDATAERR)

/* SELECT (B2.2.9): APSEL 31:24, APBANKSEL 7:4, DPBANKSEL 3:0 */
#define ADI_DP_SELECT_APSEL_SHIFT 24
#define ADI_DP_SELECT_APBANK_MASK 0xF0u
#define ADI_DP_SELECT_DPBANK_MASK 0x0Fu

/* AP registers common to all APs (C2.5) and MEM-AP registers (C2.6) */
#define ADI_AP_IDR 0xFC
#define ADI_MEMAP_CSW 0x00
#define ADI_MEMAP_TAR 0x04
#define ADI_MEMAP_DRW 0x0C
#define ADI_MEMAP_BD0 0x10
#define ADI_MEMAP_CFG 0xF4
#define ADI_MEMAP_BASE 0xF8

/* AP IDR (C2.5.4): REVISION 31:28, DESIGNER 27:17, CLASS 16:13, VARIANT 7:4, TYPE 3:0 */
#define ADI_AP_IDR_CLASS_SHIFT 13
#define ADI_AP_IDR_CLASS_MASK (0xFu << 13)
#define ADI_AP_IDR_CLASS_MEMAP 0x8u
#define ADI_AP_IDR_TYPE_MASK 0xFu
#define ADI_AP_IDR_DESIGNER_SHIFT 17
#define ADI_AP_IDR_DESIGNER_MASK (0x7FFu << 17)

/* MEM-AP CSW (C2.6.4) */
#define ADI_MEMAP_CSW_SIZE_MASK 0x7u
#define ADI_MEMAP_CSW_SIZE_8 0x0u
#define ADI_MEMAP_CSW_SIZE_16 0x1u
#define ADI_MEMAP_CSW_SIZE_32 0x2u
#define ADI_MEMAP_CSW_ADDRINC_MASK (3u << 4)
#define ADI_MEMAP_CSW_ADDRINC_OFF (0u << 4)
#define ADI_MEMAP_CSW_ADDRINC_SINGLE (1u << 4)
#define ADI_MEMAP_CSW_ADDRINC_PACKED (2u << 4)
#define ADI_MEMAP_CSW_DEVICEEN (1u << 6)
#define ADI_MEMAP_CSW_TRINPROG (1u << 7)

/* MEM-AP BASE (C2.6.1): bit 0 entry present, bit 1 ADIv5 format */
#define ADI_MEMAP_BASE_PRESENT (1u << 0)
#define ADI_MEMAP_BASE_FORMAT (1u << 1)
#define ADI_MEMAP_BASE_ADDR_MASK 0xFFFFF000u

/* TAR auto-increment is only guaranteed within TAR[9:0] (C2.6.3) */
#define ADI_MEMAP_TAR_WRAP 1024u

/* CoreSight component registers, offsets from the 4 KB component base */
#define ADI_CS_DEVARCH 0xFBC
#define ADI_CS_DEVTYPE 0xFCC
#define ADI_CS_PIDR4 0xFD0
#define ADI_CS_PIDR0 0xFE0
#define ADI_CS_CIDR0 0xFF0
#define ADI_CS_CIDR1 0xFF4
#define ADI_CS_CLASS_ROM 0x1u		/* CIDR1[7:4] 1: ROM table (class 0x1) */
#define ADI_CS_CLASS_CORESIGHT 0x9u	/* 9: CoreSight component, may be a class-9 ROM table */
#define ADI_CS_CLASS_GENERIC 0xEu	/* E: generic IP (Cortex-M SCS/DWT/FPB on v7-M) */
#define ADI_CS_DEVARCH_PRESENT (1u << 20)
#define ADI_CS_DEVARCH_ROM_TABLE 0x47700AF7u	/* ARM, class-9 ROM table */
#define ADI_CS_ROM_ENTRY_PRESENT (1u << 0)
#define ADI_CS_ROM_ENTRY_FORMAT32 (1u << 1)
#define ADI_CS_ROM_ENTRY_OFFSET_MASK 0xFFFFF000u

#endif /* SRC_ADI_ADI_REGS_H */
