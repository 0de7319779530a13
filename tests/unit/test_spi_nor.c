// SPDX-License-Identifier: GPL-2.0-or-later
/* SPI NOR model: command sequences, octal forms, busy timing (sim/periph/spi_nor.c). */
#include <stdlib.h>
#include <string.h>

#include "sim_fixture.h"
#include "sim/sim_internal.h"
#include "sim/periph/spi_nor.h"

struct nor_fix_s {
	struct sim *s;
	struct spi_nor_s mx, is;
	uint8_t *mx_mem, *is_mem;
};

static int setup(void **state)
{
	struct nor_fix_s *f = calloc(1, sizeof(*f));

	f->s = fixture_board("stm32n657");
	f->mx_mem = malloc(spi_nor_mx66uw1g45g.size);
	f->is_mem = malloc(spi_nor_is25wx256.size);
	memset(f->mx_mem, 0xFF, spi_nor_mx66uw1g45g.size);
	memset(f->is_mem, 0xFF, spi_nor_is25wx256.size);
	spi_nor_init(&f->mx, f->s, &spi_nor_mx66uw1g45g, f->mx_mem, 0x70000000);
	spi_nor_init(&f->is, f->s, &spi_nor_is25wx256, f->is_mem, 0xC0000000);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct nor_fix_s *f = *state;

	sim_destroy(f->s);
	free(f->mx_mem);
	free(f->is_mem);
	free(f);
	return 0;
}

/* A 1-1-1 transaction: opcode, address, dummy; then data out or in. */
static int spi(struct spi_nor_s *n, uint8_t op, uint8_t alen, uint32_t addr, uint8_t dummy, const uint8_t *wr,
	       uint8_t *rd, size_t len)
{
	struct spi_nor_xfer_s x = { .opcode = op, .opcode_len = 1, .inst_lines = 1, .addr_len = alen, .addr = addr,
				    .addr_lines = 1, .data_lines = 1, .dummy_cycles = dummy };
	int r = spi_nor_begin(n, &x);
	if (wr)
		spi_nor_write(n, wr, len);
	if (rd)
		spi_nor_read(n, rd, len);
	spi_nor_end(n);
	return r;
}

/* A Macronix OPI transaction (two-byte opcode), DTR or STR on every phase. */
static int opi(struct spi_nor_s *n, uint16_t op, uint8_t alen, uint32_t addr, uint8_t dummy, bool dtr,
	       const uint8_t *wr, uint8_t *rd, size_t len)
{
	struct spi_nor_xfer_s x = { .opcode = op, .opcode_len = 2, .inst_lines = 8, .inst_dtr = dtr, .addr_len = alen,
				    .addr = addr, .addr_lines = 8, .addr_dtr = dtr, .data_lines = 8, .data_dtr = dtr,
				    .dummy_cycles = dummy };
	int r = spi_nor_begin(n, &x);
	if (wr)
		spi_nor_write(n, wr, len);
	if (rd)
		spi_nor_read(n, rd, len);
	spi_nor_end(n);
	return r;
}

static uint8_t rdsr(struct spi_nor_s *n)
{
	uint8_t v = 0;
	spi(n, 0x05, 0, 0, 0, NULL, &v, 1);
	return v;
}

static void test_rdid(void **state)
{
	struct nor_fix_s *f = *state;
	uint8_t id[3];

	assert_int_equal(spi(&f->mx, 0x9F, 0, 0, 0, NULL, id, 3), 0);
	assert_int_equal(id[0], 0xC2);
	assert_int_equal(id[1], 0x81);
	assert_int_equal(id[2], 0x3B);
	assert_int_equal(spi(&f->is, 0x9F, 0, 0, 0, NULL, id, 3), 0);
	assert_int_equal(id[0], 0x9D);
	assert_int_equal(id[1], 0x5B);
	assert_int_equal(id[2], 0x19);
}

