/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ARM semihosting (Arm "Semihosting for AArch32 and AArch64", version 2, numbering and
 * parameter blocks of its AArch32 side): the host side of the operations a program asks for
 * with BKPT 0xAB, R0 = operation, R1 = parameter (a block pointer or a value).
 *
 * This layer knows nothing of GDB or the probe: target memory comes through the callbacks
 * of struct semihosting_mem_s, console output through struct semihosting_console_s, so the
 * unit tests run every operation against a fake memory (tests/unit/test_semihosting.c).
 * The GDB server's glue (src/gdb/semihosting.c) finds the BKPT, calls semihosting_call()
 * and writes R0 back.
 *
 * Safety, the rules every operation keeps:
 *  - host files only under one directory (semihosting_set_dir: the working directory by
 *    default); a path that resolves anywhere else (absolute, "..", a symlink that leads
 *    out) is refused with a log line naming it, and the program gets -1 with errno EACCES;
 *  - no host command is ever run (SYS_SYSTEM is refused);
 *  - a parameter block or buffer the target cannot read or write gives -1 (errno EFAULT)
 *    and a log line with the address; one call moves at most SEMIHOSTING_XFER_MAX bytes
 *    (a longer READ or WRITE is partial, as the standard allows: newlib's stdio goes on);
 *  - at most SEMIHOSTING_MAX_FILES open at once; semihosting_reset() closes them all.
 */
#ifndef SRC_SEMIHOSTING_SEMIHOSTING_H
#define SRC_SEMIHOSTING_SEMIHOSTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Operation numbers (the standard's "SYS_" names). */
enum semihosting_op_e {
	SH_SYS_OPEN = 0x01, SH_SYS_CLOSE = 0x02, SH_SYS_WRITEC = 0x03, SH_SYS_WRITE0 = 0x04,
	SH_SYS_WRITE = 0x05, SH_SYS_READ = 0x06, SH_SYS_READC = 0x07, SH_SYS_ISERROR = 0x08,
	SH_SYS_ISTTY = 0x09, SH_SYS_SEEK = 0x0A, SH_SYS_FLEN = 0x0C, SH_SYS_TMPNAM = 0x0D,
	SH_SYS_REMOVE = 0x0E, SH_SYS_RENAME = 0x0F, SH_SYS_CLOCK = 0x10, SH_SYS_TIME = 0x11,
	SH_SYS_SYSTEM = 0x12, SH_SYS_ERRNO = 0x13, SH_SYS_GET_CMDLINE = 0x15, SH_SYS_HEAPINFO = 0x16,
	SH_SYS_EXIT = 0x18, SH_SYS_EXIT_EXTENDED = 0x20, SH_SYS_ELAPSED = 0x30, SH_SYS_TICKFREQ = 0x31,
};

/* ADP_Stopped_ApplicationExit: the reason of a normal exit (SYS_EXIT, SYS_EXIT_EXTENDED). */
#define SH_ADP_STOPPED_APPLICATION_EXIT 0x20026u
/* ADP_Stopped_RunTimeError: newlib's abort() */
#define SH_ADP_STOPPED_RUNTIME_ERROR 0x20023u

#define SEMIHOSTING_MAX_FILES 32
/* The most one READ or WRITE moves (the rest is reported as not transferred). */
#define SEMIHOSTING_XFER_MAX (64u * 1024u)
/* The longest path or command line taken from the target (longer is refused). */
#define SEMIHOSTING_PATH_MAX 1024u
/* The longest WRITE0 string (the rest is dropped, with a log line). */
#define SEMIHOSTING_STRING_MAX 4096u
/* SYS_ELAPSED ticks per second (SYS_TICKFREQ): microseconds of the host's monotonic clock. */
#define SEMIHOSTING_TICK_HZ 1000000u

struct semihosting_mem_s {
	/* 0, or -1 when the target memory does not answer (the layer logs the address) */
	int (*read)(void *ctx, uint32_t addr, void *buf, size_t len);
	int (*write)(void *ctx, uint32_t addr, const void *buf, size_t len);
	void *ctx;
};

/* Console output of the program: stream 1 (stdout) or 2 (stderr), len bytes (no NUL). */
typedef void semihosting_out_fn(void *ctx, int stream, const char *buf, size_t len);

enum semihosting_file_kind_e {
	SH_FILE_FREE,
	SH_FILE_HOST,		/* a host file under the directory (fd) */
	SH_FILE_STDIN,		/* ":tt" opened for reading */
	SH_FILE_STDOUT,		/* ":tt" for writing */
	SH_FILE_STDERR,		/* ":tt" for appending (SH_EXT_STDOUT_STDERR) */
	SH_FILE_FEATURES,	/* ":semihosting-features" */
};

struct semihosting_file_s {
	enum semihosting_file_kind_e kind;
	int fd;
	uint32_t pos;		/* SH_FILE_FEATURES: read position */
};

struct semihosting_s {
	bool enabled;
	struct semihosting_mem_s mem;
	semihosting_out_fn *out;	/* NULL: the server's stdout / stderr */
	void *out_ctx;
	int in_fd;			/* console input (default 0, stdin); -1: always end of file */
	char dir[SEMIHOSTING_PATH_MAX];	/* realpath of the directory files are confined to */
	const char *cmdline;		/* SYS_GET_CMDLINE (default "") */

	struct semihosting_file_s files[SEMIHOSTING_MAX_FILES];
	int err;			/* SYS_ERRNO: the last error (host errno values = newlib's) */
	struct timespec start;		/* SYS_CLOCK, SYS_ELAPSED count from here */
	uint32_t unknown_logged[8];	/* unknown operations already logged (bit per op < 256) */

	/* set by an exit operation */
	bool exited;
	uint32_t exit_reason;		/* ADP_Stopped_* */
	int exit_status;		/* the program's status (0..255 for a normal exit) */
};

/* What semihosting_call() leaves for the caller. */
enum semihosting_result_e {
	SEMIHOSTING_RESUME,	/* write R0, step over the BKPT, let the program go on */
	SEMIHOSTING_EXIT,	/* the program exited (sh->exit_*): stop it there */
};

/* Disabled, no files, the working directory; mem must be set before a call. */
void semihosting_init(struct semihosting_s *sh);
/* Closes every file the program opened, clears errno, exit state and the clock. */
void semihosting_reset(struct semihosting_s *sh);
/* Closes every file the program opened (the exit state stays: the CLI reads it after). */
void semihosting_close_all(struct semihosting_s *sh);
/* The directory files are confined to (resolved now). 0, or -1 with why filled. */
int semihosting_set_dir(struct semihosting_s *sh, const char *dir, char *why, size_t cap);

/* Runs operation op with parameter param; *r0 receives what the program gets in R0. */
enum semihosting_result_e semihosting_call(struct semihosting_s *sh, uint32_t op, uint32_t param, uint32_t *r0);

/* "SYS_WRITE" ..., or NULL for an unknown operation. */
const char *semihosting_op_name(uint32_t op);

#endif /* SRC_SEMIHOSTING_SEMIHOSTING_H */
