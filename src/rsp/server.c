// SPDX-License-Identifier: GPL-2.0-or-later
/* Listening socket, one client at a time, busy notice to the others; see server.h. */
#define _GNU_SOURCE	/* accept4 */
#include "src/rsp/server.h"

#include "src/rsp/busy.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	struct rsp_conn_s *active;
	char active_peer[64];
	struct rsp_busy_s *busy;	/* refuses newcomers while active is served */
};

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

enum rsp_server_status_e rsp_listen(const char *bind_addr, uint16_t port, rsp_log_fn *log, void *log_ctx, int *fd_out)
{
	const char *host = bind_addr ? bind_addr : RSP_SERVER_DEFAULT_BIND;
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_STREAM,
		.ai_flags = AI_PASSIVE | AI_NUMERICSERV,
	};
	struct addrinfo *res, *ai;
	char portstr[8];
	int fd = -1, err = 0, gai;

	*fd_out = -1;
	snprintf(portstr, sizeof(portstr), "%u", port);
	gai = getaddrinfo(host, portstr, &hints, &res);
	if (gai) {
		rsp_logf(log, log_ctx, RSP_LOG_ERROR, "bind address %s: %s", host, gai_strerror(gai));
		return RSP_SERVER_ERR_ADDRESS;
	}
	for (ai = res; ai && fd < 0; ai = ai->ai_next)
		fd = listen_on(ai, &err);
	freeaddrinfo(res);
	if (fd < 0) {
		rsp_logf(log, log_ctx, RSP_LOG_ERROR, "cannot listen on %s:%s: %s", host, portstr, strerror(err));
		return err == EADDRINUSE || err == EACCES || err == EADDRNOTAVAIL ?
		       RSP_SERVER_ERR_BIND : RSP_SERVER_ERR_SOCKET;
	}
	*fd_out = fd;
	return RSP_SERVER_OK;
}

uint16_t rsp_bound_port(int fd)
{
	return bound_port(fd);
}

enum rsp_server_status_e rsp_server_open(const struct rsp_server_config_s *cfg,
					 struct rsp_server_s **out)
{
	const char *host = cfg->bind_addr ? cfg->bind_addr : RSP_SERVER_DEFAULT_BIND;
	struct rsp_server_s *srv;
	enum rsp_server_status_e st;
	int fd;

	*out = NULL;
	st = rsp_listen(cfg->bind_addr, cfg->port, cfg->log, cfg->log_ctx, &fd);
	if (st != RSP_SERVER_OK)
		return st;
	srv = calloc(1, sizeof(*srv));
	if (!srv) {
		close(fd);
		return RSP_SERVER_ERR_NOMEM;
	}
	srv->busy = rsp_busy_new(fd, cfg->busy_message ? cfg->busy_message : RSP_BUSY_MESSAGE,
				 cfg->log, cfg->log_ctx);
	if (!srv->busy) {
		close(fd);
		free(srv);
		return RSP_SERVER_ERR_SOCKET;
	}
	srv->fd = fd;
	srv->port = bound_port(fd);
	srv->log = cfg->log;
	srv->log_ctx = cfg->log_ctx;
	rsp_logf(srv->log, srv->log_ctx, RSP_LOG_INFO, "listening for GDB on %s port %u", host,
		 srv->port);
	*out = srv;
	return RSP_SERVER_OK;
}

void rsp_server_close(struct rsp_server_s *srv)
{
	if (!srv)
		return;
	rsp_server_disconnect(srv);
	rsp_busy_free(srv->busy);
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
	return rsp_busy_refused(srv->busy);
}

/* The watch handler, run from the served connection's waits: newcomers are refused. */
static void refuse_busy(void *ctx)
{
	struct rsp_server_s *srv = ctx;

	rsp_busy_service(srv->busy, srv->active_peer);
}

/* Waits for a newcomer to accept, answering the refused ones still waiting meanwhile. */
static enum rsp_server_status_e wait_client(struct rsp_server_s *srv, int timeout_ms)
{
	int64_t deadline = rsp_deadline_of(timeout_ms);

	for (;;) {
		struct pollfd pfd = { .fd = rsp_busy_fd(srv->busy), .events = POLLIN };
		int left = rsp_remaining_ms(deadline);
		int r = poll(&pfd, 1, left);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rsp_logf(srv->log, srv->log_ctx, RSP_LOG_ERROR, "poll: %s", strerror(errno));
			return RSP_SERVER_ERR_SOCKET;
		}
		if (r > 0 && rsp_busy_service(srv->busy, NULL))
			return RSP_SERVER_OK;
		if (left == 0)
			return RSP_SERVER_TIMEOUT;
	}
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
		rsp_logf(srv->log, srv->log_ctx, RSP_LOG_ERROR, "accept: %s", strerror(errno));
		return RSP_SERVER_ERR_SOCKET;
	}
	/* Small request/reply packets: Nagle's delay would add up to 40 ms per exchange. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (conn_cfg)
		cfg = *conn_cfg;
	cfg.watch_fd = rsp_busy_fd(srv->busy);
	cfg.watch_ready = refuse_busy;
	cfg.watch_ctx = srv;
	srv->active = rsp_conn_new(fd, &cfg);
	if (!srv->active) {
		close(fd);
		return RSP_SERVER_ERR_NOMEM;
	}
	rsp_format_peer(&sa, srv->active_peer, sizeof(srv->active_peer));
	rsp_logf(srv->log, srv->log_ctx, RSP_LOG_INFO, "client %s connected", srv->active_peer);
	*out = srv->active;
	return RSP_SERVER_OK;
}

void rsp_server_disconnect(struct rsp_server_s *srv)
{
	if (!srv->active)
		return;
	rsp_logf(srv->log, srv->log_ctx, RSP_LOG_INFO, "client %s: connection ended",
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
