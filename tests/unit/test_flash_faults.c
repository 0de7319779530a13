// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Flash fault injection (sim/periph/flash_faults.c) on the STM32L552 and STM32F401 flash
 * models, each option as a board option at creation (sim_options_s.board_options, as
 * rspflash-sim's --option passes them):
 *  - fault_flip: a programmed byte reads with one bit inverted, only where asked (on the
 *    L552 the cell stays in its physical bank when SWAP_BANK moves it);
 *  - fault_stuck: a bit that no erase sets (0) or no program clears (1);
 *  - fault_error: the Nth erase or program refused with the named flag, once;
 *  - fault_power_loss: a power cycle in the middle of the Nth erase or program, from the
 *    debugger and from a routine the CPU runs: half the unit done, RAM lost, registers
 *    back to reset, option bytes and OTP kept, the fault spent;
 *  - bad values refused with a message naming the option.
 */
#include "test_stm32l5_flash_util.h"
#include "test_core_util.h"

#define NSCR NS(STM32L5_FLASH_NSCR)
#define NSSR NS(STM32L5_FLASH_NSSR)
#define SRAM 0x20000000u

static struct sim *l5_with(const char *o1, const char *o2)
{
	const char *opts[] = { o1, o2, NULL };

	return l5_board(opts, NULL);
}

static uint64_t power_cycles(struct sim *s)
{
	struct sim_stats_s st;

	sim_get_stats(s, &st);
	return st.power_cycles;
}

static void test_flip_after_programming(void **state)
{
	struct sim *s = l5_with("fault_flip=0x08001003:6", NULL);

	(void)state;
	unlock(s, NS(STM32L5_FLASH_NSKEYR));
	program_dw(s, FL(0x1000), 0x00000000, 0x11223344);
	assert_int_equal(rd(s, FL(0x1000)), 0x40000000);	/* byte 3, bit 6 inverted */
	assert_int_equal(rd(s, FL(0x1004)), 0x11223344);
	program_dw(s, FL(0x1008), 0x01020304, 0x05060708);	/* elsewhere: as programmed */
	assert_int_equal(rd(s, FL(0x1008)), 0x01020304);
	page_erase(s, 1, 2);	/* erase is not programming: no flip */
	assert_int_equal(rd(s, FL(0x1000)), 0xFFFFFFFF);
	sim_destroy(s);

	/* SWAP_BANK = 1: the cell (bank 1) answers at 0x08041003 */
	s = l5_with("swap_bank=1", "fault_flip=0x08001003:6");
	unlock(s, NS(STM32L5_FLASH_NSKEYR));
	program_dw(s, FL(0x1000), 0, 0);
	assert_int_equal(rd(s, FL(0x1000)), 0);
	program_dw(s, FL(0x41000), 0, 0);
	assert_int_equal(rd(s, FL(0x41000)), 0x40000000);
	sim_destroy(s);
}

static void test_stuck_bits(void **state)
{
	struct sim *s = l5_with("fault_stuck=0x08002000:0:0", "fault_stuck=0x08002004:7:1");

	(void)state;
	assert_int_equal(rd(s, FL(0x2000)), 0xFFFFFFFE);	/* at power-on already */
	unlock(s, NS(STM32L5_FLASH_NSKEYR));
	page_erase(s, 1, 4);
	assert_int_equal(rd(s, FL(0x2000)), 0xFFFFFFFE);	/* no erase sets it */
	program_dw(s, FL(0x2000), 0, 0);
	assert_int_equal(rd(s, FL(0x2000)), 0);
	assert_int_equal(rd(s, FL(0x2004)), 0x80);	/* no program clears it */
	sim_destroy(s);
}

static void test_error_on_nth_operation(void **state)
{
	struct sim *s = l5_with("fault_error=PGSERR:program:3", "fault_error=wrperr:erase:1");
	uint64_t busy;

	(void)state;
	unlock(s, NS(STM32L5_FLASH_NSKEYR));
	/* erase 1 is refused with WRPERR and erases nothing */
	program_dw(s, FL(0x800), 0x12345678, 0x9ABCDEF0);	/* program 1 */
	busy = busy_ns(s);
	wr(s, NSCR, STM32L5_FLASH_CR_PER | STM32L5_FLASH_CR_STRT | (1u << STM32L5_FLASH_CR_PNB_SHIFT));
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_WRPERR);
	assert_int_equal(rd(s, FL(0x800)), 0x12345678);
	assert_int_equal(busy_ns(s), busy);
	wr(s, NSSR, STM32L5_FLASH_SR_ERRORS);
	wr(s, NSCR, 0);
	page_erase(s, 1, 1);	/* erase 2: done */
	assert_int_equal(rd(s, FL(0x800)), 0xFFFFFFFF);
	program_dw(s, FL(0x800), 1, 2);	/* program 2 */
	wr(s, NSCR, STM32L5_FLASH_CR_PG);	/* program 3: refused with PGSERR */
	wr(s, FL(0x808), 3);
	wr(s, FL(0x80C), 4);
	assert_int_equal(rd(s, NSSR), STM32L5_FLASH_SR_PGSERR);
	assert_int_equal(rd(s, FL(0x808)), 0xFFFFFFFF);
	wr(s, NSSR, STM32L5_FLASH_SR_ERRORS);
	wr(s, NSCR, 0);
	program_dw(s, FL(0x808), 3, 4);	/* program 4: done, the fault was once */
	assert_int_equal(rd(s, NSSR), 0);
	assert_int_equal(rd(s, FL(0x808)), 3);
	sim_destroy(s);
}

