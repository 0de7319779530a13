// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The CRC unit of the virtual STM32L552 and STM32F401 (sim/periph/stm32_crc.c) against
 * known CRC values: the check values ("123456789") of the CRC catalogue for CRC-32/MPEG-2,
 * CRC-32 (ISO-HDLC, with REV_IN by byte, REV_OUT and a final complement in software),
 * CRC-16/IBM-3740, CRC-16/UMTS, CRC-8/SMBUS and CRC-7/MMC, and the STM32F4's well-known
 * 0xC704DD7B for one zero word after reset. Then its clock gate (RCC_AHB1ENR.CRCEN) and
 * its cost: back-to-back writes by the CPU wait for the computation (4 AHB cycles a word).
 */
#include <string.h>

#include "test_clock_util.h"
#include "test_core_util.h"
#include "sim/periph/stm32_crc.h"

#define CRC 0x40023000u
#define CRC_DR (CRC + STM32_CRC_DR)
#define CRC_IDR (CRC + STM32_CRC_IDR)
#define CRC_CR (CRC + STM32_CRC_CR)
#define CRC_INIT (CRC + STM32_CRC_INIT)
#define CRC_POL (CRC + STM32_CRC_POL)
#define CRCEN (1u << 12)

static const char check[] = "123456789";

static struct sim *board_with_crc(const char *name, uint32_t ahb1enr)
{
	struct sim *s = tc_board(name);

	tc_wr(s, ahb1enr, tc_rd(s, ahb1enr) | CRCEN);
	return s;
}

static void feed_bytes(struct sim *s, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, CRC_DR, 1, (uint8_t)p[i]), SIM_BUS_OK);
}

/* POLYSIZE, REV_IN, REV_OUT (CR without RESET), polynomial, initial value; then RESET. */
static void configure(struct sim *s, uint32_t cr, uint32_t pol, uint32_t init)
{
	tc_wr(s, CRC_POL, pol);
	tc_wr(s, CRC_INIT, init);
	tc_wr(s, CRC_CR, cr | STM32_CRC_CR_RESET);
	assert_int_equal(tc_rd(s, CRC_CR) & STM32_CRC_CR_RESET, 0);
}

static void test_l5_catalogue_check_values(void **state)
{
	struct sim *s = board_with_crc("stm32l552", L5_RCC_AHB1ENR);

	(void)state;
	assert_int_equal(tc_rd(s, CRC_DR), 0xFFFFFFFFu);
	assert_int_equal(tc_rd(s, CRC_POL), 0x04C11DB7u);
	feed_bytes(s, check, 9);
	assert_int_equal(tc_rd(s, CRC_DR), 0x0376E6E7u);	/* CRC-32/MPEG-2 */

	configure(s, 1u << STM32_CRC_CR_REV_IN_SHIFT | STM32_CRC_CR_REV_OUT, 0x04C11DB7u, 0xFFFFFFFFu);
	feed_bytes(s, check, 9);
	assert_int_equal(tc_rd(s, CRC_DR) ^ 0xFFFFFFFFu, 0xCBF43926u);	/* CRC-32 (zlib) */

	configure(s, 1u << STM32_CRC_CR_POLYSIZE_SHIFT, 0x1021, 0xFFFF);
	feed_bytes(s, check, 9);
	assert_int_equal(tc_rd(s, CRC_DR), 0x29B1);	/* CRC-16/IBM-3740 (CCITT-FALSE) */

	configure(s, 1u << STM32_CRC_CR_POLYSIZE_SHIFT, 0x8005, 0);
	feed_bytes(s, check, 9);
	assert_int_equal(tc_rd(s, CRC_DR), 0xFEE8);	/* CRC-16/UMTS */

	configure(s, 2u << STM32_CRC_CR_POLYSIZE_SHIFT, 0x07, 0);
	feed_bytes(s, check, 9);
	assert_int_equal(tc_rd(s, CRC_DR), 0xF4);	/* CRC-8/SMBUS */

	configure(s, 3u << STM32_CRC_CR_POLYSIZE_SHIFT, 0x09, 0);
	feed_bytes(s, check, 9);
	assert_int_equal(tc_rd(s, CRC_DR), 0x75);	/* CRC-7/MMC */
	sim_destroy(s);
}

/* A word is its four bytes, most significant first; a half-word its two. */
static void test_l5_word_halfword_and_bytes_agree(void **state)
{
	struct sim *s = board_with_crc("stm32l552", L5_RCC_AHB1ENR);
	uint32_t by_bytes;

	(void)state;
	feed_bytes(s, "12345678", 8);
	by_bytes = tc_rd(s, CRC_DR);
	tc_wr(s, CRC_CR, STM32_CRC_CR_RESET);
	tc_wr(s, CRC_DR, 0x31323334u);
	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, CRC_DR, 2, 0x3536), SIM_BUS_OK);
	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, CRC_DR, 2, 0x3738), SIM_BUS_OK);
	assert_int_equal(tc_rd(s, CRC_DR), by_bytes);
	/* IDR keeps what is written, RESET leaves it */
	tc_wr(s, CRC_IDR, 0xA5A5F00Du);
	tc_wr(s, CRC_CR, STM32_CRC_CR_RESET);
	assert_int_equal(tc_rd(s, CRC_IDR), 0xA5A5F00Du);
	assert_int_equal(tc_rd(s, CRC_DR), 0xFFFFFFFFu);
	sim_destroy(s);
}

