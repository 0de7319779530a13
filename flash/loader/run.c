// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The loader runner (loader.h): a session places the loader and its buffers in the
 * part's loader RAM, calls Init, queues erase/program/verify calls and keeps the target
 * busy while the host fills the next buffer, and puts everything back at the end.
 *
 * RAM, from the bottom of the session's area (everything saved first, buffers when first
 * used, so a download that programs nothing never reads them):
 *   guard (8 KB, relocatable loaders only) | image (relocatable FLMs; ST loaders sit at
 *   their link address) | BKPT | stack (filled
 *   with a pattern: a failure report says whether it ran out) | digest/CRC routine | its
 *   control block | CRC table | digest table | page buffers.
 * The stack sits just above the image, so a loader that overruns its stack runs into its
 * own data, as it would under any other host, and the report says so.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "arch/cortexm_debug.h"
#include "flash/loader/loader.h"
#include "flash/loaders/flm_abi.h"
#include "flash/loaders/stm32_stream.h"

#define LOADER_STACK 4096u
#define LOADER_GUARD 8192u		/* saved RAM below a placed loader: a stack overrun lands there */
#define STACK_PATTERN 0xA5u
#define LOADER_DIGESTS 512u
#define LOADER_BUF_MAX (64u << 10)	/* bytes per program call, whatever the loader allows */
#define LOADER_RING_MIN (64u << 10)	/* buffers together: at least this, or the largest erase unit */
#define LOADER_SLACK_MS 5000u		/* wall-clock margin on top of declared times: a loaded host,
					 * or a simulated target under a sanitizer, runs slower */
#define LOADER_INIT_MS 2000u
#define LOADER_DEFAULT_ERASE_MS 5000u	/* per sector, when the loader declares nothing (ST loaders) */
#define LOADER_DEFAULT_PROG_MS 2000u
#define LOADER_CHIP_MAX_MS (15u * 60u * 1000u)

static const uint8_t bkpt_insn[4] = { 0x00, 0xBE, 0x00, 0xBE };

static uint32_t align8(uint32_t v)
{
	return (v + 7u) & ~7u;
}

static struct loader_set_s *set_of(struct flash_s *f)
{
	return f->loaders;
}

static const struct loader_image_s *img_of(const struct loader_session_s *s)
{
	return s->l->img;
}

/* The loader's own address for a flash address (the user may have moved the device). */
static uint32_t dev_addr(const struct loader_session_s *s, uint32_t addr)
{
	return addr - s->l->dev_addr + img_of(s)->dev_addr;
}

uint32_t loader_chunk(struct flash_s *f, const struct flash_bank_s *b)
{
	struct loader_s *l = loader_of_bank(f, b);
	uint32_t p = l ? l->img->page_size : 256u;

	return p > LOADER_BUF_MAX ? LOADER_BUF_MAX : p;
}

