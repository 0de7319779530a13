// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main() of a fuzz harness built without libFuzzer (no --enable-fuzzing, e.g. gcc): runs
 * LLVMFuzzerTestOneInput once on each file named on the command line, or on every file
 * of a directory named (in name order, so a run is repeatable). This is how `make check`
 * replays the committed corpora under ASan and UBSan; a failing input is named on stderr
 * before it runs, so the last name printed on a crash is the culprit.
 *
 *   tests/fuzz/NAME.fuzz FILE|DIR...
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fuzz.h"

/* Inputs longer than this are cut, as libFuzzer's -max_len would: a corpus file is small. */
#define DRIVER_MAX_INPUT (1u << 20)

static int run_file(const char *path, unsigned *count)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t n;

	if (!f) {
		perror(path);
		return -1;
	}
	buf = malloc(DRIVER_MAX_INPUT);
	if (!buf) {
		fclose(f);
		fprintf(stderr, "%s: out of memory\n", path);
		return -1;
	}
	n = fread(buf, 1, DRIVER_MAX_INPUT, f);
	fclose(f);
	if (getenv("FUZZ_DRIVER_VERBOSE"))
		fprintf(stderr, "running %s (%zu bytes)\n", path, n);
	/* A copy of exactly n bytes, so that ASan catches a read past the input's end. */
	uint8_t *input = malloc(n ? n : 1);

	if (!input) {
		free(buf);
		return -1;
	}
	memcpy(input, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(input, n);
	free(input);
	(*count)++;
	return 0;
}

static int run_dir(const char *dir, unsigned *count)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort), rc = 0;

	if (n < 0) {
		perror(dir);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char path[4096];
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		if (names[i]->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    run_file(path, count))
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	unsigned count = 0;
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...  (runs each input once; built without libFuzzer)\n", argv[0]);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st)) {
			perror(argv[i]);
			rc = -1;
		} else if (S_ISDIR(st.st_mode) ? run_dir(argv[i], &count) : run_file(argv[i], &count)) {
			rc = -1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "%s: %u inputs in %.2f s\n", argv[0], count,
		(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return rc ? 1 : 0;
}
