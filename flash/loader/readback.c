// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a loader session reads back (loader.h): sector digests and CRCs computed on the
 * target by the streaming routine's code placed beside the loader, reading the device's
 * memory-mapped window; and level 2 through the loader itself where its window is not
 * declared mapped (CMSIS Verify with the data sent again, ST's additive CheckSum).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "flash/loader/loader.h"
#include "flash/loaders/stm32_stream.h"

/* One request to the digest/CRC routine beside the loader, run to its end. */
static int run_helper(struct flash_s *f, struct loader_session_s *s, struct stream_slot_s *req, uint32_t timeout_ms,
		      struct error_s *err)
{
	struct stream_ctl_s ctl;
	uint32_t arg = s->ctl;
	struct loader_call_s c;
	uint64_t until;
	int r;

	if (loader_session_drain(f, s, err) || lstream_stop(f, s, err))
		return -1;
	memset(&ctl, 0, sizeof(ctl));
	ctl.erased = 0xFFFFFFFFu;
	ctl.crc_table = s->crc_table;
	ctl.crc_slices = 4;
	ctl.crc_unit = s->crc_unit;
	req->seq = 1;
	req->done = 0;
	ctl.slot[0] = *req;
	ctl.slot[1].op = STREAM_OP_EXIT;
	ctl.slot[1].seq = 1;
	if (cortexm_write_mem(f->t, s->ctl, &ctl, sizeof(ctl)) ||
	    cortexm_routine_call(f->t, &s->routine, s->helper + loader_stm32_stream_entry, s->stack_top, 0, &arg, 1))
		return loader_target_failed(f, err, "starting the digest routine");
	until = flash_now_ms(f) + timeout_ms + LOADER_SLACK_MS;
	while ((r = cortexm_routine_check(f->t, &s->routine)) == 0 && flash_now_ms(f) < until) {
		/*
		 * A CRC ends a download (level 2) or reads only (qCRC): the wire is idle while the
		 * target reads the device, so the page buffers' RAM goes back now, not after
		 */
		if (req->op == STREAM_OP_CRC && loader_restore_buffer(f, s, err) < 0)
			return -1;
	}
	memset(&c, 0, sizeof(c));
	c.fn = LOADER_FN_COUNT;	/* not a loader function: the report says "digest routine" */
	c.args[0] = req->addr;
	c.args[1] = req->len;
	c.addr = req->addr;
	c.len = req->len;
	c.buf = -1;
	if (r < 0)
		return loader_target_failed(f, err, "waiting for the digest routine");
	if (r == 0 && cortexm_halt(f->t))
		return loader_target_failed(f, err, "halting the digest routine");
	{
		uint32_t pc;

		if (cortexm_read_reg(f->t, CORTEXM_PC, &pc))
			return loader_target_failed(f, err, "reading the digest routine's PC");
		if (r == 0 || (pc & ~1u) != s->bkpt) {
			s->failed = true;
			loader_report(f, s, &c, r == 0 ? "did not return in time" : "faulted reading the device's window",
				      err);
			return -1;
		}
	}
	if (cortexm_read_mem(f->t, s->ctl + offsetof(struct stream_ctl_s, slot), req, sizeof(*req)))
		return loader_target_failed(f, err, "reading the digest routine's result");
	return 0;
}

int loader_digest(struct flash_s *f, const struct flash_bank_s *b, uint32_t addr, uint32_t sector_size,
		  uint32_t count, struct stream_digest_s *out, struct error_s *err)
{
	struct loader_session_s *s = loader_open_for(f, b, 0, err);

	if (!s || loader_need_read(f, s, err))
		return -1;
	while (count) {
		uint32_t n = count < s->digest_entries ? count : s->digest_entries;
		struct stream_slot_s req;

		memset(&req, 0, sizeof(req));
		req.op = STREAM_OP_DIGEST;
		req.addr = addr;
		req.len = sector_size;
		req.count = n;
		req.buf = s->digest;
		if (run_helper(f, s, &req, (uint32_t)(((uint64_t)n * sector_size >> 20) * 1000u), err))
			return -1;
		if (cortexm_read_mem(f->t, s->digest, out, n * sizeof(*out)))
			return loader_target_failed(f, err, "reading the sector digests");
		out += n;
		count -= n;
		addr += n * sector_size;
	}
	return 0;
}

int loader_crc(struct flash_s *f, const struct flash_bank_s *b, uint32_t addr, uint32_t len, uint32_t *crc,
	       struct error_s *err)
{
	struct loader_session_s *s = loader_open_for(f, b, 0, err);
	struct stream_slot_s req;

	if (!s || loader_need_read(f, s, err))
		return -1;
	memset(&req, 0, sizeof(req));
	req.op = STREAM_OP_CRC;
	req.addr = addr;
	req.len = len;
	req.cr = 0xFFFFFFFFu;
	if (run_helper(f, s, &req, (uint32_t)((len >> 20) * 1000u), err))
		return -1;
	*crc = req.result[0];
	return 0;
}

int loader_map_window(struct flash_s *f, const struct flash_bank_s *b, struct error_s *err)
{
	struct loader_session_s *s = loader_open_for(f, b, 0, err);

	return !s || loader_need_read(f, s, err) || loader_session_drain(f, s, err) ? -1 : 0;
}

/* Level 2 through the loader's own Verify: the expected bytes go to the target again. */
static int verify_by_loader(struct flash_s *f, struct loader_session_s *s, uint32_t addr, FILE *fp, long off,
			    uint32_t len, struct error_s *err)
{
	uint8_t *chunk = malloc(s->buf_size);

	if (!chunk)
		return error_set(err, FLASH_ERR_RESOURCE, "out of memory");
	for (uint32_t o = 0; o < len; o += s->buf_size) {
		uint32_t n = len - o < s->buf_size ? len - o : s->buf_size;
		struct loader_call_s c;
		int k;

		if (fseek(fp, off + (long)o, SEEK_SET) || fread(chunk, 1, n, fp) != n) {
			free(chunk);
			return error_set(err, FLASH_ERR_RESOURCE, "cannot read the level-2 record of 0x%08x", addr + o);
		}
		k = loader_free_buffer(f, s, err);
		if (k < 0 || loader_fill_buffer(f, s, k, 0, chunk, n, err)) {
			free(chunk);
			return -1;
		}
		loader_verify_call(&c, s, loader_dev_addr(s, addr + o), n, s->bufs + (uint32_t)k * s->buf_size);
		c.buf = k;
		c.addr = addr + o;
		if (loader_enqueue(f, s, &c, err)) {
			free(chunk);
			return -1;
		}
	}
	free(chunk);
	return loader_session_drain(f, s, err);
}

/* Level 2 through ST's CheckSum: an additive byte sum over the range, computed by the loader. */
static int verify_by_checksum(struct flash_s *f, struct loader_session_s *s, uint32_t addr, FILE *fp, long off,
			      uint32_t len, struct error_s *err)
{
	uint8_t chunk[4096];
	uint32_t want = 0, got = 0, r1;
	struct loader_call_s c;

	if (fseek(fp, off, SEEK_SET))
		return error_set(err, FLASH_ERR_RESOURCE, "cannot read the level-2 record of 0x%08x", addr);
	for (uint32_t o = 0; o < len; o += sizeof(chunk)) {
		uint32_t n = len - o < sizeof(chunk) ? len - o : (uint32_t)sizeof(chunk);

		if (fread(chunk, 1, n, fp) != n)
			return error_set(err, FLASH_ERR_RESOURCE, "cannot read the level-2 record of 0x%08x", addr + o);
		for (uint32_t i = 0; i < n; i++)
			want += chunk[i];
	}
	loader_call_init(&c, s, LOADER_FN_CHECKSUM, loader_dev_addr(s, addr), len, 0, 0, 3);
	c.len = len;
	if (loader_session_drain(f, s, err) || loader_enqueue(f, s, &c, err))
		return -1;
	while (s->n)
		if (loader_pump(f, s, true, &got, &r1, err))
			return -1;
	if (got != want)
		return error_set(err, FLASH_ERR_VERIFY,
				 "verify (level 2, the loader's CheckSum) of 0x%08x+0x%x: the device sums to 0x%08x, the image to 0x%08x",
				 addr, len, got, want);
	return 0;
}

int loader_verify_range(struct flash_s *f, const struct flash_bank_s *b, uint32_t addr, FILE *fp, long off,
			uint32_t len, uint32_t crc, const char **how, struct error_s *err)
{
	struct loader_s *l = loader_of_bank(f, b);
	struct loader_session_s *s;
	uint32_t got;

	if (!l)
		return error_set(err, FLASH_ERR_NO_DRIVER, "no loader serves 0x%08x", addr);
	if (!(l->img->flags & RSP_FLAG_MAPPED) && l->img->fn[LOADER_FN_VERIFY]) {
		*how = "the loader's Verify";
		s = loader_open_for(f, b, FLM_FNC_VERIFY, err);
		return s ? verify_by_loader(f, s, addr, fp, off, len, err) : -1;
	}
	if (!(l->img->flags & RSP_FLAG_MAPPED) && l->img->fn[LOADER_FN_CHECKSUM]) {
		*how = "the loader's CheckSum";
		s = loader_open_for(f, b, FLM_FNC_VERIFY, err);
		return s ? verify_by_checksum(f, s, addr, fp, off, len, err) : -1;
	}
	*how = "CRC on the target";
	if (loader_crc(f, b, addr, len, &got, err))
		return -1;
	if (got != crc)
		return error_set(err, FLASH_ERR_VERIFY,
				 "verify (level 2, CRC on the target) of 0x%08x+0x%x: the device's CRC is 0x%08x, the image's 0x%08x",
				 addr, len, got, crc);
	return 0;
}
