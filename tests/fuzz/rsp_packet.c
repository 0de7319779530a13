// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz harness: the RSP packet codec (src/rsp/packet.c, hex.c), the first code that sees
 * a client's bytes. The input is the byte stream from GDB, fed twice: as it is (bad
 * checksums and all), then with every checksum made right, so that mutations inside a
 * packet reach escapes, run-length counts and the size limit instead of stopping at the
 * checksum. Properties checked on every packet decoded:
 *  - at most RSP_PACKET_SIZE bytes, NUL-terminated (text handlers rely on it);
 *  - framed again as a binary reply and fed to a fresh machine, it decodes to the same
 *    bytes (the encoder and the decoder agree);
 * and on the input as a whole: escape/unescape round trip, rsp_escape_fit's bound, and
 * the hex helpers' results against their contracts.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "src/rsp/hex.h"
#include "src/rsp/packet.h"

static struct rsp_rx_s rx, echo_rx;
static uint8_t frame[2 * RSP_PACKET_SIZE + 8];

/* A decoded packet, framed as a binary reply, must decode to itself. */
static void check_round_trip(const uint8_t *data, size_t len)
{
	size_t n = rsp_frame(RSP_PAYLOAD_BINARY, data, len, frame, sizeof(frame));
	enum rsp_rx_event_e ev = RSP_RX_NONE;
	const uint8_t *back;
	size_t back_len;

	FUZZ_CHECK(n <= sizeof(frame) && n == rsp_escaped_len(data, len) + 4);
	rsp_rx_init(&echo_rx);
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(ev == RSP_RX_NONE);
		ev = rsp_rx_feed(&echo_rx, frame[i]);
	}
	FUZZ_CHECK(ev == RSP_RX_PACKET);
	back = rsp_rx_data(&echo_rx, &back_len);
	FUZZ_CHECK(back_len == len && memcmp(back, data, len) == 0);
}

static void check_packet(void)
{
	size_t len;
	const uint8_t *data = rsp_rx_data(&rx, &len);

	FUZZ_CHECK(len <= RSP_PACKET_SIZE);
	FUZZ_CHECK(data[len] == '\0');
	check_round_trip(data, len);
}

/* fix_checksums: overwrite each packet's two checksum digits (in buf) with the right ones. */
static void feed_stream(uint8_t *buf, size_t size, bool fix_checksums)
{
	static const char hex[] = "0123456789abcdef";

	rsp_rx_init(&rx);
	for (size_t i = 0; i < size; i++) {
		enum rsp_rx_event_e ev = rsp_rx_feed(&rx, buf[i]);

		FUZZ_CHECK(rsp_rx_event_name(ev)[0] != '?');
		if (ev == RSP_RX_PACKET)
			check_packet();
		else if (ev == RSP_RX_BAD_CHECKSUM || ev == RSP_RX_MALFORMED || ev == RSP_RX_OVERSIZE)
			FUZZ_CHECK(strlen(rsp_rx_error(&rx)) < sizeof(rx.last_error));
		/* The machine's own running sum: the state after '#' is the only peek it needs. */
		if (fix_checksums && rx.state == RSP_RX_CSUM_HI && i + 2 < size) {
			buf[i + 1] = (uint8_t)hex[rx.sum >> 4];
			buf[i + 2] = (uint8_t)hex[rx.sum & 0xf];
		}
	}
	FUZZ_CHECK(rsp_rx_stats(&rx)->packets <= size / 4);
}

static void check_escaping(const uint8_t *data, size_t size)
{
	size_t esc_len = rsp_escaped_len(data, size);
	uint8_t *esc = malloc(esc_len ? esc_len : 1);
	size_t fit = rsp_escape_fit(data, size, size / 2);

	FUZZ_CHECK(esc != NULL);
	FUZZ_CHECK(rsp_escape(data, size, esc) == esc_len);
	FUZZ_CHECK(rsp_unescape(esc, esc_len) == size && memcmp(esc, data, size) == 0);
	free(esc);
	FUZZ_CHECK(fit <= size && rsp_escaped_len(data, fit) <= size / 2);
	FUZZ_CHECK(fit == size || rsp_escaped_len(data, fit + 1) > size / 2);
}

static void check_hex(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size, *p;
	uint8_t *bytes = malloc(size / 2 + 1);
	char *text = malloc(size + 1);
	size_t zeros = 0;
	uint64_t v = 0;

	FUZZ_CHECK(bytes && text);
	while (zeros < size && s[zeros] == '0')
		zeros++;
	/* Leading zeros are free; past them, 16 digits at most fit in 64 bits. */
	p = rsp_hex_parse_u64(s, end, &v);
	FUZZ_CHECK(p == NULL || (p > s && p <= end && (size_t)(p - s) <= zeros + 16));
	if (rsp_hex_decode(s, size, bytes)) {
		rsp_hex_encode(bytes, size / 2, text);
		for (size_t i = 0; i < size; i++)
			FUZZ_CHECK(rsp_hex_digit((unsigned char)text[i]) == rsp_hex_digit(data[i]));
	}
	free(bytes);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);

	FUZZ_CHECK(copy != NULL);
	memcpy(copy, data, size);
	feed_stream(copy, size, false);
	feed_stream(copy, size, true);
	free(copy);
	check_escaping(data, size);
	check_hex(data, size);
	return 0;
}
