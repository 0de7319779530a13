// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The SWD transfer queue (see swd_queue.h for what it guarantees).
 *
 * A queued item is either a transaction (46 cycles: 8 request, turnaround, 3 ACK, then
 * for a read 32 data + parity + turnaround, for a write turnaround + 32 data + parity;
 * ADIv5.2 B4.2.1) or a host-driven line sequence. With CTRL/STAT.ORUNDETECT set, a
 * transaction that gets WAIT or FAULT still has its data phase (B4.2.4 "overrun
 * detection"), so every transaction keeps the same 46 cycles whatever its ACK: a batch can
 * be laid out before it runs, decoded after, and resumed at any transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "src/adi/adi_regs.h"
#include "src/adi/swd_queue.h"
#include "src/adi/swd_queue_internal.h"
#include "src/probe/probe.h"

#define SWD_XFER_BITS 46u
#define SWD_TAIL_IDLE 8u	/* idle cycles after a batch clock the last transfer through (B4.1.2) */
/* A recovery prefix: line reset (64) + DPIDR read + CTRL/STAT read + ABORT write */
#define SWD_RECOVERY_BITS (64u + 3u * SWD_XFER_BITS)

struct swd_queue_s *swd_queue_new(struct probe_s *probe)
{
	struct swd_queue_s *q = calloc(1, sizeof(*q));
	unsigned bits = probe->swd_buffer_bits;

	if (!q || bits < SWD_TAIL_IDLE + SWD_RECOVERY_BITS + 8 * SWD_XFER_BITS) {
		free(q);
		return NULL;
	}
	q->probe = probe;
	q->buf_bytes = (bits + 7) / 8;
	q->cap_bits = bits - SWD_TAIL_IDLE - SWD_RECOVERY_BITS;
	q->max = q->cap_bits / SWD_XFER_BITS + 8;
	q->dir = calloc(q->buf_bytes, 1);
	q->out = calloc(q->buf_bytes, 1);
	q->in = calloc(q->buf_bytes, 1);
	q->items = calloc(q->max, sizeof(*q->items));
	q->wait_budget = SWD_QUEUE_WAIT_BUDGET_DEFAULT;
	if (!q->dir || !q->out || !q->in || !q->items) {
		swd_queue_free(q);
		return NULL;
	}
	return q;
}

void swd_queue_free(struct swd_queue_s *q)
{
	if (!q)
		return;
	free(q->dir);
	free(q->out);
	free(q->in);
	free(q->items);
	free(q);
}

void swd_queue_set_wait_budget(struct swd_queue_s *q, unsigned retries)
{
	q->wait_budget = retries;
}

void swd_queue_get_stats(const struct swd_queue_s *q, struct swd_queue_stats_s *st)
{
	*st = q->st;
}

bool swd_queue_orundetect(const struct swd_queue_s *q)
{
	return q->orun;
}

void swd_queue_invalidate(struct swd_queue_s *q)
{
	q->select_valid = false;
	q->orun = false;
}

/* ---- laying out and decoding a batch ---- */

static void bits_put(uint8_t *a, unsigned pos, uint32_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++, pos++)
		if ((v >> i) & 1)
			a[pos / 8] |= (uint8_t)(1u << (pos % 8));
}

static uint32_t bits_get(const uint8_t *a, unsigned pos, unsigned n)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < n; i++, pos++)
		v |= (uint32_t)((a[pos / 8] >> (pos % 8)) & 1) << i;
	return v;
}

unsigned swd_item_bits(const struct swd_item_s *it)
{
	return it->kind == SWD_ITEM_SEQ ? it->nbits : SWD_XFER_BITS;
}

/* Lay one item out at pos; returns the position after it. Undriven cycles stay 0 in dir. */
static unsigned layout_item(struct swd_queue_s *q, unsigned pos, const struct swd_item_s *it)
{
	if (it->kind == SWD_ITEM_SEQ) {
		for (unsigned i = 0; i < it->nbits; i++)
			bits_put(q->out, pos + i, (it->seq[i / 8] >> (i % 8)) & 1, 1);
		for (unsigned i = 0; i < it->nbits; i += 32)
			bits_put(q->dir, pos + i, 0xFFFFFFFFu, it->nbits - i < 32 ? it->nbits - i : 32);
		return pos + it->nbits;
	}
	bits_put(q->dir, pos, 0xFF, 8);
	bits_put(q->out, pos, it->req, 8);
	if (!(it->req & ADI_SWD_REQ_RNW)) {
		/* request, turnaround, ACK, turnaround: data and parity start at +13 */
		bits_put(q->dir, pos + 13, 0xFFFFFFFFu, 32);
		bits_put(q->dir, pos + 45, 1, 1);
		bits_put(q->out, pos + 13, it->wdata, 32);
		bits_put(q->out, pos + 45, (uint32_t)__builtin_parity(it->wdata), 1);
	}
	return pos + SWD_XFER_BITS;
}

/*
 * Decode one transaction at pos, compensating the J-Link sampling shift: nominal ACK at
 * +9..+11 is reported at +8..+10, data +12..+43 at +11..+42, parity +44 at +43.
 */
