// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The semihosting layer (src/semihosting/) against a fake target memory: each operation,
 * parameter blocks and buffers the target cannot read or write (R0 = -1, errno EFAULT, a
 * log line with the address, nothing lost), the directory confinement (absolute paths,
 * "..", symlinks that lead out, dangling symlinks, renames and removes), bounded
 * transfers, the open-file limit, exit statuses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/log/log.h"
#include "src/semihosting/semihosting_internal.h"	/* SH_FAIL */

#define RAM 0x20000000u
#define RAM_SIZE 0x10000u
#define BLOCK (RAM + 0x100u)	/* parameter blocks */
#define STR1 (RAM + 0x200u)	/* names and buffers */
#define STR2 (RAM + 0x400u)
#define BUF (RAM + 0x1000u)
#define BAD 0xD0000000u		/* nothing answers there */

struct fx_s {
	struct semihosting_s sh;
	uint8_t ram[RAM_SIZE];
	char out[4096];
	size_t out_len;
	char top[256];		/* a temporary directory; the semihosting directory is top/dir */
	char dir[300];
	FILE *log;
};

static int fake_read(void *ctx, uint32_t addr, void *buf, size_t len)
{
	struct fx_s *fx = ctx;

	if (addr < RAM || addr - RAM > RAM_SIZE || len > RAM_SIZE - (addr - RAM))
		return -1;
	memcpy(buf, fx->ram + (addr - RAM), len);
	return 0;
}

static int fake_write(void *ctx, uint32_t addr, const void *buf, size_t len)
{
	struct fx_s *fx = ctx;

	if (addr < RAM || addr - RAM > RAM_SIZE || len > RAM_SIZE - (addr - RAM))
		return -1;
	memcpy(fx->ram + (addr - RAM), buf, len);
	return 0;
}

static void fake_out(void *ctx, int stream, const char *buf, size_t len)
{
	struct fx_s *fx = ctx;

	(void)stream;
	if (len > sizeof(fx->out) - 1 - fx->out_len)
		len = sizeof(fx->out) - 1 - fx->out_len;
	memcpy(fx->out + fx->out_len, buf, len);
	fx->out_len += len;
	fx->out[fx->out_len] = '\0';
}

static int setup(void **state)
{
	struct fx_s *fx = calloc(1, sizeof(*fx));
	char why[256];

	strcpy(fx->top, "/tmp/test_semihosting.XXXXXX");
	assert_non_null(mkdtemp(fx->top));
	snprintf(fx->dir, sizeof(fx->dir), "%s/dir", fx->top);
	assert_int_equal(mkdir(fx->dir, 0755), 0);
	semihosting_init(&fx->sh);
	fx->sh.mem = (struct semihosting_mem_s){ fake_read, fake_write, fx };
	fx->sh.out = fake_out;
	fx->sh.out_ctx = fx;
	fx->sh.in_fd = -1;
	assert_int_equal(semihosting_set_dir(&fx->sh, fx->dir, why, sizeof(why)), 0);
	fx->log = tmpfile();
	log_set_file(fx->log);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx_s *fx = *state;
	char cmd[300];

	semihosting_reset(&fx->sh);
	log_set_file(NULL);
	fclose(fx->log);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->top);
	assert_int_equal(system(cmd), 0);
	free(fx);
	return 0;
}

/* The log so far, for checks on what it names. */
static const char *log_text(struct fx_s *fx)
{
	static char text[8192];
	size_t n;

	fflush(fx->log);
	rewind(fx->log);
	n = fread(text, 1, sizeof(text) - 1, fx->log);
	text[n] = '\0';
	return text;
}

static void put_words(struct fx_s *fx, uint32_t addr, const uint32_t *w, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		for (unsigned b = 0; b < 4; b++)
			fx->ram[addr - RAM + 4 * i + b] = (uint8_t)(w[i] >> (8 * b));
}

