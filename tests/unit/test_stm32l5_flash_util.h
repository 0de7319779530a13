/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers for the STM32L5 flash model's tests: a board with board options, register
 * access as the debugger does it (sim_bus_read/write through the MEM-AP's master), the
 * RM0438 sequences (unlock, program a double-word, page erase), waiting in modeled time.
 */
#ifndef TESTS_UNIT_TEST_STM32L5_FLASH_UTIL_H
#define TESTS_UNIT_TEST_STM32L5_FLASH_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sim/sim_internal.h"
#include "sim/periph/stm32l5_flash.h"

#define NS(off) (STM32L5_FLASH_REGS_NS + (off))
#define SEC(off) (STM32L5_FLASH_REGS_S + (off))
#define FL(off) (STM32L5_FLASH_NS_BASE + (off))
#define FLS(off) (STM32L5_FLASH_S_BASE + (off))

/* Typical times the model uses (DS12736, see sim/periph/stm32l5_flash_priv.h). */
#define T_PROG 81700u
#define T_PAGE 22020000u
#define T_MASS 22130000u

#define DHCSR 0xE000EDF0u
#define DHCSR_HALT_KEY 0xA05F0003u	/* DBGKEY | C_HALT | C_DEBUGEN */
#define DHCSR_S_RESET_ST (1u << 25)

#define KB 1024u

/* A board with --option strings (NULL-terminated list, may be NULL), its core halted. */
static inline struct sim *l5_board(const char *const *opts, const char *state)
{
	struct sim_options_s o = { .board = "stm32l552", .board_options = opts, .state_file = state };
	char err[256] = "";
	struct sim *s = sim_create(&o, err, sizeof(err));

	if (!s)
		fail_msg("sim_create: %s", err);
	/* the erased flash holds no program: keep the CPU out of the way */
	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, DHCSR, 4, DHCSR_HALT_KEY), SIM_BUS_OK);
	return s;
}

static inline uint32_t rd(struct sim *s, uint32_t addr)
{
	uint32_t v = 0xDEADBEEF;

	assert_int_equal(sim_bus_read(s, SIM_MASTER_DEBUG, addr, 4, &v), SIM_BUS_OK);
	return v;
}

static inline void wr(struct sim *s, uint32_t addr, uint32_t v)
{
	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, addr, 4, v), SIM_BUS_OK);
}

static inline int wr_raw(struct sim *s, uint32_t addr, unsigned size, uint32_t v)
{
	return sim_bus_write(s, SIM_MASTER_DEBUG, addr, size, v);
}

static inline uint64_t busy_ns(struct sim *s)
{
	struct sim_stats_s st;

	sim_get_stats(s, &st);
	return st.flash_busy_ns;
}

/* KEY1, KEY2 into the key register at `keyr` (NSKEYR or SECKEYR, either view). */
static inline void unlock(struct sim *s, uint32_t keyr)
{
	wr(s, keyr, STM32L5_FLASH_KEY1);
	wr(s, keyr, STM32L5_FLASH_KEY2);
}

/* NSKEYR (unless unlocked: a key then would lock up the register set), then OPTKEYR. */
static inline void unlock_opt(struct sim *s)
{
	if (rd(s, NS(STM32L5_FLASH_NSCR)) & STM32L5_FLASH_CR_LOCK)
		unlock(s, NS(STM32L5_FLASH_NSKEYR));
	wr(s, NS(STM32L5_FLASH_OPTKEYR), STM32L5_FLASH_OPTKEY1);
	wr(s, NS(STM32L5_FLASH_OPTKEYR), STM32L5_FLASH_OPTKEY2);
	assert_int_equal(rd(s, NS(STM32L5_FLASH_NSCR)) & STM32L5_FLASH_NSCR_OPTLOCK, 0);
}

/* Advance modeled time until BSY clears (bounded: 100 ms). */
static inline void wait_idle(struct sim *s, uint32_t sr)
{
	for (int i = 0; i < 1000 && (rd(s, sr) & STM32L5_FLASH_SR_BSY); i++)
		sim_advance_ns(s, 100000);
	assert_int_equal(rd(s, sr) & STM32L5_FLASH_SR_BSY, 0);
}

/* PG, two words, wait, PG off: through the register set at `regs` (NS or S view base). */
static inline void program_dw_via(struct sim *s, uint32_t cr, uint32_t sr, uint32_t addr, uint32_t lo, uint32_t hi)
{
	wr(s, cr, STM32L5_FLASH_CR_PG);
	wr(s, addr, lo);
	wr(s, addr + 4, hi);
	wait_idle(s, sr);
	wr(s, cr, 0);
}

static inline void program_dw(struct sim *s, uint32_t addr, uint32_t lo, uint32_t hi)
{
	program_dw_via(s, NS(STM32L5_FLASH_NSCR), NS(STM32L5_FLASH_NSSR), addr, lo, hi);
}

/* PER + PNB (+ BKER) + STRT in one write, as OpenOCD does; wait. */
static inline void page_erase(struct sim *s, unsigned bank, unsigned page)
{
	wr(s, NS(STM32L5_FLASH_NSCR),
	   STM32L5_FLASH_CR_PER | STM32L5_FLASH_CR_STRT | (page << STM32L5_FLASH_CR_PNB_SHIFT) |
		   (bank == 2 ? STM32L5_FLASH_CR_BKER : 0));
	wait_idle(s, NS(STM32L5_FLASH_NSSR));
	wr(s, NS(STM32L5_FLASH_NSCR), 0);
}

/* The flash as the bus reads it at 0x08000000 (the address view), copied. */
static inline uint8_t *snapshot(struct sim *s)
{
	uint8_t *p = malloc(STM32L5_FLASH_SIZE);
	struct sim_mem_s *m = sim_bus_mem_at(s, STM32L5_FLASH_NS_BASE);

	assert_non_null(p);
	assert_non_null(m);
	memcpy(p, m->data, STM32L5_FLASH_SIZE);
	return p;
}

/* Every byte outside [lo, hi) equal in a and b; returns the first differing offset or -1. */
static inline long first_diff_outside(const uint8_t *a, const uint8_t *b, uint32_t lo, uint32_t hi)
{
	for (uint32_t i = 0; i < STM32L5_FLASH_SIZE; i++)
		if ((i < lo || i >= hi) && a[i] != b[i])
			return (long)i;
	return -1;
}

/* Pulse nRESET (a plain system reset, no option load). */
static inline void pin_reset(struct sim *s)
{
	sim_set_nreset(s, true);
	sim_set_nreset(s, false);
}

#endif
