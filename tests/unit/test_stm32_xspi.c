// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32N6 XSPI2 with the MX66UW1G45G, driven as ST's HAL (stm32n6xx_hal_xspi.c) and BSP
 * (mx66uw1g45g.c) drive it; the RCC/PWR register files; the board's identity. The same
 * model as the STM32L562E-DK's OCTOSPI1, as OpenOCD's stmqspi driver sees it.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim_fixture.h"
#include "sim/sim_internal.h"
#include "sim/periph/regfile.h"
#include "sim/periph/stm32_xspi.h"

#define XSPI 0x5802A000u	/* secure alias, as ST's external loaders run secure */
#define WIN 0x70000000u

/* CCR fields (HAL_XSPI_* values) */
#define I1 (1u << 0)
#define I8 (4u << 0)
#define IDTR (1u << 3)
#define IS16 (1u << 4)
#define A1 (1u << 8)
#define A8 (4u << 8)
#define ADTR (1u << 11)
#define AS32 (3u << 12)
#define D1 (1u << 24)
#define D8 (4u << 24)
#define DDTR (1u << 27)
#define DQSE (1u << 29)

static uint32_t rd(struct sim *s, uint32_t a)
{
	uint32_t v = 0;
	assert_int_equal(sim_bus_read(s, SIM_MASTER_CPU, a, 4, &v), SIM_BUS_OK);
	return v;
}

static void wr(struct sim *s, uint32_t a, uint32_t v)
{
	assert_int_equal(sim_bus_write(s, SIM_MASTER_CPU, a, 4, v), SIM_BUS_OK);
}

static uint32_t sr(struct sim *s)
{
	return rd(s, XSPI + STM32_XSPI_SR);
}

static int setup(void **state)
{
	struct sim *s = fixture_board("stm32n657");

	/* HAL_XSPI_Init: FTHRES 4 bytes, DCR1 MTYP Macronix, DEVSIZE 2^27, then EN */
	wr(s, XSPI + STM32_XSPI_DCR1, 1u << 24 | 26u << 16);
	wr(s, XSPI + STM32_XSPI_CR, 3u << STM32_XSPI_CR_FTHRES_SHIFT);
	wr(s, XSPI + STM32_XSPI_CR, rd(s, XSPI + STM32_XSPI_CR) | STM32_XSPI_CR_EN);
	*state = s;
	return 0;
}

/* HAL_XSPI_Command (XSPI_ConfigCmd order): FMODE = 0, CCR, TCR, DLR, IR, AR. */
static void command(struct sim *s, uint32_t ccr, uint32_t dcyc, uint32_t ir, bool addr, uint32_t ar, uint32_t len)
{
	assert_int_equal(sr(s) & STM32_XSPI_SR_BUSY, 0);
	wr(s, XSPI + STM32_XSPI_CR, rd(s, XSPI + STM32_XSPI_CR) & ~STM32_XSPI_CR_FMODE_MASK);
	wr(s, XSPI + STM32_XSPI_CCR, ccr);
	wr(s, XSPI + STM32_XSPI_TCR, dcyc);
	if (len)
		wr(s, XSPI + STM32_XSPI_DLR, len - 1);
	wr(s, XSPI + STM32_XSPI_IR, ir);
	if (addr)
		wr(s, XSPI + STM32_XSPI_AR, ar);
	if (!(ccr & (7u << 24))) {	/* no data: done when BUSY drops; HAL clears TCF */
		assert_int_equal(sr(s) & STM32_XSPI_SR_BUSY, 0);
		assert_true(sr(s) & STM32_XSPI_SR_TCF);
		wr(s, XSPI + STM32_XSPI_FCR, STM32_XSPI_FCR_CTCF);
	}
}

static void set_fmode(struct sim *s, uint32_t m)
{
	uint32_t cr = rd(s, XSPI + STM32_XSPI_CR) & ~STM32_XSPI_CR_FMODE_MASK;
	wr(s, XSPI + STM32_XSPI_CR, cr | m << STM32_XSPI_CR_FMODE_SHIFT);
}

/* HAL_XSPI_Transmit: FMODE write, DR byte by byte when FTF, then TCF. */
static void transmit(struct sim *s, const uint8_t *d, size_t len)
{
	set_fmode(s, STM32_XSPI_FMODE_IND_WRITE);
	for (size_t i = 0; i < len; i++) {
		assert_int_equal(sim_bus_write(s, SIM_MASTER_CPU, XSPI + STM32_XSPI_DR, 1, d[i]), SIM_BUS_OK);
		if (i + 1 < len)
			assert_true(sr(s) & STM32_XSPI_SR_FTF);
	}
	assert_true(sr(s) & STM32_XSPI_SR_TCF);
	wr(s, XSPI + STM32_XSPI_FCR, STM32_XSPI_FCR_CTCF);
}

