// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The host side of the streaming programmer (flash/loaders/stm32_stream.c, ABI in
 * stream_abi.h): where it goes in the part's work RAM, loading and starting it, queueing
 * requests into its two slots, polling them, and putting everything back afterwards.
 *
 * Work RAM layout from the part's work_ram_base (saved first and restored at stop, since
 * GDB's `load` writes RAM sections before flash ones; the buffers only once used):
 *   code | BKPT | control block | CRC table 1 KB | digest table | stack || buffer 0 | buffer 1
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "flash/flash_internal.h"
#include "flash/loader/loader.h"
#include "flash/loaders/stm32_stream.h"

#define STREAM_CHUNK 2048u		/* a buffer: enough to keep the flash busy while the other fills */
#define STREAM_DIGESTS 256u
#define STREAM_STACK 512u
#define STREAM_START_MS 2000u
#define STREAM_OP_BASE_MS 5000u		/* slack on top of the flash's own worst case (flash_now_ms) */
#define STREAM_ALIVE_POLLS 64u		/* check the core every this many polls */

static uint32_t align8(uint32_t v)
{
	return (v + 7u) & ~7u;
}

/* The selected bank is served by a RAM loader: requests go to the runner (flash/loader/). */
static bool on_loader(const struct flash_s *f)
{
	return flash_bank_is_loader(f->stream.bank);
}

uint32_t flash_stream_chunk(const struct flash_s *f)
{
	if (on_loader(f))
		return loader_chunk((struct flash_s *)f, f->stream.bank);
	return f->stream.wa.chunk ? f->stream.wa.chunk : STREAM_CHUNK;
}

/* The routine's RAM from base up (see the top of the file); returns the end. */
static uint32_t layout_at(struct flash_s *f, uint32_t base)
{
	struct flash_workarea_s *wa = &f->stream.wa;
	uint32_t at;

	memset(wa, 0, sizeof(*wa));
	wa->chunk = STREAM_CHUNK;
	/* only as much RAM as this run needs: all of it is saved and restored over the wire */
	wa->digest_entries = f->stream.digest_hint ? f->stream.digest_hint : 1;
	if (wa->digest_entries > STREAM_DIGESTS)
		wa->digest_entries = STREAM_DIGESTS;
	at = wa->base = align8(base);
	wa->code = at;
	at = align8(at + (uint32_t)loader_stm32_stream_size);
	wa->bkpt = at;
	at = align8(at + 4);
	wa->ctl = at;
	at = align8(at + (uint32_t)sizeof(struct stream_ctl_s));
	/* the software CRC's table, unless a CRC unit does the words (then bytes go bitwise) */
	wa->crc_table = f->has_crc_unit ? 0 : at;
	at += f->has_crc_unit ? 0 : 1024;
	wa->digest = at;
	at += wa->digest_entries * (uint32_t)sizeof(struct stream_digest_s);
	at += STREAM_STACK;
	wa->stack_top = at;
	wa->size = at - wa->base;
	wa->bufs = at;
	for (unsigned k = 0; k < STREAM_SLOTS; k++) {
		wa->buf[k] = at;
		at += wa->chunk;
	}
	wa->bufs_size = at - wa->bufs;
	return at;
}

static bool avoided(const struct flash_s *f, uint32_t from, uint32_t to)
{
	const struct flash_stream_s *st = &f->stream;

	return st->avoid_len && st->avoid_addr < to && (uint64_t)st->avoid_addr + st->avoid_len > from;
}

/*
 * Where the routine goes: the bottom of the part's work RAM, or its top when the memory a
 * CRC must read (stream.avoid_*) covers the bottom.
 */
static int layout(struct flash_s *f, struct error_s *err)
{
	const struct target_part_s *p = f->part;
	uint32_t need, top;

	if (!p || !p->work_ram_size)
		return error_set(err, FLASH_ERR_RESOURCE, "no work RAM is known for this part");
	need = layout_at(f, p->work_ram_base) - f->stream.wa.base;
	if ((uint64_t)need + 8 > p->work_ram_size)
		return error_set(err, FLASH_ERR_RESOURCE, "the flash routine needs %u bytes of work RAM, %s has %u",
				 need, p->name, p->work_ram_size);
	if (!avoided(f, f->stream.wa.base, f->stream.wa.base + need))
		return 0;
	top = (p->work_ram_base + p->work_ram_size - need) & ~7u;
	layout_at(f, top);
	if (!avoided(f, f->stream.wa.base, f->stream.wa.base + need))
		return 0;
	return error_set(err, FLASH_ERR_RESOURCE,
			 "0x%08x+0x%x covers both ends of the work RAM (0x%08x+0x%x), where the routine would go",
			 f->stream.avoid_addr, f->stream.avoid_len, p->work_ram_base, p->work_ram_size);
}

