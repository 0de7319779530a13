// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The core clock of the virtual STM32L552 and STM32F401 follows RCC, PWR and FLASH_ACR
 * (sim/clock.c, sim/periph/stm32_rcc.c, stm32l5_rcc.c, stm32f4_rcc.c):
 *  - after reset the boards run at MSI 4 MHz and HSI 16 MHz, and instructions cost a cycle
 *    of that clock;
 *  - the sequences ST's HAL and OpenOCD 0.12's reset-init scripts (target/stm32l5x.cfg,
 *    target/stm32f4x.cfg, replayed write for write) raise it, and the CPU then runs at the
 *    new clock, also when the CPU itself switches the clock in the middle of a run slice;
 *  - a clock above what the voltage range allows, or with too few flash wait states, is
 *    counted (clock_errors) and logged; the RCC's own rules hold (an oscillator in use
 *    stays on, PLLCFGR is locked while the PLL runs, PWR needs its clock).
 */
#include <stdlib.h>
#include <string.h>

#include "test_clock_util.h"
#include "test_core_util.h"

#define MHZ 1000000u

/* Instructions the CPU runs in us, spinning in the test program's endless loop (P_WIDE). */
static uint64_t insns_in(struct sim *s, uint64_t us)
{
	tc_halt_at(s, P_WIDE);
	tc_run(s);
	uint64_t before = tc_instructions(s);

	tc_us(s, us);
	return tc_instructions(s) - before;
}

/* The CPU runs at hz: the clock says so, 10 us hold hz / 100000 instructions, no error. */
static void assert_runs_at(struct sim *s, uint32_t hz)
{
	assert_int_equal(ck_cpu_hz(s), hz);
	assert_int_equal(insns_in(s, 10), hz / 100000);
	assert_int_equal(ck_clock_errors(s), 0);
}

static void test_l5_reset_clock_is_msi_4mhz(void **state)
{
	struct sim *s = tc_board("stm32l552");

	(void)state;
	assert_int_equal(ck_cpu_hz(s), 4 * MHZ);
	assert_int_equal(insns_in(s, 10), 40);
	assert_int_equal(tc_rd(s, L5_RCC_CR) & 0xFF, 0x63);	/* MSIRANGE 4 MHz, MSIRDY, MSION */
	assert_int_equal(tc_rd(s, L5_RCC_CFGR) & 0xC, 0);	/* SWS = MSI */
	sim_destroy(s);
}

static void test_f4_reset_clock_is_hsi_16mhz(void **state)
{
	struct sim *s = tc_board("stm32f401");

	(void)state;
	assert_int_equal(ck_cpu_hz(s), 16 * MHZ);
	assert_int_equal(insns_in(s, 10), 160);
	assert_int_equal(tc_rd(s, F4_RCC_CR) & 3, 3);	/* HSIRDY, HSION */
	sim_destroy(s);
}

/* Instruction timing follows the clock: the same 10 us run 40, then 1100 instructions. */
static void test_l5_hal_sequence_to_110mhz(void **state)
{
	struct sim *s = tc_board("stm32l552");

	(void)state;
	assert_int_equal(insns_in(s, 10), 40);
	ck_l5_to_110mhz(s);
	assert_runs_at(s, 110 * MHZ);
	/* a system reset brings the reset clock back, without an error */
	sim_set_nreset(s, true);
	sim_set_nreset(s, false);
	assert_int_equal(ck_cpu_hz(s), 4 * MHZ);
	assert_int_equal(tc_rd(s, L5_FLASH_ACR) & 0xF, 0);
	assert_int_equal(ck_clock_errors(s), 0);
	sim_destroy(s);
}

static void test_f4_hal_sequence_to_84mhz(void **state)
{
	struct sim *s = tc_board("stm32f401");

	(void)state;
	ck_f4_to_84mhz(s);
	assert_runs_at(s, 84 * MHZ);
	sim_destroy(s);
}

/*
 * OpenOCD 0.12 target/stm32l5x.cfg, stm32l5x_clock_config, with the core in secure state
 * (DSCSR.CDS reads 1 here, so it adds 0x10000000: the secure aliases). Its PLLCFGR value
 * 0x01003711 has PLLM = 1, which divides by 2 (stm32l552xx.h: PLLM in bits 7:4, HAL:
 * "+ 1"), so the script's "110 MHz" is 4 / 2 * 55 / 2 = 55 MHz, with a 2 MHz VCO input
 * below the 4 MHz minimum (logged, not an error of the clock itself).
 */
