// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Durations for reports: the virtual board's modeled time where the probe has one (it is
 * deterministic, so reports and tests can compare it), wall time on real probes.
 */
#include <time.h>

#include "src/cli/cli.h"
#include "src/probe/probe.h"

static uint64_t wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void cli_clock_start(struct cli_clock_s *c, struct probe_s *p)
{
	c->modeled = probe_modeled_ns(p, &c->start_ns) == PROBE_OK;
	if (!c->modeled)
		c->start_ns = wall_ns();
}

double cli_clock_seconds(const struct cli_clock_s *c, struct probe_s *p)
{
	uint64_t now = 0;

	if (!c->modeled || probe_modeled_ns(p, &now) != PROBE_OK)
		now = wall_ns();
	return (double)(now - c->start_ns) / 1e9;
}
