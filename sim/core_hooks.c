// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What Unicorn sees of the board, and what the core model learns from Unicorn while the
 * CPU runs: the memory map (host buffers and MMIO windows onto the bus) and the hooks.
 *
 * Memory: every bus region is mapped with uc_mem_map_ptr on its own buffer (RAM read/write/
 * execute, flash and ROM read/execute). Peripherals have no buffer: each 4 KB page
 * that a peripheral block touches is mapped with uc_mmio_map onto sim_bus_read/write with
 * SIM_MASTER_CPU, so the CPU sees the same registers as the debugger. The PPB
 * (0xE0000000-0xE00FFFFF) is one window from the start; other blocks are mapped lazily, at
 * the start of each core_run_cycles(), because models register them after core_create().
 * Addresses that nothing claims stay unmapped, so the CPU gets a bus fault there. A page
 * already mapped as memory is not remapped: CPU reads of a peripheral that claims part of
 * a memory region come from the buffer, CPU writes reach the bus (see below).
 *
 * Unicorn hooks never stop the CPU in the middle of an instruction: stopping from an MMIO
 * or memory callback leaves the PC at the accessing instruction although its access has
 * happened (tried on Unicorn 2.0.1), so resuming would repeat it. Hooks record why the CPU
 * must stop (core->stop) and the code hook, called before the next instruction, stops it.
 */
#include <string.h>

#include "core_private.h"

/* QEMU's exception numbers as Unicorn's UC_HOOK_INTR reports them (target/arm/cpu.h). */
enum core_excp_e {
	CORE_EXCP_UDEF = 1,
	CORE_EXCP_SWI = 2,
	CORE_EXCP_PREFETCH_ABORT = 3,
	CORE_EXCP_DATA_ABORT = 4,
	CORE_EXCP_BKPT = 7,
	CORE_EXCP_EXCEPTION_EXIT = 8,
	CORE_EXCP_NOCP = 17,
	CORE_EXCP_INVSTATE = 18,
	CORE_EXCP_STKOF = 19,
	CORE_EXCP_UNALIGNED = 22,
};

/* Record a fault found inside a hook; the first one of an instruction wins. */
void core_note_fault(struct sim_core_s *c, uint32_t cfsr, uint32_t hfsr, bool addr_valid, uint32_t addr,
		     const char *what)
{
	if (c->stop == CORE_STOP_FAULT)
		return;
	c->stop = CORE_STOP_FAULT;
	c->fault_cfsr = cfsr;
	c->fault_hfsr = hfsr;
	c->fault_addr_valid = addr_valid;
	c->fault_addr = addr;
	c->fault_what = what;
	/* The faulting instruction, except for a fetch fault: there the PC is the bad address. */
	c->fault_pc = c->cur_pc;
	c->fault_pc_valid = !(cfsr & (SCS_CFSR_IBUSERR | SCS_CFSR_IACCVIOL | SCS_CFSR_INVPC));
}

/* ---- MMIO windows onto the bus ---- */

static uint64_t mmio_read(uc_engine *uc, uint64_t offset, unsigned size, void *user)
{
	struct core_mmio_s *w = user;
	uint32_t addr = w->base + (uint32_t)offset, val = 0;

	if (sim_bus_read(w->s, SIM_MASTER_CPU, addr, size, &val) != SIM_BUS_OK) {
		core_note_fault(w->s->core, SCS_CFSR_PRECISERR | SCS_CFSR_BFARVALID, 0, true, addr,
				"bus error on read");
		val = 0;
	}
	return val;
}

static void mmio_write(uc_engine *uc, uint64_t offset, unsigned size, uint64_t value, void *user)
{
	struct core_mmio_s *w = user;
	uint32_t addr = w->base + (uint32_t)offset;

	core_ff_dirty(w->s->core);
	if (sim_bus_write(w->s, SIM_MASTER_CPU, addr, size, (uint32_t)value) != SIM_BUS_OK)
		core_note_fault(w->s->core, SCS_CFSR_PRECISERR | SCS_CFSR_BFARVALID, 0, true, addr,
				"bus error on write");
}

static bool page_mapped(struct sim *s, uint32_t page)
{
	for (unsigned i = 0; i < s->bus.n_mems; i++) {
		const struct sim_region_s *r = s->bus.mems[i].region;
		if (page - r->base < r->size)
			return true;
	}
	for (unsigned i = 0; i < s->core->n_mmio; i++) {
		const struct core_mmio_s *w = &s->core->mmio[i];
		if (page - w->base < w->size)
			return true;
	}
	return false;
}

static uc_err uc_map_window(struct sim_core_s *c, struct core_mmio_s *w)
{
	return uc_mmio_map(c->uc, w->base, w->size, mmio_read, w, mmio_write, w);
}

