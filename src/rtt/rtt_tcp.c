// SPDX-License-Identifier: GPL-2.0-or-later
/* RTT channels on TCP ports; see rtt_tcp.h. */
#define _GNU_SOURCE	/* accept4 */
#include "src/rtt/rtt_tcp.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "src/log/log.h"
#include "src/rsp/busy.h"
#include "src/rsp/server.h"

#define RTT_TCP_RECV_MAX 4096u

void rtt_tcp_init(struct rtt_tcp_s *t, const char *bind)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->bind, sizeof(t->bind), "%s", bind ? bind : "");
	for (unsigned i = 0; i < RTT_TCP_MAX; i++)
		t->s[i].lfd = t->s[i].cfd = -1;
}

int rtt_tcp_open(struct rtt_tcp_s *t, uint16_t port, unsigned channel, uint16_t *bound)
{
	struct rtt_tcp_server_s *s = NULL;
	int fd;

	for (unsigned i = 0; i < RTT_TCP_MAX && !s; i++)
		if (!t->s[i].used)
			s = &t->s[i];
	if (!s) {
		log_error("RTT channel %u: no room for another TCP server (%u at most)", channel, RTT_TCP_MAX);
		return -1;
	}
	if (rsp_listen(t->bind[0] ? t->bind : NULL, port, log_rsp, NULL, &fd) != RSP_SERVER_OK)
		return -1;
	*s = (struct rtt_tcp_server_s){ .used = true, .channel = channel, .port = rsp_bound_port(fd), .lfd = fd,
					.cfd = -1 };
	*bound = s->port;
	return 0;
}

static void drop_client(struct rtt_tcp_server_s *s, const char *why)
{
	log_info("RTT channel %u: client %s on port %u %s", s->channel, s->peer, s->port, why);
	close(s->cfd);
	s->cfd = -1;
}

int rtt_tcp_close(struct rtt_tcp_s *t, uint16_t port)
{
	for (unsigned i = 0; i < RTT_TCP_MAX; i++) {
		struct rtt_tcp_server_s *s = &t->s[i];

		if (!s->used || s->port != port)
			continue;
		if (s->cfd >= 0)
			drop_client(s, "closed: the server stops");
		close(s->lfd);
		s->used = false;
		s->lfd = -1;
		return 0;
	}
	return -1;
}

void rtt_tcp_close_all(struct rtt_tcp_s *t)
{
	for (unsigned i = 0; i < RTT_TCP_MAX; i++)
		if (t->s[i].used)
			rtt_tcp_close(t, t->s[i].port);
}

const struct rtt_tcp_server_s *rtt_tcp_find(const struct rtt_tcp_s *t, unsigned channel)
{
	for (unsigned i = 0; i < RTT_TCP_MAX; i++)
		if (t->s[i].used && t->s[i].channel == channel)
			return &t->s[i];
	return NULL;
}

bool rtt_tcp_reader(const struct rtt_tcp_s *t, unsigned channel)
{
	for (unsigned i = 0; i < RTT_TCP_MAX; i++)
		if (t->s[i].used && t->s[i].channel == channel && t->s[i].cfd >= 0)
			return true;
	return false;
}

/* A newcomer: served when the port has no client yet, else told why and closed. */
static void accept_one(struct rtt_tcp_server_s *s)
{
	struct sockaddr_storage sa;
	socklen_t len = sizeof(sa);
	int one = 1, fd = accept4(s->lfd, (struct sockaddr *)&sa, &len, SOCK_CLOEXEC | SOCK_NONBLOCK);
	char peer[64], msg[128];

	if (fd < 0)
		return;		/* nobody (EAGAIN), or gone before it was taken */
	rsp_format_peer(&sa, peer, sizeof(peer));
	if (s->cfd >= 0) {
		int n = snprintf(msg, sizeof(msg), "rspflash: RTT channel %u on port %u already has a client (%s)\n",
				 s->channel, s->port, s->peer);

		rsp_write_all(fd, msg, (size_t)n, 100);
		log_warn("RTT channel %u: %s refused: the port already has a client (%s)", s->channel, peer, s->peer);
		close(fd);
		return;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	s->cfd = fd;
	snprintf(s->peer, sizeof(s->peer), "%s", peer);
	log_info("RTT channel %u: client %s connected on port %u", s->channel, s->peer, s->port);
}

/* What the client sent, as far as the down ring has room. */
static void take_input(struct rtt_tcp_server_s *s, struct rtt_s *r)
{
	uint8_t buf[RTT_TCP_RECV_MAX];
	size_t room = rtt_down_room(r, s->channel);
	ssize_t n;

	if (room == 0)
		return;		/* the rest waits in the socket */
	n = recv(s->cfd, buf, room < sizeof(buf) ? room : sizeof(buf), MSG_DONTWAIT);
	if (n > 0)
		rtt_down_queue(r, s->channel, buf, (size_t)n);
	else if (n == 0)
		drop_client(s, "disconnected");
	else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
		drop_client(s, strerror(errno));
}

/* The channel's up data to the client, as much as its socket takes now. */
static void give_output(struct rtt_tcp_server_s *s, struct rtt_s *r)
{
	const uint8_t *data;
	size_t n;

	while ((n = rtt_up_peek(r, s->channel, &data)) > 0) {
		ssize_t sent = send(s->cfd, data, n, MSG_DONTWAIT | MSG_NOSIGNAL);

		if (sent < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				drop_client(s, strerror(errno));
			return;
		}
		rtt_up_consume(r, s->channel, (size_t)sent);
		if ((size_t)sent < n)
			return;		/* the socket is full: the rest stays on the host */
	}
}

void rtt_tcp_service(struct rtt_tcp_s *t, struct rtt_s *r)
{
	for (unsigned i = 0; i < RTT_TCP_MAX; i++) {
		struct rtt_tcp_server_s *s = &t->s[i];

		if (!s->used)
			continue;
		accept_one(s);
		if (s->cfd >= 0)
			take_input(s, r);
		if (s->cfd >= 0)
			give_output(s, r);
	}
}
