// SPDX-License-Identifier: GPL-2.0-or-later
/* Listening socket, one client at a time, busy notice to the others; see server.h. */
#define _GNU_SOURCE	/* accept4 */
#include "src/rsp/server.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#define RSP_LISTEN_BACKLOG	4

struct rsp_server_s {
	int fd;
	uint16_t port;
	rsp_log_fn *log;
	void *log_ctx;
	const char *busy_message;
	struct rsp_conn_s *active;
	char active_peer[64];
	uint64_t refused;
};

__attribute__((format(printf, 4, 5)))
static void srv_log(rsp_log_fn *log, void *ctx, enum rsp_log_level_e level, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log(ctx, level, msg);
}

static void format_peer(const struct sockaddr_storage *sa, char *out, size_t cap)
{
	char host[INET6_ADDRSTRLEN] = "?";
	uint16_t port = 0;

	if (sa->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
		port = ntohs(in->sin_port);
	} else if (sa->ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;

		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
		port = ntohs(in6->sin6_port);
	}
	snprintf(out, cap, "%s:%u", host, port);
}

static int listen_on(const struct addrinfo *ai, int *err)
{
	int one = 1;
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
			ai->ai_protocol);

	if (fd < 0) {
		*err = errno;
		return -1;
	}
	/* A restarted server must not wait for the old connections' TIME_WAIT. */
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, RSP_LISTEN_BACKLOG) < 0) {
		*err = errno;
		close(fd);
		return -1;
	}
	return fd;
}

static uint16_t bound_port(int fd)
{
	struct sockaddr_storage sa;
	socklen_t len = sizeof(sa);

	if (getsockname(fd, (struct sockaddr *)&sa, &len) < 0)
		return 0;
	if (sa.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&sa)->sin_port);
	if (sa.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&sa)->sin6_port);
	return 0;
}

enum rsp_server_status_e rsp_server_open(const struct rsp_server_config_s *cfg,
					 struct rsp_server_s **out)
{
	const char *host = cfg->bind_addr ? cfg->bind_addr : RSP_SERVER_DEFAULT_BIND;
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_STREAM,
		.ai_flags = AI_PASSIVE | AI_NUMERICSERV,
	};
	struct addrinfo *res, *ai;
	struct rsp_server_s *srv;
	char port[8];
	int fd = -1, err = 0, gai;

	*out = NULL;
	snprintf(port, sizeof(port), "%u", cfg->port);
	gai = getaddrinfo(host, port, &hints, &res);
	if (gai) {
		srv_log(cfg->log, cfg->log_ctx, RSP_LOG_ERROR, "bind address %s: %s", host,
			gai_strerror(gai));
		return RSP_SERVER_ERR_ADDRESS;
	}
	for (ai = res; ai && fd < 0; ai = ai->ai_next)
		fd = listen_on(ai, &err);
	freeaddrinfo(res);
	if (fd < 0) {
		srv_log(cfg->log, cfg->log_ctx, RSP_LOG_ERROR, "cannot listen on %s:%s: %s", host,
			port, strerror(err));
		return err == EADDRINUSE || err == EACCES || err == EADDRNOTAVAIL ?
		       RSP_SERVER_ERR_BIND : RSP_SERVER_ERR_SOCKET;
	}
	srv = calloc(1, sizeof(*srv));
	if (!srv) {
		close(fd);
		return RSP_SERVER_ERR_NOMEM;
	}
	srv->fd = fd;
	srv->port = bound_port(fd);
	srv->log = cfg->log;
	srv->log_ctx = cfg->log_ctx;
	srv->busy_message = cfg->busy_message ? cfg->busy_message : RSP_BUSY_MESSAGE;
	srv_log(srv->log, srv->log_ctx, RSP_LOG_INFO, "listening for GDB on %s port %u", host,
		srv->port);
	*out = srv;
	return RSP_SERVER_OK;
}

void rsp_server_close(struct rsp_server_s *srv)
{
	if (!srv)
		return;
	rsp_server_disconnect(srv);
	close(srv->fd);
	free(srv);
}

uint16_t rsp_server_port(const struct rsp_server_s *srv)
{
	return srv->port;
}

int rsp_server_fd(const struct rsp_server_s *srv)
{
	return srv->fd;
}

uint64_t rsp_server_refused(const struct rsp_server_s *srv)
{
	return srv->refused;
}

/* Reads the refused client's first packet, if it sends one soon. */
static bool first_packet(int fd)
{
	struct rsp_rx_s *rx = malloc(sizeof(*rx));
	struct timespec t0, t;
	bool got = false;

	if (!rx)
		return false;
	rsp_rx_init(rx);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		uint8_t buf[512];
		ssize_t n;
		long waited;

		clock_gettime(CLOCK_MONOTONIC, &t);
		waited = (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000;
		if (waited >= RSP_BUSY_WAIT_MS || poll(&pfd, 1, RSP_BUSY_WAIT_MS - (int)waited) <= 0)
			break;
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n <= 0 && !(n < 0 && (errno == EINTR || errno == EAGAIN)))
			break;
		for (ssize_t i = 0; i < n && !got; i++)
			got = rsp_rx_feed(rx, buf[i]) == RSP_RX_PACKET;
		if (got)
			break;
	}
	free(rx);
	return got;
}

