// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The options every subcommand shares, in groups (cli.h: CLI_G_*), and the parser that
 * joins them with a subcommand's own into one getopt_long table; --help is printed from
 * the same tables, so an option cannot exist without its line of help. Values are
 * checked whole: a number with a sign or a blank, a --verify with a bad token anywhere,
 * an over-long --probe are refused with "bad value", never cut or read loosely.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "src/cli/cli.h"
#include "src/gdb/rtt.h"
#include "src/log/log.h"
#include "src/probe/probe.h"

enum {
	K_PROBE = 'p', K_BOARD = 'b', K_TARGET = 't', K_SPEED = 's', K_OPTION = 'O', K_STATE = 'S', K_LOG = 'l',
	K_VERIFY = 'v', K_OTP = 'w', K_LOADER = 'L', K_PSIZE = 'Z', K_JSON = 'j', K_BASE = 'a', K_FORMAT = 'f',
	K_HELP = 'h', K_VERSION = 'V', K_CONFIG = 'C', K_SEMIHOSTING = 'H', K_SEMIHOSTING_DIR = 'D',
	K_RTT = 'R', K_RTT_SEARCH = 'e', K_RTT_ADDRESS = 'A', K_RTT_ID = 'I', K_RTT_PORT = 'P', K_RTT_POLL = 'M',
};

static const struct cli_opt_s probe_opts[] = {
	{ "probe", "SPEC", "sim[:BOARD] | jlink[:SERIAL] | jlink-tcp[:SERIAL]\n(default: sim:" CLI_DEFAULT_BOARD
	  ", the in-process virtual board); flash, verify\nand erase take several: each board at once", K_PROBE },
	{ "board", "NAME", "virtual board when --probe is not given (stm32l552, stm32f401,\n"
	  "stm32n657, alif-e7, stm32l562e-dk)", K_BOARD },
	{ "target", "NAME", "part name (default: detected from CPUID and DBGMCU_IDCODE)", K_TARGET },
	{ "speed", "KHZ", "SWD clock (default 4000)", K_SPEED },
	{ "option", "KEY=VALUE", "a board option of the virtual board (e.g. dbank=0, swap_bank=1;\n"
	  "see rspflash-sim --list-boards); may be repeated", K_OPTION },
	{ "state", "FILE", "the virtual board's flash, OTP and option bytes are loaded from FILE\n"
	  "(when it exists) and saved to it at exit, as rspflash-sim --state", K_STATE },
	{ "log-level", "L", "error | warn | info | debug (default: info for gdbserver, warn\notherwise)", K_LOG },
	{ NULL, NULL, NULL, 0 },
};

static const struct cli_opt_s flash_opts[] = {
	{ "verify", "SPEC", "l1=on|off,l2=off|crc|readback, or on / off (default l1=on,l2=crc)", K_VERIFY },
	{ "otp-write", NULL, "let a download program OTP (also: monitor otp enable)", K_OTP },
	{ "loader", "FILE[@ADDR]", "a CMSIS FLM or ST .stldr loader for external flash (its device at\n"
	  "ADDR, else where the loader says); replaces a built-in loader of\nthe same device; may be repeated",
	  K_LOADER },
	{ "psize", "W", "STM32F4 program width: x8 | x16 | x32 | auto (default auto: the\n"
	  "widest the target voltage allows)", K_PSIZE },
	{ NULL, NULL, NULL, 0 },
};

static const struct cli_opt_s semihosting_opts[] = {
	{ "semihosting", NULL, "serve the program's semihosting calls (BKPT 0xAB: console, files,\n"
	  "exit status); also: monitor semihosting enable", K_SEMIHOSTING },
	{ "semihosting-dir", "DIR", "the only directory the program's files may be in (default: the\n"
	  "working directory)", K_SEMIHOSTING_DIR },
	{ NULL, NULL, NULL, 0 },
};

static const struct cli_opt_s rtt_opts[] = {
	{ "rtt", NULL, "serve SEGGER RTT: the control block searched for in the part's RAM\n"
	  "(also: monitor rtt start)", K_RTT },
	{ "rtt-search", "ADDR:SIZE", "search this range instead (implies --rtt)", K_RTT_SEARCH },
	{ "rtt-address", "ADDR", "the control block is exactly there (implies --rtt)", K_RTT_ADDRESS },
	{ "rtt-id", "STRING", "the control block's ID (default \"SEGGER RTT\", 16 characters\nat most)", K_RTT_ID },
	{ "rtt-port", "PORT", "the GDB server's TCP port of channel 0, channel N on PORT+N\n(default 19021, "
	  "0: a free port per channel, each logged)", K_RTT_PORT },
	{ "rtt-poll-ms", "N", "poll the control block every N ms of the target's time while it\n"
	  "runs (default 10)", K_RTT_POLL },
	{ NULL, NULL, NULL, 0 },
};

