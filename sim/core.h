/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Cortex-M core: CPU (Unicorn) and its debug block as the debugger sees it through
 * the bus: SCS (CPUID, DHCSR, DCRSR, DCRDR, DEMCR, DFSR, AIRCR, ...), FPB and DWT.
 * Registered on the bus by core_create(); the CPU runs only inside core_run_cycles().
 */
#ifndef SIM_CORE_H
#define SIM_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sim;
struct sim_core_s;	/* private to sim/core*.c */

/* Create the CPU, map the board's memory into it, register SCS/DWT/FPB/ITM on the bus. */
int core_create(struct sim *s, char *err, size_t errlen);
void core_destroy(struct sim *s);

/* Power-on reset: everything, including the debug block. */
void core_power_on_reset(struct sim *s);

/* nRESET: asserted holds the core (S_RESET_ST sticky); release runs the reset sequence. */
void core_set_reset_pin(struct sim *s, bool asserted);

/* Let the core run for up to this many cycles of modeled time (no-op while halted). */
void core_run_cycles(struct sim *s, uint64_t cycles);

bool core_is_halted(const struct sim *s);

/* Instructions executed so far in the current run slice (sim_now_ns uses it). */
uint64_t core_slice_executed(const struct sim *s);

/* A CPU read changed a model's state: the loop doing it is not idle (see sim_note_side_effect). */
void core_note_side_effect(struct sim *s);

/* Something the CPU's current run was sized by moved (a SysTick write, a model timer):
 * end that run after the current instruction; the run loop sizes the next one. */
void core_budget_changed(struct sim *s);

/* Stop the CPU after the instruction it is executing (the clock changed under it, ...). */
void core_end_slice(struct sim *s);

/* System reset (SYSRESETREQ, nRESET release, a model's OBL_LAUNCH): models, then the core. */
void core_system_reset(struct sim *s);
/* The same, deferred to the end of the current instruction when the CPU is executing. */
void core_request_system_reset(struct sim *s);

struct sim_mem_s;
/* A region was enabled or disabled (sim_bus_set_enabled): the CPU's view follows. */
void core_mem_changed(struct sim *s, struct sim_mem_s *m);

#endif
