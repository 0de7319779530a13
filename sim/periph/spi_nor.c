// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Serial NOR flash (see spi_nor.h). Sources:
 * - Macronix MX66UW1G45G datasheet (MX25LM51245G: same command set, half the size): command set (SPI and OPI tables), CR2 (address 0:
 *   SOPI bit 0 / DOPI bit 1; address 0x300: dummy cycles DC[2:0], 000 = 20 .. 111 = 6),
 *   OPI commands as two bytes (opcode, inverted opcode), 4-byte addresses in OPI, and
 *   register reads in OPI with a 4-byte address; ST's BSP driver mx66uw1g45g.c (what ST's
 *   code sends: WRCR2 72h/728Dh, RDSR 05h/05FAh with address 0 and 4/5 dummy cycles).
 * - ISSI IS25WX256 (Xccela, like Micron MT35X): volatile configuration register written
 *   with 81h and a 3-byte address (0: I/O mode, FFh extended SPI, E7h/C7h octal DDR with
 *   or without DQS; 1: dummy cycles; 7: wrap), one-byte opcodes in octal DDR, flag
 *   status register 70h (bit 7 ready); as Alif's issi_flash.c and IS25WX256.c use them.
 * - JESD216B (SFDP header, basic flash parameter table).
 * Typical times: see the part rows below; all marked ? were not checked against the
 * datasheets' AC tables here.
 *
 * Behaviour modeled as on silicon: WIP set for the typical time after CS# rises on a
 * program or erase; every command except status reads ignored while WIP is set; program,
 * erase and register writes ignored unless WEL is set, WEL cleared when they end; page
 * program wraps within its 256-byte page; program ANDs into the array (erased = FFh).
 * A command whose framing (lines, opcode form, address length) does not match the
 * device's protocol is not recognised; a read with the wrong number of dummy cycles
 * returns data shifted by the difference.
 */
#include <string.h>

#include "../sim_internal.h"
#include "spi_nor.h"

#define NOR_SR_WIP 0x01u
#define NOR_SR_WEL 0x02u
#define NOR_FSR_READY 0x80u	/* Xccela flag status register bit 7 */
#define NOR_PAGE 256u
#define NOR_SECTOR 4096u

/* Macronix MX66UW1G45G: JEDEC ID C2 81 3B ?; tPP 0.15 ms ?, tSE 25 ms ?, tBE64 220 ms ?,
 * tCE 300 s ? (datasheet AC characteristics, "typ" column) */
const struct spi_nor_part_s spi_nor_mx66uw1g45g = {
	.name = "MX66UW1G45G", .jedec_id = { 0xC2, 0x81, 0x3B }, .size = 128u << 20,
	.block_size = 64u << 10, .octal = SPI_NOR_OCTAL_MACRONIX,
	.t_pp_ns = 150000, .t_se_ns = 25000000, .t_be_ns = 220000000, .t_ce_ns = 300000000000ull,
};

/* Macronix MX25LM51245G (STM32L562E-DK, STM32H735G-DK): 64 MB, the MX66UW1G45G's command set
 * (same CR2 SOPI/DOPI and dummy-cycle layout, opcode + inverted opcode in OPI). JEDEC ID
 * C2 85 3A (OpenOCD's spi.c table, ST's loaders check 0x3A85C2); 4 KB sectors and 64 KB
 * blocks (ST's mx25lm51245g.h); typical tPP 0.15 ms ?, tSE 25 ms ?, tBE64 220 ms ?, tCE
 * 150 s ? (maxima in mx25lm51245g.h: 4 KB erase 400 ms, 64 KB 1 s, chip 460 s). */
const struct spi_nor_part_s spi_nor_mx25lm51245g = {
	.name = "MX25LM51245G", .jedec_id = { 0xC2, 0x85, 0x3A }, .size = 64u << 20,
	.block_size = 64u << 10, .octal = SPI_NOR_OCTAL_MACRONIX,
	.t_pp_ns = 150000, .t_se_ns = 25000000, .t_be_ns = 220000000, .t_ce_ns = 150000000000ull,
};

/* ISSI IS25WX256: JEDEC ID 9D 5B 19 ? (Alif's driver checks only 9Dh); 128 KB blocks ?;
 * tPP 0.2 ms ?, tSE 4 KB 35 ms ?, tBE 128 KB 300 ms ?, tCE 75 s ? */
