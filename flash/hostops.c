// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The host-driven fallback of the streaming routine (design: "a host-driven fallback when
 * the part has too little free RAM"): the same requests, done by the host through the
 * debug port, one register access at a time. Erase: control word, start, poll busy.
 * Program: the control word, then each write unit that is not all erased value as bus
 * writes of its size, polling busy after each (two probe commands a unit: slow, but it
 * needs no target RAM at all). Level 1 reads the chunk back; digests and CRCs are read
 * back and computed here. Used when the routine does not fit the part's work RAM, or when
 * asked (`monitor flash routine off`).
 */
#include <stdlib.h>
#include <string.h>

#include "flash/download.h"

#define HOST_READ_CHUNK 4096u
#define HOST_BUSY_MS 10000u

static int target_failed(struct flash_s *f, struct error_s *err, const char *what, uint32_t addr)
{
	char buf[sizeof(err->msg)];

	error_format(&f->t->err, buf, sizeof(buf));
	return error_set(err, FLASH_ERR_OPERATION, "%s 0x%08x: %s", what, addr, buf);
}

/* Polls SR until busy clears; then -1 with the register named when an error bit is set. */
static int wait_done(struct flash_s *f, const char *what, uint32_t addr, struct error_s *err)
{
	const struct stream_ctl_s *c = &f->stream.params;
	uint64_t until = flash_now_ms(f) + HOST_BUSY_MS;
	uint32_t sr;

	do {
		if (cortexm_read_u32(f->t, c->sr_addr, &sr))
			return target_failed(f, err, what, addr);
		if ((sr & c->busy_mask) && flash_now_ms(f) > until) {
			error_set(err, FLASH_ERR_OPERATION, "%s 0x%08x: the controller stayed busy for %u ms", what, addr,
				  HOST_BUSY_MS);
			f->stream.bank->drv->describe_sr(f, f->stream.bank, sr, err);
			return -1;
		}
	} while (sr & c->busy_mask);
	if (!(sr & c->err_mask))
		return 0;
	error_clear(err);
	error_set(err, FLASH_ERR_OPERATION, "%s 0x%08x failed", what, addr);
	err->has_addr = true;
	err->addr = addr;
	f->stream.bank->drv->describe_sr(f, f->stream.bank, sr, err);
	cortexm_write_u32(f->t, c->sr_addr, c->sr_clear);
	return -1;
}

int flash_host_erase(struct flash_s *f, uint32_t addr, uint32_t cr, struct error_s *err)
{
	const struct stream_ctl_s *c = &f->stream.params;
	int rc;

	if (cortexm_write_u32(f->t, c->sr_addr, c->sr_clear) || cortexm_write_u32(f->t, c->cr_addr, cr) ||
	    cortexm_write_u32(f->t, c->cr_addr, cr | c->start_bit))
		return target_failed(f, err, "erasing", addr);
	rc = wait_done(f, "erasing", addr, err);
	if (cortexm_write_u32(f->t, c->cr_addr, 0) && !rc)
		return target_failed(f, err, "erasing", addr);
	return rc;
}

static int verify_chunk(struct flash_s *f, uint32_t addr, const uint8_t *data, uint32_t len, struct error_s *err)
{
	uint8_t *got = malloc(len);

	if (!got)
		return error_set(err, FLASH_ERR_RESOURCE, "out of memory");
	if (cortexm_read_mem(f->t, addr, got, len)) {
		free(got);
		return target_failed(f, err, "reading back", addr);
	}
	for (uint32_t i = 0; i < len; i++) {
		if (got[i] != data[i]) {
			error_clear(err);
			err->has_addr = true;
			err->addr = addr + i;
			error_set(err, FLASH_ERR_VERIFY, "verify (level 1) failed at 0x%08x: flash holds 0x%02x, expected 0x%02x",
				  addr + i, got[i], data[i]);
			free(got);
			return -1;
		}
	}
	free(got);
	return 0;
}

int flash_host_program(struct flash_s *f, uint32_t addr, const uint8_t *data, uint32_t len, uint32_t cr, bool verify,
		       struct error_s *err)
{
	const struct stream_ctl_s *c = &f->stream.params;
	uint32_t unit = c->unit, size = unit > 4 ? 4 : unit;
	int rc = 0;

	if (cortexm_write_u32(f->t, c->sr_addr, c->sr_clear) || cortexm_write_u32(f->t, c->cr_addr, cr))
		return target_failed(f, err, "programming", addr);
	for (uint32_t o = 0; o < len && !rc; o += unit) {
		if (flash_all_erased(data + o, unit, (uint8_t)c->erased))
			continue;
		if (cortexm_write_mem_sized(f->t, addr + o, data + o, unit, size))
			rc = target_failed(f, err, "programming", addr + o);
		else
			rc = wait_done(f, "programming", addr + o, err);
	}
	if (cortexm_write_u32(f->t, c->cr_addr, 0) && !rc)
		rc = target_failed(f, err, "programming", addr);
	if (!rc && verify)
		rc = verify_chunk(f, addr, data, len, err);
	return rc;
}

/* Reads [addr, addr+len) and feeds it to the CRC; *first gets the first non-erased word. */
static int read_scan(struct flash_s *f, uint32_t addr, uint32_t len, uint32_t *crc, uint32_t *first,
		     struct error_s *err)
{
	uint8_t buf[HOST_READ_CHUNK];

	*first = 0;
	for (uint32_t o = 0; o < len; o += HOST_READ_CHUNK) {
		uint32_t n = len - o < HOST_READ_CHUNK ? len - o : HOST_READ_CHUNK;

		if (cortexm_read_mem(f->t, addr + o, buf, n))
			return target_failed(f, err, "reading", addr + o);
		if (crc)
			*crc = flash_crc32(*crc, buf, n);
		for (uint32_t i = 0; i < n && !*first; i += 4)
			if (memcmp(buf + i, "\xff\xff\xff\xff", n - i < 4 ? n - i : 4) != 0)
				*first = addr + o + i;
	}
	return 0;
}

int flash_host_digest(struct flash_s *f, uint32_t addr, uint32_t sector_size, uint32_t count,
		      struct stream_digest_s *out, struct error_s *err)
{
	for (uint32_t i = 0; i < count; i++, addr += sector_size) {
		uint32_t crc = 0xFFFFFFFFu, first;

		if (read_scan(f, addr, sector_size, &crc, &first, err))
			return -1;
		out[i].blank = first == 0;
		out[i].crc = first ? crc : 0;
	}
	return 0;
}

int flash_host_crc(struct flash_s *f, uint32_t addr, uint32_t len, uint32_t *crc, struct error_s *err)
{
	uint32_t first;

	*crc = 0xFFFFFFFFu;
	return read_scan(f, addr, len, crc, &first, err);
}

int flash_host_blank(struct flash_s *f, uint32_t addr, uint32_t len, uint32_t *first, struct error_s *err)
{
	return read_scan(f, addr, len, NULL, first, err);
}
