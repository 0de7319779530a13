/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * RTT in the GDB server (rtt.c): the RTT layer (src/rtt/) given this target's memory, its
 * polls paced and their probe cost counted, its channels on TCP ports (src/rtt/rtt_tcp.c)
 * or handed to a sink (`rspflash run`: stdout). Called from the session loop while the
 * target runs (gdb_rtt_tick), once more when it stops (gdb_rtt_stopped), from the GDB
 * server's accept loop while no client is connected (gdb_rtt_idle), and after a reset.
 *
 * Pace and budget (doc/rtt.md has the measured figures): a poll every poll_ms (default
 * 10 ms) of the target's time (modeled time on the virtual board, wall time on a probe);
 * idle, a poll is one probe command (one block read of the header and up descriptors).
 * After a poll that moved data, the next one follows after poll_ms / 10 (1 ms), so a
 * program printing fast is drained at up to 1000 polls/s. Searching reads 1 KiB per
 * poll interval; after a whole pass without a find, the next pass waits 1 s.
 */
#ifndef SRC_GDB_RTT_H
#define SRC_GDB_RTT_H

#include "src/gdb/gdb.h"
#include "src/rtt/rtt.h"
#include "src/rtt/rtt_tcp.h"

#define GDB_RTT_DEFAULT_POLL_MS 10u
#define GDB_RTT_MAX_POLL_MS 10000u
#define GDB_RTT_BUSY_DIVISOR 10u	/* after data: the next poll after poll_ms / 10 */
#define GDB_RTT_SEARCH_PAUSE_MS 1000u	/* between search passes that found nothing */
#define GDB_RTT_IDLE_TICK_MS 1		/* no GDB client, core running: as the session polls (GDB_SESSION_POLL_US) */

/* What polls cost: the virtual board's counters (probe commands, SWD bits, AP transfers,
 * modeled ns), or on a probe only the wall time spent. */
struct gdb_rtt_cost_s {
	uint64_t count;
	uint64_t probe_commands, swd_bits, ap_transfers, ns;
};

typedef void gdb_rtt_sink_fn(void *ctx, unsigned ch, const uint8_t *data, size_t len);

struct gdb_rtt_s {
	struct rtt_s core;
	struct rtt_tcp_s tcp;
	bool enabled;			/* started (setup, `monitor rtt start`), not stopped by the user */
	bool serve_tcp;			/* open a port per channel from port on (--rtt-port) */
	uint16_t port;			/* channel 0's port (0: a free port per channel) */
	bool port_open[RTT_MAX_CHANNELS];
	unsigned poll_ms;
	uint64_t next_poll_ns, next_search_ns;
	bool modeled;			/* the clock is the virtual board's */
	struct gdb_rtt_cost_s idle, data, search;
	gdb_rtt_sink_fn *sink;		/* up data straight here (rspflash run), else kept/served */
	void *sink_ctx;
};

struct gdb_rtt_config_s {
	const char *id;			/* NULL: "SEGGER RTT" */
	bool has_address;		/* exactly there */
	uint32_t address;
	bool has_search;		/* in this range, else the part's RAM */
	uint32_t search_base, search_size;
	bool serve_tcp;
	const char *bind;		/* the GDB server's --bind */
	uint16_t port;			/* with serve_tcp; 0: free ports */
	unsigned poll_ms;		/* 0: GDB_RTT_DEFAULT_POLL_MS */
};

/* Sets RTT up and starts searching: 0, or -1 with the reason in err (an ID too long...). */
int gdb_rtt_setup(struct gdb_s *g, const struct gdb_rtt_config_s *cfg, char *err, size_t cap);
/* The RTT state, made with the defaults (part RAM, no TCP) when there is none yet. */
struct gdb_rtt_s *gdb_rtt_get(struct gdb_s *g);
/* True when RTT searches or polls. */
bool gdb_rtt_on(const struct gdb_s *g);
/* (Re)starts the search from the start of the ranges, at once. */
void gdb_rtt_start(struct gdb_s *g);
/* Stopped by the user (`monitor rtt stop`, setup): no polls, no search, not even after a reset. */
void gdb_rtt_stop_user(struct gdb_s *g);
/* The block was just found (by a search step run outside the tick): ports opened, channels logged. */
void gdb_rtt_found(struct gdb_s *g);

/* While the target runs: TCP clients served, a search step or a poll when one is due. */
void gdb_rtt_tick(struct gdb_s *g);
/* The core stopped: one more poll so nothing written just before is lost. exited: the
 * program ended: a block not found yet is searched for over the whole range first. */
void gdb_rtt_stopped(struct gdb_s *g, bool exited);
/* After a reset: the block is looked for again (the program sets it up anew). */
void gdb_rtt_reset(struct gdb_s *g);
/* No GDB client: polls the core and RTT while the core runs; the ms to wait before the next call. */
int gdb_rtt_idle(struct gdb_s *g);
void gdb_rtt_free(struct gdb_s *g);

/* A one-line summary of what RTT cost so far ("RTT: 412 polls (400 idle) ..."). */
size_t gdb_rtt_cost_line(const struct gdb_s *g, char *buf, size_t cap);

#endif /* SRC_GDB_RTT_H */
