// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32 RCC and PWR voltage scaling: what the families share (see stm32_rcc.h for what is
 * modeled and the rules enforced). Derived state is brought up to date lazily, at each
 * access to the blocks: ready flags from the time each source was switched on, a clock
 * switch that waited for its source, the end of a voltage range transition. Every instant
 * at which a flag changes by itself is scheduled (sim_schedule_event), so a CPU loop
 * polling it is never fast-forwarded past it.
 *
 * Board option: hse_hz=N, the frequency of the crystal (or external clock) on HSE; 0 (the
 * default: the virtual boards carry none) leaves HSERDY low forever.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sim_internal.h"
#include "stm32_rcc.h"

/* A bus access came through one of the blocks: RCC or PWR, either alias. */
struct rcc_view_s {
	struct stm32_rcc_s *r;
	bool pwr;
};

struct rcc_model_s {
	struct stm32_rcc_s r;
	struct rcc_view_s views[2];
};

static int reg_index(const struct stm32_reg_s *regs, uint32_t off)
{
	for (int i = 0; regs[i].name; i++)
		if (regs[i].off == off)
			return i;
	return -1;
}

uint32_t stm32_rcc_reg(const struct stm32_rcc_s *r, uint32_t off)
{
	int i = reg_index(r->fam->rcc_regs, off);

	return i < 0 ? 0 : r->rcc[i];
}

uint32_t stm32_pwr_reg(const struct stm32_rcc_s *r, uint32_t off)
{
	int i = reg_index(r->fam->pwr_regs, off);

	return i < 0 ? 0 : r->pwr[i];
}

void stm32_pwr_set(struct stm32_rcc_s *r, uint32_t off, uint32_t v)
{
	int i = reg_index(r->fam->pwr_regs, off);

	if (i >= 0)
		r->pwr[i] = v;
}

static void rcc_set(struct stm32_rcc_s *r, uint32_t off, uint32_t v)
{
	int i = reg_index(r->fam->rcc_regs, off);

	if (i >= 0)
		r->rcc[i] = v;
}

/* ---- sources ---- */

static bool source_on(const struct stm32_rcc_s *r, enum stm32_clk_e c)
{
	const struct stm32_osc_s *o = &r->fam->osc[c];

	return o->name && (stm32_rcc_reg(r, r->fam->cr) & o->on);
}

/* When source c (on) is or will be ready; UINT64_MAX: never as things stand. */
static uint64_t ready_time(struct stm32_rcc_s *r, enum stm32_clk_e c)
{
	uint64_t t;

	if (!source_on(r, c))
		return UINT64_MAX;
	if (c == STM32_CLK_HSE && !r->hse_hz)
		return UINT64_MAX;	/* no crystal: the oscillator never starts */
	t = r->ready_at[c];
	if (c == STM32_CLK_PLL) {
		enum stm32_clk_e in = r->fam->pll_input(r);
		uint64_t in_t = in == STM32_CLK_NONE ? UINT64_MAX : ready_time(r, in);
		if (in_t == UINT64_MAX)
			return UINT64_MAX;
		in_t += r->fam->osc[c].startup_ns;	/* the PLL locks once its input runs */
		t = in_t > t ? in_t : t;
	}
	return t;
}

bool stm32_rcc_ready(struct stm32_rcc_s *r, enum stm32_clk_e c)
{
	return sim_now_ns(r->s) >= ready_time(r, c);
}

/* The source CFGR.SWS says drives the system clock. */
static enum stm32_clk_e sysclk_source(const struct stm32_rcc_s *r)
{
	uint32_t sws = (stm32_rcc_reg(r, r->fam->cfgr) & STM32_RCC_CFGR_SWS_MASK) >> STM32_RCC_CFGR_SWS_SHIFT;

	return (enum stm32_clk_e)r->fam->sw[sws];
}

/* HPRE: 0xxx /1, 1000 /2, 1001 /4, 1010 /8, 1011 /16, 1100 /64, 1101 /128, 1110 /256, 1111 /512 */
static unsigned hpre_shift(uint32_t cfgr)
{
	static const uint8_t shift[8] = { 1, 2, 3, 4, 6, 7, 8, 9 };
	uint32_t hpre = (cfgr & STM32_RCC_CFGR_HPRE_MASK) >> STM32_RCC_CFGR_HPRE_SHIFT;

	return hpre & 8u ? shift[hpre & 7u] : 0;
}

