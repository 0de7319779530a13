// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Semihosting file operations: SYS_OPEN ... SYS_FLEN, SYS_TMPNAM, SYS_REMOVE, SYS_RENAME,
 * on a table of SEMIHOSTING_MAX_FILES handles (handle = slot + 1, so that 0 is never a
 * handle). Besides host files (confined by semihosting_path.c), two special names:
 *  - ":tt" is the console: opened for reading (modes 0-3) it is the server's stdin, for
 *    writing (4-7) its stdout, for appending (8-11) its stderr, as the standard's
 *    SH_EXT_STDOUT_STDERR extension says;
 *  - ":semihosting-features" is the read-only feature file: the magic "SHFB" and a byte
 *    with SH_EXT_EXIT_EXTENDED (bit 0: exit statuses reach us) and SH_EXT_STDOUT_STDERR
 *    (bit 1). A second, zero feature byte follows: newlib's reader (libgloss/arm
 *    _get_semihosting_exts) refuses a file no longer than the magic plus what it asks for.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/log/log.h"
#include "src/semihosting/semihosting_internal.h"

#define SH_EXT_EXIT_EXTENDED 0x01u
#define SH_EXT_STDOUT_STDERR 0x02u
#define XFER_CHUNK 4096u

static const uint8_t features[] = { 'S', 'H', 'F', 'B', SH_EXT_EXIT_EXTENDED | SH_EXT_STDOUT_STDERR, 0 };

/* SYS_OPEN modes 0..11, in the standard's order: r rb r+ r+b w wb w+ w+b a ab a+ a+b */
static const int open_flags[3][2] = {
	{ O_RDONLY, O_RDWR },
	{ O_WRONLY | O_CREAT | O_TRUNC, O_RDWR | O_CREAT | O_TRUNC },
	{ O_WRONLY | O_CREAT | O_APPEND, O_RDWR | O_CREAT | O_APPEND },
};

static struct semihosting_file_s *file_of(struct semihosting_s *sh, uint32_t handle)
{
	if (handle == 0 || handle > SEMIHOSTING_MAX_FILES || sh->files[handle - 1].kind == SH_FILE_FREE) {
		sh->err = EBADF;
		return NULL;
	}
	return &sh->files[handle - 1];
}

static int free_slot(struct semihosting_s *sh, const char *path)
{
	for (unsigned i = 0; i < SEMIHOSTING_MAX_FILES; i++)
		if (sh->files[i].kind == SH_FILE_FREE)
			return (int)i;
	log_warn("semihosting: SYS_OPEN \"%s\": the program already has %u files open: refused", path,
		 SEMIHOSTING_MAX_FILES);
	sh->err = EMFILE;
	return -1;
}

static int open_special(struct semihosting_s *sh, const char *path, uint32_t mode, enum semihosting_file_kind_e *kind)
{
	if (strcmp(path, ":tt") == 0) {
		*kind = mode < 4 ? SH_FILE_STDIN : mode < 8 ? SH_FILE_STDOUT : SH_FILE_STDERR;
		return 1;
	}
	if (strcmp(path, ":semihosting-features") == 0) {
		if (mode >= 4) {
			sh->err = EACCES;
			return -1;
		}
		*kind = SH_FILE_FEATURES;
		return 1;
	}
	return 0;
}

/* SYS_OPEN: block {name, mode 0..11, name length}. */
uint32_t sh_op_open(struct semihosting_s *sh, uint32_t param)
{
	uint32_t w[3];
	char path[SEMIHOSTING_PATH_MAX], real[SEMIHOSTING_PATH_MAX];
	enum semihosting_file_kind_e kind = SH_FILE_HOST;
	int slot, special, fd = -1;

	if (sh_read_words(sh, SH_SYS_OPEN, param, w, 3) || sh_read_string(sh, SH_SYS_OPEN, w[0], w[2], path))
		return SH_FAIL;
	if (w[1] > 11) {
		log_warn("semihosting: SYS_OPEN \"%s\": mode %u is not one of 0..11", path, w[1]);
		return sh_fail(sh, EINVAL);
	}
	special = open_special(sh, path, w[1], &kind);
	if (special < 0)
		return SH_FAIL;
	slot = free_slot(sh, path);
	if (slot < 0)
		return SH_FAIL;
	if (!special) {
		if (sh_path_resolve(sh, SH_SYS_OPEN, path, real))
			return SH_FAIL;
		fd = open(real, open_flags[w[1] / 4][(w[1] / 2) & 1] | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0)
			return sh_fail(sh, errno);
		log_debug("semihosting: opened %s (mode %u) as handle %d", real, w[1], slot + 1);
	}
	sh->files[slot] = (struct semihosting_file_s){ kind, fd, 0 };
	return (uint32_t)slot + 1;
}

