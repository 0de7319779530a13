// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The download executor (flash.h has the contract): records the erase set, turns the data
 * that arrives in address order into whole sectors, decides each one with the planner as
 * soon as it is complete and queues its erase and program requests to the streaming
 * routine, so the wire and the flash work at the same time. Host memory: one sector
 * buffer; the expected content of programmed sectors goes to a temporary file for level 2.
 *
 * OTP (a bank marked otp): its data must be checked against what the OTP holds before any
 * byte of the download is written (design.md, "Safety"), and GDB sends it last (it lies
 * above the main flash). A download whose erase set names OTP is therefore held: main
 * flash writes go to a temporary file until vFlashDone, the OTP check runs, then they are
 * replayed through the same path.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flash/download.h"

static struct dl_bank_s *dl_bank_of(struct flash_s *f, uint32_t addr)
{
	for (unsigned i = 0; i < f->n_banks; i++) {
		const struct flash_bank_s *b = &f->banks[i];

		if (addr >= b->geom.base && (uint64_t)addr < (uint64_t)b->geom.base + b->size)
			return &f->dl->b[i];
	}
	return NULL;
}

static int plan_alloc(struct flash_s *f, struct dl_bank_s *db, struct error_s *err)
{
	if (db->plan.s)
		return 0;
	db->plan.geom = db->bank->geom;
	db->plan.n = flash_geom_sectors(&db->bank->geom);
	db->plan.can_bank_erase = db->bank->bank_erase;
	db->plan.s = calloc(db->plan.n ? db->plan.n : 1, sizeof(*db->plan.s));
	if (!db->plan.s)
		return error_set(err, FLASH_ERR_RESOURCE, "out of memory for the plan of bank %s", db->bank->name);
	(void)f;
	return 0;
}

static int dl_open(struct flash_s *f, struct error_s *err)
{
	struct flash_download_s *dl;

	if (f->dl)
		return 0;
	dl = calloc(1, sizeof(*dl));
	if (!dl)
		return error_set(err, FLASH_ERR_RESOURCE, "out of memory for a download");
	f->dl = dl;
	dl->cur_bank = -1;
	for (unsigned i = 0; i < f->n_banks; i++)
		dl->b[i].bank = &f->banks[i];
	dl->rep.l2 = f->opt.l2;
	return 0;
}

static void dl_free(struct flash_s *f)
{
	struct flash_download_s *dl = f->dl;

	if (!dl)
		return;
	for (unsigned i = 0; i < FLASH_MAX_BANKS; i++)
		free(dl->b[i].plan.s);
	free(dl->buf);
	free(dl->blank_buf);
	free(dl->ranges);
	if (dl->expect)
		fclose(dl->expect);
	if (dl->held)
		fclose(dl->held);
	free(dl);
	f->dl = NULL;
}

bool flash_dl_active(const struct flash_s *f)
{
	return f->dl != NULL;
}

void flash_dl_progress(const struct flash_s *f, char *buf, size_t len)
{
	const struct flash_download_s *dl = f->dl;
	const struct flash_report_s *r;
	int n = 0;

	if (!dl) {
		snprintf(buf, len, "no download open");
		return;
	}
	r = &dl->rep;
	if (dl->cur_bank >= 0)
		n = snprintf(buf, len, "filling the sector at 0x%08x, ", dl->cur.addr);
	else if (!dl->started)
		n = snprintf(buf, len, "before any data, ");
	if (n < 0 || (size_t)n >= len)
		return;
	snprintf(buf + n, len - (size_t)n, "%u sector(s) programmed, %u unchanged, %u erased so far%s",
		 r->sectors_programmed, r->sectors_skipped, r->sectors_erased,
		 dl->held_mode ? " (held for the OTP check)" : "");
}

const struct flash_report_s *flash_last_report(const struct flash_s *f)
{
	return &f->last;
}

/* Ends a download: routine stopped, RAM restored, controller locked. Keeps err's cause. */
static int dl_end(struct flash_s *f, int rc, struct error_s *err)
{
	struct error_s tmp;

	if (flash_stream_stop(f, rc ? &tmp : err))
		rc = -1;
	for (unsigned i = 0; i < f->n_banks; i++) {
		const struct flash_driver_s *d = f->banks[i].drv;
		bool seen = false;

		for (unsigned j = 0; j < i; j++)
			seen |= f->banks[j].drv == d;
		if (!seen && d->end && f->dl && f->dl->began && d->end(f, rc ? &tmp : err))
			rc = -1;
	}
	if (f->dl)
		f->last = f->dl->rep;
	dl_free(f);
	return rc;
}

