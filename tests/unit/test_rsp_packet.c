// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the RSP codec (src/rsp/packet.c, src/rsp/hex.c): the byte-fed receive
 * machine on well-formed and malformed input, the reply encoder, and hex helpers.
 * Checksums written here by hand were computed as the manual defines them (sum of the
 * bytes between `$` and `#`, modulo 256); GDB's own examples are marked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/rsp/hex.h"
#include "src/rsp/packet.h"

#define MAX_EVENTS 64

struct feed_result_s {
	enum rsp_rx_event_e ev[MAX_EVENTS];	/* every event other than NONE, in order */
	size_t n;
};

static struct rsp_rx_s *new_rx(void)
{
	struct rsp_rx_s *rx = malloc(sizeof(*rx));

	assert_non_null(rx);
	rsp_rx_init(rx);
	return rx;
}

static struct feed_result_s feed(struct rsp_rx_s *rx, const void *bytes, size_t len)
{
	struct feed_result_s r = { .n = 0 };
	const uint8_t *p = bytes;

	for (size_t i = 0; i < len; i++) {
		enum rsp_rx_event_e ev = rsp_rx_feed(rx, p[i]);

		if (ev != RSP_RX_NONE && r.n < MAX_EVENTS)
			r.ev[r.n++] = ev;
	}
	return r;
}

static struct feed_result_s feed_str(struct rsp_rx_s *rx, const char *s)
{
	return feed(rx, s, strlen(s));
}

/* Frames payload as a sender would (no escaping): `$` payload `#` checksum. */
static size_t frame_raw(const void *payload, size_t len, uint8_t *out)
{
	uint8_t sum = rsp_checksum(payload, len);

	out[0] = '$';
	memcpy(out + 1, payload, len);
	snprintf((char *)out + 1 + len, 4, "#%02x", sum);
	return len + 4;
}

static void assert_packet(struct rsp_rx_s *rx, const void *want, size_t want_len)
{
	size_t len;
	const uint8_t *data = rsp_rx_data(rx, &len);

	assert_int_equal(len, want_len);
	assert_memory_equal(data, want, want_len);
	assert_int_equal(data[len], 0);
}

static void test_checksum_and_frame_gdb_examples(void **state)
{
	uint8_t out[32];

	/* gdb manual: "$OK#9a" is the usual reply; qSupported's ack example. */
	assert_int_equal(rsp_checksum((const uint8_t *)"OK", 2), 0x9a);
	assert_int_equal(rsp_frame(RSP_PAYLOAD_TEXT, (const uint8_t *)"OK", 2, out, sizeof(out)), 6);
	assert_memory_equal(out, "$OK#9a", 6);
	assert_int_equal(rsp_frame(RSP_PAYLOAD_TEXT, (const uint8_t *)"", 0, out, sizeof(out)), 4);
	assert_memory_equal(out, "$#00", 4);
	/* Too small a buffer: nothing written, the needed length returned. */
	memset(out, 'x', sizeof(out));
	assert_int_equal(rsp_frame(RSP_PAYLOAD_TEXT, (const uint8_t *)"OK", 2, out, 5), 6);
	assert_int_equal(out[0], 'x');
}

static void test_round_trip_text(void **state)
{
	struct rsp_rx_s *rx = new_rx();
	const char *cmds[] = { "qSupported:multiprocess+;swbreak+;hwbreak+", "g", "m8000000,40",
			       "vCont;c", "" };
	uint8_t out[128];

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		size_t n = rsp_frame(RSP_PAYLOAD_TEXT, (const uint8_t *)cmds[i], strlen(cmds[i]),
				     out, sizeof(out));
		struct feed_result_s r = feed(rx, out, n);

		assert_int_equal(r.n, 1);
		assert_int_equal(r.ev[0], RSP_RX_PACKET);
		assert_packet(rx, cmds[i], strlen(cmds[i]));
		assert_false(rsp_rx_in_packet(rx));
	}
	assert_int_equal(rsp_rx_stats(rx)->packets, 5);
	free(rx);
}

