/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The loader ABI every external-flash loader of rspflash follows: the CMSIS flash
 * algorithm (CMSIS_5 Device/_Template_Flash: FlashOS.h, FlashPrg.c), so one runner
 * (flash/loader/) serves the built-in loaders and the FLM files users bring, plus a few
 * optional rspflash extensions a plain CMSIS host ignores.
 *
 * An FLM is an ELF file: code and constants in PrgCode, variables in PrgData, the
 * FlashDevice description in DevDscr. The host loads PrgCode+PrgData anywhere in target
 * RAM (built-ins are linked at 0 and position independent: -fPIE, no GOT), sets R9 to the
 * PrgData address, SP to a stack it owns, R0..R3 to the arguments and LR to a BKPT, and
 * runs one function at a time; the core halting on that BKPT ends the call.
 *
 * Return values: 0 = OK, 1 = failure, except Verify (below).
 */
#ifndef FLASH_LOADERS_FLM_ABI_H
#define FLASH_LOADERS_FLM_ABI_H

#include <stdint.h>

#include "flash/loaders/stream_abi.h"

#define FLM_VERS 0x0101u		/* FlashDevice.Vers: driver version 1.01 */
#define FLM_SECTOR_END { 0xFFFFFFFFu, 0xFFFFFFFFu }
#define FLM_MAX_SECTORS 512u		/* FLM_SECTOR_END included */

/* FlashDevice.DevType */
enum flm_devtype_e {
	FLM_UNKNOWN = 0,
	FLM_ONCHIP = 1,
	FLM_EXT8BIT = 2,
	FLM_EXT16BIT = 3,
	FLM_EXT32BIT = 4,
	FLM_EXTSPI = 5,
};

/* Init/UnInit fnc */
enum flm_fnc_e {
	FLM_FNC_ERASE = 1,
	FLM_FNC_PROGRAM = 2,
	FLM_FNC_VERIFY = 3,
};

/* One run of equal sectors: from AddrSector (an offset from DevAdr) up to the next entry. */
struct flm_sectors_s {
	uint32_t szSector;
	uint32_t AddrSector;
};

/* Layout fixed by the CMSIS template (byte offsets in the comments; 32-bit target). */
struct flm_device_s {
	uint16_t Vers;			/* @0 */
	char DevName[128];		/* @2 */
	uint16_t DevType;		/* @130 */
	uint32_t DevAdr;		/* @132 */
	uint32_t szDev;			/* @136 */
	uint32_t szPage;		/* @140: largest ProgramPage size */
	uint32_t Res;			/* @144 */
	uint8_t valEmpty;		/* @148 */
	uint32_t toProg;		/* @152: ms, one ProgramPage of szPage */
	uint32_t toErase;		/* @156: ms, one EraseSector */
	struct flm_sectors_s sectors[];	/* @160, ended by FLM_SECTOR_END */
};

#define FLM_DEVICE_SECTORS_OFFSET 160u

/* The CMSIS entry points (Init, UnInit, EraseSector and ProgramPage are mandatory). */
int Init(unsigned long adr, unsigned long clk, unsigned long fnc);
int UnInit(unsigned long fnc);
int EraseChip(void);
int EraseSector(unsigned long adr);
int ProgramPage(unsigned long adr, unsigned long sz, unsigned char *buf);
/* 0: every byte of [adr, adr+sz) equals pat; 1 otherwise. */
int BlankCheck(unsigned long adr, unsigned long sz, unsigned char pat);
/* adr + sz when the flash equals buf, else the first address that differs. */
unsigned long Verify(unsigned long adr, unsigned long sz, unsigned char *buf);

/*
 * rspflash extensions (optional; a loader that has them is still a CMSIS FLM):
 *
 * RspEraseSizes: erase units the loader can erase in one command, largest first, ended
 *   by 0 (e.g. { 65536, 4096, 0 }); the smallest is the sector size of FlashDevice.
 * RspErase(adr, size): erases the unit of that size at adr (adr aligned to size).
 *   The planner erases with the largest unit wholly inside the erase set.
 * RspEraseTimesUs: the typical time of each of those units in µs (datasheet "typ"), for
 *   choosing between one block erase and several sector erases, and for the physical bound.
 * RspProgramVerify(adr, sz, buf): ProgramPage, then the programmed range compared with buf;
 *   0 OK, 1 programming failed, 2 the flash differs (level-1 verify in the same call).
 * RspFlags: RSP_FLAG_MAPPED when the device reads through the memory-mapped window after
 *   every call returns (the host then computes digests and CRCs on the target by reading
 *   the window, and GDB reads the flash after the download).
 */
#define RSP_FLAG_MAPPED 1u
#define RSP_MAX_ERASE_SIZES 4u
extern const uint32_t RspEraseSizes[];
extern const uint32_t RspEraseTimesUs[];
extern const uint32_t RspFlags;
int RspErase(unsigned long adr, unsigned long size);
int RspProgramVerify(unsigned long adr, unsigned long sz, unsigned char *buf);
#define RSP_PROGRAM_MISMATCH 2

/*
 * RspStream(ctl): serves requests from a ring of slots in RAM until an EXIT request, so
 * the host never stops the core between pages or erases: it writes a page into a buffer
 * and a slot (seq last) while earlier requests run, and polls only when the ring is full.
 * Slots are struct stream_slot_s (stream_abi.h) taken in turn 0, 1, .., nslots-1, 0, ..;
 * the host owns a slot while done == seq. Ops: STREAM_OP_ERASE (addr, len: an erase unit;
 * len 0: the chip), STREAM_OP_PROGRAM (addr, len, buf; flags STREAM_F_VERIFY: level 1 as
 * RspProgramVerify), STREAM_OP_EXIT. status = the function's return value; a request that
 * fails ends the stream: RspStream returns 1 (done is still set for that slot).
 */
#define RSP_STREAM_SLOTS 16u
struct rsp_stream_s {
	uint32_t alive;		/* STREAM_MAGIC once RspStream runs */
	uint32_t nslots;	/* slots in use, at most RSP_STREAM_SLOTS */
	struct stream_slot_s slot[RSP_STREAM_SLOTS];
};
int RspStream(struct rsp_stream_s *c);

#endif /* FLASH_LOADERS_FLM_ABI_H */
