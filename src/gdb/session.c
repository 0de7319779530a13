// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One GDB connection: receive → dispatch → reply, and while the target runs, poll it and
 * the connection at a steady pace (GDB_SESSION_POLL_US) until it stops or GDB sends 0x03.
 *
 * The steady poll matters twice: on the virtual board the CPU only advances while the
 * server talks to the probe (modeled time), so polling is what lets the program run; and
 * a 0x03 is seen within one poll period, so Ctrl-C halts the core within a few ms. The
 * loop sleeps between polls instead of spinning.
 *
 * When the client goes away without `D` (killed GDB, closed IDE, lost network): any
 * download in progress is dropped (nothing half-gathered is programmed), breakpoints and
 * watchpoints are removed so the program cannot stop on a stale one, and the core is left
 * as it was (running or halted), like OpenOCD; --on-disconnect halt|resume changes that.
 * The server then accepts the next client.
 */
#include "src/gdb/session.h"

#include <time.h>

#include "src/gdb/log.h"

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

/* While the target runs: 1 stopped and reported, 0 still running, -1 connection gone. */
static int session_running(struct gdb_s *g, struct rsp_conn_s *c)
{
	static const struct timespec tick = { 0, GDB_SESSION_POLL_US * 1000L };
	enum rsp_conn_status_e st = rsp_conn_poll(c);
	int r;

	if (gone(st))
		return -1;
	if (st == RSP_CONN_INTERRUPT) {
		log_info("interrupt (0x03) from GDB: halting the core");
		if (gdb_interrupt(g))
			log_error("cannot halt the core: %s", cortexm_error(g->t));
	}
	r = gdb_poll_running(g);
	if (r == 0) {
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

	log_debug("<- %.*s", (int)(len > 80 ? 80 : len), (const char *)data);
	end = gdb_dispatch(g, data, len);
	if (!g->reply.none)
		log_debug("-> %.*s", (int)(g->reply.len > 80 ? 80 : g->reply.len), (const char *)g->reply.data);
	if (gone(send_reply(g, c)))
		return -1;
	return end ? 1 : 0;
}

enum gdb_session_end_e gdb_session_run(struct gdb_s *g, struct rsp_conn_s *c)
{
	const uint8_t *data;
	size_t len;

	g->console = session_console;
	g->console_ctx = c;
	g->extended = false;
	g->running = GDB_RUN_NONE;
	for (;;) {
		enum rsp_conn_status_e st;
		int r;

		if (g->running != GDB_RUN_NONE) {
			if (session_running(g, c) < 0)
				break;
			continue;
		}
		st = rsp_conn_recv(c, &data, &len, -1);
		if (st == RSP_CONN_PACKET) {
			r = session_packet(g, c, data, len);
			if (r < 0)
				break;
			if (r > 0) {
				g->console = NULL;
				return GDB_SESSION_DETACHED;
			}
		} else if (st == RSP_CONN_OVERSIZE) {
			gdb_error(g, "packet longer than PacketSize (%u bytes) dropped", RSP_PACKET_SIZE);
			if (gone(send_reply(g, c)))
				break;
		} else if (gone(st)) {
			break;
		}
		/* RSP_CONN_INTERRUPT while halted: nothing to stop. */
	}
	g->console = NULL;
	gdb_disconnected(g);
	return GDB_SESSION_DISCONNECTED;
}