static void test_uppercase_checksum_accepted(void **state)
{
	struct rsp_rx_s *rx = new_rx();
	struct feed_result_s r = feed_str(rx, "$OK#9A");

	assert_int_equal(r.n, 1);
	assert_int_equal(r.ev[0], RSP_RX_PACKET);
	assert_packet(rx, "OK", 2);
	free(rx);
}

static void test_all_256_bytes_binary_round_trip(void **state)
{
	struct rsp_rx_s *rx = new_rx();
	uint8_t data[256], esc[512], out[600];
	size_t n, elen;

	for (int i = 0; i < 256; i++)
		data[i] = (uint8_t)i;
	/* Four bytes need escaping: # $ * } */
	assert_int_equal(rsp_escaped_len(data, 256), 260);
	elen = rsp_escape(data, 256, esc);
	assert_int_equal(elen, 260);
	assert_memory_equal(esc + 0x23, "}\x03}\x04", 4);	/* '#' then '$' */
	assert_int_equal(rsp_unescape(esc, elen), 256);
	assert_memory_equal(esc, data, 256);

	n = rsp_frame(RSP_PAYLOAD_BINARY, data, 256, out, sizeof(out));
	assert_int_equal(n, 264);
	for (size_t i = 1; i < n - 3; i++) {
		assert_true(out[i] != '#' && out[i] != '$' && out[i] != '*');
		if (out[i] == '}')
			i++;	/* the escaped byte */
	}
	struct feed_result_s r = feed(rx, out, n);

	assert_int_equal(r.n, 1);
	assert_int_equal(r.ev[0], RSP_RX_PACKET);
	assert_packet(rx, data, 256);
	free(rx);
}

static void test_x_packet_as_gdb_sends_it(void **state)
{
	struct rsp_rx_s *rx = new_rx();
	/* X addr,len: then 6 bytes: 0x23 0x24 0x7d 0x2a 0x00 0x03, escaped as GDB does. */
	static const char payload[] = "X20000000,6:}\x03}\x04}]}\x0a\x00\x03";
	static const uint8_t want[] = "X20000000,6:#$}*\x00\x03";
	uint8_t out[64];
	size_t n = frame_raw(payload, sizeof(payload) - 1, out);
	struct feed_result_s r = feed(rx, out, n);

	assert_int_equal(r.n, 1);
	assert_int_equal(r.ev[0], RSP_RX_PACKET);
	assert_packet(rx, want, sizeof(want) - 1);
	free(rx);
}

static void test_bad_checksum_then_recovery(void **state)
{
	struct rsp_rx_s *rx = new_rx();
	struct feed_result_s r = feed_str(rx, "$OK#00$g#67");

	assert_int_equal(r.n, 2);
	assert_int_equal(r.ev[0], RSP_RX_BAD_CHECKSUM);
	assert_int_equal(r.ev[1], RSP_RX_PACKET);
	assert_packet(rx, "g", 1);
	assert_int_equal(rsp_rx_stats(rx)->bad_checksums, 1);
	free(rx);
}

static void test_truncated_escape(void **state)
{
	struct rsp_rx_s *rx = new_rx();
	uint8_t out[16];
	size_t n = frame_raw("ab}", 3, out);	/* checksum right over "ab}", then '#' */
	struct feed_result_s r = feed(rx, out, n);

	assert_int_equal(r.n, 1);
	assert_int_equal(r.ev[0], RSP_RX_MALFORMED);
	assert_non_null(strstr(rsp_rx_error(rx), "truncated escape"));
	assert_int_equal(rsp_rx_stats(rx)->malformed, 1);
	/* The same with a wrong checksum is first of all a checksum error. */
	r = feed_str(rx, "$ab}#00");
	assert_int_equal(r.ev[0], RSP_RX_BAD_CHECKSUM);
	r = feed_str(rx, "$OK#9a");
	assert_int_equal(r.ev[0], RSP_RX_PACKET);
	free(rx);
}

