// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Core registers through DCRSR/DCRDR (ARMv7-M C1.6.3, ARMv8-M D1.2.6): write the selector,
 * wait for DHCSR.S_REGRDY, move the value through DCRDR. Reading all registers queues
 * every transfer in one batch and checks S_REGRDY afterwards, so a full register read is
 * one or two probe commands instead of dozens; any selector found not ready is redone
 * on its own. Values are cached while the core stays halted, and written back before it
 * runs again.
 */
#include "arch/cortexm_debug.h"
#include "src/target/cortexm.h"
#include "src/target/cortexm_internal.h"

/* Where each register of enum cortexm_reg_e lives: a DCRSR selector, and for the four
 * special registers packed into one selector, the byte within it. */
struct reg_loc_s {
	const char *name;
	uint8_t sel;
	int8_t byte;		/* -1: the whole word */
};

static struct reg_loc_s reg_loc(unsigned reg)
{
	static const char *const snames[32] = {
		"s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "s12", "s13", "s14", "s15",
		"s16", "s17", "s18", "s19", "s20", "s21", "s22", "s23", "s24", "s25", "s26", "s27", "s28", "s29",
		"s30", "s31",
	};
	static const struct reg_loc_s fixed[] = {
		[CORTEXM_SP] = { "sp", DCRSR_REG_SP, -1 },
		[CORTEXM_LR] = { "lr", DCRSR_REG_LR, -1 },
		[CORTEXM_PC] = { "pc", DCRSR_REG_PC, -1 },
		[CORTEXM_XPSR] = { "xpsr", DCRSR_REG_XPSR, -1 },
		[CORTEXM_MSP] = { "msp", DCRSR_REG_MSP, -1 },
		[CORTEXM_PSP] = { "psp", DCRSR_REG_PSP, -1 },
		[CORTEXM_PRIMASK] = { "primask", DCRSR_REG_CFBP, 0 },
		[CORTEXM_BASEPRI] = { "basepri", DCRSR_REG_CFBP, 1 },
		[CORTEXM_FAULTMASK] = { "faultmask", DCRSR_REG_CFBP, 2 },
		[CORTEXM_CONTROL] = { "control", DCRSR_REG_CFBP, 3 },
		[CORTEXM_FPSCR] = { "fpscr", DCRSR_REG_FPSCR, -1 },
		[CORTEXM_MSP_NS] = { "msp_ns", DCRSR_REG_MSP_NS, -1 },
		[CORTEXM_PSP_NS] = { "psp_ns", DCRSR_REG_PSP_NS, -1 },
		[CORTEXM_MSP_S] = { "msp_s", DCRSR_REG_MSP_S, -1 },
		[CORTEXM_PSP_S] = { "psp_s", DCRSR_REG_PSP_S, -1 },
		[CORTEXM_MSPLIM_S] = { "msplim_s", DCRSR_REG_MSPLIM_S, -1 },
		[CORTEXM_PSPLIM_S] = { "psplim_s", DCRSR_REG_PSPLIM_S, -1 },
		[CORTEXM_MSPLIM_NS] = { "msplim_ns", DCRSR_REG_MSPLIM_NS, -1 },
		[CORTEXM_PSPLIM_NS] = { "psplim_ns", DCRSR_REG_PSPLIM_NS, -1 },
	};
	static const char *const rnames[13] = { "r0", "r1", "r2", "r3", "r4", "r5", "r6",
						"r7", "r8", "r9", "r10", "r11", "r12" };

	if (reg <= CORTEXM_R12)
		return (struct reg_loc_s){ rnames[reg], (uint8_t)DCRSR_REG_R(reg), -1 };
	if (reg >= CORTEXM_S0 && reg <= CORTEXM_S31)
		return (struct reg_loc_s){ snames[reg - CORTEXM_S0], (uint8_t)DCRSR_REG_S(reg - CORTEXM_S0), -1 };
	return fixed[reg];
}

const char *cortexm_reg_name(unsigned reg)
{
	return reg < CORTEXM_REG_COUNT ? reg_loc(reg).name : NULL;
}

bool cortexm_reg_exists(const struct cortexm_s *t, unsigned reg)
{
	if (reg >= CORTEXM_REG_COUNT)
		return false;
	if (reg >= CORTEXM_FPSCR && reg <= CORTEXM_S31)
		return t->has_fpu;
	if (reg >= CORTEXM_MSP_NS)
		return t->has_security;
	return true;
}

/* Queue one selector's read: DCRSR, then DHCSR (for S_REGRDY), then DCRDR. */
static void queue_sel_read(struct cortexm_s *t, uint8_t sel, uint32_t *dhcsr, uint32_t *val)
{
	adi_memap_queue_write_u32(&t->ap, SCS_DCRSR_ADDR, sel);
	adi_memap_queue_read_u32(&t->ap, SCS_DHCSR_ADDR, dhcsr);
	adi_memap_queue_read_u32(&t->ap, SCS_DCRDR_ADDR, val);
}