/* HAL_XSPI_Receive: FMODE read, AR (or IR) again, DR when FTF|TCF, then TCF. */
static void receive(struct sim *s, bool addr, uint8_t *d, size_t len)
{
	uint32_t ar = rd(s, XSPI + STM32_XSPI_AR), ir = rd(s, XSPI + STM32_XSPI_IR);

	set_fmode(s, STM32_XSPI_FMODE_IND_READ);
	wr(s, XSPI + (addr ? STM32_XSPI_AR : STM32_XSPI_IR), addr ? ar : ir);
	for (size_t i = 0; i < len; i++) {
		uint32_t v;
		assert_true(sr(s) & (STM32_XSPI_SR_FTF | STM32_XSPI_SR_TCF));
		assert_int_equal(sim_bus_read(s, SIM_MASTER_CPU, XSPI + STM32_XSPI_DR, 1, &v), SIM_BUS_OK);
		d[i] = (uint8_t)v;
	}
	assert_true(sr(s) & STM32_XSPI_SR_TCF);
	wr(s, XSPI + STM32_XSPI_FCR, STM32_XSPI_FCR_CTCF);
	assert_int_equal(sr(s) & STM32_XSPI_SR_BUSY, 0);
}

/* MX66UW1G45G_AutoPollingMemReady in SPI mode: RDSR, mask WIP, match 0, APMS. */
static void wait_ready_spi(struct sim *s, uint64_t t)
{
	command(s, I1 | D1, 0, 0x05, false, 0, 1);
	wr(s, XSPI + STM32_XSPI_PSMAR, 0);
	wr(s, XSPI + STM32_XSPI_PSMKR, 0x01);
	wr(s, XSPI + STM32_XSPI_PIR, 0x10);
	wr(s, XSPI + STM32_XSPI_CR, (rd(s, XSPI + STM32_XSPI_CR) & ~STM32_XSPI_CR_FMODE_MASK) |
					    STM32_XSPI_FMODE_AUTOPOLL << STM32_XSPI_CR_FMODE_SHIFT | STM32_XSPI_CR_APMS);
	wr(s, XSPI + STM32_XSPI_IR, 0x05);
	if (t) {
		assert_int_equal(sr(s) & STM32_XSPI_SR_SMF, 0);
		assert_true(sr(s) & STM32_XSPI_SR_BUSY);
		sim_advance_ns(s, t);
	}
	assert_true(sr(s) & STM32_XSPI_SR_SMF);
	assert_int_equal(sr(s) & STM32_XSPI_SR_BUSY, 0);
	wr(s, XSPI + STM32_XSPI_FCR, STM32_XSPI_FCR_CSMF);
	wr(s, XSPI + STM32_XSPI_CR, rd(s, XSPI + STM32_XSPI_CR) & ~STM32_XSPI_CR_APMS);
}

