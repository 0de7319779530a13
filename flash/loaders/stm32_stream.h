/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The streaming flash programmer of flash/loaders/stm32_stream.c as bytes, generated at
 * build time (see flash/loaders/local.mk). Position independent; entry at
 * loader_stm32_stream_entry; ABI in stream_abi.h.
 */
#ifndef FLASH_LOADERS_STM32_STREAM_H
#define FLASH_LOADERS_STM32_STREAM_H

#include <stddef.h>
#include <stdint.h>

extern const uint8_t loader_stm32_stream[];
extern const size_t loader_stm32_stream_size;
extern const uint32_t loader_stm32_stream_entry;

#endif