const char *flash_stream_op_name(uint32_t op)
{
	static const char *const names[] = { "?", "exit", "erase", "program", "digest", "crc", "blank check" };

	return op < sizeof(names) / sizeof(names[0]) ? names[op] : "?";
}

/* The debug port failed under the routine: flash_target_failed, with the request in flight
 * (or the one being queued: the routine may have started it before the write failed). */
static int target_failed_queueing(struct flash_s *f, struct error_s *err, const char *what,
				  const struct stream_slot_s *queued)
{
	const struct flash_stream_s *st = &f->stream;
	char inflight[160] = "";

	/* every request in flight, oldest first: any may be half done */
	for (unsigned i = 0; i < STREAM_SLOTS; i++) {
		unsigned k = (st->next + i) % STREAM_SLOTS;

		if (st->pending[k])
			flash_inflight_add(inflight, sizeof(inflight), st->req[k].op, st->req[k].addr);
	}
	if (!*inflight && queued)
		flash_inflight_add(inflight, sizeof(inflight), queued->op, queued->addr);
	return flash_target_failed(f, err, what, inflight);
}

static int target_failed(struct flash_s *f, struct error_s *err, const char *what)
{
	return target_failed_queueing(f, err, what, NULL);
}

int flash_stream_start(struct flash_s *f, struct error_s *err)
{
	struct flash_stream_s *st = &f->stream;
	struct flash_workarea_s *wa = &st->wa;
	static const uint8_t bkpt[4] = { 0x00, 0xBE, 0x00, 0xBE };
	struct stream_ctl_s ctl;
	uint32_t arg, alive = 0;
	uint64_t until;

	if (st->running)
		return 0;
	st->host = false;
	if (f->opt.no_routine || layout(f, err)) {
		if (!f->opt.no_routine)
			flash_logf(f, 1, "flash: %s: working from the host instead (slow)", err->msg);
		error_clear(err);
		memset(st->req, 0, sizeof(st->req));
		st->host = st->running = true;
		st->bank = NULL;
		st->wa.chunk = STREAM_CHUNK;
		return 0;
	}
	wa->saved = malloc(wa->size);
	if (!wa->saved)
		return error_set(err, FLASH_ERR_RESOURCE, "out of memory for %u bytes of saved RAM", wa->size);
	if (!f->t->halted && cortexm_halt(f->t))
		goto fail_target;
	if (cortexm_read_mem(f->t, wa->base, wa->saved, wa->size))
		goto fail_target;
	memset(&ctl, 0, sizeof(ctl));
	ctl.crc_table = wa->crc_table;
	ctl.erased = 0xFFFFFFFFu;
	if (cortexm_write_mem(f->t, wa->code, loader_stm32_stream, loader_stm32_stream_size) ||
	    cortexm_write_mem(f->t, wa->bkpt, bkpt, sizeof(bkpt)) || cortexm_write_mem(f->t, wa->ctl, &ctl, sizeof(ctl)))
		goto fail_restore;
	arg = wa->ctl;
	if (cortexm_routine_start(f->t, &st->routine, wa->code + loader_stm32_stream_entry, wa->stack_top, wa->bkpt,
				  &arg, 1))
		goto fail_restore;
	st->running = true;
	st->params = ctl;
	if (f->n_banks && f->banks[0].drv->speed_up)
		f->banks[0].drv->speed_up(f);
	st->bank = NULL;
	st->seq = 0;
	st->next = 0;
	memset(st->pending, 0, sizeof(st->pending));
	memset(st->req, 0, sizeof(st->req));
	until = flash_now_ms(f) + STREAM_START_MS;
	while (alive != STREAM_MAGIC) {
		if (cortexm_read_u32(f->t, wa->ctl + offsetof(struct stream_ctl_s, alive), &alive))
			goto fail_stop;
		if (alive != STREAM_MAGIC && flash_now_ms(f) > until) {
			error_set(err, FLASH_ERR_ROUTINE, "the flash routine at 0x%08x did not start within %u ms",
				  wa->code, STREAM_START_MS);
			flash_stream_stop(f, NULL);
			return -1;
		}
	}
	return 0;
fail_stop:
	target_failed(f, err, "starting the flash routine");
	flash_stream_stop(f, NULL);
	return -1;
fail_restore:
	flash_restore_ram(f, wa->base, wa->saved, wa->size);
fail_target:
	free(wa->saved);
	wa->saved = NULL;
	return target_failed(f, err, "preparing the flash routine");
}

