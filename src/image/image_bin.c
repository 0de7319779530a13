// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Raw binary: the file's bytes from its first one at --base. Read in blocks so that a read
 * error names the offset where it happened; an empty file is an error (nothing to
 * program is never what a production run means).
 */
#include <errno.h>
#include <string.h>

#include "src/image/image.h"

int image_read_bin(struct image_s *im, const char *path, FILE *f, uint32_t base, struct error_s *err)
{
	uint8_t block[65536];
	unsigned long off = 0;
	size_t n;

	while ((n = fread(block, 1, sizeof(block), f)) > 0) {
		if ((uint64_t)base + off > 0xFFFFFFFFull)
			return image_fail(err, path, false, off, "byte at offset 0x%lx lies past the 4 GiB address space "
					  "(base 0x%08x)", off, base);
		if (image_add(im, (uint32_t)(base + off), block, (uint32_t)n, off, err))
			return -1;
		off += n;
	}
	if (ferror(f))
		return error_set(err, IMAGE_ERR_READ, "%s: read error at offset 0x%lx: %s", path, off, strerror(errno));
	if (off == 0)
		return image_fail(err, path, false, 0, "the file is empty");
	return 0;
}
