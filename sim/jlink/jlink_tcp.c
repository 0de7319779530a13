// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rspflash-sim's J-Link TCP server and logger. One client at a time: a second one gets
 * the "maximum connections" hello (0xFE), which libjaylink reports as such
 * (transport_tcp.c, RESP_MAX_CONNECTIONS), and is closed.
 *
 * Nothing here waits on one client: sockets are non-blocking, and replies that do not
 * fit in the socket are kept (jlink_proto's output) and sent as the client reads them,
 * with no more of its input taken meanwhile. A client that reads none of its replies for
 * the stall timeout (JLINK_CLIENT_STALL_MS) is dropped: it cannot hold the one client
 * slot (and the server's answers to everybody else) for ever.
 */
#define _GNU_SOURCE	/* accept4 */
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
/* Default stall bound: libjaylink's own socket timeouts (transport_tcp.c, READ_TIMEOUT and
 * WRITE_TIMEOUT) are 5 s, so a libjaylink client that has not read for this long is gone. */
#define JLINK_CLIENT_STALL_MS		5000

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

static bool send_hello(int fd, uint8_t status)
{
	uint8_t hello[4 + sizeof(JLINK_SERVER_NAME) - 1];
	size_t name_len = sizeof(JLINK_SERVER_NAME) - 1, n;

	hello[0] = status;
	hello[1] = (uint8_t)JLINK_HELLO_PROTO_VERSION;
	hello[2] = (uint8_t)(JLINK_HELLO_PROTO_VERSION >> 8);
	hello[3] = (uint8_t)name_len;
	memcpy(hello + 4, JLINK_SERVER_NAME, name_len);
	n = status == JLINK_HELLO_OK ? sizeof(hello) : 4;
	/* A fresh connection's socket buffer is empty: all of it fits, or the peer is gone. */
	return send(fd, hello, n, MSG_NOSIGNAL | MSG_DONTWAIT) == (ssize_t)n;
}

struct jlink_server_s {
	struct sim *sim;
	const struct jlink_server_config_s *cfg;
	struct jlink_proto *proto;
	int listen_fd;
	int client_fd;
	char peer[48];
	unsigned connections;
	uint64_t stalled_since_ms;	/* replies waiting for the client since then; 0: none */
	bool closing;			/* close once the pending replies are sent */
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void accept_client(struct jlink_server_s *sv)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	int one = 1;
	int fd = accept4(sv->listen_fd, (struct sockaddr *)&a, &alen, SOCK_CLOEXEC | SOCK_NONBLOCK);

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
	sv->stalled_since_ms = 0;
	sv->closing = false;
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

/*
 * Sends what the client's socket takes of the pending replies, without waiting. Returns
 * false (after dropping the client) if it is gone, or has read nothing for too long.
 */
static bool flush_output(struct jlink_server_s *sv)
{
	size_t len;
	const uint8_t *out = jlink_proto_output(sv->proto, &len);
	int stall_ms = sv->cfg->stall_timeout_ms > 0 ? sv->cfg->stall_timeout_ms : JLINK_CLIENT_STALL_MS;
	ssize_t k = 0;

	if (len)
		k = send(sv->client_fd, out, len, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
		drop_client(sv, strerror(errno));
		return false;
	}
	if (k > 0) {
		jlink_proto_consume(sv->proto, (size_t)k);
		sv->stalled_since_ms = 0;
	}
	jlink_proto_output(sv->proto, &len);
	if (!len) {
		sv->stalled_since_ms = 0;
		return true;
	}
	if (!sv->stalled_since_ms)
		sv->stalled_since_ms = now_ms();
	else if (now_ms() - sv->stalled_since_ms >= (uint64_t)stall_ms) {
		jlink_log(JLINK_LOG_WARN, "%s has read none of its %zu bytes of replies for %d ms", sv->peer,
			  len, stall_ms);
		drop_client(sv, "not reading its replies");
		return false;
	}
	return true;
}

static bool output_pending(const struct jlink_server_s *sv)
{
	size_t len;

	jlink_proto_output(sv->proto, &len);
	return len > 0;
}

/* Pass what the client sent to the protocol and send back what its socket takes. */
static void serve_client(struct jlink_server_s *sv)
{
	static uint8_t rx[65536];
	ssize_t n = recv(sv->client_fd, rx, sizeof(rx), MSG_DONTWAIT);

	if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
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
	if (jlink_proto_feed(sv->proto, rx, (size_t)n) == JLINK_PROTO_CLOSE) {
		jlink_log(JLINK_LOG_WARN, "%s", jlink_proto_close_reason(sv->proto));
		sv->closing = true;
	}
	flush_output(sv);
}

/* After a reply is out (or could not be sent), a connection the protocol ended is closed. */
static void finish_closing(struct jlink_server_s *sv)
{
	if (sv->client_fd >= 0 && sv->closing && !output_pending(sv))
		drop_client(sv, "closed by rspflash-sim (see above)");
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
	/* Replies pending: wait until the client takes them, and read no more until then. */
	pfd[nfd++] = (struct pollfd){ .fd = sv->client_fd,	/* -1 is ignored */
				      .events = output_pending(sv) ? POLLOUT : POLLIN };
	pfd[nfd++] = (struct pollfd){ .fd = disc_fd, .events = POLLIN };
	if (poll(pfd, (nfds_t)nfd, timeout) < 0) {
		if (errno == EINTR)
			return 0;
		jlink_log(JLINK_LOG_ERROR, "poll: %s", strerror(errno));
		return -1;
	}
	if (sv->client_fd >= 0 && output_pending(sv))
		flush_output(sv);	/* also when not writable: the stall clock runs */
	else if (pfd[1].revents && sv->client_fd >= 0)
		serve_client(sv);
	finish_closing(sv);
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
