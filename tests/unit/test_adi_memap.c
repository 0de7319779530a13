// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * MEM-AP transfers through the in-process virtual board, compared byte for byte: odd
 * alignments and lengths across 1 KB TAR boundaries, packed 8/16-bit blocks, WAIT storms
 * in the middle of a block, FAULTs reported with their address and recovered, and the
 * batching figures (probe commands and SWD bits per payload byte for 64 KB).
 */
#include <stdlib.h>
#include <string.h>

#include "test_adi_fixture.h"

#define RAM 0x20000000u
#define AREA 0x3000u	/* bytes of RAM the alignment tests use */

static void pattern(uint8_t *p, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (uint8_t)(seed >> 16);
	}
}

/* Factory-load the area with a known pattern (not through the debug port). */
static void preload(struct adi_fixture_s *f, uint8_t *shadow, uint32_t seed)
{
	char err[128];

	pattern(shadow, AREA, seed);
	assert_int_equal(sim_preload(f->sim, RAM, shadow, AREA, err, sizeof(err)), 0);
}

static void check_ok(struct adi_fixture_s *f, int rc)
{
	if (rc)
		fail_msg("unexpected error %d", adi_fixture_report(&f->err));
}

static const uint32_t offsets[] = { 0, 1, 2, 3, 0x3FD, 0x3FE, 0x3FF, 0x401, 0x7FE };
static const uint32_t lengths[] = { 1, 2, 3, 4, 5, 7, 8, 13, 1023, 1024, 1025, 2051, 4099 };
#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_block_read_alignments(void **state)
{
	struct adi_fixture_s *f = *state;
	uint8_t *shadow = malloc(AREA), *got = malloc(AREA);

	preload(f, shadow, 1);
	for (size_t o = 0; o < N(offsets); o++)
		for (size_t l = 0; l < N(lengths); l++) {
			uint32_t off = offsets[o], len = lengths[l];
			memset(got, 0xEE, len);
			check_ok(f, adi_memap_read(&f->mem, RAM + off, got, len, &f->err));
			if (memcmp(got, shadow + off, len))
				fail_msg("read of %u bytes at +0x%x differs", len, off);
		}
	free(shadow);
	free(got);
}

static void test_block_write_alignments(void **state)
{
	struct adi_fixture_s *f = *state;
	uint8_t *shadow = malloc(AREA), *data = malloc(AREA), *got = malloc(AREA);

	for (size_t o = 0; o < N(offsets); o++)
		for (size_t l = 0; l < N(lengths); l++) {
			uint32_t off = offsets[o], len = lengths[l];
			preload(f, shadow, (uint32_t)(o * 100 + l));
			pattern(data, len, (uint32_t)(7 + o + l));
			check_ok(f, adi_memap_write(&f->mem, RAM + off, data, len, &f->err));
			memcpy(shadow + off, data, len);
			/* the whole area: the bytes around the block must not have moved */
			check_ok(f, adi_memap_read(&f->mem, RAM, got, AREA, &f->err));
			if (memcmp(got, shadow, AREA))
				fail_msg("write of %u bytes at +0x%x: area differs", len, off);
		}
	free(shadow);
	free(data);
	free(got);
}

