/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Modeled time and counters (../shared/design.md, "The virtual board's timing model").
 * Time advances only by what hardware would spend; the CPU runs while it advances.
 */
#ifndef SIM_TIMING_H
#define SIM_TIMING_H

#include <stdint.h>

struct sim;

struct sim_timing_s {
	uint64_t now_ns;
	uint32_t swd_hz;
	uint32_t probe_latency_ns;
	uint32_t cpu_hz;
	uint64_t cycle_remainder;	/* (ns * cpu_hz) not yet turned into whole cycles, in units of 1/1e9 cycle */
	/* counters */
	uint64_t probe_commands;
	uint64_t swd_bits;
	uint64_t ap_transfers;
	uint64_t instructions;
	uint64_t flash_busy_ns;
};

/* Advance modeled time; the CPU, if running, executes the cycles that time holds. */
void sim_advance_ns(struct sim *s, uint64_t ns);

/* One probe command's round trip. */
void sim_account_probe_command(struct sim *s);

/* n SWD clock cycles on the wire. */
void sim_account_swd_bits(struct sim *s, unsigned n);

#endif
