/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * STM32L5 embedded flash controller (FLASH): register layout, bits and keys, and the
 * simulator's model of it (sim/periph/stm32l5_flash*.c).
 *
 * Sources: RM0438 (STM32L552xx/STM32L562xx reference manual) §6 "Embedded flash memory
 * (FLASH)": §6.3 organisation (dual/single bank, SWAP_BANK), §6.3.6-6.3.8 erase and
 * program sequences and error flags, §6.4 option bytes and OBL_LAUNCH, §6.5 TrustZone
 * security, §6.9 registers; ST's stm32l552xx.h (cmsis_device_l5) for offsets and bit
 * positions; ../shared/reference/hardware.md section 1.
 *
 * The register part of this header (everything above the model section) has no
 * dependency on the simulator, so a host-side driver or a RAM loader can share it.
 */
#ifndef SIM_PERIPH_STM32L5_FLASH_H
#define SIM_PERIPH_STM32L5_FLASH_H

#include <stdint.h>

/* ---- addresses (stm32l552xx.h) ---- */
#define STM32L5_FLASH_NS_BASE		0x08000000u	/* main flash, non-secure alias */
#define STM32L5_FLASH_S_BASE		0x0C000000u	/* main flash, secure alias */
#define STM32L5_FLASH_REGS_NS		0x40022000u	/* FLASH registers, non-secure view */
#define STM32L5_FLASH_REGS_S		0x50022000u	/* FLASH registers, secure view */
#define STM32L5_FLASH_REGS_SIZE		0x400u

/* ---- register offsets common to both views (RM0438 §6.9.28 register map) ---- */
#define STM32L5_FLASH_ACR		0x00u
#define STM32L5_FLASH_PDKEYR		0x04u
#define STM32L5_FLASH_NSKEYR		0x08u
#define STM32L5_FLASH_SECKEYR		0x0Cu
#define STM32L5_FLASH_OPTKEYR		0x10u
#define STM32L5_FLASH_LVEKEYR		0x14u
#define STM32L5_FLASH_NSSR		0x20u
#define STM32L5_FLASH_SECSR		0x24u
#define STM32L5_FLASH_NSCR		0x28u
#define STM32L5_FLASH_SECCR		0x2Cu
#define STM32L5_FLASH_ECCR		0x30u
#define STM32L5_FLASH_OPTR		0x40u
#define STM32L5_FLASH_NSBOOTADD0R	0x44u
#define STM32L5_FLASH_NSBOOTADD1R	0x48u
#define STM32L5_FLASH_SECBOOTADD0R	0x4Cu
#define STM32L5_FLASH_SECWM1R1		0x50u
#define STM32L5_FLASH_SECWM1R2		0x54u
#define STM32L5_FLASH_WRP1AR		0x58u
#define STM32L5_FLASH_WRP1BR		0x5Cu
#define STM32L5_FLASH_SECWM2R1		0x60u
#define STM32L5_FLASH_SECWM2R2		0x64u
#define STM32L5_FLASH_WRP2AR		0x68u
#define STM32L5_FLASH_WRP2BR		0x6Cu
#define STM32L5_FLASH_SECBB1R(n)	(0x80u + 4u * ((n) - 1u))	/* n = 1..4 */
#define STM32L5_FLASH_SECBB2R(n)	(0xA0u + 4u * ((n) - 1u))
#define STM32L5_FLASH_SECHDPCR		0xC0u
#define STM32L5_FLASH_PRIVCFGR		0xC4u

/*
 * The two register sets that drive flash operations, as an enum-indexed layout (one
 * array per set, as OpenOCD's stm32l4x.c does for L5 secure and non-secure).
 */
enum stm32l5_flash_reg_e {
	STM32L5_FLASH_REG_KEYR,
	STM32L5_FLASH_REG_SR,
	STM32L5_FLASH_REG_CR,
	STM32L5_FLASH_REG_COUNT,
};

/* NS and S are also the indices of the model's two operation domains. */
enum stm32l5_flash_domain_e {
	STM32L5_FLASH_NS = 0,
	STM32L5_FLASH_S = 1,
};

/* ---- keys (RM0438 §6.3.5, §6.4.2) ---- */
#define STM32L5_FLASH_KEY1		0x45670123u
#define STM32L5_FLASH_KEY2		0xCDEF89ABu
#define STM32L5_FLASH_OPTKEY1		0x08192A3Bu
#define STM32L5_FLASH_OPTKEY2		0x4C5D6E7Fu