const struct spi_nor_part_s spi_nor_is25wx256 = {
	.name = "IS25WX256", .jedec_id = { 0x9D, 0x5B, 0x19 }, .size = 32u << 20,
	.block_size = 128u << 10, .octal = SPI_NOR_OCTAL_XCCELA,
	.t_pp_ns = 200000, .t_se_ns = 35000000, .t_be_ns = 300000000, .t_ce_ns = 75000000000ull,
};

enum nor_dummy_e {
	DUMMY_NONE,	/* no dummy cycles */
	DUMMY_FAST,	/* 8 cycles in SPI mode, the configured count in octal mode */
	DUMMY_CFG,	/* the configured count (Macronix CR2 DC, Xccela VCR[1]) */
	DUMMY_ANY,	/* register reads: the value repeats or the count is not checked ? */
};

#define CMD_ADDR	0x01u	/* has an address (3 or 4 bytes by mode) */
#define CMD_ADDR4	0x02u	/* 4-byte address opcode */
#define CMD_OPI_ADDR	0x04u	/* Macronix OPI: takes a 4-byte address though SPI takes none */
#define CMD_BUSY_OK	0x08u	/* accepted while WIP is set */
#define CMD_NEED_WEL	0x10u
#define CMD_SPI		0x20u	/* exists in SPI mode */
#define CMD_OCT		0x40u	/* exists in octal mode */
#define CMD_MX		0x80u	/* Macronix only */
#define CMD_XC		0x100u	/* Xccela only */
#define CMD_X8		0x200u	/* SPI mode: data phase on 8 lines (1-1-8, 1-8-8) */
#define CMD_A8		0x400u	/* SPI mode: address on 8 lines (1-8-8) */

struct spi_nor_cmd_s {
	uint8_t op;
	uint16_t flags;
	enum nor_dummy_e dummy;
	uint8_t (*out)(struct spi_nor_s *n, uint32_t idx);
	void (*in)(struct spi_nor_s *n, uint32_t idx, uint8_t b);
	void (*end)(struct spi_nor_s *n);
};

static uint64_t now_ns(const struct spi_nor_s *n)
{
	return sim_now_ns(n->s);
}

bool spi_nor_busy(const struct spi_nor_s *n)
{
	return now_ns(n) < n->busy_until_ns;
}

static void nor_settle(struct spi_nor_s *n)
{
	if (n->wel_clear_pending && !spi_nor_busy(n)) {
		n->sr &= (uint8_t)~NOR_SR_WEL;
		n->wel_clear_pending = false;
	}
}

uint8_t spi_nor_status(const struct spi_nor_s *n)
{
	bool busy = spi_nor_busy(n);
	uint8_t sr = n->sr & (uint8_t)~NOR_SR_WIP;

	if (!busy && n->wel_clear_pending)
		sr &= (uint8_t)~NOR_SR_WEL;
	return busy ? (uint8_t)(sr | NOR_SR_WIP) : sr;
}

/* Start an operation that holds WIP for t ns; WEL clears when it ends. */
static void nor_start_op(struct spi_nor_s *n, uint64_t t)
{
	n->busy_until_ns = sim_flash_busy(n->s, t);
	n->wel_clear_pending = true;
}

/* ---- command handlers ---- */

static uint8_t out_sr(struct spi_nor_s *n, uint32_t idx)
{
	return spi_nor_status(n);
}

static uint8_t out_fsr(struct spi_nor_s *n, uint32_t idx)
{
	return spi_nor_busy(n) ? 0x00 : NOR_FSR_READY;
}

static uint8_t out_id(struct spi_nor_s *n, uint32_t idx)
{
	return idx < 3 ? n->part->jedec_id[idx] : 0x00;	/* after the ID: 00h ? */
}

static uint8_t out_sfdp(struct spi_nor_s *n, uint32_t idx)
{
	uint32_t a = n->x.addr + idx;
	return a < sizeof(n->sfdp) ? n->sfdp[a] : 0xFF;
}

static uint8_t out_array(struct spi_nor_s *n, uint32_t idx)
{
	return n->mem[(n->x.addr + idx) & (n->part->size - 1)];
}

static uint8_t out_cr2(struct spi_nor_s *n, uint32_t idx)
{
	if (n->x.addr == 0)
		return n->cr2_mode;
	return n->x.addr == 0x300 ? n->cr2_dc : 0x00;
}

static uint8_t out_vcr(struct spi_nor_s *n, uint32_t idx)
{
	return n->vcr[(n->x.addr + idx) & 7];
}

static void in_page(struct spi_nor_s *n, uint32_t idx, uint8_t b)
{
	uint32_t off = (n->x.addr + idx) % NOR_PAGE;	/* wraps within the page */

	n->page[off] = b;
	if (n->page_fill < NOR_PAGE)
		n->page_fill++;
}

