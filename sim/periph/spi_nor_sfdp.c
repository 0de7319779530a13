// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Serial NOR flash: the SFDP tables (JESD216B: SFDP header, one parameter header, the
 * 16-DWORD basic flash parameter table with density, erase types and times, page size
 * and program time, 3/4-byte addressing) and the sparse state-file format of the array
 * (4 KB sectors that are not erased: a 4-byte little-endian offset, then the sector).
 */
#include <string.h>

#include "../sim_internal.h"
#include "spi_nor.h"

#define NOR_SECTOR 4096u

/* ---- SFDP (JESD216B) ---- */

/* Erase time field: count (5 bits) and units (1 ms, 16 ms, 128 ms, 1 s), JESD216B DWORD 10. */
static uint32_t sfdp_erase_time(uint64_t ns)
{
	static const uint64_t unit_ms[4] = { 1, 16, 128, 1000 };
	uint64_t ms = (ns + 999999) / 1000000;

	for (uint32_t u = 0; u < 4; u++) {
		uint64_t count = (ms + unit_ms[u] - 1) / unit_ms[u];
		if (count <= 32)
			return u << 5 | (uint32_t)(count ? count - 1 : 0);
	}
	return 3u << 5 | 31;
}

/* Chip erase time field: count (5 bits) and units (16 ms, 256 ms, 4 s, 64 s), DWORD 11. */
static uint32_t sfdp_chip_erase_time(uint64_t ns)
{
	static const uint64_t unit_ms[4] = { 16, 256, 4000, 64000 };
	uint64_t ms = (ns + 999999) / 1000000;

	for (uint32_t u = 0; u < 4; u++) {
		uint64_t count = (ms + unit_ms[u] - 1) / unit_ms[u];
		if (count <= 32)
			return u << 5 | (uint32_t)(count ? count - 1 : 0);
	}
	return 3u << 5 | 31;
}

static unsigned log2u(uint32_t v)
{
	unsigned n = 0;
	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}

void spi_nor_sfdp_build(struct spi_nor_s *n)
{
	const struct spi_nor_part_s *p = n->part;
	uint32_t dw[16];
	uint64_t pp_us = (p->t_pp_ns + 999) / 1000;
	uint32_t pp = pp_us / 8 <= 32 ? (uint32_t)((pp_us + 7) / 8 - 1) : (1u << 5 | (uint32_t)((pp_us + 63) / 64 - 1));
	uint8_t *h = n->sfdp;

	memset(n->sfdp, 0xFF, sizeof(n->sfdp));
	/* SFDP header: signature, revision 1.6, one parameter header, protocol FFh */
	memcpy(h, "SFDP", 4);
	h[4] = 0x06, h[5] = 0x01, h[6] = 0x00, h[7] = 0xFF;
	/* parameter header 0: BFPT (ID FF00h), rev 1.6, 16 DWORDs at 0x30 */
	h[8] = 0x00, h[9] = 0x06, h[10] = 0x01, h[11] = 16, h[12] = 0x30, h[13] = 0, h[14] = 0, h[15] = 0xFF;
	/* DW1: 4 KB erase (20h), write granularity 64 B+, 3- or 4-byte addressing */
	dw[0] = 0xFF800000u | 1u << 17 | 0x20u << 8 | 0xE0 | 1u << 2 | 0x1;
	dw[1] = p->size * 8u - 1u;	/* density in bits - 1 (below 2 Gbit) */
	dw[2] = 0, dw[3] = 0;		/* no 1-4-4/1-1-4/1-1-2/1-2-2 fast reads */
	dw[4] = 0xFFFFFFEEu;		/* no 2-2-2 / 4-4-4 */
	dw[5] = 0x0000FFFFu, dw[6] = 0x0000FFFFu;
	/* DW8: erase type 1 = 4 KB (20h), type 2 = block (D8h); DW9: no types 3/4 */
	dw[7] = 0xD8u << 24 | log2u(p->block_size) << 16 | 0x20u << 8 | 12u;
	dw[8] = 0;
	dw[9] = sfdp_erase_time(p->t_be_ns) << 11 | sfdp_erase_time(p->t_se_ns) << 4 | 0x2;
	dw[10] = sfdp_chip_erase_time(p->t_ce_ns) << 24 | pp << 8 | 8u << 4 | 0x2;
	dw[11] = 0x80000000u;		/* DW12 bit 31: suspend/resume not supported */
	dw[12] = 0;
	/* DW14: busy polling by 05h bit 0 (and 70h bit 7 on Xccela parts) */
	dw[13] = p->octal == SPI_NOR_OCTAL_XCCELA ? 0x0C : 0x04;
	dw[14] = 0;
	/* DW16: enter 4-byte mode with B7h, exit with E9h, soft reset 66h/99h */
	dw[15] = 0x01u << 24 | 0x001u << 14 | 0x10;
	for (unsigned i = 0; i < 16; i++)
		sim_le_put(h + 0x30 + 4 * i, 4, dw[i]);
}

/* ---- persistence ---- */

int spi_nor_save(const struct spi_nor_s *n, FILE *f)
{
	for (uint32_t off = 0; off < n->part->size; off += NOR_SECTOR) {
		const uint8_t *p = n->mem + off;
		uint8_t hdr[4];
		bool erased = p[0] == 0xFF && !memcmp(p, p + 1, NOR_SECTOR - 1);
		if (erased)
			continue;
		sim_le_put(hdr, 4, off);
		if (fwrite(hdr, 1, 4, f) != 4 || fwrite(p, 1, NOR_SECTOR, f) != NOR_SECTOR)
			return -1;
	}
	return 0;
}

int spi_nor_load(struct spi_nor_s *n, FILE *f, size_t len, char *err, size_t errlen)
{
	uint8_t hdr[4];

	memset(n->mem, 0xFF, n->part->size);
	if (len % (4 + NOR_SECTOR)) {
		snprintf(err, errlen, "state file: %s array of %zu bytes is not whole sectors", n->part->name, len);
		return -1;
	}
	for (size_t done = 0; done < len; done += 4 + NOR_SECTOR) {
		uint32_t off;
		if (fread(hdr, 1, 4, f) != 4)
			goto truncated;
		off = sim_le_get(hdr, 4);
		if (off % NOR_SECTOR || off >= n->part->size) {
			snprintf(err, errlen, "state file: %s sector 0x%x out of range", n->part->name, off);
			return -1;
		}
		if (fread(n->mem + off, 1, NOR_SECTOR, f) != NOR_SECTOR)
			goto truncated;
	}
	flash_faults_apply(&n->faults, FLASH_OP_KINDS, n->mem, 0, n->part->size);	/* stuck bits */
	return 0;
truncated:
	snprintf(err, errlen, "state file: %s array truncated", n->part->name);
	return -1;
}
