/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The STM32L5 flash model's state, shared by stm32l5_flash.c (life cycle, options,
 * persistence), stm32l5_flash_regs.c (register views) and stm32l5_flash_ops.c (erase,
 * program, bank mapping, timing). Not for use outside sim/periph/stm32l5_flash*.c.
 */
#ifndef SIM_PERIPH_STM32L5_FLASH_PRIV_H
#define SIM_PERIPH_STM32L5_FLASH_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "../sim_internal.h"
#include "flash_faults.h"
#include "stm32l5_flash.h"

/*
 * Typical busy times. DS12736 (STM32L552xx datasheet) "Flash memory characteristics"
 * table, typical column: tprog 64-bit 81.7 us, tERASE one 2 KB page 22.02 ms, tME mass
 * erase (one or both banks) 22.13 ms. These are the figures the STM32L4/L5 datasheets
 * share (DS10198 has the same row); the DS12736 table itself could not be re-read here, so
 * they are marked ? until checked against the PDF.
 * A 4 KB page (DBANK = 0) is given the 2 KB figure ?: the datasheet lists one page time.
 * Option programming (OPTSTRT) has no datasheet figure ?: modeled as one page erase.
 */
#define L5_T_PROG_DW_NS		81700u
#define L5_T_ERASE_PAGE_NS	22020000u
#define L5_T_MASS_ERASE_NS	22130000u
#define L5_T_OPT_PROG_NS	L5_T_ERASE_PAGE_NS

/* Option-byte backed registers (RM0438 §6.4.1), in the order of this enum. */
enum l5_opt_e {
	L5_OPT_OPTR,
	L5_OPT_NSBOOTADD0R,
	L5_OPT_NSBOOTADD1R,
	L5_OPT_SECBOOTADD0R,
	L5_OPT_SECWM1R1,
	L5_OPT_SECWM1R2,
	L5_OPT_WRP1AR,
	L5_OPT_WRP1BR,
	L5_OPT_SECWM2R1,
	L5_OPT_SECWM2R2,
	L5_OPT_WRP2AR,
	L5_OPT_WRP2BR,
	L5_OPT_COUNT,
};

struct l5_opt_desc_s {
	const char *name;	/* lower case, as --option and the state file spell it */
	uint32_t offset;
	uint32_t mask;		/* bits that exist; the rest read 0 */
	uint32_t factory;	/* value as the part leaves the factory */
};

extern const struct l5_opt_desc_s l5_opt_desc[L5_OPT_COUNT];

/* One double-word being assembled from two 32-bit writes while PG is set. */
struct l5_dword_s {
	bool have_low;
	uint32_t addr;		/* offset of the double-word in the flash */
	uint32_t low;
};

/* One register set (NS or S): its key state, control and status. */
struct l5_domain_s {
	uint32_t cr;		/* as stored; STRT is kept while the operation runs */
	uint32_t sr;		/* error flags and EOP; BSY is computed from busy_until */
	unsigned key_stage;	/* 0: expect KEY1, 1: expect KEY2 */
	bool key_lockout;	/* a wrong key: KEYR answers bus errors until reset */
	bool eop_pending;	/* set EOP when the running operation ends */
	uint64_t op_end_ns;	/* when this domain's last operation ends */
	struct l5_dword_s dw;
};

struct stm32l5_flash_s;

/* The block a bus access came through: the secure view or the non-secure one. */
struct l5_view_s {
	struct stm32l5_flash_s *f;
	bool secure;
};

struct stm32l5_flash_s {
	struct sim *s;
	const struct stm32l5_flash_config_s *cfg;
	uint8_t *mem;			/* the flash region's buffer: the ADDRESS view */
	struct l5_view_s views[2];	/* ctx of the NS and S register blocks */
	struct l5_domain_s dom[2];	/* indexed by enum stm32l5_flash_domain_e */

	/* Option bytes: what software reads and writes (registers), what OPTSTRT stored in
	 * the option area, and what the last option load (power-on, OBL_LAUNCH) made
	 * effective. Only `loaded` decides the bank mapping and TrustZone. */
	uint32_t opt_reg[L5_OPT_COUNT];
	uint32_t opt_stored[L5_OPT_COUNT];
	uint32_t opt_loaded[L5_OPT_COUNT];
	bool obl_pending;		/* reload at the next system reset (power-on, OBL_LAUNCH) */
	bool view_swapped;		/* mem's halves hold physical bank 2 then bank 1 */
	bool bker_mapped;		/* --option bker=mapped: BKER/MER1/MER2 name the bank at the address */
	unsigned optkey_stage;
	bool optkey_lockout;

	uint32_t acr;
	uint32_t secbb[2][4];		/* SECBB1R1-4, SECBB2R1-4: volatile, cleared by reset */
	uint32_t sechdpcr;
	uint32_t privcfgr;
	uint64_t busy_until;		/* the flash array is busy until this modeled time */
	struct flash_faults_s faults;	/* --option fault_* (flash_faults.h) */
};

/* ---- stm32l5_flash_ops.c ---- */

/* Effective (loaded) configuration. */
bool l5_dual_bank(const struct stm32l5_flash_s *f);
bool l5_swapped(const struct stm32l5_flash_s *f);
bool l5_tzen(const struct stm32l5_flash_s *f);

/* Make mem's halves follow the loaded SWAP_BANK (physical content follows the mapping). */
void l5_apply_mapping(struct stm32l5_flash_s *f);

/* Pin the stuck bits of fault injection across the whole array (power-on, reset). */
void l5_apply_stuck_bits(struct stm32l5_flash_s *f);

/* The status flags fault_error may name (flash_faults.h). */
extern const struct flash_flag_s l5_flash_flags[];

/* Flash array writes (the region's writer). */
int l5_flash_write(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t addr, unsigned size,
		   uint32_t val);

/* STRT written to domain d's CR: start the selected erase. */
void l5_start_erase(struct stm32l5_flash_s *f, enum stm32l5_flash_domain_e d);

/* Charge busy time to domain d; EOP follows at the end if EOPIE was set. */
void l5_charge_busy(struct stm32l5_flash_s *f, enum stm32l5_flash_domain_e d, uint64_t ns);

/* ---- stm32l5_flash_regs.c ---- */

int l5_regs_read(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t off, unsigned size, uint32_t *val);
int l5_regs_write(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t off, unsigned size, uint32_t val);

/* Reset values of the registers (system reset); option registers from opt_loaded. */
void l5_regs_reset(struct stm32l5_flash_s *f);
/* A domain's interrupt line (FLASH for NSCR/NSSR, FLASH_S for SECCR/SECSR) follows its
 * flags and enables: call after any change of them. */
void l5_irq_update(struct stm32l5_flash_s *f, enum stm32l5_flash_domain_e d);
/* Timer (sim_call_at) at the end of an operation with EOPIE: EOP sets, the line rises. */
void l5_op_end(struct sim *s, void *ctx);

/* ---- stm32l5_flash.c ---- */

/* OBL_LAUNCH: reload the options and reset the board. */
void l5_obl_launch(struct stm32l5_flash_s *f);

#endif
