// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>

#include "targets.h"

extern const struct target_part_s target_stm32f401;
extern const struct target_part_s target_stm32l552;
extern const struct target_part_s target_stm32n657;
extern const struct target_part_s target_alif_e7;
extern const struct target_part_s target_stm32l562e_dk;

const struct target_part_s *const target_parts[] = {
	&target_stm32l552,
	&target_stm32f401,
	&target_stm32n657,
	&target_alif_e7,
	&target_stm32l562e_dk,
	NULL,
};

const struct target_part_s *target_part_identify(uint16_t cpuid_partno, target_read_u32_fn read, void *ctx,
						  uint32_t *idcode)
{
	for (unsigned i = 0; target_parts[i]; i++) {
		const struct target_part_s *p = target_parts[i];
		uint32_t v = 0;
		/* only parts with this core and a DBGMCU to ask; each keeps it at its own address */
		if (p->cpuid_partno != cpuid_partno || !p->dbgmcu_idcode_addr || read(ctx, p->dbgmcu_idcode_addr, &v))
			continue;
		if ((v & 0xFFFu) == p->dev_id) {
			*idcode = v;
			return p;
		}
	}
	return NULL;
}

const struct target_part_s *target_part_find(const char *name)
{
	for (unsigned i = 0; target_parts[i]; i++)
		if (!strcmp(target_parts[i]->name, name))
			return target_parts[i];
	return NULL;
}

const struct target_mem_s *target_mem_at(const struct target_part_s *p, uint32_t addr)
{
	for (const struct target_mem_s *m = p ? p->mem : NULL; m && m->size; m++)
		if (addr - m->base < m->size)
			return m;
	return NULL;
}

bool target_mem_covers(const struct target_part_s *p, uint32_t addr, uint32_t len, uint32_t *gap)
{
	uint64_t a = addr, end = (uint64_t)addr + len;

	while (a < end) {
		const struct target_mem_s *m = a > 0xFFFFFFFFu ? NULL : target_mem_at(p, (uint32_t)a);
		if (!m) {
			*gap = (uint32_t)a;	/* past 4 GB: the address wrapped to 0 */
			return false;
		}
		a = (uint64_t)m->base + m->size;
	}
	return true;
}

size_t target_mem_describe(const struct target_part_s *p, char *buf, size_t size)
{
	size_t n = 0;

	if (size)
		buf[0] = '\0';
	for (const struct target_mem_s *m = p ? p->mem : NULL; m && m->size && n < size; m++) {
		int w = snprintf(buf + n, size - n, "%s%s 0x%08x-0x%08llx", n ? ", " : "", m->name, m->base,
				 (unsigned long long)m->base + m->size - 1);
		if (w < 0)
			break;
		n += (size_t)w;
	}
	return n < size ? n : size ? size - 1 : 0;
}
