// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DBGMCU: IDCODE (read-only, identifies the part) and the configuration/freeze registers,
 * which are kept as written (RM0368 §23.16, RM0438 §53.2). Not reset by a system reset,
 * only at power-on, as the manuals say for DBGMCU_CR.
 */
#include "../sim_internal.h"
#include "dbgmcu.h"

static int dbgmcu_read(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t off, unsigned size,
		       uint32_t *val)
{
	struct sim_dbgmcu_s *d = ctx;

	if (size != 4)
		return SIM_BUS_ERROR;
	*val = off == 0 ? s->board->dbgmcu_idcode : d->regs[off / 4];
	return SIM_BUS_OK;
}

static int dbgmcu_write(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t off, unsigned size,
			uint32_t val)
{
	struct sim_dbgmcu_s *d = ctx;

	if (size != 4)
		return SIM_BUS_ERROR;
	if (off != 0)
		d->regs[off / 4] = val;
	return SIM_BUS_OK;
}

int dbgmcu_register(struct sim *s, struct sim_dbgmcu_s *d)
{
	const struct sim_periph_s p = {
		.name = "dbgmcu", .base = s->board->dbgmcu_idcode_addr, .size = sizeof(d->regs),
		.read = dbgmcu_read, .write = dbgmcu_write, .ctx = d,
	};

	for (unsigned i = 0; i < sizeof(d->regs) / sizeof(d->regs[0]); i++)
		d->regs[i] = 0;
	return sim_bus_add_periph(s, &p);
}