static void test_indirect_spi_and_mmap(void **state)
{
	struct sim *s = *state;
	uint8_t d[16], r[16], st;
	uint32_t v;

	for (int i = 0; i < 16; i++)
		d[i] = (uint8_t)(0x30 + i * 7);
	/* the window is a bus error outside memory-mapped mode, for CPU and debugger */
	assert_int_equal(sim_bus_read(s, SIM_MASTER_CPU, WIN, 4, &v), SIM_BUS_ERROR);
	assert_int_equal(sim_bus_read(s, SIM_MASTER_DEBUG, WIN + 0x1000, 4, &v), SIM_BUS_ERROR);
	command(s, I1, 0, 0x06, false, 0, 0);				/* WREN */
	command(s, I1 | D1, 0, 0x05, false, 0, 1);			/* RDSR */
	receive(s, false, &st, 1);
	assert_int_equal(st, 0x02);
	command(s, I1 | A1 | AS32, 0, 0x21, true, 0x1000, 0);		/* 4 KB erase, 4-byte address */
	wait_ready_spi(s, spi_nor_mx66uw1g45g.t_se_ns);
	command(s, I1, 0, 0x06, false, 0, 0);
	command(s, I1 | A1 | AS32 | D1, 0, 0x12, true, 0x1010, 16);	/* PP 4-byte */
	transmit(s, d, 16);
	wait_ready_spi(s, spi_nor_mx66uw1g45g.t_pp_ns);
	command(s, I1 | A1 | AS32 | D1, 8, 0x0C, true, 0x1010, 16);	/* fast read 4-byte */
	receive(s, true, r, 16);
	assert_memory_equal(r, d, 16);
	assert_int_equal(sr(s) >> STM32_XSPI_SR_FLEVEL_SHIFT & 0x7F, 0);
	/* memory-mapped: CCR/TCR/IR for 0Ch, FMODE = 3 */
	command(s, I1 | A1 | AS32 | D1, 8, 0x0C, false, 0, 1);
	set_fmode(s, STM32_XSPI_FMODE_MMAP);
	/* RM0486: BUSY rises at the first memory-mapped access, not before: until then the
	 * configuration still takes writes (OpenOCD's stmqspi writes CCR after FMODE = 3) */
	assert_int_equal(sr(s) & STM32_XSPI_SR_BUSY, 0);
	wr(s, XSPI + STM32_XSPI_TCR, 8);
	assert_int_equal(rd(s, XSPI + STM32_XSPI_TCR), 8);
	assert_int_equal(sim_bus_read(s, SIM_MASTER_CPU, WIN + 0x1010, 4, &v), SIM_BUS_OK);
	assert_true(sr(s) & STM32_XSPI_SR_BUSY);
	assert_int_equal(v, sim_le_get(d, 4));
	assert_int_equal(sim_bus_read(s, SIM_MASTER_DEBUG, WIN + 0x101C, 4, &v), SIM_BUS_OK);
	assert_int_equal(v, sim_le_get(d + 12, 4));
	/* configuration is locked while BUSY */
	wr(s, XSPI + STM32_XSPI_CCR, 0);
	assert_int_equal(rd(s, XSPI + STM32_XSPI_CCR), I1 | A1 | AS32 | D1);
	/* HAL_XSPI_Abort: ABORT, TCF, BUSY clear, FMODE 0; the window errors again */
	wr(s, XSPI + STM32_XSPI_CR, rd(s, XSPI + STM32_XSPI_CR) | STM32_XSPI_CR_ABORT);
	assert_true(sr(s) & STM32_XSPI_SR_TCF);
	assert_int_equal(sr(s) & STM32_XSPI_SR_BUSY, 0);
	assert_int_equal(rd(s, XSPI + STM32_XSPI_CR) & STM32_XSPI_CR_ABORT, 0);
	set_fmode(s, STM32_XSPI_FMODE_IND_WRITE);
	assert_int_equal(sim_bus_read(s, SIM_MASTER_CPU, WIN + 0x1010, 4, &v), SIM_BUS_ERROR);
}

static void test_fifo_threshold(void **state)
{
	struct sim *s = *state;
	uint32_t v;

	/* read 6 erased bytes with FTHRES = 4: FTF at >= 4 bytes, then on TCF with data left */
	command(s, I1 | A1 | AS32 | D1, 0, 0x13, true, 0x0, 6);
	set_fmode(s, STM32_XSPI_FMODE_IND_READ);
	wr(s, XSPI + STM32_XSPI_AR, 0);
	v = sr(s);
	assert_int_equal(v >> STM32_XSPI_SR_FLEVEL_SHIFT & 0x7F, 6);
	assert_true(v & STM32_XSPI_SR_TCF);
	assert_true(v & STM32_XSPI_SR_FTF);
	assert_true(v & STM32_XSPI_SR_BUSY);
	assert_int_equal(sim_bus_read(s, SIM_MASTER_CPU, XSPI + STM32_XSPI_DR, 4, &v), SIM_BUS_OK);
	assert_int_equal(v, 0xFFFFFFFF);
	v = sr(s);
	assert_int_equal(v >> STM32_XSPI_SR_FLEVEL_SHIFT & 0x7F, 2);
	assert_true(v & STM32_XSPI_SR_FTF);	/* below threshold but the transfer is complete */
	assert_int_equal(sim_bus_read(s, SIM_MASTER_CPU, XSPI + STM32_XSPI_DR, 2, &v), SIM_BUS_OK);
	v = sr(s);
	assert_int_equal(v & (STM32_XSPI_SR_FTF | STM32_XSPI_SR_BUSY), 0);
	/* TEF: an indirect access beyond DCR1.DEVSIZE (1 MB here) */
	wr(s, XSPI + STM32_XSPI_FCR, STM32_XSPI_FCR_CTCF);
	wr(s, XSPI + STM32_XSPI_DCR1, 1u << 24 | 19u << 16);
	command(s, I1 | A1 | AS32 | D1, 0, 0x13, true, 0x100000, 4);
	set_fmode(s, STM32_XSPI_FMODE_IND_READ);
	wr(s, XSPI + STM32_XSPI_AR, 0x100000);
	assert_true(sr(s) & STM32_XSPI_SR_TEF);
	assert_int_equal(sr(s) & STM32_XSPI_SR_BUSY, 0);
	wr(s, XSPI + STM32_XSPI_FCR, STM32_XSPI_FCR_CTEF);
	assert_int_equal(sr(s) & STM32_XSPI_SR_TEF, 0);
}