bool flash_dl_abort(struct flash_s *f)
{
	struct error_s tmp;

	if (!f->dl)
		return false;
	dl_end(f, -1, &tmp);
	return true;
}

/* One bank's part of an erase range. */
static int dl_erase_in_bank(struct flash_s *f, struct dl_bank_s *db, uint32_t addr, uint32_t len, struct error_s *err)
{
	uint32_t bad;

	if (db->bank->otp && !f->opt.otp_write)
		return error_set(err, FLASH_ERR_OTP,
				 "the image writes OTP (bank %s, 0x%08x..0x%08llx), which is write-once: enable it with "
				 "`monitor otp enable` (or --otp-write) to program it; nothing was erased",
				 db->bank->name, addr, (unsigned long long)addr + len - 1);
	if (plan_alloc(f, db, err))
		return -1;
	if (!plan_mark_erase(&db->plan, addr, len, &bad))
		return error_set(err, FLASH_ERR_RANGE, "erase of 0x%08x+0x%x: 0x%08x is not a sector boundary of bank %s",
				 addr, len, bad, db->bank->name);
	db->touched = true;
	if (db->bank->otp)
		f->dl->held_mode = true;
	return 0;
}

/* GDB merges neighbouring flash regions into one erase: split it at the banks. */
int flash_dl_erase(struct flash_s *f, uint32_t addr, uint32_t len, struct error_s *err)
{
	uint64_t at = addr, end = (uint64_t)addr + len;

	if (f->dl && f->dl->started)
		return error_set(err, FLASH_ERR_STATE, "erase of 0x%08x+0x%x after the data started (GDB erases first)",
				 addr, len);
	if (dl_open(f, err))
		return -1;
	if (len == 0) {
		error_set(err, FLASH_ERR_RANGE, "erase of 0x%08x with length 0", addr);
		goto fail;
	}
	while (at < end) {
		struct dl_bank_s *db = dl_bank_of(f, (uint32_t)at);
		uint64_t bank_end;

		if (!db) {
			error_set(err, FLASH_ERR_RANGE, "erase of 0x%08x..0x%08llx: 0x%08llx is not in any flash bank of %s",
				  addr, (unsigned long long)(end - 1), (unsigned long long)at, f->part ? f->part->name : "this target");
			goto fail;
		}
		bank_end = (uint64_t)db->bank->geom.base + db->bank->size;
		if (dl_erase_in_bank(f, db, (uint32_t)at, (uint32_t)((end < bank_end ? end : bank_end) - at), err))
			goto fail;
		at = bank_end;
	}
	return 0;
fail:
	dl_end(f, -1, NULL);
	return -1;
}

/* Survey: the digest of every sector of the erase set, and the drivers' checks. */
int dl_start(struct flash_s *f, struct error_s *err)
{
	struct flash_download_s *dl = f->dl;
	uint32_t max = 0;

	if (dl->started)
		return 0;
	dl->started = true;
	for (unsigned i = 0; i < f->n_banks; i++)
		if (dl->b[i].touched && flash_geom_max_sector(&f->banks[i].geom) > max)
			max = flash_geom_max_sector(&f->banks[i].geom);
	dl->buf = malloc(max ? max : 1);
	if (!dl->buf)
		return error_set(err, FLASH_ERR_RESOURCE, "out of memory for a %u-byte sector buffer", max);
	dl->expect = tmpfile();
	if (!dl->expect)
		return error_set(err, FLASH_ERR_RESOURCE, "cannot create a temporary file for the level-2 verify");
	f->stream.digest_hint = 0;
	for (unsigned i = 0; i < f->n_banks; i++)
		if (dl->b[i].touched && !flash_bank_is_loader(&f->banks[i]))
			f->stream.digest_hint += plan_erase_count(&dl->b[i].plan);
	/* the streaming routine serves the part's own flash; loaders bring their own code */
	f->stream.suspended = false;
	if (f->stream.digest_hint && flash_stream_start(f, err))
		return -1;
	dl->began = true;
	/* protection, unlock, clocks: before the survey, which runs at the clock they set */
	for (unsigned i = 0; i < f->n_banks; i++)
		if (dl->b[i].touched && dl->b[i].bank->drv->begin &&
		    dl->b[i].bank->drv->begin(f, dl->b[i].bank, &dl->b[i].plan, err))
			return -1;
	for (unsigned i = 0; i < f->n_banks; i++)
		if (dl->b[i].touched && (flash_stream_select(f, dl->b[i].bank, err) || dl_survey(f, &dl->b[i], err)))
			return -1;
	for (unsigned i = 0; i < f->n_banks; i++) {
		const struct flash_driver_s *d = f->banks[i].drv;
		bool first = true;

		for (unsigned j = 0; j < i; j++)
			first &= f->banks[j].drv != d;
		if (first && dl->b[i].touched && d->ready && d->ready(f, err))
			return -1;
	}
	return 0;
}

