// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The loader runner (loader.h): the calls of a session (session.c places and ends it):
 * Init's fnc as the loader's convention wants it, a queue of erase/program/verify calls
 * run one after another while the host fills the next page buffer, consecutive sectors
 * gathered into one page, and the hand-over to the streaming loop (stream_mode.c) for
 * loaders that have one.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/cortexm_debug.h"
#include "flash/loader/loader.h"
#include "flash/loaders/flm_abi.h"
#include "flash/loaders/stm32_stream.h"

#define LOADER_INIT_MS 2000u
#define LOADER_DEFAULT_ERASE_MS 5000u	/* per sector, when the loader declares nothing (ST loaders) */
#define LOADER_DEFAULT_PROG_MS 2000u
#define LOADER_CHIP_MAX_MS (15u * 60u * 1000u)

static struct loader_set_s *set_of(struct flash_s *f)
{
	return f->loaders;
}

static const struct loader_image_s *img_of(const struct loader_session_s *s)
{
	return s->l->img;
}

/* The loader's own address for a flash address (the user may have moved the device). */
uint32_t loader_dev_addr(const struct loader_session_s *s, uint32_t addr)
{
	return addr - s->l->dev_addr + img_of(s)->dev_addr;
}

uint32_t loader_chunk(struct flash_s *f, const struct flash_bank_s *b)
{
	struct loader_s *l = loader_of_bank(f, b);
	uint32_t p = l ? l->img->page_size : 256u;

	return p > LOADER_BUF_MAX ? LOADER_BUF_MAX : p;
}

int loader_target_failed(struct flash_s *f, struct error_s *err, const char *what)
{
	return loader_target_failed_queueing(f, err, what, NULL);
}

/* A stream request, at its host address, for flash_target_failed's inflight (an EXIT
 * touches no flash: not named). */
static void inflight_request(const struct loader_session_s *s, const struct stream_slot_s *r, char *inflight,
			     size_t len)
{
	if (r->op != STREAM_OP_EXIT)
		flash_inflight_add(inflight, len, r->op, r->addr + s->l->dev_addr - s->l->img->dev_addr);
}

int loader_target_failed_queueing(struct flash_s *f, struct error_s *err, const char *what,
				  const struct stream_slot_s *queued)
{
	const struct loader_session_s *s = f->loaders ? f->loaders->s : NULL;
	char inflight[160] = "";

	if (f->t->err.code != ADI_ERR_PROBE && f->t->err.code != ADI_ERR_NO_RESPONSE) {
		*err = f->t->err;	/* keeps the register and address the target's error names */
		error_prefix(err, "%s: ", what);
		return -1;
	}
	/* the request or call that may be half done: the oldest in the stream, or the call running */
	if (s && s->streaming && (s->sbusy_n || queued)) {
		/* every request written and not seen ended, oldest first: any may be half done */
		for (unsigned i = 0; i < s->sbusy_n; i++)
			inflight_request(s, &s->sreq[(s->soldest + i) % RSP_STREAM_SLOTS], inflight, sizeof(inflight));
		if (!s->sbusy_n)
			inflight_request(s, queued, inflight, sizeof(inflight));
		if (!*inflight)	/* only the EXIT: every flash request had ended */
			snprintf(inflight, sizeof(inflight), " while ending the loader's stream (every flash request had "
				 "ended)");
	} else if (s && s->running && s->n) {
		const struct loader_call_s *c = &s->q[s->head];
		snprintf(inflight, sizeof(inflight), " during the %s of 0x%08x", loader_fn_name(s->l->img, c->fn),
			 c->addr);
	}
	return flash_target_failed(f, err, what, inflight);
}



