// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RTT in the GDB server: the glue between the run control (session.c, run.c, the GDB
 * server's accept loop, `rspflash run`) and the RTT layer (src/rtt/); see rtt.h for the
 * pace and the budget.
 *
 * Memory is read through the MEM-AP while the core runs: an AP access needs no halt and
 * does not stop the core (cortexm_read_mem is a plain MEM-AP transfer), so the program
 * runs on undisturbed. Reads outside the part's memory map are refused here, before the
 * bus sees them (a channel name pointer is the only address taken that is not checked
 * against RAM). A failed access (target gone) stops RTT with a log line; the GDB session
 * is not ended by it.
 *
 * The clock that paces polls is the virtual board's modeled time where there is one (the
 * CPU there advances only as the server talks to the probe, so wall time would poll it
 * far more often per second of its life than a real target), wall time on a probe. The
 * cost of each poll is taken from the virtual board's counters (probe commands, SWD bits,
 * AP transfers, modeled ns) around it; on a probe, only the wall time.
 */
#include "src/gdb/rtt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim/sim.h"
#include "src/log/log.h"
#include "src/probe/probe.h"

#define NS_PER_MS 1000000ull
#define STOP_POLLS_MAX 64u	/* the final poll at a stop: until idle, at most this many */
/* Without a known part: the Cortex-M SRAM region (ARMv7-M/ARMv8-M system address map). */
#define CORTEXM_SRAM_BASE 0x20000000u
#define CORTEXM_SRAM_SIZE 0x20000000u

struct snap_s {
	struct sim_stats_s st;
	uint64_t wall_ns;
};

static uint64_t wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t now_ns(struct gdb_s *g)
{
	uint64_t ns;

	if (g->rtt->modeled && probe_modeled_ns(g->probe, &ns) == PROBE_OK)
		return ns;
	return wall_ns();
}

static void snap(struct gdb_s *g, struct snap_s *s)
{
	struct sim *board = g->probe ? probe_sim_board(g->probe) : NULL;

	memset(s, 0, sizeof(*s));
	if (board)
		sim_get_stats(board, &s->st);
	s->wall_ns = wall_ns();
}

static void account(struct gdb_s *g, struct gdb_rtt_cost_s *c, const struct snap_s *a)
{
	struct snap_s b;

	snap(g, &b);
	c->count++;
	c->probe_commands += b.st.probe_commands - a->st.probe_commands;
	c->swd_bits += b.st.swd_bits - a->st.swd_bits;
	c->ap_transfers += b.st.ap_transfers - a->st.ap_transfers;
	c->ns += g->rtt->modeled ? b.st.time_ns - a->st.time_ns : b.wall_ns - a->wall_ns;
}

static int mem_read(void *ctx, uint32_t addr, void *buf, size_t len)
{
	struct gdb_s *g = ctx;
	uint32_t gap;

	if (g->t->part && !target_mem_covers(g->t->part, addr, (uint32_t)len, &gap))
		return -2;	/* outside the memory map: the bus never sees it */
	return gdb_bus_read(g, "RTT", addr, buf, len);
}

static int mem_write(void *ctx, uint32_t addr, const void *buf, size_t len)
{
	return gdb_bus_write(ctx, "RTT", addr, buf, len);
}

/* Where a block and its buffers may lie: the part's RAM, the given range. */
static int set_ranges(struct gdb_s *g, bool has_search, uint32_t base, uint32_t size)
{
	struct rtt_s *r = &g->rtt->core;
	const struct target_part_s *p = g->t ? g->t->part : NULL;
	int rc = 0;

	rtt_clear_search(r);
	r->n_ram = 0;
	for (const struct target_mem_s *m = p ? p->mem : NULL; m && m->size; m++) {
		if (m->kind != TARGET_MEM_RAM)
			continue;
		rtt_add_ram(r, m->base, m->size);
		if (!has_search)
			rtt_add_search(r, m->base, m->size);
	}
	if (!p)
		rtt_add_ram(r, CORTEXM_SRAM_BASE, CORTEXM_SRAM_SIZE);
	if (has_search)
		rc = rtt_add_search(r, base, size) | rtt_add_ram(r, base, size);
	return rc;
}

