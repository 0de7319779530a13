// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Monitor commands through qRcmd against the virtual board: output captured from the
 * console callback (GDB's `O` packets), final replies OK / E01. Then bad input (issue 8):
 * counts that overflowed, writes into flash, bank numbers, extra arguments, speeds, and
 * what the log makes of errors and of bytes a client sends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/log/log.h"
#include "src/gdb/monitor.h"
#include "src/probe/probe.h"
#include "test_gdb_fixture.h"

#define has(fx, s) do { \
		if (!strstr((fx)->console, (s))) \
			fail_msg("console lacks '%s'; it has:\n%s", (s), (fx)->console); \
	} while (0)

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
	/* what Eclipse CDT and J-Link scripts send after a reset */
	assert_string_equal(fx_monitor(fx, "delay 0"), "OK");
	assert_string_equal(fx_monitor(fx, "sleep 20"), "OK");
	assert_string_equal(fx_monitor(fx, "sleep 60001"), "E01");
	has(fx, "60001 ms is more than");
	assert_string_equal(fx_monitor(fx, "sleep"), "E01");
	has(fx, "usage: sleep MS");
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

/* cmd is refused: E01, and text on the console. */
static void refused(struct gdb_fixture_s *fx, const char *cmd, const char *text)
{
	assert_string_equal(fx_monitor(fx, cmd), "E01");
	has(fx, text);
}

/* count * size wrapped in 32 bits: 0x40000001 words passed as 4 bytes and leaked the stack. */
static void test_md_count_bounds(void **state)
{
	struct gdb_fixture_s *fx = *state;

	refused(fx, "mdw 0x20000000 0x40000001",
		"mdw: COUNT 1073741825 is out of range: 1..256 (1024 bytes a command)");
	refused(fx, "mdh 0x20000000 0x80000001", "mdh: COUNT 2147483649 is out of range: 1..512");
	assert_string_equal(fx_monitor(fx, "mdb 0x20000000 1025"), "E01");
	assert_string_equal(fx_monitor(fx, "mdw 0x20000000 0"), "E01");
	assert_string_equal(fx_monitor(fx, "mdw 0x20000000 256"), "OK");
	has(fx, "0x200003e0:");
	refused(fx, "mdb 0xffffff01 0x100",
		"mdb: 256 bytes at 0xffffff01 run past the end of the 4 GiB address space");
}

/* Like M and X: a bus write does not program flash, so it is refused with the address. */
static void test_mw_into_flash(void **state)
{
	struct gdb_fixture_s *fx = *state;
	const struct target_mem_s *flash = &fx->t.part->mem[0];
	static const char *const writes[] = { "mww", "mwh", "mwb" };
	uint32_t at = flash->base + 0x100, before, after;
	char cmd[80], text[160];

	assert_int_equal(flash->kind, TARGET_MEM_FLASH);
	assert_int_equal(cortexm_read_u32(&fx->t, at, &before), 0);
	snprintf(text, sizeof(text), "cannot write 0x%08x: it is in flash '%s'", at, flash->name);
	for (unsigned i = 0; i < 3; i++) {
		snprintf(cmd, sizeof(cmd), "%s 0x%08x 0x12", writes[i], at);
		refused(fx, cmd, text);
		has(fx, "use GDB's load or the monitor flash commands");
	}
	assert_int_equal(cortexm_read_u32(&fx->t, at, &after), 0);
	assert_int_equal(after, before);
	for (const struct target_mem_s *m = fx->t.part->mem; m->size; m++) {
		if (m->kind != TARGET_MEM_ROM)
			continue;
		snprintf(cmd, sizeof(cmd), "mwb 0x%08x 0", m->base);
		refused(fx, cmd, "it is in read-only memory");
	}
	assert_string_equal(fx_monitor(fx, "mww 0x20003000 0x12"), "OK");	/* RAM still */
}

