// SPDX-License-Identifier: GPL-2.0-or-later
/* Refusing newcomers while a client is served, without blocking it; see busy.h. */
#define _GNU_SOURCE	/* accept4 */
#include "src/rsp/busy.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>

#include "src/rsp/server.h"

/* epoll tags: the listening socket, the timer, then newcomer i as BUSY_TAG_CLIENT + i. */
#define BUSY_TAG_LISTEN		0u
#define BUSY_TAG_TIMER		1u
#define BUSY_TAG_CLIENT		2u
/* Newcomers taken per call: a flood of connections cannot keep the caller here. */
#define BUSY_ACCEPT_PER_CALL	64

struct busy_client_s {
	int fd;			/* -1: free slot */
	int64_t deadline_ms;	/* when it gets the text notice instead */
	char peer[64];
	struct rsp_rx_s *rx;	/* finds the end of its first packet */
};

struct rsp_busy_s {
	int listen_fd, epoll_fd, timer_fd;
	const char *message;
	rsp_log_fn *log;
	void *log_ctx;
	uint64_t refused;
	struct busy_client_s pending[RSP_BUSY_PENDING_MAX];
};

void rsp_format_peer(const struct sockaddr_storage *sa, char *out, size_t cap)
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

static int watch(struct rsp_busy_s *b, int op, int fd, uint32_t tag)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = tag };

	return epoll_ctl(b->epoll_fd, op, fd, &ev);
}

struct rsp_busy_s *rsp_busy_new(int listen_fd, const char *message, rsp_log_fn *log, void *log_ctx)
{
	struct rsp_busy_s *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->listen_fd = listen_fd;
	b->message = message;
	b->log = log;
	b->log_ctx = log_ctx;
	for (unsigned i = 0; i < RSP_BUSY_PENDING_MAX; i++)
		b->pending[i].fd = -1;
	b->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	b->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (b->epoll_fd < 0 || b->timer_fd < 0 || watch(b, EPOLL_CTL_ADD, listen_fd, BUSY_TAG_LISTEN) ||
	    watch(b, EPOLL_CTL_ADD, b->timer_fd, BUSY_TAG_TIMER)) {
		rsp_logf(log, log_ctx, RSP_LOG_ERROR, "cannot set up the busy-client watch: %s",
			 strerror(errno));
		rsp_busy_free(b);
		return NULL;
	}
	return b;
}

/* The reply a refused client gets: `+` and E.message after its first packet, else a text line. */
static void send_notice(struct rsp_busy_s *b, int fd, bool after_packet)
{
	char text[400], msg[512];
	size_t n;

	if (after_packet) {
		snprintf(text, sizeof(text), "E.%s", b->message);
		msg[0] = '+';
		/* text is at most 399 bytes, so its frame (+ 4) always fits in msg. */
		n = 1 + rsp_frame(RSP_PAYLOAD_TEXT, (const uint8_t *)text, strlen(text),
				  (uint8_t *)msg + 1, sizeof(msg) - 1);
	} else {
		n = (size_t)snprintf(msg, sizeof(msg), "%s\n", b->message);
	}
	/* A fresh socket's send buffer is empty: this never waits. */
	rsp_write_all(fd, msg, n < sizeof(msg) ? n : sizeof(msg) - 1, 0);
	shutdown(fd, SHUT_WR);
}

static void finish(struct rsp_busy_s *b, struct busy_client_s *p, bool after_packet, bool notify)
{
	epoll_ctl(b->epoll_fd, EPOLL_CTL_DEL, p->fd, NULL);
	if (notify)
		send_notice(b, p->fd, after_packet);
	close(p->fd);
	p->fd = -1;
	free(p->rx);
	p->rx = NULL;
}

/* Arms the timer for the earliest wait's end, or disarms it when nobody waits. */
static void arm_timer(struct rsp_busy_s *b)
{
	struct itimerspec its = { 0 };
	int64_t first = -1;

	for (unsigned i = 0; i < RSP_BUSY_PENDING_MAX; i++)
		if (b->pending[i].fd >= 0 && (first < 0 || b->pending[i].deadline_ms < first))
			first = b->pending[i].deadline_ms;
	if (first >= 0) {
		its.it_value.tv_sec = first / 1000;
		its.it_value.tv_nsec = (first % 1000) * 1000000L;
		if (!its.it_value.tv_sec && !its.it_value.tv_nsec)
			its.it_value.tv_nsec = 1;	/* zero would disarm */
	}
	timerfd_settime(b->timer_fd, TFD_TIMER_ABSTIME, &its, NULL);
}