static uint32_t word_at(struct fx_s *fx, uint32_t addr)
{
	const uint8_t *p = fx->ram + (addr - RAM);

	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t call(struct fx_s *fx, uint32_t op, uint32_t param)
{
	uint32_t r0 = 0xDEADBEEFu;

	assert_int_equal(semihosting_call(&fx->sh, op, param, &r0), SEMIHOSTING_RESUME);
	return r0;
}

/* A call with a parameter block of up to 4 words. */
static uint32_t call_block(struct fx_s *fx, uint32_t op, uint32_t w0, uint32_t w1, uint32_t w2, uint32_t w3)
{
	uint32_t w[4] = { w0, w1, w2, w3 };

	put_words(fx, BLOCK, w, 4);
	return call(fx, op, BLOCK);
}

static uint32_t sh_errno(struct fx_s *fx)
{
	return call(fx, SH_SYS_ERRNO, 0);
}

static uint32_t open_at(struct fx_s *fx, uint32_t addr, const char *name, uint32_t mode)
{
	strcpy((char *)fx->ram + (addr - RAM), name);
	return call_block(fx, SH_SYS_OPEN, addr, mode, (uint32_t)strlen(name), 0);
}

static uint32_t open_name(struct fx_s *fx, const char *name, uint32_t mode)
{
	return open_at(fx, STR1, name, mode);
}

static void write_host_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_console(void **state)
{
	struct fx_s *fx = *state;
	uint32_t h;

	strcpy((char *)fx->ram + (STR1 - RAM), "hello ");
	assert_int_equal(call(fx, SH_SYS_WRITE0, STR1), 0);
	fx->ram[STR2 - RAM] = 'x';
	assert_int_equal(call(fx, SH_SYS_WRITEC, STR2), 0);
	h = open_name(fx, ":tt", 4);
	assert_true(h > 0 && h <= SEMIHOSTING_MAX_FILES);
	memcpy(fx->ram + (BUF - RAM), " world\n", 7);
	assert_int_equal(call_block(fx, SH_SYS_WRITE, h, BUF, 7, 0), 0);	/* 0 bytes not written */
	assert_string_equal(fx->out, "hello x world\n");
	assert_int_equal(call_block(fx, SH_SYS_ISTTY, h, 0, 0, 0), 1);
	assert_int_equal(call_block(fx, SH_SYS_CLOSE, h, 0, 0, 0), 0);
	assert_int_equal(call_block(fx, SH_SYS_CLOSE, h, 0, 0, 0), SH_FAIL);	/* closed already */
	assert_int_equal(sh_errno(fx), EBADF);
}

static void test_console_input(void **state)
{
	struct fx_s *fx = *state;
	int p[2];
	uint32_t h;

	h = open_name(fx, ":tt", 0);
	assert_int_equal(call_block(fx, SH_SYS_READ, h, BUF, 16, 0), 16);	/* no input: end of file */
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "ab\n", 3), 3);
	fx->sh.in_fd = p[0];
	assert_int_equal(call_block(fx, SH_SYS_READ, h, BUF, 16, 0), 13);	/* 3 read */
	assert_memory_equal(fx->ram + (BUF - RAM), "ab\n", 3);
	assert_int_equal(write(p[1], "z", 1), 1);
	assert_int_equal(call(fx, SH_SYS_READC, 0), 'z');
	close(p[1]);
	assert_int_equal(call(fx, SH_SYS_READC, 0), SH_FAIL);
	close(p[0]);
}

