// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32L5 flash model (sim/periph/stm32l5_flash*.c): registers, keys, error flags,
 * programming, erase, busy timing, option bytes with OPTSTRT and OBL_LAUNCH, --option,
 * TrustZone (secure register view, SECBB, SECINV, the secure alias) and the state file.
 * Bank mapping (DBANK x SWAP_BANK) is in test_stm32l5_flash_map.c.
 */
#include <stdio.h>
#include <unistd.h>

#include "test_stm32l5_flash_util.h"

#define NSCR NS(STM32L5_FLASH_NSCR)
#define NSSR NS(STM32L5_FLASH_NSSR)
#define NSKEYR NS(STM32L5_FLASH_NSKEYR)
#define OPTR NS(STM32L5_FLASH_OPTR)
#define SECCR SEC(STM32L5_FLASH_SECCR)
#define SECSR SEC(STM32L5_FLASH_SECSR)
#define SECKEYR SEC(STM32L5_FLASH_SECKEYR)

#define OPTR_FACTORY 0x1F6F70AAu

static int setup(void **state)
{
	*state = l5_board(NULL, NULL);
	return 0;
}

static int teardown(void **state)
{
	sim_destroy(*state);
	return 0;
}

/* ---- reset values (RM0438 §6.9) ---- */

static void test_reset_values(void **state)
{
	struct sim *s = *state;
	uint32_t v;

	assert_int_equal(rd(s, NSCR), 0xC0000000u);	/* LOCK | OPTLOCK */
	assert_int_equal(rd(s, NSSR), 0);
	assert_int_equal(rd(s, NS(STM32L5_FLASH_ACR)), 0);
	assert_int_equal(rd(s, OPTR), OPTR_FACTORY);
	assert_int_equal(rd(s, NS(STM32L5_FLASH_WRP1AR)), 0x7F);
	assert_int_equal(rd(s, NS(STM32L5_FLASH_WRP2BR)), 0x7F);
	assert_int_equal(rd(s, NS(STM32L5_FLASH_SECWM1R1)), 0x007F0000u);
	assert_int_equal(rd(s, NS(STM32L5_FLASH_NSBOOTADD0R)), 0x08000000u);
	assert_int_equal(rd(s, NS(STM32L5_FLASH_ECCR)), 0);
	/* TZEN = 0: secure registers are RAZ/WI in both views */
	assert_int_equal(rd(s, SECCR), 0);
	assert_int_equal(rd(s, SECSR), 0);
	/* the common registers answer in the secure view too */
	assert_int_equal(rd(s, SEC(STM32L5_FLASH_OPTR)), OPTR_FACTORY);
	assert_int_equal(rd(s, SEC(STM32L5_FLASH_NSCR)), 0xC0000000u);
	/* key registers are write-only */
	assert_int_equal(rd(s, NSKEYR), 0);
	/* FLASHSIZE (RM0438 §53.2) */
	assert_int_equal(sim_bus_read(s, SIM_MASTER_DEBUG, 0x0BFA05E0, 2, &v), SIM_BUS_OK);
	assert_int_equal(v, 512);
	/* byte read of NSCR's top byte */
	assert_int_equal(sim_bus_read(s, SIM_MASTER_DEBUG, NSCR + 3, 1, &v), SIM_BUS_OK);
	assert_int_equal(v, 0xC0);
}

static void test_unlock_lock(void **state)
{
	struct sim *s = *state;

	/* locked: writes to NSCR are ignored */
	wr(s, NSCR, STM32L5_FLASH_CR_PG);
	assert_int_equal(rd(s, NSCR), 0xC0000000u);
	unlock(s, NSKEYR);
	assert_int_equal(rd(s, NSCR), STM32L5_FLASH_NSCR_OPTLOCK);
	/* every writable bit, then LOCK again */
	wr(s, NSCR, 0x0300FBFFu & ~STM32L5_FLASH_CR_STRT);
	assert_int_equal(rd(s, NSCR), STM32L5_FLASH_NSCR_OPTLOCK | 0x03008BFFu);
	/* OPTLOCK cannot be cleared by writing 0 */
	assert_int_equal(rd(s, NSCR) & STM32L5_FLASH_NSCR_OPTLOCK, STM32L5_FLASH_NSCR_OPTLOCK);
	wr(s, NSCR, STM32L5_FLASH_CR_LOCK);
	assert_int_equal(rd(s, NSCR), 0xC0000000u);
	wr(s, NSCR, 0);
	assert_int_equal(rd(s, NSCR), 0xC0000000u);
	/* and unlock again */
	unlock(s, NSKEYR);
	assert_int_equal(rd(s, NSCR) & STM32L5_FLASH_CR_LOCK, 0);
}