/* Debugger-driven: power lost in erase 2 (page 5); what is left, what persists. */
static void test_power_loss_mid_erase(void **state)
{
	struct sim *s = l5_with("fault_power_loss=erase:2", "wrp1ar=0x00400040");	/* WRP: page 64 */
	uint8_t fill[6 * KB], ram[16];
	struct sim_stats_s st;

	(void)state;
	memset(fill, 0x5A, sizeof(fill));
	memset(ram, 0xA5, sizeof(ram));
	assert_int_equal(sim_preload(s, FL(3 * 2 * KB), fill, 6 * KB, NULL, 0), 0);	/* pages 3-5 */
	assert_int_equal(sim_preload(s, SRAM, ram, sizeof(ram), NULL, 0), 0);
	unlock(s, NS(STM32L5_FLASH_NSKEYR));
	page_erase(s, 1, 3);
	wr(s, NSCR, STM32L5_FLASH_CR_PER | STM32L5_FLASH_CR_STRT | (5u << STM32L5_FLASH_CR_PNB_SHIFT));
	sim_advance_ns(s, 1000);	/* the power cycle happens at the next step of time */
	assert_int_equal(power_cycles(s), 1);
	sim_get_stats(s, &st);
	assert_int_equal(st.flash_busy_ns, T_PAGE + T_PAGE / 2);
	/* page 5: lower 1 KB erased, upper 1 KB as before; page 4 untouched */
	assert_int_equal(rd(s, FL(5 * 2 * KB)), 0xFFFFFFFF);
	assert_int_equal(rd(s, FL(5 * 2 * KB + KB - 4)), 0xFFFFFFFF);
	assert_int_equal(rd(s, FL(5 * 2 * KB + KB)), 0x5A5A5A5A);
	assert_int_equal(rd(s, FL(6 * 2 * KB - 4)), 0x5A5A5A5A);
	assert_int_equal(rd(s, FL(4 * 2 * KB)), 0x5A5A5A5A);
	assert_int_equal(rd(s, FL(3 * 2 * KB)), 0xFFFFFFFF);
	/* RAM lost; registers from reset; option bytes kept */
	assert_int_equal(rd(s, SRAM), 0);
	assert_true(rd(s, NSCR) & STM32L5_FLASH_CR_LOCK);
	assert_int_equal(rd(s, NS(STM32L5_FLASH_WRP1AR)), 0x00400040);
	assert_true(rd(s, DHCSR) & DHCSR_S_RESET_ST);
	/* the fault is spent: the page erases now */
	unlock(s, NS(STM32L5_FLASH_NSKEYR));
	page_erase(s, 1, 5);
	assert_int_equal(rd(s, FL(5 * 2 * KB + KB)), 0xFFFFFFFF);
	assert_int_equal(power_cycles(s), 1);
	sim_destroy(s);
}

/* A bank erase (MER2) interrupted: the lower half of the bank erased. */
static void test_power_loss_mid_bank_erase(void **state)
{
	struct sim *s = l5_with("fault_power_loss=erase:1", NULL);
	uint8_t *fill = malloc(STM32L5_FLASH_SIZE);

	(void)state;
	memset(fill, 0x33, STM32L5_FLASH_SIZE);
	assert_int_equal(sim_preload(s, FL(0), fill, STM32L5_FLASH_SIZE, NULL, 0), 0);
	free(fill);
	unlock(s, NS(STM32L5_FLASH_NSKEYR));
	wr(s, NSCR, STM32L5_FLASH_CR_MER2 | STM32L5_FLASH_CR_STRT);
	sim_advance_ns(s, 1000);
	assert_int_equal(power_cycles(s), 1);
	assert_int_equal(rd(s, FL(256 * KB - 4)), 0x33333333);
	assert_int_equal(rd(s, FL(256 * KB)), 0xFFFFFFFF);
	assert_int_equal(rd(s, FL(384 * KB - 4)), 0xFFFFFFFF);
	assert_int_equal(rd(s, FL(384 * KB)), 0x33333333);
	sim_destroy(s);
}

