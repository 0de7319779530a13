// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Cortex-M core: the CPU runs on Unicorn 2 (QEMU's M-profile translator), the debug
 * block around it (halt, step, breakpoints, watchpoints, reset, vector catch) is modeled
 * here, as a debugger sees it through the SCS, FPB and DWT (core_scs.c, core_fpb.c,
 * core_dwt.c).
 *
 * Timing model: one instruction is one core cycle. core_run_cycles(n) executes at most n
 * instructions; the instruction counter and DWT_CYCCNT count the instructions executed,
 * and a model the CPU touches sees the time of the touching instruction (sim_now_ns).
 * Iterations of a loop that provably spins are skipped but counted (core_ff.c).
 *
 * Exceptions (core_exc.c): faults, SVC, PendSV, SysTick and the board's interrupts are
 * taken and returned from as on silicon, between two calls of uc_emu_start: the hooks stop
 * the CPU at the instruction boundary where an exception is due, and the run loop below
 * enters or leaves it. A fault that nothing can take locks the core up (DHCSR.S_LOCKUP)
 * with the PC at the faulting instruction; DEMCR vector catch (VC_HARDERR, VC_BUSERR, ...)
 * halts on the first instruction of the handler, after stacking, with DFSR.VCATCH.
 * WFI sleeps until an exception would preempt if PRIMASK were clear (ARMv7-M B1.5.19);
 * the cycles asleep count for SysTick, so its interrupt wakes the core.
 */
#include <stdlib.h>
#include <string.h>

#include "core_private.h"

#define XPSR_T (1u << 24)
#define THUMB_WFI 0xBF30u

uint32_t core_reg_get(struct sim *s, int uc_reg)
{
	uint32_t v = 0;
	uc_reg_read(s->core->uc, uc_reg, &v);
	return v;
}

void core_reg_set(struct sim *s, int uc_reg, uint32_t val)
{
	uc_reg_write(s->core->uc, uc_reg, &val);
}

/*
 * Unicorn takes EPSR.T from bit 0 of a value written to the PC (an interworking branch),
 * so writing the halfword address alone would clear T: keep the current T instead.
 */
void core_set_pc(struct sim *s, uint32_t pc)
{
	uint32_t t = (core_reg_get(s, UC_ARM_REG_XPSR) & XPSR_T) ? 1u : 0u;
	core_reg_set(s, UC_ARM_REG_PC, (pc & ~1u) | t);
}

int core_create(struct sim *s, char *err, size_t errlen)
{
	s->core = calloc(1, sizeof(*s->core));
	if (!s->core) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (core_scs_register(s) || core_dwt_register(s) || core_fpb_register(s)) {
		snprintf(err, errlen, "core: SCS/DWT/FPB overlap another block on the bus");
		return -1;
	}
	if (core_tcg_open(s, err, errlen))
		return -1;
	core_map_new_periphs(s);
	core_ff_init(s);
	core_power_on_reset(s);
	return 0;
}

void core_destroy(struct sim *s)
{
	if (!s->core)
		return;
	core_tcg_close(s);
	free(s->core);
	s->core = NULL;
}

static uint32_t read_vector(struct sim *s, uint32_t addr)
{
	uint32_t v = 0xFFFFFFFFu;	/* nothing there: the core will fault on it */
	sim_bus_read(s, SIM_MASTER_CPU, addr, 4, &v);
	return v;
}

/* The core registers at reset (ARMv7-M B1.5.5 TakeReset, ARMv8-M B3.27). */
static void core_reset_registers(struct sim *s)
{
	uint32_t vtor = s->board->reset_vtor;
	uint32_t sp = read_vector(s, vtor), pc = read_vector(s, vtor + 4);

	for (int r = UC_ARM_REG_R0; r <= UC_ARM_REG_R12; r++)
		core_reg_set(s, r, 0);
	/* Thread mode, privileged, on the MSP, whatever mode the core was in; EPSR.T comes
	 * from bit 0 of the reset vector (a clear bit faults on the first instruction). */
	core_exc_set_state(s, 0, sp & ~3u, 0, (pc & 1) ? XPSR_T : 0);
	core_reg_set(s, UC_ARM_REG_PRIMASK, 0);
	core_reg_set(s, UC_ARM_REG_BASEPRI, 0);
	core_reg_set(s, UC_ARM_REG_FAULTMASK, 0);
	core_reg_set(s, UC_ARM_REG_LR, 0xFFFFFFFFu);
	core_reg_set(s, UC_ARM_REG_FPSCR, 0);
	core_reg_set(s, UC_ARM_REG_PC, pc);
	memset(&s->core->v8m, 0, sizeof(s->core->v8m));
}