static void test_wrong_key_locks_until_reset(void **state)
{
	struct sim *s = *state;

	assert_int_equal(wr_raw(s, NSKEYR, 4, 0x12345678), SIM_BUS_ERROR);
	/* the right sequence is refused from now on, with bus errors */
	assert_int_equal(wr_raw(s, NSKEYR, 4, STM32L5_FLASH_KEY1), SIM_BUS_ERROR);
	assert_int_equal(wr_raw(s, NSKEYR, 4, STM32L5_FLASH_KEY2), SIM_BUS_ERROR);
	assert_int_equal(rd(s, NSCR), 0xC0000000u);
	/* KEY1 then a wrong second key: same */
	pin_reset(s);
	assert_int_equal(wr_raw(s, NSKEYR, 4, STM32L5_FLASH_KEY1), SIM_BUS_OK);
	assert_int_equal(wr_raw(s, NSKEYR, 4, STM32L5_FLASH_KEY1), SIM_BUS_ERROR);
	assert_int_equal(wr_raw(s, NSKEYR, 4, STM32L5_FLASH_KEY2), SIM_BUS_ERROR);
	assert_int_equal(rd(s, NSCR), 0xC0000000u);
	/* a system reset ends the lockout */
	pin_reset(s);
	unlock(s, NSKEYR);
	assert_int_equal(rd(s, NSCR), STM32L5_FLASH_NSCR_OPTLOCK);
	/* a key written while unlocked is a wrong sequence too */
	assert_int_equal(wr_raw(s, NSKEYR, 4, STM32L5_FLASH_KEY1), SIM_BUS_ERROR);
	wr(s, NSCR, STM32L5_FLASH_CR_LOCK);
	assert_int_equal(wr_raw(s, NSKEYR, 4, STM32L5_FLASH_KEY1), SIM_BUS_ERROR);
	assert_int_equal(rd(s, NSCR), 0xC0000000u);
}

static void test_register_access_sizes(void **state)
{
	struct sim *s = *state;

	/* registers take 32-bit writes only */
	assert_int_equal(wr_raw(s, NS(STM32L5_FLASH_ACR), 1, 0x3), SIM_BUS_ERROR);
	assert_int_equal(wr_raw(s, NS(STM32L5_FLASH_ACR), 2, 0x3), SIM_BUS_ERROR);
	/* ACR: LATENCY 3:0, RUN_PD, SLEEP_PD, LVEN */
	wr(s, NS(STM32L5_FLASH_ACR), 0xFFFFFFFFu);
	assert_int_equal(rd(s, NS(STM32L5_FLASH_ACR)), 0xE00Fu);
	assert_int_equal(rd(s, SEC(STM32L5_FLASH_ACR)), 0xE00Fu);
	wr(s, NS(STM32L5_FLASH_PRIVCFGR), 0xFFFFFFFFu);
	assert_int_equal(rd(s, NS(STM32L5_FLASH_PRIVCFGR)), 1);
	/* reserved offsets read zero */
	assert_int_equal(rd(s, NS(0x18)), 0);
	assert_int_equal(rd(s, NS(0x3FC)), 0);
	/* a reset brings ACR back to 0 */
	pin_reset(s);
	assert_int_equal(rd(s, NS(STM32L5_FLASH_ACR)), 0);
}

/* ---- programming (RM0438 §6.3.8) ---- */

static void test_program_double_word_and_busy(void **state)
{
	struct sim *s = *state;
	uint64_t b0 = busy_ns(s);

	unlock(s, NSKEYR);
	wr(s, NSCR, STM32L5_FLASH_CR_PG | STM32L5_FLASH_CR_EOPIE);
	wr(s, FL(0x100), 0x11223344);
	/* the first word alone programs nothing */
	assert_int_equal(rd(s, FL(0x100)), 0xFFFFFFFFu);
	assert_int_equal(rd(s, NSSR), 0);
	wr(s, FL(0x104), 0x55667788);
	assert_int_equal(rd(s, FL(0x100)), 0x11223344);
	assert_int_equal(rd(s, FL(0x104)), 0x55667788);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_BSY);
	assert_int_equal(busy_ns(s) - b0, T_PROG);
	sim_advance_ns(s, T_PROG - 1);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_BSY);
	sim_advance_ns(s, 1);
	/* done: BSY clear, EOP set because EOPIE was */
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_EOP);
	wr(s, NSSR, STM32L5_FLASH_SR_EOP);
	assert_int_equal(rd(s, NSSR), 0);
	/* without EOPIE no EOP */
	wr(s, NSCR, STM32L5_FLASH_CR_PG);
	wr(s, FL(0x108), 0xA5A5A5A5);
	wr(s, FL(0x10C), 0x5A5A5A5A);
	sim_advance_ns(s, T_PROG);
	assert_int_equal(rd(s, NSSR), 0);
	assert_int_equal(busy_ns(s) - b0, 2 * T_PROG);
	/* the neighbours stay erased */
	assert_int_equal(rd(s, FL(0xFC)), 0xFFFFFFFFu);
	assert_int_equal(rd(s, FL(0x110)), 0xFFFFFFFFu);
}

static void test_back_to_back_programs_queue(void **state)
{
	struct sim *s = *state;

	unlock(s, NSKEYR);
	wr(s, NSCR, STM32L5_FLASH_CR_PG);
	wr(s, FL(0), 1);
	wr(s, FL(4), 2);
	wr(s, FL(8), 3);
	wr(s, FL(12), 4);	/* starts while the first is busy: runs after it */
	sim_advance_ns(s, 2 * T_PROG - 1);
	assert_int_equal(rd(s, NSSR) & STM32L5_FLASH_SR_BSY, STM32L5_FLASH_SR_BSY);
	sim_advance_ns(s, 1);
	assert_int_equal(rd(s, NSSR), 0);
	assert_int_equal(rd(s, FL(8)), 3);
	assert_int_equal(rd(s, FL(12)), 4);
}

