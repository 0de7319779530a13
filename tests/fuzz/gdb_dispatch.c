// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz harness: the GDB command dispatcher (src/gdb/) with a virtual board behind it.
 * Every packet a client can send reaches its handler here with the target attached:
 * registers, memory, breakpoints, run control, qXfer, qCRC, vFlash downloads, monitor.
 *
 * Input: the first byte picks the board (gdb_board.h: '0' stm32l552, '1' stm32f401,
 * '2' stm32l562e-dk); the rest is packets, each ended by a newline, as packet data
 * without `$` and checksum, with `}` escapes as GDB sends binary data. A byte after `}`
 * never ends a packet, so "}*" is a newline in an `X` or `vFlashWrite` payload and "}\n"
 * is `*` (0x2a ^ 0x20), as GDB escapes it.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "gdb_board.h"
#include "src/rsp/packet.h"

/* Length of the packet at p (up to end): up to its newline, stepping over escaped bytes. */
static size_t packet_len(const uint8_t *p, const uint8_t *end)
{
	const uint8_t *q = p;

	while (q < end && *q != '\n')
		q += *q == '}' && q + 1 < end ? 2 : 1;
	return (size_t)(q - p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gdb_s *g;
	uint8_t *line;

	if (size == 0)
		return 0;
	g = fuzz_board_begin(data[0]);
	line = malloc(size);
	FUZZ_CHECK(line != NULL);
	for (size_t pos = 1; pos < size;) {
		size_t n = packet_len(data + pos, data + size), len;

		memcpy(line, data + pos, n);
		len = rsp_unescape(line, n);
		if (len == (size_t)-1) {	/* a lone `}` at the end: as it is */
			memcpy(line, data + pos, n);
			len = n;
		}
		fuzz_board_packet(g, line, len);
		pos += n + 1;
	}
	free(line);
	fuzz_board_end(g);
	return 0;
}