static void test_sfdp(void **state)
{
	struct nor_fix_s *f = *state;
	uint8_t b[0x70];

	assert_int_equal(spi(&f->mx, 0x5A, 3, 0, 8, NULL, b, sizeof(b)), 0);
	assert_memory_equal(b, "SFDP", 4);
	assert_int_equal(b[5], 0x01);			/* major revision */
	assert_int_equal(b[11], 16);			/* BFPT length in DWORDs */
	assert_int_equal(b[12], 0x30);			/* BFPT pointer */
	assert_int_equal(sim_le_get(b + 0x34, 4), 0x3FFFFFFF);	/* 1 Gbit */
	assert_int_equal(sim_le_get(b + 0x4C, 4), 0xD810200C);	/* 4 KB 20h, 64 KB D8h */
	assert_int_equal((sim_le_get(b + 0x30, 4) >> 17) & 3, 1);	/* 3- or 4-byte addressing */
	assert_int_equal((sim_le_get(b + 0x58, 4) >> 4) & 0xF, 8);	/* 256-byte pages */
	assert_int_equal(spi(&f->is, 0x5A, 3, 0, 8, NULL, b, sizeof(b)), 0);
	assert_int_equal(sim_le_get(b + 0x34, 4), 0x0FFFFFFF);	/* 256 Mbit */
	assert_int_equal(sim_le_get(b + 0x4C, 4), 0xD811200C);	/* 4 KB 20h, 128 KB D8h */
}

static void test_wel_rules(void **state)
{
	struct nor_fix_s *f = *state;
	uint8_t d[4] = { 0x11, 0x22, 0x33, 0x44 };

	assert_int_equal(rdsr(&f->mx), 0x00);
	spi(&f->mx, 0x06, 0, 0, 0, NULL, NULL, 0);
	assert_int_equal(rdsr(&f->mx), 0x02);
	spi(&f->mx, 0x04, 0, 0, 0, NULL, NULL, 0);
	assert_int_equal(rdsr(&f->mx), 0x00);
	/* program and erase without WEL are ignored */
	assert_int_equal(spi(&f->mx, 0x02, 3, 0x100, 0, d, NULL, 4), -1);
	assert_int_equal(spi(&f->mx, 0x20, 3, 0x000, 0, NULL, NULL, 0), -1);
	assert_int_equal(f->mx.ignored_wel, 2);
	assert_int_equal(f->mx_mem[0x100], 0xFF);
	assert_int_equal(rdsr(&f->mx), 0x00);
	/* with WEL: programs, WEL held while WIP, cleared after */
	spi(&f->mx, 0x06, 0, 0, 0, NULL, NULL, 0);
	assert_int_equal(spi(&f->mx, 0x02, 3, 0x100, 0, d, NULL, 4), 0);
	assert_int_equal(rdsr(&f->mx), 0x03);
	sim_advance_ns(f->s, spi_nor_mx66uw1g45g.t_pp_ns);
	assert_int_equal(rdsr(&f->mx), 0x00);
	assert_memory_equal(f->mx_mem + 0x100, d, 4);
}

static void program(struct nor_fix_s *f, struct spi_nor_s *n, uint32_t addr, const uint8_t *d, size_t len)
{
	spi(n, 0x06, 0, 0, 0, NULL, NULL, 0);
	assert_int_equal(spi(n, 0x02, 3, addr, 0, d, NULL, len), 0);
	sim_advance_ns(f->s, n->part->t_pp_ns);
}

static void test_page_wrap_and(void **state)
{
	struct nor_fix_s *f = *state;
	uint8_t d[32], b;

	for (unsigned i = 0; i < sizeof(d); i++)
		d[i] = (uint8_t)(0xA0 + i);
	program(f, &f->mx, 0x1F0, d, 32);	/* 16 bytes to the page end, 16 wrap to its start */
	assert_memory_equal(f->mx_mem + 0x1F0, d, 16);
	assert_memory_equal(f->mx_mem + 0x100, d + 16, 16);
	assert_int_equal(f->mx_mem[0x200], 0xFF);	/* the next page is untouched */
	assert_int_equal(f->mx_mem[0x110], 0xFF);
	b = 0xF0;
	program(f, &f->mx, 0x3000, &b, 1);
	b = 0x3C;
	program(f, &f->mx, 0x3000, &b, 1);
	assert_int_equal(f->mx_mem[0x3000], 0x30);	/* program ANDs */
}

