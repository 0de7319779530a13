/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The simulator's state, shared by its modules (not by front ends: they use sim.h). */
#ifndef SIM_SIM_INTERNAL_H
#define SIM_SIM_INTERNAL_H

#include "sim.h"
#include "board.h"
#include "bus.h"
#include "clock.h"
#include "core.h"
#include "dp.h"
#include "memap.h"
#include "model.h"
#include "swd_wire.h"
#include "timing.h"
#include "periph/dbgmcu.h"

struct sim {
	const struct sim_board_s *board;
	struct sim_timing_s timing;
	struct sim_clock_s clock;
	struct sim_faults_s faults;
	struct swd_wire_s wire;
	struct sim_dp_s dp;
	struct sim_memap_s memap;
	struct sim_bus_s bus;
	struct sim_core_s *core;
	struct sim_dbgmcu_s dbgmcu;
	struct sim_model_inst_s models[SIM_MAX_MODELS];
	unsigned n_models;
	bool nreset_asserted;
	bool power_cycle_pending;	/* a model asked for a power cycle (sim_request_power_cycle) */
	uint64_t power_cycles;		/* power cycles since the board was created */
	char *state_file;	/* saved at destroy when set */
};

/* Do what a model asked for that must wait for a safe point (a power cycle). */
void sim_run_deferred(struct sim *s);

/* Board options ap_wait, ap_fault (sim/faults.c): 1 taken, 0 not one of them, -1 bad value. */
int sim_faults_set_option(struct sim *s, const char *key, const char *value, char *err, size_t errlen);

/* The ACK an AP access gets from the injected faults (SWD_ACK_OK: none); counts them down. */
unsigned sim_faults_ap_ack(struct sim *s);

/* Log a line from inside the model (to stderr, prefixed "sim:"); printf-like. */
void sim_log(const struct sim *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
