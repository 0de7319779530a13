// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Alif E7 OSPI1 (DesignWare SSI) with the IS25WX256, driven in the sequence of Alif's
 * ospi_xip/source/ospi/ospi_drv.c and issi_flash.c: probe in SPI mode, switch the flash
 * to octal DDR with volatile-register writes, write enable, erase, program, status
 * polling, indirect read, then XIP through the window at 0xC0000000.
 */
#include <string.h>

#include "sim_fixture.h"
#include "sim/sim_internal.h"
#include "sim/periph/dw_ospi.h"

#define OSPI 0x83002000u
#define AES 0x83003000u
#define XIP 0xC0000000u

/* ospi_private.h values */
#define IS_MST (1u << 31)
#define FRF_OCTAL (3u << 22)
#define TMOD(t) ((uint32_t)(t) << 10)
#define DFS8 0x07u
#define DFS16 0x0Fu
#define TT_STD 0u
#define TT_FRF 2u
#define INST_L8 (2u << 8)
#define ADDR_L(n) ((uint32_t)(n) << 2)
#define WAIT(n) ((uint32_t)(n) << 11)
#define DDR_EN (1u << 16)

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

/* ospi_init */
static int setup(void **state)
{
	struct sim *s = fixture_board("alif-e7");

	wr(s, 0x4902F000 + 0x0, 1u << 1);	/* CLKCTL_PER_SLV->OSPI_CTRL (offset ?) */
	wr(s, AES + DW_OSPI_AES_CONTROL, rd(s, AES + DW_OSPI_AES_CONTROL) & ~DW_OSPI_AES_CONTROL_XIP_EN);
	wr(s, OSPI + DW_OSPI_SSIENR, 0);
	wr(s, OSPI + DW_OSPI_SER, 0);
	wr(s, OSPI + DW_OSPI_RX_SAMPLE_DLY, 4);
	wr(s, OSPI + DW_OSPI_TXD_DRIVE_EDGE, 1);
	wr(s, AES + DW_OSPI_AES_RXDS_DELAY, 11);
	wr(s, OSPI + DW_OSPI_BAUDR, 4);
	wr(s, OSPI + DW_OSPI_SSIENR, 1);
	*state = s;
	return 0;
}

static void setup_read(struct sim *s, uint32_t addr_l, uint32_t len, uint32_t wait, bool ddr)
{
	wr(s, OSPI + DW_OSPI_SER, 0);
	wr(s, OSPI + DW_OSPI_SSIENR, 0);
	wr(s, OSPI + DW_OSPI_CTRLR0, IS_MST | FRF_OCTAL | TMOD(DW_OSPI_TMOD_RO) | DFS8);
	wr(s, OSPI + DW_OSPI_CTRLR1, len - 1);
	wr(s, OSPI + DW_OSPI_SPI_CTRLR0,
	   (ddr ? TT_FRF | DDR_EN : TT_STD) | INST_L8 | ADDR_L(addr_l) | WAIT(wait));
	wr(s, OSPI + DW_OSPI_SSIENR, 1);
}

static void setup_write(struct sim *s, uint32_t addr_l, bool ddr)
{
	wr(s, OSPI + DW_OSPI_SER, 0);
	wr(s, OSPI + DW_OSPI_SSIENR, 0);
	wr(s, OSPI + DW_OSPI_CTRLR0, IS_MST | FRF_OCTAL | TMOD(DW_OSPI_TMOD_TO) | DFS8);
	wr(s, OSPI + DW_OSPI_CTRLR1, 0);
	wr(s, OSPI + DW_OSPI_SPI_CTRLR0, (ddr ? TT_FRF | DDR_EN : TT_STD) | INST_L8 | ADDR_L(addr_l));
	wr(s, OSPI + DW_OSPI_SSIENR, 1);
}

/* ospi_send_blocking: last frame, SER, poll SR for TFE and not BUSY */
static void send_blocking(struct sim *s, uint32_t v)
{
	wr(s, OSPI + DW_OSPI_DR, v);
	wr(s, OSPI + DW_OSPI_SER, 1);
	assert_int_equal(rd(s, OSPI + DW_OSPI_SR) & (DW_OSPI_SR_TFE | DW_OSPI_SR_BUSY), DW_OSPI_SR_TFE);
}

