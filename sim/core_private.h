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
 * core_systick.c SysTick counter and COUNTFLAG (no exception)
 *
 * References: ARMv7-M ARM (DDI 0403E) C1.6 (debug system registers), C1.8 (DWT),
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
	CORE_STOP_FAULT,	/* a fault this model does not deliver: lockup or vector catch */
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
	bool sleeping;		/* WFI with no interrupt model to wake it */
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
	uint32_t vtor, aircr, scr, ccr, shcsr, cpacr, nsacr, dscsr;
	uint32_t shpr[3];
	uint32_t cfsr, hfsr, mmfar, bfar, afsr;
	uint32_t fpccr, fpcar, fpdscr;
	struct core_systick_s systick;
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

/* core_systick.c: SCS offsets 0x010..0x01C */
bool core_systick_reg(uint32_t off);
/* side_effects false: a peek (sub-word write merge), which leaves COUNTFLAG alone. */
uint32_t core_systick_read(struct sim *s, enum sim_bus_master_e who, uint32_t off, bool side_effects);
void core_systick_write(struct sim *s, uint32_t off, uint32_t val);
void core_systick_reset(struct sim *s);

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
