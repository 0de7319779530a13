// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Run control (gdb manual, "Packets", "Stop Reply Packets"): ?, c/C, s/S, vCont (c, C, s,
 * S, t; C and S continue or step ignoring the signal, as there are no signals to deliver
 * on a bare core; GDB 13 only uses vCont when all four of c, C, s, S are offered), D, k,
 * R, vRun, !, H, T, vKill; and the polling the session does while the target runs.
 *
 * Stop replies: "T<sig>thread:1;<reason>" where reason is swbreak: or hwbreak: for one of
 * our breakpoints (a BKPT compiled into the program gets plain T05), watch:/rwatch:/
 * awatch:<data address> for a DWT match; sig is 02 (SIGINT) for a halt GDB asked for with
 * 0x03 or vCont;t, 0b (SIGSEGV) for a lockup or a hard fault caught by vector catch, 05
 * (SIGTRAP) otherwise. The stop reply also carries pc and sp so that GDB needs no extra
 * round trip to show where the core stopped.
 *
 * Policy choices (documented in doc/rspflash.1):
 *  - `?` on a running core halts it first (GDB's all-stop mode needs a stopped target;
 *    OpenOCD and the J-Link GDB Server halt on connect too);
 *  - `D` removes every breakpoint and watchpoint and resumes the core (not after a
 *    semihosting exit: the core stays on the exit call);
 *  - `k` removes them and leaves the core halted where it is (no reply, as GDB waits for
 *    none); in plain `target remote` mode the session then ends, in extended-remote the
 *    server stays connected and `run` (vRun) resets the core and halts at the reset vector.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "src/gdb/gdb.h"
#include "src/gdb/rtt.h"
#include "src/log/log.h"
#include "src/probe/probe.h"
#include "src/target/cortexm_exc.h"

#define GDB_SIGINT 2
#define GDB_SIGTRAP 5
#define GDB_SIGSEGV 11
#define IPSR_HARDFAULT 3u

static const char *watch_kind(const struct cortexm_s *t)
{
	static const char *const names[] = {
		[CORTEXM_WATCH_WRITE] = "watch", [CORTEXM_WATCH_READ] = "rwatch", [CORTEXM_WATCH_ACCESS] = "awatch",
	};

	return t->watch_hit_valid ? names[t->watch_hit_kind] : "watch";
}

static unsigned stop_signal(struct gdb_s *g, uint32_t xpsr)
{
	struct cortexm_s *t = g->t;

	if (g->interrupted && (t->reason == CORTEXM_HALT_REQUEST || t->reason == CORTEXM_HALT_EXTERNAL))
		return GDB_SIGINT;
	if (t->reason == CORTEXM_HALT_LOCKUP)
		return GDB_SIGSEGV;
	if (t->reason == CORTEXM_HALT_VCATCH && (xpsr & 0x1FFu) == IPSR_HARDFAULT)
		return GDB_SIGSEGV;
	return GDB_SIGTRAP;
}

static void le_hex(char *out, uint32_t v)
{
	snprintf(out, 9, "%02x%02x%02x%02x", v & 0xFFu, (v >> 8) & 0xFFu, (v >> 16) & 0xFFu, v >> 24);
}

/*
 * A halt the user asked for that finds the core in an exception handler: say which, and
 * what is pending, before the stop; a core stuck in an interrupt storm then says so at
 * every Ctrl-C instead of stopping at a different place in a handler each time. On GDB's
 * console only when the stop answers a resume: console output ('O' packets) is allowed
 * only while the program runs, and GDB takes one sent before the reply to '?' (a core
 * halted on connecting) as that reply, and every reply after it as the one to the packet
 * before (found by scripts/soak: "Malformed response to offset query, 1").
 */
static void explain_interrupted_handler(struct gdb_s *g)
{
	struct cortexm_exc_state_s st;
	char text[512];

	if (cortexm_exc_state_read(g->t, &st) || !st.active)
		return;
	cortexm_exc_state_describe(g->t, &st, text, sizeof(text));
	log_info("interrupted in a handler: %s", text);
	if (g->running != GDB_RUN_NONE)
		gdb_console_printf(g, "rspflash: %s", text);
}

