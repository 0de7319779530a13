// SPDX-License-Identifier: GPL-2.0-or-later
/* The virtual boards of the GDB-layer harnesses; see gdb_board.h. */
#include "gdb_board.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flash/flash.h"
#include "fuzz.h"
#include "src/probe/probe.h"

/* Polls of a running target before the harness interrupts it (each one probe command of modeled time). */
#define FUZZ_RUN_POLLS 8
/* Polls after the interrupt; a core that does not halt by then makes the board be rebuilt. */
#define FUZZ_HALT_POLLS 64

struct fuzz_board_s {
	const char *spec;
	struct probe_s *probe;
	struct cortexm_s t;
	struct gdb_s g;
	unsigned inputs;	/* served since it was built */
	bool broken;		/* stopped answering: rebuild before the next input */
};

static struct fuzz_board_s boards[FUZZ_BOARD_COUNT] = {
	{ .spec = "sim:stm32l552" }, { .spec = "sim:stm32f401" }, { .spec = "sim:stm32l562e-dk" },
};

/* Console text (monitor output): checked to be a string, then dropped. */
static void console_sink(void *ctx, const char *text)
{
	FUZZ_CHECK(strlen(text) < (size_t)1 << 20);
}

static void board_close(struct fuzz_board_s *b)
{
	if (!b->probe)
		return;
	gdb_cleanup(&b->g);
	cortexm_detach(&b->t, false);
	probe_close(b->probe);
	b->probe = NULL;
}

static void board_open(struct fuzz_board_s *b)
{
	char err[256];

	if (probe_open(b->spec, 0, &b->probe, err, sizeof(err))) {
		fprintf(stderr, "fuzz: %s: %s\n", b->spec, err);
		abort();
	}
	if (cortexm_attach(&b->t, b->probe)) {
		fprintf(stderr, "fuzz: %s: attach: %s\n", b->spec, cortexm_error(&b->t));
		abort();
	}
	/* As rspflash does (src/main.c): the board row, for the L562E-DK's octal NOR. */
	if (target_part_find(b->spec + strlen("sim:")))
		b->t.part = target_part_find(b->spec + strlen("sim:"));
	gdb_init(&b->g, &b->t, b->probe);
	b->inputs = 0;
	b->broken = false;
}

struct gdb_s *fuzz_board_begin(unsigned which)
{
	struct fuzz_board_s *b = &boards[which % FUZZ_BOARD_COUNT];

	fuzz_quiet_log();
	if (b->probe && (b->broken || b->inputs >= FUZZ_BOARD_INPUTS))
		board_close(b);
	if (!b->probe) {
		board_open(b);
	} else {
		/* A new client: the command layer as gdb_init leaves it (verify levels, loaders added, speed). */
		gdb_cleanup(&b->g);
		gdb_init(&b->g, &b->t, b->probe);
	}
	b->inputs++;
	b->g.speed_khz = 4000;
	b->g.console = console_sink;
	/* As the session starts (session.c), then halted, so that an input does the same each time. */
	if (gdb_target_reachable(&b->g) || cortexm_halt(&b->t))
		b->broken = true;	/* the input still runs: a target that does not answer is input too */
	return &b->g;
}

static struct fuzz_board_s *board_of(struct gdb_s *g)
{
	for (unsigned i = 0; i < FUZZ_BOARD_COUNT; i++)
		if (&boards[i].g == g)
			return &boards[i];
	abort();
}

void fuzz_board_packet(struct gdb_s *g, const uint8_t *pkt, size_t len)
{
	uint8_t *copy = malloc(len + 1);

	FUZZ_CHECK(copy != NULL);
	/* As rsp_rx_data delivers a packet: exactly len bytes and a NUL. */
	memcpy(copy, pkt, len);
	copy[len] = '\0';
	gdb_dispatch(g, copy, len);
	free(copy);
	FUZZ_CHECK(g->reply.none || g->reply.len <= GDB_REPLY_MAX);
	if (getenv("FUZZ_TRACE"))	/* to see what a finding or a seed does */
		fprintf(stderr, "<- %.*s\n-> %.*s\n", (int)(len > 100 ? 100 : len), (const char *)pkt,
			g->reply.none ? 6 : (int)(g->reply.len > 100 ? 100 : g->reply.len),
			g->reply.none ? "(none)" : (const char *)g->reply.data);
	if (g->running == GDB_RUN_NONE)
		return;
	for (int i = 0; i < FUZZ_RUN_POLLS; i++)
		if (gdb_poll_running(g) != 0)
			break;
	if (g->running != GDB_RUN_NONE && !g->t->halted) {
		gdb_interrupt(g);
		for (int i = 0; i < FUZZ_HALT_POLLS && gdb_poll_running(g) == 0; i++)
			;
		if (!g->t->halted)
			board_of(g)->broken = true;
	}
	g->running = GDB_RUN_NONE;	/* the stop reply went out, as session_running sends it */
}

void fuzz_board_end(struct gdb_s *g)
{
	gdb_disconnected(g);
	FUZZ_CHECK(!g->flash || !flash_dl_active(g->flash));
}
