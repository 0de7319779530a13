// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The System Control Space at 0xE000E000 as far as a debugger and start-up code use it:
 * the System Control Block (ARMv7-M B3.2, ARMv8-M B3.2/D1.2) and the debug registers
 * DHCSR/DCRSR/DCRDR/DEMCR (ARMv7-M C1.6), SysTick (core_systick.c), and the NVIC with the
 * exception-state registers ICSR, SHPR1-3, SHCSR (core_nvic.c). MPU and SAU are not
 * modeled: like reserved SCS space on silicon, their offsets read as zero and ignore writes.
 * 8- and 16-bit accesses read or merge into the containing word.
 */
#include "core_private.h"
#include "romtable.h"

enum scs_reg_e {
	SCS_CPUID = 0xD00,
	SCS_VTOR = 0xD08,
	SCS_AIRCR = 0xD0C,
	SCS_SCR = 0xD10,
	SCS_CCR = 0xD14,
	SCS_CFSR = 0xD28,
	SCS_HFSR = 0xD2C,
	SCS_DFSR = 0xD30,
	SCS_MMFAR = 0xD34,
	SCS_BFAR = 0xD38,
	SCS_AFSR = 0xD3C,
	SCS_ID_PFR0 = 0xD40,
	SCS_ID_PFR1 = 0xD44,
	SCS_CPACR = 0xD88,
	SCS_NSACR = 0xD8C,
	SCS_DHCSR = 0xDF0,
	SCS_DCRSR = 0xDF4,
	SCS_DCRDR = 0xDF8,
	SCS_DEMCR = 0xDFC,
	SCS_DSCSR = 0xE08,
	SCS_FPCCR = 0xF34,
	SCS_FPCAR = 0xF38,
	SCS_FPDSCR = 0xF3C,
	SCS_MVFR0 = 0xF40,
	SCS_MVFR1 = 0xF44,
	SCS_MVFR2 = 0xF48,
	SCS_ID_FIRST = 0xFBC,
};

#define SCS_VTOR_MASK 0xFFFFFF80u
#define SCS_AIRCR_V7M_STORED 0x00000700u	/* PRIGROUP */
#define SCS_AIRCR_V8M_STORED 0x00006708u	/* PRIS, BFHFNMINS, PRIGROUP, SYSRESETREQS */
#define SCS_DSCSR_CDS (1u << 16)		/* current domain Secure: the M33 model runs Secure */
#define SCS_DHCSR_C_MASK (SCS_DHCSR_C_DEBUGEN | SCS_DHCSR_C_HALT | SCS_DHCSR_C_STEP | SCS_DHCSR_C_MASKINTS | \
			  SCS_DHCSR_C_SNAPSTALL)

void core_scs_system_reset(struct sim *s)
{
	struct sim_core_s *c = s->core;
	bool v8m = sim_core_is_v8m(s->board->core);

	c->vtor = s->board->reset_vtor & SCS_VTOR_MASK;
	c->aircr = 0;
	c->scr = 0;
	c->ccr = v8m ? 0x00000201u : 0x00000200u;	/* STKALIGN; bit 0 is RES1 on v8-M */
	c->cfsr = c->hfsr = c->mmfar = c->bfar = c->afsr = 0;
	c->cpacr = 0;
	c->nsacr = 0;
	c->dscsr = 0;
	c->fpccr = core_fp_reset_fpccr(s);
	c->fpcar = c->fpdscr = 0;
	core_systick_reset(s);
	core_exc_reset(s);
}

static uint32_t dhcsr_value(struct sim_core_s *c, bool v8m)
{
	uint32_t v = c->dhcsr_ctrl;

	if (c->halted && c->regrdy)
		v |= SCS_DHCSR_S_REGRDY;
	if (c->halted)
		v |= SCS_DHCSR_S_HALT;
	if (c->sleeping)
		v |= SCS_DHCSR_S_SLEEP;
	if (c->lockup)
		v |= SCS_DHCSR_S_LOCKUP;
	if (c->retire_st)
		v |= SCS_DHCSR_S_RETIRE_ST;
	if (c->reset_st)
		v |= SCS_DHCSR_S_RESET_ST;
	if (v8m) {
		v |= SCS_DHCSR_S_SDE;	/* secure debug allowed (no authentication modeled) */
		if (c->restart_st)
			v |= SCS_DHCSR_S_RESTART_ST;
	}
	return v;
}

