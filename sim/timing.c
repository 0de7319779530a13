// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Modeled time. Every cost is charged here so the counters and the clock agree:
 * a probe command costs one round trip, an SWD cycle one period of the SWD clock, and
 * while time passes the core executes the cycles that fit in it.
 *
 * Time inside a run slice: the CPU executes a slice's cycles after the debugger's part of
 * it, so a model touched by the CPU must see the time of the instruction touching it, not
 * the slice's end (a flash operation started by instruction k ends 82 us after k, and the
 * polling loop that follows must see BSY clear then). Cycles lie on one global grid (the
 * remainder carries the fraction of a cycle from slice to slice): the slice's k-th cycle
 * ends at the first nanosecond at which remainder + x * cpu_hz reaches k * 1e9.
 */
#include "sim_internal.h"

#define NS_PER_S 1000000000ull

uint64_t sim_slice_time_ns(const struct sim *s, uint64_t k)
{
	const struct sim_timing_s *t = &s->timing;
	uint64_t hz = t->cpu_hz;

	if (!k)
		return t->slice_start_ns;
	/* ceil((k * 1e9 - rem) / hz), split so that no product overflows */
	uint64_t q = (k - 1) / hz, r = (k - 1) % hz;
	uint64_t part = r * NS_PER_S + (NS_PER_S - t->slice_remainder);
	return t->slice_start_ns + q * NS_PER_S + (part + hz - 1) / hz;
}

uint64_t sim_slice_insns_before(const struct sim *s, uint64_t when)
{
	const struct sim_timing_s *t = &s->timing;

	if (when <= t->slice_start_ns)
		return 0;
	uint64_t d = when - t->slice_start_ns - 1;	/* the k-th cycle must end at offset <= d */
	if (d > t->slice_ns)
		d = t->slice_ns;	/* no instruction of the slice ends later anyway */
	return (d * t->cpu_hz + t->slice_remainder) / NS_PER_S;
}

uint64_t sim_now_ns(const struct sim *s)
{
	if (!s->timing.in_slice)
		return s->timing.now_ns;
	return sim_slice_time_ns(s, core_slice_executed(s));
}

/* Events at or before t can no longer matter: every later question is about a later time. */
static void events_prune(struct sim_timing_s *t, uint64_t when)
{
	unsigned n = 0;

	for (unsigned i = 0; i < t->n_events; i++)
		if (t->events[i] > when)
			t->events[n++] = t->events[i];
	t->n_events = n;
	if (t->lost_max && t->lost_max <= when)
		t->lost_min = t->lost_max = 0;
}

void sim_schedule_event(struct sim *s, uint64_t when)
{
	struct sim_timing_s *t = &s->timing;

	if (t->n_events == SIM_MAX_EVENTS)
		events_prune(t, t->in_slice ? t->slice_start_ns : t->now_ns);
	for (unsigned i = 0; i < t->n_events; i++)
		if (t->events[i] == when)
			return;
	if (t->n_events < SIM_MAX_EVENTS) {
		t->events[t->n_events++] = when;
		return;
	}
	/* Full: remember the range of what was dropped, which keeps sim_next_event_after safe. */
	if (!t->lost_max || when < t->lost_min)
		t->lost_min = when;
	if (when > t->lost_max)
		t->lost_max = when;
}

bool sim_next_event_after(const struct sim *s, uint64_t when, uint64_t *next)
{
	const struct sim_timing_s *t = &s->timing;
	uint64_t best = UINT64_MAX;

	for (unsigned i = 0; i < t->n_events; i++)
		if (t->events[i] > when && t->events[i] < best)
			best = t->events[i];
	if (t->lost_max > when) {
		/* a dropped event may lie anywhere in [lost_min, lost_max] */
		if (t->lost_min <= when)
			return false;
		if (t->lost_min < best)
			best = t->lost_min;
	}
	*next = best;
	return true;
}

