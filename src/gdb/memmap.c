/*
 * qXfer:memory-map:read (gdb manual, "Memory Map Format"), generated from the flash
 * layer's banks (one region per run of equal sectors, with that sector size as the block
 * size GDB erases by) and the part's memory table (targets/) for everything else.
 *
 * GDB treats an address outside every region of a memory map as inaccessible, so the
 * holes between the part's regions (peripherals, the System Control Space, external
 * memory) are described as "ram", as OpenOCD does: GDB may then read and write them
 * plainly, and only the flash regions get vFlash*. Where a flash bank lies inside another
 * region of the table (STM32F4 OTP inside "system" memory), the bank wins and the region
 * is cut around it. A flash region of the table that no driver serves (external NOR
 * before its loader exists) is still flash, so `load` gets a clear error, not a write.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/gdb/gdb.h"

#define MEMMAP_MAX 64

struct mm_region_s {
	uint64_t start, end;
	const char *type;
	uint32_t block;		/* flash only */
};

static unsigned add(struct mm_region_s *r, unsigned n, uint64_t start, uint64_t end, const char *type, uint32_t block)
{
	if (n < MEMMAP_MAX && end > start)
		r[n++] = (struct mm_region_s){ start, end, type, block };
	return n;
}

/* Adds [start, end) minus every region already listed (the earlier ones win). */
static unsigned add_around(struct mm_region_s *r, unsigned n, uint64_t start, uint64_t end, const char *type,
			   uint32_t block)
{
	for (unsigned i = 0; i < n && start < end; i++) {
		if (r[i].end <= start || r[i].start >= end)
			continue;
		if (r[i].start > start)
			n = add_around(r, n, start, r[i].start, type, block);
		start = r[i].end;
	}
	return add(r, n, start, end, type, block);
}

static int by_start(const void *a, const void *b)
{
	const struct mm_region_s *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static unsigned collect(const struct gdb_s *g, struct mm_region_s *r)
{
	const struct target_part_s *p = g->t ? g->t->part : NULL;
	unsigned n = 0;

	for (unsigned i = 0; i < flash_bank_count(g->flash); i++) {
		const struct flash_bank_s *b = flash_bank_get(g->flash, i);
		uint64_t at = b->geom.base;

		for (unsigned k = 0; k < b->geom.n_runs; k++) {
			uint64_t len = (uint64_t)b->geom.runs[k].size * b->geom.runs[k].count;

			n = add(r, n, at, at + len, "flash", b->geom.runs[k].size);
			at += len;
		}
	}
	for (const struct target_mem_s *m = p ? p->mem : NULL; m && m->size; m++) {
		const char *type = m->kind == TARGET_MEM_FLASH ? "flash" : m->kind == TARGET_MEM_ROM ? "rom" : "ram";

		/* a table flash region that the banks replace adds nothing; one no driver serves stays */
		n = add_around(r, n, m->base, (uint64_t)m->base + m->size, type, m->block_size ? m->block_size : 1);
	}
	qsort(r, n, sizeof(*r), by_start);
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
	struct mm_region_s r[MEMMAP_MAX];
	unsigned n = collect(g, r);
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
		len = add_hole(xml, cap, len, next, r[i].start);
		len += (size_t)snprintf(xml + len, cap - len, "<memory type=\"%s\" start=\"0x%llx\" length=\"0x%llx\"",
					r[i].type, (unsigned long long)r[i].start,
					(unsigned long long)(r[i].end - r[i].start));
		if (strcmp(r[i].type, "flash") == 0)
			len += (size_t)snprintf(xml + len, cap - len,
						">\n  <property name=\"blocksize\">0x%x</property>\n</memory>\n",
						r[i].block);
		else
			len += (size_t)snprintf(xml + len, cap - len, "/>\n");
		next = r[i].end;
	}
	len = add_hole(xml, cap, len, next, 0x100000000ull);
	snprintf(xml + len, cap - len, "</memory-map>\n");
	return xml;
}
