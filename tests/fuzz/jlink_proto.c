// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz harness: rspflash-sim's J-Link protocol (sim/jlink/jlink_proto.c), the bytes a TCP
 * client sends, with a board behind it. Whatever a client sends, the machine must either
 * answer or close the connection with a reason, and never read or write past a buffer.
 *
 * Input: the first byte sets how the stream is cut into reads (1 + byte % 64 bytes each,
 * so requests arrive split as TCP may split them); the rest is the client's byte stream
 * (each command prefixed by 0x07, JLINK_TCP_CMD_PREFIX). Each input is one connection.
 */
#include <string.h>

#include "fuzz.h"
#include "sim/jlink/jlink_proto.h"
#include "sim/sim.h"
#include "sim_board.h"

/* Reply bytes are taken as a client reads them; what one request can produce is bounded. */
#define MAX_PENDING_OUTPUT (1u << 20)

/* Log lines are formatted (they quote client bytes) and dropped. */
static void log_sink(void *ctx, enum jlink_log_level_e level, const char *msg)
{
	FUZZ_CHECK(strlen(msg) < 4096);
}

static void drain(struct jlink_proto *p)
{
	size_t n;
	const uint8_t *out = jlink_proto_output(p, &n);

	FUZZ_CHECK(n <= MAX_PENDING_OUTPUT);
	if (n) {
		volatile uint8_t last = out[n - 1];	/* the whole reply is readable */

		(void)last;
		jlink_proto_consume(p, n);
	}
	out = jlink_proto_output(p, &n);
	FUZZ_CHECK(n == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jlink_proto_config_s cfg = { .log = log_sink };
	struct jlink_proto *p;
	size_t step;

	if (size == 0)
		return 0;
	p = jlink_proto_new(fuzz_sim_board("stm32f401"), &cfg);
	FUZZ_CHECK(p != NULL);
	jlink_proto_connection_start(p);
	step = 1 + data[0] % 64;
	for (size_t pos = 1; pos < size; pos += step) {
		size_t n = size - pos < step ? size - pos : step;
		enum jlink_proto_status_e st = jlink_proto_feed(p, data + pos, n);

		drain(p);
		if (st == JLINK_PROTO_CLOSE) {
			FUZZ_CHECK(jlink_proto_close_reason(p)[0] != '\0');
			break;
		}
	}
	jlink_proto_eof(p);
	jlink_proto_free(p);
	return 0;
}
