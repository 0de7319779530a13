/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The download planner: pure decisions, no target (unit-tested in tests/unit/test_flash_plan.c).
 *
 * Per sector of the erase set, from what the target holds (a digest: blank, CRC-32 of the
 * whole sector) and what it must hold after the download (GDB's contract: the image's
 * bytes, the erased value elsewhere):
 *   skip           whole current content == whole expected content
 *   program        current content blank, expected not
 *   erase          expected blank, current not
 *   erase+program  otherwise
 * Per bank: a bank erase replaces the sector erases when every sector of the bank is in
 * the erase set, no unchanged non-blank sector has been kept so far (it would be lost),
 * and erasing the non-blank sectors still ahead one by one would take longer.
 * OTP: bytes are compared one by one; a byte that holds another value than the image's
 * and is not erased refuses the whole download before anything is written.
 */
#ifndef FLASH_PLAN_H
#define FLASH_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "flash/geom.h"

enum plan_action_e {
	PLAN_SKIP,
	PLAN_PROGRAM,
	PLAN_ERASE,
	PLAN_ERASE_PROGRAM,
};

struct plan_sector_s {
	bool in_erase;		/* GDB (or the user) asked to erase it */
	bool known;		/* the digest below is the flash's content now */
	bool blank;
	uint32_t crc;		/* GDB's CRC-32 of the whole sector (when not blank) */
	bool done;		/* handled in this download */
};

struct plan_bank_s {
	struct flash_geom_s geom;
	uint32_t n;			/* sectors */
	struct plan_sector_s *s;	/* n entries */
	bool can_bank_erase;
	bool bank_erased;		/* erased whole in this download */
	bool kept_nonblank;		/* an unchanged non-blank sector was skipped */
};

/* What to do with one sector. no_skip: never skip a sector that is not blank. */
enum plan_action_e plan_sector(const struct plan_sector_s *cur, bool exp_blank, uint32_t exp_crc, bool no_skip);

static inline bool plan_needs_erase(enum plan_action_e a)
{
	return a == PLAN_ERASE || a == PLAN_ERASE_PROGRAM;
}

/* The sectors of the bank that are in the erase set. */
uint32_t plan_erase_count(const struct plan_bank_s *pb);

/*
 * Whether to erase the whole bank now, at sector `from`, the first one found to need an
 * erase. sector_erase_us(ctx, size) and bank_erase_us: the controller's times.
 */
bool plan_bank_erase(const struct plan_bank_s *pb, uint32_t from, uint32_t (*sector_erase_us)(void *ctx, uint32_t size),
		     void *ctx, uint32_t bank_erase_us);

/* Marks [addr, addr+len) as to be erased; false when it is not on sector boundaries. */
bool plan_mark_erase(struct plan_bank_s *pb, uint32_t addr, uint32_t len, uint32_t *bad);

/*
 * OTP: n bytes now (cur) against the image (exp, where present[i] is set). Returns the
 * number of bytes to program, or -1 with *bad the index of the first byte that holds
 * another, non-erased value.
 */
int plan_otp(const uint8_t *cur, const uint8_t *exp, const uint8_t *present, uint32_t n, uint8_t erased,
	     uint32_t *bad);

#endif /* FLASH_PLAN_H */
