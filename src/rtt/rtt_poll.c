// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One poll of an active control block (the cost is stated in rtt.h): the header and the
 * up descriptors in one read, checked; each up channel with data drained into its host
 * ring and its RdOff written; down data the host has queued written into the down
 * buffers, then WrOff. The offsets used are the ones just read and checked: nothing is
 * written from a field that did not pass.
 */
#include <stdio.h>
#include <string.h>

#include "src/log/log.h"
#include "src/rtt/rtt_internal.h"

/* The target stopped answering: RTT stops, the caller says so. */
static long lost(struct rtt_s *r)
{
	r->state = RTT_OFF;
	return -1;
}

static void note_dropped(struct rtt_channel_s *c, unsigned ch, size_t drop)
{
	uint64_t before = c->host.dropped - drop;

	/* once, then at every further RTT_HOST_BUFFER lost: a reader learns, the log is not flooded */
	if (before == 0 || before / RTT_HOST_BUFFER != c->host.dropped / RTT_HOST_BUFFER)
		log_warn("RTT up channel %u: nobody reads it and its %u KiB host buffer is full: %llu oldest bytes "
			 "dropped so far", ch, RTT_HOST_BUFFER / 1024u, (unsigned long long)c->host.dropped);
}

/* The offset the host owns (up RdOff, down WrOff) written after total bytes moved: total, or -1. */
static long commit(struct rtt_s *r, struct rtt_channel_s *c, unsigned field, uint32_t off, uint32_t total,
		   uint64_t *moved)
{
	uint8_t word[4];

	if (!total)
		return 0;
	rtt_put_le32(word, off);
	if (rtt_mem_write(r, c->desc + field, word, sizeof(word), field == RTT_F_RDOFF ? "RTT RdOff" : "RTT WrOff"))
		return -1;
	*(field == RTT_F_RDOFF ? &c->rdoff : &c->wroff) = off;
	c->bytes += total;
	*moved += total;
	return total;
}

/* [rdoff, wroff) of up channel ch into its host ring, then RdOff: the bytes moved, or -1. */
static long drain_up(struct rtt_s *r, unsigned ch)
{
	struct rtt_channel_s *c = &r->up[ch];
	uint8_t buf[RTT_POLL_MAX_BYTES];
	uint32_t rd = c->rdoff, total = 0;

	while (rd != c->wroff && total < RTT_POLL_MAX_BYTES) {
		uint32_t n = c->wroff > rd ? c->wroff - rd : c->size - rd;	/* up to the end, then from 0 */
		size_t drop;

		if (n > RTT_POLL_MAX_BYTES - total)
			n = RTT_POLL_MAX_BYTES - total;
		if (rtt_mem_read(r, c->buffer + rd, buf, n, "RTT up buffer"))
			return -1;
		drop = rtt_ring_add(&c->host, buf, n);
		if (drop)
			note_dropped(c, ch, drop);
		rd = (rd + n) % c->size;
		total += n;
	}
	return commit(r, c, RTT_F_RDOFF, rd, total, &r->st.bytes_up);
}

/* Free room in a down buffer: one byte always stays free (full: (WrOff + 1) % Size == RdOff). */
static uint32_t down_room(const struct rtt_channel_s *c)
{
	return c->rdoff > c->wroff ? c->rdoff - c->wroff - 1 : c->size - c->wroff + c->rdoff - 1;
}

/* Queued host data into down channel ch as far as it fits, then WrOff: bytes moved, or -1. */
static long fill_down(struct rtt_s *r, unsigned ch)
{
	struct rtt_channel_s *c = &r->down[ch];
	uint32_t wr = c->wroff, n = down_room(c), total = 0;

	if (n > c->host.len)
		n = (uint32_t)c->host.len;
	if (n > RTT_POLL_MAX_BYTES)
		n = RTT_POLL_MAX_BYTES;
	while (total < n) {
		const uint8_t *data;
		size_t piece = rtt_ring_peek(&c->host, &data);

		if (piece > n - total)
			piece = n - total;
		if (piece > c->size - wr)
			piece = c->size - wr;	/* up to the end of the buffer, then from 0 */
		if (rtt_mem_write(r, c->buffer + wr, data, piece, "RTT down buffer"))
			return -1;
		rtt_ring_consume(&c->host, piece);
		wr = (uint32_t)((wr + piece) % c->size);
		total += (uint32_t)piece;
	}
	return commit(r, c, RTT_F_WROFF, wr, total, &r->st.bytes_down);
}

