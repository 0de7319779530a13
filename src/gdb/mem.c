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
 */
#include <stdlib.h>
#include <string.h>

#include "src/gdb/gdb.h"
#include "src/gdb/log.h"
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
	if (n > GDB_MEM_READ_MAX)
		n = GDB_MEM_READ_MAX;	/* GDB asks again for the rest */
	if (cortexm_read_mem(g->t, addr, buf, n))
		return gdb_error_nn(g, 1, "cannot read %u bytes at 0x%08x: %s", n, addr, cortexm_error(g->t));
	gdb_reply_hex(g, buf, n);
	return 0;
}

/* Refuses plain writes into flash or ROM; 0 if the range may be written. */
static int check_writable(struct gdb_s *g, uint32_t addr, uint32_t n)
{
	const struct target_part_s *p = g->t->part;

	if (!p || n == 0)
		return 0;
	for (const struct target_mem_s *m = p->mem; m->size; m++) {
		uint64_t end = (uint64_t)m->base + m->size;

		if (m->kind == TARGET_MEM_RAM || addr >= end || (uint64_t)addr + n <= m->base)
			continue;
		return gdb_error(g, "cannot write 0x%08x: it is in %s %s (0x%08x-0x%08llx); use load or monitor flash",
				 addr < m->base ? m->base : addr, m->kind == TARGET_MEM_FLASH ? "flash" : "read-only",
				 m->name, m->base, (unsigned long long)(end - 1));
	}
	return 0;
}

static int write_mem(struct gdb_s *g, uint32_t addr, const uint8_t *data, uint32_t n)
{
	if (check_writable(g, addr, n))
		return -1;
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
	if ((size_t)(end - p) != 2u * n)
		return gdb_error(g, "M: %u bytes announced, %zu hex digits sent", n, (size_t)(end - p));
	buf = malloc(n ? n : 1);
	if (!buf)
		return gdb_error(g, "M: out of memory");
	if (!rsp_hex_decode(p, 2u * n, buf))
		rc = gdb_error(g, "M: bad hex data");
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
	if ((size_t)(end - p) != n)
		return gdb_error(g, "X: %u bytes announced, %zu received", n, (size_t)(end - p));
	return write_mem(g, addr, (const uint8_t *)p, n);
}
