/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vFlashErase / vFlashWrite / vFlashDone (gdb manual, "Packets": vFlash*): only the packet
 * parsing lives here; planning, programming and verifying are the flash layer's
 * (flash/flash.h), which the command line uses as well.
 *
 * Errors: the flash layer's struct error_s, formatted in one line ("programming
 * 0x08004000 failed: FLASH_NSSR @0x40022020 = 0x00000080 (PGSERR)"), goes to the log and
 * to GDB as E.text; GDB 13 shows only "Error finishing flash operation" for vFlashDone,
 * so `monitor flash info` repeats the last one.
 */
#ifndef SRC_GDB_FLASH_H
#define SRC_GDB_FLASH_H

#include <stdbool.h>

#include "flash/flash.h"

struct gdb_s;

/* Opens the flash layer for the attached target (no flash is not an error). */
void gdb_flash_open(struct gdb_s *g);
void gdb_flash_close(struct gdb_s *g);
/* Drops a download in progress (client gone); true if one was in progress. */
bool gdb_flash_abort(struct gdb_s *g);
/* Keeps a flash error, formatted, for the reply and `monitor flash info`; returns -1. */
int gdb_flash_failed(struct gdb_s *g, const struct error_s *err);

#endif /* SRC_GDB_FLASH_H */
