// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Modeled time. Every cost is charged here so the counters and the clock agree:
 * a probe command costs one round trip, an SWD cycle one period of the SWD clock, and
 * while time passes the core executes the cycles that fit in it.
 */
#include "sim_internal.h"

#define NS_PER_S 1000000000ull

void sim_advance_ns(struct sim *s, uint64_t ns)
{
	struct sim_timing_s *t = &s->timing;

	t->now_ns += ns;
	/* Carry the fraction of a cycle so that many short steps add up exactly. */
	uint64_t scaled = t->cycle_remainder + ns * (uint64_t)t->cpu_hz;
	uint64_t cycles = scaled / NS_PER_S;
	t->cycle_remainder = scaled % NS_PER_S;
	if (cycles && s->core && !s->nreset_asserted)
		core_run_cycles(s, cycles);
}

void sim_account_probe_command(struct sim *s)
{
	s->timing.probe_commands++;
	sim_advance_ns(s, s->timing.probe_latency_ns);
}

void sim_account_swd_bits(struct sim *s, unsigned n)
{
	if (!n)
		return;
	s->timing.swd_bits += n;
	sim_advance_ns(s, (uint64_t)n * NS_PER_S / s->timing.swd_hz);
}
