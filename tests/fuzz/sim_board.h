/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The virtual board behind the simulator harnesses (swd_wire, jlink_proto). Building one
 * costs tens of milliseconds, a thousand inputs' worth, so one board serves many inputs
 * and is rebuilt from power-on every FUZZ_SIM_INPUTS of them. What an input leaves in it
 * (DP and AP registers, memory, a running core) is where the next input starts, as on a
 * real board a debugger connects to again.
 */
#ifndef TESTS_FUZZ_SIM_BOARD_H
#define TESTS_FUZZ_SIM_BOARD_H

struct sim;

#define FUZZ_SIM_INPUTS 500u

/* The board for this input (same name on every call of a harness); aborts if it cannot be built. */
struct sim *fuzz_sim_board(const char *board);

#endif /* TESTS_FUZZ_SIM_BOARD_H */