/* Where everything goes (see the top of the file); -1 when the part's RAM cannot hold it. */
static int layout(struct flash_s *f, struct loader_session_s *s, struct error_s *err)
{
	const struct loader_image_s *img = s->l->img;
	const struct target_part_s *p = f->part;
	/* without RAM of their own, loaders take the upper half of the work RAM (the routine the bottom) */
	uint32_t ram = p->loader_ram_size ? p->loader_ram_base : p->work_ram_base + p->work_ram_size / 2;
	uint32_t ram_size = p->loader_ram_size ? p->loader_ram_size : p->work_ram_size / 2;
	uint64_t ram_end = (uint64_t)ram + ram_size, at, ring;
	uint32_t largest = img->erase_sizes[0] ? img->erase_sizes[0] : flash_geom_max_sector(&img->geom);

	if (!ram_size)
		return error_set(err, FLASH_ERR_RESOURCE, "no RAM is known on %s for loaders", p->name);
	if (img->relocatable) {
		s->base = align8(ram) + LOADER_GUARD;
	} else {
		const struct target_mem_s *m = target_mem_at(p, img->link_base);

		s->base = img->link_base;
		if (!m || m->kind != TARGET_MEM_RAM || (uint64_t)img->link_base + img->size > (uint64_t)m->base + m->size)
			return error_set(err, FLASH_ERR_LOADER,
					 "loader %s is linked at 0x%08x-0x%08x, which is not RAM of %s", img->name,
					 img->link_base, img->link_base + img->size - 1, p->name);
		if (s->base < ram || s->base >= ram_end) {
			ram = m->base;	/* the rest goes beside it, in the RAM it sits in */
			ram_end = (uint64_t)m->base + m->size;
		}
	}
	s->lo = img->relocatable ? align8(ram) : s->base;
	s->sb = s->base + img->data_offset;
	at = align8(s->base + img->size);
	s->bkpt = (uint32_t)at;
	at += 8;
	s->stack_lo = (uint32_t)at;
	at += LOADER_STACK;
	s->stack_top = (uint32_t)at;
	s->helper = (uint32_t)at;
	at = align8(at + loader_stm32_stream_size);
	s->ctl = (uint32_t)at;
	at = align8(at + sizeof(struct stream_ctl_s));
	s->crc_table = (uint32_t)at;
	at += 4096;	/* four tables: the digests and CRCs of a whole NOR go a word a step */
	s->digest = (uint32_t)at;
	s->digest_entries = LOADER_DIGESTS;
	at += LOADER_DIGESTS * sizeof(struct stream_digest_s);
	s->sctl = (uint32_t)at;
	at = align8(at + sizeof(struct rsp_stream_s));
	s->bufs = (uint32_t)at;
	s->buf_size = align8(img->page_size > LOADER_BUF_MAX ? LOADER_BUF_MAX : img->page_size);
	ring = largest > LOADER_RING_MIN ? largest : LOADER_RING_MIN;
	s->n_bufs = f->opt.loader_buffers ? f->opt.loader_buffers : (unsigned)(ring / s->buf_size) + 1;
	if (s->n_bufs > LOADER_MAX_BUFS)
		s->n_bufs = LOADER_MAX_BUFS;
	while (s->n_bufs > 2 && !f->opt.loader_buffers && at + (uint64_t)s->n_bufs * s->buf_size > ram_end)
		s->n_bufs--;
	s->hi = (uint32_t)(at + (uint64_t)s->n_bufs * s->buf_size);
	if (at + (uint64_t)s->n_bufs * s->buf_size > ram_end || s->lo < ram)
		return error_set(err, FLASH_ERR_RESOURCE,
				 "loader %s needs 0x%08x-0x%08x (code, stack, buffers) but %s's loader RAM is "
				 "0x%08x-0x%08x", img->name, s->lo, (uint32_t)(at + 2ull * s->buf_size - 1), p->name,
				 ram, (uint32_t)(ram_end - 1));
	return 0;
}

static int target_failed(struct flash_s *f, struct error_s *err, const char *what)
{
	*err = f->t->err;
	error_prefix(err, "%s: ", what);
	return -1;
}

int loader_target_failed(struct flash_s *f, struct error_s *err, const char *what)
{
	return target_failed(f, err, what);
}

uint32_t loader_dev_addr(const struct loader_session_s *s, uint32_t addr)
{
	return dev_addr(s, addr);
}

/* Timeouts from what the loader declares (FLM toProg/toErase), doubled, plus slack. */
static uint32_t call_timeout(const struct loader_session_s *s, enum loader_fn_e fn, uint32_t len)
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

uint32_t loader_call_timeout(const struct loader_session_s *s, enum loader_fn_e fn, uint32_t len)
{
	return call_timeout(s, fn, len);
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
			   (unsigned long long)(flash_now_ms() - c->started_ms));
	}
}

/* For the trace: DEMCR.TRCENA (the routine puts DEMCR back) and DWT CYCCNTENA (we do). */
static void cycles_on(struct flash_s *f, struct loader_session_s *s)
{
	uint32_t demcr;

	if (!set_of(f)->trace || cortexm_read_u32(f->t, SCS_DEMCR_ADDR, &demcr) ||
	    cortexm_write_u32(f->t, SCS_DEMCR_ADDR, demcr | SCS_DEMCR_TRCENA) ||
	    cortexm_read_u32(f->t, DWT_BASE + DWT_CTRL, &s->dwt_ctrl) ||
	    cortexm_write_u32(f->t, DWT_BASE + DWT_CTRL, s->dwt_ctrl | DWT_CTRL_CYCCNTENA))
		return;
	s->cycles = true;
}

