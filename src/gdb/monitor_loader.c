// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Monitor commands for RAM loaders (external flash): add a loader file, see what sits
 * where in RAM, trace every call, and read the last failure report. The work is the
 * flash layer's (flash/flash.h, flash/loader/).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/gdb/flash.h"
#include "src/gdb/monitor.h"

static int need_loaders(struct gdb_s *g, const char *cmd)
{
	if (g->flash)
		return 0;
	return mon_error(g, "%s: no flash layer on %s", cmd, g->t && g->t->part ? g->t->part->name : "this target");
}

static int cmd_loader_add(struct gdb_s *g, int argc, char **argv)
{
	struct error_s err;
	char msg[512];

	if (argc != 1)
		return mon_error(g, "usage: loader add FILE[@ADDR]");
	if (need_loaders(g, "loader add"))
		return -1;
	error_clear(&err);
	if (flash_loader_add_spec(g->flash, argv[0], &err)) {
		error_format(&err, msg, sizeof(msg));
		return mon_error(g, "loader add: %s", msg);
	}
	gdb_console_printf(g, "loader added; flash banks now:\n");
	for (unsigned i = 0; i < flash_bank_count(g->flash); i++) {
		const struct flash_bank_s *b = flash_bank_get(g->flash, i);

		gdb_console_printf(g, "  %-12s 0x%08x-0x%08x %s\n", b->name, b->geom.base, b->geom.base + b->size - 1,
				   flash_bank_driver(b));
	}
	return 0;
}

static int cmd_loader_info(struct gdb_s *g, int argc, char **argv)
{
	char text[4096];

	(void)argc;
	(void)argv;
	if (need_loaders(g, "loader info"))
		return -1;
	if (flash_loader_describe(g->flash, text, sizeof(text)) == 0) {
		gdb_console_printf(g, "no loaders on %s\n", g->t && g->t->part ? g->t->part->name : "this target");
		return 0;
	}
	gdb_console_printf(g, "%s", text);
	gdb_console_printf(g, "trace: %s\n", flash_loader_trace(g->flash, -1) ? "on" : "off");
	return 0;
}

static int cmd_loader_trace(struct gdb_s *g, int argc, char **argv)
{
	if (need_loaders(g, "loader trace"))
		return -1;
	if (argc == 1 && (strcmp(argv[0], "on") == 0 || strcmp(argv[0], "off") == 0))
		flash_loader_trace(g->flash, strcmp(argv[0], "on") == 0);
	else if (argc)
		return mon_error(g, "usage: loader trace [on|off]");
	gdb_console_printf(g, "loader trace: %s\n", flash_loader_trace(g->flash, -1) ? "on (every call is logged)" : "off");
	return 0;
}

static int cmd_loader_buffers(struct gdb_s *g, int argc, char **argv)
{
	struct flash_options_s *o;
	char *end;
	unsigned long n;

	if (need_loaders(g, "loader buffers"))
		return -1;
	o = flash_options(g->flash);
	if (argc == 1) {
		n = strtoul(argv[0], &end, 10);
		if (argv[0][0] < '0' || argv[0][0] > '9' || *end || n > 16)
			return mon_error(g, "loader buffers: N is 0 (auto) to 16, not '%s'", argv[0]);
		o->loader_buffers = (unsigned)n;
	}
	if (o->loader_buffers)
		gdb_console_printf(g, "loader buffers: %u%s\n", o->loader_buffers,
				   o->loader_buffers == 1 ? " (no double buffering)" : "");
	else
		gdb_console_printf(g, "loader buffers: auto (enough for an erase block)\n");
	return 0;
}

static int cmd_loader_report(struct gdb_s *g, int argc, char **argv)
{
	const char *r;

	(void)argc;
	(void)argv;
	if (need_loaders(g, "loader report"))
		return -1;
	r = flash_loader_last_report(g->flash);
	gdb_console_printf(g, "%s%s", r[0] ? r : "no loader has failed in this session\n",
			   r[0] && r[strlen(r) - 1] != '\n' ? "\n" : "");
	return 0;
}

const struct mon_cmd_s mon_cmds_loader[] = {
	{ "loader add", "FILE[@ADDR]", 1, "add a CMSIS FLM or ST .stldr loader (device at ADDR, else its own)",
	  cmd_loader_add },
	{ "loader info", "", 0, "loaders, their devices, and what sits where in RAM", cmd_loader_info },
	{ "loader trace", "[on|off]", 1, "log every loader call (entry, arguments, result, time)", cmd_loader_trace },
	{ "loader buffers", "[N]", 1, "page buffers for loaders: 0 auto, 1 no double buffering, up to 16",
	  cmd_loader_buffers },
	{ "loader report", "", 0, "the full report of the last loader failure", cmd_loader_report },
	{ NULL, NULL, 0, NULL, NULL },
};
