// SPDX-License-Identifier: GPL-2.0-or-later
/* The vFlash packets (flash.h): parse, hand to the flash layer, report. */
#include "src/gdb/flash.h"

#include <stdio.h>
#include <string.h>

#include "src/gdb/gdb.h"
#include "src/log/log.h"

static void flash_log(void *ctx, int level, const char *msg)
{
	(void)ctx;
	log_msg((enum log_level_e)level, "%s", msg);
}

void gdb_flash_open(struct gdb_s *g)
{
	struct error_s err;

	error_clear(&err);
	if (flash_open(&g->flash, g->t, &err)) {
		char text[320];

		error_format(&err, text, sizeof(text));
		log_error("flash: %s", text);
	}
	if (g->flash)
		flash_set_log(g->flash, flash_log, g);
}

void gdb_flash_close(struct gdb_s *g)
{
	flash_close(g->flash);
	g->flash = NULL;
}

bool gdb_flash_abort(struct gdb_s *g)
{
	return g->flash && flash_dl_abort(g->flash);
}

int gdb_flash_failed(struct gdb_s *g, const struct error_s *err)
{
	error_format(err, g->flash_error, sizeof(g->flash_error));
	return -1;
}

static int reply_error(struct gdb_s *g, const struct error_s *err)
{
	gdb_flash_failed(g, err);
	return gdb_error(g, "%s", g->flash_error);
}

static int no_flash(struct gdb_s *g, uint32_t addr)
{
	return gdb_error(g, "no flash driver serves 0x%08x on %s", addr, g->t && g->t->part ? g->t->part->name : "this target");
}

/* "vFlashErase:addr,length" */
int gdb_vflash_erase(struct gdb_s *g, const char *pkt, size_t len)
{
	struct error_s err;
	uint32_t addr, n;
	const char *rest;

	if (!gdb_parse_addr_len(pkt + 12, pkt + len, &addr, &n, &rest) || rest != pkt + len)
		return gdb_error(g, "vFlashErase: malformed packet (expected vFlashErase:ADDR,LENGTH)");
	if (!g->flash || !flash_bank_count(g->flash))
		return no_flash(g, addr);
	if (!flash_dl_active(g->flash) && gdb_target_reachable(g))
		return -1;
	error_clear(&err);
	if (flash_dl_erase(g->flash, addr, n, &err))
		return reply_error(g, &err);
	log_debug("vFlashErase 0x%08x+0x%x recorded", addr, n);
	gdb_reply_ok(g);
	return 0;
}

/* "vFlashWrite:addr:binary" */
int gdb_vflash_write(struct gdb_s *g, const char *pkt, size_t len)
{
	struct error_s err;
	uint32_t addr;
	const char *p, *end = pkt + len;

	if (!gdb_parse_hex32(pkt + 12, end, &addr, &p) || p >= end || *p != ':')
		return gdb_error(g, "vFlashWrite: malformed packet (expected vFlashWrite:ADDR:DATA)");
	p++;
	if ((uint64_t)addr + (uint64_t)(end - p) > 0x100000000ull)
		return gdb_error(g, "vFlashWrite at 0x%08x: %zu bytes run past the end of the address space", addr,
				 (size_t)(end - p));
	if (!g->flash || !flash_bank_count(g->flash))
		return no_flash(g, addr);
	error_clear(&err);
	if (flash_dl_write(g->flash, addr, (const uint8_t *)p, (uint32_t)(end - p), &err))
		return reply_error(g, &err);
	gdb_reply_ok(g);
	return 0;
}

int gdb_vflash_done(struct gdb_s *g, const char *pkt, size_t len)
{
	struct flash_report_s rep;
	struct error_s err;

	(void)pkt;
	(void)len;
	if (!g->flash)
		return no_flash(g, 0);
	error_clear(&err);
	if (flash_dl_done(g->flash, &rep, &err))
		return reply_error(g, &err);
	log_info("flash download done: %u sector(s) programmed, %u unchanged, %u erased, %u bank erase(s)",
		 rep.sectors_programmed, rep.sectors_skipped, rep.sectors_erased, rep.bank_erases);
	gdb_reply_ok(g);
	return 0;
}