static unsigned decode_xfer(const struct swd_queue_s *q, unsigned pos, uint32_t *data, bool *parity_ok)
{
	unsigned ack = bits_get(q->in, pos + 8, 3);

	*data = bits_get(q->in, pos + 11, 32);
	*parity_ok = (unsigned)__builtin_parity(*data) == bits_get(q->in, pos + 43, 1);
	return ack;
}

/*
 * Run pre[] then items[] as one probe command. Returns 0 with *done = number of items that
 * completed OK (and *ack the failing item's ACK when *done < nitems), or -1 with err set
 * when the probe failed, a pre[] item failed, or read data had bad parity.
 */
int swd_run_batch(struct swd_queue_s *q, const struct swd_item_s *pre, unsigned npre, const struct swd_item_s *items,
		  unsigned nitems, unsigned *done, unsigned *ack, struct error_s *err)
{
	unsigned pos = 0, total = npre + nitems;

	memset(q->dir, 0, q->buf_bytes);
	memset(q->out, 0, q->buf_bytes);
	for (unsigned i = 0; i < total; i++)
		pos = layout_item(q, pos, i < npre ? &pre[i] : &items[i - npre]);
	bits_put(q->dir, pos, 0xFF, SWD_TAIL_IDLE);
	pos += SWD_TAIL_IDLE;
	q->st.batches++;
	q->st.bits += pos;
	if (probe_swd_io(q->probe, q->dir, q->out, q->in, pos))
		return error_set(err, ADI_ERR_PROBE, "%s", probe_last_error(q->probe));
	pos = 0;
	*done = nitems;
	for (unsigned i = 0; i < total; i++) {
		const struct swd_item_s *it = i < npre ? &pre[i] : &items[i - npre];
		uint32_t data;
		bool parity_ok;
		if (it->kind == SWD_ITEM_SEQ) {
			pos += it->nbits;
			continue;
		}
		q->st.transfers++;
		unsigned a = decode_xfer(q, pos, &data, &parity_ok);
		pos += SWD_XFER_BITS;
		if (a != ADI_SWD_ACK_OK && i < npre) {
			swd_item_name(it, err->access, sizeof(err->access));
			return error_set(err, ADI_ERR_NO_RESPONSE, "recovery access %s got ACK %u", err->access, a);
		}
		if (a != ADI_SWD_ACK_OK) {
			*done = i - npre;
			*ack = a;
			return 0;
		}
		if (!(it->req & ADI_SWD_REQ_RNW))
			continue;
		if (!parity_ok) {
			swd_item_name(it, err->access, sizeof(err->access));
			return error_set(err, ADI_ERR_PARITY, "read data 0x%08x failed its parity check", data);
		}
		if (it->dst)
			*it->dst = data;
	}
	return 0;
}

/* ---- queueing ---- */

static uint8_t request_byte(bool ap, bool rnw, uint8_t reg)
{
	uint8_t r = (uint8_t)((ap ? ADI_SWD_REQ_APNDP : 0) | (rnw ? ADI_SWD_REQ_RNW : 0) |
			      (((reg >> 2) & 3) << ADI_SWD_REQ_A_SHIFT));

	if (__builtin_parity(r))
		r |= ADI_SWD_REQ_PARITY;
	return (uint8_t)(r | ADI_SWD_REQ_START | ADI_SWD_REQ_PARK);
}

void swd_make_xfer(struct swd_item_s *it, bool ap, bool rnw, uint8_t apsel, uint8_t reg, uint32_t wdata,
		   uint32_t *dst)
{
	memset(it, 0, sizeof(*it));
	it->kind = SWD_ITEM_XFER;
	it->req = request_byte(ap, rnw, reg);
	it->apsel = apsel;
	it->reg = reg;
	it->wdata = wdata;
	it->dst = dst;
}

static void push(struct swd_queue_s *q, const struct swd_item_s *it)
{
	unsigned need = swd_item_bits(it);

	if (q->latched)
		return;
	/*
	 * Without overrun detection the accesses after a WAIT still run, so a batch could not be
	 * resumed: then an AP access ends its batch (only before connect sets ORUNDETECT).
	 */
	if (q->bits + need > q->cap_bits || q->n == q->max || (q->ap_in_batch && !q->orun)) {
		if (swd_execute(q, &q->latched_err)) {
			q->latched = true;
			return;
		}
	}
	q->items[q->n] = *it;
	q->items[q->n].orun = q->orun;
	if (it->kind == SWD_ITEM_XFER && (it->req & ADI_SWD_REQ_APNDP))
		q->ap_in_batch = true;
	q->n++;
	q->bits += need;
}

static void push_xfer(struct swd_queue_s *q, bool ap, bool rnw, uint8_t apsel, uint8_t reg, uint32_t wdata,
		      uint32_t *dst)
{
	struct swd_item_s it;

	swd_make_xfer(&it, ap, rnw, apsel, reg, wdata, dst);
	push(q, &it);
}

