// SPDX-License-Identifier: GPL-2.0-or-later
/* Faults and code as text (cortexm_fault.h). */
#include <capstone/capstone.h>
#include <stdio.h>
#include <string.h>

#include "arch/cortexm_debug.h"
#include "src/target/cortexm_fault.h"

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

int cortexm_fault_read(struct cortexm_s *t, struct cortexm_fault_s *fs)
{
	return cortexm_read_u32(t, SCS_CFSR_ADDR, &fs->cfsr) || cortexm_read_u32(t, SCS_HFSR_ADDR, &fs->hfsr) ||
	       cortexm_read_u32(t, SCS_MMFAR_ADDR, &fs->mmfar) || cortexm_read_u32(t, SCS_BFAR_ADDR, &fs->bfar) ? -1 : 0;
}

#define ROOM (n < len ? len - n : 0)
#define AT (buf + (n < len ? n : len))

static size_t bits(const char *reg, uint32_t val, const struct fault_bit_s *b, size_t nb, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "%s = 0x%08x\n", reg, val);

	for (size_t i = 0; i < nb; i++)
		if (val & (1u << b[i].bit))
			n += (size_t)snprintf(AT, ROOM, "  bit %2u %-12s %s\n", b[i].bit, b[i].name, b[i].meaning);
	return n;
}

size_t cortexm_fault_describe(const struct cortexm_fault_s *fs, char *buf, size_t len)
{
	size_t n = 0;

	if (len)
		buf[0] = '\0';
	n += bits("CFSR", fs->cfsr, cfsr_bits, sizeof(cfsr_bits) / sizeof(cfsr_bits[0]), AT, ROOM);
	n += bits("HFSR", fs->hfsr, hfsr_bits, sizeof(hfsr_bits) / sizeof(hfsr_bits[0]), AT, ROOM);
	if (fs->cfsr & SCS_CFSR_MMARVALID)
		n += (size_t)snprintf(AT, ROOM, "MMFAR = 0x%08x (faulting data address)\n", fs->mmfar);
	if (fs->cfsr & SCS_CFSR_BFARVALID)
		n += (size_t)snprintf(AT, ROOM, "BFAR  = 0x%08x (faulting bus address)\n", fs->bfar);
	if (!fs->cfsr && !fs->hfsr)
		n += (size_t)snprintf(AT, ROOM, "no fault recorded\n");
	return n;
}

int cortexm_fault_stacked_pc(struct cortexm_s *t, uint32_t *pc, char *where, size_t len)
{
	uint32_t xpsr, lr, sp;

	if (cortexm_read_reg(t, CORTEXM_XPSR, &xpsr) || (xpsr & 0x1FFu) == 0)
		return -1;
	if (cortexm_read_reg(t, CORTEXM_LR, &lr) || (lr & 0xFF000000u) != 0xFF000000u)
		return -1;
	if (cortexm_read_reg(t, (lr & 4u) ? CORTEXM_PSP : CORTEXM_MSP, &sp))
		return -1;
	snprintf(where, len, "in exception %u; EXC_RETURN 0x%08x, frame on %s at 0x%08x", xpsr & 0x1FFu, lr,
		 (lr & 4u) ? "PSP" : "MSP", sp);
	return cortexm_read_u32(t, sp + 24u, pc);
}

int cortexm_disasm(struct cortexm_s *t, uint32_t addr, unsigned n_insn, uint32_t mark, char *buf, size_t len)
{
	csh h;
	cs_insn *insn = NULL;
	uint8_t code[256];
	size_t want = n_insn > sizeof(code) / 4u ? sizeof(code) : n_insn * 4u, count, n = 0;

	if (len)
		buf[0] = '\0';
	addr &= ~1u;
	if ((uint64_t)addr + want > 0x100000000ull)
		want = (size_t)(0x100000000ull - addr);	/* up to the top of the address space, not around to 0 */
	if (cortexm_read_mem(t, addr, code, want))
		return -1;
	if (cs_open(CS_ARCH_ARM, (cs_mode)(CS_MODE_THUMB | CS_MODE_MCLASS), &h) != CS_ERR_OK) {
		snprintf(buf, len, "   (capstone cannot open Thumb M-class mode)\n");
		return 0;
	}
	count = cs_disasm(h, code, want, addr, n_insn, &insn);
	for (size_t i = 0; i < count; i++) {
		char bytes[16] = "";

		for (unsigned b = 0; b < insn[i].size && b < 4; b += 2)
			snprintf(bytes + strlen(bytes), sizeof(bytes) - strlen(bytes), "%02x%02x ", insn[i].bytes[b + 1],
				 insn[i].bytes[b]);
		n += (size_t)snprintf(AT, ROOM, "%s0x%08x: %-10s %s %s\n", insn[i].address == mark ? "=> " : "   ",
				      (uint32_t)insn[i].address, bytes, insn[i].mnemonic, insn[i].op_str);
	}
	if (count < n_insn)
		n += (size_t)snprintf(AT, ROOM, "   0x%08x: (not a valid instruction)\n",
				      count ? (uint32_t)(insn[count - 1].address + insn[count - 1].size) : addr);
	cs_free(insn, count);
	cs_close(&h);
	return 0;
}
