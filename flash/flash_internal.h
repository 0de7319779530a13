/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside the flash layer: the layer's state, the driver interface and the host side of
 * the streaming routine. Drivers (flash/drivers/) include this; nothing above flash/ does.
 */
#ifndef FLASH_FLASH_INTERNAL_H
#define FLASH_FLASH_INTERNAL_H

#include <stdio.h>

#include "flash/flash.h"
#include "flash/loaders/stream_abi.h"
#include "flash/plan.h"
#include "src/target/cortexm.h"
#include "targets/targets.h"

#define FLASH_MAX_BANKS 8

struct flash_s;

/*
 * A flash driver: register knowledge of one controller family. The layer plans, streams
 * and verifies; a driver says what the device is and which control words do what.
 * Every op returns 0, or -1 with err filled (naming register and bits where it can).
 */
struct flash_driver_s {
	const char *name;
	/* Reads the device (option bytes, size) and adds its banks with flash_add_bank(). */
	int (*probe)(struct flash_s *f, struct error_s *err);
	/*
	 * Before anything is erased or programmed in this download: unlock, and refuse what
	 * protection forbids among the sectors the plan may touch (err names them).
	 */
	int (*begin)(struct flash_s *f, const struct flash_bank_s *b, const struct plan_bank_s *pb,
		     struct error_s *err);
	/* Optional: once every bank of the download is surveyed, before anything is written. */
	int (*ready)(struct flash_s *f, struct error_s *err);
	/* The routine's register parameters for this bank (cr/sr addresses, bits, unit). */
	void (*stream_params)(struct flash_s *f, const struct flash_bank_s *b, struct stream_ctl_s *ctl);
	/* Control word that erases sector s / the whole bank (ERASE op). */
	int (*erase_word)(struct flash_s *f, const struct flash_bank_s *b, const struct flash_sector_s *s,
			  uint32_t *cr, struct error_s *err);
	int (*bank_erase_word)(struct flash_s *f, const struct flash_bank_s *b, uint32_t *cr, struct error_s *err);
	/* Control word for programming (PROGRAM op). */
	uint32_t (*program_word)(struct flash_s *f, const struct flash_bank_s *b);
	/* Fills err's register part from a status register value the routine reported. */
	void (*describe_sr)(struct flash_s *f, const struct flash_bank_s *b, uint32_t sr, struct error_s *err);
	/* Typical erase time of a sector of this size, or of the whole bank (size 0), in µs:
	 * for the bank-erase decision and, with a margin, the timeouts. */
	uint32_t (*erase_us)(struct flash_s *f, const struct flash_bank_s *b, uint32_t sector_size);	/* 0: bank */
	/*
	 * Optional, for any run of the routine (downloads, CRCs): a faster core clock and the
	 * CRC unit while it runs, and everything put back afterwards. speed_up is an
	 * optimisation and may do nothing; it must leave nothing half-changed.
	 */
	void (*speed_up)(struct flash_s *f);
	int (*slow_down)(struct flash_s *f, struct error_s *err);
	/* After a download or erase, success or not: lock the controller again. */
	int (*end)(struct flash_s *f, struct error_s *err);
	/* Optional: option bytes and protection as text. */
	int (*info)(struct flash_s *f, const struct flash_bank_s *b, char *buf, size_t len);
};

/*
 * The work RAM the routine occupies, saved before and restored after (the user's data):
 * the routine itself and its tables first, the two buffers after them, saved only when
 * the first program request needs them (a download that changes nothing never moves them).
 */
struct flash_workarea_s {
	uint32_t base, size;		/* routine, control block, tables, stack */
	uint32_t bufs, bufs_size;	/* the two buffers */
	uint32_t code, ctl, crc_table, digest, buf[STREAM_SLOTS], stack_top, bkpt;
	uint32_t chunk;			/* bytes per buffer */
	uint32_t digest_entries;	/* capacity of the digest table */
	uint8_t *saved, *saved_bufs;
};

struct flash_stream_s {
	bool running;
	bool host;				/* the host-driven fallback does the requests (hostops.c) */
	bool suspended;				/* stopped while a RAM loader has the core */
	struct cortexm_routine_s routine;
	struct flash_workarea_s wa;
	const struct flash_bank_s *bank;	/* whose parameters are loaded */
	struct stream_ctl_s params;		/* as last written */
	uint32_t seq;
	unsigned next;				/* slot to use next */
	bool pending[STREAM_SLOTS];		/* a request of ours not yet checked */
	struct stream_slot_s req[STREAM_SLOTS];	/* what was asked, for error reports */
	uint32_t digest_hint;			/* sectors the next run will digest at once (0: none) */
	uint32_t avoid_addr, avoid_len;		/* memory the next run reads: the routine goes elsewhere */
	uint32_t timeout_ms[STREAM_SLOTS];
};

struct flash_s {
	struct cortexm_s *t;
	const struct target_part_s *part;
	struct flash_bank_s banks[FLASH_MAX_BANKS];
	unsigned n_banks;
	struct flash_options_s opt;
	flash_log_fn *log;
	void *log_ctx;
	struct flash_stream_s stream;
	struct flash_download_s *dl;		/* NULL: no download open */
	struct flash_report_s last;
	void *drv_state;			/* the part's driver, its own state */
	bool has_crc_unit;			/* set by the driver's probe: the part has a CRC unit */
	struct loader_set_s *loaders;		/* RAM loaders and their banks (flash/loader/) */
};

struct loader_set_s;
/* flash/loader/bank.c: a bank per loader, after the part's own driver has probed. */
int loader_add_banks(struct flash_s *f, struct error_s *err);
/* The erase units of a loader bank, largest first, 0-ended (NULL: sectors only). */
const uint32_t *flash_loader_erase_sizes(struct flash_s *f, const struct flash_bank_s *b);

