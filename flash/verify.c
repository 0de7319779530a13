// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Level-2 verify (design.md, "Verification"): after the whole download, every programmed
 * run is checked again, by a CRC-32 the routine computes on the target (no data crosses
 * the wire) or by reading it back. On a mismatch the run is read back and compared with
 * its expected bytes, so the error names the first differing address and both values.
 */
#include <stdlib.h>
#include <string.h>

#include "flash/download.h"
#include "flash/loader/loader.h"

#define L2_READ_CHUNK 4096u

uint32_t flash_crc32(uint32_t crc, const uint8_t *buf, size_t len)
{
	while (len--) {
		crc ^= (uint32_t)*buf++ << 24;
		for (int k = 0; k < 8; k++)
			crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04C11DB7u : crc << 1;
	}
	return crc;
}

/* Reads the run back and compares it with the file; 0 when equal. */
static int compare_run(struct flash_s *f, const struct dl_range_s *r, const char *how, struct error_s *err)
{
	uint8_t want[L2_READ_CHUNK], got[L2_READ_CHUNK];

	if (fseek(f->dl->expect, r->off, SEEK_SET))
		return error_set(err, FLASH_ERR_RESOURCE, "cannot read back the level-2 record of 0x%08x", r->addr);
	for (uint32_t o = 0; o < r->len; o += L2_READ_CHUNK) {
		uint32_t n = r->len - o < L2_READ_CHUNK ? r->len - o : L2_READ_CHUNK;

		if (fread(want, 1, n, f->dl->expect) != n)
			return error_set(err, FLASH_ERR_RESOURCE, "cannot read back the level-2 record of 0x%08x", r->addr);
		if (cortexm_read_mem(f->t, r->addr + o, got, n)) {
			char buf[200];

			error_format(&f->t->err, buf, sizeof(buf));
			return error_set(err, FLASH_ERR_VERIFY, "level-2 read-back of 0x%08x failed: %s", r->addr + o, buf);
		}
		for (uint32_t i = 0; i < n; i++) {
			if (want[i] != got[i]) {
				error_clear(err);
				err->has_addr = true;
				err->addr = r->addr + o + i;
				return error_set(err, FLASH_ERR_VERIFY,
						 "verify (level 2, %s) failed at 0x%08x: flash holds 0x%02x, expected 0x%02x",
						 how, r->addr + o + i, got[i], want[i]);
			}
		}
	}
	return 0;
}

int dl_verify_l2(struct flash_s *f, struct error_s *err)
{
	struct flash_download_s *dl = f->dl;

	for (unsigned i = 0; i < dl->n_ranges; i++) {
		const struct dl_range_s *r = &dl->ranges[i];
		uint32_t crc;

		switch (f->opt.l2) {
		case FLASH_L2_OFF:
			return 0;
		case FLASH_L2_CRC:
			if (flash_bank_is_loader(flash_bank_at(f, r->addr, r->len))) {
				const char *how = "";

				if (loader_verify_range(f, flash_bank_at(f, r->addr, r->len), r->addr, dl->expect, r->off,
							r->len, r->crc, &how, err))
					return -1;
				flash_logf(f, 3, "flash: level 2 of 0x%08x+0x%x by %s", r->addr, r->len, how);
				break;
			}
			if (flash_stream_crc(f, r->addr, r->len, &crc, err))
				return -1;
			if (crc != r->crc) {
				if (compare_run(f, r, "CRC", err))
					return -1;
				/* the bytes agree: the routine's CRC was wrong, which is a fault of its own */
				return error_set(err, FLASH_ERR_ROUTINE,
						 "level-2 CRC of 0x%08x+0x%x: target says 0x%08x, expected 0x%08x, yet the bytes read back agree",
						 r->addr, r->len, crc, r->crc);
			}
			break;
		case FLASH_L2_READBACK:
			if (compare_run(f, r, "read-back", err))
				return -1;
			break;
		}
		dl->rep.l2_bytes += r->len;
	}
	return 0;
}