static void test_erase_sizes(void **state)
{
	struct nor_fix_s *f = *state;
	uint8_t z = 0x00;
	uint64_t busy0;
	struct sim_stats_s st;

	program(f, &f->mx, 0x0FFF, &z, 1);
	program(f, &f->mx, 0x1000, &z, 1);
	program(f, &f->mx, 0x1FFF, &z, 1);
	program(f, &f->mx, 0x2000, &z, 1);
	program(f, &f->mx, 0x1FFFF, &z, 1);
	program(f, &f->mx, 0x20000, &z, 1);
	sim_get_stats(f->s, &st);
	busy0 = st.flash_busy_ns;
	spi(&f->mx, 0x06, 0, 0, 0, NULL, NULL, 0);
	assert_int_equal(spi(&f->mx, 0x20, 3, 0x1234, 0, NULL, NULL, 0), 0);	/* 4 KB at 0x1000 */
	sim_get_stats(f->s, &st);
	assert_int_equal(st.flash_busy_ns - busy0, spi_nor_mx66uw1g45g.t_se_ns);
	sim_advance_ns(f->s, spi_nor_mx66uw1g45g.t_se_ns);
	assert_int_equal(f->mx_mem[0x0FFF], 0x00);
	assert_int_equal(f->mx_mem[0x1000], 0xFF);
	assert_int_equal(f->mx_mem[0x1FFF], 0xFF);
	assert_int_equal(f->mx_mem[0x2000], 0x00);
	spi(&f->mx, 0x06, 0, 0, 0, NULL, NULL, 0);
	assert_int_equal(spi(&f->mx, 0xD8, 3, 0x10000, 0, NULL, NULL, 0), 0);	/* 64 KB at 0x10000 */
	sim_advance_ns(f->s, spi_nor_mx66uw1g45g.t_be_ns);
	assert_int_equal(f->mx_mem[0x0FFF], 0x00);
	assert_int_equal(f->mx_mem[0x1FFFF], 0xFF);
	assert_int_equal(f->mx_mem[0x20000], 0x00);
	spi(&f->mx, 0x06, 0, 0, 0, NULL, NULL, 0);
	assert_int_equal(spi(&f->mx, 0x60, 0, 0, 0, NULL, NULL, 0), 0);	/* chip */
	assert_int_equal(rdsr(&f->mx), 0x03);
	sim_advance_ns(f->s, spi_nor_mx66uw1g45g.t_ce_ns);
	assert_int_equal(rdsr(&f->mx), 0x00);
	assert_int_equal(f->mx_mem[0x0FFF], 0xFF);
	assert_int_equal(f->mx_mem[0x20000], 0xFF);
}

