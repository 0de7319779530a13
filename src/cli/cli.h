/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rspflash's command line: one file per subcommand (cmd_*.c), the options they share
 * (options.c), the one path that opens the probe and attaches the target (attach.c), the
 * exit codes (exit.h), JSON output (json.c, with json-c), progress (progress.c) and SIGINT
 * (interrupt.c). The flash work is the flash layer's (flash/flash.h), called as the GDB
 * layer calls it for vFlash*; `monitor` runs the GDB layer's monitor dispatcher.
 */
#ifndef SRC_CLI_CLI_H
#define SRC_CLI_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "flash/flash.h"
#include "src/cli/exit.h"
#include "src/gdb/gdb.h"
#include "src/image/image.h"

#define CLI_DEFAULT_PORT 2331
#define CLI_DEFAULT_BOARD "stm32l552"
/* The longest --probe spec (a J-Link nickname is far shorter): longer is refused, not cut. */
#define CLI_PROBE_SPEC_MAX 128
#define CLI_MAX_BOARD_OPTIONS 16
#define CLI_MAX_LOADERS 8
/* --probe given several times: a gang run, one board per probe (gang.c). */
#define CLI_MAX_PROBES 32

/* Which shared options a subcommand takes (struct cli_cmd_s.groups). */
enum {
	CLI_G_PROBE = 1 << 0,	/* --probe --board --target --speed --option --state --log-level */
	CLI_G_FLASH = 1 << 1,	/* --verify --otp-write --loader --psize */
	CLI_G_JSON = 1 << 2,	/* --json */
	CLI_G_IMAGE = 1 << 3,	/* --base --format */
	CLI_G_SEMIHOSTING = 1 << 4,	/* --semihosting --semihosting-dir */
	CLI_G_RTT = 1 << 5,		/* --rtt --rtt-search --rtt-address --rtt-id --rtt-port --rtt-poll-ms */
};

enum cli_erase_e { CLI_ERASE_NEEDED, CLI_ERASE_ALL };
enum cli_method_e { CLI_METHOD_CRC, CLI_METHOD_READBACK };

struct cli_opts_s {
	/* probe and target (CLI_G_PROBE) */
	const char *probe;		/* the probe of this run (NULL: the in-process virtual board) */
	const char *probes[CLI_MAX_PROBES];	/* every --probe, in order; several: a gang run */
	unsigned n_probes;
	const char *board;
	const char *target;
	const char *state;
	unsigned speed_khz;
	const char *board_options[CLI_MAX_BOARD_OPTIONS + 1];	/* NULL-terminated */
	unsigned n_board_options;
	/* flash settings (CLI_G_FLASH) */
	struct flash_options_s flash;
	const char *loaders[CLI_MAX_LOADERS];
	unsigned n_loaders;
	/* output */
	bool json;
	/* images (CLI_G_IMAGE) */
	bool has_base;
	uint32_t base;
	enum image_format_e format;
	/* subcommand options */
	enum cli_erase_e erase;		/* flash --erase needed|all */
	bool no_reset;			/* flash --no-reset */
	unsigned run_timeout_s;		/* run --timeout (0: the default) */
	bool run_no_catch;		/* run --no-catch-faults */
	enum cli_method_e method;	/* verify --method */
	bool all;			/* erase --all */
	bool halt;			/* reset --halt */
	/* gdbserver */
	const char *bind;
	unsigned port;
	enum gdb_disconnect_e on_disconnect;
	bool once;
	/* semihosting (CLI_G_SEMIHOSTING) */
	bool semihosting;
	const char *semihosting_dir;
	/* RTT (CLI_G_RTT) */
	bool rtt;
	bool rtt_has_search, rtt_has_address;	/* the last of --rtt-search / --rtt-address given */
	uint32_t rtt_search_base, rtt_search_size, rtt_address;
	const char *rtt_id;
	bool rtt_has_port;
	unsigned rtt_port;
	unsigned rtt_poll_ms;
	/* values read from the configuration file (config.c) live here */
	char config_store[4096];
	size_t config_used;
};

