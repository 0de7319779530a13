// SPDX-License-Identifier: GPL-2.0-or-later
/* The SW-DP: power-up handshake, SELECT banks, posted reads, sticky errors, injection. */
#include <stdio.h>
#include <string.h>

#include "sim_fixture.h"

#define CS_ORUNDETECT (1u << 0)
#define CS_STICKYORUN (1u << 1)
#define CS_STICKYERR (1u << 5)
#define CS_READOK (1u << 6)
#define CS_PWRUP_REQS 0x50000000u
#define CS_PWRUP_ACKS 0xA0000000u

static void test_power_up_handshake(void **state)
{
	struct sim *s = *state;

	dp_wr(s, 0x4, 0);
	assert_int_equal(dp_rd(s, 0x4) & 0xF0000000u, 0);
	dp_wr(s, 0x4, CS_PWRUP_REQS);
	assert_int_equal(dp_rd(s, 0x4) & 0xF0000000u, CS_PWRUP_REQS | CS_PWRUP_ACKS);
}

static void test_posted_ap_read(void **state)
{
	struct sim *s = *state;
	uint32_t first = 0, second = 0;

	dp_wr(s, 0x8, 0xF0);	/* APSEL 0, bank 0xF: CFG, BASE, IDR */
	assert_int_equal(swdh_transfer(s, true, true, 0xC, &first), 1);	/* IDR: returns stale data */
	assert_int_equal(swdh_transfer(s, true, true, 0x8, &second), 1);	/* BASE: returns IDR */
	assert_int_equal(second, 0x24770011u);
	assert_int_equal(dp_rd(s, 0xC), 0xE00FF003u);			/* RDBUFF: BASE */
	assert_int_equal(dp_rd(s, 0xC), 0xE00FF003u);			/* RDBUFF again: no new read */
	assert_true(dp_rd(s, 0x4) & CS_READOK);
}

static void test_bus_error_sticky_and_recovery(void **state)
{
	struct sim *s = *state;
	uint32_t v;

	/* 0x60000000 is not mapped on this board: the posted read is accepted, gets an error
	 * response on the bus, and the RDBUFF read that would fetch it already faults */
	assert_int_equal(swdh_mem_read32(s, 0x60000000, &v), 4);
	assert_true(dp_rd(s, 0x4) & CS_STICKYERR);
	assert_int_equal(swdh_transfer(s, true, true, 0x4, &v), 4);	/* AP access: FAULT */
	assert_int_equal(swdh_transfer(s, false, false, 0x8, &v), 4);	/* SELECT write: FAULT */
	assert_int_equal(dp_rd(s, 0x0), 0x2BA01477u);			/* DPIDR still answers */
	dp_wr(s, 0x0, 1u << 2);						/* ABORT.STKERRCLR */
	assert_false(dp_rd(s, 0x4) & CS_STICKYERR);
	assert_int_equal(swdh_mem_write32(s, 0x20000010, 0xCAFEF00D), 1);
	assert_int_equal(swdh_mem_read32(s, 0x20000010, &v), 1);
	assert_int_equal(v, 0xCAFEF00D);
}

static void test_injected_waits(void **state)
{
	struct sim *s = *state;
	uint32_t v = 0;

	sim_faults(s)->wait_next_ap = 3;
	for (int i = 0; i < 3; i++)
		assert_int_equal(swdh_transfer(s, true, true, 0x4, &v), 2);
	assert_int_equal(swdh_transfer(s, false, true, 0x4, &v), 1);	/* DP unaffected */
	assert_int_equal(swdh_transfer(s, true, true, 0x4, &v), 1);
	assert_false(dp_rd(s, 0x4) & CS_STICKYERR);
}

static void test_injected_fault_once(void **state)
{
	struct sim *s = *state;
	uint32_t v = 0;

	sim_faults(s)->fault_once = true;
	assert_int_equal(swdh_transfer(s, true, true, 0x4, &v), 4);
	assert_true(dp_rd(s, 0x4) & CS_STICKYERR);
	dp_wr(s, 0x0, 1u << 2);
	assert_int_equal(swdh_transfer(s, true, true, 0x4, &v), 1);
}

static uint64_t ap_answered(struct sim *s)
{
	struct sim_stats_s st;

	sim_get_stats(s, &st);
	return st.ap_transfers;
}

