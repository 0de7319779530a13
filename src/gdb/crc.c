// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * qCRC:addr,length → "C<crc32>" (gdb manual, "General Query Packets"), as `compare-sections`
 * uses it: GDB's CRC-32 (reference/hardware.md §7), computed on the target by the RAM
 * routine of flash/loaders/crc32.c so only a few words cross the wire whatever the size.
 *
 * A range outside the part's memory (targets/: flash, RAM, ROM) is refused before anything
 * is read: there is nothing there to check, a read could have side effects (peripherals),
 * and the routine would only fault on it.
 *
 * The routine goes into the top of the part's work RAM (the bottom when the range to check
 * covers the top): code, a BKPT to return to, and a
 * small stack. What was there is read first and written back afterwards (the user's
 * program may live there), and cortexm_run_routine restores the registers. The host
 * computes the CRC from a read-back instead when the part has no work RAM, the range to
 * check covers both of those places, the routine fails, or the host path is forced
 * (g->crc_no_target). The log says which was used. A routine that faults is caught at once
 * and leaves no trace in the fault registers (cortexm_run_routine).
 */
#include <stdlib.h>
#include <string.h>

#include "flash/loaders/crc32.h"
#include "src/gdb/gdb.h"
#include "src/log/log.h"

#define CRC_STACK_BYTES 256u
#define CRC_CHUNK_BYTES (64u * 1024u)	/* per routine run: bounds each run's time */
#define CRC_CHUNK_TIMEOUT_MS 5000u
#define CRC_READ_CHUNK 4096u
#define BKPT_INSN 0xBE00u

struct crc_scratch_s {
	uint32_t base, code, bkpt, stack_top, size;
	uint8_t *saved;
};

static bool overlaps(const struct crc_scratch_s *s, uint32_t addr, uint32_t len)
{
	return (uint64_t)addr < (uint64_t)s->base + s->size && (uint64_t)addr + len > s->base;
}

/*
 * Where the routine goes: the top of the work RAM, or its bottom when the range to check
 * covers the top. False when neither is free of the range (or there is no work RAM).
 */
static bool scratch_plan(const struct cortexm_s *t, uint32_t addr, uint32_t len, struct crc_scratch_s *s)
{
	const struct target_part_s *p = t->part;
	uint32_t code = ((uint32_t)loader_crc32_size + 3u) & ~3u;

	memset(s, 0, sizeof(*s));
	s->size = code + 4u + CRC_STACK_BYTES;
	if (!p || p->work_ram_size < 2u * s->size)
		return false;
	s->base = (p->work_ram_base + p->work_ram_size - s->size) & ~7u;
	if (overlaps(s, addr, len))
		s->base = (p->work_ram_base + 7u) & ~7u;
	if (overlaps(s, addr, len))
		return false;
	s->code = s->base;
	s->bkpt = s->base + code;
	s->stack_top = (s->base + s->size) & ~7u;
	return true;
}

static int scratch_load(struct cortexm_s *t, struct crc_scratch_s *s)
{
	uint8_t bkpt[4] = { BKPT_INSN & 0xFF, BKPT_INSN >> 8, BKPT_INSN & 0xFF, BKPT_INSN >> 8 };

	s->saved = malloc(s->size);
	if (!s->saved || cortexm_read_mem(t, s->base, s->saved, s->size))
		return -1;
	if (cortexm_write_mem(t, s->code, loader_crc32, loader_crc32_size) ||
	    cortexm_write_mem(t, s->bkpt, bkpt, sizeof(bkpt)))
		return -1;
	return 0;
}

static int crc_on_target(struct cortexm_s *t, struct crc_scratch_s *s, uint32_t addr, uint32_t len, uint32_t *crc)
{
	while (len) {
		uint32_t n = len < CRC_CHUNK_BYTES ? len : CRC_CHUNK_BYTES;
		uint32_t args[4] = { addr, n, *crc, 0 };

		if (cortexm_run_routine(t, s->code, s->stack_top, s->bkpt, args, 3, CRC_CHUNK_TIMEOUT_MS, crc))
			return -1;
		addr += n;
		len -= n;
	}
	return 0;
}

