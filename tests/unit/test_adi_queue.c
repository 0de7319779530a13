// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The SWD transfer queue through the in-process virtual board: batching (one probe command
 * per flush), posted AP reads routed to the right destinations, SELECT caching, WAIT
 * resumed in the middle of a batch, FAULT naming the access and the flag, errors inside
 * automatic flushes, and WAIT recovery before overrun detection is on.
 */
#include <string.h>

#include "test_adi_fixture.h"

#define RAM 0x20000000u

static struct swd_queue_stats_s qstats(struct adi_fixture_s *f)
{
	struct swd_queue_stats_s st;

	swd_queue_get_stats(adi_dp_queue(&f->dp), &st);
	return st;
}

static void check_ok(struct adi_fixture_s *f, int rc)
{
	if (rc)
		fail_msg("unexpected error %d", adi_fixture_report(&f->err));
}

/* Many transactions, one flush: as few probe commands as the probe's buffer allows. */
static void test_one_command_per_batch(void **state)
{
	struct adi_fixture_s *f = *state;
	struct swd_queue_s *q = adi_dp_queue(&f->dp);
	static uint32_t ids[3000];
	uint64_t before = adi_fixture_commands(f);

	for (unsigned i = 0; i < 300; i++)
		swd_queue_dp_read(q, ADI_DP_DPIDR, &ids[i]);
	check_ok(f, swd_queue_flush(q, &f->err));
	assert_int_equal(adi_fixture_commands(f) - before, 1);
	before = adi_fixture_commands(f);
	for (unsigned i = 0; i < 3000; i++)
		swd_queue_dp_read(q, ADI_DP_DPIDR, &ids[i]);
	check_ok(f, swd_queue_flush(q, &f->err));
	/* 46 bits each, 8191 x 8 bits less the reserve per batch (1419 reads): 3000 need 3 */
	assert_int_equal(f->probe->swd_buffer_bits, 8 * 8191);
	assert_int_equal(adi_fixture_commands(f) - before, 3);
	for (unsigned i = 0; i < 3000; i++)
		assert_int_equal(ids[i], f->dp.dpidr);
}

/* Posted reads interleaved with DP reads and AP writes land where they were asked to. */
static void test_posted_reads_routed(void **state)
{
	struct adi_fixture_s *f = *state;
	struct swd_queue_s *q = adi_dp_queue(&f->dp);
	uint32_t idr = 0, base = 0, cfg = 1, cs = 0, tar = 0, drw[3] = { 0 }, id = 0;

	check_ok(f, adi_memap_write_u32(&f->mem, RAM + 0x10, 0x01020304u, &f->err));
	check_ok(f, adi_memap_write_u32(&f->mem, RAM + 0x14, 0x05060708u, &f->err));
	check_ok(f, adi_memap_write_u32(&f->mem, RAM + 0x18, 0x090A0B0Cu, &f->err));
	swd_queue_ap_read(q, 0, ADI_AP_IDR, &idr);
	swd_queue_ap_read(q, 0, ADI_MEMAP_BASE, &base);
	swd_queue_dp_read(q, ADI_DP_CTRL_STAT, &cs);
	swd_queue_ap_read(q, 0, ADI_MEMAP_CFG, &cfg);
	swd_queue_ap_write(q, 0, ADI_MEMAP_CSW, f->mem.csw_base | ADI_MEMAP_CSW_SIZE_32 | ADI_MEMAP_CSW_ADDRINC_SINGLE);
	swd_queue_ap_write(q, 0, ADI_MEMAP_TAR, RAM + 0x10);
	for (unsigned i = 0; i < 3; i++)
		swd_queue_ap_read(q, 0, ADI_MEMAP_DRW, &drw[i]);
	swd_queue_ap_read(q, 0, ADI_MEMAP_TAR, &tar);
	swd_queue_dp_read(q, ADI_DP_DPIDR, &id);
	uint64_t before = adi_fixture_commands(f);
	check_ok(f, swd_queue_flush(q, &f->err));
	adi_memap_invalidate(&f->mem);
	assert_int_equal(adi_fixture_commands(f) - before, 1);
	assert_int_equal(idr, f->mem.idr);
	assert_int_equal(base, 0xE00FF003u);
	assert_int_equal(cfg, 0);
	assert_int_equal(cs & 0xF0000000u, 0xF0000000u);
	assert_int_equal(drw[0], 0x01020304u);
	assert_int_equal(drw[1], 0x05060708u);
	assert_int_equal(drw[2], 0x090A0B0Cu);
	assert_int_equal(tar, RAM + 0x1C);
	assert_int_equal(id, f->dp.dpidr);
}

