// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The semihosting dispatcher and the operations that touch no host file: console output,
 * clocks, errno, command line, heap info, exit. File operations: semihosting_files.c; the
 * directory confinement: semihosting_path.c. Numbering and parameter blocks: Arm
 * "Semihosting for AArch32 and AArch64" v2, chapter 6 (AArch32: words are 32 bits).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/log/log.h"
#include "src/semihosting/semihosting_internal.h"

uint32_t sh_fail(struct semihosting_s *sh, int err)
{
	sh->err = err;
	return SH_FAIL;
}

static const char *op_label(uint32_t op)
{
	const char *name = semihosting_op_name(op);

	return name ? name : "semihosting call";
}

int sh_read(struct semihosting_s *sh, uint32_t op, uint32_t addr, void *buf, size_t len)
{
	if (len == 0)
		return 0;
	if ((uint64_t)addr + len <= 0x100000000ull && sh->mem.read(sh->mem.ctx, addr, buf, len) == 0)
		return 0;
	log_warn("semihosting: %s: cannot read %zu bytes at 0x%08x from the target (bad pointer): the call "
		 "returns -1", op_label(op), len, addr);
	sh->err = EFAULT;
	return -1;
}

int sh_write(struct semihosting_s *sh, uint32_t op, uint32_t addr, const void *buf, size_t len)
{
	if (len == 0)
		return 0;
	if ((uint64_t)addr + len <= 0x100000000ull && sh->mem.write(sh->mem.ctx, addr, buf, len) == 0)
		return 0;
	log_warn("semihosting: %s: cannot write %zu bytes at 0x%08x on the target (bad pointer): the call "
		 "returns -1", op_label(op), len, addr);
	sh->err = EFAULT;
	return -1;
}

int sh_read_words(struct semihosting_s *sh, uint32_t op, uint32_t addr, uint32_t *w, unsigned n)
{
	uint8_t b[16];

	if (sh_read(sh, op, addr, b, 4u * n))
		return -1;
	for (unsigned i = 0; i < n; i++)
		w[i] = (uint32_t)b[4 * i] | (uint32_t)b[4 * i + 1] << 8 | (uint32_t)b[4 * i + 2] << 16 |
		       (uint32_t)b[4 * i + 3] << 24;
	return 0;
}

int sh_read_string(struct semihosting_s *sh, uint32_t op, uint32_t addr, uint32_t len, char *out)
{
	if (len >= SEMIHOSTING_PATH_MAX) {
		log_warn("semihosting: %s: a name of %u bytes at 0x%08x is longer than %u: refused", op_label(op), len,
			 addr, SEMIHOSTING_PATH_MAX - 1);
		sh->err = ENAMETOOLONG;
		return -1;
	}
	if (sh_read(sh, op, addr, out, len))
		return -1;
	out[len] = '\0';
	if (strlen(out) != len) {
		log_warn("semihosting: %s: the name at 0x%08x holds a NUL before its length %u: refused", op_label(op),
			 addr, len);
		sh->err = EINVAL;
		return -1;
	}
	return 0;
}

void sh_console_out(struct semihosting_s *sh, int stream, const char *buf, size_t len)
{
	if (sh->out) {
		sh->out(sh->out_ctx, stream, buf, len);
		return;
	}
	fwrite(buf, 1, len, stream == 2 ? stderr : stdout);
	fflush(stream == 2 ? stderr : stdout);
}

/* SYS_WRITEC: R1 points to one character. */
static uint32_t op_writec(struct semihosting_s *sh, uint32_t param)
{
	char c;

	if (sh_read(sh, SH_SYS_WRITEC, param, &c, 1))
		return SH_FAIL;
	sh_console_out(sh, 1, &c, 1);
	return 0;
}

/*
 * SYS_WRITE0: R1 points to a NUL-terminated string. Read in pieces that end at 64-byte
 * boundaries, so that a string at the very end of RAM never makes us read past it.
 */
