// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32 CRC unit (see stm32_crc.h). A write to DR feeds its 8, 16 or 32 bits, most
 * significant first after the optional input reversal, through the polynomial: the
 * classic non-reflected shift register of POLYSIZE bits. RESET loads DR with INIT.
 *
 * Cost: a write to DR computes for a few AHB cycles (RM0438 §15.3.2: 4 for a word, 2 for a
 * half-word, 1 for a byte ?; RM0368 §4.3: 4 for a word ?); the CPU's next access to the unit
 * in that time waits for the computation to end (the bus stalls), so a routine that feeds
 * words back to back pays 4 cycles per word and one that does other work in between pays
 * nothing extra. The debugger's accesses are far slower than that: never stalled.
 *
 * Clock gate: while RCC_AHB1ENR.CRCEN is 0 the unit is not clocked: writes are lost and
 * reads give 0 (logged once per reset, naming the enable bit).
 * Model choices (?): the F401 unit takes 32-bit DR writes only; an 8 or 16-bit write is
 * ignored and logged. REV_IN with a data unit wider than the write (half-word reversal of a
 * byte) reverses within the write; REV_OUT reverses the POLYSIZE bits of the result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sim_internal.h"
#include "stm32_crc.h"
#include "stm32_rcc.h"

struct stm32_crc_s {
	struct sim *s;
	const struct stm32_crc_config_s *cfg;
	uint32_t dr, idr, cr, init, pol;
	uint64_t busy_until;	/* the computation of the last DR write ends then */
	bool gate_logged;
};

static unsigned poly_bits(const struct stm32_crc_s *c)
{
	static const unsigned bits[4] = { 32, 16, 8, 7 };

	return bits[(c->cr & STM32_CRC_CR_POLYSIZE_MASK) >> STM32_CRC_CR_POLYSIZE_SHIFT];
}

static uint32_t width_mask(unsigned bits)
{
	return bits == 32 ? 0xFFFFFFFFu : (1u << bits) - 1u;
}

/* The low `bits` bits of v in reverse order. */
static uint32_t reverse(uint32_t v, unsigned bits)
{
	uint32_t r = 0;

	for (unsigned i = 0; i < bits; i++)
		r |= ((v >> i) & 1u) << (bits - 1 - i);
	return r;
}

/* REV_IN: reverse the bits of each byte, half-word or word of the data written. */
static uint32_t reverse_input(const struct stm32_crc_s *c, uint32_t data, unsigned bits)
{
	static const unsigned units[4] = { 0, 8, 16, 32 };
	unsigned unit = units[(c->cr & STM32_CRC_CR_REV_IN_MASK) >> STM32_CRC_CR_REV_IN_SHIFT];
	uint32_t out = 0;

	if (!unit)
		return data;
	if (unit > bits)
		unit = bits;
	for (unsigned at = 0; at < bits; at += unit)
		out |= reverse((data >> at) & width_mask(unit), unit) << at;
	return out;
}

static void feed(struct stm32_crc_s *c, uint32_t data, unsigned bits)
{
	unsigned p = poly_bits(c);
	uint32_t mask = width_mask(p), poly = c->pol & mask, crc = c->dr & mask;

	data = reverse_input(c, data, bits);
	for (int i = (int)bits - 1; i >= 0; i--) {
		uint32_t top = ((crc >> (p - 1)) ^ (data >> i)) & 1u;
		crc = (crc << 1) & mask;
		if (top)
			crc ^= poly;
	}
	c->dr = crc;
}

static uint32_t dr_value(const struct stm32_crc_s *c)
{
	unsigned p = poly_bits(c);

	return c->cr & STM32_CRC_CR_REV_OUT ? reverse(c->dr & width_mask(p), p) : c->dr;
}

/* The CPU waits for a computation in progress (the AHB stalls its access). */
static void wait_computation(struct stm32_crc_s *c, enum sim_bus_master_e who)
{
	uint64_t now = sim_now_ns(c->s);

	if (who == SIM_MASTER_CPU && now < c->busy_until)
		sim_advance_ns(c->s, c->busy_until - now);
}

static void start_computation(struct stm32_crc_s *c, unsigned size)
{
	uint64_t hz = c->s->timing.cpu_hz;
	uint64_t cycles = c->cfg->cycles[size == 1 ? 0 : size == 2 ? 1 : 2];

	c->busy_until = sim_now_ns(c->s) + (cycles * 1000000000ull + hz - 1) / hz;
}