static int read_sel(struct cortexm_s *t, uint8_t sel, uint32_t *val)
{
	for (int tries = 0; tries < 10; tries++) {
		uint32_t dhcsr = 0;
		queue_sel_read(t, sel, &dhcsr, val);
		if (adi_memap_flush(&t->ap, &t->err))
			return -1;
		if (dhcsr & SCS_DHCSR_S_REGRDY)
			return 0;
	}
	return cortexm_fail(t, ADI_ERR_WAIT, "register selector 0x%02x: DHCSR.S_REGRDY never set", sel);
}

static int write_sel(struct cortexm_s *t, uint8_t sel, uint32_t val)
{
	for (int tries = 0; tries < 10; tries++) {
		uint32_t dhcsr = 0;
		adi_memap_queue_write_u32(&t->ap, SCS_DCRDR_ADDR, val);
		adi_memap_queue_write_u32(&t->ap, SCS_DCRSR_ADDR, SCS_DCRSR_REGWNR | sel);
		adi_memap_queue_read_u32(&t->ap, SCS_DHCSR_ADDR, &dhcsr);
		if (adi_memap_flush(&t->ap, &t->err))
			return -1;
		if (dhcsr & SCS_DHCSR_S_REGRDY)
			return 0;
	}
	return cortexm_fail(t, ADI_ERR_WAIT, "register selector 0x%02x: DHCSR.S_REGRDY never set", sel);
}

static int require_halted(struct cortexm_s *t, const char *what)
{
	if (t->halted)
		return 0;
	return cortexm_fail(t, ADI_ERR_ARG, "cannot %s while the core is running: halt it first", what);
}

int cortexm_read_all_regs(struct cortexm_s *t)
{
	uint32_t raw[CORTEXM_REG_COUNT], dhcsr[CORTEXM_REG_COUNT];

	if (require_halted(t, "read registers"))
		return -1;
	/* Values changed in the cache but not yet written must not be lost to a re-read. */
	if (cortexm_flush_regs(t))
		return -1;
	for (unsigned r = 0; r < CORTEXM_REG_COUNT; r++) {
		struct reg_loc_s loc = reg_loc(r);
		dhcsr[r] = SCS_DHCSR_S_REGRDY;
		if (cortexm_reg_exists(t, r) && loc.byte <= 0)
			queue_sel_read(t, loc.sel, &dhcsr[r], &raw[r]);
	}
	if (adi_memap_flush(&t->ap, &t->err))
		return -1;
	for (unsigned r = 0; r < CORTEXM_REG_COUNT; r++) {
		struct reg_loc_s loc = reg_loc(r);
		if (!cortexm_reg_exists(t, r)) {
			t->regs[r] = 0;
			continue;
		}
		if (loc.byte > 0) {	/* packed special registers share the selector read at byte 0 */
			t->regs[r] = (raw[CORTEXM_PRIMASK] >> (8 * loc.byte)) & 0xFF;
			continue;
		}
		if (!(dhcsr[r] & SCS_DHCSR_S_REGRDY) && read_sel(t, loc.sel, &raw[r]))
			return -1;
		t->regs[r] = loc.byte == 0 ? raw[r] & 0xFF : raw[r];
	}
	t->regs_valid = true;
	for (unsigned r = 0; r < CORTEXM_REG_COUNT; r++)
		t->regs_dirty[r] = false;
	return 0;
}

int cortexm_read_regs_direct(struct cortexm_s *t, const unsigned *regs, uint32_t *vals, unsigned n)
{
	uint32_t dhcsr[CORTEXM_REG_COUNT];

	if (n > CORTEXM_REG_COUNT)
		return cortexm_fail(t, ADI_ERR_ARG, "%u registers at once", n);
	if (require_halted(t, "read registers"))
		return -1;
	if (t->regs_valid) {	/* the cache is good: no probe command */
		for (unsigned i = 0; i < n; i++)
			vals[i] = t->regs[regs[i]];
		return 0;
	}
	for (unsigned i = 0; i < n; i++)
		queue_sel_read(t, reg_loc(regs[i]).sel, &dhcsr[i], &vals[i]);
	if (adi_memap_flush(&t->ap, &t->err))
		return -1;
	for (unsigned i = 0; i < n; i++)
		if (!(dhcsr[i] & SCS_DHCSR_S_REGRDY) && read_sel(t, reg_loc(regs[i]).sel, &vals[i]))
			return -1;
	return 0;
}

