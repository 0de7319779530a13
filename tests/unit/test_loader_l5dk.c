// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The built-in loader l5dk-octospi1-mx25lm51245g (flash/loaders/l5_octospi1.c) on the virtual
 * STM32L562E-DK: called one function at a time as a CMSIS FLM host calls it (code at an
 * address of the test's choosing, R9 = PrgData, SP = our stack, LR = a BKPT), with the
 * flash read back through the OCTOSPI1 window and the modeled time checked against the
 * NOR's typical times. The small ELF reader and call harness here stand in for the
 * loader runner (flash/loader/) until it exists.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_fixture.h"
#include "test_core_util.h"
#include "sim/periph/spi_nor.h"

extern const uint8_t loader_elf_l5_octospi1[];
extern const size_t loader_elf_l5_octospi1_size;

#define WIN 0x90000000u
#define RAM_BKPT 0x20000000u	/* bkpt #0x2A, the return address */
#define RAM_STACK 0x20001000u	/* 3 KB of stack below, down to the BKPT's page */
#define RAM_CODE 0x20002000u	/* PrgCode, then PrgData */
#define RAM_BUF 0x20010000u	/* ProgramPage/Verify data */
#define RCC_AHB3ENR 0x40021050u
#define CHUNK 0x4000u		/* FlashDevice.szPage */
#define CALL_LIMIT_NS 2000000000ull	/* 2 s of modeled time: far above any call here */

struct loader_s {
	struct sim *s;
	uint32_t prgdata;
	uint32_t init, uninit, erase_sector, program_page, verify, blank_check, rsp_erase;
	uint32_t szpage, dev_adr;
};

static const Elf32_Shdr *section(const uint8_t *elf, const char *name)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)elf;
	const Elf32_Shdr *sh = (const Elf32_Shdr *)(elf + eh->e_shoff);
	const char *names = (const char *)elf + sh[eh->e_shstrndx].sh_offset;

	for (unsigned i = 0; i < eh->e_shnum; i++)
		if (!strcmp(names + sh[i].sh_name, name))
			return &sh[i];
	return NULL;
}

static uint32_t symbol(const uint8_t *elf, const char *name)
{
	const Elf32_Shdr *symtab = section(elf, ".symtab"), *strtab = section(elf, ".strtab");
	const Elf32_Sym *sym = (const Elf32_Sym *)(elf + symtab->sh_offset);

	for (unsigned i = 0; i < symtab->sh_size / sizeof(*sym); i++)
		if (!strcmp((const char *)elf + strtab->sh_offset + sym[i].st_name, name))
			return sym[i].st_value;
	fail_msg("loader has no symbol %s", name);
	return 0;
}

static void put(struct sim *s, uint32_t addr, const void *data, size_t len)
{
	const uint8_t *p = data;
	for (size_t i = 0; i < len; i++)
		assert_int_equal(sim_bus_write(s, SIM_MASTER_DEBUG, addr + (uint32_t)i, 1, p[i]), SIM_BUS_OK);
}

static void get_window(struct sim *s, uint32_t addr, uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		uint32_t v;
		assert_int_equal(sim_bus_read(s, SIM_MASTER_DEBUG, addr + (uint32_t)i, 1, &v), SIM_BUS_OK);
		buf[i] = (uint8_t)v;
	}
}

