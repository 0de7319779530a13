// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A user's CMSIS flash algorithm for the IS25WX256 on OSPI1 of the Alif E7 DevKit, written
 * and built the way a user writes one for their board with GCC (tests/loaders/flm.mk),
 * independent of rspflash's built-in loader: plain SPI 1-1-1 through the DesignWare SSI's
 * standard frame format, 256-byte pages, 4 KB sectors, no rspflash extensions. UnInit maps
 * the flash (1-1-8 fast read 7Ch) so a debugger reads it at 0xC0000000 afterwards.
 *
 * The same source builds the broken loaders the tests need (-D switches):
 *   BROKEN_FAULT    ProgramPage stores to an address where nothing answers (bus fault)
 *   BROKEN_HANG     Init never returns
 *   BROKEN_HANG_LATE ProgramPage never returns from offset 0x20000 of the device on (the
 *                   first block boundary: a download across it hangs half way)
 *   BROKEN_FAIL     EraseSector reports failure
 *   BROKEN_STACK    ProgramPage keeps a 6 KB array on the stack
 *   BROKEN_NOENTRY  no ProgramPage symbol (it is called Program_Page)
 *
 * Registers: Alif's ospi_private.h (ssi_regs_t) and global_map.h; opcodes: ISSI IS25WX256
 * datasheet command table (4-byte-address forms, 1-1-1).
 */
#include <stdint.h>

#define OSPI1		0x83002000u
#define AES1		0x83003000u
#define XIP_WINDOW	0xC0000000u
#define SZ_FLASH	0x02000000u

#define CTRLR0		0x00u
#define CTRLR1		0x04u
#define SSIENR		0x08u
#define SER		0x10u
#define BAUDR		0x14u
#define SR		0x28u
#define RXFLR		0x24u
#define DR0		0x60u
#define SPI_CTRLR0	0xF4u
#define XIP_MODE_BITS	0xFCu
#define XIP_INCR_INST	0x100u
#define XIP_WRAP_INST	0x104u
#define XIP_CTRL	0x108u
#define XIP_SER		0x10Cu
#define AES_CONTROL	0x00u
#define AES_XIP_EN	(1u << 4)
#define SR_BUSY		(1u << 0)
#define SR_TFE		(1u << 2)

#define MST		(1u << 31)
#define TMOD_TX		(1u << 10)
#define TMOD_EEPROM	(3u << 10)
#define DFS_8		7u

#define CMD_WREN	0x06u
#define CMD_RDSR	0x05u
#define CMD_READ4	0x13u
#define CMD_PP4		0x12u
#define CMD_SE4		0x21u
#define CMD_CE		0xC7u
#define CMD_RSTEN	0x66u
#define CMD_RST		0x99u
#define CMD_FAST_READ_118 0x7Cu

#define PAGE		256u
#define CHUNK		128u	/* bytes per program command: the TX FIFO (256 frames) holds it whole */
#define LOOPS_PP	4000000u	/* status reads: far more than a page program takes */
#define LOOPS_SE	400000000u
#define LOOPS_CE	4000000000u

struct FlashSectors {
	unsigned long szSector;
	unsigned long AddrSector;
};

struct FlashDevice {
	unsigned short Vers;
	char DevName[128];
	unsigned short DevType;
	unsigned long DevAdr;
	unsigned long szDev;
	unsigned long szPage;
	unsigned long Res;
	unsigned char valEmpty;
	unsigned long toProg;
	unsigned long toErase;
	struct FlashSectors sectors[2];
};

__attribute__((section("DevDscr"), used)) const struct FlashDevice FlashDevice = {
	0x0101, "IS25WX256 on Alif E7 OSPI1 (user, SPI)", 5, XIP_WINDOW, SZ_FLASH, PAGE, 0, 0xFF, 100, 3000,
	{ { 0x1000, 0 }, { 0xFFFFFFFFu, 0xFFFFFFFFu } },
};

static unsigned long base;	/* PrgData: the device address Init was given */

static void reg_wr(uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(OSPI1 + off) = v;
}

static uint32_t reg_rd(uint32_t off)
{
	return *(volatile uint32_t *)(OSPI1 + off);
}

static void configure(uint32_t ctrlr0, uint32_t ctrlr1, uint32_t spi_ctrlr0)
{
	reg_wr(SER, 0);
	reg_wr(SSIENR, 0);
	reg_wr(CTRLR0, ctrlr0);
	reg_wr(CTRLR1, ctrlr1);
	reg_wr(SPI_CTRLR0, spi_ctrlr0);
	reg_wr(SSIENR, 1);
}

static int wait_sent(void)
{
	reg_wr(SER, 1);
	for (uint32_t i = 0; i < 1000000u; i++)
		if ((reg_rd(SR) & (SR_TFE | SR_BUSY)) == SR_TFE)
			return 0;
	return 1;
}

/* opcode, optional 4-byte address, then n data bytes, all 1-1-1 */
static int spi_write(uint8_t op, int with_addr, uint32_t addr, const uint8_t *data, uint32_t n)
{
	configure(MST | TMOD_TX | DFS_8, 0, 0);
	reg_wr(DR0, op);
	if (with_addr)
		for (int s = 24; s >= 0; s -= 8)
			reg_wr(DR0, (addr >> s) & 0xFFu);
	for (uint32_t i = 0; i < n; i++)
		reg_wr(DR0, data[i]);
	return wait_sent();
}