/* 8- and 16-bit bus accesses for whole blocks: packed, 4 bytes per DRW transfer. */
static void test_sized_packed(void **state)
{
	struct adi_fixture_s *f = *state;
	uint8_t *shadow = malloc(AREA), *data = malloc(AREA), *got = malloc(AREA);
	static const unsigned sizes[] = { 1, 2 };

	assert_true(f->mem.packed);
	assert_true(f->mem.narrow);
	for (size_t s = 0; s < N(sizes); s++) {
		unsigned size = sizes[s];
		uint32_t off = 0x3FA, len = 0x80C;	/* crosses two 1 KB boundaries, unaligned ends */
		preload(f, shadow, 99);
		pattern(data, len, 5 + size);
		uint64_t drw = f->mem.drw_accesses;
		check_ok(f, adi_memap_write_sized(&f->mem, RAM + off, data, len, size, &f->err));
		uint64_t used = f->mem.drw_accesses - drw;
		print_message("  %u-bit write of %u bytes: %llu DRW transfers (%u accesses)\n", 8 * size, len,
			      (unsigned long long)used, len / size);
		assert_true(used <= len / 4 + 4);	/* packed: about 4 bytes per DRW transfer */
		memcpy(shadow + off, data, len);
		memset(got, 0, len);
		check_ok(f, adi_memap_read_sized(&f->mem, RAM + off, got, len, size, &f->err));
		assert_memory_equal(got, shadow + off, len);
		check_ok(f, adi_memap_read(&f->mem, RAM, got, AREA, &f->err));
		assert_memory_equal(got, shadow, AREA);
	}
	/* sizes must be whole accesses */
	assert_int_equal(adi_memap_read_sized(&f->mem, RAM + 1, got, 2, 2, &f->err), -1);
	assert_int_equal(f->err.code, ADI_ERR_ARG);
	free(shadow);
	free(data);
	free(got);
}

static void test_single_values(void **state)
{
	struct adi_fixture_s *f = *state;
	uint8_t b;
	uint16_t h;
	uint32_t w;

	check_ok(f, adi_memap_write_u32(&f->mem, RAM + 0x100, 0x11223344u, &f->err));
	check_ok(f, adi_memap_write_u8(&f->mem, RAM + 0x101, 0xAB, &f->err));
	check_ok(f, adi_memap_write_u16(&f->mem, RAM + 0x102, 0xCDEF, &f->err));
	check_ok(f, adi_memap_read_u32(&f->mem, RAM + 0x100, &w, &f->err));
	assert_int_equal(w, 0xCDEFAB44u);
	check_ok(f, adi_memap_read_u8(&f->mem, RAM + 0x103, &b, &f->err));
	assert_int_equal(b, 0xCD);
	check_ok(f, adi_memap_read_u16(&f->mem, RAM + 0x100, &h, &f->err));
	assert_int_equal(h, 0xAB44);
	/* queued word accesses, one flush */
	uint32_t r[4] = { 0 };
	for (unsigned i = 0; i < 4; i++)
		adi_memap_queue_write_u32(&f->mem, RAM + 0x200 + 4 * i, 0xA0000000u + i);
	for (unsigned i = 0; i < 4; i++)
		adi_memap_queue_read_u32(&f->mem, RAM + 0x200 + 4 * i, &r[i]);
	uint64_t before = adi_fixture_commands(f);
	check_ok(f, adi_memap_flush(&f->mem, &f->err));
	assert_int_equal(adi_fixture_commands(f) - before, 1);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(r[i], 0xA0000000u + i);
	/* an unaligned word is refused before anything reaches the wire */
	assert_int_equal(adi_memap_read_u32(&f->mem, RAM + 2, &w, &f->err), -1);
	assert_int_equal(f->err.code, ADI_ERR_ARG);
}

/* A WAIT storm in the middle of a block: retried until the AP answers, data intact. */
static void test_wait_storm_mid_block(void **state)
{
	struct adi_fixture_s *f = *state;
	size_t len = 16 * 1024;
	uint8_t *data = malloc(len), *got = malloc(len);
	struct swd_queue_stats_s st0, st1;

	pattern(data, len, 77);
	swd_queue_get_stats(adi_dp_queue(&f->dp), &st0);
	f->inject.at_command = adi_fixture_commands(f) + 3;	/* the third batch of the write */
	f->inject.faults.wait_next_ap = 50;
	check_ok(f, adi_memap_write(&f->mem, RAM + 0x123, data, len, &f->err));
	swd_queue_get_stats(adi_dp_queue(&f->dp), &st1);
	print_message("  write with 50 WAITs: %llu retries\n", (unsigned long long)(st1.wait_retries - st0.wait_retries));
	assert_int_equal(st1.wait_retries - st0.wait_retries, 50);
	assert_int_equal(sim_faults(f->sim)->wait_next_ap, 0);

	f->inject.at_command = adi_fixture_commands(f) + 2;
	f->inject.faults.wait_next_ap = 50;
	check_ok(f, adi_memap_read(&f->mem, RAM + 0x123, got, len, &f->err));
	assert_memory_equal(got, data, len);
	free(data);
	free(got);
}