static void test_progerr(void **state)
{
	struct sim *s = *state;

	unlock(s, NSKEYR);
	program_dw(s, FL(0x200), 0x0F0F0F0F, 0xF0F0F0F0);
	assert_int_equal(rd(s, NSSR), 0);
	/* again over the programmed double-word: PROGERR, content unchanged */
	program_dw(s, FL(0x200), 0x00FF00FF, 0x00FF00FF);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_PROGERR);
	assert_int_equal(rd(s, FL(0x200)), 0x0F0F0F0F);
	assert_int_equal(rd(s, FL(0x204)), 0xF0F0F0F0);
	/* one non-erased byte is enough */
	program_dw(s, FL(0x208), 0xFFFFFF00, 0xFFFFFFFF);
	wr(s, NSSR, STM32L5_FLASH_SR_PROGERR);
	program_dw(s, FL(0x208), 0x12345678, 0xFFFFFFFF);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_PROGERR);
	assert_int_equal(rd(s, FL(0x208)), 0xFFFFFF00);
	wr(s, NSSR, STM32L5_FLASH_SR_PROGERR);
	/* all zeros may be written over anything (RM0351's exception, assumed for L5 ?) */
	program_dw(s, FL(0x200), 0, 0);
	assert_int_equal(rd(s, NSSR), 0);
	assert_int_equal(rd(s, FL(0x200)), 0);
	assert_int_equal(rd(s, FL(0x204)), 0);
	/* ERRIE: OPERR comes with the error */
	wr(s, NSCR, STM32L5_FLASH_CR_PG | STM32L5_FLASH_CR_ERRIE);
	wr(s, FL(0x200), 1);
	wr(s, FL(0x204), 1);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_PROGERR | STM32L5_FLASH_SR_OPERR);
	wr(s, NSSR, STM32L5_FLASH_SR_ERRORS);
	assert_int_equal(rd(s, NSSR), 0);
}

static void test_pgaerr(void **state)
{
	struct sim *s = *state;
	uint64_t b0 = busy_ns(s);

	unlock(s, NSKEYR);
	wr(s, NSCR, STM32L5_FLASH_CR_PG);
	/* the first word in the upper half of a double-word */
	wr(s, FL(0x304), 0x1234);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_PGAERR);
	wr(s, NSSR, STM32L5_FLASH_SR_PGAERR);
	/* the second word in another double-word */
	wr(s, FL(0x300), 0x1111);
	wr(s, FL(0x30C), 0x2222);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_PGAERR);
	assert_int_equal(rd(s, FL(0x300)), 0xFFFFFFFFu);
	assert_int_equal(rd(s, FL(0x30C)), 0xFFFFFFFFu);
	assert_int_equal(busy_ns(s), b0);
	wr(s, NSSR, STM32L5_FLASH_SR_PGAERR);
	/* the aborted pair left nothing pending: a fresh pair programs */
	wr(s, FL(0x300), 0x1111);
	wr(s, FL(0x304), 0x2222);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_BSY);
	sim_advance_ns(s, T_PROG);
	assert_int_equal(rd(s, FL(0x300)), 0x1111);
	assert_int_equal(rd(s, FL(0x304)), 0x2222);
	/* clearing PG drops half a double-word */
	wr(s, FL(0x310), 0x3333);
	wr(s, NSCR, 0);
	wr(s, NSCR, STM32L5_FLASH_CR_PG);
	wr(s, FL(0x314), 0x4444);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_PGAERR);
	assert_int_equal(rd(s, FL(0x310)), 0xFFFFFFFFu);
}

static void test_sizerr(void **state)
{
	struct sim *s = *state;

	unlock(s, NSKEYR);
	wr(s, NSCR, STM32L5_FLASH_CR_PG);
	assert_int_equal(wr_raw(s, FL(0x400), 1, 0x12), SIM_BUS_OK);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_SIZERR);
	wr(s, NSSR, STM32L5_FLASH_SR_SIZERR);
	assert_int_equal(wr_raw(s, FL(0x400), 2, 0x1234), SIM_BUS_OK);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_SIZERR);
	/* a half-word as the second half also aborts the pair */
	wr(s, NSSR, STM32L5_FLASH_SR_SIZERR);
	wr(s, FL(0x400), 0xAAAA5555);
	assert_int_equal(wr_raw(s, FL(0x404), 2, 0x1234), SIM_BUS_OK);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_SIZERR);
	assert_int_equal(rd(s, FL(0x400)), 0xFFFFFFFFu);
	assert_int_equal(rd(s, FL(0x404)), 0xFFFFFFFFu);
}

