// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * OTP in a download (design.md, "Safety"; reference/hardware.md §2): write-once bytes
 * that are never erased. The image's OTP bytes are gathered; before any byte of the
 * download is written they are compared with what the OTP holds: a byte that already
 * holds the image's value is skipped, an erased byte is programmed, a byte that holds
 * another value refuses the whole download. Lock bytes lock blocks only when the user
 * enabled it; data for a locked block is refused. Because GDB sends OTP data last (it
 * lies above main flash), a download that names OTP holds its main-flash writes in a
 * temporary file until vFlashDone (held mode), checks OTP, then replays them.
 */
#include <stdlib.h>
#include <string.h>

#include "flash/download.h"

struct held_rec_s {
	uint32_t addr, len;
};

int dl_hold(struct flash_s *f, uint32_t addr, const uint8_t *data, uint32_t len, struct error_s *err)
{
	struct flash_download_s *dl = f->dl;
	struct held_rec_s rec = { addr, len };
	const struct flash_bank_s *b = flash_bank_at(f, addr, len);

	if (b && b->otp)
		return dl_write_now(f, addr, data, len, err);	/* gathered, nothing touches the target */
	if (!dl->held && !(dl->held = tmpfile()))
		return error_set(err, FLASH_ERR_RESOURCE, "cannot create a temporary file to hold the download");
	if (fwrite(&rec, sizeof(rec), 1, dl->held) != 1 || fwrite(data, 1, len, dl->held) != len)
		return error_set(err, FLASH_ERR_RESOURCE, "cannot hold 0x%08x+0x%x in the temporary file", addr, len);
	return 0;
}

int dl_otp_write(struct flash_s *f, struct dl_bank_s *db, uint32_t addr, const uint8_t *data, uint32_t len,
		 struct error_s *err)
{
	struct flash_download_s *dl = f->dl;
	uint32_t off = addr - db->bank->geom.base;

	if (!db->plan.s[0].in_erase && !db->touched)
		return error_set(err, FLASH_ERR_RANGE, "OTP write at 0x%08x without an erase first", addr);
	if ((uint64_t)off + len > FLASH_OTP_MAX || (uint64_t)off + len > db->bank->size)
		return error_set(err, FLASH_ERR_RANGE, "OTP write at 0x%08x+0x%x runs past bank %s", addr, len,
				 db->bank->name);
	memcpy(dl->otp_data + off, data, len);
	memset(dl->otp_present + off, 1, len);
	dl->otp_bank = db;
	return 0;
}

/* The OTP bytes now, read over the bus. */
static int otp_read(struct flash_s *f, const struct flash_bank_s *b, uint8_t *cur, struct error_s *err)
{
	if (cortexm_read_mem(f->t, b->geom.base, cur, b->size)) {
		char buf[200];

		error_format(&f->t->err, buf, sizeof(buf));
		return error_set(err, FLASH_ERR_OTP, "cannot read OTP at 0x%08x: %s", b->geom.base, buf);
	}
	return 0;
}

/* Everything that can refuse the OTP part of the download, before anything is written. */
static int otp_check(struct flash_s *f, const struct flash_bank_s *b, const uint8_t *cur, struct error_s *err)
{
	struct flash_download_s *dl = f->dl;
	uint32_t lock = b->otp_lock_offset, bad;

	if (plan_otp(cur, dl->otp_data, dl->otp_present, b->size, b->erased, &bad) < 0) {
		error_clear(err);
		err->has_addr = true;
		err->addr = b->geom.base + bad;
		return error_set(err, FLASH_ERR_OTP,
				 "OTP byte 0x%08x already holds 0x%02x, the image has 0x%02x: OTP cannot be erased, "
				 "nothing was written",
				 b->geom.base + bad, cur[bad], dl->otp_data[bad]);
	}
	for (uint32_t i = 0; lock && i < b->size; i++) {
		uint32_t blk = i < lock ? i / b->otp_block : i - lock;
		bool changes = dl->otp_present[i] && cur[i] != dl->otp_data[i];

		if (!changes)
			continue;
		if (i >= lock && !f->opt.otp_lock)
			return error_set(err, FLASH_ERR_OTP,
					 "the image locks OTP block %u (lock byte 0x%08x = 0x%02x): enable it with "
					 "`monitor otp enable locks`; nothing was written",
					 blk, b->geom.base + i, dl->otp_data[i]);
		if (i < lock && cur[lock + blk] != b->erased)
			return error_set(err, FLASH_ERR_OTP,
					 "OTP block %u (0x%08x) is locked (lock byte 0x%08x = 0x%02x) and the image changes "
					 "0x%08x; nothing was written",
					 blk, b->geom.base + blk * b->otp_block, b->geom.base + lock + blk, cur[lock + blk],
					 b->geom.base + i);
	}
	return 0;
}

