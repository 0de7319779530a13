/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by the semihosting layer's files (semihosting.c, _files.c, _path.c); not an API. */
#ifndef SRC_SEMIHOSTING_SEMIHOSTING_INTERNAL_H
#define SRC_SEMIHOSTING_SEMIHOSTING_INTERNAL_H

#include "src/semihosting/semihosting.h"

/* R0 for a failed operation: -1 */
#define SH_FAIL 0xFFFFFFFFu

/* One operation: param is R1, the result is R0. */
typedef uint32_t sh_op_fn(struct semihosting_s *sh, uint32_t param);

/* Sets the program's errno; returns SH_FAIL. */
uint32_t sh_fail(struct semihosting_s *sh, int err);

/*
 * Target memory for operation op (named in the log line): 0, or -1 after logging the
 * address and setting errno EFAULT.
 */
int sh_read(struct semihosting_s *sh, uint32_t op, uint32_t addr, void *buf, size_t len);
int sh_write(struct semihosting_s *sh, uint32_t op, uint32_t addr, const void *buf, size_t len);
/* n little-endian words of a parameter block */
int sh_read_words(struct semihosting_s *sh, uint32_t op, uint32_t addr, uint32_t *w, unsigned n);
/* A string of len bytes (no NUL needed) into out (SEMIHOSTING_PATH_MAX); too long: -1, EINVAL. */
int sh_read_string(struct semihosting_s *sh, uint32_t op, uint32_t addr, uint32_t len, char *out);

/* The program's console output. */
void sh_console_out(struct semihosting_s *sh, int stream, const char *buf, size_t len);

/* semihosting_files.c */
sh_op_fn sh_op_open, sh_op_close, sh_op_write, sh_op_read, sh_op_readc, sh_op_istty, sh_op_seek, sh_op_flen,
	sh_op_tmpnam, sh_op_remove, sh_op_rename;

/*
 * semihosting_path.c: path (from the target) as a host path under sh->dir, into out
 * (SEMIHOSTING_PATH_MAX). 0, or -1 with errno set (EACCES outside, with a log line naming
 * op, the path and the directory).
 */
int sh_path_resolve(struct semihosting_s *sh, uint32_t op, const char *path, char *out);

#endif /* SRC_SEMIHOSTING_SEMIHOSTING_INTERNAL_H */