static void in_reg(struct spi_nor_s *n, uint32_t idx, uint8_t b)
{
	if (idx == 0)
		n->page[0] = b;
	n->page_fill = idx + 1;
}

static void end_wren(struct spi_nor_s *n)
{
	n->sr |= NOR_SR_WEL;
}

static void end_wrdi(struct spi_nor_s *n)
{
	n->sr &= (uint8_t)~NOR_SR_WEL;
}

static void end_en4b(struct spi_nor_s *n)
{
	n->addr4 = true;
}

static void end_ex4b(struct spi_nor_s *n)
{
	n->addr4 = false;
}

static void end_rsten(struct spi_nor_s *n)
{
	n->reset_enabled = true;
}

static void end_rst(struct spi_nor_s *n)
{
	if (n->reset_enabled)
		spi_nor_reset(n);
}

/*
 * A page program: the bytes given, ANDed into the array where they fall in the page. A
 * power loss in the middle (fault injection) leaves the first half of them programmed (one
 * byte: its low nibble), as flash_faults.h describes.
 */
static void end_pp(struct spi_nor_s *n)
{
	uint32_t base = n->x.addr & (n->part->size - 1) & ~(NOR_PAGE - 1);
	uint32_t start = n->x.addr % NOR_PAGE;
	uint32_t flag, count = n->page_fill;
	bool cut = false;

	if (!count)
		return;
	switch (flash_faults_begin(n->s, &n->faults, FLASH_OP_PROGRAM, &flag)) {
	case FLASH_FAULT_POWER_LOSS:
		cut = true;
		count = count > 1 ? count / 2 : 1;
		break;
	default:	/* FLASH_FAULT_ERROR: not taken for a NOR (spi_nor_set_option) */
		break;
	}
	for (uint32_t i = 0; i < count; i++) {
		uint32_t off = (start + i) % NOR_PAGE;
		uint8_t *cell = n->mem + base + off;

		*cell &= cut && n->page_fill == 1 ? (uint8_t)(n->page[off] | 0xF0u) : n->page[off];
		if (!cut)
			flash_faults_apply(&n->faults, FLASH_OP_PROGRAM, cell, base + off, 1);
	}
	if (cut)
		flash_faults_power_loss(n->s, n->part->t_pp_ns);
	else
		nor_start_op(n, n->part->t_pp_ns);
}

/* Erase [base, base + size) in t ns, or half of it when the power goes (flash_faults.h). */
static void nor_erase_range(struct spi_nor_s *n, uint32_t base, uint32_t size, uint64_t t)
{
	uint32_t flag;

	if (flash_faults_begin(n->s, &n->faults, FLASH_OP_ERASE, &flag) == FLASH_FAULT_POWER_LOSS) {
		flash_faults_half_erase(n->mem + base, size);
		flash_faults_apply(&n->faults, FLASH_OP_ERASE, n->mem + base, base, size / 2);
		flash_faults_power_loss(n->s, t);
		return;
	}
	memset(n->mem + base, 0xFF, size);
	flash_faults_apply(&n->faults, FLASH_OP_ERASE, n->mem + base, base, size);
	nor_start_op(n, t);
}

static void nor_erase(struct spi_nor_s *n, uint32_t size, uint64_t t)
{
	nor_erase_range(n, n->x.addr & (n->part->size - 1) & ~(size - 1), size, t);
}

static void end_se(struct spi_nor_s *n)
{
	nor_erase(n, NOR_SECTOR, n->part->t_se_ns);
}

static void end_be(struct spi_nor_s *n)
{
	nor_erase(n, n->part->block_size, n->part->t_be_ns);
}

static void end_ce(struct spi_nor_s *n)
{
	nor_erase_range(n, 0, n->part->size, n->part->t_ce_ns);
}

static void end_wrsr(struct spi_nor_s *n)
{
	if (!n->page_fill)
		return;
	/* BP/TB bits are kept but block protection is not enforced (gap) */
	n->sr = (uint8_t)((n->sr & 0x03) | (n->page[0] & 0xFC));
	nor_start_op(n, 0);
}

/* Macronix WRCR2: address 0 switches SPI/STR OPI/DTR OPI, 0x300 sets the dummy cycles. */
static void end_wrcr2(struct spi_nor_s *n)
{
	uint8_t v = n->page[0];

	if (!n->page_fill)
		return;
	if (n->x.addr == 0) {
		n->cr2_mode = v & 0x03;
		n->proto = (v & 0x02) ? SPI_NOR_PROTO_8D : (v & 0x01) ? SPI_NOR_PROTO_8S : SPI_NOR_PROTO_1S;
	} else if (n->x.addr == 0x300) {
		n->cr2_dc = v & 0x07;
	}
	nor_start_op(n, 0);
}

