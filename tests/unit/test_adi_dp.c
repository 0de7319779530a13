// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The DP layer against the in-process virtual board: connect on both boards (JTAG-to-SWD,
 * DPIDR, TARGETID, power-up), dormant wake-up, sticky clearing, AP discovery, ROM table.
 */
#include <string.h>

#include "test_adi_fixture.h"
#include "src/adi/swd_queue_internal.h"

static void test_connect_f401(void **state)
{
	struct adi_fixture_s *f = adi_fixture_open("stm32f401");

	assert_int_equal(adi_dp_connect(&f->dp, &f->err), 0);
	assert_int_equal(f->dp.dpidr, 0x2BA01477u);
	assert_int_equal(f->dp.version, 1);
	assert_false(f->dp.woke_from_dormant);
	assert_int_equal(f->dp.ctrl_stat & 0xF0000000u, 0xF0000000u);	/* both REQs and ACKs */
	assert_true(f->dp.ctrl_stat & ADI_DP_CTRL_STAT_ORUNDETECT);
	print_message("  connect stm32f401: %llu probe commands\n", (unsigned long long)adi_fixture_commands(f));
	adi_fixture_close(f);
}

static void test_connect_l552(void **state)
{
	struct adi_fixture_s *f = adi_fixture_open("stm32l552");

	assert_int_equal(adi_dp_connect(&f->dp, &f->err), 0);
	assert_int_equal(f->dp.dpidr, 0x0BE12477u);
	assert_int_equal(f->dp.version, 2);
	assert_int_equal(f->dp.targetid, 0x04720041u);
	assert_int_equal(f->dp.dlpidr & 0xF, 1);
	assert_int_equal(f->dp.ctrl_stat & 0xF0000000u, 0xF0000000u);
	adi_fixture_close(f);
}

/* A DPv2 target sent to the dormant state ignores JTAG-to-SWD; connect wakes it with the alert. */
static void test_dormant_wakeup(void **state)
{
	struct adi_fixture_s *f = adi_fixture_connect("stm32l552");
	struct swd_queue_s *q = adi_dp_queue(&f->dp);
	uint32_t id = 0;

	swd_queue_swd_to_dormant(q);
	swd_queue_dp_read(q, ADI_DP_DPIDR, &id);
	assert_int_equal(swd_queue_flush(q, &f->err), -1);
	assert_int_equal(f->err.code, ADI_ERR_NO_RESPONSE);
	assert_string_equal(f->err.access, "DP.DPIDR read");

	assert_int_equal(adi_dp_connect(&f->dp, &f->err), 0);
	assert_true(f->dp.woke_from_dormant);
	assert_int_equal(f->dp.dpidr, 0x0BE12477u);
	assert_int_equal(adi_memap_init(&f->mem, &f->dp, 0, &f->err), 0);
	assert_int_equal(adi_memap_write_u32(&f->mem, 0x20000000, 0xD0A3A47u, &f->err), 0);
	assert_int_equal(adi_memap_read_u32(&f->mem, 0x20000000, &id, &f->err), 0);
	assert_int_equal(id, 0xD0A3A47u);
	adi_fixture_close(f);
}

/* A probe with nothing attached: every undriven bit reads 1 (the pull-up). */
static int null_swd_io(struct probe_s *p, const uint8_t *dir, const uint8_t *out, uint8_t *in, unsigned nbits)
{
	memset(in, 0xFF, (nbits + 7) / 8);
	return PROBE_OK;
}

static void test_no_dp_answers(void **state)
{
	static const struct probe_ops null_ops = { .name = "null", .swd_io = null_swd_io };
	struct probe_s p = { .ops = &null_ops, .swd_buffer_bits = 16384 };
	struct adi_dp_s dp;
	struct error_s err;
	char buf[400];

	assert_int_equal(adi_dp_init(&dp, &p, &err), 0);
	assert_int_equal(adi_dp_connect(&dp, &err), -1);
	assert_int_equal(err.code, ADI_ERR_NO_DP);
	error_format(&err, buf, sizeof(buf));
	print_message("  %s\n", buf);
	assert_non_null(strstr(buf, "no SW-DP answered"));
	assert_non_null(strstr(buf, "DP.DPIDR read"));
	adi_dp_cleanup(&dp);
}

