// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Memory: m (read, hex), M (write, hex), X (write, binary: the RSP layer has already
 * undone the escapes, so the data is the rest of the packet, length given).
 *
 * Writes into a flash or ROM region of the part are refused with the address: flash is
 * programmed through vFlash* (GDB's `load`, which the memory map steers there) or the
 * `monitor flash` commands, never by plain bus writes that the flash would ignore.
 * `m` errors are "E01" (GDB 13 reads an `m` reply as hex unless it is exactly Enn); the
 * reason with its address goes to the log.
 *
 * Lengths are checked against the data actually sent before anything is allocated or
 * written: a length is a 32-bit number from the client, and 2 * len wraps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/gdb/gdb.h"
#include "src/log/log.h"
#include "src/rsp/hex.h"

/* The most `m` can return in one reply: two hex digits per byte. */
#define GDB_MEM_READ_MAX (RSP_PACKET_SIZE / 2)

int gdb_read_mem(struct gdb_s *g, const char *pkt, size_t len)
{
	static uint8_t buf[GDB_MEM_READ_MAX];
	uint32_t addr, n;
	const char *rest;

	if (!gdb_parse_addr_len(pkt + 1, pkt + len, &addr, &n, &rest) || rest != pkt + len)
		return gdb_error(g, "m: malformed packet");
	/*
	 * Zero bytes encode as an empty reply, which GDB and other clients read as "m is not
	 * supported". GDB itself never asks for 0 bytes (its memory layer stops first), so
	 * such a request is a probe or a broken client: an error says "supported, but no".
	 */
	if (n == 0)
		return gdb_error_nn(g, 1, "m: a read of 0 bytes at 0x%08x (nothing to read)", addr);
	if (n > GDB_MEM_READ_MAX)
		n = GDB_MEM_READ_MAX;	/* GDB asks again for the rest */
	if (cortexm_read_mem(g->t, addr, buf, n))
		return gdb_error_nn(g, 1, "cannot read %u bytes at 0x%08x: %s", n, addr, cortexm_error(g->t));
	gdb_reply_hex(g, buf, n);
	return 0;
}

bool gdb_mem_write_refused(const struct gdb_s *g, uint32_t addr, uint32_t n, char *why, size_t cap)
{
	const struct target_part_s *p = g->t->part;

	if (!p || n == 0)
		return false;
	for (const struct target_mem_s *m = p->mem; m->size; m++) {
		uint64_t end = (uint64_t)m->base + m->size;

		if (m->kind == TARGET_MEM_RAM || addr >= end || (uint64_t)addr + n <= m->base)
			continue;
		if (m->kind == TARGET_MEM_FLASH)
			snprintf(why, cap, "cannot write 0x%08x: it is in flash '%s' (0x%08x-0x%08llx), which bus "
				 "writes do not program; use GDB's load or the monitor flash commands",
				 addr < m->base ? m->base : addr, m->name, m->base, (unsigned long long)(end - 1));
		else
			snprintf(why, cap, "cannot write 0x%08x: it is in read-only memory '%s' (0x%08x-0x%08llx)",
				 addr < m->base ? m->base : addr, m->name, m->base, (unsigned long long)(end - 1));
		return true;
	}
	return false;
}

int gdb_bus_read(struct gdb_s *g, const char *who, uint32_t addr, void *buf, size_t len)
{
	if (cortexm_read_mem(g->t, addr, buf, len) == 0)
		return 0;
	log_debug("%s: %s", who, cortexm_error(g->t));
	return -1;
}

int gdb_bus_write(struct gdb_s *g, const char *who, uint32_t addr, const void *buf, size_t len)
{
	char why[160];

	if (gdb_mem_write_refused(g, addr, (uint32_t)len, why, sizeof(why))) {
		log_debug("%s: %s", who, why);
		return -1;
	}
	if (cortexm_write_mem(g->t, addr, buf, len) == 0)
		return 0;
	log_debug("%s: %s", who, cortexm_error(g->t));
	return -1;
}

static int write_mem(struct gdb_s *g, uint32_t addr, const uint8_t *data, uint32_t n)
{
	char why[sizeof(g->last_error)];

	if (gdb_mem_write_refused(g, addr, n, why, sizeof(why)))
		return gdb_error(g, "%s", why);
	if (n && cortexm_write_mem(g->t, addr, data, n))
		return gdb_error(g, "cannot write %u bytes at 0x%08x: %s", n, addr, cortexm_error(g->t));
	gdb_reply_ok(g);
	return 0;
}

/* "Maddr,len:hex" */
int gdb_write_mem_hex(struct gdb_s *g, const char *pkt, size_t len)
{
	uint32_t addr, n;
	const char *p, *end = pkt + len;
	uint8_t *buf;
	int rc;

	if (!gdb_parse_addr_len(pkt + 1, end, &addr, &n, &p) || p >= end || *p != ':')
		return gdb_error(g, "M: malformed packet");
	p++;
	/* in 64 bits: 2 * n in 32 would wrap for n >= 0x80000000 and match a short payload */
	if ((uint64_t)(end - p) != 2ull * n)
		return gdb_error(g, "M: %u bytes announced at 0x%08x, %zu hex digits sent (%llu expected)", n, addr,
				 (size_t)(end - p), 2ull * n);
	buf = malloc(n ? n : 1);	/* n <= packet size / 2 here */
	if (!buf)
		return gdb_error(g, "M: out of memory");
	if (!rsp_hex_decode(p, (size_t)(end - p), buf))
		rc = gdb_error(g, "M: the data for 0x%08x is not hex", addr);
	else
		rc = write_mem(g, addr, buf, n);
	free(buf);
	return rc;
}

/* "Xaddr,len:binary" (also "X addr,0:" with no data: GDB probing for X support). */
int gdb_write_mem_bin(struct gdb_s *g, const char *pkt, size_t len)
{
	uint32_t addr, n;
	const char *p, *end = pkt + len;

	if (!gdb_parse_addr_len(pkt + 1, end, &addr, &n, &p) || p >= end || *p != ':')
		return gdb_error(g, "X: malformed packet");
	p++;
	if ((uint64_t)(end - p) != n)
		return gdb_error(g, "X: %u bytes announced at 0x%08x, %zu received", n, addr, (size_t)(end - p));
	return write_mem(g, addr, (const uint8_t *)p, n);
}
