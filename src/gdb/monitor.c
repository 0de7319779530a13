// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The qRcmd framework: decode the hex command, split it into words, find the command in
 * the tables (longest name first, so "flash info" wins over a would-be "flash"), check the
 * argument count, run it with its output streamed to GDB's console, and answer OK or Enn
 * (monitor.h). `help` lists the tables; an unknown command says so and lists the closest
 * names by edit distance. Nothing is silently dropped: extra words, an over-long line or a
 * malformed packet are refused with the reason.
 */
#include "src/gdb/monitor.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/log/log.h"
#include "src/rsp/hex.h"

static int cmd_help(struct gdb_s *g, int argc, char **argv);

static const struct mon_cmd_s mon_cmds_general[] = {
	{ "help", "[COMMAND]", 2, "list the commands, or show one command's usage", cmd_help },
	{ NULL, NULL, 0, NULL, NULL },
};

static const struct mon_cmd_s *const mon_tables[] = {
	mon_cmds_general, mon_cmds_target, mon_cmds_flash, mon_cmds_loader, mon_cmds_stm32l5, mon_cmds_debug,
	mon_cmds_semihosting, mon_cmds_rtt, NULL,
};

int mon_error(struct gdb_s *g, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	gdb_error_vset(g, fmt, ap);	/* an argument may be g->last_error itself */
	va_end(ap);
	log_error("monitor: %s", g->last_error);
	gdb_console_printf(g, "error: %s\n", g->last_error);
	return -1;
}

int mon_parse_u32(struct gdb_s *g, const char *s, const char *what, uint32_t *v)
{
	char *end;
	unsigned long long x;

	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || *end || end == s || x > 0xFFFFFFFFull || s[0] == '-')
		return mon_error(g, "%s: '%s' is not a number (decimal or 0x hex, up to 32 bits)", what, s);
	*v = (uint32_t)x;
	return 0;
}

unsigned mon_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned row[64], prev, tmp;

	if (lb >= 63)
		lb = 63;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned best = prev + (a[i - 1] != b[j - 1]);

			tmp = row[j];
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

/* How many words of argv the name matches entirely (0: no match). */
static int name_matches(const char *name, int argc, char **argv)
{
	int words = 0;
	const char *p = name;

	while (*p) {
		const char *sp = strchr(p, ' ');
		size_t n = sp ? (size_t)(sp - p) : strlen(p);

		if (words >= argc || strlen(argv[words]) != n || strncmp(argv[words], p, n) != 0)
			return 0;
		words++;
		p += n + (sp ? 1 : 0);
	}
	return words;
}

static const struct mon_cmd_s *mon_find(int argc, char **argv, int *words)
{
	const struct mon_cmd_s *best = NULL;

	*words = 0;
	for (unsigned t = 0; mon_tables[t]; t++) {
		for (const struct mon_cmd_s *c = mon_tables[t]; c->name; c++) {
			int w = name_matches(c->name, argc, argv);

			if (w > *words) {
				*words = w;
				best = c;
			}
		}
	}
	return best;
}

static void suggest(struct gdb_s *g, int argc, char **argv)
{
	char typed[64];
	unsigned shown = 0;

	snprintf(typed, sizeof(typed), "%s%s%s", argv[0], argc > 1 ? " " : "", argc > 1 ? argv[1] : "");
	for (unsigned limit = 1; limit <= 3 && !shown; limit++) {
		for (unsigned t = 0; mon_tables[t]; t++) {
			for (const struct mon_cmd_s *c = mon_tables[t]; c->name; c++) {
				unsigned d1 = mon_edit_distance(argv[0], c->name);
				unsigned d2 = mon_edit_distance(typed, c->name);

				if ((d1 <= limit || d2 <= limit) && shown < 6) {
					gdb_console_printf(g, "%s  %s %s\n", shown ? "" : "closest commands:\n", c->name, c->args);
					shown++;
				}
			}
		}
	}
	if (!shown)
		gdb_console_printf(g, "type 'monitor help' for the list of commands\n");
}

