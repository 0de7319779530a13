/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The loaders rspflash carries (flash/loaders/NAME.c built as FLM files, embedded whole).
 * targets/ names them; the runner reads them like a user's file.
 */
#ifndef FLASH_LOADERS_BUILTIN_H
#define FLASH_LOADERS_BUILTIN_H

#include <stddef.h>
#include <stdint.h>

struct flash_builtin_loader_s {
	const char *name;		/* "n6-xspi2-mx66uw1g45g" */
	const char *description;
	const uint8_t *elf;
	const size_t *size;
};

/* All built-ins, ended by an entry with name NULL. */
extern const struct flash_builtin_loader_s flash_builtin_loaders[];
const struct flash_builtin_loader_s *flash_builtin_loader_find(const char *name);

#endif
