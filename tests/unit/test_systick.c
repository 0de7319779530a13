// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SysTick (sim/core_systick.c): the counter runs at the core clock in modeled cycles,
 * COUNTFLAG sets on each wrap and clears on a CPU read of SYST_CSR or any write of
 * SYST_CVR; a loop polling COUNTFLAG (HAL_GetTick without the interrupt, as ST's external
 * loaders keep time) costs modeled time, not emulation: fast-forward skips it and changes
 * no figure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#include "test_core_util.h"
#include "sim/core_private.h"

#define SYST_CSR 0xE000E010u
#define SYST_RVR 0xE000E014u
#define SYST_CVR 0xE000E018u
#define SYST_CALIB 0xE000E01Cu
#define CSR_ENABLE 1u
#define CSR_CLKSOURCE 4u
#define CSR_COUNTFLAG (1u << 16)

#define RAM 0x20000000u
#define P_START (RAM + 0x00u)	/* r0 = SYST_CSR; count r3 COUNTFLAG reads of 1, then bkpt #1 */
#define P_DONE (RAM + 0x10u)
#define P_TWICE (RAM + 0x12u)	/* ldr r2, [r0] ; ldr r4, [r0] ; bkpt #2 */
#define P_SELF (RAM + 0x18u)	/* b . */

/*
 * arm-none-eabi-as -mcpu=cortex-m4 -mthumb:
 * 00 start: ldr r0, =0xE000E010 ; movs r1, #0
 * 04 loop:  ldr r2, [r0] ; lsls r2, r2, #15 ; bpl loop	(COUNTFLAG into N)
 * 0a        adds r1, #1 ; cmp r1, r3 ; bne loop
 * 10        bkpt #1
 * 12 twice: ldr r2, [r0] ; ldr r4, [r0] ; bkpt #2
 * 18 self:  b self ; nop ; .word 0xE000E010
 */
static const uint8_t program[] = {
	0x06, 0x48, 0x00, 0x21, 0x02, 0x68, 0xd2, 0x03, 0xfc, 0xd5, 0x01, 0x31, 0x99, 0x42, 0xf9, 0xd1,
	0x01, 0xbe, 0x02, 0x68, 0x04, 0x68, 0x02, 0xbe, 0xfe, 0xe7, 0x00, 0xbf, 0x10, 0xe0, 0x00, 0xe0,
};

/* An F401 (16 MHz HSI) halted at pc with the program in RAM. */
static struct sim *board(bool fastforward, uint32_t pc)
{
	struct sim *s = tc_create("stm32f401", fastforward);
	char err[200] = "";

	assert_int_equal(sim_preload(s, RAM, program, sizeof(program), err, sizeof(err)), 0);
	tc_halt(s);	/* the erased flash has no reset vector: the core sits in lockup */
	tc_set_reg(s, R_SP, RAM + 0x1000u);
	tc_set_reg(s, R_XPSR, 1u << 24);
	tc_set_reg(s, R_PC, pc);
	return s;
}

/* Let time pass in slices of 10 ms (a probe polling DHCSR) until the core halts. */
static void run_until_halt(struct sim *s, uint64_t max_ns)
{
	tc_run(s);
	for (uint64_t t = 0; t < max_ns && !(tc_rd(s, T_DHCSR) & T_S_HALT); t += 10000000)
		sim_advance_ns(s, 10000000);
	assert_true(tc_rd(s, T_DHCSR) & T_S_HALT);
}

/* One cycle per step; CVR = 0 reloads RVR on the next tick; CLKSOURCE = 0 ticks every 8. */
static void test_counts_core_cycles(void **state)
{
	struct sim *s = board(true, P_SELF);

	tc_wr(s, SYST_RVR, 0x1000);
	tc_wr(s, SYST_CVR, 0x1234);	/* any write clears the counter */
	assert_int_equal(tc_rd(s, SYST_CVR), 0);
	tc_wr(s, SYST_CSR, CSR_CLKSOURCE | CSR_ENABLE);
	tc_us(s, 100);
	assert_int_equal(tc_rd(s, SYST_CVR), 0);	/* halted: the counter stands still */
	tc_step(s);
	assert_int_equal(tc_rd(s, SYST_CVR), 0x1000);
	for (int i = 0; i < 4; i++)
		tc_step(s);
	assert_int_equal(tc_rd(s, SYST_CVR), 0x1000 - 4);
	tc_wr(s, SYST_CSR, CSR_ENABLE);	/* reference clock: a tick every 8 cycles */
	for (int i = 0; i < 16; i++)
		tc_step(s);
	assert_int_equal(tc_rd(s, SYST_CVR), 0x1000 - 6);
	tc_wr(s, SYST_CSR, 0);
	for (int i = 0; i < 16; i++)
		tc_step(s);
	assert_int_equal(tc_rd(s, SYST_CVR), 0x1000 - 6);
	assert_int_equal(tc_rd(s, SYST_RVR), 0x1000);
	tc_wr(s, SYST_RVR, 0xFF123456);
	assert_int_equal(tc_rd(s, SYST_RVR), 0x123456);	/* 24 bits */
	assert_int_equal(tc_rd(s, SYST_CALIB), 0x40000000);
	sim_destroy(s);
}