/*
 * System reset (SYSRESETREQ, nRESET release, power-on): the core and the system control
 * block, not the debug block (DHCSR control bits, DEMCR, DFSR, FPB, DWT keep their values;
 * ARMv7-M C1.6, ARMv8-M D1.2). Memory-mapped peripherals are reset by their own models.
 */
/* The core's part of any reset: registers, SCS, then vector catch. */
void core_local_reset(struct sim *s)
{
	struct sim_core_s *c = s->core;

	c->halted = c->lockup = c->sleeping = c->stepping = false;
	core_scs_system_reset(s);
	core_reset_registers(s);
	c->reset_st = true;
	c->flush_tb = true;	/* flash may have been programmed while the old code was cached */
	if (!(c->dhcsr_ctrl & SCS_DHCSR_C_DEBUGEN))
		return;
	/* Reset vector catch: halt before the first instruction (ARMv7-M C1.6.3 DEMCR). */
	if (c->demcr & SCS_DEMCR_VC_CORERESET)
		core_halt(s, SCS_DFSR_VCATCH);
	else if (c->dhcsr_ctrl & SCS_DHCSR_C_HALT)	/* a halt requested across reset */
		core_halt(s, SCS_DFSR_HALTED);
}

void core_power_on_reset(struct sim *s)
{
	struct sim_core_s *c = s->core;

	c->dhcsr_ctrl = 0;
	c->regrdy = c->retire_st = c->restart_st = false;
	c->dcrdr = 0;
	c->demcr = 0;
	c->dfsr = 0;
	core_fpb_power_on(s);
	core_dwt_power_on(s);
	core_system_reset(s);
	if (c->in_reset)
		c->halted = false;
}

void core_set_reset_pin(struct sim *s, bool asserted)
{
	struct sim_core_s *c = s->core;

	if (asserted) {
		c->in_reset = true;
		c->reset_st = true;
		c->halted = c->lockup = c->sleeping = c->stepping = false;
		return;
	}
	if (!c->in_reset)
		return;
	c->in_reset = false;
	core_system_reset(s);
}

bool core_is_halted(const struct sim *s)
{
	return s->core->halted;
}

uint64_t core_slice_executed(const struct sim *s)
{
	return s->core->slice_done + s->core->executed;
}

/* Enter Debug state at the current instruction boundary. */
void core_halt(struct sim *s, uint32_t dfsr_reason)
{
	struct sim_core_s *c = s->core;

	c->halted = true;
	c->sleeping = false;
	c->stepping = false;
	c->lockup = false;	/* ARMv7-M C1.6.2: S_LOCKUP clears when the core enters Debug state */
	c->regrdy = true;
	c->dhcsr_ctrl |= SCS_DHCSR_C_HALT;
	c->dfsr |= dfsr_reason;
}

/* Leave Debug state; with step, execute one instruction and halt again. */
void core_resume(struct sim *s, bool step)
{
	struct sim_core_s *c = s->core;

	c->halted = false;
	c->stepping = step;
	c->regrdy = false;
	c->restart_st = true;
	c->lockup = false;	/* the debugger may have moved the PC out of the faulting code */
	c->flush_tb = true;	/* the debugger may have written code while the core was halted */
}

static bool core_can_run(const struct sim_core_s *c)
{
	return !c->halted && !c->lockup && !c->sleeping && !c->in_reset;
}

static void core_take_fault(struct sim *s)
{
	struct sim_core_s *c = s->core;

	core_exc_fault(s, c->fault_pc_valid ? c->fault_pc : core_reg_get(s, UC_ARM_REG_PC));
}

static bool is_wfi_at(struct sim *s, uint32_t addr)
{
	uint32_t insn = 0;
	return sim_bus_read(s, SIM_MASTER_CPU, addr, 2, &insn) == SIM_BUS_OK && insn == THUMB_WFI;
}

