/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIM_PERIPH_DBGMCU_H
#define SIM_PERIPH_DBGMCU_H

#include <stdint.h>

struct sim;

struct sim_dbgmcu_s {
	uint32_t regs[8];	/* IDCODE, CR, freeze registers */
};

int dbgmcu_register(struct sim *s, struct sim_dbgmcu_s *d);

#endif
