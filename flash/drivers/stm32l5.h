/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * STM32L5 flash driver: what a part's row in targets/ gives it (its columns), and what
 * the monitor commands may ask of it.
 */
#ifndef FLASH_DRIVERS_STM32L5_H
#define FLASH_DRIVERS_STM32L5_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct flash_s;

struct stm32l5_flash_cfg_s {
	uint32_t regs_ns, regs_s;	/* FLASH register block, non-secure and secure views */
	uint32_t flash_ns, flash_s;	/* main flash, non-secure and secure aliases */
	uint32_t flashsize_reg;		/* u16, KB; 0 or 0xFFFF read as max_size */
	uint32_t max_size;
	uint32_t page_dual, page_single;	/* page size with DBANK = 1 and DBANK = 0 */
	uint32_t rcc, pwr;		/* RCC and PWR register blocks (non-secure) */
	uint32_t crc_unit;		/* the CRC unit (0: none) */
};

/* Which bank BKER/MER1/MER2 name when SWAP_BANK = 1 (reference/hardware.md §1: disputed). */
enum stm32l5_bker_e {
	STM32L5_BKER_UNKNOWN,	/* learn it safely before the first erase that depends on it */
	STM32L5_BKER_PHYSICAL,	/* BKER = 1 is physical bank 2 wherever it is mapped */
	STM32L5_BKER_MAPPED,	/* BKER = 1 is the bank mapped at the upper half */
};

/* What the driver knows now (for `monitor stm32l5 options`). */
struct stm32l5_state_s {
	const struct stm32l5_flash_cfg_s *cfg;
	uint32_t optr, wrp[4];		/* WRP1AR, WRP1BR, WRP2AR, WRP2BR */
	uint32_t size;
	bool dual, swap, tzen;
	enum stm32l5_bker_e bker;
	bool bker_learned;		/* bker came from an experiment, not from the user */
	/* TrustZone: the register set erases and programs go through (secure with TZEN = 1) */
	uint32_t keyr, sr, cr;		/* addresses */
	const char *sr_name, *cr_name;
	bool secbb_set;			/* SECBBxRy opened by this download, restored at its end */
	uint32_t saved_secbb[8];
	/* what a download changed in RCC/PWR/FLASH_ACR to run faster, restored at its end */
	bool clock_raised, crc_enabled;
	uint32_t saved_rcc_cr, saved_acr, saved_pwr_cr1, saved_apb1enr1, saved_ahb1enr;
};

struct stm32l5_state_s *stm32l5_state(struct flash_s *f);	/* NULL when not an L5 */
const char *stm32l5_rdp_name(uint32_t optr);

/*
 * Changes FLASH_OPTR bits under mask (DBANK, SWAP_BANK): plan gets one paragraph saying
 * what will happen; with apply, it happens (option bytes written, OBL_LAUNCH, reset and
 * halt, flash probed again). 0, or -1 with err.
 */
struct error_s;
int stm32l5_set_optr(struct flash_s *f, uint32_t mask, uint32_t value, bool apply, char *plan, size_t len,
		     struct error_s *err);
/* stm32l5_clock.c: a faster core and the CRC unit for a download, and back. */
int stm32l5_clock_raise(struct flash_s *f, struct stm32l5_state_s *st, struct error_s *err);
int stm32l5_clock_restore(struct flash_s *f, struct stm32l5_state_s *st, struct error_s *err);

/* The user says which reading of BKER the part follows (STM32L5_BKER_UNKNOWN: learn it). */
int stm32l5_set_bker(struct flash_s *f, enum stm32l5_bker_e reading);

#endif /* FLASH_DRIVERS_STM32L5_H */
