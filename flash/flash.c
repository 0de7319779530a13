// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The flash layer's front door (flash.h): which driver serves the attached part (named
 * by its row in targets/), its banks, options, and the operations that are not a
 * download (erase now, mass erase), built on the same executor.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flash/download.h"
#include "flash/loader/loader.h"
#include "src/probe/probe.h"

extern const struct flash_driver_s flash_driver_stm32l5, flash_driver_stm32f4, flash_driver_alif_mram;

static const struct flash_driver_s *const drivers[] = {
	&flash_driver_stm32l5,
	&flash_driver_stm32f4,
	&flash_driver_alif_mram,
	NULL,
};

const struct flash_driver_s *flash_driver_find(const char *name)
{
	for (unsigned i = 0; name && drivers[i]; i++)
		if (strcmp(drivers[i]->name, name) == 0)
			return drivers[i];
	return NULL;
}

void flash_logf(struct flash_s *f, int level, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!f->log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	f->log(f->log_ctx, level, msg);
}

int flash_reg_read(struct flash_s *f, uint32_t addr, const char *name, uint32_t *v, struct error_s *err)
{
	if (cortexm_read_u32(f->t, addr, v) == 0)
		return 0;
	*err = f->t->err;
	error_prefix(err, "reading %s at 0x%08x: ", name, addr);
	return -1;
}

int flash_reg_write(struct flash_s *f, uint32_t addr, const char *name, uint32_t v, struct error_s *err)
{
	if (cortexm_write_u32(f->t, addr, v) == 0)
		return 0;
	*err = f->t->err;
	error_prefix(err, "writing %s at 0x%08x: ", name, addr);
	return -1;
}

int flash_unlock(struct flash_s *f, const struct flash_lock_s *l, struct error_s *err)
{
	uint32_t cr;

	if (flash_reg_read(f, l->cr, l->cr_name, &cr, err))
		return -1;
	if (!(cr & l->lock_bit))
		return 0;
	if (flash_reg_write(f, l->keyr, l->keyr_name, l->key1, err) ||
	    flash_reg_write(f, l->keyr, l->keyr_name, l->key2, err) || flash_reg_read(f, l->cr, l->cr_name, &cr, err))
		return -1;
	if (!(cr & l->lock_bit))
		return 0;
	error_set(err, FLASH_ERR_PROTECTED, "%s stays locked after the key sequence", l->what);
	error_set_reg(err, l->cr_name, true, l->cr, cr);
	error_set_bits(err, l->lock_name);
	return -1;
}

int flash_restore_ram(struct flash_s *f, uint32_t addr, const void *saved, size_t len)
{
	for (unsigned attempt = 1;; attempt++) {
		if (cortexm_write_mem(f->t, addr, saved, len) == 0) {
			if (attempt > 1)
				flash_logf(f, 2, "RAM at 0x%08x (%zu bytes) restored at attempt %u", addr, len, attempt);
			return 0;
		}
		/* a broken link, or a target that answers nothing even after the line reset the
		 * debug port layer tried, will not take the next try either */
		if (attempt == FLASH_RESTORE_TRIES || f->t->err.code == ADI_ERR_PROBE ||
		    f->t->err.code == ADI_ERR_NO_RESPONSE)
			return -1;
		flash_logf(f, 1, "restoring RAM at 0x%08x (%zu bytes) failed: %s; trying again", addr, len,
			   cortexm_error(f->t));
	}
}

int flash_target_failed(struct flash_s *f, struct error_s *err, const char *what, const char *inflight)
{
	char buf[sizeof(err->msg)], stage[192];
	int code = f->t->err.code;

	error_format(&f->t->err, buf, sizeof(buf));
	error_clear(err);
	snprintf(stage, sizeof(stage), *inflight ? "%s" : " while %s", *inflight ? inflight : what);
	if (code == ADI_ERR_PROBE)
		return error_set(err, code, "the link to the probe broke%s (USB unplugged, TCP dropped?; the next load "
				 "opens it again and redoes it): %s", stage, buf);
	if (code == ADI_ERR_NO_RESPONSE)
		return error_set(err, code, "the target stopped answering%s (lost power or reset?; the next load "
				 "reconnects and redoes it): %s", stage, buf);
	return error_set(err, FLASH_ERR_ROUTINE, "%s%s: %s", what, inflight, buf);
}

void flash_inflight_add(char *inflight, size_t len, uint32_t op, uint32_t addr)
{
	size_t used = strlen(inflight);

	snprintf(inflight + used, len - used, "%s the %s of 0x%08x", used ? " and" : " during",
		 flash_stream_op_name(op), addr);
}

bool flash_all_erased(const uint8_t *p, uint32_t n, uint8_t erased)
{
	for (uint32_t i = 0; i < n; i++)
		if (p[i] != erased)
			return false;
	return true;
}

