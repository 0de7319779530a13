// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rspflash: the GDB server (the default command) and the production subcommands.
 *
 *   rspflash [gdbserver] [OPTIONS]
 *   rspflash flash|verify IMAGE...   erase --all|ADDR LEN   read ADDR LEN FILE
 *   rspflash reset [--halt]   probe-info   targets   monitor CMD...
 *
 * Each command lives in src/cli/cmd_*.c; `rspflash COMMAND --help` shows its options and
 * the exit codes (src/cli/exit.h). With no --probe, the in-process virtual board
 * (sim:BOARD, default stm32l552) is used. See doc/rspflash.1.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "src/cli/cli.h"
#include "src/log/log.h"
#include "sim/sim.h"

const struct cli_cmd_s *const cli_commands[] = {
	&cli_cmd_gdbserver, &cli_cmd_flash,  &cli_cmd_verify, &cli_cmd_erase,	&cli_cmd_read,
	&cli_cmd_reset,	    &cli_cmd_probe_info, &cli_cmd_targets, &cli_cmd_monitor, &cli_cmd_run, NULL,
};

/* The in-process virtual board's events (lockup, power cycle...) as lines of our log. */
static void log_sim_event(const char *board, const char *msg)
{
	log_info("sim: %s: %s", board, msg);
}

static const struct cli_cmd_s *find_command(const char *name)
{
	for (unsigned i = 0; cli_commands[i]; i++)
		if (strcmp(cli_commands[i]->name, name) == 0)
			return cli_commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	struct cli_opts_s o = { .port = CLI_DEFAULT_PORT, .flash = { .l1 = true, .l2 = FLASH_L2_CRC } };
	const struct cli_cmd_s *cmd = &cli_cmd_gdbserver;
	int first, rc;

	/*
	 * A peer that closes its socket (a J-Link over TCP dropping, a GDB gone) must be an
	 * error return, not SIGPIPE: libjaylink writes with plain send(), and the server must
	 * outlive a lost probe to open it again.
	 */
	signal(SIGPIPE, SIG_IGN);
	sim_set_log_sink(log_sim_event);
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		cli_usage_all(stdout);
		return CLI_EXIT_OK;
	}
	if (argc > 1 && argv[1][0] != '-') {
		cmd = find_command(argv[1]);
		if (!cmd) {
			fprintf(stderr, "rspflash: unknown command '%s'\n", argv[1]);
			cli_usage_all(stderr);
			return CLI_EXIT_USAGE;
		}
		argc--;
		argv++;
	}
	/* the production commands print a report: the log says only what went wrong */
	if (cmd != &cli_cmd_gdbserver)
		log_set_level(LOG_WARN);
	rc = cli_parse(cmd, argc, argv, &o, &first);
	if (rc < 0)
		return CLI_EXIT_OK;	/* --help, --version */
	if (rc != CLI_EXIT_OK)
		return rc;
	if (o.n_probes > 1)
		return cli_gang_run(cmd, &o, argc - first, argv + first);
	return cmd->run(&o, argc - first, argv + first);
}
