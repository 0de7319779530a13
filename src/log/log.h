/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Log lines on stderr: "2026-11-22 02:31:07.123 INFO  message". One process-wide level
 * (--log-level error|warn|info|debug); the RSP layer logs through log_rsp(), which matches
 * its rsp_log_fn callback. Control and non-ASCII bytes in a message are escaped (\n, \r,
 * \t, \\, \xNN): messages quote what clients send, and one message stays one line.
 */
#ifndef SRC_LOG_LOG_H
#define SRC_LOG_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "src/rsp/conn.h"

enum log_level_e {
	LOG_ERROR = RSP_LOG_ERROR,
	LOG_WARN = RSP_LOG_WARN,
	LOG_INFO = RSP_LOG_INFO,
	LOG_DEBUG = RSP_LOG_DEBUG,
};

void log_set_level(enum log_level_e level);
enum log_level_e log_get_level(void);
/* "error", "warn", "info", "debug" (or 0..3); false if unknown. */
bool log_parse_level(const char *s, enum log_level_e *level);
bool log_enabled(enum log_level_e level);
/* Where lines go: f, or stderr when f is NULL (tests read the log back from a tmpfile). */
void log_set_file(FILE *f);
/* Text put before every message ("[jlink:123456] "), or none with NULL: a process that
 * serves one board of several says which (escaped as messages are, cut at 63 bytes). */
void log_set_prefix(const char *prefix);

/* The longest message kept (longer ones are cut). */
#define LOG_MSG_MAX 1024
/*
 * msg with every byte that is not printable ASCII (and the backslash) escaped, into out
 * (cap bytes, NUL-terminated, cut at a whole escape); returns the length written.
 */
size_t log_escape(const char *msg, char *out, size_t cap);

void log_msg(enum log_level_e level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/* The rsp_log_fn for src/rsp/ (ctx unused). */
void log_rsp(void *ctx, enum rsp_log_level_e level, const char *msg);

#endif /* SRC_LOG_LOG_H */
