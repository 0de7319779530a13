/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * RAM loaders inside the flash layer: the loaders a part has (built-ins named by its
 * targets/ row, files the user adds), and the runner that calls one on the target.
 *
 * A session (one download, one erase, one CRC) places the loader in the part's loader
 * RAM, saving what was there, calls Init once, then erase and program calls in a queue:
 * while the target runs one call the host writes the next page into another buffer
 * (double buffering over a ring of page buffers large enough to cover an erase block, so
 * the wire keeps moving while the NOR erases). Digests and CRCs of the device are computed
 * on the target by the streaming routine's DIGEST/CRC code reading the memory-mapped
 * window (stream_abi.h), run once per request beside the loader. At the end UnInit, and
 * every byte of RAM and every register is put back.
 *
 * Any failure (a fault, a timeout, a failure return) ends the session with a report that
 * names the call, its arguments, the registers, the decoded fault status, the code around
 * the PC and whether the stack overflowed (report.c); the next session starts clean.
 */
#ifndef FLASH_LOADER_LOADER_H
#define FLASH_LOADER_LOADER_H

#include "flash/flash_internal.h"
#include "flash/loader/image.h"
#include "flash/loaders/flm_abi.h"

#define LOADER_MAX 8		/* loaders one part may have at once */
#define LOADER_MAX_BUFS 16
#define LOADER_QUEUE 32

struct loader_s {
	struct loader_image_s *img;
	char source[256];	/* "built-in NAME" or the file's path */
	bool builtin;
	uint32_t dev_addr;	/* where the device is on this part (the image's unless overridden) */
};

/* One call of a loader function, queued or running. */
struct loader_call_s {
	enum loader_fn_e fn;
	uint32_t args[4];
	unsigned nargs;
	int buf;		/* the page buffer it reads (-1: none) */
	uint32_t timeout_ms;
	uint32_t addr, len;	/* flash range, for the report and for results */
	uint64_t started_ms;
	uint32_t cycles0;	/* DWT CYCCNT at the start (trace) */
};

struct loader_session_s {
	struct loader_s *l;
	struct cortexm_routine_s routine;
	bool failed;			/* a call failed: nothing more is run until the session ends */
	int fnc;			/* FLM Init's fnc in effect (0: not initialised; -1: Init(verify)
					 * and UnInit(verify) done, for reading the window) */
	bool written;			/* erased or programmed since the last Init */
	/* RAM: [lo, hi) all ours, saved at the start (buffers when first used) */
	uint32_t lo, hi;
	uint32_t base, sb, bkpt, stack_lo, stack_top;
	uint32_t helper, ctl, crc_table, digest, digest_entries;
	uint32_t bufs, buf_size;
	unsigned n_bufs;
	uint8_t *saved;			/* [lo, bufs) */
	uint8_t *saved_buf[LOADER_MAX_BUFS];	/* NULL: not used yet, or put back already */
	unsigned bufs_used;		/* buffers saved (used) in this session */
	unsigned busy[LOADER_MAX_BUFS];	/* calls queued or running that read buffer i */
	/* the queue; q[head] runs when running is set */
	struct loader_call_s q[LOADER_QUEUE];
	unsigned head, n;
	bool running;
	uint32_t calls;
	/* the streaming loop (stream_mode.c): one call serves erases and pages from a ring */
	bool streaming;
	uint32_t sctl;				/* struct rsp_stream_s in target RAM */
	uint32_t sseq;
	unsigned snext, soldest, sbusy_n;
	bool sbusy[RSP_STREAM_SLOTS];
	int sbuf[RSP_STREAM_SLOTS];
	struct stream_slot_s sreq[RSP_STREAM_SLOTS];	/* as written, for results and reports */
	uint64_t sstarted_ms;			/* when the oldest request began (roughly) */
	/* the buffer being filled by consecutive program requests (-1: none) */
	int pend_buf;
	uint32_t pend_addr, pend_len;
	bool pend_verify;
	bool flushing;
	const struct flash_driver_s *speed;	/* whose speed_up ran (slow_down at the end) */
	uint32_t crc_unit;		/* the part's CRC unit for digests and CRCs (0: software) */
	bool cycles;			/* CYCCNT counts for the trace; DWT_CTRL as it was: */
	uint32_t dwt_ctrl;
};

/* The part's loaders and their banks (drivers/loader_bank.c registers the banks). */
struct loader_set_s {
	struct loader_s l[LOADER_MAX];
	unsigned n;
	struct loader_session_s *s;	/* the open session, NULL when none */
	bool trace;			/* monitor loader trace: log every call */
	char last_report[8192];		/* the last failure report (report.c) */
};

extern const struct flash_driver_s flash_driver_loader;

/* flash.c keeps f->loaders; these manage it. */
int loader_set_init(struct flash_s *f, struct error_s *err);	/* the part's built-ins */
void loader_set_free(struct flash_s *f);
/* The loader serving bank b (a bank of flash_driver_loader), or NULL. */
struct loader_s *loader_of_bank(struct flash_s *f, const struct flash_bank_s *b);

/* run.c, readback.c, session.c: the engine. Every op opens the session of bank b's loader when none is open. */
int loader_erase(struct flash_s *f, const struct flash_bank_s *b, uint32_t addr, uint32_t size, struct error_s *err);
int loader_program(struct flash_s *f, const struct flash_bank_s *b, uint32_t addr, const uint8_t *data, uint32_t len,
		   bool verify, struct error_s *err);
