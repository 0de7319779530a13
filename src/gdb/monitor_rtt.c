// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `monitor rtt ...`: SEGGER RTT in the GDB server. OpenOCD 0.12's words where OpenOCD has
 * the command (setup, start, stop, channels, polling_interval, server start|stop), plus
 * status (also plain `rtt`), read and write. An unknown subcommand is refused with the list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/gdb/monitor.h"
#include "src/gdb/rtt.h"

#define RTT_WRITE_MAX 400	/* one `rtt write` line: the monitor line's bound */

static void show_cost(struct gdb_s *g)
{
	char line[512];

	gdb_rtt_cost_line(g, line, sizeof(line));
	gdb_console_printf(g, "%s\n", line);
}

static int rtt_status(struct gdb_s *g, int argc, char **argv)
{
	struct gdb_rtt_s *r = gdb_rtt_get(g);
	const struct rtt_s *c = &r->core;

	gdb_console_printf(g, "RTT: %s; ID '%s'; polling every %u ms\n", rtt_state_name(c->state), c->id, r->poll_ms);
	for (unsigned i = 0; i < c->n_search; i++)
		gdb_console_printf(g, "search range 0x%08x-0x%08x\n", c->search[i].base,
				   c->search[i].base + c->search[i].size - 1);
	if (c->state == RTT_ACTIVE)
		gdb_console_printf(g, "control block at 0x%08x: %u up, %u down channels\n", c->cb, c->n_up, c->n_down);
	if (c->error[0])
		gdb_console_printf(g, "last problem: %s\n", c->error);
	for (unsigned i = 0; i < RTT_TCP_MAX; i++)
		if (r->tcp.s[i].used)
			gdb_console_printf(g, "channel %u on port %u%s%s\n", r->tcp.s[i].channel, r->tcp.s[i].port,
					   r->tcp.s[i].cfd >= 0 ? ", client " : "", r->tcp.s[i].cfd >= 0 ? r->tcp.s[i].peer : "");
	show_cost(g);
	return 0;
}

static int rtt_setup(struct gdb_s *g, int argc, char **argv)
{
	struct gdb_rtt_s *r = gdb_rtt_get(g);
	struct gdb_rtt_config_s cfg = { .has_search = true, .id = argc > 2 ? argv[2] : NULL };
	char err[160];

	if (argc < 2)
		return mon_error(g, "rtt setup: expected ADDR SIZE [ID]");
	if (mon_parse_u32(g, argv[0], "rtt setup ADDR", &cfg.search_base) ||
	    mon_parse_u32(g, argv[1], "rtt setup SIZE", &cfg.search_size))
		return -1;
	if (cfg.search_size < RTT_HEADER_SIZE)
		return mon_error(g, "rtt setup: SIZE %u is smaller than a control block header (%u bytes)",
				 cfg.search_size, RTT_HEADER_SIZE);
	cfg.poll_ms = r->poll_ms;
	if (gdb_rtt_setup(g, &cfg, err, sizeof(err)))
		return mon_error(g, "rtt setup: %s", err);
	gdb_rtt_stop_user(g);	/* OpenOCD's order: setup, then start */
	gdb_console_printf(g, "RTT: searching 0x%08x-0x%08x for '%s' at `monitor rtt start`\n", cfg.search_base,
			   cfg.search_base + cfg.search_size - 1, r->core.id);
	return 0;
}

static int rtt_start_cmd(struct gdb_s *g, int argc, char **argv)
{
	struct gdb_rtt_s *r = gdb_rtt_get(g);
	int s;

	gdb_rtt_start(g);
	if (r->core.state == RTT_OFF)
		return mon_error(g, "rtt start: %s", r->core.error);
	/* the user asked: one whole pass now, so the answer is known at once */
	while ((s = rtt_search_step(&r->core)) == 0)
		;
	if (s < 0)
		return mon_error(g, "rtt start: %s", r->core.error);
	if (s == 1) {
		gdb_console_printf(g, "RTT: control block found at 0x%08x: %u up, %u down channels\n", r->core.cb,
				   r->core.n_up, r->core.n_down);
		gdb_rtt_found(g);
	} else {
		gdb_console_printf(g, "RTT: no control block '%s' yet; searching on while the target runs\n", r->core.id);
	}
	return 0;
}

static int rtt_stop_cmd(struct gdb_s *g, int argc, char **argv)
{
	gdb_rtt_stop_user(g);
	gdb_console_printf(g, "RTT: stopped\n");
	return 0;
}