/* Xccela WRVCR: address 0 is the I/O mode (E7h/C7h octal DDR, B7h/97h octal STR ?). */
static void end_wrvcr(struct spi_nor_s *n)
{
	uint8_t v = n->page[0];
	uint32_t a = n->x.addr & 0xFF;

	if (!n->page_fill || a > 7)
		return;
	n->vcr[a] = v;
	if (a == 0) {
		if (v == 0xE7 || v == 0xC7)
			n->proto = SPI_NOR_PROTO_8D;
		else if (v == 0xB7 || v == 0x97)
			n->proto = SPI_NOR_PROTO_8S;
		else
			n->proto = SPI_NOR_PROTO_1S;
	}
	nor_start_op(n, 0);
}

#define SPI_OCT (CMD_SPI | CMD_OCT)
#define RD_ARRAY(op, fl, dm) { op, (fl), dm, out_array, NULL, NULL }

/* Commands by first opcode byte (JEDEC-common opcodes; Macronix OPI uses the same first byte). */
static const struct spi_nor_cmd_s nor_cmds[] = {
	{ 0x06, SPI_OCT, DUMMY_NONE, NULL, NULL, end_wren },
	{ 0x04, SPI_OCT, DUMMY_NONE, NULL, NULL, end_wrdi },
	{ 0x05, SPI_OCT | CMD_OPI_ADDR | CMD_BUSY_OK, DUMMY_ANY, out_sr, NULL, NULL },
	{ 0x70, SPI_OCT | CMD_XC | CMD_BUSY_OK, DUMMY_ANY, out_fsr, NULL, NULL },
	{ 0x9F, SPI_OCT | CMD_OPI_ADDR, DUMMY_ANY, out_id, NULL, NULL },
	{ 0x9E, SPI_OCT | CMD_XC, DUMMY_ANY, out_id, NULL, NULL },
	{ 0x5A, SPI_OCT | CMD_ADDR, DUMMY_FAST, out_sfdp, NULL, NULL },
	RD_ARRAY(0x03, CMD_SPI | CMD_ADDR, DUMMY_NONE),
	RD_ARRAY(0x13, CMD_SPI | CMD_ADDR | CMD_ADDR4, DUMMY_NONE),
	RD_ARRAY(0x0B, SPI_OCT | CMD_ADDR | CMD_XC, DUMMY_FAST),
	RD_ARRAY(0x0B, CMD_SPI | CMD_ADDR | CMD_MX, DUMMY_FAST),
	RD_ARRAY(0x0C, SPI_OCT | CMD_ADDR | CMD_ADDR4, DUMMY_FAST),
	RD_ARRAY(0x8B, SPI_OCT | CMD_ADDR | CMD_XC | CMD_X8, DUMMY_FAST),
	RD_ARRAY(0x7C, SPI_OCT | CMD_ADDR | CMD_ADDR4 | CMD_XC | CMD_X8, DUMMY_FAST),
	RD_ARRAY(0xCB, SPI_OCT | CMD_ADDR | CMD_XC | CMD_X8 | CMD_A8, DUMMY_CFG),
	RD_ARRAY(0xCC, SPI_OCT | CMD_ADDR | CMD_ADDR4 | CMD_XC | CMD_X8 | CMD_A8, DUMMY_CFG),
	RD_ARRAY(0xFD, SPI_OCT | CMD_ADDR | CMD_ADDR4 | CMD_XC | CMD_X8 | CMD_A8, DUMMY_CFG),
	RD_ARRAY(0xEC, CMD_OCT | CMD_ADDR | CMD_ADDR4 | CMD_MX, DUMMY_CFG),	/* 8READ EC13h */
	RD_ARRAY(0xEE, CMD_OCT | CMD_ADDR | CMD_ADDR4 | CMD_MX, DUMMY_CFG),	/* 8DTRD EE11h */
	{ 0x02, SPI_OCT | CMD_ADDR | CMD_NEED_WEL, DUMMY_NONE, NULL, in_page, end_pp },
	{ 0x12, SPI_OCT | CMD_ADDR | CMD_ADDR4 | CMD_NEED_WEL, DUMMY_NONE, NULL, in_page, end_pp },
	{ 0x82, SPI_OCT | CMD_ADDR | CMD_XC | CMD_X8 | CMD_NEED_WEL, DUMMY_NONE, NULL, in_page, end_pp },
	{ 0x84, SPI_OCT | CMD_ADDR | CMD_ADDR4 | CMD_XC | CMD_X8 | CMD_NEED_WEL, DUMMY_NONE, NULL, in_page, end_pp },
	{ 0xC2, SPI_OCT | CMD_ADDR | CMD_XC | CMD_X8 | CMD_A8 | CMD_NEED_WEL, DUMMY_NONE, NULL, in_page, end_pp },
	{ 0x8E, SPI_OCT | CMD_ADDR | CMD_ADDR4 | CMD_XC | CMD_X8 | CMD_A8 | CMD_NEED_WEL, DUMMY_NONE, NULL,
	  in_page, end_pp },
	{ 0x20, SPI_OCT | CMD_ADDR | CMD_NEED_WEL, DUMMY_NONE, NULL, NULL, end_se },
	{ 0x21, SPI_OCT | CMD_ADDR | CMD_ADDR4 | CMD_NEED_WEL, DUMMY_NONE, NULL, NULL, end_se },
	{ 0xD8, SPI_OCT | CMD_ADDR | CMD_NEED_WEL, DUMMY_NONE, NULL, NULL, end_be },
	{ 0xDC, SPI_OCT | CMD_ADDR | CMD_ADDR4 | CMD_NEED_WEL, DUMMY_NONE, NULL, NULL, end_be },
	{ 0x60, SPI_OCT | CMD_NEED_WEL, DUMMY_NONE, NULL, NULL, end_ce },
	{ 0xC7, SPI_OCT | CMD_NEED_WEL, DUMMY_NONE, NULL, NULL, end_ce },
	{ 0x01, SPI_OCT | CMD_NEED_WEL, DUMMY_NONE, NULL, in_reg, end_wrsr },
	{ 0xB7, CMD_SPI, DUMMY_NONE, NULL, NULL, end_en4b },
	{ 0xE9, CMD_SPI, DUMMY_NONE, NULL, NULL, end_ex4b },
	{ 0x66, SPI_OCT, DUMMY_NONE, NULL, NULL, end_rsten },
	{ 0x99, SPI_OCT, DUMMY_NONE, NULL, NULL, end_rst },
	{ 0x72, SPI_OCT | CMD_MX | CMD_ADDR | CMD_ADDR4 | CMD_NEED_WEL, DUMMY_NONE, NULL, in_reg, end_wrcr2 },
	{ 0x71, SPI_OCT | CMD_MX | CMD_ADDR | CMD_ADDR4, DUMMY_ANY, out_cr2, NULL, NULL },
	{ 0x81, SPI_OCT | CMD_XC | CMD_ADDR | CMD_NEED_WEL, DUMMY_NONE, NULL, in_reg, end_wrvcr },
	{ 0x85, SPI_OCT | CMD_XC | CMD_ADDR, DUMMY_ANY, out_vcr, NULL, NULL },
};

