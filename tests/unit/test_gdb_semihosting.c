// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Semihosting in the GDB layer (src/gdb/semihosting.c) on the virtual STM32L552: a BKPT
 * 0xAB is served while GDB waits (no stop reply, R0 written, the PC past it, the program
 * runs on); disabled, or under one of GDB's breakpoints, it is reported as a stop; a step
 * onto it serves it; a bad pointer gets R0 = -1 and the server answers on; an exit gives
 * "W<status>" and leaves the core halted after `D`; `monitor semihosting` switches it.
 */
#include <stdio.h>
#include <string.h>

#include "test_gdb_fixture.h"

#define RAM 0x20001000u
#define DATA 0x20002000u

/* bkpt 0xab (R0, R1 set by the test); bkpt 1: the end, where GDB gets its stop reply */
static const uint16_t prog_call[] = { 0xBEAB, 0xBE01, 0xBF00, 0xBF00 };

static void set_call(struct gdb_fixture_s *fx, uint32_t op, uint32_t param)
{
	fx_load(fx, RAM, prog_call, 4);
	assert_int_equal(cortexm_write_reg(&fx->t, CORTEXM_R0, op), 0);
	assert_int_equal(cortexm_write_reg(&fx->t, CORTEXM_R0 + 1, param), 0);
}

static uint32_t reg(struct gdb_fixture_s *fx, unsigned r)
{
	uint32_t v;

	assert_int_equal(cortexm_read_reg(&fx->t, r, &v), 0);
	return v;
}

/* Continues and waits for the stop; the stop reply. */
static const char *run(struct gdb_fixture_s *fx)
{
	assert_string_equal(fx_cmd(fx, "c"), "");
	assert_int_equal(gdb_wait_stopped(&fx->g, 2000), 1);
	fx->g.reply.data[fx->g.reply.len] = '\0';
	return (const char *)fx->g.reply.data;
}

static void test_served_while_running(void **state)
{
	struct gdb_fixture_s *fx = *state;

	fx->g.sh.enabled = true;
	assert_int_equal(cortexm_write_mem(&fx->t, DATA, "Q", 1), 0);
	set_call(fx, SH_SYS_WRITEC, DATA);
	fx_console_clear(fx);
	assert_non_null(strstr(run(fx), "0f:02100020;"));	/* stopped on the bkpt 1 after it */
	assert_string_equal(fx->console, "Q");			/* GDB's console */
	assert_int_equal(reg(fx, CORTEXM_R0), 0);
}

static void test_disabled_is_a_stop(void **state)
{
	struct gdb_fixture_s *fx = *state;
	const char *r;

	fx->g.sh.enabled = false;
	set_call(fx, SH_SYS_WRITEC, DATA);
	r = run(fx);
	assert_true(strncmp(r, "T05", 3) == 0);
	assert_non_null(strstr(r, "0f:00100020;"));		/* on the BKPT 0xAB itself */
	assert_int_equal(reg(fx, CORTEXM_R0), SH_SYS_WRITEC);
}

/* A bad parameter block: R0 = -1, the program goes on, the server answers the next packet. */
static void test_bad_pointer(void **state)
{
	struct gdb_fixture_s *fx = *state;

	fx->g.sh.enabled = true;
	set_call(fx, SH_SYS_WRITE, 0xD0000000u);
	assert_non_null(strstr(run(fx), "0f:02100020;"));
	assert_int_equal(reg(fx, CORTEXM_R0), 0xFFFFFFFFu);
	assert_string_equal(fx_cmd(fx, "m20002000,1"), "51");
	set_call(fx, SH_SYS_READ, 0x1FFFFFFCu);	/* a block that ends where nothing answers */
	assert_non_null(strstr(run(fx), "0f:02100020;"));
	assert_int_equal(reg(fx, CORTEXM_R0), 0xFFFFFFFFu);
}

static void test_step_serves(void **state)
{
	struct gdb_fixture_s *fx = *state;
	const char *r;

	fx->g.sh.enabled = true;
	set_call(fx, SH_SYS_WRITEC, DATA);
	fx_console_clear(fx);
	r = fx_cmd(fx, "s");
	assert_true(strncmp(r, "T05", 3) == 0);
	assert_non_null(strstr(r, "0f:02100020;"));
	assert_string_equal(fx->console, "Q");
	/* under one of GDB's hardware breakpoints, the BKPT 0xAB is GDB's stop */
	if (!cortexm_hw_breakpoint_reaches(&fx->t, RAM))
		return;
	set_call(fx, SH_SYS_WRITEC, DATA);
	assert_string_equal(fx_cmd(fx, "Z1,20001000,2"), "OK");
	assert_int_equal(cortexm_write_reg(&fx->t, CORTEXM_PC, RAM - 2), 0);
	assert_int_equal(cortexm_write_mem(&fx->t, RAM - 2, (uint16_t[]){ 0xBF00 }, 2), 0);	/* nop */
	r = run(fx);
	assert_non_null(strstr(r, "hwbreak:;"));
	assert_non_null(strstr(r, "0f:00100020;"));
	assert_string_equal(fx_cmd(fx, "z1,20001000,2"), "OK");
}

static void test_exit(void **state)
{
	struct gdb_fixture_s *fx = *state;
	static const uint8_t block[8] = { 0x26, 0x00, 0x02, 0x00, 7, 0, 0, 0 };	/* {0x20026, 7} */

	fx->g.sh.enabled = true;
	set_call(fx, SH_SYS_EXIT, SH_ADP_STOPPED_APPLICATION_EXIT);
	assert_string_equal(run(fx), "W00");
	assert_int_equal(cortexm_write_mem(&fx->t, DATA, block, sizeof(block)), 0);
	semihosting_reset(&fx->g.sh);
	set_call(fx, SH_SYS_EXIT_EXTENDED, DATA);
	assert_string_equal(run(fx), "W07");
	assert_int_equal(fx->g.sh.exit_status, 7);
	assert_non_null(strstr(fx->console, "exited with status 7"));
	/* D after an exit: the core stays on the exit call (resumed, it would fault) */
	assert_string_equal(fx_cmd(fx, "D"), "OK");
	assert_true(fx->t.halted);	/* not resumed (here debug stays on, so a poll would see it halt again) */
	assert_int_equal(reg(fx, CORTEXM_PC), RAM);
	fx->g.end_session = false;
}

static void test_monitor(void **state)
{
	struct gdb_fixture_s *fx = *state;

	fx->g.sh.enabled = false;
	assert_string_equal(fx_monitor(fx, "semihosting enable"), "OK");
	assert_true(fx->g.sh.enabled);
	assert_non_null(strstr(fx->console, "semihosting: enabled; files under /"));
	assert_string_equal(fx_monitor(fx, "semihosting disable"), "OK");
	assert_false(fx->g.sh.enabled);
	assert_string_equal(fx_monitor(fx, "semihosting"), "OK");
	assert_non_null(strstr(fx->console, "semihosting: disabled"));
	assert_string_equal(fx_monitor(fx, "semihosting on"), "E01");
	assert_non_null(strstr(fx->console, "'on' is neither enable nor disable"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_served_while_running),
		cmocka_unit_test(test_disabled_is_a_stop),
		cmocka_unit_test(test_bad_pointer),
		cmocka_unit_test(test_step_serves),
		cmocka_unit_test(test_exit),
		cmocka_unit_test(test_monitor),
	};

	return cmocka_run_group_tests_name("gdb semihosting stm32l552", tests, fx_setup_l552, fx_teardown) ? 1 : 0;
}