/* The BSP's path to DTR OPI, then program and memory-mapped read in 8D-8D-8D. */
static void test_octal_dtr(void **state)
{
	struct sim *s = *state;
	uint8_t mode = 0x02, d[32], st[2];
	uint32_t v;

	for (int i = 0; i < 32; i++)
		d[i] = (uint8_t)(i * 13 + 1);
	command(s, I1, 0, 0x06, false, 0, 0);
	command(s, I1 | A1 | AS32 | D1, 0, 0x72, true, 0, 1);	/* WRCR2 addr 0 = DOPI */
	transmit(s, &mode, 1);
	const uint32_t o = I8 | IDTR | IS16 | A8 | ADTR | AS32;
	command(s, I8 | IDTR | IS16, 0, 0x06F9, false, 0, 0);	/* WREN */
	command(s, o | D8 | DDTR | DQSE, 5, 0x05FA, true, 0, 2);	/* RDSR: WEL */
	receive(s, true, st, 2);
	assert_int_equal(st[0], 0x02);
	command(s, o | D8 | DDTR, 0, 0x12ED, true, 0x20000, 32);	/* PP */
	transmit(s, d, 32);
	command(s, o | D8 | DDTR | DQSE, 5, 0x05FA, true, 0, 2);
	receive(s, true, st, 2);
	assert_int_equal(st[0], 0x03);
	sim_advance_ns(s, spi_nor_mx66uw1g45g.t_pp_ns);
	command(s, o | D8 | DDTR | DQSE, 20, 0xEE11, false, 0, 1);	/* memory-mapped 8DTRD */
	set_fmode(s, STM32_XSPI_FMODE_MMAP);
	for (int i = 0; i < 32; i += 4) {
		assert_int_equal(sim_bus_read(s, SIM_MASTER_CPU, WIN + 0x20000 + i, 4, &v), SIM_BUS_OK);
		assert_int_equal(v, sim_le_get(d + i, 4));
	}
}

static void test_regfiles_and_identity(void **state)
{
	struct sim *s = *state;

	/* RCC: CSR (+0x800) sets CR bits, SR ready follows; CCR (+0x1000) clears */
	wr(s, 0x56028800, 1u << 4 | 1u << 8);	/* HSEON, PLL1ON */
	assert_int_equal(rd(s, 0x56028000) & 0x110, 0x110);
	assert_int_equal(rd(s, 0x56028004) & 0x110, 0x110);	/* HSERDY, PLL1RDY */
	assert_int_equal(rd(s, 0x46028004) & 0x110, 0x110);	/* non-secure alias */
	wr(s, 0x56029000, 1u << 4);
	assert_int_equal(rd(s, 0x56028004) & 0x110, 0x100);
	wr(s, 0x56028020, 3u << 16 | 3u << 24);			/* CPUSW, SYSSW = IC */
	assert_int_equal(rd(s, 0x56028020) & 0x33330000, 0x33330000);
	wr(s, 0x5602483C, 1u << 1 | 1u << 9);			/* PWR SVMCR3 VDDIO3VMEN, VDDIO3SV */
	assert_int_equal(rd(s, 0x5602483C) & (1u << 17), 1u << 17);
	wr(s, 0x56023400, 0x12345678);				/* GPION MODER reads back */
	assert_int_equal(rd(s, 0x46023400), 0x12345678);
	assert_int_equal(rd(s, 0x46023800), 0xFFFFFFFF);	/* GPIOO MODER reset value */
	/* identity: M55 CPUID, DWT DEVARCH v2.1, DBGMCU DEV_ID 0x486 */
	assert_int_equal(rd(s, 0xE000ED00), 0x411FD220);
	assert_int_equal(rd(s, 0xE0001FBC), 0x47711A02);
	assert_int_equal(rd(s, 0x44001000) & 0xFFF, 0x486);
}

/*
 * STM32L562E-DK OCTOSPI1 (RM0438) as OpenOCD 0.12's stmqspi probes and uses it: registers
 * unclocked until RCC_AHB3ENR.OSPI1EN; offset 0x1C (QUADSPI_ABR) reserved, reading 0, and
 * the identification word at 0x3FC, which tell it an OCTOSPI; FMODE = 3 written before
 * CCR/TCR/IR (BUSY only from the first window access).
 */
