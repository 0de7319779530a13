/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmocka fixtures for the probe and ADI tests: a sim probe, a connected DP, MEM-AP 0. */
#ifndef TESTS_UNIT_TEST_ADI_FIXTURE_H
#define TESTS_UNIT_TEST_ADI_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "sim/sim.h"
#include "src/adi/adi_regs.h"
#include "src/adi/dp.h"
#include "src/adi/memap.h"
#include "src/adi/romtable.h"
#include "src/probe/probe.h"

/* Fault injection at a chosen probe command, so a fault lands in the middle of a block. */
struct adi_inject_s {
	uint64_t at_command;		/* 0: off; else inject before the sim sees this command number */
	struct sim_faults_s faults;	/* copied into the board's fault settings */
};

struct adi_fixture_s {
	struct probe_s *probe;		/* the sim probe */
	struct probe_s wrap;		/* what the DP talks to: forwards to probe, injects faults */
	struct adi_inject_s inject;
	struct sim *sim;
	struct adi_dp_s dp;
	struct adi_memap_s mem;
	struct error_s err;
};

/* Open a sim probe on board (no connect). */
struct adi_fixture_s *adi_fixture_open(const char *board);
/* Open, connect the DP and set up MEM-AP 0; asserts on failure. */
struct adi_fixture_s *adi_fixture_connect(const char *board);
void adi_fixture_close(struct adi_fixture_s *f);

int adi_setup_f401(void **state);
int adi_setup_l552(void **state);
int adi_teardown(void **state);

uint64_t adi_fixture_commands(struct adi_fixture_s *f);
/* Print the error (for failing asserts) and return its code. */
int adi_fixture_report(const struct error_s *e);

#endif