/* A switch software asked for (SW != SWS) completes once its source is ready. */
static void try_switch(struct stm32_rcc_s *r)
{
	uint32_t cfgr = stm32_rcc_reg(r, r->fam->cfgr);
	uint32_t sw = cfgr & STM32_RCC_CFGR_SW_MASK;
	enum stm32_clk_e want = (enum stm32_clk_e)r->fam->sw[sw];

	if (sw == (cfgr & STM32_RCC_CFGR_SWS_MASK) >> STM32_RCC_CFGR_SWS_SHIFT || want == STM32_CLK_NONE)
		return;
	if (!stm32_rcc_ready(r, want) || !r->fam->source_hz(r, want))
		return;
	rcc_set(r, r->fam->cfgr, (cfgr & ~STM32_RCC_CFGR_SWS_MASK) | (sw << STM32_RCC_CFGR_SWS_SHIFT));
}

/* Derived state at the current time; HCLK and the voltage range to sim/clock.h. */
static void update(struct stm32_rcc_s *r)
{
	const struct stm32_rcc_family_s *fam = r->fam;
	enum stm32_clk_e src;
	uint32_t hz;

	try_switch(r);
	sim_clock_set_range(r->s, fam->pwr_range(r));
	src = sysclk_source(r);
	hz = src == STM32_CLK_NONE ? 0 : fam->source_hz(r, src);
	sim_clock_set_hclk(r->s, hz >> hpre_shift(stm32_rcc_reg(r, fam->cfgr)));
}

/* ---- RCC registers ---- */

static uint32_t rcc_value(struct stm32_rcc_s *r, uint32_t off)
{
	uint32_t v = stm32_rcc_reg(r, off);

	if (off != r->fam->cr)
		return v;
	for (int c = 0; c < STM32_CLK_COUNT; c++) {
		const struct stm32_osc_s *o = &r->fam->osc[c];
		if (!o->name)
			continue;
		v &= ~o->rdy;
		if (stm32_rcc_ready(r, (enum stm32_clk_e)c))
			v |= o->rdy;
	}
	return v;
}

/* Whether source c must keep running: it is the system clock, or feeds a running PLL. */
static bool source_in_use(struct stm32_rcc_s *r, enum stm32_clk_e c)
{
	if (sysclk_source(r) == c)
		return true;
	if (sysclk_source(r) == STM32_CLK_PLL && c == r->fam->pll_input(r))
		return true;
	return source_on(r, STM32_CLK_PLL) && c == r->fam->pll_input(r);
}

static void cr_write(struct stm32_rcc_s *r, uint32_t old, uint32_t v)
{
	uint64_t now = sim_now_ns(r->s);

	for (int c = 0; c < STM32_CLK_COUNT; c++) {
		const struct stm32_osc_s *o = &r->fam->osc[c];
		if (!o->name || !((old & ~v) & o->on) || !source_in_use(r, (enum stm32_clk_e)c))
			continue;
		v |= o->on;	/* RM0438 §9.8.1, RM0368 §6.3.1: cannot be reset while in use */
		sim_log(r->s, "%s: RCC_CR write keeps %s on: it clocks the system", r->fam->name, o->name);
	}
	rcc_set(r, r->fam->cr, v);
	for (int c = 0; c < STM32_CLK_COUNT; c++) {
		const struct stm32_osc_s *o = &r->fam->osc[c];
		if (!o->name || !((v & ~old) & o->on))
			continue;
		r->ready_at[c] = now + o->startup_ns;
		if (c == STM32_CLK_PLL && r->fam->pll_started)
			r->fam->pll_started(r);
	}
	/* RDY rises by itself then, also the PLL's once a source switched on now feeds it */
	for (int c = 0; c < STM32_CLK_COUNT; c++) {
		uint64_t t = ready_time(r, (enum stm32_clk_e)c);
		if (t != UINT64_MAX && t > now)
			sim_schedule_event(r->s, t);
	}
}

