/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A minimal host for loader tests (CMSIS FLM and ST .stldr) on a virtual board, until the
 * runner in flash/loader/ serves them: loads the ELF's allocated sections (at their link
 * address plus bias), then calls one entry point at a time the way a host does: R0..R3
 * the arguments, R9 the static base, SP a 1 KB stack, LR a BKPT; the call ends when the
 * core halts on it. Everything goes through the debugger's view (test_core_util.h).
 */
#ifndef TESTS_UNIT_FLM_HARNESS_H
#define TESTS_UNIT_FLM_HARNESS_H

#include <gelf.h>
#include <libelf.h>
#include <string.h>

#include "test_core_util.h"

struct flmh_s {
	struct sim *s;
	Elf *elf;
	uint32_t bias;		/* load address - link address */
	uint32_t sb;		/* R9: PrgData (or the end of the image) */
	uint32_t bkpt;		/* LR: a BKPT; the stack lies above it */
	uint64_t ns;		/* modeled time of the last call (core cycles / clock) */
	uint64_t busy_ns;	/* flash busy time during the last call */
};

/* Load image (kept by the caller) at its link address + bias; BKPT and stack at scratch. */
static inline void flmh_load(struct flmh_s *h, struct sim *s, const void *image, size_t len, uint32_t bias,
			     uint32_t scratch)
{
	static const uint8_t bkpt[4] = { 0x00, 0xBE, 0x00, 0xBE };
	char err[200] = "";
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	size_t shstr;
	uint32_t prgdata = 0, end = 0;

	*h = (struct flmh_s){ .s = s, .bias = bias, .bkpt = scratch };
	assert_int_not_equal(elf_version(EV_CURRENT), EV_NONE);
	h->elf = elf_memory((char *)image, len);
	assert_non_null(h->elf);
	assert_int_equal(elf_getshdrstrndx(h->elf, &shstr), 0);
	while ((scn = elf_nextscn(h->elf, scn)) && gelf_getshdr(scn, &sh)) {
		Elf_Data *d = elf_getdata(scn, NULL);
		const char *name = elf_strptr(h->elf, shstr, sh.sh_name);
		uint32_t at = (uint32_t)sh.sh_addr + bias, size = (uint32_t)sh.sh_size;
		if (!(sh.sh_flags & SHF_ALLOC) || !size || !strcmp(name, "DevDscr"))
			continue;	/* DevDscr is read by the host, not loaded */
		prgdata = strcmp(name, "PrgData") ? prgdata : at;
		end = at + size > end ? at + size : end;
		if (sh.sh_type == SHT_NOBITS)
			for (uint32_t i = 0; i < size; i += 4)
				tc_wr(s, at + i, 0);
		else if (sim_preload(s, at, d->d_buf, d->d_size, err, sizeof(err)))
			fail_msg("loading %s: %s", name, err);
	}
	h->sb = prgdata ? prgdata : end;
	assert_int_equal(sim_preload(s, scratch, bkpt, sizeof(bkpt), err, sizeof(err)), 0);
	tc_halt(s);
}

/* A symbol's address after loading (0 when absent). */
static inline uint32_t flmh_sym(const struct flmh_s *h, const char *name)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	GElf_Sym sym;

	while ((scn = elf_nextscn(h->elf, scn)) && gelf_getshdr(scn, &sh)) {
		Elf_Data *d = elf_getdata(scn, NULL);
		if (sh.sh_type != SHT_SYMTAB)
			continue;
		for (size_t i = 0; i < sh.sh_size / sh.sh_entsize && gelf_getsym(d, (int)i, &sym); i++)
			if (!strcmp(elf_strptr(h->elf, sh.sh_link, sym.st_name), name))
				return (uint32_t)sym.st_value + h->bias;
	}
	return 0;
}

/* Call fn(a0..a3); fails the test if it does not return within max_ns. Returns R1:R0. */
static inline uint64_t flmh_call(struct flmh_s *h, const char *fn, uint32_t a0, uint32_t a1, uint32_t a2,
				 uint32_t a3, uint64_t max_ns)
{
	uint32_t entry = flmh_sym(h, fn), args[] = { a0, a1, a2, a3, h->sb, h->bkpt + 0x408, h->bkpt | 1 };
	static const unsigned regs[] = { 0, 1, 2, 3, 9, R_SP, 14 };
	struct sim_stats_s st0, st1;
	uint64_t t = 0, step = 100000;

	if (!entry)
		fail_msg("no entry point %s", fn);
	for (unsigned r = 0; r < 7; r++)
		tc_set_reg(h->s, regs[r], args[r]);
	tc_set_reg(h->s, R_XPSR, 1u << 24);
	tc_set_reg(h->s, R_PC, entry & ~1u);
	tc_wr(h->s, T_DFSR, 0x1F);
	sim_get_stats(h->s, &st0);
	tc_run(h->s);
	for (; t < max_ns && !(tc_rd(h->s, T_DHCSR) & T_S_HALT); t += step, step += step < 100000000 ? step : 0)
		sim_advance_ns(h->s, step);
	if (!(tc_rd(h->s, T_DHCSR) & T_S_HALT) || tc_reg(h->s, R_PC) != h->bkpt) {
		uint32_t dhcsr = tc_rd(h->s, T_DHCSR);
		tc_halt(h->s);
		fail_msg("%s did not return: DHCSR 0x%08x pc 0x%08x CFSR 0x%08x", fn, dhcsr, tc_reg(h->s, R_PC),
			 tc_rd(h->s, T_CFSR));
	}
	sim_get_stats(h->s, &st1);
	uint64_t cycles = st1.instructions - st0.instructions;
	h->ns = cycles / st1.cpu_hz * 1000000000ull + cycles % st1.cpu_hz * 1000000000ull / st1.cpu_hz;
	h->busy_ns = st1.flash_busy_ns - st0.flash_busy_ns;
	return tc_reg(h->s, R_R0) | (uint64_t)tc_reg(h->s, 1) << 32;
}

static inline void flmh_end(struct flmh_s *h)
{
	elf_end(h->elf);
}

#endif