int dl_survey(struct flash_s *f, struct dl_bank_s *db, struct error_s *err)
{
	struct stream_digest_s *d;
	uint32_t i = 0;

	if (db->bank->otp)
		return 0;
	d = malloc(db->plan.n * sizeof(*d));
	if (!d)
		return error_set(err, FLASH_ERR_RESOURCE, "out of memory for sector digests");
	while (i < db->plan.n) {
		struct flash_sector_s s;
		uint32_t n = 1;

		if (!db->plan.s[i].in_erase || !flash_geom_sector(&db->plan.geom, i, &s)) {
			i++;
			continue;
		}
		while (i + n < db->plan.n && db->plan.s[i + n].in_erase) {
			struct flash_sector_s t;

			if (!flash_geom_sector(&db->plan.geom, i + n, &t) || t.size != s.size)
				break;
			n++;
		}
		if (flash_stream_digest(f, s.addr, s.size, n, d + i, err)) {
			free(d);
			return -1;
		}
		for (uint32_t k = i; k < i + n; k++) {
			db->plan.s[k].known = true;
			db->plan.s[k].blank = d[k].blank != 0;
			db->plan.s[k].crc = d[k].crc;
		}
		i += n;
	}
	free(d);
	return 0;
}

static uint32_t erase_us_of(struct flash_s *f, const struct flash_bank_s *b, uint32_t size)
{
	return b->drv->erase_us ? b->drv->erase_us(f, b, size) : 1000000u;
}

struct erase_time_ctx_s {
	struct flash_s *f;
	const struct flash_bank_s *b;
};

static uint32_t sector_us(void *ctx, uint32_t size)
{
	const struct erase_time_ctx_s *c = ctx;

	return erase_us_of(c->f, c->b, size);
}

/* Worst case the routine may take for an erase: 4x the typical time. */
static uint32_t erase_timeout_ms(struct flash_s *f, const struct flash_bank_s *b, uint32_t size)
{
	return erase_us_of(f, b, size) / 250u;
}

/*
 * A NOR behind a loader erases in larger units too (RspEraseSizes): the largest unit that
 * holds sector s, lies wholly in the erase set, loses nothing (the sectors of it already
 * handled in this download are blank), and is faster than erasing the non-blank sectors
 * ahead in it one by one. Returns the unit's first sector and size (s itself otherwise).
 */
static struct flash_sector_s erase_unit(struct flash_s *f, struct dl_bank_s *db, const struct flash_sector_s *s)
{
	const uint32_t *sizes = flash_loader_erase_sizes(f, db->bank);
	const struct plan_bank_s *pb = &db->plan;

	for (unsigned u = 0; sizes && u < 4 && sizes[u] > s->size; u++) {
		uint32_t off = (s->addr - db->bank->geom.base) % sizes[u], k = sizes[u] / s->size, first;
		struct flash_sector_s head, t;
		uint64_t one_by_one = 0;
		bool ok = true;

		if (!flash_geom_sector_at(&pb->geom, s->addr - off, &head) || head.size != s->size)
			continue;
		first = head.index;
		for (uint32_t i = first; ok && i < first + k; i++) {
			const struct plan_sector_s *st = &pb->s[i];

			ok = i < pb->n && flash_geom_sector(&pb->geom, i, &t) && t.size == s->size && st->in_erase;
			if (ok && i < s->index)
				ok = st->done && st->known && st->blank;
			else if (ok && !(st->known && st->blank))
				one_by_one += erase_us_of(f, db->bank, s->size);
		}
		if (ok && one_by_one > erase_us_of(f, db->bank, sizes[u])) {
			head.size = sizes[u];
			return head;
		}
	}
	return *s;
}

