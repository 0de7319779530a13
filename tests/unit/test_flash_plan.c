// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The flash planner and geometry without a target (flash/plan.h, flash/geom.h): sector
 * lookup over runs of unequal sectors, erase ranges on boundaries, the per-sector
 * decision, the bank-erase decision and the OTP check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "flash/plan.h"

/* STM32F401: 16K x4, 64K, 128K x3 from 0x08000000 */
static struct flash_geom_s f4_geom(void)
{
	struct flash_geom_s g = { .base = 0x08000000 };

	assert_true(flash_geom_add_run(&g, 16384, 4));
	assert_true(flash_geom_add_run(&g, 65536, 1));
	assert_true(flash_geom_add_run(&g, 131072, 3));
	return g;
}

static void test_geom_lookup(void **state)
{
	struct flash_geom_s g = f4_geom();
	struct flash_sector_s s;
	uint32_t bad;

	(void)state;
	assert_int_equal(flash_geom_size(&g), 512 * 1024);
	assert_int_equal(flash_geom_sectors(&g), 8);
	assert_int_equal(flash_geom_max_sector(&g), 131072);
	assert_true(flash_geom_sector_at(&g, 0x0800C123, &s));
	assert_int_equal(s.index, 3);
	assert_int_equal(s.addr, 0x0800C000);
	assert_int_equal(s.size, 16384);
	assert_true(flash_geom_sector_at(&g, 0x08010000, &s));
	assert_int_equal(s.index, 4);
	assert_int_equal(s.size, 65536);
	assert_true(flash_geom_sector_at(&g, 0x0807FFFF, &s));
	assert_int_equal(s.index, 7);
	assert_int_equal(s.addr, 0x08060000);
	assert_false(flash_geom_sector_at(&g, 0x08080000, &s));
	assert_false(flash_geom_sector_at(&g, 0x07FFFFFF, &s));
	assert_true(flash_geom_sector(&g, 5, &s));
	assert_int_equal(s.addr, 0x08020000);
	assert_false(flash_geom_sector(&g, 8, &s));
	/* boundaries */
	assert_true(flash_geom_aligned(&g, 0x08000000, 0x80000, &bad));
	assert_true(flash_geom_aligned(&g, 0x0800C000, 0x14000, &bad));
	assert_false(flash_geom_aligned(&g, 0x08004000, 0x8000 + 0x4000 + 0x4000, &bad));	/* ends inside 64K */
	assert_int_equal(bad, 0x08014000);
	assert_false(flash_geom_aligned(&g, 0x08000800, 0x4000, &bad));
	assert_int_equal(bad, 0x08000800);
	assert_false(flash_geom_aligned(&g, 0x08060000, 0x40000, &bad));	/* runs past the end */
	assert_false(flash_geom_aligned(&g, 0x08000000, 0, &bad));
}

static void test_geom_merge_runs(void **state)
{
	struct flash_geom_s g = { .base = 0 };

	(void)state;
	for (unsigned i = 0; i < 20; i++)
		assert_true(flash_geom_add_run(&g, 2048, 1));
	assert_int_equal(g.n_runs, 1);
	assert_int_equal(g.runs[0].count, 20);
}

static void test_sector_decision(void **state)
{
	struct plan_sector_s s = { .in_erase = true, .known = true, .blank = true };

	(void)state;
	assert_int_equal(plan_sector(&s, true, 0, false), PLAN_SKIP);
	assert_int_equal(plan_sector(&s, false, 0x1234, false), PLAN_PROGRAM);
	s.blank = false;
	s.crc = 0x1234;
	assert_int_equal(plan_sector(&s, false, 0x1234, false), PLAN_SKIP);
	assert_int_equal(plan_sector(&s, false, 0x1234, true), PLAN_ERASE_PROGRAM);	/* no_skip */
	assert_int_equal(plan_sector(&s, false, 0x1235, false), PLAN_ERASE_PROGRAM);
	assert_int_equal(plan_sector(&s, true, 0, false), PLAN_ERASE);
	s.known = false;	/* unknown content is never trusted */
	assert_int_equal(plan_sector(&s, false, 0x1234, false), PLAN_ERASE_PROGRAM);
	assert_int_equal(plan_sector(&s, true, 0, false), PLAN_ERASE);
	s.in_erase = false;
	assert_int_equal(plan_sector(&s, false, 0x1234, false), PLAN_SKIP);
}

static uint32_t l5_page_us(void *ctx, uint32_t size)
{
	(void)ctx;
	(void)size;
	return 22020;
}

static void test_bank_erase(void **state)
{
	struct plan_sector_s s[8];
	struct plan_bank_s pb = { .geom = { .base = 0x08000000 }, .n = 8, .s = s, .can_bank_erase = true };
	uint32_t bad;

	(void)state;
	flash_geom_add_run(&pb.geom, 2048, 8);
	memset(s, 0, sizeof(s));
	for (unsigned i = 0; i < 8; i++)
		s[i].known = true, s[i].blank = (i % 2) == 0;
	/* not every sector in the erase set: no bank erase */
	assert_true(plan_mark_erase(&pb, 0x08000000, 0x2000, &bad));
	assert_false(plan_bank_erase(&pb, 1, l5_page_us, NULL, 22130));
	assert_true(plan_mark_erase(&pb, 0x08002000, 0x2000, &bad));
	assert_int_equal(plan_erase_count(&pb), 8);
	/* 4 non-blank sectors ahead: 4 x 22.02 ms > 22.13 ms */
	assert_true(plan_bank_erase(&pb, 1, l5_page_us, NULL, 22130));
	/* only one non-blank sector ahead: a page erase is quicker */
	assert_false(plan_bank_erase(&pb, 7, l5_page_us, NULL, 22130));
	/* an unchanged non-blank sector was kept: a bank erase would lose it */
	pb.kept_nonblank = true;
	assert_false(plan_bank_erase(&pb, 1, l5_page_us, NULL, 22130));
	pb.kept_nonblank = false;
	/* a sector already programmed in this download: the same */
	s[0].done = true;
	s[0].blank = false;
	assert_false(plan_bank_erase(&pb, 1, l5_page_us, NULL, 22130));
	s[0].done = false;
	pb.can_bank_erase = false;
	assert_false(plan_bank_erase(&pb, 1, l5_page_us, NULL, 22130));
	/* erase ranges must be on boundaries */
	assert_false(plan_mark_erase(&pb, 0x08000100, 0x800, &bad));
	assert_int_equal(bad, 0x08000100);
}

static void test_otp(void **state)
{
	uint8_t cur[8] = { 0xFF, 0x12, 0xFF, 0x00, 0xFF, 0xFF, 0xFF, 0xFF };
	uint8_t exp[8] = { 0xAA, 0x12, 0xFF, 0x00, 0x55, 0x00, 0x00, 0x00 };
	uint8_t present[8] = { 1, 1, 1, 1, 1, 0, 0, 0 };
	uint32_t bad = 99;

	(void)state;
	assert_int_equal(plan_otp(cur, exp, present, 8, 0xFF, &bad), 2);	/* 0xAA and 0x55 */
	exp[1] = 0x13;	/* a programmed byte that differs */
	assert_int_equal(plan_otp(cur, exp, present, 8, 0xFF, &bad), -1);
	assert_int_equal(bad, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_geom_lookup), cmocka_unit_test(test_geom_merge_runs),
		cmocka_unit_test(test_sector_decision), cmocka_unit_test(test_bank_erase),
		cmocka_unit_test(test_otp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
