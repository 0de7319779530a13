/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The flash layer: the only header the GDB layer and the command line include. It knows
 * the flash banks of the attached part (from targets/ and what the device reports), plans
 * a download and runs it, verifies it, and leaves the drivers' registers to the drivers.
 *
 * A download follows GDB's `load` contract (design.md, "Verification"): every range to be
 * erased is named first (flash_dl_erase), then the data arrives in increasing address
 * order (flash_dl_write), then flash_dl_done. After done, every erased sector holds the
 * image's bytes and the erased value everywhere else. Between those calls the layer works:
 *  - at the first write (or at done) it checks what the whole erase set allows (range,
 *    protection, OTP) before anything is erased, and reads a digest of every sector of the
 *    erase set from the target;
 *  - each sector is decided as soon as its data is complete: skipped when its whole
 *    current content equals its whole expected content, programmed only when it is blank,
 *    erased and programmed otherwise; a bank erase where every sector of a bank changes;
 *  - the data streams to an on-target routine through two RAM buffers while the flash
 *    programs (double buffering); level 1 compares each chunk on the target;
 *  - at done, level 2 checks every programmed sector again (on-target CRC or read-back).
 * Host memory is bounded by the largest sector plus two chunks, not by the bank size.
 *
 * Errors come back as a struct error_s naming what failed, the address, the register and
 * its bits. Any failure ends the download; sectors already programmed stay programmed and
 * the next download finds them by their digests (a partial sector never matches).
 */
#ifndef FLASH_FLASH_H
#define FLASH_FLASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flash/geom.h"
#include "src/error/error.h"

struct cortexm_s;
struct flash_s;

enum flash_l2_e {
	FLASH_L2_OFF,
	FLASH_L2_CRC,		/* CRC-32 computed on the target, compared with the host's */
	FLASH_L2_READBACK,	/* every programmed byte read back and compared on the host */
};

struct flash_options_s {
	bool l1;		/* compare each programmed chunk on the target (default on) */
	enum flash_l2_e l2;	/* default FLASH_L2_CRC */
	bool otp_write;		/* OTP may be programmed (off: a download touching OTP is refused) */
	bool otp_lock;		/* lock bytes in the image may lock OTP blocks */
	bool no_skip;		/* program every sector of the erase set, even unchanged ones */
	bool no_routine;	/* program from the host, without the RAM routine (slow; for parts
				 * whose RAM is too small or must not be touched) */
	unsigned loader_buffers;	/* page buffers of a RAM loader: 0 auto (enough to cover an erase
				 * block), 1 no double buffering (for measuring what it gains) */
	unsigned program_width;	/* bytes per program write where the part lets one choose (STM32F4
				 * PSIZE: 1, 2 or 4); 0: the widest the measured voltage allows */
};

/* What a download did, for the log, `monitor flash info` and the command line. */
struct flash_report_s {
	uint32_t sectors_erased;	/* one by one */
	uint32_t bank_erases;
	uint32_t sectors_skipped;	/* unchanged */
	uint32_t sectors_programmed;
	uint64_t bytes_programmed;	/* bytes sent to the routine */
	uint32_t otp_bytes_written;
	uint32_t otp_locked_mask;	/* OTP blocks locked by this download */
	enum flash_l2_e l2;
	uint64_t l2_bytes;		/* bytes checked by level 2 */
};

/* One bank as the layer sees it now (geometry can change with option bytes). */
struct flash_bank_s {
	char name[24];
	struct flash_geom_s geom;	/* base and runs of equal sectors */
	uint32_t size;
	uint8_t erased;			/* value of an erased byte */
	uint32_t write_unit;		/* bytes per program operation */
	bool otp;			/* one-time programmable: never erased */
	uint32_t otp_block;		/* OTP: bytes per lockable block */
	uint32_t otp_lock_offset;	/* OTP: offset of the lock bytes in the bank (one per block,
					 * erased = unlocked, anything else locks the block) */
	bool bank_erase;		/* the controller can erase the whole bank at once */
	bool overwrite;			/* a changed sector is rewritten whole, never erased */
	const struct flash_driver_s *drv;
	uint32_t drv_data;		/* the driver's own (e.g. which physical bank) */
};

typedef void flash_log_fn(void *ctx, int level, const char *msg);	/* level: 0 error .. 3 debug */

/* Finds the flash of the target's part and probes its drivers. No flash is not an error. */
/*
 * Verify settings from the words a user typed, one vocabulary for --verify and `monitor
 * verify`: "on", "off", "l1=on|off", "l2=off|crc|readback" (comma-separated in one word or
 * several words), or "l1 on" / "l2 crc" as two words. v changes only on success; -1 with
 * what is wrong in msg otherwise.
 */
