// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A CMSIS flash algorithm whose "flash" is target RAM: the runner's tests use it on any
 * virtual board, apart from any flash controller. Built the way a user builds an FLM with
 * GCC (tests/loaders/ram.mk), in variants:
 *   (default)        rspflash extensions: 16 KB erase units, memory-mapped, level 1 in
 *                    RspProgramVerify
 *   -DSTREAM         linked with flash/loaders/flm_mapped.c as the built-ins are: RspStream
 *                    (Verify, BlankCheck and RspProgramVerify come from there)
 *   -DPLAIN          CMSIS only: the host verifies through Verify, switches Init's fnc
 *   -DBROKEN_FAULT   ProgramPage stores to an address where nothing answers (bus fault)
 *   -DBROKEN_HANG    Init never returns
 *   -DBROKEN_FAIL    EraseSector returns 1
 *   -DBROKEN_STACK   ProgramPage needs 6 KB of stack
 *   -DBROKEN_ENTRY   ProgramPage is missing (named ProgramPages)
 *   -DBROKEN_VERIFY  ProgramPage flips a bit of every page it writes
 */
#include <stdint.h>

#include "flash/loaders/flm_abi.h"

#define DEV_ADDR 0x20010000u
#define DEV_SIZE 0x10000u
#define SECTOR 0x1000u
#define PAGE 0x400u

__attribute__((section("DevDscr"), used)) const struct flm_device_s FlashDevice = {
	.Vers = FLM_VERS,
	.DevName = "RAM as flash (rspflash tests)",
	.DevType = FLM_EXTSPI,
	.DevAdr = DEV_ADDR,
	.szDev = DEV_SIZE,
	.szPage = PAGE,
	.valEmpty = 0xFF,
	.toProg = 100,
	.toErase = 500,
	.sectors = { { SECTOR, 0 }, FLM_SECTOR_END },	/* a flexible array member: GCC fills it */
};

#ifndef PLAIN
const uint32_t RspEraseSizes[] = { 0x4000u, SECTOR, 0 };
const uint32_t RspEraseTimesUs[] = { 30000u, 20000u, 0 };
const uint32_t RspFlags = RSP_FLAG_MAPPED;
#endif

static uint32_t inits;	/* PrgData: R9-relative for the host, PC-relative for GCC */

static void fill(uint32_t adr, uint32_t n, uint8_t v)
{
	volatile uint8_t *p = (volatile uint8_t *)adr;

	while (n--)
		*p++ = v;
}

int Init(unsigned long adr, unsigned long clk, unsigned long fnc)
{
	(void)clk;
	(void)fnc;
#ifdef BROKEN_HANG
	for (;;)
		__asm__ volatile("nop");
#endif
	inits++;
	return adr == DEV_ADDR ? 0 : 1;
}

int UnInit(unsigned long fnc)
{
	(void)fnc;
	return inits ? 0 : 1;
}

int EraseSector(unsigned long adr)
{
#ifdef BROKEN_FAIL
	(void)adr;
	return 1;
#else
	fill(adr, SECTOR, 0xFF);
	return 0;
#endif
}

int EraseChip(void)
{
	fill(DEV_ADDR, DEV_SIZE, 0xFF);
	return 0;
}

#ifndef PLAIN
int RspErase(unsigned long adr, unsigned long size)
{
	if (adr % size || (size != 0x4000u && size != SECTOR))
		return 1;
	fill(adr, size, 0xFF);
	return 0;
}
#endif

#ifdef BROKEN_ENTRY
#define PROGRAM_PAGE ProgramPages	/* the wrong name: the host must refuse the file */
int ProgramPages(unsigned long adr, unsigned long sz, unsigned char *buf);
#else
#define PROGRAM_PAGE ProgramPage
#endif

int PROGRAM_PAGE(unsigned long adr, unsigned long sz, unsigned char *buf)
{
	volatile uint8_t *p = (volatile uint8_t *)adr;
#ifdef BROKEN_STACK
	volatile uint8_t big[6144];

	for (unsigned i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)i;
	if (big[100] != 100)
		return 1;
#endif
#ifdef BROKEN_FAULT
	*(volatile uint32_t *)0x60000000u = 1;
#endif
	for (unsigned long i = 0; i < sz; i++)
		p[i] = buf[i];
#ifdef BROKEN_VERIFY
	p[0] ^= 0x10;
#endif
	return 0;
}

#ifdef STREAM
int flm_in_device(unsigned long adr, unsigned long sz)
{
	return adr >= DEV_ADDR && sz <= DEV_SIZE && adr - DEV_ADDR <= DEV_SIZE - sz;
}
#else
unsigned long Verify(unsigned long adr, unsigned long sz, unsigned char *buf)
{
	const volatile uint8_t *p = (const volatile uint8_t *)adr;

	for (unsigned long i = 0; i < sz; i++)
		if (p[i] != buf[i])
			return adr + i;
	return adr + sz;
}

#ifndef PLAIN
/* level 1 in the program call (rspflash extension) */
int RspProgramVerify(unsigned long adr, unsigned long sz, unsigned char *buf)
{
	int rc = PROGRAM_PAGE(adr, sz, buf);

	if (rc)
		return rc;
	return Verify(adr, sz, buf) == adr + sz ? 0 : RSP_PROGRAM_MISMATCH;
}
#endif

int BlankCheck(unsigned long adr, unsigned long sz, unsigned char pat)
{
	const volatile uint8_t *p = (const volatile uint8_t *)adr;

	for (unsigned long i = 0; i < sz; i++)
		if (p[i] != pat)
			return 1;
	return 0;
}
#endif /* STREAM */
