/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Program images as the command line reads them: ELF (PT_LOAD segments with file data, at
 * their physical address: the LMA, which is where gdb's `load` puts them), Intel HEX,
 * Motorola S-record and raw binary (at --base). One or more files become one sorted list
 * of (address, bytes) segments, adjacent ones merged, overlaps refused.
 *
 * The whole image is read and checked before the target is touched: a checksum error on
 * the last line of a HEX file must stop a `flash` before anything is erased. So the bytes
 * are held in memory; that is bounded by the flash they go to (IMAGE_MAX_BYTES is above
 * the largest device served, a 128 MiB NOR), not by the host.
 *
 * Every error names the file and the line (HEX, S-record) or the byte offset (ELF,
 * binary), as a struct error_s with code IMAGE_ERR_READ (cannot open or read) or
 * IMAGE_ERR_FORMAT (malformed, truncated, overlapping, empty).
 *
 * Files: image.c (segments, detection, overlaps), image_elf.c, image_ihex.c,
 * image_srec.c, image_bin.c.
 */
#ifndef SRC_IMAGE_IMAGE_H
#define SRC_IMAGE_IMAGE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "src/error/error.h"

/* More than any flash this server programs (the 128 MiB NOR of the N657 board), so a
 * larger image is a mistake (a wrong --base, a HEX file of the whole address space). */
#define IMAGE_MAX_BYTES (256u << 20)

enum image_format_e {
	IMAGE_AUTO,	/* from the file name, else from the first bytes */
	IMAGE_ELF,
	IMAGE_IHEX,
	IMAGE_SREC,
	IMAGE_BIN,	/* needs a base address */
};

struct image_seg_s {
	uint32_t addr;
	uint32_t len;
	uint8_t *data;
	unsigned file;		/* index into image_s.files */
	unsigned long where;	/* line (HEX, S-record) or byte offset (ELF, binary) it starts at */
};

struct image_file_s {
	char *path;
	enum image_format_e format;
};

struct image_s {
	struct image_seg_s *segs;	/* sorted by address after image_finish */
	unsigned n_segs, cap_segs;
	struct image_file_s *files;
	unsigned n_files;
	uint64_t total;			/* bytes in all segments */
	bool has_entry;			/* the last file that named one (ELF e_entry, HEX 05, S7-S9) */
	uint32_t entry;
};

void image_init(struct image_s *im);
void image_free(struct image_s *im);

/* Reads one file and appends its segments; base is used (and needed) for IMAGE_BIN only. */
int image_load(struct image_s *im, const char *path, enum image_format_e format, bool has_base, uint32_t base,
	       struct error_s *err);
/* After the last file: sorts, refuses overlaps (naming both origins), merges adjacent runs. */
int image_finish(struct image_s *im, struct error_s *err);

/* "elf", "ihex", "srec", "bin" (and "auto"); false when unknown. */
bool image_parse_format(const char *name, enum image_format_e *format);
const char *image_format_name(enum image_format_e format);

/* Where a segment comes from: "app.hex line 12", "app.elf offset 0x34". */
void image_seg_origin(const struct image_s *im, const struct image_seg_s *s, char *buf, size_t len);

/* ---- for the readers (image_*.c) ---- */

/* Appends bytes, extending the last segment when they follow it in the same file. */
int image_add(struct image_s *im, uint32_t addr, const uint8_t *data, uint32_t len, unsigned long where,
	      struct error_s *err);
/* error_set with the file name and the line (by_line) or offset in front: IMAGE_ERR_FORMAT. */
int image_fail(struct error_s *err, const char *path, bool by_line, unsigned long where, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

int image_read_elf(struct image_s *im, const char *path, struct error_s *err);
int image_read_ihex(struct image_s *im, const char *path, FILE *f, struct error_s *err);
int image_read_srec(struct image_s *im, const char *path, FILE *f, struct error_s *err);
int image_read_bin(struct image_s *im, const char *path, FILE *f, uint32_t base, struct error_s *err);

/*
 * The text formats' loop: fn is called for every line that is not blank, leading blanks
 * skipped, end of line removed, with its number; it returns 0 or -1 (err set). A line
 * longer than max, a NUL in a line (a binary file given as text) and a read error are
 * errors too. *lines gets the number of the last line read. 0, or -1.
 */
typedef int image_line_fn(void *ctx, const char *line, unsigned long lineno, struct error_s *err);
int image_each_line(FILE *f, const char *path, size_t max, image_line_fn *fn, void *ctx, unsigned long *lines,
		    struct error_s *err);

#endif /* SRC_IMAGE_IMAGE_H */