/* ospi_recv_blocking (with ospi_push for an address frame) */
static void recv_blocking(struct sim *s, uint32_t cmd, bool addr, uint32_t a, uint8_t *buf, unsigned n)
{
	unsigned got = 0;

	wr(s, OSPI + DW_OSPI_DR, cmd);
	if (addr)
		wr(s, OSPI + DW_OSPI_DR, a);
	wr(s, OSPI + DW_OSPI_SER, 1);
	while (got < n) {
		uint32_t lvl = rd(s, OSPI + DW_OSPI_RXFLR);
		assert_true(lvl > 0);
		while (lvl-- && got < n)
			buf[got++] = (uint8_t)rd(s, OSPI + DW_OSPI_DR);
	}
}

/* issi_flash_set_configuration_register_SDR */
static void set_vcr_sdr(struct sim *s, uint8_t reg, uint8_t value)
{
	setup_write(s, 0, false);
	send_blocking(s, 0x06);
	wr(s, OSPI + DW_OSPI_SER, 0);
	wr(s, OSPI + DW_OSPI_SSIENR, 0);
	wr(s, OSPI + DW_OSPI_CTRLR0, IS_MST | TMOD(DW_OSPI_TMOD_TO) | DFS8);	/* SINGLE */
	wr(s, OSPI + DW_OSPI_CTRLR1, 0);
	wr(s, OSPI + DW_OSPI_SPI_CTRLR0, TT_FRF | INST_L8 | ADDR_L(6));
	wr(s, OSPI + DW_OSPI_SSIENR, 1);
	wr(s, OSPI + DW_OSPI_DR, 0x81);
	wr(s, OSPI + DW_OSPI_DR, 0x00);
	wr(s, OSPI + DW_OSPI_DR, 0x00);
	wr(s, OSPI + DW_OSPI_DR, reg);
	send_blocking(s, value);
}

static uint8_t read_status(struct sim *s)
{
	uint8_t st = 0;
	setup_read(s, 0, 1, 8, true);
	recv_blocking(s, 0x05, false, 0, &st, 1);
	return st;
}

static void write_enable(struct sim *s)
{
	setup_write(s, 0, true);
	send_blocking(s, 0x06);
}

static void probe_and_octal(struct sim *s)
{
	struct dw_ospi_s *o = sim_model_ctx(s, "ospi");
	uint8_t b[8], id = 0;

	setup_read(s, 0, 8, 0, false);
	recv_blocking(s, 0x9E, false, 0, b, 8);
	for (int i = 0; i < 8; i++)
		id = (uint8_t)(id << 1 | ((b[i] >> 1) & 1));
	assert_int_equal(id, 0x9D);	/* DEVICE_ID_ISSI_FLASH_IS25WX256 */
	set_vcr_sdr(s, 0x07, 0xFD);	/* wrap 32 */
	set_vcr_sdr(s, 0x01, 16);	/* wait cycles */
	set_vcr_sdr(s, 0x00, 0xE7);	/* octal DDR with DQS */
	assert_int_equal(o->nor.proto, SPI_NOR_PROTO_8D);
	assert_int_equal(o->nor.vcr[1], 16);
	assert_int_equal(o->nor.vcr[7], 0xFD);
}