/* Reads slot k until the routine has finished our request or the time is up. */
static int wait_slot(struct flash_s *f, unsigned k, struct stream_slot_s *out, struct error_s *err)
{
	struct flash_stream_s *st = &f->stream;
	uint32_t at = st->wa.ctl + (uint32_t)offsetof(struct stream_ctl_s, slot) + k * (uint32_t)sizeof(*out);
	uint64_t until = flash_now_ms(f) + st->timeout_ms[k];

	for (unsigned polls = 1;; polls++) {
		uint32_t done;

		/* one word a poll (the wire is shared with the data); the whole slot at the end */
		if (cortexm_read_u32(f->t, at + (uint32_t)offsetof(struct stream_slot_s, done), &done))
			return target_failed(f, err, "polling the flash routine");
		if (done == st->req[k].seq) {
			if (cortexm_read_mem(f->t, at, out, sizeof(*out)))
				return target_failed(f, err, "reading the result of the flash routine");
			return 0;
		}
		if (polls % STREAM_ALIVE_POLLS == 0 || flash_now_ms(f) > until) {
			int r = cortexm_routine_check(f->t, &st->routine);

			if (r < 0)
				return target_failed(f, err, "polling the flash routine");
			if (r > 0 || flash_now_ms(f) > until) {
				uint32_t pc = 0;

				if (r == 0)
					cortexm_halt(f->t);
				cortexm_read_reg(f->t, CORTEXM_PC, &pc);
				return error_set(err, FLASH_ERR_ROUTINE,
						 "the flash routine %s during request %u (op %u at 0x%08x): PC 0x%08x",
						 r > 0 ? "stopped" : "did not answer in time", st->req[k].seq,
						 st->req[k].op, st->req[k].addr, pc);
			}
		}
	}
}

/* What a finished request says; -1 with err filled when it failed. */
static int check_result(struct flash_s *f, unsigned k, const struct stream_slot_s *got, struct error_s *err)
{
	const struct stream_slot_s *req = &f->stream.req[k];

	switch (got->status) {
	case STREAM_OK:
		return 0;
	case STREAM_ERR_FLASH:
		error_clear(err);
		error_set(err, FLASH_ERR_OPERATION, "%s 0x%08x failed", req->op == STREAM_OP_ERASE ? "erasing" : "programming",
			  got->fail_addr);
		err->has_addr = true;
		err->addr = got->fail_addr;
		if (f->stream.bank && f->stream.bank->drv->describe_sr)
			f->stream.bank->drv->describe_sr(f, f->stream.bank, got->sr, err);
		return -1;
	case STREAM_ERR_VERIFY:
		error_clear(err);
		err->has_addr = true;
		err->addr = got->fail_addr;
		return error_set(err, FLASH_ERR_VERIFY,
				 "verify (level 1) failed at 0x%08x: flash holds 0x%0*x, expected 0x%0*x", got->fail_addr,
				 (req->addr | req->len) & 3u ? 2 : 8, got->actual, (req->addr | req->len) & 3u ? 2 : 8,
				 got->expected);
	case STREAM_ERR_SKIPPED:
		return error_set(err, FLASH_ERR_STATE, "request op %u at 0x%08x not run: an earlier one failed", req->op,
				 req->addr);
	default:
		return error_set(err, FLASH_ERR_ROUTINE, "the flash routine refused request op %u (status %u)", req->op,
				 got->status);
	}
}

/* Makes slot k ours again: waits for our last request in it and checks its result. */
static int reclaim(struct flash_s *f, unsigned k, struct stream_slot_s *got, struct error_s *err)
{
	struct stream_slot_s tmp;

	if (!f->stream.pending[k])
		return 0;
	if (wait_slot(f, k, got ? got : &tmp, err))
		return -1;
	f->stream.pending[k] = false;
	return check_result(f, k, got ? got : &tmp, err);
}

int flash_stream_drain(struct flash_s *f, struct error_s *err)
{
	struct error_s later;
	int rc = 0;

	if (on_loader(f))
		return loader_drain(f, err);
	/* in the order they were queued: the oldest first, whose failure is the cause */
	for (unsigned i = 0; i < STREAM_SLOTS; i++)
		if (reclaim(f, (f->stream.next + i) % STREAM_SLOTS, NULL, rc ? &later : err))
			rc = -1;
	memset(f->stream.pending, 0, sizeof(f->stream.pending));
	return rc;
}

