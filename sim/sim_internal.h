/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The simulator's state, shared by its modules (not by front ends: they use sim.h). */
#ifndef SIM_SIM_INTERNAL_H
#define SIM_SIM_INTERNAL_H

#include "sim.h"
#include "board.h"
#include "bus.h"
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
	char *state_file;	/* saved at destroy when set */
};

/* Log a line from inside the model (to stderr, prefixed "sim:"); printf-like. */
void sim_log(const struct sim *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