void gdb_stop_reply(struct gdb_s *g)
{
	struct cortexm_s *t = g->t;
	uint32_t pc = 0, sp = 0, xpsr = 0;
	char reason[48] = "", regs[48] = "", pch[9], sph[9];

	if (cortexm_read_reg(t, CORTEXM_PC, &pc) == 0 && cortexm_read_reg(t, CORTEXM_SP, &sp) == 0) {
		le_hex(pch, pc);
		le_hex(sph, sp);
		snprintf(regs, sizeof(regs), "0f:%s;0d:%s;", pch, sph);
	}
	cortexm_read_reg(t, CORTEXM_XPSR, &xpsr);
	if (t->reason == CORTEXM_HALT_BREAKPOINT) {
		const struct cortexm_bp_s *bp = cortexm_breakpoint_at(t, pc);

		if (bp)
			snprintf(reason, sizeof(reason), "%s:;", bp->hw ? "hwbreak" : "swbreak");
	} else if (t->reason == CORTEXM_HALT_WATCHPOINT) {
		snprintf(reason, sizeof(reason), "%s:%x;", watch_kind(t), t->watch_hit_addr);
	}
	unsigned sig = stop_signal(g, xpsr);
	if (sig == GDB_SIGINT)
		explain_interrupted_handler(g);
	gdb_reply_printf(g, "T%02xthread:1;%s%s", sig, reason, regs);
	/* GDB's next/step send many single steps: those only at debug level */
	log_msg(t->reason == CORTEXM_HALT_STEP ? LOG_DEBUG : LOG_INFO, "target stopped: %s at pc 0x%08x (%.*s)",
		cortexm_halt_reason_name(t->reason), pc, (int)g->reply.len, (const char *)g->reply.data);
	g->running = GDB_RUN_NONE;
	g->interrupted = false;
}

int gdb_stop_reason(struct gdb_s *g, const char *pkt, size_t len)
{
	if (cortexm_poll(g->t) == 0 && !g->t->halted) {
		log_info("GDB asks for the stop reason while the core runs: halting it");
		if (cortexm_halt(g->t))
			return gdb_error_target(g, "cannot halt the core");
		g->interrupted = true;
	}
	gdb_stop_reply(g);
	return 0;
}

/* Optional "ADDR" after c/s (and ";ADDR" after the signal of C/S): the new pc. */
static int resume_addr(struct gdb_s *g, const char *pkt, size_t len)
{
	const char *p = pkt + 1, *end = pkt + len;
	uint32_t addr;

	if (pkt[0] == 'C' || pkt[0] == 'S') {
		p = memchr(p, ';', (size_t)(end - p));
		if (!p)
			return 0;
		p++;
	}
	if (p >= end)
		return 0;
	if (!gdb_parse_hex32(p, end, &addr, NULL))
		return gdb_error(g, "%c: malformed address", pkt[0]);
	if (cortexm_write_reg(g->t, CORTEXM_PC, addr))
		return gdb_error_target(g, "cannot set pc");
	return 0;
}

static int do_continue(struct gdb_s *g)
{
	if (!g->t->halted && cortexm_poll(g->t) == 0 && !g->t->halted)
		log_warn("continue: the core is already running");
	else if (cortexm_resume(g->t))
		return gdb_error_target(g, "cannot resume the core");
	g->running = GDB_RUN_CONTINUE;
	g->interrupted = false;
	g->reply.none = true;
	return 0;
}

static int do_step(struct gdb_s *g)
{
	g->interrupted = false;
	if (gdb_semihosting_step(g))
		return 0;
	if (cortexm_step(g->t))
		return gdb_error_target(g, "cannot step");
	gdb_stop_reply(g);
	return 0;
}

int gdb_continue(struct gdb_s *g, const char *pkt, size_t len)
{
	if (resume_addr(g, pkt, len))
		return -1;
	return do_continue(g);
}

