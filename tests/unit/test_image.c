// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The image readers (src/image/): good ELF, Intel HEX, S-record and binary files become
 * sorted, merged segments; bad ones (checksum errors, records out of order, no loadable
 * segment, overlaps, truncated or unreadable files) fail with the file and the line or
 * offset in the message. Files are written into a temporary directory by the test.
 */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "src/image/image.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_image.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Writes len bytes to dir/name; returns the path (static buffer per call site is enough). */
static const char *write_file(const char *name, const void *data, size_t len)
{
	static char path[8][128];
	static unsigned k;
	char *p = path[k++ % 8];
	FILE *f;

	snprintf(p, 128, "%s/%s", dir, name);
	f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return p;
}

static const char *write_text(const char *name, const char *text)
{
	return write_file(name, text, strlen(text));
}

/* One Intel HEX record with its checksum (plus delta: a wrong checksum), appended to out. */
static void ihex(char *out, unsigned type, unsigned addr, const uint8_t *d, unsigned n, int delta)
{
	uint8_t sum = (uint8_t)(n + (addr >> 8) + addr + type);
	char *p = out + strlen(out);

	p += sprintf(p, ":%02X%04X%02X", n, addr & 0xFFFF, type);
	for (unsigned i = 0; i < n; i++) {
		p += sprintf(p, "%02X", d[i]);
		sum = (uint8_t)(sum + d[i]);
	}
	sprintf(p, "%02X\n", (uint8_t)(-sum + delta));
}

/* One S-record (type 0-9, address of its width) with its checksum (plus delta). */
static void srec(char *out, unsigned type, uint32_t addr, const uint8_t *d, unsigned n, int delta)
{
	static const unsigned ab[10] = { 2, 2, 3, 4, 0, 2, 3, 4, 3, 2 };
	unsigned na = ab[type];
	uint8_t sum = (uint8_t)(n + na + 1);
	char *p = out + strlen(out);

	p += sprintf(p, "S%u%02X", type, n + na + 1);
	for (unsigned i = na; i-- > 0;) {
		p += sprintf(p, "%02X", (addr >> (8 * i)) & 0xFF);
		sum = (uint8_t)(sum + (addr >> (8 * i)));
	}
	for (unsigned i = 0; i < n; i++) {
		p += sprintf(p, "%02X", d[i]);
		sum = (uint8_t)(sum + d[i]);
	}
	sprintf(p, "%02X\n", (uint8_t)(~sum + delta));
}

static const uint8_t pattern[32] = { 0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15,
				     16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31 };

/* Loads one file; on failure the error's message must contain every fragment given. */
static void load_fails(const char *path, enum image_format_e fmt, enum error_code_e code, ...)
{
	struct image_s im;
	struct error_s err;
	const char *frag;
	va_list ap;
	int rc;

	image_init(&im);
	error_clear(&err);
	rc = image_load(&im, path, fmt, false, 0, &err);
	if (rc == 0)
		rc = image_finish(&im, &err);
	image_free(&im);
	if (rc == 0)
		fail_msg("%s loaded, expected an error", path);
	assert_int_equal(err.code, code);
	va_start(ap, code);
	while ((frag = va_arg(ap, const char *)))
		if (!strstr(err.msg, frag))
			fail_msg("error '%s' lacks '%s'", err.msg, frag);
	va_end(ap);
}

static void load_ok(struct image_s *im, const char *path, enum image_format_e fmt, bool has_base, uint32_t base)
{
	struct error_s err;

	error_clear(&err);
	if (image_load(im, path, fmt, has_base, base, &err))
		fail_msg("%s: %s", path, err.msg);
}

static void finish_ok(struct image_s *im)
{
	struct error_s err;

	error_clear(&err);
	if (image_finish(im, &err))
		fail_msg("finish: %s", err.msg);
}

