// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `rspflash reset [--halt]`: SYSRESETREQ, then the core runs or stays at the reset vector.
 * It is `monitor reset [halt]` (src/gdb/monitor_cmds.c), run through the monitor path.
 */
#include "src/cli/cli.h"

enum { K_HALT = 1000 };

static const struct cli_opt_s reset_cmd_opts[] = {
	{ "halt", NULL, "stop at the reset vector (the core stays halted after rspflash exits)", K_HALT },
	{ NULL, NULL, NULL, 0 },
};

static int reset_cmd_option(struct cli_opts_s *o, int key, const char *arg)
{
	o->halt = true;
	return 0;
}

static int run_reset(const struct cli_opts_s *o, int argc, char **argv)
{
	return cli_monitor_line(o, "reset", o->halt ? "reset halt" : "reset run");
}

const struct cli_cmd_s cli_cmd_reset = {
	.name = "reset",
	.args = "",
	.summary = "reset the chip (SYSRESETREQ) and let it run, or halt it with --halt",
	.groups = CLI_G_PROBE,
	.opts = reset_cmd_opts,
	.min_args = 0,
	.max_args = 0,
	.option = reset_cmd_option,
	.run = run_reset,
};
