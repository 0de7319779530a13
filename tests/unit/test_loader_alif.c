// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Alif E7 OSPI1 loaders run on the virtual alif-e7 board: the built-in one
 * (flash/loaders/alif_ospi1.c, octal DDR, embedded as loader_elf_alif_ospi1) and the user
 * FLM the tests build (tests/loaders/flm/alif_user_flm.c, 1-1-1). A small host lives here:
 * it places an FLM's allocated sections in ITCM, sets R9/SP/LR/R0..R3 through the debug
 * registers and runs one entry point until the core halts on the return BKPT, as the
 * loader runner (flash/loader/) does; that runner replaces this harness later.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_fixture.h"
#include "test_core_util.h"
#include "flash/loaders/flm_abi.h"
#include "sim/periph/dw_ospi.h"

extern const uint8_t loader_elf_alif_ospi1[];
extern const size_t loader_elf_alif_ospi1_size;

#define XIP ALIF_OSPI1_XIP_BASE
#define BKPT_ADDR 0x00000000u	/* ITCM: bkpt #0 */
#define LOAD_BASE 0x00000100u	/* ITCM: the FLM's sections */
#define STACK_TOP 0x20001000u	/* DTCM, 4 KB */
#define STACK_TOP2 0x20008000u	/* DTCM: a stack with a canary below it */
#define BUF 0x20010000u		/* DTCM: page buffer */
#define R_R9 0x09u
#define R_LR 0x0Eu
#define XPSR_T (1u << 24)

struct flm_s {
	uint8_t *elf;
	size_t size;
	uint32_t static_base;	/* PrgData as placed (R9) */
};

static const Elf32_Shdr *shdr(const struct flm_s *f, unsigned i)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)f->elf;
	return (const Elf32_Shdr *)(f->elf + eh->e_shoff + (size_t)i * eh->e_shentsize);
}

/* Address of a symbol as placed, 0 when the FLM lacks it. */
static uint32_t flm_sym(const struct flm_s *f, const char *name)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)f->elf;

	for (unsigned i = 0; i < eh->e_shnum; i++) {
		const Elf32_Shdr *sh = shdr(f, i);
		if (sh->sh_type != SHT_SYMTAB)
			continue;
		const Elf32_Sym *sym = (const Elf32_Sym *)(f->elf + sh->sh_offset);
		const char *str = (const char *)f->elf + shdr(f, sh->sh_link)->sh_offset;
		for (unsigned k = 0; k < sh->sh_size / sizeof(*sym); k++)
			if (sym[k].st_name && !strcmp(str + sym[k].st_name, name))
				return LOAD_BASE + (sym[k].st_value & ~1u);
	}
	return 0;
}

/* Places every allocated section at LOAD_BASE + its link address; R9 = PrgData. */
static void flm_place(struct sim *s, struct flm_s *f)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)f->elf;
	const char *names = (const char *)f->elf + shdr(f, eh->e_shstrndx)->sh_offset;
	char err[200];

	assert_memory_equal(f->elf, ELFMAG, SELFMAG);
	f->static_base = 0;
	for (unsigned i = 0; i < eh->e_shnum; i++) {
		const Elf32_Shdr *sh = shdr(f, i);
		if (!(sh->sh_flags & SHF_ALLOC) || !sh->sh_size)
			continue;
		if (sh->sh_type == SHT_NOBITS) {
			uint8_t *z = calloc(1, sh->sh_size);
			assert_int_equal(sim_preload(s, LOAD_BASE + sh->sh_addr, z, sh->sh_size, err, sizeof(err)), 0);
			free(z);
		} else {
			assert_int_equal(sim_preload(s, LOAD_BASE + sh->sh_addr, f->elf + sh->sh_offset, sh->sh_size,
						     err, sizeof(err)), 0);
		}
		if (!strcmp(names + sh->sh_name, "PrgData"))
			f->static_base = LOAD_BASE + sh->sh_addr;
	}
	if (!f->static_base)
		f->static_base = LOAD_BASE;
}

struct call_s {
	bool returned;		/* halted on the return BKPT */
	uint32_t pc;
	uint32_t r0;
	uint64_t ns;		/* modeled time of the call */
	uint64_t busy_ns;	/* flash busy time in it */
};

static void stats(struct sim *s, uint64_t *now, uint64_t *busy)
{
	struct sim_stats_s st;
	sim_get_stats(s, &st);
	*now = st.time_ns;
	*busy = st.flash_busy_ns;
}

/* Runs fn(a0, a1, a2) with the stack at sp until the core halts or max_ms pass; c.returned
 * when it halted on the return BKPT. Modeled time advances in steps of STEP_US, the
 * resolution of the times measured. */
