/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * STM32F4 embedded flash interface (FLASH at 0x40023C00): registers, sector map, OTP and
 * option bytes. The register layout is shared by the simulator's model
 * (sim/periph/stm32f4_flash.c), and is meant for the host driver and RAM loaders too.
 *
 * Sources: RM0368 (STM32F401) §3 "Embedded flash memory interface", RM0090 §3 (same
 * controller on F405/F407), PM0059 §2.6 (option bytes), ST's stm32f401xe.h (CMSIS bit
 * names and positions) and stm32f4xx_hal_flash(_ex).c, DS10086 (STM32F401xD/E datasheet)
 * for typical program and erase times.
 */
#ifndef SIM_PERIPH_STM32F4_FLASH_H
#define SIM_PERIPH_STM32F4_FLASH_H

#include <stdint.h>

#include "../model.h"

/* Register offsets from the FLASH base (RM0368 §3.8, register map) */
#define STM32F4_FLASH_ACR 0x00u
#define STM32F4_FLASH_KEYR 0x04u
#define STM32F4_FLASH_OPTKEYR 0x08u
#define STM32F4_FLASH_SR 0x0Cu
#define STM32F4_FLASH_CR 0x10u
#define STM32F4_FLASH_OPTCR 0x14u
#define STM32F4_FLASH_REG_SIZE 0x400u	/* 0x40023C00-0x40023FFF (RM0368 §2.3, Table 1) */

/* Unlock keys (RM0368 §3.5.1 and §3.6.2) */
#define STM32F4_FLASH_KEY1 0x45670123u
#define STM32F4_FLASH_KEY2 0xCDEF89ABu
#define STM32F4_FLASH_OPTKEY1 0x08192A3Bu
#define STM32F4_FLASH_OPTKEY2 0x4C5D6E7Fu

/* FLASH_ACR (RM0368 §3.8.1) */
#define STM32F4_FLASH_ACR_LATENCY_MASK 0x7u
#define STM32F4_FLASH_ACR_PRFTEN (1u << 8)
#define STM32F4_FLASH_ACR_ICEN (1u << 9)
#define STM32F4_FLASH_ACR_DCEN (1u << 10)
#define STM32F4_FLASH_ACR_ICRST (1u << 11)
#define STM32F4_FLASH_ACR_DCRST (1u << 12)

/* FLASH_SR (RM0368 §3.8.4); all flags but BSY are cleared by writing 1 */
#define STM32F4_FLASH_SR_EOP (1u << 0)
#define STM32F4_FLASH_SR_OPERR (1u << 1)	/* "SOP" in stm32f401xe.h */
#define STM32F4_FLASH_SR_WRPERR (1u << 4)
#define STM32F4_FLASH_SR_PGAERR (1u << 5)
#define STM32F4_FLASH_SR_PGPERR (1u << 6)
#define STM32F4_FLASH_SR_PGSERR (1u << 7)
#define STM32F4_FLASH_SR_RDERR (1u << 8)
#define STM32F4_FLASH_SR_BSY (1u << 16)
#define STM32F4_FLASH_SR_W1C                                                                                       \
	(STM32F4_FLASH_SR_EOP | STM32F4_FLASH_SR_OPERR | STM32F4_FLASH_SR_WRPERR | STM32F4_FLASH_SR_PGAERR |       \
	 STM32F4_FLASH_SR_PGPERR | STM32F4_FLASH_SR_PGSERR | STM32F4_FLASH_SR_RDERR)

/* FLASH_CR (RM0368 §3.8.5) */
#define STM32F4_FLASH_CR_PG (1u << 0)
#define STM32F4_FLASH_CR_SER (1u << 1)
#define STM32F4_FLASH_CR_MER (1u << 2)
#define STM32F4_FLASH_CR_SNB_SHIFT 3
#define STM32F4_FLASH_CR_SNB_MASK (0x1Fu << STM32F4_FLASH_CR_SNB_SHIFT)
#define STM32F4_FLASH_CR_PSIZE_SHIFT 8
#define STM32F4_FLASH_CR_PSIZE_MASK (3u << STM32F4_FLASH_CR_PSIZE_SHIFT)
#define STM32F4_FLASH_CR_STRT (1u << 16)
#define STM32F4_FLASH_CR_EOPIE (1u << 24)
#define STM32F4_FLASH_CR_ERRIE (1u << 25)
#define STM32F4_FLASH_CR_LOCK (1u << 31)

