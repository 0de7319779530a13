/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Turning away the clients that connect while one is served, without delaying the one
 * that is served (server.c's helper; see server.h for what a refused client sees).
 *
 * A refusal waits up to RSP_BUSY_WAIT_MS for the newcomer's first packet, so that a GDB
 * gets its `E.` reply after the packet it waits on rather than text it would discard.
 * That wait must not be spent inside the served client's loop: 40 idle newcomers would
 * then cost it 40 waits. So refusals are a set of non-blocking sockets behind one epoll
 * descriptor (with the listening socket and a timer for the waits' ends): the served
 * connection polls that descriptor beside its own socket and calls rsp_busy_service
 * when it is readable, which does only what is ready and returns.
 *
 * At most RSP_BUSY_PENDING_MAX newcomers wait at once; more get the text notice at once.
 */
#ifndef SRC_RSP_BUSY_H
#define SRC_RSP_BUSY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sys/socket.h>

#include "src/rsp/conn.h"

#define RSP_BUSY_PENDING_MAX	16

struct rsp_busy_s;

/* Watches listen_fd (not owned). NULL (after logging why) if epoll or timerfd fail. */
struct rsp_busy_s *rsp_busy_new(int listen_fd, const char *message, rsp_log_fn *log, void *log_ctx);
/* Sends the text notice to the newcomers still waiting and closes them. */
void rsp_busy_free(struct rsp_busy_s *b);

/* Readable when rsp_busy_service has work: a newcomer, a first packet, a wait's end. */
int rsp_busy_fd(const struct rsp_busy_s *b);

/*
 * Does the work that is ready, without blocking. Newcomers on the listening socket are
 * accepted and refused only when serving names the client being served (else they are
 * left for the caller to accept). Returns true when a newcomer waits to be accepted.
 */
bool rsp_busy_service(struct rsp_busy_s *b, const char *serving);

/* Clients refused so far. */
uint64_t rsp_busy_refused(const struct rsp_busy_s *b);

/* "host:port" of a peer address, for logs (server.c names its client with it too). */
void rsp_format_peer(const struct sockaddr_storage *sa, char *out, size_t cap);

#endif /* SRC_RSP_BUSY_H */