static void test_busy(void **state)
{
	struct nor_fix_s *f = *state;
	uint8_t d = 0x5A, id[3], r;
	uint64_t t = spi_nor_is25wx256.t_se_ns;

	program(f, &f->is, 0x10, &d, 1);
	spi(&f->is, 0x06, 0, 0, 0, NULL, NULL, 0);
	assert_int_equal(spi(&f->is, 0x20, 3, 0, 0, NULL, NULL, 0), 0);
	/* while WIP: only status reads are taken */
	assert_int_equal(spi(&f->is, 0x06, 0, 0, 0, NULL, NULL, 0), -1);
	assert_int_equal(spi(&f->is, 0x9F, 0, 0, 0, NULL, id, 3), -1);
	assert_int_equal(id[0], 0xFF);
	assert_int_equal(spi(&f->is, 0x03, 3, 0x10, 0, NULL, &r, 1), -1);
	assert_int_equal(r, 0xFF);
	assert_int_equal(f->is.ignored_busy, 3);
	assert_int_equal(spi(&f->is, 0x70, 0, 0, 0, NULL, &r, 1), 0);
	assert_int_equal(r, 0x00);	/* flag status: not ready */
	sim_advance_ns(f->s, t - 1);
	assert_int_equal(rdsr(&f->is), 0x03);
	sim_advance_ns(f->s, 1);
	assert_int_equal(rdsr(&f->is), 0x00);
	assert_int_equal(spi(&f->is, 0x70, 0, 0, 0, NULL, &r, 1), 0);
	assert_int_equal(r, 0x80);
	assert_int_equal(f->is_mem[0x10], 0xFF);
}

static void test_4byte(void **state)
{
	struct nor_fix_s *f = *state;
	uint8_t d[2] = { 0x12, 0x34 }, r[2];

	/* 3-byte mode: a 4-byte address on 02h does not frame */
	spi(&f->mx, 0x06, 0, 0, 0, NULL, NULL, 0);
	assert_int_equal(spi(&f->mx, 0x02, 4, 0x01000000, 0, d, NULL, 2), -1);
	/* 4-byte opcode 12h always takes four */
	assert_int_equal(spi(&f->mx, 0x12, 4, 0x01000000, 0, d, NULL, 2), 0);
	sim_advance_ns(f->s, spi_nor_mx66uw1g45g.t_pp_ns);
	assert_int_equal(spi(&f->mx, 0x13, 4, 0x01000000, 0, NULL, r, 2), 0);
	assert_memory_equal(r, d, 2);
	assert_int_equal(spi(&f->mx, 0x0C, 4, 0x01000000, 8, NULL, r, 2), 0);
	assert_memory_equal(r, d, 2);
	/* B7h: 02h/03h take four address bytes; E9h: back to three */
	spi(&f->mx, 0xB7, 0, 0, 0, NULL, NULL, 0);
	assert_int_equal(spi(&f->mx, 0x03, 4, 0x01000001, 0, NULL, r, 1), 0);
	assert_int_equal(r[0], 0x34);
	assert_int_equal(spi(&f->mx, 0x03, 3, 0x000001, 0, NULL, r, 1), -1);
	spi(&f->mx, 0xE9, 0, 0, 0, NULL, NULL, 0);
	assert_int_equal(spi(&f->mx, 0x03, 3, 0x000001, 0, NULL, r, 1), 0);
	spi(&f->mx, 0x06, 0, 0, 0, NULL, NULL, 0);
	assert_int_equal(spi(&f->mx, 0x21, 4, 0x01000000, 0, NULL, NULL, 0), 0);
	sim_advance_ns(f->s, spi_nor_mx66uw1g45g.t_se_ns);
	assert_int_equal(f->mx_mem[0x01000000], 0xFF);
}