static int rcc_write(struct stm32_rcc_s *r, uint32_t off, unsigned size, uint32_t val)
{
	const struct stm32_rcc_family_s *fam = r->fam;
	int i = reg_index(fam->rcc_regs, off & ~3u);
	uint32_t old, v;

	if (i < 0)
		return SIM_BUS_OK;	/* reserved, or a register the model does not keep */
	old = r->rcc[i];
	v = sim_reg_lanes_merge(rcc_value(r, off & ~3u), off, size, val);
	v = (old & ~fam->rcc_regs[i].rw) | (v & fam->rcc_regs[i].rw);
	if (fam->rcc_regs[i].off == fam->cr) {
		cr_write(r, old, v);
	} else if (fam->rcc_regs[i].off == fam->pllcfgr && (source_on(r, STM32_CLK_PLL) ||
							      stm32_rcc_ready(r, STM32_CLK_PLL))) {
		if (v != old)	/* RM0438 §9.8.4, RM0368 §6.3.2: written only while the PLL is off */
			sim_log(r->s, "%s: RCC_PLLCFGR write 0x%08x refused: the PLL is on (RCC_CR.PLLON)",
				fam->name, v);
	} else {
		r->rcc[i] = v;
	}
	return SIM_BUS_OK;
}

/* ---- PWR registers: clocked only while the RCC enable bit says so ---- */

static bool pwr_clocked(struct stm32_rcc_s *r)
{
	if (stm32_rcc_reg(r, r->fam->pwr_enr) & r->fam->pwr_en)
		return true;
	if (!r->pwr_gate_logged)
		sim_log(r->s, "%s: PWR access while its clock is off (RCC enable register 0x%03x bit %d): "
			      "writes are lost, reads give 0", r->fam->name, r->fam->pwr_enr, __builtin_ctz(r->fam->pwr_en));
	r->pwr_gate_logged = true;
	return false;
}

static int pwr_write(struct stm32_rcc_s *r, uint32_t off, unsigned size, uint32_t val)
{
	const struct stm32_rcc_family_s *fam = r->fam;
	int i = reg_index(fam->pwr_regs, off & ~3u);
	uint32_t old, v;

	if (i < 0 || !pwr_clocked(r))
		return SIM_BUS_OK;
	old = r->pwr[i];
	v = sim_reg_lanes_merge(fam->pwr_read(r, off & ~3u, old), off, size, val);
	r->pwr[i] = (old & ~fam->pwr_regs[i].rw) | (v & fam->pwr_regs[i].rw);
	fam->pwr_write(r, fam->pwr_regs[i].off, old);
	return SIM_BUS_OK;
}

/* ---- bus ---- */

static int view_read(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t off, unsigned size,
		     uint32_t *val)
{
	struct rcc_view_s *v = ctx;
	struct stm32_rcc_s *r = v->r;
	uint32_t word = 0;

	(void)s;
	(void)who;
	update(r);
	if (!v->pwr)
		word = rcc_value(r, off & ~3u);
	else if (pwr_clocked(r))
		word = r->fam->pwr_read(r, off & ~3u, stm32_pwr_reg(r, off & ~3u));
	*val = sim_reg_lanes_read(word, off, size);
	return SIM_BUS_OK;
}

static int view_write(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t off, unsigned size,
		      uint32_t val)
{
	struct rcc_view_s *v = ctx;
	int rc;

	(void)s;
	(void)who;
	update(v->r);
	rc = v->pwr ? pwr_write(v->r, off, size, val) : rcc_write(v->r, off, size, val);
	update(v->r);
	return rc;
}

/* ---- model ---- */

static void rcc_system_reset(struct sim *s, void *ctx)
{
	struct stm32_rcc_s *r = ctx;
	const struct stm32_rcc_family_s *fam = r->fam;

	(void)s;
	for (int i = 0; fam->rcc_regs[i].name; i++)
		r->rcc[i] = fam->rcc_regs[i].reset;
	for (int i = 0; fam->pwr_regs[i].name; i++)
		r->pwr[i] = fam->pwr_regs[i].reset;
	/* the reset clock runs from before the reset: ready at once */
	memset(r->ready_at, 0, sizeof(r->ready_at));
	r->pwr_gate_logged = false;
	r->pwr_busy_until = 0;
	r->pwr_pending = 0;
	update(r);
}

static int add_block(struct sim *s, struct rcc_view_s *v, const char *name, uint32_t base, uint32_t size)
{
	const struct sim_periph_s p = { name, base, size, view_read, view_write, v };

	return base ? sim_bus_add_periph(s, &p) : 0;
}