int dl_release(struct flash_s *f, struct error_s *err)
{
	struct flash_download_s *dl = f->dl;
	uint8_t cur[FLASH_OTP_MAX], buf[4096];
	struct held_rec_s rec;

	dl->held_mode = false;
	if (dl->otp_bank && (otp_read(f, dl->otp_bank->bank, cur, err) || otp_check(f, dl->otp_bank->bank, cur, err)))
		return -1;
	if (!dl->held)
		return 0;
	rewind(dl->held);
	while (fread(&rec, sizeof(rec), 1, dl->held) == 1) {
		for (uint32_t o = 0; o < rec.len; o += sizeof(buf)) {
			uint32_t n = rec.len - o < sizeof(buf) ? rec.len - o : (uint32_t)sizeof(buf);

			if (fread(buf, 1, n, dl->held) != n)
				return error_set(err, FLASH_ERR_RESOURCE, "the held download is truncated at 0x%08x", rec.addr);
			if (dl_start(f, err) || dl_write_now(f, rec.addr + o, buf, n, err))
				return -1;
		}
	}
	return 0;
}

/* Programs the runs of bytes that change, data first, lock bytes last; then reads back. */
int dl_otp_program(struct flash_s *f, struct error_s *err)
{
	struct flash_download_s *dl = f->dl;
	const struct flash_bank_s *b;
	uint8_t cur[FLASH_OTP_MAX], after[FLASH_OTP_MAX];

	if (!dl->otp_bank)
		return 0;
	b = dl->otp_bank->bank;
	if (otp_read(f, b, cur, err) || otp_check(f, b, cur, err) || flash_stream_select(f, b, err))
		return -1;
	for (int pass = 0; pass < 2; pass++) {
		uint32_t from = pass ? b->otp_lock_offset : 0, to = pass || !b->otp_lock_offset ? b->size : b->otp_lock_offset;

		for (uint32_t i = from; i < to;) {
			uint32_t n = 0;

			while (i + n < to && dl->otp_present[i + n] && cur[i + n] != dl->otp_data[i + n] &&
			       n < flash_stream_chunk(f))
				n++;
			if (!n) {
				i++;
				continue;
			}
			if (flash_stream_program(f, b->geom.base + i, dl->otp_data + i, n, f->opt.l1, err))
				return -1;
			dl->rep.otp_bytes_written += n;
			for (uint32_t k = i; pass && k < i + n; k++)
				dl->rep.otp_locked_mask |= 1u << (k - b->otp_lock_offset);
			i += n;
		}
		if (flash_stream_drain(f, err))
			return -1;
	}
	if (otp_read(f, b, after, err))
		return -1;
	for (uint32_t i = 0; i < b->size; i++) {
		if (dl->otp_present[i] && after[i] != dl->otp_data[i]) {
			error_clear(err);
			err->has_addr = true;
			err->addr = b->geom.base + i;
			return error_set(err, FLASH_ERR_VERIFY, "OTP verify failed at 0x%08x: holds 0x%02x, expected 0x%02x",
					 b->geom.base + i, after[i], dl->otp_data[i]);
		}
	}
	if (dl->rep.otp_locked_mask)
		flash_logf(f, 2, "OTP: blocks locked by this download: mask 0x%04x", dl->rep.otp_locked_mask);
	return 0;
}