static void test_f4_fixed_crc32_words_only(void **state)
{
	struct sim *s = board_with_crc("stm32f401", F4_RCC_AHB1ENR);

	(void)state;
	tc_wr(s, CRC_DR, 0);
	assert_int_equal(tc_rd(s, CRC_DR), 0xC704DD7Bu);
	/* POLYSIZE, REV_*, INIT and POL do not exist: CRC-32/MPEG-2 whatever is written */
	tc_wr(s, CRC_POL, 0x1021);
	tc_wr(s, CRC_CR, STM32_CRC_CR_REV_OUT | 1u << STM32_CRC_CR_POLYSIZE_SHIFT | STM32_CRC_CR_RESET);
	assert_int_equal(tc_rd(s, CRC_CR), 0);
	tc_wr(s, CRC_DR, 0x31323334u);
	tc_wr(s, CRC_DR, 0x35363738u);
	uint32_t words = tc_rd(s, CRC_DR);
	/* a byte write is refused (32-bit data only), leaving DR as it was */
	assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, CRC_DR, 1, 0x39), SIM_BUS_OK);
	assert_int_equal(tc_rd(s, CRC_DR), words);
	/* the same words on the L5 (its reset configuration is the F4's) */
	struct sim *l5 = board_with_crc("stm32l552", L5_RCC_AHB1ENR);
	tc_wr(l5, CRC_DR, 0x31323334u);
	tc_wr(l5, CRC_DR, 0x35363738u);
	assert_int_equal(tc_rd(l5, CRC_DR), words);
	sim_destroy(l5);
	/* IDR is 8 bits wide on the F4 */
	tc_wr(s, CRC_IDR, 0x1234);
	assert_int_equal(tc_rd(s, CRC_IDR), 0x34);
	sim_destroy(s);
}

static void test_clock_gate(void **state)
{
	struct sim *s = tc_board("stm32f401");

	(void)state;
	tc_wr(s, CRC_DR, 0);	/* CRCEN clear: lost */
	assert_int_equal(tc_rd(s, CRC_DR), 0);
	tc_wr(s, F4_RCC_AHB1ENR, CRCEN);
	assert_int_equal(tc_rd(s, CRC_DR), 0xFFFFFFFFu);
	tc_wr(s, CRC_DR, 0);
	assert_int_equal(tc_rd(s, CRC_DR), 0xC704DD7Bu);
	/* a reset restores DR and closes the gate again */
	sim_set_nreset(s, true);
	sim_set_nreset(s, false);
	assert_int_equal(tc_rd(s, CRC_DR), 0);
	sim_destroy(s);
}

/*
 * The CPU (L552 at MSI 4 MHz, 250 ns a cycle) writes 8 words back to back:
 *	ldr r0, =0x40023000 ; movs r1, #0 ; 8 x str r1, [r0] ; loop: adds r2, #1 ; b loop
 * Each word computes for 4 cycles (1000 ns); the store after it comes 1 cycle later and
 * waits 3 cycles: 7 x 750 ns. In a 10 us run the CPU executes its 40 instructions and the
 * stalls make the run 5250 ns longer.
 */
static void test_cpu_pays_the_computation(void **state)
{
	static const uint8_t prog[] = {
		0x05, 0x48, 0x00, 0x21, 0x01, 0x60, 0x01, 0x60, 0x01, 0x60, 0x01, 0x60, 0x01, 0x60,
		0x01, 0x60, 0x01, 0x60, 0x01, 0x60, 0x01, 0x32, 0xfd, 0xe7, 0x00, 0x30, 0x02, 0x40,
	};
	struct sim *s = board_with_crc("stm32l552", L5_RCC_AHB1ENR);
	struct sim_stats_s a, b;
	char err[128];

	(void)state;
	assert_int_equal(sim_preload(s, 0x20000000, prog, sizeof(prog), err, sizeof(err)), 0);
	tc_halt_at(s, 0x20000000);
	tc_set_reg(s, R_XPSR, 1u << 24);
	tc_run(s);
	sim_get_stats(s, &a);
	sim_advance_ns(s, 10000);
	sim_get_stats(s, &b);
	assert_int_equal(b.instructions - a.instructions, 40);
	assert_int_equal(b.time_ns - a.time_ns, 10000 + 7 * 750);
	/* 8 zero words from 0xFFFFFFFF, as the F4 computes them */
	struct sim *f4 = board_with_crc("stm32f401", F4_RCC_AHB1ENR);
	for (int i = 0; i < 8; i++)
		tc_wr(f4, CRC_DR, 0);
	assert_int_equal(tc_rd(s, CRC_DR), tc_rd(f4, CRC_DR));
	sim_destroy(f4);
	sim_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_l5_catalogue_check_values),
		cmocka_unit_test(test_l5_word_halfword_and_bytes_agree),
		cmocka_unit_test(test_f4_fixed_crc32_words_only),
		cmocka_unit_test(test_clock_gate),
		cmocka_unit_test(test_cpu_pays_the_computation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
