// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz harness: the simulator's SWD wire (sim/swd_wire.c) and what it drives (the SW-DP,
 * MEM-AP, the core's debug registers, the bus), clocked bit by bit as a probe would. A
 * J-Link client of rspflash-sim controls every bit through SWD_IO, so any bit stream must
 * leave the simulator consistent.
 *
 * Input: pairs of bytes, (dir, out) for 8 clock cycles, LSB first: a dir bit 1 means the
 * probe drives SWDIO with the out bit, 0 that it lets the target drive. Each input starts
 * with a line reset (the wire's own way back to a known phase); the interface selection
 * (JTAG-to-SWD, dormant) and the debug port's registers stay as the last input left them.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sim/sim.h"
#include "sim_board.h"

/* Cycles per sim_swd_io_nominal call: inputs are cut in pieces as a probe's batches are. */
#define CHUNK_BYTES 64u

static void clock_bits(struct sim *s, const uint8_t *dir, const uint8_t *out, unsigned nbits)
{
	size_t nbytes = (nbits + 7) / 8;
	uint8_t *in = malloc(nbytes);	/* exactly the bits asked for: ASan sees a write past them */

	FUZZ_CHECK(in != NULL);
	sim_swd_io_nominal(s, dir, out, in, nbits);
	free(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t all_out[8] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t reset[8] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00 };	/* 56 ones, 8 idle */
	struct sim *s = fuzz_sim_board("stm32l552");
	uint8_t dir[CHUNK_BYTES], out[CHUNK_BYTES];
	size_t pairs = size / 2;

	clock_bits(s, all_out, reset, 64);
	for (size_t done = 0; done < pairs;) {
		size_t n = pairs - done < CHUNK_BYTES ? pairs - done : CHUNK_BYTES;

		for (size_t i = 0; i < n; i++) {
			dir[i] = data[2 * (done + i)];
			out[i] = data[2 * (done + i) + 1];
		}
		clock_bits(s, dir, out, (unsigned)(8 * n));
		done += n;
	}
	return 0;
}