#define STEP_US 10u
static struct call_s flm_run(struct sim *s, const struct flm_s *f, const char *fn, uint32_t a0, uint32_t a1,
			     uint32_t a2, uint32_t sp, uint64_t max_ms)
{
	uint32_t pc = flm_sym(f, fn);
	struct call_s c = { 0 };
	uint64_t t0, b0, t1, b1;

	assert_int_not_equal(pc, 0);
	tc_halt_at(s, pc);
	tc_set_reg(s, R_R0, a0);
	tc_set_reg(s, 1, a1);
	tc_set_reg(s, R_R2, a2);
	tc_set_reg(s, R_R9, f->static_base);
	tc_set_reg(s, R_SP, sp);
	tc_set_reg(s, R_LR, BKPT_ADDR | 1u);
	tc_set_reg(s, R_XPSR, XPSR_T);
	stats(s, &t0, &b0);
	tc_run(s);
	for (uint64_t us = 0; !(tc_rd(s, T_DHCSR) & T_S_HALT) && us <= max_ms * 1000u; us += STEP_US)
		tc_us(s, STEP_US);
	stats(s, &t1, &b1);
	if (!(tc_rd(s, T_DHCSR) & T_S_HALT))
		tc_halt(s);
	c.pc = tc_reg(s, R_PC);
	c.returned = c.pc == BKPT_ADDR;
	c.r0 = tc_reg(s, R_R0);
	c.ns = t1 - t0;
	c.busy_ns = b1 - b0;
	return c;
}

/* A call that must return within max_ms. */
static struct call_s flm_call(struct sim *s, const struct flm_s *f, const char *fn, uint32_t a0, uint32_t a1,
			      uint32_t a2, uint64_t max_ms)
{
	struct call_s c = flm_run(s, f, fn, a0, a1, a2, STACK_TOP, max_ms);

	if (!c.returned)
		fail_msg("%s: no return within %llu ms, PC 0x%08x", fn, (unsigned long long)max_ms, c.pc);
	return c;
}

static struct sim *board(void)
{
	struct sim *s = fixture_board("alif-e7");
	static const uint8_t bkpt[4] = { 0x00, 0xBE, 0x00, 0xBE };
	char err[200];

	assert_int_not_equal(swdh_connect(s), 0);
	tc_halt(s);
	assert_int_equal(sim_preload(s, BKPT_ADDR, bkpt, sizeof(bkpt), err, sizeof(err)), 0);
	return s;
}

static void fill(uint8_t *p, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)((i * 7u + seed) ^ (i >> 8));
}

static void put_buf(struct sim *s, const uint8_t *p, size_t n)
{
	char err[200];
	assert_int_equal(sim_preload(s, BUF, p, n, err, sizeof(err)), 0);
}

/* The window read as the debugger sees it (XIP must be on). */
static void window(struct sim *s, uint32_t addr, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i += 4) {
		uint32_t v = 0;
		assert_int_equal(sim_bus_read(s, SIM_MASTER_DEBUG, addr + (uint32_t)i, 4, &v), SIM_BUS_OK);
		sim_le_put(out + i, 4, v);
	}
}

static struct spi_nor_s *nor(struct sim *s)
{
	return &((struct dw_ospi_s *)sim_model_ctx(s, "ospi"))->nor;
}

/* ---- the built-in loader ---- */

struct builtin_s {
	struct sim *s;
	struct flm_s f;
};

static int builtin_setup(void **state)
{
	struct builtin_s *b = calloc(1, sizeof(*b));

	b->s = board();
	b->f.size = loader_elf_alif_ospi1_size;
	b->f.elf = malloc(b->f.size);
	memcpy(b->f.elf, loader_elf_alif_ospi1, b->f.size);
	flm_place(b->s, &b->f);
	*state = b;
	return 0;
}

static int builtin_teardown(void **state)
{
	struct builtin_s *b = *state;
	sim_destroy(b->s);
	free(b->f.elf);
	free(b);
	return 0;
}