static void test_ihex_good(void **state)
{
	char text[2048] = "";
	uint8_t ela[2] = { 0x08, 0x00 }, esa[2] = { 0x10, 0x00 }, start[4] = { 0x08, 0x00, 0x01, 0x01 };
	struct image_s im;

	(void)state;
	ihex(text, 4, 0, ela, 2, 0);				/* base 0x08000000 */
	ihex(text, 0, 0xFFF0, pattern, 16, 0);			/* 0x0800FFF0: the end of the window */
	ihex(text, 4, 0, (uint8_t[]){ 0x08, 0x01 }, 2, 0);	/* next window: continues the segment */
	ihex(text, 0, 0x0000, pattern + 16, 16, 0);
	ihex(text, 2, 0, esa, 2, 0);				/* segment 0x1000 << 4 = 0x10000 */
	ihex(text, 0, 0x0010, pattern, 4, 0);
	ihex(text, 5, 0, start, 4, 0);
	ihex(text, 1, 0, NULL, 0, 0);
	image_init(&im);
	load_ok(&im, write_text("good.hex", text), IMAGE_AUTO, false, 0);
	finish_ok(&im);
	assert_int_equal(im.n_segs, 2);
	assert_int_equal(im.segs[0].addr, 0x00010010);	/* sorted: the segment-addressed record first */
	assert_int_equal(im.segs[0].len, 4);
	assert_int_equal(im.segs[1].addr, 0x0800FFF0);
	assert_int_equal(im.segs[1].len, 32);
	assert_memory_equal(im.segs[1].data, pattern, 32);
	assert_true(im.has_entry);
	assert_int_equal(im.entry, 0x08000101);
	assert_int_equal(im.total, 36);
	image_free(&im);
}

static void test_ihex_bad(void **state)
{
	char text[2048] = "", cut[2048];

	(void)state;
	/* a checksum error on line 2 */
	ihex(text, 0, 0x0000, pattern, 16, 0);
	ihex(text, 0, 0x0010, pattern, 16, 1);
	ihex(text, 1, 0, NULL, 0, 0);
	load_fails(write_text("csum.hex", text), IMAGE_AUTO, IMAGE_ERR_FORMAT, "csum.hex: line 2:", "checksum", NULL);
	/* no end-of-file record: truncated after line 2 */
	text[0] = '\0';
	ihex(text, 0, 0x0000, pattern, 16, 0);
	ihex(text, 0, 0x0010, pattern, 16, 0);
	load_fails(write_text("noeof.hex", text), IMAGE_AUTO, IMAGE_ERR_FORMAT, "noeof.hex: line 2:", "end-of-file",
		   NULL);
	/* cut in the middle of line 2 */
	snprintf(cut, sizeof(cut), "%.*s", (int)(strchr(text, '\n') - text + 20), text);
	load_fails(write_text("cut.hex", cut), IMAGE_AUTO, IMAGE_ERR_FORMAT, "cut.hex: line 2:", "cut short", NULL);
	/* unknown type, a record after EOF, not a record at all */
	text[0] = '\0';
	ihex(text, 6, 0, pattern, 2, 0);
	load_fails(write_text("type.hex", text), IMAGE_AUTO, IMAGE_ERR_FORMAT, "type.hex: line 1:", "type 06", NULL);
	text[0] = '\0';
	ihex(text, 1, 0, NULL, 0, 0);
	ihex(text, 0, 0, pattern, 4, 0);
	load_fails(write_text("after.hex", text), IMAGE_AUTO, IMAGE_ERR_FORMAT, "after.hex: line 2:", "after the end",
		   NULL);
	load_fails(write_text("junk.hex", ":00000001FF\n\nhello\n"), IMAGE_AUTO, IMAGE_ERR_FORMAT, "junk.hex: line 3:",
		   NULL);
	load_fails(write_text("digit.hex", ":0200000004G8F2\n:00000001FF\n"), IMAGE_AUTO, IMAGE_ERR_FORMAT,
		   "digit.hex: line 1:", "not a hex digit", NULL);
	/* a data record that wraps its 64 KiB window */
	text[0] = '\0';
	ihex(text, 0, 0xFFF8, pattern, 16, 0);
	ihex(text, 1, 0, NULL, 0, 0);
	load_fails(write_text("wrap.hex", text), IMAGE_AUTO, IMAGE_ERR_FORMAT, "wrap.hex: line 1:", "64 KiB", NULL);
}