static int start_head(struct flash_s *f, struct loader_session_s *s, struct error_s *err)
{
	struct loader_call_s *c = &s->q[s->head];

	trace_call(f, s, c, NULL, 0);	/* CYCCNT before the core runs */
	if (cortexm_routine_call(f->t, &s->routine, s->base + (img_of(s)->fn[c->fn] - img_of(s)->link_base),
				 s->stack_top, s->sb, c->args, c->nargs))
		return target_failed(f, err, "starting a loader call");
	c->started_ms = flash_now_ms();
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
		return target_failed(f, err, "reading a loader call's result");
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
static int pump(struct flash_s *f, struct loader_session_s *s, bool wait, uint32_t *r0, uint32_t *r1,
		struct error_s *err)
{
	uint32_t a = 0, b = 0;

	for (;;) {
		if (s->running) {
			struct loader_call_s *c = &s->q[s->head];
			int r = cortexm_routine_check(f->t, &s->routine);

			if (r < 0) {
				s->failed = true;
				return target_failed(f, err, "waiting for the loader");
			}
			if (r == 0) {
				if (flash_now_ms() - c->started_ms > c->timeout_ms) {
					s->failed = true;
					if (cortexm_halt(f->t))
						return target_failed(f, err, "halting a loader that ran past its time");
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
		if (pump(f, s, true, NULL, NULL, err))
			return -1;
	return 0;
}

static int drain(struct flash_s *f, struct loader_session_s *s, struct error_s *err)
{
	if (flush_pending(f, s, err) || lstream_drain(f, s, err))
		return -1;
	while (s->n)
		if (pump(f, s, true, NULL, NULL, err))
			return -1;
	return 0;
}

static int enqueue(struct flash_s *f, struct loader_session_s *s, const struct loader_call_s *c, struct error_s *err)
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
		if (pump(f, s, true, NULL, NULL, err))
			return -1;
	s->q[(s->head + s->n) % LOADER_QUEUE] = *c;
	s->n++;
	if (c->buf >= 0)
		s->busy[c->buf]++;
	return pump(f, s, false, NULL, NULL, err);
}

static void call_init(struct loader_call_s *c, const struct loader_session_s *s, enum loader_fn_e fn, uint32_t a0,
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
	c->timeout_ms = call_timeout(s, fn, fn == LOADER_FN_RSP_ERASE ? a1 : c->len);
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
		call_init(&c, s, LOADER_FN_UNINIT, (uint32_t)s->fnc, 0, 0, 0, 1);
		if (enqueue(f, s, &c, err))
			return -1;
	}
	if (img->kind == LOADER_STLDR)
		call_init(&c, s, LOADER_FN_INIT, 0, 0, 0, 0, 0);
	else
		call_init(&c, s, LOADER_FN_INIT, img->dev_addr, 0, (uint32_t)fnc, 0, 3);
	s->fnc = fnc;
	return enqueue(f, s, &c, err);
}

/*
 * Before the host reads the device through its window (digests, CRCs): a built-in says
 * the window always reads (RSP_FLAG_MAPPED). A CMSIS host reads memory after
 * Init(verify) .. UnInit(verify), so either of them may be where a loader maps its window:
 * both run, and the next erase or program initialises again. An ST loader maps its window
 * in Init: Init runs again once anything was written since the last one.
 */
static int need_read(struct flash_s *f, struct loader_session_s *s, struct error_s *err)
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
	call_init(&c, s, LOADER_FN_UNINIT, FLM_FNC_VERIFY, 0, 0, 0, 1);
	s->fnc = -1;
	return enqueue(f, s, &c, err);
}

static void session_free(struct loader_session_s *s)
{
	free(s->saved);
	for (unsigned i = 0; i < LOADER_MAX_BUFS; i++)
		free(s->saved_buf[i]);
	free(s);
}

/* Puts back the RAM we took (what was saved of it) and the core's state. */
static int session_restore(struct flash_s *f, struct loader_session_s *s, bool ok, struct error_s *err)
{
	int rc = 0;

	if (s->routine.active) {
		if (ok && !f->t->halted)
			ok = false;
		if (ok) {
			if (cortexm_routine_finish(f->t, &s->routine, 1000, NULL))
				rc = target_failed(f, err, "restoring the core after the loader");
		} else {
			cortexm_routine_abort(f->t, &s->routine);
		}
	}
	if (s->saved && cortexm_write_mem(f->t, s->lo, s->saved, s->bufs - s->lo) && !rc)
		rc = target_failed(f, err, "restoring the RAM under the loader");
	for (unsigned i = 0; i < s->n_bufs; i++)
		if (s->saved_buf[i] && cortexm_write_mem(f->t, s->bufs + i * s->buf_size, s->saved_buf[i], s->buf_size) &&
		    !rc)
			rc = target_failed(f, err, "restoring the RAM under the loader's buffers");
	return rc;
}

static const struct flash_driver_s *speed_driver(struct flash_s *f)
{
	for (unsigned i = 0; i < f->n_banks; i++)
		if (f->banks[i].drv->speed_up && f->banks[i].drv->slow_down)
			return f->banks[i].drv;
	return NULL;
}

/* The part's CRC unit, as its own flash driver gives it (clocked by its speed_up), or 0. */
static uint32_t crc_unit_of(struct flash_s *f)
{
	for (unsigned i = 0; f->has_crc_unit && i < f->n_banks; i++) {
		struct stream_ctl_s p;

		if (flash_bank_is_loader(&f->banks[i]) || !f->banks[i].drv->stream_params)
			continue;
		memset(&p, 0, sizeof(p));
		f->banks[i].drv->stream_params(f, &f->banks[i], &p);
		return p.crc_unit;
	}
	return 0;
}

static int session_open(struct flash_s *f, struct loader_s *l, struct error_s *err)
{
	struct loader_set_s *set = set_of(f);
	struct loader_session_s *s;
	uint8_t *fill;
	int r;

	if (set->s && set->s->l == l) {
		if (set->s->failed)
			return error_set(err, FLASH_ERR_ROUTINE, "loader %s: an earlier call failed in this session",
					 l->img->name);
		return 0;
	}
	if (set->s && loader_session_end(f, err))
		return -1;
	s = calloc(1, sizeof(*s));
	if (!s)
		return error_set(err, FLASH_ERR_RESOURCE, "out of memory for a loader session");
	s->l = l;
	s->pend_buf = -1;
	if (layout(f, s, err)) {
		free(s);
		return -1;
	}
	s->saved = malloc(s->bufs - s->lo);
	fill = malloc(LOADER_STACK);
	if (!s->saved || !fill) {
		free(fill);
		session_free(s);
		return error_set(err, FLASH_ERR_RESOURCE, "out of memory for saved RAM");
	}
	memset(fill, STACK_PATTERN, LOADER_STACK);
	if ((!f->t->halted && cortexm_halt(f->t)) || cortexm_read_mem(f->t, s->lo, s->saved, s->bufs - s->lo)) {
		free(fill);
		free(s->saved);
		s->saved = NULL;
		session_free(s);
		return target_failed(f, err, "saving the RAM for the loader");
	}
	r = cortexm_write_mem(f->t, s->base, l->img->mem, l->img->size) ||
	    cortexm_write_mem(f->t, s->bkpt, bkpt_insn, sizeof(bkpt_insn)) ||
	    cortexm_write_mem(f->t, s->stack_lo, fill, LOADER_STACK) ||
	    cortexm_write_mem(f->t, s->helper, loader_stm32_stream, loader_stm32_stream_size);
	free(fill);
	set->s = s;
	if (r) {
		target_failed(f, err, "placing the loader in RAM");
		loader_session_end(f, NULL);
		return -1;
	}
	/* The session's first "call" is its BKPT: it saves the user's state once for all calls. */
	if (cortexm_routine_start(f->t, &s->routine, s->bkpt, s->stack_top, s->bkpt, NULL, 0) ||
	    cortexm_wait_halt(f->t, 1000) != 1) {
		target_failed(f, err, "starting the loader session");
		loader_session_end(f, NULL);
		return -1;
	}
	/*
	 * The part's own flash driver knows how to raise the core clock (and put it back):
	 * a loader feeds its controller's FIFO from the core, at the reset clock it cannot keep
	 * a NOR busy (an STM32L5 at 4 MHz spends ~15 µs of CPU a 256-byte page).
	 */
	cycles_on(f, s);
	s->speed = speed_driver(f);
	if (s->speed) {
		s->speed->speed_up(f);
		s->crc_unit = crc_unit_of(f);
	}
	flash_logf(f, 3, "loader %s: placed at 0x%08x (R9 0x%08x), stack 0x%08x-0x%08x, %u buffers of %u bytes at 0x%08x",
		   l->img->name, s->base, s->sb, s->stack_lo, s->stack_top, s->n_bufs, s->buf_size, s->bufs);
	return 0;
}

int loader_session_end(struct flash_s *f, struct error_s *err)
{
	struct loader_set_s *set = set_of(f);
	struct loader_session_s *s = set ? set->s : NULL;
	struct error_s tmp;
	int rc = 0;

	if (!s)
		return 0;
	if (!err)
		err = &tmp;
	if (!s->failed && (drain(f, s, err) || lstream_stop(f, s, err)))
		rc = -1;
	if (!s->failed && s->fnc > 0 && img_of(s)->kind == LOADER_FLM) {
		struct loader_call_s c;

		call_init(&c, s, LOADER_FN_UNINIT, (uint32_t)s->fnc, 0, 0, 0, 1);
		if (enqueue(f, s, &c, err) || drain(f, s, err))
			rc = -1;
	}
	/* GDB reads the flash next (compare-sections): an ST loader maps its window in Init */
	if (!s->failed && !rc && img_of(s)->kind == LOADER_STLDR && s->written && (need_read(f, s, err) || drain(f, s, err)))
		rc = -1;
	{
		unsigned used = 0;

		for (unsigned i = 0; i < s->n_bufs; i++)
			used += s->saved_buf[i] != NULL;
		flash_logf(f, 3, "loader %s: session ends after %u calls, %u of %u buffers used", img_of(s)->name,
			   s->calls, used, s->n_bufs);
	}
	if (s->speed && f->t->halted && s->speed->slow_down(f, rc ? &tmp : err))
		rc = -1;
	if (s->cycles && f->t->halted)
		cortexm_write_u32(f->t, DWT_BASE + DWT_CTRL, s->dwt_ctrl);
	if (session_restore(f, s, !s->failed && !rc, rc ? &tmp : err))
		rc = -1;
	set->s = NULL;
	session_free(s);
	return rc;
}

static struct loader_session_s *open_for(struct flash_s *f, const struct flash_bank_s *b, int fnc,
					 struct error_s *err)
{
	struct loader_s *l = loader_of_bank(f, b);

	if (!l) {
		error_set(err, FLASH_ERR_NO_DRIVER, "no loader serves bank %s", b ? b->name : "?");
		return NULL;
	}
	if (session_open(f, l, err) || (fnc && need_fnc(f, set_of(f)->s, fnc, err)))
		return NULL;
	return set_of(f)->s;
}

int loader_erase(struct flash_s *f, const struct flash_bank_s *b, uint32_t addr, uint32_t size, struct error_s *err)
{
	struct loader_session_s *s = open_for(f, b, FLM_FNC_ERASE, err);
	const struct loader_image_s *img;
	struct flash_sector_s sec;
	struct loader_call_s c;
	uint32_t a;

	if (!s)
		return -1;
	img = img_of(s);
	a = dev_addr(s, addr);
	if (lstream_available(s) && (size == 0 || (addr == b->geom.base && size == b->size) ||
				     img->fn[LOADER_FN_RSP_ERASE])) {
		bool chip = size == 0 || (addr == b->geom.base && size == b->size && img->fn[LOADER_FN_ERASE_CHIP]);

		if (flush_pending(f, s, err) || calls_done(f, s, err))
			return -1;
		return lstream_submit(f, s, STREAM_OP_ERASE, addr, chip ? 0 : size, -1, false, err);
	}
	if (size == 0 || (addr == b->geom.base && size == b->size && img->fn[LOADER_FN_ERASE_CHIP])) {
		call_init(&c, s, LOADER_FN_ERASE_CHIP, 0, 0, 0, 0, img->kind == LOADER_STLDR ? 1 : 0);
	} else if (flash_geom_sector_at(&b->geom, addr, &sec) && sec.addr == addr && sec.size == size) {
		if (img->kind == LOADER_STLDR)
			call_init(&c, s, LOADER_FN_ERASE_SECTOR, a, a + size - 1, 0, 0, 2);
		else
			call_init(&c, s, LOADER_FN_ERASE_SECTOR, a, 0, 0, 0, 1);
	} else {
		call_init(&c, s, LOADER_FN_RSP_ERASE, a, size, 0, 0, 2);
	}
	c.addr = addr;
	c.len = size;
	s->written = true;
	return enqueue(f, s, &c, err);
}

/* A buffer no queued call reads; waits for calls to end when all are in use. */
/*
 * A buffer no queued request reads. One already saved is preferred: a buffer used for the
 * first time costs its RAM read now and written back at the end (16 KB each way), so
 * before taking a new one the ring is polled once for requests that have ended. Where the
 * flash is faster than the wire (a blank NOR) two buffers then carry the whole download;
 * the others fill up only while an erase holds the requests back.
 */
static int free_buffer(struct flash_s *f, struct loader_session_s *s, struct error_s *err)
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
		if (s->streaming ? lstream_poll(f, s, fresh < 0, err) : pump(f, s, true, NULL, NULL, err))
			return -1;
		polled = true;
	}
}

