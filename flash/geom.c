// SPDX-License-Identifier: GPL-2.0-or-later
/* Flash geometry as runs of equal sectors (geom.h). */
#include "flash/geom.h"

uint64_t flash_geom_size(const struct flash_geom_s *g)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < g->n_runs; i++)
		n += (uint64_t)g->runs[i].size * g->runs[i].count;
	return n;
}

uint32_t flash_geom_sectors(const struct flash_geom_s *g)
{
	uint32_t n = 0;

	for (unsigned i = 0; i < g->n_runs; i++)
		n += g->runs[i].count;
	return n;
}

uint32_t flash_geom_max_sector(const struct flash_geom_s *g)
{
	uint32_t m = 0;

	for (unsigned i = 0; i < g->n_runs; i++)
		if (g->runs[i].size > m)
			m = g->runs[i].size;
	return m;
}

bool flash_geom_sector_at(const struct flash_geom_s *g, uint32_t addr, struct flash_sector_s *s)
{
	uint64_t at = g->base;
	uint32_t index = 0;

	if (addr < g->base)
		return false;
	for (unsigned i = 0; i < g->n_runs; i++) {
		const struct flash_run_s *r = &g->runs[i];
		uint64_t end = at + (uint64_t)r->size * r->count;

		if (addr < end) {
			uint32_t k = (uint32_t)((addr - at) / r->size);

			s->index = index + k;
			s->addr = (uint32_t)(at + (uint64_t)k * r->size);
			s->size = r->size;
			return true;
		}
		at = end;
		index += r->count;
	}
	return false;
}

bool flash_geom_sector(const struct flash_geom_s *g, uint32_t index, struct flash_sector_s *s)
{
	uint64_t at = g->base;
	uint32_t first = 0;

	for (unsigned i = 0; i < g->n_runs; i++) {
		const struct flash_run_s *r = &g->runs[i];

		if (index < first + r->count) {
			s->index = index;
			s->addr = (uint32_t)(at + (uint64_t)(index - first) * r->size);
			s->size = r->size;
			return true;
		}
		at += (uint64_t)r->size * r->count;
		first += r->count;
	}
	return false;
}

bool flash_geom_aligned(const struct flash_geom_s *g, uint32_t addr, uint32_t len, uint32_t *bad)
{
	struct flash_sector_s s;
	uint64_t end = (uint64_t)addr + len;

	*bad = addr;
	if (len == 0 || !flash_geom_sector_at(g, addr, &s) || s.addr != addr)
		return false;
	if (end == (uint64_t)g->base + flash_geom_size(g))
		return true;
	*bad = (uint32_t)end;
	return end < (uint64_t)g->base + flash_geom_size(g) && flash_geom_sector_at(g, (uint32_t)end, &s) &&
	       s.addr == (uint32_t)end;
}

bool flash_geom_add_run(struct flash_geom_s *g, uint32_t size, uint32_t count)
{
	if (count == 0)
		return true;
	if (g->n_runs && g->runs[g->n_runs - 1].size == size) {
		g->runs[g->n_runs - 1].count += count;
		return true;
	}
	if (g->n_runs >= FLASH_MAX_RUNS)
		return false;
	g->runs[g->n_runs].size = size;
	g->runs[g->n_runs].count = count;
	g->n_runs++;
	return true;
}
