// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * qCRC:addr,length → "C<crc32>" (gdb manual, "General Query Packets"), as `compare-sections`
 * uses it: GDB's CRC-32 (reference/hardware.md §7), computed on the target by the flash
 * layer's routine (flash_crc: the CRC unit and a faster clock where the part has them) so
 * only a few words cross the wire whatever the size.
 *
 * A range outside the part's memory (targets/: flash, RAM, ROM) is refused before anything
 * is read: there is nothing there to check, a read could have side effects (peripherals),
 * and the routine would only fault on it.
 *
 * The routine takes the bottom of the part's work RAM, or its top when the range covers
 * the bottom; what was there is saved and put back. The host computes the CRC from a
 * read-back instead when there is no work RAM, the range covers both ends of it, the
 * routine fails, or the host path is forced (g->crc_no_target). The log says which. A
 * routine that faults is caught at once and leaves no trace in the fault registers.
 */
#include <stdlib.h>
#include <string.h>

#include "src/gdb/gdb.h"
#include "src/log/log.h"

#define CRC_READ_CHUNK 4096u

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
/* Target first (the flash layer's routine), host as the fallback; g->crc_where says which. */
int gdb_crc_compute(struct gdb_s *g, uint32_t addr, uint32_t len, uint32_t *crc)
{
	struct error_s err;

	*crc = 0xFFFFFFFFu;
	error_clear(&err);
	if (g->crc_no_target)
		error_set(&err, FLASH_ERR_STATE, "the host path is forced");
	else if (!g->flash)
		error_set(&err, FLASH_ERR_RESOURCE, "no work RAM is known for this target");
	else if (flash_crc(g->flash, addr, len, crc, &err) == 0) {
		g->crc_where = GDB_CRC_TARGET;
		return 0;
	}
	log_info("qCRC: computing on the host from a read-back: %s", err.msg);
	*crc = 0xFFFFFFFFu;
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