static void test_program_and_xip(void **state)
{
	struct sim *s = *state;
	uint8_t d[64], r[64];
	uint32_t v;

	for (int i = 0; i < 64; i++)
		d[i] = (uint8_t)(0xC3 ^ (i * 5));
	probe_and_octal(s);
	assert_int_equal(sim_bus_read(s, SIM_MASTER_CPU, XIP, 4, &v), SIM_BUS_ERROR);	/* XIP_EN clear */
	write_enable(s);
	assert_int_equal(read_status(s) & 0x03, 0x02);
	setup_write(s, 8, true);
	wr(s, OSPI + DW_OSPI_DR, 0x21);			/* 4 KB erase, 4-byte address */
	send_blocking(s, 0x5000);
	assert_int_equal(read_status(s) & 0x01, 0x01);
	sim_advance_ns(s, spi_nor_is25wx256.t_se_ns);
	assert_int_equal(read_status(s), 0x00);
	write_enable(s);
	setup_write(s, 8, true);
	wr(s, OSPI + DW_OSPI_DR, 0x84);			/* IS25WX256.c CMD_PAGE_PROGRAM */
	wr(s, OSPI + DW_OSPI_DR, 0x5040);
	for (int i = 0; i < 63; i++)
		wr(s, OSPI + DW_OSPI_DR, d[i]);
	send_blocking(s, d[63]);
	assert_int_equal(read_status(s) & 0x03, 0x03);
	sim_advance_ns(s, spi_nor_is25wx256.t_pp_ns);
	assert_int_equal(read_status(s) & 0x03, 0x00);
	setup_read(s, 8, 64, 16, true);
	recv_blocking(s, 0x7C, true, 0x5040, r, 64);
	assert_memory_equal(r, d, 64);
	/* ospi_xip_enter(0xFD, 0xFD) */
	wr(s, OSPI + DW_OSPI_SSIENR, 0);
	wr(s, OSPI + DW_OSPI_CTRLR0, IS_MST | FRF_OCTAL | TMOD(DW_OSPI_TMOD_RO) | DFS16);
	wr(s, OSPI + DW_OSPI_XIP_CTRL, 3u | 2u << 2 | 8u << 4 | 2u << 9 | 16u << 13 | 1u << 18 | 1u << 19 |
					       1u << 21 | 1u << 22);
	wr(s, OSPI + DW_OSPI_RX_SAMPLE_DLY, 0);
	wr(s, OSPI + DW_OSPI_XIP_MODE_BITS, 0);
	wr(s, OSPI + DW_OSPI_XIP_INCR_INST, 0xFD);
	wr(s, OSPI + DW_OSPI_XIP_WRAP_INST, 0xFD);
	wr(s, OSPI + DW_OSPI_XIP_SER, 1);
	wr(s, OSPI + DW_OSPI_SSIENR, 1);
	wr(s, AES + DW_OSPI_AES_CONTROL, rd(s, AES + DW_OSPI_AES_CONTROL) | DW_OSPI_AES_CONTROL_XIP_EN);
	for (int i = 0; i < 64; i += 4) {
		assert_int_equal(sim_bus_read(s, SIM_MASTER_CPU, XIP + 0x5040 + i, 4, &v), SIM_BUS_OK);
		assert_int_equal(v, sim_le_get(d + i, 4));
	}
	assert_int_equal(sim_bus_read(s, SIM_MASTER_DEBUG, XIP + 0x5000, 4, &v), SIM_BUS_OK);
	assert_int_equal(v, 0xFFFFFFFF);
	/* leaving XIP closes the window */
	wr(s, AES + DW_OSPI_AES_CONTROL, 0);
	assert_int_equal(sim_bus_read(s, SIM_MASTER_CPU, XIP + 0x5040, 4, &v), SIM_BUS_ERROR);
}

/*
 * Interrupt-driven, as ospi_drv.c's ospi_irq_handler expects: RXFI unmasked, the read
 * JEDEC ID command written and SER set, then nothing read from the controller: the
 * transfer starts by itself and the OSPI1 interrupt (IRQ 97 ?) pends in the NVIC; reading
 * the frames lowers the line; a read from the empty FIFO sets RXUI until RXUICR is read.
 */
#define NVIC_ISPR3 0xE000E20Cu	/* interrupts 96..127 */
#define NVIC_ICPR3 0xE000E28Cu
#define OSPI1_IRQ_BIT (1u << (97 - 96))