static void test_builtin_descriptor(void **state)
{
	struct builtin_s *b = *state;
	uint32_t dev = flm_sym(&b->f, "FlashDevice") - LOAD_BASE;
	const uint8_t *d = b->f.elf;
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)d;

	/* DevDscr holds FlashDevice; find its file offset through the section table */
	for (unsigned i = 0; i < eh->e_shnum; i++) {
		const Elf32_Shdr *sh = shdr(&b->f, i);
		if ((sh->sh_flags & SHF_ALLOC) && dev >= sh->sh_addr && dev < sh->sh_addr + sh->sh_size) {
			const uint8_t *fd = d + sh->sh_offset + (dev - sh->sh_addr);
			assert_int_equal(sim_le_get(fd + 132, 4), XIP);			/* DevAdr */
			assert_int_equal(sim_le_get(fd + 136, 4), 32u << 20);		/* szDev */
			assert_int_equal(sim_le_get(fd + 140, 4), 0x4000);		/* szPage */
			assert_int_equal(fd[148], 0xFF);				/* valEmpty */
			assert_int_equal(sim_le_get(fd + 160, 4), 4096);		/* 4 KB sectors */
			assert_int_equal(sim_le_get(fd + 168, 4), 0xFFFFFFFF);
			/* the block size the loader erases is the model's block size */
			return;
		}
	}
	fail_msg("FlashDevice not in an allocated section");
}

static void test_builtin_cycle(void **state)
{
	struct builtin_s *b = *state;
	struct sim *s = b->s;
	static uint8_t data[0x4000], back[0x4000], old[0x2000];
	uint32_t sizes = flm_sym(&b->f, "RspEraseSizes"), v = 0;
	struct call_s c;
	char err[200];

	/* the erase units the loader declares agree with the model's part */
	assert_int_equal(tc_rd(s, sizes), spi_nor_is25wx256.block_size);
	assert_int_equal(tc_rd(s, sizes + 4), 4096);
	assert_int_equal(tc_rd(s, sizes + 8), 0);
	assert_int_equal(tc_rd(s, flm_sym(&b->f, "RspFlags")), 1);

	/* old content: a 128 KB block and the sector after it */
	fill(old, sizeof(old), 0x5A);
	for (uint32_t a = 0; a < 0x22000; a += sizeof(old))
		assert_int_equal(sim_preload(s, XIP + a, old, sizeof(old), err, sizeof(err)), 0);

	c = flm_call(s, &b->f, "Init", XIP, 0, FLM_FNC_PROGRAM, 10);
	assert_int_equal(c.r0, 0);
	assert_int_equal(nor(s)->proto, SPI_NOR_PROTO_8D);
	assert_int_equal(nor(s)->vcr[1], 16);
	assert_int_equal(sim_bus_read(s, SIM_MASTER_DEBUG, XIP, 4, &v), SIM_BUS_OK);	/* XIP on */
	assert_int_equal(v, sim_le_get(old, 4));

	c = flm_call(s, &b->f, "RspErase", XIP, 128u << 10, 0, 2000);
	assert_int_equal(c.r0, 0);
	assert_int_equal(c.busy_ns, spi_nor_is25wx256.t_be_ns);
	print_message("RspErase 128 KB: %.3f ms modeled (block erase %.3f ms)\n", c.ns / 1e6,
		      spi_nor_is25wx256.t_be_ns / 1e6);
	assert_true(c.ns < spi_nor_is25wx256.t_be_ns * 101 / 100);
	c = flm_call(s, &b->f, "EraseSector", XIP + 0x21000, 0, 0, 1000);
	assert_int_equal(c.r0, 0);
	assert_int_equal(c.busy_ns, spi_nor_is25wx256.t_se_ns);
	print_message("EraseSector 4 KB: %.3f ms modeled (sector erase %.3f ms)\n", c.ns / 1e6,
		      spi_nor_is25wx256.t_se_ns / 1e6);
	c = flm_call(s, &b->f, "BlankCheck", XIP, 0x20000, 0xFF, 100);
	assert_int_equal(c.r0, 0);
	window(s, XIP + 0x20000, back, 0x1000);		/* untouched: the sector after the block */
	assert_memory_equal(back, old, 0x1000);
	c = flm_call(s, &b->f, "BlankCheck", XIP + 0x20000, 0x2000, 0xFF, 100);
	assert_int_equal(c.r0, 1);

	/* 16 KB: 64 NOR pages, one all 0xFF (skipped) */
	fill(data, sizeof(data), 3);
	memset(data + 0x300, 0xFF, 0x100);
	put_buf(s, data, sizeof(data));
	c = flm_call(s, &b->f, "ProgramPage", XIP + 0x4000, sizeof(data), BUF, 100);
	assert_int_equal(c.r0, 0);
	assert_int_equal(c.busy_ns, 63 * spi_nor_is25wx256.t_pp_ns);
	print_message("ProgramPage 16 KB (63 NOR pages): %.3f ms modeled, NOR busy %.3f ms\n", c.ns / 1e6,
		      c.busy_ns / 1e6);
	assert_true(c.ns < c.busy_ns * 105 / 100);
	window(s, XIP + 0x4000, back, sizeof(back));
	assert_memory_equal(back, data, sizeof(data));
	c = flm_call(s, &b->f, "Verify", XIP + 0x4000, sizeof(data), BUF, 100);
	assert_int_equal(c.r0, XIP + 0x4000 + sizeof(data));
	data[0x1234] ^= 0x10;
	put_buf(s, data, sizeof(data));
	c = flm_call(s, &b->f, "Verify", XIP + 0x4000, sizeof(data), BUF, 100);
	assert_int_equal(c.r0, XIP + 0x4000 + 0x1234);

	/* a second session: the flash is already in octal DDR */
	c = flm_call(s, &b->f, "Init", XIP, 0, FLM_FNC_ERASE, 10);
	assert_int_equal(c.r0, 0);
	window(s, XIP + 0x4000, back, 0x100);
	assert_memory_equal(back, data, 0x100);
	c = flm_call(s, &b->f, "UnInit", FLM_FNC_PROGRAM, 0, 0, 10);
	assert_int_equal(c.r0, 0);
	assert_int_equal(nor(s)->ignored_wel + nor(s)->ignored_busy, 0);
}

