// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Semihosting in the GDB server: the glue between the run control (run.c) and the
 * semihosting layer (src/semihosting/). When semihosting is on and the core halts on a
 * BKPT 0xAB (Thumb 0xBEAB at the PC), the server serves the call (R0 = operation, R1 =
 * parameter), writes the result to R0, steps the PC over the BKPT and resumes, all without
 * a word to GDB, which still sees the target running. A BKPT 0xAB under one of GDB's own
 * breakpoints is GDB's: the stop is reported, and GDB's step off it serves the call.
 *
 * The program's console output goes to the server's stdout and, while GDB waits for the
 * target, to GDB's console as `O` packets. Console input is the server's stdin (end of file
 * when there is none). When the program exits (SYS_EXIT, SYS_EXIT_EXTENDED), the core stays
 * halted on the BKPT and GDB gets "W<status>" (process exited) for an application exit,
 * "X06" (SIGABRT) for any other reason (newlib's abort()); the status stays in
 * g->sh.exit_status for the command line (`--once` exits with it).
 */
#include <stdio.h>
#include <string.h>

#include "src/gdb/gdb.h"
#include "src/log/log.h"

#define BKPT_SEMIHOSTING_LO 0xABu
#define BKPT_SEMIHOSTING_HI 0xBEu
#define GDB_SIGABRT 6

static int target_read(void *ctx, uint32_t addr, void *buf, size_t len)
{
	return gdb_bus_read(ctx, "semihosting", addr, buf, len);
}

static int target_write(void *ctx, uint32_t addr, const void *buf, size_t len)
{
	/* a buffer in flash would be a plain bus write there: refused like GDB's own (mem.c) */
	return gdb_bus_write(ctx, "semihosting", addr, buf, len);
}

static void console_out(void *ctx, int stream, const char *buf, size_t len)
{
	struct gdb_s *g = ctx;
	char text[257];

	fwrite(buf, 1, len, stream == 2 ? stderr : stdout);
	fflush(stream == 2 ? stderr : stdout);
	if (!g->console)
		return;
	while (len) {
		size_t n = len < sizeof(text) - 1 ? len : sizeof(text) - 1;

		memcpy(text, buf, n);
		text[n] = '\0';		/* a NUL in the output ends this piece: O packets carry text */
		g->console(g->console_ctx, text);
		buf += n;
		len -= n;
	}
}

void gdb_semihosting_init(struct gdb_s *g)
{
	semihosting_init(&g->sh);
	g->sh.mem = (struct semihosting_mem_s){ target_read, target_write, g };
	g->sh.out = console_out;
	g->sh.out_ctx = g;
}

/* True when the core sits on a BKPT 0xAB that is the program's (pc into *pc). */
static bool at_semihosting_bkpt(struct gdb_s *g, uint32_t *pc)
{
	uint8_t insn[2];

	if (!g->sh.enabled || cortexm_read_reg(g->t, CORTEXM_PC, pc) ||
	    cortexm_read_mem(g->t, *pc & ~1u, insn, sizeof(insn)))
		return false;
	return insn[0] == BKPT_SEMIHOSTING_LO && insn[1] == BKPT_SEMIHOSTING_HI && !cortexm_breakpoint_at(g->t, *pc);
}

static void exit_reply(struct gdb_s *g)
{
	if (g->sh.exit_reason == SH_ADP_STOPPED_APPLICATION_EXIT)
		gdb_reply_printf(g, "W%02x", (unsigned)g->sh.exit_status & 0xFFu);
	else
		gdb_reply_printf(g, "X%02x", GDB_SIGABRT);
	gdb_console_printf(g, "semihosting: the program exited with status %d\n", g->sh.exit_status);
	g->running = GDB_RUN_NONE;
	g->interrupted = false;
}

/* Serves the call at pc: 1 done (R0 and PC written), 2 the program exited (reply built), -1 error. */
static int serve(struct gdb_s *g, uint32_t pc)
{
	uint32_t op, param, r0;

	if (cortexm_read_reg(g->t, CORTEXM_R0, &op) || cortexm_read_reg(g->t, CORTEXM_R0 + 1, &param))
		return gdb_error_target(g, "semihosting: cannot read R0/R1");
	if (semihosting_call(&g->sh, op, param, &r0) == SEMIHOSTING_EXIT) {
		exit_reply(g);
		return 2;
	}
	if (cortexm_write_reg(g->t, CORTEXM_R0, r0) || cortexm_write_reg(g->t, CORTEXM_PC, pc + 2))
		return gdb_error_target(g, "semihosting: cannot write R0 and the PC");
	return 1;
}

int gdb_semihosting_halted(struct gdb_s *g)
{
	uint32_t pc;
	int r;

	if (g->t->reason != CORTEXM_HALT_BREAKPOINT || !at_semihosting_bkpt(g, &pc))
		return 0;
	r = serve(g, pc);
	if (r != 1)
		return r < 0 ? -1 : 1;
	if (g->interrupted) {
		/* GDB's 0x03 came while the call was served: the halt it asked for is this one */
		g->t->reason = CORTEXM_HALT_REQUEST;
		return 0;
	}
	if (cortexm_resume(g->t))
		return gdb_error_target(g, "semihosting: cannot resume the core after a call");
	return 2;
}

int gdb_semihosting_step(struct gdb_s *g)
{
	uint32_t pc;
	int r;

	if (!g->t->halted || !at_semihosting_bkpt(g, &pc))
		return 0;
	r = serve(g, pc);
	if (r == 1) {
		g->t->reason = CORTEXM_HALT_STEP;
		gdb_stop_reply(g);
	}
	return 1;
}
