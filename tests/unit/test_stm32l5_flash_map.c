// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32L5 flash model: the four DBANK x SWAP_BANK mappings (RM0438 §6.3.1, §6.4.1 and
 * ../shared/reference/hardware.md §1). For each: a page erase and a double-word program
 * on each side of the 256 KB boundary, with the exact bytes that changed checked against
 * a snapshot of the whole flash; then, in dual-bank mode, an option load that flips
 * SWAP_BANK, which must move every byte to the other half (the physical banks follow).
 *
 * Expected mapping (dual bank, 2 KB pages, 128 per bank):
 *   SWAP_BANK = 0: bank 1 at 0x08000000, bank 2 at 0x08040000;
 *   SWAP_BANK = 1: bank 2 at 0x08000000, bank 1 at 0x08040000;
 *   BKER names the physical bank (ST's GetBank(): address 0x08000000 is bank 2 when
 *   swapped). Single bank (DBANK = 0): 4 KB pages 0-127 from 0x08000000, BKER and
 *   SWAP_BANK without effect (the latter ?).
 * Then both readings of BKER/MER1/MER2 the board offers (--option bker=physical|mapped,
 * hardware.md §1 on the dispute): page and mass erase with SWAP_BANK = 0 and 1.
 */
#include "test_stm32l5_flash_util.h"

#define NSCR NS(STM32L5_FLASH_NSCR)
#define NSSR NS(STM32L5_FLASH_NSSR)
#define OPTR NS(STM32L5_FLASH_OPTR)
#define HALF (256u * KB)

struct mapping_s {
	const char *opts[4];
	bool dual;
	bool swap;
};

static const struct mapping_s mappings[] = {
	{ { "dbank=1", "swap_bank=0", NULL }, true, false },
	{ { "dbank=1", "swap_bank=1", NULL }, true, true },
	{ { "dbank=0", "swap_bank=0", NULL }, false, false },
	{ { "dbank=0", "swap_bank=1", NULL }, false, true },
};

/* A pattern no erase or program produces: byte i of the flash before the test. */
static uint8_t pattern(uint32_t i)
{
	return (uint8_t)((i * 7u + (i >> 11)) & 0x7Fu);
}

static struct sim *board_with_pattern(const struct mapping_s *m)
{
	struct sim *s = l5_board(m->opts, NULL);
	uint8_t *buf = malloc(STM32L5_FLASH_SIZE);

	assert_non_null(buf);
	for (uint32_t i = 0; i < STM32L5_FLASH_SIZE; i++)
		buf[i] = pattern(i);
	assert_int_equal(sim_preload(s, FL(0), buf, STM32L5_FLASH_SIZE, NULL, 0), 0);
	free(buf);
	unlock(s, NS(STM32L5_FLASH_NSKEYR));
	return s;
}

/* Erase (bank, page); exactly [lo, hi) of the address view must become 0xFF. */
static void erase_and_check(struct sim *s, unsigned bank, unsigned page, uint32_t lo, uint32_t hi)
{
	uint8_t *before = snapshot(s), *after;

	page_erase(s, bank, page);
	assert_int_equal(rd(s, NSSR), 0);
	after = snapshot(s);
	assert_int_equal(first_diff_outside(before, after, lo, hi), -1);
	for (uint32_t i = lo; i < hi; i++)
		if (after[i] != 0xFF)
			fail_msg("bank %u page %u: byte 0x%05x is 0x%02x, not erased", bank, page, i, after[i]);
	free(before);
	free(after);
}

/* Program one double-word at offset off (erased); only its 8 bytes may change. */
static void program_and_check(struct sim *s, uint32_t off, uint32_t lo, uint32_t hi)
{
	uint8_t *before = snapshot(s), *after;

	program_dw(s, FL(off), lo, hi);
	assert_int_equal(rd(s, NSSR), 0);
	after = snapshot(s);
	assert_int_equal(first_diff_outside(before, after, off, off + 8), -1);
	assert_int_equal(rd(s, FL(off)), lo);
	assert_int_equal(rd(s, FL(off + 4)), hi);
	free(before);
	free(after);
}