int gdb_step(struct gdb_s *g, const char *pkt, size_t len)
{
	if (resume_addr(g, pkt, len))
		return -1;
	return do_step(g);
}

int gdb_vcont_query(struct gdb_s *g, const char *pkt, size_t len)
{
	gdb_reply_str(g, "vCont;c;C;s;S;t");
	return 0;
}

/*
 * "vCont;ACTION[:TID];ACTION..." → the action for our one thread: the first one naming
 * thread 1 or -1 or no thread. Returns the action letter, or 0 on bad syntax.
 */
char gdb_parse_vcont(const char *pkt, size_t len)
{
	const char *p = pkt + 5, *end = pkt + len;

	while (p < end && *p == ';') {
		char action = p[1];
		const char *next = memchr(p + 1, ';', (size_t)(end - p - 1));
		const char *colon = memchr(p + 1, ':', (size_t)((next ? next : end) - p - 1));

		if (!strchr("cCsSt", action) || p + 1 >= end)
			return 0;
		if (!colon || (colon[1] == '-' && colon[2] == '1') || (colon[1] == '1' && colon + 2 == (next ? next : end)) ||
		    strncmp(colon + 1, "p1.", 3) == 0)
			return action;
		p = next ? next : end;
	}
	return 0;
}

int gdb_vcont(struct gdb_s *g, const char *pkt, size_t len)
{
	switch (gdb_parse_vcont(pkt, len)) {
	case 'c':
	case 'C':
		return do_continue(g);
	case 's':
	case 'S':
		return do_step(g);
	case 't':
		if (gdb_interrupt(g))
			return gdb_error_target(g, "vCont;t: cannot halt the core");
		gdb_stop_reply(g);
		return 0;
	default:
		return gdb_error(g, "vCont: malformed or no action for thread 1");
	}
}

int gdb_interrupt(struct gdb_s *g)
{
	g->interrupted = true;
	return cortexm_halt(g->t);
}

int gdb_poll_running(struct gdb_s *g)
{
	struct cortexm_s *t = g->t;
	int r;

	if (cortexm_poll(t))
		return gdb_error_target(g, "lost the target while it ran");
	if (!t->halted && t->reason == CORTEXM_HALT_LOCKUP) {
		log_warn("the core locked up (DHCSR.S_LOCKUP): halting it");
		if (cortexm_halt(t))
			return gdb_error_target(g, "cannot halt the locked-up core");
		t->reason = CORTEXM_HALT_LOCKUP;
	}
	if (!t->halted)
		return 0;
	r = gdb_semihosting_halted(g);
	if (r == 2)
		return 0;	/* a semihosting call served: the program runs on */
	gdb_rtt_stopped(g, g->sh.exited);	/* what the program wrote just before it stopped */
	if (r != 0)
		return r;
	gdb_stop_reply(g);
	return 1;
}

int gdb_wait_stopped(struct gdb_s *g, unsigned timeout_ms)
{
	struct timespec tick = { 0, 1000000 };

	for (unsigned waited = 0;; waited++) {
		int r = gdb_poll_running(g);

		if (r != 0 || waited >= timeout_ms)
			return r;
		nanosleep(&tick, NULL);
	}
}

int gdb_target_reachable(struct gdb_s *g)
{
	if (cortexm_poll(g->t) == 0)
		return 0;
	log_warn("the target does not answer (%s): connecting again", cortexm_error(g->t));
	if (cortexm_reconnect(g->t)) {
		/* the probe itself may be gone (USB unplugged, TCP dropped): open it again */
		log_warn("%s: opening the probe again", cortexm_error(g->t));
		if (!g->probe || probe_reopen(g->probe) != PROBE_OK)
			return gdb_error(g, "cannot reach the probe again: %s",
					 g->probe ? probe_last_error(g->probe) : "no probe");
		if (cortexm_reconnect(g->t))
			return gdb_error_target(g, "cannot reach the target again");
	}
	log_info("target connected again");
	return 0;
}

