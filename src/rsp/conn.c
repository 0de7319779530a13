// SPDX-License-Identifier: GPL-2.0-or-later
/* One GDB client connection: acks, no-ack mode, resends, timeouts, disconnects; see conn.h. */
#include "src/rsp/conn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sys/socket.h>

#define RSP_CONN_ACK_TIMEOUT_MS		2000	/* GDB's own default `remotetimeout` is 2 s */
/* The socket is made non-blocking (rsp_conn_new), so a client that stops reading makes
 * writes wait in poll, not in send: after this long it is treated as gone rather than
 * stalling the server (and every client it would refuse) forever. */
#define RSP_CONN_WRITE_TIMEOUT_MS	10000
/* Console text per `O` packet: small packets reach GDB's console as they are produced. */
#define RSP_CONSOLE_CHUNK		512
#define RSP_NO_ACK_PACKET		"QStartNoAckMode"

struct rsp_conn_s {
	int fd;
	struct rsp_conn_config_s cfg;
	bool ack_mode;
	bool alive;
	enum rsp_conn_status_e end_status;	/* CLOSED or IO_ERROR once !alive */
	/* Events the receive machine reported and the caller has not taken yet. */
	bool packet_ready, interrupt_ready, oversize_ready;
	bool awaiting_ack, acked;
	uint64_t garbage_run;			/* garbage bytes not yet logged */
	uint8_t in[4096];
	size_t in_pos, in_len;
	uint8_t *last;				/* the last reply as framed, for resends */
	size_t last_len, last_cap;
	struct rsp_conn_stats_s stats;
	struct rsp_rx_s rx;
};

static void rsp_vlogf(rsp_log_fn *log, void *ctx, enum rsp_log_level_e level, const char *fmt,
		      va_list ap)
{
	char msg[256];

	if (!log)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	log(ctx, level, msg);
}

void rsp_logf(rsp_log_fn *log, void *ctx, enum rsp_log_level_e level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rsp_vlogf(log, ctx, level, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 3, 4)))
static void conn_log(struct rsp_conn_s *c, enum rsp_log_level_e level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rsp_vlogf(c->cfg.log, c->cfg.log_ctx, level, fmt, ap);
	va_end(ap);
}

int64_t rsp_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t rsp_deadline_of(int timeout_ms)
{
	return timeout_ms < 0 ? -1 : rsp_now_ms() + timeout_ms;
}

int rsp_remaining_ms(int64_t deadline)
{
	int64_t left;

	if (deadline < 0)
		return -1;
	left = deadline - rsp_now_ms();
	return left < 0 ? 0 : (int)left;
}

static bool is_disconnect_errno(int e)
{
	return e == EPIPE || e == ECONNRESET || e == ENOTCONN || e == ECONNABORTED ||
	       e == ETIMEDOUT;
}

enum rsp_conn_status_e rsp_write_all(int fd, const void *buf, size_t len, int timeout_ms)
{
	const uint8_t *p = buf;
	int64_t deadline = rsp_deadline_of(timeout_ms);

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n > 0) {
			p += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };
			int r = poll(&pfd, 1, rsp_remaining_ms(deadline));

			if (r == 0)
				return RSP_CONN_TIMEOUT;
			if (r < 0 && errno != EINTR)
				return RSP_CONN_IO_ERROR;
			continue;
		}
		return n < 0 && is_disconnect_errno(errno) ? RSP_CONN_CLOSED : RSP_CONN_IO_ERROR;
	}
	return RSP_CONN_OK;
}

static void mark_dead(struct rsp_conn_s *c, enum rsp_conn_status_e st, const char *what, int err)
{
	if (!c->alive)
		return;
	c->alive = false;
	c->end_status = st;
	if (st == RSP_CONN_CLOSED)
		conn_log(c, RSP_LOG_INFO, "client disconnected (%s%s%s)%s%s", what,
			 err ? ": " : "", err ? strerror(err) : "",
			 rsp_rx_in_packet(&c->rx) ? " in the middle of a packet" : "",
			 c->awaiting_ack ? " before acking a reply" : "");
	else
		conn_log(c, RSP_LOG_ERROR, "connection failed (%s: %s)", what, strerror(err));
}

/* Writes to the client; a failure ends the connection. */
static bool put(struct rsp_conn_s *c, const void *buf, size_t len)
{
	enum rsp_conn_status_e st;

	if (!c->alive)
		return false;
	st = rsp_write_all(c->fd, buf, len,
			   c->cfg.write_timeout_ms > 0 ? c->cfg.write_timeout_ms : RSP_CONN_WRITE_TIMEOUT_MS);
	if (st == RSP_CONN_OK)
		return true;
	mark_dead(c, st == RSP_CONN_CLOSED ? RSP_CONN_CLOSED : RSP_CONN_IO_ERROR, "write",
		  st == RSP_CONN_TIMEOUT ? ETIMEDOUT : errno);
	return false;
}

