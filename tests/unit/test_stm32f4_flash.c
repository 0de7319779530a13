// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The STM32F4 flash interface model on the virtual STM32F401 (sim/periph/stm32f4_flash.c,
 * stm32f4_otp.c): registers, unlock, sector and mass erase, PSIZE, busy timing, error
 * flags, write protection, option bytes, OTP rules, reset and state-file persistence.
 * Accesses go through the system bus as the debugger's MEM-AP makes them; modeled time
 * advances with sim_advance_ns (the core is halted so that nothing else runs).
 * Expected times are the board table's datasheet figures (sim/boards/stm32f401.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "sim/sim_internal.h"
#include "sim/periph/stm32f4_flash.h"

#define FL 0x40023C00u
#define KEYR (FL + STM32F4_FLASH_KEYR)
#define OPTKEYR (FL + STM32F4_FLASH_OPTKEYR)
#define SR (FL + STM32F4_FLASH_SR)
#define CR (FL + STM32F4_FLASH_CR)
#define OPTCR (FL + STM32F4_FLASH_OPTCR)
#define ACR (FL + STM32F4_FLASH_ACR)
#define FLASH0 0x08000000u
#define FLASH_SIZE (512u * 1024)
#define OTP STM32F4_OTP_BASE
#define OTP_LOCK STM32F4_OTP_LOCK_BASE

#define PSIZE(n) ((uint32_t)(n) << STM32F4_FLASH_CR_PSIZE_SHIFT)
#define SNB(n) ((uint32_t)(n) << STM32F4_FLASH_CR_SNB_SHIFT)
#define US 1000ull
#define MS 1000000ull

/* Typical times of the board table (DS10086, see sim/boards/stm32f401.c) */
static const uint64_t erase16_ns[3] = { 400 * MS, 300 * MS, 250 * MS };
static const uint64_t erase64_ns[3] = { 1200 * MS, 700 * MS, 550 * MS };
static const uint64_t erase128_ns[3] = { 2000 * MS, 1300 * MS, 1000 * MS };
static const uint32_t sector_base[8] = { 0x08000000, 0x08004000, 0x08008000, 0x0800C000,
					 0x08010000, 0x08020000, 0x08040000, 0x08060000 };
static const uint32_t sector_size[8] = { 0x4000, 0x4000, 0x4000, 0x4000, 0x10000, 0x20000, 0x20000, 0x20000 };

/* ---- helpers ---- */

static uint32_t rd(struct sim *s, uint32_t addr, unsigned size)
{
	uint32_t v = 0xDEADBEEF;

	assert_int_equal(sim_bus_read(s, SIM_MASTER_DEBUG, addr, size, &v), SIM_BUS_OK);
	return v;
}

static uint32_t rd32(struct sim *s, uint32_t addr)
{
	return rd(s, addr, 4);
}

static void wr(struct sim *s, uint32_t addr, unsigned size, uint32_t v)
{
	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, addr, size, v), SIM_BUS_OK);
}

static void wr32(struct sim *s, uint32_t addr, uint32_t v)
{
	wr(s, addr, 4, v);
}

static void halt_core(struct sim *s)
{
	wr32(s, 0xE000EDF0, 0xA05F0003);	/* DHCSR: DBGKEY | C_HALT | C_DEBUGEN */
}

static struct sim *board_with(const char *const *options, const char *state)
{
	struct sim_options_s opt = { .board = "stm32f401", .board_options = options, .state_file = state };
	char err[256] = "";
	struct sim *s = sim_create(&opt, err, sizeof(err));

	if (!s)
		fail_msg("sim_create: %s", err);
	halt_core(s);
	return s;
}

static int setup(void **state)
{
	*state = board_with(NULL, NULL);
	return 0;
}

static int teardown(void **state)
{
	sim_destroy(*state);
	return 0;
}

static void unlock(struct sim *s)
{
	wr32(s, KEYR, STM32F4_FLASH_KEY1);
	wr32(s, KEYR, STM32F4_FLASH_KEY2);
	assert_int_equal(rd32(s, CR), 0);
}

static void opt_unlock(struct sim *s)
{
	wr32(s, OPTKEYR, STM32F4_FLASH_OPTKEY1);
	wr32(s, OPTKEYR, STM32F4_FLASH_OPTKEY2);
	assert_int_equal(rd32(s, OPTCR) & STM32F4_FLASH_OPTCR_OPTLOCK, 0);
}

static uint64_t busy_ns(struct sim *s)
{
	struct sim_stats_s st;

	sim_get_stats(s, &st);
	return st.flash_busy_ns;
}

/* BSY stays set for exactly ns of modeled time. */
static void expect_busy_for(struct sim *s, uint64_t ns)
{
	assert_true(rd32(s, SR) & STM32F4_FLASH_SR_BSY);
	sim_advance_ns(s, ns - 1);
	assert_true(rd32(s, SR) & STM32F4_FLASH_SR_BSY);
	sim_advance_ns(s, 1);
	assert_false(rd32(s, SR) & STM32F4_FLASH_SR_BSY);
}

