// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The GDB commands that touch the target, each against the in-process virtual board:
 * registers (g/G/p/P), memory (m/M/X), breakpoints and watchpoints (Z/z, with the
 * software/hardware choice), run control (?, c, s, vCont, interrupt, stop replies), qCRC
 * on the target and on the host, D and k.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/rsp/hex.h"
#include "test_gdb_fixture.h"

#define RAM 0x20001000u
#define FLASH 0x08000100u

/* Thumb: loop: adds r0, #1; b loop;  then: bkpt #0 */
static const uint16_t prog_loop[] = { 0x3001, 0xe7fd, 0xbe00, 0xbf00 };
/* str r0, [r1]; adds r0, #1; b .-4 (stores r0 to [r1] for ever) */
static const uint16_t prog_store[] = { 0x6008, 0x3001, 0xe7fc, 0xbf00 };

static void test_regs(void **state)
{
	struct gdb_fixture_s *fx = *state;
	const struct gdb_reg_s *regs;
	unsigned n = gdb_tdesc_regs(&fx->t, &regs);
	size_t hexlen = 0;
	const char *r;

	for (unsigned i = 0; i < n; i++)
		hexlen += regs[i].bits / 4;
	r = fx_cmd(fx, "g");
	assert_int_equal(strlen(r), hexlen);
	assert_string_equal(fx_cmd(fx, "P0=78563412"), "OK");
	assert_string_equal(fx_cmd(fx, "p0"), "78563412");
	/* d0 is S0 (low word) and S1 (high word) */
	{
		char pkt[64];
		int d0 = gdb_tdesc_find(&fx->t, "d0");
		uint32_t s0, s1;

		assert_true(d0 > 0);
		snprintf(pkt, sizeof(pkt), "P%x=0100000002000000", d0);
		assert_string_equal(fx_cmd(fx, pkt), "OK");
		assert_int_equal(cortexm_read_reg(&fx->t, CORTEXM_S0, &s0), 0);
		assert_int_equal(cortexm_read_reg(&fx->t, CORTEXM_S0 + 1, &s1), 0);
		assert_int_equal(s0, 1);
		assert_int_equal(s1, 2);
	}
	/* G writes back what g read, with r1 changed */
	{
		char *g = strdup(fx_cmd(fx, "g")), *pkt = malloc(strlen(g) + 2);

		memcpy(g + 8, "efbeadde", 8);
		sprintf(pkt, "G%s", g);
		assert_string_equal(fx_cmd(fx, pkt), "OK");
		assert_string_equal(fx_cmd(fx, "p1"), "efbeadde");
		free(g);
		free(pkt);
	}
	assert_true(strncmp(fx_cmd(fx, "p999"), "E.", 2) == 0);
	assert_true(strncmp(fx_cmd(fx, "G0011"), "E.", 2) == 0);
}

static void test_memory(void **state)
{
	struct gdb_fixture_s *fx = *state;
	uint8_t bin[] = { 'X', '2', '0', '0', '0', '1', '0', '0', '0', ',', '4', ':', 0x23, 0x00, 0x7d, 0x2a };

	assert_string_equal(fx_cmd(fx, "M20001000,8:0102030405060708"), "OK");
	assert_string_equal(fx_cmd(fx, "m20001000,8"), "0102030405060708");
	assert_string_equal(fx_cmd(fx, "m20001003,3"), "040506");
	/* X carries bytes as they are after unescaping, any value */
	assert_string_equal(fx_cmd_len(fx, bin, sizeof(bin)), "OK");
	assert_string_equal(fx_cmd(fx, "m20001000,4"), "23007d2a");
	assert_string_equal(fx_cmd(fx, "X20001000,0:"), "OK");
	/* an address nothing answers: Enn for m (GDB 13 parses m replies as hex) */
	assert_string_equal(fx_cmd(fx, "mfffffff0,4"), "E01");
	/* flash is not written by plain memory writes: E.text with the address */
	assert_string_equal(fx_cmd(fx, "M8000100,2:0000"),
			    "E.cannot write 0x08000100: it is in flash 'flash' (0x08000000-0x0807ffff), which bus "
			    "writes do not program; use GDB's load or the monitor flash commands");
	/* a big read is cut at what one reply holds; GDB asks for the rest */
	assert_int_equal(strlen(fx_cmd(fx, "m20000000,4000")), RSP_PACKET_SIZE);
}

