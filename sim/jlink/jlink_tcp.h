/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rspflash-sim's J-Link TCP server: listens, greets each client with the J-Link TCP
 * hello (libjaylink transport_tcp.c, handle_server_hello), and serves one client at a
 * time through the socket-free protocol in jlink_proto.c. The board is created once
 * and outlives connections, as a real target behind a real probe does.
 *
 * Also home of the program's logger (stderr, timestamp and level), shared by the
 * front end's files.
 */
#ifndef SIM_JLINK_JLINK_TCP_H
#define SIM_JLINK_JLINK_TCP_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "sim/jlink/jlink_proto.h"

struct sim;

/* The port libjaylink connects to; it takes no other (transport_tcp.c, PORT_STRING). */
#define JLINK_TCP_PORT		19020

void jlink_log_set_level(enum jlink_log_level_e level);
/* Parses "error", "warn", "info" or "debug"; returns false if s is none of them. */
bool jlink_log_parse_level(const char *s, enum jlink_log_level_e *level);
void jlink_log(enum jlink_log_level_e level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A jlink_log_fn for jlink_proto (ctx unused). */
void jlink_log_cb(void *ctx, enum jlink_log_level_e level, const char *msg);

struct jlink_discovery;

struct jlink_server_config_s {
	const char *bind_addr;		/* IPv4 dotted quad */
	uint16_t port;
	bool once;			/* return when the first client disconnects */
	/* A client that reads none of its replies this long is dropped; 0: 5000 ms. */
	int stall_timeout_ms;
	struct jlink_discovery *discovery;	/* may be NULL; polled alongside the sockets */
	/* Set from signal handlers: stop serving / print statistics now. */
	volatile sig_atomic_t *stop;
	volatile sig_atomic_t *stats_requested;
	void (*print_stats)(struct sim *s);
};

/* Open the listening socket. Returns its descriptor, or -1 after logging why. */
int jlink_server_listen(const char *bind_addr, uint16_t port);

/* Serve on listen_fd until *stop is set or (once) the first client leaves. Returns 0 or -1. */
int jlink_server_run(struct sim *s, int listen_fd, const struct jlink_server_config_s *cfg);

#endif /* SIM_JLINK_JLINK_TCP_H */