static void test_l5_openocd_reset_init(void **state)
{
	struct sim *s = tc_board("stm32l552");
	const uint32_t sec = 0x10000000u;

	(void)state;
	tc_wr(s, L5_RCC_APB1ENR1 + sec, 0x10000000u);
	(void)tc_rd(s, L5_RCC_APB1ENR1 + sec);
	tc_wr(s, L5_PWR_CR1 + sec, 0);
	ck_wait(s, L5_PWR_SR2 + sec, L5_PWR_SR2_VOSF, 0);
	tc_wr(s, L5_FLASH_ACR, 5);
	ck_l5_pll_on(s, sec, 0x01003711u);
	ck_l5_switch_to_pll(s, sec);
	assert_runs_at(s, 55 * MHZ);
	sim_destroy(s);
}

/* OpenOCD 0.12 target/stm32f4x.cfg reset-init: HSI / 8 * 128 / 4 = 64 MHz, 2 wait states. */
static void test_f4_openocd_reset_init(void **state)
{
	struct sim *s = tc_board("stm32f401");

	(void)state;
	tc_wr(s, F4_RCC_PLLCFGR, 0x08012008u);
	tc_wr(s, F4_FLASH_ACR, 0x00000102u);
	tc_wr(s, F4_RCC_CR, tc_rd(s, F4_RCC_CR) | RCC_CR_PLLON);
	tc_us(s, 10000);	/* sleep 10 */
	tc_wr(s, F4_RCC_CFGR, tc_rd(s, F4_RCC_CFGR) | 0x1000u);	/* PPRE1 /2 */
	tc_wr(s, F4_RCC_CFGR, tc_rd(s, F4_RCC_CFGR) | 0x2u);	/* SW = PLL, not waited for */
	assert_int_equal(tc_rd(s, F4_RCC_CFGR) & 0xC, RCC_CFGR_SWS_PLL_F4);
	assert_runs_at(s, 64 * MHZ);
	sim_destroy(s);
}

/*
 * The CPU switches SYSCLK to the (locked) PLL itself, from RAM:
 *	ldr r0, =0x40021008 ; movs r1, #3 ; str r1, [r0] ; loop: adds r2, #1 ; b loop
 * In one 10 us slice, the first three instructions take 250 ns each at 4 MHz; the store
 * switches the clock at 750 ns and the other 9250 ns run at 110 MHz: 1017 instructions.
 */
static void test_cpu_switch_mid_slice(void **state)
{
	static const uint8_t prog[] = {
		0x02, 0x48, 0x03, 0x21, 0x01, 0x60, 0x01, 0x32, 0xfd, 0xe7, 0x00, 0x00, 0x08, 0x10, 0x02, 0x40,
	};
	struct sim *s = tc_board("stm32l552");
	char err[128];

	(void)state;
	ck_l5_range0_5ws(s);
	ck_l5_pll_on(s, 0, L5_PLLCFGR_110MHZ);
	assert_int_equal(sim_preload(s, 0x20000000, prog, sizeof(prog), err, sizeof(err)), 0);
	tc_halt_at(s, 0x20000000);
	tc_set_reg(s, R_XPSR, 1u << 24);
	assert_int_equal(ck_cpu_hz(s), 4 * MHZ);
	uint64_t before = tc_instructions(s);
	tc_run(s);
	sim_advance_ns(s, 10000);
	assert_int_equal(tc_instructions(s) - before, 3 + 1017);
	assert_int_equal(ck_cpu_hz(s), 110 * MHZ);
	assert_int_equal(ck_clock_errors(s), 0);
	sim_destroy(s);
}

/*
 * A CPU loop polling PLLRDY is skipped ahead by the idle fast-forward (sim/core_ff.c) only
 * up to the instant the PLL locks: that instant is an event even when the PLL was switched
 * on before its source (HSE, 2 ms start-up) and locks after it (the F401: 100 us, long
 * enough at 16 MHz for the fast-forward to engage). The same run with fast-forward off
 * must retire the same instructions.
 *	ldr r0, =0x40023800 (RCC_CR) ; loop: ldr r1, [r0] ; lsls r1, r1, #6 ; bpl loop ; bkpt #1
 */