struct cli_opt_s {
	const char *name;
	const char *arg;	/* NULL: a flag */
	const char *help;	/* may span lines (indented by the help printer) */
	int key;
};

struct cli_cmd_s {
	const char *name;
	const char *args;		/* positional arguments in the usage line */
	const char *summary;		/* one line */
	unsigned groups;		/* CLI_G_* */
	const struct cli_opt_s *opts;	/* its own options, ended by a NULL name; may be NULL */
	int min_args, max_args;		/* positional arguments (max -1: any number) */
	bool words;			/* the arguments are a command's words: options end at the first */
	bool gang;			/* takes several --probe: one process per board (gang.c) */
	/* its own option: 0, or -1 for a bad value */
	int (*option)(struct cli_opts_s *o, int key, const char *arg);
	/* may be NULL: the positional arguments make sense (CLI_EXIT_OK), or CLI_EXIT_USAGE after
	 * saying why; checked by cli_parse, so a gang run refuses them once, before any board */
	int (*check_args)(const struct cli_opts_s *o, int argc, char **argv);
	int (*run)(const struct cli_opts_s *o, int argc, char **argv);	/* returns enum cli_exit_e */
};

/* The subcommands (cmd_*.c), and the table main() dispatches on (NULL-terminated). */
extern const struct cli_cmd_s cli_cmd_gdbserver, cli_cmd_flash, cli_cmd_verify, cli_cmd_erase, cli_cmd_read,
	cli_cmd_reset, cli_cmd_probe_info, cli_cmd_targets, cli_cmd_monitor, cli_cmd_run;
extern const struct cli_cmd_s *const cli_commands[];

/* options.c: parses argv (argv[0] is the command's name) into o; CLI_EXIT_OK to run,
 * CLI_EXIT_USAGE after printing why, or -1 after --help / --version (exit 0). *first_arg
 * receives the index of the first positional argument. */
int cli_parse(const struct cli_cmd_s *cmd, int argc, char **argv, struct cli_opts_s *o, int *first_arg);
void cli_usage(const struct cli_cmd_s *cmd, FILE *f);
/* config.c: the configuration file into o (before the command line): CLI_EXIT_OK, or
 * CLI_EXIT_USAGE after printing the file, line and what is wrong. */
int cli_config_load(const struct cli_cmd_s *cmd, int argc, char **argv, struct cli_opts_s *o);
/* options.c: the shared option called name (NULL: none); *taken: cmd takes it. */
const struct cli_opt_s *cli_shared_option(const struct cli_cmd_s *cmd, const char *name, bool *taken);
/* options.c: a shared option's value into o, as on the command line (arg NULL for a flag): 0, or -1. */
int cli_apply_option(struct cli_opts_s *o, int key, const char *arg);
void cli_usage_all(FILE *f);
/* Decimal or 0x hex, nothing else (no sign, no blanks): 0, or -1. */
int cli_parse_u32(const char *s, uint32_t max, uint32_t *out);
/* l1=on|off,l2=off|crc|readback, or on / off: 0, or -1. */
int cli_parse_verify(const char *spec, struct flash_options_s *v);

/* attach.c: the probe and the attached target, with the GDB layer's state around it
 * (flash layer, monitor commands). */
struct cli_target_s {
	struct probe_s *probe;
	char spec[CLI_PROBE_SPEC_MAX];
	struct cortexm_s t;
	struct gdb_s g;
	struct error_s err;	/* why open failed */
};
/*
 * Opens the probe, attaches the core, settles the part (strict: another part than
 * --target is an error, except for the GDB server, which uses --target as given) and,
 * with flash, opens the flash layer with the --verify/--loader settings. Returns
 * CLI_EXIT_OK with *out set, or an exit code with the reason in err (the caller reports it).
 */