/* The watch handler: a client connected while another is served. */
static void refuse_busy(void *ctx)
{
	struct rsp_server_s *srv = ctx;
	struct sockaddr_storage sa;
	socklen_t len = sizeof(sa);
	char peer[64], msg[512];
	size_t n;
	int fd = accept4(srv->fd, (struct sockaddr *)&sa, &len, SOCK_CLOEXEC);

	if (fd < 0)
		return;		/* gone already, or a spurious wake-up */
	srv->refused++;
	format_peer(&sa, peer, sizeof(peer));
	srv_log(srv->log, srv->log_ctx, RSP_LOG_WARN, "refused client %s: already serving %s",
		peer, srv->active_peer);
	if (first_packet(fd)) {
		/* GDB waits for the ack of its packet, then the reply. */
		char text[400];

		snprintf(text, sizeof(text), "E.%s", srv->busy_message);
		msg[0] = '+';
		n = 1 + rsp_frame(RSP_PAYLOAD_TEXT, (const uint8_t *)text, strlen(text),
				  (uint8_t *)msg + 1, sizeof(msg) - 1);
	} else {
		n = (size_t)snprintf(msg, sizeof(msg), "%s\n", srv->busy_message);
	}
	/* text is at most 399 bytes, so its frame (+ 4) always fits in msg. */
	rsp_write_all(fd, msg, n < sizeof(msg) ? n : sizeof(msg) - 1, RSP_BUSY_WAIT_MS);
	shutdown(fd, SHUT_WR);
	close(fd);
}

static enum rsp_server_status_e wait_client(struct rsp_server_s *srv, int timeout_ms)
{
	struct pollfd pfd = { .fd = srv->fd, .events = POLLIN };
	int r;

	do
		r = poll(&pfd, 1, timeout_ms);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		return RSP_SERVER_TIMEOUT;
	if (r < 0) {
		srv_log(srv->log, srv->log_ctx, RSP_LOG_ERROR, "poll: %s", strerror(errno));
		return RSP_SERVER_ERR_SOCKET;
	}
	return RSP_SERVER_OK;
}

enum rsp_server_status_e rsp_server_accept(struct rsp_server_s *srv,
					   const struct rsp_conn_config_s *conn_cfg,
					   int timeout_ms, struct rsp_conn_s **out)
{
	struct rsp_conn_config_s cfg = { 0 };
	struct sockaddr_storage sa;
	socklen_t len = sizeof(sa);
	enum rsp_server_status_e st;
	int fd, one = 1;

	*out = NULL;
	if (srv->active)
		return RSP_SERVER_BUSY;
	st = wait_client(srv, timeout_ms);
	if (st != RSP_SERVER_OK)
		return st;
	fd = accept4(srv->fd, (struct sockaddr *)&sa, &len, SOCK_CLOEXEC);
	if (fd < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ECONNABORTED ||
		    errno == EINTR)
			return RSP_SERVER_TIMEOUT;	/* the client left before we took it */
		srv_log(srv->log, srv->log_ctx, RSP_LOG_ERROR, "accept: %s", strerror(errno));
		return RSP_SERVER_ERR_SOCKET;
	}
	/* Small request/reply packets: Nagle's delay would add up to 40 ms per exchange. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (conn_cfg)
		cfg = *conn_cfg;
	cfg.watch_fd = srv->fd;
	cfg.watch_ready = refuse_busy;
	cfg.watch_ctx = srv;
	srv->active = rsp_conn_new(fd, &cfg);
	if (!srv->active) {
		close(fd);
		return RSP_SERVER_ERR_NOMEM;
	}
	format_peer(&sa, srv->active_peer, sizeof(srv->active_peer));
	srv_log(srv->log, srv->log_ctx, RSP_LOG_INFO, "client %s connected", srv->active_peer);
	*out = srv->active;
	return RSP_SERVER_OK;
}

void rsp_server_disconnect(struct rsp_server_s *srv)
{
	if (!srv->active)
		return;
	srv_log(srv->log, srv->log_ctx, RSP_LOG_INFO, "client %s: connection ended",
		srv->active_peer);
	rsp_conn_free(srv->active);
	srv->active = NULL;
	srv->active_peer[0] = '\0';
}

const char *rsp_server_status_name(enum rsp_server_status_e st)
{
	static const char *const names[] = {
		[RSP_SERVER_OK] = "ok",
		[RSP_SERVER_TIMEOUT] = "timeout",
		[RSP_SERVER_BUSY] = "busy",
		[RSP_SERVER_ERR_ADDRESS] = "bad bind address",
		[RSP_SERVER_ERR_BIND] = "cannot bind",
		[RSP_SERVER_ERR_SOCKET] = "socket error",
		[RSP_SERVER_ERR_NOMEM] = "out of memory",
	};

	if ((unsigned)st < sizeof(names) / sizeof(names[0]) && names[st])
		return names[st];
	return "?";
}