static bool octal(const struct spi_nor_s *n)
{
	return n->proto != SPI_NOR_PROTO_1S;
}

static const struct spi_nor_cmd_s *cmd_lookup(const struct spi_nor_s *n, uint8_t op)
{
	uint16_t vendor = n->part->octal == SPI_NOR_OCTAL_MACRONIX ? CMD_XC : CMD_MX;
	uint16_t mode = octal(n) ? CMD_OCT : CMD_SPI;

	for (size_t i = 0; i < sizeof(nor_cmds) / sizeof(nor_cmds[0]); i++) {
		const struct spi_nor_cmd_s *c = &nor_cmds[i];
		if (c->op == op && (c->flags & mode) && !(c->flags & vendor))
			return c;
	}
	return NULL;
}

/* The opcode the framing carries in the current protocol, or -1 if it does not fit. */
static int decode_opcode(const struct spi_nor_s *n, const struct spi_nor_xfer_s *x)
{
	if (!octal(n))
		return x->inst_lines == 1 && x->opcode_len == 1 && !x->inst_dtr ? x->opcode & 0xFF : -1;
	if (x->inst_lines != 8)
		return -1;
	if (n->part->octal == SPI_NOR_OCTAL_MACRONIX) {
		uint8_t hi = (uint8_t)(x->opcode >> 8), lo = (uint8_t)x->opcode;
		bool dtr = n->proto == SPI_NOR_PROTO_8D;
		if (x->opcode_len != 2 || (unsigned)(lo ^ hi) != 0xFFu || x->inst_dtr != dtr)
			return -1;
		return hi;
	}
	/* Xccela octal DDR: one-byte opcode, or the same byte on both edges ? */
	if (x->opcode_len == 1)
		return x->opcode & 0xFF;
	if (x->opcode_len == 2 && (x->opcode >> 8) == (x->opcode & 0xFF))
		return x->opcode & 0xFF;
	return -1;
}

