// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SIGINT during a production run: the first one asks the long loops (download, verify,
 * erase) to stop between two steps, so a download is dropped cleanly (nothing half-
 * gathered is programmed) and the exit code says "interrupted"; a second one ends the
 * process at once, for a probe that hangs. Installed even where the shell started us
 * with SIGINT ignored (a background job): the test harness, like a factory script, sends
 * SIGINT on purpose.
 */
#include <signal.h>
#include <string.h>

#include "src/cli/cli.h"

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	interrupted = 1;
	signal(sig, SIG_DFL);	/* the next one is not caught */
}

void cli_interrupt_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
}

bool cli_interrupted(void)
{
	return interrupted != 0;
}