static int map_window(struct sim *s, uint32_t base, uint32_t size)
{
	struct sim_core_s *c = s->core;

	if (c->n_mmio == CORE_MAX_MMIO) {
		sim_log(s, "core: too many MMIO windows, 0x%08x not mapped for the CPU", base);
		return -1;
	}
	struct core_mmio_s *w = &c->mmio[c->n_mmio];
	*w = (struct core_mmio_s){ .s = s, .base = base, .size = size };
	uc_err e = uc_map_window(c, w);
	if (e != UC_ERR_OK) {
		sim_log(s, "core: uc_mmio_map 0x%08x+0x%x: %s", base, size, uc_strerror(e));
		return -1;
	}
	c->n_mmio++;
	return 0;
}

/* Route the pages of [base, base + size) that nothing maps yet to the bus. */
int core_map_mmio(struct sim *s, uint32_t base, uint32_t size)
{
	uint32_t ps = CORE_MMIO_PAGE;
	uint64_t lo = base & ~(uint64_t)(ps - 1);
	uint64_t hi = ((uint64_t)base + size + ps - 1) & ~(uint64_t)(ps - 1);

	while (lo < hi) {
		if (page_mapped(s, (uint32_t)lo)) {
			lo += ps;
			continue;
		}
		uint64_t end = lo + ps;
		while (end < hi && !page_mapped(s, (uint32_t)end))
			end += ps;
		if (map_window(s, (uint32_t)lo, (uint32_t)(end - lo)))
			return -1;
		lo = end;
	}
	return 0;
}

static uint32_t region_perms(const struct sim_mem_s *m)
{
	if (m->disabled)
		return UC_PROT_NONE;	/* every access faults, as the bus answers with an error */
	return m->region->kind == SIM_REGION_RAM ? UC_PROT_ALL : UC_PROT_READ | UC_PROT_EXEC;
}

void core_mem_changed(struct sim *s, struct sim_mem_s *m)
{
	struct sim_core_s *c = s->core;
	uc_err e = uc_mem_protect(c->uc, m->region->base, m->region->size, region_perms(m));

	if (e != UC_ERR_OK)
		sim_log(s, "core: cannot change access to region %s: %s", m->region->name, uc_strerror(e));
	/* Translated code from the region must not outlive its access rights: the bytes are
	 * the same, so comparing them would keep it. */
	c->flush_all_tb = true;
}

int core_map_memory(struct sim *s, char *err, size_t errlen)
{
	struct sim_core_s *c = s->core;

	for (unsigned i = 0; i < s->bus.n_mems; i++) {
		const struct sim_mem_s *m = &s->bus.mems[i];
		uint32_t perms = region_perms(m);
		uc_err e = uc_mem_map_ptr(c->uc, m->region->base, m->region->size, perms, m->data);
		if (e != UC_ERR_OK) {
			snprintf(err, errlen, "core: cannot map region %s at 0x%08x: %s", m->region->name,
				 m->region->base, uc_strerror(e));
			return -1;
		}
	}
	if (c->n_mmio == 0)
		return core_map_mmio(s, CORE_PPB_BASE, CORE_PPB_SIZE);
	/* A fresh instance (core_tcg.c): the same windows, onto the same bus. */
	for (unsigned i = 0; i < c->n_mmio; i++) {
		uc_err e = uc_map_window(c, &c->mmio[i]);
		if (e != UC_ERR_OK) {
			snprintf(err, errlen, "core: uc_mmio_map 0x%08x+0x%x: %s", c->mmio[i].base, c->mmio[i].size,
				 uc_strerror(e));
			return -1;
		}
	}
	return 0;
}

void core_map_new_periphs(struct sim *s)
{
	struct sim_core_s *c = s->core;

	for (; c->periphs_seen < s->bus.n_periphs; c->periphs_seen++) {
		const struct sim_periph_s *p = &s->bus.periphs[c->periphs_seen];
		if (p->size)
			core_map_mmio(s, p->base, p->size);
	}
}

/* ---- CPU writes to read-only pages (flash, ROM) ---- */

void core_apply_deferred(struct sim *s)
{
	struct sim_core_s *c = s->core;

	for (unsigned i = 0; i < c->n_deferred; i++) {
		struct core_deferred_s *d = &c->deferred[i];
		struct sim_mem_s *m = sim_bus_mem_at(s, d->addr);
		if (m)
			memcpy(m->data + (d->addr - m->region->base), d->bytes, d->size);
	}
	c->n_deferred = 0;
}

/*
 * Unicorn reports a CPU write to a read-only page through UC_HOOK_MEM_WRITE_PROT and then,
 * if the hook returns true, stores the value into the host buffer anyway (Unicorn 2.0.1).
 * The write belongs to the bus (a flash controller in programming mode takes it, otherwise
 * it is a bus error), so: hand it to the bus, remember what the bus left in memory, and put
 * that back before the next instruction.
 */
