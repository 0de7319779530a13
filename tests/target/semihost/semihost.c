// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * semihost: an ordinary newlib program (linked with --specs=rdimon.specs, newlib's
 * semihosting support from Debian's toolchain) for tests/integration/gdb-semihosting.sh:
 * printf, a host file read, one written, a file outside the semihosting directory
 * (refused), a call with a bad pointer (refused, the program goes on), exit status 3.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SYS_WRITE 0x05
#define BAD_ADDRESS 0xD0000000u	/* nothing answers there on either board */

/* A raw semihosting call, for what newlib never sends: a bad parameter block. */
static int semihosting_call(int op, unsigned param)
{
	register int r0 __asm__("r0") = op;
	register unsigned r1 __asm__("r1") = param;

	__asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
	return r0;
}

int main(void)
{
	char line[128] = "";
	FILE *in, *out, *outside;

	printf("semihost: hello from the target, %d + %d = %d\n", 2, 3, 2 + 3);
	in = fopen("input.txt", "r");
	if (!in || !fgets(line, sizeof(line), in)) {
		printf("semihost: cannot read input.txt (errno %d)\n", errno);
		return 1;
	}
	fclose(in);
	line[strcspn(line, "\n")] = '\0';
	printf("semihost: input.txt says '%s'\n", line);

	out = fopen("output.txt", "w");
	if (!out || fprintf(out, "the target read '%s'\n", line) < 0 || fclose(out) != 0) {
		printf("semihost: cannot write output.txt (errno %d)\n", errno);
		return 1;
	}

	errno = 0;
	outside = fopen("../outside.txt", "w");
	printf("semihost: ../outside.txt %s (errno %d)\n", outside ? "opened" : "refused", errno);

	printf("semihost: SYS_WRITE with a bad block returns %d\n", semihosting_call(SYS_WRITE, BAD_ADDRESS));
	printf("semihost: exiting with status 3\n");
	exit(3);
}
