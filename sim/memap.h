/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * MEM-AP (AHB-AP on Cortex-M4, AHB5-AP on v8-M): CSW, TAR with auto-increment that wraps
 * inside a 1 KB block, DRW, BD0-3, CFG, BASE, IDR. Packed 8/16-bit transfers through DRW.
 */
#ifndef SIM_MEMAP_H
#define SIM_MEMAP_H

#include <stdbool.h>
#include <stdint.h>

struct sim;

#define MEMAP_CSW 0x00
#define MEMAP_TAR 0x04
#define MEMAP_DRW 0x0C
#define MEMAP_BD0 0x10
#define MEMAP_CFG 0xF4
#define MEMAP_BASE 0xF8
#define MEMAP_IDR 0xFC

#define MEMAP_CSW_SIZE_MASK 7u
#define MEMAP_CSW_ADDRINC_MASK (3u << 4)
#define MEMAP_CSW_ADDRINC_SINGLE (1u << 4)
#define MEMAP_CSW_ADDRINC_PACKED (2u << 4)
#define MEMAP_CSW_DEVICEEN (1u << 6)
#define MEMAP_CSW_TRINPROG (1u << 7)

struct sim_memap_s {
	uint32_t csw;
	uint32_t tar;
};

void memap_power_on(struct sim *s);

/*
 * One AP register access (addr = APBANKSEL<<4 | A[3:2]<<2). Returns 0, or -1 when the
 * access caused a bus error (the DP then sets STICKYERR). Non-existent APs read as 0.
 */
int ap_read(struct sim *s, unsigned apsel, unsigned addr, uint32_t *val);
int ap_write(struct sim *s, unsigned apsel, unsigned addr, uint32_t val);

#endif