static uint64_t poll_pll_lock(bool fastforward)
{
	static const uint8_t prog[] = {
		0x02, 0x48, 0x01, 0x68, 0x89, 0x01, 0xfc, 0xd5, 0x01, 0xbe, 0x00, 0x00, 0x00, 0x38, 0x02, 0x40,
	};
	const char *opts[] = { "hse_hz=8000000", NULL };
	struct sim_options_s o = { .board = "stm32f401", .board_options = opts };
	char err[128] = "";
	struct sim *s;
	uint64_t n;

	if (!fastforward)
		setenv("RSPFLASH_SIM_NO_FASTFORWARD", "1", 1);
	s = sim_create(&o, err, sizeof(err));
	unsetenv("RSPFLASH_SIM_NO_FASTFORWARD");
	assert_non_null(s);
	assert_int_equal(sim_preload(s, 0x20000000, prog, sizeof(prog), err, sizeof(err)), 0);
	tc_halt_at(s, 0x20000000);
	tc_set_reg(s, R_XPSR, 1u << 24);
	tc_wr(s, F4_RCC_PLLCFGR, 0x00402A08u);	/* HSE 8 MHz / 8 * 168 / 2 */
	tc_wr(s, F4_RCC_CR, tc_rd(s, F4_RCC_CR) | RCC_CR_PLLON);	/* HSE off: no lock yet */
	tc_wr(s, F4_RCC_CR, tc_rd(s, F4_RCC_CR) | (1u << 16));	/* HSEON */
	tc_run(s);
	for (int i = 0; i < 100 && !(tc_rd(s, T_DHCSR) & T_S_HALT); i++)
		sim_advance_ns(s, 250000);
	assert_int_equal(tc_reg(s, R_PC), 0x20000008);
	n = tc_instructions(s);
	sim_destroy(s);
	return n;
}

static void test_pll_lock_is_an_event(void **state)
{
	(void)state;
	assert_int_equal(poll_pll_lock(true), poll_pll_lock(false));
}

/* 110 MHz in voltage range 2 (VOS left at its reset value): counted, logged, yet it runs. */
static void test_l5_above_voltage_range_is_an_error(void **state)
{
	struct sim *s = tc_board("stm32l552");

	(void)state;
	tc_wr(s, L5_FLASH_ACR, 5);
	ck_l5_pll_on(s, 0, L5_PLLCFGR_110MHZ);
	tc_wr(s, L5_RCC_CFGR, 3);
	assert_int_equal(ck_cpu_hz(s), 110 * MHZ);
	assert_int_equal(ck_clock_errors(s), 1);
	/* back to MSI: in specification again; a second violation counts again */
	tc_wr(s, L5_RCC_CFGR, 0);
	assert_int_equal(ck_cpu_hz(s), 4 * MHZ);
	tc_wr(s, L5_RCC_CFGR, 3);
	assert_int_equal(ck_clock_errors(s), 2);
	sim_destroy(s);
}

/* Range 0 but 2 wait states at 110 MHz; then lowering LATENCY under a running 84 MHz F401. */
static void test_too_few_wait_states_is_an_error(void **state)
{
	struct sim *s = tc_board("stm32l552");

	(void)state;
	ck_l5_to_110mhz(s);
	assert_int_equal(ck_clock_errors(s), 0);
	tc_wr(s, L5_FLASH_ACR, 2);
	assert_int_equal(ck_clock_errors(s), 1);
	tc_wr(s, L5_FLASH_ACR, 5);
	assert_int_equal(ck_clock_errors(s), 1);
	sim_destroy(s);

	s = tc_board("stm32f401");
	ck_f4_to_84mhz(s);
	tc_wr(s, F4_FLASH_ACR, 1);
	assert_int_equal(ck_clock_errors(s), 1);
	sim_destroy(s);
}

/* A switch to a source that is not ready waits: SWS and the clock stay. */
static void test_switch_waits_for_the_source(void **state)
{
	struct sim *s = tc_board("stm32l552");

	(void)state;
	tc_wr(s, L5_RCC_CFGR, 3);	/* PLL: off */
	assert_int_equal(tc_rd(s, L5_RCC_CFGR) & 0xF, 3);	/* SW = PLL, SWS = MSI */
	assert_int_equal(ck_cpu_hz(s), 4 * MHZ);
	tc_wr(s, L5_FLASH_ACR, 1);	/* 16 MHz in range 2 needs a wait state */
	tc_wr(s, L5_RCC_CFGR, 1);	/* HSI16: not on yet */
	assert_int_equal(ck_cpu_hz(s), 4 * MHZ);
	tc_wr(s, L5_RCC_CR, tc_rd(s, L5_RCC_CR) | (1u << 8));	/* HSION */
	ck_wait(s, L5_RCC_CR, 1u << 10, 1u << 10);	/* HSIRDY */
	assert_int_equal(tc_rd(s, L5_RCC_CFGR) & 0xF, 0x5);	/* the switch completed */
	assert_int_equal(ck_cpu_hz(s), 16 * MHZ);
	sim_destroy(s);
}

