// SPDX-License-Identifier: GPL-2.0-or-later
/* The download planner (plan.h): pure decisions, tested without a target. */
#include "flash/plan.h"

enum plan_action_e plan_sector(const struct plan_sector_s *cur, bool exp_blank, uint32_t exp_crc, bool no_skip)
{
	if (!cur->in_erase)
		return PLAN_SKIP;
	if (!cur->known)	/* content unknown: assume the worst */
		return exp_blank ? PLAN_ERASE : PLAN_ERASE_PROGRAM;
	if (cur->blank)
		return exp_blank ? PLAN_SKIP : PLAN_PROGRAM;
	if (exp_blank)
		return PLAN_ERASE;
	if (cur->crc == exp_crc && !no_skip)
		return PLAN_SKIP;
	return PLAN_ERASE_PROGRAM;
}

uint32_t plan_erase_count(const struct plan_bank_s *pb)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < pb->n; i++)
		n += pb->s[i].in_erase;
	return n;
}

bool plan_bank_erase(const struct plan_bank_s *pb, uint32_t from, uint32_t (*sector_erase_us)(void *ctx, uint32_t size),
		     void *ctx, uint32_t bank_erase_us)
{
	uint64_t one_by_one = 0;

	if (!pb->can_bank_erase || pb->bank_erased || pb->kept_nonblank || plan_erase_count(pb) != pb->n)
		return false;
	for (uint32_t i = 0; i < pb->n; i++) {
		struct flash_sector_s sec;

		if (i < from && pb->s[i].done && !pb->s[i].blank)
			return false;	/* already programmed in this download: a bank erase would lose it */
		if (i >= from && !(pb->s[i].known && pb->s[i].blank) && flash_geom_sector(&pb->geom, i, &sec))
			one_by_one += sector_erase_us(ctx, sec.size);
	}
	return one_by_one > bank_erase_us;
}

bool plan_mark_erase(struct plan_bank_s *pb, uint32_t addr, uint32_t len, uint32_t *bad)
{
	struct flash_sector_s s;
	uint64_t end = (uint64_t)addr + len;

	if (!flash_geom_aligned(&pb->geom, addr, len, bad))
		return false;
	for (uint64_t a = addr; a < end; a += s.size) {
		if (!flash_geom_sector_at(&pb->geom, (uint32_t)a, &s))
			return false;
		pb->s[s.index].in_erase = true;
	}
	return true;
}

int plan_otp(const uint8_t *cur, const uint8_t *exp, const uint8_t *present, uint32_t n, uint8_t erased,
	     uint32_t *bad)
{
	int todo = 0;

	for (uint32_t i = 0; i < n; i++) {
		if (!present[i] || cur[i] == exp[i])
			continue;
		if (cur[i] != erased) {
			*bad = i;
			return -1;
		}
		todo++;
	}
	return todo;
}
