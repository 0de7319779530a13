/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The board's system bus as the MEM-AP and the CPU see it: memory regions backed by host
 * buffers (shared with Unicorn) and peripheral register blocks with read/write handlers.
 * The same handlers serve debugger accesses and CPU accesses, so a register behaves the
 * same whoever touches it.
 */
#ifndef SIM_BUS_H
#define SIM_BUS_H

#include <stdbool.h>
#include <stdint.h>

#include "board.h"

struct sim;

enum sim_bus_result_e {
	SIM_BUS_OK = 0,
	SIM_BUS_ERROR = -1,	/* the access got an error response (unmapped, wrong size, ...) */
};

/* Who performs an access: some registers behave differently for the debugger. */
enum sim_bus_master_e {
	SIM_MASTER_DEBUG,	/* the MEM-AP */
	SIM_MASTER_CPU,
};

struct sim_periph_s {
	const char *name;
	uint32_t base;
	uint32_t size;
	/* offset is from base; size is 1, 2 or 4 bytes, offset aligned to it */
	int (*read)(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t offset, unsigned size,
		    uint32_t *val);
	int (*write)(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t offset, unsigned size,
		     uint32_t val);
	void *ctx;
};

/*
 * A model that owns a region's writes (a flash controller owns its flash): called for
 * every bus write into the region, by the debugger or the CPU. addr is absolute.
 */
typedef int (*sim_mem_writer_fn)(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t addr, unsigned size,
				 uint32_t val);

/*
 * A model that decides, access by access, whether a disabled region answers (an XIP window
 * whose controller must notice the first memory-mapped access): true lets the access
 * through. addr is absolute. Called for the debugger and the CPU; the CPU's later accesses
 * to the same page may go through without asking again, so it must answer the same until
 * the model disables the region anew (sim_bus_set_enabled(..., false)).
 */
typedef bool (*sim_mem_gate_fn)(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t addr);

struct sim_mem_s {
	const struct sim_region_s *region;
	uint8_t *data;			/* region->size bytes, page aligned (Unicorn maps it directly) */
	sim_mem_writer_fn writer;	/* NULL: RAM takes writes, flash and ROM refuse them */
	void *writer_ctx;
	bool disabled;			/* not answering at all (e.g. an XIP window outside memory-mapped mode) */
	sim_mem_gate_fn gate;		/* NULL: a disabled region gives errors to every access */
	void *gate_ctx;
};

#define SIM_MAX_MEMS 16
#define SIM_MAX_PERIPHS 32

struct sim_bus_s {
	struct sim_mem_s mems[SIM_MAX_MEMS];
	unsigned n_mems;
	struct sim_periph_s periphs[SIM_MAX_PERIPHS];
	unsigned n_periphs;
};

int sim_bus_init(struct sim *s, char *err, size_t errlen);
void sim_bus_free(struct sim *s);

/* Register a peripheral block; returns 0, or -1 if it overlaps another or the table is full. */
int sim_bus_add_periph(struct sim *s, const struct sim_periph_s *p);

/* size 1, 2 or 4; addr aligned to size (an unaligned access is a bus error). */
int sim_bus_read(struct sim *s, enum sim_bus_master_e who, uint32_t addr, unsigned size, uint32_t *val);
int sim_bus_write(struct sim *s, enum sim_bus_master_e who, uint32_t addr, unsigned size, uint32_t val);

/* Give a region's writes to a model (the region holding base, and its aliases). Returns 0 or -1. */
int sim_bus_set_writer(struct sim *s, uint32_t base, sim_mem_writer_fn fn, void *ctx);

/* Give a disabled region's accesses to a model's gate first (the region holding base). Returns 0 or -1. */
int sim_bus_set_gate(struct sim *s, uint32_t base, sim_mem_gate_fn fn, void *ctx);

/* Whether an access to m goes through: enabled, or disabled and let through by its gate. */
bool sim_bus_mem_answers(struct sim *s, struct sim_mem_s *m, enum sim_bus_master_e who, uint32_t addr);

/* Make a region answer (enabled) or give bus errors to every access (disabled). */
int sim_bus_set_enabled(struct sim *s, uint32_t base, bool enabled);

/* The memory region holding addr, or NULL. */
struct sim_mem_s *sim_bus_mem_at(struct sim *s, uint32_t addr);

/* Little-endian helpers for models. */
static inline uint32_t sim_le_get(const uint8_t *p, unsigned size)
{
	uint32_t v = 0;
	for (unsigned i = 0; i < size; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

static inline void sim_le_put(uint8_t *p, unsigned size, uint32_t v)
{
	for (unsigned i = 0; i < size; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A 1, 2 or 4-byte register access at offset off: the value it reads from the 32-bit word. */
static inline uint32_t sim_reg_lanes_read(uint32_t word, uint32_t off, unsigned size)
{
	uint32_t v = word >> (8 * (off & 3u));

	return size == 4 ? v : v & ((1u << (8 * size)) - 1u);
}

/* ... and the 32-bit word a write of val leaves (the other byte lanes keep their value). */
static inline uint32_t sim_reg_lanes_merge(uint32_t word, uint32_t off, unsigned size, uint32_t val)
{
	unsigned shift = 8 * (off & 3u);
	uint32_t mask = (size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1u) << shift;

	return (word & ~mask) | ((val << shift) & mask);
}

#endif
