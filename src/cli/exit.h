/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rspflash's exit codes, one per kind of outcome a script or a factory line must tell
 * apart, mapped from the error type (src/error/error.h) and the probe layer's codes in one
 * place (exit.c). Documented in --help, doc/rspflash.1 and the README; the numbers are an
 * interface: never renumber, only add.
 */
#ifndef SRC_CLI_EXIT_H
#define SRC_CLI_EXIT_H

#include "src/error/error.h"

enum cli_exit_e {
	CLI_EXIT_OK = 0,
	CLI_EXIT_FAILED = 1,		/* any other failure (a flash operation, a monitor command) */
	CLI_EXIT_USAGE = 2,		/* bad command line: unknown option, bad value */
	CLI_EXIT_NO_PROBE = 3,		/* no probe, probe not found or ambiguous, probe link lost */
	CLI_EXIT_TARGET = 4,		/* target not as expected: no answer, another part, image outside its flash */
	CLI_EXIT_VERIFY = 5,		/* verify failed: flash does not hold the image */
	CLI_EXIT_PROTECTED = 6,		/* write/readout protection or OTP refused it; nothing was erased */
	CLI_EXIT_IMAGE = 7,		/* bad image (unreadable, malformed, overlapping) or unusable loader */
	CLI_EXIT_INTERRUPTED = 130,	/* SIGINT (128 + 2, as shells report it) */
};

/* The exit code for an error of the adi, target, flash or image layers. */
enum cli_exit_e cli_exit_from_error(const struct error_s *e);
/* The exit code for a failed probe_open (enum probe_err_e). */
enum cli_exit_e cli_exit_from_probe(int probe_err);
/*
 * A gang run (several --probe) exits with its most serious board's code. From the most
 * serious: 130 interrupted (the run as a whole was stopped), 2 usage and 7 bad image or
 * loader (faults of the job, the same on every board), then by how far a board is from a
 * known state: 5 verify failed (its flash holds something else: it must not ship), 1
 * failed (an operation failed partway), 6 protected (refused before anything was erased),
 * 4 target not as expected, 3 no probe (the board was not reached); 0 last. Returns the
 * more serious of a and b.
 */
enum cli_exit_e cli_exit_worse(enum cli_exit_e a, enum cli_exit_e b);
/* A short name for JSON reports ("ok", "verify-failed", ...). */
const char *cli_exit_name(enum cli_exit_e code);
/* The table for --help: one line per code, "  0  success\n ...". */
const char *cli_exit_help(void);

#endif /* SRC_CLI_EXIT_H */