/* SELECT is written only when APSEL or APBANKSEL change. */
static void test_select_cached(void **state)
{
	struct adi_fixture_s *f = *state;
	struct swd_queue_s *q = adi_dp_queue(&f->dp);
	uint32_t v[6];

	swd_queue_ap_read(q, 0, ADI_MEMAP_CSW, &v[0]);	/* bank 0 */
	check_ok(f, swd_queue_flush(q, &f->err));
	struct swd_queue_stats_s a = qstats(f);
	swd_queue_ap_read(q, 0, ADI_MEMAP_CSW, &v[1]);	/* same bank: read + RDBUFF */
	swd_queue_ap_read(q, 0, ADI_MEMAP_TAR, &v[2]);
	check_ok(f, swd_queue_flush(q, &f->err));
	struct swd_queue_stats_s b = qstats(f);
	assert_int_equal(b.transfers - a.transfers, 3);
	swd_queue_ap_read(q, 0, ADI_AP_IDR, &v[3]);	/* bank F: SELECT, read, RDBUFF */
	swd_queue_ap_read(q, 0, ADI_MEMAP_BASE, &v[4]);	/* same bank */
	check_ok(f, swd_queue_flush(q, &f->err));
	struct swd_queue_stats_s c = qstats(f);
	assert_int_equal(c.transfers - b.transfers, 4);
	assert_int_equal(v[4], 0xE00FF003u);
}

/* WAIT in the middle of a batch (after DP reads): resumed at that access, results right. */
static void test_wait_resumed_mid_batch(void **state)
{
	struct adi_fixture_s *f = *state;
	struct swd_queue_s *q = adi_dp_queue(&f->dp);
	uint32_t cs[10], w[64];
	uint8_t data[256];
	char err[64];

	for (unsigned i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + 1);
	assert_int_equal(sim_preload(f->sim, RAM + 0x400, data, sizeof(data), err, sizeof(err)), 0);
	for (unsigned i = 0; i < 10; i++)
		swd_queue_dp_read(q, ADI_DP_CTRL_STAT, &cs[i]);
	swd_queue_ap_write(q, 0, ADI_MEMAP_CSW, f->mem.csw_base | ADI_MEMAP_CSW_SIZE_32 | ADI_MEMAP_CSW_ADDRINC_SINGLE);
	swd_queue_ap_write(q, 0, ADI_MEMAP_TAR, RAM + 0x400);
	for (unsigned i = 0; i < 64; i++)
		swd_queue_ap_read(q, 0, ADI_MEMAP_DRW, &w[i]);
	adi_memap_invalidate(&f->mem);
	sim_faults(f->sim)->wait_next_ap = 5;
	struct swd_queue_stats_s a = qstats(f);
	check_ok(f, swd_queue_flush(q, &f->err));
	struct swd_queue_stats_s b = qstats(f);
	assert_int_equal(b.wait_retries - a.wait_retries, 5);
	assert_int_equal(b.batches - a.batches, 6);
	for (unsigned i = 0; i < 64; i++)
		assert_memory_equal(&w[i], data + 4 * i, 4);
	/* the replayed batch left no sticky flag behind */
	uint32_t v;
	check_ok(f, adi_dp_read(&f->dp, ADI_DP_CTRL_STAT, &v, &f->err));
	assert_int_equal(v & ADI_DP_CTRL_STAT_STICKY_ALL, 0);
}

/* A bus error is reported as FAULT on the next access, naming it and STICKYERR. */
static void test_fault_named(void **state)
{
	struct adi_fixture_s *f = *state;
	struct swd_queue_s *q = adi_dp_queue(&f->dp);
	uint32_t v = 0;
	char buf[400];

	swd_queue_ap_write(q, 0, ADI_MEMAP_CSW, f->mem.csw_base | ADI_MEMAP_CSW_SIZE_32);
	swd_queue_ap_write(q, 0, ADI_MEMAP_TAR, 0x60000000);
	swd_queue_ap_write(q, 0, ADI_MEMAP_DRW, 0x1234);	/* bus error: STICKYERR, ACK was OK */
	adi_memap_invalidate(&f->mem);
	assert_int_equal(swd_queue_flush(q, &f->err), -1);
	error_format(&f->err, buf, sizeof(buf));
	print_message("  %s\n", buf);
	assert_int_equal(f->err.code, ADI_ERR_FAULT);
	assert_string_equal(f->err.access, "DP.RDBUFF read");	/* the completion check caught it */
	assert_string_equal(f->err.bits, "STICKYERR");
	check_ok(f, adi_dp_read(&f->dp, ADI_DP_CTRL_STAT, &v, &f->err));
	assert_int_equal(v & ADI_DP_CTRL_STAT_STICKY_ALL, 0);
}

