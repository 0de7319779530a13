/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Cortex-M core model's private state, shared by sim/core*.c only.
 *
 * core.c      CPU on Unicorn: run loop, reset, halt, faults
 * core_hooks.c what Unicorn sees of the board (memory, MMIO windows) and its hooks
 * core_tcg.c  the Unicorn instance and its translated code (kept current and bounded)
 * core_regs.c DCRSR register selectors <-> Unicorn registers (and v8-M shadows)
 * core_scs.c  System Control Space registers (CPUID, DHCSR, DCRSR, DEMCR, AIRCR, ...)
 * core_fpb.c  Flash Patch and Breakpoint unit (v1 on ARMv7-M, v2 on ARMv8-M)
 * core_dwt.c  Data Watchpoint and Trace unit (comparators, CYCCNT)
 * core_systick.c SysTick counter, COUNTFLAG and its exception
 * core_exc.c  exception model: priorities, entry and return, tail-chaining, fault escalation
 * core_fp.c   the FP context in exception frames: FPCCR, FPCAR, lazy preservation
 * core_nvic.c NVIC registers and the SCB registers that hold exception state (ICSR, SHPR, SHCSR)
 *
 * References: ARMv7-M ARM (DDI 0403E) B1.5 (exception model), B3.4 (NVIC),
 * C1.6 (debug system registers), C1.8 (DWT),
 * C1.11 (FPB), B3.2 (SCS); ARMv8-M ARM (DDI 0553) D1.2 (debug registers), B13 (DWT),
 * B14 (FPB); Cortex-M4 TRM (DDI 0439), Cortex-M33 TRM (100230).
 */
#ifndef SIM_CORE_PRIVATE_H
#define SIM_CORE_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <unicorn/unicorn.h>

#include "sim_internal.h"
#include "arch/cortexm_debug.h"

/* Base addresses of the blocks this model registers on the bus. */
#define CORE_SCS_BASE 0xE000E000u
#define CORE_DWT_BASE 0xE0001000u
#define CORE_FPB_BASE 0xE0002000u
#define CORE_BLOCK_SIZE 0x1000u
/* The Private Peripheral Bus, mapped into Unicorn as one MMIO window onto the bus. */
#define CORE_PPB_BASE 0xE0000000u
#define CORE_PPB_SIZE 0x00100000u
/*
 * Granule of the MMIO windows: 4 KB, like the bus's regions, a multiple of Unicorn's ARM
 * page (1 KB). Not queried with uc_ctl_get_page_size: that macro of Unicorn 2.0.1 shifts
 * into the sign bit of an int, which UBSan rejects.
 */
#define CORE_MMIO_PAGE 0x1000u

#define CORE_MAX_FPB 16		/* FP_CTRL.NUM_CODE + NUM_LIT on the boards modeled */
#define CORE_MAX_DWT 8
#define CORE_MAX_MMIO 64	/* Unicorn MMIO windows onto the bus */
#define CORE_MAX_DEFERRED 20	/* CPU writes to read-only pages within one instruction (STM) */

/* Why the run loop stopped the CPU, decided inside a Unicorn hook and acted on outside it. */
enum core_stop_e {
	CORE_STOP_NONE,
	CORE_STOP_BUDGET,	/* the cycles given to core_run_cycles are spent */
	CORE_STOP_BKPT,		/* FPB match or BKPT instruction: debug event */
	CORE_STOP_DWT,		/* DWT comparator debug event */
	CORE_STOP_RESET,	/* the CPU wrote AIRCR.SYSRESETREQ (or a model asked for a reset) */
	CORE_STOP_VECTRESET,	/* the CPU wrote AIRCR.VECTRESET (ARMv7-M): the core only */
	CORE_STOP_FAULT,	/* a fault: escalation, exception entry (core_exc.c) or lockup */
	CORE_STOP_EXC,		/* a pending exception preempts before the instruction at the PC */
	CORE_STOP_SVC,		/* SVC executed: the PC is the next instruction */
	CORE_STOP_EXC_RETURN,	/* the PC was loaded with an EXC_RETURN value in Handler mode */
};

