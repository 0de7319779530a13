// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Monitor commands for flash: verify (levels kept for the flash layer), flash info, flash
 * erase, flash mass-erase. The work goes to the flash backend (flash.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/gdb/monitor.h"

static const char *const l2_names[] = { "off", "crc", "readback" };

static int cmd_verify(struct gdb_s *g, int argc, char **argv)
{
	struct gdb_verify_s v = g->flash.verify;

	for (int i = 0; i < argc; i += 2) {
		if (i + 1 >= argc)
			return mon_error(g, "verify: '%s' needs a value", argv[i]);
		if (strcmp(argv[i], "l1") == 0 && (strcmp(argv[i + 1], "on") == 0 || strcmp(argv[i + 1], "off") == 0)) {
			v.l1 = strcmp(argv[i + 1], "on") == 0;
		} else if (strcmp(argv[i], "l2") == 0) {
			unsigned k;

			for (k = 0; k < 3 && strcmp(argv[i + 1], l2_names[k]) != 0; k++)
				;
			if (k == 3)
				return mon_error(g, "verify: l2 takes off, crc or readback, not '%s'", argv[i + 1]);
			v.l2 = (enum gdb_verify_l2_e)k;
		} else {
			return mon_error(g, "verify: expected 'l1 on|off' or 'l2 off|crc|readback', got '%s %s'", argv[i],
					 argv[i + 1]);
		}
	}
	g->flash.verify = v;
	gdb_console_printf(g, "verify: l1 %s, l2 %s\n", v.l1 ? "on" : "off", l2_names[v.l2]);
	return 0;
}

static int cmd_flash_info(struct gdb_s *g, int argc, char **argv)
{
	const struct gdb_flash_s *f = &g->flash;
	char info[256];

	gdb_console_printf(g, "part %s, flash backend '%s'\n", f->part ? f->part->name : "unknown", f->backend.name);
	for (unsigned i = 0; i < f->n_banks; i++) {
		const struct target_mem_s *m = f->banks[i].mem;

		info[0] = '\0';
		if (f->backend.info)
			f->backend.info(f->backend.ctx, m, info, sizeof(info));
		gdb_console_printf(g, "  bank %u '%s': 0x%08x-0x%08x, %u KiB, erase blocks of %u bytes%s%s\n", i, m->name,
			   m->base, m->base + m->size - 1, m->size / 1024, gdb_flash_block_size(f, m),
			   info[0] ? "; " : "", info);
	}
	if (!f->n_banks)
		gdb_console_printf(g, "  no flash banks known for this target\n");
	gdb_console_printf(g, "  verify: l1 %s, l2 %s; downloads %llu, erased %llu bytes, programmed %llu bytes\n",
		   f->verify.l1 ? "on" : "off", l2_names[f->verify.l2], (unsigned long long)f->stats.downloads,
		   (unsigned long long)f->stats.erased_bytes, (unsigned long long)f->stats.programmed_bytes);
	/* GDB 13 shows only "Error finishing flash operation" for a vFlash E.text reply: the cause is here */
	if (f->err.msg[0])
		gdb_console_printf(g, "  last flash error: %s\n", f->err.msg);
	return 0;
}

static int cmd_flash_erase(struct gdb_s *g, int argc, char **argv)
{
	uint32_t addr, len;

	if (argc != 2)
		return mon_error(g, "usage: flash erase ADDR LEN");
	if (mon_parse_u32(g, argv[0], "flash erase", &addr) || mon_parse_u32(g, argv[1], "flash erase", &len))
		return -1;
	if (len == 0)
		return mon_error(g, "flash erase: LEN 0 at 0x%08x erases nothing", addr);
	if (!gdb_range_fits(addr, len))
		return mon_error(g, "flash erase: %u bytes at 0x%08x run past the end of the 4 GiB address space", len,
				 addr);
	if (gdb_flash_erase_now(&g->flash, addr, len))
		return mon_error(g, "%s", g->flash.err.msg);
	gdb_console_printf(g, "erased 0x%08x-0x%08x\n", addr, addr + len - 1);
	return 0;
}

static int cmd_flash_mass_erase(struct gdb_s *g, int argc, char **argv)
{
	uint32_t bank = 0;

	if (argc == 1 && mon_parse_u32(g, argv[0], "flash mass-erase", &bank))
		return -1;
	/* checked here, as a number: cast to the layer's int, 0xffffffff would read as -1, "all banks" */
	if (argc == 1 && bank >= g->flash.n_banks)
		return g->flash.n_banks ? mon_error(g, "flash mass-erase: no bank %u; this part has banks 0..%u "
						    "(see 'flash info')", bank, g->flash.n_banks - 1)
					: mon_error(g, "flash mass-erase: no bank %u; no flash banks are known for "
						    "this target", bank);
	if (gdb_flash_mass_erase(&g->flash, argc ? (int)bank : -1))
		return mon_error(g, "%s", g->flash.err.msg);
	gdb_console_printf(g, "mass erase done\n");
	return 0;
}

const struct mon_cmd_s mon_cmds_flash[] = {
	{ "verify", "[l1 on|off] [l2 off|crc|readback]", 4, "show or set the download verify levels", cmd_verify },
	{ "flash info", "", 0, "flash banks, geometry, driver and verify settings", cmd_flash_info },
	{ "flash erase", "ADDR LEN", 2, "erase whole blocks of flash now", cmd_flash_erase },
	{ "flash mass-erase", "[BANK]", 1, "erase a whole bank (all banks without BANK)", cmd_flash_mass_erase },
	{ NULL, NULL, 0, NULL, NULL },
};
