/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Flash geometry as runs of equal sectors from a base address: STM32F4's
 * {16K x4, 64K x1, 128K x3}, STM32L5's {2K x256} or {4K x128}, a NOR's {4K x8192}. Pure
 * arithmetic, no target: used by the planner, the executor and the memory map.
 */
#ifndef FLASH_GEOM_H
#define FLASH_GEOM_H

#include <stdbool.h>
#include <stdint.h>

#define FLASH_MAX_RUNS 8

struct flash_run_s {
	uint32_t size;		/* bytes per sector in this run */
	uint32_t count;		/* sectors in this run */
};

struct flash_geom_s {
	uint32_t base;
	struct flash_run_s runs[FLASH_MAX_RUNS];
	unsigned n_runs;
};

/* One sector: its index from the base, its address and size. */
struct flash_sector_s {
	uint32_t index;
	uint32_t addr;
	uint32_t size;
};

/* Total bytes and sectors. */
uint64_t flash_geom_size(const struct flash_geom_s *g);
uint32_t flash_geom_sectors(const struct flash_geom_s *g);

/* The sector holding addr; false when addr is outside the geometry. */
bool flash_geom_sector_at(const struct flash_geom_s *g, uint32_t addr, struct flash_sector_s *s);

/* Sector number index (0 = first); false when there is none. */
bool flash_geom_sector(const struct flash_geom_s *g, uint32_t index, struct flash_sector_s *s);

/* The largest sector size (what a single-size consumer must assume). */
uint32_t flash_geom_max_sector(const struct flash_geom_s *g);

/*
 * True when [addr, addr+len) starts and ends on sector boundaries inside the geometry (len
 * 0 is false). On false, *bad gets the first address that is not on a boundary.
 */
bool flash_geom_aligned(const struct flash_geom_s *g, uint32_t addr, uint32_t len, uint32_t *bad);

/* Appends a run, merging it with the last one when the size is the same; false when full. */
bool flash_geom_add_run(struct flash_geom_s *g, uint32_t size, uint32_t count);

#endif /* FLASH_GEOM_H */