/* Exception numbers (ARMv7-M B1.5.2, ARMv8-M B3.9) */
enum core_vec_e {
	CORE_VEC_NMI = 2,
	CORE_VEC_HARDFAULT = 3,
	CORE_VEC_MEMMANAGE = 4,
	CORE_VEC_BUSFAULT = 5,
	CORE_VEC_USAGEFAULT = 6,
	CORE_VEC_SECUREFAULT = 7,	/* v8-M */
	CORE_VEC_SVCALL = 11,
	CORE_VEC_DEBUGMON = 12,
	CORE_VEC_PENDSV = 14,
	CORE_VEC_SYSTICK = 15,
	CORE_VEC_IRQ0 = 16,
};
#define CORE_MAX_EXC 512	/* 16 system exceptions + up to 496 interrupts */

/* Exception state (core_exc.c, core_nvic.c); the active exception number is IPSR, in Unicorn. */
struct core_exc_s {
	unsigned n;			/* 16 + the board's interrupt count */
	uint8_t prio_mask;		/* implemented priority bits: the top bits of each byte */
	uint8_t prio[CORE_MAX_EXC];	/* programmable priorities (SHPR, NVIC_IPR), as stored */
	uint32_t enabled[CORE_MAX_EXC / 32];	/* interrupts: NVIC_ISER; system exceptions: always */
	uint32_t pending[CORE_MAX_EXC / 32];
	uint32_t active[CORE_MAX_EXC / 32];
	uint32_t level[CORE_MAX_EXC / 32];	/* interrupt lines asserted (sim_irq_set) */
	bool pend_any;			/* some exception is pending and enabled: the code hook checks it */
	uint32_t shcsr_ena;		/* SHCSR enable bits (MEMFAULTENA, BUSFAULTENA, ...) */
	uint64_t taken;			/* exception entries since power-on (tests, logs) */
};

/* A window of guest address space routed through the bus (PPB, peripherals). */
struct core_mmio_s {
	struct sim *s;
	uint32_t base;
	uint32_t size;
};

/* A CPU write Unicorn performed on a read-only page, to be replaced by what the bus says. */
struct core_deferred_s {
	uint32_t addr;
	unsigned size;
	uint8_t bytes[4];	/* memory content as the bus left it */
};

struct core_fpb_s {
	uint32_t ctrl_enable;	/* FP_CTRL.ENABLE */
	uint32_t comp[CORE_MAX_FPB];
};

struct core_dwt_s {
	uint32_t ctrl;		/* writable part of DWT_CTRL */
	uint32_t cyccnt;
	uint32_t comp[CORE_MAX_DWT];
	uint32_t mask[CORE_MAX_DWT];	/* v7-M only */
	uint32_t function[CORE_MAX_DWT];
};

/* SysTick (core_systick.c): the counter as of base_cycles (core cycles since power-on). */
struct core_systick_s {
	uint32_t csr;		/* ENABLE, TICKINT, CLKSOURCE */
	uint32_t rvr;
	uint32_t cvr;		/* the counter at base_cycles */
	bool countflag;
	uint64_t base_cycles;
};

/* Idle-loop fast-forward (core_ff.c) */
#define CORE_FF_FIRST_CHECK 32	/* returns to a loop head before the loop is first examined */
#define CORE_FF_MAX_CHECK 65536	/* examinations back off (doubling) up to this many returns */
#define CORE_FF_MAX_LEN 256	/* longest iteration examined, in instructions */
#define CORE_FF_NREGS 22

struct core_ff_s {
	bool disabled;		/* RSPFLASH_SIM_NO_FASTFORWARD=1 */
	uint32_t prev_pc;	/* the previous instruction: a PC at or below it follows a backward jump */
	uint32_t head;		/* target of the last backward jump: the candidate loop head */
	uint32_t visits;	/* returns to head in a row */
	uint32_t next_check;	/* examine the loop at this many visits */
	uint64_t head_at;	/* slice instruction count when head was last reached */
	bool checking;		/* the iteration since head_at is being examined */
	bool clean;		/* ... and it did nothing that forbids repeating it */
	uint32_t regs[CORE_FF_NREGS];	/* the state at head_at */
	uint64_t skipped;	/* instructions fast-forwarded since power-on (tests, logs) */
};

