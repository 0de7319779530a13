// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The probe layer: spec strings, the in-process sim probe (identity, voltage, speed,
 * nRESET, command accounting), and the jlink driver's errors when no USB J-Link is there.
 * (jlink-tcp is exercised by test_probe_jlink_tcp.sh inside a network namespace only:
 * its discovery broadcasts.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "sim/sim.h"
#include "src/probe/probe.h"

static void test_bad_specs(void **state)
{
	static const char *const bad[] = { "", ":x", "jlink:", "sim:", "stlink", "cmsis-dap:1", "averyveryverylongdrivername" };
	struct probe_s *p = (struct probe_s *)1;
	char err[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(probe_open(bad[i], 0, &p, err, sizeof(err)), PROBE_ERR_SPEC);
		assert_null(p);
		assert_true(strlen(err) > 10);
	}
	assert_int_equal(probe_open(NULL, 0, &p, err, sizeof(err)), PROBE_ERR_SPEC);
}

static void test_sim_boards(void **state)
{
	struct probe_s *p;
	char err[256];

	assert_int_equal(probe_open("sim", 0, &p, err, sizeof(err)), PROBE_OK);
	assert_string_equal(sim_board_name(probe_sim_board(p)), "stm32l552");
	probe_close(p);
	assert_int_equal(probe_open("sim:stm32f401", 0, &p, err, sizeof(err)), PROBE_OK);
	assert_string_equal(sim_board_name(probe_sim_board(p)), "stm32f401");
	probe_close(p);
	assert_int_equal(probe_open("sim:nosuchboard", 0, &p, err, sizeof(err)), PROBE_ERR_NOT_FOUND);
	assert_non_null(strstr(err, "unknown board"));
}

/* A J-Link's SWD_IO size from its free memory: OpenOCD's (free - 16) / 2, at most a u16 bit count. */
static void test_swd_buffer_from_free_memory(void **state)
{
	(void)state;
	assert_int_equal(probe_swd_buffer_bytes(0), 0);
	assert_int_equal(probe_swd_buffer_bytes(16), 0);
	assert_int_equal(probe_swd_buffer_bytes(143), 63);
	assert_int_equal(probe_swd_buffer_bytes(4112), 2048);
	assert_int_equal(probe_swd_buffer_bytes(16398), 8191);
	assert_int_equal(probe_swd_buffer_bytes(16400), 8191);
	assert_int_equal(probe_swd_buffer_bytes(SIM_JLINK_FREE_MEMORY), 8191);
	assert_true(8 * probe_swd_buffer_bytes(UINT32_MAX) <= UINT16_MAX);
}

static void test_sim_info_and_controls(void **state)
{
	struct probe_s *p;
	struct probe_info_s info;
	struct sim_stats_s a, b;
	char err[256], text[1024];
	uint16_t mv = 0;
	unsigned khz = 0;

	assert_int_equal(probe_open("sim:stm32f401", 2000, &p, err, sizeof(err)), PROBE_OK);
	struct sim *s = probe_sim_board(p);
	assert_int_equal(sim_swd_hz(s), 2000000);
	assert_int_equal(p->swd_buffer_bits, 8 * 8191);	/* the most one SWD_IO carries */
	assert_int_equal(probe_target_voltage(p, &mv), PROBE_OK);
	assert_int_equal(mv, 3300);
	assert_int_equal(probe_set_speed(p, 8000, &khz), PROBE_OK);
	assert_int_equal(khz, 8000);
	assert_int_equal(sim_swd_hz(s), 8000000);
	assert_int_equal(probe_set_nreset(p, true), PROBE_OK);
	assert_int_equal(probe_set_nreset(p, false), PROBE_OK);
	assert_int_equal(probe_get_info(p, &info), PROBE_OK);
	assert_string_equal(info.driver, "sim");
	assert_int_equal(info.vtarget_mv, 3300);
	assert_int_equal(info.speed_khz, 8000);
	probe_info_format(&info, text, sizeof(text));
	print_message("%s", text);
	assert_non_null(strstr(text, "3.300 V"));

	/* one swd_io = one probe command, as one J-Link SWD_IO */
	uint8_t dir[8] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, out[8] = { 0 }, in[8];
	sim_get_stats(s, &a);
	assert_int_equal(probe_swd_io(p, dir, out, in, 64), PROBE_OK);
	sim_get_stats(s, &b);
	assert_int_equal(b.probe_commands - a.probe_commands, 1);
	assert_int_equal(b.swd_bits - a.swd_bits, 64);
	/* more than the buffer is refused, not split behind the caller's back */
	assert_int_equal(probe_swd_io(p, dir, out, in, 8 * 8191 + 1), PROBE_ERR_UNSUPPORTED);
	assert_non_null(strstr(probe_last_error(p), "exceeds"));
	probe_close(p);
}

/* No J-Link on this machine's USB: a clear error, nothing left open. (USB only: no broadcast.) */
static void test_jlink_usb_absent(void **state)
{
	struct probe_s *p = NULL;
	char err[256] = "";
	int rc = probe_open("jlink", 0, &p, err, sizeof(err));

	print_message("  jlink: %d: %s\n", rc, err);
	if (rc == PROBE_OK) {
		/* a real J-Link is attached: fine, this test is about its absence */
		probe_close(p);
		skip();
	}
	assert_null(p);
	assert_true(rc == PROBE_ERR_NOT_FOUND || rc == PROBE_ERR_IO || rc == PROBE_ERR_NO_POWER);
	assert_true(strlen(err) > 10);
	rc = probe_open("jlink:999999999", 0, &p, err, sizeof(err));
	print_message("  jlink:999999999: %d: %s\n", rc, err);
	assert_true(rc == PROBE_ERR_NOT_FOUND || rc == PROBE_ERR_IO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_specs),
		cmocka_unit_test(test_sim_boards),
		cmocka_unit_test(test_swd_buffer_from_free_memory),
		cmocka_unit_test(test_sim_info_and_controls),
		cmocka_unit_test(test_jlink_usb_absent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
