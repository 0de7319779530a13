// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Core model: run control, register transfers and reset, seen through the debugger's
 * bus accesses (DHCSR, DCRSR/DCRDR, DEMCR, AIRCR) on the STM32F401 (Cortex-M4) and
 * STM32L552 (Cortex-M33) boards.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "test_core_util.h"

static void test_runs_from_reset_and_counts(void **state)
{
	struct sim *s = tc_board("stm32f401");

	assert_int_equal(tc_rd(s, T_CPUID), 0x410FC241);
	uint64_t before = tc_instructions(s);
	tc_us(s, 1);	/* HSI 16 MHz after reset: 16 instructions */
	assert_int_equal(tc_instructions(s) - before, 16);
	assert_int_equal(tc_rd(s, T_DHCSR) & (T_S_HALT | T_S_LOCKUP), 0);
	/* ldr, movs, 2 loops of 5 instructions, then adds, str: 16 = 2 + 2*5 + 2 + 2: r0 = 3 stored */
	assert_int_equal(tc_rd(s, P_COUNTER), 3);
	sim_destroy(s);
}

static void test_halt_and_resume(void **state)
{
	struct sim *s = tc_board("stm32f401");

	tc_us(s, 1);
	tc_halt(s);
	uint32_t dhcsr = tc_rd(s, T_DHCSR);
	assert_true(dhcsr & T_S_HALT);
	assert_true(dhcsr & T_S_REGRDY);
	assert_int_equal(dhcsr & 0xF, T_C_DEBUGEN | T_C_HALT);
	assert_int_equal(tc_rd(s, T_DFSR), T_DFSR_HALTED);
	uint32_t pc = tc_reg(s, R_PC), n = tc_rd(s, P_COUNTER);
	assert_true(pc >= P_LOOP && pc <= P_BNE);
	/* halted: time passes, nothing runs */
	uint64_t insns = tc_instructions(s);
	tc_us(s, 10);
	assert_int_equal(tc_instructions(s), insns);
	assert_int_equal(tc_reg(s, R_PC), pc);
	tc_run(s);
	tc_us(s, 1);
	assert_false(tc_rd(s, T_DHCSR) & T_S_HALT);
	assert_true(tc_rd(s, P_COUNTER) > n);
	sim_destroy(s);
}

static void test_keyless_dhcsr_write_ignored(void **state)
{
	struct sim *s = tc_board("stm32f401");

	tc_wr(s, T_DHCSR, T_C_DEBUGEN | T_C_HALT);	/* no DBGKEY */
	tc_us(s, 1);
	uint32_t dhcsr = tc_rd(s, T_DHCSR);
	assert_false(dhcsr & T_S_HALT);
	assert_int_equal(dhcsr & 0xF, 0);
	/* a keyed write with C_DEBUGEN only is taken; the key does not read back */
	tc_wr(s, T_DHCSR, T_KEY | T_C_DEBUGEN);
	dhcsr = tc_rd(s, T_DHCSR);
	assert_int_equal(dhcsr & 0xF, T_C_DEBUGEN);
	assert_int_not_equal(dhcsr >> 16, 0xA05F);
	sim_destroy(s);
}

static void test_bkpt_halts_at_instruction(void **state)
{
	struct sim *s = tc_board("stm32f401");

	tc_wr(s, T_DHCSR, T_KEY | T_C_DEBUGEN);
	tc_us(s, 40);	/* 100 loops of 5 instructions finish in 31.4 us at 16 MHz */
	assert_true(tc_rd(s, T_DHCSR) & T_S_HALT);
	assert_int_equal(tc_reg(s, R_PC), P_BKPT);
	assert_int_equal(tc_rd(s, T_DFSR), T_DFSR_BKPT);
	assert_int_equal(tc_reg(s, R_R0), 100);
	/* 2 + 100 * 5 instructions retired; the BKPT itself does not retire */
	assert_int_equal(tc_rd(s, P_COUNTER), 100);
	uint64_t n = tc_instructions(s);
	assert_int_equal(n, 502);
	/* resuming on the BKPT hits it again without retiring anything */
	tc_wr(s, T_DFSR, T_DFSR_BKPT);
	tc_run(s);
	tc_us(s, 1);
	assert_true(tc_rd(s, T_DHCSR) & T_S_HALT);
	assert_int_equal(tc_reg(s, R_PC), P_BKPT);
	assert_int_equal(tc_rd(s, T_DFSR), T_DFSR_BKPT);
	assert_int_equal(tc_instructions(s), n);
	sim_destroy(s);
}