/* Timeouts from what the loader declares (FLM toProg/toErase), doubled, plus slack. */
uint32_t loader_call_timeout(const struct loader_session_s *s, enum loader_fn_e fn, uint32_t len)
{
	const struct loader_image_s *img = img_of(s);
	uint64_t erase = img->to_erase_ms ? img->to_erase_ms : LOADER_DEFAULT_ERASE_MS;
	uint64_t prog = img->to_prog_ms ? img->to_prog_ms : LOADER_DEFAULT_PROG_MS;
	uint32_t sector = img->geom.runs[0].size ? img->geom.runs[0].size : 4096;
	uint64_t ms;

	switch (fn) {
	case LOADER_FN_ERASE_SECTOR:
		ms = 2 * erase;
		break;
	case LOADER_FN_RSP_ERASE:
		ms = 2 * erase * (len / sector ? len / sector : 1);
		break;
	case LOADER_FN_ERASE_CHIP:
		ms = erase * flash_geom_sectors(&img->geom);
		break;
	case LOADER_FN_PROGRAM:
	case LOADER_FN_RSP_PROGRAM_VERIFY:
		ms = 2 * prog * ((len + img->page_size - 1) / img->page_size);
		break;
	case LOADER_FN_VERIFY:
	case LOADER_FN_BLANK_CHECK:
	case LOADER_FN_CHECKSUM:
	case LOADER_FN_READ:
		ms = 1000u * (len / (1u << 20) + 1);
		break;
	default:
		ms = LOADER_INIT_MS;
		break;
	}
	ms += LOADER_SLACK_MS;
	return ms > LOADER_CHIP_MAX_MS ? LOADER_CHIP_MAX_MS : (uint32_t)ms;
}

/*
 * monitor loader trace: every call and its result, with the core cycles it took (DWT
 * CYCCNT, read only while tracing; the session turns the counter on and back off).
 */
static void trace_call(struct flash_s *f, const struct loader_session_s *s, struct loader_call_s *c,
		       const char *what, uint32_t r0)
{
	uint32_t cyc = 0;

	if (!set_of(f)->trace)
		return;
	if (s->cycles && cortexm_read_u32(f->t, DWT_BASE + DWT_CYCCNT, &cyc))
		cyc = 0;
	if (!what) {
		c->cycles0 = cyc;
		flash_logf(f, 2, "loader %s: %s(0x%08x, 0x%08x, 0x%08x, 0x%08x)", img_of(s)->name,
			   loader_fn_name(img_of(s), c->fn), c->args[0], c->args[1], c->args[2], c->args[3]);
	} else {
		flash_logf(f, 2, "loader %s: %s returned 0x%08x%s: %u core cycles, %llu ms", img_of(s)->name,
			   loader_fn_name(img_of(s), c->fn), r0, what, cyc - c->cycles0,
			   (unsigned long long)(flash_now_ms(f) - c->started_ms));
	}
}

static int start_head(struct flash_s *f, struct loader_session_s *s, struct error_s *err)
{
	struct loader_call_s *c = &s->q[s->head];

	trace_call(f, s, c, NULL, 0);	/* CYCCNT before the core runs */
	if (cortexm_routine_call(f->t, &s->routine, s->base + (img_of(s)->fn[c->fn] - img_of(s)->link_base),
				 s->stack_top, s->sb, c->args, c->nargs))
		return loader_target_failed(f, err, "starting a loader call");
	c->started_ms = flash_now_ms(f);
	s->running = true;
	s->calls++;
	return 0;
}

/* Whether a call's return value means success (FLM: 0; ST: non-zero; Verify: see flm_abi.h). */
static bool call_ok(const struct loader_session_s *s, const struct loader_call_s *c, uint32_t r0)
{
	bool st = img_of(s)->kind == LOADER_STLDR;

	switch (c->fn) {
	case LOADER_FN_VERIFY:
		return st ? r0 == 0 : r0 == c->args[0] + c->args[1];
	case LOADER_FN_BLANK_CHECK:
	case LOADER_FN_CHECKSUM:
		return true;	/* a result, not a status */
	default:
		return st ? r0 != 0 : r0 == 0;
	}
}

