/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The STM32F4 flash model's state, shared by stm32f4_flash.c and stm32f4_otp.c only. */
#ifndef SIM_PERIPH_STM32F4_FLASH_PRIVATE_H
#define SIM_PERIPH_STM32F4_FLASH_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../bus.h"
#include "flash_faults.h"
#include "stm32f4_flash.h"

/* Option fields that OPTSTRT programs (RM0368 §3.8.6) */
#define F4_OPTCR_FIELDS                                                                                            \
	(STM32F4_FLASH_OPTCR_BOR_LEV_MASK | STM32F4_FLASH_OPTCR_USER_MASK | STM32F4_FLASH_OPTCR_RDP_MASK |        \
	 STM32F4_FLASH_OPTCR_NWRP_MASK | STM32F4_FLASH_OPTCR_SPRMOD)

/* Where an unlock sequence (KEYR or OPTKEYR) stands. */
struct f4_key_s {
	unsigned stage;		/* 0: expecting KEY1, 1: expecting KEY2 */
	bool blocked;		/* a wrong sequence: refused until the next reset */
};

struct f4_flash_s {
	const struct stm32f4_flash_config_s *cfg;
	struct sim_mem_s *flash;	/* main flash region (the boot alias shares its buffer) */
	struct sim_mem_s *sysmem;	/* system memory region holding the OTP and lock bytes */
	uint32_t acr;
	uint32_t cr;
	uint32_t sr;			/* sticky flags; BSY comes from busy_until */
	uint32_t optcr;			/* the register as written (fields not yet programmed) */
	uint32_t ob;			/* option bytes in force (OPTCR layout, OPTLOCK/OPTSTRT clear) */
	struct f4_key_s key, optkey;
	uint64_t busy_until;		/* modeled time at which BSY clears */
	bool op_pending;		/* an operation whose end has not been seen yet */
	bool eop_pending;		/* set EOP when it ends (EOPIE was set) */
	bool vpp;			/* external VPP applied: x64 parallelism allowed */
	bool dw_pending;		/* x64: first word of a double word received */
	uint32_t dw_addr, dw_lo;
	struct flash_faults_s faults;	/* --option fault_* (flash_faults.h) */
};

/* The status flags fault_error may name (flash_faults.h). */
extern const struct flash_flag_s f4_flash_flags[];

bool f4_busy(struct sim *s, const struct f4_flash_s *f);
void f4_start_op(struct sim *s, struct f4_flash_s *f, uint64_t duration_ns);
void f4_error(struct sim *s, struct f4_flash_s *f, uint32_t flags);
/* The FLASH interrupt line follows the flags and their enables (after any change). */
void f4_irq_update(struct sim *s, struct f4_flash_s *f);
enum stm32f4_psize_e f4_psize(const struct f4_flash_s *f);
bool f4_sector_protected(const struct f4_flash_s *f, unsigned sector);
uint32_t f4_program_check(struct f4_flash_s *f, uint32_t addr, unsigned size, bool *ready);
void f4_erase_main(struct f4_flash_s *f);
uint32_t f4_program_unit(struct sim *s, struct f4_flash_s *f, uint8_t *p, uint32_t off, const uint8_t *data,
			 unsigned n);
uint32_t f4_optcr_fixed(const struct f4_flash_s *f);

/* stm32f4_otp.c: the OTP area's writer, options and what the state file keeps */
int f4_otp_write(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t addr, unsigned size, uint32_t val);
int f4_set_option(struct sim *s, void *ctx, const char *key, const char *value, char *err, size_t errlen);
int f4_save(struct sim *s, void *ctx, FILE *f);
int f4_load(struct sim *s, void *ctx, FILE *f, size_t len, char *err, size_t errlen);

#endif