static uint8_t *mem(struct sim *s, uint32_t addr)
{
	struct sim_mem_s *m = sim_bus_mem_at(s, addr);

	assert_non_null(m);
	return m->data + (addr - m->region->base);
}

static void fill_flash(struct sim *s, uint8_t v)
{
	memset(mem(s, FLASH0), v, FLASH_SIZE);
}

static bool all_bytes(struct sim *s, uint32_t addr, uint32_t len, uint8_t v)
{
	if (!len)
		return true;
	const uint8_t *p = mem(s, addr);

	for (uint32_t i = 0; i < len; i++)
		if (p[i] != v)
			return false;
	return true;
}

/* Program one value with PG at the given PSIZE (no wait). */
static void program(struct sim *s, unsigned psize, uint32_t addr, unsigned size, uint32_t v)
{
	wr32(s, CR, STM32F4_FLASH_CR_PG | PSIZE(psize));
	wr(s, addr, size, v);
}

static void settle(struct sim *s)
{
	for (int i = 0; i < 100 && (rd32(s, SR) & STM32F4_FLASH_SR_BSY); i++)
		sim_advance_ns(s, 100 * MS);
	assert_false(rd32(s, SR) & STM32F4_FLASH_SR_BSY);
}

/* ---- registers ---- */

static void test_reset_values(void **state)
{
	struct sim *s = *state;

	assert_int_equal(rd32(s, ACR), 0);
	assert_int_equal(rd32(s, KEYR), 0);	/* write-only */
	assert_int_equal(rd32(s, OPTKEYR), 0);
	assert_int_equal(rd32(s, SR), 0);
	assert_int_equal(rd32(s, CR), 0x80000000);
	assert_int_equal(rd32(s, OPTCR), 0x0FFFAAED);
	assert_int_equal(rd32(s, FL + 0x18), 0);	/* OPTCR1: not on F401, reserved */
	assert_int_equal(rd(s, OPTCR + 1, 1), 0xAA);	/* RDP byte (HAL byte access) */
}

static void test_acr_bits(void **state)
{
	struct sim *s = *state;

	wr32(s, ACR, 0xFFFFFFFF);
	assert_int_equal(rd32(s, ACR), 0x1F07);	/* LATENCY, PRFTEN, ICEN, DCEN, ICRST, DCRST */
	wr32(s, ACR, 0x00000205);
	assert_int_equal(rd32(s, ACR), 0x205);
}

static void test_unlock_and_lock(void **state)
{
	struct sim *s = *state;

	wr32(s, CR, STM32F4_FLASH_CR_PG);	/* locked: ignored */
	assert_int_equal(rd32(s, CR), 0x80000000);
	unlock(s);
	wr32(s, CR, STM32F4_FLASH_CR_PG | PSIZE(2));
	assert_int_equal(rd32(s, CR), 0x201);
	wr32(s, CR, STM32F4_FLASH_CR_LOCK);
	assert_int_equal(rd32(s, CR), 0x80000000);
	unlock(s);	/* the sequence works again after a re-lock */
}

static void test_cr_bits(void **state)
{
	struct sim *s = *state;

	unlock(s);
	/* PG, SER, MER, SNB[4:0], PSIZE, EOPIE, ERRIE read back */
	wr32(s, CR, 0x030003FF & ~STM32F4_FLASH_CR_SER);
	assert_int_equal(rd32(s, CR), 0x030003FD);
	/* reserved bits (MER1 of F42x at 15 included) read 0 */
	wr32(s, CR, 0x7CFEFC00);
	assert_int_equal(rd32(s, CR), 0);
	/* byte write into PSIZE's byte leaves the other lanes alone */
	wr32(s, CR, STM32F4_FLASH_CR_PG);
	wr(s, CR + 1, 1, 0x02);
	assert_int_equal(rd32(s, CR), 0x201);
}

static void test_wrong_key_locks_until_reset(void **state)
{
	struct sim *s = *state;

	wr32(s, KEYR, STM32F4_FLASH_KEY1);
	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, KEYR, 4, 0x12345678), SIM_BUS_ERROR);
	/* the right sequence no longer works */
	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, KEYR, 4, STM32F4_FLASH_KEY1), SIM_BUS_ERROR);
	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, KEYR, 4, STM32F4_FLASH_KEY2), SIM_BUS_ERROR);
	assert_int_equal(rd32(s, CR), 0x80000000);
	sim_request_system_reset(s);
	halt_core(s);
	unlock(s);
	/* a key written while unlocked is a wrong sequence too */
	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, KEYR, 4, STM32F4_FLASH_KEY1), SIM_BUS_ERROR);
	/* KEY2 first */
	sim_request_system_reset(s);
	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, KEYR, 4, STM32F4_FLASH_KEY2), SIM_BUS_ERROR);
	assert_int_equal(rd32(s, CR), 0x80000000);
}