/* The running call has halted: its result, or the report of how it failed. */
static int complete(struct flash_s *f, struct loader_session_s *s, uint32_t *r0, uint32_t *r1, struct error_s *err)
{
	static const unsigned regs[] = { CORTEXM_PC, CORTEXM_R0, CORTEXM_R0 + 1 };
	struct loader_call_s *c = &s->q[s->head];
	uint32_t v[3], pc;

	s->running = false;
	/* three registers, not the register file: one probe command */
	if (cortexm_read_regs_direct(f->t, regs, v, 3))
		return loader_target_failed(f, err, "reading a loader call's result");
	pc = v[0];
	*r0 = v[1];
	*r1 = v[2];
	if ((pc & ~1u) != s->bkpt || f->t->reason == CORTEXM_HALT_LOCKUP) {
		loader_report(f, s, c, f->t->reason == CORTEXM_HALT_VCATCH ? "faulted (HardFault caught)" :
				      f->t->reason == CORTEXM_HALT_LOCKUP ? "locked up" : "stopped before returning",
			      err);
		return -1;
	}
	trace_call(f, s, c, call_ok(s, c, *r0) ? "" : " (failure)", *r0);
	if (!call_ok(s, c, *r0)) {
		char what[96];

		if (c->fn == LOADER_FN_VERIFY)
			snprintf(what, sizeof(what), "reports a difference at 0x%08x", *r0);
		else if (c->fn == LOADER_FN_RSP_PROGRAM_VERIFY && *r0 == RSP_PROGRAM_MISMATCH)
			snprintf(what, sizeof(what), "found the flash differs from the page after programming (level 1)");
		else
			snprintf(what, sizeof(what), "returned %u (failure)", *r0);
		loader_report(f, s, c, what, err);
		return -1;
	}
	return 0;
}

/*
 * Moves the queue on: ends the running call when it has halted and starts the next.
 * wait: block until the running call has ended (timeout from the call). 0 or -1.
 */
int loader_pump(struct flash_s *f, struct loader_session_s *s, bool wait, uint32_t *r0, uint32_t *r1,
		struct error_s *err)
{
	uint32_t a = 0, b = 0;

	for (;;) {
		if (s->running) {
			struct loader_call_s *c = &s->q[s->head];
			int r = cortexm_routine_check(f->t, &s->routine);

			if (r < 0) {
				s->failed = true;
				return loader_target_failed(f, err, "waiting for the loader");
			}
			if (r == 0) {
				if (flash_now_ms(f) - c->started_ms > c->timeout_ms) {
					s->failed = true;
					if (cortexm_halt(f->t))
						return loader_target_failed(f, err, "halting a loader that ran past its time");
					s->running = false;
					loader_report(f, s, c, "did not return in time", err);
					error_prefix(err, "(timeout %u ms) ", c->timeout_ms);
					return -1;
				}
				if (!wait)
					return 0;
				continue;
			}
			if (complete(f, s, &a, &b, err)) {
				s->failed = true;
				return -1;
			}
			if (c->buf >= 0)
				s->busy[c->buf]--;
			s->head = (s->head + 1) % LOADER_QUEUE;
			s->n--;
			if (r0)
				*r0 = a;
			if (r1)
				*r1 = b;
			if (s->n && start_head(f, s, err)) {
				s->failed = true;
				return -1;
			}
			return 0;
		}
		if (!s->n)
			return 0;
		if (start_head(f, s, err)) {
			s->failed = true;
			return -1;
		}
		if (!wait)
			return 0;
	}
}

static int flush_pending(struct flash_s *f, struct loader_session_s *s, struct error_s *err);

/* Every call of the queue ended (Init, say): the streaming loop may take the core. */
static int calls_done(struct flash_s *f, struct loader_session_s *s, struct error_s *err)
{
	while (s->n)
		if (loader_pump(f, s, true, NULL, NULL, err))
			return -1;
	return 0;
}

int loader_session_drain(struct flash_s *f, struct loader_session_s *s, struct error_s *err)
{
	if (flush_pending(f, s, err) || lstream_drain(f, s, err))
		return -1;
	while (s->n)
		if (loader_pump(f, s, true, NULL, NULL, err))
			return -1;
	return 0;
}

int loader_enqueue(struct flash_s *f, struct loader_session_s *s, const struct loader_call_s *c, struct error_s *err)
{
	/* calls run in the order asked: pages still gathering in a buffer go first */
	if (s->pend_buf >= 0 && !s->flushing && flush_pending(f, s, err))
		return -1;
	if (lstream_stop(f, s, err))	/* a call of its own needs the core */
		return -1;
	if (!img_of(s)->fn[c->fn])
		return error_set(err, FLASH_ERR_LOADER, "loader %s has no %s function", img_of(s)->name,
				 loader_fn_name(img_of(s), c->fn));
	while (s->n == LOADER_QUEUE)
		if (loader_pump(f, s, true, NULL, NULL, err))
			return -1;
	s->q[(s->head + s->n) % LOADER_QUEUE] = *c;
	s->n++;
	if (c->buf >= 0)
		s->busy[c->buf]++;
	return loader_pump(f, s, false, NULL, NULL, err);
}

