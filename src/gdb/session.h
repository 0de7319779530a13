/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One GDB connection's loop (session.c). */
#ifndef SRC_GDB_SESSION_H
#define SRC_GDB_SESSION_H

#include "src/gdb/gdb.h"
#include "src/rsp/conn.h"

/* How often the running target and the connection are polled (µs of wall time). */
#define GDB_SESSION_POLL_US 1000

enum gdb_session_end_e {
	GDB_SESSION_DETACHED,		/* D, or k in plain remote mode */
	GDB_SESSION_DISCONNECTED,	/* the client went away */
};

/* Serves one client until it detaches or goes away. */
enum gdb_session_end_e gdb_session_run(struct gdb_s *g, struct rsp_conn_s *c);

#endif /* SRC_GDB_SESSION_H */