static uint32_t op_write0(struct semihosting_s *sh, uint32_t param)
{
	char buf[64];
	uint32_t addr = param, total = 0;

	while (total < SEMIHOSTING_STRING_MAX) {
		uint32_t n = 64u - (addr & 63u);
		char *nul;

		if (sh_read(sh, SH_SYS_WRITE0, addr, buf, n))
			return SH_FAIL;
		nul = memchr(buf, '\0', n);
		sh_console_out(sh, 1, buf, nul ? (size_t)(nul - buf) : n);
		if (nul)
			return 0;
		addr += n;
		total += n;
	}
	log_warn("semihosting: SYS_WRITE0: the string at 0x%08x has no NUL in its first %u bytes: the rest is dropped",
		 param, SEMIHOSTING_STRING_MAX);
	return 0;
}

/* SYS_ISERROR: R1 points to the status word to judge; negative is an error. */
static uint32_t op_iserror(struct semihosting_s *sh, uint32_t param)
{
	uint32_t w;

	if (sh_read_words(sh, SH_SYS_ISERROR, param, &w, 1))
		return SH_FAIL;
	return (int32_t)w < 0 ? 1u : 0u;
}

static uint64_t elapsed_us(const struct semihosting_s *sh)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)(now.tv_sec - sh->start.tv_sec) * 1000000u + (uint64_t)(now.tv_nsec / 1000) -
	       (uint64_t)(sh->start.tv_nsec / 1000);
}

/* SYS_CLOCK: centiseconds since the session (or the last reset of it) began. */
static uint32_t op_clock(struct semihosting_s *sh, uint32_t param)
{
	(void)param;
	return (uint32_t)(elapsed_us(sh) / 10000u);
}

/* SYS_TIME: seconds since 1970-01-01 UTC. */
static uint32_t op_time(struct semihosting_s *sh, uint32_t param)
{
	(void)sh;
	(void)param;
	return (uint32_t)time(NULL);
}

/* SYS_ELAPSED: R1 points to two words that receive the 64-bit tick count. */
static uint32_t op_elapsed(struct semihosting_s *sh, uint32_t param)
{
	uint64_t t = elapsed_us(sh);
	uint8_t b[8];

	for (unsigned i = 0; i < 8; i++)
		b[i] = (uint8_t)(t >> (8 * i));
	return sh_write(sh, SH_SYS_ELAPSED, param, b, 8) ? SH_FAIL : 0;
}

static uint32_t op_tickfreq(struct semihosting_s *sh, uint32_t param)
{
	(void)sh;
	(void)param;
	return SEMIHOSTING_TICK_HZ;
}

/* SYS_SYSTEM: never: a program on the target must not run commands on the host. */
static uint32_t op_system(struct semihosting_s *sh, uint32_t param)
{
	uint32_t w[2];
	char cmd[SEMIHOSTING_PATH_MAX];

	if (sh_read_words(sh, SH_SYS_SYSTEM, param, w, 2) == 0 && sh_read_string(sh, SH_SYS_SYSTEM, w[0], w[1], cmd) == 0)
		log_warn("semihosting: SYS_SYSTEM \"%s\" refused: the server never runs host commands", cmd);
	else
		log_warn("semihosting: SYS_SYSTEM refused: the server never runs host commands");
	return sh_fail(sh, EPERM);
}

static uint32_t op_errno(struct semihosting_s *sh, uint32_t param)
{
	(void)param;
	return (uint32_t)sh->err;
}

/* SYS_GET_CMDLINE: block {buffer, size}; the command line and its length go back. */
static uint32_t op_get_cmdline(struct semihosting_s *sh, uint32_t param)
{
	uint32_t w[2], len = (uint32_t)strlen(sh->cmdline);
	uint8_t lenb[4] = { (uint8_t)len, (uint8_t)(len >> 8), (uint8_t)(len >> 16), (uint8_t)(len >> 24) };

	if (sh_read_words(sh, SH_SYS_GET_CMDLINE, param, w, 2))
		return SH_FAIL;
	if (len + 1 > w[1])
		return sh_fail(sh, E2BIG);
	if (sh_write(sh, SH_SYS_GET_CMDLINE, w[0], sh->cmdline, len + 1) ||
	    sh_write(sh, SH_SYS_GET_CMDLINE, param + 4, lenb, 4))
		return SH_FAIL;
	return 0;
}