/* Dual bank: page 127 of the bank mapped low, page 0 of the bank mapped high. */
static void check_dual(struct sim *s, bool swap)
{
	unsigned low_bank = swap ? 2 : 1, high_bank = swap ? 1 : 2;

	assert_int_equal(rd(s, OPTR) & (STM32L5_FLASH_OPTR_DBANK | STM32L5_FLASH_OPTR_SWAP_BANK),
			 STM32L5_FLASH_OPTR_DBANK | (swap ? STM32L5_FLASH_OPTR_SWAP_BANK : 0));
	erase_and_check(s, low_bank, 127, HALF - 2 * KB, HALF);
	erase_and_check(s, high_bank, 0, HALF, HALF + 2 * KB);
	/* and the far ends: page 0 of the low bank, page 127 of the high one */
	erase_and_check(s, low_bank, 0, 0, 2 * KB);
	erase_and_check(s, high_bank, 127, 2 * HALF - 2 * KB, 2 * HALF);
	program_and_check(s, HALF - 8, 0x01020304, 0x05060708);
	program_and_check(s, HALF, 0x11121314, 0x15161718);
}

/* Single bank: 4 KB pages 63 and 64 meet at the old bank boundary; BKER is ignored. */
static void check_single(struct sim *s)
{
	assert_int_equal(rd(s, OPTR) & STM32L5_FLASH_OPTR_DBANK, 0);
	erase_and_check(s, 1, 63, HALF - 4 * KB, HALF);
	erase_and_check(s, 1, 64, HALF, HALF + 4 * KB);
	erase_and_check(s, 2, 127, 2 * HALF - 4 * KB, 2 * HALF);
	program_and_check(s, HALF - 8, 0x21222324, 0x25262728);
	program_and_check(s, HALF, 0x31323334, 0x35363738);
}

/* Program OPTR through OPTKEYR + OPTSTRT, then OBL_LAUNCH (which resets the board). */
static void load_optr(struct sim *s, uint32_t optr)
{
	unlock_opt(s);
	wr(s, OPTR, optr);
	wr(s, NSCR, STM32L5_FLASH_NSCR_OPTSTRT);
	wait_idle(s, NSSR);
	wr(s, NSCR, STM32L5_FLASH_NSCR_OBL_LAUNCH);
	assert_int_equal(rd(s, OPTR), optr);
}

/* Flipping SWAP_BANK swaps the halves of the address view, byte for byte. */
static void check_swap_moves_content(struct sim *s, bool swap)
{
	uint8_t *before = snapshot(s), *after;
	uint32_t optr = rd(s, OPTR) ^ STM32L5_FLASH_OPTR_SWAP_BANK;

	load_optr(s, optr);
	after = snapshot(s);
	for (uint32_t i = 0; i < STM32L5_FLASH_SIZE; i++)
		if (after[i] != before[i ^ HALF])
			fail_msg("after SWAP_BANK %d->%d: byte 0x%05x is 0x%02x, expected 0x%02x", swap, !swap, i,
				 after[i], before[i ^ HALF]);
	/* BKER still names the physical bank: page 0 of bank 1 is now on the other side */
	unlock(s, NS(STM32L5_FLASH_NSKEYR));
	erase_and_check(s, 1, 5, (swap ? 0 : HALF) + 5 * 2 * KB, (swap ? 0 : HALF) + 6 * 2 * KB);
	free(before);
	free(after);
}

static void test_mapping(void **state)
{
	const struct mapping_s *m = *state;
	struct sim *s = board_with_pattern(m);

	if (m->dual) {
		check_dual(s, m->swap);
		check_swap_moves_content(s, m->swap);
	} else {
		check_single(s);
	}
	sim_destroy(s);
}

/*
 * Changing DBANK: with SWAP_BANK = 0 every byte keeps its address (the model's single-bank
 * simplification); from dual swapped to single bank the swap ends, so the halves go back
 * to physical order.
 */
static void test_dbank_change(void **state)
{
	struct mapping_s plain = { { "dbank=1", "swap_bank=0", NULL }, true, false };
	struct mapping_s swapped = { { "dbank=1", "swap_bank=1", NULL }, true, true };
	struct sim *s = board_with_pattern(&plain);
	uint8_t *before = snapshot(s), *after;

	(void)state;
	load_optr(s, rd(s, OPTR) & ~STM32L5_FLASH_OPTR_DBANK);
	after = snapshot(s);
	assert_memory_equal(before, after, STM32L5_FLASH_SIZE);
	free(before);
	free(after);
	sim_destroy(s);

	s = board_with_pattern(&swapped);
	before = snapshot(s);
	load_optr(s, rd(s, OPTR) & ~STM32L5_FLASH_OPTR_DBANK);
	after = snapshot(s);
	for (uint32_t i = 0; i < STM32L5_FLASH_SIZE; i++)
		if (after[i] != before[i ^ HALF])
			fail_msg("dual swapped -> single: byte 0x%05x is 0x%02x, expected 0x%02x", i, after[i],
				 before[i ^ HALF]);
	free(before);
	free(after);
	sim_destroy(s);
}

