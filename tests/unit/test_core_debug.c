// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Core model: FPB breakpoints (v1 on the M4, v2 on the M33), DWT watchpoints (ARMv7-M and
 * ARMv8-M encodings) and the cycle counter, faults (lockup, VC_HARDERR, BFAR) and WFI.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "test_core_util.h"

static struct sim *debug_board(const char *name)
{
	struct sim *s = tc_board(name);

	tc_wr(s, T_DHCSR, T_KEY | T_C_DEBUGEN);
	return s;
}

static void test_fpb_v1(void **state)
{
	struct sim *s = debug_board("stm32f401");

	/* NUM_CODE 6 in [7:4], NUM_LIT 2 in [11:8], REV 0 */
	assert_int_equal(tc_rd(s, T_FP_CTRL), 0x260);
	tc_wr(s, T_FP_CTRL, 1);	/* ENABLE without KEY: ignored */
	assert_int_equal(tc_rd(s, T_FP_CTRL), 0x260);
	tc_wr(s, T_FP_CTRL, 3);
	assert_int_equal(tc_rd(s, T_FP_CTRL), 0x261);
	/* upper halfword of the word at 0x08000048: the cmp at 0x0800004A */
	tc_wr(s, T_FP_COMP0 + 4, 0x80000000u | (P_CMP & ~3u) | 1);
	tc_us(s, 1);
	assert_true(tc_rd(s, T_DHCSR) & T_S_HALT);
	assert_int_equal(tc_reg(s, R_PC), P_CMP);
	assert_int_equal(tc_reg(s, R_R0), 1);
	assert_int_equal(tc_rd(s, T_DFSR), T_DFSR_BKPT);
	/* resuming on a breakpointed address halts there again, nothing retires */
	uint64_t n = tc_instructions(s);
	tc_run(s);
	tc_us(s, 1);
	assert_int_equal(tc_reg(s, R_PC), P_CMP);
	assert_int_equal(tc_instructions(s), n);
	/* lower halfword of 0x08000044 (adds): the next iteration stops there */
	tc_wr(s, T_FP_COMP0 + 4, 0);
	tc_wr(s, T_FP_COMP0, 0x40000000u | P_LOOP | 1);
	tc_run(s);
	tc_us(s, 1);
	assert_int_equal(tc_reg(s, R_PC), P_LOOP);
	assert_int_equal(tc_reg(s, R_R0), 1);
	assert_int_equal(tc_instructions(s) - n, 2);	/* cmp, bne */
	/* FPB disabled: runs on to the BKPT (502 instructions at 16 MHz: 31.4 us) */
	tc_wr(s, T_FP_CTRL, 2);
	tc_run(s);
	tc_us(s, 40);
	assert_int_equal(tc_reg(s, R_PC), P_BKPT);
	sim_destroy(s);
}

static void test_fpb_v2(void **state)
{
	struct sim *s = debug_board("stm32l552");

	/* REV 1 (FPB v2), NUM_CODE 8 */
	assert_int_equal(tc_rd(s, T_FP_CTRL), 0x10000080);
	tc_wr(s, T_FP_CTRL, 3);
	tc_wr(s, T_FP_COMP0 + 7 * 4, P_LDR | 1);	/* BPADDR | BE on the last comparator */
	assert_int_equal(tc_rd(s, T_FP_COMP0 + 7 * 4), P_LDR | 1);
	tc_us(s, 5);	/* MSI 4 MHz after reset: 20 instructions */
	assert_true(tc_rd(s, T_DHCSR) & T_S_HALT);
	assert_int_equal(tc_reg(s, R_PC), P_LDR);
	assert_int_equal(tc_rd(s, T_DFSR), T_DFSR_BKPT);
	assert_int_equal(tc_rd(s, P_COUNTER), 1);	/* the str before it ran */
	/* step over it: the breakpoint halts the step too (debuggers remove it first) */
	tc_step(s);
	assert_int_equal(tc_reg(s, R_PC), P_LDR);
	tc_wr(s, T_FP_COMP0 + 7 * 4, P_LDR);	/* BE clear */
	tc_step(s);
	assert_int_equal(tc_reg(s, R_PC), P_CMP);
	sim_destroy(s);
}