void loader_call_init(struct loader_call_s *c, const struct loader_session_s *s, enum loader_fn_e fn, uint32_t a0,
		      uint32_t a1, uint32_t a2, uint32_t a3, unsigned nargs)
{
	memset(c, 0, sizeof(*c));
	c->fn = fn;
	c->args[0] = a0;
	c->args[1] = a1;
	c->args[2] = a2;
	c->args[3] = a3;
	c->nargs = nargs;
	c->buf = -1;
	c->addr = a0;
	c->len = fn == LOADER_FN_PROGRAM || fn == LOADER_FN_VERIFY || fn == LOADER_FN_RSP_PROGRAM_VERIFY ? a1 : 0;
	c->timeout_ms = loader_call_timeout(s, fn, fn == LOADER_FN_RSP_ERASE ? a1 : c->len);
}

/*
 * FLM's Init(adr, clk, fnc) says what comes next (1 erase, 2 program, 3 verify); a host
 * switches with UnInit/Init. Built-ins (RSP_FLAG_MAPPED) and ST loaders are set up once.
 */
static int need_fnc(struct flash_s *f, struct loader_session_s *s, int fnc, struct error_s *err)
{
	const struct loader_image_s *img = img_of(s);
	struct loader_call_s c;

	if (s->fnc > 0 && (img->kind == LOADER_STLDR || (img->flags & RSP_FLAG_MAPPED) || s->fnc == fnc))
		return 0;
	if (s->fnc > 0 && img->kind == LOADER_FLM) {
		loader_call_init(&c, s, LOADER_FN_UNINIT, (uint32_t)s->fnc, 0, 0, 0, 1);
		if (loader_enqueue(f, s, &c, err))
			return -1;
	}
	if (img->kind == LOADER_STLDR)
		loader_call_init(&c, s, LOADER_FN_INIT, 0, 0, 0, 0, 0);
	else
		loader_call_init(&c, s, LOADER_FN_INIT, img->dev_addr, 0, (uint32_t)fnc, 0, 3);
	s->fnc = fnc;
	return loader_enqueue(f, s, &c, err);
}

/*
 * Before the host reads the device through its window (digests, CRCs): a built-in says
 * the window always reads (RSP_FLAG_MAPPED). A CMSIS host reads memory after
 * Init(verify) .. UnInit(verify), so either of them may be where a loader maps its window:
 * both run, and the next erase or program initialises again. An ST loader maps its window
 * in Init: Init runs again once anything was written since the last one.
 */
int loader_need_read(struct flash_s *f, struct loader_session_s *s, struct error_s *err)
{
	const struct loader_image_s *img = img_of(s);
	struct loader_call_s c;

	if (img->flags & RSP_FLAG_MAPPED)
		return need_fnc(f, s, FLM_FNC_VERIFY, err);
	if (img->kind == LOADER_STLDR) {
		if (s->fnc && !s->written)
			return 0;
		s->fnc = 0;
		s->written = false;
		return need_fnc(f, s, FLM_FNC_VERIFY, err);
	}
	if (s->fnc == -1)
		return 0;	/* Init(verify) .. UnInit(verify) done, nothing written since */
	if (need_fnc(f, s, FLM_FNC_VERIFY, err))
		return -1;
	loader_call_init(&c, s, LOADER_FN_UNINIT, FLM_FNC_VERIFY, 0, 0, 0, 1);
	s->fnc = -1;
	return loader_enqueue(f, s, &c, err);
}

struct loader_session_s *loader_open_for(struct flash_s *f, const struct flash_bank_s *b, int fnc,
					 struct error_s *err)
{
	struct loader_s *l = loader_of_bank(f, b);

	if (!l) {
		error_set(err, FLASH_ERR_NO_DRIVER, "no loader serves bank %s", b ? b->name : "?");
		return NULL;
	}
	if (loader_session_open(f, l, err) || (fnc && need_fnc(f, set_of(f)->s, fnc, err)))
		return NULL;
	return set_of(f)->s;
}