/* Loads PrgCode + DevDscr at RAM_CODE (PrgData, if any, right after PrgCode). */
static void load(struct loader_s *l)
{
	const uint8_t *elf = loader_elf_l5_octospi1;
	const Elf32_Shdr *code = section(elf, "PrgCode"), *dev = section(elf, "DevDscr");
	const struct flm_dev_view_s { uint8_t b[160]; } *d;

	assert_non_null(code);
	assert_non_null(dev);
	assert_true(loader_elf_l5_octospi1_size > code->sh_offset + code->sh_size);
	put(l->s, RAM_CODE, elf + code->sh_offset, code->sh_size);
	l->prgdata = RAM_CODE + code->sh_size;
	l->init = symbol(elf, "Init");
	l->uninit = symbol(elf, "UnInit");
	l->erase_sector = symbol(elf, "EraseSector");
	l->program_page = symbol(elf, "ProgramPage");
	l->verify = symbol(elf, "Verify");
	l->blank_check = symbol(elf, "BlankCheck");
	l->rsp_erase = symbol(elf, "RspErase");
	d = (const void *)(elf + dev->sh_offset);
	memcpy(&l->dev_adr, d->b + 132, 4);
	memcpy(&l->szpage, d->b + 140, 4);
	assert_int_equal(sim_bus_write(l->s, SIM_MASTER_DEBUG, RAM_BKPT, 2, 0xBE2A), SIM_BUS_OK);
}

/* One call as a FLM host makes it; returns R0. *ns gets the modeled time it took. */
static uint32_t call(struct loader_s *l, uint32_t fn, uint32_t r0, uint32_t r1, uint32_t r2, uint64_t *ns)
{
	struct sim *s = l->s;
	uint64_t t0 = sim_now_ns(s), t;

	tc_halt_at(s, RAM_CODE + (fn & ~1u));
	tc_set_reg(s, 0, r0);
	tc_set_reg(s, 1, r1);
	tc_set_reg(s, 2, r2);
	tc_set_reg(s, 9, l->prgdata);
	tc_set_reg(s, R_SP, RAM_STACK);
	tc_set_reg(s, 14, RAM_BKPT | 1u);
	tc_set_reg(s, R_XPSR, 1u << 24);
	tc_run(s);
	for (t = 0; t < CALL_LIMIT_NS && !(tc_rd(s, T_DHCSR) & T_S_HALT); t += 10000)
		sim_advance_ns(s, 10000);	/* 10 us: the granularity of *ns */
	assert_true(tc_rd(s, T_DHCSR) & T_S_HALT);
	assert_int_equal(tc_reg(s, R_PC), RAM_BKPT);	/* returned, did not fault */
	if (ns)
		*ns = sim_now_ns(s) - t0;
	return tc_reg(s, R_R0);
}

static uint64_t busy_ns(struct sim *s)
{
	struct sim_stats_s st;
	sim_get_stats(s, &st);
	return st.flash_busy_ns;
}

static int setup(void **state)
{
	struct loader_s *l = calloc(1, sizeof(*l));

	assert_non_null(l);
	l->s = tc_board("stm32l562e-dk");
	tc_halt(l->s);
	load(l);
	*state = l;
	return 0;
}

static int teardown(void **state)
{
	struct loader_s *l = *state;
	sim_destroy(l->s);
	free(l);
	return 0;
}

static void fill(uint8_t *b, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(i * 7 + seed + (i >> 8));
}

static void test_init_maps_the_window(void **state)
{
	struct loader_s *l = *state;
	uint32_t v;

	assert_int_equal(l->dev_adr, WIN);
	assert_int_equal(l->szpage, CHUNK);
	/* before Init the window is a bus error and OCTOSPI1 is not clocked */
	assert_int_equal(sim_bus_read(l->s, SIM_MASTER_DEBUG, WIN, 4, &v), SIM_BUS_ERROR);
	assert_int_equal(tc_rd(l->s, RCC_AHB3ENR) & (1u << 8), 0);
	assert_int_equal(call(l, l->init, WIN, 4000000, 2, NULL), 0);
	assert_true(tc_rd(l->s, RCC_AHB3ENR) & (1u << 8));
	/* the pin table: PC0 is IO7 on AF3, PA3 CLK on AF10, both in alternate-function mode */
	assert_int_equal(tc_rd(l->s, 0x42020800u) & 3u, 2u);
	assert_int_equal(tc_rd(l->s, 0x42020820u) & 0xFu, 3u);
	assert_int_equal(tc_rd(l->s, 0x42020000u) >> 6 & 3u, 2u);
	assert_int_equal(tc_rd(l->s, 0x42020020u) >> 12 & 0xFu, 10u);
	assert_int_equal(tc_rd(l->s, WIN + 0x100), 0xFFFFFFFFu);
	assert_int_equal(call(l, l->uninit, 2, 0, 0, NULL), 0);
	assert_int_equal(tc_rd(l->s, WIN), 0xFFFFFFFFu);	/* still mapped after UnInit */
}

