/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The streaming flash programmer's RAM interface, shared by the on-target routine
 * (flash/loaders/stm32_stream.c) and the host (flash/stream.c). One routine serves every
 * memory-mapped flash controller of the STM32 kind (a control register with a start bit,
 * a status register with a busy bit and error bits, writes of a fixed unit size): the host
 * computes the control words (page number, bank bit, PSIZE), the routine only writes them.
 *
 * Layout in target RAM (all words little-endian, offsets from the control block):
 *   struct stream_ctl_s     parameters, then STREAM_SLOTS slots
 * The host owns a slot while slot.done == slot.seq: it writes the whole slot in one
 * ascending block write, seq last, so the routine never sees a half-written request. The
 * routine processes slots in turn (0, 1, 0, 1, ...), writes the results, then done = seq.
 * While the routine programs from one slot's buffer the host fills the other (double
 * buffering); both sides only poll RAM, nothing stops the core between requests.
 */
#ifndef FLASH_LOADERS_STREAM_ABI_H
#define FLASH_LOADERS_STREAM_ABI_H

#include <stdint.h>

#define STREAM_SLOTS 2u
#define STREAM_MAGIC 0x5354524Du	/* "STRM": the routine writes it to ctl.alive when it starts */

enum stream_op_e {
	STREAM_OP_EXIT = 1,	/* return to the caller's BKPT */
	STREAM_OP_ERASE,	/* CR = cr, CR = cr | start, wait, check; addr is for the report only */
	STREAM_OP_PROGRAM,	/* CR = cr, write len bytes from buf to addr unit by unit, wait after each */
	STREAM_OP_DIGEST,	/* per sector of len bytes, count sectors from addr: {crc, blank} into buf */
	STREAM_OP_CRC,		/* GDB's CRC-32 of [addr, addr+len) starting from cr; result[0] */
	STREAM_OP_BLANK,	/* first word of [addr, addr+len) that is not erased; result[0] (0: none) */
};

/* Flags in slot.flags */
#define STREAM_F_VERIFY 1u	/* PROGRAM: compare flash with buf afterwards (level-1 verify) */

enum stream_status_e {
	STREAM_OK = 0,
	STREAM_ERR_FLASH,	/* SR had an error bit: sr, fail_addr */
	STREAM_ERR_VERIFY,	/* flash differs from buf: fail_addr, expected, actual */
	STREAM_ERR_OP,		/* unknown op or bad arguments */
	STREAM_ERR_SKIPPED,	/* not run: an earlier request failed (ctl.failed) */
};

struct stream_slot_s {
	uint32_t op, flags;
	uint32_t addr, len;
	uint32_t count;		/* DIGEST: sectors */
	uint32_t cr;		/* control word (ERASE/PROGRAM), initial CRC (CRC) */
	uint32_t buf;		/* RAM address of the data (PROGRAM) or results (DIGEST) */
	uint32_t status;	/* enum stream_status_e */
	uint32_t fail_addr, sr, expected, actual;
	uint32_t result[2];
	uint32_t done;		/* routine: the seq it finished */
	uint32_t seq;		/* host: request number; last in memory, so one write of the whole
				 * slot (the host owns it while done == seq) publishes it last */
};

struct stream_ctl_s {
	uint32_t alive;		/* STREAM_MAGIC once the routine runs */
	uint32_t failed;	/* set by the routine when a request fails: later ones are skipped
				 * (not run on flash in an unknown state) until the host clears it */
	uint32_t cr_addr, sr_addr;	/* 0: no such register (MRAM: nothing written, no wait) */
	uint32_t busy_mask, err_mask;
	uint32_t sr_clear;	/* written to SR before each operation (write-1-to-clear flags) */
	uint32_t start_bit;	/* ERASE: OR'ed into cr to start */
	uint32_t unit;		/* PROGRAM: bytes per write: 1, 2, 4, 8 or 16 (8, 16 = two, four word
				 * writes in order; 16 units are written even when all erased value) */
	uint32_t erased;	/* the erased value as a word (0xFFFFFFFF) */
	uint32_t crc_unit;	/* address of an STM32 CRC unit (DR at +0, CR at +8), 0: software */
	uint32_t crc_table;	/* RAM for the 1 KB table of the software CRC, built at start; 0: bitwise */
	uint32_t crc_slices;	/* 4: crc_table is 4 KB, four tables (a word a step, about twice as fast) */
	struct stream_slot_s slot[STREAM_SLOTS];
};

/* DIGEST output per sector */
struct stream_digest_s {
	uint32_t crc;		/* GDB's CRC-32 of the sector (initial 0xFFFFFFFF) */
	uint32_t blank;		/* 1 when every word holds the erased value */
};

#endif /* FLASH_LOADERS_STREAM_ABI_H */
