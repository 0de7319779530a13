// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rspflash-sim's J-Link TCP server and logger. One client at a time: a second one gets
 * the "maximum connections" hello (0xFE), which libjaylink reports as such
 * (transport_tcp.c, RESP_MAX_CONNECTIONS), and is closed.
 */
#include "sim/jlink/jlink_tcp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "sim/jlink/discovery.h"
#include "sim/sim.h"

/* Server hello (libjaylink transport_tcp.c): status, u16 protocol version, name length. */
#define JLINK_HELLO_OK			0x00
#define JLINK_HELLO_MAX_CONNECTIONS	0xfe
#define JLINK_HELLO_PROTO_VERSION	0x0001	/* libjaylink only logs it */
#define JLINK_SERVER_NAME		"rspflash-sim"

static enum jlink_log_level_e log_level = JLINK_LOG_INFO;

static const char *const log_level_names[] = {
	[JLINK_LOG_ERROR] = "error",
	[JLINK_LOG_WARN] = "warn",
	[JLINK_LOG_INFO] = "info",
	[JLINK_LOG_DEBUG] = "debug",
};

void jlink_log_set_level(enum jlink_log_level_e level)
{
	log_level = level;
}

bool jlink_log_parse_level(const char *s, enum jlink_log_level_e *level)
{
	for (unsigned i = 0; i < sizeof(log_level_names) / sizeof(log_level_names[0]); i++) {
		if (strcmp(s, log_level_names[i]) == 0) {
			*level = (enum jlink_log_level_e)i;
			return true;
		}
	}
	return false;
}

static void log_line(enum jlink_log_level_e level, const char *msg)
{
	struct timeval tv;
	struct tm tm;

	if (level > log_level)
		return;
	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	fprintf(stderr, "rspflash-sim: %02d:%02d:%02d.%03ld %s: %s\n", tm.tm_hour, tm.tm_min, tm.tm_sec,
		(long)(tv.tv_usec / 1000), log_level_names[level], msg);
}

