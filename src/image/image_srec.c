// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Motorola S-record (srec(5); Motorola M68000 Programmer's Reference, appendix C):
 * "StLL<address><data>CC", LL counting address, data and checksum bytes, CC the ones'
 * complement of the sum of LL, address and data.
 *   S0 header (first line only)    S1/S2/S3 data at a 16/24/32-bit address
 *   S5/S6 count of the data records so far (16/24 bits)
 *   S7/S8/S9 end, with the entry point (32/24/16 bits); required: a file without one
 *   was cut short
 * The records must come in that order and the data at increasing addresses: the format
 * carries a count and a terminator because its files travel through tools that cut and
 * paste them, and records out of sequence are how such damage shows (the line named is
 * the first one out of place). S4 is reserved and refused.
 */
#include <string.h>

#include "src/image/image.h"
#include "src/rsp/hex.h"

/* "S" + type + 2 hex digits for each of LL and up to 255 bytes */
#define SREC_LINE_MAX (2 + 2 * 256)

struct srec_s {
	struct image_s *im;
	const char *path;
	unsigned long line;
	unsigned long data_records;
	bool seen_record;	/* any record: S0 must come first */
	bool ended;		/* S7-S9 seen */
	bool have_next;		/* next_addr is set: data so far ends there */
	uint32_t next_addr;
};

/* Address bytes of S0..S9 (0: S4, reserved). */
static const unsigned addr_bytes[10] = { 2, 2, 3, 4, 0, 2, 3, 4, 3, 2 };

static uint32_t be_value(const uint8_t *p, unsigned n)
{
	uint32_t v = 0;

	while (n--)
		v = v << 8 | *p++;
	return v;
}

static int srec_data(struct srec_s *h, uint32_t addr, const uint8_t *d, uint32_t n, struct error_s *err)
{
	if (h->have_next && addr < h->next_addr)
		return image_fail(err, h->path, true, h->line,
				  "record at 0x%08x comes after data up to 0x%08x: records out of order", addr,
				  h->next_addr - 1);
	h->data_records++;
	h->have_next = true;
	h->next_addr = addr + n;
	return image_add(h->im, addr, d, n, h->line, err);
}

static int srec_record(struct srec_s *h, unsigned type, const uint8_t *rec, size_t bytes, struct error_s *err)
{
	unsigned na = addr_bytes[type];
	uint32_t value = be_value(rec + 1, na), n = (uint32_t)(bytes - 2 - na);
	bool first = !h->seen_record;

	h->seen_record = true;
	if (h->ended)
		return image_fail(err, h->path, true, h->line, "S%u record after the end record: records out of order", type);
	switch (type) {
	case 0:
		if (!first)
			return image_fail(err, h->path, true, h->line, "S0 header after other records: records out of order");
		return 0;
	case 1:
	case 2:
	case 3:
		return srec_data(h, value, rec + 1 + na, n, err);
	case 5:
	case 6:
		if (value != (h->data_records & (type == 5 ? 0xFFFFu : 0xFFFFFFu)))
			return image_fail(err, h->path, true, h->line,
					  "S%u says %u data records, the file has %lu before it: records lost or added", type,
					  value, h->data_records);
		return 0;
	default:	/* 7, 8, 9 */
		h->ended = true;
		h->im->has_entry = true;
		h->im->entry = value;
		return 0;
	}
}

static int srec_line(void *ctx, const char *s, unsigned long lineno, struct error_s *err)
{
	struct srec_s *h = ctx;
	uint8_t rec[256], sum = 0;
	size_t digits = strlen(s) - 2, bytes;
	unsigned type;

	h->line = lineno;
	if (s[0] != 'S' || s[1] < '0' || s[1] > '9')
		return image_fail(err, h->path, true, h->line, "does not start with S0-S9 (not an S-record)");
	type = (unsigned)(s[1] - '0');
	if (type == 4)
		return image_fail(err, h->path, true, h->line, "S4 is a reserved record type");
	if (digits % 2 || digits < 2 * (2 + addr_bytes[type]))
		return image_fail(err, h->path, true, h->line, "%zu hex digits: too few or odd for an S%u record (cut short?)",
				  digits, type);
	if (digits > 2 * sizeof(rec))	/* the line reader allows some slack: not the decoder */
		return image_fail(err, h->path, true, h->line, "%zu hex digits: more than the longest S-record (%zu)",
				  digits, 2 * sizeof(rec));
	if (!rsp_hex_decode(s + 2, digits, rec))
		return image_fail(err, h->path, true, h->line, "a character that is not a hex digit");
	bytes = digits / 2;
	if (rec[0] != bytes - 1)
		return image_fail(err, h->path, true, h->line, "byte count says %u, the line holds %zu (cut short?)", rec[0],
				  bytes - 1);
	for (size_t i = 0; i + 1 < bytes; i++)
		sum = (uint8_t)(sum + rec[i]);
	sum = (uint8_t)~sum;	/* the ones' complement is what the record must hold */
	if (sum != rec[bytes - 1])
		return image_fail(err, h->path, true, h->line, "checksum error: the record says 0x%02x, its bytes need 0x%02x",
				  rec[bytes - 1], sum);
	return srec_record(h, type, rec, bytes, err);
}

int image_read_srec(struct image_s *im, const char *path, FILE *f, struct error_s *err)
{
	struct srec_s h = { .im = im, .path = path };
	unsigned long lines;

	if (image_each_line(f, path, SREC_LINE_MAX + 8, srec_line, &h, &lines, err))
		return -1;
	if (!h.ended)
		return image_fail(err, path, true, lines, "the file ends without an end record (S7, S8 or S9): cut short?");
	return 0;
}