static void test_sr_flags_w1c_operr_eop(void **state)
{
	struct sim *s = *state;

	unlock(s);
	/* PGSERR: a write to flash without PG */
	wr32(s, FLASH0, 0);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_PGSERR);
	wr32(s, SR, 0);		/* writing 0 clears nothing */
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_PGSERR);
	wr32(s, SR, STM32F4_FLASH_SR_PGSERR);
	assert_int_equal(rd32(s, SR), 0);
	/* with ERRIE, an error sets OPERR as well */
	wr32(s, CR, STM32F4_FLASH_CR_ERRIE | STM32F4_FLASH_CR_PG | PSIZE(2));
	wr(s, FLASH0, 1, 0);	/* byte write at x32: PGPERR */
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_PGPERR | STM32F4_FLASH_SR_OPERR);
	wr32(s, SR, STM32F4_FLASH_SR_W1C);
	assert_int_equal(rd32(s, SR), 0);
	/* without EOPIE no EOP; with EOPIE, EOP once BSY clears */
	program(s, 2, FLASH0, 4, 0x11111111);
	settle(s);
	assert_int_equal(rd32(s, SR), 0);
	wr32(s, CR, STM32F4_FLASH_CR_EOPIE | STM32F4_FLASH_CR_PG | PSIZE(2));
	wr32(s, FLASH0 + 4, 0x22222222);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_BSY);
	sim_advance_ns(s, 16 * US);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_EOP);
	wr(s, SR, 1, STM32F4_FLASH_SR_EOP);	/* byte access clears too */
	assert_int_equal(rd32(s, SR), 0);
	/* BSY is read-only */
	wr32(s, SR, STM32F4_FLASH_SR_BSY);
	assert_int_equal(rd32(s, SR), 0);
}

/* ---- erase ---- */

static void test_sector_erase_each_sector(void **state)
{
	struct sim *s = *state;

	unlock(s);
	for (unsigned i = 0; i < 8; i++) {
		fill_flash(s, 0x00);
		wr32(s, CR, STM32F4_FLASH_CR_SER | SNB(i) | PSIZE(2) | STM32F4_FLASH_CR_STRT);
		assert_true(all_bytes(s, sector_base[i], sector_size[i], 0xFF));
		if (i > 0)
			assert_true(all_bytes(s, FLASH0, sector_base[i] - FLASH0, 0x00));
		assert_true(all_bytes(s, sector_base[i] + sector_size[i],
				      FLASH0 + FLASH_SIZE - sector_base[i] - sector_size[i], 0x00));
		settle(s);
		assert_int_equal(rd32(s, SR), 0);
	}
	/* the boot alias at 0 shows sector 0 */
	fill_flash(s, 0x00);
	wr32(s, CR, STM32F4_FLASH_CR_SER | SNB(0) | PSIZE(2) | STM32F4_FLASH_CR_STRT);
	assert_int_equal(rd32(s, 0x00003FFC), 0xFFFFFFFF);
	assert_int_equal(rd32(s, 0x00004000), 0);
}

static void test_erase_timing_by_psize_and_size(void **state)
{
	struct sim *s = *state;
	const unsigned sectors[3] = { 0, 4, 5 };
	const uint64_t *times[3] = { erase16_ns, erase64_ns, erase128_ns };

	unlock(s);
	for (unsigned k = 0; k < 3; k++) {
		for (unsigned p = 0; p < 3; p++) {
			uint64_t before = busy_ns(s);
			wr32(s, CR, STM32F4_FLASH_CR_SER | SNB(sectors[k]) | PSIZE(p) | STM32F4_FLASH_CR_STRT);
			assert_true(rd32(s, CR) & STM32F4_FLASH_CR_STRT);
			expect_busy_for(s, times[k][p]);
			assert_false(rd32(s, CR) & STM32F4_FLASH_CR_STRT);	/* cleared with BSY */
			assert_int_equal(busy_ns(s) - before, times[k][p]);
		}
	}
}

static void test_mass_erase_spares_otp(void **state)
{
	struct sim *s = *state;

	unlock(s);
	program(s, 2, OTP + 0x40, 4, 0xA5A55A5A);
	settle(s);
	fill_flash(s, 0x12);
	wr32(s, CR, STM32F4_FLASH_CR_MER | PSIZE(2));
	wr32(s, CR, STM32F4_FLASH_CR_MER | PSIZE(2) | STM32F4_FLASH_CR_STRT);	/* STRT in a later write */
	assert_true(all_bytes(s, FLASH0, FLASH_SIZE, 0xFF));
	expect_busy_for(s, 4000 * MS);	/* t_ME x32 */
	assert_int_equal(rd32(s, OTP + 0x40), 0xA5A55A5A);
	assert_int_equal(rd32(s, SR), 0);
}

