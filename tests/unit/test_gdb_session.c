// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The session loop over a socketpair, with the virtual board behind it: a raw client (this
 * test) speaks RSP bytes; the session runs in a thread. Covers ack mode, an oversize packet
 * (error reply), running and 0x03 (stop reply T02), monitor output as `O` packets, and a
 * client that vanishes while the target runs (the session ends, the core is left running).
 *
 * Then rspflash's server loop (accept, session, disconnect: main.c's serve) on 127.0.0.1
 * port 0 in a thread, with raw TCP clients doing what adversarial testing did (issue 8):
 * packets while the target runs, a second client then, a client that never acks. Every
 * wait is bounded, so a wedged server fails the test instead of hanging it.
 */
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "src/gdb/session.h"
#include "src/rsp/conn.h"
#include "src/rsp/server.h"
#include "loopback.h"
#include "test_gdb_fixture.h"

struct sess_s {
	struct gdb_fixture_s *fx;
	struct rsp_conn_s *conn;
	enum gdb_session_end_e end;
};

static void *session_thread(void *arg)
{
	struct sess_s *s = arg;

	s->end = gdb_session_run(&s->fx->g, s->conn);
	return NULL;
}

static void send_pkt(int fd, const char *data)
{
	char buf[RSP_PACKET_SIZE + 64];
	size_t n = rsp_frame(RSP_PAYLOAD_TEXT, (const uint8_t *)data, strlen(data), (uint8_t *)buf, sizeof(buf));

	assert_int_equal(write(fd, buf, n), (ssize_t)n);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* One byte within the deadline: 1, 0 at end of stream, -1 on timeout. */
static int read_byte(int fd, char *c, long deadline)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	long left = deadline - now_ms();

	if (left < 0 || poll(&pfd, 1, (int)left) <= 0)
		return -1;
	return read(fd, c, 1) == 1 ? 1 : 0;
}

/*
 * The next `$...#xx` packet within timeout_ms (acks skipped), acked unless ack is false;
 * NULL on timeout or end of stream.
 */
static const char *packet_within(int fd, int timeout_ms, bool ack)
{
	static char data[RSP_PACKET_SIZE + 1];
	long deadline = now_ms() + timeout_ms;
	size_t len = 0;
	int state = 0, csum = 0;
	char c;

	while (read_byte(fd, &c, deadline) == 1) {
		if (state == 0 && c == '$')
			state = 1;
		else if (state == 1 && c == '#')
			state = 2;
		else if (state == 1 && len < RSP_PACKET_SIZE)
			data[len++] = c;
		else if (state == 2 && ++csum == 2) {
			data[len] = '\0';
			if (ack)
				assert_int_equal(write(fd, "+", 1), 1);
			return data;
		}
	}
	return NULL;
}

/* A reply must come within 2 s (a wedged server sends none). */
static const char *reply(int fd)
{
	const char *r = packet_within(fd, 2000, true);

	if (!r)
		fail_msg("no reply within 2 s");
	return r;
}

