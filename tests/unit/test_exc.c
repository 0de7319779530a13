// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The exception model (sim/core_exc.c, sim/core_nvic.c) running firmware built with
 * arm-none-eabi-gcc (tests/target/exc/exc.c) on the Cortex-M4F (stm32f401), the
 * Cortex-M33 (stm32l552) and the Cortex-M55 (alif-e7, stm32n657; built without MVE and
 * low-overhead loops, which Unicorn's M33 model lacks): SysTick interrupt, HardFault with
 * the faulting instruction in its frame, nested interrupts and tail-chaining, SVC and
 * PendSV on the process stack, WFI woken by SysTick, the FP context kept across an
 * interrupt (lazily stacked or not), priority grouping, an interrupt storm, a flash
 * controller's interrupt (F401, L552); and halting debug around them (a step into a
 * handler, DHCSR.C_MASKINTS).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_core_util.h"

#ifndef EXC_BIN_DIR
#error "EXC_BIN_DIR: the directory of tests/target/exc-*.bin"
#endif

#define RES (ram + 0x200u)	/* struct results in exc.c (exc.ld) */
#define RES_TICKS (RES + 0x00u)
#define RES_STACKED_PC (RES + 0x04u)
#define RES_FAULT_INSN (RES + 0x08u)
#define RES_EXC_RETURN (RES + 0x0Cu)
#define RES_IPSR (RES + 0x10u)
#define RES_SP_A (RES + 0x14u)
#define RES_SP_B (RES + 0x18u)
#define RES_LR_A (RES + 0x1Cu)
#define RES_LR_B (RES + 0x20u)
#define RES_FPU_BEFORE (RES + 0x24u)
#define RES_FPU_AFTER (RES + 0x28u)
#define RES_NLOG (RES + 0x2Cu)
#define RES_LOG (RES + 0x30u)
#define RES_FPCCR_IN (RES + 0x50u)
#define RES_FPCAR_IN (RES + 0x54u)
#define RES_SLOT_IN (RES + 0x58u)
#define RES_FRAME_IN (RES + 0x5Cu)
#define RES_FPCCR_USED (RES + 0x60u)
#define RES_SLOT_USED (RES + 0x64u)
#define RES_SLOT15_USED (RES + 0x68u)
#define RES_FPCCR_AFTER (RES + 0x6Cu)
#define RES_COUNTER (RES + 0x70u)
#define RES_FLASH_IRQS (RES + 0x74u)
#define RES_FLASH_SR0 (RES + 0x78u)
#define RES_FLASH_SR1 (RES + 0x7Cu)
#define RES_FLASH_WORD (RES + 0x80u)
#define FPCCR 0xE000EF34u
#define FPCAR 0xE000EF38u
#define FPCCR_LSPACT (1u << 0)
#define FPCCR_USER (1u << 1)
#define FPCCR_THREAD (1u << 3)
#define FPCCR_HFRDY (1u << 4)
#define FPCCR_LSPEN (1u << 30)
#define FPCCR_ASPEN (1u << 31)
#define F32_1 0x3F800000u	/* 1.0f: S0 in the FP scenarios */
#define F32_16 0x41800000u	/* 16.0f: S15 */
#define F32_19 0x41980000u	/* 1 + 2 + 16 */
#define FILL 0xA5A5A5A5u	/* LAZY_IDLE's pattern below the stack */
#define SYST_CSR 0xE000E010u
#define SCB_ICSR 0xE000ED04u
#define NVIC_ISER0 0xE000E100u
#define NVIC_ISPR0 0xE000E200u
#define NVIC_ICPR0 0xE000E280u
#define NVIC_IABR0 0xE000E300u
#define T_C_MASKINTS (1u << 3)

enum scenario_e { SYSTICK = 1, HARDFAULT, NESTED, SVC, WFI, FPU, GROUPING, LAZY_USED, LAZY_IDLE, EAGER, STORM,
		   FLASH_EOP };

/* The boards and the build of the program for each, loaded at the start of its RAM. */
static const struct {
	const char *board, *bin;
	uint32_t ram;
} boards[] = {
	{ "stm32f401", EXC_BIN_DIR "/exc-m4.bin", 0x20000000u },	/* Cortex-M4F */
	{ "stm32l552", EXC_BIN_DIR "/exc-m33.bin", 0x20000000u },	/* Cortex-M33 */
	{ "alif-e7", EXC_BIN_DIR "/exc-m55.bin", 0x20000000u },		/* Cortex-M55, DTCM */
	{ "stm32n657", EXC_BIN_DIR "/exc-m55-n6.bin", 0x34000000u },	/* Cortex-M55, AXISRAM */
};
#define N_BOARDS (sizeof(boards) / sizeof(boards[0]))
#define N_FLASH_BOARDS 2	/* the first two have the flash controller models FLASH_EOP uses */