static int fill_buffer(struct flash_s *f, struct loader_session_s *s, int k, uint32_t off, const uint8_t *data,
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
			return target_failed(f, err, "saving the RAM under a loader buffer");
		}
	}
	if (cortexm_write_mem(f->t, at + off, data, len))
		return target_failed(f, err, "writing a loader buffer");
	return 0;
}

static void verify_call(struct loader_call_s *c, const struct loader_session_s *s, uint32_t a, uint32_t len,
			uint32_t buf)
{
	if (img_of(s)->kind == LOADER_STLDR)
		call_init(c, s, LOADER_FN_VERIFY, a, buf, (len + 3) / 4, 0, 4);
	else
		call_init(c, s, LOADER_FN_VERIFY, a, len, buf, 0, 3);
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
	a = dev_addr(s, s->pend_addr);
	buf = s->bufs + (uint32_t)k * s->buf_size;
	/* level 1 in the same call when the loader offers it (the built-ins do) */
	call_init(&c, s, s->pend_verify && img_of(s)->fn[LOADER_FN_RSP_PROGRAM_VERIFY] ? LOADER_FN_RSP_PROGRAM_VERIFY :
		  LOADER_FN_PROGRAM, a, s->pend_len, buf, 0, 3);
	c.buf = k;
	c.addr = s->pend_addr;
	c.len = s->pend_len;
	s->written = true;
	rc = enqueue(f, s, &c, err);
	if (!rc && s->pend_verify && c.fn == LOADER_FN_PROGRAM && img_of(s)->fn[LOADER_FN_VERIFY]) {
		verify_call(&c, s, a, s->pend_len, buf);
		c.buf = k;
		c.addr = s->pend_addr;
		rc = enqueue(f, s, &c, err);
	}
	s->flushing = false;
	s->busy[k]--;	/* the buffer's reservation: the calls now hold it */
	return rc;
}