static void test_overlap(void **state)
{
	char text[2048] = "", other[512] = "";
	struct image_s im;
	struct error_s err;

	(void)state;
	ihex(text, 4, 0, (uint8_t[]){ 0x08, 0x00 }, 2, 0);
	ihex(text, 0, 0x0000, pattern, 32, 0);
	ihex(text, 0, 0x0100, pattern, 16, 0);
	ihex(text, 0, 0x0010, pattern, 4, 0);	/* line 4 writes 0x08000010 again */
	ihex(text, 1, 0, NULL, 0, 0);
	load_fails(write_text("overlap.hex", text), IMAGE_AUTO, IMAGE_ERR_FORMAT, "overlap.hex line 4",
		   "overlap.hex line 2", "0x08000010", "overlaps", NULL);

	/* two files: the second's data overlaps the first's */
	text[0] = '\0';
	ihex(text, 4, 0, (uint8_t[]){ 0x08, 0x00 }, 2, 0);
	ihex(text, 0, 0x0000, pattern, 32, 0);
	ihex(text, 1, 0, NULL, 0, 0);
	srec(other, 3, 0x0800001C, pattern, 8, 0);
	srec(other, 7, 0, NULL, 0, 0);
	image_init(&im);
	error_clear(&err);
	load_ok(&im, write_text("a.hex", text), IMAGE_AUTO, false, 0);
	load_ok(&im, write_text("b.srec", other), IMAGE_AUTO, false, 0);
	assert_int_equal(image_finish(&im, &err), -1);
	assert_non_null(strstr(err.msg, "b.srec line 1"));
	assert_non_null(strstr(err.msg, "a.hex line 2"));
	image_free(&im);
}

static void test_srec_good(void **state)
{
	char text[2048] = "";
	struct image_s im;

	(void)state;
	srec(text, 0, 0, (const uint8_t *)"hdr", 3, 0);
	srec(text, 1, 0x1000, pattern, 8, 0);
	srec(text, 2, 0x012000, pattern, 8, 0);
	srec(text, 3, 0x08000000, pattern, 16, 0);
	srec(text, 3, 0x08000010, pattern + 16, 16, 0);
	srec(text, 5, 4, NULL, 0, 0);
	srec(text, 7, 0x08000101, NULL, 0, 0);
	image_init(&im);
	load_ok(&im, write_text("good.s37", text), IMAGE_AUTO, false, 0);
	finish_ok(&im);
	assert_int_equal(im.n_segs, 3);
	assert_int_equal(im.segs[0].addr, 0x1000);
	assert_int_equal(im.segs[1].addr, 0x12000);
	assert_int_equal(im.segs[2].addr, 0x08000000);
	assert_int_equal(im.segs[2].len, 32);
	assert_memory_equal(im.segs[2].data, pattern, 32);
	assert_int_equal(im.entry, 0x08000101);
	image_free(&im);
}

static void test_srec_bad(void **state)
{
	char text[2048] = "";

	(void)state;
	/* data going backwards on line 3 */
	srec(text, 0, 0, NULL, 0, 0);
	srec(text, 3, 0x08000100, pattern, 16, 0);
	srec(text, 3, 0x08000000, pattern, 16, 0);
	srec(text, 7, 0, NULL, 0, 0);
	load_fails(write_text("order.srec", text), IMAGE_AUTO, IMAGE_ERR_FORMAT, "order.srec: line 3:", "out of order",
		   NULL);
	/* a header after data */
	text[0] = '\0';
	srec(text, 3, 0x08000000, pattern, 16, 0);
	srec(text, 0, 0, NULL, 0, 0);
	srec(text, 7, 0, NULL, 0, 0);
	load_fails(write_text("hdr.srec", text), IMAGE_AUTO, IMAGE_ERR_FORMAT, "hdr.srec: line 2:", "out of order", NULL);
	/* data after the end record */
	text[0] = '\0';
	srec(text, 7, 0, NULL, 0, 0);
	srec(text, 3, 0x08000000, pattern, 16, 0);
	load_fails(write_text("end.srec", text), IMAGE_AUTO, IMAGE_ERR_FORMAT, "end.srec: line 2:", "out of order", NULL);
	/* checksum */
	text[0] = '\0';
	srec(text, 3, 0x08000000, pattern, 16, 0xFF);
	srec(text, 7, 0, NULL, 0, 0);
	load_fails(write_text("csum.srec", text), IMAGE_AUTO, IMAGE_ERR_FORMAT, "csum.srec: line 1:", "checksum", NULL);
	/* no end record */
	text[0] = '\0';
	srec(text, 3, 0x08000000, pattern, 16, 0);
	load_fails(write_text("cut.srec", text), IMAGE_AUTO, IMAGE_ERR_FORMAT, "cut.srec: line 1:", "end record", NULL);
	/* a count that does not match */
	text[0] = '\0';
	srec(text, 3, 0x08000000, pattern, 16, 0);
	srec(text, 5, 2, NULL, 0, 0);
	srec(text, 7, 0, NULL, 0, 0);
	load_fails(write_text("count.srec", text), IMAGE_AUTO, IMAGE_ERR_FORMAT, "count.srec: line 2:", "2 data records",
		   NULL);
	load_fails(write_text("s4.srec", "S4030000FC\n"), IMAGE_AUTO, IMAGE_ERR_FORMAT, "s4.srec: line 1:", "reserved",
		   NULL);
}