void cortexm_queue_reg_writes(struct cortexm_s *t, const unsigned *regs, const uint32_t *vals, unsigned n,
			      uint32_t *dhcsr)
{
	t->regs_valid = false;
	for (unsigned i = 0; i < n; i++) {
		adi_memap_queue_write_u32(&t->ap, SCS_DCRDR_ADDR, vals[i]);
		adi_memap_queue_write_u32(&t->ap, SCS_DCRSR_ADDR, SCS_DCRSR_REGWNR | reg_loc(regs[i]).sel);
		adi_memap_queue_read_u32(&t->ap, SCS_DHCSR_ADDR, &dhcsr[i]);
	}
}

int cortexm_read_reg(struct cortexm_s *t, unsigned reg, uint32_t *val)
{
	if (!cortexm_reg_exists(t, reg))
		return cortexm_fail(t, ADI_ERR_ARG, "register %u does not exist on this %s", reg, t->core_name);
	if (!t->regs_valid && cortexm_read_all_regs(t))
		return -1;
	*val = t->regs[reg];
	return 0;
}

int cortexm_write_reg(struct cortexm_s *t, unsigned reg, uint32_t val)
{
	if (!cortexm_reg_exists(t, reg))
		return cortexm_fail(t, ADI_ERR_ARG, "register %u does not exist on this %s", reg, t->core_name);
	if (!t->regs_valid && cortexm_read_all_regs(t))
		return -1;
	if (reg_loc(reg).byte >= 0)
		val &= 0xFF;
	t->regs[reg] = val;
	t->regs_dirty[reg] = true;
	return 0;
}

/* The packed CONTROL/FAULTMASK/BASEPRI/PRIMASK word, from the cache. */
static uint32_t cfbp_value(const struct cortexm_s *t)
{
	return t->regs[CORTEXM_PRIMASK] | t->regs[CORTEXM_BASEPRI] << 8 | t->regs[CORTEXM_FAULTMASK] << 16 |
	       t->regs[CORTEXM_CONTROL] << 24;
}

/*
 * Write back every register changed in the cache. All writes go out in one batch (DCRDR,
 * DCRSR with REGWnR, then DHCSR to see S_REGRDY), so a routine call costs one probe
 * command for its registers, not one per register; a selector found not ready is
 * written again on its own. The four special registers packed into one selector go
 * out as one write.
 */
int cortexm_flush_regs(struct cortexm_s *t)
{
	uint8_t sel[CORTEXM_REG_COUNT];
	uint32_t val[CORTEXM_REG_COUNT], dhcsr[CORTEXM_REG_COUNT];
	unsigned n = 0;
	bool cfbp_dirty = false;

	if (!t->regs_valid)
		return 0;
	/*
	 * A PC the debugger moved runs Thumb code: an M-profile core has no other state, and
	 * EPSR.T = 0 would fault (INVSTATE) at the first instruction. After a reset whose vector
	 * is even (a blank or foreign vector table) T is 0, and `set $pc = _start; continue`
	 * would lock the core up instead of running the program (OpenOCD sets T on resume too).
	 */
	if (t->regs_dirty[CORTEXM_PC] && !(t->regs[CORTEXM_XPSR] & CORTEXM_XPSR_T)) {
		t->regs[CORTEXM_XPSR] |= CORTEXM_XPSR_T;
		t->regs_dirty[CORTEXM_XPSR] = true;
	}
	for (unsigned r = 0; r < CORTEXM_REG_COUNT; r++) {
		struct reg_loc_s loc = reg_loc(r);
		if (!t->regs_dirty[r])
			continue;
		t->regs_dirty[r] = false;
		if (loc.byte >= 0) {
			cfbp_dirty = true;
			continue;
		}
		sel[n] = loc.sel;
		val[n++] = t->regs[r];
	}
	if (cfbp_dirty) {
		sel[n] = DCRSR_REG_CFBP;
		val[n++] = cfbp_value(t);
	}
	if (!n)
		return 0;
	for (unsigned i = 0; i < n; i++) {
		adi_memap_queue_write_u32(&t->ap, SCS_DCRDR_ADDR, val[i]);
		adi_memap_queue_write_u32(&t->ap, SCS_DCRSR_ADDR, SCS_DCRSR_REGWNR | sel[i]);
		adi_memap_queue_read_u32(&t->ap, SCS_DHCSR_ADDR, &dhcsr[i]);
	}
	if (adi_memap_flush(&t->ap, &t->err))
		return -1;
	for (unsigned i = 0; i < n; i++)
		if (!(dhcsr[i] & SCS_DHCSR_S_REGRDY) && write_sel(t, sel[i], val[i]))
			return -1;
	/* Writing SP or CONTROL changes others (MSP/PSP banking): read them afresh next time. */
	t->regs_valid = false;
	return 0;
}
