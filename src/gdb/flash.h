/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vFlashErase / vFlashWrite / vFlashDone plumbing (gdb manual, "Packets": vFlash*), and the
 * interface the flash layer plugs into (struct gdb_flash_backend_s).
 *
 * GDB's `load` into a region the memory map calls flash sends every vFlashErase first,
 * then the data as vFlashWrite packets in address order, then vFlashDone. Here:
 *  1. vFlashErase: checked against the part's flash regions and the block size GDB was
 *     given (start and length on block boundaries, inside one region) and recorded;
 *     nothing is erased yet (plan first, then execute).
 *  2. vFlashWrite: the data must fall inside a recorded erase range; it is gathered into
 *     the buffer of its bank (one per flash region of the part).
 *  3. A bank is complete when GDB moves on to another bank, or at vFlashDone. The
 *     backend then gets, in order: erase(every recorded range of the bank), program(every
 *     contiguous run of gathered data), verify(the same runs; optional).
 *  4. vFlashDone hands over what is left and calls done().
 * Any failure ends the download: the buffers are dropped and the error, naming the
 * address and the cause, is the reply (E.text) and a log line. A client that disconnects
 * in the middle gets gdb_flash_abort(): nothing half-gathered is programmed.
 */
#ifndef SRC_GDB_FLASH_H
#define SRC_GDB_FLASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "targets/targets.h"

#define GDB_FLASH_MAX_BANKS 8
#define GDB_FLASH_MAX_RANGES 64

struct gdb_flash_error_s {
	uint32_t addr;
	char msg[224];		/* one sentence naming the address and the cause */
};

/* Level-2 verify after a download (design.md, "Verification levels"). */
enum gdb_verify_l2_e {
	GDB_VERIFY_L2_OFF,
	GDB_VERIFY_L2_CRC,
	GDB_VERIFY_L2_READBACK,
};

struct gdb_verify_s {
	bool l1;			/* read back each programmed chunk */
	enum gdb_verify_l2_e l2;
};

/*
 * What the flash layer provides. Every op returns 0, or -1 with err filled. NULL ops:
 * verify and live_block_size are optional; a NULL erase/program/mass_erase means "not
 * available" and is reported as such.
 */
struct gdb_flash_backend_s {
	const char *name;
	void *ctx;
	int (*erase)(void *ctx, const struct target_mem_s *bank, uint32_t addr, uint32_t len,
		     struct gdb_flash_error_s *err);
	int (*program)(void *ctx, const struct target_mem_s *bank, uint32_t addr, const uint8_t *data,
		       uint32_t len, const struct gdb_verify_s *verify, struct gdb_flash_error_s *err);
	int (*verify)(void *ctx, const struct target_mem_s *bank, uint32_t addr, const uint8_t *data,
		      uint32_t len, const struct gdb_verify_s *verify, struct gdb_flash_error_s *err);
	int (*mass_erase)(void *ctx, const struct target_mem_s *bank, struct gdb_flash_error_s *err);
	int (*done)(void *ctx, struct gdb_flash_error_s *err);
	/*
	 * Live geometry hook: the erase block size of the bank as the device is configured
	 * now (e.g. STM32L5 DBANK: 2 KB or 4 KB pages); 0 or NULL: the part table's value.
	 * The memory map GDB receives and the vFlashErase checks both use it.
	 */
	uint32_t (*live_block_size)(void *ctx, const struct target_mem_s *bank);
	/* One line or more for `monitor flash info`; optional. */
	int (*info)(void *ctx, const struct target_mem_s *bank, char *buf, size_t len);
};

struct gdb_flash_range_s {
	uint32_t addr, len;
};

struct gdb_flash_bank_s {
	const struct target_mem_s *mem;
	uint8_t *buf;			/* mem->size bytes, allocated when data first arrives */
	struct gdb_flash_range_s erase[GDB_FLASH_MAX_RANGES];
	unsigned n_erase;
	struct gdb_flash_range_s data[GDB_FLASH_MAX_RANGES];	/* merged runs of gathered data */
	unsigned n_data;
};

struct gdb_flash_stats_s {
	uint64_t erased_bytes, programmed_bytes, banks_done, downloads;
};

struct gdb_flash_s {
	const struct target_part_s *part;
	struct gdb_flash_backend_s backend;
	struct gdb_verify_s verify;
	struct gdb_flash_bank_s banks[GDB_FLASH_MAX_BANKS];
	unsigned n_banks;
	bool active;			/* between the first vFlashErase/Write and vFlashDone */
	int current;			/* bank receiving data, -1 none */
	struct gdb_flash_error_s err;
	struct gdb_flash_stats_s stats;
};

/* Sets up the banks from the part's FLASH regions and the "no driver yet" backend. */
void gdb_flash_init(struct gdb_flash_s *f, const struct target_part_s *part);
void gdb_flash_set_backend(struct gdb_flash_s *f, const struct gdb_flash_backend_s *backend);
void gdb_flash_cleanup(struct gdb_flash_s *f);

/* The packet steps; each returns 0, or -1 with f->err set (the download is then dropped). */
int gdb_flash_erase(struct gdb_flash_s *f, uint32_t addr, uint32_t len);
int gdb_flash_write(struct gdb_flash_s *f, uint32_t addr, const uint8_t *data, uint32_t len);
int gdb_flash_done(struct gdb_flash_s *f);
/* Drops a download in progress (client gone); true if one was in progress. */
bool gdb_flash_abort(struct gdb_flash_s *f);

/* Monitor commands: erase a range now, mass-erase a bank (index or -1: all). */
int gdb_flash_erase_now(struct gdb_flash_s *f, uint32_t addr, uint32_t len);
int gdb_flash_mass_erase(struct gdb_flash_s *f, int bank);

/* The erase block size of a bank: the backend's live geometry, else the table's. */
uint32_t gdb_flash_block_size(const struct gdb_flash_s *f, const struct target_mem_s *m);

/* The backend used until a flash driver exists: every operation fails, naming the address. */
extern const struct gdb_flash_backend_s gdb_flash_backend_none;

#endif /* SRC_GDB_FLASH_H */