static void test_erase_errors(void **state)
{
	struct sim *s = *state;

	unlock(s);
	fill_flash(s, 0x00);
	/* SER and MER together: "neither sector nor mass erase can be performed" */
	wr32(s, CR, STM32F4_FLASH_CR_SER | STM32F4_FLASH_CR_MER | PSIZE(2) | STM32F4_FLASH_CR_STRT);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_PGSERR);
	assert_true(all_bytes(s, FLASH0, FLASH_SIZE, 0x00));
	wr32(s, SR, STM32F4_FLASH_SR_W1C);
	/* STRT with neither */
	wr32(s, CR, PSIZE(2) | STM32F4_FLASH_CR_STRT);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_PGSERR);
	assert_false(rd32(s, CR) & STM32F4_FLASH_CR_STRT);
	wr32(s, SR, STM32F4_FLASH_SR_W1C);
	/* SNB 8: the F401 has sectors 0-7 */
	wr32(s, CR, STM32F4_FLASH_CR_SER | SNB(8) | PSIZE(2) | STM32F4_FLASH_CR_STRT);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_PGSERR);
	assert_true(all_bytes(s, FLASH0, FLASH_SIZE, 0x00));
	wr32(s, SR, STM32F4_FLASH_SR_W1C);
	/* x64 without VPP */
	wr32(s, CR, STM32F4_FLASH_CR_SER | SNB(1) | PSIZE(3) | STM32F4_FLASH_CR_STRT);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_PGPERR);
	assert_true(all_bytes(s, FLASH0, FLASH_SIZE, 0x00));
	assert_int_equal(busy_ns(s), 0);
}

/* ---- programming ---- */

static void test_program_psize_variants(void **state)
{
	struct sim *s = *state;

	unlock(s);
	program(s, 0, FLASH0 + 0x101, 1, 0x5A);
	expect_busy_for(s, 16 * US);
	program(s, 1, FLASH0 + 0x102, 2, 0x1234);
	expect_busy_for(s, 16 * US);
	program(s, 2, FLASH0 + 0x104, 4, 0xCAFEF00D);
	expect_busy_for(s, 16 * US);
	assert_int_equal(rd32(s, FLASH0 + 0x100), 0x12345AFF);
	assert_int_equal(rd32(s, FLASH0 + 0x104), 0xCAFEF00D);
	assert_int_equal(busy_ns(s), 48 * US);
	assert_int_equal(rd32(s, SR), 0);
	/* size not matching PSIZE: PGPERR, nothing written, no busy time */
	const struct {
		unsigned psize, size;
	} bad[] = { { 0, 2 }, { 0, 4 }, { 1, 1 }, { 1, 4 }, { 2, 1 }, { 2, 2 } };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		program(s, bad[i].psize, FLASH0 + 0x200, bad[i].size, 0);
		assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_PGPERR);
		assert_int_equal(rd32(s, FLASH0 + 0x200), 0xFFFFFFFF);
		wr32(s, SR, STM32F4_FLASH_SR_PGPERR);
	}
	assert_int_equal(busy_ns(s), 48 * US);
}

static void test_program_and_semantics(void **state)
{
	struct sim *s = *state;

	unlock(s);
	program(s, 2, FLASH0 + 0x10, 4, 0x0F0FFFFF);
	settle(s);
	program(s, 2, FLASH0 + 0x10, 4, 0xF0F0F0F0);	/* asks 0 -> 1 in places: the cells keep 0 */
	settle(s);
	assert_int_equal(rd32(s, FLASH0 + 0x10), 0x0000F0F0);
	assert_int_equal(rd32(s, SR), 0);
}

static void test_program_sequence_errors(void **state)
{
	struct sim *s = *state;

	/* locked: PGSERR, nothing written, bus OK */
	wr32(s, FLASH0, 0);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_PGSERR);
	assert_int_equal(rd32(s, FLASH0), 0xFFFFFFFF);
	wr32(s, SR, STM32F4_FLASH_SR_PGSERR);
	/* unlocked, PG clear */
	unlock(s);
	wr32(s, CR, PSIZE(2));
	wr32(s, FLASH0, 0);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_PGSERR);
	assert_int_equal(rd32(s, FLASH0), 0xFFFFFFFF);
	/* x64 without VPP */
	wr32(s, SR, STM32F4_FLASH_SR_W1C);
	program(s, 3, FLASH0, 4, 0);
	wr32(s, FLASH0 + 4, 0);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_PGPERR);
	assert_int_equal(rd32(s, FLASH0), 0xFFFFFFFF);
	assert_int_equal(busy_ns(s), 0);
}