/* Bad arguments fail with 1, change nothing, and leave XIP on. */
static void test_builtin_bad_args(void **state)
{
	struct builtin_s *b = *state;
	struct sim *s = b->s;
	static uint8_t old[0x2000], back[0x2000];
	uint64_t busy0, busy1, now;
	char err[200];

	fill(old, sizeof(old), 9);
	assert_int_equal(sim_preload(s, XIP, old, sizeof(old), err, sizeof(err)), 0);
	put_buf(s, old, sizeof(old));
	assert_int_equal(flm_call(s, &b->f, "Init", XIP, 0, FLM_FNC_ERASE, 10).r0, 0);
	stats(s, &now, &busy0);
	assert_int_equal(flm_call(s, &b->f, "RspErase", XIP, 64u << 10, 0, 10).r0, 1);	/* no 64 KB unit */
	assert_int_equal(flm_call(s, &b->f, "RspErase", XIP + 0x1000, 128u << 10, 0, 10).r0, 1);
	assert_int_equal(flm_call(s, &b->f, "EraseSector", XIP + (32u << 20), 0, 0, 10).r0, 1);
	assert_int_equal(flm_call(s, &b->f, "ProgramPage", XIP + 0x80, 0x100, BUF, 10).r0, 1);
	assert_int_equal(flm_call(s, &b->f, "ProgramPage", XIP + (32u << 20) - 0x100, 0x200, BUF, 10).r0, 1);
	stats(s, &now, &busy1);
	assert_int_equal(busy1, busy0);			/* no program or erase started */
	window(s, XIP, back, sizeof(back));		/* and XIP is still on */
	assert_memory_equal(back, old, sizeof(old));
}

/* ---- the user FLM (tests/loaders/flm/alif_user_flm.c) and its broken variants ---- */

static struct flm_s user_flm(struct sim *s, const char *name)
{
	char path[200];
	struct flm_s f = { 0 };
	FILE *fp;
	long n;

