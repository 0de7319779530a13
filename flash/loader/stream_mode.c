// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A loader's streaming loop (RspStream, flash/loaders/flm_abi.h): one call serves every
 * erase and page of a download from a ring of slots in target RAM. The host writes a page
 * into a buffer and then its slot (seq last), and goes on with the next page while the
 * target works; it reads a slot back only when it needs the slot or its buffer again.
 * No call is started per page, so the target takes the next request the moment it ends
 * the previous one (with one call per page it waited for the host to come back between
 * writes), and a block erase runs while the host fills the buffers of the pages after it.
 * Requests end in order; the oldest is the one polled.
 */
#include <stddef.h>
#include <string.h>

#include "flash/loader/loader.h"

#define SLOT_SIZE ((uint32_t)sizeof(struct stream_slot_s))
#define STREAM_START_MS 1000u
#define CORE_CHECK_POLLS 16u	/* polls of a slot between checks that the core still runs */

bool lstream_available(const struct loader_session_s *s)
{
	const struct loader_image_s *img = s->l->img;

	return img->kind == LOADER_FLM && img->fn[LOADER_FN_RSP_STREAM] && (img->flags & RSP_FLAG_MAPPED);
}

static uint32_t slot_addr(const struct loader_session_s *s, unsigned k)
{
	return s->sctl + (uint32_t)offsetof(struct rsp_stream_s, slot) + k * SLOT_SIZE;
}

/* The report of a request as if it were the call of the function the loop made for it. */
static void fake_call(const struct loader_session_s *s, unsigned k, struct loader_call_s *c)
{
	const struct stream_slot_s *r = &s->sreq[k];

	memset(c, 0, sizeof(*c));
	if (r->op == STREAM_OP_ERASE) {
		c->fn = r->len ? LOADER_FN_RSP_ERASE : LOADER_FN_ERASE_CHIP;
		c->args[0] = r->addr;
		c->args[1] = r->len;
	} else {
		c->fn = (r->flags & STREAM_F_VERIFY) ? LOADER_FN_RSP_PROGRAM_VERIFY : LOADER_FN_PROGRAM;
		c->args[0] = r->addr;
		c->args[1] = r->len;
		c->args[2] = r->buf;
	}
	c->addr = r->addr + s->l->dev_addr - s->l->img->dev_addr;
	c->len = r->len;
	c->buf = -1;
	c->timeout_ms = loader_call_timeout(s, c->fn, r->len);
}

/* The loop itself went wrong (not one of its requests): the report names RspStream. */
static int stream_failed(struct flash_s *f, struct loader_session_s *s, const char *what, struct error_s *err)
{
	struct loader_call_s c;

	memset(&c, 0, sizeof(c));
	c.fn = LOADER_FN_RSP_STREAM;
	c.args[0] = s->sctl;
	c.buf = -1;
	s->failed = true;
	s->streaming = false;
	loader_report(f, s, &c, what, err);
	return -1;
}

static int start(struct flash_s *f, struct loader_session_s *s, struct error_s *err)
{
	struct rsp_stream_s ctl;
	uint32_t arg = s->sctl, alive = 0;
	uint64_t until;
	int r;

	memset(&ctl, 0, sizeof(ctl));
	ctl.nslots = RSP_STREAM_SLOTS;
	if (cortexm_write_mem(f->t, s->sctl, &ctl, sizeof(ctl)) ||
	    cortexm_routine_call(f->t, &s->routine, s->base + (s->l->img->fn[LOADER_FN_RSP_STREAM] - s->l->img->link_base),
				 s->stack_top, s->sb, &arg, 1))
		return loader_target_failed(f, err, "starting the loader's stream");
	until = flash_now_ms(f) + STREAM_START_MS;
	while (alive != STREAM_MAGIC) {
		if (cortexm_read_u32(f->t, s->sctl, &alive))
			return loader_target_failed(f, err, "starting the loader's stream");
		r = cortexm_routine_check(f->t, &s->routine);
		if (alive != STREAM_MAGIC && (r != 0 || flash_now_ms(f) > until)) {
			if (r == 0)
				cortexm_halt(f->t);
			return stream_failed(f, s, r == 0 ? "did not start its loop in time" : "stopped at once", err);
		}
	}
	memset(s->sbusy, 0, sizeof(s->sbusy));
	memset(s->sreq, 0, sizeof(s->sreq));
	s->sseq = 0;
	s->snext = s->soldest = s->sbusy_n = 0;
	s->streaming = true;
	s->calls++;
	flash_logf(f, 3, "loader %s: stream of %u slots at 0x%08x", s->l->img->name, RSP_STREAM_SLOTS, s->sctl);
	return 0;
}

/* The oldest request ended: its result. */
static int retire(struct flash_s *f, struct loader_session_s *s, uint32_t status, struct error_s *err)
{
	unsigned k = s->soldest;

	if (status) {
		struct loader_call_s c;
		char what[96];

		fake_call(s, k, &c);
		s->failed = true;
		s->streaming = false;
		cortexm_wait_halt(f->t, 1000);	/* the loop returns after a failure */
		if (c.fn == LOADER_FN_RSP_PROGRAM_VERIFY && status == RSP_PROGRAM_MISMATCH)
			snprintf(what, sizeof(what), "found the flash differs from the page after programming (level 1)");
		else
			snprintf(what, sizeof(what), "returned %u (failure)", status);
		loader_report(f, s, &c, what, err);
		return -1;
	}
	if (s->sbuf[k] >= 0)
		s->busy[s->sbuf[k]]--;
	s->sbusy[k] = false;
	s->sbusy_n--;
	s->soldest = (k + 1) % RSP_STREAM_SLOTS;
	s->sstarted_ms = flash_now_ms(f);
	return 0;
}