struct gdb_rtt_s *gdb_rtt_get(struct gdb_s *g)
{
	struct rtt_mem_s mem = { mem_read, mem_write, g };
	uint64_t ns;

	if (g->rtt)
		return g->rtt;
	g->rtt = calloc(1, sizeof(*g->rtt));
	if (!g->rtt)
		return NULL;
	rtt_init(&g->rtt->core, &mem);
	rtt_tcp_init(&g->rtt->tcp, NULL);
	g->rtt->poll_ms = GDB_RTT_DEFAULT_POLL_MS;
	g->rtt->modeled = g->probe && probe_modeled_ns(g->probe, &ns) == PROBE_OK;
	set_ranges(g, false, 0, 0);
	return g->rtt;
}

void gdb_rtt_free(struct gdb_s *g)
{
	if (!g->rtt)
		return;
	rtt_tcp_close_all(&g->rtt->tcp);
	rtt_free(&g->rtt->core);
	free(g->rtt);
	g->rtt = NULL;
}

bool gdb_rtt_on(const struct gdb_s *g)
{
	return g->rtt && (g->rtt->core.state == RTT_SEARCHING || g->rtt->core.state == RTT_ACTIVE);
}

/* A channel's port, opened on first need (channel 0 at setup, the others when the block shows them). */
static void open_port(struct gdb_s *g, unsigned ch)
{
	struct gdb_rtt_s *r = g->rtt;
	uint16_t bound;
	unsigned want = r->port ? r->port + ch : 0;

	if (!r->serve_tcp || ch >= RTT_MAX_CHANNELS || r->port_open[ch] || want > 65535u)
		return;
	r->port_open[ch] = true;	/* tried once: a port in use is logged once */
	if (rtt_tcp_open(&r->tcp, (uint16_t)want, ch, &bound))
		log_warn("RTT channel %u: no TCP port (see above); `monitor rtt read %u` still shows it", ch, ch);
}

void gdb_rtt_found(struct gdb_s *g)
{
	struct gdb_rtt_s *r = g->rtt;
	unsigned n = r->core.n_up > r->core.n_down ? r->core.n_up : r->core.n_down;

	for (unsigned ch = 0; ch < n; ch++) {
		const struct rtt_tcp_server_s *s;
		const char *name = ch < r->core.n_up ? r->core.up[ch].name : r->core.down[ch].name;

		open_port(g, ch);
		s = rtt_tcp_find(&r->tcp, ch);
		if (s)
			log_info("RTT channel %u '%s' on %s:%u", ch, name, r->tcp.bind[0] ? r->tcp.bind : "127.0.0.1",
				 s->port);
	}
}

void gdb_rtt_start(struct gdb_s *g)
{
	struct gdb_rtt_s *r = gdb_rtt_get(g);

	if (!r)
		return;
	rtt_start(&r->core);
	r->enabled = true;
	if (r->core.state == RTT_OFF) {
		log_warn("RTT: no RAM to search (the part is unknown): give --rtt-search ADDR:SIZE or --rtt-address ADDR");
		snprintf(r->core.error, sizeof(r->core.error), "no RAM to search: `monitor rtt setup ADDR SIZE` first");
	}
	r->next_search_ns = r->next_poll_ns = 0;
}

void gdb_rtt_stop_user(struct gdb_s *g)
{
	struct gdb_rtt_s *r = gdb_rtt_get(g);

	if (!r)
		return;
	rtt_stop(&r->core, NULL);
	r->core.error[0] = '\0';
	r->enabled = false;
}