/* PSIZE values (RM0368 §3.5.2, Table 5 "Program/erase parallelism") */
enum stm32f4_psize_e {
	STM32F4_PSIZE_X8 = 0,	/* 1.7/1.8-2.1 V */
	STM32F4_PSIZE_X16 = 1,	/* 2.1-2.7 V */
	STM32F4_PSIZE_X32 = 2,	/* 2.7-3.6 V */
	STM32F4_PSIZE_X64 = 3,	/* 2.7-3.6 V with external VPP (8-9 V) only */
	STM32F4_PSIZE_COUNT
};

/* FLASH_OPTCR (RM0368 §3.8.6); reset value 0x0FFFAAED with factory option bytes */
#define STM32F4_FLASH_OPTCR_OPTLOCK (1u << 0)
#define STM32F4_FLASH_OPTCR_OPTSTRT (1u << 1)
#define STM32F4_FLASH_OPTCR_BOR_LEV_SHIFT 2
#define STM32F4_FLASH_OPTCR_BOR_LEV_MASK (3u << STM32F4_FLASH_OPTCR_BOR_LEV_SHIFT)
#define STM32F4_FLASH_OPTCR_WDG_SW (1u << 5)
#define STM32F4_FLASH_OPTCR_NRST_STOP (1u << 6)
#define STM32F4_FLASH_OPTCR_NRST_STDBY (1u << 7)
#define STM32F4_FLASH_OPTCR_USER_MASK                                                                              \
	(STM32F4_FLASH_OPTCR_WDG_SW | STM32F4_FLASH_OPTCR_NRST_STOP | STM32F4_FLASH_OPTCR_NRST_STDBY)
#define STM32F4_FLASH_OPTCR_RDP_SHIFT 8
#define STM32F4_FLASH_OPTCR_RDP_MASK (0xFFu << STM32F4_FLASH_OPTCR_RDP_SHIFT)
#define STM32F4_FLASH_OPTCR_NWRP_SHIFT 16
#define STM32F4_FLASH_OPTCR_NWRP_MASK (0xFFFu << STM32F4_FLASH_OPTCR_NWRP_SHIFT)
#define STM32F4_FLASH_OPTCR_SPRMOD (1u << 31)
#define STM32F4_FLASH_OPTCR_RESET 0x0FFFAAEDu

/* RDP levels (RM0368 §3.6.3): 0xAA level 0, 0xCC level 2, anything else level 1 */
#define STM32F4_RDP_LEVEL0 0xAAu
#define STM32F4_RDP_LEVEL2 0xCCu

/* OTP area (RM0368 §3.7, Table 8): 16 blocks of 32 bytes, then 16 lock bytes */
#define STM32F4_OTP_BASE 0x1FFF7800u
#define STM32F4_OTP_BLOCKS 16u
#define STM32F4_OTP_BLOCK_SIZE 32u
#define STM32F4_OTP_SIZE (STM32F4_OTP_BLOCKS * STM32F4_OTP_BLOCK_SIZE)
#define STM32F4_OTP_LOCK_BASE (STM32F4_OTP_BASE + STM32F4_OTP_SIZE)	/* 0x1FFF7A00 */
#define STM32F4_OTP_LOCKED 0x00u	/* a lock byte holds 0xFF (open) or 0x00 (locked) only */

/* One sector: its size and its typical erase time for each PSIZE (x64: with VPP). */
struct stm32f4_sector_s {
	uint32_t size;
	uint32_t erase_us[STM32F4_PSIZE_COUNT];
};

/* What differs between F4 parts: the board file gives one of these. */
struct stm32f4_flash_config_s {
	uint32_t reg_base;			/* 0x40023C00 */
	uint32_t flash_base;			/* 0x08000000 */
	const struct stm32f4_sector_s *sectors;	/* in address order, from flash_base */
	unsigned n_sectors;
	uint32_t prog_us[STM32F4_PSIZE_COUNT];	/* typical time of one program operation */
	uint32_t mass_erase_us[STM32F4_PSIZE_COUNT];
	uint32_t option_prog_us;		/* OPTSTRT: erase + program of the user configuration sector */
	int irq;				/* the FLASH global interrupt's IRQ number; -1: none */
};

/* Model name as sim_model_ctx() and the state file know it. */
#define STM32F4_FLASH_MODEL_NAME "stm32f4-flash"

extern const struct sim_model_s stm32f4_flash_model;

#endif