static int queue_erase(struct flash_s *f, struct dl_bank_s *db, const struct flash_sector_s *s, struct error_s *err)
{
	const struct flash_driver_s *d = db->bank->drv;
	uint32_t cr;

	struct erase_time_ctx_s tc = { f, db->bank };

	if (plan_bank_erase(&db->plan, s->index, sector_us, &tc, erase_us_of(f, db->bank, 0))) {
		if (d->bank_erase_word(f, db->bank, &cr, err) ||
		    flash_stream_erase(f, db->bank->geom.base, cr, erase_timeout_ms(f, db->bank, 0), err))
			return -1;
		db->plan.bank_erased = true;
		for (uint32_t i = 0; i < db->plan.n; i++) {
			if (!db->plan.s[i].done) {
				db->plan.s[i].known = true;
				db->plan.s[i].blank = true;
			}
		}
		f->dl->rep.bank_erases++;
		db->rep.bank_erases++;
		flash_logf(f, 3, "bank %s: erasing the whole bank", db->bank->name);
		return 0;
	}
	struct flash_sector_s unit = erase_unit(f, db, s);

	if (unit.size != s->size) {
		if (flash_stream_erase(f, unit.addr, unit.size, erase_timeout_ms(f, db->bank, unit.size), err))
			return -1;
		for (uint32_t i = s->index; i < unit.index + unit.size / s->size; i++) {
			db->plan.s[i].known = true;
			db->plan.s[i].blank = true;
		}
		f->dl->rep.sectors_erased++;
		db->rep.sectors_erased++;
		return 0;
	}
	if (d->erase_word(f, db->bank, s, &cr, err) ||
	    flash_stream_erase(f, s->addr, cr, erase_timeout_ms(f, db->bank, s->size), err))
		return -1;
	f->dl->rep.sectors_erased++;
	db->rep.sectors_erased++;
	return 0;
}

/* Programs the expected content of a sector, chunk by chunk; records it for level 2. */
static int queue_program(struct flash_s *f, struct dl_bank_s *db, const struct flash_sector_s *s, const uint8_t *data,
			 uint32_t crc, struct error_s *err)
{
	struct flash_download_s *dl = f->dl;
	uint32_t chunk = flash_stream_chunk(f);
	struct dl_range_s *r;
	long off;

	for (uint32_t o = 0; o < s->size; o += chunk) {
		uint32_t n = s->size - o < chunk ? s->size - o : chunk;

		/* an overwrite bank has no erase: the erased value is written like any other */
		if (!db->bank->overwrite && flash_all_erased(data + o, n, db->bank->erased))
			continue;
		if (flash_stream_program(f, s->addr + o, data + o, n, f->opt.l1, err))
			return -1;
		dl->rep.bytes_programmed += n;
	}
	off = ftell(dl->expect);
	if (off < 0 || fwrite(data, 1, s->size, dl->expect) != s->size)
		return error_set(err, FLASH_ERR_RESOURCE, "cannot write the level-2 record of 0x%08x", s->addr);
	r = dl->n_ranges ? &dl->ranges[dl->n_ranges - 1] : NULL;
	if (r && r->addr + r->len == s->addr && r->off + (long)r->len == off) {
		r->len += s->size;
		r->crc = flash_crc32(r->crc, data, s->size);
		return 0;
	}
	if (dl->n_ranges == dl->cap_ranges) {
		unsigned cap = dl->cap_ranges ? 2 * dl->cap_ranges : 16;
		struct dl_range_s *n = realloc(dl->ranges, cap * sizeof(*n));

		if (!n)
			return error_set(err, FLASH_ERR_RESOURCE, "out of memory for the level-2 list");
		dl->ranges = n;
		dl->cap_ranges = cap;
	}
	r = &dl->ranges[dl->n_ranges++];
	r->addr = s->addr;
	r->len = s->size;
	r->off = off;
	r->crc = flash_crc32(0xFFFFFFFFu, data, s->size);
	return 0;
}