static void test_erase_program_verify(void **state)
{
	struct loader_s *l = *state;
	static uint8_t data[CHUNK], back[CHUNK];
	uint64_t ns, busy, t_pp = spi_nor_mx25lm51245g.t_pp_ns;
	uint32_t base = WIN + 0x10000;

	fill(data, sizeof(data), 3);
	assert_int_equal(call(l, l->init, WIN, 4000000, 1, NULL), 0);
	/* preprogram something so that the erases have something to erase */
	put(l->s, RAM_BUF, data, CHUNK);
	assert_int_equal(call(l, l->program_page, base, CHUNK, RAM_BUF, NULL), 0);
	assert_int_equal(call(l, l->program_page, base + 0x20000, 256, RAM_BUF, NULL), 0);

	busy = busy_ns(l->s);
	assert_int_equal(call(l, l->rsp_erase, base, 0x10000, 0, &ns), 0);
	assert_int_equal(busy_ns(l->s) - busy, spi_nor_mx25lm51245g.t_be_ns);
	print_message("64 KB block erase: %.3f ms modeled (NOR typ %.3f ms)\n", ns / 1e6,
		      spi_nor_mx25lm51245g.t_be_ns / 1e6);
	get_window(l->s, base, back, CHUNK);
	for (size_t i = 0; i < CHUNK; i++)
		assert_int_equal(back[i], 0xFF);
	assert_int_equal(call(l, l->blank_check, base, CHUNK, 0xFF, NULL), 0);

	busy = busy_ns(l->s);
	assert_int_equal(call(l, l->erase_sector, base + 0x20000, 0, 0, &ns), 0);
	assert_int_equal(busy_ns(l->s) - busy, spi_nor_mx25lm51245g.t_se_ns);
	print_message("4 KB sector erase: %.3f ms modeled (NOR typ %.3f ms)\n", ns / 1e6,
		      spi_nor_mx25lm51245g.t_se_ns / 1e6);
	assert_int_equal(tc_rd(l->s, base + 0x20000), 0xFFFFFFFFu);

	busy = busy_ns(l->s);
	assert_int_equal(call(l, l->program_page, base, CHUNK, RAM_BUF, &ns), 0);
	assert_int_equal(busy_ns(l->s) - busy, (CHUNK / 256) * t_pp);	/* 64 NOR pages */
	print_message("ProgramPage 16 KB at the reset clock (MSI 4 MHz): %.3f ms modeled, NOR busy %.3f ms (%.2fx)\n",
		      ns / 1e6, (CHUNK / 256) * t_pp / 1e6,
		      (double)ns / (double)((CHUNK / 256) * t_pp));
	get_window(l->s, base, back, CHUNK);
	assert_memory_equal(back, data, CHUNK);
	assert_int_equal(call(l, l->verify, base, CHUNK, RAM_BUF, NULL), base + CHUNK);
	assert_int_equal(call(l, l->blank_check, base, CHUNK, 0xFF, NULL), 1);
	/* a byte that differs: Verify names its address */
	data[0x1234] ^= 0xFF;
	put(l->s, RAM_BUF + 0x1234, &data[0x1234], 1);
	assert_int_equal(call(l, l->verify, base, CHUNK, RAM_BUF, NULL), base + 0x1234);
}