int cli_target_open(const struct cli_opts_s *o, bool strict_part, struct cli_target_s **out, struct error_s *err);
/* Detaches (resume: let a halted core run) and closes the probe. */
void cli_target_close(struct cli_target_s *ct, bool resume);
/* --semihosting-dir into the session's semihosting state: CLI_EXIT_OK (also without one), or
 * CLI_EXIT_USAGE with err naming the directory and why. */
int cli_semihosting_dir(struct cli_target_s *ct, const struct cli_opts_s *o, struct error_s *err);
/* rtt.c: --rtt and its settings into the session (serve_tcp: the channels on TCP ports, for
 * the GDB server): CLI_EXIT_OK (also without --rtt), or CLI_EXIT_USAGE with err saying why. */
int cli_rtt_setup(struct cli_target_s *ct, const struct cli_opts_s *o, bool serve_tcp, struct error_s *err);
/* rtt.c, for `rspflash run`: the up channels on stdout a line at a time (channel 0 as is, the others' lines
 * marked "[rtt:N] "); what stdin brings to down channel 0 (false once stdin has ended). */
void cli_rtt_stdout(struct cli_target_s *ct);
void cli_rtt_stdout_flush(void);	/* at the end: lines not ended by a newline */
bool cli_rtt_stdin(struct cli_target_s *ct);
/* The flash layer, or an exit code with err set when the part has none. */
int cli_need_flash(struct cli_target_s *ct, struct error_s *err);

/* cmd_flash.c: reset and halt, then the images into flash (erase as --erase says, program,
 * verify as --verify says); the core stays halted. An exit code, err set on failure. */
int cli_flash_program(struct cli_target_s *ct, const struct cli_opts_s *o, const struct image_s *im,
		      struct error_s *err);

/* interrupt.c: SIGINT sets a flag the long loops check (a second SIGINT ends at once). */
void cli_interrupt_install(void);
bool cli_interrupted(void);

/* images.c: reads the image files and checks every segment lies in a flash bank. */
int cli_images_read(const struct cli_opts_s *o, int argc, char **argv, struct image_s *im, struct error_s *err);
int cli_images_check(struct cli_target_s *ct, const struct image_s *im, struct error_s *err);
/* flash and verify begin alike: SIGINT caught, the images read, then the target opened
 * (strict part), each added to j (the --json object, or NULL). An exit code. */
struct json_object;
int cli_images_open(const struct cli_opts_s *o, int argc, char **argv, struct json_object *j, struct image_s *im,
		    struct cli_target_s **ct, struct error_s *err);

/* clock.c: modeled time on the virtual board, wall time elsewhere. */
struct cli_clock_s {
	bool modeled;
	uint64_t start_ns;
};
void cli_clock_start(struct cli_clock_s *c, struct probe_s *p);
double cli_clock_seconds(const struct cli_clock_s *c, struct probe_s *p);

/* progress.c: a bar on a terminal, plain lines (at each quarter) otherwise; on stderr. */
struct cli_progress_s {
	const char *what;
	uint64_t total, done;
	bool tty;
	unsigned last;		/* last percentage or quarter shown */
};
void cli_progress_start(struct cli_progress_s *p, const char *what, uint64_t total);
void cli_progress_add(struct cli_progress_s *p, uint64_t n);
void cli_progress_end(struct cli_progress_s *p);

/* progress.c: this process serves the board of probe label in a gang run (plain lines, named). */
void cli_progress_label(const char *label);

/*
 * gang.c: cmd run once per --probe (o->probes), each board in a process of its own, all at
 * once; prints a report per board (or one JSON document with an entry per board) and
 * returns the most serious board's exit code (cli_exit_worse).
 */
int cli_gang_run(const struct cli_cmd_s *cmd, const struct cli_opts_s *o, int argc, char **argv);

/* cmd_monitor.c: opens the target and runs one monitor command line, its output on stdout. */
int cli_monitor_line(const struct cli_opts_s *o, const char *cmd, const char *line);

/* Prints an error on stderr ("rspflash flash: ...") and returns code. */
int cli_fail(const char *cmd, int code, const struct error_s *err);

#endif /* SRC_CLI_CLI_H */