static void test_pgserr(void **state)
{
	struct sim *s = *state;

	/* a write to flash without PG (locked or not) */
	wr(s, FL(0x500), 0);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_PGSERR);
	wr(s, NSSR, STM32L5_FLASH_SR_PGSERR);
	unlock(s, NSKEYR);
	wr(s, FL(0x500), 0);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_PGSERR);
	wr(s, NSSR, STM32L5_FLASH_SR_PGSERR);
	/* writing 0 to an error flag does not clear it; 1 does */
	wr(s, FL(0x500), 0);
	wr(s, NSSR, 0);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_PGSERR);
	wr(s, NSSR, STM32L5_FLASH_SR_PGSERR);
	/* PG together with PER */
	wr(s, NSCR, STM32L5_FLASH_CR_PG | STM32L5_FLASH_CR_PER);
	wr(s, FL(0x500), 0);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_PGSERR);
	wr(s, NSSR, STM32L5_FLASH_SR_PGSERR);
	/* STRT with PG and PER: no erase */
	wr(s, NSCR, STM32L5_FLASH_CR_PG | STM32L5_FLASH_CR_PER | STM32L5_FLASH_CR_STRT);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_PGSERR);
	assert_int_equal(rd(s, NSCR) & STM32L5_FLASH_CR_STRT, 0);
	wr(s, NSSR, STM32L5_FLASH_SR_PGSERR);
	/* STRT with nothing selected */
	wr(s, NSCR, STM32L5_FLASH_CR_STRT);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_PGSERR);
	wr(s, NSSR, STM32L5_FLASH_SR_PGSERR);
	/* STRT with PER and MER1 */
	wr(s, NSCR, STM32L5_FLASH_CR_PER | STM32L5_FLASH_CR_MER1 | STM32L5_FLASH_CR_STRT);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_PGSERR);
	assert_int_equal(rd(s, NSCR), STM32L5_FLASH_NSCR_OPTLOCK | STM32L5_FLASH_CR_PER | STM32L5_FLASH_CR_MER1);
}

/* ---- erase (RM0438 §6.3.7) ---- */

static void test_page_erase_strt_later(void **state)
{
	struct sim *s = *state;
	static const uint8_t zeros[4096];
	uint64_t b0;

	assert_int_equal(sim_preload(s, FL(0), zeros, sizeof(zeros), NULL, 0), 0);
	unlock(s, NSKEYR);
	b0 = busy_ns(s);
	/* HAL style: BKER, PER + PNB in one write, STRT in a later one */
	wr(s, NSCR, STM32L5_FLASH_CR_PER | (1u << STM32L5_FLASH_CR_PNB_SHIFT));
	assert_int_equal(rd(s, NSSR), 0);
	assert_int_equal(rd(s, FL(2048)), 0);	/* nothing yet */
	wr(s, NSCR, STM32L5_FLASH_CR_PER | (1u << STM32L5_FLASH_CR_PNB_SHIFT) | STM32L5_FLASH_CR_STRT);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_BSY);
	assert_int_equal(rd(s, NSCR) & STM32L5_FLASH_CR_STRT, STM32L5_FLASH_CR_STRT);
	assert_int_equal(busy_ns(s) - b0, T_PAGE);
	sim_advance_ns(s, T_PAGE - 1000);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_BSY);
	sim_advance_ns(s, 1000);
	assert_int_equal(rd(s, NSSR), 0);
	assert_int_equal(rd(s, NSCR) & STM32L5_FLASH_CR_STRT, 0);	/* cleared with BSY */
	/* page 1 of bank 1 = 0x08000800..0x08000FFF, nothing else */
	assert_int_equal(rd(s, FL(2044)), 0);
	assert_int_equal(rd(s, FL(2048)), 0xFFFFFFFFu);
	assert_int_equal(rd(s, FL(4092)), 0xFFFFFFFFu);
	assert_int_equal(rd(s, FL(0)), 0);
}

static void test_mass_erase(void **state)
{
	struct sim *s = *state;
	uint8_t *zeros = calloc(1, STM32L5_FLASH_SIZE);
	uint64_t b0;

	assert_int_equal(sim_preload(s, FL(0), zeros, STM32L5_FLASH_SIZE, NULL, 0), 0);
	unlock(s, NSKEYR);
	b0 = busy_ns(s);
	wr(s, NSCR, STM32L5_FLASH_CR_MER2 | STM32L5_FLASH_CR_STRT);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_BSY);
	sim_advance_ns(s, T_MASS - 1);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_BSY);
	sim_advance_ns(s, 1);
	assert_int_equal(rd(s, NSSR), 0);
	assert_int_equal(busy_ns(s) - b0, T_MASS);
	/* bank 2 only */
	assert_int_equal(rd(s, FL(256 * KB - 4)), 0);
	assert_int_equal(rd(s, FL(256 * KB)), 0xFFFFFFFFu);
	assert_int_equal(rd(s, FL(512 * KB - 4)), 0xFFFFFFFFu);
	/* both banks at once: one mass-erase time */
	wr(s, NSCR, STM32L5_FLASH_CR_MER1 | STM32L5_FLASH_CR_MER2 | STM32L5_FLASH_CR_STRT);
	assert_int_equal(busy_ns(s) - b0, 2 * T_MASS);
	wait_idle(s, NSSR);
	assert_int_equal(rd(s, FL(0)), 0xFFFFFFFFu);
	assert_int_equal(rd(s, FL(256 * KB - 4)), 0xFFFFFFFFu);
	free(zeros);
}