static void test_one_checksum_digit_then_garbage(void **state)
{
	struct rsp_rx_s *rx = new_rx();
	struct feed_result_s r = feed_str(rx, "$OK#9zq$OK#9a");

	/* 'z' ends the packet as bad, 'q' is garbage between packets, then a good one. */
	assert_int_equal(r.n, 3);
	assert_int_equal(r.ev[0], RSP_RX_BAD_CHECKSUM);
	assert_non_null(strstr(rsp_rx_error(rx), "not hex"));
	assert_int_equal(r.ev[1], RSP_RX_GARBAGE);
	assert_int_equal(r.ev[2], RSP_RX_PACKET);
	assert_packet(rx, "OK", 2);

	/* A `$` in the checksum starts the next packet at once. */
	r = feed_str(rx, "$OK#9$g#67");
	assert_int_equal(r.n, 2);
	assert_int_equal(r.ev[0], RSP_RX_BAD_CHECKSUM);
	assert_int_equal(r.ev[1], RSP_RX_PACKET);
	assert_packet(rx, "g", 1);
	free(rx);
}

static void test_oversize_rejected_then_resync(void **state)
{
	struct rsp_rx_s *rx = new_rx();
	size_t big = RSP_PACKET_SIZE + 100;
	uint8_t *payload = malloc(big), *out = malloc(big + 4);
	struct feed_result_s r;

	memset(payload, 'a', big);
	/* Exactly the capacity is accepted. */
	r = feed(rx, out, frame_raw(payload, RSP_PACKET_SIZE, out));
	assert_int_equal(r.n, 1);
	assert_int_equal(r.ev[0], RSP_RX_PACKET);
	assert_packet(rx, payload, RSP_PACKET_SIZE);

	/* One byte more is rejected, after the whole frame, without overflowing. */
	r = feed(rx, out, frame_raw(payload, RSP_PACKET_SIZE + 1, out));
	assert_int_equal(r.n, 1);
	assert_int_equal(r.ev[0], RSP_RX_OVERSIZE);
	assert_int_equal(rsp_rx_stats(rx)->oversize, 1);
	assert_non_null(strstr(rsp_rx_error(rx), "exceeds"));
	r = feed_str(rx, "$g#67");
	assert_int_equal(r.ev[0], RSP_RX_PACKET);
	assert_packet(rx, "g", 1);

	/* An endless packet cut by a new `$`: abandoned, then the next one is read. */
	out[0] = '$';
	memcpy(out + 1, payload, big);
	r = feed(rx, out, big + 1);
	assert_int_equal(r.n, 0);
	assert_true(rsp_rx_in_packet(rx));
	r = feed_str(rx, "$g#67");
	assert_int_equal(r.n, 2);
	assert_int_equal(r.ev[0], RSP_RX_GARBAGE);
	assert_int_equal(r.ev[1], RSP_RX_PACKET);
	assert_packet(rx, "g", 1);
	free(payload);
	free(out);
	free(rx);
}

static void test_garbage_between_packets(void **state)
{
	struct rsp_rx_s *rx = new_rx();
	struct feed_result_s r = feed_str(rx, "xyz\r\n$OK#9a");

	assert_int_equal(r.n, 6);
	for (int i = 0; i < 5; i++)
		assert_int_equal(r.ev[i], RSP_RX_GARBAGE);
	assert_int_equal(r.ev[5], RSP_RX_PACKET);
	assert_int_equal(rsp_rx_stats(rx)->garbage_bytes, 5);

	/* A partial packet abandoned for a new `$` counts as garbage too ("$abc" = 4). */
	r = feed_str(rx, "$abc$OK#9a");
	assert_int_equal(r.n, 2);
	assert_int_equal(r.ev[0], RSP_RX_GARBAGE);
	assert_int_equal(r.ev[1], RSP_RX_PACKET);
	assert_int_equal(rsp_rx_stats(rx)->garbage_bytes, 9);
	assert_non_null(strstr(rsp_rx_error(rx), "abandoned"));
	free(rx);
}

static void test_acks_and_interrupt_between_packets(void **state)
{
	struct rsp_rx_s *rx = new_rx();
	struct feed_result_s r = feed_str(rx, "+$c#63\x03-$?#3f+");

	assert_int_equal(r.n, 6);
	assert_int_equal(r.ev[0], RSP_RX_ACK);
	assert_int_equal(r.ev[1], RSP_RX_PACKET);
	assert_int_equal(r.ev[2], RSP_RX_INTERRUPT);
	assert_int_equal(r.ev[3], RSP_RX_NAK);
	assert_int_equal(r.ev[4], RSP_RX_PACKET);
	assert_packet(rx, "?", 1);
	assert_int_equal(r.ev[5], RSP_RX_ACK);
	assert_int_equal(rsp_rx_stats(rx)->interrupts, 1);
	free(rx);
}