static int submit(struct flash_s *f, struct stream_slot_s *req, const uint8_t *data, uint32_t timeout_ms,
		  struct error_s *err)
{
	struct flash_stream_s *st = &f->stream;
	unsigned k = st->next;
	uint32_t at = st->wa.ctl + (uint32_t)offsetof(struct stream_ctl_s, slot) + k * (uint32_t)sizeof(*req);

	if (!st->running)
		return error_set(err, FLASH_ERR_STATE, "the flash routine is not running");
	if (st->host)
		return req->op == STREAM_OP_ERASE ? flash_host_erase(f, req->addr, req->cr, err) :
		       flash_host_program(f, req->addr, data, req->len, req->cr, req->flags & STREAM_F_VERIFY, err);
	if (reclaim(f, k, NULL, err))
		return -1;
	if (data && !st->wa.saved_bufs) {
		st->wa.saved_bufs = malloc(st->wa.bufs_size);
		if (!st->wa.saved_bufs)
			return error_set(err, FLASH_ERR_RESOURCE, "out of memory for %u bytes of saved RAM", st->wa.bufs_size);
		if (cortexm_read_mem(f->t, st->wa.bufs, st->wa.saved_bufs, st->wa.bufs_size)) {
			free(st->wa.saved_bufs);
			st->wa.saved_bufs = NULL;
			return target_failed(f, err, "saving the RAM under the flash routine's buffers");
		}
	}
	if (data && cortexm_write_mem(f->t, st->wa.buf[k], data, req->len))
		return target_failed(f, err, "writing a buffer of the flash routine");
	if (data)
		req->buf = st->wa.buf[k];
	req->status = STREAM_OK;
	/*
	 * done keeps the value it has (this slot's previous seq): the block write may be split
	 * over several probe commands, and until seq lands the routine must see done == seq.
	 */
	req->done = st->req[k].seq;
	req->seq = ++st->seq;
	if (cortexm_write_mem(f->t, at, req, sizeof(*req)))	/* seq may land, and the routine start, before it fails */
		return target_failed_queueing(f, err, "queueing a request for the flash routine", req);
	st->req[k] = *req;
	flash_logf(f, 3, "stream: request %u op %u 0x%08x+0x%x cr 0x%08x in slot %u", req->seq, req->op, req->addr,
		   req->len, req->cr, k);
	st->timeout_ms[k] = STREAM_OP_BASE_MS + timeout_ms;
	st->pending[k] = true;
	st->next = (k + 1) % STREAM_SLOTS;
	return 0;
}

/* A request of kind op with every other field zero (submit sets done and seq). */
static void slot_init(struct stream_slot_s *req, uint32_t op)
{
	memset(req, 0, sizeof(*req));
	req->op = op;
}

int flash_stream_select(struct flash_s *f, const struct flash_bank_s *b, struct error_s *err)
{
	struct flash_stream_s *st = &f->stream;
	struct stream_ctl_s p = st->params;
	size_t off = offsetof(struct stream_ctl_s, cr_addr), end = offsetof(struct stream_ctl_s, slot);

	if (st->bank == b)
		return 0;
	if (flash_stream_drain(f, err))
		return -1;
	/*
	 * One core, two programs: the routine and a RAM loader take turns. Going to a loader's
	 * bank stops the routine (its RAM put back); coming back ends the loader's session
	 * and starts the routine again.
	 */
	if (flash_bank_is_loader(b)) {
		if (st->running && !st->host) {
			if (flash_stream_stop(f, err))
				return -1;
			st->suspended = true;
		}
		st->bank = b;
		return 0;
	}
	if (loader_session_end(f, err))
		return -1;
	st->bank = NULL;
	if (st->suspended && !st->running) {
		st->suspended = false;
		if (flash_stream_start(f, err))
			return -1;
	}
	if (!st->running)
		return error_set(err, FLASH_ERR_STATE, "the flash routine is not running");
	b->drv->stream_params(f, b, &p);	/* for a CRC, any bank's: only crc_unit matters */
	if (st->host) {
		st->params = p;
		st->bank = b;
		return 0;
	}
	p.crc_table = st->wa.crc_table;
	if (cortexm_write_mem(f->t, st->wa.ctl + (uint32_t)off, (const uint8_t *)&p + off, end - off))
		return target_failed(f, err, "setting up the flash routine");
	st->params = p;
	st->bank = b;
	return 0;
}