static void test_breakpoint_kinds(void **state)
{
	struct gdb_fixture_s *fx = *state;

	assert_false(gdb_break_use_hw(&fx->t, RAM));
	assert_true(gdb_break_use_hw(&fx->t, FLASH));
	assert_string_equal(fx_cmd(fx, "Z0,20001000,2"), "OK");
	assert_string_equal(fx_cmd(fx, "Z0,8000100,2"), "OK");
	for (unsigned i = 0; i < CORTEXM_MAX_SWBP; i++) {
		if (!fx->t.bps[i].used)
			continue;
		assert_int_equal(fx->t.bps[i].hw, fx->t.bps[i].addr == FLASH);
	}
	assert_string_equal(fx_cmd(fx, "z0,20001000,2"), "OK");
	assert_string_equal(fx_cmd(fx, "z0,8000100,2"), "OK");
	assert_string_equal(fx_cmd(fx, "z0,8000100,2"), "OK");	/* idempotent */
	if (cortexm_hw_breakpoint_reaches(&fx->t, RAM)) {	/* v8-M FPB reaches RAM */
		assert_string_equal(fx_cmd(fx, "Z1,20001000,2"), "OK");
		assert_string_equal(fx_cmd(fx, "z1,20001000,2"), "OK");
	} else {	/* FPB v1: code region only, said with the address */
		assert_non_null(strstr(fx_cmd(fx, "Z1,20001000,2"), "0x20001000"));
	}
	assert_true(strncmp(fx_cmd(fx, "Z0,20001000,7"), "E.", 2) == 0);
	assert_string_equal(fx_cmd(fx, "Z2,20002000,4"), "OK");
	assert_string_equal(fx_cmd(fx, "z2,20002000,4"), "OK");
	assert_string_equal(fx_cmd(fx, "Z3,20002000,4"), "OK");
	assert_string_equal(fx_cmd(fx, "z3,20002000,4"), "OK");
	assert_string_equal(fx_cmd(fx, "Z4,20002000,4"), "OK");
	assert_string_equal(fx_cmd(fx, "z4,20002000,4"), "OK");
}

static void test_step_and_stop_reply(void **state)
{
	struct gdb_fixture_s *fx = *state;
	const char *r;

	fx_load(fx, RAM, prog_loop, 4);
	assert_string_equal(fx_cmd(fx, "P0=00000000"), "OK");
	r = fx_cmd(fx, "s");
	assert_true(strncmp(r, "T05thread:1;", 12) == 0);
	assert_non_null(strstr(r, "0f:02100020;"));	/* pc = 0x20001002, little-endian */
	assert_string_equal(fx_cmd(fx, "p0"), "01000000");
	r = fx_cmd(fx, "vCont;s:1");
	assert_non_null(strstr(r, "0f:00100020;"));
	r = fx_cmd(fx, "?");
	assert_true(strncmp(r, "T05", 3) == 0);
}

static void test_continue_breakpoint(void **state)
{
	struct gdb_fixture_s *fx = *state;
	const char *r;

	fx_load(fx, RAM, prog_loop, 4);
	assert_string_equal(fx_cmd(fx, "Z0,20001002,2"), "OK");	/* RAM: software */
	assert_string_equal(fx_cmd(fx, "c"), "");
	assert_int_equal(fx->g.running, GDB_RUN_CONTINUE);
	assert_int_equal(gdb_wait_stopped(&fx->g, 2000), 1);
	r = (const char *)fx->g.reply.data;
	assert_true(strncmp(r, "T05thread:1;swbreak:;", 21) == 0);
	assert_string_equal(fx_cmd(fx, "z0,20001002,2"), "OK");
	if (!cortexm_hw_breakpoint_reaches(&fx->t, RAM))
		return;
	assert_string_equal(fx_cmd(fx, "Z1,20001002,2"), "OK");	/* explicit hardware */
	assert_string_equal(fx_cmd(fx, "vCont;c"), "");
	assert_int_equal(gdb_wait_stopped(&fx->g, 2000), 1);
	r = (const char *)fx->g.reply.data;
	assert_true(strncmp(r, "T05thread:1;hwbreak:;", 21) == 0);
	assert_string_equal(fx_cmd(fx, "z1,20001002,2"), "OK");
}