int loader_erase(struct flash_s *f, const struct flash_bank_s *b, uint32_t addr, uint32_t size, struct error_s *err)
{
	struct loader_session_s *s = loader_open_for(f, b, FLM_FNC_ERASE, err);
	const struct loader_image_s *img;
	struct flash_sector_s sec;
	struct loader_call_s c;
	uint32_t a;

	if (!s)
		return -1;
	img = img_of(s);
	a = loader_dev_addr(s, addr);
	if (lstream_available(s) && (size == 0 || (addr == b->geom.base && size == b->size) ||
				     img->fn[LOADER_FN_RSP_ERASE])) {
		bool chip = size == 0 || (addr == b->geom.base && size == b->size && img->fn[LOADER_FN_ERASE_CHIP]);

		if (flush_pending(f, s, err) || calls_done(f, s, err))
			return -1;
		return lstream_submit(f, s, STREAM_OP_ERASE, addr, chip ? 0 : size, -1, false, err);
	}
	if (size == 0 || (addr == b->geom.base && size == b->size && img->fn[LOADER_FN_ERASE_CHIP])) {
		loader_call_init(&c, s, LOADER_FN_ERASE_CHIP, 0, 0, 0, 0, img->kind == LOADER_STLDR ? 1 : 0);
	} else if (flash_geom_sector_at(&b->geom, addr, &sec) && sec.addr == addr && sec.size == size) {
		if (img->kind == LOADER_STLDR)
			loader_call_init(&c, s, LOADER_FN_ERASE_SECTOR, a, a + size - 1, 0, 0, 2);
		else
			loader_call_init(&c, s, LOADER_FN_ERASE_SECTOR, a, 0, 0, 0, 1);
	} else {
		loader_call_init(&c, s, LOADER_FN_RSP_ERASE, a, size, 0, 0, 2);
	}
	c.addr = addr;
	c.len = size;
	s->written = true;
	return loader_enqueue(f, s, &c, err);
}

/* A buffer no queued call reads; waits for calls to end when all are in use. */
/*
 * A buffer no queued request reads. One already saved is preferred: a buffer used for the
 * first time costs its RAM read now and written back at the end (16 KB each way), so
 * before taking a new one the ring is polled once for requests that have ended. Where the
 * flash is faster than the wire (a blank NOR) two buffers then carry the whole download;
 * the others fill up only while an erase holds the requests back.
 */
int loader_free_buffer(struct flash_s *f, struct loader_session_s *s, struct error_s *err)
{
	bool polled = false;

	for (;;) {
		int fresh = -1;

		for (unsigned i = 0; i < s->n_bufs; i++) {
			if (s->busy[i])
				continue;
			if (s->saved_buf[i])
				return (int)i;
			if (fresh < 0)
				fresh = (int)i;
		}
		if (fresh >= 0 && (polled || !s->streaming))
			return fresh;
		if (s->streaming ? lstream_poll(f, s, fresh < 0, err) : loader_pump(f, s, true, NULL, NULL, err))
			return -1;
		polled = true;
	}
}

int loader_fill_buffer(struct flash_s *f, struct loader_session_s *s, int k, uint32_t off, const uint8_t *data,
		       uint32_t len, struct error_s *err)
{
	uint32_t at = s->bufs + (uint32_t)k * s->buf_size;

	if (!s->saved_buf[k]) {
		s->saved_buf[k] = malloc(s->buf_size);
		if (!s->saved_buf[k])
			return error_set(err, FLASH_ERR_RESOURCE, "out of memory for saved RAM");
		if (cortexm_read_mem(f->t, at, s->saved_buf[k], s->buf_size)) {
			free(s->saved_buf[k]);
			s->saved_buf[k] = NULL;
			return loader_target_failed(f, err, "saving the RAM under a loader buffer");
		}
		s->bufs_used++;
	}
	/*
	 * Streaming, the data goes out with the request's slot write after it (which reports
	 * a bus error in either): a page no longer ends a probe command half full per piece
	 */
	if (lstream_available(s) ? cortexm_queue_write_mem(f->t, at + off, data, len) :
				   cortexm_write_mem(f->t, at + off, data, len))
		return loader_target_failed(f, err, "writing a loader buffer");
	return 0;
}