static void test_wrperr(void **state)
{
	/* WRP1A: bank 1 pages 2-3; WRP2B: bank 2 page 5 */
	static const char *const opts[] = { "wrp1ar=0x00030002", "wrp2br=0x00050005", NULL };
	struct sim *s = l5_board(opts, NULL);

	(void)state;
	assert_int_equal(rd(s, NS(STM32L5_FLASH_WRP1AR)), 0x00030002);
	unlock(s, NSKEYR);
	program_dw(s, FL(2 * 2048), 0, 0);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_WRPERR);
	assert_int_equal(rd(s, FL(2 * 2048)), 0xFFFFFFFFu);
	wr(s, NSSR, STM32L5_FLASH_SR_WRPERR);
	program_dw(s, FL(4 * 2048 - 8), 0, 0);	/* last double-word of page 3 */
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_WRPERR);
	wr(s, NSSR, STM32L5_FLASH_SR_WRPERR);
	program_dw(s, FL(4 * 2048), 0, 0);	/* page 4: free */
	assert_int_equal(rd(s, NSSR), 0);
	assert_int_equal(rd(s, FL(4 * 2048)), 0);
	page_erase(s, 1, 3);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_WRPERR);
	wr(s, NSSR, STM32L5_FLASH_SR_WRPERR);
	page_erase(s, 2, 5);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_WRPERR);
	wr(s, NSSR, STM32L5_FLASH_SR_WRPERR);
	program_dw(s, FL(256 * KB + 5 * 2048 + 8), 0, 0);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_WRPERR);
	wr(s, NSSR, STM32L5_FLASH_SR_WRPERR);
	/* mass erase of a bank with a WRP area: refused, nothing erased */
	wr(s, NSCR, STM32L5_FLASH_CR_MER1 | STM32L5_FLASH_CR_STRT);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_WRPERR);
	assert_int_equal(rd(s, FL(4 * 2048)), 0);
	sim_destroy(s);
}

/* ---- option bytes (RM0438 §6.4) ---- */

static void test_optkey(void **state)
{
	struct sim *s = *state;

	/* with NSCR locked the option key is ignored */
	wr(s, NS(STM32L5_FLASH_OPTKEYR), STM32L5_FLASH_OPTKEY1);
	wr(s, NS(STM32L5_FLASH_OPTKEYR), STM32L5_FLASH_OPTKEY2);
	assert_int_equal(rd(s, NSCR), 0xC0000000u);
	/* OPTR ignores writes while OPTLOCK is set */
	unlock(s, NSKEYR);
	wr(s, OPTR, OPTR_FACTORY & ~STM32L5_FLASH_OPTR_DBANK);
	assert_int_equal(rd(s, OPTR), OPTR_FACTORY);
	unlock_opt(s);
	wr(s, OPTR, 0xFFFFFFFFu);
	assert_int_equal(rd(s, OPTR), 0x9F7F77FFu);	/* only bits that exist */
	wr(s, NS(STM32L5_FLASH_WRP1AR), 0xFFFFFFFFu);
	assert_int_equal(rd(s, NS(STM32L5_FLASH_WRP1AR)), 0x007F007Fu);
	/* OPTLOCK again */
	wr(s, NSCR, STM32L5_FLASH_NSCR_OPTLOCK);
	assert_int_equal(rd(s, NSCR), STM32L5_FLASH_NSCR_OPTLOCK);
	/* a wrong option key: bus error, options locked until reset */
	assert_int_equal(wr_raw(s, NS(STM32L5_FLASH_OPTKEYR), 4, 0x1), SIM_BUS_ERROR);
	assert_int_equal(wr_raw(s, NS(STM32L5_FLASH_OPTKEYR), 4, STM32L5_FLASH_OPTKEY1), SIM_BUS_ERROR);
	/* the unsaved register values are gone after a reset (the loaded ones come back) */
	pin_reset(s);
	assert_int_equal(rd(s, OPTR), OPTR_FACTORY);
	assert_int_equal(rd(s, NS(STM32L5_FLASH_WRP1AR)), 0x7F);
	unlock_opt(s);
}

static void test_optstrt_then_obl_launch(void **state)
{
	struct sim *s = *state;
	uint32_t new_optr = OPTR_FACTORY & ~STM32L5_FLASH_OPTR_DBANK;
	static const uint8_t zeros[8192];

	assert_int_equal(sim_preload(s, FL(0), zeros, sizeof(zeros), NULL, 0), 0);
	unlock_opt(s);
	wr(s, OPTR, new_optr);
	wr(s, NSCR, STM32L5_FLASH_NSCR_OPTSTRT);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_BSY);
	assert_int_equal(rd(s, NSCR) & STM32L5_FLASH_NSCR_OPTSTRT, STM32L5_FLASH_NSCR_OPTSTRT);
	wait_idle(s, NSSR);
	assert_int_equal(rd(s, NSCR) & STM32L5_FLASH_NSCR_OPTSTRT, 0);
	assert_int_equal(rd(s, OPTR), new_optr);
	/* not effective yet: a page erase still erases 2 KB */
	page_erase(s, 1, 0);
	assert_int_equal(rd(s, FL(2044)), 0xFFFFFFFFu);
	assert_int_equal(rd(s, FL(2048)), 0);
	/* OBL_LAUNCH ignored while OPTLOCK is set */
	wr(s, NSCR, STM32L5_FLASH_NSCR_OPTLOCK);
	(void)rd(s, DHCSR);	/* read clears S_RESET_ST */
	wr(s, NSCR, STM32L5_FLASH_NSCR_OPTLOCK | STM32L5_FLASH_NSCR_OBL_LAUNCH);
	assert_int_equal(rd(s, DHCSR) & DHCSR_S_RESET_ST, 0);
	assert_int_equal(rd(s, NSCR), STM32L5_FLASH_NSCR_OPTLOCK);
	/* OBL_LAUNCH: the board resets and the options load */
	wr(s, NSCR, STM32L5_FLASH_CR_LOCK);
	unlock_opt(s);
	wr(s, NSCR, STM32L5_FLASH_NSCR_OBL_LAUNCH);
	assert_int_equal(rd(s, DHCSR) & DHCSR_S_RESET_ST, DHCSR_S_RESET_ST);
	assert_int_equal(rd(s, NSCR), 0xC0000000u);	/* locked again by the reset */
	assert_int_equal(rd(s, OPTR), new_optr);
	/* single bank now: page 1 is 4 KB at 0x08001000 */
	unlock(s, NSKEYR);
	page_erase(s, 1, 1);
	assert_int_equal(rd(s, FL(4092)), 0);
	assert_int_equal(rd(s, FL(4096)), 0xFFFFFFFFu);
	assert_int_equal(rd(s, FL(8188)), 0xFFFFFFFFu);
	/* and stays so across a plain reset */
	pin_reset(s);
	assert_int_equal(rd(s, OPTR), new_optr);
}