static bool cpu_write_readonly(struct sim *s, uint32_t addr, unsigned size, uint32_t value)
{
	struct sim_core_s *c = s->core;
	struct sim_mem_s *m = sim_bus_mem_at(s, addr);

	core_ff_dirty(c);
	if (!m || addr + size - m->region->base > m->region->size || c->n_deferred == CORE_MAX_DEFERRED) {
		core_note_fault(c, SCS_CFSR_PRECISERR | SCS_CFSR_BFARVALID, 0, true, addr, "bus error on write");
		return false;
	}
	if (sim_bus_write(s, SIM_MASTER_CPU, addr, size, value) != SIM_BUS_OK)
		core_note_fault(c, SCS_CFSR_PRECISERR | SCS_CFSR_BFARVALID, 0, true, addr,
				"write to read-only memory");
	struct core_deferred_s *d = &c->deferred[c->n_deferred++];
	d->addr = addr;
	d->size = size;
	memcpy(d->bytes, m->data + (addr - m->region->base), size);
	return true;
}

/* ---- hooks ---- */

static void hook_code(uc_engine *uc, uint64_t address, uint32_t size, void *user)
{
	struct sim *s = user;
	struct sim_core_s *c = s->core;
	uint32_t addr = (uint32_t)address;

	if (c->n_deferred)
		core_apply_deferred(s);
	/* A stop decided during the previous instruction (watchpoint, fault, reset request). */
	if (c->stop != CORE_STOP_NONE) {
		uc_emu_stop(uc);
		return;
	}
	/* An exception became pending or unmasked (NVIC write, SysTick, CPSIE, MSR BASEPRI):
	 * it preempts before this instruction, which becomes the return address. */
	if (c->exc.pend_any && core_exc_ready(s)) {
		c->stop = CORE_STOP_EXC;
		uc_emu_stop(uc);
		return;
	}
	c->cur_pc = addr;
	core_ff_insn(s, addr, size);	/* may count skipped iterations of an idle loop */
	if (c->executed >= c->budget) {
		c->stop = CORE_STOP_BUDGET;
	} else if (c->dhcsr_ctrl & SCS_DHCSR_C_DEBUGEN) {
		/* Breakpoints are checked before the instruction executes, also at the resume address. */
		if (c->fpb_armed && core_fpb_match(s, addr))
			c->stop = CORE_STOP_BKPT;
		else if (c->dwt_pc_armed && core_dwt_pc_match(s, addr))
			c->stop = CORE_STOP_DWT;
	}
	/* Lazy FP preservation pending: an FP instruction saves the context before it runs. */
	if (c->stop == CORE_STOP_NONE && (c->fpccr & CORE_FPCCR_LSPACT))
		core_fp_lazy_check(s, addr, size);
	if (c->stop != CORE_STOP_NONE) {
		uc_emu_stop(uc);
		return;
	}
	c->executed++;
}

static void fault_from_intr(struct sim_core_s *c, uint32_t intno)
{
	switch (intno) {
	case CORE_EXCP_UDEF:
		core_note_fault(c, SCS_CFSR_UNDEFINSTR, 0, false, 0, "undefined instruction");
		break;
	case CORE_EXCP_PREFETCH_ABORT:
		core_note_fault(c, SCS_CFSR_IBUSERR, 0, false, 0, "instruction fetch fault");
		break;
	case CORE_EXCP_DATA_ABORT:
		core_note_fault(c, SCS_CFSR_PRECISERR, 0, false, 0, "data access fault");
		break;
	case CORE_EXCP_NOCP:
		core_note_fault(c, SCS_CFSR_NOCP, 0, false, 0, "coprocessor disabled");
		break;
	case CORE_EXCP_INVSTATE:
		core_note_fault(c, SCS_CFSR_INVSTATE, 0, false, 0, "invalid state (Thumb bit clear)");
		break;
	case CORE_EXCP_STKOF:
		core_note_fault(c, SCS_CFSR_STKOF, 0, false, 0, "stack overflow");
		break;
	case CORE_EXCP_UNALIGNED:
		core_note_fault(c, SCS_CFSR_UNALIGNED, 0, false, 0, "unaligned access");
		break;
	default:
		core_note_fault(c, 0, 0, false, 0, "exception not modeled");
		break;
	}
}

/*
 * Unicorn 2.0.1 does not deliver M-profile exceptions: it reports them here (as QEMU's
 * exception number) and carries on after the instruction. BKPT arrives as EXCP_BKPT with
 * the PC still at the BKPT, which is where a Cortex-M halts for it (ARMv7-M C1.5). SVC
 * arrives with the PC after it (its return address); EXCP_EXCEPTION_EXIT with the PC
 * holding the EXC_RETURN value that a BX, POP or LDR to the PC loaded in Handler mode.
 */
