// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The built-in loader n6-xspi2-mx66uw1g45g (flash/loaders/n6_xspi2.c, embedded as
 * loader_elf_n6_xspi2) run on the virtual STM32N657 the way a host runs an FLM: erase,
 * program, verify and blank check, read back through the memory-mapped window after every
 * call, and modeled time that is the NOR's busy time plus little. Also the N657 register
 * blocks vendor loaders write on their way (SYSCFG, RISAF2).
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

extern const uint8_t loader_elf_n6_xspi2[];
extern const size_t loader_elf_n6_xspi2_size;

#define WIN 0x70000000u
#define LOAD 0x34001000u	/* AXISRAM (secure): the loader, linked at 0 */
#define SCRATCH 0x34010000u	/* BKPT, then the stack */
#define BUF 0x34020000u		/* page buffer */
#define PAGE 0x4000u
#define MS 1000000ull
#define S (1000 * MS)

struct n6_s {
	struct sim *s;
	struct flmh_s h;
	struct stm32_xspi_s *x;
};

static uint32_t win_rd(struct sim *s, uint32_t a)
{
	uint32_t v = 0;
	assert_int_equal(sim_bus_read(s, SIM_MASTER_DEBUG, a, 4, &v), SIM_BUS_OK);
	return v;
}

/* A 16 KB pattern in the page buffer (0xFF where erased = true for its second half). */
static void fill_buf(struct sim *s, uint32_t seed, bool half_erased)
{
	for (uint32_t i = 0; i < PAGE; i += 4)
		tc_wr(s, BUF + i, half_erased && i >= PAGE / 2 ? 0xFFFFFFFFu : i * 0x01000193u ^ seed);
}

/* A CMSIS entry point: the result is R0. */
static uint32_t call(struct n6_s *t, const char *fn, uint32_t a0, uint32_t a1, uint32_t a2, uint64_t max_ns)
{
	return (uint32_t)flmh_call(&t->h, fn, a0, a1, a2, 0, max_ns);
}

static int setup(void **state)
{
	struct n6_s *t = calloc(1, sizeof(*t));

	t->s = fixture_board("stm32n657");
	t->x = sim_model_ctx(t->s, "xspi");
	flmh_load(&t->h, t->s, loader_elf_n6_xspi2, loader_elf_n6_xspi2_size, LOAD, SCRATCH);
	assert_int_equal(call(t, "Init", WIN, 64000000, 1, 10 * MS), 0);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct n6_s *t = *state;

	flmh_end(&t->h);
	sim_destroy(t->s);
	free(t);
	return 0;
}

static void test_init_leaves_octal_dtr_mapped(void **state)
{
	struct n6_s *t = *state;

	assert_int_equal(t->x->nor.proto, SPI_NOR_PROTO_8D);
	assert_true(t->x->mmap);
	assert_int_equal(win_rd(t->s, WIN), 0xFFFFFFFF);
	print_message("Init: %.3f ms\n", t->h.ns / 1e6);
	/* again, from memory-mapped mode and a NOR already in 8D (a second session) */
	assert_int_equal(call(t, "Init", WIN, 64000000, 2, 10 * MS), 0);
	assert_true(t->x->mmap);
	assert_int_equal(call(t, "UnInit", 2, 0, 0, MS), 0);
	assert_int_equal(win_rd(t->s, WIN + 0x100), 0xFFFFFFFF);
}

static void test_program_verify_erase(void **state)
{
	struct n6_s *t = *state;
	const struct spi_nor_part_s *p = &spi_nor_mx66uw1g45g;

	fill_buf(t->s, 0x5A5A0000, false);
	assert_int_equal(call(t, "ProgramPage", WIN + 0x10000, PAGE, BUF, S), 0);
	assert_int_equal(t->h.busy_ns, 64 * p->t_pp_ns);	/* 64 NOR pages of 256 bytes */
	print_message("ProgramPage 16 KB: %.3f ms (NOR busy %.3f ms)\n", t->h.ns / 1e6, t->h.busy_ns / 1e6);
	/* the CPU's part, about 400 cycles a NOR page at the 64 MHz reset clock */
	assert_true(t->h.ns < t->h.busy_ns + t->h.busy_ns / 20);
	for (uint32_t i = 0; i < PAGE; i += 0x404)
		assert_int_equal(win_rd(t->s, WIN + 0x10000 + i), tc_rd(t->s, BUF + i));
	assert_int_equal(call(t, "Verify", WIN + 0x10000, PAGE, BUF, S), WIN + 0x10000 + PAGE);
	tc_wr(t->s, BUF + 0x1230, 0);
	assert_int_equal(call(t, "Verify", WIN + 0x10000, PAGE, BUF, S), WIN + 0x10000 + 0x1230);
	assert_int_equal(call(t, "BlankCheck", WIN + 0x10000, PAGE, 0xFF, S), 1);
	assert_int_equal(call(t, "BlankCheck", WIN + 0x14000, PAGE, 0xFF, S), 0);

	/* a 4 KB sector, then the 64 KB block */
	assert_int_equal(call(t, "EraseSector", WIN + 0x11000, 0, 0, 2 * S), 0);
	assert_int_equal(t->h.busy_ns, p->t_se_ns);
	print_message("EraseSector 4 KB: %.3f ms\n", t->h.ns / 1e6);
	assert_int_equal(call(t, "BlankCheck", WIN + 0x11000, 0x1000, 0xFF, S), 0);
	assert_int_equal(call(t, "BlankCheck", WIN + 0x10000, 0x1000, 0xFF, S), 1);
	assert_int_equal(call(t, "RspErase", WIN + 0x10000, 0x10000, 0, 2 * S), 0);
	assert_int_equal(t->h.busy_ns, p->t_be_ns);
	assert_true(t->h.ns < t->h.busy_ns + t->h.busy_ns / 100);
	print_message("RspErase 64 KB: %.3f ms\n", t->h.ns / 1e6);
	assert_int_equal(call(t, "BlankCheck", WIN + 0x10000, 0x10000, 0xFF, S), 0);
	assert_int_equal(win_rd(t->s, WIN + 0x10000), 0xFFFFFFFF);
}

