// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Alif E7's MRAM (sim/periph/alif_mram.c): 16-byte words written by four word stores in
 * order, no erase, each word taking the write time; narrower or out-of-order stores refused
 * with a bus error and the array left as it was.
 */
#include <string.h>

#include "sim_fixture.h"
#include "test_core_util.h"
#include "sim/periph/alif_mram.h"

#define MRAM 0x80000000u
#define T_WRITE_NS 16000u	/* the alif-e7 board's constant */
#define CODE 0x00000100u	/* ITCM */

static int setup(void **state)
{
	struct sim *s = fixture_board("alif-e7");

	assert_int_not_equal(swdh_connect(s), 0);
	tc_halt(s);
	*state = s;
	return 0;
}

static uint64_t busy_ns(struct sim *s)
{
	struct sim_stats_s st;
	sim_get_stats(s, &st);
	return st.flash_busy_ns;
}

static uint64_t now_ns(struct sim *s)
{
	struct sim_stats_s st;
	sim_get_stats(s, &st);
	return st.time_ns;
}

static void test_unit_write(void **state)
{
	struct sim *s = *state;
	uint64_t b0 = busy_ns(s);

	/* no erase: a programmed word is overwritten with any value */
	for (int round = 0; round < 2; round++)
		for (uint32_t i = 0; i < 4; i++)
			assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, MRAM + 0x10 + 4 * i, 4,
						       round ? 0x0F0F0F0Fu + i : 0xA0B0C0D0u + i), SIM_BUS_OK);
	for (uint32_t i = 0; i < 4; i++)
		assert_int_equal(tc_rd(s, MRAM + 0x10 + 4 * i), 0x0F0F0F0Fu + i);
	assert_int_equal(busy_ns(s) - b0, 2 * T_WRITE_NS);
	assert_int_equal(tc_rd(s, MRAM), 0xFFFFFFFF);		/* neighbours untouched */
	assert_int_equal(tc_rd(s, MRAM + 0x20), 0xFFFFFFFF);
}

static void test_refused(void **state)
{
	struct sim *s = *state;
	struct alif_mram_s *m = sim_model_ctx(s, "mram");
	uint64_t b0 = busy_ns(s);

	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, MRAM + 0x40, 1, 0x12), SIM_BUS_ERROR);
	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, MRAM + 0x40, 2, 0x1234), SIM_BUS_ERROR);
	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, MRAM + 0x44, 4, 1), SIM_BUS_ERROR);	/* mid-unit */
	/* a unit left incomplete, then another unit: refused, the partial unit dropped */
	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, MRAM + 0x40, 4, 1), SIM_BUS_OK);
	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, MRAM + 0x44, 4, 2), SIM_BUS_OK);
	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, MRAM + 0x50, 4, 3), SIM_BUS_ERROR);
	assert_int_equal(m->refused, 4);
	assert_int_equal(busy_ns(s), b0);
	for (uint32_t a = MRAM + 0x40; a < MRAM + 0x60; a += 4)
		assert_int_equal(tc_rd(s, a), 0xFFFFFFFF);
}

/* The core writes three units back to back (STMIA r0!, {r1-r4} x3): the second and third
 * wait for the previous unit's write, so the run takes at least two write times. */
static void test_cpu_stream(void **state)
{
	struct sim *s = *state;
	static const uint8_t code[] = { 0x1E, 0xC0, 0x1E, 0xC0, 0x1E, 0xC0, 0x00, 0xBE };
	char err[200];
	uint64_t t0, b0;

	assert_int_equal(sim_preload(s, CODE, code, sizeof(code), err, sizeof(err)), 0);
	tc_halt_at(s, CODE);
	tc_set_reg(s, R_R0, MRAM + 0x100);
	for (unsigned r = 1; r <= 4; r++)
		tc_set_reg(s, r, 0x11111111u * r);
	tc_set_reg(s, R_XPSR, 1u << 24);
	t0 = now_ns(s);
	b0 = busy_ns(s);
	tc_run(s);
	while (!(tc_rd(s, T_DHCSR) & T_S_HALT))
		tc_us(s, 1);
	assert_int_equal(tc_reg(s, R_PC), CODE + 6);
	assert_true(now_ns(s) - t0 >= 2 * T_WRITE_NS);
	assert_true(now_ns(s) - t0 < 2 * T_WRITE_NS + 5000);
	assert_int_equal(busy_ns(s) - b0, 3 * T_WRITE_NS);
	for (uint32_t u = 0; u < 3; u++)
		for (uint32_t i = 0; i < 4; i++)
			assert_int_equal(tc_rd(s, MRAM + 0x100 + 16 * u + 4 * i), 0x11111111u * (i + 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_unit_write, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_cpu_stream, setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