/* SYS_CLOSE: block {handle}. */
uint32_t sh_op_close(struct semihosting_s *sh, uint32_t param)
{
	uint32_t h;
	struct semihosting_file_s *f;
	int rc = 0;

	if (sh_read_words(sh, SH_SYS_CLOSE, param, &h, 1) || !(f = file_of(sh, h)))
		return SH_FAIL;
	if (f->kind == SH_FILE_HOST)
		rc = close(f->fd);
	*f = (struct semihosting_file_s){ SH_FILE_FREE, -1, 0 };
	return rc ? sh_fail(sh, errno) : 0;
}

/* Writes a chunk to where the handle leads: the bytes written, or -1 with errno set. */
static ssize_t put(struct semihosting_s *sh, struct semihosting_file_s *f, const uint8_t *buf, size_t n)
{
	switch (f->kind) {
	case SH_FILE_HOST:
		return write(f->fd, buf, n);
	case SH_FILE_STDOUT:
	case SH_FILE_STDERR:
		sh_console_out(sh, f->kind == SH_FILE_STDERR ? 2 : 1, (const char *)buf, n);
		return (ssize_t)n;
	default:
		errno = EBADF;
		return -1;
	}
}

/* The block {handle, buffer, length} of READ and WRITE: the file, and how much this call moves. */
static struct semihosting_file_s *xfer_block(struct semihosting_s *sh, uint32_t op, uint32_t param, uint32_t w[3],
					     uint32_t *todo)
{
	struct semihosting_file_s *f;

	if (sh_read_words(sh, op, param, w, 3) || !(f = file_of(sh, w[0])))
		return NULL;
	*todo = w[2] < SEMIHOSTING_XFER_MAX ? w[2] : SEMIHOSTING_XFER_MAX;
	return f;
}

static uint32_t next_chunk(uint32_t todo, uint32_t done)
{
	return todo - done < XFER_CHUNK ? todo - done : XFER_CHUNK;
}

/* SYS_WRITE: block {handle, buffer, length}; R0 = the bytes NOT written. */
uint32_t sh_op_write(struct semihosting_s *sh, uint32_t param)
{
	uint32_t w[3], done = 0, todo;
	struct semihosting_file_s *f;
	uint8_t buf[XFER_CHUNK];

	if (!(f = xfer_block(sh, SH_SYS_WRITE, param, w, &todo)))
		return SH_FAIL;
	while (done < todo) {
		uint32_t n = next_chunk(todo, done);
		ssize_t put_n;

		if (sh_read(sh, SH_SYS_WRITE, w[1] + done, buf, n))
			return done ? w[2] - done : SH_FAIL;
		put_n = put(sh, f, buf, n);
		if (put_n < 0) {
			sh->err = errno;
			return done ? w[2] - done : SH_FAIL;
		}
		done += (uint32_t)put_n;
		if ((uint32_t)put_n < n)
			break;
	}
	return w[2] - done;
}

/* Reads up to n bytes from the handle: the count (0 at end of file), or -1 with errno. */
static ssize_t get(struct semihosting_s *sh, struct semihosting_file_s *f, uint8_t *buf, size_t n)
{
	switch (f->kind) {
	case SH_FILE_HOST:
		return read(f->fd, buf, n);
	case SH_FILE_STDIN:
		return sh->in_fd < 0 ? 0 : read(sh->in_fd, buf, n);
	case SH_FILE_FEATURES: {
		size_t left = f->pos < sizeof(features) ? sizeof(features) - f->pos : 0;

		n = n < left ? n : left;
		memcpy(buf, features + f->pos, n);
		f->pos += (uint32_t)n;
		return (ssize_t)n;
	}
	default:
		errno = EBADF;
		return -1;
	}
}

/*
 * SYS_READ: block {handle, buffer, length}; R0 = the bytes NOT read (all of them at end of
 * file). The console gives what one read() returns (a line on a terminal), files fill
 * the buffer. Bytes that cannot be stored on the target are given back to the file.
 */
uint32_t sh_op_read(struct semihosting_s *sh, uint32_t param)
{
	uint32_t w[3], done = 0, todo;
	struct semihosting_file_s *f;
	uint8_t buf[XFER_CHUNK];

	if (!(f = xfer_block(sh, SH_SYS_READ, param, w, &todo)))
		return SH_FAIL;
	while (done < todo) {
		uint32_t n = next_chunk(todo, done);
		ssize_t got = get(sh, f, buf, n);

		if (got < 0) {
			sh->err = errno;
			return done ? w[2] - done : SH_FAIL;
		}
		if (sh_write(sh, SH_SYS_READ, w[1] + done, buf, (size_t)got)) {
			if (f->kind == SH_FILE_HOST)
				lseek(f->fd, -(off_t)got, SEEK_CUR);
			else if (f->kind == SH_FILE_FEATURES)
				f->pos -= (uint32_t)got;
			return done ? w[2] - done : SH_FAIL;
		}
		done += (uint32_t)got;
		if ((uint32_t)got < n || f->kind == SH_FILE_STDIN)
			break;
	}
	return w[2] - done;
}

/* SYS_READC: one byte from the console (R1 is 0); -1 at end of input. */
uint32_t sh_op_readc(struct semihosting_s *sh, uint32_t param)
{
	uint8_t c;

	(void)param;
	if (sh->in_fd < 0 || read(sh->in_fd, &c, 1) != 1)
		return SH_FAIL;
	return c;
}