/* Registers Unicorn 2.0.1 does not expose (ARMv8-M Security Extension banks, stack limits). */
struct core_v8m_shadow_s {
	uint32_t msp_ns, psp_ns;
	uint32_t msplim_s, psplim_s, msplim_ns, psplim_ns;
	uint32_t special_ns;	/* CONTROL_NS/FAULTMASK_NS/BASEPRI_NS/PRIMASK_NS packed as DCRSR 0x23 */
};

/* Unicorn's translated code (core_tcg.c) */
struct core_code_page_s;
struct core_tcg_s {
	struct core_code_page_s **pages;	/* pages holding translated code, sorted by address */
	unsigned n_pages;
	bool untracked;		/* a block could not be recorded: at the next drop, every translation goes */
	bool first_block_pending;	/* Unicorn reports no block until it has executed one */
	bool first_block_counted;	/* ... and that block is in code_estimate */
	uint64_t code_estimate;	/* host code translated since the instance opened, estimated (bytes) */
	uint64_t budget;	/* past it, a fresh instance replaces this one */
	unsigned renewals;	/* fresh instances since the core was created (tests, logs) */
};

struct sim_core_s {
	uc_engine *uc;
	uc_hook code_hook, intr_hook, bad_mem_hook, data_hook, block_hook;
	bool data_hook_on;	/* the DWT data-access hook is installed */
	struct core_tcg_s tcg;

	struct core_mmio_s mmio[CORE_MAX_MMIO];
	unsigned n_mmio;
	unsigned periphs_seen;	/* bus periphs already mapped into Unicorn */

	/* Run state */
	bool halted;		/* in Debug state */
	bool lockup;
	bool sleeping;		/* WFI: until an exception is pending (or a debugger halts the core) */
	bool cut;		/* core_end_slice: the run slice ends at the current instruction */
	uint64_t slept;		/* core cycles spent asleep since power-on (SysTick counts them) */
	bool in_reset;		/* nRESET held */
	bool stepping;		/* resume for one instruction (C_STEP) */
	bool in_emu;		/* inside uc_emu_start: CPU-side side effects are deferred */
	bool flush_tb;		/* memory may have changed behind Unicorn: drop translations that no longer match */
	bool fpb_armed;		/* per run slice: an FPB comparator is enabled */
	bool dwt_pc_armed;	/* per run slice: a DWT comparator watches the PC */
	bool flush_all_tb;	/* hooks or access rights changed: drop every translation */

	/* Inside one uc_emu_start */
	enum core_stop_e stop;
	uint64_t budget;
	uint64_t executed;
	uint64_t slice_done;	/* executed by earlier uc_emu_start calls of the same run slice */
	uint64_t dwt_synced;	/* part of executed already counted into DWT_CYCCNT */
	struct core_ff_s ff;
	uint32_t cur_pc;	/* address of the instruction being executed */
	uint32_t fault_cfsr, fault_hfsr, fault_addr, fault_pc;
	bool fault_addr_valid, fault_pc_valid;
	const char *fault_what;
	struct core_deferred_s deferred[CORE_MAX_DEFERRED];
	unsigned n_deferred;

	/* Debug block (reset by power-on reset only) */
	uint32_t dhcsr_ctrl;	/* C_* bits */
	bool regrdy, retire_st, reset_st, restart_st;
	uint32_t dcrdr;
	uint32_t demcr;
	uint32_t dfsr;
	struct core_fpb_s fpb;
	struct core_dwt_s dwt;

	/* System control block (reset by system reset) */
	uint32_t vtor, aircr, scr, ccr, cpacr, nsacr, dscsr;
	uint32_t cfsr, hfsr, mmfar, bfar, afsr;
	uint32_t fpccr, fpcar, fpdscr;
	struct core_systick_s systick;
	struct core_exc_s exc;
	struct core_v8m_shadow_s v8m;
};

/* core.c */
void core_halt(struct sim *s, uint32_t dfsr_reason);
void core_local_reset(struct sim *s);
void core_resume(struct sim *s, bool step);
uint32_t core_reg_get(struct sim *s, int uc_reg);
void core_reg_set(struct sim *s, int uc_reg, uint32_t val);
void core_set_pc(struct sim *s, uint32_t pc);