static void flush_garbage_log(struct rsp_conn_s *c)
{
	if (!c->garbage_run)
		return;
	conn_log(c, RSP_LOG_WARN, "ignored %llu byte(s) of garbage between packets",
		 (unsigned long long)c->garbage_run);
	c->garbage_run = 0;
}

/* A packet GDB must send again (ack mode) or that is lost (no-ack mode). */
static void reject_packet(struct rsp_conn_s *c, enum rsp_rx_event_e ev)
{
	if (c->ack_mode) {
		conn_log(c, RSP_LOG_WARN, "%s (%s): asking for a resend",
			 rsp_rx_event_name(ev), rsp_rx_error(&c->rx));
		c->stats.naks_out++;
		put(c, "-", 1);
	} else {
		conn_log(c, RSP_LOG_ERROR, "%s (%s): dropped, no-ack mode cannot ask for a resend",
			 rsp_rx_event_name(ev), rsp_rx_error(&c->rx));
		c->stats.dropped++;
	}
}

static void handle_nak(struct rsp_conn_s *c)
{
	if (!c->ack_mode || !c->last_len) {
		conn_log(c, RSP_LOG_DEBUG, "ignored '-' (%s)",
			 c->ack_mode ? "no reply sent yet" : "no-ack mode");
		return;
	}
	conn_log(c, RSP_LOG_DEBUG, "'-' received: resending the last reply");
	c->stats.resends++;
	put(c, c->last, c->last_len);
}

static void enter_no_ack(struct rsp_conn_s *c)
{
	c->ack_mode = false;
	conn_log(c, RSP_LOG_INFO, "no-ack mode");
}

static void handle_event(struct rsp_conn_s *c, enum rsp_rx_event_e ev)
{
	if (ev != RSP_RX_GARBAGE)
		flush_garbage_log(c);
	switch (ev) {
	case RSP_RX_NONE:
		break;
	case RSP_RX_PACKET:
		if (c->ack_mode)
			put(c, "+", 1);
		c->packet_ready = true;
		c->stats.packets_in++;
		break;
	case RSP_RX_BAD_CHECKSUM:
	case RSP_RX_MALFORMED:
		reject_packet(c, ev);
		break;
	case RSP_RX_OVERSIZE:
		/* Acked: it arrived intact, and a `-` would only bring it back forever. */
		conn_log(c, RSP_LOG_WARN, "%s: dropped", rsp_rx_error(&c->rx));
		if (c->ack_mode)
			put(c, "+", 1);
		c->oversize_ready = true;
		c->stats.dropped++;
		break;
	case RSP_RX_INTERRUPT:
		c->interrupt_ready = true;
		c->stats.interrupts++;
		break;
	case RSP_RX_ACK:
		if (c->awaiting_ack)
			c->acked = true;
		break;
	case RSP_RX_NAK:
		handle_nak(c);
		break;
	case RSP_RX_GARBAGE:
		if (rsp_rx_in_packet(&c->rx)) {
			conn_log(c, RSP_LOG_WARN, "%s", rsp_rx_error(&c->rx));
		} else {
			c->garbage_run++;
			c->stats.garbage_bytes++;
		}
		break;
	}
}

/*
 * Feeds buffered input to the receive machine until it is used up or something needs
 * the caller. A pending packet lives in the machine's buffer, so a `$` is never fed
 * while one waits. Outside ack waits any report stops the feed, to keep them in order;
 * during an ack wait only the ack does, and bytes after a packet (its `+` for our reply,
 * typically) may still be consumed.
 */
static void pump(struct rsp_conn_s *c)
{
	while (c->in_pos < c->in_len && c->alive) {
		if (c->packet_ready && c->in[c->in_pos] == '$')
			break;
		handle_event(c, rsp_rx_feed(&c->rx, c->in[c->in_pos++]));
		if (c->awaiting_ack ? c->acked
				    : (c->packet_ready || c->interrupt_ready || c->oversize_ready))
			break;
	}
	if (c->in_pos == c->in_len)
		flush_garbage_log(c);
}

static void service_watch(struct rsp_conn_s *c, const struct pollfd *pfd)
{
	if (pfd->revents & (POLLIN | POLLERR | POLLHUP))
		c->cfg.watch_ready(c->cfg.watch_ctx);
}

