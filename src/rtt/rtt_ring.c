// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The host side's bounded byte queues (one per channel and direction). Memory is taken on
 * first use, so a block with 16 silent channels costs nothing; the bound keeps a program
 * printing with nobody reading from growing the server without limit: the oldest bytes
 * go, counted, so the reader learns how much it missed.
 */
#include <stdlib.h>
#include <string.h>

#include "src/rtt/rtt_internal.h"

size_t rtt_ring_add(struct rtt_ring_s *q, const uint8_t *data, size_t len)
{
	size_t drop = 0;

	if (!len)
		return 0;
	if (!q->data) {
		q->data = malloc(RTT_HOST_BUFFER);
		if (!q->data) {
			q->dropped += len;
			return len;
		}
	}
	if (len > RTT_HOST_BUFFER) {	/* only the newest RTT_HOST_BUFFER bytes can stay */
		drop = len - RTT_HOST_BUFFER;
		data += drop;
		len = RTT_HOST_BUFFER;
	}
	if (q->len + len > RTT_HOST_BUFFER) {
		size_t old = q->len + len - RTT_HOST_BUFFER;

		rtt_ring_consume(q, old);
		drop += old;
	}
	while (len) {
		size_t tail = (q->head + q->len) % RTT_HOST_BUFFER;
		size_t n = RTT_HOST_BUFFER - tail < len ? RTT_HOST_BUFFER - tail : len;

		memcpy(q->data + tail, data, n);
		q->len += n;
		data += n;
		len -= n;
	}
	q->dropped += drop;
	return drop;
}

size_t rtt_ring_peek(const struct rtt_ring_s *q, const uint8_t **data)
{
	size_t n = RTT_HOST_BUFFER - q->head;

	*data = q->data ? q->data + q->head : NULL;
	return q->len < n ? q->len : n;
}

void rtt_ring_consume(struct rtt_ring_s *q, size_t n)
{
	if (n > q->len)
		n = q->len;
	q->head = (q->head + n) % RTT_HOST_BUFFER;
	q->len -= n;
	if (!q->len)
		q->head = 0;
}

void rtt_ring_free(struct rtt_ring_s *q)
{
	free(q->data);
	memset(q, 0, sizeof(*q));
}