/* COUNTFLAG: set by the wrap, kept by debugger reads, cleared by a CPU read or a CVR write. */
static void test_countflag(void **state)
{
	struct sim *s = board(true, P_SELF);

	tc_wr(s, SYST_RVR, 9);
	tc_wr(s, SYST_CVR, 0);
	tc_wr(s, SYST_CSR, CSR_CLKSOURCE | CSR_ENABLE);
	for (int i = 0; i < 9; i++)
		tc_step(s);
	assert_int_equal(tc_rd(s, SYST_CVR), 1);
	assert_int_equal(tc_rd(s, SYST_CSR), CSR_CLKSOURCE | CSR_ENABLE);
	tc_step(s);	/* tick 10 = RVR + 1 reaches zero */
	assert_int_equal(tc_rd(s, SYST_CVR), 0);
	assert_int_equal(tc_rd(s, SYST_CSR), CSR_COUNTFLAG | CSR_CLKSOURCE | CSR_ENABLE);
	tc_step(s);
	assert_int_equal(tc_rd(s, SYST_CVR), 9);
	assert_true(tc_rd(s, SYST_CSR) & CSR_COUNTFLAG);	/* a debugger read leaves it */
	tc_wr(s, SYST_CVR, 5);
	assert_int_equal(tc_rd(s, SYST_CSR) & CSR_COUNTFLAG, 0);
	/* the CPU reads CSR twice: the first read sees the flag and clears it */
	for (int i = 0; i < 12; i++)
		tc_step(s);
	tc_set_reg(s, R_PC, P_TWICE);
	tc_set_reg(s, R_R0, SYST_CSR);
	run_until_halt(s, 1000000);
	assert_int_equal(tc_reg(s, R_PC), P_TWICE + 4);
	assert_true(tc_reg(s, R_R2) & CSR_COUNTFLAG);
	assert_int_equal(tc_reg(s, 4) & CSR_COUNTFLAG, 0);
	/* a system reset disables it */
	tc_wr(s, T_AIRCR, 0x05FA0004);
	assert_int_equal(tc_rd(s, SYST_CSR), 0);
	sim_destroy(s);
}

struct outcome_s {
	uint32_t r1, pc;
	struct sim_stats_s stats;
	uint64_t skipped;
};

/* Wait for wraps COUNTFLAGs of a period of rvr + 1 cycles. */
static void scenario(bool ff, uint32_t rvr, uint32_t wraps, struct outcome_s *o)
{
	struct sim *s = board(ff, P_START);
	struct sim_stats_s before;

	tc_wr(s, SYST_RVR, rvr);
	tc_wr(s, SYST_CVR, 0);
	tc_wr(s, SYST_CSR, CSR_CLKSOURCE | CSR_ENABLE);
	tc_set_reg(s, 3, wraps);
	sim_get_stats(s, &before);
	run_until_halt(s, 1000ull * 1000 * 1000 * 1000);
	o->pc = tc_reg(s, R_PC);
	o->r1 = tc_reg(s, 1);
	sim_get_stats(s, &o->stats);
	o->stats.instructions -= before.instructions;
	o->skipped = s->core->ff.skipped;
	sim_destroy(s);
}

/* The wrap period is RVR + 1 cycles, and fast-forward changes no figure. */
static void test_wrap_period_with_and_without_fastforward(void **state)
{
	struct outcome_s on, off;

	scenario(true, 999, 20, &on);
	scenario(false, 999, 20, &off);
	assert_int_equal(on.pc, P_DONE);
	assert_int_equal(on.r1, 20);
	/* the 20th zero is cycle 20000 after the enable; the poll loop sees it within 3 */
	assert_in_range(on.stats.instructions, 20000, 20000 + 8);
	assert_int_equal(on.stats.instructions, off.stats.instructions);
	assert_int_equal(on.stats.time_ns, off.stats.time_ns);
	assert_int_equal(off.skipped, 0);
	assert_true(on.skipped > 0);
}

/*
 * A long wait (100 wraps of 2^24 cycles: 105 s of modeled time at 16 MHz) is skipped, not
 * emulated: without fast-forward it would take 1.7e9 emulated instructions.
 */
static void test_long_wait_is_fast_forwarded(void **state)
{
	struct outcome_s on;

	scenario(true, 0xFFFFFF, 100, &on);
	assert_int_equal(on.pc, P_DONE);
	assert_int_equal(on.r1, 100);
	assert_in_range(on.stats.instructions, 100ull << 24, (100ull << 24) + 8);
	/* what is emulated: about 100 instructions per 10 ms slice, before a loop is examined */
	assert_true(on.stats.instructions - on.skipped < on.stats.instructions / 500);
	print_message("100 SysTick wraps: %llu instructions, %.1f s modeled, %llu emulated\n",
		      (unsigned long long)on.stats.instructions, on.stats.time_ns / 1e9,
		      (unsigned long long)(on.stats.instructions - on.skipped));
}

/* Every board has it (SCS space, whatever the core). */
static void test_every_board(void **state)
{
	for (const struct sim_board_info_s *b = sim_board_list(); b->name; b++) {
		struct sim_options_s opt = { .board = b->name };
		char err[200] = "";
		struct sim *s = sim_create(&opt, err, sizeof(err));

		assert_non_null(s);
		tc_halt(s);
		tc_wr(s, SYST_RVR, 0xABCDEF);
		tc_wr(s, SYST_CSR, CSR_CLKSOURCE | CSR_ENABLE);
		assert_int_equal(tc_rd(s, SYST_RVR), 0xABCDEF);
		assert_int_equal(tc_rd(s, SYST_CSR), CSR_CLKSOURCE | CSR_ENABLE);
		sim_destroy(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_core_cycles),
		cmocka_unit_test(test_countflag),
		cmocka_unit_test(test_wrap_period_with_and_without_fastforward),
		cmocka_unit_test(test_long_wait_is_fast_forwarded),
		cmocka_unit_test(test_every_board),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