static void test_interrupt_byte_inside_packet_is_data(void **state)
{
	struct rsp_rx_s *rx = new_rx();
	static const char payload[] = "X0,3:\x03+-";
	uint8_t out[32];
	struct feed_result_s r = feed(rx, out, frame_raw(payload, sizeof(payload) - 1, out));

	assert_int_equal(r.n, 1);
	assert_int_equal(r.ev[0], RSP_RX_PACKET);
	assert_packet(rx, payload, sizeof(payload) - 1);
	assert_int_equal(rsp_rx_stats(rx)->interrupts, 0);
	free(rx);
}

static void test_run_length_decoding(void **state)
{
	struct rsp_rx_s *rx = new_rx();
	uint8_t out[32];
	struct feed_result_s r;

	/* gdb manual, "Overview": "0* " means the same as "0000". */
	r = feed(rx, out, frame_raw("0* ", 3, out));
	assert_int_equal(r.ev[0], RSP_RX_PACKET);
	assert_packet(rx, "0000", 4);

	/* A count byte of '#' (6 more) is a count, not the end of the frame. */
	r = feed(rx, out, frame_raw("a*#", 3, out));
	assert_int_equal(r.n, 1);
	assert_int_equal(r.ev[0], RSP_RX_PACKET);
	assert_packet(rx, "aaaaaaa", 7);

	/* Runs repeat the byte as sent: "}]" is '}', then "*!" gives four more ']'. */
	r = feed(rx, out, frame_raw("}]*!x", 5, out));
	assert_int_equal(r.ev[0], RSP_RX_PACKET);
	assert_packet(rx, "}]]]]x", 6);

	/* Largest printable count '~' (126): 97 more. */
	r = feed(rx, out, frame_raw("z*~", 3, out));
	assert_int_equal(r.ev[0], RSP_RX_PACKET);
	{
		size_t len;
		const uint8_t *d = rsp_rx_data(rx, &len);

		assert_int_equal(len, 98);
		assert_int_equal(d[0], 'z');
		assert_int_equal(d[97], 'z');
	}

	/* Nothing to repeat, and a count below 1: malformed. */
	r = feed(rx, out, frame_raw("* ", 2, out));
	assert_int_equal(r.ev[0], RSP_RX_MALFORMED);
	assert_non_null(strstr(rsp_rx_error(rx), "nothing"));
	r = feed(rx, out, frame_raw("0*\x1d", 3, out));
	assert_int_equal(r.ev[0], RSP_RX_MALFORMED);
	assert_int_equal(rsp_rx_stats(rx)->malformed, 2);
	free(rx);
}

static void test_run_length_cannot_overflow(void **state)
{
	struct rsp_rx_s *rx = new_rx();
	size_t runs = RSP_PACKET_SIZE / 97 + 2, n = 0;
	uint8_t *payload = malloc(3 * runs), *out = malloc(3 * runs + 5);
	struct feed_result_s r;

	for (size_t i = 0; i < runs; i++) {
		payload[n++] = 'q';
		payload[n++] = '*';
		payload[n++] = '~';
	}
	r = feed(rx, out, frame_raw(payload, n, out));
	assert_int_equal(r.n, 1);
	assert_int_equal(r.ev[0], RSP_RX_OVERSIZE);
	free(payload);
	free(out);
	free(rx);
}

static void test_text_frame_neutralises_framing_bytes(void **state)
{
	uint8_t out[32];
	size_t n = rsp_frame(RSP_PAYLOAD_TEXT, (const uint8_t *)"E.a#b$c*d}", 10, out, sizeof(out));

	assert_int_equal(n, 14);
	assert_memory_equal(out, "$E.a?b?c?d}#", 12);
	assert_int_equal(rsp_checksum(out + 1, 10), rsp_hex_digit(out[12]) << 4 | rsp_hex_digit(out[13]));
}