/* SYS_ISTTY: block {handle}: 1 for the console, 0 for a file. */
uint32_t sh_op_istty(struct semihosting_s *sh, uint32_t param)
{
	uint32_t h;
	struct semihosting_file_s *f;

	if (sh_read_words(sh, SH_SYS_ISTTY, param, &h, 1) || !(f = file_of(sh, h)))
		return SH_FAIL;
	return f->kind == SH_FILE_STDIN || f->kind == SH_FILE_STDOUT || f->kind == SH_FILE_STDERR;
}

/* SYS_SEEK: block {handle, absolute position}. */
uint32_t sh_op_seek(struct semihosting_s *sh, uint32_t param)
{
	uint32_t w[2];
	struct semihosting_file_s *f;

	if (sh_read_words(sh, SH_SYS_SEEK, param, w, 2) || !(f = file_of(sh, w[0])))
		return SH_FAIL;
	if (f->kind == SH_FILE_FEATURES) {
		f->pos = w[1];
		return 0;
	}
	if (f->kind != SH_FILE_HOST)
		return sh_fail(sh, ESPIPE);
	return lseek(f->fd, (off_t)w[1], SEEK_SET) < 0 ? sh_fail(sh, errno) : 0;
}

/* SYS_FLEN: block {handle}: the file's length (0 for the console). */
uint32_t sh_op_flen(struct semihosting_s *sh, uint32_t param)
{
	uint32_t h;
	struct semihosting_file_s *f;
	struct stat st;

	if (sh_read_words(sh, SH_SYS_FLEN, param, &h, 1) || !(f = file_of(sh, h)))
		return SH_FAIL;
	if (f->kind == SH_FILE_FEATURES)
		return sizeof(features);
	if (f->kind != SH_FILE_HOST)
		return 0;
	if (fstat(f->fd, &st))
		return sh_fail(sh, errno);
	if (st.st_size > 0x7FFFFFFF)
		return sh_fail(sh, EOVERFLOW);
	return (uint32_t)st.st_size;
}

/*
 * SYS_TMPNAM: block {buffer, id 0..255, buffer length}. The name is relative, so it lands
 * in the semihosting directory like every other name the program uses.
 */
uint32_t sh_op_tmpnam(struct semihosting_s *sh, uint32_t param)
{
	uint32_t w[3];
	char name[32];
	int n;

	if (sh_read_words(sh, SH_SYS_TMPNAM, param, w, 3))
		return SH_FAIL;
	n = snprintf(name, sizeof(name), "rspflash-tmp-%03u", w[1] & 0xFFu);
	if ((uint32_t)n + 1 > w[2])
		return sh_fail(sh, ERANGE);
	return sh_write(sh, SH_SYS_TMPNAM, w[0], name, (size_t)n + 1) ? SH_FAIL : 0;
}

/* SYS_REMOVE: block {name, length}. */
uint32_t sh_op_remove(struct semihosting_s *sh, uint32_t param)
{
	uint32_t w[2];
	char path[SEMIHOSTING_PATH_MAX], real[SEMIHOSTING_PATH_MAX];

	if (sh_read_words(sh, SH_SYS_REMOVE, param, w, 2) || sh_read_string(sh, SH_SYS_REMOVE, w[0], w[1], path) ||
	    sh_path_resolve(sh, SH_SYS_REMOVE, path, real))
		return SH_FAIL;
	return unlink(real) ? sh_fail(sh, errno) : 0;
}

/* SYS_RENAME: block {old name, its length, new name, its length}. */
uint32_t sh_op_rename(struct semihosting_s *sh, uint32_t param)
{
	uint32_t w[4];
	char from[SEMIHOSTING_PATH_MAX], to[SEMIHOSTING_PATH_MAX];
	char real_from[SEMIHOSTING_PATH_MAX], real_to[SEMIHOSTING_PATH_MAX];

	if (sh_read_words(sh, SH_SYS_RENAME, param, w, 4) || sh_read_string(sh, SH_SYS_RENAME, w[0], w[1], from) ||
	    sh_read_string(sh, SH_SYS_RENAME, w[2], w[3], to) || sh_path_resolve(sh, SH_SYS_RENAME, from, real_from) ||
	    sh_path_resolve(sh, SH_SYS_RENAME, to, real_to))
		return SH_FAIL;
	return rename(real_from, real_to) ? sh_fail(sh, errno) : 0;
}

void semihosting_close_all(struct semihosting_s *sh)
{
	unsigned n = 0;

	for (unsigned i = 0; i < SEMIHOSTING_MAX_FILES; i++) {
		if (sh->files[i].kind == SH_FILE_HOST) {
			close(sh->files[i].fd);
			n++;
		}
		sh->files[i] = (struct semihosting_file_s){ SH_FILE_FREE, -1, 0 };
	}
	if (n)
		log_info("semihosting: closed %u file%s the program left open", n, n == 1 ? "" : "s");
}