static void test_l5_octospi_as_openocd_sees_it(void **state)
{
	struct sim *s = fixture_board("stm32l562e-dk");
	const uint32_t ospi = 0x44021000u, win = 0x90000000u;
	uint32_t v;

	(void)state;
	wr(s, ospi + STM32_XSPI_DCR1, 0x01190100);
	assert_int_equal(rd(s, ospi + STM32_XSPI_DCR1), 0);		/* not clocked */
	wr(s, 0x40021050, 1u << 8);					/* RCC_AHB3ENR.OSPI1EN */
	wr(s, ospi + 0x1C, 0xAEF1510E);
	assert_int_equal(rd(s, ospi + 0x1C), 0);
	assert_int_equal(rd(s, ospi + STM32_XSPI_MAGIC), STM32_OCTOSPI_MAGIC_ID);
	wr(s, ospi + STM32_XSPI_DCR1, 0x01190100);			/* Macronix, 64 MB, CSHT 1 */
	assert_int_equal(rd(s, ospi + STM32_XSPI_DCR1), 0x01190100);
	/* OpenOCD's order (board/stm32h735g-disco.cfg, stmqspi's set_mm_mode): CR first */
	wr(s, ospi + STM32_XSPI_CR, 0x3040000B);
	wr(s, ospi + STM32_XSPI_TCR, 0);
	wr(s, ospi + STM32_XSPI_CCR, 0x01003101);			/* 1-line READ4B */
	wr(s, ospi + STM32_XSPI_IR, 0x13);
	assert_int_equal(rd(s, ospi + STM32_XSPI_CCR), 0x01003101);
	assert_int_equal(rd(s, ospi + STM32_XSPI_IR), 0x13);
	assert_int_equal(rd(s, ospi + STM32_XSPI_SR) & STM32_XSPI_SR_BUSY, 0);
	assert_int_equal(sim_bus_read(s, SIM_MASTER_DEBUG, win + 0x100, 4, &v), SIM_BUS_OK);
	assert_int_equal(v, 0xFFFFFFFF);
	assert_true(rd(s, ospi + STM32_XSPI_SR) & STM32_XSPI_SR_BUSY);
	wr(s, ospi + STM32_XSPI_IR, 0x0C);				/* locked now */
	assert_int_equal(rd(s, ospi + STM32_XSPI_IR), 0x13);
	/* an abort with FMODE = 0 closes the window */
	wr(s, ospi + STM32_XSPI_CR, 0x00002F01 | STM32_XSPI_CR_ABORT);
	assert_int_equal(sim_bus_read(s, SIM_MASTER_DEBUG, win, 4, &v), SIM_BUS_ERROR);
	sim_destroy(s);
}

/* --state keeps the NOR array (sparsely) across runs. */
static void test_state(void **state)
{
	struct sim *s = *state;
	struct stm32_xspi_s *x = sim_model_ctx(s, "xspi");
	char err[200], path[] = "/tmp/test_stm32_xspi_stateXXXXXX";
	int fd = mkstemp(path);
	uint8_t d[2] = { 0xAB, 0xCD };

	assert_true(fd >= 0);
	close(fd);
	command(s, I1, 0, 0x06, false, 0, 0);
	command(s, I1 | A1 | AS32 | D1, 0, 0x12, true, 0x7FFF000, 2);
	transmit(s, d, 2);
	assert_int_equal(x->nor.mem[0x7FFF000], 0xAB);
	assert_int_equal(sim_state_save(s, path, err, sizeof(err)), 0);
	struct sim *s2 = fixture_board("stm32n657");
	struct stm32_xspi_s *x2 = sim_model_ctx(s2, "xspi");
	assert_int_equal(x2->nor.mem[0x7FFF001], 0xFF);
	assert_int_equal(sim_state_load(s2, path, err, sizeof(err)), 0);
	assert_int_equal(x2->nor.mem[0x7FFF000], 0xAB);
	assert_int_equal(x2->nor.mem[0x7FFF001], 0xCD);
	assert_int_equal(x2->nor.mem[0x0], 0xFF);
	sim_destroy(s2);
	remove(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_indirect_spi_and_mmap, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_fifo_threshold, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_octal_dtr, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_regfiles_and_identity, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_state, setup, fixture_teardown),
		cmocka_unit_test(test_l5_octospi_as_openocd_sees_it),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