static const struct cli_opt_s json_opts[] = {
	{ "json", NULL, "print the result as one JSON object on stdout (doc/cli-json.md)", K_JSON },
	{ NULL, NULL, NULL, 0 },
};

static const struct cli_opt_s image_opts[] = {
	{ "base", "ADDR", "load address of raw binary images (required for them)", K_BASE },
	{ "format", "F", "elf | ihex | srec | bin | auto (default auto: from the file name,\n"
	  "else its first bytes)", K_FORMAT },
	{ NULL, NULL, NULL, 0 },
};

static const struct cli_opt_s help_opts[] = {
	{ "help", NULL, "this text", K_HELP },
	{ "version", NULL, "the version", K_VERSION },
	{ "config", "FILE", "settings read before the command line (default: rspflash.conf in the\n"
	  "working directory, when it exists); keys are these long option names", K_CONFIG },
	{ NULL, NULL, NULL, 0 },
};

/* The option groups a command takes, in the order --help lists them. */
static unsigned groups_of(const struct cli_cmd_s *cmd, const struct cli_opt_s *tables[8])
{
	unsigned n = 0;

	if (cmd->opts)
		tables[n++] = cmd->opts;
	if (cmd->groups & CLI_G_IMAGE)
		tables[n++] = image_opts;
	if (cmd->groups & CLI_G_FLASH)
		tables[n++] = flash_opts;
	if (cmd->groups & CLI_G_SEMIHOSTING)
		tables[n++] = semihosting_opts;
	if (cmd->groups & CLI_G_RTT)
		tables[n++] = rtt_opts;
	if (cmd->groups & CLI_G_JSON)
		tables[n++] = json_opts;
	if (cmd->groups & CLI_G_PROBE)
		tables[n++] = probe_opts;
	tables[n++] = help_opts;
	return n;
}

static void print_opts(FILE *f, const struct cli_opt_s *t)
{
	for (; t->name; t++) {
		char head[48];
		const char *h = t->help;

		snprintf(head, sizeof(head), "--%s%s%s", t->name, t->arg ? " " : "", t->arg ? t->arg : "");
		fprintf(f, "  %-20s", head);
		if (strlen(head) >= 20)
			fprintf(f, "\n  %-20s", "");
		while (*h) {
			const char *nl = strchr(h, '\n');
			int n = nl ? (int)(nl - h) : (int)strlen(h);

			fprintf(f, "%s%.*s\n", h == t->help ? "" : "                      ", n, h);
			h += n + (nl ? 1 : 0);
		}
	}
}

void cli_usage(const struct cli_cmd_s *cmd, FILE *f)
{
	const struct cli_opt_s *tables[8];
	unsigned n = groups_of(cmd, tables);

	fprintf(f, "usage: rspflash %s [OPTIONS]%s%s\n\n%s\n\n", cmd->name, cmd->args[0] ? " " : "", cmd->args,
		cmd->summary);
	for (unsigned i = 0; i < n; i++)
		print_opts(f, tables[i]);
	fprintf(f, "\n%s", cli_exit_help());
}

void cli_usage_all(FILE *f)
{
	fprintf(f, "usage: rspflash [COMMAND] [OPTIONS] [ARGS]\n\n"
		   "GDB remote-serial-protocol server and production programmer for Cortex-M behind a\n"
		   "SEGGER J-Link, or the in-process virtual board when no --probe is given.\n\ncommands:\n");
	for (unsigned i = 0; cli_commands[i]; i++)
		fprintf(f, "  %-12s %s%s\n", cli_commands[i]->name, cli_commands[i]->summary,
			i == 0 ? " (the default)" : "");
	fprintf(f, "\n`rspflash COMMAND --help` shows a command's options.\n\n%s", cli_exit_help());
}

int cli_parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	char *end;
	unsigned long long v;

	/* strtoull alone also takes "-0", "+5" and " 5" */
	if (*s < '0' || *s > '9')
		return -1;
	v = strtoull(s, &end, 0);
	if (*end || v > max)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int cli_parse_verify(const char *spec, struct flash_options_s *v)
{
	char *words[1] = { (char *)spec }, msg[160];

	return flash_parse_verify(1, words, v, msg, sizeof(msg));	/* the vocabulary of `monitor verify` */
}

static int parse_psize(struct cli_opts_s *o, const char *arg)
{
	if (strcmp(arg, "x8") == 0 || strcmp(arg, "x16") == 0 || strcmp(arg, "x32") == 0) {
		o->flash.program_width = (unsigned)atoi(arg + 1) / 8;
		return 0;
	}
	if (strcmp(arg, "auto") != 0)
		return -1;
	o->flash.program_width = 0;
	return 0;
}