/* More WAITs than the budget: a clear error naming the access, and the session goes on. */
static void test_wait_budget_exhausted(void **state)
{
	struct adi_fixture_s *f = *state;
	uint8_t data[64] = { 1, 2, 3 }, got[64];
	char buf[400];

	swd_queue_set_wait_budget(adi_dp_queue(&f->dp), 20);
	sim_faults(f->sim)->wait_next_ap = 1000;
	assert_int_equal(adi_memap_write(&f->mem, RAM + 0x40, data, sizeof(data), &f->err), -1);
	assert_int_equal(f->err.code, ADI_ERR_WAIT);
	error_format(&f->err, buf, sizeof(buf));
	print_message("  %s\n", buf);
	assert_non_null(strstr(buf, "WAIT 21 times"));
	assert_non_null(strstr(buf, "0x20000040"));
	assert_string_equal(f->err.access, "AP0.CSW write");

	sim_faults(f->sim)->wait_next_ap = 0;
	check_ok(f, adi_memap_write(&f->mem, RAM + 0x40, data, sizeof(data), &f->err));
	check_ok(f, adi_memap_read(&f->mem, RAM + 0x40, got, sizeof(got), &f->err));
	assert_memory_equal(got, data, sizeof(data));
}

/* Run off the end of RAM: the bus error's address is reported, the next transfer works. */
static void test_fault_off_end_of_ram(void **state)
{
	struct adi_fixture_s *f = *state;
	uint32_t end = f->dp.version == 2 ? 0x20040000u : 0x20018000u;
	uint8_t data[0x300], got[0x300];
	char buf[400];

	pattern(data, sizeof(data), 3);
	assert_int_equal(adi_memap_write(&f->mem, end - 0x101, data, sizeof(data), &f->err), -1);
	error_format(&f->err, buf, sizeof(buf));
	print_message("  %s\n", buf);
	assert_int_equal(f->err.code, ADI_ERR_FAULT);
	assert_true(f->err.has_addr);
	assert_int_equal(f->err.addr, end);
	assert_string_equal(f->err.bits, "STICKYERR");
	assert_true(f->err.value & ADI_DP_CTRL_STAT_STICKYERR);
	/* what lies before the end was written; the session continues */
	check_ok(f, adi_memap_read(&f->mem, end - 0x101, got, 0x101, &f->err));
	assert_memory_equal(got, data, 0x101);

	assert_int_equal(adi_memap_read(&f->mem, end - 6, got, 12, &f->err), -1);
	assert_int_equal(f->err.code, ADI_ERR_FAULT);
	assert_int_equal(f->err.addr, end);
	check_ok(f, adi_memap_read(&f->mem, end - 6, got, 6, &f->err));
	assert_memory_equal(got, data + 0x101 - 6, 6);
}

