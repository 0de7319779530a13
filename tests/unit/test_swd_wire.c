// SPDX-License-Identifier: GPL-2.0-or-later
/* The SWD wire decoder: selection sequences, line reset, protocol errors, timing. */
#include <stdlib.h>
#include <string.h>

#include "sim_fixture.h"

#define DPIDR_F401 0x2BA01477u
#define DPIDR_L552 0x0BE12477u
#define CS_WDATAERR (1u << 7)

static void test_jtag_state_ignores_swd(void **state)
{
	struct sim *s = fixture_board("stm32f401");
	uint32_t v = 0;

	/* After power-on the SWJ-DP is in JTAG: a line reset alone does not wake SWD. */
	swdh_line_reset(s);
	assert_int_equal(swdh_transfer(s, false, true, 0, &v), SWDH_NO_RESPONSE);
	swdh_jtag_to_swd(s);
	assert_int_equal(swdh_transfer(s, false, true, 0, &v), 1);
	assert_int_equal(v, DPIDR_F401);
	sim_destroy(s);
}

static void test_dpidr_per_board(void **state)
{
	struct sim *s = fixture_board("stm32l552");

	assert_int_equal(swdh_connect(s), DPIDR_L552);
	sim_destroy(s);
}

static void test_reset_state_answers_only_dpidr(void **state)
{
	struct sim *s = *state;
	uint32_t v = 0;

	swdh_line_reset(s);
	/* CTRL/STAT before DPIDR: the target stays silent and locks out */
	assert_int_equal(swdh_transfer(s, false, true, 0x4, &v), SWDH_NO_RESPONSE);
	assert_int_equal(swdh_transfer(s, false, true, 0x0, &v), SWDH_NO_RESPONSE);
	swdh_line_reset(s);
	assert_int_equal(swdh_transfer(s, false, true, 0x0, &v), 1);
	assert_int_equal(v, DPIDR_F401);
	assert_int_equal(swdh_transfer(s, false, true, 0x4, &v), 1);
}

static void test_request_parity_error_locks_out(void **state)
{
	struct sim *s = *state;
	uint32_t v = 0;

	assert_int_equal(swdh_transfer_bad_parity(s, false, true, 0, &v, true, false), SWDH_NO_RESPONSE);
	assert_int_equal(swdh_transfer(s, false, true, 0, &v), SWDH_NO_RESPONSE);
	swdh_line_reset(s);
	assert_int_equal(swdh_transfer(s, false, true, 0, &v), 1);
}

static void test_write_data_parity_sets_wdataerr(void **state)
{
	struct sim *s = *state;
	uint32_t tar = 0x20000100, sel = 0;

	dp_wr(s, 0x8, sel);
	assert_int_equal(swdh_transfer_bad_parity(s, true, false, 0x4, &tar, false, true), 1);
	assert_true(dp_rd(s, 0x4) & CS_WDATAERR);
	/* the write was discarded, and AP accesses fault until WDERRCLR */
	uint32_t v;
	assert_int_equal(swdh_transfer(s, true, true, 0x4, &v), 4);
	dp_wr(s, 0x0, 1u << 3);
	assert_false(dp_rd(s, 0x4) & CS_WDATAERR);
	assert_int_not_equal(ap_rd(s, 0x4), 0x20000100);
}

static void test_dormant_round_trip_on_dpv2(void **state)
{
	static const uint8_t alert[16] = { 0x92, 0xf3, 0x09, 0x62, 0x95, 0x2d, 0x85, 0x86,
					   0xe9, 0xaf, 0xdd, 0xe3, 0xa2, 0x0e, 0xbc, 0x19 };
	struct sim *s = *state;
	uint32_t v = 0;

	swdh_bits(s, ~0ull, 56);
	swdh_bits(s, 0xE3BC, 16);	/* SWD to dormant */
	swdh_line_reset(s);
	assert_int_equal(swdh_transfer(s, false, true, 0, &v), SWDH_NO_RESPONSE);
	swdh_bits(s, 0xFF, 8);
	for (int i = 0; i < 16; i++)
		swdh_bits(s, alert[i], 8);
	swdh_bits(s, 0x1A << 4, 12);	/* 4 low cycles, then the SWD activation code */
	swdh_line_reset(s);
	assert_int_equal(swdh_transfer(s, false, true, 0, &v), 1);
	assert_int_equal(v, DPIDR_L552);
}

static void test_dormant_ignored_on_dpv1(void **state)
{
	struct sim *s = *state;
	uint32_t v = 0;

	swdh_bits(s, ~0ull, 56);
	swdh_bits(s, 0xE3BC, 16);
	swdh_line_reset(s);
	assert_int_equal(swdh_transfer(s, false, true, 0, &v), 1);
	assert_int_equal(v, DPIDR_F401);
}

static void test_bits_and_time_are_counted(void **state)
{
	struct sim *s = fixture_board("stm32f401");
	struct sim_stats_s a, b;

	sim_get_stats(s, &a);
	swdh_bits(s, 0, 40);
	sim_get_stats(s, &b);
	assert_int_equal(b.swd_bits - a.swd_bits, 40);
	assert_int_equal(b.time_ns - a.time_ns, 40 * 250);	/* 4 MHz default */
	assert_int_equal(b.probe_commands, a.probe_commands);
	sim_set_swd_hz(s, 1000000);
	swdh_bits(s, 0, 10);
	sim_get_stats(s, &a);
	assert_int_equal(a.time_ns - b.time_ns, 10 * 1000);
	sim_destroy(s);
}

/* The J-Link path: one probe command, and target bits one position early. */
static void test_jlink_sampling_shift(void **state)
{
	struct sim *s = fixture_board("stm32f401");
	uint8_t dir[6] = { 0 }, out[6] = { 0 }, in[6] = { 0 };
	struct sim_stats_s a, b;

	swdh_jtag_to_swd(s);
	/* DPIDR read request 0xA5, then 38 cycles not driven by the probe */
	dir[0] = 0xFF;
	out[0] = 0xA5;
	sim_get_stats(s, &a);
	sim_jlink_swd_io(s, dir, out, in, 46);
	sim_get_stats(s, &b);
	assert_int_equal(b.probe_commands - a.probe_commands, 1);
	assert_int_equal(b.time_ns - a.time_ns, 250000 + 46 * 250);
	unsigned ack = (in[1] >> 0) & 7;	/* bits 8..10: ACK lands one early */
	assert_int_equal(ack, 1);
	uint64_t raw = 0;
	for (int i = 0; i < 6; i++)
		raw |= (uint64_t)in[i] << (8 * i);
	assert_int_equal((uint32_t)(raw >> 11), DPIDR_F401);
	sim_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jtag_state_ignores_swd),
		cmocka_unit_test(test_dpidr_per_board),
		cmocka_unit_test_setup_teardown(test_reset_state_answers_only_dpidr, fixture_setup_f401,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_request_parity_error_locks_out, fixture_setup_f401,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_write_data_parity_sets_wdataerr, fixture_setup_f401,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_dormant_round_trip_on_dpv2, fixture_setup_l552, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_dormant_ignored_on_dpv1, fixture_setup_f401, fixture_teardown),
		cmocka_unit_test(test_bits_and_time_are_counted),
		cmocka_unit_test(test_jlink_sampling_shift),
	};
	return cmocka_run_group_tests_name("swd_wire", tests, NULL, NULL);
}