static void test_optstrt_then_plain_reset(void **state)
{
	struct sim *s = *state;

	unlock_opt(s);
	wr(s, OPTR, OPTR_FACTORY | STM32L5_FLASH_OPTR_SWAP_BANK);
	wr(s, NSCR, STM32L5_FLASH_NSCR_OPTSTRT);
	wait_idle(s, NSSR);
	/* a system reset without OBL_LAUNCH does not load the stored options ? */
	pin_reset(s);
	assert_int_equal(rd(s, OPTR), OPTR_FACTORY);
	/* OBL_LAUNCH then does */
	unlock_opt(s);
	wr(s, NSCR, STM32L5_FLASH_NSCR_OBL_LAUNCH);
	assert_int_equal(rd(s, OPTR), OPTR_FACTORY | STM32L5_FLASH_OPTR_SWAP_BANK);
}

/* ---- --option (sim_options_s.board_options) ---- */

static void expect_create_error(const char *opt, const char *want)
{
	const char *opts[] = { opt, NULL };
	struct sim_options_s o = { .board = "stm32l552", .board_options = opts };
	char err[256] = "";

	assert_null(sim_create(&o, err, sizeof(err)));
	assert_non_null(strstr(err, want));
}

static void test_board_options(void **state)
{
	static const char *const a[] = { "dbank=0", "swap_bank=1", "rdp=0.5", "tzen=1", NULL };
	static const char *const b[] = { "optr=0x1F6F70CC", "nsbootadd0r=0x08040000", "rdp=0xBB", NULL };
	struct sim *s = l5_board(a, NULL);

	(void)state;
	assert_int_equal(rd(s, OPTR),
			 ((OPTR_FACTORY & ~(STM32L5_FLASH_OPTR_DBANK | 0xFFu)) | STM32L5_FLASH_OPTR_SWAP_BANK | 0x55u |
			  STM32L5_FLASH_OPTR_TZEN));
	sim_destroy(s);
	s = l5_board(b, NULL);
	assert_int_equal(rd(s, OPTR), 0x1F6F70BBu);
	assert_int_equal(rd(s, NS(STM32L5_FLASH_NSBOOTADD0R)), 0x08040000u);
	sim_destroy(s);
	expect_create_error("dbank=2", "expected 0 or 1");
	expect_create_error("rdp=3", "rdp=3");
	expect_create_error("wrp1ar=zz", "32-bit number");
	expect_create_error("no_such_option=1", "no option 'no_such_option'");
}

/* ---- TrustZone (RM0438 §6.5.4) ---- */

static void test_tz_registers(void **state)
{
	static const char *const opts[] = { "tzen=1", NULL };
	struct sim *s = l5_board(opts, NULL);
	uint32_t v;

	(void)state;
	/* secure view: SECCR resets to LOCK; non-secure view: RAZ */
	assert_int_equal(rd(s, SECCR), 0x80000000u);
	assert_int_equal(rd(s, NS(STM32L5_FLASH_SECCR)), 0);
	/* SECKEYR through the non-secure view is ignored */
	unlock(s, NS(STM32L5_FLASH_SECKEYR));
	assert_int_equal(rd(s, SECCR), 0x80000000u);
	unlock(s, SECKEYR);
	assert_int_equal(rd(s, SECCR), 0);
	wr(s, SECCR, 0xFFFFFFFFu & ~(STM32L5_FLASH_CR_STRT | STM32L5_FLASH_CR_LOCK));
	assert_int_equal(rd(s, SECCR), 0x23008BFFu);
	wr(s, SECCR, 0);
	/* SECBB: secure view only, cleared by reset */
	wr(s, SEC(STM32L5_FLASH_SECBB1R(2)), 0x80000001u);
	wr(s, NS(STM32L5_FLASH_SECBB2R(4)), 0x1234);
	assert_int_equal(rd(s, SEC(STM32L5_FLASH_SECBB1R(2))), 0x80000001u);
	assert_int_equal(rd(s, NS(STM32L5_FLASH_SECBB1R(2))), 0);
	assert_int_equal(rd(s, SEC(STM32L5_FLASH_SECBB2R(4))), 0);
	wr(s, SEC(STM32L5_FLASH_SECHDPCR), 3);
	wr(s, SEC(STM32L5_FLASH_SECHDPCR), 0);
	assert_int_equal(rd(s, SEC(STM32L5_FLASH_SECHDPCR)), 3);	/* set-only */
	pin_reset(s);
	assert_int_equal(rd(s, SEC(STM32L5_FLASH_SECBB1R(2))), 0);
	assert_int_equal(rd(s, SEC(STM32L5_FLASH_SECHDPCR)), 0);
	/* the secure alias answers with TZEN = 1 */
	assert_int_equal(sim_bus_read(s, SIM_MASTER_DEBUG, FLS(0), 4, &v), SIM_BUS_OK);
	assert_int_equal(v, 0xFFFFFFFFu);
	sim_destroy(s);
	/* and not with TZEN = 0 */
	s = l5_board(NULL, NULL);
	assert_int_equal(sim_bus_read(s, SIM_MASTER_DEBUG, FLS(0), 4, &v), SIM_BUS_ERROR);
	/* SECKEYR with TZEN = 0: ignored, no lockout */
	unlock(s, SECKEYR);
	assert_int_equal(rd(s, SECCR), 0);
	sim_destroy(s);
}