/* True when the client's end of stream follows the input just read (peeked, not taken). */
static bool eof_pending(struct rsp_conn_s *c)
{
	uint8_t b;

	return recv(c->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

/* Reads what has arrived. Returns OK (input buffered), TIMEOUT (nothing yet) or the end status. */
static enum rsp_conn_status_e read_input(struct rsp_conn_s *c)
{
	ssize_t got = recv(c->fd, c->in, sizeof(c->in), MSG_DONTWAIT);

	if (got > 0) {
		c->in_pos = 0;
		c->in_len = (size_t)got;
		return RSP_CONN_OK;
	}
	if (got == 0) {
		mark_dead(c, RSP_CONN_CLOSED, "end of stream", 0);
		return c->end_status;
	}
	if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
		return RSP_CONN_TIMEOUT;
	mark_dead(c, is_disconnect_errno(errno) ? RSP_CONN_CLOSED : RSP_CONN_IO_ERROR, "read", errno);
	return c->end_status;
}

/*
 * Reads more input, waiting up to the deadline. Returns OK, TIMEOUT or the end status.
 *
 * The watch (a newcomer on the listening socket) is serviced only after this client's own
 * input, and not when that input ends in end of stream: a client that disconnects and at
 * once reconnects must find its old connection gone, not be refused as busy by it.
 */
static enum rsp_conn_status_e fill(struct rsp_conn_s *c, int64_t deadline)
{
	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = c->fd, .events = POLLIN },
			{ .fd = c->cfg.watch_fd, .events = POLLIN },
		};
		nfds_t n = c->cfg.watch_fd >= 0 && c->cfg.watch_ready ? 2 : 1;
		int r = poll(pfd, n, rsp_remaining_ms(deadline));
		enum rsp_conn_status_e st = RSP_CONN_TIMEOUT;

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			mark_dead(c, RSP_CONN_IO_ERROR, "poll", errno);
			return c->end_status;
		}
		if (r == 0)
			return RSP_CONN_TIMEOUT;
		if (pfd[0].revents)
			st = read_input(c);
		if (!c->alive)
			return c->end_status;
		if (n == 2 && !(st == RSP_CONN_OK && eof_pending(c)))
			service_watch(c, &pfd[1]);
		if (st == RSP_CONN_OK)
			return st;
	}
}

/* In ack mode, waits for the `+` to the reply just sent; `-` resends it (in pump). */
static enum rsp_conn_status_e wait_ack(struct rsp_conn_s *c)
{
	int timeout = c->cfg.ack_timeout_ms > 0 ? c->cfg.ack_timeout_ms : RSP_CONN_ACK_TIMEOUT_MS;
	int64_t deadline = rsp_deadline_of(timeout);
	uint64_t packets_before = c->stats.packets_in;
	enum rsp_conn_status_e st = RSP_CONN_OK;

	c->awaiting_ack = true;
	c->acked = false;
	for (;;) {
		pump(c);
		if (!c->alive) {
			st = c->end_status;
			break;
		}
		if (c->acked)
			break;
		if (c->stats.packets_in != packets_before || c->in_pos < c->in_len) {
			/* GDB sends only after acking: a new packet means the `+` was lost. */
			conn_log(c, RSP_LOG_DEBUG, "packet before the ack: taken as the ack");
			break;
		}
		st = fill(c, deadline);
		if (st == RSP_CONN_TIMEOUT) {
			/*
			 * GDB acks as soon as it reads a reply: one that has not after the
			 * bound (GDB's own remotetimeout by default) is stuck or gone. Waiting
			 * for it on every later reply would stall the session for minutes.
			 */
			conn_log(c, RSP_LOG_WARN, "no ack from GDB within %d ms", timeout);
			mark_dead(c, RSP_CONN_IO_ERROR, "waiting for an ack", ETIMEDOUT);
		}
		if (st != RSP_CONN_OK)
			break;
	}
	c->awaiting_ack = false;
	return st;
}

