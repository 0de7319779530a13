// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `rspflash monitor CMD...`: one monitor command without GDB, run by the GDB layer's own
 * dispatcher (src/gdb/monitor.c), so it takes exactly what GDB's `monitor` takes and
 * prints the same text, on stdout instead of GDB's console. `rspflash reset` is
 * `monitor reset` by another name.
 */
#include <string.h>

#include "src/cli/cli.h"
#include "src/gdb/monitor.h"

static void console_stdout(void *ctx, const char *text)
{
	fputs(text, stdout);
}

int cli_monitor_line(const struct cli_opts_s *o, const char *cmd, const char *line)
{
	struct cli_target_s *ct = NULL;
	struct error_s err;
	int rc;

	error_clear(&err);
	rc = cli_target_open(o, true, &ct, &err);
	if (rc != CLI_EXIT_OK) {
		cli_target_close(ct, false);
		return cli_fail(cmd, rc, &err);
	}
	ct->g.console = console_stdout;
	/* the command printed its error ("error: ...") on the console already */
	rc = mon_run(&ct->g, line) ? CLI_EXIT_FAILED : CLI_EXIT_OK;
	fflush(stdout);
	ct->g.console = NULL;
	cli_target_close(ct, false);
	return rc;
}

static int run_monitor(const struct cli_opts_s *o, int argc, char **argv)
{
	char line[MON_LINE_MAX];
	size_t n = 0;

	line[0] = '\0';
	for (int i = 0; i < argc; i++) {
		size_t k = strlen(argv[i]);

		if (n + k + 2 > sizeof(line)) {
			fprintf(stderr, "rspflash monitor: the command is longer than the %zu bytes accepted\n",
				sizeof(line) - 1);
			return CLI_EXIT_USAGE;
		}
		n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%s", i ? " " : "", argv[i]);
	}
	return cli_monitor_line(o, "monitor", line);
}

const struct cli_cmd_s cli_cmd_monitor = {
	.name = "monitor",
	.args = "CMD...",
	.summary = "run one monitor command (as GDB's `monitor CMD`; `monitor help` lists them)",
	.groups = CLI_G_PROBE | CLI_G_FLASH,
	.min_args = 1,
	.max_args = -1,
	.words = true,
	.run = run_monitor,
};