int loader_program(struct flash_s *f, const struct flash_bank_s *b, uint32_t addr, const uint8_t *data, uint32_t len,
		   bool verify, struct error_s *err)
{
	struct loader_session_s *s = open_for(f, b, FLM_FNC_PROGRAM, err);
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

		if (pump(f, s, false, NULL, NULL, err))	/* keep the target busy before the long write */
			return -1;
		k = free_buffer(f, s, err);
		if (k < 0)
			return -1;
		s->busy[k]++;	/* reserved while it fills */
		s->pend_buf = k;
		s->pend_addr = addr;
		s->pend_len = 0;
		s->pend_verify = verify;
	}
	if (fill_buffer(f, s, s->pend_buf, s->pend_len, data, len, err))
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
	return drain(f, s, err);
}

/* One request to the digest/CRC routine beside the loader, run to its end. */
static int run_helper(struct flash_s *f, struct loader_session_s *s, struct stream_slot_s *req, uint32_t timeout_ms,
		      struct error_s *err)
{
	struct stream_ctl_s ctl;
	uint32_t arg = s->ctl;
	struct loader_call_s c;
	uint64_t until;
	int r;

	if (drain(f, s, err) || lstream_stop(f, s, err))
		return -1;
	memset(&ctl, 0, sizeof(ctl));
	ctl.erased = 0xFFFFFFFFu;
	ctl.crc_table = s->crc_table;
	ctl.crc_slices = 4;
	ctl.crc_unit = s->crc_unit;
	req->seq = 1;
	req->done = 0;
	ctl.slot[0] = *req;
	ctl.slot[1].op = STREAM_OP_EXIT;
	ctl.slot[1].seq = 1;
	if (cortexm_write_mem(f->t, s->ctl, &ctl, sizeof(ctl)) ||
	    cortexm_routine_call(f->t, &s->routine, s->helper + loader_stm32_stream_entry, s->stack_top, 0, &arg, 1))
		return target_failed(f, err, "starting the digest routine");
	until = flash_now_ms() + timeout_ms + LOADER_SLACK_MS;
	while ((r = cortexm_routine_check(f->t, &s->routine)) == 0 && flash_now_ms() < until)
		;
	memset(&c, 0, sizeof(c));
	c.fn = LOADER_FN_COUNT;	/* not a loader function: the report says "digest routine" */
	c.args[0] = req->addr;
	c.args[1] = req->len;
	c.addr = req->addr;
	c.len = req->len;
	c.buf = -1;
	if (r < 0)
		return target_failed(f, err, "waiting for the digest routine");
	if (r == 0 && cortexm_halt(f->t))
		return target_failed(f, err, "halting the digest routine");
	{
		uint32_t pc;

		if (cortexm_read_reg(f->t, CORTEXM_PC, &pc))
			return target_failed(f, err, "reading the digest routine's PC");
		if (r == 0 || (pc & ~1u) != s->bkpt) {
			s->failed = true;
			loader_report(f, s, &c, r == 0 ? "did not return in time" : "faulted reading the device's window",
				      err);
			return -1;
		}
	}
	if (cortexm_read_mem(f->t, s->ctl + offsetof(struct stream_ctl_s, slot), req, sizeof(*req)))
		return target_failed(f, err, "reading the digest routine's result");
	return 0;
}

