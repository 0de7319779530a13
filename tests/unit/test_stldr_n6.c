// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A user's ST external loader (tests/loaders/stldr/n6_user_loader.c, built by make check
 * as tests/loaders/n6_user.stldr) run unmodified on the virtual STM32N657 the way
 * STM32CubeProgrammer calls one: at its link address, ST's inverted return convention
 * (1 = OK), Verify's R0 = failing address or 0 and R1 = checksum. Its timeouts run on
 * SysTick's COUNTFLAG, so this also checks the simulator's SysTick under a real loader.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "flm_harness.h"
#include "sim_fixture.h"
#include "sim/periph/stm32_xspi.h"

#define WIN 0x70000000u
#define SCRATCH 0x34010000u	/* BKPT, then the stack */
#define BUF 0x34020000u
#define MS 1000000ull
#define S (1000 * MS)

struct stldr_s {
	struct sim *s;
	struct flmh_s h;
	struct stm32_xspi_s *x;
	void *image;
};

static uint64_t call(struct stldr_s *t, const char *fn, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
	return flmh_call(&t->h, fn, a0, a1, a2, a3, 600 * S);
}

static void *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	void *buf = NULL;
	long n = 0;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) ||
	    !(buf = malloc((size_t)n)) || fread(buf, 1, (size_t)n, f) != (size_t)n)
		fail_msg("cannot read %s (built by make check)", path);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static int setup(void **state)
{
	struct stldr_s *t = calloc(1, sizeof(*t));
	size_t len;

	t->s = fixture_board("stm32n657");
	t->x = sim_model_ctx(t->s, "xspi");
	/* the NOR as the built-in octal DTR loader leaves it: the user loader must reset it */
	t->x->nor.proto = SPI_NOR_PROTO_8D;
	t->x->nor.cr2_mode = 0x02;
	t->image = read_file(N6_USER_STLDR, &len);
	flmh_load(&t->h, t->s, t->image, len, 0, SCRATCH);
	assert_in_range(flmh_sym(&t->h, "Init"), 0x34180400u, 0x34181000u);	/* linked in AXISRAM2 */
	assert_int_equal((uint32_t)call(t, "Init", 0, 0, 0, 0), 1);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct stldr_s *t = *state;

	flmh_end(&t->h);
	free(t->image);
	sim_destroy(t->s);
	free(t);
	return 0;
}

static uint32_t win_rd(struct sim *s, uint32_t a)
{
	uint32_t v = 0;
	assert_int_equal(sim_bus_read(s, SIM_MASTER_DEBUG, a, 4, &v), SIM_BUS_OK);
	return v;
}

/* StorageInfo, as CubeProgrammer reads it (SgInfo): name, type, start, size, page, sectors. */
static void test_storage_info(void **state)
{
	struct stldr_s *t = *state;
	uint32_t si = flmh_sym(&t->h, "StorageInfo");

	assert_int_not_equal(si, 0);
	assert_int_equal(tc_rd(t->s, si + 100) & 0xFFFF, 3);	/* NOR_FLASH */
	assert_int_equal(tc_rd(t->s, si + 104), WIN);
	assert_int_equal(tc_rd(t->s, si + 108), 128u << 20);
	assert_int_equal(tc_rd(t->s, si + 112), 256);
	assert_int_equal(tc_rd(t->s, si + 116) & 0xFF, 0xFF);
	assert_int_equal(tc_rd(t->s, si + 120), 32768);		/* sectors[0]: 32768 x 4 KB */
	assert_int_equal(tc_rd(t->s, si + 124), 4096);
	assert_int_equal(t->x->nor.proto, SPI_NOR_PROTO_1S);
	assert_true(t->x->mmap);
	/* Init again, from memory-mapped mode */
	assert_int_equal((uint32_t)call(t, "Init", 0, 0, 0, 0), 1);
}