static void test_macronix_opi(void **state)
{
	struct nor_fix_s *f = *state;
	uint8_t v = 0x02, r[8], d[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, dc = 0x07;

	/* ST's BSP: WREN, WRCR2 address 0 = DOPI */
	spi(&f->mx, 0x06, 0, 0, 0, NULL, NULL, 0);
	assert_int_equal(spi(&f->mx, 0x72, 4, 0, 0, &v, NULL, 1), 0);
	assert_int_equal(f->mx.proto, SPI_NOR_PROTO_8D);
	assert_int_equal(spi(&f->mx, 0x05, 0, 0, 0, NULL, r, 1), -1);	/* 1-line opcode: not understood */
	assert_int_equal(opi(&f->mx, 0x06F8, 0, 0, 0, true, NULL, NULL, 0), -1);	/* bad complement */
	assert_int_equal(opi(&f->mx, 0x06F9, 0, 0, 0, false, NULL, NULL, 0), -1);	/* STR in DTR mode */
	assert_int_equal(opi(&f->mx, 0x06F9, 0, 0, 0, true, NULL, NULL, 0), 0);
	assert_int_equal(opi(&f->mx, 0x05FA, 4, 0, 5, true, NULL, r, 2), 0);
	assert_int_equal(r[0], 0x02);
	assert_int_equal(r[1], 0x02);
	assert_int_equal(opi(&f->mx, 0x12ED, 4, 0x4000, 0, true, d, NULL, 8), 0);
	assert_int_equal(opi(&f->mx, 0x05FA, 4, 0, 5, true, NULL, r, 1), 0);
	assert_int_equal(r[0], 0x03);
	sim_advance_ns(f->s, spi_nor_mx66uw1g45g.t_pp_ns);
	assert_int_equal(opi(&f->mx, 0xEE11, 4, 0x4000, 20, true, NULL, r, 8), 0);	/* CR2 DC default 20 */
	assert_memory_equal(r, d, 8);
	assert_int_equal(opi(&f->mx, 0xEE11, 4, 0x4000, 18, true, NULL, r, 8), 0);	/* two cycles short */
	assert_int_equal(r[0], 0xFF);
	assert_int_equal(r[3], 0xFF);
	assert_memory_equal(r + 4, d, 4);
	assert_int_equal(opi(&f->mx, 0xEE11, 4, 0x4000, 20, true, NULL, r, 8) == 0 &&
			 opi(&f->mx, 0xEE11, 3, 0x4000, 20, true, NULL, r, 8) == -1, 1);	/* 4-byte only */
	/* CR2 0x300 DC = 111: 6 dummy cycles (the BSP's DUMMY_CYCLES_READ_OCTAL) */
	opi(&f->mx, 0x06F9, 0, 0, 0, true, NULL, NULL, 0);
	assert_int_equal(opi(&f->mx, 0x728D, 4, 0x300, 0, true, &dc, NULL, 1), 0);
	assert_int_equal(opi(&f->mx, 0xEE11, 4, 0x4000, 6, true, NULL, r, 8), 0);
	assert_memory_equal(r, d, 8);
	/* JEDEC ID in OPI: 9F60 with a 4-byte address */
	assert_int_equal(opi(&f->mx, 0x9F60, 4, 0, 4, true, NULL, r, 3), 0);
	assert_int_equal(r[0], 0xC2);
	/* software reset: back to SPI */
	opi(&f->mx, 0x6699, 0, 0, 0, true, NULL, NULL, 0);
	opi(&f->mx, 0x9966, 0, 0, 0, true, NULL, NULL, 0);
	assert_int_equal(f->mx.proto, SPI_NOR_PROTO_1S);
	assert_int_equal(rdsr(&f->mx), 0x00);
}

/*
 * OpenOCD's `stmqspi cmd` sends an address as the first data bytes (same lines, same rate:
 * the same bits on the wire): WRCR2 72h 00 00 03 00 07 in SPI, then WRCR2 728Dh 00 00 00 00
 * 02 ... in DTR OPI, and an erase with its address as data; a cut-short address does nothing.
 */
static void test_address_in_data_phase(void **state)
{
	struct nor_fix_s *f = *state;
	const uint8_t dc[5] = { 0x00, 0x00, 0x03, 0x00, 0x07 }, dopi[5] = { 0, 0, 0, 0, 0x02 };
	const uint8_t se[4] = { 0x00, 0x00, 0x20, 0x00 }, half[2] = { 0x00, 0x00 };
	uint8_t d = 0x5A;

	spi(&f->mx, 0x06, 0, 0, 0, NULL, NULL, 0);
	assert_int_equal(spi(&f->mx, 0x72, 0, 0, 0, dc, NULL, sizeof(dc)), 0);
	assert_int_equal(f->mx.cr2_dc, 0x07);
	spi(&f->mx, 0x06, 0, 0, 0, NULL, NULL, 0);
	assert_int_equal(spi(&f->mx, 0x72, 0, 0, 0, dopi, NULL, 2), 0);	/* address cut short */
	assert_int_equal(f->mx.proto, SPI_NOR_PROTO_1S);
	assert_int_equal(spi(&f->mx, 0x72, 0, 0, 0, dopi, NULL, sizeof(dopi)), 0);
	assert_int_equal(f->mx.proto, SPI_NOR_PROTO_8D);
	/* in DTR OPI: program a byte, then a 4 KB erase whose address comes as data */
	opi(&f->mx, 0x06F9, 0, 0, 0, true, NULL, NULL, 0);
	assert_int_equal(opi(&f->mx, 0x12ED, 4, 0x2010, 0, true, &d, NULL, 1), 0);
	sim_advance_ns(f->s, spi_nor_mx66uw1g45g.t_pp_ns);
	assert_int_equal(f->mx_mem[0x2010], 0x5A);
	opi(&f->mx, 0x06F9, 0, 0, 0, true, NULL, NULL, 0);
	assert_int_equal(opi(&f->mx, 0x21DE, 0, 0, 0, true, half, NULL, 0), 0);	/* no data: nothing */
	sim_advance_ns(f->s, spi_nor_mx66uw1g45g.t_se_ns);
	assert_int_equal(f->mx_mem[0x2010], 0x5A);
	assert_int_equal(opi(&f->mx, 0x21DE, 0, 0, 0, true, se, NULL, sizeof(se)), 0);
	assert_true(spi_nor_busy(&f->mx));
	assert_int_equal(f->mx_mem[0x2010], 0xFF);
	/* STR data in DTR mode is not the address phase: not taken */
	sim_advance_ns(f->s, spi_nor_mx66uw1g45g.t_se_ns);
	opi(&f->mx, 0x06F9, 0, 0, 0, true, NULL, NULL, 0);
	f->mx_mem[0x3000] = 0x00;
	struct spi_nor_xfer_s x = { .opcode = 0x21DE, .opcode_len = 2, .inst_lines = 8, .inst_dtr = true,
				    .data_lines = 8, .data_dtr = false };
	assert_int_equal(spi_nor_begin(&f->mx, &x), -1);
	spi_nor_write(&f->mx, (const uint8_t[]){ 0, 0, 0x30, 0 }, 4);
	spi_nor_end(&f->mx);
	assert_int_equal(f->mx_mem[0x3000], 0x00);
}

/* Alif's issi_flash.c: 9Eh with data sampled on 8 lines, then WRVCR E7h by raw SPI bytes. */
static void test_xccela_octal(void **state)
{
	struct nor_fix_s *f = *state;
	struct spi_nor_xfer_s x = { .opcode = 0x9E, .opcode_len = 1, .inst_lines = 1, .addr_lines = 1,
				    .data_lines = 8 };
	uint8_t b[8], id = 0, d[4] = { 0xDE, 0xAD, 0xBE, 0xEF };
	const uint8_t vcr[5] = { 0x81, 0x00, 0x00, 0x00, 0xE7 };

	assert_int_equal(spi_nor_begin(&f->is, &x), 0);
	spi_nor_read(&f->is, b, 8);
	spi_nor_end(&f->is);
	for (int i = 0; i < 8; i++)
		id = (uint8_t)(id << 1 | ((b[i] >> 1) & 1));
	assert_int_equal(id, 0x9D);
	assert_int_equal(b[0] & ~0x02, 0);
	spi(&f->is, 0x06, 0, 0, 0, NULL, NULL, 0);
	spi_nor_raw_begin(&f->is);
	for (int i = 0; i < 5; i++)
		spi_nor_raw_xfer(&f->is, vcr[i]);
	spi_nor_raw_end(&f->is);
	assert_int_equal(f->is.proto, SPI_NOR_PROTO_8D);
	assert_int_equal(f->is.vcr[0], 0xE7);
	/* octal DDR: one-byte opcodes on 8 lines, 4-byte addresses */
	struct spi_nor_xfer_s w = { .opcode = 0x06, .opcode_len = 1, .inst_lines = 8, .addr_lines = 8,
				    .addr_dtr = true, .data_lines = 8, .data_dtr = true };
	assert_int_equal(spi_nor_begin(&f->is, &w), 0);
	spi_nor_end(&f->is);
	w.opcode = 0x84, w.addr_len = 4, w.addr = 0x8000;
	assert_int_equal(spi_nor_begin(&f->is, &w), 0);
	spi_nor_write(&f->is, d, 4);
	spi_nor_end(&f->is);
	assert_int_equal(spi_nor_status(&f->is), 0x03);
	sim_advance_ns(f->s, spi_nor_is25wx256.t_pp_ns);
	w.opcode = 0x7C, w.dummy_cycles = 16;
	assert_int_equal(spi_nor_begin(&f->is, &w), 0);
	spi_nor_read(&f->is, b, 4);
	spi_nor_end(&f->is);
	assert_memory_equal(b, d, 4);
	/* a 1-line opcode is no longer understood; raw SPI bytes neither */
	assert_int_equal(spi(&f->is, 0x05, 0, 0, 0, NULL, b, 1), -1);
	spi_nor_raw_begin(&f->is);
	assert_int_equal(spi_nor_raw_xfer(&f->is, 0x9F), 0xFF);
	spi_nor_raw_end(&f->is);
}

static void test_raw_stream(void **state)
{
	struct nor_fix_s *f = *state;
	uint8_t out[3];

	spi_nor_raw_begin(&f->mx);
	spi_nor_raw_xfer(&f->mx, 0x9F);
	for (int i = 0; i < 3; i++)
		out[i] = spi_nor_raw_xfer(&f->mx, 0xFF);
	spi_nor_raw_end(&f->mx);
	assert_int_equal(out[0], 0xC2);
	assert_int_equal(out[1], 0x81);
	assert_int_equal(out[2], 0x3B);
}

/* Fault options (flash_faults.h with the "nor_" prefix): what each one takes and refuses. */
static void test_fault_options(void **state)
{
	struct nor_fix_s *f = *state;
	char err[160] = "";

	assert_int_equal(spi_nor_set_option(&f->is, "fault_power_loss", "erase:1", err, sizeof(err)), 0);
	assert_int_equal(spi_nor_set_option(&f->is, "nor_fault_error", "PGSERR:erase:1", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "nor_fault_error: this flash has no error flags"));
	assert_int_equal(spi_nor_set_option(&f->is, "nor_fault_power_loss", "sometimes", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "nor_fault_power_loss=sometimes: expected erase|program:N"));
	assert_int_equal(spi_nor_set_option(&f->is, "nor_fault_flip", "0x10:0", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "0x00000010 is not in the flash (0xc0000000-0xc1ffffff)"));
	/* a stuck-at-0 bit shows at once and survives an erase */
	assert_int_equal(spi_nor_set_option(&f->is, "nor_fault_stuck", "0xC0000010:3:0", err, sizeof(err)), 1);
	assert_int_equal(f->is_mem[0x10], 0xF7);
	spi(&f->is, 0x06, 0, 0, 0, NULL, NULL, 0);
	spi(&f->is, 0x20, 3, 0x0, 0, NULL, NULL, 0);
	assert_int_equal(f->is_mem[0x10], 0xF7);
	sim_advance_ns(f->s, spi_nor_is25wx256.t_se_ns);
	/* a weak bit flips in each program operation that writes its byte, and only then */
	assert_int_equal(spi_nor_set_option(&f->is, "nor_fault_flip", "0xC0000021:0", err, sizeof(err)), 1);
	spi(&f->is, 0x06, 0, 0, 0, NULL, NULL, 0);
	spi(&f->is, 0x02, 3, 0x20, 0, (const uint8_t[]){ 0x00, 0x00 }, NULL, 2);
	assert_int_equal(f->is_mem[0x20], 0x00);
	assert_int_equal(f->is_mem[0x21], 0x01);
	sim_advance_ns(f->s, spi_nor_is25wx256.t_pp_ns);
	spi(&f->is, 0x06, 0, 0, 0, NULL, NULL, 0);
	spi(&f->is, 0x02, 3, 0x22, 0, (const uint8_t[]){ 0x00 }, NULL, 1);
	assert_int_equal(f->is_mem[0x21], 0x01);
}

/* Power lost in the middle of the 2nd page program: the first half of its bytes programmed,
 * a power cycle asked for; power-on leaves the part idle in SPI mode. */
static void test_power_loss_program(void **state)
{
	struct nor_fix_s *f = *state;
	uint8_t d[8] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 }, one = 0x00;
	const uint8_t d2[8] = { 0x10, 0x20, 0x30, 0x40, 0x00, 0x00, 0x00, 0x00 };
	char err[160];

	assert_int_equal(spi_nor_set_option(&f->is, "nor_fault_power_loss", "program:2", err, sizeof(err)), 1);
	spi(&f->is, 0x06, 0, 0, 0, NULL, NULL, 0);
	spi(&f->is, 0x02, 3, 0x1000, 0, d, NULL, sizeof(d));
	assert_memory_equal(f->is_mem + 0x1000, d, 8);
	assert_false(f->s->power_cycle_pending);
	sim_advance_ns(f->s, spi_nor_is25wx256.t_pp_ns);
	spi(&f->is, 0x06, 0, 0, 0, NULL, NULL, 0);
	spi(&f->is, 0x02, 3, 0x10FC, 0, d2, NULL, sizeof(d2));	/* wraps to 0x1000 after 4 bytes */
	assert_true(f->s->power_cycle_pending);
	assert_memory_equal(f->is_mem + 0x10FC, d2, 4);
	assert_memory_equal(f->is_mem + 0x1000, d, 4);	/* the wrapped half (zeros) never came */
	spi_nor_power_on(&f->is);
	assert_false(spi_nor_busy(&f->is));
	assert_int_equal(rdsr(&f->is), 0x00);
	assert_int_equal(f->is.proto, SPI_NOR_PROTO_1S);
	/* only the Nth is cut: the next program is whole */
	spi(&f->is, 0x06, 0, 0, 0, NULL, NULL, 0);
	spi(&f->is, 0x02, 3, 0x1100, 0, &one, NULL, 1);
	assert_int_equal(f->is_mem[0x1100], 0x00);
}