static void test_x64_with_vpp(void **state)
{
	struct sim *s = *state;
	char err[128];

	assert_int_equal(sim_set_option(s, "vpp", "1", err, sizeof(err)), 0);
	unlock(s);
	program(s, 3, FLASH0 + 0x20, 4, 0x11223344);
	assert_int_equal(rd32(s, FLASH0 + 0x20), 0xFFFFFFFF);	/* held for the second word */
	assert_false(rd32(s, SR) & STM32F4_FLASH_SR_BSY);
	wr32(s, FLASH0 + 0x24, 0x55667788);
	assert_int_equal(rd32(s, FLASH0 + 0x20), 0x11223344);
	assert_int_equal(rd32(s, FLASH0 + 0x24), 0x55667788);
	expect_busy_for(s, 16 * US);
	/* the first word not 8-byte aligned: PGAERR */
	wr32(s, FLASH0 + 0x2C, 0);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_PGAERR);
	wr32(s, SR, STM32F4_FLASH_SR_W1C);
	/* the second word not next to the first: PGAERR, neither programmed */
	wr32(s, FLASH0 + 0x30, 0);
	wr32(s, FLASH0 + 0x40, 0);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_PGAERR);
	assert_int_equal(rd32(s, FLASH0 + 0x30), 0xFFFFFFFF);
	assert_int_equal(rd32(s, FLASH0 + 0x40), 0xFFFFFFFF);
	wr32(s, SR, STM32F4_FLASH_SR_W1C);
	/* a half-word at x64: PGPERR */
	wr(s, FLASH0 + 0x30, 2, 0);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_PGPERR);
	/* erase at x64 with VPP: the VPP column of the table */
	wr32(s, SR, STM32F4_FLASH_SR_W1C);
	wr32(s, CR, STM32F4_FLASH_CR_SER | SNB(0) | PSIZE(3) | STM32F4_FLASH_CR_STRT);
	expect_busy_for(s, 230 * MS);
	assert_int_equal(rd32(s, FLASH0 + 0x20), 0xFFFFFFFF);
}

static void test_busy_operations_queue(void **state)
{
	struct sim *s = *state;

	unlock(s);
	program(s, 2, FLASH0, 4, 1);
	wr32(s, FLASH0 + 4, 2);	/* while BSY: silicon stalls; the model queues */
	expect_busy_for(s, 32 * US);
	assert_int_equal(busy_ns(s), 32 * US);
	assert_int_equal(rd32(s, FLASH0 + 4), 2);
}

/* ---- write protection and option bytes ---- */

static void test_wrp_refuses_erase_and_program(void **state)
{
	const char *const opts[] = { "wrp=0x22", NULL };	/* sectors 1 and 5 */
	struct sim *s = board_with(opts, NULL);

	(void)state;
	assert_int_equal(rd32(s, OPTCR), 0x0FDDAAED);
	unlock(s);
	fill_flash(s, 0x00);
	wr32(s, CR, STM32F4_FLASH_CR_SER | SNB(1) | PSIZE(2) | STM32F4_FLASH_CR_STRT);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_WRPERR);
	assert_true(all_bytes(s, sector_base[1], sector_size[1], 0x00));
	wr32(s, SR, STM32F4_FLASH_SR_WRPERR);
	memset(mem(s, sector_base[5]), 0xFF, 4);
	program(s, 2, sector_base[5], 4, 0x12345678);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_WRPERR);
	assert_int_equal(rd32(s, sector_base[5]), 0xFFFFFFFF);
	wr32(s, SR, STM32F4_FLASH_SR_WRPERR);
	wr32(s, CR, STM32F4_FLASH_CR_MER | PSIZE(2) | STM32F4_FLASH_CR_STRT);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_WRPERR);
	assert_true(all_bytes(s, sector_base[2], sector_size[2], 0x00));
	wr32(s, SR, STM32F4_FLASH_SR_WRPERR);
	/* an unprotected sector erases */
	wr32(s, CR, STM32F4_FLASH_CR_SER | SNB(2) | PSIZE(2) | STM32F4_FLASH_CR_STRT);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_BSY);
	assert_true(all_bytes(s, sector_base[2], sector_size[2], 0xFF));
	sim_destroy(s);
}

static void test_sprmod_inverts_wrp(void **state)
{
	const char *const opts[] = { "nwrp=0x01", "sprmod=1", NULL };	/* PCROP on sector 0 only */
	struct sim *s = board_with(opts, NULL);

	(void)state;
	assert_int_equal(rd32(s, OPTCR), 0x8F01AAED);
	unlock(s);
	wr32(s, CR, STM32F4_FLASH_CR_SER | SNB(0) | PSIZE(2) | STM32F4_FLASH_CR_STRT);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_WRPERR);
	wr32(s, SR, STM32F4_FLASH_SR_WRPERR);
	wr32(s, CR, STM32F4_FLASH_CR_SER | SNB(1) | PSIZE(2) | STM32F4_FLASH_CR_STRT);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_BSY);
	sim_destroy(s);
}

