// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Monitor commands for looking at code and faults: disasm (capstone, Thumb M-class) and
 * fault (CFSR/HFSR/MMFAR/BFAR decoded bit by bit, ARMv7-M B3.2.15-B3.2.18 and ARMv8-M
 * D1.2; then the instruction at the stacked PC).
 */
#include <capstone/capstone.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/cortexm_debug.h"
#include "src/gdb/monitor.h"

int mon_disasm(struct gdb_s *g, uint32_t addr, unsigned n, uint32_t mark)
{
	csh h;
	cs_insn *insn = NULL;
	uint8_t code[256];
	size_t len = n > sizeof(code) / 4u ? sizeof(code) : n * 4u, count;

	addr &= ~1u;
	if (!gdb_range_fits(addr, len))
		len = (size_t)(0x100000000ull - addr);	/* up to the top of the address space, not around to 0 */
	if (cortexm_read_mem(g->t, addr, code, len))
		return mon_error(g, "disasm: cannot read 0x%08x: %s", addr, cortexm_error(g->t));
	if (cs_open(CS_ARCH_ARM, (cs_mode)(CS_MODE_THUMB | CS_MODE_MCLASS), &h) != CS_ERR_OK)
		return mon_error(g, "disasm: capstone cannot open Thumb M-class mode");
	count = cs_disasm(h, code, len, addr, n, &insn);
	for (size_t i = 0; i < count; i++) {
		char bytes[16] = "";

		for (unsigned b = 0; b < insn[i].size && b < 4; b += 2)
			snprintf(bytes + strlen(bytes), sizeof(bytes) - strlen(bytes), "%02x%02x ",
				 insn[i].bytes[b + 1], insn[i].bytes[b]);
		gdb_console_printf(g, "%s0x%08x: %-10s %s %s\n", insn[i].address == mark ? "=> " : "   ",
			   (uint32_t)insn[i].address, bytes, insn[i].mnemonic, insn[i].op_str);
	}
	if (count < n)
		gdb_console_printf(g, "   0x%08x: (not a valid instruction)\n",
			   count ? (uint32_t)(insn[count - 1].address + insn[count - 1].size) : addr);
	cs_free(insn, count);
	cs_close(&h);
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

struct fault_bit_s {
	unsigned bit;
	const char *name;
	const char *meaning;
};

static const struct fault_bit_s cfsr_bits[] = {
	{ 0, "IACCVIOL", "MemManage: instruction fetch from a no-execute or protected region" },
	{ 1, "DACCVIOL", "MemManage: data access violation (address in MMFAR if MMARVALID)" },
	{ 3, "MUNSTKERR", "MemManage: fault while unstacking on exception return" },
	{ 4, "MSTKERR", "MemManage: fault while stacking on exception entry" },
	{ 5, "MLSPERR", "MemManage: fault during lazy FP state preservation" },
	{ 7, "MMARVALID", "MMFAR holds the faulting address" },
	{ 8, "IBUSERR", "BusFault: instruction fetch bus error" },
	{ 9, "PRECISERR", "BusFault: precise data bus error (address in BFAR if BFARVALID)" },
	{ 10, "IMPRECISERR", "BusFault: imprecise data bus error (the stacked PC is later than the access)" },
	{ 11, "UNSTKERR", "BusFault: bus error while unstacking" },
	{ 12, "STKERR", "BusFault: bus error while stacking" },
	{ 13, "LSPERR", "BusFault: bus error during lazy FP state preservation" },
	{ 15, "BFARVALID", "BFAR holds the faulting address" },
	{ 16, "UNDEFINSTR", "UsageFault: undefined instruction" },
	{ 17, "INVSTATE", "UsageFault: invalid state (EPSR.T = 0: a branch to an even address?)" },
	{ 18, "INVPC", "UsageFault: invalid EXC_RETURN or PC load" },
	{ 19, "NOCP", "UsageFault: coprocessor access while disabled (FPU off in CPACR?)" },
	{ 20, "STKOF", "UsageFault: stack overflow (v8-M stack limit)" },
	{ 24, "UNALIGNED", "UsageFault: unaligned access with CCR.UNALIGN_TRP set" },
	{ 25, "DIVBYZERO", "UsageFault: divide by zero with CCR.DIV_0_TRP set" },
};

static const struct fault_bit_s hfsr_bits[] = {
	{ 1, "VECTTBL", "HardFault: bus fault on a vector table read" },
	{ 30, "FORCED", "HardFault: escalated from a configurable fault (see CFSR)" },
	{ 31, "DEBUGEVT", "HardFault: debug event while halting debug was off" },
};

static void show_bits(struct gdb_s *g, const char *reg, uint32_t val, const struct fault_bit_s *bits, size_t n)
{
	gdb_console_printf(g, "%s = 0x%08x\n", reg, val);
	for (size_t i = 0; i < n; i++)
		if (val & (1u << bits[i].bit))
			gdb_console_printf(g, "  bit %2u %-12s %s\n", bits[i].bit, bits[i].name, bits[i].meaning);
}

/* The PC stacked by the exception entry, when the core is in a handler. */
static int stacked_pc(struct gdb_s *g, uint32_t *pc)
{
	uint32_t xpsr, lr, sp;

	if (cortexm_read_reg(g->t, CORTEXM_XPSR, &xpsr) || (xpsr & 0x1FFu) == 0)
		return -1;
	if (cortexm_read_reg(g->t, CORTEXM_LR, &lr) || (lr & 0xFF000000u) != 0xFF000000u)
		return -1;
	if (cortexm_read_reg(g->t, (lr & 4u) ? CORTEXM_PSP : CORTEXM_MSP, &sp))
		return -1;
	gdb_console_printf(g, "in exception %u; EXC_RETURN 0x%08x, frame on %s at 0x%08x\n", xpsr & 0x1FFu, lr,
		   (lr & 4u) ? "PSP" : "MSP", sp);
	return cortexm_read_u32(g->t, sp + 24u, pc);
}

static int cmd_fault(struct gdb_s *g, int argc, char **argv)
{
	uint32_t cfsr, hfsr, mmfar, bfar, pc;

	if (cortexm_read_u32(g->t, SCS_CFSR_ADDR, &cfsr) || cortexm_read_u32(g->t, SCS_HFSR_ADDR, &hfsr) ||
	    cortexm_read_u32(g->t, SCS_MMFAR_ADDR, &mmfar) || cortexm_read_u32(g->t, SCS_BFAR_ADDR, &bfar))
		return mon_error(g, "fault: cannot read the fault status registers: %s", cortexm_error(g->t));
	show_bits(g, "CFSR", cfsr, cfsr_bits, sizeof(cfsr_bits) / sizeof(cfsr_bits[0]));
	show_bits(g, "HFSR", hfsr, hfsr_bits, sizeof(hfsr_bits) / sizeof(hfsr_bits[0]));
	if (cfsr & (1u << 7))
		gdb_console_printf(g, "MMFAR = 0x%08x (faulting data address)\n", mmfar);
	if (cfsr & (1u << 15))
		gdb_console_printf(g, "BFAR  = 0x%08x (faulting bus address)\n", bfar);
	if (!cfsr && !hfsr)
		gdb_console_printf(g, "no fault recorded\n");
	if (!g->t->halted) {
		gdb_console_printf(g, "(the core is running: halt it to see the faulting instruction)\n");
		return 0;
	}
	if (stacked_pc(g, &pc) == 0)
		gdb_console_printf(g, "faulting instruction (stacked PC 0x%08x):\n", pc);
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