static void hook_intr(uc_engine *uc, uint32_t intno, void *user)
{
	struct sim *s = user;
	struct sim_core_s *c = s->core;

	if (intno == CORE_EXCP_EXCEPTION_EXIT || intno == CORE_EXCP_SWI) {
		/* exception return or SVC: taken between two instructions (core_exc.c) */
		if (c->stop == CORE_STOP_NONE || c->stop == CORE_STOP_BUDGET)
			c->stop = intno == CORE_EXCP_SWI ? CORE_STOP_SVC : CORE_STOP_EXC_RETURN;
	} else if (intno == CORE_EXCP_BKPT) {
		c->executed--;	/* a BKPT that halts does not retire */
		if (c->dhcsr_ctrl & SCS_DHCSR_C_DEBUGEN)
			c->stop = CORE_STOP_BKPT;
		else	/* without a debugger, BKPT escalates to HardFault (ARMv7-M C1.5.1) */
			core_note_fault(c, 0, SCS_HFSR_DEBUGEVT, false, 0, "BKPT without debugger");
	} else {
		fault_from_intr(c, intno);
	}
	uc_emu_stop(uc);
}

static bool hook_bad_mem(uc_engine *uc, uc_mem_type type, uint64_t address, int size, int64_t value, void *user)
{
	struct sim *s = user;
	uint32_t addr = (uint32_t)address;
	struct sim_mem_s *m;

	/* A disabled region a model gates (an XIP window): the read or fetch goes on if it says so. */
	if ((type == UC_MEM_READ_PROT || type == UC_MEM_FETCH_PROT) && (m = sim_bus_mem_at(s, addr)) && m->disabled &&
	    m->gate && m->gate(s, m->gate_ctx, SIM_MASTER_CPU, addr))
		return true;
	switch (type) {
	case UC_MEM_WRITE_PROT:
		return cpu_write_readonly(s, addr, (unsigned)size, (uint32_t)value);
	case UC_MEM_FETCH_UNMAPPED:
	case UC_MEM_FETCH_PROT:
		/* a branch to EXC_RETURN that QEMU translated as a plain branch (see core_exc.c) */
		if (core_exc_is_return(s, addr)) {
			if (s->core->stop == CORE_STOP_NONE || s->core->stop == CORE_STOP_BUDGET)
				s->core->stop = CORE_STOP_EXC_RETURN;
			break;
		}
		core_note_fault(s->core, SCS_CFSR_IBUSERR, 0, false, 0, "instruction fetch from unmapped address");
		break;
	default:
		core_note_fault(s->core, SCS_CFSR_PRECISERR | SCS_CFSR_BFARVALID, 0, true, addr,
				"access to unmapped address");
		break;
	}
	return false;
}

/* Installed only while a DWT comparator watches data: it makes every access slower. */
static void hook_data(uc_engine *uc, uc_mem_type type, uint64_t address, int size, int64_t value, void *user)
{
	struct sim *s = user;
	struct sim_core_s *c = s->core;
	bool write = type == UC_MEM_WRITE;

	if (core_dwt_data_access(s, (uint32_t)address, (unsigned)size, write) &&
	    (c->stop == CORE_STOP_NONE || c->stop == CORE_STOP_BUDGET))
		c->stop = CORE_STOP_DWT;	/* halts after this instruction (ARMv7-M C1.8.5) */
}

static uc_err add_data_hook(struct sim *s)
{
	struct sim_core_s *c = s->core;

	return uc_hook_add(c->uc, &c->data_hook, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, hook_data, s, 1, 0);
}

int core_hooks_add(struct sim *s)
{
	struct sim_core_s *c = s->core;

	if (uc_hook_add(c->uc, &c->code_hook, UC_HOOK_CODE, hook_code, s, 1, 0) ||
	    uc_hook_add(c->uc, &c->intr_hook, UC_HOOK_INTR, hook_intr, s, 1, 0) ||
	    uc_hook_add(c->uc, &c->bad_mem_hook, UC_HOOK_MEM_UNMAPPED | UC_HOOK_MEM_PROT, hook_bad_mem, s, 1, 0))
		return -1;
	/* a fresh instance (core_tcg.c) while a DWT comparator watches data */
	if (c->data_hook_on && add_data_hook(s))
		return -1;
	return 0;
}

/* Add or remove the data-access hook to follow the DWT configuration. */
void core_sync_data_hook(struct sim *s)
{
	struct sim_core_s *c = s->core;
	bool want = core_dwt_wants_data_hook(s);

	if (want == c->data_hook_on)
		return;
	if (want)
		want = add_data_hook(s) == UC_ERR_OK;
	else
		uc_hook_del(c->uc, c->data_hook);
	c->data_hook_on = want;
	c->flush_all_tb = true;	/* translated code may have the memory fast path built in */
}
