/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every fuzz harness in tests/fuzz/ defines: libFuzzer's entry point. Built with
 * --enable-fuzzing, libFuzzer's main() calls it; otherwise driver.c's main() does, once
 * per corpus file, so `make check` runs every committed input under gcc's sanitizers.
 */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Runs one input. A harness returns 0; a bug shows as a sanitizer report or an abort(). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A property the code under test broke (a round trip that does not come back, a length
 * out of range): printed, then abort(), which libFuzzer and make check both report.
 */
#define FUZZ_CHECK(cond)                                                                                   \
	do {                                                                                               \
		if (!(cond))                                                                               \
			fuzz_check_failed(__FILE__, __LINE__, #cond);                                      \
	} while (0)

void fuzz_check_failed(const char *file, int line, const char *what) __attribute__((noreturn));

/* The input as a file, for parsers that take a path (one per process and tag; the caller
 * unlinks it). Returns its path. */
const char *fuzz_scratch_file(const char *tag, const uint8_t *data, size_t size);

/*
 * Every log line is still formatted and escaped (messages quote what the input holds) but
 * written to /dev/null: the logger is part of what a harness exercises, its output is noise.
 */
void fuzz_quiet_log(void);

#endif /* TESTS_FUZZ_FUZZ_H */
