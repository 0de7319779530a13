// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz harness: the image readers (src/image/: ELF, Intel HEX, S-record, raw binary) that
 * `rspflash flash` and `verify` run on a user's files before anything is erased. The first
 * byte picks the format (auto, elf, ihex, srec, bin at 0x08000000), the rest is the file
 * (a scratch file: the readers take a path). An image they accept must be what
 * the flash code can trust: segments sorted, apart, with data, adding up to the total;
 * a refusal names the file.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "src/image/image.h"

static void check_image(const struct image_s *im)
{
	uint64_t total = 0;

	for (unsigned i = 0; i < im->n_segs; i++) {
		const struct image_seg_s *s = &im->segs[i];

		FUZZ_CHECK(s->len > 0 && s->data != NULL);
		FUZZ_CHECK((uint64_t)s->addr + s->len <= 0x100000000ull);
		FUZZ_CHECK(s->file < im->n_files);
		FUZZ_CHECK(i == 0 || (uint64_t)im->segs[i - 1].addr + im->segs[i - 1].len <= s->addr);
		total += s->len;
	}
	FUZZ_CHECK(total == im->total && total <= IMAGE_MAX_BYTES);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum image_format_e formats[] = { IMAGE_AUTO, IMAGE_ELF, IMAGE_IHEX, IMAGE_SREC, IMAGE_BIN };
	struct image_s im;
	struct error_s err;
	enum image_format_e fmt;
	const char *path;

	if (size < 1)
		return 0;
	fmt = formats[data[0] % 5];
	path = fuzz_scratch_file("image", data + 1, size - 1);
	image_init(&im);
	memset(&err, 0, sizeof(err));
	if (image_load(&im, path, fmt, fmt == IMAGE_BIN, 0x08000000u, &err) == 0 && image_finish(&im, &err) == 0)
		check_image(&im);
	else
		FUZZ_CHECK(strstr(err.msg, path) != NULL);	/* the refusal names the file */
	image_free(&im);
	unlink(path);
	return 0;
}
