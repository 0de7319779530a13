/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One GDB client over a connected stream socket: acknowledgments, QStartNoAckMode,
 * resending on `-`, timeouts, interrupt polling while the target runs, and a clean,
 * distinct report of a client that goes away at any point.
 *
 * A client that stops cooperating is dropped, not waited for: no `+` to a reply within
 * the ack timeout (2 s), or a reply it does not read within the write timeout (10 s),
 * ends the connection (every later call returns at once), so a stuck client costs the
 * server one bounded wait, never one per reply.
 *
 * Acknowledgments (gdb manual, "Packet Acknowledgment"): in ack mode every packet is
 * answered `+` (or `-`: resend) before anything else. This connection acks GDB's packets
 * itself, and rsp_conn_send() waits for GDB's `+` to each reply, resending on `-`, as
 * gdbserver does. QStartNoAckMode is handled here too, not passed to the command layer:
 * the connection acks it, replies OK, and leaves ack mode once GDB has acked that OK,
 * as the manual orders. The command layer advertises `QStartNoAckMode+` in qSupported
 * unless it set no_ack_disabled.
 *
 * The descriptor must be a stream socket (send() with MSG_NOSIGNAL keeps a vanished
 * client from raising SIGPIPE); the connection makes it non-blocking. Not thread-safe:
 * one thread owns a connection.
 */
#ifndef SRC_RSP_CONN_H
#define SRC_RSP_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/rsp/packet.h"

enum rsp_log_level_e {
	RSP_LOG_ERROR,
	RSP_LOG_WARN,
	RSP_LOG_INFO,
	RSP_LOG_DEBUG,
};

typedef void rsp_log_fn(void *ctx, enum rsp_log_level_e level, const char *msg);

/* Formats a message (up to 255 characters) and passes it to log; nothing when log is NULL. */
void rsp_logf(rsp_log_fn *log, void *ctx, enum rsp_log_level_e level, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* What a connection call ended with. */
enum rsp_conn_status_e {
	RSP_CONN_OK,		/* send: written (and acked in ack mode) */
	RSP_CONN_PACKET,	/* recv: a packet is available */
	RSP_CONN_INTERRUPT,	/* recv: 0x03 arrived */
	RSP_CONN_OVERSIZE,	/* recv: a packet longer than RSP_PACKET_SIZE was dropped (and
				 * acked): reply with an error, GDB waits for a reply */
	RSP_CONN_TIMEOUT,	/* recv: no packet in time; send: no ack in time (the
				 * connection is then dead: later calls return IO_ERROR) */
	RSP_CONN_CLOSED,	/* the client went away (EOF, reset, broken pipe): stop using it */
	RSP_CONN_IO_ERROR,	/* another socket error, logged: stop using the connection */
};

struct rsp_conn_config_s {
	rsp_log_fn *log;	/* may be NULL: messages are dropped */
	void *log_ctx;
	/* How long rsp_conn_send waits for GDB's `+` in ack mode; 0 means 2000 ms. */
	int ack_timeout_ms;
	/* How long a write waits for a client that does not read; 0 means 10000 ms. */
	int write_timeout_ms;
	/* Stay in ack mode: QStartNoAckMode reaches the caller like any other packet. */
	bool no_ack_disabled;
	/*
	 * Another descriptor to service while this connection waits (recv, ack wait):
	 * when it is readable, watch_ready(watch_ctx) runs, after this connection's own
	 * input has been read (and not when that input ends the connection). The server uses it to
	 * turn away a second client while one is served. watch_fd < 0 disables it.
	 */
	int watch_fd;
	void (*watch_ready)(void *watch_ctx);
	void *watch_ctx;
};

struct rsp_conn_stats_s {
	uint64_t packets_in;	/* delivered to the caller (QStartNoAckMode included) */
	uint64_t replies_out;
	uint64_t resends;	/* replies sent again after a `-` */
	uint64_t naks_out;	/* `-` sent for a bad checksum or malformed packet */
	uint64_t dropped;	/* packets dropped: oversize, or bad in no-ack mode */
	uint64_t garbage_bytes;
	uint64_t interrupts;
};

struct rsp_conn_s;

/* Takes ownership of fd (closed by rsp_conn_free). Returns NULL only when out of memory. */
struct rsp_conn_s *rsp_conn_new(int fd, const struct rsp_conn_config_s *cfg);
void rsp_conn_free(struct rsp_conn_s *c);

/*
 * Waits up to timeout_ms (-1: forever, 0: only what has arrived, never blocking: the
 * server loop's call while the target runs) for the next packet, 0x03, oversize packet
 * or disconnect, and takes it: a second call returns the next event. On RSP_CONN_PACKET,
 * *data and *len give its decoded bytes (a NUL follows them), valid until the next call
 * on this connection. Acks, naks, garbage and QStartNoAckMode are dealt with inside.
 */
enum rsp_conn_status_e rsp_conn_recv(struct rsp_conn_s *c, const uint8_t **data, size_t *len,
				     int timeout_ms);

/* Sends one reply; in ack mode waits for its `+` (resending on `-`). */
enum rsp_conn_status_e rsp_conn_send(struct rsp_conn_s *c, enum rsp_payload_e kind,
				     const uint8_t *data, size_t len);
/* A text reply: "OK", "", "E01", "T05...", hex. */
enum rsp_conn_status_e rsp_conn_send_str(struct rsp_conn_s *c, const char *text);
/*
 * Console output through `O` packets (hex-encoded, split so that none exceeds
 * RSP_PACKET_SIZE). Only while the target runs or during qRcmd, before its final reply.
 */
enum rsp_conn_status_e rsp_conn_send_console(struct rsp_conn_s *c, const char *text);

bool rsp_conn_ack_mode(const struct rsp_conn_s *c);
/* False once the client has gone away or the socket failed. */
bool rsp_conn_alive(const struct rsp_conn_s *c);
const struct rsp_conn_stats_s *rsp_conn_stats(const struct rsp_conn_s *c);
const char *rsp_conn_status_name(enum rsp_conn_status_e st);

/*
 * Writes all of buf, retrying on EINTR and short writes and waiting (up to timeout_ms)
 * on EAGAIN. Returns RSP_CONN_OK, RSP_CONN_CLOSED (EPIPE, ECONNRESET), RSP_CONN_TIMEOUT
 * or RSP_CONN_IO_ERROR (errno kept). Shared with the server's busy notice.
 */
enum rsp_conn_status_e rsp_write_all(int fd, const void *buf, size_t len, int timeout_ms);

/* Time for the waits of the rsp layer: monotonic ms; a deadline of -1 never comes. */
int64_t rsp_now_ms(void);
int64_t rsp_deadline_of(int timeout_ms);	/* -1 for a negative timeout */
int rsp_remaining_ms(int64_t deadline);		/* -1 for no deadline, else >= 0 */

#endif /* SRC_RSP_CONN_H */
