// SPDX-License-Identifier: GPL-2.0-or-later
/* FUZZ_CHECK's failure path and the scratch file (fuzz.h), shared by every harness. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz.h"

void fuzz_check_failed(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: property broken: %s\n", file, line, what);
	abort();
}

const char *fuzz_scratch_file(const char *tag, const uint8_t *data, size_t size)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/rspflash-fuzz-%s-%ld", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", tag,
		 (long)getpid());
	f = fopen(path, "wb");
	FUZZ_CHECK(f != NULL);
	FUZZ_CHECK(fwrite(data, 1, size, f) == size);
	fclose(f);
	return path;
}
