// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The session loop over a socketpair, with the virtual board behind it: a raw client (this
 * test) speaks RSP bytes; the session runs in a thread. Covers ack mode, an oversize packet
 * (error reply), running and 0x03 (stop reply T02), monitor output as `O` packets, and a
 * client that vanishes while the target runs (the session ends, the core is left running).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "src/gdb/session.h"
#include "src/rsp/conn.h"
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

/* Reads one `$...#xx` packet (skipping acks), acks it, returns its data. */
static const char *recv_pkt(int fd)
{
	static char data[RSP_PACKET_SIZE + 1];
	size_t len = 0;
	char c;
	int state = 0, csum = 0;

	for (;;) {
		assert_int_equal(read(fd, &c, 1), 1);
		if (state == 0 && c == '$')
			state = 1;
		else if (state == 1 && c == '#')
			state = 2;
		else if (state == 1 && len < RSP_PACKET_SIZE)
			data[len++] = c;
		else if (state == 2 && ++csum == 2)
			break;
	}
	data[len] = '\0';
	assert_int_equal(write(fd, "+", 1), 1);
	return data;
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
	assert_non_null(strstr(recv_pkt(sv[1]), "PacketSize=4000"));
	/* oversize: dropped by the codec, answered with an error naming the limit */
	memset(big, 'm', RSP_PACKET_SIZE + 50);
	big[RSP_PACKET_SIZE + 50] = '\0';
	send_pkt(sv[1], big);
	r = recv_pkt(sv[1]);
	assert_true(strncmp(r, "E.packet longer than PacketSize", 31) == 0);
	/* monitor output arrives as O packets before OK */
	send_pkt(sv[1], "qRcmd,68616c74");	/* "halt" */
	r = recv_pkt(sv[1]);
	assert_true(r[0] == 'O');
	assert_string_equal(recv_pkt(sv[1]), "OK");
	/* run, then 0x03 */
	send_pkt(sv[1], "c");
	usleep(20000);
	assert_int_equal(write(sv[1], "\x03", 1), 1);
	r = recv_pkt(sv[1]);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session),
	};

	return cmocka_run_group_tests_name("gdb session", tests, fx_setup_l552, fx_teardown);
}
