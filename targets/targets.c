// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "targets.h"

extern const struct target_part_s target_stm32f401;
extern const struct target_part_s target_stm32l552;
extern const struct target_part_s target_stm32n657;
extern const struct target_part_s target_alif_e7;

const struct target_part_s *const target_parts[] = {
	&target_stm32l552,
	&target_stm32f401,
	&target_stm32n657,
	&target_alif_e7,
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