/* ADDR:SIZE, each decimal or 0x hex, the range inside the 4 GiB address space. */
static int parse_range(const char *arg, uint32_t *base, uint32_t *size)
{
	char a[32];
	const char *colon = strchr(arg, ':');

	if (!colon || (size_t)(colon - arg) >= sizeof(a))
		return -1;
	memcpy(a, arg, (size_t)(colon - arg));
	a[colon - arg] = '\0';
	if (cli_parse_u32(a, 0xFFFFFFFFu, base) || cli_parse_u32(colon + 1, 0xFFFFFFFFu, size) || *size == 0 ||
	    (uint64_t)*base + *size > 0x100000000ull)
		return -1;
	return 0;
}

static int apply_rtt(struct cli_opts_s *o, int key, const char *arg)
{
	switch (key) {
	case K_RTT: o->rtt = true; return 0;
	case K_RTT_SEARCH:
		o->rtt = o->rtt_has_search = true;
		o->rtt_has_address = false;
		return parse_range(arg, &o->rtt_search_base, &o->rtt_search_size);
	case K_RTT_ADDRESS:
		o->rtt = o->rtt_has_address = true;
		o->rtt_has_search = false;
		return cli_parse_u32(arg, 0xFFFFFFFFu, &o->rtt_address);
	case K_RTT_ID:
		o->rtt_id = arg;
		return strlen(arg) >= 1 && strlen(arg) <= RTT_ID_LEN ? 0 : -1;
	case K_RTT_PORT:
		o->rtt_has_port = true;
		return cli_parse_u32(arg, 65535, &o->rtt_port);
	default:
		return cli_parse_u32(arg, GDB_RTT_MAX_POLL_MS, &o->rtt_poll_ms) || o->rtt_poll_ms == 0 ? -1 : 0;
	}
}

