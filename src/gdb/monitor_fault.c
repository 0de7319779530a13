// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Monitor commands for looking at code and faults: disasm (capstone, Thumb M-class) and
 * fault (CFSR/HFSR/MMFAR/BFAR decoded bit by bit, ARMv7-M B3.2.15-B3.2.18 and ARMv8-M
 * D1.2; the exception the core is in and those pending, cortexm_exc.h; then the
 * instruction at the stacked PC).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/cortexm_debug.h"
#include "src/gdb/monitor.h"
#include "src/target/cortexm_exc.h"
#include "src/target/cortexm_fault.h"

int mon_disasm(struct gdb_s *g, uint32_t addr, unsigned n, uint32_t mark)
{
	char text[64 * 80];

	if (cortexm_disasm(g->t, addr, n, mark, text, sizeof(text)))
		return mon_error(g, "disasm: cannot read 0x%08x: %s", addr & ~1u, cortexm_error(g->t));
	gdb_console_printf(g, "%s", text);
	return 0;
}

static int cmd_disasm(struct gdb_s *g, int argc, char **argv)
{
	uint32_t addr, n = 8, pc = 0xFFFFFFFFu;

	if (argc < 1)
		return mon_error(g, "usage: disasm ADDR [N]");
	if (mon_parse_u32(g, argv[0], "disasm", &addr) || (argc == 2 && mon_parse_u32(g, argv[1], "disasm", &n)))
		return -1;
	if (n == 0 || n > 64)
		return mon_error(g, "disasm: N must be 1..64");
	if (g->t->halted)
		cortexm_read_reg(g->t, CORTEXM_PC, &pc);
	return mon_disasm(g, addr, n, pc);
}

static int cmd_fault(struct gdb_s *g, int argc, char **argv)
{
	struct cortexm_fault_s fs;
	struct cortexm_exc_state_s st;
	char text[2048], where[96];
	uint32_t pc;

	(void)argc;
	(void)argv;
	if (cortexm_fault_read(g->t, &fs))
		return mon_error(g, "fault: cannot read the fault status registers: %s", cortexm_error(g->t));
	cortexm_fault_describe(&fs, text, sizeof(text));
	gdb_console_printf(g, "%s", text);
	if (!g->t->halted) {
		gdb_console_printf(g, "(the core is running: halt it to see the faulting instruction)\n");
		return 0;
	}
	if (cortexm_exc_state_read(g->t, &st) == 0) {
		cortexm_exc_state_describe(g->t, &st, text, sizeof(text));
		gdb_console_printf(g, "%s", text);
	}
	if (cortexm_fault_stacked_pc(g->t, &pc, where, sizeof(where)) == 0)
		gdb_console_printf(g, "%s\nfaulting instruction (stacked PC 0x%08x):\n", where, pc);
	else if (cortexm_read_reg(g->t, CORTEXM_PC, &pc) == 0)
		gdb_console_printf(g, "not in an exception handler; instruction at the PC (0x%08x):\n", pc);
	else
		return 0;
	/* The decode above is the answer; an unreadable instruction does not make it fail. */
	if (mon_disasm(g, pc, 1, pc))
		gdb_console_printf(g, "   (no instruction can be read at 0x%08x)\n", pc);
	return 0;
}

const struct mon_cmd_s mon_cmds_debug[] = {
	{ "disasm", "ADDR [N]", 2, "disassemble N Thumb instructions (1..64, default 8)", cmd_disasm },
	{ "fault", "", 0, "decode CFSR/HFSR/MMFAR/BFAR and show the faulting instruction", cmd_fault },
	{ NULL, NULL, 0, NULL, NULL },
};
