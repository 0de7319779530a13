// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The system bus: the board's memory regions (host buffers that Unicorn maps directly)
 * and peripheral register blocks. Peripherals are looked up first so a model can claim
 * part of a memory range (e.g. the flash controller's view of OTP in later models).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

#define BUS_PAGE 4096u

static struct sim_mem_s *mem_by_base(struct sim *s, uint32_t base)
{
	for (unsigned i = 0; i < s->bus.n_mems; i++)
		if (s->bus.mems[i].region->base == base && !s->bus.mems[i].region->alias_of)
			return &s->bus.mems[i];
	return NULL;
}

static int bus_add_region(struct sim *s, const struct sim_region_s *r, char *err, size_t errlen)
{
	struct sim_bus_s *bus = &s->bus;

	if (bus->n_mems == SIM_MAX_MEMS) {
		snprintf(err, errlen, "too many memory regions on board %s", s->board->name);
		return -1;
	}
	if (r->base % BUS_PAGE || r->size % BUS_PAGE) {
		/* Unicorn maps whole 4 KB pages; a board table that breaks this is a bug. */
		snprintf(err, errlen, "region %s (0x%08x, %u bytes) is not 4 KB aligned", r->name, r->base, r->size);
		return -1;
	}
	struct sim_mem_s *m = &bus->mems[bus->n_mems];
	m->region = r;
	if (r->alias_of) {
		struct sim_mem_s *target = mem_by_base(s, r->alias_of);
		if (!target || target->region->size < r->size) {
			snprintf(err, errlen, "region %s aliases 0x%08x, which is not a region as large", r->name,
				 r->alias_of);
			return -1;
		}
		m->data = target->data;
	} else {
		m->data = aligned_alloc(BUS_PAGE, r->size);
		if (!m->data) {
			snprintf(err, errlen, "out of memory for region %s", r->name);
			return -1;
		}
		memset(m->data, r->fill, r->size);
	}
	bus->n_mems++;
	return 0;
}

static void bus_apply_presets(struct sim *s)
{
	const struct sim_preset_s *p = s->board->presets;

	for (; p && p->size; p++) {
		struct sim_mem_s *m = sim_bus_mem_at(s, p->addr);
		if (m)
			sim_le_put(m->data + (p->addr - m->region->base), p->size, p->value);
	}
}

int sim_bus_init(struct sim *s, char *err, size_t errlen)
{
	memset(&s->bus, 0, sizeof(s->bus));
	/* Aliases refer to their target, so place every plain region first. */
	for (int pass = 0; pass < 2; pass++)
		for (const struct sim_region_s *r = s->board->regions; r->size; r++)
			if ((pass == 0) == (r->alias_of == 0) && bus_add_region(s, r, err, errlen))
				return -1;
	bus_apply_presets(s);
	return 0;
}

void sim_bus_free(struct sim *s)
{
	for (unsigned i = 0; i < s->bus.n_mems; i++)
		if (!s->bus.mems[i].region->alias_of)
			free(s->bus.mems[i].data);
	s->bus.n_mems = 0;
}

int sim_bus_add_periph(struct sim *s, const struct sim_periph_s *p)
{
	struct sim_bus_s *bus = &s->bus;

	if (bus->n_periphs == SIM_MAX_PERIPHS)
		return -1;
	for (unsigned i = 0; i < bus->n_periphs; i++) {
		const struct sim_periph_s *o = &bus->periphs[i];
		if (p->base < o->base + o->size && o->base < p->base + p->size)
			return -1;
	}
	bus->periphs[bus->n_periphs++] = *p;
	return 0;
}

static struct sim_periph_s *periph_at(struct sim *s, uint32_t addr)
{
	for (unsigned i = 0; i < s->bus.n_periphs; i++) {
		struct sim_periph_s *p = &s->bus.periphs[i];
		if (addr - p->base < p->size)
			return p;
	}
	return NULL;
}

struct sim_mem_s *sim_bus_mem_at(struct sim *s, uint32_t addr)
{
	for (unsigned i = 0; i < s->bus.n_mems; i++) {
		struct sim_mem_s *m = &s->bus.mems[i];
		if (addr - m->region->base < m->region->size)
			return m;
	}
	return NULL;
}

static bool access_ok(uint32_t addr, unsigned size)
{
	return (size == 1 || size == 2 || size == 4) && addr % size == 0;
}

int sim_bus_read(struct sim *s, enum sim_bus_master_e who, uint32_t addr, unsigned size, uint32_t *val)
{
	if (!access_ok(addr, size))
		return SIM_BUS_ERROR;
	struct sim_periph_s *p = periph_at(s, addr);
	if (p)
		return p->read ? p->read(s, p->ctx, who, addr - p->base, size, val) : SIM_BUS_ERROR;
	struct sim_mem_s *m = sim_bus_mem_at(s, addr);
	if (!m || !sim_bus_mem_answers(s, m, who, addr))
		return SIM_BUS_ERROR;
	*val = sim_le_get(m->data + (addr - m->region->base), size);
	return SIM_BUS_OK;
}

int sim_bus_write(struct sim *s, enum sim_bus_master_e who, uint32_t addr, unsigned size, uint32_t val)
{
	if (!access_ok(addr, size))
		return SIM_BUS_ERROR;
	struct sim_periph_s *p = periph_at(s, addr);
	if (p)
		return p->write ? p->write(s, p->ctx, who, addr - p->base, size, val) : SIM_BUS_ERROR;
	struct sim_mem_s *m = sim_bus_mem_at(s, addr);
	if (!m || !sim_bus_mem_answers(s, m, who, addr))
		return SIM_BUS_ERROR;
	if (m->writer)
		return m->writer(s, m->writer_ctx, who, addr, size, val);
	/*
	 * Flash and ROM do not take plain bus writes: on STM32 parts a write to flash without
	 * the controller's PG bit is an error response; the controller's model claims them.
	 */
	if (m->region->kind != SIM_REGION_RAM)
		return SIM_BUS_ERROR;
	sim_le_put(m->data + (addr - m->region->base), size, val);
	return SIM_BUS_OK;
}

int sim_bus_set_writer(struct sim *s, uint32_t base, sim_mem_writer_fn fn, void *ctx)
{
	struct sim_mem_s *target = sim_bus_mem_at(s, base);
	int n = 0;

	if (!target)
		return -1;
	for (unsigned i = 0; i < s->bus.n_mems; i++) {
		struct sim_mem_s *m = &s->bus.mems[i];
		if (m->data == target->data) {	/* the region and every alias of it */
			m->writer = fn;
			m->writer_ctx = ctx;
			n++;
		}
	}
	return n ? 0 : -1;
}

int sim_bus_set_gate(struct sim *s, uint32_t base, sim_mem_gate_fn fn, void *ctx)
{
	struct sim_mem_s *m = sim_bus_mem_at(s, base);

	if (!m)
		return -1;
	m->gate = fn;
	m->gate_ctx = ctx;
	return 0;
}

bool sim_bus_mem_answers(struct sim *s, struct sim_mem_s *m, enum sim_bus_master_e who, uint32_t addr)
{
	return !m->disabled || (m->gate && m->gate(s, m->gate_ctx, who, addr));
}

int sim_bus_set_enabled(struct sim *s, uint32_t base, bool enabled)
{
	struct sim_mem_s *m = sim_bus_mem_at(s, base);

	if (!m)
		return -1;
	m->disabled = !enabled;
	if (s->core)
		core_mem_changed(s, m);
	return 0;
}