static int cmd_help(struct gdb_s *g, int argc, char **argv)
{
	int words;
	const struct mon_cmd_s *c = argc ? mon_find(argc, argv, &words) : NULL;

	if (argc && !c)
		return mon_error(g, "help: no command '%s'", argv[0]);
	if (c) {
		gdb_console_printf(g, "monitor %s %s\n  %s\n", c->name, c->args, c->help);
		return 0;
	}
	gdb_console_printf(g, "rspflash monitor commands:\n");
	for (unsigned t = 0; mon_tables[t]; t++)
		for (c = mon_tables[t]; c->name; c++)
			gdb_console_printf(g, "  %-16s %-24s %s\n", c->name, c->args, c->help);
	return 0;
}

/* True if word is the first word of a two-word command ("flash"). */
static bool is_group(const char *word)
{
	size_t n = strlen(word);

	for (unsigned t = 0; mon_tables[t]; t++)
		for (const struct mon_cmd_s *c = mon_tables[t]; c->name; c++)
			if (strncmp(c->name, word, n) == 0 && c->name[n] == ' ')
				return true;
	return false;
}

/* Splits line (modified) into words; returns their count, or -1 if there are more than max. */
static int split_words(char *line, char **argv, int max)
{
	int argc = 0;

	for (char *p = strtok(line, " \t\r\n"); p; p = strtok(NULL, " \t\r\n")) {
		if (argc == max)
			return -1;
		argv[argc++] = p;
	}
	return argc;
}

int mon_run(struct gdb_s *g, const char *line)
{
	char buf[MON_LINE_MAX], *argv[MON_MAX_ARGS + 2];
	const struct mon_cmd_s *c;
	size_t len = strlen(line);
	int argc, words;

	if (len >= sizeof(buf))
		return mon_error(g, "command of %zu bytes is longer than the %zu accepted", len, sizeof(buf) - 1);
	memcpy(buf, line, len + 1);
	argc = split_words(buf, argv, MON_MAX_ARGS + 2);
	if (argc < 0)
		return mon_error(g, "too many words: a command takes at most %d arguments", MON_MAX_ARGS);
	if (argc == 0)
		return cmd_help(g, 0, argv);
	c = mon_find(argc, argv, &words);
	if (!c) {
		if (argc > 1 && is_group(argv[0]))
			mon_error(g, "unknown command '%s %s'", argv[0], argv[1]);
		else
			mon_error(g, "unknown command '%s'", argv[0]);
		suggest(g, argc, argv);
		return -1;
	}
	log_info("monitor %s", line);
	if (argc - words > c->max_args)
		return mon_error(g, "%s: unexpected argument '%s' (usage: %s%s%s)", c->name, argv[words + c->max_args],
				 c->name, c->args[0] ? " " : "", c->args);
	return c->fn(g, argc - words, argv + words);
}

/* A malformed qRcmd: the reason to the console and the log (mon_error), then Enn. */
static int __attribute__((format(printf, 3, 4))) rcmd_refuse(struct gdb_s *g, unsigned nn, const char *fmt, ...)
{
	char why[sizeof(g->last_error)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	mon_error(g, "%s", why);
	gdb_reply_printf(g, "E%02x", nn);
	return -1;
}

/* "qRcmd,HEX" */
int gdb_q_rcmd(struct gdb_s *g, const char *pkt, size_t len)
{
	const char *hex = pkt + 6, *nul;
	size_t hexlen = len - 6;
	char line[MON_LINE_MAX];

	if (hexlen % 2)
		return rcmd_refuse(g, 2, "qRcmd: %zu hex digits, an odd number: the command is cut", hexlen);
	if (hexlen / 2 >= sizeof(line))
		return rcmd_refuse(g, 3, "qRcmd: command of %zu bytes is longer than the %zu accepted", hexlen / 2,
				   sizeof(line) - 1);
	for (size_t i = 0; i < hexlen; i++)
		if (rsp_hex_digit((unsigned char)hex[i]) < 0)
			return rcmd_refuse(g, 2, "qRcmd: byte 0x%02x at offset %zu is not a hex digit",
					   (unsigned char)hex[i], i);
	rsp_hex_decode(hex, hexlen, (uint8_t *)line);
	nul = memchr(line, '\0', hexlen / 2);
	if (nul)
		return rcmd_refuse(g, 2, "qRcmd: the command holds a NUL byte at offset %zu", (size_t)(nul - line));
	line[hexlen / 2] = '\0';
	if (mon_run(g, line))
		return gdb_error_nn(g, 1, "monitor %s: %s", line, g->last_error);
	gdb_reply_ok(g);
	return 0;
}
