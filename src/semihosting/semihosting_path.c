// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where a program's file name lands on the host: under the semihosting directory or
 * nowhere. The name is made absolute (relative names are relative to the directory, not
 * to the server's working directory), resolved with realpath (every "..", "." and symlink
 * followed), and the result must be the directory or below it. A file that does not exist
 * yet is judged by its parent's real path, and a last component that is a dangling
 * symlink is refused (opening it with O_CREAT would create its target, wherever it
 * points). What the file operations then open is the resolved path, with O_NOFOLLOW.
 *
 * Not covered: a symlink swapped in by another host process between this check and the
 * open (the program itself cannot create symlinks: no semihosting operation does).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "src/log/log.h"
#include "src/semihosting/semihosting_internal.h"

static bool under_dir(const char *dir, const char *p)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return true;
	return strncmp(p, dir, n) == 0 && (p[n] == '\0' || p[n] == '/');
}

/* A name that does not exist (yet): its parent's real path and its last component. */
static int resolve_new(const char *full, char *out, size_t cap)
{
	char parent[PATH_MAX], real[PATH_MAX];
	const char *slash = strrchr(full, '/'), *base = slash + 1;
	struct stat st;

	if (strcmp(base, "") == 0 || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return ENOENT;
	snprintf(parent, sizeof(parent), "%.*s", slash == full ? 1 : (int)(slash - full), full);
	if (!realpath(parent, real))
		return errno;
	if ((size_t)snprintf(out, cap, "%s%s%s", real, strcmp(real, "/") == 0 ? "" : "/", base) >= cap)
		return ENAMETOOLONG;
	if (lstat(out, &st) == 0)
		return ELOOP;	/* realpath failed on it, yet it is there: a symlink to nowhere */
	return 0;
}

int sh_path_resolve(struct semihosting_s *sh, uint32_t op, const char *path, char *out)
{
	char full[PATH_MAX + SEMIHOSTING_PATH_MAX], real[PATH_MAX];
	const char *name = semihosting_op_name(op);
	int err = 0;

	if (path[0] == '\0') {
		sh->err = ENOENT;
		return -1;
	}
	snprintf(full, sizeof(full), "%s%s%s", path[0] == '/' ? "" : sh->dir, path[0] == '/' ? "" : "/", path);
	if (strlen(full) >= PATH_MAX)
		err = ENAMETOOLONG;
	else if (realpath(full, real))
		err = 0;
	else if (errno == ENOENT)
		err = resolve_new(full, real, sizeof(real));
	else
		err = errno;
	if (err == ELOOP) {
		log_warn("semihosting: %s \"%s\" refused: it is a symlink that leads nowhere (it could lead outside "
			 "the semihosting directory %s)", name, path, sh->dir);
		err = EACCES;
	} else if (err == 0 && !under_dir(sh->dir, real)) {
		log_warn("semihosting: %s \"%s\" refused: it resolves to %s, outside the semihosting directory %s "
			 "(--semihosting-dir)", name, path, real, sh->dir);
		err = EACCES;
	}
	if (err) {
		sh->err = err;
		return -1;
	}
	if (strlen(real) >= SEMIHOSTING_PATH_MAX) {
		sh->err = ENAMETOOLONG;
		return -1;
	}
	strcpy(out, real);
	return 0;
}
