// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading external flash after a reset (flash.h, flash_window_open): the window of a NOR
 * behind a RAM loader answers the bus only in memory-mapped mode, which the loader's Init
 * sets up and a reset undoes. `rspflash read` of the NOR right after programming and
 * resetting the board must still work, as it does with the vendors' tools.
 */
#include "flash/flash_internal.h"
#include "flash/loader/loader.h"

int flash_window_open(struct flash_s *f, uint32_t addr, uint32_t len, struct error_s *err)
{
	const struct flash_bank_s *b;
	uint32_t probe;

	if (f->dl)
		return error_set(err, FLASH_ERR_STATE, "a flash download is in progress");
	if (!cortexm_read_mem(f->t, addr, &probe, len < sizeof(probe) ? len : sizeof(probe)))
		return 0;	/* internal flash, or a window that reads already */
	b = flash_bank_at(f, addr, len);
	if (!b || !flash_bank_is_loader(b)) {
		*err = f->t->err;
		error_prefix(err, "reading 0x%08x: ", addr);
		return -1;
	}
	error_clear(err);
	if (loader_map_window(f, b, err)) {
		struct error_s ignored;

		error_prefix(err, "mapping %s for reading: ", b->name);
		loader_session_end(f, &ignored);
		return -1;
	}
	return 0;
}

int flash_window_close(struct flash_s *f, struct error_s *err)
{
	return loader_session_end(f, err);
}