static void test_tz_page_security(void **state)
{
	/* watermark: bank 1 pages 0-3 secure; nothing secure in bank 2 */
	static const char *const opts[] = { "tzen=1", "secwm1r1=0x00030000", "secwm2r1=0x7F", NULL };
	struct sim *s = l5_board(opts, NULL);

	(void)state;
	unlock(s, NSKEYR);
	unlock(s, SECKEYR);
	/* non-secure registers on a secure page: WRPERR */
	program_dw(s, FL(0), 0, 0);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_WRPERR);
	assert_int_equal(rd(s, FL(0)), 0xFFFFFFFFu);
	wr(s, NSSR, STM32L5_FLASH_SR_WRPERR);
	/* secure registers, secure alias: programmed */
	program_dw_via(s, SECCR, SECSR, FLS(0), 0x11, 0x22);
	assert_int_equal(rd(s, SECSR), 0);
	assert_int_equal(rd(s, FL(0)), 0x11);
	/* secure registers, non-secure alias (OpenOCD's way): also secure */
	program_dw_via(s, SECCR, SECSR, FL(8), 0x33, 0x44);
	assert_int_equal(rd(s, SECSR), 0);
	assert_int_equal(rd(s, FL(8)), 0x33);
	/* non-secure page 4: non-secure registers program it, secure ones refuse ... */
	program_dw(s, FL(4 * 2048), 0x55, 0x66);
	assert_int_equal(rd(s, NSSR), 0);
	program_dw_via(s, SECCR, SECSR, FLS(4 * 2048 + 8), 0x77, 0x88);
	assert_int_equal(rd(s, SECSR), STM32L5_FLASH_SR_WRPERR);
	assert_int_equal(rd(s, FL(4 * 2048 + 8)), 0xFFFFFFFFu);
	wr(s, SECSR, STM32L5_FLASH_SR_WRPERR);
	/* ... unless SECINV inverts the page security for the secure registers */
	wr(s, SECCR, STM32L5_FLASH_CR_PG | STM32L5_FLASH_SECCR_SECINV);
	wr(s, FLS(4 * 2048 + 8), 0x77);
	wr(s, FLS(4 * 2048 + 12), 0x88);
	wait_idle(s, SECSR);
	assert_int_equal(rd(s, SECSR), 0);
	assert_int_equal(rd(s, FL(4 * 2048 + 8)), 0x77);
	wr(s, SECCR, 0);
	/* SECBB makes bank 2 page 33 secure: non-secure erase refused, secure erase works */
	wr(s, SEC(STM32L5_FLASH_SECBB2R(2)), 1u << 1);
	program_dw(s, FL(256 * KB + 33 * 2048), 0, 0);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_WRPERR);
	wr(s, NSSR, STM32L5_FLASH_SR_WRPERR);
	program_dw(s, FL(256 * KB + 32 * 2048), 0, 0);	/* page 32: non-secure */
	assert_int_equal(rd(s, NSSR), 0);
	program_dw_via(s, SECCR, SECSR, FLS(256 * KB + 33 * 2048), 0, 0);
	assert_int_equal(rd(s, SECSR), 0);
	wr(s, SECCR, STM32L5_FLASH_CR_PER | STM32L5_FLASH_CR_BKER | (33u << 3) | STM32L5_FLASH_CR_STRT);
	wait_idle(s, SECSR);
	assert_int_equal(rd(s, SECSR), 0);
	assert_int_equal(rd(s, FL(256 * KB + 33 * 2048)), 0xFFFFFFFFu);
	assert_int_equal(rd(s, FL(256 * KB + 32 * 2048)), 0);
	/* the secure alias with only NSCR.PG armed: PGSERR in SECSR */
	wr(s, SECCR, 0);
	wr(s, NSCR, STM32L5_FLASH_CR_PG);
	wr(s, FLS(0x1000), 0);
	assert_int_equal(rd(s, SECSR), STM32L5_FLASH_SR_PGSERR);
	assert_int_equal(rd(s, NSSR), 0);
	/* non-secure mass erase of bank 1 (secure pages in it): refused */
	wr(s, NSCR, STM32L5_FLASH_CR_MER1 | STM32L5_FLASH_CR_STRT);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_WRPERR);
	assert_int_equal(rd(s, FL(0)), 0x11);
	sim_destroy(s);
}