static uint32_t ram;	/* the RAM of the board the current test runs on */

/* The board halted at Reset_Handler of the program, with the scenario in R0. */
static struct sim *board(unsigned which, unsigned scenario)
{
	struct sim *s = tc_create(boards[which].board, true);
	static uint8_t image[64 * 1024];
	char err[200] = "";
	FILE *f = fopen(boards[which].bin, "rb");

	assert_non_null(f);
	size_t n = fread(image, 1, sizeof(image), f);
	fclose(f);
	assert_true(n > 0x400 && n < sizeof(image));
	ram = boards[which].ram;
	assert_int_equal(sim_preload(s, ram, image, n, err, sizeof(err)), 0);
	tc_halt(s);	/* the erased flash has no reset vector: the core sits in lockup */
	tc_set_reg(s, R_SP, tc_rd(s, ram));
	tc_set_reg(s, R_XPSR, 1u << 24);
	tc_set_reg(s, R_PC, tc_rd(s, ram + 4) & ~1u);
	tc_set_reg(s, R_R0, scenario);
	return s;
}

/* Run in 100 us steps (a probe polling DHCSR) until the program's BKPT halts the core. */
static void run_to_bkpt(struct sim *s)
{
	tc_run(s);
	for (unsigned i = 0; i < 1000 && !(tc_rd(s, T_DHCSR) & T_S_HALT); i++)
		tc_us(s, 100);
	assert_true(tc_rd(s, T_DHCSR) & T_S_HALT);
	assert_int_equal(tc_rd(s, T_DFSR) & T_DFSR_BKPT, T_DFSR_BKPT);
}

static void log_is(struct sim *s, const char *want)
{
	char got[33] = "";
	uint32_t n = tc_rd(s, RES_NLOG);

	for (uint32_t i = 0; i < n && i < 32; i++)
		got[i] = (char)(tc_rd(s, RES_LOG + (i & ~3u)) >> (8 * (i & 3u)));
	assert_string_equal(got, want);
}

static void systick_counts(unsigned which, unsigned scenario)
{
	struct sim *s = board(which, scenario);

	run_to_bkpt(s);
	assert_int_equal(tc_rd(s, RES_TICKS), 10);
	/* back in Thread mode, nothing active */
	assert_int_equal(tc_reg(s, R_XPSR) & 0x1FFu, 0);
	assert_int_equal(tc_rd(s, NVIC_IABR0), 0);
	sim_destroy(s);
}

static void test_systick_interrupt(void **state)
{
	for (unsigned b = 0; b < N_BOARDS; b++)
		systick_counts(b, SYSTICK);
}

static void test_wfi_woken_by_systick(void **state)
{
	for (unsigned b = 0; b < N_BOARDS; b++)
		systick_counts(b, WFI);
}

static void test_hardfault_frame_names_the_fault(void **state)
{
	for (unsigned b = 0; b < N_BOARDS; b++) {
		struct sim *s = board(b, HARDFAULT);

		run_to_bkpt(s);
		assert_int_equal(tc_rd(s, RES_STACKED_PC), tc_rd(s, RES_FAULT_INSN));
		assert_int_equal(tc_rd(s, RES_EXC_RETURN), 0xFFFFFFF9u);
		assert_int_equal(tc_rd(s, RES_IPSR), 3);
		assert_int_equal(tc_rd(s, T_CFSR), (1u << 15) | (1u << 9));	/* BFARVALID, PRECISERR */
		assert_int_equal(tc_rd(s, T_BFAR), 0xD0000000u);
		assert_int_equal(tc_rd(s, T_HFSR), 1u << 30);	/* FORCED */
		/* the debugger sees the core in HardFault, on the MSP, with the frame below */
		assert_int_equal(tc_reg(s, R_XPSR) & 0x1FFu, 3);
		sim_destroy(s);
	}
}

static void test_nested_and_tail_chained(void **state)
{
	for (unsigned b = 0; b < N_BOARDS; b++) {
		struct sim *s = board(b, NESTED);

		run_to_bkpt(s);
		/* a, b (IRQ1 preempts IRQ0), c; then b and d back to back, d tail-chained */
		log_is(s, "abcbde");
		assert_int_equal(tc_rd(s, RES_EXC_RETURN), 0xFFFFFFF1u);	/* IRQ1 nested: to Handler */
		assert_int_equal(tc_rd(s, RES_LR_A), 0xFFFFFFF9u);
		assert_int_equal(tc_rd(s, RES_LR_B), 0xFFFFFFF9u);
		assert_int_equal(tc_rd(s, RES_SP_A), tc_rd(s, RES_SP_B));	/* one frame for both */
		assert_int_equal(tc_rd(s, NVIC_IABR0), 0);
		sim_destroy(s);
	}
}