uint64_t flash_now_ms(const struct flash_s *f)
{
	struct timespec ts;
	uint64_t ns;

	if (f && f->t && f->t->probe && probe_modeled_ns(f->t->probe, &ns) == PROBE_OK)
		return ns / 1000000u;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

struct flash_bank_s *flash_add_bank(struct flash_s *f, const char *name, uint32_t base, const struct flash_driver_s *drv)
{
	struct flash_bank_s *b;

	if (f->n_banks >= FLASH_MAX_BANKS)
		return NULL;
	b = &f->banks[f->n_banks++];
	memset(b, 0, sizeof(*b));
	snprintf(b->name, sizeof(b->name), "%s", name);
	b->geom.base = base;
	b->erased = 0xFF;
	b->write_unit = 4;
	b->drv = drv;
	return b;
}

static int probe(struct flash_s *f, struct error_s *err)
{
	const struct flash_driver_s *d;

	f->n_banks = 0;
	if (!f->part)
		return 0;
	if (f->part->flash_driver) {
		d = flash_driver_find(f->part->flash_driver);
		if (!d)
			return error_set(err, FLASH_ERR_NO_DRIVER, "part %s names flash driver '%s', which this build lacks",
					 f->part->name, f->part->flash_driver);
		if (d->probe(f, err))
			return -1;
	}
	if (loader_add_banks(f, err))
		return -1;
	for (unsigned i = 0; i < f->n_banks; i++)
		f->banks[i].size = (uint32_t)flash_geom_size(&f->banks[i].geom);
	return 0;
}

int flash_open(struct flash_s **out, struct cortexm_s *t, struct error_s *err)
{
	struct flash_s *f = calloc(1, sizeof(*f));

	*out = NULL;
	if (!f)
		return error_set(err, FLASH_ERR_RESOURCE, "out of memory");
	f->t = t;
	f->part = t ? t->part : NULL;
	f->opt.l1 = true;
	f->opt.l2 = FLASH_L2_CRC;
	if (loader_set_init(f, err) || probe(f, err)) {
		loader_set_free(f);
		free(f);
		return -1;
	}
	*out = f;
	return 0;
}

void flash_close(struct flash_s *f)
{
	if (!f)
		return;
	flash_dl_abort(f);
	loader_set_free(f);
	free(f->drv_state);
	free(f);
}

int flash_reprobe(struct flash_s *f, struct error_s *err)
{
	if (f->dl)
		return error_set(err, FLASH_ERR_STATE, "a download is in progress");
	return probe(f, err);
}

struct flash_options_s *flash_options(struct flash_s *f)
{
	return &f->opt;
}

void flash_set_log(struct flash_s *f, flash_log_fn *fn, void *ctx)
{
	f->log = fn;
	f->log_ctx = ctx;
}

unsigned flash_bank_count(const struct flash_s *f)
{
	return f ? f->n_banks : 0;
}

const struct flash_bank_s *flash_bank_get(const struct flash_s *f, unsigned i)
{
	return f && i < f->n_banks ? &f->banks[i] : NULL;
}

const struct flash_bank_s *flash_bank_at(const struct flash_s *f, uint32_t addr, uint32_t len)
{
	for (unsigned i = 0; f && i < f->n_banks; i++) {
		const struct flash_bank_s *b = &f->banks[i];

		if (addr >= b->geom.base && (uint64_t)addr + len <= (uint64_t)b->geom.base + b->size)
			return b;
	}
	return NULL;
}

const char *flash_bank_driver(const struct flash_bank_s *b)
{
	return b->drv->name;
}

int flash_bank_info(struct flash_s *f, unsigned i, char *buf, size_t len)
{
	const struct flash_bank_s *b = flash_bank_get(f, i);

	if (len)
		buf[0] = '\0';
	if (!b || !b->drv->info)
		return 0;
	return b->drv->info(f, b, buf, len);
}

/* An erase without data: a download of nothing over the range (blank sectors stay untouched). */
int flash_erase_range(struct flash_s *f, uint32_t addr, uint32_t len, struct error_s *err)
{
	if (f->dl)
		return error_set(err, FLASH_ERR_STATE, "a download is in progress (vFlashErase without vFlashDone)");
	if (flash_dl_erase(f, addr, len, err))
		return -1;
	return flash_dl_done(f, NULL, err);
}

int flash_mass_erase(struct flash_s *f, int bank, struct error_s *err)
{
	if (bank >= (int)f->n_banks || bank < -1)
		return error_set(err, FLASH_ERR_RANGE, "no flash bank %d (this target has %u)", bank, f->n_banks);
	if (f->dl)
		return error_set(err, FLASH_ERR_STATE, "a download is in progress (vFlashErase without vFlashDone)");
	for (unsigned i = 0; i < f->n_banks; i++) {
		const struct flash_bank_s *b = &f->banks[i];

		if ((bank >= 0 && (int)i != bank) || b->otp)
			continue;
		if (flash_dl_erase(f, b->geom.base, b->size, err))
			return -1;
	}
	return flash_dl_done(f, NULL, err);
}