static void test_interrupt(void **state)
{
	struct gdb_fixture_s *fx = *state;

	fx_load(fx, RAM, prog_loop, 4);
	assert_string_equal(fx_cmd(fx, "c"), "");
	assert_int_equal(gdb_wait_stopped(&fx->g, 20), 0);	/* runs */
	assert_int_equal(gdb_interrupt(&fx->g), 0);
	assert_int_equal(gdb_wait_stopped(&fx->g, 100), 1);
	assert_true(strncmp((const char *)fx->g.reply.data, "T02thread:1;", 12) == 0);
	/* vCont;t stops too (and reports it) */
	assert_string_equal(fx_cmd(fx, "c"), "");
	assert_true(strncmp(fx_cmd(fx, "vCont;t"), "T02", 3) == 0);
}

/*
 * A new GDB asks '?' while the core runs in an exception handler: the server halts it and
 * the reply must be the stop itself. Console output ('O' packets) before it would be taken
 * by GDB as the reply to '?' and shift every reply after it (soak-smoke, seed 7).
 * Ctrl-C on a running program still explains the handler on the console.
 */
static void test_stop_reason_in_handler(void **state)
{
	struct gdb_fixture_s *fx = *state;
	static const uint16_t svc_then_loop[] = { 0xdf00, 0xe7fe, 0xe7fe, 0xbf00 };	/* svc 0; handler: b . */
	const uint32_t vtor = 0x20002000u, handler = RAM + 2;
	const char *r;

	fx_load(fx, RAM, svc_then_loop, 4);
	assert_int_equal(cortexm_write_mem(&fx->t, vtor + 11 * 4, &(uint32_t){ handler | 1u }, 4), 0);	/* SVCall */
	assert_int_equal(cortexm_write_u32(&fx->t, 0xE000ED08u, vtor), 0);	/* VTOR */
	assert_string_equal(fx_cmd(fx, "c"), "");
	assert_int_equal(gdb_wait_stopped(&fx->g, 20), 0);
	assert_string_equal(fx_cmd(fx, "D"), "OK");	/* the core runs on in the handler */
	fx->g.end_session = false;
	fx_console_clear(fx);
	r = fx_cmd(fx, "?");
	assert_true(strncmp(r, "T02thread:1;", 12) == 0);
	assert_int_equal(fx->console_len, 0);
	/* a resume answered by a halt in the handler: explained on the console */
	assert_string_equal(fx_cmd(fx, "c"), "");
	assert_int_equal(gdb_interrupt(&fx->g), 0);
	assert_int_equal(gdb_wait_stopped(&fx->g, 100), 1);
	assert_non_null(strstr(fx->console, "in the handler of exception 11 (SVCall"));
}

static void test_watchpoint(void **state)
{
	struct gdb_fixture_s *fx = *state;
	const char *r;

	fx_load(fx, RAM, prog_store, 4);
	assert_string_equal(fx_cmd(fx, "P1=00200020"), "OK");	/* r1 = 0x20002000 */
	assert_string_equal(fx_cmd(fx, "Z2,20002000,4"), "OK");
	assert_string_equal(fx_cmd(fx, "c"), "");
	assert_int_equal(gdb_wait_stopped(&fx->g, 2000), 1);
	r = (const char *)fx->g.reply.data;
	assert_non_null(strstr(r, "watch:20002000;"));
	assert_null(strstr(r, "rwatch"));
	assert_string_equal(fx_cmd(fx, "z2,20002000,4"), "OK");
	assert_string_equal(fx_cmd(fx, "Z4,20002000,4"), "OK");
	assert_string_equal(fx_cmd(fx, "c"), "");
	assert_int_equal(gdb_wait_stopped(&fx->g, 2000), 1);
	assert_non_null(strstr((const char *)fx->g.reply.data, "awatch:20002000;"));
	assert_string_equal(fx_cmd(fx, "z4,20002000,4"), "OK");
}