/* The value of a register, without read side effects. */
static uint32_t scs_peek(struct sim *s, uint32_t off)
{
	struct sim_core_s *c = s->core;
	bool v8m = sim_core_is_v8m(s->board->core);
	uint32_t v = 0;

	switch (off) {
	case SCS_CPUID: return s->board->cpuid;
	case SCS_VTOR: return c->vtor;
	case SCS_AIRCR: return (uint32_t)SCS_AIRCR_VECTKEYSTAT << 16 | c->aircr;
	case SCS_SCR: return c->scr;
	case SCS_CCR: return c->ccr;
	case SCS_CFSR: return c->cfsr;
	case SCS_HFSR: return c->hfsr;
	case SCS_DFSR: return c->dfsr;
	case SCS_MMFAR: return c->mmfar;
	case SCS_BFAR: return c->bfar;
	case SCS_AFSR: return c->afsr;
	/* Processor features (Cortex-M4 TRM 4.1, Cortex-M33 TRM B3.2): M-profile programmer's
	 * model; on v8-M the Security Extension is implemented (Security = 0b0001). */
	case SCS_ID_PFR0: return 0x00000030u;
	case SCS_ID_PFR1: return v8m ? 0x00000210u : 0x00000200u;
	case SCS_CPACR: return c->cpacr;
	case SCS_NSACR: return v8m ? c->nsacr : 0;
	case SCS_DHCSR: return dhcsr_value(c, v8m);
	case SCS_DCRDR: return c->dcrdr;
	case SCS_DEMCR: return c->demcr;
	case SCS_DSCSR: return v8m ? c->dscsr | SCS_DSCSR_CDS : 0;
	case SCS_FPCCR: return c->fpccr;
	case SCS_FPCAR: return c->fpcar;
	case SCS_FPDSCR: return c->fpdscr;
	/* Media and FP feature registers: FPv4-SP (M4), FPv5-SP (M33) per the TRMs */
	case SCS_MVFR0: return 0x10110021u;
	case SCS_MVFR1: return v8m ? 0x12100011u : 0x11000011u;
	case SCS_MVFR2: return v8m ? 0x00000040u : 0;
	default:
		if (core_systick_reg(off))
			return core_systick_read(s, SIM_MASTER_DEBUG, off, false);
		if (core_nvic_reg(s, off))
			return core_nvic_read(s, off);
		if (off >= SCS_ID_FIRST && coresight_id_read(coresight_block_id(s, CS_SCS), off, &v) == 0)
			return v;
		return 0;
	}
}

static int scs_read(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t offset, unsigned size,
		    uint32_t *val)
{
	struct sim_core_s *c = s->core;
	uint32_t off = offset & ~3u;

	if (core_systick_reg(off)) {
		*val = core_subword_read(core_systick_read(s, who, off, true), offset, size);
		return SIM_BUS_OK;
	}
	*val = core_subword_read(scs_peek(s, off), offset, size);
	/* Sticky status bits clear when the debugger reads them (ARMv7-M C1.6.2). */
	if (off == SCS_DHCSR && who == SIM_MASTER_DEBUG) {
		c->retire_st = false;
		c->restart_st = false;
		c->reset_st = c->in_reset;
	}
	return SIM_BUS_OK;
}

/* DHCSR write from the debugger; the key makes it take effect (ARMv7-M C1.6.2). */
static void dhcsr_write(struct sim *s, uint32_t val)
{
	struct sim_core_s *c = s->core;

	if ((val >> 16) != SCS_DHCSR_DBGKEY)
		return;
	uint32_t ctrl = val & SCS_DHCSR_C_MASK;
	/* With C_DEBUGEN clear the other control bits have no effect: the core runs. */
	if (!(ctrl & SCS_DHCSR_C_DEBUGEN))
		ctrl = 0;
	c->dhcsr_ctrl = ctrl;
	if ((ctrl & SCS_DHCSR_C_HALT) && !c->halted && !c->in_reset)
		core_halt(s, SCS_DFSR_HALTED);
	else if (!(ctrl & SCS_DHCSR_C_HALT) && c->halted)
		core_resume(s, (ctrl & SCS_DHCSR_C_STEP) != 0);
}

/* A register transfer; only valid in Debug state, S_REGRDY says when it is done. */
static void dcrsr_write(struct sim *s, uint32_t val)
{
	struct sim_core_s *c = s->core;
	unsigned sel = val & SCS_DCRSR_REGSEL_MASK;

	if (!c->halted) {
		c->regrdy = false;
		return;
	}
	/* An unknown selector transfers nothing (UNPREDICTABLE on silicon). */
	if (val & SCS_DCRSR_REGWNR)
		core_dcrsr_write(s, sel, c->dcrdr);
	else if (core_dcrsr_read(s, sel, &c->dcrdr))
		c->dcrdr = 0;
	c->regrdy = true;
}