static void test_host_file(void **state)
{
	struct fx_s *fx = *state;
	char path[400], text[64] = "";
	uint32_t h;
	FILE *f;

	h = open_name(fx, "out.txt", 4);	/* "w" */
	assert_true(h > 0 && h <= SEMIHOSTING_MAX_FILES);
	memcpy(fx->ram + (BUF - RAM), "0123456789", 10);
	assert_int_equal(call_block(fx, SH_SYS_WRITE, h, BUF, 10, 0), 0);
	assert_int_equal(call_block(fx, SH_SYS_ISTTY, h, 0, 0, 0), 0);
	assert_int_equal(call_block(fx, SH_SYS_CLOSE, h, 0, 0, 0), 0);
	snprintf(path, sizeof(path), "%s/out.txt", fx->dir);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(text, sizeof(text), f));
	fclose(f);
	assert_string_equal(text, "0123456789");

	h = open_name(fx, "out.txt", 1);	/* "rb" */
	assert_int_equal(call_block(fx, SH_SYS_FLEN, h, 0, 0, 0), 10);
	assert_int_equal(call_block(fx, SH_SYS_SEEK, h, 4, 0, 0), 0);
	memset(fx->ram + (BUF - RAM), 0, 16);
	assert_int_equal(call_block(fx, SH_SYS_READ, h, BUF, 16, 0), 10);	/* 6 read, 10 not */
	assert_memory_equal(fx->ram + (BUF - RAM), "456789", 6);
	assert_int_equal(call_block(fx, SH_SYS_READ, h, BUF, 16, 0), 16);	/* end of file */
	assert_int_equal(call_block(fx, SH_SYS_CLOSE, h, 0, 0, 0), 0);

	strcpy((char *)fx->ram + (STR1 - RAM), "out.txt");
	strcpy((char *)fx->ram + (STR2 - RAM), "moved.txt");
	assert_int_equal(call_block(fx, SH_SYS_RENAME, STR1, 7, STR2, 9), 0);
	snprintf(path, sizeof(path), "%s/moved.txt", fx->dir);
	assert_int_equal(access(path, F_OK), 0);
	assert_int_equal(call_block(fx, SH_SYS_REMOVE, STR2, 9, 0, 0), 0);
	assert_int_not_equal(access(path, F_OK), 0);
	assert_int_equal(open_name(fx, "missing.txt", 0), SH_FAIL);
	assert_int_equal(sh_errno(fx), ENOENT);
}

/* Every way out of the directory is refused with EACCES, a log line naming the path, and no file. */
static void test_confinement(void **state)
{
	struct fx_s *fx = *state;
	char path[400], link[400];

	snprintf(path, sizeof(path), "%s/secret.txt", fx->top);
	write_host_file(path, "secret");

	assert_int_equal(open_name(fx, path, 0), SH_FAIL);			/* absolute, outside */
	assert_int_equal(sh_errno(fx), EACCES);
	assert_non_null(strstr(log_text(fx), "secret.txt\" refused: it resolves to"));
	assert_int_equal(open_name(fx, "../new.txt", 4), SH_FAIL);		/* "..", a new file */
	assert_int_equal(sh_errno(fx), EACCES);
	assert_non_null(strstr(log_text(fx), "SYS_OPEN \"../new.txt\" refused"));
	snprintf(path, sizeof(path), "%s/new.txt", fx->top);
	assert_int_not_equal(access(path, F_OK), 0);

	snprintf(link, sizeof(link), "%s/link", fx->dir);			/* a symlink that leads out */
	snprintf(path, sizeof(path), "%s/secret.txt", fx->top);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(open_name(fx, "link", 0), SH_FAIL);
	assert_int_equal(sh_errno(fx), EACCES);
	assert_int_equal(open_name(fx, "link", 4), SH_FAIL);			/* not truncated either */

	snprintf(link, sizeof(link), "%s/up", fx->dir);				/* a directory symlink out */
	assert_int_equal(symlink(fx->top, link), 0);
	assert_int_equal(open_name(fx, "up/secret.txt", 0), SH_FAIL);
	assert_int_equal(open_name(fx, "up/other.txt", 4), SH_FAIL);
	assert_int_equal(sh_errno(fx), EACCES);

	snprintf(link, sizeof(link), "%s/dangling", fx->dir);			/* dangling: O_CREAT would escape */
	snprintf(path, sizeof(path), "%s/created.txt", fx->top);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(open_name(fx, "dangling", 4), SH_FAIL);
	assert_int_equal(sh_errno(fx), EACCES);
	assert_non_null(strstr(log_text(fx), "symlink that leads nowhere"));
	assert_int_not_equal(access(path, F_OK), 0);

	strcpy((char *)fx->ram + (STR1 - RAM), "../secret.txt");		/* remove and rename */
	assert_int_equal(call_block(fx, SH_SYS_REMOVE, STR1, 13, 0, 0), SH_FAIL);
	assert_int_equal(sh_errno(fx), EACCES);
	snprintf(path, sizeof(path), "%s/secret.txt", fx->top);
	assert_int_equal(access(path, F_OK), 0);
	write_host_file(strcat(strcpy(link, fx->dir), "/mine.txt"), "mine");
	strcpy((char *)fx->ram + (STR1 - RAM), "mine.txt");
	strcpy((char *)fx->ram + (STR2 - RAM), "../taken.txt");
	assert_int_equal(call_block(fx, SH_SYS_RENAME, STR1, 8, STR2, 12), SH_FAIL);
	assert_int_equal(sh_errno(fx), EACCES);
	assert_int_equal(access(link, F_OK), 0);

	assert_int_equal(open_name(fx, "sub/../mine.txt", 0), SH_FAIL);	/* sub does not exist */
	mkdir(strcat(strcpy(path, fx->dir), "/sub"), 0755);
	assert_int_not_equal(open_name(fx, "sub/../mine.txt", 0), SH_FAIL);	/* ".." that stays inside */
}

