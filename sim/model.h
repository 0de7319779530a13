/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Peripheral models (flash controllers, OTP, OSPI/XSPI, ...). A board lists the models it
 * carries; each model registers its register blocks on the bus, may claim writes to a
 * memory region (a flash controller owns its flash), takes part in system reset, accepts
 * board options (--option key=value) and saves what persists (--state FILE).
 */
#ifndef SIM_MODEL_H
#define SIM_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct sim;

struct sim_model_s {
	const char *name;
	/* Build the model from the board's config; register periphs and region writers. */
	int (*create)(struct sim *s, const void *config, void **ctx, char *err, size_t errlen);
	void (*destroy)(struct sim *s, void *ctx);
	/* nRESET, SYSRESETREQ, OBL_LAUNCH and power-on: reload what a reset reloads. */
	void (*system_reset)(struct sim *s, void *ctx);
	/*
	 * A power cycle (sim_request_power_cycle), before the system reset that follows it:
	 * what only a power-on reloads (option bytes). May be NULL.
	 */
	void (*power_on)(struct sim *s, void *ctx);
	/* The board options set_option takes, as --list-boards shows them (NULL: none). */
	const char *options;
	/* Board option "key=value"; returns 1 if taken, 0 if not this model's, -1 on a bad value. */
	int (*set_option)(struct sim *s, void *ctx, const char *key, const char *value, char *err, size_t errlen);
	/* What persists beyond the flash arrays (option bytes, OTP, ...). May be NULL. */
	int (*save)(struct sim *s, void *ctx, FILE *f);
	int (*load)(struct sim *s, void *ctx, FILE *f, size_t len, char *err, size_t errlen);
	/* One line about the model's state, for logs and tests (may be NULL). */
	void (*describe)(struct sim *s, void *ctx, char *buf, size_t len);
};

/* A board's use of a model: which model, with which part-specific configuration. */
struct sim_board_model_s {
	const struct sim_model_s *model;
	const void *config;
};

#define SIM_MAX_MODELS 8

struct sim_model_inst_s {
	const struct sim_model_s *model;
	void *ctx;
};

int sim_models_create(struct sim *s, char *err, size_t errlen);
void sim_models_destroy(struct sim *s);
void sim_models_system_reset(struct sim *s);
/* A power cycle's part in the models (their power_on hooks); the system reset follows. */
void sim_models_power_on(struct sim *s);
/* The instance of a model by name (tests use it to reach a model's state). */
void *sim_model_ctx(struct sim *s, const char *name);

/*
 * A model asks for a system reset of the whole board (e.g. OBL_LAUNCH): core, models and
 * the debug block as a SYSRESETREQ would.
 */
void sim_request_system_reset(struct sim *s);

/*
 * Power is lost and comes back (fault injection): RAM loses its content, the debug port,
 * the core and every model start as at power-on; flash, OTP and option bytes keep what
 * they hold. From a CPU access, the instruction completes first; from a debugger access,
 * the rest of the probe command still sees the board as it was (a power loss takes a
 * moment). Then modeled time goes on.
 */
void sim_request_power_cycle(struct sim *s);

/*
 * Charge flash busy time to the counters; returns the time the operation ends (now, as
 * sim_now_ns gives it, plus the duration), which it also schedules as an event. A model
 * whose operation ends later (queued behind another one) schedules its own end with
 * sim_schedule_event.
 */
uint64_t sim_flash_busy(struct sim *s, uint64_t duration_ns);

/*
 * Time and idle loops. Models read the clock with sim_now_ns() (timing.h), never
 * s->timing.now_ns: inside a run slice only sim_now_ns is the time of the instruction
 * accessing the model. The core fast-forwards a CPU loop that provably spins (see
 * sim/core_ff.c); for that, a model's registers must read the same until either
 *  - a scheduled event (sim_flash_busy, sim_schedule_event): state that changes with time
 *    changes only at instants the model scheduled, or
 *  - the model calls sim_note_side_effect() from a read handler whose read changed its
 *    state (popped a FIFO, cleared a read-to-clear flag, started a transfer).
 * Writes need nothing: a loop that writes a peripheral is never fast-forwarded.
 */
void sim_note_side_effect(struct sim *s);

/*
 * Interrupt lines into the NVIC (ARMv7-M B3.4.1, ARMv8-M B3.29), by the board's IRQ
 * number n (exception 16 + n, as in the part's vector table).
 * sim_irq_set: a level-sensitive line. While asserted, the interrupt is pending whenever it
 * is not active, so a line still asserted when its handler returns pends it again (and a
 * handler that never clears its source is an interrupt storm, as on silicon); deasserting
 * it leaves a pending state already latched (software clears that with NVIC_ICPR).
 * sim_irq_pulse: an edge: pends the interrupt once.
 * Callable from a register access of the CPU (the interrupt is taken before the next
 * instruction) or from a timer (sim_call_at). An IRQ the board's NVIC lacks is ignored.
 */
void sim_irq_set(struct sim *s, unsigned irq, bool level);
void sim_irq_pulse(struct sim *s, unsigned irq);

#endif