/* A bank number is checked as the number typed: 0xffffffff cast to int was -1, "all banks". */
static void test_flash_numbers(void **state)
{
	struct gdb_fixture_s *fx = *state;
	char text[120];

	assert_string_equal(fx_monitor(fx, "flash mass-erase 0xffffffff"), "E01");
	snprintf(text, sizeof(text), "flash mass-erase: no bank 4294967295; this part has banks 0..%u",
		 flash_bank_count(fx->g.flash) - 1);
	has(fx, text);
	snprintf(text, sizeof(text), "flash mass-erase %u", flash_bank_count(fx->g.flash));
	refused(fx, text, "no bank");
	refused(fx, "flash mass-erase -1", "is not a number");
	refused(fx, "flash erase 0x08000000 0", "flash erase: LEN 0 at 0x08000000 erases nothing");
	refused(fx, "flash erase 0xfffff000 0x2000",
		"8192 bytes at 0xfffff000 run past the end of the 4 GiB address space");
}

/* Extra words were ignored; now the first one is named. */
static void test_extra_arguments(void **state)
{
	struct gdb_fixture_s *fx = *state;
	static const char *const cases[][2] = {
		{ "halt x", "halt: unexpected argument 'x' (usage: halt)" },
		{ "reg pc 1 2 3", "reg: unexpected argument '2' (usage: reg [NAME [VALUE]])" },
		{ "reg r0 0x66 junk", "reg: unexpected argument 'junk'" },
		{ "resume now", "resume: unexpected argument 'now'" },
		{ "reset halt now", "reset: unexpected argument 'now'" },
		{ "stats x", "stats: unexpected argument 'x'" },
		{ "sleep 1 2", "sleep: unexpected argument '2'" },
		{ "fault x", "fault: unexpected argument 'x'" },
		{ "flash info x", "flash info: unexpected argument 'x'" },
		{ "flash mass-erase 0 1", "flash mass-erase: unexpected argument '1'" },
		{ "speed 2000 3000", "speed: unexpected argument '3000'" },
		{ "mdw 0x20000000 1 2", "mdw: unexpected argument '2'" },
		{ "mww 0x20000000 1 2", "mww: unexpected argument '2'" },
		{ "disasm 0x20000000 1 2", "disasm: unexpected argument '2'" },
		{ "verify l1 off l2 off x", "verify: unexpected argument 'x'" },
		{ "help mdw x y", "help: unexpected argument 'y'" },
		{ "mdw 1 2 3 4 5 6 7 8 9 10", "too many words: a command takes at most 8 arguments" },
	};
	struct flash_options_s verify = *flash_options(fx->g.flash);
	unsigned khz = fx->g.speed_khz;
	uint32_t r0;

	assert_string_equal(fx_monitor(fx, "reset halt"), "OK");
	assert_string_equal(fx_monitor(fx, "reg r0 0x55"), "OK");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		refused(fx, cases[i][0], cases[i][1]);
	/* and none of them did anything */
	assert_true(fx->t.halted);
	assert_int_equal(cortexm_read_reg(&fx->t, CORTEXM_R0, &r0), 0);
	assert_int_equal(r0, 0x55);
	assert_int_equal(flash_options(fx->g.flash)->l1, verify.l1);
	assert_int_equal(flash_options(fx->g.flash)->l2, verify.l2);
	assert_int_equal(fx->g.speed_khz, khz);
}

/* kHz * 1000 wrapped in the simulator's 32-bit Hz; the range is said. */
static void test_speed_range(void **state)
{
	struct gdb_fixture_s *fx = *state;
	unsigned actual = 0, khz = fx->g.speed_khz;
	char restore[32];

	refused(fx, "speed 4294967295", "speed: 4294967295 kHz is outside the accepted 1..100000 kHz");
	assert_string_equal(fx_monitor(fx, "speed 100001"), "E01");
	assert_string_equal(fx_monitor(fx, "speed 0"), "E01");
	assert_int_equal(fx->g.speed_khz, khz);
	assert_true(probe_set_speed(fx->probe, 4294967295u, &actual) < 0);
	assert_non_null(strstr(probe_last_error(fx->probe), "outside 1..100000 kHz"));
	assert_string_equal(fx_monitor(fx, "speed 100000"), "OK");
	has(fx, "SWD clock: 100000 kHz");
	snprintf(restore, sizeof(restore), "speed %u", khz);
	assert_string_equal(fx_monitor(fx, restore), "OK");
}