/* Bad pointers: -1, errno EFAULT, the address in the log, and nothing consumed or written. */
static void test_bad_pointers(void **state)
{
	struct fx_s *fx = *state;
	char path[400];
	uint32_t h;

	assert_int_equal(call(fx, SH_SYS_OPEN, BAD), SH_FAIL);		/* the block */
	assert_int_equal(sh_errno(fx), EFAULT);
	assert_non_null(strstr(log_text(fx), "SYS_OPEN: cannot read 12 bytes at 0xd0000000"));
	assert_int_equal(call_block(fx, SH_SYS_OPEN, BAD + 0x40, 0, 5, 0), SH_FAIL);	/* the name */
	assert_non_null(strstr(log_text(fx), "at 0xd0000040"));
	assert_int_equal(call(fx, SH_SYS_WRITE0, BAD), SH_FAIL);
	assert_int_equal(call(fx, SH_SYS_WRITEC, BAD), SH_FAIL);
	assert_int_equal(call(fx, SH_SYS_HEAPINFO, BAD), SH_FAIL);
	assert_int_equal(call(fx, SH_SYS_ELAPSED, BAD), SH_FAIL);
	assert_int_equal(call(fx, SH_SYS_EXIT_EXTENDED, BAD), SH_FAIL);
	assert_false(fx->sh.exited);
	assert_int_equal(call(fx, 0xFFFFFFFCu, BAD), SH_FAIL);		/* unknown op, any R1 */
	/* a block that runs off the end of memory, or wraps the address space */
	assert_int_equal(call(fx, SH_SYS_WRITE, RAM + RAM_SIZE - 8), SH_FAIL);
	assert_int_equal(call(fx, SH_SYS_WRITE, 0xFFFFFFFCu), SH_FAIL);

	snprintf(path, sizeof(path), "%s/data.txt", fx->dir);
	write_host_file(path, "abcdef");
	h = open_name(fx, "data.txt", 0);
	assert_int_equal(call_block(fx, SH_SYS_WRITE, h, BAD, 4, 0), SH_FAIL);	/* read-only file, bad buffer */
	assert_int_equal(call_block(fx, SH_SYS_READ, h, BAD, 4, 0), SH_FAIL);	/* the buffer */
	assert_non_null(strstr(log_text(fx), "SYS_READ: cannot write 4 bytes at 0xd0000000"));
	assert_int_equal(call_block(fx, SH_SYS_READ, h, BUF, 6, 0), 0);	/* nothing lost */
	assert_memory_equal(fx->ram + (BUF - RAM), "abcdef", 6);
	h = open_name(fx, "w.txt", 4);
	assert_int_equal(call_block(fx, SH_SYS_WRITE, h, BAD, 4, 0), SH_FAIL);
	assert_int_equal(call_block(fx, SH_SYS_FLEN, h, 0, 0, 0), 0);		/* nothing written */
}

