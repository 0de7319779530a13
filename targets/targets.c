// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "targets.h"

extern const struct target_part_s target_stm32f401;
extern const struct target_part_s target_stm32l552;

const struct target_part_s *const target_parts[] = {
	&target_stm32l552,
	&target_stm32f401,
	NULL,
};

const struct target_part_s *target_part_identify(uint16_t cpuid_partno, uint32_t dbgmcu_idcode)
{
	for (unsigned i = 0; target_parts[i]; i++) {
		const struct target_part_s *p = target_parts[i];
		if (p->cpuid_partno == cpuid_partno && p->dev_id == (dbgmcu_idcode & 0xFFFu))
			return p;
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
