// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RTT in the GDB layer (src/gdb/rtt.c, monitor_rtt.c) on the virtual STM32F401: a control
 * block put in its RAM over the bus, found by `monitor rtt start`; `rtt read` and `rtt
 * write` (written into the halted target at once); the stop poll that searches the whole
 * range for a program that ended before the paced search reached its block; the budget (an
 * idle poll is one probe command, counted by the simulator); a search range outside the
 * memory map never reaches the bus; an unknown subcommand lists the others.
 */
#include <stdio.h>
#include <string.h>

#include "sim/sim.h"
#include "src/gdb/rtt.h"
#include "src/probe/probe.h"
#include "test_gdb_fixture.h"

#define CB 0x20004000u
#define UP0 0x20004100u
#define DOWN0 0x20004200u
#define NAME 0x20004300u

static void put32(struct gdb_fixture_s *fx, uint32_t addr, uint32_t v)
{
	assert_int_equal(cortexm_write_u32(&fx->t, addr, v), 0);
}

static uint32_t get32(struct gdb_fixture_s *fx, uint32_t addr)
{
	uint32_t v = 0;

	assert_int_equal(cortexm_read_u32(&fx->t, addr, &v), 0);
	return v;
}

/* A block with 1 up channel (64 bytes) and 1 down (16), the ID written last. */
static void make_block(struct gdb_fixture_s *fx)
{
	static const char id[16] = "SEGGER RTT";
	const uint32_t desc[12] = { NAME, UP0, 64, 0, 0, 2, NAME, DOWN0, 16, 0, 0, 0 };

	assert_int_equal(cortexm_write_mem(&fx->t, NAME, "Terminal", 9), 0);
	put32(fx, CB + 16, 1);
	put32(fx, CB + 20, 1);
	assert_int_equal(cortexm_write_mem(&fx->t, CB + 24, desc, sizeof(desc)), 0);
	assert_int_equal(cortexm_write_mem(&fx->t, CB, id, sizeof(id)), 0);
}

/* The program prints: data at WrOff, then WrOff. */
static void target_print(struct gdb_fixture_s *fx, const char *s)
{
	uint32_t wr = get32(fx, CB + 24 + 12);

	assert_int_equal(cortexm_write_mem(&fx->t, UP0 + wr, s, strlen(s)), 0);
	put32(fx, CB + 24 + 12, wr + (uint32_t)strlen(s));
}

static int setup(void **state)
{
	int rc = fx_setup_f401(state);
	struct gdb_fixture_s *fx = *state;

	if (rc == 0) {
		assert_int_equal(cortexm_halt(&fx->t), 0);
		assert_int_equal(cortexm_write_mem(&fx->t, CB, (uint8_t[1024]){ 0 }, 1024), 0);
	}
	return rc;
}

static int teardown(void **state)
{
	struct gdb_fixture_s *fx = *state;

	gdb_rtt_free(&fx->g);
	return fx_teardown(state);
}

static void test_start_read_write(void **state)
{
	struct gdb_fixture_s *fx = *state;

	make_block(fx);
	assert_string_equal(fx_monitor(fx, "rtt start"), "OK");
	assert_non_null(strstr(fx->console, "RTT: control block found at 0x20004000: 1 up, 1 down channels"));
	target_print(fx, "hello\n");
	fx_console_clear(fx);
	assert_string_equal(fx_monitor(fx, "rtt read"), "OK");
	assert_non_null(strstr(fx->console, "hello\n"));
	fx_console_clear(fx);
	assert_string_equal(fx_monitor(fx, "rtt read 0"), "OK");
	assert_non_null(strstr(fx->console, "(no data on up channel 0)"));
	assert_string_equal(fx_monitor(fx, "rtt write 0 exit 3"), "OK");
	fx_expect_mem(fx, DOWN0, (const uint8_t *)"exit 3\n", 7);
	assert_int_equal(get32(fx, CB + 48 + 12), 7);
	fx_console_clear(fx);
	assert_string_equal(fx_monitor(fx, "rtt channels"), "OK");
	assert_non_null(strstr(fx->console, "Channels: up=1, down=1\nUp-channels:\n0: Terminal 64 2 (block), 6 bytes"));
}