int loader_digest(struct flash_s *f, const struct flash_bank_s *b, uint32_t addr, uint32_t sector_size,
		  uint32_t count, struct stream_digest_s *out, struct error_s *err)
{
	struct loader_session_s *s = open_for(f, b, 0, err);

	if (!s || need_read(f, s, err))
		return -1;
	while (count) {
		uint32_t n = count < s->digest_entries ? count : s->digest_entries;
		struct stream_slot_s req;

		memset(&req, 0, sizeof(req));
		req.op = STREAM_OP_DIGEST;
		req.addr = addr;
		req.len = sector_size;
		req.count = n;
		req.buf = s->digest;
		if (run_helper(f, s, &req, (uint32_t)(((uint64_t)n * sector_size >> 20) * 1000u), err))
			return -1;
		if (cortexm_read_mem(f->t, s->digest, out, n * sizeof(*out)))
			return target_failed(f, err, "reading the sector digests");
		out += n;
		count -= n;
		addr += n * sector_size;
	}
	return 0;
}

int loader_crc(struct flash_s *f, const struct flash_bank_s *b, uint32_t addr, uint32_t len, uint32_t *crc,
	       struct error_s *err)
{
	struct loader_session_s *s = open_for(f, b, 0, err);
	struct stream_slot_s req;