int gdb_rtt_setup(struct gdb_s *g, const struct gdb_rtt_config_s *cfg, char *err, size_t cap)
{
	struct gdb_rtt_s *r = gdb_rtt_get(g);
	uint16_t bound;

	if (!r) {
		snprintf(err, cap, "out of memory");
		return -1;
	}
	if (cfg->id && rtt_set_id(&r->core, cfg->id)) {
		snprintf(err, cap, "RTT ID '%s' is longer than %u characters (or empty)", cfg->id, RTT_ID_LEN);
		return -1;
	}
	if (set_ranges(g, cfg->has_search || cfg->has_address, cfg->has_address ? cfg->address : cfg->search_base,
		       cfg->has_address ? RTT_HEADER_SIZE : cfg->search_size)) {
		snprintf(err, cap, "RTT search range 0x%08x+0x%x runs past the 4 GiB address space", cfg->search_base,
			 cfg->search_size);
		return -1;
	}
	r->poll_ms = cfg->poll_ms ? cfg->poll_ms : GDB_RTT_DEFAULT_POLL_MS;
	if (cfg->serve_tcp) {
		rtt_tcp_close_all(&r->tcp);
		rtt_tcp_init(&r->tcp, cfg->bind);
		memset(r->port_open, 0, sizeof(r->port_open));
		r->serve_tcp = true;
		r->port = cfg->port;
		open_port(g, 0);
		if (rtt_tcp_find(&r->tcp, 0)) {
			bound = rtt_tcp_find(&r->tcp, 0)->port;
			log_info("RTT channel 0 on %s:%u", r->tcp.bind[0] ? r->tcp.bind : "127.0.0.1", bound);
		}
	}
	gdb_rtt_start(g);
	return 0;
}

/* Up data to the sink, or to TCP clients (what has neither stays for `monitor rtt read`). */
static void deliver(struct gdb_s *g)
{
	struct gdb_rtt_s *r = g->rtt;

	if (r->sink) {
		for (unsigned ch = 0; ch < RTT_MAX_CHANNELS; ch++) {
			const uint8_t *data;
			size_t n;

			while ((n = rtt_up_peek(&r->core, ch, &data)) > 0) {
				r->sink(r->sink_ctx, ch, data, n);
				rtt_up_consume(&r->core, ch, n);
			}
		}
	}
	rtt_tcp_service(&r->tcp, &r->core);
}

/* What ran since snapshot a, into c; a failure (result < 0) stops RTT with a log line. */
static void settle(struct gdb_s *g, struct gdb_rtt_cost_s *c, const struct snap_s *a, long result)
{
	account(g, c, a);
	if (result < 0)
		log_warn("RTT stopped: %s (%s); the GDB session goes on; `monitor rtt start` tries again",
			 g->rtt->core.error, cortexm_error(g->t));
}

/* One poll, counted; the moved bytes or -1. */
static long poll_now(struct gdb_s *g, uint64_t now)
{
	struct gdb_rtt_s *r = g->rtt;
	struct snap_s a;
	long n;

	snap(g, &a);
	n = rtt_poll(&r->core);
	settle(g, n > 0 ? &r->data : &r->idle, &a, n);
	r->next_poll_ns = now + r->poll_ms * NS_PER_MS / (n > 0 ? GDB_RTT_BUSY_DIVISOR : 1u);
	if (r->core.state == RTT_SEARCHING)	/* the block went away: look again at the normal pace */
		r->next_search_ns = now + r->poll_ms * NS_PER_MS;
	return n;
}

/* One search step, counted: 1 found, 0 not yet, 2 a pass without it, -1 target gone. */
static int search_now(struct gdb_s *g, uint64_t now)
{
	struct gdb_rtt_s *r = g->rtt;
	struct snap_s a;
	int s;

	snap(g, &a);
	s = rtt_search_step(&r->core);
	settle(g, &r->search, &a, s);
	if (s == 1) {
		gdb_rtt_found(g);
		poll_now(g, now);
	}
	r->next_search_ns = now + (s == 2 ? GDB_RTT_SEARCH_PAUSE_MS : r->poll_ms) * NS_PER_MS;
	return s;
}