/* ap_wait=COUNT@AT+EVERY: WAITs armed for a point of the run, then again every EVERY. */
static void test_armed_wait_storm(void **state)
{
	struct sim *s = *state;
	char err[160], opt[64];
	uint32_t v = 0;

	snprintf(opt, sizeof(opt), "2@%llu+3", (unsigned long long)ap_answered(s) + 2);
	assert_int_equal(sim_set_option(s, "ap_wait", opt, err, sizeof(err)), 0);
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < (round ? 3 : 2); i++)
			assert_int_equal(swdh_transfer(s, true, true, 0x4, &v), 1);
		for (int i = 0; i < 2; i++)
			assert_int_equal(swdh_transfer(s, true, true, 0x4, &v), 2);
	}
	assert_int_equal(swdh_transfer(s, true, true, 0x4, &v), 1);
	assert_false(dp_rd(s, 0x4) & CS_STICKYERR);
}

/* ap_fault=AT: one FAULT once AT accesses are answered; bad values are refused by name. */
static void test_armed_fault(void **state)
{
	struct sim *s = *state;
	char err[160], opt[32];
	uint32_t v = 0;

	snprintf(opt, sizeof(opt), "%llu", (unsigned long long)ap_answered(s) + 1);
	assert_int_equal(sim_set_option(s, "ap_fault", opt, err, sizeof(err)), 0);
	assert_int_equal(swdh_transfer(s, true, true, 0x4, &v), 1);
	assert_int_equal(swdh_transfer(s, true, true, 0x4, &v), 4);
	assert_true(dp_rd(s, 0x4) & CS_STICKYERR);
	dp_wr(s, 0x0, 1u << 2);
	assert_int_equal(swdh_transfer(s, true, true, 0x4, &v), 1);
	assert_int_equal(sim_set_option(s, "ap_wait", "0@5", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "option ap_wait=0@5: expected COUNT@AT"));
	assert_int_equal(sim_set_option(s, "ap_wait", "3@5+", err, sizeof(err)), -1);
	assert_int_equal(sim_set_option(s, "ap_fault", "-1", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "option ap_fault=-1"));
}

static void test_overrun_detection(void **state)
{
	struct sim *s = *state;
	uint32_t v = 0;

	dp_wr(s, 0x4, CS_PWRUP_REQS | CS_ORUNDETECT);
	sim_faults(s)->wait_next_ap = 1;
	assert_int_equal(swdh_transfer(s, true, true, 0x4, &v), 2);
	swdh_bits(s, 0, 31);	/* with overrun detection a data phase follows WAIT (B4.2.5) */
	assert_true(dp_rd(s, 0x4) & CS_STICKYORUN);
	assert_int_equal(swdh_transfer(s, true, true, 0x4, &v), 4);
	swdh_bits(s, 0, 31);
	dp_wr(s, 0x0, 1u << 4);	/* ORUNERRCLR */
	dp_wr(s, 0x4, CS_PWRUP_REQS);
	assert_int_equal(swdh_transfer(s, true, true, 0x4, &v), 1);
}

static void test_dpv2_targetid_bank(void **state)
{
	struct sim *s = *state;

	dp_wr(s, 0x8, 0x2);
	assert_int_equal(dp_rd(s, 0x4), 0x04720041u);	/* TARGETID */
	dp_wr(s, 0x8, 0x3);
	assert_int_equal(dp_rd(s, 0x4) & 0xF, 1);		/* DLPIDR.PROTVSN */
	dp_wr(s, 0x8, 0x0);
	assert_true(dp_rd(s, 0x4) & CS_PWRUP_ACKS);
}

static void test_absent_ap_reads_zero(void **state)
{
	struct sim *s = *state;

	dp_wr(s, 0x8, (1u << 24) | 0xF0);
	assert_int_equal(ap_rd(s, 0xC), 0);
	dp_wr(s, 0x8, 0xF0);
	assert_int_equal(ap_rd(s, 0xC), 0x84770001u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_power_up_handshake, fixture_setup_f401, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_posted_ap_read, fixture_setup_f401, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_bus_error_sticky_and_recovery, fixture_setup_f401,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_injected_waits, fixture_setup_f401, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_injected_fault_once, fixture_setup_f401, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_armed_wait_storm, fixture_setup_f401, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_armed_fault, fixture_setup_l552, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_overrun_detection, fixture_setup_f401, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_dpv2_targetid_bank, fixture_setup_l552, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_absent_ap_reads_zero, fixture_setup_l552, fixture_teardown),
	};
	return cmocka_run_group_tests_name("dp", tests, NULL, NULL);
}
