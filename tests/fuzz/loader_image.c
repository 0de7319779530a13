// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz harness: the RAM-loader reader (flash/loader/image.c), which takes a user's CMSIS
 * FLM or ST .stldr file (--loader, `monitor loader add`) apart with libelf. The input is
 * the file. A file it accepts must describe something the runner can use without further
 * checks: a placed span holding every entry point, a sector geometry that tiles the
 * device, a page size in range; and the symbol lookup of fault reports must answer for
 * any address.
 */
#include <stdio.h>
#include <string.h>

#include "flash/loader/image.h"
#include "fuzz.h"

static void check_image(const struct loader_image_s *img)
{
	char where[64];

	FUZZ_CHECK(img->mem != NULL && img->size > 0);
	FUZZ_CHECK((uint64_t)img->link_base + img->size <= 0x100000000ull);
	FUZZ_CHECK(img->data_offset <= img->size);
	FUZZ_CHECK(img->dev_size > 0 && (uint64_t)img->dev_addr + img->dev_size <= 0x100000000ull);
	FUZZ_CHECK(img->page_size > 0 && img->page_size <= 1u << 20);
	FUZZ_CHECK(img->geom.base == img->dev_addr && flash_geom_size(&img->geom) == img->dev_size);
	FUZZ_CHECK(memchr(img->dev_name, '\0', sizeof(img->dev_name)) != NULL);
	FUZZ_CHECK(memchr(img->name, '\0', sizeof(img->name)) != NULL);
	for (unsigned k = 0; k < LOADER_FN_COUNT; k++) {
		uint32_t at = img->fn[k] & ~1u;

		FUZZ_CHECK(!img->fn[k] || (at >= img->link_base && at - img->link_base < img->size));
		FUZZ_CHECK(loader_fn_name(img, (enum loader_fn_e)k)[0] != '\0');
		loader_image_where(img, img->fn[k], where, sizeof(where));
	}
	for (unsigned i = 0; i < img->n_syms; i++) {
		FUZZ_CHECK(memchr(img->syms[i].name, '\0', sizeof(img->syms[i].name)) != NULL);
		FUZZ_CHECK(i == 0 || img->syms[i - 1].addr <= img->syms[i].addr);
		loader_image_where(img, img->syms[i].addr + img->syms[i].size / 2, where, sizeof(where));
	}
	loader_image_where(img, 0xFFFFFFFFu, where, sizeof(where));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loader_image_s *img = NULL;
	struct error_s err;

	memset(&err, 0, sizeof(err));
	if (loader_image_read(&img, "fuzz.flm", data, size, &err) == 0) {
		FUZZ_CHECK(img != NULL);
		check_image(img);
		loader_image_free(img);
	} else {
		/* Refused with a sentence that names the file. */
		FUZZ_CHECK(img == NULL && strstr(err.msg, "fuzz.flm") != NULL);
	}
	return 0;
}
