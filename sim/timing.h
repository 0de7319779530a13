/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Modeled time and counters (../shared/design.md, "The virtual board's timing model").
 * Time advances only by what hardware would spend; the CPU runs while it advances.
 */
#ifndef SIM_TIMING_H
#define SIM_TIMING_H

#include <stdbool.h>
#include <stdint.h>

struct sim;

/* Future instants at which a model's state changes by itself (BSY clears, ...). */
#define SIM_MAX_EVENTS 32
/* Model functions waiting for their instant (sim_call_at). */
#define SIM_MAX_TIMERS 16

typedef void sim_timer_fn(struct sim *s, void *ctx);

struct sim_timer_s {
	uint64_t when;
	sim_timer_fn *fn;
	void *ctx;
};

struct sim_timing_s {
	uint64_t now_ns;	/* outside a run slice; inside one, the slice's end (see sim_now_ns) */
	uint32_t swd_hz;
	uint32_t probe_latency_ns;
	uint32_t cpu_hz;
	uint32_t next_cpu_hz;	/* set inside a run slice: the clock from the end of the current instruction (0: none) */
	bool cut;	/* the current run slice ends after this instruction (sim_cut_slice) */
	uint64_t cycle_remainder;	/* (ns * cpu_hz) not yet turned into whole cycles, in units of 1/1e9 cycle */
	/* The run slice the CPU is executing, if any: instruction k of it ends at slice_time_ns(k). */
	bool in_slice;
	uint64_t slice_start_ns;
	uint64_t slice_ns;
	uint64_t slice_remainder;	/* cycle_remainder when the slice began */
	/* Pending events: only their times matter (see sim_schedule_event). */
	uint64_t events[SIM_MAX_EVENTS];
	unsigned n_events;
	/* Events that did not fit in the table: only their range is remembered (lost_max = 0: none). */
	uint64_t lost_min, lost_max;
	struct sim_timer_s timers[SIM_MAX_TIMERS];
	unsigned n_timers;
	/* counters */
	uint64_t probe_commands;
	uint64_t swd_bits;
	uint64_t ap_transfers;
	uint64_t instructions;
	uint64_t flash_busy_ns;
};

/* Advance modeled time; the CPU, if running, executes the cycles that time holds. */
void sim_advance_ns(struct sim *s, uint64_t ns);

/*
 * The current modeled time, exact inside a run slice too: the end of the instruction the
 * CPU is executing. Models read the clock only through this.
 */
uint64_t sim_now_ns(const struct sim *s);

/*
 * A model's state will change by itself at time t (an operation ends, a timeout expires).
 * The core never fast-forwards an idle loop across such an instant (see core_ff.c).
 */
void sim_schedule_event(struct sim *s, uint64_t t);

/*
 * Call fn(s, ctx) at modeled time `when` (also scheduled as an event): for a model whose
 * state changes by itself and must act then, e.g. raise its interrupt line when an
 * operation ends. The CPU does not run past that instant before fn runs; fn runs between
 * two instructions (never inside a CPU access), or at the start of the next run slice
 * while the core is halted. The same (fn, ctx, when) asked twice is called once.
 */
void sim_call_at(struct sim *s, uint64_t when, sim_timer_fn *fn, void *ctx);
/* Calls the functions whose time has come (sim_now_ns); the core's run loop does. */
void sim_timers_run(struct sim *s);
/* The earliest time a function waits for, UINT64_MAX if none. */
uint64_t sim_timers_next(const struct sim *s);

/* Inside a run slice: the end of the slice's k-th instruction (k = 0: the slice's start). */
uint64_t sim_slice_time_ns(const struct sim *s, uint64_t k);
/* Inside a run slice: the largest k whose instruction ends strictly before t. */
uint64_t sim_slice_insns_before(const struct sim *s, uint64_t t);
/*
 * The first pending event later than t, or UINT64_MAX if none; false if events were lost
 * and the answer cannot be trusted.
 */
bool sim_next_event_after(const struct sim *s, uint64_t t, uint64_t *next);

/*
 * The core clock changes to hz (RCC: a clock switch, a prescaler, a reset). Inside a run
 * slice it takes effect at the end of the instruction being executed: the slice is cut
 * there and its remaining time runs at the new clock.
 */
void sim_set_cpu_hz(struct sim *s, uint32_t hz);

/*
 * End the current run slice after the instruction being executed (no-op outside one); the
 * rest of its time runs as a new slice, after sim_run_deferred(). For changes the rest of
 * the slice depends on: the clock, a power cycle.
 */
void sim_cut_slice(struct sim *s);

/* One probe command's round trip. */
void sim_account_probe_command(struct sim *s);

/* n SWD clock cycles on the wire. */
void sim_account_swd_bits(struct sim *s, unsigned n);

#endif
