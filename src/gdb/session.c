// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One GDB connection: receive → dispatch → reply, and while the target runs, poll it and
 * the connection at a steady pace (GDB_SESSION_POLL_US) until it stops or GDB sends 0x03.
 *
 * The steady poll matters twice: on the virtual board the CPU only advances while the
 * server talks to the probe (modeled time), so polling is what lets the program run; and
 * a 0x03 is seen within one poll period, so Ctrl-C halts the core within a few ms. The
 * loop sleeps between polls instead of spinning. Whatever else arrives while the target
 * runs is still taken and answered (a packet gets an error reply, see
 * refuse_while_running), so a disconnect, a newcomer to refuse and the 0x03 behind it are
 * always seen.
 *
 * When the client goes away without `D` (killed GDB, closed IDE, lost network): any
 * download in progress is dropped (nothing half-gathered is programmed), breakpoints and
 * watchpoints are removed so the program cannot stop on a stale one, and the core is left
 * as it was (running or halted), like OpenOCD; --on-disconnect halt|resume changes that.
 * The server then accepts the next client.
 */
#include "src/gdb/session.h"

#include <time.h>

#include "src/gdb/rtt.h"
#include "src/log/log.h"

static void session_console(void *ctx, const char *text)
{
	rsp_conn_send_console((struct rsp_conn_s *)ctx, text);
}

static enum rsp_conn_status_e send_reply(struct gdb_s *g, struct rsp_conn_s *c)
{
	if (g->reply.none)
		return RSP_CONN_OK;
	return rsp_conn_send(c, g->reply.kind, g->reply.data, g->reply.len);
}

static bool gone(enum rsp_conn_status_e st)
{
	return st == RSP_CONN_CLOSED || st == RSP_CONN_IO_ERROR || st == RSP_CONN_TIMEOUT;
}

/* The leading letters of a packet (its command name, e.g. qSupported, m, vCont): safe to log. */
static int command_name_len(const uint8_t *data, size_t len)
{
	size_t n = 0;

	while (n < len && n < 32 && ((data[n] | 0x20u) >= 'a' && (data[n] | 0x20u) <= 'z'))
		n++;
	return (int)n;
}

/*
 * A packet while the target runs. In all-stop mode GDB sends nothing but 0x03 until the
 * stop reply, but a script or a confused client may: it is answered with an error (not
 * executed, not dropped). An answer keeps every packet paired with its reply, so a
 * client waiting for one is not left hanging until the target happens to stop (which
 * may be never), and it says what to do. The target keeps running; 0x03 still stops it
 * and the stop reply still follows.
 */
static int refuse_while_running(struct gdb_s *g, struct rsp_conn_s *c, const uint8_t *data, size_t len)
{
	int n = command_name_len(data, len);

	gdb_error(g, "the target is running: packet '%.*s' not executed; send 0x03 (interrupt) and wait "
		  "for the stop reply first", n, (const char *)data);
	return gone(send_reply(g, c)) ? -1 : 0;
}

/* Polls the running target once; 1 stopped and reported, 0 still running, -1 connection gone. */
static int session_running(struct gdb_s *g, struct rsp_conn_s *c)
{
	static const struct timespec tick = { 0, GDB_SESSION_POLL_US * 1000L };
	int r = gdb_poll_running(g);

	if (r == 0) {
		gdb_rtt_tick(g);	/* RTT is polled while the target runs, at its own pace */
		nanosleep(&tick, NULL);
		return 0;
	}
	/* Stopped (stop reply) or lost (error reply): either way GDB gets its answer. */
	g->running = GDB_RUN_NONE;
	return gone(send_reply(g, c)) ? -1 : 1;
}

static int session_packet(struct gdb_s *g, struct rsp_conn_s *c, const uint8_t *data, size_t len)
{
	int end;

	if (g->running != GDB_RUN_NONE)
		return refuse_while_running(g, c, data, len);
	log_debug("<- %.*s", (int)(len > 80 ? 80 : len), (const char *)data);
	end = gdb_dispatch(g, data, len);
	if (!g->reply.none)
		log_debug("-> %.*s", (int)(g->reply.len > 80 ? 80 : g->reply.len), (const char *)g->reply.data);
	if (gone(send_reply(g, c)))
		return -1;
	return end ? 1 : 0;
}

/*
 * One event from the connection, halted or running alike: every packet gets its reply
 * (a loop that left one untaken would never see the next byte, 0x03 included).
 * Returns 1 when the session ends (detach), -1 when the client is gone, else 0.
 */
static int session_event(struct gdb_s *g, struct rsp_conn_s *c, enum rsp_conn_status_e st,
			 const uint8_t *data, size_t len)
{
	switch (st) {
	case RSP_CONN_PACKET:
		return session_packet(g, c, data, len);
	case RSP_CONN_OVERSIZE:
		gdb_error(g, "packet longer than PacketSize (%u bytes) dropped", RSP_PACKET_SIZE);
		return gone(send_reply(g, c)) ? -1 : 0;
	case RSP_CONN_INTERRUPT:
		if (g->running == GDB_RUN_NONE)
			return 0;	/* halted: nothing to stop */
		log_info("interrupt (0x03) from GDB: halting the core");
		if (gdb_interrupt(g))
			log_error("cannot halt the core: %s", cortexm_error(g->t));
		return 0;
	case RSP_CONN_OK:
	case RSP_CONN_TIMEOUT:
		return 0;	/* nothing arrived (a running target's poll) */
	default:
		return -1;
	}
}

enum gdb_session_end_e gdb_session_run(struct gdb_s *g, struct rsp_conn_s *c)
{
	g->console = session_console;
	g->console_ctx = c;
	g->extended = false;
	g->running = GDB_RUN_NONE;
	semihosting_reset(&g->sh);	/* files, errno and exit status of the last client's program go */
	gdb_target_reachable(g);	/* a failure is logged; the client's first packets say the rest */
	for (;;) {
		const uint8_t *data = NULL;
		size_t len = 0;
		bool running = g->running != GDB_RUN_NONE;
		/* While the target runs, only what has arrived: the target is polled in between. */
		enum rsp_conn_status_e st = rsp_conn_recv(c, &data, &len, running ? 0 : -1);
		int r = session_event(g, c, st, data, len);

		if (r > 0) {
			g->console = NULL;
			return GDB_SESSION_DETACHED;
		}
		if (r == 0 && g->running != GDB_RUN_NONE)
			r = session_running(g, c) < 0 ? -1 : 0;
		if (r < 0)
			break;
	}
	g->console = NULL;
	gdb_disconnected(g);
	return GDB_SESSION_DISCONNECTED;
}
