// SPDX-License-Identifier: GPL-2.0-or-later
/* The core clock and its limits (see clock.h). */
#include <stdio.h>

#include "sim_internal.h"

int sim_clock_ws_needed(const struct sim_clock_range_s *r, uint32_t hz)
{
	if (hz > r->max_hz)
		return -1;
	for (int ws = 0; r->ws_max_hz[ws]; ws++)
		if (hz <= r->ws_max_hz[ws])
			return ws;
	return -1;
}

/* Why the setting in force is out of specification, or false if it is not. */
static bool clock_problem(const struct sim_clock_s *c, char *why, size_t len)
{
	int ws;

	if (!c->range || !c->hclk_hz)
		return false;
	if (c->hclk_hz > c->range->max_hz) {
		snprintf(why, len, "HCLK %u Hz is above the %u Hz that %s allows", c->hclk_hz, c->range->max_hz,
			 c->range->name);
		return true;
	}
	ws = sim_clock_ws_needed(c->range, c->hclk_hz);
	if (ws >= 0 && c->latency < (unsigned)ws) {
		snprintf(why, len, "HCLK %u Hz in %s needs %d flash wait states, FLASH_ACR.LATENCY is %u",
			 c->hclk_hz, c->range->name, ws, c->latency);
		return true;
	}
	return false;
}

static void clock_check(struct sim *s)
{
	struct sim_clock_s *c = &s->clock;
	char why[200];
	bool bad;

	if (c->quiet)
		return;
	bad = clock_problem(c, why, sizeof(why));
	if (bad && !c->out_of_spec) {
		c->errors++;
		sim_log(s, "clock out of specification: %s (silicon would misbehave; counted in clock_errors)", why);
	}
	c->out_of_spec = bad;
}

void sim_clock_set_hclk(struct sim *s, uint32_t hz)
{
	if (!hz || hz == s->clock.hclk_hz)
		return;
	s->clock.hclk_hz = hz;
	sim_set_cpu_hz(s, hz);
	clock_check(s);
}

void sim_clock_set_range(struct sim *s, const struct sim_clock_range_s *r)
{
	if (r == s->clock.range)
		return;
	s->clock.range = r;
	clock_check(s);
}

void sim_clock_set_flash_latency(struct sim *s, unsigned ws)
{
	if (ws == s->clock.latency)
		return;
	s->clock.latency = ws;
	clock_check(s);
}

void sim_clock_reset_begin(struct sim *s)
{
	s->clock.quiet = true;
}

void sim_clock_reset_end(struct sim *s)
{
	s->clock.quiet = false;
	s->clock.out_of_spec = false;	/* reset values are in specification: start afresh */
	clock_check(s);
}