static void test_single_step(void **state)
{
	struct sim *s = tc_board("stm32f401");

	tc_halt_at(s, P_WIDE);
	uint64_t n = tc_instructions(s);
	tc_step(s);	/* movw: 32-bit */
	assert_true(tc_rd(s, T_DHCSR) & T_S_HALT);
	assert_int_equal(tc_reg(s, R_PC), P_WIDE + 4);
	assert_int_equal(tc_reg(s, 5), 0x1234);
	assert_int_equal(tc_rd(s, T_DFSR), T_DFSR_HALTED);
	assert_int_equal(tc_instructions(s) - n, 1);
	tc_step(s);	/* adds: 16-bit */
	assert_int_equal(tc_reg(s, R_PC), P_WIDE + 6);
	assert_int_equal(tc_reg(s, 5), 0x1235);
	tc_step(s);	/* b wide */
	assert_int_equal(tc_reg(s, R_PC), P_WIDE);
	assert_int_equal(tc_instructions(s) - n, 3);
	sim_destroy(s);
}

static void test_sticky_status_bits(void **state)
{
	struct sim *s = tc_board("stm32f401");

	/* reset happened since power-on: S_RESET_ST once, then clear */
	assert_true(tc_rd(s, T_DHCSR) & T_S_RESET_ST);
	assert_false(tc_rd(s, T_DHCSR) & T_S_RESET_ST);
	tc_us(s, 1);
	assert_true(tc_rd(s, T_DHCSR) & T_S_RETIRE_ST);
	assert_false(tc_rd(s, T_DHCSR) & T_S_RETIRE_ST);
	tc_halt(s);
	tc_rd(s, T_DHCSR);
	tc_us(s, 5);
	assert_false(tc_rd(s, T_DHCSR) & T_S_RETIRE_ST);	/* nothing retires while halted */
	tc_step(s);
	assert_true(tc_rd(s, T_DHCSR) & T_S_RETIRE_ST);
	/* held in reset: S_RESET_ST stays set while nRESET is low */
	sim_set_nreset(s, true);
	assert_true(tc_rd(s, T_DHCSR) & T_S_RESET_ST);
	assert_true(tc_rd(s, T_DHCSR) & T_S_RESET_ST);
	sim_set_nreset(s, false);
	assert_true(tc_rd(s, T_DHCSR) & T_S_RESET_ST);
	assert_false(tc_rd(s, T_DHCSR) & T_S_RESET_ST);
	sim_destroy(s);
}

static void test_core_registers_m4(void **state)
{
	struct sim *s = tc_board("stm32f401");

	tc_halt(s);
	for (unsigned r = 0; r <= 12; r++)
		tc_set_reg(s, r, 0x11110000u * (r + 1) + r);
	for (unsigned r = 0; r <= 12; r++)
		assert_int_equal(tc_reg(s, r), 0x11110000u * (r + 1) + r);
	tc_set_reg(s, 14, 0x08000123);
	assert_int_equal(tc_reg(s, 14), 0x08000123);
	/* after reset: MSP from the vector table, SP is MSP, xPSR only T */
	tc_set_reg(s, 0x11, 0x20000800);
	assert_int_equal(tc_reg(s, R_SP), 0x20000800);
	tc_set_reg(s, 0x12, 0x20000400);
	assert_int_equal(tc_reg(s, 0x12), 0x20000400);
	/* CONTROL/FAULTMASK/BASEPRI/PRIMASK packed at 0x14; SPSEL switches SP to PSP */
	tc_set_reg(s, 0x14, 0x02004001);
	assert_int_equal(tc_reg(s, 0x14), 0x02004001);
	assert_int_equal(tc_reg(s, R_SP), 0x20000400);
	tc_set_reg(s, 0x14, 0);
	/* FPU: S5 written by the debugger reaches the CPU (vmov r3, s5), and back (vmov s6, r4) */
	tc_set_reg(s, 0x45, 0x3FC00000);	/* 1.5f */
	tc_set_reg(s, 4, 0x40490FDB);		/* pi */
	tc_set_reg(s, 0x21, 0x03000000);	/* FPSCR RMode */
	assert_int_equal(tc_reg(s, 0x21), 0x03000000);
	tc_set_reg(s, R_PC, P_FPU);
	tc_run(s);
	tc_us(s, 1);
	assert_int_equal(tc_reg(s, R_PC), P_FPU + 8);	/* bkpt #2 */
	assert_int_equal(tc_reg(s, 3), 0x3FC00000);
	assert_int_equal(tc_reg(s, 0x46), 0x40490FDB);
	/* v8-M selectors do not exist on the M4: nothing transferred */
	tc_wr(s, T_DCRDR, 0x5555);
	tc_wr(s, T_DCRSR, 0x18);
	assert_int_equal(tc_rd(s, T_DCRDR), 0);
	sim_destroy(s);
}

