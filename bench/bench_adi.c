// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench_adi: how close block memory access through the probe comes to what the wire allows.
 *
 * For each board and size, reads and writes target RAM through the in-process virtual
 * J-Link (the same SWD_IO bit stream and accounting as a real J-Link) and prints the
 * simulator's modeled figures next to the physical bound:
 *   wire bound = payload words x 46 SWD cycles (8 request + 1 turnaround + 3 ACK +
 *                33 data/parity + 1 turnaround: a plain auto-increment transfer) at the
 *                SWD clock, plus one probe round trip per full J-Link buffer of such
 *                transfers (what the probe reports it takes: 8191 bytes per direction,
 *                the most one SWD_IO carries, on the virtual J-Link).
 * Nothing here is timed on the host: every figure is the simulator's deterministic count.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"
#include "src/adi/dp.h"
#include "src/adi/memap.h"
#include "src/probe/probe.h"

#define RAM 0x20000000u
#define BITS_PER_WORD 46u

struct figures_s {
	uint64_t commands, bits, time_ns;
};

static void stats_delta(struct sim *s, const struct sim_stats_s *before, struct figures_s *f)
{
	struct sim_stats_s now;

	sim_get_stats(s, &now);
	f->commands = now.probe_commands - before->probe_commands;
	f->bits = now.swd_bits - before->swd_bits;
	f->time_ns = now.time_ns - before->time_ns;
}

static void print_row(const char *board, const char *what, size_t len, const struct figures_s *f,
		      uint32_t swd_hz, uint32_t latency_us, unsigned buffer_bits)
{
	double words = (double)len / 4;
	double bound_cmds = words * BITS_PER_WORD / buffer_bits;
	double bound_s = words * BITS_PER_WORD / swd_hz + bound_cmds * latency_us / 1e6;
	double kbps = len / 1024.0 / (f->time_ns / 1e9);

	printf("%-10s %-5s %7zu  %8llu %6.0f  %10llu %6.2f  %9.4f %9.4f %6.1f%%  %8.1f\n", board, what, len,
	       (unsigned long long)f->commands, bound_cmds < 1 ? 1 : bound_cmds + 0.999,
	       (unsigned long long)f->bits, (double)f->bits / len, f->time_ns / 1e9, bound_s,
	       100.0 * bound_s / (f->time_ns / 1e9), kbps);
}

static int bench_board(const char *board, size_t len)
{
	char spec[64], err[256];
	struct probe_s *p = NULL;
	struct adi_dp_s dp;
	struct adi_memap_s ap;
	struct error_s e;
	struct sim_stats_s before;
	struct figures_s f;
	uint8_t *buf = malloc(len), *back = malloc(len);

	snprintf(spec, sizeof(spec), "sim:%s", board);
	if (!buf || !back || probe_open(spec, 4000, &p, err, sizeof(err)) ||
	    adi_dp_init(&dp, p, &e) || adi_dp_connect(&dp, &e) || adi_memap_init(&ap, &dp, 0, &e)) {
		fprintf(stderr, "bench_adi: %s: cannot connect: %s\n", board, p ? e.msg : err);
		return 1;
	}
	struct sim *s = probe_sim_board(p);
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(i * 7 + 3);

	sim_get_stats(s, &before);
	if (adi_memap_write(&ap, RAM, buf, len, &e))
		return fprintf(stderr, "bench_adi: write: %s\n", e.msg), 1;
	stats_delta(s, &before, &f);
	print_row(board, "write", len, &f, sim_swd_hz(s), 250, p->swd_buffer_bits);

	sim_get_stats(s, &before);
	if (adi_memap_read(&ap, RAM, back, len, &e))
		return fprintf(stderr, "bench_adi: read: %s\n", e.msg), 1;
	stats_delta(s, &before, &f);
	print_row(board, "read", len, &f, sim_swd_hz(s), 250, p->swd_buffer_bits);
	if (memcmp(buf, back, len))
		return fprintf(stderr, "bench_adi: %s: read back differs from what was written\n", board), 1;

	adi_dp_cleanup(&dp);
	probe_close(p);
	free(buf);
	free(back);
	return 0;
}

int main(void)
{
	static const char *const boards[] = { "stm32f401", "stm32l552" };
	static const size_t sizes[] = { 1024, 16 * 1024, 64 * 1024 };
	int rc = 0;

	printf("Block memory access through the virtual J-Link (SWD 4 MHz, 250 us per probe command)\n");
	printf("%-10s %-5s %7s  %8s %6s  %10s %6s  %9s %9s %7s  %8s\n", "board", "op", "bytes", "commands",
	       "bound", "swd_bits", "bits/B", "modeled_s", "bound_s", "of_bnd", "KiB/s");
	for (unsigned b = 0; b < 2; b++)
		for (unsigned i = 0; i < 3; i++)
			rc |= bench_board(boards[b], sizes[i]);
	printf("bound: 46 SWD cycles per 32-bit word (11.5 bits/byte) at the SWD clock, plus one round\n"
	       "trip per full J-Link buffer (%u bytes each way); of_bnd = bound_s / modeled_s (100%% = at the\n"
	       "bound).\n", probe_swd_buffer_bytes(SIM_JLINK_FREE_MEMORY));
	return rc;
}
