// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A loader session's RAM and life (loader.h): where the loader, its stack, the digest
 * routine, the request ring and the page buffers go, what is saved first and put back
 * last (RAM, registers, fault status, DWT, the core clock), Init's counterpart at the end.
 *
 * RAM, from the bottom of the session's area (everything saved first, buffers when first
 * used, so a download that programs nothing never reads them):
 *   guard (8 KB, relocatable user loaders only) | image (relocatable FLMs; ST loaders sit at
 *   their link address) | BKPT | stack (filled with a pattern: a failure report says
 *   whether it ran out) | digest/CRC routine | its control block | CRC tables | digest
 *   table | request ring | page buffers.
 * The stack sits just above the image, so a loader that overruns its stack runs into its
 * own data, as it would under any other host, and the report says so.
 */
#include <stdlib.h>
#include <string.h>

#include "arch/cortexm_debug.h"
#include "flash/loader/loader.h"
#include "flash/loaders/stm32_stream.h"

#define LOADER_STACK 4096u
#define LOADER_GUARD 8192u		/* saved RAM below a placed loader: a stack overrun lands there */
#define STACK_PATTERN 0xA5u
#define LOADER_DIGESTS 512u
#define LOADER_RING_MIN (64u << 10)	/* buffers together: at least this, or the largest erase unit */

static const uint8_t bkpt_insn[4] = { 0x00, 0xBE, 0x00, 0xBE };

static uint32_t align8(uint32_t v)
{
	return (v + 7u) & ~7u;
}

/* Where everything goes (see the top of the file); -1 when the part's RAM cannot hold it. */
int loader_layout(struct flash_s *f, struct loader_session_s *s, struct error_s *err)
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
		/* rspflash's own loaders are known not to overrun their stack: no guard to save */
		s->base = align8(ram) + (s->l->builtin ? 0 : LOADER_GUARD);
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

/* For the trace: DEMCR.TRCENA (the routine puts DEMCR back) and DWT CYCCNTENA (we do). */
static void cycles_on(struct flash_s *f, struct loader_session_s *s)
{
	uint32_t demcr;

	if (!f->loaders->trace || cortexm_read_u32(f->t, SCS_DEMCR_ADDR, &demcr) ||
	    cortexm_write_u32(f->t, SCS_DEMCR_ADDR, demcr | SCS_DEMCR_TRCENA) ||
	    cortexm_read_u32(f->t, DWT_BASE + DWT_CTRL, &s->dwt_ctrl) ||
	    cortexm_write_u32(f->t, DWT_BASE + DWT_CTRL, s->dwt_ctrl | DWT_CTRL_CYCCNTENA))
		return;
	s->cycles = true;
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
				rc = loader_target_failed(f, err, "restoring the core after the loader");
		} else {
			cortexm_routine_abort(f->t, &s->routine);
		}
	}
	if (s->saved && flash_restore_ram(f, s->lo, s->saved, s->bufs - s->lo) && !rc)
		rc = loader_target_failed(f, err, "restoring the RAM under the loader");
	for (unsigned i = 0; i < s->n_bufs; i++)
		if (s->saved_buf[i] && flash_restore_ram(f, s->bufs + i * s->buf_size, s->saved_buf[i], s->buf_size) &&
		    !rc)
			rc = loader_target_failed(f, err, "restoring the RAM under the loader's buffers");
	return rc;
}

int loader_restore_buffer(struct flash_s *f, struct loader_session_s *s, struct error_s *err)
{
	for (unsigned i = 0; i < s->n_bufs; i++) {
		if (!s->saved_buf[i] || s->busy[i] || (int)i == s->pend_buf)
			continue;
		if (flash_restore_ram(f, s->bufs + i * s->buf_size, s->saved_buf[i], s->buf_size))
			return loader_target_failed(f, err, "restoring the RAM under the loader's buffers");
		free(s->saved_buf[i]);
		s->saved_buf[i] = NULL;	/* a later page saves it again */
		return 1;
	}
	return 0;
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

int loader_session_open(struct flash_s *f, struct loader_s *l, struct error_s *err)
{
	struct loader_set_s *set = f->loaders;
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
	if (loader_layout(f, s, err)) {
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
		return loader_target_failed(f, err, "saving the RAM for the loader");
	}
	r = cortexm_write_mem(f->t, s->base, l->img->mem, l->img->size) ||
	    cortexm_write_mem(f->t, s->bkpt, bkpt_insn, sizeof(bkpt_insn)) ||
	    cortexm_write_mem(f->t, s->stack_lo, fill, LOADER_STACK) ||
	    cortexm_write_mem(f->t, s->helper, loader_stm32_stream, loader_stm32_stream_size);
	free(fill);
	set->s = s;
	if (r) {
		loader_target_failed(f, err, "placing the loader in RAM");
		loader_session_end(f, NULL);
		return -1;
	}
	/* The session's first "call" is its BKPT: it saves the user's state once for all calls. */
	if (cortexm_routine_start(f->t, &s->routine, s->bkpt, s->stack_top, s->bkpt, NULL, 0) ||
	    cortexm_wait_halt(f->t, 1000) != 1) {
		loader_target_failed(f, err, "starting the loader session");
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
	struct loader_set_s *set = f->loaders;
	struct loader_session_s *s = set ? set->s : NULL;
	struct error_s tmp;
	int rc = 0;

	if (!s)
		return 0;
	if (!err)
		err = &tmp;
	if (!s->failed && (loader_session_drain(f, s, err) || lstream_stop(f, s, err)))
		rc = -1;
	if (!s->failed && s->fnc > 0 && s->l->img->kind == LOADER_FLM) {
		struct loader_call_s c;

		loader_call_init(&c, s, LOADER_FN_UNINIT, (uint32_t)s->fnc, 0, 0, 0, 1);
		if (loader_enqueue(f, s, &c, err) || loader_session_drain(f, s, err))
			rc = -1;
	}
	/* GDB reads the flash next (compare-sections): an ST loader maps its window in Init */
	if (!s->failed && !rc && s->l->img->kind == LOADER_STLDR && s->written && (loader_need_read(f, s, err) || loader_session_drain(f, s, err)))
		rc = -1;
	flash_logf(f, 3, "loader %s: session ends after %u calls, %u of %u buffers used", s->l->img->name, s->calls,
		   s->bufs_used, s->n_bufs);
	/*
	 * Whether or not the core is halted: the driver's record of the clock it raised ends with
	 * the session. After a power loss the part runs again at its reset clock, and a record
	 * kept would make the next session think the clock (and the CRC unit's) still on: that
	 * load's CRCs read 0. On a target that is gone the writes just fail.
	 */
	if (s->speed && s->speed->slow_down(f, rc ? &tmp : err))
		rc = -1;
	if (s->cycles && f->t->halted)
		cortexm_write_u32(f->t, DWT_BASE + DWT_CTRL, s->dwt_ctrl);
	if (session_restore(f, s, !s->failed && !rc, rc ? &tmp : err))
		rc = -1;
	set->s = NULL;
	session_free(s);
	return rc;
}

int loader_describe(struct flash_s *f, char *buf, size_t len)
{
	struct loader_set_s *set = f->loaders;
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
		if (loader_layout(f, &tmp, &err)) {
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
