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
	bool l5 = strcmp(fx->t.part->name, "stm32l552") == 0;

	assert_string_equal(fx_monitor(fx, "verify"), "OK");
	has(fx, "verify: l1 on, l2 crc");
	assert_string_equal(fx_monitor(fx, "verify l1 off l2 readback"), "OK");
	assert_false(flash_options(fx->g.flash)->l1);
	assert_int_equal(flash_options(fx->g.flash)->l2, FLASH_L2_READBACK);
	assert_string_equal(fx_monitor(fx, "verify l2 maybe"), "E01");
	assert_string_equal(fx_monitor(fx, "verify l1 on l2 crc"), "OK");

	assert_string_equal(fx_monitor(fx, "flash info"), "OK");
	if (l5) {
		has(fx, "bank 0 'bank1': 0x08000000-0x0803ffff, 256 KiB, driver stm32l5, sectors 128 x 2048 B");
		has(fx, "DBANK=1 SWAP_BANK=0 TZEN=0, RDP level 0");
	} else {
		has(fx, "bank 0 'flash': 0x08000000-0x0807ffff, 512 KiB, driver stm32f4, sectors 4 x 16384 B, 1 x 65536 B, 3 x 131072 B");
		has(fx, "PSIZE x32");
		has(fx, "bank 1 'otp': 0x1fff7800-0x1fff7a0f");
	}
	/* an erase off the sector boundaries is refused, naming the address */
	assert_string_equal(fx_monitor(fx, "flash erase 0x08000001 0x800"), "E01");
	has(fx, "0x08000001 is not a sector boundary");
	assert_string_equal(fx_monitor(fx, "flash mass-erase 7"), "E01");
	has(fx, "no bank 7");
	assert_string_equal(fx_monitor(fx, "otp enable locks"), "OK");
	has(fx, "otp: writes enabled, lock bytes may lock blocks");
	assert_string_equal(fx_monitor(fx, "otp disable"), "OK");
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