/* An injected FAULT in the middle of a long write: reported with the address reached. */
static void test_fault_mid_block_write(void **state)
{
	struct adi_fixture_s *f = *state;
	size_t len = 12 * 1024;
	uint8_t *data = malloc(len), *got = malloc(len), *before = malloc(len);

	check_ok(f, adi_memap_read(&f->mem, RAM + 0x1000, before, len, &f->err));
	pattern(data, len, 11);
	f->inject.at_command = adi_fixture_commands(f) + 2;
	f->inject.faults.fault_once = true;
	assert_int_equal(adi_memap_write(&f->mem, RAM + 0x1000, data, len, &f->err), -1);
	assert_int_equal(f->err.code, ADI_ERR_FAULT);
	assert_true(f->err.has_addr);
	uint32_t at = f->err.addr;
	print_message("  FAULT injected mid-block at 0x%08x (%s)\n", at, f->err.access);
	assert_true(at > RAM + 0x1000 && at < RAM + 0x1000 + len);
	/* everything below the failing address was written, nothing from it on */
	check_ok(f, adi_memap_read(&f->mem, RAM + 0x1000, got, len, &f->err));
	size_t done = at - (RAM + 0x1000);
	assert_memory_equal(got, data, done);
	assert_memory_equal(got + done, before + done, len - done);
	/* and the write can simply be repeated */
	check_ok(f, adi_memap_write(&f->mem, RAM + 0x1000, data, len, &f->err));
	check_ok(f, adi_memap_read(&f->mem, RAM + 0x1000, got, len, &f->err));
	assert_memory_equal(got, data, len);
	free(data);
	free(got);
	free(before);
}

/* The batching figures: 64 KB each way in at most 70 probe commands. */
static void test_batching_64k(void **state)
{
	struct adi_fixture_s *f = *state;
	const size_t len = 64 * 1024;
	uint8_t *data = malloc(len), *got = malloc(len);
	struct sim_stats_s a, b, c;

	pattern(data, len, 2024);
	sim_get_stats(f->sim, &a);
	check_ok(f, adi_memap_write(&f->mem, RAM, data, len, &f->err));
	sim_get_stats(f->sim, &b);
	check_ok(f, adi_memap_read(&f->mem, RAM, got, len, &f->err));
	sim_get_stats(f->sim, &c);
	assert_memory_equal(got, data, len);

	uint64_t wcmd = b.probe_commands - a.probe_commands, rcmd = c.probe_commands - b.probe_commands;
	double wbits = (double)(b.swd_bits - a.swd_bits) / len, rbits = (double)(c.swd_bits - b.swd_bits) / len;
	print_message("  %s write 64 KB: %llu probe commands, %.3f SWD bits/byte, %.2f ms modeled\n",
		      sim_board_name(f->sim), (unsigned long long)wcmd, wbits, (b.time_ns - a.time_ns) / 1e6);
	print_message("  %s read  64 KB: %llu probe commands, %.3f SWD bits/byte, %.2f ms modeled\n",
		      sim_board_name(f->sim), (unsigned long long)rcmd, rbits, (c.time_ns - b.time_ns) / 1e6);
	print_message("  floor of plain auto-increment: 46 bits per 32-bit word = %.3f bits/byte\n", 46.0 / 4);
	assert_true(wcmd <= 70);
	assert_true(rcmd <= 70);
	assert_true(wbits < 46.0 / 4 * 1.02);
	assert_true(rbits < 46.0 / 4 * 1.02);
	free(data);
	free(got);
}

/*
 * A queued block write goes out with the next access that waits for a result (one probe
 * command for both); a bus error inside it is reported by that access, with its address.
 */
