// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Progress on stderr (stdout holds the report or the JSON): a bar redrawn in place when
 * stderr is a terminal, otherwise one plain line at each quarter, which a log file or a
 * CI console shows without control characters. A board of a gang run (gang.c) shares the
 * terminal with the others: plain lines only, each naming the board.
 */
#include <unistd.h>

#include "src/cli/cli.h"

static const char *board_label;	/* NULL, or the probe of this process's board */

void cli_progress_label(const char *label)
{
	board_label = label;
}

void cli_progress_start(struct cli_progress_s *p, const char *what, uint64_t total)
{
	p->what = what;
	p->total = total ? total : 1;
	p->done = 0;
	p->tty = !board_label && isatty(STDERR_FILENO);
	p->last = 0;
}

static void draw_bar(struct cli_progress_s *p, unsigned pct)
{
	char bar[41];
	unsigned fill = pct * 40 / 100;

	for (unsigned i = 0; i < 40; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[40] = '\0';
	fprintf(stderr, "\r%-8s [%s] %3u%% %llu/%llu bytes", p->what, bar, pct, (unsigned long long)p->done,
		(unsigned long long)p->total);
	fflush(stderr);
}

void cli_progress_add(struct cli_progress_s *p, uint64_t n)
{
	unsigned pct;

	p->done += n;
	pct = (unsigned)(p->done * 100 / p->total);
	if (p->tty) {
		if (pct != p->last || p->done == n)
			draw_bar(p, pct);
		p->last = pct;
		return;
	}
	if (pct / 25 > p->last / 25 || p->done == n) {
		fprintf(stderr, "%s%s%s: %llu/%llu bytes (%u%%)\n", board_label ? board_label : "", board_label ? ": " : "",
			p->what, (unsigned long long)p->done, (unsigned long long)p->total, pct);
		p->last = pct;
	}
}

void cli_progress_end(struct cli_progress_s *p)
{
	if (p->tty)
		fputc('\n', stderr);
}