int flash_stream_erase(struct flash_s *f, uint32_t addr, uint32_t cr, uint32_t timeout_ms, struct error_s *err)
{
	struct stream_slot_s req;

	if (on_loader(f))
		return loader_erase(f, f->stream.bank, addr, cr, err);
	slot_init(&req, STREAM_OP_ERASE);
	req.addr = addr;
	req.cr = cr;
	return submit(f, &req, NULL, timeout_ms, err);
}

int flash_stream_program(struct flash_s *f, uint32_t addr, const uint8_t *data, uint32_t len, bool verify,
			 struct error_s *err)
{
	struct stream_slot_s req;

	if (on_loader(f))
		return loader_program(f, f->stream.bank, addr, data, len, verify, err);
	if (len > flash_stream_chunk(f) || len % f->stream.params.unit || addr % f->stream.params.unit)
		return error_set(err, FLASH_ERR_STATE,
				 "program request of %u bytes at 0x%08x (whole %u-byte units, at most %u bytes)", len,
				 addr, f->stream.params.unit, flash_stream_chunk(f));
	slot_init(&req, STREAM_OP_PROGRAM);
	req.addr = addr;
	req.len = len;
	req.flags = verify ? STREAM_F_VERIFY : 0;
	req.cr = f->stream.bank->drv->program_word(f, f->stream.bank);
	/* worst case 1 ms per write unit: far beyond any part's datasheet */
	return submit(f, &req, data, len / f->stream.params.unit + 1, err);
}

/* Runs one request and waits for it; the result slot in *got. */
static int run_sync(struct flash_s *f, struct stream_slot_s *req, uint32_t timeout_ms, struct stream_slot_s *got,
		    struct error_s *err)
{
	unsigned k = f->stream.next;

	if (flash_stream_drain(f, err) || submit(f, req, NULL, timeout_ms, err))
		return -1;
	return reclaim(f, k, got, err);
}

/* A rough bound for a pass over len bytes at the reset clock (tens of cycles a byte). */
static uint32_t pass_timeout_ms(uint64_t len)
{
	return (uint32_t)(len / 64u) + 1000u;
}

int flash_stream_digest(struct flash_s *f, uint32_t addr, uint32_t sector_size, uint32_t count,
			struct stream_digest_s *out, struct error_s *err)
{
	if (on_loader(f))
		return loader_digest(f, f->stream.bank, addr, sector_size, count, out, err);
	if (f->stream.host)
		return flash_host_digest(f, addr, sector_size, count, out, err);
	while (count) {
		uint32_t n = count < f->stream.wa.digest_entries ? count : f->stream.wa.digest_entries;
		struct stream_slot_s req, got;

		slot_init(&req, STREAM_OP_DIGEST);
		req.addr = addr;
		req.len = sector_size;
		req.count = n;
		req.buf = f->stream.wa.digest;
		if (run_sync(f, &req, pass_timeout_ms((uint64_t)sector_size * n), &got, err))
			return -1;
		if (cortexm_read_mem(f->t, f->stream.wa.digest, out, n * sizeof(*out)))
			return target_failed(f, err, "reading the sector digests");
		out += n;
		count -= n;
		addr += n * sector_size;
	}
	return 0;
}

int flash_stream_crc(struct flash_s *f, uint32_t addr, uint32_t len, uint32_t *crc, struct error_s *err)
{
	struct stream_slot_s req, got;

	if (on_loader(f))
		return loader_crc(f, f->stream.bank, addr, len, crc, err);
	if (f->stream.host)
		return flash_host_crc(f, addr, len, crc, err);
	slot_init(&req, STREAM_OP_CRC);
	req.addr = addr;
	req.len = len;
	req.cr = 0xFFFFFFFFu;
	if (run_sync(f, &req, pass_timeout_ms(len), &got, err))
		return -1;
	*crc = got.result[0];
	return 0;
}

int flash_stream_blank(struct flash_s *f, uint32_t addr, uint32_t len, uint32_t *first_not_blank,
		       struct error_s *err)
{
	struct stream_slot_s req, got;

	if (f->stream.host)
		return flash_host_blank(f, addr, len, first_not_blank, err);
	slot_init(&req, STREAM_OP_BLANK);
	req.addr = addr;
	req.len = len;
	if (run_sync(f, &req, pass_timeout_ms(len), &got, err))
		return -1;
	*first_not_blank = got.result[0];
	return 0;
}