/* A mass erase (MER1 and/or MER2); exactly [lo, hi) of the address view becomes 0xFF. */
static void mass_erase_and_check(struct sim *s, uint32_t mer, uint32_t lo, uint32_t hi)
{
	uint8_t *before = snapshot(s), *after;

	wr(s, NSCR, mer | STM32L5_FLASH_CR_STRT);
	wait_idle(s, NSSR);
	wr(s, NSCR, 0);
	assert_int_equal(rd(s, NSSR), 0);
	after = snapshot(s);
	assert_int_equal(first_diff_outside(before, after, lo, hi), -1);
	for (uint32_t i = lo; i < hi; i++)
		if (after[i] != 0xFF)
			fail_msg("mass erase 0x%x: byte 0x%05x is 0x%02x, not erased", mer, i, after[i]);
	free(before);
	free(after);
}

/*
 * DBANK = 1, SWAP_BANK = swap, bker reading `reading`: where BKER = 0/1 page erases and
 * MER1/MER2 land in the address view. physical: bank 1 is mapped high when swapped;
 * mapped: BKER = 0 and MER1 always mean the low half.
 */
static void check_bker_reading(const char *reading, bool swap)
{
	char opt[32];
	struct mapping_s m = { { "dbank=1", swap ? "swap_bank=1" : "swap_bank=0", opt, NULL }, true, swap };
	bool first_low = !strcmp(reading, "mapped") || !swap;	/* where BKER = 0 / MER1 land */
	uint32_t first = first_low ? 0 : HALF, second = first_low ? HALF : 0;
	struct sim *s;

	snprintf(opt, sizeof(opt), "bker=%s", reading);
	s = board_with_pattern(&m);
	erase_and_check(s, 1, 5, first + 5 * 2 * KB, first + 6 * 2 * KB);
	erase_and_check(s, 2, 7, second + 7 * 2 * KB, second + 8 * 2 * KB);
	mass_erase_and_check(s, STM32L5_FLASH_CR_MER1, first, first + HALF);
	sim_destroy(s);

	s = board_with_pattern(&m);
	mass_erase_and_check(s, STM32L5_FLASH_CR_MER2, second, second + HALF);
	mass_erase_and_check(s, STM32L5_FLASH_CR_MER1 | STM32L5_FLASH_CR_MER2, 0, 2 * HALF);
	sim_destroy(s);
}

static void test_bker_physical(void **state)
{
	(void)state;
	check_bker_reading("physical", false);
	check_bker_reading("physical", true);
}

static void test_bker_mapped(void **state)
{
	(void)state;
	check_bker_reading("mapped", false);
	check_bker_reading("mapped", true);
}

static void test_bker_option_checked(void **state)
{
	const char *opts[] = { "bker=sideways", NULL };
	struct sim_options_s o = { .board = "stm32l552", .board_options = opts };
	char err[200] = "";

	(void)state;
	assert_null(sim_create(&o, err, sizeof(err)));
	assert_non_null(strstr(err, "bker=sideways"));
	assert_non_null(strstr(err, "physical or mapped"));
}

static int set_mapping(void **state, unsigned i)
{
	*state = (void *)&mappings[i];
	return 0;
}

static int map0(void **state) { return set_mapping(state, 0); }
static int map1(void **state) { return set_mapping(state, 1); }
static int map2(void **state) { return set_mapping(state, 2); }
static int map3(void **state) { return set_mapping(state, 3); }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_prestate_setup_teardown(test_mapping, map0, NULL, NULL),
		cmocka_unit_test_prestate_setup_teardown(test_mapping, map1, NULL, NULL),
		cmocka_unit_test_prestate_setup_teardown(test_mapping, map2, NULL, NULL),
		cmocka_unit_test_prestate_setup_teardown(test_mapping, map3, NULL, NULL),
		cmocka_unit_test(test_dbank_change),
		cmocka_unit_test(test_bker_physical),
		cmocka_unit_test(test_bker_mapped),
		cmocka_unit_test(test_bker_option_checked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
