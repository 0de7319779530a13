// SPDX-License-Identifier: GPL-2.0-or-later
/* Error type -> exit code: the one mapping (exit.h). */
#include "src/cli/exit.h"

#include "src/probe/probe.h"

enum cli_exit_e cli_exit_from_error(const struct error_s *e)
{
	switch (e->code) {
	case ERR_OK:
		return CLI_EXIT_OK;
	case ADI_ERR_PROBE:
		return CLI_EXIT_NO_PROBE;	/* the link to the probe broke */
	case ADI_ERR_NO_RESPONSE:
	case ADI_ERR_WAIT:
	case ADI_ERR_FAULT:
	case ADI_ERR_PARITY:
	case ADI_ERR_PROTOCOL:
	case ADI_ERR_POWERUP:
	case ADI_ERR_NO_DP:
	case ADI_ERR_NO_MEMAP:
	case ADI_ERR_ROM_TABLE:
	case FLASH_ERR_RANGE:
	case FLASH_ERR_NO_DRIVER:
		return CLI_EXIT_TARGET;
	case FLASH_ERR_PROTECTED:
	case FLASH_ERR_OTP:
		return CLI_EXIT_PROTECTED;
	case FLASH_ERR_VERIFY:
		return CLI_EXIT_VERIFY;
	case FLASH_ERR_LOADER:
	case IMAGE_ERR_READ:
	case IMAGE_ERR_FORMAT:
		return CLI_EXIT_IMAGE;
	case ADI_ERR_ARG:
	case FLASH_ERR_OPERATION:
	case FLASH_ERR_ROUTINE:
	case FLASH_ERR_RESOURCE:
	case FLASH_ERR_STATE:
		break;
	}
	return CLI_EXIT_FAILED;
}

enum cli_exit_e cli_exit_from_probe(int probe_err)
{
	switch (probe_err) {
	case PROBE_OK:
		return CLI_EXIT_OK;
	case PROBE_ERR_SPEC:
		return CLI_EXIT_USAGE;
	case PROBE_ERR_NO_POWER:
		return CLI_EXIT_TARGET;	/* the probe is there, the board is not powered */
	default:
		return CLI_EXIT_NO_PROBE;
	}
}

/* exit.h: the gang run's precedence, least serious first; a code not listed ranks as 1. */
static unsigned exit_rank(enum cli_exit_e code)
{
	static const enum cli_exit_e order[] = {
		CLI_EXIT_OK, CLI_EXIT_NO_PROBE, CLI_EXIT_TARGET, CLI_EXIT_PROTECTED, CLI_EXIT_FAILED,
		CLI_EXIT_VERIFY, CLI_EXIT_IMAGE, CLI_EXIT_USAGE, CLI_EXIT_INTERRUPTED,
	};

	for (unsigned i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (order[i] == code)
			return i;
	return exit_rank(CLI_EXIT_FAILED);
}

enum cli_exit_e cli_exit_worse(enum cli_exit_e a, enum cli_exit_e b)
{
	return exit_rank(b) > exit_rank(a) ? b : a;
}

const char *cli_exit_name(enum cli_exit_e code)
{
	switch (code) {
	case CLI_EXIT_OK:
		return "ok";
	case CLI_EXIT_FAILED:
		return "failed";
	case CLI_EXIT_USAGE:
		return "usage";
	case CLI_EXIT_NO_PROBE:
		return "no-probe";
	case CLI_EXIT_TARGET:
		return "target";
	case CLI_EXIT_VERIFY:
		return "verify-failed";
	case CLI_EXIT_PROTECTED:
		return "protected";
	case CLI_EXIT_IMAGE:
		return "bad-image";
	case CLI_EXIT_INTERRUPTED:
		return "interrupted";
	}
	return "?";
}

const char *cli_exit_help(void)
{
	return "exit codes:\n"
	       "  0    success\n"
	       "  1    failed (a flash operation, a monitor command, anything not below)\n"
	       "  2    bad command line\n"
	       "  3    no probe: not found, ambiguous, or its link lost\n"
	       "  4    target not as expected: no answer, another part than --target, an address\n"
	       "       outside its flash, no flash driver\n"
	       "  5    verify failed: the flash does not hold the image\n"
	       "  6    refused by write/readout protection or OTP rules (nothing erased)\n"
	       "  7    bad image (unreadable, malformed, overlapping) or unusable loader\n"
	       "  130  interrupted (SIGINT)\n"
	       "with several --probe: the most serious board's code, in the order 130, 2, 7, 5,\n"
	       "1, 6, 4, 3\n";
}