static void show_channels(struct gdb_s *g, const struct rtt_channel_s *ch, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (ch[i].present)
			gdb_console_printf(g, "%u: %s %u %u (%s), %llu bytes so far\n", i, ch[i].name[0] ? ch[i].name : "-",
					   ch[i].size, ch[i].flags, rtt_mode_name(ch[i].flags),
					   (unsigned long long)ch[i].bytes);
		else
			gdb_console_printf(g, "%u: (stopped: failed its checks)\n", i);
}

static int rtt_channels(struct gdb_s *g, int argc, char **argv)
{
	const struct rtt_s *c = &gdb_rtt_get(g)->core;

	if (c->state != RTT_ACTIVE)
		return mon_error(g, "rtt channels: no control block (RTT is %s)", rtt_state_name(c->state));
	gdb_console_printf(g, "Channels: up=%u, down=%u\nUp-channels:\n", c->n_up, c->n_down);
	show_channels(g, c->up, c->n_up);
	gdb_console_printf(g, "Down-channels:\n");
	show_channels(g, c->down, c->n_down);
	return 0;
}

static int rtt_interval(struct gdb_s *g, int argc, char **argv)
{
	struct gdb_rtt_s *r = gdb_rtt_get(g);
	uint32_t ms;

	if (argc) {
		if (mon_parse_u32(g, argv[0], "rtt polling_interval", &ms))
			return -1;
		if (ms == 0 || ms > GDB_RTT_MAX_POLL_MS)
			return mon_error(g, "rtt polling_interval: %u ms is not in 1..%u", ms, GDB_RTT_MAX_POLL_MS);
		r->poll_ms = ms;
	}
	gdb_console_printf(g, "RTT polling interval: %u ms\n", r->poll_ms);
	return 0;
}

static int parse_channel(struct gdb_s *g, const char *s, const char *what, unsigned *ch)
{
	uint32_t v;

	if (mon_parse_u32(g, s, what, &v))
		return -1;
	if (v >= RTT_MAX_CHANNELS)
		return mon_error(g, "%s: channel %u is not in 0..%u", what, v, RTT_MAX_CHANNELS - 1);
	*ch = v;
	return 0;
}

static int rtt_server(struct gdb_s *g, int argc, char **argv)
{
	struct gdb_rtt_s *r = gdb_rtt_get(g);
	uint32_t port;
	unsigned ch = 0;
	uint16_t bound;

	if (argc == 3 && strcmp(argv[0], "start") == 0) {
		if (mon_parse_u32(g, argv[1], "rtt server start PORT", &port) ||
		    parse_channel(g, argv[2], "rtt server start CHANNEL", &ch))
			return -1;
		if (port > 65535)
			return mon_error(g, "rtt server start: port %u is not in 0..65535", port);
		if (rtt_tcp_open(&r->tcp, (uint16_t)port, ch, &bound))
			return mon_error(g, "rtt server start: cannot listen on port %u (see the server's log)", port);
		gdb_console_printf(g, "RTT channel %u on %s:%u\n", ch, r->tcp.bind[0] ? r->tcp.bind : "127.0.0.1", bound);
		return 0;
	}
	if (argc == 2 && strcmp(argv[0], "stop") == 0) {
		if (mon_parse_u32(g, argv[1], "rtt server stop PORT", &port))
			return -1;
		if (port > 65535 || rtt_tcp_close(&r->tcp, (uint16_t)port))
			return mon_error(g, "rtt server stop: no RTT server on port %u", port);
		gdb_console_printf(g, "RTT server on port %u stopped\n", port);
		return 0;
	}
	return mon_error(g, "rtt server: expected 'start PORT CHANNEL' or 'stop PORT'");
}

/* The data waiting on the host, as text: control bytes but newline and tab escaped. */
static void print_data(struct gdb_s *g, const uint8_t *p, size_t n)
{
	char text[1024];
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (k > sizeof(text) - 8) {
			text[k] = '\0';
			gdb_console_printf(g, "%s", text);
			k = 0;
		}
		if (p[i] == '\n' || p[i] == '\t' || (p[i] >= 0x20 && p[i] < 0x7f))
			text[k++] = (char)p[i];
		else
			k += (size_t)snprintf(text + k, sizeof(text) - k, "\\x%02x", p[i]);
	}
	text[k] = '\0';
	gdb_console_printf(g, "%s", text);
}