static void test_qcrc(void **state)
{
	struct gdb_fixture_s *fx = *state;
	uint8_t data[3000];
	char expect[16];
	const char *r;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + (i >> 5));
	assert_int_equal(cortexm_write_mem(&fx->t, 0x20004000, data, sizeof(data)), 0);
	snprintf(expect, sizeof(expect), "C%08x", flash_crc32(0xFFFFFFFFu, data, sizeof(data)));
	fx->g.crc_no_target = false;
	r = fx_cmd(fx, "qCRC:20004000,bb8");
	assert_string_equal(r, expect);
	assert_int_equal(fx->g.crc_where, GDB_CRC_TARGET);
	/* the scratch RAM was restored: the data right below the routine is intact */
	fx->g.crc_no_target = true;
	assert_string_equal(fx_cmd(fx, "qCRC:20004000,bb8"), expect);
	assert_int_equal(fx->g.crc_where, GDB_CRC_HOST);
	fx->g.crc_no_target = false;
	/* "123456789" as GDB computes it */
	assert_int_equal(cortexm_write_mem(&fx->t, 0x20004000, "123456789", 9), 0);
	assert_string_equal(fx_cmd(fx, "qCRC:20004000,9"), "C0376e6e7");
	assert_int_equal(fx->g.crc_where, GDB_CRC_TARGET);
	/* a range over the top of the work RAM: the routine goes to the bottom instead */
	{
		const struct target_part_s *p = fx->t.part;
		char pkt[40];

		snprintf(pkt, sizeof(pkt), "qCRC:%x,100", p->work_ram_base + p->work_ram_size - 0x100);
		assert_true(fx_cmd(fx, pkt)[0] == 'C');
		assert_int_equal(fx->g.crc_where, GDB_CRC_TARGET);
		/* over the whole work RAM: no room for the routine, the host reads it back */
		snprintf(pkt, sizeof(pkt), "qCRC:%x,%x", p->work_ram_base, p->work_ram_size);
		assert_true(fx_cmd(fx, pkt)[0] == 'C');
		assert_int_equal(fx->g.crc_where, GDB_CRC_HOST);
	}
	/* the registers survive the routine */
	assert_string_equal(fx_cmd(fx, "P0=11223344"), "OK");
	fx_cmd(fx, "qCRC:20004000,9");
	assert_string_equal(fx_cmd(fx, "p0"), "11223344");
}

static void test_detach_kill(void **state)
{
	struct gdb_fixture_s *fx = *state;

	fx_load(fx, RAM, prog_loop, 4);
	assert_string_equal(fx_cmd(fx, "Z0,20001002,2"), "OK");
	assert_int_equal(gdb_dispatch(&fx->g, (const uint8_t *)"D", 1), -1);
	assert_string_equal(fx_cmd(fx, "D"), "OK");
	assert_int_equal(cortexm_poll(&fx->t), 0);
	assert_false(fx->t.halted);	/* detach resumes, with the breakpoint gone */
	for (unsigned i = 0; i < CORTEXM_MAX_SWBP; i++)
		assert_false(fx->t.bps[i].used);
	fx->g.extended = true;
	assert_int_equal(gdb_dispatch(&fx->g, (const uint8_t *)"k", 1), 0);	/* extended: stays */
	assert_true(fx->g.reply.none);
	assert_true(fx->t.halted);
	fx->g.extended = false;
	assert_int_equal(gdb_dispatch(&fx->g, (const uint8_t *)"k", 1), -1);
	/* vRun resets and halts at the reset vector */
	assert_true(strncmp(fx_cmd(fx, "vRun;"), "T05", 3) == 0);
	assert_true(fx->t.halted);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regs),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_breakpoint_kinds),
		cmocka_unit_test(test_step_and_stop_reply),
		cmocka_unit_test(test_continue_breakpoint),
		cmocka_unit_test(test_interrupt),
		cmocka_unit_test(test_stop_reason_in_handler),
		cmocka_unit_test(test_watchpoint),
		cmocka_unit_test(test_qcrc),
		cmocka_unit_test(test_detach_kill),
	};
	int fails = cmocka_run_group_tests_name("gdb target stm32l552", tests, fx_setup_l552, fx_teardown);

	fails += cmocka_run_group_tests_name("gdb target stm32f401", tests, fx_setup_f401, fx_teardown);
	return fails ? 1 : 0;
}