/* Act on how uc_emu_start ended; returns true when the CPU may go on in this slice. */
static bool core_after_emu(struct sim *s, uc_err e)
{
	struct sim_core_s *c = s->core;

	if (e == UC_ERR_INSN_INVALID && c->stop == CORE_STOP_NONE) {
		/* Unicorn ends on WFE/YIELD with the PC past them: hints, treated as NOPs here. */
		if (core_reg_get(s, UC_ARM_REG_PC) != c->cur_pc)
			return true;
		c->executed--;
		core_note_fault(c, SCS_CFSR_UNDEFINSTR, 0, false, 0, "undefined instruction");
	} else if (e != UC_ERR_OK && c->stop == CORE_STOP_NONE) {
		core_note_fault(c, 0, 0, false, 0, uc_strerror(e));
	} else if (e != UC_ERR_OK && c->stop == CORE_STOP_FAULT && c->executed) {
		c->executed--;	/* the faulting instruction did not retire */
	}
	switch (c->stop) {
	case CORE_STOP_NONE:
		/* Unicorn returns early after WFI; anything else would be a model bug. */
		if (is_wfi_at(s, c->cur_pc)) {
			c->sleeping = true;
			return true;	/* asleep until an exception wakes it (core_poll_exceptions) */
		}
		sim_log(s, "core: CPU stopped at 0x%08x for no known reason", core_reg_get(s, UC_ARM_REG_PC));
		break;
	case CORE_STOP_BUDGET:
		return !c->cut;	/* the budget of one call, or the end of the slice */
	case CORE_STOP_BKPT:
		core_halt(s, SCS_DFSR_BKPT);
		break;
	case CORE_STOP_DWT:
		core_halt(s, SCS_DFSR_DWTTRAP);
		break;
	case CORE_STOP_RESET:
		core_system_reset(s);
		break;
	case CORE_STOP_VECTRESET:
		core_local_reset(s);
		break;
	case CORE_STOP_FAULT:
		core_take_fault(s);
		return true;
	case CORE_STOP_EXC:
		core_exc_take_pending(s);
		return true;
	case CORE_STOP_SVC:
		core_exc_svc(s, core_reg_get(s, UC_ARM_REG_PC));
		return true;
	case CORE_STOP_EXC_RETURN:
		core_exc_return(s, core_reg_get(s, UC_ARM_REG_PC) |
					   ((core_reg_get(s, UC_ARM_REG_XPSR) & XPSR_T) ? 1u : 0u));
		return true;
	}
	return false;
}

/* Run up to budget instructions in one uc_emu_start; returns how many retired. */
static uint64_t core_emulate(struct sim *s, uint64_t budget, bool *more)
{
	struct sim_core_s *c = s->core;
	uint32_t pc = core_reg_get(s, UC_ARM_REG_PC);

	c->budget = budget;
	c->slice_done += c->executed;	/* the slice's clock goes on from the previous call */
	c->executed = 0;
	c->dwt_synced = 0;
	c->stop = CORE_STOP_NONE;
	c->n_deferred = 0;
	c->fault_pc_valid = false;
	c->cur_pc = pc;
	/* Kept up to date by the FPB/DWT write handlers too, so a CPU arming a comparator
	 * mid-slice is seen at its next instruction. */
	c->fpb_armed = core_fpb_armed(s);
	c->dwt_pc_armed = core_dwt_pc_armed(s);
	*more = false;
	if (!(core_reg_get(s, UC_ARM_REG_XPSR) & XPSR_T)) {
		/* Cortex-M has no ARM state: executing with EPSR.T clear is an INVSTATE UsageFault. */
		core_note_fault(c, SCS_CFSR_INVSTATE, 0, false, 0, "execution with the Thumb bit clear");
		core_take_fault(s);
		*more = true;
		return 0;
	}
	core_tcg_before_emu(s, pc);
	core_exc_sync_flags(s);	/* the debugger or the exception model may have changed the mode */
	c->in_emu = true;
	/* until = an odd address, which a Thumb PC never equals: only the hooks stop the CPU */
	uc_err e = uc_emu_start(c->uc, pc | 1u, 0xFFFFFFFFu, 0, 0);
	c->in_emu = false;
	core_apply_deferred(s);
	*more = core_after_emu(s, e);
	s->timing.instructions += c->executed;
	if (c->executed > c->dwt_synced)
		core_dwt_count(s, c->executed - c->dwt_synced);
	if (c->executed)
		c->retire_st = true;
	return c->executed;
}

void core_budget_changed(struct sim *s)
{
	struct sim_core_s *c = s->core;

	if (c->in_emu && c->stop == CORE_STOP_NONE)
		c->stop = CORE_STOP_BUDGET;
}

