// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The loader runner on the in-process virtual STM32L552 with a loader whose "flash" is
 * RAM (tests/loaders/ram/ram_flm.c): GDB's vFlash sequence through a user-added FLM,
 * skip-unchanged on reload, erase units, the user's RAM and registers put back, level 2
 * through the loader's Verify, and each broken loader explained, with the server usable
 * afterwards.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/log/log.h"
#include "src/probe/probe.h"
#include "test_gdb_fixture.h"

#define DEV 0x20010000u
#define DEV_SIZE 0x10000u
#define LOADER_RAM 0x20020000u	/* the upper half of the L552's work RAM */

static uint8_t image[DEV_SIZE];

static void fill(uint8_t *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 13u + seed + (i >> 9));
}

static const char *add(struct gdb_fixture_s *fx, const char *file)
{
	char line[256];

	snprintf(line, sizeof(line), "loader add tests/loaders/%s.flm", file);
	fx_console_clear(fx);
	return fx_monitor(fx, line);
}

/* A download of len bytes of image at DEV (erase set: the whole device). */
static const char *load(struct gdb_fixture_s *fx, size_t len)
{
	static char first_error[GDB_REPLY_MAX + 1];
	const char *r = fx_cmd(fx, "vFlashErase:20010000,10000");

	if (strcmp(r, "OK"))
		return r;
	r = fx_vflash_write(fx, DEV, image, len);
	if (strcmp(r, "OK")) {
		snprintf(first_error, sizeof(first_error), "%s", r);	/* the next reply overwrites it */
		fx_cmd(fx, "vFlashDone");
		return first_error;
	}
	return fx_cmd(fx, "vFlashDone");
}

static void expect_device(struct gdb_fixture_s *fx, size_t len)
{
	static uint8_t want[DEV_SIZE];

	memcpy(want, image, len);
	memset(want + len, 0xFF, DEV_SIZE - len);
	fx_expect_mem(fx, DEV, want, DEV_SIZE);
}

static void test_load_reload_and_restore(void **state)
{
	struct gdb_fixture_s *fx = *state;
	static uint8_t user[0x20000], pattern[0x20000];
	const struct flash_report_s *r;
	uint32_t pc_before, pc_after, r9_before, r9_after;

	assert_string_equal(add(fx, "ram"), "OK");
	assert_non_null(strstr(fx->console, "0x20010000-0x2001ffff loader"));
	/* the user's data in the loader's RAM, and registers, must come back */
	fill(pattern, sizeof(pattern), 99);
	assert_int_equal(cortexm_write_mem(&fx->t, LOADER_RAM, pattern, sizeof(pattern)), 0);
	assert_int_equal(cortexm_read_reg(&fx->t, CORTEXM_PC, &pc_before), 0);
	assert_int_equal(cortexm_read_reg(&fx->t, 9, &r9_before), 0);

	fill(image, sizeof(image), 1);
	assert_string_equal(load(fx, 40000), "OK");
	expect_device(fx, 40000);
	r = flash_last_report(fx->g.flash);
	/* 40000 bytes: sectors 0..9 hold data; 16 KB units: 0-3, 4-7 and 8-11 erased as units */
	assert_int_equal(r->sectors_programmed, 10);
	assert_true(r->sectors_erased > 0 && r->sectors_erased <= 4);

	assert_int_equal(cortexm_read_mem(&fx->t, LOADER_RAM, user, sizeof(user)), 0);
	assert_memory_equal(user, pattern, sizeof(user));
	assert_int_equal(cortexm_read_reg(&fx->t, CORTEXM_PC, &pc_after), 0);
	assert_int_equal(cortexm_read_reg(&fx->t, 9, &r9_after), 0);
	assert_int_equal(pc_before, pc_after);
	assert_int_equal(r9_before, r9_after);

	/* the same image again: every sector unchanged */
	assert_string_equal(load(fx, 40000), "OK");
	r = flash_last_report(fx->g.flash);
	assert_int_equal(r->sectors_skipped, 16);
	assert_int_equal(r->sectors_programmed, 0);
	assert_int_equal(r->sectors_erased, 0);

	/* one byte changed in sector 3: only that sector is erased and programmed */
	image[3 * 4096 + 5] ^= 0xFF;
	assert_string_equal(load(fx, 40000), "OK");
	expect_device(fx, 40000);
	r = flash_last_report(fx->g.flash);
	assert_int_equal(r->sectors_programmed, 1);
	assert_int_equal(r->sectors_erased, 1);
	assert_int_equal(r->sectors_skipped, 15);
}

