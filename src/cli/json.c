// SPDX-License-Identifier: GPL-2.0-or-later
/* --json objects with json-c (json.h). */
#include "src/cli/json.h"

#include <stdio.h>

struct json_object *cli_json_new(const char *command)
{
	struct json_object *j = json_object_new_object();

	cli_json_str(j, "command", command);
	return j;
}

void cli_json_add(struct json_object *j, const char *key, struct json_object *v)
{
	if (j)
		json_object_object_add(j, key, v);
	else
		json_object_put(v);
}

/* Every helper takes j == NULL (no --json) and does nothing: call sites need no test. */
void cli_json_int(struct json_object *j, const char *key, int64_t v)
{
	if (!j)
		return;
	json_object_object_add(j, key, json_object_new_int64(v));
}

void cli_json_str(struct json_object *j, const char *key, const char *s)
{
	if (!j)
		return;
	json_object_object_add(j, key, s ? json_object_new_string(s) : NULL);
}

void cli_json_bool(struct json_object *j, const char *key, bool v)
{
	if (!j)
		return;
	json_object_object_add(j, key, json_object_new_boolean(v));
}

void cli_json_time(struct json_object *j, const struct cli_clock_s *c, struct probe_s *p)
{
	struct json_object *t;

	if (!j)
		return;
	t = json_object_new_object();
	json_object_object_add(t, "seconds", json_object_new_double(cli_clock_seconds(c, p)));
	cli_json_str(t, "kind", c->modeled ? "modeled" : "wall");
	json_object_object_add(j, "time", t);
}

void cli_json_target(struct json_object *j, const struct cli_target_s *ct)
{
	struct json_object *t;

	if (!j || !ct)
		return;
	t = json_object_new_object();
	cli_json_str(t, "probe", ct->spec);
	cli_json_str(t, "part", ct->t.part ? ct->t.part->name : NULL);
	json_object_object_add(j, "target", t);
}

void cli_json_image(struct json_object *j, const struct image_s *im)
{
	struct json_object *files, *segs;

	if (!j)
		return;
	files = json_object_new_array();
	segs = json_object_new_array();
	for (unsigned i = 0; i < im->n_files; i++) {
		struct json_object *f = json_object_new_object();

		cli_json_str(f, "path", im->files[i].path);
		cli_json_str(f, "format", image_format_name(im->files[i].format));
		json_object_array_add(files, f);
	}
	for (unsigned i = 0; i < im->n_segs; i++) {
		struct json_object *s = json_object_new_object();

		cli_json_int(s, "address", im->segs[i].addr);
		cli_json_int(s, "length", im->segs[i].len);
		json_object_array_add(segs, s);
	}
	json_object_object_add(j, "files", files);
	json_object_object_add(j, "segments", segs);
	cli_json_int(j, "bytes", (int64_t)im->total);
}

struct json_object *cli_json_maybe(const struct cli_opts_s *o, const char *command)
{
	return o->json ? cli_json_new(command) : NULL;
}

int cli_finish(const char *command, struct json_object *j, int code, const struct error_s *err)
{
	if (j)
		return cli_json_end(j, code, err);
	if (code != CLI_EXIT_OK && err && (err->msg[0] || err->code != ERR_OK))
		return cli_fail(command, code, err);
	return code;
}

void cli_json_result(struct json_object *j, int code, const struct error_s *err)
{
	cli_json_bool(j, "ok", code == CLI_EXIT_OK);
	cli_json_int(j, "exit_code", code);
	cli_json_str(j, "exit", cli_exit_name((enum cli_exit_e)code));
	if (code != CLI_EXIT_OK && err) {
		struct json_object *e = json_object_new_object();
		char text[512];

		error_format(err, text, sizeof(text));
		cli_json_str(e, "message", text);
		cli_json_str(e, "kind", err->code != ERR_OK ? error_code_name(err->code) : NULL);
		if (err->has_addr)
			cli_json_int(e, "address", err->addr);
		json_object_object_add(j, "error", e);
	}
}

int cli_json_end(struct json_object *j, int code, const struct error_s *err)
{
	cli_json_result(j, code, err);
	puts(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	fflush(stdout);
	json_object_put(j);
	return code;
}
