// SPDX-License-Identifier: GPL-2.0-or-later
/* RSP framing: receive state machine and reply encoder; see packet.h for the rules. */
#include "src/rsp/packet.h"

#include <stdio.h>
#include <string.h>

#include "src/rsp/hex.h"

#define RSP_ESCAPE_CHAR		'}'
#define RSP_ESCAPE_XOR		0x20
#define RSP_RUN_CHAR		'*'
/* A run count byte c means c - 29 more copies (gdb manual, "Overview"). */
#define RSP_RUN_BIAS		29

void rsp_rx_init(struct rsp_rx_s *rx)
{
	memset(rx, 0, sizeof(*rx));
	rx->state = RSP_RX_IDLE;
	rx->prev_raw = -1;
}

static void start_packet(struct rsp_rx_s *rx)
{
	rx->state = RSP_RX_DATA;
	rx->sum = 0;
	rx->sum_received = 0;
	rx->prev_raw = -1;
	rx->len = 0;
	rx->raw_len = 0;
	rx->oversize = false;
	rx->error = NULL;
}

/* Keeps one decoded byte; past the capacity the packet is only marked, never stored. */
static void put(struct rsp_rx_s *rx, uint8_t b)
{
	if (rx->len < RSP_PACKET_SIZE)
		rx->data[rx->len++] = b;
	else
		rx->oversize = true;
}

static enum rsp_rx_event_e feed_idle(struct rsp_rx_s *rx, uint8_t b)
{
	switch (b) {
	case '$':
		start_packet(rx);
		return RSP_RX_NONE;
	case '+':
		return RSP_RX_ACK;
	case '-':
		return RSP_RX_NAK;
	case RSP_INTERRUPT_BYTE:
		rx->stats.interrupts++;
		return RSP_RX_INTERRUPT;
	default:
		rx->stats.garbage_bytes++;
		return RSP_RX_GARBAGE;
	}
}

static enum rsp_rx_event_e feed_data(struct rsp_rx_s *rx, uint8_t b)
{
	switch (b) {
	case '$':
		/* GDB's reader does the same: a new start abandons the partial packet. */
		rx->stats.garbage_bytes += rx->raw_len + 1;
		snprintf(rx->last_error, sizeof(rx->last_error),
			 "partial packet of %zu bytes abandoned: '$' before '#'", rx->raw_len);
		start_packet(rx);
		return RSP_RX_GARBAGE;
	case '#':
		rx->state = RSP_RX_CSUM_HI;
		return RSP_RX_NONE;
	case RSP_ESCAPE_CHAR:
		rx->state = RSP_RX_ESCAPE;
		break;
	case RSP_RUN_CHAR:
		rx->state = RSP_RX_RUN_COUNT;
		break;
	default:
		put(rx, b);
		rx->prev_raw = b;
		break;
	}
	rx->sum += b;
	rx->raw_len++;
	return RSP_RX_NONE;
}

static void feed_escaped(struct rsp_rx_s *rx, uint8_t b)
{
	if (b == '#') {
		/* `}#`: the sender cut an escape; the frame still ends here. */
		if (!rx->error)
			rx->error = "truncated escape: '}' right before '#'";
		rx->state = RSP_RX_CSUM_HI;
		return;
	}
	rx->sum += b;
	rx->raw_len++;
	put(rx, b ^ RSP_ESCAPE_XOR);
	rx->prev_raw = b;
	rx->state = RSP_RX_DATA;
}

static void feed_run_count(struct rsp_rx_s *rx, uint8_t b)
{
	int repeat = (int)b - RSP_RUN_BIAS;

	rx->sum += b;
	rx->raw_len++;
	rx->state = RSP_RX_DATA;
	if (rx->prev_raw < 0) {
		if (!rx->error)
			rx->error = "run-length '*' with nothing before it to repeat";
		return;
	}
	if (repeat < 1) {
		if (!rx->error)
			rx->error = "run-length count byte below 0x1e (a count under 1)";
		return;
	}
	/* The repeated byte is the one as sent: runs are decoded before escapes. */
	for (int i = 0; i < repeat; i++)
		put(rx, (uint8_t)rx->prev_raw);
}

static enum rsp_rx_event_e bad_digit(struct rsp_rx_s *rx, uint8_t b)
{
	rx->stats.bad_checksums++;
	snprintf(rx->last_error, sizeof(rx->last_error),
		 "checksum digit 0x%02x is not hex", b);
	/* A `$` here starts the next packet: the machine resynchronises on it. */
	if (b == '$')
		start_packet(rx);
	else
		rx->state = RSP_RX_IDLE;
	return RSP_RX_BAD_CHECKSUM;
}

static enum rsp_rx_event_e finish_packet(struct rsp_rx_s *rx)
{
	rx->state = RSP_RX_IDLE;
	if (rx->sum_received != rx->sum) {
		rx->stats.bad_checksums++;
		snprintf(rx->last_error, sizeof(rx->last_error),
			 "checksum mismatch: received %02x, computed %02x over %zu bytes",
			 rx->sum_received, rx->sum, rx->raw_len);
		return RSP_RX_BAD_CHECKSUM;
	}
	if (rx->error) {
		rx->stats.malformed++;
		snprintf(rx->last_error, sizeof(rx->last_error), "%s", rx->error);
		return RSP_RX_MALFORMED;
	}
	if (rx->oversize) {
		rx->stats.oversize++;
		snprintf(rx->last_error, sizeof(rx->last_error),
			 "packet of %zu bytes as sent exceeds %u decoded bytes",
			 rx->raw_len, RSP_PACKET_SIZE);
		rx->len = 0;
		return RSP_RX_OVERSIZE;
	}
	rx->data[rx->len] = '\0';
	rx->stats.packets++;
	return RSP_RX_PACKET;
}

