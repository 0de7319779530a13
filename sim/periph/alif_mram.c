// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Alif Ensemble MRAM. Sources: Alif's MRAM application note (Zephyr SDK, appnote-zas-mram):
 * the 128-bit (16-byte) word is the smallest unit written; a built-in state machine erases
 * and programs each 16-byte word, with no software erase and no driver; a write buffer and
 * a read cache sit in front of it; 16 ECC bits per 128-bit word. Alif's drivers
 * (alif_ensemble-cmsis-dfp Driver_Flash_MRAM.c, the Zephyr mram_rw.c) write whole 16-byte
 * words with four word stores and read-modify-write a partial word in software.
 *
 * Modeled:
 * - word stores collect in a one-unit write buffer, in address order (offsets 0, 4, 8, 12
 *   of an aligned 16-byte unit); the fourth completes the unit, which then replaces the
 *   16 bytes (no erase: a unit is overwritten whatever it held) and takes t_write_ns.
 *   Reads of a unit being collected return the words already stored (forwarded from the
 *   write buffer ?): each word goes to the array at once, and the unit's old 16 bytes are
 *   put back if it is never completed;
 * - a CPU store that completes a unit while the previous unit is still being written
 *   stalls until that write ends (the write buffer is full), so streaming writes cost
 *   t_write_ns per unit in modeled time; debugger (AP) writes are not stalled (?);
 * - refused with a bus error and a log line naming the address: byte and halfword stores,
 *   a word store that is not the next word of the unit being collected (unaligned start,
 *   out of order, another unit before the first is complete). The partial unit is dropped
 *   and the array keeps its old 16 bytes. What silicon does with a narrower or partial
 *   write is not documented in the sources above (?): the ECC covers the whole 128-bit
 *   word, so it cannot merge a narrower store by itself; refusing it visibly means that
 *   nothing is lost without a trace.
 * - the write time: 16 us per 16-byte unit (?) (not found in public sources; a board
 *   constant).
 */
#include <stdlib.h>
#include <string.h>

#include "../sim_internal.h"
#include "alif_mram.h"

/* A unit that will not be completed: the array keeps its old 16 bytes. */
static void mram_drop_unit(struct sim *s, struct alif_mram_s *m)
{
	struct sim_mem_s *mem = sim_bus_mem_at(s, m->unit_addr);

	if (m->unit_words && mem)
		memcpy(mem->data + (m->unit_addr - mem->region->base), m->old, ALIF_MRAM_UNIT);
	m->unit_words = 0;
}

static int mram_refuse(struct sim *s, struct alif_mram_s *m, uint32_t addr, unsigned size, const char *why)
{
	sim_log(s, "mram: %u-byte store at 0x%08x refused: %s (MRAM takes whole 16-byte words, four word "
		   "stores in order)", size, addr, why);
	mram_drop_unit(s, m);
	m->refused++;
	return SIM_BUS_ERROR;
}

static void mram_commit(struct sim *s, struct alif_mram_s *m, enum sim_bus_master_e who)
{
	uint64_t now = sim_now_ns(s);

	if (who == SIM_MASTER_CPU && m->busy_until > now) {
		sim_advance_ns(s, m->busy_until - now);	/* write buffer full: the store waits */
		now = sim_now_ns(s);
	}
	m->busy_until = sim_flash_busy(s, m->cfg->t_write_ns) + (m->busy_until > now ? m->busy_until - now : 0);
	m->unit_words = 0;
}

static int mram_write(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t addr, unsigned size,
		      uint32_t val)
{
	struct alif_mram_s *m = ctx;
	struct sim_mem_s *mem = sim_bus_mem_at(s, addr);
	uint32_t word = (addr & (ALIF_MRAM_UNIT - 1u)) / 4u;

	if (size != 4)
		return mram_refuse(s, m, addr, size, "narrower than a word");
	if (addr & 3u)
		return mram_refuse(s, m, addr, size, "not word aligned");
	if (m->unit_words ? addr != m->unit_addr + 4u * m->unit_words : word != 0)
		return mram_refuse(s, m, addr, size, m->unit_words ? "not the next word of the 16-byte unit in progress"
							    : "not at the start of a 16-byte unit");
	if (!m->unit_words) {
		m->unit_addr = addr;
		memcpy(m->old, mem->data + (addr - mem->region->base), ALIF_MRAM_UNIT);
	}
	sim_le_put(mem->data + (addr - mem->region->base), 4, val);
	if (++m->unit_words == ALIF_MRAM_UNIT / 4u)
		mram_commit(s, m, who);
	return SIM_BUS_OK;
}

static int mram_create(struct sim *s, const void *config, void **ctx, char *err, size_t errlen)
{
	const struct alif_mram_config_s *cfg = config;
	struct alif_mram_s *m = calloc(1, sizeof(*m));

	*ctx = NULL;
	if (!m || !sim_bus_mem_at(s, cfg->base) || sim_bus_set_writer(s, cfg->base, mram_write, m)) {
		snprintf(err, errlen, "mram: no MRAM region at 0x%08x", cfg->base);
		free(m);
		return -1;
	}
	m->cfg = cfg;
	*ctx = m;
	return 0;
}

static void mram_destroy(struct sim *s, void *ctx)
{
	free(ctx);
}

/* A reset drops a unit still being collected (the write buffer holds no complete word). */
static void mram_system_reset(struct sim *s, void *ctx)
{
	mram_drop_unit(s, ctx);
}

static void mram_describe(struct sim *s, void *ctx, char *buf, size_t len)
{
	struct alif_mram_s *m = ctx;
	snprintf(buf, len, "mram: %u word(s) of a unit pending, %u store(s) refused", m->unit_words, m->refused);
}

const struct sim_model_s alif_mram_model = {
	.name = "mram",
	.create = mram_create,
	.destroy = mram_destroy,
	.system_reset = mram_system_reset,
	.describe = mram_describe,
};
