// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The board's persistent state (--state FILE): the contents of its flash regions and what
 * each model saves (option bytes, OTP, external NOR arrays). A text header line per
 * section, then that section's raw bytes:
 *
 *   rspflash-sim-state 1 <board>
 *   region <name> <bytes>\n<raw bytes>
 *   model <name> <bytes>\n<raw bytes>
 *   end
 *
 * Written to a temporary file and renamed, so an interrupted save loses nothing. On load a
 * section's size must be plain decimal digits and no more than the bytes left in the file:
 * a model's loader allocates it (a size of -1 read as SIZE_MAX wrapped len + 1 to 0).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

#define STATE_MAGIC "rspflash-sim-state 1"

static bool region_persists(const struct sim_mem_s *m)
{
	return m->region->kind == SIM_REGION_FLASH && !m->region->alias_of;
}

static int save_models(struct sim *s, FILE *f)
{
	for (unsigned i = 0; i < s->n_models; i++) {
		const struct sim_model_s *m = s->models[i].model;
		char *buf = NULL;
		size_t len = 0;
		FILE *mem;
		if (!m->save)
			continue;
		mem = open_memstream(&buf, &len);
		if (!mem || m->save(s, s->models[i].ctx, mem)) {
			if (mem)
				fclose(mem);
			free(buf);
			return -1;
		}
		fclose(mem);
		fprintf(f, "model %s %zu\n", m->name, len);
		fwrite(buf, 1, len, f);
		free(buf);
	}
	return 0;
}

int sim_state_save(struct sim *s, const char *path, char *err, size_t errlen)
{
	char tmp[4096];
	FILE *f;
	int r = 0;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "wb");
	if (!f) {
		snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
		return -1;
	}
	fprintf(f, "%s %s\n", STATE_MAGIC, s->board->name);
	for (unsigned i = 0; i < s->bus.n_mems; i++) {
		const struct sim_mem_s *m = &s->bus.mems[i];
		if (!region_persists(m))
			continue;
		fprintf(f, "region %s %u\n", m->region->name, m->region->size);
		fwrite(m->data, 1, m->region->size, f);
	}
	r = save_models(s, f);
	fprintf(f, "end\n");
	if (fclose(f) || r || rename(tmp, path)) {
		snprintf(err, errlen, "cannot save state to %s: %s", path, strerror(errno));
		remove(tmp);
		return -1;
	}
	return 0;
}

static struct sim_mem_s *region_by_name(struct sim *s, const char *name)
{
	for (unsigned i = 0; i < s->bus.n_mems; i++)
		if (!strcmp(s->bus.mems[i].region->name, name) && region_persists(&s->bus.mems[i]))
			return &s->bus.mems[i];
	return NULL;
}

static int load_section(struct sim *s, FILE *f, const char *kind, const char *name, size_t len, char *err,
			size_t errlen)
{
	if (!strcmp(kind, "region")) {
		struct sim_mem_s *m = region_by_name(s, name);
		if (!m || m->region->size != len) {
			snprintf(err, errlen, "state file: board %s has no flash region '%s' of %zu bytes", s->board->name,
				 name, len);
			return -1;
		}
		return fread(m->data, 1, len, f) == len ? 0 : (snprintf(err, errlen, "state file: truncated"), -1);
	}
	for (unsigned i = 0; i < s->n_models; i++) {
		const struct sim_model_s *m = s->models[i].model;
		if (!strcmp(m->name, name) && m->load) {
			long start = ftell(f);
			if (m->load(s, s->models[i].ctx, f, len, err, errlen))
				return -1;
			return fseek(f, start + (long)len, SEEK_SET);
		}
	}
	snprintf(err, errlen, "state file: board %s has no model '%s'", s->board->name, name);
	return -1;
}

/* "KIND NAME BYTES\n" (modified in place); false unless exactly that. */
static bool parse_section_line(char *line, char **kind, char **name, unsigned long long *len)
{
	char *w[3], *save = NULL;
	int n = 0;

	line[strcspn(line, "\n")] = '\0';
	for (char *t = strtok_r(line, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		if (n == 3)
			return false;
		w[n++] = t;
	}
	/* digits only: strtoull and %zu take "-1" as the largest value */
	if (n != 3 || strspn(w[2], "0123456789") != strlen(w[2]))
		return false;
	*kind = w[0];
	*name = w[1];
	errno = 0;
	*len = strtoull(w[2], NULL, 10);
	return errno == 0;
}

/* The bytes from the current position to the end of f, or -1. */
static long bytes_left(FILE *f)
{
	long here = ftell(f), end;

	if (here < 0 || fseek(f, 0, SEEK_END))
		return -1;
	end = ftell(f);
	return fseek(f, here, SEEK_SET) || end < here ? -1 : end - here;
}

int sim_state_load(struct sim *s, const char *path, char *err, size_t errlen)
{
	char line[256], board[64], *kind, *name;
	unsigned long long len;
	long left;
	int r = -1;
	FILE *f = fopen(path, "rb");

	if (!f) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	if (!fgets(line, sizeof(line), f) || sscanf(line, STATE_MAGIC " %63s", board) != 1) {
		snprintf(err, errlen, "%s is not an rspflash-sim state file", path);
		goto out;
	}
	if (strcmp(board, s->board->name)) {
		snprintf(err, errlen, "%s holds the state of board %s, not %s", path, board, s->board->name);
		goto out;
	}
	while (fgets(line, sizeof(line), f)) {
		if (!strcmp(line, "end\n")) {
			r = 0;
			break;
		}
		if (!parse_section_line(line, &kind, &name, &len)) {
			snprintf(err, errlen, "%s: bad section line (expected 'region|model NAME BYTES')", path);
			goto out;
		}
		left = bytes_left(f);
		if (left < 0 || len > (unsigned long long)left) {
			snprintf(err, errlen, "%s: section %s '%s' of %llu bytes, but %ld bytes follow", path, kind,
				 name, len, left);
			goto out;
		}
		if (load_section(s, f, kind, name, (size_t)len, err, errlen))
			goto out;
	}
	if (r)
		snprintf(err, errlen, "%s: truncated state file (no 'end' line)", path);
out:
	fclose(f);
	return r;
}