/* Power lost in the middle of a sector erase: its lower half erased, the upper half as it was. */
static void test_power_loss_erase(void **state)
{
	struct nor_fix_s *f = *state;
	char err[160];

	memset(f->is_mem + 0x2000, 0x00, 0x1000);
	assert_int_equal(spi_nor_set_option(&f->is, "nor_fault_power_loss", "erase:1", err, sizeof(err)), 1);
	spi(&f->is, 0x06, 0, 0, 0, NULL, NULL, 0);
	spi(&f->is, 0x20, 3, 0x2345, 0, NULL, NULL, 0);
	assert_true(f->s->power_cycle_pending);
	for (uint32_t i = 0; i < 0x1000; i++)
		if (f->is_mem[0x2000 + i] != (i < 0x800 ? 0xFF : 0x00))
			fail_msg("byte 0x%x after the cut erase: 0x%02x", 0x2000 + i, f->is_mem[0x2000 + i]);
	assert_int_equal(f->is_mem[0x3000], 0xFF);	/* the next sector untouched */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rdid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sfdp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wel_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_wrap_and, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erase_sizes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_4byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_macronix_opi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_address_in_data_phase, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xccela_octal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raw_stream, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_power_loss_program, setup, teardown),
		cmocka_unit_test_setup_teardown(test_power_loss_erase, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
