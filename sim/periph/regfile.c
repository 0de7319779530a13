// SPDX-License-Identifier: GPL-2.0-or-later
/* Register files for clock/power/GPIO blocks (see regfile.h). */
#include <stdlib.h>
#include <string.h>

#include "../sim_internal.h"
#include "regfile.h"

struct regfile_inst_s {
	const struct regfile_block_s *blk;
	uint32_t *regs;
};

struct regfile_s {
	struct regfile_inst_s *inst;
	unsigned n;
};

static uint32_t shifted(uint32_t v, int8_t shift)
{
	return shift >= 0 ? v << shift : v >> -shift;
}

static uint32_t reg_value(const struct regfile_inst_s *r, uint32_t off)
{
	uint32_t v = r->regs[off / 4];

	for (const struct regfile_ready_s *rd = r->blk->ready; rd && rd->mask; rd++) {
		if (rd->dst_off != off)
			continue;
		uint32_t dmask = shifted(rd->mask, rd->shift);
		v = (v & ~dmask) | shifted(r->regs[rd->src_off / 4] & rd->mask, rd->shift);
	}
	return v;
}

/* Which register an offset reaches, and how a write to it acts. */
enum rf_op_e { RF_WRITE, RF_SET, RF_CLEAR };

static uint32_t resolve(const struct regfile_block_s *b, uint32_t off, enum rf_op_e *op)
{
	*op = RF_WRITE;
	if (b->clr_delta && off >= b->clr_delta) {
		*op = RF_CLEAR;
		return off - b->clr_delta;
	}
	if (b->set_delta && off >= b->set_delta) {
		*op = RF_SET;
		return off - b->set_delta;
	}
	return off;
}

static int rf_read(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t off, unsigned size, uint32_t *val)
{
	struct regfile_inst_s *r = ctx;
	enum rf_op_e op;
	uint32_t reg = resolve(r->blk, off & ~3u, &op);

	*val = reg_value(r, reg) >> (8 * (off & 3));
	if (size < 4)
		*val &= (1u << (8 * size)) - 1;
	return SIM_BUS_OK;
}

static int rf_write(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t off, unsigned size, uint32_t val)
{
	struct regfile_inst_s *r = ctx;
	enum rf_op_e op;
	uint32_t reg = resolve(r->blk, off & ~3u, &op);
	uint32_t mask = size == 4 ? 0xFFFFFFFFu : ((1u << (8 * size)) - 1) << (8 * (off & 3));
	uint32_t v = (val << (8 * (off & 3))) & mask;
	uint32_t *p = &r->regs[reg / 4];

	if (op == RF_SET)
		*p |= v;
	else if (op == RF_CLEAR)
		*p &= ~v;
	else
		*p = (*p & ~mask) | v;
	return SIM_BUS_OK;
}

static void rf_reset_block(struct regfile_inst_s *r)
{
	uint32_t regs = r->blk->clr_delta ? r->blk->clr_delta / 4 : r->blk->set_delta ? r->blk->set_delta / 4
										  : r->blk->size / 4;
	memset(r->regs, 0, regs * sizeof(uint32_t));
	for (const struct regfile_reset_s *rs = r->blk->reset; rs && rs->off != REGFILE_END; rs++)
		r->regs[rs->off / 4] = rs->value;
}

static int rf_add(struct sim *s, struct regfile_inst_s *r, uint32_t base)
{
	const struct sim_periph_s p = {
		.name = r->blk->name, .base = base, .size = r->blk->size, .read = rf_read, .write = rf_write, .ctx = r,
	};
	return sim_bus_add_periph(s, &p);
}

static int rf_create(struct sim *s, const void *config, void **ctx, char *err, size_t errlen)
{
	const struct regfile_block_s *blocks = config;
	struct regfile_s *rf = calloc(1, sizeof(*rf));
	unsigned n = 0;

	while (blocks[n].name)
		n++;
	*ctx = rf;
	if (!rf || !(rf->inst = calloc(n ? n : 1, sizeof(*rf->inst)))) {
		snprintf(err, errlen, "regfile: out of memory");
		return -1;
	}
	for (; rf->n < n; rf->n++) {
		struct regfile_inst_s *r = &rf->inst[rf->n];
		r->blk = &blocks[rf->n];
		r->regs = calloc(r->blk->size / 4, sizeof(uint32_t));
		if (!r->regs) {
			snprintf(err, errlen, "regfile: out of memory");
			return -1;
		}
		rf_reset_block(r);
		if (rf_add(s, r, r->blk->base) || (r->blk->base_alias && rf_add(s, r, r->blk->base_alias))) {
			snprintf(err, errlen, "regfile %s at 0x%08x overlaps another block", r->blk->name, r->blk->base);
			rf->n++;
			return -1;
		}
	}
	return 0;
}

static void rf_destroy(struct sim *s, void *ctx)
{
	struct regfile_s *rf = ctx;

	if (!rf)
		return;
	for (unsigned i = 0; i < rf->n; i++)
		free(rf->inst[i].regs);
	free(rf->inst);
	free(rf);
}

static void rf_system_reset(struct sim *s, void *ctx)
{
	struct regfile_s *rf = ctx;

	for (unsigned i = 0; i < rf->n; i++)
		rf_reset_block(&rf->inst[i]);
}

uint32_t regfile_peek(void *ctx, const char *block, uint32_t off)
{
	struct regfile_s *rf = ctx;

	for (unsigned i = 0; i < rf->n; i++)
		if (!strcmp(rf->inst[i].blk->name, block))
			return reg_value(&rf->inst[i], off);
	return 0;
}

const struct sim_model_s regfile_model = {
	.name = "regfile",
	.create = rf_create,
	.destroy = rf_destroy,
	.system_reset = rf_system_reset,
};