int lstream_poll(struct flash_s *f, struct loader_session_s *s, bool wait, struct error_s *err)
{
	for (unsigned polls = 1; s->streaming && s->sbusy_n; polls++) {
		unsigned k = s->soldest;
		uint32_t done = 0, status = 0;
		int r;

		/*
		 * done, then status, in one probe command: the loop writes status before done,
		 * so a done seen here vouches for the status read after it
		 */
		cortexm_queue_read_u32(f->t, slot_addr(s, k) + (uint32_t)offsetof(struct stream_slot_s, done), &done);
		if (cortexm_read_u32(f->t, slot_addr(s, k) + (uint32_t)offsetof(struct stream_slot_s, status), &status))
			return loader_target_failed(f, err, "polling the loader's stream");
		if (done == s->sreq[k].seq) {
			if (retire(f, s, status, err))
				return -1;
			wait = false;	/* one ended: the caller may go on; more may have ended too */
			continue;
		}
		if (!wait)
			return 0;
		if (polls % CORE_CHECK_POLLS == 0 || flash_now_ms(f) - s->sstarted_ms > loader_call_timeout(s,
		    s->sreq[k].op == STREAM_OP_ERASE ? LOADER_FN_RSP_ERASE : LOADER_FN_PROGRAM, s->sreq[k].len)) {
			struct loader_call_s c;

			r = cortexm_routine_check(f->t, &s->routine);
			if (r < 0)
				return loader_target_failed(f, err, "waiting for the loader's stream");
			fake_call(s, k, &c);
			if (r == 1) {	/* halted with the request not done: a fault */
				s->failed = true;
				s->streaming = false;
				loader_report(f, s, &c, f->t->reason == CORTEXM_HALT_LOCKUP ? "locked up" :
						      f->t->reason == CORTEXM_HALT_VCATCH ? "faulted (HardFault caught)" :
											    "stopped before returning", err);
				return -1;
			}
			if (flash_now_ms(f) - s->sstarted_ms > c.timeout_ms) {
				s->failed = true;
				s->streaming = false;
				if (cortexm_halt(f->t))
					return loader_target_failed(f, err, "halting a loader that ran past its time");
				loader_report(f, s, &c, "did not return in time", err);
				error_prefix(err, "(timeout %u ms) ", c.timeout_ms);
				return -1;
			}
		}
	}
	return 0;
}

int lstream_submit(struct flash_s *f, struct loader_session_s *s, uint32_t op, uint32_t addr, uint32_t len, int buf,
		   bool verify, struct error_s *err)
{
	struct stream_slot_s *r;
	uint32_t peek_status = 0, peek_done = 0;
	int peek = -1;
	unsigned k;

	if (!s->streaming && start(f, s, err))
		return -1;
	k = s->snext;
	while (s->sbusy[k])
		if (lstream_poll(f, s, true, err))
			return -1;
	r = &s->sreq[k];
	/* done keeps this slot's last seq: until seq lands (written last), the loop sees nothing new */
	r->done = r->seq;
	r->op = op;
	r->flags = verify ? STREAM_F_VERIFY : 0;
	r->addr = loader_dev_addr(s, addr);
	r->len = len;
	r->buf = buf >= 0 ? s->bufs + (uint32_t)buf * s->buf_size : 0;
	r->status = 0;
	r->seq = ++s->sseq;
	/* the oldest request's done and status (in that order: see lstream_poll) ride along
	 * with this write: no poll of their own */
	if (s->sbusy_n) {
		peek = s->soldest;
		cortexm_queue_read_u32(f->t, slot_addr(s, peek) + (uint32_t)offsetof(struct stream_slot_s, done),
				       &peek_done);
		cortexm_queue_read_u32(f->t, slot_addr(s, peek) + (uint32_t)offsetof(struct stream_slot_s, status),
				       &peek_status);
	}
	if (cortexm_write_mem(f->t, slot_addr(s, k), r, SLOT_SIZE))
		return loader_target_failed_queueing(f, err, "writing a request (and the page data before it) for the "
						     "loader's stream", r);
	if (!s->sbusy_n)
		s->sstarted_ms = flash_now_ms(f);
	s->sbusy[k] = true;
	s->sbuf[k] = buf;
	if (buf >= 0)
		s->busy[buf]++;
	s->sbusy_n++;
	s->snext = (k + 1) % RSP_STREAM_SLOTS;
	s->written = true;
	if (peek >= 0 && peek_done == s->sreq[peek].seq && retire(f, s, peek_status, err))
		return -1;
	if (f->loaders->trace)
		flash_logf(f, 2, "loader %s: stream request %u: %s 0x%08x+0x%x", s->l->img->name, r->seq,
			   flash_stream_op_name(op), r->addr, len);
	return 0;
}

int lstream_drain(struct flash_s *f, struct loader_session_s *s, struct error_s *err)
{
	while (s->streaming && s->sbusy_n)
		if (lstream_poll(f, s, true, err))
			return -1;
	return 0;
}

int lstream_stop(struct flash_s *f, struct loader_session_s *s, struct error_s *err)
{
	uint32_t pc;

	if (!s->streaming)
		return 0;
	if (lstream_submit(f, s, STREAM_OP_EXIT, s->l->dev_addr, 0, -1, false, err) || lstream_drain(f, s, err))
		return -1;
	s->streaming = false;
	if (cortexm_wait_halt(f->t, STREAM_START_MS) != 1 || cortexm_read_regs_direct(f->t, (const unsigned[]){ CORTEXM_PC },
										  &pc, 1))
		return loader_target_failed(f, err, "ending the loader's stream");
	if ((pc & ~1u) != s->bkpt)
		return stream_failed(f, s, "did not return to its caller after EXIT", err);
	return 0;
}