void sim_call_at(struct sim *s, uint64_t when, sim_timer_fn *fn, void *ctx)
{
	struct sim_timing_s *t = &s->timing;

	for (unsigned i = 0; i < t->n_timers; i++)
		if (t->timers[i].fn == fn && t->timers[i].ctx == ctx && t->timers[i].when == when)
			return;
	if (t->n_timers == SIM_MAX_TIMERS) {
		/* early rather than never: the function looks at its model's state anyway */
		sim_log(s, "timing: more than %u model timers: the one for %llu ns runs now", SIM_MAX_TIMERS,
			(unsigned long long)when);
		fn(s, ctx);
		return;
	}
	t->timers[t->n_timers++] = (struct sim_timer_s){ when, fn, ctx };
	sim_schedule_event(s, when);
	if (s->core)
		core_budget_changed(s);	/* the CPU's current run was sized without it */
}

uint64_t sim_timers_next(const struct sim *s)
{
	uint64_t next = UINT64_MAX;

	for (unsigned i = 0; i < s->timing.n_timers; i++)
		if (s->timing.timers[i].when < next)
			next = s->timing.timers[i].when;
	return next;
}

void sim_timers_run(struct sim *s)
{
	struct sim_timing_s *t = &s->timing;
	uint64_t now = sim_now_ns(s);

	/* Take each due timer out before calling it: it may ask for another. */
	for (unsigned i = 0; i < t->n_timers;) {
		if (t->timers[i].when > now) {
			i++;
			continue;
		}
		struct sim_timer_s due = t->timers[i];
		t->timers[i] = t->timers[--t->n_timers];
		due.fn(s, due.ctx);
	}
}

void sim_set_cpu_hz(struct sim *s, uint32_t hz)
{
	struct sim_timing_s *t = &s->timing;

	if (!hz)
		return;
	if (t->in_slice) {
		if (hz != (t->next_cpu_hz ? t->next_cpu_hz : t->cpu_hz)) {
			t->next_cpu_hz = hz;
			sim_cut_slice(s);
		}
		return;
	}
	if (hz != t->cpu_hz) {
		t->cpu_hz = hz;
		t->cycle_remainder = 0;	/* the new clock's cycles start now */
	}
}

void sim_cut_slice(struct sim *s)
{
	if (!s->timing.in_slice)
		return;
	s->timing.cut = true;
	core_end_slice(s);
}

/* A slice was cut at the end of the instruction executing: returns the time left in it. */
static uint64_t slice_cut_at_instruction(struct sim *s)
{
	struct sim_timing_s *t = &s->timing;
	uint64_t at = sim_slice_time_ns(s, core_slice_executed(s));
	uint64_t left = t->now_ns > at ? t->now_ns - at : 0;

	t->cut = false;
	t->now_ns -= left;
	if (t->next_cpu_hz) {
		t->cpu_hz = t->next_cpu_hz;
		t->cycle_remainder = 0;
		t->next_cpu_hz = 0;
	}
	return left;
}

void sim_advance_ns(struct sim *s, uint64_t ns)
{
	struct sim_timing_s *t = &s->timing;

	if (t->in_slice) {
		/* A model stalls the CPU's access (time passes, no instruction runs): the rest of
		 * the slice moves later. The CPU is not re-entered. */
		t->now_ns += ns;
		t->slice_start_ns += ns;
		return;
	}
	sim_run_deferred(s);	/* what a debugger access left to do (a power cycle) */
	while (ns) {
		/* Carry the fraction of a cycle so that many short steps add up exactly. */
		uint64_t scaled = t->cycle_remainder + ns * (uint64_t)t->cpu_hz;
		uint64_t cycles = scaled / NS_PER_S;
		t->slice_start_ns = t->now_ns;
		t->slice_ns = ns;
		t->slice_remainder = t->cycle_remainder;
		t->cycle_remainder = scaled % NS_PER_S;
		events_prune(t, t->slice_start_ns);
		t->now_ns += ns;
		if (!cycles || !s->core || s->nreset_asserted)
			break;
		t->in_slice = true;
		core_run_cycles(s, cycles);
		t->in_slice = false;
		if (!t->cut)
			break;
		ns = slice_cut_at_instruction(s);
		sim_run_deferred(s);
	}
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
