/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmocka fixtures shared by the simulator's unit tests: one board per test, connected. */
#ifndef TESTS_UNIT_SIM_FIXTURE_H
#define TESTS_UNIT_SIM_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "sim/sim.h"
#include "swd_host.h"

struct sim *fixture_board(const char *name);
int fixture_setup_f401(void **state);
int fixture_setup_l552(void **state);
int fixture_teardown(void **state);

/* DP/AP register access through the wire, asserting an OK answer. */
uint32_t dp_rd(struct sim *s, unsigned a);
void dp_wr(struct sim *s, unsigned a, uint32_t v);
void ap_wr(struct sim *s, unsigned a, uint32_t v);
/* Posted AP read: issues the read, then fetches the result from RDBUFF. */
uint32_t ap_rd(struct sim *s, unsigned a);

#endif