	if (!s || need_read(f, s, err))
		return -1;
	memset(&req, 0, sizeof(req));
	req.op = STREAM_OP_CRC;
	req.addr = addr;
	req.len = len;
	req.cr = 0xFFFFFFFFu;
	if (run_helper(f, s, &req, (uint32_t)((len >> 20) * 1000u), err))
		return -1;
	*crc = req.result[0];
	return 0;
}

/* Level 2 through the loader's own Verify: the expected bytes go to the target again. */
static int verify_by_loader(struct flash_s *f, struct loader_session_s *s, uint32_t addr, FILE *fp, long off,
			    uint32_t len, struct error_s *err)
{
	uint8_t *chunk = malloc(s->buf_size);

	if (!chunk)
		return error_set(err, FLASH_ERR_RESOURCE, "out of memory");
	for (uint32_t o = 0; o < len; o += s->buf_size) {
		uint32_t n = len - o < s->buf_size ? len - o : s->buf_size;
		struct loader_call_s c;
		int k;

		if (fseek(fp, off + (long)o, SEEK_SET) || fread(chunk, 1, n, fp) != n) {
			free(chunk);
			return error_set(err, FLASH_ERR_RESOURCE, "cannot read the level-2 record of 0x%08x", addr + o);
		}
		k = free_buffer(f, s, err);
		if (k < 0 || fill_buffer(f, s, k, 0, chunk, n, err)) {
			free(chunk);
			return -1;
		}
		verify_call(&c, s, dev_addr(s, addr + o), n, s->bufs + (uint32_t)k * s->buf_size);
		c.buf = k;
		c.addr = addr + o;
		if (enqueue(f, s, &c, err)) {
			free(chunk);
			return -1;
		}
	}
	free(chunk);
	return drain(f, s, err);
}

/* Level 2 through ST's CheckSum: an additive byte sum over the range, computed by the loader. */
static int verify_by_checksum(struct flash_s *f, struct loader_session_s *s, uint32_t addr, FILE *fp, long off,
			      uint32_t len, struct error_s *err)
{
	uint8_t chunk[4096];
	uint32_t want = 0, got = 0, r1;
	struct loader_call_s c;

	if (fseek(fp, off, SEEK_SET))
		return error_set(err, FLASH_ERR_RESOURCE, "cannot read the level-2 record of 0x%08x", addr);
	for (uint32_t o = 0; o < len; o += sizeof(chunk)) {
		uint32_t n = len - o < sizeof(chunk) ? len - o : (uint32_t)sizeof(chunk);

		if (fread(chunk, 1, n, fp) != n)
			return error_set(err, FLASH_ERR_RESOURCE, "cannot read the level-2 record of 0x%08x", addr + o);
		for (uint32_t i = 0; i < n; i++)
			want += chunk[i];
	}
	call_init(&c, s, LOADER_FN_CHECKSUM, dev_addr(s, addr), len, 0, 0, 3);
	c.len = len;
	if (drain(f, s, err) || enqueue(f, s, &c, err))
		return -1;
	while (s->n)
		if (pump(f, s, true, &got, &r1, err))
			return -1;
	if (got != want)
		return error_set(err, FLASH_ERR_VERIFY,
				 "verify (level 2, the loader's CheckSum) of 0x%08x+0x%x: the device sums to 0x%08x, the image to 0x%08x",
				 addr, len, got, want);
	return 0;
}