/* ---- persistence (--state FILE) ---- */

static void test_state_round_trip(void **state)
{
	static const char *const opts[] = { "swap_bank=1", "wrp2ar=0x00100010", NULL };
	char path[] = "/tmp/test_stm32l5_flash_XXXXXX";
	char err[256];
	int fd = mkstemp(path);
	struct sim *s;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	s = l5_board(opts, NULL);
	unlock(s, NSKEYR);
	program_dw(s, FL(0x40), 0xCAFEF00D, 0x12345678);	/* physical bank 2 (swapped) */
	/* stored but not loaded: must persist as stored */
	unlock_opt(s);
	wr(s, NS(STM32L5_FLASH_WRP1BR), 0x00220011);
	wr(s, NSCR, STM32L5_FLASH_NSCR_OPTSTRT);
	wait_idle(s, NSSR);
	assert_int_equal(sim_state_save(s, path, err, sizeof(err)), 0);
	sim_destroy(s);

	s = l5_board(NULL, path);
	assert_int_equal(rd(s, OPTR), OPTR_FACTORY | STM32L5_FLASH_OPTR_SWAP_BANK);
	assert_int_equal(rd(s, NS(STM32L5_FLASH_WRP2AR)), 0x00100010);
	assert_int_equal(rd(s, NS(STM32L5_FLASH_WRP1BR)), 0x00220011);
	assert_int_equal(rd(s, FL(0x40)), 0xCAFEF00D);
	assert_int_equal(rd(s, FL(0x44)), 0x12345678);
	/* the bytes are in physical bank 2: unswapping moves them to 0x08040040 */
	unlock_opt(s);
	wr(s, OPTR, OPTR_FACTORY);
	wr(s, NSCR, STM32L5_FLASH_NSCR_OPTSTRT);
	wait_idle(s, NSSR);
	wr(s, NSCR, STM32L5_FLASH_NSCR_OBL_LAUNCH);
	assert_int_equal(rd(s, FL(0x40)), 0xFFFFFFFFu);
	assert_int_equal(rd(s, FL(256 * KB + 0x40)), 0xCAFEF00D);
	sim_destroy(s);	/* no state_file in the options: nothing saved */

	/* a state file holding a bad model line is refused */
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "rspflash-sim-state 1 stm32l552\nmodel stm32l5-flash 8\nbogus=1\nend\n");
	fclose(f);
	struct sim_options_s o = { .board = "stm32l552", .state_file = path };
	assert_null(sim_create(&o, err, sizeof(err)));
	assert_non_null(strstr(err, "unknown option 'bogus'"));
	unlink(path);
}

/* Section sizes from a state file: "-1" was read as SIZE_MAX, and len + 1 wrapped to 0. */
static void test_state_bad_sizes(void **state)
{
	static const char *const cases[][2] = {
		{ "model stm32l5-flash -1\nbogus=1\nend\n", "bad section line" },
		{ "model stm32l5-flash 18446744073709551615\nbogus=1\nend\n", "of 18446744073709551615 bytes, but" },
		{ "model stm32l5-flash 4096\nbogus=1\nend\n", "of 4096 bytes, but 12 bytes follow" },
		{ "region flash 99999999999999999999\nend\n", "bad section line" },
		{ "model stm32l5-flash 8 extra\nbogus=1\nend\n", "bad section line" },
		{ "model stm32l5-flash +8\nbogus=1\nend\n", "bad section line" },
	};
	char path[] = "/tmp/test_stm32l5_flash_XXXXXX";
	char err[256];
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		FILE *f = fopen(path, "w");
		struct sim_options_s o = { .board = "stm32l552", .state_file = path };

		assert_non_null(f);
		fprintf(f, "rspflash-sim-state 1 stm32l552\n%s", cases[i][0]);
		fclose(f);
		err[0] = '\0';
		assert_null(sim_create(&o, err, sizeof(err)));
		if (!strstr(err, cases[i][1]))
			fail_msg("case %zu: error '%s' lacks '%s'", i, err, cases[i][1]);
	}
	unlink(path);
}

static void test_describe_and_ctx(void **state)
{
	struct sim *s = *state;

	assert_non_null(sim_model_ctx(s, STM32L5_FLASH_MODEL_NAME));
	char buf[256];
	stm32l5_flash_model.describe(s, sim_model_ctx(s, STM32L5_FLASH_MODEL_NAME), buf, sizeof(buf));
	assert_non_null(strstr(buf, "dbank=1 swap=0 tzen=0"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reset_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unlock_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_key_locks_until_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_access_sizes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_program_double_word_and_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_back_to_back_programs_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progerr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgaerr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sizerr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgserr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_erase_strt_later, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mass_erase, setup, teardown),
		cmocka_unit_test(test_wrperr),
		cmocka_unit_test_setup_teardown(test_optkey, setup, teardown),
		cmocka_unit_test_setup_teardown(test_optstrt_then_obl_launch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_optstrt_then_plain_reset, setup, teardown),
		cmocka_unit_test(test_board_options),
		cmocka_unit_test(test_tz_registers),
		cmocka_unit_test(test_tz_page_security),
		cmocka_unit_test(test_state_round_trip),
		cmocka_unit_test(test_state_bad_sizes),
		cmocka_unit_test_setup_teardown(test_describe_and_ctx, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