static struct busy_client_s *free_slot(struct rsp_busy_s *b)
{
	for (unsigned i = 0; i < RSP_BUSY_PENDING_MAX; i++)
		if (b->pending[i].fd < 0)
			return &b->pending[i];
	return NULL;
}

/* One newcomer: refused at once when no slot is free, else it waits for its first packet. */
static void refuse(struct rsp_busy_s *b, int fd, const char *peer, const char *serving)
{
	struct busy_client_s *p = free_slot(b);

	b->refused++;
	rsp_logf(b->log, b->log_ctx, RSP_LOG_WARN, "refused client %s: already serving %s%s", peer,
		 serving, p ? "" : " (too many refused clients waiting: told at once)");
	if (p)
		p->rx = malloc(sizeof(*p->rx));
	if (!p || !p->rx || watch(b, EPOLL_CTL_ADD, fd, BUSY_TAG_CLIENT + (uint32_t)(p - b->pending))) {
		send_notice(b, fd, false);
		close(fd);
		if (p) {
			free(p->rx);
			p->rx = NULL;
		}
		return;
	}
	p->fd = fd;
	p->deadline_ms = rsp_now_ms() + RSP_BUSY_WAIT_MS;
	snprintf(p->peer, sizeof(p->peer), "%s", peer);
	rsp_rx_init(p->rx);
}

static void accept_newcomers(struct rsp_busy_s *b, const char *serving)
{
	for (unsigned i = 0; i < BUSY_ACCEPT_PER_CALL; i++) {
		struct sockaddr_storage sa;
		socklen_t len = sizeof(sa);
		char peer[64];
		int fd = accept4(b->listen_fd, (struct sockaddr *)&sa, &len, SOCK_CLOEXEC | SOCK_NONBLOCK);

		if (fd < 0)
			return;		/* none left (EAGAIN), or one left before it was taken */
		rsp_format_peer(&sa, peer, sizeof(peer));
		refuse(b, fd, peer, serving);
	}
}

/* Reads a waiting newcomer's input: its first complete packet gets the E. reply. */
static void read_newcomer(struct rsp_busy_s *b, struct busy_client_s *p)
{
	for (;;) {
		uint8_t buf[512];
		ssize_t n = recv(p->fd, buf, sizeof(buf), MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			finish(b, p, false, false);	/* it left: nobody to tell */
			return;
		}
		for (ssize_t i = 0; i < n; i++) {
			if (rsp_rx_feed(p->rx, buf[i]) == RSP_RX_PACKET) {
				finish(b, p, true, true);
				return;
			}
		}
	}
}

static void expire(struct rsp_busy_s *b)
{
	uint64_t ticks;
	int64_t now = rsp_now_ms();

	while (read(b->timer_fd, &ticks, sizeof(ticks)) < 0 && errno == EINTR)
		;
	for (unsigned i = 0; i < RSP_BUSY_PENDING_MAX; i++)
		if (b->pending[i].fd >= 0 && b->pending[i].deadline_ms <= now)
			finish(b, &b->pending[i], false, true);
}

bool rsp_busy_service(struct rsp_busy_s *b, const char *serving)
{
	struct epoll_event ev[RSP_BUSY_PENDING_MAX + 2];
	bool newcomer = false;
	int n;

	do
		n = epoll_wait(b->epoll_fd, ev, RSP_BUSY_PENDING_MAX + 2, 0);
	while (n < 0 && errno == EINTR);
	for (int i = 0; i < n; i++) {
		uint32_t tag = ev[i].data.u32;

		if (tag == BUSY_TAG_LISTEN && serving)
			accept_newcomers(b, serving);
		else if (tag == BUSY_TAG_LISTEN)
			newcomer = true;
		else if (tag == BUSY_TAG_TIMER)
			expire(b);
		else if (b->pending[tag - BUSY_TAG_CLIENT].fd >= 0)
			read_newcomer(b, &b->pending[tag - BUSY_TAG_CLIENT]);
	}
	arm_timer(b);
	return newcomer;
}

int rsp_busy_fd(const struct rsp_busy_s *b)
{
	return b->epoll_fd;
}

uint64_t rsp_busy_refused(const struct rsp_busy_s *b)
{
	return b->refused;
}

void rsp_busy_free(struct rsp_busy_s *b)
{
	if (!b)
		return;
	for (unsigned i = 0; i < RSP_BUSY_PENDING_MAX; i++)
		if (b->pending[i].fd >= 0)
			finish(b, &b->pending[i], false, true);
	if (b->timer_fd >= 0)
		close(b->timer_fd);
	if (b->epoll_fd >= 0)
		close(b->epoll_fd);
	free(b);
}