/* Drivers: add a bank during probe; NULL when the table is full. */
struct flash_bank_s *flash_add_bank(struct flash_s *f, const char *name, uint32_t base, const struct flash_driver_s *drv);
void flash_logf(struct flash_s *f, int level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * A register access by a driver: on failure err gets the target's error with "reading
 * NAME at 0x...: " (or "writing") in front. 0 or -1.
 */
int flash_reg_read(struct flash_s *f, uint32_t addr, const char *name, uint32_t *v, struct error_s *err);
int flash_reg_write(struct flash_s *f, uint32_t addr, const char *name, uint32_t v, struct error_s *err);

/* A lock a key sequence opens: LOCK in a control register, two words to a key register. */
struct flash_lock_s {
	const char *what;		/* "the flash controller", "the option bytes" */
	uint32_t cr;			/* the register holding the lock bit */
	const char *cr_name;
	uint32_t lock_bit;
	const char *lock_name;
	uint32_t keyr;			/* the key register and its two keys */
	const char *keyr_name;
	uint32_t key1, key2;
};
/* Writes the keys when the lock bit is set; -1 naming the register when it stays set. */
int flash_unlock(struct flash_s *f, const struct flash_lock_s *l, struct error_s *err);

/*
 * The debug port failed under an on-target routine or loader (f->t->err). When the probe's
 * link broke or the target stopped answering at all (it lost power or was reset), err says
 * so plainly with where (inflight, or else "while WHAT"), keeping that error's code;
 * otherwise "WHAT: " and the target's error. inflight names the request that may be half
 * done (" during the erase of 0x08004000", or ""): the next download finds it by its digest.
 */
int flash_target_failed(struct flash_s *f, struct error_s *err, const char *what, const char *inflight);
/* A stream request's operation (STREAM_OP_*) by name: "erase", "program", ... */
const char *flash_stream_op_name(uint32_t op);
/* Adds a request to flash_target_failed's inflight: " during the OP of ADDR", then " and the ...". */
void flash_inflight_add(char *inflight, size_t len, uint32_t op, uint32_t addr);

/*
 * Puts back RAM the flash layer borrowed for a routine, a loader or their buffers (what
 * the program kept there). One failed transfer (an AP FAULT, a WAIT storm) must not cost
 * the program its RAM, so a failure is tried again, up to FLASH_RESTORE_TRIES times in
 * all, the retries logged; not when the probe's link itself is gone, nor when the target
 * stopped answering at all (a power loss: its RAM is gone too). 0, or -1 (f->t->err).
 */
#define FLASH_RESTORE_TRIES 3
int flash_restore_ram(struct flash_s *f, uint32_t addr, const void *saved, size_t len);

/* Whether n bytes all hold the erased value (nothing to program there). */
bool flash_all_erased(const uint8_t *p, uint32_t n, uint8_t erased);

/* Wall-clock milliseconds, for the timeouts of operations on the target. */
/*
 * Milliseconds for timeouts: the target's modeled time on a virtual board (its CPU runs only
 * as that time advances, so a loaded host must not make a loader look hung), else the host's
 * monotonic clock.
 */
uint64_t flash_now_ms(const struct flash_s *f);

/* The drivers there are, by the name targets/ gives. */
const struct flash_driver_s *flash_driver_find(const char *name);

/* ---- the streaming routine, host side (stream.c) ---- */

/* Loads and starts the routine (saving the RAM it takes); idempotent. */
int flash_stream_start(struct flash_s *f, struct error_s *err);
/* Makes the routine use bank b's registers (waits for the queue to drain when it changes). */
int flash_stream_select(struct flash_s *f, const struct flash_bank_s *b, struct error_s *err);
/* Queues a request; data (PROGRAM) is copied into the slot's buffer first. */
int flash_stream_erase(struct flash_s *f, uint32_t addr, uint32_t cr, uint32_t timeout_ms, struct error_s *err);
int flash_stream_program(struct flash_s *f, uint32_t addr, const uint8_t *data, uint32_t len, bool verify,
			 struct error_s *err);
/* Waits until every queued request finished; the first failure is returned in err. */
int flash_stream_drain(struct flash_s *f, struct error_s *err);
/* Synchronous helpers (drain first). */
int flash_stream_digest(struct flash_s *f, uint32_t addr, uint32_t sector_size, uint32_t count,
			struct stream_digest_s *out, struct error_s *err);
int flash_stream_crc(struct flash_s *f, uint32_t addr, uint32_t len, uint32_t *crc, struct error_s *err);
int flash_stream_blank(struct flash_s *f, uint32_t addr, uint32_t len, uint32_t *first_not_blank,
		       struct error_s *err);
/* Ends the routine and restores RAM and registers; safe to call when not running. */
int flash_stream_stop(struct flash_s *f, struct error_s *err);
/* The chunk size the routine takes per PROGRAM request. */
uint32_t flash_stream_chunk(const struct flash_s *f);

/* hostops.c: the same requests done by the host, synchronously */
int flash_host_erase(struct flash_s *f, uint32_t addr, uint32_t cr, struct error_s *err);
int flash_host_program(struct flash_s *f, uint32_t addr, const uint8_t *data, uint32_t len, uint32_t cr, bool verify,
		       struct error_s *err);
int flash_host_digest(struct flash_s *f, uint32_t addr, uint32_t sector_size, uint32_t count,
		      struct stream_digest_s *out, struct error_s *err);
int flash_host_crc(struct flash_s *f, uint32_t addr, uint32_t len, uint32_t *crc, struct error_s *err);
int flash_host_blank(struct flash_s *f, uint32_t addr, uint32_t len, uint32_t *first, struct error_s *err);


#endif /* FLASH_FLASH_INTERNAL_H */
