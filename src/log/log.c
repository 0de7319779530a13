// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Timestamped, levelled log lines on stderr (or a FILE a test gives); see log.h.
 *
 * Messages carry what clients send (packet text, monitor commands, names): every byte that
 * is not printable ASCII is written as an escape, so one message is always one line and
 * a client cannot forge log lines (an embedded newline) or drive the terminal (ESC).
 */
#include "src/log/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>

static enum log_level_e log_level = LOG_INFO;
static FILE *log_file;		/* NULL: stderr */
static char log_prefix[64];	/* "" or "[NAME] " */

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

void log_set_file(FILE *f)
{
	log_file = f;
}

void log_set_prefix(const char *prefix)
{
	char safe[sizeof(log_prefix) - 3];

	log_prefix[0] = '\0';
	if (!prefix)
		return;
	log_escape(prefix, safe, sizeof(safe));
	snprintf(log_prefix, sizeof(log_prefix), "[%s] ", safe);
}

size_t log_escape(const char *msg, char *out, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;

	if (cap == 0)
		return 0;
	for (const unsigned char *p = (const unsigned char *)msg; *p; p++) {
		char esc[5];
		size_t k;

		if (*p >= 0x20 && *p < 0x7f && *p != '\\') {
			esc[0] = (char)*p;
			k = 1;
		} else if (*p == '\\' || *p == '\n' || *p == '\r' || *p == '\t') {
			esc[0] = '\\';
			esc[1] = *p == '\n' ? 'n' : *p == '\r' ? 'r' : *p == '\t' ? 't' : '\\';
			k = 2;
		} else {
			esc[0] = '\\';
			esc[1] = 'x';
			esc[2] = hex[*p >> 4];
			esc[3] = hex[*p & 0xf];
			k = 4;
		}
		if (n + k >= cap)
			break;	/* whole escapes only */
		memcpy(out + n, esc, k);
		n += k;
	}
	out[n] = '\0';
	return n;
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
	char safe[LOG_MSG_MAX * 4];	/* an escape is at most 4 characters per byte */

	log_escape(msg, safe, sizeof(safe));
	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
	fprintf(log_file ? log_file : stderr, "%s.%03ld %-5s %s%s\n", stamp, (long)(tv.tv_usec / 1000),
		level_names[level], log_prefix, safe);
}

void log_msg(enum log_level_e level, const char *fmt, ...)
{
	char msg[LOG_MSG_MAX];
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