/* A request with a bad parity bit locks the target out until a line reset (B4.2.1). */
static void test_lockout_recovered_by_connect(void **state)
{
	struct adi_fixture_s *f = adi_fixture_connect("stm32f401");
	static const uint8_t bad_request[] = { 0xA5 ^ 0x20, 0x00 };
	uint32_t id = 0;

	swd_queue_push_seq(adi_dp_queue(&f->dp), bad_request, 16, false);
	swd_queue_dp_read(adi_dp_queue(&f->dp), ADI_DP_DPIDR, &id);
	assert_int_equal(adi_dp_flush(&f->dp, &f->err), -1);
	assert_int_equal(f->err.code, ADI_ERR_NO_RESPONSE);
	/* the queue's own recovery (line reset, DPIDR) already resynchronised the line */
	assert_int_equal(adi_dp_read(&f->dp, ADI_DP_DPIDR, &id, &f->err), 0);
	assert_int_equal(id, 0x2BA01477u);
	assert_int_equal(adi_dp_connect(&f->dp, &f->err), 0);
	adi_fixture_close(f);
}

static void test_sticky_clear(void **state)
{
	struct adi_fixture_s *f = *state;
	uint32_t cs = 0, v;

	/* an unmapped address gives a bus error: STICKYERR */
	assert_int_equal(adi_memap_read_u32(&f->mem, 0x60000000, &v, &f->err), -1);
	assert_int_equal(f->err.code, ADI_ERR_FAULT);
	/* the queue already cleared it: CTRL/STAT is clean and the next access works */
	assert_int_equal(adi_dp_clear_sticky(&f->dp, &cs, &f->err), 0);
	assert_int_equal(cs & ADI_DP_CTRL_STAT_STICKY_ALL, 0);
	assert_int_equal(adi_memap_read_u32(&f->mem, 0x20000000, &v, &f->err), 0);
}

static void test_ap_scan(void **state)
{
	struct adi_fixture_s *f = *state;
	struct adi_ap_info_s aps[8];
	unsigned n = 0;
	uint64_t before = adi_fixture_commands(f);

	assert_int_equal(adi_dp_scan_aps(&f->dp, ADI_DP_MAX_APS, aps, 8, &n, &f->err), 0);
	print_message("  AP scan of %u APSELs: %llu probe commands\n", ADI_DP_MAX_APS,
		      (unsigned long long)(adi_fixture_commands(f) - before));
	assert_int_equal(n, 1);
	assert_int_equal(aps[0].apsel, 0);
	assert_true(aps[0].is_memap);
	assert_int_equal(aps[0].base, 0xE00FF003u);
	if (f->dp.version == 2) {
		assert_int_equal(aps[0].idr, 0x84770001u);
		assert_string_equal(adi_ap_type_name(aps[0].idr), "AHB-AP");
	} else {
		assert_int_equal(aps[0].idr, 0x24770011u);
	}
}

static void test_romtable(void **state)
{
	struct adi_fixture_s *f = *state;
	struct adi_component_s c[16];
	unsigned n = 0;
	uint64_t before = adi_fixture_commands(f);

	if (adi_romtable_walk(&f->mem, c, 16, &n, &f->err))
		fail_msg("walk: %d", adi_fixture_report(&f->err));
	print_message("  ROM table walk: %u components, %llu probe commands\n", n,
		      (unsigned long long)(adi_fixture_commands(f) - before));
	for (unsigned i = 0; i < n; i++)
		print_message("    %*s0x%08x class 0x%x designer 0x%03x part 0x%03x devarch 0x%08x %s\n",
			      2 * c[i].depth, "", c[i].base, c[i].cid_class, c[i].designer, c[i].part, c[i].devarch,
			      c[i].name);
	assert_int_equal(c[0].base, 0xE00FF000u);
	assert_int_equal(c[0].cid_class, ADI_CS_CLASS_ROM);
	assert_int_equal(c[0].designer, 0x23B);
	const struct adi_component_s *scs = adi_component_find(c, n, "SCS");
	assert_non_null(scs);
	assert_int_equal(scs->base, 0xE000E000u);
	assert_int_equal(scs->depth, 1);
	assert_non_null(adi_component_find(c, n, "DWT"));
	assert_non_null(adi_component_find(c, n, "FPB"));
	assert_non_null(adi_component_find(c, n, "ITM"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_connect_f401),
		cmocka_unit_test(test_connect_l552),
		cmocka_unit_test(test_dormant_wakeup),
		cmocka_unit_test(test_no_dp_answers),
		cmocka_unit_test(test_lockout_recovered_by_connect),
		cmocka_unit_test_setup_teardown(test_sticky_clear, adi_setup_f401, adi_teardown),
		cmocka_unit_test_setup_teardown(test_sticky_clear, adi_setup_l552, adi_teardown),
		cmocka_unit_test_setup_teardown(test_ap_scan, adi_setup_f401, adi_teardown),
		cmocka_unit_test_setup_teardown(test_ap_scan, adi_setup_l552, adi_teardown),
		cmocka_unit_test_setup_teardown(test_romtable, adi_setup_f401, adi_teardown),
		cmocka_unit_test_setup_teardown(test_romtable, adi_setup_l552, adi_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