void loader_verify_call(struct loader_call_s *c, const struct loader_session_s *s, uint32_t a, uint32_t len,
			uint32_t buf)
{
	if (img_of(s)->kind == LOADER_STLDR)
		loader_call_init(c, s, LOADER_FN_VERIFY, a, buf, (len + 3) / 4, 0, 4);
	else
		loader_call_init(c, s, LOADER_FN_VERIFY, a, len, buf, 0, 3);
	c->len = len;
}

/*
 * The buffer being filled is handed to the loader as one ProgramPage (and Verify) when it
 * is full, when the next data does not follow on, or before any other call: consecutive
 * sectors become calls of a whole buffer (16 KB for the built-ins), never across a
 * buffer-sized boundary of the device (a CMSIS host never crosses a page).
 */
static int flush_pending(struct flash_s *f, struct loader_session_s *s, struct error_s *err)
{
	int k = s->pend_buf, rc;
	uint32_t a, buf;
	struct loader_call_s c;

	if (k < 0)
		return 0;
	s->pend_buf = -1;
	if (lstream_available(s)) {
		rc = calls_done(f, s, err) ||
		     lstream_submit(f, s, STREAM_OP_PROGRAM, s->pend_addr, s->pend_len, k, s->pend_verify, err) ? -1 : 0;
		s->busy[k]--;	/* the reservation: the request now holds it */
		return rc;
	}
	s->flushing = true;
	a = loader_dev_addr(s, s->pend_addr);
	buf = s->bufs + (uint32_t)k * s->buf_size;
	/* level 1 in the same call when the loader offers it (the built-ins do) */
	loader_call_init(&c, s, s->pend_verify && img_of(s)->fn[LOADER_FN_RSP_PROGRAM_VERIFY] ? LOADER_FN_RSP_PROGRAM_VERIFY :
		  LOADER_FN_PROGRAM, a, s->pend_len, buf, 0, 3);
	c.buf = k;
	c.addr = s->pend_addr;
	c.len = s->pend_len;
	s->written = true;
	rc = loader_enqueue(f, s, &c, err);
	if (!rc && s->pend_verify && c.fn == LOADER_FN_PROGRAM && img_of(s)->fn[LOADER_FN_VERIFY]) {
		loader_verify_call(&c, s, a, s->pend_len, buf);
		c.buf = k;
		c.addr = s->pend_addr;
		rc = loader_enqueue(f, s, &c, err);
	}
	s->flushing = false;
	s->busy[k]--;	/* the buffer's reservation: the calls now hold it */
	return rc;
}

int loader_program(struct flash_s *f, const struct flash_bank_s *b, uint32_t addr, const uint8_t *data, uint32_t len,
		   bool verify, struct error_s *err)
{
	struct loader_session_s *s = loader_open_for(f, b, FLM_FNC_PROGRAM, err);
	uint32_t off, end;

	if (!s)
		return -1;
	if (len > s->buf_size)
		return error_set(err, FLASH_ERR_STATE, "program request of %u bytes, the loader takes %u", len,
				 s->buf_size);
	off = addr - s->l->dev_addr;
	if (s->pend_buf >= 0 && (addr != s->pend_addr + s->pend_len || verify != s->pend_verify ||
				 (s->pend_addr - s->l->dev_addr) / s->buf_size != (off + len - 1) / s->buf_size) &&
	    flush_pending(f, s, err))
		return -1;
	if (s->pend_buf < 0) {
		int k;

		if (loader_pump(f, s, false, NULL, NULL, err))	/* keep the target busy before the long write */
			return -1;
		k = loader_free_buffer(f, s, err);
		if (k < 0)
			return -1;
		s->busy[k]++;	/* reserved while it fills */
		s->pend_buf = k;
		s->pend_addr = addr;
		s->pend_len = 0;
		s->pend_verify = verify;
	}
	if (loader_fill_buffer(f, s, s->pend_buf, s->pend_len, data, len, err))
		return -1;
	s->pend_len += len;
	end = off + len;
	if (s->pend_len == s->buf_size || end % s->buf_size == 0)
		return flush_pending(f, s, err);
	return 0;	/* no poll per piece: each costs a probe round trip while the wire has data to move */
}

int loader_drain(struct flash_s *f, struct error_s *err)
{
	struct loader_session_s *s = set_of(f) ? set_of(f)->s : NULL;

	if (!s || s->failed)
		return 0;
	return loader_session_drain(f, s, err);
}

