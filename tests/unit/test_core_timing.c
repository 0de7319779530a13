// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Time as the CPU sees it, and idle-loop fast-forward (sim/timing.c, sim/core_ff.c), on
 * the STM32L552 (raised to 110 MHz first, as firmware does): a program in RAM programs double-words into flash, polling BSY
 * after each one, then spins on a RAM mailbox until the debugger writes it.
 *  - The clock inside a run slice is exact: the modeled time the program takes is its
 *    flash operations' typical time plus its own instructions, not a slice per operation.
 *  - Fast-forward changes nothing but wall-clock time: the same run with
 *    RSPFLASH_SIM_NO_FASTFORWARD=1 ends in the same registers, memory, instruction count,
 *    DWT_CYCCNT and modeled time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "test_clock_util.h"
#include "test_core_util.h"
#include "sim/core_private.h"

#define RAM_PROG 0x20000000u
#define P_START (RAM_PROG + 0x00u)	/* unlock, PG, then the loop below */
#define P_DONE (RAM_PROG + 0x28u)	/* bkpt #1 */
#define P_WAIT (RAM_PROG + 0x2Au)	/* spin until the mailbox is non-zero */
#define P_WAITED (RAM_PROG + 0x30u)	/* bkpt #2 */
#define MAILBOX 0x20000800u
#define COUNT 0x20000804u
#define DEST 0x08010000u
#define CPU_HZ 110000000u
#define T_PROG 81700u	/* DS12736 typical double-word program time, as the model charges it */
#define SLICE_NS 250000u	/* one probe command's round trip */

/*
 * arm-none-eabi-as -mcpu=cortex-m33 -mthumb:
 * 00	start:	ldr r0, =0x40022000	@ FLASH NS registers
 * 02		ldr r1, =0x45670123
 * 04		str r1, [r0, #8]	@ NSKEYR
 * 06		ldr r1, =0xCDEF89AB
 * 08		str r1, [r0, #8]
 * 0a		movs r1, #1
 * 0c		str r1, [r0, #0x28]	@ NSCR = PG
 * 0e		ldr r7, =0x20000800	@ +0 mailbox, +4 double-words to program
 * 10		ldr r3, [r7, #4]
 * 12		ldr r2, =0x08010000
 * 14		ldr r4, =0x12345678
 * 16	loop:	str r4, [r2]
 * 18		str r4, [r2, #4]
 * 1a		adds r2, #8
 * 1c		adds r4, #1
 * 1e	busy:	ldr r5, [r0, #0x20]	@ NSSR
 * 20		lsls r5, r5, #15	@ BSY (bit 16) into N
 * 22		bmi busy
 * 24		subs r3, #1
 * 26		bne loop
 * 28		bkpt #1
 * 2a	wait:	ldr r6, [r7]
 * 2c		cmp r6, #0
 * 2e		beq wait
 * 30		bkpt #2
 * 32		.ltorg
 */
static const uint8_t program[] = {
	0x0c, 0x48, 0x0d, 0x49, 0x81, 0x60, 0x0d, 0x49, 0x81, 0x60, 0x01, 0x21,
	0x81, 0x62, 0x0c, 0x4f, 0x7b, 0x68, 0x0c, 0x4a, 0x0c, 0x4c, 0x14, 0x60,
	0x54, 0x60, 0x08, 0x32, 0x01, 0x34, 0x05, 0x6a, 0xed, 0x03, 0xfc, 0xd4,
	0x01, 0x3b, 0xf6, 0xd1, 0x01, 0xbe, 0x3e, 0x68, 0x00, 0x2e, 0xfc, 0xd0,
	0x02, 0xbe, 0x00, 0x00, 0x00, 0x20, 0x02, 0x40, 0x23, 0x01, 0x67, 0x45,
	0xab, 0x89, 0xef, 0xcd, 0x00, 0x08, 0x00, 0x20, 0x00, 0x00, 0x01, 0x08,
	0x78, 0x56, 0x34, 0x12,
};

/* The L552 at 110 MHz with the program in RAM, halted at addr; CYCCNT counting. */
static struct sim *board(bool fastforward, uint32_t dwords, uint32_t addr)
{
	struct sim *s = tc_create("stm32l552", fastforward);
	char err[200] = "";

	assert_int_equal(sim_preload(s, RAM_PROG, program, sizeof(program), err, sizeof(err)), 0);
	tc_halt(s);	/* the erased flash has no reset vector: the core sits in lockup */
	ck_l5_to_110mhz(s);
	tc_wr(s, MAILBOX, 0);
	tc_wr(s, COUNT, dwords);
	tc_set_reg(s, R_SP, 0x20001000u);
	tc_set_reg(s, R_XPSR, 1u << 24);
	tc_set_reg(s, R_PC, addr);
	tc_wr(s, T_DEMCR, T_DEMCR_TRCENA);
	tc_wr(s, T_DWT_CYCCNT, 0);
	tc_wr(s, T_DWT_CTRL, 1);	/* CYCCNTENA */
	return s;
}

/* Let modeled time pass a slice at a time, as probe commands do, until the core halts. */
static void run_until_halt(struct sim *s, uint64_t max_ns)
{
	tc_run(s);
	for (uint64_t t = 0; t < max_ns && !(tc_rd(s, T_DHCSR) & T_S_HALT); t += SLICE_NS)
		sim_advance_ns(s, SLICE_NS);
	assert_true(tc_rd(s, T_DHCSR) & T_S_HALT);
}

