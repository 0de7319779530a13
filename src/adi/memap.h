/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * MEM-AP memory access (ADIv5.2 C2.6): single 8/16/32-bit reads and writes, and block
 * transfers of any length and alignment.
 *
 * Blocks are split at the 1 KB boundaries where TAR auto-increment stops being guaranteed
 * (C2.6.3); the aligned middle moves as 32-bit transfers, the unaligned ends as single
 * byte/halfword transfers. When the caller needs a narrower bus access (peripherals, a flash
 * that takes halfwords), the *_sized calls use packed transfers (CSW.AddrInc = packed,
 * C2.6.4), four bytes or two halfwords per DRW access, where the AP supports them.
 * CSW and TAR are cached so they are written only when they change.
 *
 * On a FAULT the error carries the failing address, read back from TAR, which does not
 * advance past a transfer that failed; the DP is recovered and the next call works.
 */
#ifndef SRC_ADI_MEMAP_H
#define SRC_ADI_MEMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/error/error.h"

struct adi_dp_s;

struct adi_memap_s {
	struct adi_dp_s *dp;
	uint8_t apsel;
	uint32_t idr, cfg, base;
	uint32_t csw_base;	/* CSW bits kept on every write (Prot, SPROT, DbgSwEnable...) */
	bool packed;		/* packed 8/16-bit transfers supported */
	bool narrow;		/* 8- and 16-bit sizes supported */
	/* caches of what the AP holds once the queued accesses run */
	uint32_t csw;
	bool csw_valid;
	uint32_t tar;
	bool tar_valid;
	/* counters, for tests and benchmarks */
	uint64_t csw_writes, tar_writes, drw_accesses;
};

/* Read IDR/CFG/BASE/CSW of apsel and probe packed and narrow transfer support. */
int adi_memap_init(struct adi_memap_s *m, struct adi_dp_s *dp, uint8_t apsel, struct error_s *err);

int adi_memap_read_u8(struct adi_memap_s *m, uint32_t addr, uint8_t *val, struct error_s *err);
int adi_memap_read_u16(struct adi_memap_s *m, uint32_t addr, uint16_t *val, struct error_s *err);
int adi_memap_read_u32(struct adi_memap_s *m, uint32_t addr, uint32_t *val, struct error_s *err);
int adi_memap_write_u8(struct adi_memap_s *m, uint32_t addr, uint8_t val, struct error_s *err);
int adi_memap_write_u16(struct adi_memap_s *m, uint32_t addr, uint16_t val, struct error_s *err);
int adi_memap_write_u32(struct adi_memap_s *m, uint32_t addr, uint32_t val, struct error_s *err);

/* Any length and alignment, widest accesses possible. */
int adi_memap_read(struct adi_memap_s *m, uint32_t addr, void *buf, size_t len, struct error_s *err);
int adi_memap_write(struct adi_memap_s *m, uint32_t addr, const void *buf, size_t len, struct error_s *err);

/* Every bus access exactly `size` bytes (1, 2 or 4); addr and len must be multiples of it. */
int adi_memap_read_sized(struct adi_memap_s *m, uint32_t addr, void *buf, size_t len, unsigned size,
			 struct error_s *err);
int adi_memap_write_sized(struct adi_memap_s *m, uint32_t addr, const void *buf, size_t len, unsigned size,
			  struct error_s *err);

/*
 * Queued 32-bit accesses, for callers that batch (e.g. core register transfers): nothing
 * happens until adi_memap_flush(); dst must stay valid until then.
 */
void adi_memap_queue_read_u32(struct adi_memap_s *m, uint32_t addr, uint32_t *dst);
void adi_memap_queue_write_u32(struct adi_memap_s *m, uint32_t addr, uint32_t val);
int adi_memap_flush(struct adi_memap_s *m, struct error_s *err);
/*
 * A block write (any length and alignment) queued to go out with the accesses after it:
 * a bulk write no longer ends its own probe command half full. Only the range is checked
 * here; a bus error shows at the next flush (the queue drops what follows it).
 */
int adi_memap_queue_write(struct adi_memap_s *m, uint32_t addr, const void *buf, size_t len, struct error_s *err);

/* Forget cached CSW/TAR (after a reset of the debug logic, or another master touched them). */
void adi_memap_invalidate(struct adi_memap_s *m);

#endif /* SRC_ADI_MEMAP_H */