/* No crystal by default; hse_hz=8000000 gives one that starts in 2 ms. */
static void test_hse_only_with_a_crystal(void **state)
{
	const char *opts[] = { "hse_hz=8000000", NULL };
	struct sim_options_s o = { .board = "stm32f401", .board_options = opts };
	char err[128] = "";
	struct sim *s = tc_board("stm32f401");

	(void)state;
	tc_wr(s, F4_RCC_CR, tc_rd(s, F4_RCC_CR) | (1u << 16));
	tc_us(s, 5000);
	assert_int_equal(tc_rd(s, F4_RCC_CR) & (1u << 17), 0);
	sim_destroy(s);

	s = sim_create(&o, err, sizeof(err));
	assert_non_null(s);
	tc_wr(s, F4_RCC_CR, tc_rd(s, F4_RCC_CR) | (1u << 16));
	assert_int_equal(tc_rd(s, F4_RCC_CR) & (1u << 17), 0);
	ck_wait(s, F4_RCC_CR, 1u << 17, 1u << 17);
	tc_wr(s, F4_RCC_CFGR, 1);	/* SW = HSE */
	assert_int_equal(ck_cpu_hz(s), 8 * MHZ);
	sim_destroy(s);

	const char *bad[] = { "hse_hz=fast", NULL };
	o.board_options = bad;
	assert_null(sim_create(&o, err, sizeof(err)));
	assert_non_null(strstr(err, "hse_hz"));
}

static void test_rcc_rules(void **state)
{
	struct sim *s = tc_board("stm32l552");

	(void)state;
	/* MSI clocks the system: MSION stays set */
	tc_wr(s, L5_RCC_CR, tc_rd(s, L5_RCC_CR) & ~1u);
	assert_int_equal(tc_rd(s, L5_RCC_CR) & 3, 3);
	/* PWR without its clock: the write is lost */
	tc_wr(s, L5_PWR_CR1, 0);
	tc_wr(s, L5_RCC_APB1ENR1, RCC_ENR_PWREN);
	assert_int_equal(tc_rd(s, L5_PWR_CR1) & (3u << 9), 2u << 9);
	/* a range change keeps VOSF set for a while */
	tc_wr(s, L5_PWR_CR1, 0);
	assert_true(tc_rd(s, L5_PWR_SR2) & L5_PWR_SR2_VOSF);
	ck_wait(s, L5_PWR_SR2, L5_PWR_SR2_VOSF, 0);
	/* PLLCFGR is locked while the PLL runs */
	tc_wr(s, L5_RCC_PLLCFGR, L5_PLLCFGR_110MHZ);
	tc_wr(s, L5_RCC_CR, tc_rd(s, L5_RCC_CR) | RCC_CR_PLLON);
	tc_wr(s, L5_RCC_PLLCFGR, 0x01003201u);
	assert_int_equal(tc_rd(s, L5_RCC_PLLCFGR), L5_PLLCFGR_110MHZ);
	sim_destroy(s);

	/* F4: VOS cannot change while the PLL runs */
	s = tc_board("stm32f401");
	tc_wr(s, F4_RCC_APB1ENR, RCC_ENR_PWREN);
	ck_f4_to_84mhz(s);
	tc_wr(s, F4_PWR_CR, 1u << 14);	/* scale 3 */
	assert_int_equal(tc_rd(s, F4_PWR_CR) & (3u << 14), 2u << 14);
	assert_int_equal(ck_clock_errors(s), 0);
	sim_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_l5_reset_clock_is_msi_4mhz),
		cmocka_unit_test(test_f4_reset_clock_is_hsi_16mhz),
		cmocka_unit_test(test_l5_hal_sequence_to_110mhz),
		cmocka_unit_test(test_f4_hal_sequence_to_84mhz),
		cmocka_unit_test(test_l5_openocd_reset_init),
		cmocka_unit_test(test_f4_openocd_reset_init),
		cmocka_unit_test(test_cpu_switch_mid_slice),
		cmocka_unit_test(test_pll_lock_is_an_event),
		cmocka_unit_test(test_l5_above_voltage_range_is_an_error),
		cmocka_unit_test(test_too_few_wait_states_is_an_error),
		cmocka_unit_test(test_switch_waits_for_the_source),
		cmocka_unit_test(test_hse_only_with_a_crystal),
		cmocka_unit_test(test_rcc_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