/* All-0xFF pages are skipped (no NOR busy time); an odd tail is programmed padded with FFh. */
static void test_skip_blank_and_odd_tail(void **state)
{
	struct loader_s *l = *state;
	uint8_t data[600], back[600];
	uint64_t busy;

	memset(data, 0xFF, sizeof(data));
	data[512] = 0x11;
	data[598] = 0x22;
	assert_int_equal(call(l, l->init, WIN, 4000000, 2, NULL), 0);
	put(l->s, RAM_BUF, data, sizeof(data));
	busy = busy_ns(l->s);
	assert_int_equal(call(l, l->program_page, WIN + 0x40000, 599, RAM_BUF, NULL), 0);
	assert_int_equal(busy_ns(l->s) - busy, spi_nor_mx25lm51245g.t_pp_ns);	/* only the third page */
	get_window(l->s, WIN + 0x40000, back, sizeof(back));
	assert_memory_equal(back, data, 599);
	assert_int_equal(back[599], 0xFF);
}

/* A second Init (after an MCU reset the NOR stays in DTR OPI) finds the part and keeps the data. */
static void test_init_again_after_reset(void **state)
{
	struct loader_s *l = *state;
	uint8_t data[256];

	fill(data, sizeof(data), 9);
	assert_int_equal(call(l, l->init, WIN, 4000000, 2, NULL), 0);
	put(l->s, RAM_BUF, data, sizeof(data));
	assert_int_equal(call(l, l->program_page, WIN + 0x50000, 256, RAM_BUF, NULL), 0);
	sim_set_nreset(l->s, true);
	sim_set_nreset(l->s, false);
	tc_halt(l->s);
	load(l);
	assert_int_equal(call(l, l->init, WIN, 4000000, 2, NULL), 0);
	assert_int_equal(call(l, l->verify, WIN + 0x50000, 256, RAM_BUF, NULL), WIN + 0x50100);
}

/* Bad arguments give 1 and touch nothing. */
static void test_bad_arguments(void **state)
{
	struct loader_s *l = *state;
	uint64_t busy;

	assert_int_equal(call(l, l->init, WIN, 4000000, 1, NULL), 0);
	busy = busy_ns(l->s);
	assert_int_equal(call(l, l->rsp_erase, WIN + 0x1000, 0x10000, 0, NULL), 1);	/* not block aligned */
	assert_int_equal(call(l, l->rsp_erase, WIN, 0x8000, 0, NULL), 1);		/* no 32 KB unit */
	assert_int_equal(call(l, l->rsp_erase, WIN + (64u << 20), 0x1000, 0, NULL), 1);	/* past the end */
	assert_int_equal(call(l, l->program_page, WIN + 0x80, 256, RAM_BUF, NULL), 1);	/* not page aligned */
	assert_int_equal(call(l, l->program_page, WIN, CHUNK + 256, RAM_BUF, NULL), 1);	/* over szPage */
	assert_int_equal(busy_ns(l->s), busy);
}

/* The loader's own time per 16 KB at the L5's top clock: close to the NOR's page-program time. */
static void test_program_time_at_110mhz(void **state)
{
	struct loader_s *l = *state;
	static uint8_t data[CHUNK];
	uint64_t ns, t_nor = (CHUNK / 256) * spi_nor_mx25lm51245g.t_pp_ns;

	fill(data, sizeof(data), 5);
	assert_int_equal(call(l, l->init, WIN, 110000000, 2, NULL), 0);
	put(l->s, RAM_BUF, data, CHUNK);
	sim_set_cpu_hz(l->s, 110000000);	/* as a host that raised the clock (RCC) */
	assert_int_equal(call(l, l->program_page, WIN + 0x60000, CHUNK, RAM_BUF, &ns), 0);
	print_message("ProgramPage 16 KB at 110 MHz: %.3f ms modeled, NOR busy %.3f ms (%.3fx)\n", ns / 1e6,
		      t_nor / 1e6, (double)ns / (double)t_nor);
	assert_true(ns < t_nor * 110 / 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_maps_the_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erase_program_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_skip_blank_and_odd_tail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_init_again_after_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_program_time_at_110mhz, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