static void test_session(void **state)
{
	struct gdb_fixture_s *fx = *state;
	static const uint16_t loop[] = { 0x3001, 0xe7fd, 0xbf00, 0xbf00 };
	struct rsp_conn_config_s cfg = { .watch_fd = -1 };
	struct sess_s s = { fx, NULL, GDB_SESSION_DETACHED };
	char *big = malloc(RSP_PACKET_SIZE + 100);
	pthread_t th;
	const char *r;
	int sv[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	s.conn = rsp_conn_new(sv[0], &cfg);
	assert_non_null(s.conn);
	fx_load(fx, 0x20001000, loop, 4);
	assert_int_equal(pthread_create(&th, NULL, session_thread, &s), 0);

	send_pkt(sv[1], "qSupported:swbreak+");
	assert_non_null(strstr(reply(sv[1]), "PacketSize=4000"));
	/* oversize: dropped by the codec, answered with an error naming the limit */
	memset(big, 'm', RSP_PACKET_SIZE + 50);
	big[RSP_PACKET_SIZE + 50] = '\0';
	send_pkt(sv[1], big);
	r = reply(sv[1]);
	assert_true(strncmp(r, "E.packet longer than PacketSize", 31) == 0);
	/* monitor output arrives as O packets before OK */
	send_pkt(sv[1], "qRcmd,68616c74");	/* "halt" */
	r = reply(sv[1]);
	assert_true(r[0] == 'O');
	assert_string_equal(reply(sv[1]), "OK");
	/* run, then 0x03 */
	send_pkt(sv[1], "c");
	usleep(20000);
	assert_int_equal(write(sv[1], "\x03", 1), 1);
	r = reply(sv[1]);
	assert_true(strncmp(r, "T02thread:1;", 12) == 0);
	/* run again and vanish: the session ends, the core keeps running */
	send_pkt(sv[1], "c");
	usleep(20000);
	close(sv[1]);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(s.end, GDB_SESSION_DISCONNECTED);
	assert_int_equal(cortexm_poll(&fx->t), 0);
	assert_false(fx->t.halted);
	rsp_conn_free(s.conn);
	free(big);
	assert_int_equal(cortexm_halt(&fx->t), 0);
}

/* ---- rspflash's server loop over TCP ---- */

struct tcp_server_s {
	struct gdb_fixture_s *fx;
	struct rsp_server_s *srv;
	volatile bool stop;
	pthread_t th;
};

static void *server_thread(void *arg)
{
	struct tcp_server_s *ts = arg;
	struct rsp_conn_config_s ccfg = { .watch_fd = -1 };

	while (!ts->stop) {
		struct rsp_conn_s *c;
		enum rsp_server_status_e st = rsp_server_accept(ts->srv, &ccfg, 50, &c);

		if (st == RSP_SERVER_TIMEOUT)
			continue;
		if (st != RSP_SERVER_OK)
			break;
		gdb_session_run(&ts->fx->g, c);
		rsp_server_disconnect(ts->srv);
	}
	return NULL;
}

/* Starts the server loop on a halted core. */
static void tcp_start(struct tcp_server_s *ts, struct gdb_fixture_s *fx)
{
	struct rsp_server_config_s cfg = { .port = 0 };

	assert_int_equal(cortexm_halt(&fx->t), 0);
	ts->fx = fx;
	ts->stop = false;
	assert_int_equal(rsp_server_open(&cfg, &ts->srv), RSP_SERVER_OK);
	assert_int_equal(pthread_create(&ts->th, NULL, server_thread, ts), 0);
}

/* Every client must have gone (the session ends when its client does). */
static void tcp_stop(struct tcp_server_s *ts)
{
	ts->stop = true;
	assert_int_equal(pthread_join(ts->th, NULL), 0);
	rsp_server_close(ts->srv);
}

static int tcp_connect(struct tcp_server_s *ts)
{
	return loopback_connect(rsp_server_port(ts->srv), false);
}

/* True when the server closes the connection within timeout_ms (data before it skipped). */
static bool closed_within(int fd, int timeout_ms)
{
	long deadline = now_ms() + timeout_ms;
	char c;
	int r;

	while ((r = read_byte(fd, &c, deadline)) == 1)
		;
	return r == 0;
}

/* `b .` at 0x20000000 and running, as in issue 8: M, P pc, P xpsr (Thumb bit), c. */
static void run_branch_to_self(int fd)
{
	send_pkt(fd, "M20000000,4:fee7fee7");
	assert_string_equal(reply(fd), "OK");
	send_pkt(fd, "Pf=00000020");
	assert_string_equal(reply(fd), "OK");
	send_pkt(fd, "P10=00000001");
	assert_string_equal(reply(fd), "OK");
	send_pkt(fd, "c");
	usleep(20000);
}

static void interrupt_and_expect_stop(int fd)
{
	const char *r;

	assert_int_equal(write(fd, "\x03", 1), 1);
	r = reply(fd);
	assert_true(strncmp(r, "T02thread:1;", 12) == 0);
	assert_non_null(strstr(r, "0f:00000020;"));	/* stopped in the loop */
}

/*
 * Issue 8, defect 2: a packet while the target runs wedged the server for good (no stop
 * reply after 0x03, disconnects and newcomers unseen). Now it gets an error reply and
 * everything after it works: the exact sequence of the issue, then an oversize packet.
 */
static void test_tcp_packet_while_running(void **state)
{
	struct tcp_server_s ts;
	static char big[RSP_PACKET_SIZE + 100];
	const char *r;
	int fd;

	tcp_start(&ts, *state);
	fd = tcp_connect(&ts);
	send_pkt(fd, "qSupported:swbreak+");
	assert_non_null(strstr(reply(fd), "PacketSize=4000"));
	run_branch_to_self(fd);
	send_pkt(fd, "qC");
	r = reply(fd);
	assert_non_null(strstr(r, "E.the target is running: packet 'qC' not executed;"));
	interrupt_and_expect_stop(fd);

	run_branch_to_self(fd);
	memset(big, 'm', RSP_PACKET_SIZE + 50);
	big[RSP_PACKET_SIZE + 50] = '\0';
	send_pkt(fd, big);
	assert_true(strncmp(reply(fd), "E.packet longer than PacketSize", 31) == 0);
	interrupt_and_expect_stop(fd);
	close(fd);
	tcp_stop(&ts);
}

/*
 * After a packet while running, the server still refuses a second client at once and
 * notices the first one's disconnect, then serves the next: nothing is left behind.
 */
static void test_tcp_running_serves_others(void **state)
{
	struct gdb_fixture_s *fx = *state;
	struct tcp_server_s ts;
	int fd, other;

	tcp_start(&ts, fx);
	fd = tcp_connect(&ts);
	run_branch_to_self(fd);
	send_pkt(fd, "g");
	assert_true(strncmp(reply(fd), "E.the target is running", 23) == 0);

	other = tcp_connect(&ts);
	send_pkt(other, "qSupported");
	assert_true(strncmp(reply(other), "E.rspflash is busy", 18) == 0);
	assert_true(closed_within(other, 1000));
	close(other);

	close(fd);	/* gone while the core runs: the core keeps running */
	fd = tcp_connect(&ts);
	send_pkt(fd, "qSupported");
	assert_non_null(strstr(reply(fd), "PacketSize=4000"));
	send_pkt(fd, "?");	/* halts the running core (all-stop) */
	assert_true(strncmp(reply(fd), "T02thread:1;", 12) == 0);
	close(fd);
	tcp_stop(&ts);
}

/*
 * Issue 8, defect 8: a client that never acks stalled `monitor reg` for 90 s (2 s per `O`
 * packet). Now the first ack timeout (2 s) ends the connection, and the next client is served.
 */
static void test_tcp_client_never_acks(void **state)
{
	struct tcp_server_s ts;
	long t0;
	int fd;

	tcp_start(&ts, *state);
	fd = tcp_connect(&ts);
	send_pkt(fd, "qRcmd,726567");	/* "reg" */
	t0 = now_ms();
	assert_non_null(packet_within(fd, 2000, false));	/* the first `O`, never acked */
	assert_true(closed_within(fd, 10000));
	print_message("client that never acks dropped after %ld ms\n", now_ms() - t0);
	assert_true(now_ms() - t0 < 4000);
	close(fd);

	fd = tcp_connect(&ts);
	send_pkt(fd, "qSupported");
	assert_non_null(strstr(reply(fd), "PacketSize=4000"));
	close(fd);
	tcp_stop(&ts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session),
		cmocka_unit_test(test_tcp_packet_while_running),
		cmocka_unit_test(test_tcp_running_serves_others),
		cmocka_unit_test(test_tcp_client_never_acks),
	};

	return cmocka_run_group_tests_name("gdb session", tests, fx_setup_l552, fx_teardown);
}