static int crc_on_host(struct cortexm_s *t, uint32_t addr, uint32_t len, uint32_t *crc)
{
	uint8_t buf[CRC_READ_CHUNK];

	while (len) {
		uint32_t n = len < sizeof(buf) ? len : (uint32_t)sizeof(buf);

		if (cortexm_read_mem(t, addr, buf, n))
			return -1;
		*crc = flash_crc32(*crc, buf, n);
		addr += n;
		len -= n;
	}
	return 0;
}

/* Target first, host as the fallback; g->crc_where says which one gave the result. */
int gdb_crc_compute(struct gdb_s *g, uint32_t addr, uint32_t len, uint32_t *crc)
{
	struct crc_scratch_s s;
	const char *why = NULL;
	int rc = -1;

	*crc = 0xFFFFFFFFu;
	if (!g->crc_no_target && g->flash) {
		struct error_s err;

		/* the flash layer's routine: table or CRC-unit speed, at a raised clock */
		error_clear(&err);
		if (flash_crc(g->flash, addr, len, crc, &err) == 0) {
			g->crc_where = GDB_CRC_TARGET;
			return 0;
		}
		log_debug("qCRC: the flash routine cannot do it (%s); trying the small routine", err.msg);
		*crc = 0xFFFFFFFFu;
	}
	if (g->crc_no_target)
		why = "the host path is forced";
	else if (!g->t->part || !g->t->part->work_ram_size)
		why = "no work RAM is known for this part";
	else if (!scratch_plan(g->t, addr, len, &s))
		why = "the range covers both ends of the work RAM, where the routine would go";
	if (!why) {
		if (scratch_load(g->t, &s) == 0)
			rc = crc_on_target(g->t, &s, addr, len, crc);
		if (s.saved && cortexm_write_mem(g->t, s.base, s.saved, s.size))
			log_error("qCRC: cannot restore the RAM under the routine at 0x%08x: %s", s.base,
				  cortexm_error(g->t));
		free(s.saved);
		if (rc == 0) {
			g->crc_where = GDB_CRC_TARGET;
			return 0;
		}
		log_warn("qCRC: the RAM routine failed (%s); reading the memory back instead", cortexm_error(g->t));
		*crc = 0xFFFFFFFFu;
	} else {
		log_info("qCRC: computing on the host from a read-back: %s", why);
	}
	g->crc_where = GDB_CRC_HOST;
	return crc_on_host(g->t, addr, len, crc);
}

/* "qCRC:addr,length" */
int gdb_q_crc(struct gdb_s *g, const char *pkt, size_t len)
{
	uint32_t addr, n, crc, gap;
	const char *rest;

	if (!gdb_parse_addr_len(pkt + 5, pkt + len, &addr, &n, &rest) || rest != pkt + len)
		return gdb_error(g, "qCRC: malformed packet");
	if (!g->t->halted)
		return gdb_error(g, "qCRC 0x%08x+0x%x: the core is running; halt it first", addr, n);
	if (g->t->part && !target_mem_covers(g->t->part, addr, n, &gap)) {
		char where[256];

		target_mem_describe(g->t->part, where, sizeof(where));
		return gdb_error(g, "qCRC 0x%08x+0x%x: 0x%08x is outside the memory of %s (%s); nothing was read",
				 addr, n, gap, g->t->part->name, where);
	}
	if (gdb_crc_compute(g, addr, n, &crc))
		return gdb_error(g, "qCRC 0x%08x+0x%x: cannot read the memory: %s", addr, n, cortexm_error(g->t));
	log_info("qCRC 0x%08x+0x%x = 0x%08x (computed %s)", addr, n, crc,
		 g->crc_where == GDB_CRC_TARGET ? "on the target by the RAM routine" : "on the host from a read-back");
	gdb_reply_printf(g, "C%08x", crc);
	return 0;
}