static int rtt_read(struct gdb_s *g, int argc, char **argv)
{
	struct gdb_rtt_s *r = gdb_rtt_get(g);
	unsigned ch = 0;
	const uint8_t *data;
	size_t n, total = 0;
	uint8_t last = '\n';

	if (argc && parse_channel(g, argv[0], "rtt read", &ch))
		return -1;
	if (gdb_rtt_on(g) && g->t->halted)
		gdb_rtt_stopped(g, false);	/* what the program wrote since the last poll */
	if (r->core.up[ch].host.dropped)
		gdb_console_printf(g, "(%llu older bytes of channel %u were dropped: nobody read them)\n",
				   (unsigned long long)r->core.up[ch].host.dropped, ch);
	while ((n = rtt_up_peek(&r->core, ch, &data)) > 0) {
		print_data(g, data, n);
		last = data[n - 1];
		rtt_up_consume(&r->core, ch, n);
		total += n;
	}
	if (!total)
		gdb_console_printf(g, "(no data on up channel %u)\n", ch);
	else if (last != '\n')
		gdb_console_printf(g, "\n");
	return 0;
}

static int rtt_write(struct gdb_s *g, int argc, char **argv)
{
	struct gdb_rtt_s *r = gdb_rtt_get(g);
	char text[RTT_WRITE_MAX];
	size_t n = 0, taken;
	unsigned ch = 0;

	if (argc < 2)
		return mon_error(g, "rtt write: expected CHANNEL TEXT");
	if (parse_channel(g, argv[0], "rtt write", &ch))
		return -1;
	for (int i = 1; i < argc; i++)	/* the words, one space apart, and a newline: one line */
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s%s", argv[i], i + 1 < argc ? " " : "\n");
	taken = rtt_down_queue(&r->core, ch, text, n);
	if (taken < n)
		return mon_error(g, "rtt write: down channel %u's host buffer is full (%zu of %zu bytes taken)", ch, taken, n);
	if (gdb_rtt_on(g) && g->t->halted)
		gdb_rtt_stopped(g, false);	/* into the target now; else at the next poll */
	gdb_console_printf(g, "RTT: %zu bytes for down channel %u%s\n", n, ch,
			   r->core.down_pending ? " (queued: written while the target runs)" : "");
	return 0;
}

struct rtt_sub_s {
	const char *name;
	const char *args;
	int min_args, max_args;
	int (*fn)(struct gdb_s *g, int argc, char **argv);
};

static const struct rtt_sub_s subs[] = {
	{ "status", "", 0, 0, rtt_status },
	{ "setup", "ADDR SIZE [ID]", 2, 3, rtt_setup },
	{ "start", "", 0, 0, rtt_start_cmd },
	{ "stop", "", 0, 0, rtt_stop_cmd },
	{ "channels", "", 0, 0, rtt_channels },
	{ "polling_interval", "[MS]", 0, 1, rtt_interval },
	{ "server", "start PORT CHANNEL | stop PORT", 2, 3, rtt_server },
	{ "read", "[CHANNEL]", 0, 1, rtt_read },
	{ "write", "CHANNEL TEXT", 2, MON_MAX_ARGS - 1, rtt_write },
};

static int cmd_rtt(struct gdb_s *g, int argc, char **argv)
{
	char list[256];
	size_t n = 0;

	if (!gdb_rtt_get(g))
		return mon_error(g, "rtt: out of memory");
	if (argc == 0)
		return rtt_status(g, 0, argv);
	for (unsigned i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		if (strcmp(argv[0], subs[i].name) != 0)
			continue;
		if (argc - 1 < subs[i].min_args || argc - 1 > subs[i].max_args)
			return mon_error(g, "rtt %s: usage: monitor rtt %s %s", subs[i].name, subs[i].name, subs[i].args);
		return subs[i].fn(g, argc - 1, argv + 1);
	}
	for (unsigned i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", i ? ", " : "", subs[i].name);
	return mon_error(g, "rtt: unknown subcommand '%s' (the subcommands: %s)", argv[0], list);
}

const struct mon_cmd_s mon_cmds_rtt[] = {
	{ "rtt", "[SUBCOMMAND ...]", MON_MAX_ARGS, "SEGGER RTT: status, setup ADDR SIZE [ID], start, stop, channels, "
	  "polling_interval [MS], server start PORT CH|stop PORT, read [CH], write CH TEXT", cmd_rtt },
	{ NULL, NULL, 0, NULL, NULL },
};