/* One complete sector: data is its whole expected content, or NULL for all erased. */
static int dl_sector(struct flash_s *f, struct dl_bank_s *db, const struct flash_sector_s *s, const uint8_t *data,
		     struct error_s *err)
{
	struct plan_sector_s *st = &db->plan.s[s->index];
	bool exp_blank = !data || flash_all_erased(data, s->size, db->bank->erased);
	uint32_t exp_crc = exp_blank ? 0 : flash_crc32(0xFFFFFFFFu, data, s->size);
	enum plan_action_e a = plan_sector(st, exp_blank, exp_crc, f->opt.no_skip);

	if (flash_stream_select(f, db->bank, err))
		return -1;
	if (db->bank->overwrite && a != PLAN_SKIP) {
		/* MRAM and the like: no erase; a changed sector is written whole */
		if (!data) {
			if (!f->dl->blank_buf) {
				f->dl->blank_buf = malloc(flash_geom_max_sector(&db->plan.geom));
				if (!f->dl->blank_buf)
					return error_set(err, FLASH_ERR_RESOURCE, "out of memory for an erased sector");
			}
			memset(f->dl->blank_buf, db->bank->erased, s->size);
			data = f->dl->blank_buf;
		}
		a = PLAN_PROGRAM;
	}
	if (plan_needs_erase(a)) {
		if (queue_erase(f, db, s, err))
			return -1;
		a = exp_blank ? PLAN_SKIP : PLAN_PROGRAM;
	} else if (a == PLAN_SKIP) {
		if (!st->blank)
			db->plan.kept_nonblank = true;
		f->dl->rep.sectors_skipped++;
		db->rep.sectors_skipped++;
	}
	if (a == PLAN_PROGRAM || a == PLAN_ERASE_PROGRAM) {
		if (queue_program(f, db, s, data, exp_crc, err))
			return -1;
		f->dl->rep.sectors_programmed++;
		db->rep.sectors_programmed++;
	}
	st->done = true;
	st->known = true;
	st->blank = exp_blank;
	st->crc = exp_crc;
	return 0;
}

/* One line per bank once its part of the download is decided (it may still be programming). */
static void log_bank(struct flash_s *f, struct dl_bank_s *db)
{
	const struct flash_report_s *r = &db->rep;

	if (db->logged || !db->touched)
		return;
	db->logged = true;
	flash_logf(f, 2, "flash: bank %s (0x%08x): %u sector(s) of the erase set, %u unchanged, %u erased%s, %u programmed",
		   db->bank->name, db->bank->geom.base, plan_erase_count(&db->plan), r->sectors_skipped,
		   r->bank_erases ? db->plan.n : r->sectors_erased, r->bank_erases ? " (one bank erase)" : "",
		   r->sectors_programmed);
}

/* Handles every sector of the erase set of db below index `upto` that is still open. */
static int dl_finish_upto(struct flash_s *f, struct dl_bank_s *db, uint32_t upto, struct error_s *err)
{
	for (uint32_t i = db->next_index; i < upto && i < db->plan.n; i++) {
		struct flash_sector_s s;

		if (db->plan.s[i].in_erase && !db->plan.s[i].done && flash_geom_sector(&db->plan.geom, i, &s) &&
		    dl_sector(f, db, &s, NULL, err))
			return -1;
	}
	if (upto > db->next_index)
		db->next_index = upto;
	if (db->next_index >= db->plan.n)
		log_bank(f, db);
	return 0;
}

/* Closes the sector being filled, if any. */
static int dl_flush_current(struct flash_s *f, struct error_s *err)
{
	struct flash_download_s *dl = f->dl;
	struct dl_bank_s *db;

	if (dl->cur_bank < 0)
		return 0;
	db = &dl->b[dl->cur_bank];
	dl->cur_bank = -1;
	if (dl_finish_upto(f, db, dl->cur.index, err) || dl_sector(f, db, &dl->cur, dl->buf, err))
		return -1;
	db->next_index = dl->cur.index + 1;
	return 0;
}

static int dl_write_piece(struct flash_s *f, struct dl_bank_s *db, uint32_t addr, const uint8_t *data, uint32_t len,
			  struct error_s *err)
{
	struct flash_download_s *dl = f->dl;
	unsigned bi = (unsigned)(db - dl->b);
	struct flash_sector_s s;

