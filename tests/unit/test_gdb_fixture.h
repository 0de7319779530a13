/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fixture of the GDB command-layer tests: an in-process virtual board (sim probe), a
 * Cortex-M target attached and halted, a struct gdb_s on it, and console output captured.
 * Packets go straight to gdb_dispatch (no socket): fx_cmd returns the reply as a string.
 */
#ifndef TESTS_UNIT_TEST_GDB_FIXTURE_H
#define TESTS_UNIT_TEST_GDB_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "src/gdb/gdb.h"

struct gdb_fixture_s {
	struct probe_s *probe;
	struct cortexm_s t;
	struct gdb_s g;
	char console[16384];
	size_t console_len;
	char reply[GDB_REPLY_MAX + 1];
};

/* Group setup/teardown: one board per test file group (creating one takes a while). */
int fx_setup_l552(void **state);
/* The process's resident set, from /proc/self/statm (compare growth: ASan inflates size). */
uint64_t fx_rss_bytes(void);

/* Any virtual board with board options (KEY=VALUE, NULL-terminated; may be NULL). */
int fx_setup_opts(void **state, const char *spec, const char *const *board_options);
int fx_setup_f401(void **state);
int fx_setup_n657(void **state);
int fx_teardown(void **state);

/* Sends a text packet; returns the reply as a NUL-terminated string ("" for none). */
const char *fx_cmd(struct gdb_fixture_s *fx, const char *pkt);
/* Sends a packet of given length (binary data). */
const char *fx_cmd_len(struct gdb_fixture_s *fx, const void *pkt, size_t len);
/* Runs a monitor command through qRcmd; returns the reply, console output in fx->console. */
const char *fx_monitor(struct gdb_fixture_s *fx, const char *line);
void fx_console_clear(struct gdb_fixture_s *fx);
/* "vFlashWrite:ADDR:" + binary, in packets of at most 1 KB as GDB sends them; the last reply. */
const char *fx_vflash_write(struct gdb_fixture_s *fx, uint32_t addr, const uint8_t *data, size_t len);
/* Reads memory over the bus and fails the test at the first byte that differs. */
void fx_expect_mem(struct gdb_fixture_s *fx, uint32_t addr, const uint8_t *want, size_t len);
/* Writes a Thumb program into RAM, halts, sets pc (thumb bit) and sp. */
void fx_load(struct gdb_fixture_s *fx, uint32_t addr, const uint16_t *code, size_t n_halfwords);

#endif
