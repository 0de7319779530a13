// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The virtual board's host memory stays bounded (issue 8, defect 4), through the GDB
 * command layer as a client drives it:
 *  - a data watchpoint and a step (the DWT data hook comes and goes): Unicorn 2.0.1's full
 *    flush wrote its whole 1 GB code buffer, so this grew the process by 1 GB;
 *  - 1000 qCRC calls (a RAM routine written, run and taken away each time): each call
 *    translated the routine again into a code buffer that never shrinks;
 *  - code that really changes at every resume: the translations grow, and a fresh Unicorn
 *    instance takes over past the budget (with a small budget here), with the program
 *    going on where it was.
 * Growth of the resident set (/proc/self/statm) is compared, not its size: under ASan the
 * process is larger and freed memory is held in quarantine for a while.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/core_private.h"
#include "src/probe/probe.h"
#include "test_gdb_fixture.h"

#define RAM 0x20001000u
#define MB (1024u * 1024u)

/* str r0, [r1]; adds r0, #1; b .-4 (stores r0 to [r1] for ever) */
static const uint16_t prog_store[] = { 0x6008, 0x3001, 0xe7fc, 0xbf00 };

/*
 * Under ASan, memory a test frees stays resident in its quarantine (256 MB by default), and
 * a qCRC through the flash routine frees a few hundred KB of probe buffers: a small
 * quarantine keeps the resident set about what the simulator holds, which is what these
 * tests measure (Unicorn's code buffer grew by real, unfreed memory).
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "quarantine_size_mb=8";
}

static struct sim_core_s *core_of(struct gdb_fixture_s *fx)
{
	return probe_sim_board(fx->probe)->core;
}

static void test_watchpoint_and_step(void **state)
{
	struct gdb_fixture_s *fx = *state;
	uint64_t before;

	fx_load(fx, RAM, prog_store, 4);
	assert_string_equal(fx_cmd(fx, "P1=00010020"), "OK");	/* r1 = 0x20000100 */
	before = fx_rss_bytes();
	for (int i = 0; i < 3; i++) {
		assert_string_equal(fx_cmd(fx, "Z2,20000000,4"), "OK");
		assert_true(fx_cmd(fx, "s")[0] == 'T');
		assert_string_equal(fx_cmd(fx, "z2,20000000,4"), "OK");
		assert_true(fx_cmd(fx, "s")[0] == 'T');
	}
	/* the watched store does not fire: the watchpoint is on 0x20000000, the store at 0x20000100 */
	uint64_t grown = fx_rss_bytes() - before;
	printf("watchpoint + step: resident set grew by %llu KB\n", (unsigned long long)(grown / 1024));
	assert_true(grown < 64u * MB);
}

static void test_qcrc_repeated(void **state)
{
	struct gdb_fixture_s *fx = *state;
	struct sim_core_s *c = core_of(fx);
	uint64_t before, code_before;
	char expect[16];

	fx_load(fx, RAM, prog_store, 4);
	snprintf(expect, sizeof(expect), "%s", fx_cmd(fx, "qCRC:20000000,100"));
	assert_true(expect[0] == 'C');
	before = fx_rss_bytes();
	code_before = c->tcg.code_estimate;
	for (int i = 0; i < 1000; i++)
		assert_string_equal(fx_cmd(fx, "qCRC:20000000,100"), expect);
	uint64_t grown = fx_rss_bytes() - before;
	printf("1000 qCRC: resident set grew by %llu KB, translated code by %llu bytes (estimate)\n",
	       (unsigned long long)(grown / 1024), (unsigned long long)(c->tcg.code_estimate - code_before));
	/* ASan holds about 17 KB of freed memory per call; before the fix it was 215 MB */
	assert_true(grown < 64u * MB);
	/* the routine written again with the same bytes is not translated again */
	assert_int_equal(c->tcg.code_estimate - code_before, 0);
	assert_int_equal(fx->g.crc_where, GDB_CRC_TARGET);
}

