// SPDX-License-Identifier: GPL-2.0-or-later
/* Timestamped, levelled log lines on stderr; see log.h. */
#include "src/gdb/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>

static enum log_level_e log_level = LOG_INFO;

static const char *const level_names[] = { "error", "warn", "info", "debug" };

void log_set_level(enum log_level_e level)
{
	log_level = level;
}

enum log_level_e log_get_level(void)
{
	return log_level;
}

bool log_parse_level(const char *s, enum log_level_e *level)
{
	for (unsigned i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
		if (strcasecmp(s, level_names[i]) == 0 || (s[0] == (char)('0' + i) && s[1] == '\0')) {
			*level = (enum log_level_e)i;
			return true;
		}
	}
	if (strcasecmp(s, "warning") == 0) {
		*level = LOG_WARN;
		return true;
	}
	return false;
}

bool log_enabled(enum log_level_e level)
{
	return level <= log_level;
}

static void log_line(enum log_level_e level, const char *msg)
{
	struct timeval tv;
	struct tm tm;
	char stamp[32];

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
	fprintf(stderr, "%s.%03ld %-5s %s\n", stamp, (long)(tv.tv_usec / 1000), level_names[level], msg);
}

void log_msg(enum log_level_e level, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (!log_enabled(level))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_line(level, msg);
}

void log_rsp(void *ctx, enum rsp_log_level_e level, const char *msg)
{
	(void)ctx;
	if (log_enabled((enum log_level_e)level))
		log_line((enum log_level_e)level, msg);
}
