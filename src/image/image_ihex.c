// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Intel HEX (Intel, "Hexadecimal Object File Format Specification", rev. A, 1988):
 * ":LLAAAATT<data>CC" records, CC the two's complement of the sum of the other bytes.
 *   00 data            LL bytes at base + AAAA
 *   01 end of file     required: a file without it was cut short
 *   02 extended segment address   base = value << 4 (8086 segments)
 *   03 start segment address      CS:IP, kept as the entry point
 *   04 extended linear address    base = value << 16
 *   05 start linear address       EIP, kept as the entry point
 * A data record that would run past the end of its 64 KiB window is refused: the format
 * wraps the offset there, which no linker means. Blank lines are allowed; anything after
 * the end-of-file record is an error (two files concatenated by hand).
 */
#include <string.h>

#include "src/image/image.h"
#include "src/rsp/hex.h"

/* ':' + 2 hex digits for each of LL, AAAA, TT, up to 255 data bytes and CC */
#define IHEX_LINE_MAX (1 + 2 * (1 + 2 + 1 + 255 + 1))

struct ihex_s {
	struct image_s *im;
	const char *path;
	unsigned long line;
	uint32_t base;
	bool eof;
};

static int ihex_fail_bad(struct ihex_s *h, struct error_s *err, const char *what)
{
	return image_fail(err, h->path, true, h->line, "%s", what);
}

/* One decoded record: rec[0] = LL, rec[1..2] = AAAA, rec[3] = TT, data, checksum. */
static int ihex_record(struct ihex_s *h, const uint8_t *rec, struct error_s *err)
{
	uint8_t n = rec[0], type = rec[3];
	uint32_t off = (uint32_t)rec[1] << 8 | rec[2];
	const uint8_t *d = rec + 4;

	switch (type) {
	case 0x00:
		if (off + n > 0x10000u)
			return image_fail(err, h->path, true, h->line,
					  "data record at offset 0x%04x with %u bytes crosses the end of its 64 KiB window",
					  off, n);
		return image_add(h->im, h->base + off, d, n, h->line, err);
	case 0x01:
		if (n != 0)
			return ihex_fail_bad(h, err, "end-of-file record (type 01) with data");
		h->eof = true;
		return 0;
	case 0x02:
	case 0x04:
		if (n != 2)
			return image_fail(err, h->path, true, h->line, "type %02x record needs 2 data bytes, has %u", type, n);
		h->base = type == 0x02 ? ((uint32_t)d[0] << 8 | d[1]) << 4 : ((uint32_t)d[0] << 8 | d[1]) << 16;
		return 0;
	case 0x03:
	case 0x05:
		if (n != 4)
			return image_fail(err, h->path, true, h->line, "type %02x record needs 4 data bytes, has %u", type, n);
		h->im->has_entry = true;
		h->im->entry = (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
		if (type == 0x03)	/* CS:IP */
			h->im->entry = ((h->im->entry >> 16) << 4) + (h->im->entry & 0xFFFFu);
		return 0;
	default:
		return image_fail(err, h->path, true, h->line, "unknown record type %02x (00-05 exist)", type);
	}
}

static int ihex_line(void *ctx, const char *s, unsigned long lineno, struct error_s *err)
{
	struct ihex_s *h = ctx;
	uint8_t rec[1 + 2 + 1 + 255 + 1], sum = 0;
	size_t digits = strlen(s) - 1, bytes;

	h->line = lineno;
	if (s[0] != ':')
		return image_fail(err, h->path, true, h->line, "does not start with ':' (not an Intel HEX record)");
	if (h->eof)
		return ihex_fail_bad(h, err, "a record after the end-of-file record (type 01)");
	if (digits < 10 || digits % 2)
		return image_fail(err, h->path, true, h->line, "%zu hex digits: a record has an even number, at least 10 "
				  "(cut short?)", digits);
	/* the line reader allows a few characters of slack (blanks, CR): not the decoder */
	if (digits > 2 * sizeof(rec))
		return image_fail(err, h->path, true, h->line, "%zu hex digits: more than the longest record (%zu)",
				  digits, 2 * sizeof(rec));
	if (!rsp_hex_decode(s + 1, digits, rec))
		return ihex_fail_bad(h, err, "a character that is not a hex digit");
	bytes = digits / 2;
	if (bytes != (size_t)rec[0] + 5)
		return image_fail(err, h->path, true, h->line, "byte count says %u data bytes, the line holds %zu (cut short?)",
				  rec[0], bytes - 5);
	for (size_t i = 0; i < bytes; i++)
		sum = (uint8_t)(sum + rec[i]);
	if (sum != 0)
		return image_fail(err, h->path, true, h->line, "checksum error: the record says 0x%02x, its bytes need 0x%02x",
				  rec[bytes - 1], (uint8_t)(-(sum - rec[bytes - 1])));
	return ihex_record(h, rec, err);
}

int image_read_ihex(struct image_s *im, const char *path, FILE *f, struct error_s *err)
{
	struct ihex_s h = { im, path, 0, 0, false };
	unsigned long lines;

	if (image_each_line(f, path, IHEX_LINE_MAX + 8, ihex_line, &h, &lines, err))
		return -1;
	if (!h.eof)
		return image_fail(err, path, true, lines, "the file ends without an end-of-file record (:00000001FF): "
				  "cut short?");
	return 0;
}