/* An error in an automatic flush stops the rest: nothing more goes out until the flush. */
static void test_error_latched_in_auto_flush(void **state)
{
	struct adi_fixture_s *f = *state;
	struct swd_queue_s *q = adi_dp_queue(&f->dp);
	static uint32_t v[2000];

	sim_faults(f->sim)->fault_once = true;
	swd_queue_ap_write(q, 0, ADI_MEMAP_CSW, f->mem.csw_base | ADI_MEMAP_CSW_SIZE_32 | ADI_MEMAP_CSW_ADDRINC_OFF);
	swd_queue_ap_write(q, 0, ADI_MEMAP_TAR, RAM);
	adi_memap_invalidate(&f->mem);
	uint64_t before = adi_fixture_commands(f);
	for (unsigned i = 0; i < 2000; i++)
		swd_queue_ap_read(q, 0, ADI_MEMAP_DRW, &v[i]);
	assert_int_equal(swd_queue_flush(q, &f->err), -1);
	assert_int_equal(f->err.code, ADI_ERR_FAULT);
	assert_string_equal(f->err.access, "AP0.CSW write");
	/* the failing batch and its recovery; the other ~1650 reads were dropped */
	assert_int_equal(adi_fixture_commands(f) - before, 2);
	check_ok(f, adi_memap_read_u32(&f->mem, RAM, &v[0], &f->err));
}

/* Before ORUNDETECT is set, a WAIT is recovered with a line reset instead of ABORT. */
static void test_wait_without_overrun_detection(void **state)
{
	struct adi_fixture_s *f = *state;
	struct swd_queue_s *q = adi_dp_queue(&f->dp);
	uint32_t v[8];
	char err[64];
	static const uint8_t data[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
					  17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 };

	assert_int_equal(sim_preload(f->sim, RAM + 0x800, data, sizeof(data), err, sizeof(err)), 0);
	swd_queue_dp_write(q, ADI_DP_CTRL_STAT, ADI_DP_CTRL_STAT_CDBGPWRUPREQ | ADI_DP_CTRL_STAT_CSYSPWRUPREQ);
	check_ok(f, swd_queue_flush(q, &f->err));
	assert_false(swd_queue_orundetect(q));
	swd_queue_ap_write(q, 0, ADI_MEMAP_CSW, f->mem.csw_base | ADI_MEMAP_CSW_SIZE_32 | ADI_MEMAP_CSW_ADDRINC_SINGLE);
	swd_queue_ap_write(q, 0, ADI_MEMAP_TAR, RAM + 0x800);
	check_ok(f, swd_queue_flush(q, &f->err));
	for (unsigned i = 0; i < 8; i++)
		swd_queue_ap_read(q, 0, ADI_MEMAP_DRW, &v[i]);
	adi_memap_invalidate(&f->mem);
	sim_faults(f->sim)->wait_next_ap = 3;
	check_ok(f, swd_queue_flush(q, &f->err));
	for (unsigned i = 0; i < 8; i++)
		assert_memory_equal(&v[i], data + 4 * i, 4);
	/* connect puts overrun detection back */
	check_ok(f, adi_dp_connect(&f->dp, &f->err));
	assert_true(swd_queue_orundetect(q));
}

/* Line sequences can be queued with transfers; JTAG-to-SWD on an SWD target is harmless. */
static void test_line_sequences(void **state)
{
	struct adi_fixture_s *f = *state;
	struct swd_queue_s *q = adi_dp_queue(&f->dp);
	uint32_t a = 0, b = 0;

	swd_queue_line_reset(q);
	swd_queue_dp_read(q, ADI_DP_DPIDR, &a);
	swd_queue_jtag_to_swd(q);
	swd_queue_dp_read(q, ADI_DP_DPIDR, &b);
	swd_queue_idle(q, 100);
	uint64_t before = adi_fixture_commands(f);
	check_ok(f, swd_queue_flush(q, &f->err));
	assert_int_equal(adi_fixture_commands(f) - before, 1);
	assert_int_equal(a, f->dp.dpidr);
	assert_int_equal(b, f->dp.dpidr);
	uint32_t v;
	check_ok(f, adi_memap_read_u32(&f->mem, 0xE000ED00, &v, &f->err));	/* CPUID */
	assert_int_equal(v >> 24, 0x41);
}

#define BOTH(t) cmocka_unit_test_setup_teardown(t, adi_setup_f401, adi_teardown), \
		cmocka_unit_test_setup_teardown(t, adi_setup_l552, adi_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(test_one_command_per_batch),
		BOTH(test_posted_reads_routed),
		BOTH(test_select_cached),
		BOTH(test_wait_resumed_mid_batch),
		BOTH(test_fault_named),
		BOTH(test_error_latched_in_auto_flush),
		BOTH(test_wait_without_overrun_detection),
		BOTH(test_line_sequences),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