static void test_dwt_v7_write_and_read(void **state)
{
	struct sim *s = debug_board("stm32f401");

	assert_int_equal(tc_rd(s, T_DWT_CTRL) >> 28, 4);
	tc_wr(s, T_DWT_COMP0, P_COUNTER);
	tc_wr(s, T_DWT_MASK0, 2);
	tc_wr(s, T_DWT_FUNCTION0, 6);	/* data write */
	/* DEMCR.TRCENA clear: the DWT is off */
	tc_us(s, 1);
	assert_false(tc_rd(s, T_DHCSR) & T_S_HALT);
	tc_halt(s);
	tc_set_reg(s, R_PC, P_RESET);
	tc_wr(s, T_DFSR, 0x1F);
	tc_wr(s, T_DEMCR, T_DEMCR_TRCENA);
	tc_run(s);
	tc_us(s, 1);
	assert_true(tc_rd(s, T_DHCSR) & T_S_HALT);
	assert_int_equal(tc_reg(s, R_PC), P_LDR);	/* after the str */
	assert_int_equal(tc_rd(s, T_DFSR), T_DFSR_DWTTRAP);
	assert_int_equal(tc_rd(s, P_COUNTER), 1);
	assert_int_equal(tc_rd(s, T_DWT_FUNCTION0), (1u << 24) | 6);
	assert_int_equal(tc_rd(s, T_DWT_FUNCTION0), 6);	/* MATCHED clears on read */
	/* read of the word at +4, through a 2-byte comparator on its upper half */
	tc_wr(s, T_DWT_COMP0, P_COUNTER + 6);
	tc_wr(s, T_DWT_MASK0, 1);
	tc_wr(s, T_DWT_FUNCTION0, 5);	/* data read */
	tc_wr(s, T_DFSR, 0x1F);
	tc_run(s);
	tc_us(s, 1);
	assert_int_equal(tc_reg(s, R_PC), P_CMP);
	assert_int_equal(tc_rd(s, T_DFSR), T_DFSR_DWTTRAP);
	assert_int_equal(tc_rd(s, P_COUNTER), 1);
	sim_destroy(s);
}

static void test_dwt_v8(void **state)
{
	struct sim *s = debug_board("stm32l552");

	tc_wr(s, T_DEMCR, T_DEMCR_TRCENA);
	/* read watchpoint as OpenOCD 0.12 sets it: MATCH 6, ACTION 1, DATAVSIZE 2 (word) */
	tc_wr(s, T_DWT_COMP0 + 0x10, P_COUNTER + 4);
	tc_wr(s, T_DWT_FUNCTION0 + 0x10, 6 | 1u << 4 | 2u << 10);
	tc_us(s, 5);	/* MSI 4 MHz after reset: 20 instructions */
	assert_true(tc_rd(s, T_DHCSR) & T_S_HALT);
	assert_int_equal(tc_reg(s, R_PC), P_CMP);
	assert_int_equal(tc_rd(s, T_DFSR), T_DFSR_DWTTRAP);
	assert_int_equal(tc_rd(s, T_DWT_FUNCTION0 + 0x10) >> 24 & 1, 1);
	/* ACTION 0 (trigger only): matches but does not halt */
	tc_wr(s, T_DWT_FUNCTION0 + 0x10, 6 | 2u << 10);
	/* write watchpoint, MATCH 5 */
	tc_wr(s, T_DWT_COMP0, P_COUNTER);
	tc_wr(s, T_DWT_FUNCTION0, 5 | 1u << 4 | 2u << 10);
	tc_run(s);
	tc_us(s, 5);
	assert_int_equal(tc_reg(s, R_PC), P_LDR);
	assert_int_equal(tc_rd(s, P_COUNTER), 2);
	sim_destroy(s);
}

static void test_dwt_cyccnt(void **state)
{
	struct sim *s = tc_board("stm32f401");

	tc_wr(s, T_DEMCR, T_DEMCR_TRCENA);
	tc_wr(s, T_DWT_CYCCNT, 1000);
	tc_wr(s, T_DWT_CTRL, 1);	/* CYCCNTENA */
	tc_us(s, 1);	/* 16 cycles at 16 MHz */
	assert_int_equal(tc_rd(s, T_DWT_CYCCNT), 1016);
	sim_destroy(s);
}

/* The stacked PC of the exception frame on the MSP (ARMv7-M B1.5.6: R0-R3, R12, LR, PC, xPSR). */
static uint32_t stacked_pc(struct sim *s)
{
	return tc_rd(s, tc_reg(s, R_MSP) + 24);
}

/*
 * The test program has no HardFault handler (vector 3 is 0): the UDF escalates to
 * HardFault (FORCED), whose "handler" at 0 has the Thumb bit clear, so its first
 * instruction faults again (INVSTATE) at priority -1: lockup, as on silicon.
 */
static void test_undefined_instruction_without_handler_locks_up(void **state)
{
	struct sim *s = debug_board("stm32f401");

	tc_halt_at(s, P_UNDEF);
	tc_run(s);
	tc_us(s, 1);
	uint32_t dhcsr = tc_rd(s, T_DHCSR);
	assert_true(dhcsr & T_S_LOCKUP);
	assert_false(dhcsr & T_S_HALT);
	assert_int_equal(tc_rd(s, T_CFSR), (1u << 16) | (1u << 17));	/* UNDEFINSTR, INVSTATE */
	assert_int_equal(tc_rd(s, T_HFSR), 1u << 30);	/* FORCED */
	uint64_t n = tc_instructions(s);
	tc_us(s, 5);
	assert_int_equal(tc_instructions(s), n);
	/* the debugger can halt a locked-up core and see where it happened: in HardFault,
	 * at the handler's address, with the UDF in the exception frame */
	tc_halt(s);
	assert_int_equal(tc_reg(s, R_PC), 0);
	assert_int_equal(tc_reg(s, R_XPSR) & 0x1FFu, 3);
	assert_int_equal(stacked_pc(s), P_UNDEF);
	/* CFSR is write-one-to-clear */
	tc_wr(s, T_CFSR, 3u << 16);
	assert_int_equal(tc_rd(s, T_CFSR), 0);
	sim_destroy(s);
}