static void test_interrupt_driven_read(void **state)
{
	struct sim *s = *state;
	uint8_t id[3];

	wr(s, OSPI + DW_OSPI_SER, 0);
	wr(s, OSPI + DW_OSPI_SSIENR, 0);
	wr(s, OSPI + DW_OSPI_CTRLR0, IS_MST | TMOD(DW_OSPI_TMOD_EEPROM) | DFS8);	/* standard SPI */
	wr(s, OSPI + DW_OSPI_CTRLR1, 2);	/* 3 frames in */
	wr(s, OSPI + DW_OSPI_RXFTLR, 2);	/* RXFI once all 3 are there */
	wr(s, OSPI + DW_OSPI_IMR, DW_OSPI_INT_RXFI);
	wr(s, OSPI + DW_OSPI_SSIENR, 1);
	assert_int_equal(rd(s, NVIC_ISPR3) & OSPI1_IRQ_BIT, 0);
	wr(s, OSPI + DW_OSPI_DR, 0x9F);
	wr(s, OSPI + DW_OSPI_SER, 1);
	assert_int_equal(rd(s, NVIC_ISPR3) & OSPI1_IRQ_BIT, 0);	/* not before time passes */
	sim_advance_ns(s, 1000);
	assert_int_equal(rd(s, NVIC_ISPR3) & OSPI1_IRQ_BIT, OSPI1_IRQ_BIT);
	assert_int_equal(rd(s, OSPI + DW_OSPI_ISR), DW_OSPI_INT_RXFI);
	for (unsigned i = 0; i < 3; i++)
		id[i] = (uint8_t)rd(s, OSPI + DW_OSPI_DR);
	assert_int_equal(id[0], 0x9D);
	assert_int_equal(id[1], 0x5B);
	assert_int_equal(id[2], 0x19);
	assert_int_equal(rd(s, OSPI + DW_OSPI_ISR), 0);
	wr(s, NVIC_ICPR3, OSPI1_IRQ_BIT);	/* the line is low: the pending state clears */
	assert_int_equal(rd(s, NVIC_ISPR3) & OSPI1_IRQ_BIT, 0);
	rd(s, OSPI + DW_OSPI_DR);	/* underflow */
	assert_int_equal(rd(s, OSPI + DW_OSPI_RISR) & DW_OSPI_INT_RXUI, DW_OSPI_INT_RXUI);
	assert_int_equal(rd(s, OSPI + DW_OSPI_RXUICR), 1);
	assert_int_equal(rd(s, OSPI + DW_OSPI_RISR) & DW_OSPI_INT_RXUI, 0);
}

static void test_registers(void **state)
{
	struct sim *s = *state;
	struct dw_ospi_s *o = sim_model_ctx(s, "ospi");
	uint8_t d = 0x00;

	/* configuration registers take writes only while SSIENR = 0 */
	wr(s, OSPI + DW_OSPI_CTRLR1, 0x55);
	assert_int_equal(rd(s, OSPI + DW_OSPI_CTRLR1), 0);
	wr(s, OSPI + DW_OSPI_SSIENR, 0);
	wr(s, OSPI + DW_OSPI_CTRLR1, 0x55);
	assert_int_equal(rd(s, OSPI + DW_OSPI_CTRLR1), 0x55);
	/* while disabled the TX FIFO is held clear */
	wr(s, OSPI + DW_OSPI_DR, 0x06);
	assert_int_equal(rd(s, OSPI + DW_OSPI_TXFLR), 0);
	wr(s, OSPI + DW_OSPI_SSIENR, 1);
	/* frames wait in the FIFO until a slave is selected */
	setup_write(s, 0, false);
	wr(s, OSPI + DW_OSPI_DR, 0x06);
	assert_int_equal(rd(s, OSPI + DW_OSPI_TXFLR), 1);
	assert_int_equal(rd(s, OSPI + DW_OSPI_SR) & DW_OSPI_SR_TFE, 0);
	assert_int_equal(o->nor.sr & 0x02, 0);
	wr(s, OSPI + DW_OSPI_SER, 1);
	assert_int_equal(rd(s, OSPI + DW_OSPI_SR), DW_OSPI_SR_TFNF | DW_OSPI_SR_TFE);
	assert_int_equal(o->nor.sr & 0x02, 0x02);
	/* standard-format page program (1-1-1 bytes) programs in SPI mode */
	wr(s, OSPI + DW_OSPI_SER, 0);
	wr(s, OSPI + DW_OSPI_SSIENR, 0);
	wr(s, OSPI + DW_OSPI_CTRLR0, IS_MST | TMOD(DW_OSPI_TMOD_TO) | DFS8);
	wr(s, OSPI + DW_OSPI_SSIENR, 1);
	wr(s, OSPI + DW_OSPI_DR, 0x02);
	wr(s, OSPI + DW_OSPI_DR, 0x00);
	wr(s, OSPI + DW_OSPI_DR, 0x01);
	wr(s, OSPI + DW_OSPI_DR, 0x00);
	send_blocking(s, d);
	assert_int_equal(o->nor.mem[0x100], 0x00);
	assert_int_equal(rd(s, 0xE000ED00), 0x411FD220);	/* Cortex-M55 CPUID */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_program_and_xip, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_registers, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_interrupt_driven_read, setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