static void test_priority_grouping(void **state)
{
	for (unsigned b = 0; b < N_BOARDS; b++) {
		struct sim *s = board(b, GROUPING);

		run_to_bkpt(s);
		log_is(s, "acbe");	/* IRQ1 waits for IRQ0: same group priority */
		sim_destroy(s);
	}
}

static void test_svc_and_pendsv_on_psp(void **state)
{
	for (unsigned b = 0; b < N_BOARDS; b++) {
		struct sim *s = board(b, SVC);

		run_to_bkpt(s);
		log_is(s, "stpm");	/* PendSV, set in SVC, runs when SVC returns */
		assert_int_equal(tc_rd(s, RES_EXC_RETURN), 0xFFFFFFFDu);	/* Thread mode, PSP */
		assert_int_equal(tc_rd(s, RES_IPSR), 11);
		assert_int_equal(tc_reg(s, R_SP), tc_reg(s, R_MSP));	/* back on the MSP */
		sim_destroy(s);
	}
}

static void test_fpu_context_kept(void **state)
{
	for (unsigned b = 0; b < N_BOARDS; b++) {
		struct sim *s = board(b, FPU);

		run_to_bkpt(s);
		log_is(s, "f");	/* the interrupt ran */
		assert_int_equal(tc_rd(s, RES_FPU_BEFORE), 0x41800000u);	/* 16.0f */
		assert_int_equal(tc_rd(s, RES_FPU_AFTER), 0x41980000u);	/* 1 + 2 + 16 = 19.0f */
		sim_destroy(s);
	}
}

/* Reset value of FPCCR as on silicon: ASPEN and LSPEN, so lazy stacking is on. */
static void test_fpccr_reset_value(void **state)
{
	for (unsigned b = 0; b < N_BOARDS; b++) {
		struct sim *s = board(b, FPU);

		assert_int_equal(tc_rd(s, FPCCR) & (FPCCR_ASPEN | FPCCR_LSPEN | FPCCR_LSPACT), FPCCR_ASPEN | FPCCR_LSPEN);
		sim_destroy(s);
	}
}

/* Lazy FP stacking: entry reserves the FP area and sets FPCAR and LSPACT; the handler's
 * first FP instruction writes S0-S15 there before it runs; the return reloads them. */
static void test_lazy_fp_saved_by_first_fp_instruction(void **state)
{
	for (unsigned b = 0; b < N_BOARDS; b++) {
		struct sim *s = board(b, LAZY_USED);

		run_to_bkpt(s);
		log_is(s, "u");
		uint32_t in = tc_rd(s, RES_FPCCR_IN);
		assert_int_equal(in & (FPCCR_LSPACT | FPCCR_USER | FPCCR_THREAD | FPCCR_HFRDY),
				 FPCCR_LSPACT | FPCCR_THREAD | FPCCR_HFRDY);	/* privileged Thread mode */
		assert_int_equal(tc_rd(s, RES_FPCAR_IN), tc_rd(s, RES_FRAME_IN) + 0x20u);
		assert_int_equal(tc_rd(s, RES_FPCCR_USED) & FPCCR_LSPACT, 0);
		assert_int_equal(tc_rd(s, RES_SLOT_USED), F32_1);
		assert_int_equal(tc_rd(s, RES_SLOT15_USED), F32_16);
		assert_int_equal(tc_rd(s, RES_FPU_AFTER), F32_19);	/* reloaded from the frame */
		assert_int_equal(tc_rd(s, RES_FPCCR_AFTER) & FPCCR_LSPACT, 0);
		assert_int_equal(tc_rd(s, FPCAR), tc_rd(s, RES_FPCAR_IN));	/* FPCAR as the debugger reads it */
		sim_destroy(s);
	}
}

/* A handler with no FP instruction: the reserved area is never written, the return
 * clears LSPACT and keeps the registers (never saved, so never reloaded). */