static unsigned expected_addr_len(const struct spi_nor_s *n, const struct spi_nor_cmd_s *c)
{
	if (octal(n))
		return (c->flags & (CMD_ADDR | CMD_OPI_ADDR)) &&
			(c->flags & CMD_ADDR || n->part->octal == SPI_NOR_OCTAL_MACRONIX) ? 4 : 0;
	if (!(c->flags & CMD_ADDR))
		return 0;
	return (c->flags & CMD_ADDR4) || n->addr4 ? 4 : 3;
}

static unsigned cfg_dummy(const struct spi_nor_s *n)
{
	if (n->part->octal == SPI_NOR_OCTAL_MACRONIX)
		return 20u - 2u * n->cr2_dc;	/* CR2 0x300 DC: 000 = 20 cycles .. 111 = 6 */
	/* Xccela VCR[1]: 00h/FFh = the default, 16 cycles ? */
	return n->vcr[1] == 0x00 || n->vcr[1] == 0xFF ? 16u : n->vcr[1];
}

static unsigned expected_dummy(const struct spi_nor_s *n, const struct spi_nor_cmd_s *c)
{
	switch (c->dummy) {
	case DUMMY_FAST: return octal(n) ? cfg_dummy(n) : 8u;
	case DUMMY_CFG: return cfg_dummy(n);
	default: return 0;
	}
}

/* Lines the device uses for a phase in the current protocol. */
static unsigned dev_lines(const struct spi_nor_s *n, const struct spi_nor_cmd_s *c, uint16_t flag)
{
	if (octal(n))
		return 8;
	return c->flags & flag ? 8 : 1;
}

static bool dev_dtr(const struct spi_nor_s *n)
{
	return n->proto == SPI_NOR_PROTO_8D;
}

/* Checks framing against the command; sets why on a mismatch. */
static bool framing_ok(const struct spi_nor_s *n, const struct spi_nor_cmd_s *c, const struct spi_nor_xfer_s *x,
		       char *why, size_t len)
{
	unsigned alen = expected_addr_len(n, c);

	if (x->addr_len != alen) {
		snprintf(why, len, "opcode %02Xh wants a %u-byte address, got %u", c->op, alen, x->addr_len);
		return false;
	}
	if (alen && (x->addr_lines != dev_lines(n, c, CMD_A8) || x->addr_dtr != dev_dtr(n))) {
		snprintf(why, len, "opcode %02Xh: address on %u line(s)%s, device expects %u%s", c->op,
			 x->addr_lines, x->addr_dtr ? " DTR" : "", dev_lines(n, c, CMD_A8), dev_dtr(n) ? " DTR" : "");
		return false;
	}
	return true;
}

/* Data-phase start for reads: the dummy-cycle difference shifts what the controller samples. */
static void set_read_shift(struct spi_nor_s *n, const struct spi_nor_cmd_s *c)
{
	unsigned lines = dev_lines(n, c, CMD_X8), rate = dev_dtr(n) ? 2 : 1;
	int64_t bits = ((int64_t)n->x.dummy_cycles - (int64_t)expected_dummy(n, c)) * lines * rate;

	n->pos = 0;
	if (c->dummy == DUMMY_ANY || c->dummy == DUMMY_NONE)
		return;
	if (bits % 8) {
		n->garbage = true;
		return;
	}
	n->pos = bits / 8;
	if (bits)
		sim_log(n->s, "%s: %u dummy cycles for %02Xh, device expects %u: data shifted", n->part->name,
			n->x.dummy_cycles, c->op, expected_dummy(n, c));
}

