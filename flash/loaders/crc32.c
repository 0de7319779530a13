// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * On-target CRC-32 for qCRC / compare-sections and the level-2 verify: GDB's variant
 * (libiberty xcrc32: polynomial 0x04C11DB7, MSB first, not reflected, no final XOR; the
 * caller passes the initial value, 0xFFFFFFFF for qCRC; "123456789" gives 0x0376E6E7).
 *
 * Register ABI (AAPCS call, set up by cortexm_run_routine):
 *   r0 = start address, r1 = length in bytes, r2 = CRC so far (initial value)
 *   returns the CRC in r0, to LR, which points at a BKPT placed after this code.
 * Built for ARMv6-M (-mcpu=cortex-m0plus) so the same bytes run on M0+/M4/M33/M55; no
 * table, no data, no absolute addresses: the code runs wherever it is copied, and its
 * first byte is the entry point (section .text.entry, linked at 0).
 */
#include <stdint.h>

uint32_t crc32_gdb(const uint8_t *p, uint32_t len, uint32_t crc) __attribute__((section(".text.entry")));

uint32_t crc32_gdb(const uint8_t *p, uint32_t len, uint32_t crc)
{
	while (len--) {
		crc ^= (uint32_t)*p++ << 24;
		for (int k = 0; k < 8; k++)
			crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04C11DB7u : crc << 1;
	}
	return crc;
}
