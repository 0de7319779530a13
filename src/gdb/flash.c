// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vFlash* plumbing: validate and record erases, gather writes per bank, hand complete
 * banks to the backend (flash.h has the whole story), and the vFlash packet handlers.
 */
#include "src/gdb/flash.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/gdb/gdb.h"
#include "src/gdb/log.h"

static int flash_fail(struct gdb_flash_s *f, uint32_t addr, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int flash_fail(struct gdb_flash_s *f, uint32_t addr, const char *fmt, ...)
{
	va_list ap;

	f->err.addr = addr;
	va_start(ap, fmt);
	vsnprintf(f->err.msg, sizeof(f->err.msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- the backend used until the flash layer exists ---- */

static int none_fail(const struct target_mem_s *bank, uint32_t addr, const char *what, struct gdb_flash_error_s *err)
{
	err->addr = addr;
	snprintf(err->msg, sizeof(err->msg),
		 "cannot %s flash at 0x%08x (bank %s): no flash driver for this target yet", what, addr,
		 bank ? bank->name : "?");
	return -1;
}

static int none_erase(void *ctx, const struct target_mem_s *bank, uint32_t addr, uint32_t len,
		      struct gdb_flash_error_s *err)
{
	return none_fail(bank, addr, "erase", err);
}

static int none_program(void *ctx, const struct target_mem_s *bank, uint32_t addr, const uint8_t *data, uint32_t len,
			const struct gdb_verify_s *verify, struct gdb_flash_error_s *err)
{
	return none_fail(bank, addr, "program", err);
}

static int none_mass_erase(void *ctx, const struct target_mem_s *bank, struct gdb_flash_error_s *err)
{
	return none_fail(bank, bank ? bank->base : 0, "mass-erase", err);
}

static int none_info(void *ctx, const struct target_mem_s *bank, char *buf, size_t len)
{
	return snprintf(buf, len, "no flash driver for this target yet");
}

const struct gdb_flash_backend_s gdb_flash_backend_none = {
	.name = "none",
	.erase = none_erase,
	.program = none_program,
	.mass_erase = none_mass_erase,
	.info = none_info,
};

/* ---- banks ---- */

void gdb_flash_init(struct gdb_flash_s *f, const struct target_part_s *part)
{
	memset(f, 0, sizeof(*f));
	f->part = part;
	f->backend = gdb_flash_backend_none;
	f->verify.l1 = true;
	f->verify.l2 = GDB_VERIFY_L2_CRC;
	f->current = -1;
	for (const struct target_mem_s *m = part ? part->mem : NULL; m && m->size; m++)
		if (m->kind == TARGET_MEM_FLASH && f->n_banks < GDB_FLASH_MAX_BANKS)
			f->banks[f->n_banks++].mem = m;
}

void gdb_flash_set_backend(struct gdb_flash_s *f, const struct gdb_flash_backend_s *backend)
{
	f->backend = *backend;
}

static void drop_download(struct gdb_flash_s *f)
{
	for (unsigned i = 0; i < f->n_banks; i++) {
		free(f->banks[i].buf);
		f->banks[i].buf = NULL;
		f->banks[i].n_erase = 0;
		f->banks[i].n_data = 0;
	}
	f->active = false;
	f->current = -1;
}

void gdb_flash_cleanup(struct gdb_flash_s *f)
{
	drop_download(f);
}

bool gdb_flash_abort(struct gdb_flash_s *f)
{
	bool was = f->active;

	drop_download(f);
	return was;
}

uint32_t gdb_flash_block_size(const struct gdb_flash_s *f, const struct target_mem_s *m)
{
	uint32_t live = f->backend.live_block_size ? f->backend.live_block_size(f->backend.ctx, m) : 0;

	if (live)
		return live;
	return m->block_size ? m->block_size : 1;
}

static int bank_index(const struct gdb_flash_s *f, uint32_t addr, uint32_t len)
{
	for (unsigned i = 0; i < f->n_banks; i++) {
		const struct target_mem_s *m = f->banks[i].mem;

		if (addr >= m->base && (uint64_t)addr + len <= (uint64_t)m->base + m->size)
			return (int)i;
	}
	return -1;
}

static int bank_of(struct gdb_flash_s *f, uint32_t addr, uint32_t len, const char *what)
{
	int b = bank_index(f, addr, len);

	if (b < 0)
		return flash_fail(f, addr, "%s 0x%08x..0x%08llx is not inside one flash bank of %s", what, addr,
				  (unsigned long long)addr + len - 1, f->part ? f->part->name : "this target");
	return b;
}

/* Adds [addr, addr+len) to a sorted list of ranges, merging neighbours. */
static int add_range(struct gdb_flash_range_s *r, unsigned *n, uint32_t addr, uint32_t len)
{
	uint64_t end = (uint64_t)addr + len;
	unsigned i = 0, j;

	while (i < *n && (uint64_t)r[i].addr + r[i].len < addr)
		i++;
	j = i;
	while (j < *n && r[j].addr <= end) {
		uint64_t e = (uint64_t)r[j].addr + r[j].len;

		if (r[j].addr < addr)
			addr = r[j].addr;
		if (e > end)
			end = e;
		j++;
	}
	if (j == i && *n >= GDB_FLASH_MAX_RANGES)
		return -1;
	memmove(&r[i + 1], &r[j], (*n - j) * sizeof(*r));
	*n = *n - (j - i) + 1;
	r[i].addr = addr;
	r[i].len = (uint32_t)(end - addr);
	return 0;
}

static bool covered(const struct gdb_flash_range_s *r, unsigned n, uint32_t addr, uint32_t len)
{
	for (unsigned i = 0; i < n; i++)
		if (addr >= r[i].addr && (uint64_t)addr + len <= (uint64_t)r[i].addr + r[i].len)
			return true;
	return false;
}

int gdb_flash_erase(struct gdb_flash_s *f, uint32_t addr, uint32_t len)
{
	int b = bank_of(f, addr, len, "erase of");
	struct gdb_flash_bank_s *bank;
	uint32_t bs;

	if (b < 0)
		return -1;
	bank = &f->banks[b];
	bs = gdb_flash_block_size(f, bank->mem);
	if ((addr - bank->mem->base) % bs || len % bs || len == 0)
		return flash_fail(f, addr, "erase of 0x%08x+0x%x is not on %u-byte block boundaries of bank %s",
				  addr, len, bs, bank->mem->name);
	if (add_range(bank->erase, &bank->n_erase, addr, len))
		return flash_fail(f, addr, "too many separate erase ranges in bank %s", bank->mem->name);
	f->active = true;
	return 0;
}

/* Erase, program, verify one bank; drops its buffer. */
static int hand_over_bank(struct gdb_flash_s *f, struct gdb_flash_bank_s *bank)
{
	const struct gdb_flash_backend_s *be = &f->backend;
	int rc = 0;

	for (unsigned i = 0; i < bank->n_erase && rc == 0; i++) {
		rc = be->erase ? be->erase(be->ctx, bank->mem, bank->erase[i].addr, bank->erase[i].len, &f->err)
			       : none_erase(NULL, bank->mem, bank->erase[i].addr, bank->erase[i].len, &f->err);
		if (rc == 0)
			f->stats.erased_bytes += bank->erase[i].len;
	}
	for (unsigned i = 0; i < bank->n_data && rc == 0; i++) {
		const uint8_t *data = bank->buf + (bank->data[i].addr - bank->mem->base);

		rc = be->program ? be->program(be->ctx, bank->mem, bank->data[i].addr, data, bank->data[i].len,
					       &f->verify, &f->err)
				 : none_program(NULL, bank->mem, bank->data[i].addr, NULL, 0, NULL, &f->err);
		if (rc == 0 && be->verify)
			rc = be->verify(be->ctx, bank->mem, bank->data[i].addr, data, bank->data[i].len, &f->verify,
					&f->err);
		if (rc == 0)
			f->stats.programmed_bytes += bank->data[i].len;
	}
	if (rc == 0)
		f->stats.banks_done++;
	free(bank->buf);
	bank->buf = NULL;
	bank->n_erase = bank->n_data = 0;
	return rc;
}

int gdb_flash_write(struct gdb_flash_s *f, uint32_t addr, const uint8_t *data, uint32_t len)
{
	int b = bank_of(f, addr, len, "write of");
	struct gdb_flash_bank_s *bank;

	if (b < 0)
		return -1;
	bank = &f->banks[b];
	if (len && !covered(bank->erase, bank->n_erase, addr, len))
		return flash_fail(f, addr, "write at 0x%08x+0x%x falls outside the ranges erased by vFlashErase",
				  addr, len);
	if (f->current >= 0 && f->current != b && hand_over_bank(f, &f->banks[f->current]))
		return -1;
	f->current = b;
	f->active = true;
	if (!bank->buf) {
		bank->buf = malloc(bank->mem->size);
		if (!bank->buf)
			return flash_fail(f, addr, "out of memory for the %u-byte buffer of bank %s", bank->mem->size,
					  bank->mem->name);
		memset(bank->buf, 0xFF, bank->mem->size);
	}
	memcpy(bank->buf + (addr - bank->mem->base), data, len);
	if (len && add_range(bank->data, &bank->n_data, addr, len))
		return flash_fail(f, addr, "too many separate data runs in bank %s", bank->mem->name);
	return 0;
}

int gdb_flash_done(struct gdb_flash_s *f)
{
	int rc = 0;

	/* Banks that were erased but got no data still need their erase. */
	for (unsigned i = 0; i < f->n_banks && rc == 0; i++)
		if (f->banks[i].n_erase || f->banks[i].n_data)
			rc = hand_over_bank(f, &f->banks[i]);
	if (rc == 0 && f->backend.done)
		rc = f->backend.done(f->backend.ctx, &f->err);
	if (rc == 0)
		f->stats.downloads++;
	drop_download(f);
	return rc;
}

int gdb_flash_erase_now(struct gdb_flash_s *f, uint32_t addr, uint32_t len)
{
	if (f->active)
		return flash_fail(f, addr, "a download is in progress (vFlashErase without vFlashDone)");
	if (gdb_flash_erase(f, addr, len))
		return -1;
	return gdb_flash_done(f);
}

int gdb_flash_mass_erase(struct gdb_flash_s *f, int bank)
{
	const struct gdb_flash_backend_s *be = &f->backend;

	if (bank >= (int)f->n_banks)
		return flash_fail(f, 0, "no flash bank %d (this target has %u)", bank, f->n_banks);
	for (unsigned i = 0; i < f->n_banks; i++) {
		if (bank >= 0 && (int)i != bank)
			continue;
		if (!be->mass_erase)
			return none_mass_erase(NULL, f->banks[i].mem, &f->err);
		if (be->mass_erase(be->ctx, f->banks[i].mem, &f->err))
			return -1;
	}
	return 0;
}

/* ---- packets ---- */

static int flash_reply_error(struct gdb_s *g)
{
	gdb_flash_abort(&g->flash);
	return gdb_error(g, "%s", g->flash.err.msg);
}

/* "vFlashErase:addr,length" */
int gdb_vflash_erase(struct gdb_s *g, const char *pkt, size_t len)
{
	uint32_t addr, n;
	const char *rest;

	if (!gdb_parse_addr_len(pkt + 12, pkt + len, &addr, &n, &rest) || rest != pkt + len)
		return gdb_error(g, "vFlashErase: malformed packet");
	if (gdb_flash_erase(&g->flash, addr, n))
		return flash_reply_error(g);
	log_debug("vFlashErase 0x%08x+0x%x recorded", addr, n);
	gdb_reply_ok(g);
	return 0;
}

/* "vFlashWrite:addr:binary" */
int gdb_vflash_write(struct gdb_s *g, const char *pkt, size_t len)
{
	uint32_t addr;
	const char *p, *end = pkt + len;

	if (!gdb_parse_hex32(pkt + 12, end, &addr, &p) || p >= end || *p != ':')
		return gdb_error(g, "vFlashWrite: malformed packet");
	p++;
	if (gdb_flash_write(&g->flash, addr, (const uint8_t *)p, (uint32_t)(end - p)))
		return flash_reply_error(g);
	gdb_reply_ok(g);
	return 0;
}

int gdb_vflash_done(struct gdb_s *g, const char *pkt, size_t len)
{
	if (gdb_flash_done(&g->flash))
		return flash_reply_error(g);
	log_info("flash download done (%llu bytes programmed so far)",
		 (unsigned long long)g->flash.stats.programmed_bytes);
	gdb_reply_ok(g);
	return 0;
}
