// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --rtt and its settings (options.c parses them) into the session's RTT (src/gdb/rtt.h),
 * for the GDB server (channels on TCP ports from --rtt-port, default 19021 as J-Link) and
 * for `rspflash run` (no ports: the up channels go to stdout, see cli_rtt_stdout).
 */
#include <poll.h>
#include <stdio.h>
#include <unistd.h>

#include "src/cli/cli.h"
#include "src/gdb/rtt.h"

int cli_rtt_setup(struct cli_target_s *ct, const struct cli_opts_s *o, bool serve_tcp, struct error_s *err)
{
	struct gdb_rtt_config_s cfg = {
		.id = o->rtt_id,
		.has_address = o->rtt_has_address,
		.address = o->rtt_address,
		.has_search = o->rtt_has_search,
		.search_base = o->rtt_search_base,
		.search_size = o->rtt_search_size,
		.serve_tcp = serve_tcp,
		.bind = o->bind,
		.port = (uint16_t)(o->rtt_has_port ? o->rtt_port : RTT_DEFAULT_PORT),
		.poll_ms = o->rtt_poll_ms,
	};
	char why[200];

	if (!o->rtt)
		return CLI_EXIT_OK;
	if (gdb_rtt_setup(&ct->g, &cfg, why, sizeof(why)) == 0)
		return CLI_EXIT_OK;
	error_set(err, ADI_ERR_ARG, "--rtt: %s", why);
	return CLI_EXIT_USAGE;
}

/*
 * The run's up channels on stdout, a whole line at a time, so that channels (and
 * semihosting output) interleave by lines, in the order they arrived: channel 0's lines as
 * they are, the others' marked "[rtt:N] ". A line longer than the buffer goes out in
 * pieces; what is left without a newline at the end goes out with cli_rtt_stdout_flush.
 */
#define LINE_MAX_BYTES 512u

struct stdout_sink_s {
	char line[RTT_MAX_CHANNELS][LINE_MAX_BYTES];
	size_t len[RTT_MAX_CHANNELS];
};

static struct stdout_sink_s stdout_sink;

static void put_line(unsigned ch)
{
	if (ch)
		printf("[rtt:%u] ", ch);
	fwrite(stdout_sink.line[ch], 1, stdout_sink.len[ch], stdout);
	stdout_sink.len[ch] = 0;
}

static void to_stdout(void *ctx, unsigned ch, const uint8_t *data, size_t len)
{
	struct stdout_sink_s *s = ctx;

	for (size_t i = 0; i < len; i++) {
		s->line[ch][s->len[ch]++] = (char)data[i];
		if (data[i] == '\n' || s->len[ch] == LINE_MAX_BYTES)
			put_line(ch);
	}
	fflush(stdout);
}

void cli_rtt_stdout(struct cli_target_s *ct)
{
	if (!ct->g.rtt)
		return;
	ct->g.rtt->sink = to_stdout;
	ct->g.rtt->sink_ctx = &stdout_sink;
}

void cli_rtt_stdout_flush(void)
{
	for (unsigned ch = 0; ch < RTT_MAX_CHANNELS; ch++)
		if (stdout_sink.len[ch]) {
			put_line(ch);
			putchar('\n');
		}
	fflush(stdout);
}

/* What arrives on stdin, for down channel 0 (as far as its host buffer has room); false at its end. */
bool cli_rtt_stdin(struct cli_target_s *ct)
{
	uint8_t buf[1024];
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	size_t room;
	ssize_t n;

	if (!ct->g.rtt)
		return false;
	room = rtt_down_room(&ct->g.rtt->core, 0);
	if (room == 0 || poll(&pfd, 1, 0) <= 0)
		return true;
	n = read(STDIN_FILENO, buf, room < sizeof(buf) ? room : sizeof(buf));
	if (n <= 0)
		return false;
	rtt_down_queue(&ct->g.rtt->core, 0, buf, (size_t)n);
	return true;
}
