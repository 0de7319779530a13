// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of one RSP connection (src/rsp/conn.c) over a socketpair, where the test
 * plays GDB on the other end, and of the server (src/rsp/server.c) on 127.0.0.1 with an
 * ephemeral port and real TCP clients. Loopback only.
 *
 * Everything runs in one thread: bytes GDB would send after reading a reply (its `+`)
 * are written before the call that waits for them, which a stream socket keeps in order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <errno.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include <sys/socket.h>

#include "src/rsp/conn.h"
#include "src/rsp/server.h"
#include "loopback.h"

struct fixture_s {
	struct rsp_conn_s *conn;
	int peer;		/* the test's end: plays GDB */
	char log[4096];
	size_t log_len;
};

static void capture_log(void *ctx, enum rsp_log_level_e level, const char *msg)
{
	struct fixture_s *f = ctx;
	int n = snprintf(f->log + f->log_len, sizeof(f->log) - f->log_len, "%d %s\n", level, msg);

	if (n > 0 && f->log_len + (size_t)n < sizeof(f->log))
		f->log_len += (size_t)n;
}

static struct rsp_conn_config_s conn_cfg(struct fixture_s *f)
{
	return (struct rsp_conn_config_s){
		.log = capture_log, .log_ctx = f, .ack_timeout_ms = 300, .watch_fd = -1,
	};
}

