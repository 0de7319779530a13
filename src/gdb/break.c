// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Z/z packets: breakpoints and watchpoints ("Zt,addr,kind").
 *  Z0 software breakpoint: GDB leaves the choice to the server. Where the address is RAM
 *     (part memory table) a BKPT is written; where it is flash or ROM (a BKPT cannot be
 *     written there) an FPB comparator is used. An address the part table does not know
 *     gets the FPB if it reaches there (FPB v1: code region only), else a BKPT.
 *  Z1 hardware breakpoint: always the FPB.
 *  Z2/Z3/Z4 write/read/access watchpoints: DWT comparators (len a power of two).
 * kind for Z0/Z1 is GDB's ARM breakpoint kind: 2 (16-bit Thumb), 3 (32-bit Thumb-2, so
 * 4 bytes) or 4.
 */
#include "src/gdb/gdb.h"

#include <string.h>

#include "src/log/log.h"

bool gdb_break_use_hw(const struct cortexm_s *t, uint32_t addr)
{
	const struct target_mem_s *m = t->part ? target_mem_at(t->part, addr) : NULL;

	if (m)
		return m->kind != TARGET_MEM_RAM;
	return cortexm_hw_breakpoint_reaches(t, addr);
}

/* "Zt,addr,kind[;cond...]" (conditions are not offered in qSupported, so not sent). */
bool gdb_parse_point(const char *pkt, size_t len, struct gdb_point_s *pt)
{
	const char *end = pkt + len, *p;

	if (len < 6 || pkt[1] < '0' || pkt[1] > '4' || pkt[2] != ',')
		return false;
	pt->type = (unsigned)(pkt[1] - '0');
	if (!gdb_parse_addr_len(pkt + 3, end, &pt->addr, &pt->kind, &p))
		return false;
	return p == end || *p == ';';
}

static unsigned bp_len(uint32_t kind)
{
	return kind == 2 ? 2u : 4u;
}

static const enum cortexm_watch_e watch_kinds[] = {
	[2] = CORTEXM_WATCH_WRITE, [3] = CORTEXM_WATCH_READ, [4] = CORTEXM_WATCH_ACCESS,
};

static const char *const point_names[] = {
	"software breakpoint", "hardware breakpoint", "write watchpoint", "read watchpoint",
	"access watchpoint",
};

static int insert_break(struct gdb_s *g, const struct gdb_point_s *pt)
{
	bool hw = pt->type == 1 || gdb_break_use_hw(g->t, pt->addr);

	if (pt->kind != 2 && pt->kind != 3 && pt->kind != 4)
		return gdb_error(g, "breakpoint at 0x%08x: unknown kind %u (2, 3 or 4 expected)", pt->addr, pt->kind);
	if (hw && !cortexm_hw_breakpoint_reaches(g->t, pt->addr))
		return gdb_error(g, "hardware breakpoint at 0x%08x: the FPB of this core cannot match there", pt->addr);
	if (cortexm_add_breakpoint(g->t, pt->addr, bp_len(pt->kind), hw))
		return gdb_error(g, "cannot set %s breakpoint at 0x%08x: %s", hw ? "a hardware" : "a software",
				 pt->addr, cortexm_error(g->t));
	log_debug("%s breakpoint at 0x%08x", hw ? "hardware" : "software", pt->addr);
	return 0;
}

static int remove_break(struct gdb_s *g, const struct gdb_point_s *pt)
{
	const struct cortexm_bp_s *b = cortexm_breakpoint_at(g->t, pt->addr);

	if (b) {
		if (cortexm_remove_breakpoint(g->t, pt->addr, b->len, b->hw))
			return gdb_error(g, "cannot remove the breakpoint at 0x%08x: %s", pt->addr, cortexm_error(g->t));
		return 0;
	}
	/* Already gone (e.g. cleared by a reset): removing is idempotent for GDB. */
	log_debug("no breakpoint at 0x%08x to remove", pt->addr);
	return 0;
}

static int point(struct gdb_s *g, const char *pkt, size_t len, bool insert)
{
	struct gdb_point_s pt;
	int rc;

	if (!gdb_parse_point(pkt, len, &pt))
		return gdb_error(g, "%c: malformed packet", pkt[0]);
	if (pt.type <= 1) {
		rc = insert ? insert_break(g, &pt) : remove_break(g, &pt);
	} else if (insert) {
		rc = cortexm_add_watchpoint(g->t, pt.addr, pt.kind, watch_kinds[pt.type]);
		if (rc)
			return gdb_error(g, "cannot set a %s on %u bytes at 0x%08x: %s", point_names[pt.type], pt.kind,
					 pt.addr, cortexm_error(g->t));
	} else {
		rc = cortexm_remove_watchpoint(g->t, pt.addr, pt.kind, watch_kinds[pt.type]);
		if (rc)
			return gdb_error(g, "cannot remove the %s at 0x%08x: %s", point_names[pt.type], pt.addr,
					 cortexm_error(g->t));
	}
	if (rc == 0)
		gdb_reply_ok(g);
	return rc;
}

int gdb_insert_point(struct gdb_s *g, const char *pkt, size_t len)
{
	return point(g, pkt, len, true);
}

int gdb_remove_point(struct gdb_s *g, const char *pkt, size_t len)
{
	return point(g, pkt, len, false);
}