int flash_parse_verify(int argc, char *const *argv, struct flash_options_s *v, char *msg, size_t len);
const char *flash_l2_name(enum flash_l2_e l2);	/* "off", "crc", "readback" */

int flash_open(struct flash_s **out, struct cortexm_s *t, struct error_s *err);
void flash_close(struct flash_s *f);
/* Reads the device again (option bytes changed, target reset). */
int flash_reprobe(struct flash_s *f, struct error_s *err);

struct flash_options_s *flash_options(struct flash_s *f);
void flash_set_log(struct flash_s *f, flash_log_fn *fn, void *ctx);

unsigned flash_bank_count(const struct flash_s *f);
const struct flash_bank_s *flash_bank_get(const struct flash_s *f, unsigned i);
/* The bank holding [addr, addr+len), or NULL. */
const struct flash_bank_s *flash_bank_at(const struct flash_s *f, uint32_t addr, uint32_t len);
const char *flash_bank_driver(const struct flash_bank_s *b);
/* External flash served by a RAM loader: the bus sees it only while its controller is in
 * memory-mapped mode (a reset may leave that off), so check it with flash_crc. */
bool flash_bank_is_loader(const struct flash_bank_s *b);
/* One line or more about a bank (options, protection) for `monitor flash info`. */
int flash_bank_info(struct flash_s *f, unsigned i, char *buf, size_t len);

/* A download (see the top of this file). Each returns 0, or -1 with err filled. */
int flash_dl_erase(struct flash_s *f, uint32_t addr, uint32_t len, struct error_s *err);
int flash_dl_write(struct flash_s *f, uint32_t addr, const uint8_t *data, uint32_t len, struct error_s *err);
int flash_dl_done(struct flash_s *f, struct flash_report_s *rep, struct error_s *err);
/* Drops a download in progress (client gone); true if one was in progress. */
bool flash_dl_abort(struct flash_s *f);
bool flash_dl_active(const struct flash_s *f);
/* Where the download in progress stands (the sector being filled, counts so far), for a log
 * line when it is cut short. */
void flash_dl_progress(const struct flash_s *f, char *buf, size_t len);
/* The report of the last download that ended (done or failed). */
const struct flash_report_s *flash_last_report(const struct flash_s *f);

/*
 * GDB's CRC-32 (qCRC, compare-sections) of any readable memory, computed on the target by
 * the flash routine (the CRC unit and a faster clock where the driver has them). -1 with
 * err when it cannot run there (no work RAM, the range covers the routine's RAM, a
 * download is open): the caller may read the memory back instead.
 */
int flash_crc(struct flash_s *f, uint32_t addr, uint32_t len, uint32_t *crc, struct error_s *err);

/*
 * External flash behind a RAM loader reads through its memory-mapped window only while its
 * controller is in memory-mapped mode, which a reset leaves off. flash_window_open makes
 * [addr, addr + len) readable by the bus: at once when it already reads, else through the
 * bank's loader (placed in RAM, its Init run; the RAM it uses is saved) until
 * flash_window_close puts everything back. Not during a download. -1 with err when the
 * range does not read and no loader serves it.
 */
int flash_window_open(struct flash_s *f, uint32_t addr, uint32_t len, struct error_s *err);
int flash_window_close(struct flash_s *f, struct error_s *err);

/* GDB's CRC-32 computed here (libiberty xcrc32: 0x04C11DB7, MSB first), from crc. */
uint32_t flash_crc32(uint32_t crc, const uint8_t *buf, size_t len);

/*
 * RAM loaders (flash/loader/): a CMSIS FLM or ST .stldr file serving external flash. The
 * device address is the loader's own unless has_addr (then addr). A loader whose device
 * overlaps one already there replaces it. Not during a download.
 */
int flash_loader_add(struct flash_s *f, const char *path, bool has_addr, uint32_t addr, struct error_s *err);
/* The same from "FILE[@ADDR]" (--loader and `monitor loader add` take this form). */
int flash_loader_add_spec(struct flash_s *f, const char *spec, struct error_s *err);
/* Logging of every loader call: on (1), off (0), or just ask (-1); returns the setting. */
int flash_loader_trace(struct flash_s *f, int on);
/* The report of the last loader failure ("" when none), and what sits where in RAM. */
const char *flash_loader_last_report(const struct flash_s *f);
int flash_loader_describe(struct flash_s *f, char *buf, size_t len);

/* Erase whole sectors now / a whole bank (bank index; -1: every bank that can be erased). */
int flash_erase_range(struct flash_s *f, uint32_t addr, uint32_t len, struct error_s *err);
int flash_mass_erase(struct flash_s *f, int bank, struct error_s *err);

#endif /* FLASH_FLASH_H */