static void test_option_programming(void **state)
{
	struct sim *s = *state;

	/* locked OPTCR ignores writes */
	wr32(s, OPTCR, 0x0FFEAAEC | STM32F4_FLASH_OPTCR_OPTSTRT);
	assert_int_equal(rd32(s, OPTCR), 0x0FFFAAED);
	opt_unlock(s);
	/* nWRP0 = 0, BOR_LEV 1, WDG_SW = 0, RDP stays 0xAA; not yet programmed */
	wr32(s, OPTCR, 0x0FFEAAC4);
	assert_int_equal(rd32(s, OPTCR), 0x0FFEAAC4);
	unlock(s);
	wr32(s, CR, STM32F4_FLASH_CR_SER | SNB(0) | PSIZE(2) | STM32F4_FLASH_CR_STRT);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_BSY);	/* old options still in force */
	settle(s);
	/* OPTSTRT by a byte write, as the HAL's HAL_FLASH_OB_Launch() does */
	wr(s, OPTCR, 1, 0xC4 | STM32F4_FLASH_OPTCR_OPTSTRT);
	assert_int_equal(rd32(s, OPTCR), 0x0FFEAAC6);
	expect_busy_for(s, 250 * MS);
	assert_int_equal(rd32(s, OPTCR), 0x0FFEAAC4);
	assert_int_equal(rd32(s, SR), 0);	/* no EOP for option programming */
	/* in force without a reset */
	wr32(s, CR, STM32F4_FLASH_CR_SER | SNB(0) | PSIZE(2) | STM32F4_FLASH_CR_STRT);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_WRPERR);
	/* OPTLOCK: write 1 only */
	wr32(s, OPTCR, 0x0FFEAAC5);
	assert_int_equal(rd32(s, OPTCR), 0x0FFEAAC5);
	wr32(s, OPTCR, 0x0FFFAAEC);
	assert_int_equal(rd32(s, OPTCR), 0x0FFEAAC5);
	/* a reset reloads them, locked */
	sim_request_system_reset(s);
	assert_int_equal(rd32(s, OPTCR), 0x0FFEAAC5);
	/* a write to OPTCR not followed by OPTSTRT is lost at reset */
	opt_unlock(s);
	wr32(s, OPTCR, 0x0FFFAAEC);
	sim_request_system_reset(s);
	assert_int_equal(rd32(s, OPTCR), 0x0FFEAAC5);
}

static void test_wrong_optkey(void **state)
{
	struct sim *s = *state;

	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, OPTKEYR, 4, STM32F4_FLASH_KEY1), SIM_BUS_ERROR);
	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, OPTKEYR, 4, STM32F4_FLASH_OPTKEY1), SIM_BUS_ERROR);
	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, OPTKEYR, 4, STM32F4_FLASH_OPTKEY2), SIM_BUS_ERROR);
	assert_int_equal(rd32(s, OPTCR) & STM32F4_FLASH_OPTCR_OPTLOCK, STM32F4_FLASH_OPTCR_OPTLOCK);
	unlock(s);	/* KEYR has its own sequence */
	sim_request_system_reset(s);
	opt_unlock(s);
}

static void test_rdp_regression_mass_erases(void **state)
{
	const char *const opts[] = { "rdp=0xBB", NULL };
	struct sim *s = board_with(opts, NULL);

	(void)state;
	assert_int_equal(rd32(s, OPTCR), 0x0FFFBBED);
	unlock(s);
	program(s, 0, OTP, 1, 0x42);
	settle(s);
	fill_flash(s, 0x00);
	opt_unlock(s);
	wr32(s, OPTCR, 0x0FFFAAEC | STM32F4_FLASH_OPTCR_OPTSTRT);
	assert_true(all_bytes(s, FLASH0, FLASH_SIZE, 0xFF));
	expect_busy_for(s, 250 * MS + 4000 * MS);
	assert_int_equal(rd(s, OTP, 1), 0x42);
	assert_int_equal(rd32(s, OPTCR), 0x0FFFAAEC);
	sim_destroy(s);
}

static void test_rdp_level2_is_final(void **state)
{
	const char *const opts[] = { "rdp=0xCC", NULL };
	struct sim *s = board_with(opts, NULL);

	(void)state;
	opt_unlock(s);
	wr32(s, OPTCR, 0x0FFFAAEC | STM32F4_FLASH_OPTCR_OPTSTRT);
	settle(s);
	assert_int_equal(rd32(s, OPTCR), 0x0FFFCCEC);
	sim_request_system_reset(s);
	assert_int_equal(rd32(s, OPTCR), 0x0FFFCCED);
	sim_destroy(s);
}

static void test_set_option_errors(void **state)
{
	struct sim *s = *state;
	char err[128];

	assert_int_equal(sim_set_option(s, "wrp", "0x100", err, sizeof(err)), -1);
	assert_int_equal(sim_set_option(s, "rdp", "0x1AA", err, sizeof(err)), -1);
	assert_int_equal(sim_set_option(s, "bor_lev", "4", err, sizeof(err)), -1);
	assert_int_equal(sim_set_option(s, "user", "0x10", err, sizeof(err)), -1);
	assert_int_equal(sim_set_option(s, "rdp", "zz", err, sizeof(err)), -1);
	assert_int_equal(sim_set_option(s, "dbank", "0", err, sizeof(err)), -1);	/* not an F4 option */
	assert_int_equal(sim_set_option(s, "bor_lev", "1", err, sizeof(err)), 0);
	assert_int_equal(sim_set_option(s, "user", "0x40", err, sizeof(err)), 0);
	assert_int_equal(rd32(s, OPTCR), 0x0FFFAA45);
	assert_int_equal(sim_set_option(s, "optcr", "0x0FFF55EC", err, sizeof(err)), 0);
	assert_int_equal(rd32(s, OPTCR), 0x0FFF55ED);
}

/* ---- OTP ---- */

