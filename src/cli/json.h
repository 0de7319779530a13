/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --json output, written with json-c (never by hand): one object per run on stdout, its
 * schema in doc/cli-json.md. Every object has "command", "ok", "exit_code" and "exit"
 * (cli_exit_name), and "error" when it failed.
 */
#ifndef SRC_CLI_JSON_H
#define SRC_CLI_JSON_H

#include <json-c/json.h>

#include "src/cli/cli.h"

/* {"command": name} */
struct json_object *cli_json_new(const char *command);
/* A new object with --json, else NULL (every helper below takes NULL and does nothing). */
struct json_object *cli_json_maybe(const struct cli_opts_s *o, const char *command);
/* The end of a command: the JSON object (j) or, without it, the error on stderr; returns code. */
int cli_finish(const char *command, struct json_object *j, int code, const struct error_s *err);
/* Adds ok / exit_code / exit / error (err may be NULL: no error object). */
void cli_json_result(struct json_object *j, int code, const struct error_s *err);
/* cli_json_result, then prints and frees j; returns code. */
int cli_json_end(struct json_object *j, int code, const struct error_s *err);
/* j[key] = v; with j NULL, v is freed. */
void cli_json_add(struct json_object *j, const char *key, struct json_object *v);
/* Shorthands that keep call sites to one line. */
void cli_json_int(struct json_object *j, const char *key, int64_t v);
void cli_json_str(struct json_object *j, const char *key, const char *s);	/* NULL: null */
void cli_json_bool(struct json_object *j, const char *key, bool v);
/* "time": {"seconds": s, "kind": "modeled"|"wall"} */
void cli_json_time(struct json_object *j, const struct cli_clock_s *c, struct probe_s *p);
/* "target": {"probe": spec, "part": name|null} */
void cli_json_target(struct json_object *j, const struct cli_target_s *ct);
/* [{"address", "length"}...] of the image's segments and its files */
void cli_json_image(struct json_object *j, const struct image_s *im);

#endif /* SRC_CLI_JSON_H */