/* One READ or WRITE moves at most SEMIHOSTING_XFER_MAX bytes: a 1 GiB WRITE is partial. */
static void test_bounded_transfer(void **state)
{
	struct fx_s *fx = *state;
	uint32_t h = open_name(fx, "big.bin", 5);

	assert_int_equal(call_block(fx, SH_SYS_WRITE, h, RAM, 0x40000000u, 0), 0x40000000u - SEMIHOSTING_XFER_MAX);
	assert_int_equal(call_block(fx, SH_SYS_FLEN, h, 0, 0, 0), SEMIHOSTING_XFER_MAX);
	/* a WRITE that runs off the end of memory: what could be read is written, the rest reported */
	assert_int_equal(call_block(fx, SH_SYS_WRITE, h, RAM + RAM_SIZE - 4096, 8192, 0), 4096);
}

static void test_open_limit(void **state)
{
	struct fx_s *fx = *state;

	for (unsigned i = 0; i < SEMIHOSTING_MAX_FILES; i++)
		assert_int_equal(open_name(fx, "many.txt", 4), i + 1);
	assert_int_equal(open_name(fx, "many.txt", 4), SH_FAIL);
	assert_int_equal(sh_errno(fx), EMFILE);
	assert_int_equal(open_name(fx, "many.txt", 12), SH_FAIL);		/* mode out of 0..11 */
	semihosting_reset(&fx->sh);						/* closes them all */
	assert_int_equal(open_name(fx, "many.txt", 0), 1);
}

static void test_features(void **state)
{
	struct fx_s *fx = *state;
	uint32_t h = open_name(fx, ":semihosting-features", 0);

	assert_int_equal(call_block(fx, SH_SYS_FLEN, h, 0, 0, 0), 6);
	assert_int_equal(call_block(fx, SH_SYS_READ, h, BUF, 4, 0), 0);
	assert_memory_equal(fx->ram + (BUF - RAM), "SHFB", 4);
	assert_int_equal(call_block(fx, SH_SYS_SEEK, h, 4, 0, 0), 0);
	assert_int_equal(call_block(fx, SH_SYS_READ, h, BUF, 8, 0), 6);	/* 2 read */
	assert_int_equal(fx->ram[BUF - RAM], 0x03);	/* EXIT_EXTENDED, STDOUT_STDERR */
	assert_int_equal(open_name(fx, ":semihosting-features", 4), SH_FAIL);	/* read-only */
}