static int rcc_create(struct sim *s, const void *config, void **ctx, char *err, size_t errlen)
{
	const struct stm32_rcc_config_s *cfg = config;
	const struct stm32_rcc_family_s *fam = cfg->family;
	struct rcc_model_s *m = calloc(1, sizeof(*m));
	int n_rcc = 0, n_pwr = 0;

	if (!m) {
		snprintf(err, errlen, "rcc: out of memory");
		return -1;
	}
	*ctx = &m->r;
	while (fam->rcc_regs[n_rcc].name)
		n_rcc++;
	while (fam->pwr_regs[n_pwr].name)
		n_pwr++;
	if (n_rcc > STM32_RCC_MAX_REGS || n_pwr > STM32_RCC_MAX_REGS) {
		snprintf(err, errlen, "%s: more registers than the model keeps", fam->name);
		return -1;
	}
	m->r = (struct stm32_rcc_s){ .s = s, .cfg = cfg, .fam = fam, .hse_hz = cfg->hse_hz };
	m->views[0] = (struct rcc_view_s){ .r = &m->r, .pwr = false };
	m->views[1] = (struct rcc_view_s){ .r = &m->r, .pwr = true };
	if (add_block(s, &m->views[0], "rcc", cfg->rcc_base, fam->rcc_size) ||
	    add_block(s, &m->views[0], "rcc-s", cfg->rcc_base_s, fam->rcc_size) ||
	    add_block(s, &m->views[1], "pwr", cfg->pwr_base, fam->pwr_size) ||
	    add_block(s, &m->views[1], "pwr-s", cfg->pwr_base_s, fam->pwr_size)) {
		snprintf(err, errlen, "%s: its registers overlap another block", fam->name);
		return -1;
	}
	sim_clock_reset_begin(s);
	rcc_system_reset(s, &m->r);
	sim_clock_reset_end(s);
	return 0;
}

static void rcc_destroy(struct sim *s, void *ctx)
{
	(void)s;
	free(ctx);	/* r is the first member of struct rcc_model_s */
}

static int rcc_set_option(struct sim *s, void *ctx, const char *key, const char *value, char *err, size_t errlen)
{
	struct stm32_rcc_s *r = ctx;
	char *end;
	unsigned long hz;

	(void)s;
	if (strcmp(key, "hse_hz"))
		return 0;
	hz = strtoul(value, &end, 0);
	if (!*value || *end || hz > 48000000ul) {
		snprintf(err, errlen, "option hse_hz=%s: expected a frequency in Hz up to 48000000 (0: no HSE)", value);
		return -1;
	}
	r->hse_hz = (uint32_t)hz;
	return 1;
}

static void rcc_describe(struct sim *s, void *ctx, char *buf, size_t len)
{
	struct stm32_rcc_s *r = ctx;
	enum stm32_clk_e src;

	update(r);
	src = sysclk_source(r);
	snprintf(buf, len, "sysclk=%s hclk=%u cr=0x%08x cfgr=0x%08x pllcfgr=0x%08x",
		 src == STM32_CLK_NONE ? "?" : r->fam->osc[src].name, s->clock.hclk_hz, rcc_value(r, r->fam->cr),
		 stm32_rcc_reg(r, r->fam->cfgr), stm32_rcc_reg(r, r->fam->pllcfgr));
}

/*
 * An enable register holds what was written (no bit of it is computed), so it is read as
 * stored, not through the bus: the bus read would bring the clock tree up to date first,
 * and gated models ask on every register access, also the CPU's polling loops.
 */
bool stm32_rcc_gate_on(struct sim *s, uint32_t enr_addr, uint32_t bit)
{
	const struct stm32_rcc_s *r = sim_model_ctx(s, STM32_RCC_MODEL_NAME);
	uint32_t off;

	if (!r)
		return false;
	if (r->cfg->rcc_base && enr_addr - r->cfg->rcc_base < r->fam->rcc_size)
		off = enr_addr - r->cfg->rcc_base;
	else if (r->cfg->rcc_base_s && enr_addr - r->cfg->rcc_base_s < r->fam->rcc_size)
		off = enr_addr - r->cfg->rcc_base_s;
	else
		return false;
	return (stm32_rcc_reg(r, off & ~3u) & bit) != 0;
}

const struct sim_model_s stm32_rcc_model = {
	.name = STM32_RCC_MODEL_NAME,
	.create = rcc_create,
	.destroy = rcc_destroy,
	.system_reset = rcc_system_reset,
	.options = "hse_hz=N",
	.set_option = rcc_set_option,
	.describe = rcc_describe,
};
