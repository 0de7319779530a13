// SPDX-License-Identifier: GPL-2.0-or-later
/* The MEM-AP: CSW sizes and increments, TAR wrap at 1 KB, lanes, packed, BD, ROM table. */
#include "sim_fixture.h"

#define CSW_BASE 0x23000000u
#define CSW_8 0u
#define CSW_16 1u
#define CSW_32 2u
#define INC_SINGLE (1u << 4)
#define INC_PACKED (2u << 4)

static uint32_t mem_rd(struct sim *s, uint32_t addr)
{
	uint32_t v = 0;

	assert_int_equal(swdh_mem_read32(s, addr, &v), 1);
	return v;
}

static void test_identity_registers(void **state)
{
	struct sim *s = *state;

	dp_wr(s, 0x8, 0xF0);
	assert_int_equal(ap_rd(s, 0xC), 0x24770011u);	/* IDR: AHB-AP */
	assert_int_equal(ap_rd(s, 0x8), 0xE00FF003u);	/* BASE */
	assert_int_equal(ap_rd(s, 0x4), 0);		/* CFG: little-endian */
	dp_wr(s, 0x8, 0);
}

static void test_tar_wraps_at_1k(void **state)
{
	struct sim *s = *state;

	assert_int_equal(swdh_mem_write32(s, 0x20000000, 0x11111111), 1);
	assert_int_equal(swdh_mem_write32(s, 0x20000400, 0x22222222), 1);
	ap_wr(s, 0x0, CSW_BASE | CSW_32 | INC_SINGLE);
	ap_wr(s, 0x4, 0x200003FC);
	ap_wr(s, 0xC, 0xAAAAAAAA);	/* 0x200003FC */
	ap_wr(s, 0xC, 0xBBBBBBBB);	/* wraps to 0x20000000, not 0x20000400 */
	assert_int_equal(ap_rd(s, 0x4), 0x20000004u);
	assert_int_equal(mem_rd(s, 0x200003FC), 0xAAAAAAAAu);
	assert_int_equal(mem_rd(s, 0x20000000), 0xBBBBBBBBu);
	assert_int_equal(mem_rd(s, 0x20000400), 0x22222222u);
}

static void test_byte_and_halfword_lanes(void **state)
{
	struct sim *s = *state;

	assert_int_equal(swdh_mem_write32(s, 0x20000100, 0), 1);
	ap_wr(s, 0x0, CSW_BASE | CSW_8 | INC_SINGLE);
	ap_wr(s, 0x4, 0x20000101);
	ap_wr(s, 0xC, 0x0000AB00);	/* byte 1 travels on lane 1 */
	ap_wr(s, 0xC, 0x00CD0000);	/* byte 2 on lane 2 */
	ap_wr(s, 0x0, CSW_BASE | CSW_16 | INC_SINGLE);
	ap_wr(s, 0x4, 0x20000106);
	ap_wr(s, 0xC, 0x12340000);	/* half-word at +6 on the upper lanes */
	assert_int_equal(mem_rd(s, 0x20000100), 0x00CDAB00u);
	assert_int_equal(mem_rd(s, 0x20000104), 0x12340000u);
	ap_wr(s, 0x0, CSW_BASE | CSW_8 | INC_SINGLE);
	ap_wr(s, 0x4, 0x20000102);
	assert_int_equal(ap_rd(s, 0xC) & 0x00FF0000u, 0x00CD0000u);
}

static void test_packed_transfers(void **state)
{
	struct sim *s = *state;

	ap_wr(s, 0x0, CSW_BASE | CSW_8 | INC_PACKED);
	ap_wr(s, 0x4, 0x20000200);
	ap_wr(s, 0xC, 0x44332211);	/* four bytes in one DRW access */
	assert_int_equal(ap_rd(s, 0x4), 0x20000204u);
	ap_wr(s, 0x0, CSW_BASE | CSW_16 | INC_PACKED);
	ap_wr(s, 0x4, 0x20000204);
	ap_wr(s, 0xC, 0x88776655);	/* two half-words */
	assert_int_equal(mem_rd(s, 0x20000200), 0x44332211u);
	assert_int_equal(mem_rd(s, 0x20000204), 0x88776655u);
	ap_wr(s, 0x0, CSW_BASE | CSW_8 | INC_PACKED);
	ap_wr(s, 0x4, 0x20000200);
	assert_int_equal(ap_rd(s, 0xC), 0x44332211u);
}

