// SPDX-License-Identifier: GPL-2.0-or-later
/* FUZZ_CHECK's failure path (fuzz.h), shared by both mains. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

void fuzz_check_failed(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: property broken: %s\n", file, line, what);
	abort();
}