/*
 * SYS_HEAPINFO: R1 points to a word that points to four words {heap base, heap limit,
 * stack base, stack limit}. All zero: "unknown", so newlib's crt0 keeps its linker symbols
 * (the server cannot know the program's memory layout better than its linker script).
 */
static uint32_t op_heapinfo(struct semihosting_s *sh, uint32_t param)
{
	static const uint8_t zeros[16];
	uint32_t block;

	if (sh_read_words(sh, SH_SYS_HEAPINFO, param, &block, 1) ||
	    sh_write(sh, SH_SYS_HEAPINFO, block, zeros, sizeof(zeros)))
		return SH_FAIL;
	return 0;
}

static void note_exit(struct semihosting_s *sh, uint32_t reason, uint32_t subcode, bool has_subcode)
{
	sh->exited = true;
	sh->exit_reason = reason;
	if (reason == SH_ADP_STOPPED_APPLICATION_EXIT)
		sh->exit_status = has_subcode ? (int)(subcode & 0xFFu) : 0;
	else
		sh->exit_status = 128 + (has_subcode && subcode > 0 && subcode < 64 ? (int)subcode : 6);
	if (reason == SH_ADP_STOPPED_APPLICATION_EXIT)
		log_info("semihosting: exit status %d", sh->exit_status);
	else
		log_info("semihosting: exit status %d (stopped with reason 0x%05x, subcode %u)", sh->exit_status,
			 reason, subcode);
}

/* ADP_Stopped_* reasons run from 0x20000 (BranchThroughZero) to 0x20031. */
static bool is_stop_reason(uint32_t v)
{
	return v >= 0x20000u && v <= 0x20031u;
}

/*
 * SYS_EXIT: on AArch32 R1 is the reason itself (no status: an application exit is
 * status 0); AArch64 and some libraries pass a block {reason, subcode} instead. A value
 * that is a reason is taken as one, anything else as the block's address.
 */
static uint32_t op_exit(struct semihosting_s *sh, uint32_t param)
{
	uint32_t w[2];

	if (is_stop_reason(param)) {
		note_exit(sh, param, 0, false);
		return 0;
	}
	if (sh_read_words(sh, SH_SYS_EXIT, param, w, 2))
		return SH_FAIL;
	note_exit(sh, w[0], w[1], true);
	return 0;
}

/* SYS_EXIT_EXTENDED: always a block {reason, subcode}. */
static uint32_t op_exit_extended(struct semihosting_s *sh, uint32_t param)
{
	uint32_t w[2];

	if (sh_read_words(sh, SH_SYS_EXIT_EXTENDED, param, w, 2))
		return SH_FAIL;
	note_exit(sh, w[0], w[1], true);
	return 0;
}