/* VC_HARDERR halts on the first instruction of HardFault, after stacking (ARMv7-M C1.6.3). */
static void test_bus_fault_vector_catch(void **state)
{
	struct sim *s = debug_board("stm32f401");	/* nothing at 0x30000000 on this part */

	tc_wr(s, T_DEMCR, T_VC_HARDERR);
	tc_halt_at(s, P_UNMAPPED);
	tc_run(s);
	tc_us(s, 1);
	assert_true(tc_rd(s, T_DHCSR) & T_S_HALT);
	assert_int_equal(tc_rd(s, T_DFSR), T_DFSR_VCATCH);
	assert_int_equal(tc_rd(s, T_CFSR), (1u << 15) | (1u << 9));	/* BFARVALID | PRECISERR */
	assert_int_equal(tc_rd(s, T_HFSR), 1u << 30);	/* FORCED: BusFault is disabled */
	assert_int_equal(tc_rd(s, T_BFAR), 0x30000000);
	assert_int_equal(tc_reg(s, R_PC), 0);	/* the HardFault vector of the test program */
	assert_int_equal(tc_reg(s, R_XPSR) & 0x1FFu, 3);
	assert_int_equal(tc_reg(s, R_LR), 0xFFFFFFF9u);	/* from Thread mode, on the MSP */
	assert_int_equal(stacked_pc(s), P_UNMAPPED + 4);	/* the str */
	sim_destroy(s);
}

static void test_cpu_write_to_flash_faults(void **state)
{
	struct sim *s = debug_board("stm32f401");

	tc_wr(s, T_DEMCR, T_VC_HARDERR);
	tc_halt_at(s, P_UNMAPPED + 4);	/* str r0, [r0] */
	/* System memory (ROM) takes no write; a write to main flash without PG is not a bus
	 * error on STM32F4 (it sets FLASH_SR.PGSERR, sim/periph/stm32f4_flash.c). */
	tc_set_reg(s, R_R0, 0x1FFF0010);
	tc_run(s);
	tc_us(s, 1);
	assert_true(tc_rd(s, T_DHCSR) & T_S_HALT);
	assert_int_equal(tc_rd(s, T_BFAR), 0x1FFF0010);
	/* nothing took the write: ROM and flash are unchanged */
	assert_int_equal(tc_rd(s, 0x1FFF0010), 0xFFFFFFFF);
	assert_int_equal(tc_rd(s, P_FLASH), P_SP);
	sim_destroy(s);
}

static void test_wfi_sleeps_until_halt(void **state)
{
	struct sim *s = debug_board("stm32f401");

	tc_halt_at(s, P_SLEEP);
	tc_run(s);
	tc_us(s, 1);
	uint32_t dhcsr = tc_rd(s, T_DHCSR);
	assert_true(dhcsr & T_S_SLEEP);
	assert_false(dhcsr & T_S_HALT);
	tc_halt(s);
	assert_false(tc_rd(s, T_DHCSR) & T_S_SLEEP);
	assert_int_equal(tc_reg(s, R_PC), P_SLEEP + 2);
	sim_destroy(s);
}

static void test_coresight_ids(void **state)
{
	struct sim *s = tc_board("stm32l552");

	/* CIDR1 of the SCS: CoreSight class 0x9 on the M33; DWT DEVARCH from the ROM table data */
	assert_int_equal(tc_rd(s, 0xE000EFF4), 0x90);
	assert_int_equal(tc_rd(s, 0xE0001FBC), 0x47701A02);	/* DWT v2.0: ARMv8-M */
	assert_int_equal(tc_rd(s, 0xE0002FF0), 0x0D);
	sim_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fpb_v1),
		cmocka_unit_test(test_fpb_v2),
		cmocka_unit_test(test_dwt_v7_write_and_read),
		cmocka_unit_test(test_dwt_v8),
		cmocka_unit_test(test_dwt_cyccnt),
		cmocka_unit_test(test_undefined_instruction_without_handler_locks_up),
		cmocka_unit_test(test_bus_fault_vector_catch),
		cmocka_unit_test(test_cpu_write_to_flash_faults),
		cmocka_unit_test(test_wfi_sleeps_until_halt),
		cmocka_unit_test(test_coresight_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
