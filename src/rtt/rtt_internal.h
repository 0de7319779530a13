/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared inside src/rtt/: the host rings, the field checks, little-endian words. */
#ifndef SRC_RTT_RTT_INTERNAL_H
#define SRC_RTT_RTT_INTERNAL_H

#include "src/rtt/rtt.h"

static inline uint32_t rtt_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void rtt_put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* rtt_ring.c: appending drops the oldest bytes beyond RTT_HOST_BUFFER (counted in dropped);
 * rtt_ring_add returns the bytes dropped. */
size_t rtt_ring_add(struct rtt_ring_s *q, const uint8_t *data, size_t len);
size_t rtt_ring_peek(const struct rtt_ring_s *q, const uint8_t **data);
void rtt_ring_consume(struct rtt_ring_s *q, size_t n);
void rtt_ring_free(struct rtt_ring_s *q);

/* rtt_block.c: memory access through the callbacks, counted; on failure r->error says where. */
int rtt_mem_read(struct rtt_s *r, uint32_t addr, void *buf, size_t len, const char *what);
int rtt_mem_write(struct rtt_s *r, uint32_t addr, const void *buf, size_t len, const char *what);
/*
 * The checks of one descriptor (raw: its 24 bytes read at desc). 0, or -1 with the reason,
 * naming the field, its address and value, in why. The offsets are checked against the
 * size read with them.
 */
int rtt_check_desc(const struct rtt_s *r, bool up, unsigned ch, uint32_t desc, const uint8_t *raw, char *why,
		   size_t cap);
/* A descriptor that passed into ch (pointers, size, offsets, flags). */
void rtt_take_desc(struct rtt_channel_s *ch, const uint8_t *raw);
/* The header (acID and the counts, 24 bytes read at cb): 0, -1 a bad field, -2 the ID is not
 * there (a reset, the program setting the block up again); the reason in why. */
int rtt_check_header(const struct rtt_s *r, uint32_t cb, const uint8_t *raw, char *why, size_t cap);
/* rtt_poll.c: down_pending from the down rings (after a poll, when a block is taken). */
void rtt_note_down_pending(struct rtt_s *r);
/* The block is dropped: logged, RTT_DROPPED, nothing more is read or written. */
void rtt_drop_block(struct rtt_s *r, const char *why);

#endif /* SRC_RTT_RTT_INTERNAL_H */
