/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The listening side of the GDB server: binds (127.0.0.1 unless told otherwise), accepts
 * one client at a time and turns away any other that connects meanwhile.
 *
 * A second client is refused while the first is served, from inside the first one's
 * rsp_conn_recv/rsp_conn_send waits (through the connection's watch_fd), so the command
 * layer needs no code for it. The refusal waits up to RSP_BUSY_WAIT_MS for the
 * newcomer's first packet: a GDB (whose first packet is qSupported) gets `+` and the
 * reply `E.<message>`, then the connection closes. gdb-multiarch 13.1 then prints
 *     warning: Remote failure reply: E.rspflash is busy: another GDB client is ...
 *     Remote communication error.  Target disconnected.: Broken pipe.
 * and `target remote` fails (checked by hand against this code). A client that sends
 * nothing (nc, telnet) gets the message as one text line instead. Those waits run beside
 * the served client (busy.h), never in its way: it is delayed only by an accept and a
 * few non-blocking reads, however many newcomers wait.
 *
 * A client that disconnects and at once reconnects is served, not refused: the old
 * connection's end is read before the listening socket is looked at (conn.c, fill).
 */
#ifndef SRC_RSP_SERVER_H
#define SRC_RSP_SERVER_H

#include <stdint.h>

#include "src/rsp/conn.h"

#define RSP_SERVER_DEFAULT_BIND		"127.0.0.1"
#define RSP_BUSY_WAIT_MS		250
#define RSP_BUSY_MESSAGE \
	"rspflash is busy: another GDB client is connected; disconnect it first"

enum rsp_server_status_e {
	RSP_SERVER_OK,
	RSP_SERVER_TIMEOUT,	/* accept: nobody connected in time */
	RSP_SERVER_BUSY,	/* accept: a client is still being served */
	RSP_SERVER_ERR_ADDRESS,	/* the bind address or port does not parse */
	RSP_SERVER_ERR_BIND,	/* bind failed (port in use, permission) */
	RSP_SERVER_ERR_SOCKET,	/* socket, listen or accept failed */
	RSP_SERVER_ERR_NOMEM,
};

struct rsp_server_config_s {
	const char *bind_addr;	/* numeric IPv4/IPv6 or a host name; NULL: 127.0.0.1 */
	uint16_t port;		/* 0: any free port, see rsp_server_port() */
	rsp_log_fn *log;	/* may be NULL */
	void *log_ctx;
	const char *busy_message;	/* NULL: RSP_BUSY_MESSAGE */
};

struct rsp_server_s;

/*
 * A listening TCP socket on bind_addr (NULL: 127.0.0.1) and port (0: any free port),
 * non-blocking, SO_REUSEADDR, close-on-exec, into *fd; on failure logs why and returns the
 * cause. Also for the RTT channels' ports (src/rtt/rtt_tcp.c).
 */
enum rsp_server_status_e rsp_listen(const char *bind_addr, uint16_t port, rsp_log_fn *log, void *log_ctx, int *fd);
/* The port a socket is bound to (0 when unknown). */
uint16_t rsp_bound_port(int fd);

/* Opens the listening socket (SO_REUSEADDR). On failure logs why and returns the cause. */
enum rsp_server_status_e rsp_server_open(const struct rsp_server_config_s *cfg,
					 struct rsp_server_s **out);
void rsp_server_close(struct rsp_server_s *srv);	/* also ends an active client */

/* The port actually bound: the one asked for, or the one the kernel chose for port 0. */
uint16_t rsp_server_port(const struct rsp_server_s *srv);
/* The listening descriptor, for a caller's own poll loop. */
int rsp_server_fd(const struct rsp_server_s *srv);

/*
 * Waits up to timeout_ms (-1: forever) for a client and returns its connection in *out,
 * owned by the server until rsp_server_disconnect. conn_cfg's log and ack settings are
 * used; its watch fields are replaced by the busy-client handler.
 */
enum rsp_server_status_e rsp_server_accept(struct rsp_server_s *srv,
					   const struct rsp_conn_config_s *conn_cfg,
					   int timeout_ms, struct rsp_conn_s **out);

/* Ends the current client (closing its socket) so that the next one can be accepted. */
void rsp_server_disconnect(struct rsp_server_s *srv);

/* Clients turned away as busy so far. */
uint64_t rsp_server_refused(const struct rsp_server_s *srv);

const char *rsp_server_status_name(enum rsp_server_status_e st);

#endif /* SRC_RSP_SERVER_H */