static void test_lazy_fp_untouched_without_fp_instruction(void **state)
{
	for (unsigned b = 0; b < N_BOARDS; b++) {
		struct sim *s = board(b, LAZY_IDLE);

		run_to_bkpt(s);
		log_is(s, "i");
		assert_int_equal(tc_rd(s, RES_FPCCR_IN) & FPCCR_LSPACT, FPCCR_LSPACT);
		uint32_t fpcar = tc_rd(s, RES_FPCAR_IN);
		assert_int_equal(fpcar, tc_rd(s, RES_FRAME_IN) + 0x20u);
		assert_int_equal(tc_rd(s, RES_SLOT_IN), FILL);
		for (unsigned i = 0; i < 17; i++)	/* S0-S15, FPSCR: as the program left them */
			assert_int_equal(tc_rd(s, fpcar + 4 * i), FILL);
		assert_int_equal(tc_rd(s, RES_FPU_AFTER), F32_19);
		assert_int_equal(tc_rd(s, RES_FPCCR_AFTER) & FPCCR_LSPACT, 0);
		assert_int_equal(tc_rd(s, FPCCR) & FPCCR_LSPACT, 0);
		sim_destroy(s);
	}
}

/* FPCCR.LSPEN = 0: S0-S15 are in the frame at handler entry, LSPACT stays clear. */
static void test_eager_fp_stacking(void **state)
{
	for (unsigned b = 0; b < N_BOARDS; b++) {
		struct sim *s = board(b, EAGER);

		run_to_bkpt(s);
		log_is(s, "i");
		assert_int_equal(tc_rd(s, RES_FPCCR_IN) & (FPCCR_LSPACT | FPCCR_LSPEN), 0);
		assert_int_equal(tc_rd(s, RES_SLOT_IN), F32_1);
		assert_int_equal(tc_rd(s, RES_FPU_AFTER), F32_19);
		sim_destroy(s);
	}
}

/*
 * Bad input: SysTick with RELOAD 1 is pending again before its handler returns, so the
 * core tail-chains into it forever and Thread mode never runs again. The board must stay
 * responsive: modeled time passes, the debugger halts the core, and ICSR shows the storm
 * (VECTACTIVE = VECTPENDING = 15) as it would on silicon.
 */
static void test_interrupt_storm_halts(void **state)
{
	for (unsigned b = 0; b < N_BOARDS; b++) {
		struct sim *s = board(b, STORM);

		tc_run(s);
		tc_us(s, 2000);
		assert_false(tc_rd(s, T_DHCSR) & T_S_HALT);
		tc_halt(s);
		assert_true(tc_rd(s, T_DHCSR) & T_S_HALT);
		assert_true(tc_rd(s, RES_TICKS) > 100);
		uint32_t counter = tc_rd(s, RES_COUNTER);
		assert_int_equal(tc_reg(s, R_XPSR) & 0x1FFu, 15);
		uint32_t icsr = tc_rd(s, SCB_ICSR);
		assert_int_equal(icsr & 0x1FFu, 15);		/* VECTACTIVE */
		assert_int_equal((icsr >> 12) & 0x1FFu, 15);	/* VECTPENDING */
		/* and it goes on: the core resumes into the same storm */
		tc_run(s);
		tc_us(s, 1000);
		tc_halt(s);
		assert_int_equal(tc_rd(s, RES_COUNTER), counter);
		assert_int_equal(tc_reg(s, R_XPSR) & 0x1FFu, 15);
		sim_destroy(s);
	}
}

/*
 * A peripheral's interrupt (sim_irq_set): the flash controller's end of operation with
 * EOPIE wakes the core from WFI into the FLASH handler (STM32F4 IRQ 4, STM32L5 IRQ 6),
 * which sees EOP; then an error with ERRIE (F4: PGPERR, L5: PROGERR) and OPERR. The handler
 * clears the flags, so the line goes low and no storm follows.
 */
static void test_flash_interrupt_wakes_wfi(void **state)
{
	static const uint32_t error_flag[2] = { 1u << 6, 1u << 3 };	/* F4 PGPERR, L5 PROGERR */

	for (unsigned b = 0; b < N_FLASH_BOARDS; b++) {
		struct sim *s = board(b, FLASH_EOP);

		run_to_bkpt(s);
		log_is(s, "FF");
		assert_int_equal(tc_rd(s, RES_FLASH_IRQS), 2);
		assert_int_equal(tc_rd(s, RES_FLASH_SR0) & 0xFFFFu, 1u);	/* EOP, no error, BSY clear */
		assert_int_equal(tc_rd(s, RES_FLASH_SR1) & 0xFFFFu, error_flag[b] | 2u);	/* the error, OPERR */
		assert_int_equal(tc_rd(s, RES_FLASH_WORD), 0x12345678u);
		assert_int_equal(tc_rd(s, NVIC_ISPR0), 0);
		sim_destroy(s);
	}
}