	snprintf(path, sizeof(path), "tests/loaders/%s.flm", name);	/* built by tests/loaders/flm.mk */
	fp = fopen(path, "rb");
	if (!fp)
		fail_msg("%s: not built (make check builds it)", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	f.size = (size_t)n;
	f.elf = malloc(f.size);
	assert_int_equal(fread(f.elf, 1, f.size, fp), f.size);
	fclose(fp);
	flm_place(s, &f);
	return f;
}

static int board_setup(void **state)
{
	*state = board();
	return 0;
}

static int board_teardown(void **state)
{
	sim_destroy(*state);
	return 0;
}

static void test_user_flm(void **state)
{
	struct sim *s = *state;
	struct flm_s f = user_flm(s, "alif_user");
	static uint8_t data[0x100], back[0x100], old[0x1000];
	struct call_s c;
	char err[200];

	/* a flash left in octal DDR (the boot ROM, another tool): the FLM resets it to SPI */
	nor(s)->proto = SPI_NOR_PROTO_8D;
	nor(s)->vcr[0] = 0xE7;
	fill(old, sizeof(old), 1);
	assert_int_equal(sim_preload(s, XIP + 0x10000, old, sizeof(old), err, sizeof(err)), 0);
	fill(data, sizeof(data), 77);
	put_buf(s, data, sizeof(data));

	assert_int_equal(flm_call(s, &f, "Init", XIP, 0, FLM_FNC_PROGRAM, 10).r0, 0);
	assert_int_equal(nor(s)->proto, SPI_NOR_PROTO_1S);
	c = flm_call(s, &f, "EraseSector", XIP + 0x10000, 0, 0, 1000);
	assert_int_equal(c.r0, 0);
	assert_int_equal(c.busy_ns, spi_nor_is25wx256.t_se_ns);
	assert_int_equal(flm_call(s, &f, "BlankCheck", XIP + 0x10000, 0x1000, 0xFF, 100).r0, 0);
	c = flm_call(s, &f, "ProgramPage", XIP + 0x10000, sizeof(data), BUF, 100);
	assert_int_equal(c.r0, 0);
	assert_int_equal(c.busy_ns, 2 * spi_nor_is25wx256.t_pp_ns);	/* two 128-byte programs */
	assert_int_equal(flm_call(s, &f, "Verify", XIP + 0x10000, sizeof(data), BUF, 100).r0,
			 XIP + 0x10000 + sizeof(data));
	assert_int_equal(flm_call(s, &f, "BlankCheck", XIP + 0x10000, 0x1000, 0xFF, 100).r0, 1);
	assert_int_equal(flm_call(s, &f, "UnInit", FLM_FNC_PROGRAM, 0, 0, 10).r0, 0);
	window(s, XIP + 0x10000, back, sizeof(back));	/* UnInit maps the flash */
	assert_memory_equal(back, data, sizeof(data));
	free(f.elf);
}

/* Each broken variant breaks the way the loader-failure tests expect. */
static void test_user_flm_broken(void **state)
{
	struct sim *s = *state;
	struct flm_s f;
	struct call_s c;
	uint8_t canary[0x1000];
	char err[200];

	f = user_flm(s, "alif_broken_noentry");
	assert_int_equal(flm_sym(&f, "ProgramPage"), 0);
	assert_int_not_equal(flm_sym(&f, "EraseSector"), 0);
	free(f.elf);

	f = user_flm(s, "alif_broken_fail");
	assert_int_equal(flm_call(s, &f, "Init", XIP, 0, FLM_FNC_ERASE, 10).r0, 0);
	assert_int_equal(flm_call(s, &f, "EraseSector", XIP, 0, 0, 10).r0, 1);
	free(f.elf);

	f = user_flm(s, "alif_broken_hang");
	c = flm_run(s, &f, "Init", XIP, 0, FLM_FNC_ERASE, STACK_TOP, 5);
	assert_false(c.returned);
	assert_in_range(c.pc, flm_sym(&f, "Init"), flm_sym(&f, "Init") + 0x20);
	free(f.elf);

	f = user_flm(s, "alif_broken_fault");
	assert_int_equal(flm_call(s, &f, "Init", XIP, 0, FLM_FNC_PROGRAM, 10).r0, 0);
	c = flm_run(s, &f, "ProgramPage", XIP, 0x100, BUF, STACK_TOP, 5);
	assert_false(c.returned);
	assert_int_equal(tc_rd(s, T_BFAR), 0x30000000);
	assert_true(tc_rd(s, T_CFSR) & 0x8200u);	/* BFARVALID | PRECISERR */
	free(f.elf);

	/* 4 KB of stack and a 4 KB canary below it: ProgramPage's 6 KB frame runs into it */
	f = user_flm(s, "alif_broken_stack");
	memset(canary, 0xA5, sizeof(canary));
	assert_int_equal(sim_preload(s, STACK_TOP2 - 0x2000, canary, sizeof(canary), err, sizeof(err)), 0);
	assert_int_equal(flm_call(s, &f, "Init", XIP, 0, FLM_FNC_PROGRAM, 10).r0, 0);
	c = flm_run(s, &f, "ProgramPage", XIP, 0x100, BUF, STACK_TOP2, 10);
	assert_true(c.returned);
	for (uint32_t a = STACK_TOP2 - 0x2000; a < STACK_TOP2 - 0x1000; a += 4)
		if (tc_rd(s, a) != 0xA5A5A5A5u)
			break;
		else if (a + 4 == STACK_TOP2 - 0x1000)
			fail_msg("the canary below the stack is intact");
	free(f.elf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_builtin_descriptor, builtin_setup, builtin_teardown),
		cmocka_unit_test_setup_teardown(test_builtin_cycle, builtin_setup, builtin_teardown),
		cmocka_unit_test_setup_teardown(test_builtin_bad_args, builtin_setup, builtin_teardown),
		cmocka_unit_test_setup_teardown(test_user_flm, board_setup, board_teardown),
		cmocka_unit_test_setup_teardown(test_user_flm_broken, board_setup, board_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
