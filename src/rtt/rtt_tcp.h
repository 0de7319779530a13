/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * RTT channels on TCP ports, as the J-Link software serves its terminal on 19021: a
 * client of a port reads the channel's up data and what it sends goes to the down channel
 * of the same number. One client per port; a second one is told so and closed. Sockets
 * are non-blocking and serviced from the server's poll loop (rtt_tcp_service): a client
 * that does not read leaves the data in the channel's bounded host buffer, and what a
 * client sends is only taken from its socket as fast as the down channel's host buffer
 * has room (TCP holds the rest), so nothing is dropped on the way in.
 */
#ifndef SRC_RTT_RTT_TCP_H
#define SRC_RTT_RTT_TCP_H

#include <stdbool.h>
#include <stdint.h>

#include "src/rtt/rtt.h"

#define RTT_TCP_MAX 32
#define RTT_DEFAULT_PORT 19021u	/* J-Link's RTT telnet port: channel 0, channel N on +N */

struct rtt_tcp_server_s {
	bool used;
	unsigned channel;
	uint16_t port;
	int lfd, cfd;		/* listening socket, client (-1: none) */
	char peer[64];
};

struct rtt_tcp_s {
	char bind[64];		/* the GDB server's --bind address ("" : 127.0.0.1) */
	struct rtt_tcp_server_s s[RTT_TCP_MAX];
};

void rtt_tcp_init(struct rtt_tcp_s *t, const char *bind);
/* Serves channel on port (0: a free one): 0 with *bound set, or -1 (logged: in use, ...). */
int rtt_tcp_open(struct rtt_tcp_s *t, uint16_t port, unsigned channel, uint16_t *bound);
/* Stops serving port (its client is closed): 0, or -1 when no server has it. */
int rtt_tcp_close(struct rtt_tcp_s *t, uint16_t port);
void rtt_tcp_close_all(struct rtt_tcp_s *t);
/* The server of a channel, or NULL. */
const struct rtt_tcp_server_s *rtt_tcp_find(const struct rtt_tcp_s *t, unsigned channel);
/* True when a client reads channel's up data (its host buffer then drains to it). */
bool rtt_tcp_reader(const struct rtt_tcp_s *t, unsigned channel);
/* Accepts newcomers, moves what clients sent into the down rings and up data to clients. */
void rtt_tcp_service(struct rtt_tcp_s *t, struct rtt_s *r);

#endif /* SRC_RTT_RTT_TCP_H */
