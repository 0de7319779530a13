// SPDX-License-Identifier: GPL-2.0-or-later
/* Image segments: appending, sorting, overlaps, the format of a file (image.h). */
#include "src/image/image.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const format_names[] = {
	[IMAGE_AUTO] = "auto", [IMAGE_ELF] = "elf", [IMAGE_IHEX] = "ihex", [IMAGE_SREC] = "srec", [IMAGE_BIN] = "bin",
};

void image_init(struct image_s *im)
{
	memset(im, 0, sizeof(*im));
}

void image_free(struct image_s *im)
{
	for (unsigned i = 0; i < im->n_segs; i++)
		free(im->segs[i].data);
	for (unsigned i = 0; i < im->n_files; i++)
		free(im->files[i].path);
	free(im->segs);
	free(im->files);
	image_init(im);
}

bool image_parse_format(const char *name, enum image_format_e *format)
{
	for (unsigned i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++) {
		if (strcmp(name, format_names[i]) == 0) {
			*format = (enum image_format_e)i;
			return true;
		}
	}
	return false;
}

const char *image_format_name(enum image_format_e format)
{
	return (unsigned)format < sizeof(format_names) / sizeof(format_names[0]) ? format_names[format] : "?";
}

static bool by_line(enum image_format_e f)
{
	return f == IMAGE_IHEX || f == IMAGE_SREC;
}

