// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * qCRC of memory that does not answer (issue 8, defect 7): refused at once when the range
 * leaves the part's memory map, with the address, and without leaving a fault in the
 * target's fault registers for `monitor fault` to report later. External flash behind a
 * RAM loader (the N657's XSPI NOR, which the bus sees only in memory-mapped mode, off
 * after reset) is checked through its loader, not by a routine reading the window (that
 * faulted, and the read-back after it too: `rspflash verify` of a NOR image failed).
 * A routine that faults is caught at once: test_cortexm.c.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arch/cortexm_debug.h"
#include "test_gdb_fixture.h"

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* What the target's fault registers hold, and what `monitor fault` says of them. */
struct faults_s {
	uint32_t cfsr, hfsr, mmfar, bfar, demcr;
	char console[sizeof(((struct gdb_fixture_s *)0)->console)];
};

static void read_faults(struct gdb_fixture_s *fx, struct faults_s *f)
{
	assert_int_equal(cortexm_read_u32(&fx->t, SCS_CFSR_ADDR, &f->cfsr), 0);
	assert_int_equal(cortexm_read_u32(&fx->t, SCS_HFSR_ADDR, &f->hfsr), 0);
	assert_int_equal(cortexm_read_u32(&fx->t, SCS_MMFAR_ADDR, &f->mmfar), 0);
	assert_int_equal(cortexm_read_u32(&fx->t, SCS_BFAR_ADDR, &f->bfar), 0);
	assert_int_equal(cortexm_read_u32(&fx->t, SCS_DEMCR_ADDR, &f->demcr), 0);
	fx_monitor(fx, "fault");
	snprintf(f->console, sizeof(f->console), "%s", fx->console);
}

static void assert_same_faults(struct gdb_fixture_s *fx, const struct faults_s *before)
{
	static struct faults_s now;

	read_faults(fx, &now);
	assert_int_equal(now.cfsr, before->cfsr);
	assert_int_equal(now.hfsr, before->hfsr);
	assert_int_equal(now.mmfar, before->mmfar);
	assert_int_equal(now.bfar, before->bfar);
	assert_int_equal(now.demcr, before->demcr);
	assert_string_equal(now.console, before->console);
}

/* pkt fails at once, its reply holds text, and the fault registers do not change. */
static void assert_refused_quietly(struct gdb_fixture_s *fx, const char *pkt, const char *text)
{
	static struct faults_s before;
	uint64_t t0, ms;
	const char *r;

	read_faults(fx, &before);
	t0 = now_ms();
	r = fx_cmd(fx, pkt);
	ms = now_ms() - t0;
	print_message("  %s -> %s (%llu ms)\n", pkt, r, (unsigned long long)ms);
	assert_true(strncmp(r, "E.", 2) == 0);
	assert_non_null(strstr(r, text));
	assert_true(ms < 1000);	/* not the routine's 5 s timeout */
	assert_same_faults(fx, &before);
}

static void test_outside_memory_map(void **state)
{
	struct gdb_fixture_s *fx = *state;

	assert_refused_quietly(fx, "qCRC:60000000,10",
			       "0x60000000 is outside the memory of stm32l552 (flash 0x08000000-0x0807ffff, "
			       "sram 0x20000000-0x2003ffff)");
	/* from SRAM past its end, and from below flash into it: the first address outside */
	assert_refused_quietly(fx, "qCRC:2003ff00,200", "0x20040000 is outside");
	assert_refused_quietly(fx, "qCRC:7ffff00,200", "0x07ffff00 is outside");
	/* inside the map it still works, on the target */
	assert_true(fx_cmd(fx, "qCRC:2003ff00,100")[0] == 'C');
	assert_int_equal(fx->g.crc_where, GDB_CRC_TARGET);
}

/* The N657's NOR at 0x70000000, erased, not memory-mapped: its CRC comes through its loader. */
static void test_nor_crc_through_loader(void **state)
{
	struct gdb_fixture_s *fx = *state;
	static struct faults_s before;
	uint8_t erased[0x100];
	char want[16];

	memset(erased, 0xFF, sizeof(erased));
	snprintf(want, sizeof(want), "C%08x", flash_crc32(0xFFFFFFFFu, erased, sizeof(erased)));
	read_faults(fx, &before);
	assert_string_equal(fx_cmd(fx, "qCRC:70000000,100"), want);
	assert_int_equal(fx->g.crc_where, GDB_CRC_TARGET);
	assert_same_faults(fx, &before);
	/* RAM is still checked by the routine */
	assert_true(fx_cmd(fx, "qCRC:34000000,100")[0] == 'C');
	assert_int_equal(fx->g.crc_where, GDB_CRC_TARGET);
}

int main(void)
{
	const struct CMUnitTest l552[] = {
		cmocka_unit_test(test_outside_memory_map),
	};
	const struct CMUnitTest n657[] = {
		cmocka_unit_test(test_nor_crc_through_loader),
	};
	int fails = cmocka_run_group_tests_name("qCRC stm32l552", l552, fx_setup_l552, fx_teardown);

	fails += cmocka_run_group_tests_name("qCRC stm32n657", n657, fx_setup_n657, fx_teardown);
	return fails ? 1 : 0;
}
