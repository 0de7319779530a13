// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The loaders a part has and the banks they serve: built-ins named by the part's row in
 * targets/, files the user adds (--loader, monitor loader add). A loader's bank is a
 * flash bank like any other (the planner, skip-unchanged and both verify levels apply);
 * its driver (flash_driver_loader) hands erase and program to the runner (run.c).
 * A file whose device overlaps a loader already there replaces it: a user's loader for a
 * board wins over the built-in one.
 */
#include <stdlib.h>
#include <string.h>

#include "flash/loader/loader.h"
#include "flash/loaders/builtin.h"
#include "flash/loaders/flm_abi.h"

struct loader_s *loader_of_bank(struct flash_s *f, const struct flash_bank_s *b)
{
	if (!b || b->drv != &flash_driver_loader || !f->loaders || b->drv_data >= f->loaders->n)
		return NULL;
	return &f->loaders->l[b->drv_data];
}

static int add(struct flash_s *f, struct loader_image_s *img, const char *source, bool builtin, bool has_addr,
	       uint32_t addr, struct error_s *err)
{
	struct loader_set_s *set = f->loaders;
	struct loader_s *l = NULL;
	uint32_t base = has_addr ? addr : img->dev_addr;

	if ((uint64_t)base + img->dev_size > 0x100000000ull) {
		error_set(err, FLASH_ERR_LOADER, "loader %s: device 0x%08x+0x%x runs past 4 GB", img->name, base,
			  img->dev_size);
		loader_image_free(img);
		return -1;
	}
	for (unsigned i = 0; i < set->n; i++) {
		struct loader_s *o = &set->l[i];

		if (base < o->dev_addr + o->img->dev_size && o->dev_addr < base + img->dev_size) {
			flash_logf(f, 2, "loader %s (%s) replaces %s (%s) at 0x%08x", img->name, source, o->img->name,
				   o->source, o->dev_addr);
			loader_image_free(o->img);
			l = o;
			break;
		}
	}
	if (!l) {
		if (set->n == LOADER_MAX) {
			loader_image_free(img);
			return error_set(err, FLASH_ERR_RESOURCE, "at most %u loaders at once", LOADER_MAX);
		}
		l = &set->l[set->n++];
	}
	memset(l, 0, sizeof(*l));
	l->img = img;
	l->builtin = builtin;
	l->dev_addr = base;
	img->geom.base = base;
	snprintf(l->source, sizeof(l->source), "%s", source);
	return 0;
}

int loader_set_init(struct flash_s *f, struct error_s *err)
{
	const struct target_part_s *p = f->part;

	f->loaders = calloc(1, sizeof(*f->loaders));
	if (!f->loaders)
		return error_set(err, FLASH_ERR_RESOURCE, "out of memory");
	for (const char *const *name = p && p->loaders ? p->loaders : NULL; name && *name; name++) {
		const struct flash_builtin_loader_s *b = flash_builtin_loader_find(*name);
		struct loader_image_s *img;
		char source[96];

		if (!b) {
			flash_logf(f, 1, "part %s names loader %s, which this build lacks", p->name, *name);
			continue;
		}
		if (loader_image_read(&img, b->name, b->elf, *b->size, err))
			return -1;
		snprintf(source, sizeof(source), "built-in %s", b->name);
		if (add(f, img, source, true, false, 0, err))
			return -1;
	}
	return 0;
}

void loader_set_free(struct flash_s *f)
{
	if (!f->loaders)
		return;
	loader_session_end(f, NULL);
	for (unsigned i = 0; i < f->loaders->n; i++)
		loader_image_free(f->loaders->l[i].img);
	free(f->loaders);
	f->loaders = NULL;
}

int flash_loader_add(struct flash_s *f, const char *path, bool has_addr, uint32_t addr, struct error_s *err)
{
	struct loader_image_s *img;

	if (f->dl)
		return error_set(err, FLASH_ERR_STATE, "a download is in progress");
	if (loader_image_read_file(&img, path, err))
		return -1;
	if (loader_session_end(f, err) || add(f, img, path, false, has_addr, addr, err))
		return -1;
	return flash_reprobe(f, err);
}

int flash_loader_trace(struct flash_s *f, int on)
{
	if (on >= 0)
		f->loaders->trace = on != 0;
	return f->loaders->trace;
}

const char *flash_loader_last_report(const struct flash_s *f)
{
	return f->loaders->last_report;
}

int flash_loader_describe(struct flash_s *f, char *buf, size_t len)
{
	return loader_describe(f, buf, len);
}