int loader_verify_range(struct flash_s *f, const struct flash_bank_s *b, uint32_t addr, FILE *fp, long off,
			uint32_t len, uint32_t crc, const char **how, struct error_s *err)
{
	struct loader_s *l = loader_of_bank(f, b);
	struct loader_session_s *s;
	uint32_t got;

	if (!l)
		return error_set(err, FLASH_ERR_NO_DRIVER, "no loader serves 0x%08x", addr);
	if (!(l->img->flags & RSP_FLAG_MAPPED) && l->img->fn[LOADER_FN_VERIFY]) {
		*how = "the loader's Verify";
		s = open_for(f, b, FLM_FNC_VERIFY, err);
		return s ? verify_by_loader(f, s, addr, fp, off, len, err) : -1;
	}
	if (!(l->img->flags & RSP_FLAG_MAPPED) && l->img->fn[LOADER_FN_CHECKSUM]) {
		*how = "the loader's CheckSum";
		s = open_for(f, b, FLM_FNC_VERIFY, err);
		return s ? verify_by_checksum(f, s, addr, fp, off, len, err) : -1;
	}
	*how = "CRC on the target";
	if (loader_crc(f, b, addr, len, &got, err))
		return -1;
	if (got != crc)
		return error_set(err, FLASH_ERR_VERIFY,
				 "verify (level 2, CRC on the target) of 0x%08x+0x%x: the device's CRC is 0x%08x, the image's 0x%08x",
				 addr, len, got, crc);
	return 0;
}

int loader_describe(struct flash_s *f, char *buf, size_t len)
{
	struct loader_set_s *set = set_of(f);
	size_t n = 0;

#define ROOM (n < len ? len - n : 0)
	if (len)
		buf[0] = '\0';
	for (unsigned i = 0; set && i < set->n; i++) {
		const struct loader_s *l = &set->l[i];
		const struct loader_image_s *img = l->img;
		struct loader_session_s tmp;
		struct error_s err;

		memset(&tmp, 0, sizeof(tmp));
		tmp.l = set->l + i;
		n += (size_t)snprintf(buf + (n < len ? n : len), ROOM,
				      "%s (%s, %s): %s, device 0x%08x-0x%08x, page %u, %u sector runs, erased 0x%02x%s\n",
				      img->name, l->source, img->kind == LOADER_FLM ? "CMSIS FLM" : "ST loader",
				      img->dev_name, l->dev_addr, l->dev_addr + img->dev_size - 1, img->page_size,
				      img->geom.n_runs, img->erased, img->flags & RSP_FLAG_MAPPED ? ", memory-mapped" : "");
		if (layout(f, &tmp, &err)) {
			n += (size_t)snprintf(buf + (n < len ? n : len), ROOM, "  cannot be placed: %s\n", err.msg);
			continue;
		}
		{
			const struct target_mem_s *m = target_mem_at(f->part, tmp.lo);

			n += (size_t)snprintf(buf + (n < len ? n : len), ROOM,
					      "  in %s (0x%08x-0x%08x): saved RAM 0x%08x-0x%08x; code+data 0x%08x-0x%08x (%s, "
					      "R9 0x%08x), stack 0x%08x-0x%08x, digest routine 0x%08x, %u buffers of %u bytes "
					      "0x%08x-0x%08x\n",
					      m ? m->name : "?", m ? m->base : 0, m ? m->base + m->size - 1 : 0, tmp.lo,
					      tmp.hi - 1, tmp.base, tmp.base + img->size - 1,
					      img->relocatable ? "placed" : "its link address", tmp.sb, tmp.stack_lo,
					      tmp.stack_top - 1, tmp.helper, tmp.n_bufs, tmp.buf_size, tmp.bufs, tmp.hi - 1);
		}
	}
#undef ROOM
	return (int)n;
}
