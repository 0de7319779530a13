// SPDX-License-Identifier: GPL-2.0-or-later
/* Helpers of the core model's unit tests: everything goes through the debugger's bus view. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#include "test_core_util.h"

/*
 * Vector table and code at 0x08000000 (reset_vtor of both boards, directly or through the
 * boot alias). Built from this source with arm-none-eabi-as -mcpu=cortex-m4
 * -mfpu=fpv4-sp-d16 -mthumb:
 *	.word 0x20001000, 0x08000041 ; .space 0x38
 * 40	reset:	ldr r1, =0x20000100
 * 42		movs r0, #0
 * 44	loop:	adds r0, #1
 * 46		str r0, [r1]
 * 48		ldr r2, [r1, #4]
 * 4a		cmp r0, #100
 * 4c		bne loop
 * 4e		bkpt #1
 * 50		b .
 * 52	wide:	movw r5, #0x1234
 * 56		adds r5, #1
 * 58		b wide
 * 5a	fpu:	vmov r3, s5
 * 5e		vmov s6, r4
 * 62		bkpt #2
 * 64	undef:	udf #0
 * 66	unmapped: mov.w r0, #0x30000000
 * 6a		str r0, [r0]
 * 6c		b .
 * 6e	sysreset: ldr r0, =0xE000ED0C
 * 70		ldr r1, =0x05FA0004
 * 72		str r1, [r0]
 * 74		b .
 * 76	sleep:	wfi
 * 78		b .
 * 7a		literal pool
 */
static const uint8_t program[] = {
	0x00, 0x10, 0x00, 0x20, 0x41, 0x00, 0x00, 0x08,
	[0x40] = 0x0e, 0x49, 0x00, 0x20, 0x01, 0x30, 0x08, 0x60, 0x4a, 0x68, 0x64, 0x28,
	0xfa, 0xd1, 0x01, 0xbe, 0xfe, 0xe7, 0x41, 0xf2, 0x34, 0x25, 0x01, 0x35,
	0xfb, 0xe7, 0x12, 0xee, 0x90, 0x3a, 0x03, 0xee, 0x10, 0x4a, 0x02, 0xbe,
	0x00, 0xde, 0x4f, 0xf0, 0x40, 0x50, 0x00, 0x60, 0xfe, 0xe7, 0x04, 0x48,
	0x04, 0x49, 0x01, 0x60, 0xfe, 0xe7, 0x30, 0xbf, 0xfe, 0xe7, 0x00, 0x00,
	0x00, 0x01, 0x00, 0x20, 0x0c, 0xed, 0x00, 0xe0, 0x04, 0x00, 0xfa, 0x05,
};

struct sim *tc_board(const char *name)
{
	struct sim *s = tc_create(name, true);
	char err[200] = "";

	assert_int_equal(sim_preload(s, P_FLASH, program, sizeof(program), err, sizeof(err)), 0);
	sim_set_nreset(s, true);
	sim_set_nreset(s, false);
	return s;
}

struct sim *tc_create(const char *name, bool fastforward)
{
	struct sim_options_s opt = { .board = name };
	char err[200] = "";

	if (!fastforward)
		setenv("RSPFLASH_SIM_NO_FASTFORWARD", "1", 1);
	struct sim *s = sim_create(&opt, err, sizeof(err));
	unsetenv("RSPFLASH_SIM_NO_FASTFORWARD");
	if (!s)
		fail_msg("sim_create(%s): %s", name, err);
	return s;
}

uint32_t tc_rd(struct sim *s, uint32_t addr)
{
	uint32_t v = 0xDEADBEEF;
	assert_int_equal(sim_bus_read(s, SIM_MASTER_DEBUG, addr, 4, &v), SIM_BUS_OK);
	return v;
}

void tc_wr(struct sim *s, uint32_t addr, uint32_t val)
{
	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, addr, 4, val), SIM_BUS_OK);
}

void tc_us(struct sim *s, uint64_t us)
{
	sim_advance_ns(s, us * 1000u);
}

void tc_halt(struct sim *s)
{
	tc_wr(s, T_DHCSR, T_KEY | T_C_DEBUGEN | T_C_HALT);
	assert_true(tc_rd(s, T_DHCSR) & T_S_HALT);
}

void tc_run(struct sim *s)
{
	tc_wr(s, T_DHCSR, T_KEY | T_C_DEBUGEN);
}

void tc_step(struct sim *s)
{
	tc_wr(s, T_DHCSR, T_KEY | T_C_DEBUGEN | T_C_STEP);
	tc_us(s, 1);
}

uint32_t tc_reg(struct sim *s, unsigned sel)
{
	tc_wr(s, T_DCRSR, sel);
	assert_true(tc_rd(s, T_DHCSR) & T_S_REGRDY);
	return tc_rd(s, T_DCRDR);
}

void tc_set_reg(struct sim *s, unsigned sel, uint32_t val)
{
	tc_wr(s, T_DCRDR, val);
	tc_wr(s, T_DCRSR, sel | 1u << 16);
	assert_true(tc_rd(s, T_DHCSR) & T_S_REGRDY);
}

uint64_t tc_instructions(struct sim *s)
{
	struct sim_stats_s st;
	sim_get_stats(s, &st);
	return st.instructions;
}

void tc_halt_at(struct sim *s, uint32_t addr)
{
	tc_halt(s);
	tc_wr(s, T_DFSR, 0x1F);
	tc_set_reg(s, R_PC, addr);
	/* Thread mode, Thumb state: a core halted in a fault handler may have neither */
	tc_set_reg(s, R_XPSR, 1u << 24);
}