/* CMSIS only: no erase units, Init's fnc switched, level 2 through Verify. */
static void test_plain_flm(void **state)
{
	struct gdb_fixture_s *fx = *state;
	static char log_text[1 << 20];
	FILE *log_file;
	enum log_level_e level;

	assert_string_equal(add(fx, "ram_plain"), "OK");
	fx_console_clear(fx);
	assert_string_equal(fx_monitor(fx, "loader trace on"), "OK");
	fill(image, sizeof(image), 7);
	log_file = tmpfile();
	assert_non_null(log_file);
	log_set_file(log_file);
	level = log_get_level();
	log_set_level(LOG_INFO);
	assert_string_equal(load(fx, sizeof(image)), "OK");
	log_set_level(level);
	log_set_file(stderr);
	/* the trace: every call with its arguments, its result and the core cycles it took */
	rewind(log_file);
	log_text[fread(log_text, 1, sizeof(log_text) - 1, log_file)] = '\0';
	fclose(log_file);
	assert_non_null(strstr(log_text, "Init(0x20010000, 0x00000000, 0x00000003"));
	assert_non_null(strstr(log_text, "ProgramPage(0x20010000, 0x00000400, "));
	assert_non_null(strstr(log_text, "Verify returned 0x20010400"));
	assert_non_null(strstr(log_text, "UnInit returned 0x00000000: "));
	assert_non_null(strstr(log_text, " core cycles"));
	if (strstr(log_text, ": 0 core cycles"))
		fail_msg("a call took 0 cycles:\n%s", log_text);
	expect_device(fx, sizeof(image));
	assert_int_equal(flash_last_report(fx->g.flash)->sectors_programmed, 16);
	assert_string_equal(fx_monitor(fx, "loader trace off"), "OK");
	fx_console_clear(fx);
	assert_string_equal(fx_monitor(fx, "loader info"), "OK");
	assert_non_null(strstr(fx->console, "CMSIS FLM"));
	assert_non_null(strstr(fx->console, "buffers of 1024 bytes"));
}

/* A broken loader fails with a report; a good one then works in the same server. */
static void broken(struct gdb_fixture_s *fx, const char *file, const char *const *expect)
{
	const char *r;

	assert_string_equal(add(fx, file), "OK");
	fill(image, sizeof(image), 3);
	r = load(fx, 20000);
	if (r[0] != 'E')
		fail_msg("%s: load answered '%s'", file, r);
	fx_console_clear(fx);
	assert_string_equal(fx_monitor(fx, "loader report"), "OK");
	for (; *expect; expect++)
		if (!strstr(fx->console, *expect))
			fail_msg("report lacks '%s':\n%s", *expect, fx->console);
	assert_string_equal(add(fx, "ram"), "OK");
	fill(image, sizeof(image), 4);
	assert_string_equal(load(fx, 20000), "OK");
	expect_device(fx, 20000);
}

static void test_broken_fault(void **state)
{
	static const char *const e[] = { "RspProgramVerify(0x20010000", "faulted", "PRECISERR", "BFAR  = 0x60000000",
					 "the bus access that failed: 0x60000000", "ProgramPage+", "=> ", NULL };

	broken(*state, "ram_broken_fault", e);
}

/*
 * An Init that never returns is given up after its timeout (2 s for Init plus 5 s of slack)
 * of the target's modeled time, however fast or loaded the host is.
 */