struct rsp_conn_s *rsp_conn_new(int fd, const struct rsp_conn_config_s *cfg)
{
	struct rsp_conn_s *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	/* Writes then wait in poll with a bound (see RSP_CONN_WRITE_TIMEOUT_MS), never in send. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	c->fd = fd;
	if (cfg)
		c->cfg = *cfg;
	else
		c->cfg.watch_fd = -1;
	c->ack_mode = true;
	c->alive = true;
	rsp_rx_init(&c->rx);
	return c;
}

void rsp_conn_free(struct rsp_conn_s *c)
{
	if (!c)
		return;
	if (c->fd >= 0)
		close(c->fd);
	free(c->last);
	free(c);
}

enum rsp_conn_status_e rsp_conn_send(struct rsp_conn_s *c, enum rsp_payload_e kind,
				     const uint8_t *data, size_t len)
{
	size_t need = rsp_frame(kind, data, len, NULL, 0);

	if (!c->alive)
		return c->end_status;
	if (need > c->last_cap) {
		uint8_t *p = realloc(c->last, need);

		if (!p) {
			conn_log(c, RSP_LOG_ERROR, "out of memory framing a %zu-byte reply", len);
			return RSP_CONN_IO_ERROR;
		}
		c->last = p;
		c->last_cap = need;
	}
	c->last_len = rsp_frame(kind, data, len, c->last, c->last_cap);
	if (!put(c, c->last, c->last_len))
		return c->end_status;
	c->stats.replies_out++;
	return c->ack_mode ? wait_ack(c) : RSP_CONN_OK;
}

enum rsp_conn_status_e rsp_conn_send_str(struct rsp_conn_s *c, const char *text)
{
	return rsp_conn_send(c, RSP_PAYLOAD_TEXT, (const uint8_t *)text, strlen(text));
}

enum rsp_conn_status_e rsp_conn_send_console(struct rsp_conn_s *c, const char *text)
{
	char buf[2 * RSP_CONSOLE_CHUNK + 2];
	size_t left = strlen(text);
	enum rsp_conn_status_e st = RSP_CONN_OK;

	while (left && st == RSP_CONN_OK) {
		size_t n = left < RSP_CONSOLE_CHUNK ? left : RSP_CONSOLE_CHUNK;
		size_t len = rsp_console_data(text, n, buf);

		st = rsp_conn_send(c, RSP_PAYLOAD_TEXT, (const uint8_t *)buf, len);
		text += n;
		left -= n;
	}
	return st;
}

/*
 * Enters no-ack mode as the manual orders: the request was acked, OK is sent, and the
 * switch happens when GDB acks the OK (a `-` meanwhile resends the OK). No ack in time
 * ends the connection, as for any reply.
 */
static void start_no_ack(struct rsp_conn_s *c)
{
	if (rsp_conn_send_str(c, "OK") == RSP_CONN_OK && c->ack_mode)
		enter_no_ack(c);
}

static bool is_no_ack_request(const struct rsp_conn_s *c, const uint8_t *data, size_t len)
{
	return !c->cfg.no_ack_disabled && len == strlen(RSP_NO_ACK_PACKET) &&
	       !memcmp(data, RSP_NO_ACK_PACKET, len);
}

/* Returns a status for the caller, or RSP_CONN_OK when nothing is ready. */
static enum rsp_conn_status_e take_ready(struct rsp_conn_s *c, const uint8_t **data, size_t *len)
{
	if (c->interrupt_ready) {
		c->interrupt_ready = false;
		return RSP_CONN_INTERRUPT;
	}
	if (c->oversize_ready) {
		c->oversize_ready = false;
		return RSP_CONN_OVERSIZE;
	}
	if (!c->packet_ready)
		return RSP_CONN_OK;
	c->packet_ready = false;
	*data = rsp_rx_data(&c->rx, len);
	if (is_no_ack_request(c, *data, *len)) {
		start_no_ack(c);
		return RSP_CONN_OK;	/* nothing for the caller; a failure shows in c->alive */
	}
	return RSP_CONN_PACKET;
}

enum rsp_conn_status_e rsp_conn_recv(struct rsp_conn_s *c, const uint8_t **data, size_t *len,
				     int timeout_ms)
{
	int64_t deadline = rsp_deadline_of(timeout_ms);

	for (;;) {
		enum rsp_conn_status_e st = take_ready(c, data, len);

		if (st != RSP_CONN_OK)
			return st;
		if (!c->alive)
			return c->end_status;
		if (c->in_pos < c->in_len) {
			pump(c);
			continue;
		}
		st = fill(c, deadline);
		if (st != RSP_CONN_OK)
			return st;
	}
}

bool rsp_conn_ack_mode(const struct rsp_conn_s *c)
{
	return c->ack_mode;
}

bool rsp_conn_alive(const struct rsp_conn_s *c)
{
	return c->alive;
}

const struct rsp_conn_stats_s *rsp_conn_stats(const struct rsp_conn_s *c)
{
	return &c->stats;
}

const char *rsp_conn_status_name(enum rsp_conn_status_e st)
{
	static const char *const names[] = {
		[RSP_CONN_OK] = "ok",
		[RSP_CONN_PACKET] = "packet",
		[RSP_CONN_INTERRUPT] = "interrupt",
		[RSP_CONN_OVERSIZE] = "oversize packet",
		[RSP_CONN_TIMEOUT] = "timeout",
		[RSP_CONN_CLOSED] = "closed",
		[RSP_CONN_IO_ERROR] = "i/o error",
	};

	if ((unsigned)st < sizeof(names) / sizeof(names[0]) && names[st])
		return names[st];
	return "?";
}