/*
 * CPU-driven: a routine in RAM programs 4 double-words of 0x11111111 at 0x08010000,
 * polling BSY; the power goes in the middle of the third. The CPU's slice ends at the
 * store that started it; then the board starts from power-on (the routine is gone).
 *	unlock; NSCR = PG; r2 = 0x08010000; r3 = 4; r4 = 0x11111111
 *	loop: str r4, [r2]; str r4, [r2, #4]; adds r2, #8; busy: poll NSSR.BSY; subs r3; bne loop
 *	bkpt #1
 */
static void test_power_loss_mid_program_by_the_cpu(void **state)
{
	static const uint8_t prog[] = {
		0x09, 0x48, 0x0a, 0x49, 0x81, 0x60, 0x0a, 0x49, 0x81, 0x60, 0x01, 0x21, 0x81, 0x62, 0x09, 0x4a,
		0x04, 0x23, 0x4f, 0xf0, 0x11, 0x34, 0x14, 0x60, 0x54, 0x60, 0x08, 0x32, 0x05, 0x6a, 0xed, 0x03,
		0xfc, 0xd4, 0x01, 0x3b, 0xf7, 0xd1, 0x01, 0xbe, 0x00, 0x20, 0x02, 0x40, 0x23, 0x01, 0x67, 0x45,
		0xab, 0x89, 0xef, 0xcd, 0x00, 0x00, 0x01, 0x08,
	};
	struct sim *s = l5_with("fault_power_loss=program:3", NULL);

	(void)state;
	assert_int_equal(sim_preload(s, SRAM, prog, sizeof(prog), NULL, 0), 0);
	tc_halt_at(s, SRAM);
	tc_set_reg(s, R_XPSR, 1u << 24);
	tc_set_reg(s, R_SP, SRAM + 0x1000);
	tc_run(s);
	for (int i = 0; i < 100 && !power_cycles(s); i++)
		sim_advance_ns(s, 100000);
	assert_int_equal(power_cycles(s), 1);
	assert_int_equal(rd(s, FL(0x10000)), 0x11111111);
	assert_int_equal(rd(s, FL(0x10008)), 0x11111111);
	assert_int_equal(rd(s, FL(0x1000C)), 0x11111111);
	assert_int_equal(rd(s, FL(0x10010)), 0x11111111);	/* the third: its low word ... */
	assert_int_equal(rd(s, FL(0x10014)), 0xFFFFFFFF);	/* ... not its high word */
	assert_int_equal(rd(s, FL(0x10018)), 0xFFFFFFFF);	/* the fourth never started */
	assert_int_equal(rd(s, SRAM), 0);	/* the routine is gone */
	sim_destroy(s);
}

/* ---- STM32F401 ---- */

#define F4_FLASH 0x08000000u
#define F4_KEYR 0x40023C04u
#define F4_SR 0x40023C0Cu
#define F4_CR 0x40023C10u
#define F4_OTP 0x1FFF7800u
#define F4_CR_PG 1u
#define F4_CR_MER (1u << 2)
#define F4_CR_STRT (1u << 16)
#define F4_PSIZE(p) ((uint32_t)(p) << 8)

static struct sim *f4_with(const char *o1, const char *o2)
{
	const char *opts[] = { o1, o2, NULL };
	struct sim_options_s o = { .board = "stm32f401", .board_options = opts };
	char err[256] = "";
	struct sim *s = sim_create(&o, err, sizeof(err));

	if (!s)
		fail_msg("sim_create: %s", err);
	wr(s, DHCSR, DHCSR_HALT_KEY);
	wr(s, F4_KEYR, 0x45670123u);
	wr(s, F4_KEYR, 0xCDEF89ABu);
	return s;
}

static void f4_wait(struct sim *s)
{
	for (int i = 0; i < 100000 && (rd(s, F4_SR) & (1u << 16)); i++)
		sim_advance_ns(s, 100000);
}

static void test_f4_power_loss_mid_mass_erase(void **state)
{
	struct sim *s = f4_with("fault_power_loss=erase:1", "wrp=0x00");
	uint8_t *fill = malloc(512 * KB);

	(void)state;
	memset(fill, 0x77, 512 * KB);
	assert_int_equal(sim_preload(s, F4_FLASH, fill, 512 * KB, NULL, 0), 0);
	free(fill);
	/* an OTP byte programmed before, which must survive */
	wr(s, F4_CR, F4_CR_PG | F4_PSIZE(0));
	assert_int_equal(wr_raw(s, F4_OTP, 1, 0x42), SIM_BUS_OK);
	f4_wait(s);
	wr(s, F4_CR, F4_CR_MER | F4_PSIZE(2) | F4_CR_STRT);
	sim_advance_ns(s, 1000);
	assert_int_equal(power_cycles(s), 1);
	assert_int_equal(rd(s, F4_FLASH + 256 * KB - 4), 0xFFFFFFFF);
	assert_int_equal(rd(s, F4_FLASH + 256 * KB), 0x77777777);
	assert_int_equal(rd(s, F4_OTP) & 0xFF, 0x42);
	assert_true(rd(s, F4_CR) & (1u << 31));	/* LOCK again */
	sim_destroy(s);
}