/* Collect a posted AP read from RDBUFF before anything but another AP read (B4.2.5). */
static void finish_read(struct swd_queue_s *q)
{
	if (!q->read_pending)
		return;
	q->read_pending = false;
	q->check_pending = false;
	push_xfer(q, false, true, 0, ADI_DP_RDBUFF, 0, q->pending_dst);
}

static void write_select(struct swd_queue_s *q, uint32_t sel)
{
	finish_read(q);
	push_xfer(q, false, false, 0, ADI_DP_SELECT, sel, NULL);
	q->select = sel;
	q->select_valid = true;
}

static void select_ap(struct swd_queue_s *q, uint8_t apsel, uint8_t reg)
{
	uint32_t sel = ((uint32_t)apsel << ADI_DP_SELECT_APSEL_SHIFT) | (reg & ADI_DP_SELECT_APBANK_MASK);

	if (!q->select_valid || q->select != sel)
		write_select(q, sel);
}

/* DPBANKSEL is kept 0 between calls, so recovery can always read CTRL/STAT. */
static void select_dp_bank(struct swd_queue_s *q, unsigned bank)
{
	uint32_t base = q->select_valid ? q->select & ~ADI_DP_SELECT_DPBANK_MASK : 0;

	if (!q->select_valid || (q->select & ADI_DP_SELECT_DPBANK_MASK) != bank)
		write_select(q, base | bank);
}

void swd_queue_dp_read(struct swd_queue_s *q, uint8_t reg, uint32_t *dst)
{
	unsigned bank = reg >> 4;

	finish_read(q);
	if (bank)
		select_dp_bank(q, bank);
	push_xfer(q, false, true, 0, reg, 0, dst);
	if ((reg & 0xC) == ADI_DP_RDBUFF)
		q->check_pending = false;
	if (bank)
		select_dp_bank(q, 0);
}

void swd_queue_dp_write(struct swd_queue_s *q, uint8_t reg, uint32_t value)
{
	unsigned bank = reg >> 4;

	finish_read(q);
	/* ABORT can clear STICKYORUN, so it must not share a batch with an AP access that may WAIT */
	if ((reg & 0xF) == ADI_DP_ABORT && !q->latched && q->ap_in_batch && swd_execute(q, &q->latched_err))
		q->latched = true;
	if (bank)
		select_dp_bank(q, bank);
	if ((reg & 0xF) == ADI_DP_SELECT) {
		write_select(q, value);
		return;
	}
	push_xfer(q, false, false, 0, reg, value, NULL);
	if (reg == ADI_DP_CTRL_STAT)
		q->orun = value & ADI_DP_CTRL_STAT_ORUNDETECT;
	if (bank)
		select_dp_bank(q, 0);
}

void swd_queue_ap_read(struct swd_queue_s *q, uint8_t apsel, uint8_t reg, uint32_t *dst)
{
	select_ap(q, apsel, reg);
	/* this transaction's data is the previous AP read's result */
	push_xfer(q, true, true, apsel, reg, 0, q->read_pending ? q->pending_dst : NULL);
	q->read_pending = true;
	q->pending_dst = dst;
	q->check_pending = true;
}

void swd_queue_ap_write(struct swd_queue_s *q, uint8_t apsel, uint8_t reg, uint32_t value)
{
	select_ap(q, apsel, reg);
	finish_read(q);
	push_xfer(q, true, false, apsel, reg, value, NULL);
	q->check_pending = true;
}

int swd_queue_flush(struct swd_queue_s *q, struct error_s *err)
{
	finish_read(q);
	/* RDBUFF answers WAIT while the last write is in progress and FAULT if it failed */
	if (q->check_pending) {
		push_xfer(q, false, true, 0, ADI_DP_RDBUFF, 0, NULL);
		q->check_pending = false;
	}
	if (q->latched) {
		if (err)
			*err = q->latched_err;
		q->latched = false;
		swd_queue_reset(q);
		return -1;
	}
	return swd_execute(q, err);
}

void swd_queue_reset(struct swd_queue_s *q)
{
	q->n = 0;
	q->bits = 0;
	q->ap_in_batch = false;
	q->select_valid = false;
	q->read_pending = false;
	q->check_pending = false;
}

/* ---- line sequences ---- */

void swd_queue_push_seq(struct swd_queue_s *q, const uint8_t *bits, unsigned nbits, bool line_reset)
{
	struct swd_item_s it = { .kind = SWD_ITEM_SEQ, .seq = bits, .nbits = (uint16_t)nbits };

	if (!line_reset) {
		push(q, &it);
		return;
	}
	/* A posted read cannot be collected across a line reset; the DP may have been replaced. */
	finish_read(q);
	push(q, &it);
	q->select_valid = false;
	q->check_pending = false;
}

void swd_queue_idle(struct swd_queue_s *q, unsigned cycles)
{
	static const uint8_t zeros[8];

	while (cycles) {
		unsigned n = cycles < 64 ? cycles : 64;
		swd_queue_push_seq(q, zeros, n, false);
		cycles -= n;
	}
}
