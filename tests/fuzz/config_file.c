// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz harness: the configuration file (src/cli/config.c, read with inih), which a user
 * writes by hand. The input is the file (written to a scratch file: it is read by path),
 * given to `flash`, whose options take every key. It is either taken (and what it set is
 * in range) or refused with exit status 2; nothing else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "src/cli/cli.h"

/* main.c's dispatch table, which --help of the options parser lists; one command here */
const struct cli_cmd_s *const cli_commands[] = { &cli_cmd_flash, NULL };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_scratch_file("conf", data, size);
	struct cli_opts_s *o = calloc(1, sizeof(*o));
	char *argv[] = { "flash", "--config", (char *)path, NULL };
	int rc;

	FUZZ_CHECK(o != NULL);
	rc = cli_config_load(&cli_cmd_flash, 3, argv, o);
	FUZZ_CHECK(rc == CLI_EXIT_OK || rc == CLI_EXIT_USAGE);
	FUZZ_CHECK(o->config_used <= sizeof(o->config_store));
	FUZZ_CHECK(o->n_loaders <= CLI_MAX_LOADERS && o->n_board_options <= CLI_MAX_BOARD_OPTIONS);
	FUZZ_CHECK(o->flash.l2 <= FLASH_L2_READBACK);
	unlink(path);
	free(o);
	return 0;
}