int loader_drain(struct flash_s *f, struct error_s *err);
int loader_digest(struct flash_s *f, const struct flash_bank_s *b, uint32_t addr, uint32_t sector_size,
		  uint32_t count, struct stream_digest_s *out, struct error_s *err);
int loader_crc(struct flash_s *f, const struct flash_bank_s *b, uint32_t addr, uint32_t len, uint32_t *crc,
	       struct error_s *err);
/* Bank b's device readable through its window by the bus, until loader_session_end. */
int loader_map_window(struct flash_s *f, const struct flash_bank_s *b, struct error_s *err);
/* Level 2 of a programmed run whose expected bytes the caller gives (Verify / CheckSum / CRC). */
int loader_verify_range(struct flash_s *f, const struct flash_bank_s *b, uint32_t addr, FILE *fp, long off,
			uint32_t len, uint32_t crc, const char **how, struct error_s *err);
/* Bytes per program call. */
uint32_t loader_chunk(struct flash_s *f, const struct flash_bank_s *b);
/* Ends the open session (UnInit, RAM and registers back); safe when none is open. */
int loader_session_end(struct flash_s *f, struct error_s *err);
/* What sits where, for `monitor loader info`. */
int loader_describe(struct flash_s *f, char *buf, size_t len);

#define LOADER_SLACK_MS 5000u	/* margin on top of declared times (flash_now_ms: modeled
					 * time on a virtual board, host time on hardware) */

#define LOADER_BUF_MAX (64u << 10)	/* bytes per program call, whatever the loader allows */

/* session.c: where everything goes in RAM (-1: it does not fit), and the session's start. */
int loader_layout(struct flash_s *f, struct loader_session_s *s, struct error_s *err);
int loader_session_open(struct flash_s *f, struct loader_s *l, struct error_s *err);

/* run.c, for readback.c, session.c and stream_mode.c: the session's calls, buffers, queue */
int loader_target_failed(struct flash_s *f, struct error_s *err, const char *what);
/* The same while writing the stream request queued: with nothing older in flight, the loader
 * may have started it before the write failed, so it is named as the one in flight. */
int loader_target_failed_queueing(struct flash_s *f, struct error_s *err, const char *what,
				  const struct stream_slot_s *queued);
uint32_t loader_call_timeout(const struct loader_session_s *s, enum loader_fn_e fn, uint32_t len);
uint32_t loader_dev_addr(const struct loader_session_s *s, uint32_t addr);
/* The session of bank b's loader, opened if need be, set up for fnc (0: as it is). */
struct loader_session_s *loader_open_for(struct flash_s *f, const struct flash_bank_s *b, int fnc,
					 struct error_s *err);
/* Before the host reads the device through its window (see run.c). */
int loader_need_read(struct flash_s *f, struct loader_session_s *s, struct error_s *err);
void loader_call_init(struct loader_call_s *c, const struct loader_session_s *s, enum loader_fn_e fn, uint32_t a0,
		      uint32_t a1, uint32_t a2, uint32_t a3, unsigned nargs);
/* A Verify call of len bytes at loader address a against the buffer at buf. */
void loader_verify_call(struct loader_call_s *c, const struct loader_session_s *s, uint32_t a, uint32_t len,
			uint32_t buf);
int loader_enqueue(struct flash_s *f, struct loader_session_s *s, const struct loader_call_s *c, struct error_s *err);
/* Moves the queue on; wait: until the running call has ended (its r0/r1 when not NULL). */
int loader_pump(struct flash_s *f, struct loader_session_s *s, bool wait, uint32_t *r0, uint32_t *r1,
		struct error_s *err);
/* Everything queued has ended (pages gathering in a buffer are queued first). */
int loader_session_drain(struct flash_s *f, struct loader_session_s *s, struct error_s *err);
/* One idle page buffer's RAM put back before the session ends: 1, or 0 when none is left; -1 on error. */
int loader_restore_buffer(struct flash_s *f, struct loader_session_s *s, struct error_s *err);
int loader_free_buffer(struct flash_s *f, struct loader_session_s *s, struct error_s *err);
int loader_fill_buffer(struct flash_s *f, struct loader_session_s *s, int k, uint32_t off, const uint8_t *data,
		       uint32_t len, struct error_s *err);

/* stream_mode.c: RspStream. Available: the loader has it and sets itself up once. */
bool lstream_available(const struct loader_session_s *s);
int lstream_submit(struct flash_s *f, struct loader_session_s *s, uint32_t op, uint32_t addr, uint32_t len, int buf,
		   bool verify, struct error_s *err);
/* Moves the ring on; wait: until the oldest request has ended. */
int lstream_poll(struct flash_s *f, struct loader_session_s *s, bool wait, struct error_s *err);
int lstream_drain(struct flash_s *f, struct loader_session_s *s, struct error_s *err);
/* Ends the loop (an EXIT request), so other calls can run; safe when not streaming. */
int lstream_stop(struct flash_s *f, struct loader_session_s *s, struct error_s *err);

/* report.c: a failed call -> err (FLASH_ERR_ROUTINE) with the whole story in its message. */
void loader_report(struct flash_s *f, struct loader_session_s *s, const struct loader_call_s *c, const char *what,
		   struct error_s *err);

#endif /* FLASH_LOADER_LOADER_H */
