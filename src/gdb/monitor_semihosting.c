// SPDX-License-Identifier: GPL-2.0-or-later
/* `monitor semihosting [enable|disable]`: turns the server's semihosting on or off, or shows it. */
#include <string.h>

#include "src/gdb/monitor.h"

static void show(struct gdb_s *g)
{
	unsigned open = 0;

	for (unsigned i = 0; i < SEMIHOSTING_MAX_FILES; i++)
		open += g->sh.files[i].kind != SH_FILE_FREE;
	gdb_console_printf(g, "semihosting: %s; files under %s; %u of %u handles open\n",
			   g->sh.enabled ? "enabled" : "disabled", g->sh.dir, open, SEMIHOSTING_MAX_FILES);
	if (g->sh.exited)
		gdb_console_printf(g, "the program exited with status %d\n", g->sh.exit_status);
}

static int cmd_semihosting(struct gdb_s *g, int argc, char **argv)
{
	if (argc == 1 && strcmp(argv[0], "enable") == 0)
		g->sh.enabled = true;
	else if (argc == 1 && strcmp(argv[0], "disable") == 0)
		g->sh.enabled = false;
	else if (argc == 1)
		return mon_error(g, "semihosting: '%s' is neither enable nor disable", argv[0]);
	show(g);
	return 0;
}

const struct mon_cmd_s mon_cmds_semihosting[] = {
	{ "semihosting", "[enable|disable]", 1, "serve the program's BKPT 0xAB calls (console, files, exit), or show",
	  cmd_semihosting },
	{ NULL, NULL, 0, NULL, NULL },
};
