// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * qXfer:memory-map:read (gdb manual, "Memory Map Format"), generated from the part's
 * memory table (targets/) and the live flash geometry.
 *
 * GDB treats an address outside every region of a memory map as inaccessible, so the
 * holes between the part's regions (peripherals, the System Control Space, external
 * memory) are described as "ram", as OpenOCD does: GDB may then read and write them
 * plainly, and only the flash regions get vFlash*. Flash regions carry the erase block
 * size from gdb_memmap_block_size(): the flash backend's live_block_size hook when it
 * gives one (STM32L5 DBANK: 2 KB or 4 KB pages, known only from the option bytes), else
 * the part table's value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/gdb/gdb.h"

uint32_t gdb_memmap_block_size(const struct gdb_s *g, const struct target_mem_s *m)
{
	return gdb_flash_block_size(&g->flash, m);
}

static const char *mem_type(enum target_mem_kind_e kind)
{
	switch (kind) {
	case TARGET_MEM_FLASH:
		return "flash";
	case TARGET_MEM_ROM:
		return "rom";
	default:
		return "ram";
	}
}

/* Regions sorted by base (a part has a handful: a selection sort is plenty). */
static unsigned sorted_regions(const struct target_part_s *p, const struct target_mem_s **out, unsigned max)
{
	unsigned n = 0;

	for (const struct target_mem_s *m = p ? p->mem : NULL; m && m->size && n < max; m++)
		out[n++] = m;
	for (unsigned i = 0; i < n; i++) {
		for (unsigned j = i + 1; j < n; j++) {
			if (out[j]->base < out[i]->base) {
				const struct target_mem_s *tmp = out[i];

				out[i] = out[j];
				out[j] = tmp;
			}
		}
	}
	return n;
}

static size_t add_hole(char *xml, size_t cap, size_t len, uint64_t from, uint64_t to)
{
	if (to <= from)
		return len;
	return len + (size_t)snprintf(xml + len, cap - len,
				      "<memory type=\"ram\" start=\"0x%llx\" length=\"0x%llx\"/>\n",
				      (unsigned long long)from, (unsigned long long)(to - from));
}

char *gdb_memmap_xml(const struct gdb_s *g)
{
	const struct target_mem_s *r[32];
	unsigned n = sorted_regions(g->t ? g->t->part : NULL, r, 32);
	size_t cap = 512 + 256 * (2 * n + 1), len = 0;
	char *xml = malloc(cap);
	uint64_t next = 0;

	if (!xml)
		return NULL;
	len += (size_t)snprintf(xml + len, cap - len,
				"<?xml version=\"1.0\"?>\n"
				"<!DOCTYPE memory-map PUBLIC \"+//IDN gnu.org//DTD GDB Memory Map V1.0//EN\" "
				"\"http://sourceware.org/gdb/gdb-memory-map.dtd\">\n<memory-map>\n");
	for (unsigned i = 0; i < n; i++) {
		if (r[i]->base < next)
			continue;	/* overlapping entries: the first one wins */
		len = add_hole(xml, cap, len, next, r[i]->base);
		len += (size_t)snprintf(xml + len, cap - len, "<memory type=\"%s\" start=\"0x%x\" length=\"0x%x\"",
					mem_type(r[i]->kind), r[i]->base, r[i]->size);
		if (r[i]->kind == TARGET_MEM_FLASH)
			len += (size_t)snprintf(xml + len, cap - len,
						">\n  <property name=\"blocksize\">0x%x</property>\n</memory>\n",
						gdb_memmap_block_size(g, r[i]));
		else
			len += (size_t)snprintf(xml + len, cap - len, "/>\n");
		next = (uint64_t)r[i]->base + r[i]->size;
	}
	len = add_hole(xml, cap, len, next, 0x100000000ull);
	snprintf(xml + len, cap - len, "</memory-map>\n");
	return xml;
}