enum rsp_rx_event_e rsp_rx_feed(struct rsp_rx_s *rx, uint8_t b)
{
	int d;

	switch (rx->state) {
	case RSP_RX_IDLE:
		return feed_idle(rx, b);
	case RSP_RX_DATA:
		return feed_data(rx, b);
	case RSP_RX_ESCAPE:
		feed_escaped(rx, b);
		return RSP_RX_NONE;
	case RSP_RX_RUN_COUNT:
		feed_run_count(rx, b);
		return RSP_RX_NONE;
	case RSP_RX_CSUM_HI:
		d = rsp_hex_digit(b);
		if (d < 0)
			return bad_digit(rx, b);
		rx->sum_received = (uint8_t)(d << 4);
		rx->state = RSP_RX_CSUM_LO;
		return RSP_RX_NONE;
	case RSP_RX_CSUM_LO:
		d = rsp_hex_digit(b);
		if (d < 0)
			return bad_digit(rx, b);
		rx->sum_received |= (uint8_t)d;
		return finish_packet(rx);
	}
	return RSP_RX_NONE;
}

const uint8_t *rsp_rx_data(const struct rsp_rx_s *rx, size_t *len)
{
	*len = rx->len;
	return rx->data;
}

bool rsp_rx_in_packet(const struct rsp_rx_s *rx)
{
	return rx->state != RSP_RX_IDLE;
}

const char *rsp_rx_error(const struct rsp_rx_s *rx)
{
	return rx->last_error;
}

const struct rsp_rx_stats_s *rsp_rx_stats(const struct rsp_rx_s *rx)
{
	return &rx->stats;
}

const char *rsp_rx_event_name(enum rsp_rx_event_e ev)
{
	static const char *const names[] = {
		[RSP_RX_NONE] = "none",
		[RSP_RX_PACKET] = "packet",
		[RSP_RX_BAD_CHECKSUM] = "bad checksum",
		[RSP_RX_MALFORMED] = "malformed packet",
		[RSP_RX_OVERSIZE] = "oversize packet",
		[RSP_RX_INTERRUPT] = "interrupt",
		[RSP_RX_ACK] = "ack",
		[RSP_RX_NAK] = "nak",
		[RSP_RX_GARBAGE] = "garbage",
	};

	if ((unsigned)ev < sizeof(names) / sizeof(names[0]) && names[ev])
		return names[ev];
	return "?";
}

uint8_t rsp_checksum(const uint8_t *data, size_t len)
{
	uint8_t sum = 0;

	for (size_t i = 0; i < len; i++)
		sum += data[i];
	return sum;
}

bool rsp_needs_escape(uint8_t b)
{
	return b == '#' || b == '$' || b == RSP_ESCAPE_CHAR || b == RSP_RUN_CHAR;
}

size_t rsp_escaped_len(const uint8_t *data, size_t len)
{
	size_t n = len;

	for (size_t i = 0; i < len; i++)
		n += rsp_needs_escape(data[i]);
	return n;
}

size_t rsp_escape_fit(const uint8_t *data, size_t len, size_t max_out)
{
	size_t out = 0, i;

	for (i = 0; i < len; i++) {
		size_t w = rsp_needs_escape(data[i]) ? 2 : 1;

		if (out + w > max_out)
			break;
		out += w;
	}
	return i;
}

size_t rsp_escape(const uint8_t *data, size_t len, uint8_t *out)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (rsp_needs_escape(data[i])) {
			out[n++] = RSP_ESCAPE_CHAR;
			out[n++] = data[i] ^ RSP_ESCAPE_XOR;
		} else {
			out[n++] = data[i];
		}
	}
	return n;
}

size_t rsp_unescape(uint8_t *data, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (data[i] != RSP_ESCAPE_CHAR) {
			data[n++] = data[i];
			continue;
		}
		if (++i == len)
			return (size_t)-1;
		data[n++] = data[i] ^ RSP_ESCAPE_XOR;
	}
	return n;
}

static uint8_t text_byte(uint8_t b)
{
	return (b == '$' || b == '#' || b == RSP_RUN_CHAR) ? '?' : b;
}

size_t rsp_frame(enum rsp_payload_e kind, const uint8_t *data, size_t len,
		 uint8_t *out, size_t cap)
{
	size_t body = kind == RSP_PAYLOAD_BINARY ? rsp_escaped_len(data, len) : len;
	size_t total = body + 4;	/* `$`, `#`, two checksum digits */
	static const char hex[] = "0123456789abcdef";
	uint8_t sum;

	if (total > cap)
		return total;
	out[0] = '$';
	if (kind == RSP_PAYLOAD_BINARY) {
		rsp_escape(data, len, out + 1);
	} else {
		for (size_t i = 0; i < len; i++)
			out[1 + i] = text_byte(data[i]);
	}
	sum = rsp_checksum(out + 1, body);
	out[1 + body] = '#';
	out[2 + body] = (uint8_t)hex[sum >> 4];
	out[3 + body] = (uint8_t)hex[sum & 0xf];
	return total;
}

size_t rsp_console_data(const char *text, size_t len, char *out)
{
	out[0] = 'O';
	rsp_hex_encode((const uint8_t *)text, len, out + 1);
	return 2 * len + 1;
}