/* core_hooks.c: Unicorn memory map and hooks */
/* Map the memory regions and the MMIO windows (the PPB at first) into a new instance. */
int core_map_memory(struct sim *s, char *err, size_t errlen);
int core_map_mmio(struct sim *s, uint32_t base, uint32_t size);
void core_map_new_periphs(struct sim *s);
int core_hooks_add(struct sim *s);
void core_sync_data_hook(struct sim *s);
void core_apply_deferred(struct sim *s);
void core_note_fault(struct sim_core_s *c, uint32_t cfsr, uint32_t hfsr, bool addr_valid, uint32_t addr,
		     const char *what);

/* core_tcg.c: the Unicorn instance (c->uc) and its translated code */
int core_tcg_open(struct sim *s, char *err, size_t errlen);
void core_tcg_close(struct sim *s);
/* Before the CPU runs in a slice: renew the instance past the budget, drop stale code. */
void core_tcg_slice_start(struct sim *s);
/* Before each uc_emu_start from pc. */
void core_tcg_before_emu(struct sim *s, uint32_t pc);

/* core_ff.c: idle-loop fast-forward, driven by the code hook */
void core_ff_init(struct sim *s);
void core_ff_slice_start(struct sim *s);
void core_ff_backward(struct sim *s, uint32_t addr);
void core_ff_inspect(struct sim *s, uint32_t addr, uint32_t size);

/* Called by the code hook before each instruction is counted: inline, it runs for every one. */
static inline void core_ff_insn(struct sim *s, uint32_t addr, uint32_t size)
{
	struct core_ff_s *ff = &s->core->ff;

	if (addr <= ff->prev_pc)
		core_ff_backward(s, addr);
	ff->prev_pc = addr;
	if (ff->checking)
		core_ff_inspect(s, addr, size);
}
/* The CPU wrote a peripheral (or read one with a side effect): the loop is not idle. */
static inline void core_ff_dirty(struct sim_core_s *c)
{
	c->ff.clean = false;
}

/* core_regs.c: DCRSR transfer; returns 0, or -1 for a selector this core does not have. */
int core_dcrsr_read(struct sim *s, unsigned regsel, uint32_t *val);
int core_dcrsr_write(struct sim *s, unsigned regsel, uint32_t val);

/* core_scs.c */
int core_scs_register(struct sim *s);
void core_scs_system_reset(struct sim *s);

/* core_exc.c: the exception model */
void core_exc_reset(struct sim *s);
void core_exc_set_pending(struct sim *s, unsigned exc, bool pending);
void core_exc_clear_active(struct sim *s);	/* AIRCR.VECTCLRACTIVE */
void core_exc_update(struct sim *s);	/* after a change of pending/enabled/priority state */
bool core_exc_is(const uint32_t *bits, unsigned exc);
/* Whether a pending exception preempts now (masks, priorities, DHCSR.C_MASKINTS). */
bool core_exc_ready(struct sim *s);
/* Whether WFI wakes: a pending exception that would preempt if PRIMASK were clear. */
bool core_exc_wakes(struct sim *s);
/* Take the pending exception that preempts, if any; returns true when one was entered. */
bool core_exc_take_pending(struct sim *s);
/* A fault: CFSR/HFSR/BFAR/MMFAR, then the handler, HardFault by escalation, or lockup. */
void core_exc_fault(struct sim *s, uint32_t ret_addr);
void core_exc_svc(struct sim *s, uint32_t ret_addr);
void core_exc_return(struct sim *s, uint32_t exc_return);
bool core_exc_is_return(struct sim *s, uint32_t addr);
/* Unicorn keeps TB flags (Handler mode, privilege) cached: recompute them after a change. */
void core_exc_sync_flags(struct sim *s);
/* Write CONTROL, MSP, PSP and xPSR (IPSR: the mode) whatever the privilege Unicorn sees. */
void core_exc_set_state(struct sim *s, uint32_t control, uint32_t msp, uint32_t psp, uint32_t xpsr);