static int setup(void **state)
{
	struct fixture_s *f = calloc(1, sizeof(*f));
	struct rsp_conn_config_s cfg = conn_cfg(f);
	int sv[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	f->conn = rsp_conn_new(sv[0], &cfg);
	assert_non_null(f->conn);
	f->peer = sv[1];
	*state = f;
	return 0;
}

/* Replaces the fixture's connection by a fresh one with cfg. */
static void reconnect(struct fixture_s *f, const struct rsp_conn_config_s *cfg)
{
	int sv[2];

	rsp_conn_free(f->conn);
	close(f->peer);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	f->conn = rsp_conn_new(sv[0], cfg);
	assert_non_null(f->conn);
	f->peer = sv[1];
}

static int teardown(void **state)
{
	struct fixture_s *f = *state;

	rsp_conn_free(f->conn);
	if (f->peer >= 0)
		close(f->peer);
	free(f);
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void peer_write(int fd, const void *buf, size_t len)
{
	assert_int_equal(rsp_write_all(fd, buf, len, 1000), RSP_CONN_OK);
}

static void peer_send(int fd, const char *s)
{
	peer_write(fd, s, strlen(s));
}

/* Reads whatever arrives within timeout_ms (until EOF or a quiet gap of 50 ms). */
static size_t peer_read(int fd, char *buf, size_t cap, int timeout_ms, bool *eof)
{
	size_t n = 0;
	int64_t deadline = now_ms() + timeout_ms;

	*eof = false;
	while (n < cap - 1) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int64_t left = deadline - now_ms();
		ssize_t r;

		if (left <= 0 || poll(&pfd, 1, n ? 50 : (int)left) <= 0)
			break;
		r = recv(fd, buf + n, cap - 1 - n, 0);
		if (r <= 0) {
			*eof = true;
			break;
		}
		n += (size_t)r;
	}
	buf[n] = '\0';
	return n;
}

static void expect_peer_gets(int fd, const char *want)
{
	char buf[512];
	bool eof;
	size_t n = peer_read(fd, buf, sizeof(buf), 500, &eof);

	assert_int_equal(n, strlen(want));
	assert_memory_equal(buf, want, n);
}

static void expect_packet(struct rsp_conn_s *c, const char *want, int timeout_ms)
{
	const uint8_t *data = NULL;
	size_t len = 0;

	assert_int_equal(rsp_conn_recv(c, &data, &len, timeout_ms), RSP_CONN_PACKET);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(data, want, len);
}

static void test_ack_mode_recv_and_send(void **state)
{
	struct fixture_s *f = *state;

	/* GDB's connection opens with a `+`; it must be ignored. */
	peer_send(f->peer, "+$qSupported:swbreak+#8b");
	expect_packet(f->conn, "qSupported:swbreak+", 1000);
	expect_peer_gets(f->peer, "+");
	assert_true(rsp_conn_ack_mode(f->conn));

	peer_send(f->peer, "+");	/* GDB's ack of the reply, queued ahead */
	assert_int_equal(rsp_conn_send_str(f->conn, "PacketSize=4000"), RSP_CONN_OK);
	expect_peer_gets(f->peer, "$PacketSize=4000#f4");
	assert_int_equal(rsp_conn_stats(f->conn)->replies_out, 1);
}

static void test_resend_on_nak(void **state)
{
	struct fixture_s *f = *state;

	peer_send(f->peer, "-+");
	assert_int_equal(rsp_conn_send_str(f->conn, "OK"), RSP_CONN_OK);
	expect_peer_gets(f->peer, "$OK#9a$OK#9a");
	assert_int_equal(rsp_conn_stats(f->conn)->resends, 1);

	/* A late `-` (after the ack) still resends the last reply. */
	peer_send(f->peer, "-");
	assert_int_equal(rsp_conn_recv(f->conn, &(const uint8_t *){ NULL }, &(size_t){ 0 }, 100),
			 RSP_CONN_TIMEOUT);
	expect_peer_gets(f->peer, "$OK#9a");
	assert_int_equal(rsp_conn_stats(f->conn)->resends, 2);
}

static void test_ack_timeout(void **state)
{
	struct fixture_s *f = *state;
	int64_t t0 = now_ms();

	assert_int_equal(rsp_conn_send_str(f->conn, "OK"), RSP_CONN_TIMEOUT);
	assert_true(now_ms() - t0 >= 290);
	assert_non_null(strstr(f->log, "no ack"));
	expect_peer_gets(f->peer, "$OK#9a");
}

/*
 * A client that never acks costs one ack timeout, not one per reply: the connection is
 * dead after the first (issue 8, defect 8: `monitor reg`'s many `O` packets stalled the
 * session for 90 s, 2 s each).
 */
static void test_ack_timeout_ends_connection(void **state)
{
	struct fixture_s *f = *state;
	int64_t t0 = now_ms();

	for (int i = 0; i < 10; i++)
		rsp_conn_send_console(f->conn, "r0 0x00000000\n");
	assert_int_equal(rsp_conn_send_str(f->conn, "OK"), RSP_CONN_IO_ERROR);
	assert_true(now_ms() - t0 < 1000);	/* one 300 ms ack wait, not eleven */
	assert_false(rsp_conn_alive(f->conn));
	assert_int_equal(rsp_conn_recv(f->conn, &(const uint8_t *){ NULL }, &(size_t){ 0 }, -1),
			 RSP_CONN_IO_ERROR);
	assert_non_null(strstr(f->log, "waiting for an ack"));
}

/* A client that does not read: a reply waits the write timeout at most, then the end. */
static void test_write_timeout_client_not_reading(void **state)
{
	struct fixture_s *f = *state;
	struct rsp_conn_config_s cfg = conn_cfg(f);
	static uint8_t big[RSP_PACKET_SIZE];
	enum rsp_conn_status_e st = RSP_CONN_OK;
	int sends = 0;
	int64_t t0;

	cfg.write_timeout_ms = 200;
	reconnect(f, &cfg);
	peer_send(f->peer, "$QStartNoAckMode#b0+");
	rsp_conn_recv(f->conn, &(const uint8_t *){ NULL }, &(size_t){ 0 }, 200);
	assert_false(rsp_conn_ack_mode(f->conn));
	alarm(20);	/* the old blocking send() hung here for good */
	t0 = now_ms();
	while (st == RSP_CONN_OK && sends++ < 100000)
		st = rsp_conn_send(f->conn, RSP_PAYLOAD_BINARY, big, sizeof(big));
	alarm(0);
	assert_int_equal(st, RSP_CONN_IO_ERROR);
	assert_true(now_ms() - t0 < 5000);
	assert_false(rsp_conn_alive(f->conn));
}

static void test_bad_checksum_naks_and_recovers(void **state)
{
	struct fixture_s *f = *state;

	peer_send(f->peer, "$OK#00$g#67");
	expect_packet(f->conn, "g", 1000);
	expect_peer_gets(f->peer, "-+");
	assert_int_equal(rsp_conn_stats(f->conn)->naks_out, 1);
	assert_non_null(strstr(f->log, "checksum mismatch"));
}

static void test_no_ack_switch(void **state)
{
	struct fixture_s *f = *state;
	char buf[64];
	bool eof;

	/* Request, GDB's ack of OK, then a packet GDB sends without waiting for acks. */
	peer_send(f->peer, "$QStartNoAckMode#b0+$g#67");
	expect_packet(f->conn, "g", 1000);
	assert_false(rsp_conn_ack_mode(f->conn));
	/* `+` for the request and OK, but no `+` for "g". */
	expect_peer_gets(f->peer, "+$OK#9a");

	/* Replies no longer wait for an ack; packets are not acked. */
	assert_int_equal(rsp_conn_send_str(f->conn, "1234"), RSP_CONN_OK);
	peer_send(f->peer, "$?#3f");
	expect_packet(f->conn, "?", 1000);
	assert_int_equal(peer_read(f->peer, buf, sizeof(buf), 200, &eof), 8);
	assert_string_equal(buf, "$1234#ca");
}

static void test_no_ack_waits_for_ok_ack(void **state)
{
	struct fixture_s *f = *state;
	const uint8_t *data;
	size_t len;

	/* A `-` to the OK resends it; the switch waits for the `+`. */
	peer_send(f->peer, "$QStartNoAckMode#b0-+$g#67");
	expect_packet(f->conn, "g", 1000);
	assert_false(rsp_conn_ack_mode(f->conn));
	expect_peer_gets(f->peer, "+$OK#9a$OK#9a");

	/* OK never acked: like any reply, the connection ends after the ack timeout. */
	reconnect(f, &(struct rsp_conn_config_s){ .ack_timeout_ms = 300, .watch_fd = -1 });
	peer_send(f->peer, "$QStartNoAckMode#b0");
	assert_int_equal(rsp_conn_recv(f->conn, &data, &len, 1000), RSP_CONN_IO_ERROR);
	assert_true(rsp_conn_ack_mode(f->conn));
	expect_peer_gets(f->peer, "+$OK#9a");
}

static void test_no_ack_disabled_passes_request(void **state)
{
	struct fixture_s *f = *state;
	struct rsp_conn_config_s cfg = conn_cfg(f);

	cfg.no_ack_disabled = true;
	reconnect(f, &cfg);
	peer_send(f->peer, "$QStartNoAckMode#b0");
	expect_packet(f->conn, "QStartNoAckMode", 1000);
	assert_true(rsp_conn_ack_mode(f->conn));
	expect_peer_gets(f->peer, "+");
}

static void test_interrupt_and_packets_without_waiting(void **state)
{
	struct fixture_s *f = *state;
	const uint8_t *data;
	size_t len;
	int64_t t0;

	peer_send(f->peer, "\x03");
	assert_int_equal(rsp_conn_recv(f->conn, &data, &len, 1000), RSP_CONN_INTERRUPT);

	/* While the target runs (timeout 0): never blocks, and each event is taken once. */
	t0 = now_ms();
	assert_int_equal(rsp_conn_recv(f->conn, &data, &len, 0), RSP_CONN_TIMEOUT);
	assert_true(now_ms() - t0 < 50);
	peer_send(f->peer, "\x03");
	assert_int_equal(rsp_conn_recv(f->conn, &data, &len, 0), RSP_CONN_INTERRUPT);
	assert_int_equal(rsp_conn_recv(f->conn, &data, &len, 0), RSP_CONN_TIMEOUT);
	assert_int_equal(rsp_conn_stats(f->conn)->interrupts, 2);

	/* A packet, then 0x03 behind it: the packet first, then the 0x03 is still seen. */
	peer_send(f->peer, "$qC#b4\x03");
	expect_packet(f->conn, "qC", 0);
	assert_int_equal(rsp_conn_recv(f->conn, &data, &len, 0), RSP_CONN_INTERRUPT);
	expect_peer_gets(f->peer, "+");
}

static void test_packet_after_ack_kept(void **state)
{
	struct fixture_s *f = *state;

	/* The ack of a reply and the next packet arrive together: the packet waits for recv. */
	peer_send(f->peer, "+$qC#b4");
	assert_int_equal(rsp_conn_send_console(f->conn, "hi\n"), RSP_CONN_OK);
	expect_packet(f->conn, "qC", 0);
	expect_peer_gets(f->peer, "$O68690a#bd+");
}

static void test_console_split(void **state)
{
	struct fixture_s *f = *state;
	char text[1201], *buf = malloc(8192);
	bool eof;

	memset(text, 'A', 1200);
	text[1200] = '\0';
	peer_send(f->peer, "$QStartNoAckMode#b0+");
	assert_int_equal(rsp_conn_recv(f->conn, &(const uint8_t *){ NULL }, &(size_t){ 0 }, 200),
			 RSP_CONN_TIMEOUT);
	assert_false(rsp_conn_ack_mode(f->conn));
	expect_peer_gets(f->peer, "+$OK#9a");
	assert_int_equal(rsp_conn_send_console(f->conn, text), RSP_CONN_OK);
	/* 512 + 512 + 176 characters: three `O` packets of 2n+1 data bytes each. */
	assert_int_equal(peer_read(f->peer, buf, 8192, 500, &eof), (1025 + 4) * 2 + 353 + 4);
	assert_memory_equal(buf, "$O4141", 6);
	assert_int_equal(rsp_conn_stats(f->conn)->replies_out, 4);
	free(buf);
}

static void test_binary_reply_all_bytes(void **state)
{
	struct fixture_s *f = *state;
	uint8_t data[256];
	char buf[600];
	struct rsp_rx_s *rx = malloc(sizeof(*rx));
	size_t n, len;
	bool eof;
	enum rsp_rx_event_e ev = RSP_RX_NONE;

	for (int i = 0; i < 256; i++)
		data[i] = (uint8_t)i;
	peer_send(f->peer, "+");
	assert_int_equal(rsp_conn_send(f->conn, RSP_PAYLOAD_BINARY, data, 256), RSP_CONN_OK);
	n = peer_read(f->peer, buf, sizeof(buf), 500, &eof);
	assert_int_equal(n, 264);
	rsp_rx_init(rx);
	for (size_t i = 0; i < n; i++)
		ev = rsp_rx_feed(rx, (uint8_t)buf[i]);
	assert_int_equal(ev, RSP_RX_PACKET);
	assert_memory_equal(rsp_rx_data(rx, &len), data, 256);
	assert_int_equal(len, 256);
	free(rx);
}

static void test_largest_packet_and_oversize(void **state)
{
	struct fixture_s *f = *state;
	size_t size = RSP_PACKET_SIZE + 1;
	char *pkt = malloc(size + 8);
	const uint8_t *data;
	size_t len;

	/* An X packet filling PacketSize exactly, as GDB sizes `load` chunks. */
	memcpy(pkt + 1, "X20000000,3ff3:", 15);
	memset(pkt + 16, 0x55, RSP_PACKET_SIZE - 15);
	pkt[0] = '$';
	snprintf(pkt + 1 + RSP_PACKET_SIZE, 4, "#%02x",
		 rsp_checksum((uint8_t *)pkt + 1, RSP_PACKET_SIZE));
	peer_write(f->peer, pkt, RSP_PACKET_SIZE + 4);
	assert_int_equal(rsp_conn_recv(f->conn, &data, &len, 1000), RSP_CONN_PACKET);
	assert_int_equal(len, RSP_PACKET_SIZE);
	assert_int_equal(data[len - 1], 0x55);

	/* One byte more: dropped, acked, reported so the caller can reply an error. */
	memset(pkt + 16, 0x55, size - 15);
	snprintf(pkt + 1 + size, 4, "#%02x", rsp_checksum((uint8_t *)pkt + 1, size));
	peer_write(f->peer, pkt, size + 4);
	peer_send(f->peer, "$g#67");
	assert_int_equal(rsp_conn_recv(f->conn, &data, &len, 1000), RSP_CONN_OVERSIZE);
	expect_packet(f->conn, "g", 1000);
	expect_peer_gets(f->peer, "+++");
	assert_int_equal(rsp_conn_stats(f->conn)->dropped, 1);
	free(pkt);
}

static void test_garbage_logged_and_ignored(void **state)
{
	struct fixture_s *f = *state;

	peer_send(f->peer, "junk$g#67");
	expect_packet(f->conn, "g", 1000);
	assert_int_equal(rsp_conn_stats(f->conn)->garbage_bytes, 4);
	assert_non_null(strstr(f->log, "ignored 4 byte(s) of garbage"));
}

static void test_recv_timeout(void **state)
{
	struct fixture_s *f = *state;
	const uint8_t *data;
	size_t len;
	int64_t t0 = now_ms();

	assert_int_equal(rsp_conn_recv(f->conn, &data, &len, 80), RSP_CONN_TIMEOUT);
	assert_true(now_ms() - t0 >= 75);
	assert_true(rsp_conn_alive(f->conn));
	assert_int_equal(rsp_conn_recv(f->conn, &data, &len, 0), RSP_CONN_TIMEOUT);
}

static void test_disconnect_mid_packet(void **state)
{
	struct fixture_s *f = *state;
	const uint8_t *data;
	size_t len;

	peer_send(f->peer, "$m8000000,");
	close(f->peer);
	f->peer = -1;
	assert_int_equal(rsp_conn_recv(f->conn, &data, &len, 1000), RSP_CONN_CLOSED);
	assert_false(rsp_conn_alive(f->conn));
	assert_non_null(strstr(f->log, "in the middle of a packet"));
	/* Every later call reports the same, and writing raises no SIGPIPE. */
	assert_int_equal(rsp_conn_send_str(f->conn, "OK"), RSP_CONN_CLOSED);
	assert_int_equal(rsp_conn_recv(f->conn, &data, &len, 0), RSP_CONN_CLOSED);
}

static void test_disconnect_before_ack(void **state)
{
	struct fixture_s *f = *state;

	close(f->peer);
	f->peer = -1;
	assert_int_equal(rsp_conn_send_str(f->conn, "OK"), RSP_CONN_CLOSED);
	assert_int_equal(rsp_conn_recv(f->conn, &(const uint8_t *){ NULL }, &(size_t){ 0 }, 0),
			 RSP_CONN_CLOSED);
}

static void test_disconnect_while_running(void **state)
{
	struct fixture_s *f = *state;
	const uint8_t *data;
	size_t len;

	assert_int_equal(rsp_conn_recv(f->conn, &data, &len, 0), RSP_CONN_TIMEOUT);
	shutdown(f->peer, SHUT_WR);
	assert_int_equal(rsp_conn_recv(f->conn, &data, &len, 0), RSP_CONN_CLOSED);
	assert_non_null(strstr(f->log, "client disconnected"));
}

/* ---- server on 127.0.0.1, port 0 ---- */

static int connect_to(uint16_t port)
{
	return loopback_connect(port, false);
}

static struct rsp_server_s *open_server(struct fixture_s *f)
{
	struct rsp_server_config_s cfg = { .port = 0, .log = capture_log, .log_ctx = f };
	struct rsp_server_s *srv;

	assert_int_equal(rsp_server_open(&cfg, &srv), RSP_SERVER_OK);
	assert_true(rsp_server_port(srv) != 0);
	return srv;
}

static void test_server_session_and_reconnect(void **state)
{
	struct fixture_s *f = *state;
	struct rsp_server_s *srv = open_server(f);
	struct rsp_conn_config_s cfg = conn_cfg(f);
	struct rsp_conn_s *c, *again;
	int client;

	assert_int_equal(rsp_server_accept(srv, &cfg, 50, &c), RSP_SERVER_TIMEOUT);
	client = connect_to(rsp_server_port(srv));
	assert_int_equal(rsp_server_accept(srv, &cfg, 1000, &c), RSP_SERVER_OK);
	assert_non_null(strstr(f->log, "client 127.0.0.1:"));
	assert_int_equal(rsp_server_accept(srv, &cfg, 0, &again), RSP_SERVER_BUSY);

	peer_send(client, "+$qSupported#37");
	expect_packet(c, "qSupported", 1000);
	peer_send(client, "+");
	assert_int_equal(rsp_conn_send_str(c, "PacketSize=4000"), RSP_CONN_OK);
	expect_peer_gets(client, "+$PacketSize=4000#f4");

	/* The client resets the connection mid-packet (RST, not FIN). */
	peer_send(client, "$g");
	{
		struct linger lg = { .l_onoff = 1, .l_linger = 0 };

		setsockopt(client, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	}
	close(client);
	assert_int_equal(rsp_conn_recv(c, &(const uint8_t *){ NULL }, &(size_t){ 0 }, 1000),
			 RSP_CONN_CLOSED);
	rsp_server_disconnect(srv);

	/* The next client is accepted. */
	client = connect_to(rsp_server_port(srv));
	assert_int_equal(rsp_server_accept(srv, &cfg, 1000, &c), RSP_SERVER_OK);
	peer_send(client, "$?#3f");
	expect_packet(c, "?", 1000);
	close(client);
	rsp_server_close(srv);
}

static void test_server_refuses_second_client(void **state)
{
	struct fixture_s *f = *state;
	struct rsp_server_s *srv = open_server(f);
	struct rsp_conn_config_s cfg = conn_cfg(f);
	struct rsp_conn_s *c;
	int first, gdb2, nc;
	char buf[512], want[512];
	bool eof;

	first = connect_to(rsp_server_port(srv));
	assert_int_equal(rsp_server_accept(srv, &cfg, 1000, &c), RSP_SERVER_OK);

	/* A second GDB: its qSupported gets `+` and an E.message reply, then EOF. */
	gdb2 = connect_to(rsp_server_port(srv));
	peer_send(gdb2, "+$qSupported:multiprocess+#c6");
	assert_int_equal(rsp_conn_recv(c, &(const uint8_t *){ NULL }, &(size_t){ 0 }, 100),
			 RSP_CONN_TIMEOUT);
	snprintf(want, sizeof(want), "E.%s", RSP_BUSY_MESSAGE);
	snprintf(buf, sizeof(buf), "+$%s#%02x", want, rsp_checksum((uint8_t *)want, strlen(want)));
	strcpy(want, buf);
	assert_int_equal(peer_read(gdb2, buf, sizeof(buf), 1000, &eof), strlen(want));
	assert_string_equal(buf, want);
	peer_read(gdb2, buf, sizeof(buf), 500, &eof);
	assert_true(eof);
	close(gdb2);

	/* A client that says nothing gets one text line, while the first waits for packets. */
	nc = connect_to(rsp_server_port(srv));
	for (int i = 0; i < 100 && !poll(&(struct pollfd){ .fd = nc, .events = POLLIN }, 1, 0); i++)
		assert_int_equal(rsp_conn_recv(c, &(const uint8_t *){ NULL }, &(size_t){ 0 }, 10),
				 RSP_CONN_TIMEOUT);
	assert_int_equal(rsp_server_refused(srv), 2);
	snprintf(want, sizeof(want), "%s\n", RSP_BUSY_MESSAGE);
	peer_read(nc, buf, sizeof(buf), 1000, &eof);
	assert_string_equal(buf, want);
	close(nc);
	assert_non_null(strstr(f->log, "refused client 127.0.0.1:"));

	/* The first client was not disturbed. */
	peer_send(first, "$g#67");
	expect_packet(c, "g", 1000);
	expect_peer_gets(first, "+");
	close(first);
	rsp_server_close(srv);
}

/* Drains what the client has been sent (a reply just written to loopback is there). */
static void peer_drain(int fd)
{
	char buf[512];

	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

/*
 * Issue 8, defect 5: a script that disconnects and at once reconnects must be served, not
 * told "busy" by its own old connection. Each cycle leaves the old client's end of stream
 * and the newcomer both waiting when the server next looks.
 */
static void test_server_quick_reconnect_not_busy(void **state)
{
	struct fixture_s *f = *state;
	struct rsp_server_s *srv = open_server(f);
	struct rsp_conn_config_s cfg = conn_cfg(f);
	struct rsp_conn_s *c;
	int64_t t0 = now_ms();
	int client = connect_to(rsp_server_port(srv));

	assert_int_equal(rsp_server_accept(srv, &cfg, 1000, &c), RSP_SERVER_OK);
	for (int i = 0; i < 300; i++) {
		peer_send(client, "$?#3f");
		expect_packet(c, "?", 1000);
		peer_send(client, "+");
		assert_int_equal(rsp_conn_send_str(c, "S05"), RSP_CONN_OK);
		peer_drain(client);
		close(client);
		client = connect_to(rsp_server_port(srv));
		assert_int_equal(rsp_conn_recv(c, &(const uint8_t *){ NULL }, &(size_t){ 0 }, 1000),
				 RSP_CONN_CLOSED);
		rsp_server_disconnect(srv);
		assert_int_equal(rsp_server_refused(srv), 0);
		assert_int_equal(rsp_server_accept(srv, &cfg, 1000, &c), RSP_SERVER_OK);
	}
	assert_true(now_ms() - t0 < 20000);
	close(client);
	rsp_server_close(srv);
}

/* Reads an idle client's notice; true once it has seen end of stream. */
static bool idle_client_done(int fd, char *got, size_t cap, size_t *len)
{
	for (;;) {
		ssize_t n = recv(fd, got + *len, cap - 1 - *len, MSG_DONTWAIT);

		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
			return true;
		if (n < 0)
			return false;
		*len += (size_t)n;
		got[*len] = '\0';
	}
}

/*
 * Issue 8, defect 8: newcomers that connect and say nothing must not slow the served
 * client (each cost it a 250 ms wait for a first packet: 40 of them, 0.4 s a reply), and
 * they must be told and closed soon.
 */
static void test_server_idle_newcomers_do_not_delay(void **state)
{
	enum { IDLE = 40 };
	struct fixture_s *f = *state;
	struct rsp_server_s *srv = open_server(f);
	struct rsp_conn_config_s cfg = conn_cfg(f);
	struct rsp_conn_s *c;
	int first = connect_to(rsp_server_port(srv)), idle[IDLE], done = 0;
	static char got[IDLE][256];
	size_t got_len[IDLE] = { 0 };
	bool closed[IDLE] = { false };
	char want[256];
	int64_t worst = 0, t0;

	assert_int_equal(rsp_server_accept(srv, &cfg, 1000, &c), RSP_SERVER_OK);
	for (int i = 0; i < IDLE; i++) {
		idle[i] = loopback_connect(rsp_server_port(srv), true);
		peer_send(first, "$g#67");
		t0 = now_ms();
		expect_packet(c, "g", 1000);
		peer_send(first, "+");
		assert_int_equal(rsp_conn_send_str(c, "00"), RSP_CONN_OK);
		if (now_ms() - t0 > worst)
			worst = now_ms() - t0;
		peer_drain(first);
	}
	print_message("slowest reply with %d idle newcomers: %lld ms\n", IDLE, (long long)worst);
	assert_true(worst < 100);

	/* Each is told and closed within RSP_BUSY_WAIT_MS and a margin, while the first waits. */
	t0 = now_ms();
	while (done < IDLE && now_ms() - t0 < 3000) {
		assert_int_equal(rsp_conn_recv(c, &(const uint8_t *){ NULL }, &(size_t){ 0 }, 10),
				 RSP_CONN_TIMEOUT);
		for (int i = 0; i < IDLE; i++)
			if (!closed[i] && idle_client_done(idle[i], got[i], sizeof(got[i]), &got_len[i])) {
				closed[i] = true;
				done++;
			}
	}
	assert_int_equal(done, IDLE);
	assert_int_equal(rsp_server_refused(srv), IDLE);
	snprintf(want, sizeof(want), "%s\n", RSP_BUSY_MESSAGE);
	for (int i = 0; i < IDLE; i++) {
		assert_string_equal(got[i], want);
		close(idle[i]);
	}
	close(first);
	rsp_server_close(srv);
}

static void test_server_bind_errors(void **state)
{
	struct fixture_s *f = *state;
	struct rsp_server_s *srv = open_server(f), *other;
	struct rsp_server_config_s cfg = { .bind_addr = "127.0.0.1", .port = rsp_server_port(srv) };

	/* SO_REUSEADDR does not allow two listeners on one port. */
	assert_int_equal(rsp_server_open(&cfg, &other), RSP_SERVER_ERR_BIND);
	assert_null(other);
	cfg.bind_addr = "300.1.2.3";
	cfg.port = 0;
	assert_int_equal(rsp_server_open(&cfg, &other), RSP_SERVER_ERR_ADDRESS);
	rsp_server_close(srv);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_ack_mode_recv_and_send),
		T(test_resend_on_nak),
		T(test_ack_timeout),
		T(test_ack_timeout_ends_connection),
		T(test_write_timeout_client_not_reading),
		T(test_bad_checksum_naks_and_recovers),
		T(test_no_ack_switch),
		T(test_no_ack_waits_for_ok_ack),
		T(test_no_ack_disabled_passes_request),
		T(test_interrupt_and_packets_without_waiting),
		T(test_packet_after_ack_kept),
		T(test_console_split),
		T(test_binary_reply_all_bytes),
		T(test_largest_packet_and_oversize),
		T(test_garbage_logged_and_ignored),
		T(test_recv_timeout),
		T(test_disconnect_mid_packet),
		T(test_disconnect_before_ack),
		T(test_disconnect_while_running),
		T(test_server_session_and_reconnect),
		T(test_server_refuses_second_client),
		T(test_server_quick_reconnect_not_busy),
		T(test_server_idle_newcomers_do_not_delay),
		T(test_server_bind_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
