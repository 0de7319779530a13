/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The streaming routine's CRC word loop, built for ARMv7-M (stream_crc.c). */
#ifndef FLASH_LOADERS_STREAM_CRC_H
#define FLASH_LOADERS_STREAM_CRC_H

#include <stdint.h>

/* GDB's CRC-32 over nwords aligned words at p, from crc, with the four 1 KB tables at t. */
uint32_t stream_crc_words(const uint32_t *t, uint32_t crc, const uint8_t *p, uint32_t nwords);

#endif /* FLASH_LOADERS_STREAM_CRC_H */