int spi_nor_begin(struct spi_nor_s *n, const struct spi_nor_xfer_s *x)
{
	const struct spi_nor_cmd_s *c = NULL;
	char why[128];
	int op = decode_opcode(n, x);

	nor_settle(n);
	n->x = *x;
	n->active = true;
	n->cmd = NULL;
	n->garbage = true;
	n->pos = 0;
	n->addr_pending = 0;
	n->bitpos = 0;
	n->page_fill = 0;
	memset(n->page, 0xFF, sizeof(n->page));
	if (op >= 0)
		c = cmd_lookup(n, (uint8_t)op);
	if (!c) {
		n->unknown++;
		return -1;
	}
	if (spi_nor_busy(n) && !(c->flags & CMD_BUSY_OK)) {
		n->ignored_busy++;
		return -1;
	}
	if ((c->flags & CMD_NEED_WEL) && !(n->sr & NOR_SR_WEL)) {
		n->ignored_wel++;
		return -1;
	}
	/*
	 * An address the controller sends as the first data bytes, on the lines and at the rate
	 * the address phase would use, is the same on the wire (OpenOCD's `stmqspi cmd` sends
	 * WRCR2's address so); commands that read are framed with a real address phase.
	 */
	if (!x->addr_len && expected_addr_len(n, c) && !c->out && x->data_lines == dev_lines(n, c, CMD_A8) &&
	    x->data_dtr == dev_dtr(n)) {
		n->addr_pending = (uint8_t)expected_addr_len(n, c);
		n->x.addr = 0;
		n->cmd = c;
		n->garbage = false;
		return 0;
	}
	if (!framing_ok(n, c, x, why, sizeof(why))) {
		sim_log(n->s, "%s: %s", n->part->name, why);
		n->unknown++;
		return -1;
	}
	n->cmd = c;
	n->garbage = false;
	if (c->out)
		set_read_shift(n, c);
	return 0;
}

void spi_nor_write(struct spi_nor_s *n, const uint8_t *buf, size_t len)
{
	const struct spi_nor_cmd_s *c = n->cmd;

	if (!n->active || n->garbage || !c || (!c->in && !n->addr_pending))
		return;
	for (; len && n->addr_pending; buf++, len--, n->addr_pending--)
		n->x.addr = n->x.addr << 8 | *buf;	/* the address, sent as data (checked in spi_nor_begin) */
	if (!len || !c->in)
		return;
	if (n->x.data_lines != dev_lines(n, c, CMD_X8) || n->x.data_dtr != dev_dtr(n)) {
		n->garbage = true;	/* the device samples other lines: nothing sensible arrives */
		n->page_fill = 0;
		return;
	}
	for (size_t i = 0; i < len; i++)
		c->in(n, (uint32_t)n->pos++, buf[i]);
}

/* The device's next output byte as it drives it (0xFF while it does not drive yet). */
static uint8_t next_out(struct spi_nor_s *n)
{
	int64_t p = n->pos++;
	return p < 0 ? 0xFF : n->cmd->out(n, (uint32_t)p);
}

/* 1-line output sampled on 8 lines: each sampled byte holds one bit on DQ1 (SO). */
static uint8_t next_out_1to8(struct spi_nor_s *n)
{
	if (n->bitpos == 0)
		n->bitbuf = next_out(n);
	uint8_t bit = (n->bitbuf >> (7 - n->bitpos)) & 1;
	n->bitpos = (n->bitpos + 1) % 8;
	return (uint8_t)(bit << 1);	/* other lines undriven, read as 0 ? */
}

void spi_nor_read(struct spi_nor_s *n, uint8_t *buf, size_t len)
{
	const struct spi_nor_cmd_s *c = n->cmd;
	unsigned dl = c ? dev_lines(n, c, CMD_X8) : 0;

	for (size_t i = 0; i < len; i++) {
		if (!n->active || n->garbage || !c || !c->out)
			buf[i] = 0xFF;
		else if (n->x.data_lines == dl)
			buf[i] = next_out(n);
		else if (dl == 1 && n->x.data_lines == 8)
			buf[i] = next_out_1to8(n);
		else
			buf[i] = 0xFF;
	}
}

void spi_nor_end(struct spi_nor_s *n)
{
	if (n->active && !n->garbage && n->cmd && n->cmd->end && !n->addr_pending)
		n->cmd->end(n);	/* (an address cut short: the device ignores the command ?) */
	n->active = false;
	n->cmd = NULL;
}

/* ---- standard SPI byte stream ---- */

void spi_nor_raw_begin(struct spi_nor_s *n)
{
	n->raw_len = 0;
	n->raw_active = true;
	n->active = false;
}

/* Header bytes a raw command needs before its data phase: opcode, address, dummy bytes. */
static unsigned raw_header_len(const struct spi_nor_s *n, const struct spi_nor_cmd_s *c)
{
	return 1 + expected_addr_len(n, c) + expected_dummy(n, c) / 8;
}