static void test_otp_program_and_lock(void **state)
{
	struct sim *s = *state;

	unlock(s);
	program(s, 2, OTP + 3 * 32, 4, 0x01234567);
	expect_busy_for(s, 16 * US);
	program(s, 1, OTP + 3 * 32 + 4, 2, 0x89AB);
	settle(s);
	assert_int_equal(rd32(s, OTP + 3 * 32), 0x01234567);
	assert_int_equal(rd32(s, OTP + 3 * 32 + 4), 0xFFFF89AB);
	/* lock block 3 */
	program(s, 0, OTP_LOCK + 3, 1, 0x00);
	settle(s);
	assert_int_equal(rd32(s, OTP_LOCK), 0xFFFFFFFF & ~0xFF000000u);
	/* block 3 refuses even bits that could still go 1 -> 0 */
	uint64_t before = busy_ns(s);
	program(s, 2, OTP + 3 * 32 + 8, 4, 0x00000000);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_WRPERR);
	assert_int_equal(rd32(s, OTP + 3 * 32 + 8), 0xFFFFFFFF);
	assert_int_equal(busy_ns(s), before);
	wr32(s, SR, STM32F4_FLASH_SR_WRPERR);
	/* neighbours stay programmable */
	program(s, 2, OTP + 2 * 32 + 28, 4, 0xAAAAAAAA);
	program(s, 2, OTP + 4 * 32, 4, 0x55555555);
	settle(s);
	assert_int_equal(rd32(s, SR), 0);
	assert_int_equal(rd32(s, OTP + 2 * 32 + 28), 0xAAAAAAAA);
	assert_int_equal(rd32(s, OTP + 4 * 32), 0x55555555);
	/* the OTP is never erased: sector and mass erase leave it */
	wr32(s, CR, STM32F4_FLASH_CR_SER | SNB(0) | PSIZE(2) | STM32F4_FLASH_CR_STRT);
	settle(s);
	wr32(s, CR, STM32F4_FLASH_CR_MER | PSIZE(2) | STM32F4_FLASH_CR_STRT);
	settle(s);
	assert_int_equal(rd32(s, OTP + 3 * 32), 0x01234567);
	assert_int_equal(rd(s, OTP_LOCK + 3, 1), 0x00);
}

static void test_otp_refusals(void **state)
{
	struct sim *s = *state;

	unlock(s);
	program(s, 0, OTP + 7, 1, 0x0F);
	settle(s);
	/* 0 -> 1 refused, whole write, content kept */
	program(s, 2, OTP + 4, 4, 0x1FFFFFFF);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_WRPERR);
	assert_int_equal(rd32(s, OTP + 4), 0x0FFFFFFF);
	wr32(s, SR, STM32F4_FLASH_SR_WRPERR);
	/* 1 -> 0 on top is fine */
	program(s, 0, OTP + 7, 1, 0x07);
	settle(s);
	assert_int_equal(rd(s, OTP + 7, 1), 0x07);
	/* lock bytes hold 0x00 or 0xFF only */
	program(s, 0, OTP_LOCK + 5, 1, 0x5A);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_WRPERR);
	assert_int_equal(rd(s, OTP_LOCK + 5, 1), 0xFF);
	wr32(s, SR, STM32F4_FLASH_SR_WRPERR);
	program(s, 2, OTP_LOCK + 4, 4, 0x00FF00FF);	/* four lock bytes at once */
	settle(s);
	assert_int_equal(rd32(s, OTP_LOCK + 4), 0x00FF00FF);
	/* 0xFF over an open lock byte changes nothing and is allowed (byte 4) */
	program(s, 0, OTP_LOCK + 4, 1, 0xFF);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_BSY);
	settle(s);
	/* a lock cannot be undone (byte 5 is 0x00) */
	program(s, 0, OTP_LOCK + 5, 1, 0xFF);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_WRPERR);
	wr32(s, SR, STM32F4_FLASH_SR_W1C);
	/* the access size is checked first: a half-word at x8 is PGPERR */
	program(s, 0, OTP_LOCK + 6, 1, 0xFF);
	settle(s);
	wr(s, OTP_LOCK + 6, 2, 0xFFFF);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_PGPERR);
	wr32(s, SR, STM32F4_FLASH_SR_W1C);
	program(s, 1, OTP_LOCK + 6, 2, 0xFFFF);	/* byte 7 is 0x00 */
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_WRPERR);
	assert_int_equal(rd32(s, OTP_LOCK + 4), 0x00FF00FF);
	wr32(s, SR, STM32F4_FLASH_SR_W1C);
	/* without PG: PGSERR */
	wr32(s, CR, PSIZE(0));
	wr(s, OTP + 100, 1, 0);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_PGSERR);
	assert_int_equal(rd(s, OTP + 100, 1), 0xFF);
	/* the rest of system memory is ROM: bus error (unique ID at 0x1FFF7A10) */
	wr32(s, CR, STM32F4_FLASH_CR_PG | PSIZE(2));
	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, 0x1FFF7A10, 4, 0), SIM_BUS_ERROR);
	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, 0x1FFF77FC, 4, 0), SIM_BUS_ERROR);
	assert_int_equal(rd32(s, 0x1FFF7A10), 0x00350025);
}