/* The descriptor just read for a present channel: checked and taken, or the channel stopped. */
static bool refresh(struct rtt_s *r, bool up, unsigned ch, const uint8_t *raw)
{
	struct rtt_channel_s *c = up ? &r->up[ch] : &r->down[ch];
	char why[200];

	if (rtt_check_desc(r, up, ch, c->desc, raw, why, sizeof(why))) {
		log_warn("%s: channel stopped", why);
		snprintf(r->error, sizeof(r->error), "%s: channel stopped", why);
		c->present = false;
		return false;
	}
	rtt_take_desc(c, raw);
	return true;
}

static long poll_down(struct rtt_s *r)
{
	uint8_t raw[RTT_MAX_CHANNELS * RTT_DESC_SIZE];
	long moved = 0;

	if (!r->n_down)
		return 0;
	if (rtt_mem_read(r, r->cb + RTT_HEADER_SIZE + r->n_up * RTT_DESC_SIZE, raw, r->n_down * RTT_DESC_SIZE,
			 "RTT down descriptors"))
		return -1;
	for (unsigned ch = 0; ch < r->n_down; ch++) {
		long n;

		if (!r->down[ch].present || !r->down[ch].host.len || !refresh(r, false, ch, raw + ch * RTT_DESC_SIZE))
			continue;
		n = fill_down(r, ch);
		if (n < 0)
			return -1;
		moved += n;
	}
	rtt_note_down_pending(r);
	return moved;
}

long rtt_poll(struct rtt_s *r)
{
	uint8_t raw[RTT_HEADER_SIZE + RTT_MAX_CHANNELS * RTT_DESC_SIZE];
	char why[200];
	long moved = 0, n;
	int h;

	if (r->state != RTT_ACTIVE)
		return 0;
	r->st.polls++;
	if (rtt_mem_read(r, r->cb, raw, RTT_HEADER_SIZE + r->n_up * RTT_DESC_SIZE, "RTT control block"))
		return lost(r);
	h = rtt_check_header(r, r->cb, raw, why, sizeof(why));
	if (h == -2) {
		log_info("%s (a reset, or the program set it up again): searching again", why);
		rtt_start(r);
		return 0;
	}
	if (h < 0) {
		rtt_drop_block(r, why);
		return 0;
	}
	if (rtt_le32(raw + 16) != r->n_up || rtt_le32(raw + 20) != r->n_down) {
		/* a valid block with other counts: the program set it up anew; take it afresh */
		int a = rtt_attach(r, r->cb);

		if (a == 0)
			rtt_drop_block(r, r->error);
		return a < 0 ? lost(r) : 0;
	}
	for (unsigned ch = 0; ch < r->n_up; ch++) {
		if (!r->up[ch].present || !refresh(r, true, ch, raw + RTT_HEADER_SIZE + ch * RTT_DESC_SIZE))
			continue;
		n = drain_up(r, ch);
		if (n < 0)
			return lost(r);
		moved += n;
	}
	if (r->down_pending) {
		n = poll_down(r);
		if (n < 0)
			return lost(r);
		moved += n;
	}
	if (!moved)
		r->st.idle_polls++;
	return moved;
}

void rtt_note_down_pending(struct rtt_s *r)
{
	r->down_pending = false;
	/* a stopped channel's data stays queued for when the block is found again */
	for (unsigned ch = 0; ch < RTT_MAX_CHANNELS; ch++)
		r->down_pending |= r->down[ch].host.len != 0;
}

size_t rtt_up_peek(struct rtt_s *r, unsigned ch, const uint8_t **data)
{
	*data = NULL;
	return ch < RTT_MAX_CHANNELS ? rtt_ring_peek(&r->up[ch].host, data) : 0;
}

void rtt_up_consume(struct rtt_s *r, unsigned ch, size_t n)
{
	if (ch < RTT_MAX_CHANNELS)
		rtt_ring_consume(&r->up[ch].host, n);
}

size_t rtt_down_room(const struct rtt_s *r, unsigned ch)
{
	return ch < RTT_MAX_CHANNELS ? RTT_HOST_BUFFER - r->down[ch].host.len : 0;
}

size_t rtt_down_queue(struct rtt_s *r, unsigned ch, const void *data, size_t len)
{
	size_t room = rtt_down_room(r, ch);

	if (len > room)
		len = room;	/* never drop what a client sends: the rest waits in its socket */
	if (!len || rtt_ring_add(&r->down[ch].host, data, len))
		return 0;	/* (out of memory: nothing taken) */
	r->down_pending = true;
	return len;
}