/* One CRC by the routine, served by bank b (a loader bank), or by the part's own flash driver (NULL). */
static int crc_by(struct flash_s *f, const struct flash_bank_s *b, uint32_t addr, uint32_t len, uint32_t *crc,
		  struct error_s *err)
{
	int rc;

	f->stream.digest_hint = 0;
	f->stream.avoid_addr = addr;
	f->stream.avoid_len = len;
	/* a CRC the routine cannot compute is the caller's to read back (no host mode here) */
	rc = f->opt.no_routine ? error_set(err, FLASH_ERR_RESOURCE, "the flash routine is off") : layout(f, err);
	if (!rc)
		rc = flash_stream_start(f, err);
	f->stream.avoid_len = 0;
	if (rc)
		return -1;
	if (b)
		rc = flash_stream_select(f, b, err);
	for (unsigned i = 0; !b && !rc && i < f->n_banks; i++) {	/* the CRC unit of the part's own flash driver */
		if (!flash_bank_is_loader(&f->banks[i])) {
			rc = flash_stream_select(f, &f->banks[i], err);
			break;
		}
	}
	rc = rc || flash_stream_crc(f, addr, len, crc, err) ? -1 : 0;
	if (flash_stream_stop(f, rc ? NULL : err))
		rc = -1;
	return rc;
}

int flash_crc(struct flash_s *f, uint32_t addr, uint32_t len, uint32_t *crc, struct error_s *err)
{
	const struct flash_bank_s *b;

	if (f->dl)
		return error_set(err, FLASH_ERR_STATE, "a flash download is in progress");
	if (crc_by(f, NULL, addr, len, crc, err) == 0)
		return 0;
	/*
	 * External flash behind a RAM loader is seen by the bus only while its controller is
	 * in memory-mapped mode, which a reset leaves off (the routine's read faulted, caught
	 * at once): then its loader computes the CRC. Only then: a loader session costs a
	 * loader placed in RAM and its Init, and a download after it must start afresh.
	 */
	b = flash_bank_at(f, addr, len);
	if (!b || !flash_bank_is_loader(b))
		return -1;
	error_clear(err);
	return crc_by(f, b, addr, len, crc, err);
}

int flash_stream_stop(struct flash_s *f, struct error_s *err)
{
	struct flash_stream_s *st = &f->stream;
	struct error_s tmp;
	int rc = 0;

	if (!err)
		err = &tmp;
	if (loader_session_end(f, err))
		rc = -1;
	if (on_loader(f))
		st->bank = NULL;
	if (st->running && st->host) {
		st->running = st->host = false;
		st->bank = NULL;
		return rc;
	}
	if (st->running) {
		struct stream_slot_s req;
		unsigned k = st->next;
		uint32_t at = st->wa.ctl + (uint32_t)offsetof(struct stream_ctl_s, slot) + k * (uint32_t)sizeof(req);
		struct stream_slot_s got;

		/* a failed request must not hide behind the exit: drain first, exit anyway */
		if (flash_stream_drain(f, err))
			rc = -1;
		slot_init(&req, STREAM_OP_EXIT);
		req.done = st->req[k].seq;
		req.seq = ++st->seq;
		st->req[k] = req;
		st->timeout_ms[k] = STREAM_START_MS;
		if (cortexm_write_mem(f->t, at, &req, sizeof(req)) || wait_slot(f, k, &got, rc ? &tmp : err) ||
		    cortexm_routine_finish(f->t, &st->routine, STREAM_START_MS, NULL)) {
			if (!rc)
				target_failed(f, err, "stopping the flash routine");
			rc = -1;
			cortexm_routine_abort(f->t, &st->routine);
		}
		st->running = false;
		st->bank = NULL;
		if (f->n_banks && f->banks[0].drv->slow_down && f->banks[0].drv->slow_down(f, rc ? &tmp : err))
			rc = -1;
	}
	if (st->wa.saved_bufs) {
		if (flash_restore_ram(f, st->wa.bufs, st->wa.saved_bufs, st->wa.bufs_size) && !rc)
			rc = target_failed(f, err, "restoring the RAM under the flash routine's buffers");
		free(st->wa.saved_bufs);
		st->wa.saved_bufs = NULL;
	}
	if (st->wa.saved) {
		if (flash_restore_ram(f, st->wa.base, st->wa.saved, st->wa.size) && !rc)
			rc = target_failed(f, err, "restoring the RAM under the flash routine");
		free(st->wa.saved);
		st->wa.saved = NULL;
	}
	return rc;
}
