// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Monitor commands through qRcmd against the virtual board: output captured from the
 * console callback (GDB's `O` packets), final replies OK / E01.
 */
#include <stdio.h>
#include <string.h>

#include "src/gdb/monitor.h"
#include "test_gdb_fixture.h"

#define has(fx, s) assert_non_null(strstr((fx)->console, (s)))

static void test_help_and_unknown(void **state)
{
	struct gdb_fixture_s *fx = *state;

	assert_string_equal(fx_monitor(fx, "help"), "OK");
	has(fx, "reset");
	has(fx, "flash mass-erase");
	has(fx, "disasm");
	assert_string_equal(fx_monitor(fx, "help mdw"), "OK");
	has(fx, "monitor mdw ADDR [COUNT]");
	assert_string_equal(fx_monitor(fx, "rset halt"), "E01");
	has(fx, "unknown command 'rset'");
	has(fx, "closest commands:");
	has(fx, "  reset [halt|run]");
	assert_string_equal(fx_monitor(fx, "flash inf"), "E01");
	has(fx, "flash info");
	assert_int_equal(mon_edit_distance("kitten", "sitting"), 3);
	assert_int_equal(mon_edit_distance("", "abc"), 3);
}

static void test_memory_commands(void **state)
{
	struct gdb_fixture_s *fx = *state;

	assert_string_equal(fx_monitor(fx, "mww 0x20003000 0xdeadbeef"), "OK");
	assert_string_equal(fx_monitor(fx, "mwh 0x20003004 0x1234"), "OK");
	assert_string_equal(fx_monitor(fx, "mwb 0x20003006 0x56"), "OK");
	assert_string_equal(fx_monitor(fx, "mdw 0x20003000 2"), "OK");
	has(fx, "0x20003000: deadbeef");
	assert_string_equal(fx_monitor(fx, "mdh 0x20003004"), "OK");
	has(fx, "0x20003004: 1234");
	assert_string_equal(fx_monitor(fx, "mdb 0x20003000 4"), "OK");
	has(fx, "0x20003000: ef be ad de");
	assert_string_equal(fx_monitor(fx, "mwb 0x20003000 0x100"), "E01");
	has(fx, "does not fit in 8 bits");
	assert_string_equal(fx_monitor(fx, "mdw 0x20003001"), "E01");
	has(fx, "not 4-byte aligned");
	assert_string_equal(fx_monitor(fx, "mdw nothex"), "E01");
	assert_string_equal(fx_monitor(fx, "mdw 0xfffffff0"), "E01");
	has(fx, "cannot read 0xfffffff0");
}

static void test_run_commands(void **state)
{
	struct gdb_fixture_s *fx = *state;

	assert_string_equal(fx_monitor(fx, "reset halt"), "OK");
	has(fx, "halted at the reset vector");
	assert_true(fx->t.halted);
	assert_string_equal(fx_monitor(fx, "resume"), "OK");
	assert_string_equal(fx_monitor(fx, "halt"), "OK");
	has(fx, "halted at pc 0x");
	assert_string_equal(fx_monitor(fx, "reset bogus"), "E01");
	assert_string_equal(fx_monitor(fx, "reg r0 0x1234"), "OK");
	has(fx, "r0         0x00001234");
	assert_string_equal(fx_monitor(fx, "reg"), "OK");
	has(fx, "xpsr");
	has(fx, "d15");
	assert_string_equal(fx_monitor(fx, "reg nosuch"), "E01");
	assert_string_equal(fx_monitor(fx, "speed"), "OK");
	has(fx, "4000 kHz");
	assert_string_equal(fx_monitor(fx, "speed 2000"), "OK");
	has(fx, "SWD clock: ");
	assert_string_equal(fx_monitor(fx, "stats"), "OK");
	has(fx, "time_ns=");
}

static void test_flash_commands(void **state)
{
	struct gdb_fixture_s *fx = *state;

	assert_string_equal(fx_monitor(fx, "verify"), "OK");
	has(fx, "verify: l1 on, l2 crc");
	assert_string_equal(fx_monitor(fx, "verify l1 off l2 readback"), "OK");
	assert_false(fx->g.flash.verify.l1);
	assert_int_equal(fx->g.flash.verify.l2, GDB_VERIFY_L2_READBACK);
	assert_string_equal(fx_monitor(fx, "verify l2 maybe"), "E01");
	uint32_t bs = fx->t.part->mem[0].block_size;
	char text[160];

	assert_string_equal(fx_monitor(fx, "flash info"), "OK");
	snprintf(text, sizeof(text), "bank 0 'flash': 0x08000000-0x0807ffff, 512 KiB, erase blocks of %u bytes", bs);
	has(fx, text);
	has(fx, "no flash driver for this target yet");
	snprintf(text, sizeof(text), "flash erase 0x08000000 0x%x", bs);
	assert_string_equal(fx_monitor(fx, text), "E01");
	has(fx, "cannot erase flash at 0x08000000 (bank flash): no flash driver for this target yet");
	assert_string_equal(fx_monitor(fx, "flash erase 0x08000001 0x800"), "E01");
	has(fx, "block boundaries");
	assert_string_equal(fx_monitor(fx, "flash mass-erase"), "E01");
	has(fx, "no flash driver");
}

static void test_disasm_fault(void **state)
{
	struct gdb_fixture_s *fx = *state;
	static const uint16_t code[] = { 0x3001, 0xe7fd, 0xbe00, 0xbf00 };

	fx_load(fx, 0x20001000, code, 4);
	assert_string_equal(fx_monitor(fx, "disasm 0x20001000 3"), "OK");
	has(fx, "=> 0x20001000: 3001       adds r0, #1");
	has(fx, "bkpt #0");
	assert_string_equal(fx_monitor(fx, "fault"), "OK");
	has(fx, "CFSR = 0x");
	has(fx, "HFSR = 0x");
	/* a real fault: branch to an even address (INVSTATE on v7-M/v8-M) */
	assert_string_equal(fx_monitor(fx, "mww 0xE000ED28 0xffffffff"), "OK");	/* clear CFSR (W1C) */
	{
		static const uint16_t bad[] = { 0x2000, 0x4700, 0xbf00, 0xbf00 };	/* movs r0,#0; bx r0 */

		fx_load(fx, 0x20001000, bad, 4);
		fx_cmd(fx, "c");
		gdb_wait_stopped(&fx->g, 50);
		if (!fx->t.halted)
			gdb_interrupt(&fx->g);
		assert_string_equal(fx_monitor(fx, "fault"), "OK");
		has(fx, "CFSR = 0x");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_and_unknown),
		cmocka_unit_test(test_memory_commands),
		cmocka_unit_test(test_run_commands),
		cmocka_unit_test(test_flash_commands),
		cmocka_unit_test(test_disasm_fault),
	};
	int fails = cmocka_run_group_tests_name("gdb monitor stm32l552", tests, fx_setup_l552, fx_teardown);

	fails += cmocka_run_group_tests_name("gdb monitor stm32f401", tests, fx_setup_f401, fx_teardown);
	return fails ? 1 : 0;
}