static void test_banked_data_registers(void **state)
{
	struct sim *s = *state;

	ap_wr(s, 0x0, CSW_BASE | CSW_32);
	ap_wr(s, 0x4, 0x20000308);	/* BD registers use TAR[31:4] */
	dp_wr(s, 0x8, 0x10);
	ap_wr(s, 0x4, 0x01020304);	/* BD1 -> 0x20000304 */
	ap_wr(s, 0xC, 0x0A0B0C0D);	/* BD3 -> 0x2000030C */
	assert_int_equal(ap_rd(s, 0x4), 0x01020304u);
	dp_wr(s, 0x8, 0);
	assert_int_equal(ap_rd(s, 0x4), 0x20000308u);	/* TAR unmoved */
	assert_int_equal(mem_rd(s, 0x20000304), 0x01020304u);
	assert_int_equal(mem_rd(s, 0x2000030C), 0x0A0B0C0Du);
}

static void test_error_leaves_tar(void **state)
{
	struct sim *s = *state;
	uint32_t v;

	ap_wr(s, 0x0, CSW_BASE | CSW_32 | INC_SINGLE);
	ap_wr(s, 0x4, 0x1FFF0000);
	v = 0x12345678;
	assert_int_equal(swdh_transfer(s, true, false, 0xC, &v), 1);	/* system memory (ROM) is not writable */
	assert_true(dp_rd(s, 0x4) & (1u << 5));
	dp_wr(s, 0x0, 1u << 2);
	assert_int_equal(ap_rd(s, 0x4), 0x1FFF0000u);
	assert_int_equal(mem_rd(s, 0x1FFF0000), 0xFFFFFFFFu);	/* unchanged */
}

static void test_rom_table_discovery(void **state)
{
	struct sim *s = *state;

	/* Walk as a host does: BASE -> ROM table -> first entry -> SCS -> CPUID */
	assert_int_equal(mem_rd(s, 0xE00FFFF4) & 0xF0, 0x10);	/* CIDR1 class 1: ROM table */
	assert_int_equal(mem_rd(s, 0xE00FFFFC), 0xB1);
	uint32_t entry = mem_rd(s, 0xE00FF000);
	assert_int_equal(entry & 3, 3);
	uint32_t scs = 0xE00FF000 + (entry & ~0xFFFu);
	assert_int_equal(scs, 0xE000E000u);
	uint32_t pidr0 = mem_rd(s, scs + 0xFE0), pidr1 = mem_rd(s, scs + 0xFE4);
	assert_int_equal(pidr0 | (pidr1 & 0xF) << 8, 0x00C);	/* Cortex-M4 SCS part number */
	assert_int_equal(mem_rd(s, 0xE000ED00), 0x410FC241u);	/* CPUID */
	assert_int_equal(mem_rd(s, 0xE0042000), 0x10010433u);	/* DBGMCU_IDCODE */
	assert_int_equal(mem_rd(s, 0x1FFF7A20) >> 16, 512);	/* F_SIZE */
}

static void test_v8m_ids(void **state)
{
	struct sim *s = *state;

	assert_int_equal(mem_rd(s, 0xE000EFBC), 0x47702A04u);	/* SCS DEVARCH */
	assert_int_equal(mem_rd(s, 0xE000ED00), 0x410FD214u);
	assert_int_equal(mem_rd(s, 0xE0044000) & 0xFFF, 0x472);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_identity_registers, fixture_setup_f401, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_tar_wraps_at_1k, fixture_setup_l552, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_byte_and_halfword_lanes, fixture_setup_f401, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_packed_transfers, fixture_setup_f401, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_banked_data_registers, fixture_setup_f401, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_error_leaves_tar, fixture_setup_f401, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_rom_table_discovery, fixture_setup_f401, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_v8m_ids, fixture_setup_l552, fixture_teardown),
	};
	return cmocka_run_group_tests_name("memap", tests, NULL, NULL);
}
