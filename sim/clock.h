/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The core clock (HCLK) as the board's registers select it, and the limits it must keep:
 * the highest clock the regulator's voltage range allows, and the flash wait states that
 * clock needs (FLASH_ACR.LATENCY). A clock model (RCC/PWR, sim/periph/stm32_rcc.c) says
 * what HCLK and the voltage range are, a flash controller model says what LATENCY is; the
 * timing model then runs the CPU at HCLK (sim_set_cpu_hz, timing.h).
 *
 * Out-of-specification settings (decided here, for every board): silicon run faster than
 * its voltage range allows, or with fewer wait states than its clock needs, misbehaves
 * (flash reads return wrong data, the core faults, sometimes only when warm). The model
 * does not imitate that: the CPU runs at the selected clock, and the first moment a
 * setting leaves the specification is logged, naming the registers, and counted in the
 * clock_errors statistic (sim_stats_s), which tests require to stay 0. Nothing passes
 * silently, and a host's wrong sequence is visible without breaking what follows.
 */
#ifndef SIM_CLOCK_H
#define SIM_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct sim;

/* A regulator voltage range (PWR VOS) and what it allows. */
struct sim_clock_range_s {
	const char *name;		/* as the log names it, e.g. "voltage range 2 (PWR_CR1.VOS = 2)" */
	uint32_t max_hz;		/* the highest HCLK the range allows */
	const uint32_t *ws_max_hz;	/* highest HCLK with 0, 1, 2, ... flash wait states; ends with 0 */
};

struct sim_clock_s {
	uint32_t hclk_hz;		/* what the clock tree selects; 0 until a clock model says */
	unsigned latency;		/* flash wait states (FLASH_ACR.LATENCY) */
	const struct sim_clock_range_s *range;	/* NULL: no limits known (board without a clock model) */
	bool quiet;			/* inside a reset: checked once it is over */
	bool out_of_spec;		/* the setting in force is out of specification (logged once) */
	uint64_t errors;		/* times a setting left the specification */
};

/* The clock tree selects hz as HCLK (the CPU runs at it from now on). */
void sim_clock_set_hclk(struct sim *s, uint32_t hz);
/* The regulator is in range r now (the new range is in force). */
void sim_clock_set_range(struct sim *s, const struct sim_clock_range_s *r);
/* FLASH_ACR.LATENCY is ws now. */
void sim_clock_set_flash_latency(struct sim *s, unsigned ws);

/* Around a system reset: the models reset one by one, so intermediate states are not checked. */
void sim_clock_reset_begin(struct sim *s);
void sim_clock_reset_end(struct sim *s);

/* Wait states range r needs for hz; -1 if hz is above the range's maximum. */
int sim_clock_ws_needed(const struct sim_clock_range_s *r, uint32_t hz);

#endif
