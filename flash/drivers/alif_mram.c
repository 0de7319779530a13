// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Alif Ensemble MRAM (0x80000000, 5.5 MB on the E7), where applications live. Sources:
 * Alif's MRAM application note (Zephyr SDK) and drivers (alif_ensemble-cmsis-dfp
 * Driver_Flash_MRAM.c): the core writes it with ordinary stores in 16-byte (128-bit) words,
 * a built-in state machine erases and programs each word; no erase command, no control or
 * status register, no protection a debugger must open.
 *
 * So the bank is an "overwrite" bank: the layer never erases it; a sector whose content
 * changes is rewritten whole (every 16-byte word, the erased value 0xFF where the image has
 * nothing) by the streaming routine's PROGRAM op with 16-byte units and no control or
 * status register (cr_addr = sr_addr = 0). Level-1 verify reads back as for flash.
 *
 * The plan's sector is a column of the row (alif_mram_cfg_s.sector_size); targets/ should
 * give 16 KB: small enough that changing a few functions rewrites little (a 16 KB sector
 * costs ~16 ms at 16 us per word ?), large enough that the digest table of a full 5.5 MB
 * bank stays at 352 entries.
 */
#include <stdio.h>
#include <stdlib.h>

#include "flash/download.h"
#include "flash/drivers/alif_mram.h"

extern const struct flash_driver_s flash_driver_alif_mram;

#define MRAM_WORD 16u		/* bytes per write: the 128-bit word */
#define MRAM_ERASED 0xFFu	/* the value of a word never written (factory state ?) */

static int mram_probe(struct flash_s *f, struct error_s *err)
{
	const struct alif_mram_cfg_s *cfg = f->part->flash_config;
	struct flash_bank_s *b;

	if (!cfg || !cfg->sector_size || cfg->size % cfg->sector_size || cfg->sector_size % MRAM_WORD)
		return error_set(err, FLASH_ERR_STATE, "part %s: MRAM configuration lacks a sector size that "
				 "divides the bank in 16-byte words", f->part->name);
	b = flash_add_bank(f, "mram", cfg->base, &flash_driver_alif_mram);
	if (!b)
		return error_set(err, FLASH_ERR_RESOURCE, "too many flash banks");
	flash_geom_add_run(&b->geom, cfg->sector_size, cfg->size / cfg->sector_size);
	b->size = cfg->size;
	b->erased = MRAM_ERASED;
	b->write_unit = MRAM_WORD;
	b->overwrite = true;
	return 0;
}

static void mram_stream_params(struct flash_s *f, const struct flash_bank_s *b, struct stream_ctl_s *c)
{
	(void)f, (void)b;
	c->cr_addr = 0;		/* no control register: stores program */
	c->sr_addr = 0;		/* no status register: a store waits on the bus until the word is written */
	c->busy_mask = c->err_mask = c->sr_clear = c->start_bit = 0;
	c->unit = MRAM_WORD;
	c->erased = 0xFFFFFFFFu;
	c->crc_unit = 0;
}

/* The layer never erases an overwrite bank; a request to is a bug above, named here. */
static int mram_erase_word(struct flash_s *f, const struct flash_bank_s *b, const struct flash_sector_s *s,
			   uint32_t *cr, struct error_s *err)
{
	(void)f, (void)s, (void)cr;
	return error_set(err, FLASH_ERR_OPERATION, "%s at 0x%08x has no erase: MRAM words are rewritten", b->name,
			 b->geom.base);
}

static int mram_bank_erase_word(struct flash_s *f, const struct flash_bank_s *b, uint32_t *cr, struct error_s *err)
{
	return mram_erase_word(f, b, NULL, cr, err);
}

static uint32_t mram_program_word(struct flash_s *f, const struct flash_bank_s *b)
{
	(void)f, (void)b;
	return 0;
}

static uint32_t mram_erase_us(struct flash_s *f, const struct flash_bank_s *b, uint32_t sector_size)
{
	(void)f, (void)b, (void)sector_size;
	return 0;	/* nothing is erased */
}

static int mram_info(struct flash_s *f, const struct flash_bank_s *b, char *buf, size_t len)
{
	(void)f;
	snprintf(buf, len, "MRAM, %u KB, written in 16-byte words, no erase (sectors rewritten whole)",
		 b->size / 1024u);
	return 0;
}

const struct flash_driver_s flash_driver_alif_mram = {
	.name = "alif-mram",
	.probe = mram_probe,
	.stream_params = mram_stream_params,
	.erase_word = mram_erase_word,
	.bank_erase_word = mram_bank_erase_word,
	.program_word = mram_program_word,
	.erase_us = mram_erase_us,
	.info = mram_info,
};