/* Two programs at the same address, swapped at every resume: each is translated again. */
static void test_renewal_bounds_code(void **state)
{
	struct gdb_fixture_s *fx = *state;
	struct sim_core_s *c = core_of(fx);
	/* movs r0, #N; adds r0, #1; b .-2 */
	uint16_t prog[2][3] = { { 0x2005, 0x3001, 0xe7fd }, { 0x2007, 0x3001, 0xe7fd } };
	unsigned renewals = c->tcg.renewals;
	uint64_t before = fx_rss_bytes();
	char reg[16];

	for (int i = 0; i < 400; i++) {
		fx_load(fx, RAM, prog[i & 1], 3);
		assert_true(fx_cmd(fx, "s")[0] == 'T');	/* movs */
		assert_true(fx_cmd(fx, "s")[0] == 'T');	/* adds */
		snprintf(reg, sizeof(reg), "%02x000000", (i & 1 ? 7 : 5) + 1);
		assert_string_equal(fx_cmd(fx, "p0"), reg);
		assert_true(c->tcg.code_estimate <= c->tcg.budget + 128u * 1024u);
	}
	printf("code changed at 400 resumes: %u fresh Unicorn instances, resident set grew by %llu KB\n",
	       c->tcg.renewals - renewals, (unsigned long long)((fx_rss_bytes() - before) / 1024));
	assert_true(c->tcg.renewals > renewals);
	/* the CPU goes on after a renewal: core, special and FPU registers carried over */
	static const struct {
		unsigned reg;
		uint32_t val;
	} carried[] = {
		{ CORTEXM_R0 + 2, 0x44332211u }, { CORTEXM_LR, 0x08000123u }, { CORTEXM_PSP, 0x20001000u },
		{ CORTEXM_MSP, 0x20008000u }, { CORTEXM_BASEPRI, 0x40u }, { CORTEXM_S0 + 5, 0x3FC00000u },
		{ CORTEXM_FPSCR, 0x00400000u },
	};
	uint32_t v;
	fx_load(fx, RAM, prog[0], 3);
	for (unsigned i = 0; i < sizeof(carried) / sizeof(carried[0]); i++)
		assert_int_equal(cortexm_write_reg(&fx->t, carried[i].reg, carried[i].val), 0);
	/* Thumb, GE[3:0] = 0b1010, C set: the step's movs (no S) leaves them */
	assert_int_equal(cortexm_write_reg(&fx->t, CORTEXM_XPSR, 0x210A0000u), 0);
	c->tcg.code_estimate = c->tcg.budget + 1;
	unsigned before_step = c->tcg.renewals;
	assert_true(fx_cmd(fx, "s")[0] == 'T');
	assert_int_equal(c->tcg.renewals, before_step + 1);
	assert_string_equal(fx_cmd(fx, "p0"), "05000000");
	for (unsigned i = 0; i < sizeof(carried) / sizeof(carried[0]); i++) {
		assert_int_equal(cortexm_read_reg(&fx->t, carried[i].reg, &v), 0);
		assert_int_equal(v, carried[i].val);
	}
	assert_int_equal(cortexm_read_reg(&fx->t, CORTEXM_XPSR, &v), 0);
	assert_int_equal(v, 0x210A0000u);
}

static int setup_small_budget(void **state)
{
	/* 256 KB: a few hundred retranslations exercise the renewal */
	setenv("RSPFLASH_SIM_CODE_BUDGET_KB", "256", 1);
	int r = fx_setup_l552(state);
	unsetenv("RSPFLASH_SIM_CODE_BUDGET_KB");
	return r;
}

int main(void)
{
	const struct CMUnitTest l552[] = {
		cmocka_unit_test(test_watchpoint_and_step),
		cmocka_unit_test(test_qcrc_repeated),
	};
	const struct CMUnitTest renew[] = {
		cmocka_unit_test(test_renewal_bounds_code),
	};
	int fails = cmocka_run_group_tests_name("sim memory stm32l552", l552, fx_setup_l552, fx_teardown);

	fails += cmocka_run_group_tests_name("sim code budget", renew, setup_small_budget, fx_teardown);
	return fails ? 1 : 0;
}