int image_fail(struct error_s *err, const char *path, bool line, unsigned long where, const char *fmt, ...)
{
	char why[sizeof(err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (line)
		return error_set(err, IMAGE_ERR_FORMAT, "%s: line %lu: %s", path, where, why);
	return error_set(err, IMAGE_ERR_FORMAT, "%s: offset 0x%lx: %s", path, where, why);
}

void image_seg_origin(const struct image_s *im, const struct image_seg_s *s, char *buf, size_t len)
{
	const struct image_file_s *f = &im->files[s->file];

	if (by_line(f->format))
		snprintf(buf, len, "%s line %lu", f->path, s->where);
	else
		snprintf(buf, len, "%s offset 0x%lx", f->path, s->where);
}

int image_add(struct image_s *im, uint32_t addr, const uint8_t *data, uint32_t len, unsigned long where,
	      struct error_s *err)
{
	unsigned file = im->n_files - 1;
	const struct image_file_s *f = &im->files[file];
	struct image_seg_s *last = im->n_segs ? &im->segs[im->n_segs - 1] : NULL;
	uint8_t *grown;

	if (len == 0)
		return 0;
	if ((uint64_t)addr + len > 0x100000000ull)
		return image_fail(err, f->path, by_line(f->format), where,
				  "%u bytes at 0x%08x run past the end of the 4 GiB address space", len, addr);
	if (im->total + len > IMAGE_MAX_BYTES)
		return image_fail(err, f->path, by_line(f->format), where,
				  "the image grows past %u MiB, more than any flash served: a wrong base address?",
				  IMAGE_MAX_BYTES >> 20);
	/* a record that continues the previous one of the same file: one segment (HEX has 16-32 bytes a line) */
	if (last && last->file == file && (uint64_t)last->addr + last->len == addr) {
		grown = realloc(last->data, (size_t)last->len + len);
		if (!grown)
			return error_set(err, IMAGE_ERR_READ, "%s: out of memory for %u bytes", f->path, last->len + len);
		memcpy(grown + last->len, data, len);
		last->data = grown;
		last->len += len;
		im->total += len;
		return 0;
	}
	if (im->n_segs == im->cap_segs) {
		unsigned cap = im->cap_segs ? im->cap_segs * 2 : 16;
		struct image_seg_s *segs = realloc(im->segs, cap * sizeof(*segs));

		if (!segs)
			return error_set(err, IMAGE_ERR_READ, "%s: out of memory", f->path);
		im->segs = segs;
		im->cap_segs = cap;
	}
	last = &im->segs[im->n_segs];
	last->data = malloc(len);
	if (!last->data)
		return error_set(err, IMAGE_ERR_READ, "%s: out of memory for %u bytes", f->path, len);
	memcpy(last->data, data, len);
	last->addr = addr;
	last->len = len;
	last->file = file;
	last->where = where;
	im->n_segs++;
	im->total += len;
	return 0;
}

static bool has_suffix(const char *path, const char *const *suffixes)
{
	size_t n = strlen(path);

	for (; *suffixes; suffixes++) {
		size_t k = strlen(*suffixes);

		if (n > k && strcasecmp(path + n - k, *suffixes) == 0)
			return true;
	}
	return false;
}

/* The name first (a .bin may start with any byte), then the content. */
static enum image_format_e detect(const char *path, FILE *f, bool has_base)
{
	static const char *const elf[] = { ".elf", ".axf", ".out", NULL };
	static const char *const ihex[] = { ".hex", ".ihex", ".ihx", NULL };
	static const char *const srec[] = { ".srec", ".s19", ".s28", ".s37", ".mot", ".sx", NULL };
	static const char *const bin[] = { ".bin", NULL };
	unsigned char head[4] = { 0 };
	size_t n;

	if (has_suffix(path, elf))
		return IMAGE_ELF;
	if (has_suffix(path, ihex))
		return IMAGE_IHEX;
	if (has_suffix(path, srec))
		return IMAGE_SREC;
	if (has_suffix(path, bin))
		return IMAGE_BIN;
	n = fread(head, 1, sizeof(head), f);
	rewind(f);
	if (n == 4 && memcmp(head, "\177ELF", 4) == 0)
		return IMAGE_ELF;
	if (n >= 1 && head[0] == ':')
		return IMAGE_IHEX;
	if (n >= 2 && head[0] == 'S' && head[1] >= '0' && head[1] <= '9')
		return IMAGE_SREC;
	return has_base ? IMAGE_BIN : IMAGE_AUTO;
}

static int add_file(struct image_s *im, const char *path, enum image_format_e format, struct error_s *err)
{
	struct image_file_s *files = realloc(im->files, (im->n_files + 1) * sizeof(*files));

	if (!files)
		return error_set(err, IMAGE_ERR_READ, "%s: out of memory", path);
	im->files = files;
	files[im->n_files].path = strdup(path);
	files[im->n_files].format = format;
	if (!files[im->n_files].path)
		return error_set(err, IMAGE_ERR_READ, "%s: out of memory", path);
	im->n_files++;
	return 0;
}

int image_load(struct image_s *im, const char *path, enum image_format_e format, bool has_base, uint32_t base,
	       struct error_s *err)
{
	FILE *f = fopen(path, "rb");
	int rc;

	if (!f)
		return error_set(err, IMAGE_ERR_READ, "%s: cannot open: %s", path, strerror(errno));
	if (format == IMAGE_AUTO)
		format = detect(path, f, has_base);
	if (format == IMAGE_AUTO) {
		fclose(f);
		return error_set(err, IMAGE_ERR_FORMAT, "%s: not ELF, Intel HEX or S-record; a raw binary needs --base ADDR",
				 path);
	}
	if (format == IMAGE_BIN && !has_base) {
		fclose(f);
		return error_set(err, IMAGE_ERR_FORMAT, "%s: a raw binary needs --base ADDR (where its first byte goes)",
				 path);
	}
	if (add_file(im, path, format, err)) {
		fclose(f);
		return -1;
	}
	switch (format) {
	case IMAGE_ELF:
		fclose(f);	/* libelf reads through its own descriptor */
		return image_read_elf(im, path, err);
	case IMAGE_IHEX:
		rc = image_read_ihex(im, path, f, err);
		break;
	case IMAGE_SREC:
		rc = image_read_srec(im, path, f, err);
		break;
	default:
		rc = image_read_bin(im, path, f, base, err);
		break;
	}
	fclose(f);
	return rc;
}

static int seg_cmp(const void *a, const void *b)
{
	const struct image_seg_s *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->len < y->len ? -1 : x->len > y->len;
}

int image_finish(struct image_s *im, struct error_s *err)
{
	unsigned out = 0;

	if (!im->n_segs)
		return error_set(err, IMAGE_ERR_FORMAT, "%s: the image holds no data",
				 im->n_files ? im->files[im->n_files - 1].path : "(no file)");
	qsort(im->segs, im->n_segs, sizeof(im->segs[0]), seg_cmp);
	for (unsigned i = 1; i < im->n_segs; i++) {
		const struct image_seg_s *a = &im->segs[i - 1], *b = &im->segs[i];
		char wa[160], wb[160];

		if ((uint64_t)a->addr + a->len <= b->addr)
			continue;
		image_seg_origin(im, a, wa, sizeof(wa));
		image_seg_origin(im, b, wb, sizeof(wb));
		return error_set(err, IMAGE_ERR_FORMAT,
				 "%s: data at 0x%08x-0x%08x overlaps %s's at 0x%08x-0x%08x (address 0x%08x written twice)",
				 wb, b->addr, (uint32_t)((uint64_t)b->addr + b->len - 1), wa, a->addr,
				 (uint32_t)((uint64_t)a->addr + a->len - 1), b->addr);
	}
	/* adjacent segments (from different files or records out of order) become one */
	for (unsigned i = 0; i < im->n_segs; i++) {
		struct image_seg_s *prev = out ? &im->segs[out - 1] : NULL, *s = &im->segs[i];

		if (prev && (uint64_t)prev->addr + prev->len == s->addr) {
			uint8_t *grown = realloc(prev->data, (size_t)prev->len + s->len);

			if (!grown)
				return error_set(err, IMAGE_ERR_READ, "out of memory merging the image's segments");
			memcpy(grown + prev->len, s->data, s->len);
			prev->data = grown;
			prev->len += s->len;
			free(s->data);
			continue;
		}
		im->segs[out++] = *s;
	}
	im->n_segs = out;
	return 0;
}

int image_each_line(FILE *f, const char *path, size_t max, image_line_fn *fn, void *ctx, unsigned long *lines,
		    struct error_s *err)
{
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	*lines = 0;
	while (rc == 0 && (n = getline(&buf, &cap, f)) >= 0) {
		const char *s = buf;

		++*lines;
		while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
			buf[--n] = '\0';
		if ((size_t)n > max || strlen(buf) != (size_t)n) {
			rc = image_fail(err, path, true, *lines, "%s: not a text record (a binary file?)",
					(size_t)n > max ? "line too long" : "NUL byte in the line");
			break;
		}
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s)
			rc = fn(ctx, s, *lines, err);
	}
	if (rc == 0 && ferror(f))
		rc = error_set(err, IMAGE_ERR_READ, "%s: read error after line %lu: %s", path, *lines, strerror(errno));
	free(buf);
	return rc;
}