static void test_regrdy_only_when_halted(void **state)
{
	struct sim *s = tc_board("stm32f401");

	tc_wr(s, T_DHCSR, T_KEY | T_C_DEBUGEN);
	tc_wr(s, T_DCRDR, 0x1234);
	tc_wr(s, T_DCRSR, R_R0);
	assert_false(tc_rd(s, T_DHCSR) & T_S_REGRDY);
	assert_int_equal(tc_rd(s, T_DCRDR), 0x1234);	/* no transfer while running */
	sim_destroy(s);
}

static void test_v8m_banked_registers(void **state)
{
	struct sim *s = tc_board("stm32l552");

	assert_int_equal(tc_rd(s, T_CPUID), 0x410FD214);
	tc_halt(s);
	/* MSP_S and PSP_S are the live stack pointers (the core runs Secure) */
	assert_int_equal(tc_reg(s, 0x1A), P_SP);
	assert_int_equal(tc_reg(s, 0x11), P_SP);
	tc_set_reg(s, 0x1B, 0x20002000);
	assert_int_equal(tc_reg(s, 0x12), 0x20002000);
	static const unsigned sel[] = { 0x18, 0x19, 0x1C, 0x1D, 0x1E, 0x1F, 0x23 };
	for (unsigned i = 0; i < sizeof(sel) / sizeof(sel[0]); i++)
		tc_set_reg(s, sel[i], 0x20010000u + 0x100u * i);
	for (unsigned i = 0; i < sizeof(sel) / sizeof(sel[0]); i++)
		assert_int_equal(tc_reg(s, sel[i]), 0x20010000u + 0x100u * i);
	/* CONTROL_S packed at 0x22 is the live CONTROL/.../PRIMASK */
	tc_set_reg(s, 0x22, 0x00000001);
	assert_int_equal(tc_reg(s, 0x14), 0x00000001);
	tc_set_reg(s, 0x14, 0);
	/* FPU registers on the M33 too */
	tc_set_reg(s, 0x5F, 0xC0000000);
	assert_int_equal(tc_reg(s, 0x5F), 0xC0000000);
	sim_destroy(s);
}

static void vc_corereset(const char *board)
{
	struct sim *s = tc_board(board);

	tc_us(s, 1);
	tc_wr(s, T_DHCSR, T_KEY | T_C_DEBUGEN);
	tc_wr(s, T_DEMCR, T_DEMCR_TRCENA | T_VC_CORERESET);
	tc_rd(s, T_DHCSR);	/* clear the sticky bits */
	tc_wr(s, T_AIRCR, 0x05FA0004);	/* SYSRESETREQ */
	tc_us(s, 5);
	uint32_t dhcsr = tc_rd(s, T_DHCSR);
	assert_true(dhcsr & T_S_HALT);
	assert_true(dhcsr & T_S_RESET_ST);
	assert_false(dhcsr & T_S_RETIRE_ST);
	assert_int_equal(tc_rd(s, T_DFSR) & T_DFSR_VCATCH, T_DFSR_VCATCH);
	assert_int_equal(tc_reg(s, R_PC), P_RESET);
	assert_int_equal(tc_reg(s, R_SP), P_SP);
	assert_int_equal(tc_reg(s, R_XPSR), 0x01000000);
	assert_int_equal(tc_reg(s, 14), 0xFFFFFFFF);
	/* the debug block survives the system reset */
	assert_int_equal(tc_rd(s, T_DEMCR), T_DEMCR_TRCENA | T_VC_CORERESET);
	assert_int_equal(tc_rd(s, T_DHCSR) & 0xF, T_C_DEBUGEN | T_C_HALT);
	assert_int_equal(tc_rd(s, T_AIRCR) >> 16, 0xFA05);
	sim_destroy(s);
}

