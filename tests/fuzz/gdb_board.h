/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The in-process virtual boards the GDB-layer harnesses (gdb_dispatch, monitor) send
 * packets to, each with a Cortex-M target attached and a GDB command layer on it, as
 * rspflash's server has them. Building a board costs tens of milliseconds, so a board is
 * kept across inputs: each input starts as a new client would (fresh command-layer state,
 * core halted, no breakpoints or download left over) and ends as a client that goes away.
 * What the board itself keeps (flash content, option bytes) carries over until the board
 * is rebuilt, every FUZZ_BOARD_INPUTS inputs or when it stops answering; a finding that
 * needs that history still reproduces from the corpus run that led to it.
 */
#ifndef TESTS_FUZZ_GDB_BOARD_H
#define TESTS_FUZZ_GDB_BOARD_H

#include <stddef.h>
#include <stdint.h>

#include "src/gdb/gdb.h"

/* Inputs a board serves before it is rebuilt from its power-on state. */
#define FUZZ_BOARD_INPUTS 500u

/* Boards by index: 0 stm32l552, 1 stm32f401, 2 stm32l562e-dk (internal flash + octal NOR loader). */
#define FUZZ_BOARD_COUNT 3u

/* The command layer of board `which` (taken modulo FUZZ_BOARD_COUNT), ready for a new client. */
struct gdb_s *fuzz_board_begin(unsigned which);

/*
 * Runs one packet as the session would (src/gdb/session.c): dispatch, then, if the
 * packet left the target running, a few polls and a Ctrl-C, so every packet ends halted.
 */
void fuzz_board_packet(struct gdb_s *g, const uint8_t *pkt, size_t len);

/* The client goes away (gdb_disconnected): any download dropped, breakpoints removed. */
void fuzz_board_end(struct gdb_s *g);

#endif /* TESTS_FUZZ_GDB_BOARD_H */
