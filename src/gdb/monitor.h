/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `monitor` commands (qRcmd): a table of commands with their help text. A command prints
 * through gdb_console_printf (GDB's console, `O` packets, as it runs) and returns 0, or -1 after
 * mon_error. GDB 13 reads any reply to qRcmd other than OK or exactly Enn as hex console
 * output, so the error text itself goes out as console output first (and to the log), then:
 *   E01  the command failed (or is unknown, or has the wrong arguments);
 *   E02  the qRcmd packet is malformed: odd number of hex digits, a non-hex digit, a NUL;
 *   E03  the command is longer than MON_LINE_MAX - 1 bytes.
 * GDB shows these as "Protocol error with Rcmd" after the console text.
 */
#ifndef SRC_GDB_MONITOR_H
#define SRC_GDB_MONITOR_H

#include <stdbool.h>
#include <stdint.h>

#include "src/gdb/gdb.h"

#define MON_MAX_ARGS 8
/* Room for one command line with its NUL: longer lines are refused, never cut. */
#define MON_LINE_MAX 512

struct mon_cmd_s {
	const char *name;	/* one or two words: "halt", "flash info" */
	const char *args;	/* usage, "" when none */
	int max_args;		/* more is refused, naming the first extra argument */
	const char *help;	/* one line */
	int (*fn)(struct gdb_s *g, int argc, char **argv);	/* argv[0] = first argument */
};

/* Commands of monitor_cmds.c, monitor_flash.c, monitor_fault.c ..., ended by a NULL name. */
extern const struct mon_cmd_s mon_cmds_target[];
extern const struct mon_cmd_s mon_cmds_flash[];
extern const struct mon_cmd_s mon_cmds_debug[];
extern const struct mon_cmd_s mon_cmds_loader[];
extern const struct mon_cmd_s mon_cmds_stm32l5[];
extern const struct mon_cmd_s mon_cmds_semihosting[];
extern const struct mon_cmd_s mon_cmds_rtt[];

/* Runs one command line (also used by tests and by the command line). 0 or -1. */
int mon_run(struct gdb_s *g, const char *line);

int mon_error(struct gdb_s *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Argument parsers: number (0x.., decimal), on/off. Print the error themselves. */
int mon_parse_u32(struct gdb_s *g, const char *s, const char *what, uint32_t *v);

/* Levenshtein distance, for "did you mean". */
unsigned mon_edit_distance(const char *a, const char *b);

/* monitor_fault.c: disassemble n instructions at addr onto the console (capstone). */
int mon_disasm(struct gdb_s *g, uint32_t addr, unsigned n, uint32_t mark);

#endif /* SRC_GDB_MONITOR_H */