static void test_misc(void **state)
{
	struct fx_s *fx = *state;
	uint32_t t, w[4] = { 1, 2, 3, 4 };

	t = call(fx, SH_SYS_TIME, 0);
	assert_true(t + 5 >= (uint32_t)time(NULL) && t <= (uint32_t)time(NULL));
	assert_true(call(fx, SH_SYS_CLOCK, 0) < 1000);		/* centiseconds since the start */
	assert_int_equal(call(fx, SH_SYS_TICKFREQ, 0), SEMIHOSTING_TICK_HZ);
	assert_int_equal(call(fx, SH_SYS_ELAPSED, BUF), 0);
	assert_true(word_at(fx, BUF + 4) == 0 && word_at(fx, BUF) < 10000000u);

	put_words(fx, BUF, w, 4);						/* HEAPINFO: zeros */
	put_words(fx, STR1, (uint32_t[]){ BUF }, 1);
	assert_int_equal(call(fx, SH_SYS_HEAPINFO, STR1), 0);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(word_at(fx, BUF + 4 * i), 0);

	fx->sh.cmdline = "app -v";
	assert_int_equal(call_block(fx, SH_SYS_GET_CMDLINE, BUF, 64, 0, 0), 0);
	assert_string_equal((char *)fx->ram + (BUF - RAM), "app -v");
	assert_int_equal(word_at(fx, BLOCK + 4), 6);
	assert_int_equal(call_block(fx, SH_SYS_GET_CMDLINE, BUF, 4, 0, 0), SH_FAIL);	/* too small */

	put_words(fx, STR1, (uint32_t[]){ 0xFFFFFFFEu }, 1);
	assert_int_equal(call(fx, SH_SYS_ISERROR, STR1), 1);
	put_words(fx, STR1, (uint32_t[]){ 5 }, 1);
	assert_int_equal(call(fx, SH_SYS_ISERROR, STR1), 0);

	assert_int_equal(call_block(fx, SH_SYS_TMPNAM, BUF, 7, 64, 0), 0);	/* relative: in the directory */
	assert_string_equal((char *)fx->ram + (BUF - RAM), "rspflash-tmp-007");
	assert_int_equal(call_block(fx, SH_SYS_TMPNAM, BUF, 7, 8, 0), SH_FAIL);

	strcpy((char *)fx->ram + (STR1 - RAM), "touch /tmp/x");		/* SYSTEM: never */
	assert_int_equal(call_block(fx, SH_SYS_SYSTEM, STR1, 12, 0, 0), SH_FAIL);
	assert_int_equal(sh_errno(fx), EPERM);
	assert_non_null(strstr(log_text(fx), "SYS_SYSTEM \"touch /tmp/x\" refused"));

	assert_int_equal(call(fx, 0x99, 0), SH_FAIL);				/* unknown: logged once */
	assert_int_equal(call(fx, 0x99, 0), SH_FAIL);
	assert_int_equal(sh_errno(fx), ENOSYS);
	assert_non_null(strstr(log_text(fx), "unknown operation 0x99"));
	assert_null(strstr(strstr(log_text(fx), "unknown operation 0x99") + 1, "unknown operation 0x99"));
}

static void expect_exit(struct fx_s *fx, uint32_t op, uint32_t param, int status)
{
	uint32_t r0;

	semihosting_reset(&fx->sh);
	assert_int_equal(semihosting_call(&fx->sh, op, param, &r0), SEMIHOSTING_EXIT);
	assert_true(fx->sh.exited);
	assert_int_equal(fx->sh.exit_status, status);
}

static void test_exit(void **state)
{
	struct fx_s *fx = *state;

	expect_exit(fx, SH_SYS_EXIT, SH_ADP_STOPPED_APPLICATION_EXIT, 0);	/* AArch32: R1 is the reason */
	put_words(fx, BLOCK, (uint32_t[]){ SH_ADP_STOPPED_APPLICATION_EXIT, 3 }, 2);
	expect_exit(fx, SH_SYS_EXIT_EXTENDED, BLOCK, 3);
	expect_exit(fx, SH_SYS_EXIT, BLOCK, 3);				/* or a block */
	put_words(fx, BLOCK, (uint32_t[]){ SH_ADP_STOPPED_RUNTIME_ERROR, 6 }, 2);
	expect_exit(fx, SH_SYS_EXIT_EXTENDED, BLOCK, 134);			/* abort(): 128 + SIGABRT */
	assert_non_null(strstr(log_text(fx), "semihosting: exit status 3"));
	semihosting_reset(&fx->sh);
	assert_false(fx->sh.exited);
}

static void test_set_dir(void **state)
{
	struct fx_s *fx = *state;
	char why[256], path[400];

	assert_int_equal(semihosting_set_dir(&fx->sh, "/nonexistent/dir", why, sizeof(why)), -1);
	assert_non_null(strstr(why, "/nonexistent/dir"));
	snprintf(path, sizeof(path), "%s/file", fx->top);
	write_host_file(path, "x");
	assert_int_equal(semihosting_set_dir(&fx->sh, path, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "not a directory"));
	assert_string_equal(fx->sh.dir, fx->dir);	/* unchanged by a refusal */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_console, setup, teardown),
		cmocka_unit_test_setup_teardown(test_console_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_host_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_confinement, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_pointers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bounded_transfer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_features, setup, teardown),
		cmocka_unit_test_setup_teardown(test_misc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_dir, setup, teardown),
	};

	return cmocka_run_group_tests_name("semihosting", tests, NULL, NULL) ? 1 : 0;
}