/* A 32-bit little-endian ELF executable: the header, n program headers, then data. */
struct elf_file_s {
	Elf32_Ehdr eh;
	Elf32_Phdr ph[3];
	uint8_t data[64];
};

static void elf_init(struct elf_file_s *f, unsigned nph)
{
	memset(f, 0, sizeof(*f));
	memcpy(f->eh.e_ident, ELFMAG, SELFMAG);
	f->eh.e_ident[EI_CLASS] = ELFCLASS32;
	f->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	f->eh.e_ident[EI_VERSION] = EV_CURRENT;
	f->eh.e_type = ET_EXEC;
	f->eh.e_machine = EM_ARM;
	f->eh.e_version = EV_CURRENT;
	f->eh.e_entry = 0x08000101;
	f->eh.e_phoff = offsetof(struct elf_file_s, ph);
	f->eh.e_ehsize = sizeof(Elf32_Ehdr);
	f->eh.e_phentsize = sizeof(Elf32_Phdr);
	f->eh.e_phnum = (Elf32_Half)nph;
	memcpy(f->data, pattern, 32);
	memcpy(f->data + 32, pattern, 32);
}

static void elf_ph(struct elf_file_s *f, unsigned i, uint32_t type, uint32_t off, uint32_t vaddr, uint32_t paddr,
		   uint32_t filesz, uint32_t memsz)
{
	f->ph[i] = (Elf32_Phdr){ .p_type = type, .p_offset = off, .p_vaddr = vaddr, .p_paddr = paddr,
				 .p_filesz = filesz, .p_memsz = memsz, .p_align = 4 };
}

static void test_elf_good(void **state)
{
	struct elf_file_s f;
	uint32_t d = offsetof(struct elf_file_s, data);
	struct image_s im;

	(void)state;
	elf_init(&f, 3);
	elf_ph(&f, 0, PT_LOAD, d, 0x08000000, 0x08000000, 32, 32);	/* .text */
	elf_ph(&f, 1, PT_LOAD, d + 32, 0x20000000, 0x08000020, 16, 64);	/* .data: at its LMA, .bss not */
	elf_ph(&f, 2, PT_LOAD, 0, 0x20000100, 0x20000100, 0, 256);	/* .bss alone: nothing */
	image_init(&im);
	load_ok(&im, write_file("good.elf", &f, sizeof(f)), IMAGE_AUTO, false, 0);
	finish_ok(&im);
	assert_int_equal(im.n_segs, 1);	/* adjacent LMAs merge */
	assert_int_equal(im.segs[0].addr, 0x08000000);
	assert_int_equal(im.segs[0].len, 48);
	assert_memory_equal(im.segs[0].data + 32, pattern, 16);
	assert_int_equal(im.entry, 0x08000101);
	image_free(&im);
}