/* EEPROM read mode: the command goes out, then n (<= 256) bytes come in */
static int spi_read(uint8_t op, int with_addr, uint32_t addr, uint8_t *out, uint32_t n)
{
	uint32_t got = 0;

	configure(MST | TMOD_EEPROM | DFS_8, n - 1u, 0);
	reg_wr(DR0, op);
	if (with_addr)
		for (int s = 24; s >= 0; s -= 8)
			reg_wr(DR0, (addr >> s) & 0xFFu);
	reg_wr(SER, 1);
	for (uint32_t i = 0; got < n; i++) {
		if (i > 1000000u)
			return 1;
		if (reg_rd(RXFLR))
			out[got++] = (uint8_t)reg_rd(DR0);
	}
	return 0;
}

static int wait_ready(uint32_t loops)
{
	uint8_t sr = 0xFF;

	while (loops--) {
		if (spi_read(CMD_RDSR, 0, 0, &sr, 1))
			return 1;
		if (!(sr & 1u))
			return 0;
	}
	return 1;
}

static int write_enable(void)
{
	return spi_write(CMD_WREN, 0, 0, 0, 0);
}

/* The flash may be in octal DDR (a previous tool, the boot ROM): reset enable + reset in
 * 8D-8D-8D (enhanced frame format, 8 lines, DDR), then in 1-1-1. */
static void reset_flash(void)
{
	static const uint8_t cmds[2] = { CMD_RSTEN, CMD_RST };

	for (int i = 0; i < 2; i++) {
		configure(MST | (3u << 22) | TMOD_TX | DFS_8, 0, 2u | 2u << 8 | 1u << 16 | 1u << 17);
		reg_wr(DR0, cmds[i]);
		wait_sent();
	}
	for (int i = 0; i < 2; i++)
		spi_write(cmds[i], 0, 0, 0, 0);
	for (volatile uint32_t d = 0; d < 40000u; d++)
		;
}

int Init(unsigned long adr, unsigned long clk, unsigned long fnc)
{
	(void)clk, (void)fnc;
#ifdef BROKEN_HANG
	for (;;)
		;
#endif
	base = adr;
	*(volatile uint32_t *)(AES1 + AES_CONTROL) &= ~AES_XIP_EN;
	reg_wr(SSIENR, 0);
	reg_wr(BAUDR, 8);
	reset_flash();
	return 0;
}

/* Leave the flash readable at XIP_WINDOW: 1-1-8 fast read, 4-byte address, 8 dummy cycles. */
int UnInit(unsigned long fnc)
{
	(void)fnc;
	reg_wr(SER, 0);
	reg_wr(SSIENR, 0);
	reg_wr(CTRLR0, MST | (3u << 22) | (2u << 10) | DFS_8);
	reg_wr(XIP_CTRL, 3u | 0u << 2 | 8u << 4 | 2u << 9 | 8u << 13 | 1u << 22);
	reg_wr(XIP_MODE_BITS, 0);
	reg_wr(XIP_INCR_INST, CMD_FAST_READ_118);
	reg_wr(XIP_WRAP_INST, CMD_FAST_READ_118);
	reg_wr(XIP_SER, 1);
	reg_wr(SSIENR, 1);
	*(volatile uint32_t *)(AES1 + AES_CONTROL) |= AES_XIP_EN;
	return 0;
}

int EraseSector(unsigned long adr)
{
#ifdef BROKEN_FAIL
	(void)adr;
	return 1;
#else
	if (write_enable() || spi_write(CMD_SE4, 1, adr - base, 0, 0))
		return 1;
	return wait_ready(LOOPS_SE);
#endif
}

int EraseChip(void)
{
	if (write_enable() || spi_write(CMD_CE, 0, 0, 0, 0))
		return 1;
	return wait_ready(LOOPS_CE);
}

#ifdef BROKEN_NOENTRY
int Program_Page(unsigned long adr, unsigned long sz, unsigned char *buf)
#else
int ProgramPage(unsigned long adr, unsigned long sz, unsigned char *buf)
#endif
{
#ifdef BROKEN_STACK
	volatile uint8_t scratch[6144];

	for (uint32_t i = 0; i < sizeof(scratch); i += 64)
		scratch[i] = buf[i % sz];
#endif
#ifdef BROKEN_FAULT
	*(volatile uint32_t *)0x30000000u = (uint32_t)adr;	/* nothing is mapped there */
#endif
#ifdef BROKEN_HANG_LATE
	if (adr - base >= 0x20000u)
		for (;;)
			;
#endif
	for (unsigned long done = 0; done < sz; done += CHUNK) {
		unsigned long n = sz - done < CHUNK ? sz - done : CHUNK;
		if (write_enable() || spi_write(CMD_PP4, 1, adr - base + done, buf + done, n) ||
		    wait_ready(LOOPS_PP))
			return 1;
	}
	return 0;
}

unsigned long Verify(unsigned long adr, unsigned long sz, unsigned char *buf)
{
	uint8_t chunk[PAGE];

	for (unsigned long done = 0; done < sz; done += PAGE) {
		unsigned long n = sz - done < PAGE ? sz - done : PAGE;
		if (spi_read(CMD_READ4, 1, adr - base + done, chunk, n))
			return adr + done;
		for (unsigned long i = 0; i < n; i++)
			if (chunk[i] != buf[done + i])
				return adr + done + i;
	}
	return adr + sz;
}

int BlankCheck(unsigned long adr, unsigned long sz, unsigned char pat)
{
	uint8_t chunk[PAGE];

	for (unsigned long done = 0; done < sz; done += PAGE) {
		unsigned long n = sz - done < PAGE ? sz - done : PAGE;
		if (spi_read(CMD_READ4, 1, adr - base + done, chunk, n))
			return 1;
		for (unsigned long i = 0; i < n; i++)
			if (chunk[i] != pat)
				return 1;
	}
	return 0;
}