	if (!flash_geom_sector_at(&db->plan.geom, addr, &s) || !db->plan.s[s.index].in_erase)
		return error_set(err, FLASH_ERR_RANGE, "write at 0x%08x+0x%x falls outside the ranges erased by vFlashErase",
				 addr, len);
	if (dl->cur_bank != (int)bi || dl->cur.index != s.index) {
		if (s.index < db->next_index || (dl->cur_bank > (int)bi))
			return error_set(err, FLASH_ERR_STATE,
					 "write at 0x%08x goes back to a sector already programmed (data must come in address order)",
					 addr);
		if (dl_flush_current(f, err))
			return -1;
		/* earlier banks are complete once the data moved past them */
		for (unsigned i = 0; i < bi; i++)
			if (dl->b[i].touched && dl_finish_upto(f, &dl->b[i], dl->b[i].plan.n, err))
				return -1;
		dl->cur_bank = (int)bi;
		dl->cur = s;
		memset(dl->buf, db->bank->erased, s.size);
	}
	memcpy(dl->buf + (addr - s.addr), data, len);
	return 0;
}

int dl_write_now(struct flash_s *f, uint32_t addr, const uint8_t *data, uint32_t len, struct error_s *err)
{
	while (len) {
		struct dl_bank_s *db = dl_bank_of(f, addr);
		struct flash_sector_s s;
		uint32_t n;

		if (!db || !db->plan.s || !flash_geom_sector_at(&db->plan.geom, addr, &s))
			return error_set(err, FLASH_ERR_RANGE, "write at 0x%08x is outside the flash erased by vFlashErase",
					 addr);
		n = s.addr + s.size - addr;
		if (n > len)
			n = len;
		if (db->bank->otp) {
			if (dl_otp_write(f, db, addr, data, n, err))
				return -1;
		} else if (dl_write_piece(f, db, addr, data, n, err)) {
			return -1;
		}
		addr += n;
		data += n;
		len -= n;
	}
	return 0;
}

int flash_dl_write(struct flash_s *f, uint32_t addr, const uint8_t *data, uint32_t len, struct error_s *err)
{
	if (!f->dl)
		return error_set(err, FLASH_ERR_STATE, "write at 0x%08x without an erase first (vFlashErase)", addr);
	if (len == 0)
		return 0;
	if (f->dl->held_mode) {
		if (dl_hold(f, addr, data, len, err))
			goto fail;
		return 0;
	}
	if (dl_start(f, err) || dl_write_now(f, addr, data, len, err))
		goto fail;
	return 0;
fail:
	dl_end(f, -1, err);
	return -1;
}

/* Logged only once level 2 has passed: the line in the server log that says the download is verified. */
static void dl_log_banks(struct flash_s *f)
{
	const struct flash_report_s *r = &f->dl->rep;

	flash_logf(f, 2,
		   "flash: %u sector(s) erased, %u bank erase(s), %u programmed, %u unchanged; %llu bytes programmed; "
		   "verify passed: level 1 %s, level 2 %s over %llu bytes",
		   r->sectors_erased, r->bank_erases, r->sectors_programmed, r->sectors_skipped,
		   (unsigned long long)r->bytes_programmed, f->opt.l1 ? "on" : "off",
		   f->opt.l2 == FLASH_L2_OFF ? "off" : f->opt.l2 == FLASH_L2_CRC ? "by CRC" : "by read-back",
		   (unsigned long long)r->l2_bytes);
}

int flash_dl_done(struct flash_s *f, struct flash_report_s *rep, struct error_s *err)
{
	struct flash_download_s *dl = f->dl;
	int rc = 0;

	if (!dl) {
		memset(&f->last, 0, sizeof(f->last));
		if (rep)
			*rep = f->last;
		return 0;
	}
	if (dl->held_mode)
		rc = dl_release(f, err);
	if (!rc)
		rc = dl_start(f, err);
	if (!rc)
		rc = dl_flush_current(f, err);
	for (unsigned i = 0; i < f->n_banks && !rc; i++)
		if (dl->b[i].touched && !dl->b[i].bank->otp)
			rc = dl_finish_upto(f, &dl->b[i], dl->b[i].plan.n, err);
	if (!rc)
		rc = flash_stream_drain(f, err);
	if (!rc)
		rc = dl_otp_program(f, err);
	if (!rc)
		rc = dl_verify_l2(f, err);
	if (!rc)
		dl_log_banks(f);
	rc = dl_end(f, rc, err);
	if (rep)
		*rep = f->last;
	return rc;
}