static void test_vc_corereset_m4(void **state)
{
	vc_corereset("stm32f401");
}

static void test_vc_corereset_m33(void **state)
{
	vc_corereset("stm32l552");
}

static void test_vectreset(void **state)
{
	/* M33 (ARMv8-M): VECTRESET is reserved, nothing happens */
	struct sim *s = tc_board("stm32l552");
	tc_us(s, 2);
	tc_rd(s, T_DHCSR);
	uint32_t n = tc_rd(s, P_COUNTER);
	tc_wr(s, T_AIRCR, 0x05FA0001);
	tc_us(s, 1);
	assert_false(tc_rd(s, T_DHCSR) & T_S_RESET_ST);
	assert_true(tc_rd(s, P_COUNTER) > n);
	sim_destroy(s);

	/* M4 (ARMv7-M): VECTRESET resets the core */
	s = tc_board("stm32f401");
	tc_wr(s, T_DHCSR, T_KEY | T_C_DEBUGEN);
	tc_wr(s, T_DEMCR, T_VC_CORERESET);
	tc_us(s, 2);
	tc_rd(s, T_DHCSR);
	tc_wr(s, T_AIRCR, 0x05FA0001);
	assert_true(tc_rd(s, T_DHCSR) & T_S_RESET_ST);
	assert_int_equal(tc_reg(s, R_PC), P_RESET);
	/* without VECTKEY, nothing */
	tc_run(s);
	tc_us(s, 1);
	tc_rd(s, T_DHCSR);
	tc_wr(s, T_AIRCR, 0x00000004);
	assert_false(tc_rd(s, T_DHCSR) & T_S_RESET_ST);
	sim_destroy(s);
}

static void test_cpu_sysresetreq(void **state)
{
	struct sim *s = tc_board("stm32l552");

	tc_halt_at(s, P_SYSRESET);
	tc_wr(s, T_DEMCR, T_VC_CORERESET);
	tc_rd(s, T_DHCSR);
	tc_run(s);
	tc_us(s, 1);
	assert_int_equal(tc_rd(s, T_DHCSR) & (T_S_HALT | T_S_RESET_ST), T_S_HALT | T_S_RESET_ST);
	assert_int_equal(tc_reg(s, R_PC), P_RESET);
	assert_int_equal(tc_rd(s, T_DFSR), T_DFSR_VCATCH);
	sim_destroy(s);
}

static void test_reset_pin_holds_core(void **state)
{
	struct sim *s = tc_board("stm32f401");

	sim_set_nreset(s, true);
	uint64_t n = tc_instructions(s);
	tc_us(s, 10);
	assert_int_equal(tc_instructions(s), n);
	/* connect under reset: C_HALT set while in reset halts at the reset vector */
	tc_wr(s, T_DHCSR, T_KEY | T_C_DEBUGEN | T_C_HALT);
	assert_false(tc_rd(s, T_DHCSR) & T_S_HALT);
	sim_set_nreset(s, false);
	assert_true(tc_rd(s, T_DHCSR) & T_S_HALT);
	assert_int_equal(tc_reg(s, R_PC), P_RESET);
	sim_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runs_from_reset_and_counts),
		cmocka_unit_test(test_halt_and_resume),
		cmocka_unit_test(test_keyless_dhcsr_write_ignored),
		cmocka_unit_test(test_bkpt_halts_at_instruction),
		cmocka_unit_test(test_single_step),
		cmocka_unit_test(test_sticky_status_bits),
		cmocka_unit_test(test_core_registers_m4),
		cmocka_unit_test(test_regrdy_only_when_halted),
		cmocka_unit_test(test_v8m_banked_registers),
		cmocka_unit_test(test_vc_corereset_m4),
		cmocka_unit_test(test_vc_corereset_m33),
		cmocka_unit_test(test_vectreset),
		cmocka_unit_test(test_cpu_sysresetreq),
		cmocka_unit_test(test_reset_pin_holds_core),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