static const struct {
	uint32_t op;
	const char *name;
	sh_op_fn *fn;
} ops[] = {
	{ SH_SYS_OPEN, "SYS_OPEN", sh_op_open },
	{ SH_SYS_CLOSE, "SYS_CLOSE", sh_op_close },
	{ SH_SYS_WRITEC, "SYS_WRITEC", op_writec },
	{ SH_SYS_WRITE0, "SYS_WRITE0", op_write0 },
	{ SH_SYS_WRITE, "SYS_WRITE", sh_op_write },
	{ SH_SYS_READ, "SYS_READ", sh_op_read },
	{ SH_SYS_READC, "SYS_READC", sh_op_readc },
	{ SH_SYS_ISERROR, "SYS_ISERROR", op_iserror },
	{ SH_SYS_ISTTY, "SYS_ISTTY", sh_op_istty },
	{ SH_SYS_SEEK, "SYS_SEEK", sh_op_seek },
	{ SH_SYS_FLEN, "SYS_FLEN", sh_op_flen },
	{ SH_SYS_TMPNAM, "SYS_TMPNAM", sh_op_tmpnam },
	{ SH_SYS_REMOVE, "SYS_REMOVE", sh_op_remove },
	{ SH_SYS_RENAME, "SYS_RENAME", sh_op_rename },
	{ SH_SYS_CLOCK, "SYS_CLOCK", op_clock },
	{ SH_SYS_TIME, "SYS_TIME", op_time },
	{ SH_SYS_SYSTEM, "SYS_SYSTEM", op_system },
	{ SH_SYS_ERRNO, "SYS_ERRNO", op_errno },
	{ SH_SYS_GET_CMDLINE, "SYS_GET_CMDLINE", op_get_cmdline },
	{ SH_SYS_HEAPINFO, "SYS_HEAPINFO", op_heapinfo },
	{ SH_SYS_EXIT, "SYS_EXIT", op_exit },
	{ SH_SYS_EXIT_EXTENDED, "SYS_EXIT_EXTENDED", op_exit_extended },
	{ SH_SYS_ELAPSED, "SYS_ELAPSED", op_elapsed },
	{ SH_SYS_TICKFREQ, "SYS_TICKFREQ", op_tickfreq },
};

const char *semihosting_op_name(uint32_t op)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ops[i].op == op)
			return ops[i].name;
	return NULL;
}

/*
 * An operation we do not serve: -1 (ENOSYS), and one log line per operation number (a
 * program that retries in a loop must not flood the log). Numbers above 0xff share one line.
 */
static uint32_t unknown_op(struct semihosting_s *sh, uint32_t op, uint32_t param)
{
	uint32_t bit = op < 256 ? op : 255;
	uint32_t *word = &sh->unknown_logged[bit / 32];

	if (!(*word & (1u << (bit % 32))))
		log_warn("semihosting: unknown operation 0x%02x (R1 0x%08x): returns -1%s", op, param,
			 op < 255 ? "" : " (other unknown operations above 0xfe are not logged)");
	*word |= 1u << (bit % 32);
	return sh_fail(sh, ENOSYS);
}

enum semihosting_result_e semihosting_call(struct semihosting_s *sh, uint32_t op, uint32_t param, uint32_t *r0)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (ops[i].op != op)
			continue;
		*r0 = ops[i].fn(sh, param);
		log_debug("semihosting: %s(0x%08x) = 0x%08x", ops[i].name, param, *r0);
		return sh->exited ? SEMIHOSTING_EXIT : SEMIHOSTING_RESUME;
	}
	*r0 = unknown_op(sh, op, param);
	return SEMIHOSTING_RESUME;
}

void semihosting_init(struct semihosting_s *sh)
{
	char why[160];

	memset(sh, 0, sizeof(*sh));
	sh->in_fd = 0;
	sh->cmdline = "";
	for (unsigned i = 0; i < SEMIHOSTING_MAX_FILES; i++)
		sh->files[i].fd = -1;
	if (semihosting_set_dir(sh, ".", why, sizeof(why)))
		log_warn("semihosting: %s", why);
	clock_gettime(CLOCK_MONOTONIC, &sh->start);
}

void semihosting_reset(struct semihosting_s *sh)
{
	semihosting_close_all(sh);
	sh->err = 0;
	sh->exited = false;
	sh->exit_reason = 0;
	sh->exit_status = 0;
	clock_gettime(CLOCK_MONOTONIC, &sh->start);
}

int semihosting_set_dir(struct semihosting_s *sh, const char *dir, char *why, size_t cap)
{
	char real[PATH_MAX];
	struct stat st;

	if (!realpath(dir, real) || stat(real, &st)) {
		snprintf(why, cap, "semihosting directory '%s': %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(why, cap, "semihosting directory '%s' is not a directory", dir);
		return -1;
	}
	if (strlen(real) >= sizeof(sh->dir)) {
		snprintf(why, cap, "semihosting directory '%s': path longer than %zu bytes", dir, sizeof(sh->dir) - 1);
		return -1;
	}
	strcpy(sh->dir, real);
	return 0;
}
