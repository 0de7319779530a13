// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rspflash-sim's J-Link TCP server (sim/jlink/jlink_tcp.c) on 127.0.0.1, port 0, in a
 * thread, with raw TCP clients: one that sends commands but never reads its replies
 * (issue 8, defect 12: the server blocked in send() for good, so nobody else was even
 * refused), and one that reads slowly but does read (it must get every reply).
 * No discovery (nothing is broadcast); loopback only; every wait is bounded.
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
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "sim/jlink/jlink_proto.h"
#include "sim/jlink/jlink_tcp.h"
#include "sim/sim.h"
#include "loopback.h"

#define HELLO_SIZE	16	/* status, u16 version, name length, "rspflash-sim" */
#define VERSION_REPLY	(2 + JLINK_SIM_VERSION_SIZE)
#define STALL_MS	2000

struct server_s {
	struct sim *sim;
	int listen_fd;
	uint16_t port;
	volatile sig_atomic_t stop, stats;
	struct jlink_server_config_s cfg;
	pthread_t th;
	int client;	/* closed by teardown, so a server stuck sending to it gets free */
};

static void no_stats(struct sim *s)
{
}

static void *server_thread(void *arg)
{
	struct server_s *sv = arg;

	jlink_server_run(sv->sim, sv->listen_fd, &sv->cfg);
	return NULL;
}

static int setup(void **state)
{
	static struct server_s sv;
	struct sim_options_s opt = { .board = "stm32f401" };
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	char err[160] = "";

	memset(&sv, 0, sizeof(sv));
	sv.client = -1;
	jlink_log_set_level(JLINK_LOG_WARN);
	sv.sim = sim_create(&opt, err, sizeof(err));
	if (!sv.sim)
		fail_msg("sim_create: %s", err);
	sv.listen_fd = jlink_server_listen("127.0.0.1", 0);
	assert_true(sv.listen_fd >= 0);
	assert_int_equal(getsockname(sv.listen_fd, (struct sockaddr *)&a, &alen), 0);
	sv.port = ntohs(a.sin_port);
	sv.cfg = (struct jlink_server_config_s){ .bind_addr = "127.0.0.1", .port = sv.port,
						 .stall_timeout_ms = STALL_MS, .stop = &sv.stop,
						 .stats_requested = &sv.stats, .print_stats = no_stats };
	assert_int_equal(pthread_create(&sv.th, NULL, server_thread, &sv), 0);
	*state = &sv;
	return 0;
}

static int teardown(void **state)
{
	struct server_s *sv = *state;

	if (sv->client >= 0)
		close(sv->client);
	sv->stop = 1;
	pthread_join(sv->th, NULL);
	close(sv->listen_fd);
	sim_destroy(sv->sim);
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int connect_to(uint16_t port)
{
	return loopback_connect(port, false);
}

/* Reads exactly n bytes within timeout_ms; returns how many arrived. */
static size_t read_within(int fd, uint8_t *buf, size_t n, int timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms;
	size_t got = 0;

	while (got < n) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int64_t left = deadline - now_ms();
		ssize_t r;

		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			break;
		r = recv(fd, buf + got, n - got, MSG_DONTWAIT);
		if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR))
			break;
		if (r > 0)
			got += (size_t)r;
	}
	return got;
}

/* The hello's status byte (0x00 served, 0xfe refused), or -1 if none came within 1 s. */
static int hello_status(int fd)
{
	uint8_t hello[HELLO_SIZE];
	size_t n = read_within(fd, hello, 4, 1000);

	if (n < 4)
		return -1;
	if (hello[0] == 0x00)
		assert_int_equal(read_within(fd, hello + 4, HELLO_SIZE - 4, 1000), HELLO_SIZE - 4);
	return hello[0];
}

/* A block of GET_VERSION commands (each answered by VERSION_REPLY bytes). */
static void fill_commands(uint8_t *buf, size_t n_cmds)
{
	for (size_t i = 0; i < n_cmds; i++) {
		buf[2 * i] = JLINK_TCP_CMD_PREFIX;
		buf[2 * i + 1] = JLINK_CMD_GET_VERSION;
	}
}

static void test_client_that_never_reads(void **state)
{
	struct server_s *sv = *state;
	static uint8_t cmds[65536];
	uint8_t reply[VERSION_REPLY];
	size_t sent = 0;
	int64_t t0;
	int a, b, c = -1, st = -1;

	a = sv->client = connect_to(sv->port);
	assert_int_equal(hello_status(a), 0x00);
	/* Commands until the server stops taking them: its replies fill both sockets. */
	fill_commands(cmds, sizeof(cmds) / 2);
	t0 = now_ms();
	while (now_ms() - t0 < 10000 && sent < (256u << 20)) {
		struct pollfd pfd = { .fd = a, .events = POLLOUT };
		ssize_t k;

		if (poll(&pfd, 1, 100) == 0)
			break;		/* nothing taken for 100 ms: the server holds back */
		k = send(a, cmds, sizeof(cmds), MSG_DONTWAIT | MSG_NOSIGNAL);
		if (k < 0 && errno != EAGAIN)
			break;		/* dropped already */
		if (k > 0)
			sent += (size_t)k;
	}
	print_message("client sent %zu bytes of commands without reading\n", sent);

	/* Meanwhile another client is refused at once, not left waiting... */
	b = connect_to(sv->port);
	assert_int_equal(hello_status(b), 0xfe);
	close(b);

	/* ...and once the stall bound has passed, the slot is free again. */
	t0 = now_ms();
	while (st != 0x00 && now_ms() - t0 < STALL_MS + 3000) {
		if (c >= 0)
			close(c);
		c = connect_to(sv->port);
		st = hello_status(c);
		if (st != 0x00)
			usleep(200000);
	}
	assert_int_equal(st, 0x00);
	print_message("the next client was served %lld ms later\n", (long long)(now_ms() - t0));
	assert_int_equal(send(c, cmds, 2, MSG_NOSIGNAL), 2);
	assert_int_equal(read_within(c, reply, sizeof(reply), 1000), sizeof(reply));
	assert_memory_equal(reply + 2, "J-Link V11", 10);
	close(c);
}

/* A client that reads slowly (pauses shorter than the stall bound) gets every reply. */
static void test_slow_reader_gets_everything(void **state)
{
	struct server_s *sv = *state;
	enum { N = 30000 };
	static uint8_t cmds[2 * N], replies[N * VERSION_REPLY];
	size_t got = 0, sent = 0;
	int64_t t0 = now_ms();
	int a = sv->client = connect_to(sv->port);

	assert_int_equal(hello_status(a), 0x00);
	fill_commands(cmds, N);
	while (got < sizeof(replies) && now_ms() - t0 < 20000) {
		ssize_t k;

		if (sent < sizeof(cmds)) {
			k = send(a, cmds + sent, sizeof(cmds) - sent, MSG_DONTWAIT | MSG_NOSIGNAL);
			if (k > 0)
				sent += (size_t)k;
		}
		usleep(STALL_MS * 1000 / 5);
		while ((k = recv(a, replies + got, sizeof(replies) - got, MSG_DONTWAIT)) > 0)
			got += (size_t)k;
		assert_true(k != 0);	/* not dropped */
	}
	assert_int_equal(got, sizeof(replies));
	for (size_t i = 0; i < N; i++)
		assert_memory_equal(replies + i * VERSION_REPLY + 2, "J-Link V11", 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_client_that_never_reads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slow_reader_gets_everything, setup, teardown),
	};

	return cmocka_run_group_tests_name("J-Link TCP server", tests, NULL, NULL);
}