static void test_queued_write(void **state)
{
	struct adi_fixture_s *f = *state;
	uint32_t end = f->dp.version == 2 ? 0x20040000u : 0x20018000u, word = 0;
	uint8_t data[3000], got[3000];
	struct sim_stats_s a, b;

	pattern(data, sizeof(data), 7);
	sim_get_stats(f->sim, &a);
	check_ok(f, adi_memap_queue_write(&f->mem, RAM + 0x2001, data, sizeof(data), &f->err));
	sim_get_stats(f->sim, &b);
	assert_int_equal(b.probe_commands, a.probe_commands);	/* nothing on the wire yet */
	check_ok(f, adi_memap_write_u32(&f->mem, RAM + 0x10, 0x12345678u, &f->err));
	sim_get_stats(f->sim, &b);
	assert_int_equal(b.probe_commands - a.probe_commands, 1);	/* both in one command */
	check_ok(f, adi_memap_read(&f->mem, RAM + 0x2001, got, sizeof(got), &f->err));
	assert_memory_equal(got, data, sizeof(data));
	check_ok(f, adi_memap_read_u32(&f->mem, RAM + 0x10, &word, &f->err));
	assert_int_equal(word, 0x12345678u);

	/* off the end of RAM: the access after it reports the bus error and where */
	check_ok(f, adi_memap_queue_write(&f->mem, end - 0x40, data, 0x80, &f->err));
	assert_int_equal(adi_memap_write_u32(&f->mem, RAM + 0x10, 0xCAFEF00Du, &f->err), -1);
	assert_int_equal(f->err.code, ADI_ERR_FAULT);
	assert_true(f->err.has_addr);
	assert_int_equal(f->err.addr, end);
	check_ok(f, adi_memap_read_u32(&f->mem, RAM + 0x10, &word, &f->err));
	assert_int_equal(word, 0x12345678u);	/* dropped behind the error, not run */

	/* word accesses queued and flushed: the message says where the AP stood, not "0 bytes at 0" */
	adi_memap_queue_write_u32(&f->mem, end, 0x1u);
	assert_int_equal(adi_memap_flush(&f->mem, &f->err), -1);
	assert_int_equal(f->err.code, ADI_ERR_FAULT);
	assert_non_null(strstr(f->err.msg, "queued accesses, the AP at 0x"));
	assert_null(strstr(f->err.msg, "0 bytes at 0x00000000"));

	/* the range is checked at once */
	sim_get_stats(f->sim, &a);
	assert_int_equal(adi_memap_queue_write(&f->mem, 0xFFFFFFF0u, data, 0x20, &f->err), -1);
	assert_int_equal(f->err.code, ADI_ERR_ARG);
	sim_get_stats(f->sim, &b);
	assert_int_equal(b.probe_commands, a.probe_commands);
}

/* A transfer across 0xFFFFFFFF is refused before anything goes on the wire: TAR would wrap to 0. */
static void test_end_of_address_space(void **state)
{
	struct adi_fixture_s *f = *state;
	uint8_t buf[8] = { 0 };
	struct sim_stats_s a, b;

	sim_get_stats(f->sim, &a);
	assert_int_equal(adi_memap_read(&f->mem, 0xFFFFFFFCu, buf, sizeof(buf), &f->err), -1);
	assert_int_equal(f->err.code, ADI_ERR_ARG);
	assert_string_equal(f->err.msg, "8 bytes at 0xfffffffc run past the end of the 4 GiB address space");
	assert_int_equal(adi_memap_write(&f->mem, 0xFFFFFFFFu, buf, 2, &f->err), -1);
	assert_int_equal(f->err.code, ADI_ERR_ARG);
	assert_int_equal(adi_memap_read_sized(&f->mem, 0xFFFFFFFCu, buf, 8, 4, &f->err), -1);
	assert_int_equal(f->err.code, ADI_ERR_ARG);
	sim_get_stats(f->sim, &b);
	assert_int_equal(b.probe_commands, a.probe_commands);
}

#define BOTH(t) cmocka_unit_test_setup_teardown(t, adi_setup_f401, adi_teardown), \
		cmocka_unit_test_setup_teardown(t, adi_setup_l552, adi_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(test_block_read_alignments),
		BOTH(test_block_write_alignments),
		BOTH(test_sized_packed),
		BOTH(test_single_values),
		BOTH(test_wait_storm_mid_block),
		BOTH(test_wait_budget_exhausted),
		BOTH(test_fault_off_end_of_ram),
		BOTH(test_fault_mid_block_write),
		BOTH(test_batching_64k),
		BOTH(test_end_of_address_space),
		BOTH(test_queued_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