int gdb_detach(struct gdb_s *g, const char *pkt, size_t len)
{
	cortexm_clear_all_points(g->t);
	gdb_flash_abort(g);
	semihosting_close_all(&g->sh);
	if (g->sh.exited) {
		/* resumed, its exit BKPT would raise a HardFault with no debugger to serve it */
		log_info("GDB detached: the program exited through semihosting, the core stays halted");
	} else {
		if (cortexm_poll(g->t) == 0 && g->t->halted && cortexm_resume(g->t))
			return gdb_error_target(g, "detach: cannot resume the core");
		log_info("GDB detached: the core runs");
	}
	g->running = GDB_RUN_NONE;
	gdb_reply_ok(g);
	g->end_session = true;
	return 0;
}

int gdb_kill(struct gdb_s *g, const char *pkt, size_t len)
{
	cortexm_clear_all_points(g->t);
	if (cortexm_halt(g->t))
		log_error("kill: cannot halt the core: %s", cortexm_error(g->t));
	log_info("kill: the core is left halted%s", g->extended ? "" : "; the session ends");
	g->running = GDB_RUN_NONE;
	g->reply.none = true;
	g->end_session = !g->extended;
	return 0;
}

int gdb_vkill(struct gdb_s *g, const char *pkt, size_t len)
{
	cortexm_clear_all_points(g->t);
	if (cortexm_halt(g->t))
		return gdb_error_target(g, "vKill: cannot halt the core");
	g->running = GDB_RUN_NONE;
	gdb_reply_ok(g);
	return 0;
}

static int reset_halt(struct gdb_s *g)
{
	cortexm_clear_all_points(g->t);
	g->running = GDB_RUN_NONE;
	semihosting_reset(&g->sh);	/* a new run of the program: its files and status start afresh */
	if (cortexm_reset(g->t, CORTEXM_RESET_SYSRESETREQ, true))
		return -1;
	gdb_rtt_reset(g);
	log_info("reset (SYSRESETREQ), halted at the reset vector");
	return 0;
}

/* R: restart in extended-remote: reset and halt; GDB waits for no reply. */
int gdb_restart(struct gdb_s *g, const char *pkt, size_t len)
{
	if (reset_halt(g))
		log_error("R: reset failed: %s", cortexm_error(g->t));
	g->reply.none = true;
	return 0;
}

/* vRun;FILENAME[;ARG]...: the program is already on the target; reset and halt there. */
int gdb_vrun(struct gdb_s *g, const char *pkt, size_t len)
{
	if (reset_halt(g))
		return gdb_error_target(g, "run: reset failed");
	gdb_stop_reply(g);
	return 0;
}

int gdb_extended(struct gdb_s *g, const char *pkt, size_t len)
{
	g->extended = true;
	gdb_reply_ok(g);
	return 0;
}

int gdb_set_thread(struct gdb_s *g, const char *pkt, size_t len)
{
	gdb_reply_ok(g);
	return 0;
}

int gdb_thread_alive(struct gdb_s *g, const char *pkt, size_t len)
{
	if (len == 2 && pkt[1] == '1')
		gdb_reply_ok(g);
	else
		gdb_error(g, "no thread %.*s (the core is thread 1)", (int)(len - 1), pkt + 1);
	return 0;
}

void gdb_disconnected(struct gdb_s *g)
{
	char where[160];

	if (g->flash && flash_dl_active(g->flash)) {
		flash_dl_progress(g->flash, where, sizeof(where));
		gdb_flash_abort(g);
		log_warn("GDB went away during a flash download (%s): the data not yet programmed is dropped; the next "
			 "load redoes what is not complete", where);
	}
	cortexm_clear_all_points(g->t);
	g->running = GDB_RUN_NONE;
	semihosting_close_all(&g->sh);
	if (cortexm_poll(g->t))
		return;
	if (g->on_disconnect == GDB_DISCONNECT_HALT && !g->t->halted)
		cortexm_halt(g->t);
	else if (g->on_disconnect == GDB_DISCONNECT_RESUME && g->t->halted)
		cortexm_resume(g->t);
	log_info("GDB disconnected; the core is left %s", g->t->halted ? "halted" : "running");
}