/* The whole log so far, as a string (the caller frees it). */
static char *log_text(FILE *f)
{
	long n;
	char *text;

	fflush(f);
	n = ftell(f);
	text = calloc(1, (size_t)n + 1);
	assert_non_null(text);
	rewind(f);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	return text;
}

static FILE *log_capture(void)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	log_set_file(f);
	log_set_level(LOG_INFO);
	return f;
}

static void log_release(FILE *f)
{
	log_set_file(NULL);
	log_set_level(getenv("RSPF_TEST_LOG") ? LOG_DEBUG : LOG_ERROR);
	fclose(f);
}

/* The failed command's error was formatted into last_error with last_error as an argument. */
static void test_log_error_intact(void **state)
{
	struct gdb_fixture_s *fx = *state;
	FILE *f = log_capture();
	char *text;

	assert_string_equal(fx_monitor(fx, "mdw 0x20003001"), "E01");
	assert_string_equal(fx->g.last_error, "monitor mdw 0x20003001: mdw: address 0x20003001 is not 4-byte aligned");
	text = log_text(f);
	assert_non_null(strstr(text, " monitor: mdw: address 0x20003001 is not 4-byte aligned\n"));
	assert_non_null(strstr(text, " monitor mdw 0x20003001: mdw: address 0x20003001 is not 4-byte aligned\n"));
	free(text);
	log_release(f);
}

/* True when line (up to its newline) starts with "YYYY-MM-DD HH:MM:SS.mmm ". */
static bool stamped(const char *line)
{
	static const char shape[] = "dddd-dd-dd dd:dd:dd.ddd ";

	for (size_t i = 0; i < sizeof(shape) - 1; i++)
		if (shape[i] == 'd' ? line[i] < '0' || line[i] > '9' : line[i] != shape[i])
			return false;
	return true;
}

/* A newline in a monitor command forged a log line; an ESC reached the terminal. */
static void test_log_escapes_client_bytes(void **state)
{
	struct gdb_fixture_s *fx = *state;
	FILE *f = log_capture();
	char *text, safe[64];
	unsigned forged = 0;

	fx_monitor(fx, "help mdw\n2026-01-01 00:00:00.000 error forged\x1b[2J");	/* E01: extra words */
	text = log_text(f);
	assert_null(strchr(text, '\x1b'));
	for (char *line = text; *line; line = strchr(line, '\n') + 1) {
		assert_non_null(strchr(line, '\n'));
		assert_true(stamped(line));
		if (strstr(line, "forged") && strstr(line, "forged") < strchr(line, '\n'))
			forged++;
	}
	assert_non_null(strstr(text, "info  monitor help mdw\\n2026-01-01 00:00:00.000 error forged\\x1b[2J\n"));
	assert_int_equal(forged, 2);	/* the command as received, and it with its error: each one line */
	free(text);
	log_release(f);
	assert_int_equal(log_escape("a\\b\x01\xff\t\r", safe, sizeof(safe)), 16);
	assert_string_equal(safe, "a\\\\b\\x01\\xff\\t\\r");
	assert_int_equal(log_escape("ab\x01", safe, 5), 2);	/* cut at a whole escape */
	assert_string_equal(safe, "ab");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_and_unknown),
		cmocka_unit_test(test_memory_commands),
		cmocka_unit_test(test_run_commands),
		cmocka_unit_test(test_flash_commands),
		cmocka_unit_test(test_disasm_fault),
		cmocka_unit_test(test_md_count_bounds),
		cmocka_unit_test(test_mw_into_flash),
		cmocka_unit_test(test_flash_numbers),
		cmocka_unit_test(test_extra_arguments),
		cmocka_unit_test(test_speed_range),
		cmocka_unit_test(test_log_error_intact),
		cmocka_unit_test(test_log_escapes_client_bytes),
	};
	int fails = cmocka_run_group_tests_name("gdb monitor stm32l552", tests, fx_setup_l552, fx_teardown);

	fails += cmocka_run_group_tests_name("gdb monitor stm32f401", tests, fx_setup_f401, fx_teardown);
	return fails ? 1 : 0;
}