/* All-0xFF NOR pages are skipped; a short last page and an unaligned buffer still program. */
static void test_partial_and_erased_pages(void **state)
{
	struct n6_s *t = *state;

	fill_buf(t->s, 0x12340000, true);
	assert_int_equal(call(t, "ProgramPage", WIN + 0x20000, PAGE, BUF, S), 0);
	assert_int_equal(t->h.busy_ns, 32 * spi_nor_mx66uw1g45g.t_pp_ns);
	assert_int_equal(call(t, "Verify", WIN + 0x20000, PAGE, BUF, S), WIN + 0x20000 + PAGE);
	assert_int_equal(call(t, "ProgramPage", WIN + 0x30000, 101, BUF + 1, S), 0);
	assert_int_equal(call(t, "Verify", WIN + 0x30000, 101, BUF + 1, S), WIN + 0x30000 + 101);
	assert_int_equal(win_rd(t->s, WIN + 0x30064) >> 8, 0xFFFFFF);	/* byte 100 programmed, 101.. erased */
}

/* Bad arguments are refused before the flash is touched; the window stays readable. */
static void test_bad_arguments(void **state)
{
	struct n6_s *t = *state;
	unsigned commands = t->x->nor.ignored_wel + t->x->nor.unknown;

	assert_int_equal(call(t, "ProgramPage", WIN - 0x100, 0x100, BUF, S), 1);
	assert_int_equal(call(t, "ProgramPage", WIN + 0x80, 0x100, BUF, S), 1);	/* not page aligned */
	assert_int_equal(call(t, "ProgramPage", WIN, PAGE + 0x100, BUF, S), 1);
	assert_int_equal(call(t, "ProgramPage", WIN + (128u << 20) - 0x100, 0x200, BUF, S), 1);
	assert_int_equal(call(t, "RspErase", WIN, 0x2000, 0, S), 1);
	assert_int_equal(call(t, "RspErase", WIN + 0x1000, 0x10000, 0, S), 1);
	assert_int_equal(call(t, "EraseSector", WIN + 0x800, 0, 0, S), 1);
	assert_int_equal(t->x->nor.ignored_wel + t->x->nor.unknown, commands);
	assert_int_equal(win_rd(t->s, WIN), 0xFFFFFFFF);
}

/* A NOR that never finishes: the call returns 1 after its bounded wait, it does not hang. */
static void test_timeout(void **state)
{
	struct n6_s *t = *state;

	t->x->nor.busy_until_ns = sim_now_ns(t->s) + 1000 * S;
	assert_int_equal(call(t, "EraseSector", WIN, 0, 0, 100 * S), 1);
	print_message("EraseSector on a NOR stuck busy: failed after %.1f s\n", t->h.ns / 1e9);
	assert_true(t->h.ns >= 400 * MS);
}

static void test_erase_chip(void **state)
{
	struct n6_s *t = *state;

	fill_buf(t->s, 0x77770000, false);
	assert_int_equal(call(t, "ProgramPage", WIN + 0x7FFC000, PAGE, BUF, S), 0);
	assert_int_equal(call(t, "EraseChip", 0, 0, 0, 600 * S), 0);
	assert_int_equal(t->h.busy_ns, spi_nor_mx66uw1g45g.t_ce_ns);
	print_message("EraseChip: %.1f s\n", t->h.ns / 1e9);
	assert_int_equal(call(t, "BlankCheck", WIN + 0x7FFC000, PAGE, 0xFF, S), 0);
}

/* SYSCFG compensation cells and RISAF2: read back, READY follows EN, secure aliases. */
static void test_vendor_register_blocks(void **state)
{
	struct n6_s *t = *state;

	tc_wr(t->s, 0x4600805C, 0x00000378);	/* VDDIO3CCCR: EN | CS | codes */
	assert_int_equal(tc_rd(t->s, 0x5600805C), 0x378);
	assert_int_equal(tc_rd(t->s, 0x46008060) & 0x100, 0x100);	/* VDDIO3CCSR.READY */
	tc_wr(t->s, 0x46008054, 0x00000287);	/* VDDIO2CCCR (probe-rs's store), EN clear */
	assert_int_equal(tc_rd(t->s, 0x46008058) & 0x100, 0);
	tc_wr(t->s, 0x44027040, 0x00000101);	/* RISAF2 region 1 CFGR, ENDR, CIDCFGR */
	tc_wr(t->s, 0x44027048, 0x07FFFFFF);
	tc_wr(t->s, 0x5402704C, 0x00FF00FF);
	assert_int_equal(tc_rd(t->s, 0x54027040), 0x101);
	assert_int_equal(tc_rd(t->s, 0x44027048), 0x07FFFFFF);
	assert_int_equal(tc_rd(t->s, 0x4402704C), 0x00FF00FF);
	assert_int_equal(tc_rd(t->s, 0x440273FC), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_leaves_octal_dtr_mapped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_program_verify_erase, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partial_and_erased_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erase_chip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vendor_register_blocks, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
