/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The CRC-32 RAM routine of flash/loaders/crc32.c as bytes, generated at build time
 * (arm-none-eabi-gcc, objcopy -O binary, od + awk: see flash/loaders/local.mk).
 * Entry at offset 0; ABI in crc32.c.
 */
#ifndef FLASH_LOADERS_CRC32_H
#define FLASH_LOADERS_CRC32_H

#include <stddef.h>
#include <stdint.h>

extern const uint8_t loader_crc32[];
extern const size_t loader_crc32_size;
extern const uint32_t loader_crc32_entry;

#endif