/* Core cycles from now until the next model timer (sim_call_at) is due; UINT64_MAX if none. */
static uint64_t core_cycles_to_timer(struct sim *s)
{
	uint64_t next = sim_timers_next(s);

	if (next == UINT64_MAX)
		return UINT64_MAX;
	uint64_t k = sim_slice_insns_before(s, next) + 1, done = core_slice_executed(s);
	return k > done ? k - done : 1;
}

/* Cycles the CPU may run before something outside it changes: SysTick, a model timer. */
static uint64_t core_cycles_to_event(struct sim *s)
{
	uint64_t systick = core_systick_cycles_to_irq(s), timer = core_cycles_to_timer(s);

	return systick < timer ? systick : timer;
}

/* WFI: the cycles until the next interrupt SysTick or a model may raise (or all that are
 * left) pass asleep. */
static void core_sleep(struct sim *s, uint64_t *left)
{
	struct sim_core_s *c = s->core;
	uint64_t k = core_cycles_to_event(s);

	if (k > *left)
		k = *left;
	c->slice_done += c->executed;	/* the slice's clock goes on (sim_now_ns) */
	c->executed = 0;
	c->slice_done += k;
	c->slept += k;
	*left -= k;
	sim_timers_run(s);
	core_systick_poll(s);
}

/* Between two runs of the CPU: model timers and SysTick up to now, WFI wake-up, then the
 * pending exception that preempts, if any; returns true when one was entered. */
static bool core_poll_exceptions(struct sim *s, uint64_t *left)
{
	struct sim_core_s *c = s->core;

	sim_timers_run(s);
	core_systick_poll(s);
	if (c->sleeping && !core_exc_wakes(s)) {
		core_sleep(s, left);
		if (!core_exc_wakes(s))
			return false;
	}
	c->sleeping = false;
	return core_exc_take_pending(s);
}

/* Exception entries in a row with no instruction retired before the slice gives up. */
#define CORE_MAX_IDLE_RUNS 64

void core_run_cycles(struct sim *s, uint64_t cycles)
{
	struct sim_core_s *c = s->core;

	/* A model that lets time pass from inside a CPU access must not re-enter Unicorn. */
	if (c->in_emu)
		return;
	c->slice_done = c->executed = 0;	/* the slice's clock starts (sim_now_ns) */
	c->cut = false;
	core_ff_slice_start(s);
	core_map_new_periphs(s);
	sim_timers_run(s);	/* a model's interrupt pends while the core is halted too */
	if (c->halted || c->lockup || c->in_reset)
		return;
	core_sync_data_hook(s);
	core_tcg_slice_start(s);	/* translated code must not outlive the memory it came from */
	bool step = c->stepping;
	uint64_t left = step ? 1 : cycles;
	unsigned idle = 0;
	while (left && !c->cut && !c->halted && !c->lockup && !c->in_reset) {
		/* a step that enters an exception halts on the handler's first instruction */
		if (core_poll_exceptions(s, &left) && step)
			break;
		if (!core_can_run(c) || !left)
			break;
		uint64_t budget = core_cycles_to_event(s), n;
		bool more;
		n = core_emulate(s, budget < left ? budget : left, &more);
		left -= n < left ? n : left;
		idle = n ? 0 : idle + 1;
		if (!more || step || idle > CORE_MAX_IDLE_RUNS)
			break;
	}
	/* A step ends in Debug state whatever the instruction did (ARMv7-M C1.5.2). */
	if (step && !c->halted && !c->in_reset)
		core_halt(s, SCS_DFSR_HALTED);
}

void core_system_reset(struct sim *s)
{
	/* Peripherals first: a flash controller reloading its options may remap the flash
	 * the core is about to fetch its vectors from. */
	sim_models_system_reset(s);
	core_local_reset(s);
}

void core_request_system_reset(struct sim *s)
{
	struct sim_core_s *c = s->core;

	/* From inside an instruction (the CPU wrote a register that resets the board), the
	 * reset must wait until Unicorn has finished that instruction. */
	if (c && c->in_emu)
		c->stop = CORE_STOP_RESET;
	else
		core_system_reset(s);
}

void core_end_slice(struct sim *s)
{
	struct sim_core_s *c = s->core;

	/* the code hook stops the CPU before the next instruction; any other stop does too */
	if (c && c->in_emu) {
		c->cut = true;
		if (c->stop == CORE_STOP_NONE)
			c->stop = CORE_STOP_BUDGET;
	}
}
