// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz harness: monitor command lines (src/gdb/monitor*.c) on a virtual board, sent as
 * GDB sends `monitor ...`: qRcmd with the line in hex, so the framework's decoding, word
 * splitting, command lookup, suggestions and every command's argument parsing run.
 *
 * Input: the first byte picks the board (gdb_board.h: '0' stm32l552, '1' stm32f401,
 * '2' stm32l562e-dk); the rest is command lines, one per line, as typed after `monitor`.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "gdb_board.h"
#include "src/rsp/hex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char prefix[] = "qRcmd,";
	struct gdb_s *g;
	char *pkt;

	if (size == 0)
		return 0;
	g = fuzz_board_begin(data[0]);
	pkt = malloc(sizeof(prefix) + 2 * size);
	FUZZ_CHECK(pkt != NULL);
	for (size_t pos = 1; pos < size;) {
		const uint8_t *nl = memchr(data + pos, '\n', size - pos);
		size_t n = nl ? (size_t)(nl - (data + pos)) : size - pos;

		memcpy(pkt, prefix, sizeof(prefix) - 1);
		rsp_hex_encode(data + pos, n, pkt + sizeof(prefix) - 1);
		fuzz_board_packet(g, (const uint8_t *)pkt, sizeof(prefix) - 1 + 2 * n);
		pos += n + 1;
	}
	free(pkt);
	fuzz_board_end(g);
	return 0;
}