/* Adds a bank per loader (flash.c's probe, after the part's own driver). */
int loader_add_banks(struct flash_s *f, struct error_s *err)
{
	for (unsigned i = 0; f->loaders && i < f->loaders->n; i++) {
		struct loader_s *l = &f->loaders->l[i];
		const struct target_mem_s *m = target_mem_at(f->part, l->dev_addr);
		struct flash_bank_s *b = flash_add_bank(f, m && m->base == l->dev_addr ? m->name : l->img->dev_name,
							l->dev_addr, &flash_driver_loader);

		if (!b)
			return error_set(err, FLASH_ERR_RESOURCE, "too many flash banks");
		b->geom = l->img->geom;
		b->geom.base = l->dev_addr;
		b->erased = l->img->erased;
		b->write_unit = 4;
		b->bank_erase = l->img->fn[LOADER_FN_ERASE_CHIP] != 0;
		b->drv_data = i;
	}
	return 0;
}

static int drv_probe(struct flash_s *f, struct error_s *err)
{
	(void)f;
	(void)err;
	return 0;	/* banks come from loader_add_banks */
}

static void drv_stream_params(struct flash_s *f, const struct flash_bank_s *b, struct stream_ctl_s *ctl)
{
	(void)f;
	(void)b;
	(void)ctl;
}

/* The "control word" of a loader erase is the size of the unit; 0 is the whole device. */
static int drv_erase_word(struct flash_s *f, const struct flash_bank_s *b, const struct flash_sector_s *s,
			  uint32_t *cr, struct error_s *err)
{
	(void)f;
	(void)b;
	(void)err;
	*cr = s->size;
	return 0;
}

static int drv_bank_erase_word(struct flash_s *f, const struct flash_bank_s *b, uint32_t *cr, struct error_s *err)
{
	(void)f;
	(void)b;
	(void)err;
	*cr = 0;
	return 0;
}

static uint32_t drv_program_word(struct flash_s *f, const struct flash_bank_s *b)
{
	(void)f;
	(void)b;
	return 0;
}

/* Typical times: RspEraseTimesUs where the loader states them, else a quarter of its declared maximum. */
static uint32_t drv_erase_us(struct flash_s *f, const struct flash_bank_s *b, uint32_t size)
{
	const struct loader_s *l = loader_of_bank(f, b);
	const struct loader_image_s *img = l->img;
	uint32_t sector = img->geom.runs[0].size;
	uint64_t sector_us = img->to_erase_ms ? img->to_erase_ms * 250ull : 50000ull, us;

	for (unsigned i = 0; i < 4 && img->erase_sizes[i]; i++) {
		if (img->erase_sizes[i] == sector && img->erase_us[i])
			sector_us = img->erase_us[i];
		if (size && img->erase_sizes[i] == size && img->erase_us[i])
			return img->erase_us[i];
	}
	if (!size)	/* the whole device: as long as its sectors one by one, a NOR's chip erase is not faster */
		size = b->size;
	us = sector_us * (size / sector ? size / sector : 1);
	if (size > sector && size < b->size)	/* a block, no time declared: NOR blocks take ~half their sectors' time */
		us /= 2;
	return us > 0xFFFFFFFFull ? 0xFFFFFFFFu : (uint32_t)us;
}

static int drv_end(struct flash_s *f, struct error_s *err)
{
	return loader_session_end(f, err);
}

static int drv_info(struct flash_s *f, const struct flash_bank_s *b, char *buf, size_t len)
{
	const struct loader_s *l = loader_of_bank(f, b);

	return snprintf(buf, len, "loader %s (%s, %s): %s", l->img->name, l->source,
			l->img->kind == LOADER_FLM ? "CMSIS FLM" : "ST external loader", l->img->dev_name);
}

const struct flash_driver_s flash_driver_loader = {
	.name = "loader",
	.probe = drv_probe,
	.stream_params = drv_stream_params,
	.erase_word = drv_erase_word,
	.bank_erase_word = drv_bank_erase_word,
	.program_word = drv_program_word,
	.erase_us = drv_erase_us,
	.end = drv_end,
	.info = drv_info,
};

bool flash_bank_is_loader(const struct flash_bank_s *b)
{
	return b && b->drv == &flash_driver_loader;
}

const uint32_t *flash_loader_erase_sizes(struct flash_s *f, const struct flash_bank_s *b)
{
	const struct loader_s *l = loader_of_bank(f, b);

	return l && l->img->erase_sizes[0] ? l->img->erase_sizes : NULL;
}

int flash_loader_add_spec(struct flash_s *f, const char *spec, struct error_s *err)
{
	const char *at = strrchr(spec, '@');
	char path[1024], *end;
	unsigned long v;

	if (!at || at[1] < '0' || at[1] > '9')
		return flash_loader_add(f, spec, false, 0, err);
	v = strtoul(at + 1, &end, 0);
	if (*end || v > 0xFFFFFFFFul || (size_t)(at - spec) >= sizeof(path) || at == spec)
		return error_set(err, FLASH_ERR_LOADER, "loader '%s': expected FILE or FILE@ADDR (ADDR a 32-bit number)",
				 spec);
	memcpy(path, spec, (size_t)(at - spec));
	path[at - spec] = '\0';
	return flash_loader_add(f, path, true, (uint32_t)v, err);
}