void jlink_log(enum jlink_log_level_e level, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (level > log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_line(level, msg);
}

void jlink_log_cb(void *ctx, enum jlink_log_level_e level, const char *msg)
{
	log_line(level, msg);
}

int jlink_server_listen(const char *bind_addr, uint16_t port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	int one = 1;
	int fd;

	if (inet_pton(AF_INET, bind_addr, &a.sin_addr) != 1) {
		jlink_log(JLINK_LOG_ERROR, "--bind %s: not an IPv4 address", bind_addr);
		return -1;
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		jlink_log(JLINK_LOG_ERROR, "socket: %s", strerror(errno));
		return -1;
	}
	/* Restarting the simulator must not wait for TIME_WAIT of the last connection. */
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 4) < 0) {
		jlink_log(JLINK_LOG_ERROR, "cannot listen on %s:%u: %s", bind_addr, port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Blocking send of everything; false if the peer is gone. */
static bool send_all(int fd, const uint8_t *d, size_t n)
{
	while (n > 0) {
		ssize_t k = send(fd, d, n, MSG_NOSIGNAL);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		d += k;
		n -= (size_t)k;
	}
	return true;
}

static bool send_hello(int fd, uint8_t status)
{
	uint8_t hello[4 + sizeof(JLINK_SERVER_NAME) - 1];
	size_t name_len = sizeof(JLINK_SERVER_NAME) - 1;

	hello[0] = status;
	hello[1] = (uint8_t)JLINK_HELLO_PROTO_VERSION;
	hello[2] = (uint8_t)(JLINK_HELLO_PROTO_VERSION >> 8);
	hello[3] = (uint8_t)name_len;
	memcpy(hello + 4, JLINK_SERVER_NAME, name_len);
	return send_all(fd, hello, status == JLINK_HELLO_OK ? sizeof(hello) : 4);
}

struct jlink_server_s {
	struct sim *sim;
	const struct jlink_server_config_s *cfg;
	struct jlink_proto *proto;
	int listen_fd;
	int client_fd;
	char peer[48];
	unsigned connections;
};

static void accept_client(struct jlink_server_s *sv)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	int one = 1;
	int fd = accept(sv->listen_fd, (struct sockaddr *)&a, &alen);

	if (fd < 0) {
		if (errno != EINTR && errno != EAGAIN)
			jlink_log(JLINK_LOG_WARN, "accept: %s", strerror(errno));
		return;
	}
	if (sv->client_fd >= 0) {
		jlink_log(JLINK_LOG_WARN, "refusing %s:%u: a client is already connected",
			  inet_ntoa(a.sin_addr), ntohs(a.sin_port));
		send_hello(fd, JLINK_HELLO_MAX_CONNECTIONS);
		close(fd);
		return;
	}
	/* Every J-Link command is a small request/reply round trip: no Nagle delay. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	snprintf(sv->peer, sizeof(sv->peer), "%s:%u", inet_ntoa(a.sin_addr), ntohs(a.sin_port));
	if (!send_hello(fd, JLINK_HELLO_OK)) {
		jlink_log(JLINK_LOG_WARN, "%s left before the hello", sv->peer);
		close(fd);
		return;
	}
	sv->client_fd = fd;
	sv->connections++;
	jlink_proto_connection_start(sv->proto);
	jlink_log(JLINK_LOG_INFO, "client %s connected", sv->peer);
}

static void drop_client(struct jlink_server_s *sv, const char *why)
{
	jlink_log(JLINK_LOG_INFO, "client %s disconnected after %llu commands: %s", sv->peer,
		  (unsigned long long)jlink_proto_commands(sv->proto), why);
	close(sv->client_fd);
	sv->client_fd = -1;
}

/* Pass what the client sent to the protocol and send back its replies. */
static void serve_client(struct jlink_server_s *sv)
{
	static uint8_t rx[65536];
	enum jlink_proto_status_e st;
	const uint8_t *out;
	size_t outlen;
	ssize_t n = recv(sv->client_fd, rx, sizeof(rx), 0);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		if (n < 0)
			drop_client(sv, strerror(errno));
		else if (jlink_proto_eof(sv->proto))
			drop_client(sv, "truncated command (see above)");
		else
			drop_client(sv, "closed by the client");
		return;
	}
	st = jlink_proto_feed(sv->proto, rx, (size_t)n);
	out = jlink_proto_output(sv->proto, &outlen);
	if (outlen && !send_all(sv->client_fd, out, outlen)) {
		drop_client(sv, "send failed");
		return;
	}
	jlink_proto_consume(sv->proto, outlen);
	if (st == JLINK_PROTO_CLOSE) {
		jlink_log(JLINK_LOG_WARN, "%s", jlink_proto_close_reason(sv->proto));
		drop_client(sv, "closed by rspflash-sim (see above)");
	}
}

/* One poll round: sockets, discovery beacon, signals. */
static int poll_once(struct jlink_server_s *sv)
{
	struct pollfd pfd[3];
	int nfd = 0, timeout, disc_fd = jlink_discovery_fd(sv->cfg->discovery);

	/* Bounded, so a signal that lands just before poll() is seen soon anyway. */
	timeout = jlink_discovery_tick(sv->cfg->discovery);
	if (timeout < 0 || timeout > 100)
		timeout = 100;
	pfd[nfd++] = (struct pollfd){ .fd = sv->listen_fd, .events = POLLIN };
	pfd[nfd++] = (struct pollfd){ .fd = sv->client_fd, .events = POLLIN };	/* -1 is ignored */
	pfd[nfd++] = (struct pollfd){ .fd = disc_fd, .events = POLLIN };
	if (poll(pfd, (nfds_t)nfd, timeout) < 0) {
		if (errno == EINTR)
			return 0;
		jlink_log(JLINK_LOG_ERROR, "poll: %s", strerror(errno));
		return -1;
	}
	if (pfd[1].revents && sv->client_fd >= 0)
		serve_client(sv);
	if (pfd[0].revents & POLLIN)
		accept_client(sv);
	if (pfd[2].revents & POLLIN)
		jlink_discovery_on_readable(sv->cfg->discovery);
	return 0;
}

int jlink_server_run(struct sim *s, int listen_fd, const struct jlink_server_config_s *cfg)
{
	struct jlink_proto_config_s pcfg = { .log = jlink_log_cb };
	struct jlink_server_s sv = { .sim = s, .cfg = cfg, .listen_fd = listen_fd, .client_fd = -1 };
	int ret = 0;

	sv.proto = jlink_proto_new(s, &pcfg);
	if (!sv.proto)
		return -1;
	while (!*cfg->stop) {
		if (*cfg->stats_requested) {
			*cfg->stats_requested = 0;
			cfg->print_stats(s);
		}
		if (poll_once(&sv) < 0) {
			ret = -1;
			break;
		}
		if (cfg->once && sv.connections > 0 && sv.client_fd < 0)
			break;
	}
	if (sv.client_fd >= 0)
		drop_client(&sv, "server stopping");
	jlink_proto_free(sv.proto);
	return ret;
}