static void aircr_write(struct sim *s, enum sim_bus_master_e who, uint32_t val)
{
	struct sim_core_s *c = s->core;
	bool v8m = sim_core_is_v8m(s->board->core);

	if ((val >> 16) != SCS_AIRCR_VECTKEY)
		return;
	c->aircr = val & (v8m ? SCS_AIRCR_V8M_STORED : SCS_AIRCR_V7M_STORED);
	/* VECTCLRACTIVE: a debugger recovering a halted core (ARMv7-M B3.2.6; UNPREDICTABLE
	 * otherwise, ignored here): no exception stays active and IPSR reads 0. */
	if ((val & SCS_AIRCR_VECTCLRACTIVE) && who == SIM_MASTER_DEBUG && c->halted)
		core_exc_clear_active(s);
	/* VECTRESET resets the core only; it exists on ARMv7-M, is reserved on ARMv8-M. */
	if (val & SCS_AIRCR_SYSRESETREQ) {
		core_request_system_reset(s);
	} else if (!v8m && (val & SCS_AIRCR_VECTRESET)) {
		if (c->in_emu)
			c->stop = CORE_STOP_VECTRESET;	/* at the end of this instruction */
		else
			core_local_reset(s);	/* VECTRESET resets the core, not the peripherals */
	}
}

static void scs_store(struct sim *s, enum sim_bus_master_e who, uint32_t off, uint32_t val)
{
	struct sim_core_s *c = s->core;
	bool v8m = sim_core_is_v8m(s->board->core);
	bool dbg = who == SIM_MASTER_DEBUG;

	switch (off) {
	case SCS_VTOR: c->vtor = val & SCS_VTOR_MASK; break;
	case SCS_AIRCR: aircr_write(s, who, val); break;
	case SCS_SCR: c->scr = val & 0x1Eu; break;
	case SCS_CCR: c->ccr = val & 0x0007031Bu; break;
	case SCS_CFSR: c->cfsr &= ~val; break;	/* write one to clear */
	case SCS_HFSR: c->hfsr &= ~val; break;
	case SCS_DFSR: c->dfsr &= ~val; break;
	case SCS_MMFAR: c->mmfar = val; break;
	case SCS_BFAR: c->bfar = val; break;
	case SCS_AFSR: c->afsr &= ~val; break;
	case SCS_CPACR: c->cpacr = val & 0x00F00000u; break;	/* CP10, CP11 */
	case SCS_NSACR: c->nsacr = v8m ? val & 0x00000C00u : 0; break;
	/* The CPU cannot drive its own debug: DHCSR and DCRSR are debugger-only. */
	case SCS_DHCSR: if (dbg) dhcsr_write(s, val); break;
	case SCS_DCRSR: if (dbg) dcrsr_write(s, val); break;
	case SCS_DCRDR: c->dcrdr = val; break;
	case SCS_DEMCR: core_dwt_sync(s); c->demcr = val & (v8m ? SCS_DEMCR_V8M_WRITABLE : SCS_DEMCR_V7M_WRITABLE); break;
	case SCS_DSCSR: c->dscsr = v8m ? val & 0x3u : 0; break;
	case SCS_FPCCR: core_fp_write_fpccr(s, val); break;
	case SCS_FPCAR: c->fpcar = val & ~7u; break;
	case SCS_FPDSCR: c->fpdscr = val & 0x07C00000u; break;
	default:
		if (core_systick_reg(off))
			core_systick_write(s, off, val);
		else if (core_nvic_reg(s, off))
			core_nvic_write(s, off, val);
		break;	/* else read-only or not modeled */
	}
}

static int scs_write(struct sim *s, void *ctx, enum sim_bus_master_e who, uint32_t offset, unsigned size,
		     uint32_t val)
{
	uint32_t off = offset & ~3u;

	if (size != 4) {
		/* Write-one-to-clear registers must not clear the bytes that were not written. */
		bool w1c = off == SCS_CFSR || off == SCS_HFSR || off == SCS_DFSR || off == SCS_AFSR ||
			   core_nvic_w1(off);
		val = core_subword_merge(w1c ? 0 : scs_peek(s, off), offset, size, val);
	}
	scs_store(s, who, off, val);
	return SIM_BUS_OK;
}

int core_scs_register(struct sim *s)
{
	const struct sim_periph_s scs = {
		.name = "scs", .base = CORE_SCS_BASE, .size = CORE_BLOCK_SIZE,
		.read = scs_read, .write = scs_write,
	};
	return sim_bus_add_periph(s, &scs);
}