/* core_fp.c: the FP part of an extended exception frame (FPCCR, FPCAR) */
/* FPCCR's HFRDY, MMRDY, BFRDY, MONRDY (v7-M and v8-M), SFRDY, UFRDY (v8-M): from core_exc.c */
#define CORE_FPCCR_HFRDY (1u << 4)
#define CORE_FPCCR_MMRDY (1u << 5)
#define CORE_FPCCR_BFRDY (1u << 6)
#define CORE_FPCCR_SFRDY (1u << 7)
#define CORE_FPCCR_MONRDY (1u << 8)
#define CORE_FPCCR_UFRDY (1u << 10)
#define CORE_FPCCR_RDY_MASK 0x5F0u
#define CORE_FPCCR_LSPACT (1u << 0)
uint32_t core_fp_reset_fpccr(struct sim *s);
void core_fp_write_fpccr(struct sim *s, uint32_t val);
/*
 * Entry with CONTROL.FPCA: puts S0-S15 and FPSCR into w (17 words, for the frame at
 * fp_area) and returns 17, or (lazy) sets FPCAR = fp_area, LSPACT and the rest of
 * UpdateFPCCR and returns 0. thread/privileged: the interrupted code; rdy: the xxRDY bits.
 */
unsigned core_fp_push(struct sim *s, uint32_t fp_area, uint32_t *w, bool thread, bool privileged, uint32_t rdy);
/* Return with an extended frame whose FP words are w: reload them, or (LSPACT) drop LSPACT. */
void core_fp_pop(struct sim *s, const uint32_t *w);
/* Code hook while FPCCR.LSPACT: an FP instruction at addr saves the context to FPCAR
 * first (a bus error there is recorded with core_note_fault). */
void core_fp_lazy_check(struct sim *s, uint32_t addr, uint32_t size);

/* core_nvic.c: SCS offsets of the NVIC (0x100..0x5EC, STIR) and ICSR, SHPR1-3, SHCSR, ICTR */
bool core_nvic_reg(struct sim *s, uint32_t off);
uint32_t core_nvic_read(struct sim *s, uint32_t off);
void core_nvic_write(struct sim *s, uint32_t off, uint32_t val);
/* Registers where a sub-word write sets or clears only the bits written (ISER, ICPR, ...). */
bool core_nvic_w1(uint32_t off);

/* core_systick.c: SCS offsets 0x010..0x01C */
bool core_systick_reg(uint32_t off);
/* side_effects false: a peek (sub-word write merge), which leaves COUNTFLAG alone. */
uint32_t core_systick_read(struct sim *s, enum sim_bus_master_e who, uint32_t off, bool side_effects);
void core_systick_write(struct sim *s, uint32_t off, uint32_t val);
void core_systick_reset(struct sim *s);
/* Bring the counter up to now (a wrap with TICKINT pends the SysTick exception). */
void core_systick_poll(struct sim *s);
/* Core cycles from now until the counter next reaches 0 with TICKINT set; UINT64_MAX if never. */
uint64_t core_systick_cycles_to_irq(struct sim *s);

/* core_fpb.c */
int core_fpb_register(struct sim *s);
void core_fpb_power_on(struct sim *s);
bool core_fpb_match(struct sim *s, uint32_t addr);
bool core_fpb_armed(struct sim *s);

/* core_dwt.c */
int core_dwt_register(struct sim *s);
void core_dwt_power_on(struct sim *s);
bool core_dwt_pc_match(struct sim *s, uint32_t addr);
bool core_dwt_pc_armed(struct sim *s);
bool core_dwt_wants_data_hook(struct sim *s);
/* A CPU data access; returns true when it must halt the core (debug event). */
bool core_dwt_data_access(struct sim *s, uint32_t addr, unsigned size, bool write);
void core_dwt_count(struct sim *s, uint64_t cycles);
/* Fold the instructions executed so far in this uc_emu_start into DWT_CYCCNT. */
void core_dwt_sync(struct sim *s);

/* Common helpers for 32-bit register blocks that accept 8/16-bit accesses. */
static inline uint32_t core_subword_read(uint32_t word, uint32_t offset, unsigned size)
{
	unsigned shift = 8 * (offset & 3);
	return size == 4 ? word : (word >> shift) & ((1u << (8 * size)) - 1);
}

static inline uint32_t core_subword_merge(uint32_t old, uint32_t offset, unsigned size, uint32_t val)
{
	if (size == 4)
		return val;
	unsigned shift = 8 * (offset & 3);
	uint32_t mask = ((1u << (8 * size)) - 1) << shift;
	return (old & ~mask) | ((val << shift) & mask);
}

#endif