static void test_flash_polling_takes_the_operations_time(void **state)
{
	const uint32_t n = 32;
	struct sim *s = board(true, n, P_START);

	uint64_t before = tc_instructions(s);
	run_until_halt(s, 100u * 1000 * 1000);
	assert_int_equal(tc_reg(s, R_PC), P_DONE);
	uint64_t insns = tc_instructions(s) - before;
	/* the CPU ran from start to BKPT without a pause: its instructions are the time it took */
	uint64_t ns = insns * 1000000000ull / CPU_HZ;
	uint64_t ideal = (uint64_t)n * T_PROG;
	print_message("%u double-words: %llu instructions, %llu ns of CPU time (flash alone %llu ns)\n", n,
		      (unsigned long long)insns, (unsigned long long)ns, (unsigned long long)ideal);
	assert_true(ns >= ideal);
	assert_true(ns <= ideal + ideal / 100);	/* polling granularity and the loop: well under 1 % */
	assert_int_equal(tc_rd(s, DEST), 0x12345678u);
	assert_int_equal(tc_rd(s, DEST + 4), 0x12345678u);
	assert_int_equal(tc_rd(s, DEST + 8 * (n - 1)), 0x12345678u + n - 1);
	assert_int_equal(tc_rd(s, DEST + 8 * n), 0xFFFFFFFFu);
	sim_destroy(s);
}

/* Everything a run leaves behind that fast-forward could get wrong. */
struct outcome_s {
	uint32_t regs[17];
	uint32_t cyccnt;
	uint32_t mem[8];
	struct sim_stats_s stats;
	uint64_t skipped;
	double wall_s;
};

static void capture(struct sim *s, struct outcome_s *o)
{
	for (unsigned r = 0; r <= R_XPSR; r++)
		o->regs[r] = tc_reg(s, r);
	o->cyccnt = tc_rd(s, T_DWT_CYCCNT);
	for (unsigned i = 0; i < 8; i++)
		o->mem[i] = tc_rd(s, DEST + 4 * i);
	sim_get_stats(s, &o->stats);
	o->skipped = s->core->ff.skipped;
}

static double wall_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Program dwords double-words, then spin on the mailbox for wait_ns until the debugger
 * writes it; with or without fast-forward.
 */
static void scenario(bool ff, uint32_t dwords, uint64_t wait_ns, struct outcome_s *o)
{
	double t0 = wall_now();
	struct sim *s = board(ff, dwords, P_START);

	run_until_halt(s, 10ull * 1000 * 1000 * 1000);
	assert_int_equal(tc_reg(s, R_PC), P_DONE);
	tc_wr(s, T_DFSR, 0x1F);
	tc_set_reg(s, R_PC, P_WAIT);
	tc_run(s);
	for (uint64_t t = 0; t < wait_ns; t += SLICE_NS)
		sim_advance_ns(s, SLICE_NS);
	assert_false(tc_rd(s, T_DHCSR) & T_S_HALT);
	tc_wr(s, MAILBOX, 1);
	run_until_halt(s, 10 * SLICE_NS);
	assert_int_equal(tc_reg(s, R_PC), P_WAITED);
	capture(s, o);
	sim_destroy(s);
	o->wall_s = wall_now() - t0;
}

static void assert_same(const struct outcome_s *a, const struct outcome_s *b)
{
	assert_memory_equal(a->regs, b->regs, sizeof(a->regs));
	assert_int_equal(a->cyccnt, b->cyccnt);
	assert_memory_equal(a->mem, b->mem, sizeof(a->mem));
	assert_int_equal(a->stats.instructions, b->stats.instructions);
	assert_int_equal(a->stats.time_ns, b->stats.time_ns);
	assert_int_equal(a->stats.flash_busy_ns, b->stats.flash_busy_ns);
	assert_int_equal(a->stats.probe_commands, b->stats.probe_commands);
	assert_int_equal(a->stats.ap_transfers, b->stats.ap_transfers);
}

static void test_fastforward_changes_nothing(void **state)
{
	struct outcome_s on, off;

	scenario(true, 64, 5ull * 1000 * 1000, &on);
	scenario(false, 64, 5ull * 1000 * 1000, &off);
	assert_same(&on, &off);
	assert_int_equal(off.skipped, 0);
	/* most of the run was waiting: BSY, then the mailbox */
	assert_true(on.skipped > on.stats.instructions / 2);
	assert_int_equal(on.cyccnt, (uint32_t)on.stats.instructions);
}

/* The speed it buys, printed for the record (wall-clock time is not asserted on). */
static void test_fastforward_speed(void **state)
{
	struct outcome_s on, off;

	scenario(true, 2048, 100ull * 1000 * 1000, &on);
	scenario(false, 2048, 100ull * 1000 * 1000, &off);
	assert_same(&on, &off);
	print_message("2048 double-words then 100 ms on a mailbox: %llu instructions, %.3f s modeled; "
		      "wall clock %.3f s with fast-forward (%llu skipped), %.3f s without\n",
		      (unsigned long long)on.stats.instructions, on.stats.time_ns / 1e9, on.wall_s,
		      (unsigned long long)on.skipped, off.wall_s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flash_polling_takes_the_operations_time),
		cmocka_unit_test(test_fastforward_changes_nothing),
		cmocka_unit_test(test_fastforward_speed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