/* ---- NSSR / SECSR (RM0438 §6.9.6, §6.9.7); SECSR has no OPTWERR ---- */
#define STM32L5_FLASH_SR_EOP		(1u << 0)
#define STM32L5_FLASH_SR_OPERR		(1u << 1)
#define STM32L5_FLASH_SR_PROGERR	(1u << 3)
#define STM32L5_FLASH_SR_WRPERR		(1u << 4)
#define STM32L5_FLASH_SR_PGAERR		(1u << 5)
#define STM32L5_FLASH_SR_SIZERR		(1u << 6)
#define STM32L5_FLASH_SR_PGSERR		(1u << 7)
#define STM32L5_FLASH_NSSR_OPTWERR	(1u << 13)
#define STM32L5_FLASH_SR_BSY		(1u << 16)
#define STM32L5_FLASH_SR_ERRORS                                                                        \
	(STM32L5_FLASH_SR_OPERR | STM32L5_FLASH_SR_PROGERR | STM32L5_FLASH_SR_WRPERR |                 \
	 STM32L5_FLASH_SR_PGAERR | STM32L5_FLASH_SR_SIZERR | STM32L5_FLASH_SR_PGSERR)

/* ---- NSCR / SECCR (RM0438 §6.9.8, §6.9.9) ---- */
#define STM32L5_FLASH_CR_PG		(1u << 0)
#define STM32L5_FLASH_CR_PER		(1u << 1)
#define STM32L5_FLASH_CR_MER1		(1u << 2)
#define STM32L5_FLASH_CR_PNB_SHIFT	3u
#define STM32L5_FLASH_CR_PNB_MASK	(0x7Fu << STM32L5_FLASH_CR_PNB_SHIFT)
#define STM32L5_FLASH_CR_BKER		(1u << 11)
#define STM32L5_FLASH_CR_MER2		(1u << 15)
#define STM32L5_FLASH_CR_STRT		(1u << 16)
#define STM32L5_FLASH_CR_EOPIE		(1u << 24)
#define STM32L5_FLASH_CR_ERRIE		(1u << 25)
#define STM32L5_FLASH_CR_LOCK		(1u << 31)
/* NSCR only */
#define STM32L5_FLASH_NSCR_OPTSTRT	(1u << 17)
#define STM32L5_FLASH_NSCR_OBL_LAUNCH	(1u << 27)
#define STM32L5_FLASH_NSCR_OPTLOCK	(1u << 30)
/* SECCR only */
#define STM32L5_FLASH_SECCR_SECINV	(1u << 29)

/* ---- OPTR (RM0438 §6.9.11) ---- */
#define STM32L5_FLASH_OPTR_RDP_MASK	0xFFu
#define STM32L5_FLASH_OPTR_SWAP_BANK	(1u << 20)
#define STM32L5_FLASH_OPTR_DB256K	(1u << 21)
#define STM32L5_FLASH_OPTR_DBANK	(1u << 22)
#define STM32L5_FLASH_OPTR_TZEN		(1u << 31)
#define STM32L5_FLASH_RDP_LEVEL0	0xAAu
#define STM32L5_FLASH_RDP_LEVEL05	0x55u
#define STM32L5_FLASH_RDP_LEVEL2	0xCCu

/* WRPxyR, SECWMxR1: start page in bits 6:0, end page in bits 22:16 (RM0438 §6.9.16-6.9.23) */
#define STM32L5_FLASH_AREA_PSTRT(v)	((v) & 0x7Fu)
#define STM32L5_FLASH_AREA_PEND(v)	(((v) >> 16) & 0x7Fu)

/* ---- geometry (RM0438 §6.3.1) ---- */
#define STM32L5_FLASH_SIZE		(512u * 1024u)
#define STM32L5_FLASH_BANK_SIZE		(256u * 1024u)	/* DBANK = 1 */
#define STM32L5_FLASH_PAGE_DB		2048u		/* DBANK = 1: 128 pages per bank */
#define STM32L5_FLASH_PAGE_SB		4096u		/* DBANK = 0: 128 pages, one bank */
#define STM32L5_FLASH_PAGES_PER_BANK	128u

/* ==== the simulator's model ==== */

struct sim_model_s;

/* A board's use of the model (sim/boards/stm32l552.c). */
struct stm32l5_flash_config_s {
	uint32_t flash_ns_base;		/* the flash region the model owns */
	uint32_t flash_s_base;		/* its secure alias (a region aliasing flash_ns_base) */
	uint32_t regs_ns;		/* register block, non-secure view */
	uint32_t regs_s;		/* register block, secure view */
	uint32_t optr_factory;		/* OPTR as the part leaves the factory */
	int irq_ns, irq_s;		/* FLASH and FLASH_S global interrupts (IRQ numbers); -1: none */
};

extern const struct sim_model_s stm32l5_flash_model;

/* The model's name, for sim_model_ctx() and the state file. */
#define STM32L5_FLASH_MODEL_NAME "stm32l5-flash"

#endif