static void test_elf_bad(void **state)
{
	struct elf_file_s f;
	uint32_t d = offsetof(struct elf_file_s, data);
	char at[32];

	(void)state;
	/* only a .bss and a note: nothing to load */
	elf_init(&f, 2);
	elf_ph(&f, 0, PT_LOAD, 0, 0x20000000, 0x20000000, 0, 256);
	elf_ph(&f, 1, PT_NOTE, d, 0, 0, 8, 8);
	snprintf(at, sizeof(at), "offset 0x%x:", (unsigned)f.eh.e_phoff);
	load_fails(write_file("noload.elf", &f, sizeof(f)), IMAGE_AUTO, IMAGE_ERR_FORMAT, "noload.elf: ", at,
		   "no loadable segment", NULL);
	/* a segment whose data lies past the end of the file (truncated) */
	elf_init(&f, 1);
	elf_ph(&f, 0, PT_LOAD, d, 0x08000000, 0x08000000, 64, 64);
	snprintf(at, sizeof(at), "offset 0x%x:", d);
	load_fails(write_file("cut.elf", &f, d + 16), IMAGE_AUTO, IMAGE_ERR_FORMAT, "cut.elf: ", at, "truncated", NULL);
	/* cut inside the header */
	load_fails(write_file("head.elf", &f, 20), IMAGE_AUTO, IMAGE_ERR_FORMAT, "head.elf: offset", NULL);
	/* two segments at the same LMA */
	elf_init(&f, 2);
	elf_ph(&f, 0, PT_LOAD, d, 0x08000000, 0x08000000, 32, 32);
	elf_ph(&f, 1, PT_LOAD, d + 32, 0x08000010, 0x08000010, 32, 32);
	snprintf(at, sizeof(at), "offset 0x%x", d + 32);
	load_fails(write_file("ovl.elf", &f, sizeof(f)), IMAGE_AUTO, IMAGE_ERR_FORMAT, "ovl.elf ", at, "overlaps",
		   NULL);
	/* an object file */
	elf_init(&f, 1);
	f.eh.e_type = ET_REL;
	load_fails(write_file("obj.elf", &f, sizeof(f)), IMAGE_AUTO, IMAGE_ERR_FORMAT, "obj.elf: offset", "ET_EXEC",
		   NULL);
}

static void test_bin_and_detection(void **state)
{
	struct image_s im;
	struct error_s err;

	(void)state;
	image_init(&im);
	load_ok(&im, write_file("fw.bin", pattern, 32), IMAGE_AUTO, true, 0x90000000);
	finish_ok(&im);
	assert_int_equal(im.n_segs, 1);
	assert_int_equal(im.segs[0].addr, 0x90000000);
	assert_int_equal(im.segs[0].len, 32);
	image_free(&im);
	/* no extension: HEX recognised by its content */
	image_init(&im);
	load_ok(&im, write_text("firmware", ":0400000001020304F2\n:00000001FF\n"), IMAGE_AUTO, false, 0);
	finish_ok(&im);
	assert_int_equal(im.segs[0].len, 4);
	image_free(&im);

	load_fails(write_file("raw.bin", pattern, 32), IMAGE_AUTO, IMAGE_ERR_FORMAT, "raw.bin:", "--base", NULL);
	load_fails(write_file("what", "\x01\x02\x03\x04", 4), IMAGE_AUTO, IMAGE_ERR_FORMAT, "what:", "--base", NULL);
	image_init(&im);
	error_clear(&err);
	assert_int_equal(image_load(&im, write_file("empty.bin", "", 0), IMAGE_AUTO, true, 0x08000000, &err), -1);
	assert_non_null(strstr(err.msg, "empty.bin: offset 0x0: the file is empty"));
	/* past 4 GiB */
	error_clear(&err);
	assert_int_equal(image_load(&im, write_file("high.bin", pattern, 32), IMAGE_BIN, true, 0xFFFFFFF0, &err), -1);
	assert_non_null(strstr(err.msg, "high.bin: offset 0x0:"));
	assert_non_null(strstr(err.msg, "4 GiB"));
	image_free(&im);
	/* unreadable */
	image_init(&im);
	error_clear(&err);
	assert_int_equal(image_load(&im, "/nonexistent/fw.hex", IMAGE_AUTO, false, 0, &err), -1);
	assert_int_equal(err.code, IMAGE_ERR_READ);
	assert_non_null(strstr(err.msg, "/nonexistent/fw.hex: cannot open"));
	image_free(&im);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ihex_good), cmocka_unit_test(test_ihex_bad), cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_srec_good), cmocka_unit_test(test_srec_bad), cmocka_unit_test(test_elf_good),
		cmocka_unit_test(test_elf_bad),	  cmocka_unit_test(test_bin_and_detection),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