static void program_otp_and_options(struct sim *s)
{
	unlock(s);
	program(s, 2, OTP + 0x1FC, 4, 0xC001D00D);
	program(s, 0, OTP_LOCK + 15, 1, 0x00);
	settle(s);
	opt_unlock(s);
	wr32(s, OPTCR, 0x0F7FAAE8 | STM32F4_FLASH_OPTCR_OPTSTRT);	/* nWRP7 = 0, BOR_LEV 2 */
	settle(s);
}

static void check_otp_and_options(struct sim *s)
{
	assert_int_equal(rd32(s, OTP + 0x1FC), 0xC001D00D);
	assert_int_equal(rd32(s, OTP_LOCK + 12), 0x00FFFFFF);
	assert_int_equal(rd32(s, OPTCR), 0x0F7FAAE9);
	unlock(s);
	wr32(s, CR, STM32F4_FLASH_CR_SER | SNB(7) | PSIZE(2) | STM32F4_FLASH_CR_STRT);
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_WRPERR);
	wr32(s, SR, STM32F4_FLASH_SR_W1C);
	program(s, 2, OTP + 0x1F0, 4, 0);	/* block 15 locked */
	assert_int_equal(rd32(s, SR), STM32F4_FLASH_SR_WRPERR);
	wr32(s, CR, STM32F4_FLASH_CR_LOCK);
}

static void test_otp_and_options_survive_reset(void **state)
{
	struct sim *s = *state;

	program_otp_and_options(s);
	sim_request_system_reset(s);
	halt_core(s);
	assert_int_equal(rd32(s, CR), 0x80000000);
	check_otp_and_options(s);
	sim_set_nreset(s, true);
	sim_set_nreset(s, false);
	halt_core(s);
	check_otp_and_options(s);
}

static void test_state_file_round_trip(void **state)
{
	char path[] = "/tmp/test_stm32f4_flash.XXXXXX";
	char err[256];
	int fd = mkstemp(path);
	struct sim *s;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	unlink(path);	/* a state file that does not exist yet: factory state */
	s = board_with(NULL, path);
	program_otp_and_options(s);
	program(s, 2, FLASH0 + 0x1000, 4, 0x600DF00D);
	sim_destroy(s);	/* saves */
	s = board_with(NULL, path);
	check_otp_and_options(s);
	assert_int_equal(rd32(s, FLASH0 + 0x1000), 0x600DF00D);
	/* --option overrides what the state file holds, at power-on */
	sim_destroy(s);
	const char *const opts[] = { "wrp=0", NULL };
	s = board_with(opts, path);
	assert_int_equal(rd32(s, OPTCR), 0x0FFFAAE9);
	assert_int_equal(rd32(s, OTP + 0x1FC), 0xC001D00D);
	sim_destroy(s);
	/* sim_state_save / sim_state_load into a fresh board */
	s = board_with(NULL, NULL);
	program_otp_and_options(s);
	assert_int_equal(sim_state_save(s, path, err, sizeof(err)), 0);
	sim_destroy(s);
	s = board_with(NULL, NULL);
	assert_int_equal(rd32(s, OTP + 0x1FC), 0xFFFFFFFF);
	assert_int_equal(sim_state_load(s, path, err, sizeof(err)), 0);
	sim_request_system_reset(s);
	halt_core(s);
	check_otp_and_options(s);
	sim_destroy(s);
	unlink(path);
}

static void test_describe(void **state)
{
	struct sim *s = *state;
	char buf[160];

	stm32f4_flash_model.describe(s, sim_model_ctx(s, STM32F4_FLASH_MODEL_NAME), buf, sizeof(buf));
	assert_string_equal(buf, "cr=0x80000000 sr=0x00000000 optcr=0x0fffaaed ob=0x0fffaaec busy=0 vpp=0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reset_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acr_bits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unlock_and_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cr_bits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_key_locks_until_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sr_flags_w1c_operr_eop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sector_erase_each_sector, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erase_timing_by_psize_and_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mass_erase_spares_otp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erase_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_program_psize_variants, setup, teardown),
		cmocka_unit_test_setup_teardown(test_program_and_semantics, setup, teardown),
		cmocka_unit_test_setup_teardown(test_program_sequence_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_x64_with_vpp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_busy_operations_queue, setup, teardown),
		cmocka_unit_test(test_wrp_refuses_erase_and_program),
		cmocka_unit_test(test_sprmod_inverts_wrp),
		cmocka_unit_test_setup_teardown(test_option_programming, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_optkey, setup, teardown),
		cmocka_unit_test(test_rdp_regression_mass_erases),
		cmocka_unit_test(test_rdp_level2_is_final),
		cmocka_unit_test_setup_teardown(test_set_option_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_otp_program_and_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_otp_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_otp_and_options_survive_reset, setup, teardown),
		cmocka_unit_test(test_state_file_round_trip),
		cmocka_unit_test_setup_teardown(test_describe, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