static void test_escape_fit(void **state)
{
	static const uint8_t data[] = { 'a', '#', 'b', '}', 'c' };	/* escaped: 7 bytes */

	assert_int_equal(rsp_escape_fit(data, 5, 7), 5);
	assert_int_equal(rsp_escape_fit(data, 5, 6), 4);
	assert_int_equal(rsp_escape_fit(data, 5, 2), 1);	/* "}#" would not fit after 'a' */
	assert_int_equal(rsp_escape_fit(data, 5, 3), 2);
	assert_int_equal(rsp_escape_fit(data, 5, 0), 0);
	assert_true(rsp_needs_escape('*'));
	assert_false(rsp_needs_escape(0x03));
	{
		uint8_t lone[] = { 'a', '}' };

		assert_int_equal(rsp_unescape(lone, 2), (size_t)-1);
	}
}

static void test_console_output_packet(void **state)
{
	char buf[32];
	uint8_t out[40];
	size_t n = rsp_console_data("hi\n", 3, buf);

	assert_int_equal(n, 7);
	assert_string_equal(buf, "O68690a");
	n = rsp_frame(RSP_PAYLOAD_TEXT, (const uint8_t *)buf, n, out, sizeof(out));
	assert_int_equal(n, 11);
	assert_memory_equal(out, "$O68690a#", 9);
}

static void test_hex_helpers(void **state)
{
	static const uint8_t bytes[] = { 0x00, 0x7f, 0xa5, 0xff };
	char hex[9];
	uint8_t back[4];
	uint64_t v = 0;
	const char *s, *end;

	rsp_hex_encode(bytes, 4, hex);
	assert_string_equal(hex, "007fa5ff");
	assert_true(rsp_hex_decode("007FA5ff", 8, back));
	assert_memory_equal(back, bytes, 4);
	assert_false(rsp_hex_decode("007", 3, back));
	assert_false(rsp_hex_decode("0g", 2, back));
	assert_int_equal(rsp_hex_digit('F'), 15);
	assert_int_equal(rsp_hex_digit('g'), -1);

	s = "8000000,40";
	end = rsp_hex_parse_u64(s, s + strlen(s), &v);
	assert_non_null(end);
	assert_int_equal(*end, ',');
	assert_int_equal(v, 0x8000000);
	s = "00000000ffffffffffffffff";	/* leading zeros are fine */
	end = rsp_hex_parse_u64(s, s + strlen(s), &v);
	assert_ptr_equal(end, s + strlen(s));
	assert_true(v == UINT64_MAX);
	s = "1ffffffffffffffff";		/* 65 bits */
	assert_null(rsp_hex_parse_u64(s, s + strlen(s), &v));
	s = ",4";
	assert_null(rsp_hex_parse_u64(s, s + 2, &v));
	s = "12345";
	end = rsp_hex_parse_u64(s, s + 2, &v);	/* stops at end */
	assert_int_equal(v, 0x12);
	assert_ptr_equal(end, s + 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checksum_and_frame_gdb_examples),
		cmocka_unit_test(test_round_trip_text),
		cmocka_unit_test(test_uppercase_checksum_accepted),
		cmocka_unit_test(test_all_256_bytes_binary_round_trip),
		cmocka_unit_test(test_x_packet_as_gdb_sends_it),
		cmocka_unit_test(test_bad_checksum_then_recovery),
		cmocka_unit_test(test_truncated_escape),
		cmocka_unit_test(test_one_checksum_digit_then_garbage),
		cmocka_unit_test(test_oversize_rejected_then_resync),
		cmocka_unit_test(test_garbage_between_packets),
		cmocka_unit_test(test_acks_and_interrupt_between_packets),
		cmocka_unit_test(test_interrupt_byte_inside_packet_is_data),
		cmocka_unit_test(test_run_length_decoding),
		cmocka_unit_test(test_run_length_cannot_overflow),
		cmocka_unit_test(test_text_frame_neutralises_framing_bytes),
		cmocka_unit_test(test_escape_fit),
		cmocka_unit_test(test_console_output_packet),
		cmocka_unit_test(test_hex_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