static void test_idle_poll_is_one_probe_command(void **state)
{
	struct gdb_fixture_s *fx = *state;
	struct gdb_rtt_s *r;

	make_block(fx);
	assert_string_equal(fx_monitor(fx, "rtt start"), "OK");
	r = fx->g.rtt;
	for (unsigned i = 0; i < 10; i++)
		gdb_rtt_stopped(&fx->g, false);	/* one poll each: nothing to move */
	assert_int_equal(r->idle.count, 10);
	assert_int_equal(r->idle.probe_commands, 10);
	assert_true(r->idle.ap_transfers <= 10 * 14);	/* 48 bytes: 12 words and a TAR write or two */
	assert_int_equal(r->data.count, 0);
	target_print(fx, "x");
	gdb_rtt_stopped(&fx->g, false);
	assert_int_equal(r->data.count, 1);
	assert_true(r->data.probe_commands <= 3);	/* descriptors, data, RdOff */
}

static void test_stop_of_an_ended_program_searches_whole_range(void **state)
{
	struct gdb_fixture_s *fx = *state;
	struct gdb_rtt_config_s cfg = { 0 };
	char err[160];
	const uint8_t *p;

	assert_int_equal(gdb_rtt_setup(&fx->g, &cfg, err, sizeof(err)), 0);
	make_block(fx);
	target_print(fx, "last words\n");
	gdb_rtt_stopped(&fx->g, false);
	assert_int_equal(fx->g.rtt->core.state, RTT_SEARCHING);	/* a breakpoint: no search */
	gdb_rtt_stopped(&fx->g, true);	/* the program ended: search now, drain */
	assert_int_equal(fx->g.rtt->core.state, RTT_ACTIVE);
	assert_int_equal(rtt_up_peek(&fx->g.rtt->core, 0, &p), 11);
	assert_memory_equal(p, "last words\n", 11);
}

static void test_search_outside_map_never_on_the_bus(void **state)
{
	struct gdb_fixture_s *fx = *state;

	struct sim_stats_s before, after;

	assert_string_equal(fx_monitor(fx, "rtt setup 0x60000000 0x400"), "OK");
	sim_get_stats(probe_sim_board(fx->probe), &before);
	assert_string_equal(fx_monitor(fx, "rtt start"), "E01");
	sim_get_stats(probe_sim_board(fx->probe), &after);
	assert_int_equal(after.probe_commands, before.probe_commands);
	assert_non_null(strstr(fx->console, "rtt start: cannot read 1024 bytes at 0x60000000 (RTT search): outside the target's memory map"));
	assert_string_equal(fx_monitor(fx, "rtt"), "OK");	/* the server goes on */
}

static void test_bad_subcommands(void **state)
{
	struct gdb_fixture_s *fx = *state;

	assert_string_equal(fx_monitor(fx, "rtt foo"), "E01");
	assert_non_null(strstr(fx->console, "rtt: unknown subcommand 'foo' (the subcommands: status, setup, start, stop, "
				  "channels, polling_interval, server, read, write)"));
	assert_string_equal(fx_monitor(fx, "rtt read 16"), "E01");
	assert_non_null(strstr(fx->console, "channel 16 is not in 0..15"));
	assert_string_equal(fx_monitor(fx, "rtt polling_interval 0"), "E01");
	assert_string_equal(fx_monitor(fx, "rtt setup 0x20000000"), "E01");
	assert_non_null(strstr(fx->console, "rtt setup: usage: monitor rtt setup ADDR SIZE [ID]"));
	assert_string_equal(fx_monitor(fx, "rtt server stop 1234"), "E01");
	assert_non_null(strstr(fx->console, "no RTT server on port 1234"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_start_read_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idle_poll_is_one_probe_command, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_of_an_ended_program_searches_whole_range, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_outside_map_never_on_the_bus, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_subcommands, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