void gdb_rtt_tick(struct gdb_s *g)
{
	struct gdb_rtt_s *r = g->rtt;
	uint64_t now;

	if (!r)
		return;
	rtt_tcp_service(&r->tcp, &r->core);	/* first: what clients sent goes out in this poll */
	now = now_ns(g);
	if (r->core.state == RTT_ACTIVE && now >= r->next_poll_ns)
		poll_now(g, now);
	else if (r->core.state == RTT_SEARCHING && now >= r->next_search_ns)
		search_now(g, now);
	deliver(g);
}

void gdb_rtt_stopped(struct gdb_s *g, bool exited)
{
	struct gdb_rtt_s *r = g->rtt;
	uint64_t now;

	if (!r)
		return;
	now = now_ns(g);
	if (exited && r->core.state == RTT_SEARCHING) {
		/* a short program may end before the paced search reached its block */
		rtt_search_rewind(&r->core);
		while (search_now(g, now) == 0)
			;
	}
	for (unsigned i = 0; i < STOP_POLLS_MAX && r->core.state == RTT_ACTIVE; i++)
		if (poll_now(g, now) <= 0)
			break;
	deliver(g);
}

void gdb_rtt_reset(struct gdb_s *g)
{
	struct gdb_rtt_s *r = g->rtt;

	if (!r || !r->enabled)
		return;		/* off by the user's word (or never on): stays off */
	rtt_start(&r->core);
	/* give the program's startup a poll interval to set its block up */
	r->next_search_ns = now_ns(g) + r->poll_ms * NS_PER_MS;
}

int gdb_rtt_idle(struct gdb_s *g)
{
	if (!gdb_rtt_on(g))
		return -1;
	if (cortexm_poll(g->t))
		return 1000;	/* the target does not answer: the next client's connect says more */
	if (g->t->halted) {
		if (g->rtt->next_poll_ns != UINT64_MAX) {
			gdb_rtt_stopped(g, false);
			g->rtt->next_poll_ns = UINT64_MAX;	/* once per stop */
		}
		rtt_tcp_service(&g->rtt->tcp, &g->rtt->core);	/* clients still served: no probe cost */
		return 100;
	}
	if (g->rtt->next_poll_ns == UINT64_MAX)
		g->rtt->next_poll_ns = 0;
	gdb_rtt_tick(g);
	return GDB_RTT_IDLE_TICK_MS;
}

static double per(uint64_t v, uint64_t n)
{
	return n ? (double)v / (double)n : 0.0;
}

size_t gdb_rtt_cost_line(const struct gdb_s *g, char *buf, size_t cap)
{
	const struct gdb_rtt_s *r = g->rtt;
	int n;

	if (!r)
		return (size_t)snprintf(buf, cap, "RTT: not set up");
	n = snprintf(buf, cap,
		     "RTT: %llu polls: %llu idle (%.2f probe commands, %.0f SWD bits, %.1f AP transfers each), %llu with "
		     "data (%.2f probe commands, %.0f SWD bits each); %llu bytes up, %llu down; search: %llu steps, %llu "
		     "bytes; link time %.3f ms (%s)",
		     (unsigned long long)(r->idle.count + r->data.count), (unsigned long long)r->idle.count,
		     per(r->idle.probe_commands, r->idle.count), per(r->idle.swd_bits, r->idle.count),
		     per(r->idle.ap_transfers, r->idle.count), (unsigned long long)r->data.count,
		     per(r->data.probe_commands, r->data.count), per(r->data.swd_bits, r->data.count),
		     (unsigned long long)r->core.st.bytes_up, (unsigned long long)r->core.st.bytes_down,
		     (unsigned long long)r->core.st.search_steps, (unsigned long long)r->core.st.search_bytes,
		     (double)(r->idle.ns + r->data.ns + r->search.ns) / 1e6, r->modeled ? "modeled" : "wall clock");
	return n < 0 ? 0 : (size_t)n;
}