int cli_apply_option(struct cli_opts_s *o, int key, const char *arg)
{
	enum log_level_e level;
	struct stat st;

	switch (key) {
	case K_PROBE:
		if (strlen(arg) >= CLI_PROBE_SPEC_MAX || o->n_probes >= CLI_MAX_PROBES)
			return -1;
		o->probe = o->probes[o->n_probes++] = arg;
		return 0;
	case K_BOARD:
		o->board = arg;
		return strlen("sim:") + strlen(arg) < CLI_PROBE_SPEC_MAX ? 0 : -1;
	case K_TARGET: o->target = arg; return 0;
	case K_STATE: o->state = arg; return 0;
	case K_SPEED: return cli_parse_u32(arg, PROBE_SPEED_MAX_KHZ, &o->speed_khz);
	case K_OPTION:
		if (!strchr(arg, '=') || o->n_board_options >= CLI_MAX_BOARD_OPTIONS)
			return -1;
		o->board_options[o->n_board_options++] = arg;
		return 0;
	case K_LOG:
		if (!log_parse_level(arg, &level))
			return -1;
		log_set_level(level);
		return 0;
	case K_VERIFY: return cli_parse_verify(arg, &o->flash);
	case K_OTP: o->flash.otp_write = true; return 0;
	case K_LOADER:
		if (o->n_loaders >= CLI_MAX_LOADERS)
			return -1;
		o->loaders[o->n_loaders++] = arg;
		return 0;
	case K_PSIZE: return parse_psize(o, arg);
	case K_SEMIHOSTING: o->semihosting = true; return 0;
	case K_SEMIHOSTING_DIR:
		/* checked now, so that a wrong one stops before any probe is opened */
		o->semihosting_dir = arg;
		return stat(arg, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
	case K_RTT: case K_RTT_SEARCH: case K_RTT_ADDRESS: case K_RTT_ID: case K_RTT_PORT: case K_RTT_POLL:
		return apply_rtt(o, key, arg);
	case K_JSON: o->json = true; return 0;
	case K_BASE:
		o->has_base = true;
		return cli_parse_u32(arg, 0xFFFFFFFFu, &o->base);
	case K_FORMAT: return image_parse_format(arg, &o->format) ? 0 : -1;
	default:
		return -1;
	}
}

const struct cli_opt_s *cli_shared_option(const struct cli_cmd_s *cmd, const char *name, bool *taken)
{
	/* what a file may set: probe and flash settings, not per-run ones (--json, --base...) */
	static const struct {
		const struct cli_opt_s *table;
		unsigned group;
	} files[] = { { probe_opts, CLI_G_PROBE }, { flash_opts, CLI_G_FLASH }, { semihosting_opts, CLI_G_SEMIHOSTING },
		      { rtt_opts, CLI_G_RTT } };

	for (unsigned i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		for (const struct cli_opt_s *t = files[i].table; t->name; t++)
			if (strcmp(t->name, name) == 0) {
				*taken = (cmd->groups & files[i].group) != 0;
				return t;
			}
	*taken = false;
	return NULL;
}

static bool is_shared(int key)
{
	return key < 256;
}

/* The getopt table of a command: its tables joined, ended by a zero entry. */
static unsigned build_longopts(const struct cli_cmd_s *cmd, struct option *lo, unsigned cap)
{
	const struct cli_opt_s *tables[8];
	unsigned nt = groups_of(cmd, tables), n = 0;

	for (unsigned i = 0; i < nt; i++)
		for (const struct cli_opt_s *t = tables[i]; t->name && n + 1 < cap; t++)
			lo[n++] = (struct option){ t->name, t->arg ? required_argument : no_argument, NULL, t->key };
	lo[n] = (struct option){ NULL, 0, NULL, 0 };
	return n;
}

/*
 * Several --probe: only where the command runs a gang (gang.c), each probe once (a board
 * programmed twice at once would be corrupted), and without --state (every board would
 * load and save the one file).
 */
static int check_probes(const struct cli_cmd_s *cmd, const struct cli_opts_s *o)
{
	if (o->n_probes < 2)
		return CLI_EXIT_OK;
	if (!cmd->gang) {
		fprintf(stderr, "rspflash %s: one --probe only (flash, verify and erase take several)\n", cmd->name);
		return CLI_EXIT_USAGE;
	}
	for (unsigned i = 0; i < o->n_probes; i++)
		for (unsigned k = i + 1; k < o->n_probes; k++)
			if (strcmp(o->probes[i], o->probes[k]) == 0) {
				fprintf(stderr, "rspflash %s: --probe %s given twice: each board is served once\n", cmd->name,
					o->probes[i]);
				return CLI_EXIT_USAGE;
			}
	if (o->state) {
		fprintf(stderr, "rspflash %s: --state with several --probe: every board would load and save %s\n",
			cmd->name, o->state);
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

/* The long name of option key c, for messages (argv can hold its value or "--name=value"). */
static const char *long_name(const struct option *lo, int c)
{
	for (; lo->name; lo++)
		if (lo->val == c)
			return lo->name;
	return "?";
}

int cli_parse(const struct cli_cmd_s *cmd, int argc, char **argv, struct cli_opts_s *o, int *first_arg)
{
	struct option lo[48];
	bool probe_given = false;
	int c, nargs;

	build_longopts(cmd, lo, sizeof(lo) / sizeof(lo[0]));
	c = cli_config_load(cmd, argc, argv, o);	/* first: the command line wins */
	if (c != CLI_EXIT_OK)
		return c;
	optind = 1;
	/* "+": stop at the first word, so `monitor reg pc` and its own dashes stay arguments */
	while ((c = getopt_long(argc, argv, cmd->words ? "+h" : "h", lo, NULL)) != -1) {
		if (c == K_HELP) {
			cli_usage(cmd, stdout);
			return -1;
		}
		if (c == K_CONFIG)
			continue;	/* read before the loop */
		if (c == K_PROBE && !probe_given) {
			probe_given = true;
			o->n_probes = 0;	/* the command line's probes replace the file's */
		}
		if (c == K_VERSION) {
			printf("rspflash %s\n", PACKAGE_VERSION);
			return -1;
		}
		if (c == '?' || (is_shared(c) ? cli_apply_option(o, c, optarg) : cmd->option(o, c, optarg))) {
			if (c != '?')
				fprintf(stderr, "rspflash %s: bad value '%s' for --%s\n", cmd->name, optarg,
					long_name(lo, c));
			fprintf(stderr, "`rspflash %s --help` lists the options\n", cmd->name);
			return CLI_EXIT_USAGE;
		}
	}
	if (check_probes(cmd, o) != CLI_EXIT_OK)
		return CLI_EXIT_USAGE;
	nargs = argc - optind;
	if (nargs < cmd->min_args || (cmd->max_args >= 0 && nargs > cmd->max_args)) {
		if (nargs > cmd->max_args && cmd->max_args >= 0)
			fprintf(stderr, "rspflash %s: unexpected argument '%s'\n", cmd->name, argv[optind + cmd->max_args]);
		else
			fprintf(stderr, "rspflash %s: expected %s\n", cmd->name, cmd->args);
		fprintf(stderr, "usage: rspflash %s [OPTIONS] %s\n", cmd->name, cmd->args);
		return CLI_EXIT_USAGE;
	}
	*first_arg = optind;
	return cmd->check_args ? cmd->check_args(o, nargs, argv + optind) : CLI_EXIT_OK;
}

int cli_fail(const char *cmd, int code, const struct error_s *err)
{
	char text[512];

	error_format(err, text, sizeof(text));
	fprintf(stderr, "rspflash %s: %s\n", cmd, text);
	return code;
}