static void test_broken_hang(void **state)
{
	static const char *const e[] = { "Init(0x20010000", "did not return in time", "Init+", NULL };
	struct gdb_fixture_s *fx = *state;
	uint64_t before, after;

	assert_int_equal(probe_modeled_ns(fx->probe, &before), PROBE_OK);
	broken(fx, "ram_broken_hang", e);
	assert_int_equal(probe_modeled_ns(fx->probe, &after), PROBE_OK);
	print_message("  modeled time of the failed load and the good one after it: %.3f s\n", (after - before) / 1e9);
	assert_true(after - before >= 7000000000ull);
	assert_true(after - before < 9000000000ull);
}

static void test_broken_fail(void **state)
{
	static const char *const e[] = { "returned 1 (failure)", NULL };

	broken(*state, "ram_broken_fail", e);
}

static void test_broken_verify(void **state)
{
	static const char *const e[] = { "RspProgramVerify(0x20010000",
					 "found the flash differs from the page after programming (level 1)", NULL };

	broken(*state, "ram_broken_verify", e);
}

static void test_broken_stack(void **state)
{
	static const char *const e[] = { "the stack overflowed into the loader's code and data", "RspProgramVerify(0x20010000", NULL };

	broken(*state, "ram_broken_stack", e);
}

/* The streaming loop (RspStream of flm_mapped.c): a download, a reload, and failures in it. */
static void test_stream(void **state)
{
	struct gdb_fixture_s *fx = *state;
	static const char *const mismatch[] = { "RspProgramVerify(0x20010000",
						"found the flash differs from the page after programming (level 1)",
						NULL };
	static const char *const fault[] = { "faulted", "BFAR  = 0x60000000", "ProgramPage+", NULL };
	static uint8_t log_text[1 << 16];
	const struct flash_report_s *r;
	enum log_level_e level = log_get_level();
	FILE *log_file = tmpfile();

	assert_string_equal(add(fx, "ram_stream"), "OK");
	fill(image, sizeof(image), 21);
	assert_non_null(log_file);
	log_set_file(log_file);
	log_set_level(LOG_DEBUG);
	assert_string_equal(load(fx, 40000), "OK");
	log_set_level(level);
	log_set_file(stderr);
	rewind(log_file);
	log_text[fread(log_text, 1, sizeof(log_text) - 1, log_file)] = '\0';
	fclose(log_file);
	assert_non_null(strstr((char *)log_text, "stream of 16 slots"));
	expect_device(fx, 40000);
	image[9000] ^= 1;
	assert_string_equal(load(fx, 40000), "OK");
	expect_device(fx, 40000);
	r = flash_last_report(fx->g.flash);
	assert_int_equal(r->sectors_programmed, 1);
	assert_int_equal(r->sectors_skipped, 15);
	broken(fx, "ram_stream_broken_verify", mismatch);
	broken(fx, "ram_stream_broken_fault", fault);
}

static void test_bad_files(void **state)
{
	struct gdb_fixture_s *fx = *state;

	assert_true(add(fx, "ram_broken_entry")[0] == 'E');
	assert_non_null(strstr(fx->console, "has no function ProgramPage"));
	fx_console_clear(fx);
	assert_true(fx_monitor(fx, "loader add /nonexistent.flm")[0] == 'E');
	assert_non_null(strstr(fx->console, "cannot open"));
	fx_console_clear(fx);
	assert_true(fx_monitor(fx, "loader add Makefile")[0] == 'E');
	assert_non_null(strstr(fx->console, "not an ELF file"));
	fx_console_clear(fx);
	assert_true(fx_monitor(fx, "loader add tests/loaders/ram.flm@0xzz")[0] == 'E');
	assert_non_null(strstr(fx->console, "FILE@ADDR"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_reload_and_restore),
		cmocka_unit_test(test_plain_flm),
		cmocka_unit_test(test_broken_fault),
		cmocka_unit_test(test_broken_hang),
		cmocka_unit_test(test_broken_fail),
		cmocka_unit_test(test_broken_verify),
		cmocka_unit_test(test_broken_stack),
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_bad_files),
	};

	return cmocka_run_group_tests(tests, fx_setup_l552, fx_teardown);
}
