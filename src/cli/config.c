// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The configuration file: `rspflash.conf` in the working directory, or the file --config
 * names. INI syntax (read with inih), keys are the long names of the shared options, in no
 * section or in [rspflash]:
 *
 *   probe = jlink:123456          ; --probe
 *   speed = 8000                  ; --speed
 *   verify = l1=on,l2=readback    ; --verify
 *   loader = boards/my.stldr      ; --loader (may be repeated)
 *   otp-write = yes               ; --otp-write (yes/no, true/false, on/off, 1/0)
 *
 * The file is read before the command line, so a flag wins over the file (repeatable
 * keys: --loader and --option add to the file's; several `probe` lines make a gang run,
 * and the command line's --probe replace them all). A key the command does not take (verify
 * for `probe-info`) is left alone; an unknown key or section, or a bad value, is an error
 * naming the file and line, and nothing runs.
 */
#include <ini.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "src/cli/cli.h"

#define CONFIG_DEFAULT "rspflash.conf"

struct config_ctx_s {
	const struct cli_cmd_s *cmd;
	struct cli_opts_s *o;
	char msg[200];		/* the first error */
};

/* yes/no words for a flag key: 1, 0, or -1 */
static int flag_value(const char *v)
{
	static const char *const yes[] = { "yes", "true", "on", "1" }, *const no[] = { "no", "false", "off", "0" };

	for (unsigned i = 0; i < 4; i++) {
		if (strcmp(v, yes[i]) == 0)
			return 1;
		if (strcmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* A value that must outlive the file: kept in the options' own store. */
static const char *keep(struct cli_opts_s *o, const char *v)
{
	size_t n = strlen(v) + 1;

	if (o->config_used + n > sizeof(o->config_store))
		return NULL;
	memcpy(o->config_store + o->config_used, v, n);
	o->config_used += n;
	return o->config_store + o->config_used - n;
}

static int on_entry(void *user, const char *section, const char *name, const char *value)
{
	struct config_ctx_s *c = user;
	const struct cli_opt_s *opt;
	bool taken;
	const char *v;
	int flag;

	if (c->msg[0])
		return 0;	/* keep the first error */
	if (*section && strcmp(section, "rspflash") != 0) {
		snprintf(c->msg, sizeof(c->msg), "unknown section [%s] (keys go in no section or in [rspflash])",
			 section);
		return 0;
	}
	opt = cli_shared_option(c->cmd, name, &taken);
	if (!opt) {
		snprintf(c->msg, sizeof(c->msg), "unknown key '%s' (the keys are the long names of rspflash's "
			 "shared options: `rspflash --help`)", name);
		return 0;
	}
	if (!taken)
		return 1;	/* not an option of this command */
	if (!opt->arg) {
		flag = flag_value(value);
		if (flag < 0) {
			snprintf(c->msg, sizeof(c->msg), "%s takes yes or no, not '%s'", name, value);
			return 0;
		}
		return !flag || cli_apply_option(c->o, opt->key, NULL) == 0 ? 1 : 0;
	}
	v = keep(c->o, value);
	if (!v || cli_apply_option(c->o, opt->key, v)) {
		snprintf(c->msg, sizeof(c->msg), v ? "bad value '%s' for %s" : "no room left for '%s' (%s)", value, name);
		return 0;
	}
	return 1;
}

/* --config FILE or --config=FILE anywhere before the positional arguments, or NULL. */
static const char *config_arg(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			return argv[i + 1];
		if (strncmp(argv[i], "--config=", 9) == 0)
			return argv[i] + 9;
	}
	return NULL;
}

int cli_config_load(const struct cli_cmd_s *cmd, int argc, char **argv, struct cli_opts_s *o)
{
	const char *path = config_arg(argc, argv);
	struct config_ctx_s c = { .cmd = cmd, .o = o };
	int line;

	if (!path) {
		if (access(CONFIG_DEFAULT, F_OK) != 0)
			return CLI_EXIT_OK;	/* no file: nothing to read */
		path = CONFIG_DEFAULT;
	}
	line = ini_parse(path, on_entry, &c);
	if (line == -1) {
		fprintf(stderr, "rspflash %s: cannot read the configuration file %s\n", cmd->name, path);
		return CLI_EXIT_USAGE;
	}
	if (line != 0) {
		fprintf(stderr, "rspflash %s: %s:%d: %s\n", cmd->name, path, line,
			c.msg[0] ? c.msg : "not a key = value line");
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}
