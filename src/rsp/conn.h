/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One GDB client over a connected stream socket: acknowledgments, QStartNoAckMode,
 * resending on `-`, timeouts, interrupt polling while the target runs, and a clean,
 * distinct report of a client that goes away at any point.
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
 * client from raising SIGPIPE). Not thread-safe: one thread owns a connection.
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

/* What a connection call ended with. */
enum rsp_conn_status_e {
	RSP_CONN_OK,		/* send: written (and acked in ack mode) */
	RSP_CONN_PACKET,	/* recv: a packet is available; poll: one waits for recv */
	RSP_CONN_INTERRUPT,	/* 0x03 arrived (recv or poll) */
	RSP_CONN_OVERSIZE,	/* recv: a packet longer than RSP_PACKET_SIZE was dropped (and
				 * acked): reply with an error, GDB waits for a reply */
	RSP_CONN_NOTHING,	/* poll: nothing arrived */
	RSP_CONN_TIMEOUT,	/* recv: no packet in time; send: no ack in time */
	RSP_CONN_CLOSED,	/* the client went away (EOF, reset, broken pipe): stop using it */
	RSP_CONN_IO_ERROR,	/* another socket error, logged: stop using the connection */
};

struct rsp_conn_config_s {
	rsp_log_fn *log;	/* may be NULL: messages are dropped */
	void *log_ctx;
	/* How long rsp_conn_send waits for GDB's `+` in ack mode; 0 means 2000 ms. */
	int ack_timeout_ms;
	/* Stay in ack mode: QStartNoAckMode reaches the caller like any other packet. */
	bool no_ack_disabled;
	/*
	 * Another descriptor to service while this connection waits (recv, poll, ack
	 * wait): when it is readable, watch_ready(watch_ctx) runs. The server uses it to
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
 * Waits up to timeout_ms (-1: forever, 0: only what has arrived) for the next packet.
 * On RSP_CONN_PACKET, *data and *len give its decoded bytes (a NUL follows them), valid
 * until the next call on this connection. Acks, naks, garbage and QStartNoAckMode are
 * dealt with inside.
 */
enum rsp_conn_status_e rsp_conn_recv(struct rsp_conn_s *c, const uint8_t **data, size_t *len,
				     int timeout_ms);

/*
 * For the server loop while the target runs: never blocks. Reads what has arrived and
 * returns RSP_CONN_INTERRUPT (0x03 seen), RSP_CONN_PACKET (a packet waits for
 * rsp_conn_recv, which then returns it at once), RSP_CONN_NOTHING, or a disconnect.
 */
enum rsp_conn_status_e rsp_conn_poll(struct rsp_conn_s *c);

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

#endif /* SRC_RSP_CONN_H */
