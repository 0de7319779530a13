// SPDX-License-Identifier: GPL-2.0-or-later
/* The table of built-in loaders (see builtin.h); one row per loader. */
#include <string.h>

#include "flash/loaders/builtin.h"

#define BUILTIN(sym) extern const uint8_t loader_elf_##sym[]; extern const size_t loader_elf_##sym##_size;
BUILTIN(n6_xspi2)
BUILTIN(alif_ospi1)
BUILTIN(l5_octospi1)
#undef BUILTIN

const struct flash_builtin_loader_s flash_builtin_loaders[] = {
	{ "n6-xspi2-mx66uw1g45g", "STM32N6 XSPI2, MX66UW1G45G octal DTR", loader_elf_n6_xspi2,
	  &loader_elf_n6_xspi2_size },
	{ "alif-ospi1-is25wx256", "Alif E7 OSPI1, IS25WX256 octal DDR", loader_elf_alif_ospi1,
	  &loader_elf_alif_ospi1_size },
	{ "l5dk-octospi1-mx25lm51245g", "STM32L562E-DK OCTOSPI1, MX25LM51245G octal DTR", loader_elf_l5_octospi1,
	  &loader_elf_l5_octospi1_size },
	{ NULL, NULL, NULL, NULL },
};

const struct flash_builtin_loader_s *flash_builtin_loader_find(const char *name)
{
	for (const struct flash_builtin_loader_s *l = flash_builtin_loaders; l->name; l++)
		if (!strcmp(l->name, name))
			return l;
	return NULL;
}