static void test_erase_write_verify_checksum(void **state)
{
	struct stldr_s *t = *state;
	const struct spi_nor_part_s *p = &spi_nor_mx66uw1g45g;
	uint32_t sum = 0, n = 1000;

	for (uint32_t i = 0; i < 1024; i += 4)
		tc_wr(t->s, BUF + i, 0x9E3779B9u * (i + 7));
	for (uint32_t i = 0; i < n; i++)
		sum += (tc_rd(t->s, BUF + (i & ~3u)) >> 8 * (i & 3)) & 0xFF;

	assert_int_equal((uint32_t)call(t, "SectorErase", WIN + 0x1000, WIN + 0x1FFF, 0, 0), 1);
	assert_int_equal(t->h.busy_ns, p->t_se_ns);
	print_message("SectorErase 4 KB: %.3f ms, HAL ticks %u\n", t->h.ns / 1e6,
		      tc_rd(t->s, flmh_sym(&t->h, "uwTick")));
	assert_in_range(tc_rd(t->s, flmh_sym(&t->h, "uwTick")), 25, 40);	/* SysTick kept its time */

	assert_int_equal((uint32_t)call(t, "Write", WIN + 0x1000, n, BUF, 0), 1);
	assert_int_equal(t->h.busy_ns, 4 * p->t_pp_ns);	/* 256-byte NOR pages */
	print_message("Write 1000 bytes: %.3f ms\n", t->h.ns / 1e6);
	assert_int_equal(win_rd(t->s, WIN + 0x1000), tc_rd(t->s, BUF));
	assert_int_equal(win_rd(t->s, WIN + 0x1000 + 996), tc_rd(t->s, BUF + 996));
	assert_int_equal(win_rd(t->s, WIN + 0x1000 + 1000), 0xFFFFFFFF);

	assert_int_equal((uint32_t)call(t, "CheckSum", WIN + 0x1000, n, 0, 0), sum);
	assert_int_equal((uint32_t)call(t, "CheckSum", WIN + 0x1000, n, 5, 0), sum + 5);
	uint64_t v = call(t, "Verify", WIN + 0x1000, BUF, n / 4, 0);
	assert_int_equal((uint32_t)v, 0);		/* R0: no failing address */
	assert_int_equal((uint32_t)(v >> 32), sum);	/* R1: the checksum */
	tc_wr(t->s, BUF + 0x100, 0);
	v = call(t, "Verify", WIN + 0x1000, BUF, n / 4, 0);
	assert_int_equal((uint32_t)v, WIN + 0x1100);
}

/* A range over a whole 64 KB block erases it with one DCh and the edges with 21h. */
static void test_erase_range_uses_blocks(void **state)
{
	struct stldr_s *t = *state;
	const struct spi_nor_part_s *p = &spi_nor_mx66uw1g45g;

	tc_wr(t->s, BUF, 0x12345678);
	for (uint32_t a = 0xF000; a <= 0x21000; a += 0x9000)
		assert_int_equal((uint32_t)call(t, "Write", WIN + a, 4, BUF, 0), 1);
	assert_int_equal((uint32_t)call(t, "SectorErase", WIN + 0xF800, WIN + 0x20010, 0, 0), 1);
	assert_int_equal(t->h.busy_ns, 2 * p->t_se_ns + p->t_be_ns);
	print_message("SectorErase 0xF800..0x20010: %.3f ms\n", t->h.ns / 1e6);
	assert_int_equal(win_rd(t->s, WIN + 0xF000), 0xFFFFFFFF);
	assert_int_equal(win_rd(t->s, WIN + 0x18000), 0xFFFFFFFF);
	assert_int_equal(win_rd(t->s, WIN + 0x21000), 0x12345678);	/* outside the range: kept */
	/* out of the device, or an inverted range: refused */
	assert_int_equal((uint32_t)call(t, "SectorErase", WIN - 0x1000, WIN, 0, 0), 0);
	assert_int_equal((uint32_t)call(t, "SectorErase", WIN + 0x2000, WIN + 0x1000, 0, 0), 0);
	assert_int_equal((uint32_t)call(t, "Write", WIN + (128u << 20) - 2, 4, BUF, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_storage_info, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erase_write_verify_checksum, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erase_range_uses_blocks, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
