// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * qCRC of memory that does not answer (issue 8, defect 7): refused at once when the range
 * leaves the part's memory map, with the address; a RAM routine that faults inside the
 * map (an XSPI window that is not memory-mapped) is caught at once; and neither leaves a
 * fault in the target's fault registers for `monitor fault` to report later.
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

struct fault_regs_s {
	uint32_t cfsr, hfsr, mmfar, bfar, demcr;
};

static struct fault_regs_s fault_regs(struct gdb_fixture_s *fx)
{
	struct fault_regs_s r;

	assert_int_equal(cortexm_read_u32(&fx->t, SCS_CFSR_ADDR, &r.cfsr), 0);
	assert_int_equal(cortexm_read_u32(&fx->t, SCS_HFSR_ADDR, &r.hfsr), 0);
	assert_int_equal(cortexm_read_u32(&fx->t, SCS_MMFAR_ADDR, &r.mmfar), 0);
	assert_int_equal(cortexm_read_u32(&fx->t, SCS_BFAR_ADDR, &r.bfar), 0);
	assert_int_equal(cortexm_read_u32(&fx->t, SCS_DEMCR_ADDR, &r.demcr), 0);
	return r;
}

static void assert_same_faults(struct gdb_fixture_s *fx, const struct fault_regs_s *before, const char *console)
{
	struct fault_regs_s now = fault_regs(fx);

	assert_int_equal(now.cfsr, before->cfsr);
	assert_int_equal(now.hfsr, before->hfsr);
	assert_int_equal(now.mmfar, before->mmfar);
	assert_int_equal(now.bfar, before->bfar);
	assert_int_equal(now.demcr, before->demcr);
	fx_monitor(fx, "fault");
	assert_string_equal(fx->console, console);
}

/* Sends a qCRC that must fail; returns the reply and how long it took. */
static const char *crc_error(struct gdb_fixture_s *fx, const char *pkt, uint64_t *ms)
{
	uint64_t t0 = now_ms();
	const char *r = fx_cmd(fx, pkt);

	*ms = now_ms() - t0;
	print_message("  %s -> %s (%llu ms)\n", pkt, r, (unsigned long long)*ms);
	assert_true(strncmp(r, "E.", 2) == 0);
	return r;
}

static void test_outside_memory_map(void **state)
{
	struct gdb_fixture_s *fx = *state;
	struct fault_regs_s before = fault_regs(fx);
	char console[sizeof(fx->console)];
	uint64_t ms;

	fx_monitor(fx, "fault");
	snprintf(console, sizeof(console), "%s", fx->console);
	const char *r = crc_error(fx, "qCRC:60000000,10", &ms);
	assert_non_null(strstr(r, "0x60000000 is outside the memory of stm32l552"));
	assert_non_null(strstr(r, "sram 0x20000000-0x2003ffff"));
	assert_true(ms < 1000);
	/* a range that starts in SRAM and runs past its end: the first address outside */
	assert_non_null(strstr(crc_error(fx, "qCRC:2003ff00,200", &ms), "0x20040000 is outside"));
	/* below flash */
	assert_non_null(strstr(crc_error(fx, "qCRC:7ffff00,200", &ms), "0x07ffff00 is outside"));
	assert_same_faults(fx, &before, console);
	/* inside the map it still works, on the target */
	assert_true(fx_cmd(fx, "qCRC:2003ff00,100")[0] == 'C');
	assert_int_equal(fx->g.crc_where, GDB_CRC_TARGET);
}

/* The N657's NOR at 0x70000000 is in its memory map, but answers only in memory-mapped mode. */
static void test_routine_fault_in_map(void **state)
{
	struct gdb_fixture_s *fx = *state;
	struct fault_regs_s before = fault_regs(fx);
	char console[sizeof(fx->console)];
	uint64_t ms;

	fx_monitor(fx, "fault");
	snprintf(console, sizeof(console), "%s", fx->console);
	const char *r = crc_error(fx, "qCRC:70000000,100", &ms);
	assert_non_null(strstr(r, "0x70000000"));
	assert_true(ms < 1000);	/* the routine's fault is caught, not waited out (5 s) */
	assert_same_faults(fx, &before, console);
	/* the session goes on: RAM is checked on the target */
	assert_true(fx_cmd(fx, "qCRC:34000000,100")[0] == 'C');
	assert_int_equal(fx->g.crc_where, GDB_CRC_TARGET);
}

int main(void)
{
	const struct CMUnitTest l552[] = {
		cmocka_unit_test(test_outside_memory_map),
	};
	const struct CMUnitTest n657[] = {
		cmocka_unit_test(test_routine_fault_in_map),
	};
	int fails = cmocka_run_group_tests_name("qCRC stm32l552", l552, fx_setup_l552, fx_teardown);

	fails += cmocka_run_group_tests_name("qCRC stm32n657", n657, fx_setup_n657, fx_teardown);
	return fails ? 1 : 0;
}