static bool clocked(struct stm32_crc_s *c)
{
	if (!c->cfg->gate_enr || stm32_rcc_gate_on(c->s, c->cfg->gate_enr, c->cfg->gate_bit))
		return true;
	if (!c->gate_logged)
		sim_log(c->s, "CRC access while its clock is off (RCC enable register 0x%08x bit %d): writes are lost, "
			      "reads give 0", c->cfg->gate_enr, __builtin_ctz(c->cfg->gate_bit));
	c->gate_logged = true;
	return false;
}

static uint32_t reg_value(const struct stm32_crc_s *c, uint32_t off)
{
	bool l5 = c->cfg->programmable;

	switch (off) {
	case STM32_CRC_DR: return dr_value(c);
	case STM32_CRC_IDR: return l5 ? c->idr : c->idr & 0xFFu;
	case STM32_CRC_CR: return c->cr;
	case STM32_CRC_INIT: return l5 ? c->init : 0;
	case STM32_CRC_POL: return l5 ? c->pol : 0;
	default: return 0;
	}
}

static int crc_read(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t off, unsigned size, uint32_t *val)
{
	struct stm32_crc_s *c = ctx;

	(void)s;
	*val = 0;
	if (!clocked(c))
		return SIM_BUS_OK;
	wait_computation(c, who);
	*val = sim_reg_lanes_read(reg_value(c, off & ~3u), off, size);
	return SIM_BUS_OK;
}

static void dr_write(struct stm32_crc_s *c, uint32_t off, unsigned size, uint32_t val)
{
	if (!c->cfg->programmable && size != 4) {
		sim_log(c->s, "CRC_DR: %u-bit write ignored: this CRC unit takes 32-bit words only", 8 * size);
		return;
	}
	(void)off;	/* a byte or half-word feeds its own bits, whichever lane it came on */
	feed(c, val & width_mask(8 * size), 8 * size);
	start_computation(c, size);
}

static int crc_write(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t off, unsigned size, uint32_t val)
{
	struct stm32_crc_s *c = ctx;
	uint32_t reg = off & ~3u, v;
	uint32_t cr_rw = c->cfg->programmable ? STM32_CRC_CR_POLYSIZE_MASK | STM32_CRC_CR_REV_IN_MASK |
							STM32_CRC_CR_REV_OUT : 0;

	(void)s;
	if (!clocked(c))
		return SIM_BUS_OK;
	wait_computation(c, who);
	if (reg == STM32_CRC_DR) {
		dr_write(c, off, size, val);
		return SIM_BUS_OK;
	}
	v = sim_reg_lanes_merge(reg_value(c, reg), off, size, val);
	switch (reg) {
	case STM32_CRC_IDR:
		c->idr = v;
		break;
	case STM32_CRC_CR:
		c->cr = v & cr_rw;
		if (v & STM32_CRC_CR_RESET)	/* reads 0: the reset is done at once */
			c->dr = c->init & width_mask(poly_bits(c));
		break;
	case STM32_CRC_INIT:
		if (c->cfg->programmable)	/* DR takes it at the next RESET */
			c->init = v;
		break;
	case STM32_CRC_POL:
		if (c->cfg->programmable)
			c->pol = v;
		break;
	default:
		break;
	}
	return SIM_BUS_OK;
}

static void crc_system_reset(struct sim *s, void *ctx)
{
	struct stm32_crc_s *c = ctx;

	(void)s;
	c->dr = c->init = 0xFFFFFFFFu;
	c->idr = c->cr = 0;
	c->pol = STM32_CRC_POL_RESET;
	c->busy_until = 0;
	c->gate_logged = false;
}

static int crc_create(struct sim *s, const void *config, void **ctx, char *err, size_t errlen)
{
	const struct stm32_crc_config_s *cfg = config;
	struct stm32_crc_s *c = calloc(1, sizeof(*c));
	struct sim_periph_s p = { "crc", cfg->base, STM32_CRC_SIZE, crc_read, crc_write, c };

	if (!c) {
		snprintf(err, errlen, "crc: out of memory");
		return -1;
	}
	*ctx = c;
	c->s = s;
	c->cfg = cfg;
	crc_system_reset(s, c);
	if (sim_bus_add_periph(s, &p)) {
		snprintf(err, errlen, "crc at 0x%08x overlaps another block", cfg->base);
		return -1;
	}
	p.name = "crc-s";
	p.base = cfg->base_s;
	if (cfg->base_s && sim_bus_add_periph(s, &p)) {
		snprintf(err, errlen, "crc at 0x%08x overlaps another block", cfg->base_s);
		return -1;
	}
	return 0;
}

static void crc_destroy(struct sim *s, void *ctx)
{
	(void)s;
	free(ctx);
}

const struct sim_model_s stm32_crc_model = {
	.name = STM32_CRC_MODEL_NAME,
	.create = crc_create,
	.destroy = crc_destroy,
	.system_reset = crc_system_reset,
};