/* x8 program interrupted: the low nibble of the byte; fault_error by the F4's flag names. */
static void test_f4_program_faults(void **state)
{
	struct sim *s = f4_with("fault_power_loss=program:2", "fault_error=PGPERR:program:1");

	(void)state;
	wr(s, F4_CR, F4_CR_PG | F4_PSIZE(0));
	assert_int_equal(wr_raw(s, F4_FLASH + 0x100, 1, 0x00), SIM_BUS_OK);	/* program 1: PGPERR */
	assert_int_equal(rd(s, F4_SR) & 0xF2, 1u << 6);
	assert_int_equal(rd(s, F4_FLASH + 0x100) & 0xFF, 0xFF);
	assert_int_equal(wr_raw(s, F4_FLASH + 0x101, 1, 0x00), SIM_BUS_OK);	/* program 2: power */
	sim_advance_ns(s, 1000);
	assert_int_equal(power_cycles(s), 1);
	assert_int_equal(rd(s, F4_FLASH + 0x100), 0xFFFFF0FFu);
	sim_destroy(s);

	s = f4_with("fault_flip=0x08000203:0", NULL);
	wr(s, F4_CR, F4_CR_PG | F4_PSIZE(2));
	wr(s, F4_FLASH + 0x200, 0x12345678);
	f4_wait(s);
	assert_int_equal(rd(s, F4_FLASH + 0x200), 0x13345678);
	sim_destroy(s);
}

static void expect_refused(const char *board, const char *opt, const char *why)
{
	const char *opts[] = { opt, NULL };
	struct sim_options_s o = { .board = board, .board_options = opts };
	char err[256] = "";

	assert_null(sim_create(&o, err, sizeof(err)));
	if (!strstr(err, why))
		fail_msg("%s on %s: '%s' does not say '%s'", opt, board, err, why);
}

static void test_bad_values(void **state)
{
	(void)state;
	expect_refused("stm32l552", "fault_flip=0x20000000:1", "0x20000000 is not in the flash (0x08000000-0x0807ffff)");
	expect_refused("stm32l552", "fault_flip=0x08000000:8", "expected ADDR:BIT");
	expect_refused("stm32l552", "fault_stuck=0x08000000:1", "expected ADDR:BIT:0|1");
	expect_refused("stm32l552", "fault_error=PGPERR:program:1", "FLAG one of OPERR, PROGERR, WRPERR");
	expect_refused("stm32f401", "fault_error=PROGERR:program:1", "FLAG one of OPERR, WRPERR, PGAERR, PGPERR");
	expect_refused("stm32f401", "fault_error=PGSERR:program:0", "N >= 1");
	expect_refused("stm32f401", "fault_power_loss=wipe:1", "expected erase|program:N");
	expect_refused("stm32f401", "fault_power_loss=erase", "expected erase|program:N");
	expect_refused("stm32f401", "fault_sparkle=1", "has no option 'fault_sparkle'");
}

/* --list-boards shows the options with each board (sim_board_list). */
static void test_options_listed(void **state)
{
	int seen = 0;

	(void)state;
	for (const struct sim_board_info_s *b = sim_board_list(); b->name; b++) {
		if (strcmp(b->name, "stm32l552") && strcmp(b->name, "stm32f401"))
			continue;
		seen++;
		assert_non_null(strstr(b->options, "fault_flip=ADDR:BIT fault_stuck=ADDR:BIT:0|1 "
						   "fault_error=FLAG:erase|program:N fault_power_loss=erase|program:N"));
		assert_non_null(strstr(b->options, "hse_hz=N"));
		if (!strcmp(b->name, "stm32l552"))
			assert_non_null(strstr(b->options, "bker=physical|mapped"));
	}
	assert_int_equal(seen, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flip_after_programming),
		cmocka_unit_test(test_stuck_bits),
		cmocka_unit_test(test_error_on_nth_operation),
		cmocka_unit_test(test_power_loss_mid_erase),
		cmocka_unit_test(test_power_loss_mid_bank_erase),
		cmocka_unit_test(test_power_loss_mid_program_by_the_cpu),
		cmocka_unit_test(test_f4_power_loss_mid_mass_erase),
		cmocka_unit_test(test_f4_program_faults),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_options_listed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