static void raw_start(struct spi_nor_s *n, const struct spi_nor_cmd_s *c)
{
	struct spi_nor_xfer_s x = {
		.opcode = n->raw_hdr[0], .opcode_len = 1, .inst_lines = 1, .addr_lines = 1, .data_lines = 1,
		.addr_len = (uint8_t)expected_addr_len(n, c), .dummy_cycles = (uint8_t)expected_dummy(n, c),
	};
	for (unsigned i = 0; i < x.addr_len; i++)
		x.addr = x.addr << 8 | n->raw_hdr[1 + i];
	spi_nor_begin(n, &x);
}

uint8_t spi_nor_raw_xfer(struct spi_nor_s *n, uint8_t out)
{
	uint8_t in = 0xFF;

	if (!n->raw_active || octal(n))
		return 0xFF;	/* an octal-mode device does not decode 1-line bytes */
	if (n->active) {
		if (n->cmd && n->cmd->out)
			spi_nor_read(n, &in, 1);
		else
			spi_nor_write(n, &out, 1);
		return in;
	}
	if (n->raw_len < SPI_NOR_RAW_HDR)
		n->raw_hdr[n->raw_len++] = out;
	const struct spi_nor_cmd_s *c = cmd_lookup(n, n->raw_hdr[0]);
	if (!c) {
		n->raw_active = false;
		n->unknown++;
		return 0xFF;
	}
	if (n->raw_len == raw_header_len(n, c))
		raw_start(n, c);
	return in;
}

void spi_nor_raw_end(struct spi_nor_s *n)
{
	if (n->raw_active && !n->active && n->raw_len) {
		const struct spi_nor_cmd_s *c = cmd_lookup(n, n->raw_hdr[0]);
		if (c && n->raw_len == raw_header_len(n, c))
			raw_start(n, c);
	}
	spi_nor_end(n);
	n->raw_active = false;
}

bool spi_nor_read_ok(const struct spi_nor_s *n, const struct spi_nor_xfer_s *x, char *why, size_t len)
{
	int op = decode_opcode(n, x);
	const struct spi_nor_cmd_s *c = op >= 0 ? cmd_lookup(n, (uint8_t)op) : NULL;

	if (!c || c->out != out_array) {
		snprintf(why, len, "%s: instruction %04Xh is not an array read in %s mode", n->part->name, x->opcode,
			 octal(n) ? "octal" : "SPI");
		return false;
	}
	if (!framing_ok(n, c, x, why, len))
		return false;
	if (x->data_lines != dev_lines(n, c, CMD_X8) || x->dummy_cycles != expected_dummy(n, c)) {
		snprintf(why, len, "%s: read %02Xh with %u data lines and %u dummy cycles, device wants %u and %u",
			 n->part->name, c->op, x->data_lines, x->dummy_cycles, dev_lines(n, c, CMD_X8),
			 expected_dummy(n, c));
		return false;
	}
	return true;
}

/* ---- life cycle ---- */

void spi_nor_reset(struct spi_nor_s *n)
{
	n->sr = 0;
	n->addr4 = false;
	n->proto = SPI_NOR_PROTO_1S;
	n->cr2_mode = 0;
	n->cr2_dc = 0;
	memset(n->vcr, 0xFF, sizeof(n->vcr));
	n->reset_enabled = false;
	n->wel_clear_pending = false;
	n->active = false;
	n->raw_active = false;
	n->cmd = NULL;
	/* an operation in progress is not modeled as aborted by a reset: WIP runs out */
}

void spi_nor_power_on(struct spi_nor_s *n)
{
	spi_nor_reset(n);
	n->busy_until_ns = 0;	/* the operation the power loss cut off is over */
	flash_faults_apply(&n->faults, FLASH_OP_KINDS, n->mem, 0, n->part->size);
}

int spi_nor_set_option(struct spi_nor_s *n, const char *key, const char *value, char *err, size_t errlen)
{
	static const struct flash_flag_s no_flags[] = { { NULL, 0 } };
	int r = flash_faults_set_option(&n->faults, no_flags, "nor_", key, value, err, errlen);

	if (r > 0)	/* bits stuck from the start: the array as the board powers on */
		flash_faults_apply(&n->faults, FLASH_OP_KINDS, n->mem, 0, n->part->size);
	return r;
}

void spi_nor_init(struct spi_nor_s *n, struct sim *s, const struct spi_nor_part_s *part, uint8_t *mem,
		  uint32_t window_base)
{
	memset(n, 0, sizeof(*n));
	n->part = part;
	n->s = s;
	n->mem = mem;
	n->faults.base = window_base;
	n->faults.size = part->size;
	spi_nor_sfdp_build(n);
	spi_nor_reset(n);
}