/*
 * sim_irq_set is a level: while asserted, clearing the pending bit (ICPR) does not hold,
 * and the interrupt pends again whenever it is not active; deasserted, ICPR clears it.
 * sim_irq_pulse pends once. On the halted core, with IRQ 5 enabled.
 */
static void test_irq_line_level_and_pulse(void **state)
{
	struct sim *s = board(0, SYSTICK);

	tc_wr(s, NVIC_ISER0, 1u << 5);
	sim_irq_set(s, 5, true);
	assert_int_equal(tc_rd(s, NVIC_ISPR0), 1u << 5);
	tc_wr(s, NVIC_ICPR0, 1u << 5);
	assert_int_equal(tc_rd(s, NVIC_ISPR0), 1u << 5);	/* the line still holds it */
	sim_irq_set(s, 5, false);
	assert_int_equal(tc_rd(s, NVIC_ISPR0), 1u << 5);	/* latched */
	tc_wr(s, NVIC_ICPR0, 1u << 5);
	assert_int_equal(tc_rd(s, NVIC_ISPR0), 0);
	sim_irq_pulse(s, 5);
	assert_int_equal(tc_rd(s, NVIC_ISPR0), 1u << 5);
	tc_wr(s, NVIC_ICPR0, 1u << 5);
	assert_int_equal(tc_rd(s, NVIC_ISPR0), 0);
	sim_irq_set(s, 85, true);	/* the F401 has interrupts 0-84: ignored */
	assert_int_equal(tc_rd(s, NVIC_ISPR0 + 8), 0);
	sim_destroy(s);
}

/* A step with an interrupt pending enters it and halts on the handler's first instruction. */
static void test_step_into_handler_and_maskints(void **state)
{
	for (unsigned b = 0; b < N_BOARDS; b++) {
		struct sim *s = board(b, NESTED);
		uint32_t pc = tc_reg(s, R_PC), irq2 = tc_rd(s, ram + 4 * (16 + 2)) & ~1u;

		tc_wr(s, T_VTOR, ram);	/* the program has not set it yet */
		tc_wr(s, NVIC_ISER0, 1u << 2);
		tc_wr(s, NVIC_ISPR0, 1u << 2);
		/* C_MASKINTS: the step executes the instruction, the interrupt waits */
		tc_wr(s, T_DHCSR, T_KEY | T_C_DEBUGEN | T_C_HALT | T_C_MASKINTS);
		tc_wr(s, T_DHCSR, T_KEY | T_C_DEBUGEN | T_C_STEP | T_C_MASKINTS);
		tc_us(s, 10);
		assert_true(tc_rd(s, T_DHCSR) & T_S_HALT);
		assert_int_not_equal(tc_reg(s, R_PC), pc);
		assert_int_equal(tc_reg(s, R_XPSR) & 0x1FFu, 0);
		pc = tc_reg(s, R_PC);
		/* without it, the step is the exception entry */
		tc_wr(s, T_DHCSR, T_KEY | T_C_DEBUGEN | T_C_HALT);
		tc_step(s);
		assert_int_equal(tc_reg(s, R_PC), irq2);
		assert_int_equal(tc_reg(s, R_XPSR) & 0x1FFu, 16 + 2);
		assert_int_equal(tc_rd(s, tc_reg(s, R_MSP) + 24), pc);	/* stacked return address */
		assert_int_equal(tc_rd(s, NVIC_IABR0), 1u << 2);
		assert_int_equal(tc_rd(s, SCB_ICSR) & 0x1FFu, 16 + 2);	/* VECTACTIVE */
		sim_destroy(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_systick_interrupt),
		cmocka_unit_test(test_wfi_woken_by_systick),
		cmocka_unit_test(test_hardfault_frame_names_the_fault),
		cmocka_unit_test(test_nested_and_tail_chained),
		cmocka_unit_test(test_priority_grouping),
		cmocka_unit_test(test_svc_and_pendsv_on_psp),
		cmocka_unit_test(test_fpu_context_kept),
		cmocka_unit_test(test_fpccr_reset_value),
		cmocka_unit_test(test_lazy_fp_saved_by_first_fp_instruction),
		cmocka_unit_test(test_lazy_fp_untouched_without_fp_instruction),
		cmocka_unit_test(test_eager_fp_stacking),
		cmocka_unit_test(test_interrupt_storm_halts),
		cmocka_unit_test(test_flash_interrupt_wakes_wfi),
		cmocka_unit_test(test_irq_line_level_and_pulse),
		cmocka_unit_test(test_step_into_handler_and_maskints),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
