// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The images of `flash` and `verify`: every file read and checked before the probe is
 * opened (a bad image touches nothing), then every segment checked against the flash
 * banks of the attached part before anything is erased.
 */
#include "src/cli/cli.h"
#include "src/cli/json.h"

int cli_images_read(const struct cli_opts_s *o, int argc, char **argv, struct image_s *im, struct error_s *err)
{
	image_init(im);
	for (int i = 0; i < argc; i++)
		if (image_load(im, argv[i], o->format, o->has_base, o->base, err))
			return CLI_EXIT_IMAGE;
	return image_finish(im, err) ? CLI_EXIT_IMAGE : CLI_EXIT_OK;
}

int cli_images_open(const struct cli_opts_s *o, int argc, char **argv, struct json_object *j, struct image_s *im,
		    struct cli_target_s **ct, struct error_s *err)
{
	int rc;

	error_clear(err);
	*ct = NULL;
	cli_interrupt_install();
	rc = cli_images_read(o, argc, argv, im, err);
	cli_json_image(j, im);
	if (rc == CLI_EXIT_OK)
		rc = cli_target_open(o, true, ct, err);
	if (rc == CLI_EXIT_OK)
		cli_json_target(j, *ct);
	return rc;
}

/* Every byte of the image must be in a flash bank: RAM or a gap is not programmed here. */
int cli_images_check(struct cli_target_s *ct, const struct image_s *im, struct error_s *err)
{
	for (unsigned i = 0; i < im->n_segs; i++) {
		const struct image_seg_s *s = &im->segs[i];
		uint64_t a = s->addr, end = (uint64_t)s->addr + s->len;

		while (a < end) {
			const struct flash_bank_s *b = flash_bank_at(ct->g.flash, (uint32_t)a, 1);
			char where[200], map[256];

			if (!b) {
				image_seg_origin(im, s, where, sizeof(where));
				target_mem_describe(ct->t.part, map, sizeof(map));
				error_set(err, FLASH_ERR_RANGE, "%s: 0x%08x is not in a flash bank of %s (%s)", where, (uint32_t)a,
					  ct->t.part ? ct->t.part->name : "the target", map);
				err->has_addr = true;
				err->addr = (uint32_t)a;
				return CLI_EXIT_TARGET;
			}
			a = (uint64_t)b->geom.base + b->size;
		}
	}
	return CLI_EXIT_OK;
}
