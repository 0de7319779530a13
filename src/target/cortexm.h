/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One Cortex-M target behind a probe: identification, run control, registers, hardware
 * and software breakpoints, watchpoints, reset, memory access and running a routine in
 * target RAM. Everything goes through the ADI layer (src/adi/), batched where it can be.
 *
 * Errors: functions return 0 or -1; the reason is in cortexm_s.err (a struct error_s with
 * the failing access, address and bit), ready to log and to send to GDB as E.text.
 */
#ifndef SRC_TARGET_CORTEXM_H
#define SRC_TARGET_CORTEXM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/error/error.h"
#include "src/adi/dp.h"
#include "src/adi/memap.h"

struct probe_s;
struct target_part_s;

enum cortexm_core_e {
	CORTEXM_CORE_UNKNOWN,
	CORTEXM_CORE_M4,
	CORTEXM_CORE_M33,
	CORTEXM_CORE_M55,
};

/* Why the core is halted (from DFSR), as GDB's stop replies need it. */
enum cortexm_halt_reason_e {
	CORTEXM_HALT_NONE,		/* running */
	CORTEXM_HALT_REQUEST,		/* halted by the debugger (C_HALT) */
	CORTEXM_HALT_STEP,		/* single step completed */
	CORTEXM_HALT_BREAKPOINT,	/* BKPT instruction or FPB match */
	CORTEXM_HALT_WATCHPOINT,	/* DWT match */
	CORTEXM_HALT_VCATCH,		/* vector catch (reset, hard fault) */
	CORTEXM_HALT_EXTERNAL,		/* EDBGRQ */
	CORTEXM_HALT_LOCKUP,		/* not halted but locked up: needs a reset or a new PC */
};

/* Register numbers in GDB's order for M-profile target descriptions (see src/gdb/tdesc.c). */
enum cortexm_reg_e {
	CORTEXM_R0 = 0, CORTEXM_R12 = 12, CORTEXM_SP = 13, CORTEXM_LR = 14, CORTEXM_PC = 15,
	CORTEXM_XPSR = 16,
	CORTEXM_MSP, CORTEXM_PSP, CORTEXM_PRIMASK, CORTEXM_BASEPRI, CORTEXM_FAULTMASK, CORTEXM_CONTROL,
	CORTEXM_FPSCR,			/* FPU: then S0..S31 follow (as 16 D registers in GDB's view) */
	CORTEXM_S0,
	CORTEXM_S31 = CORTEXM_S0 + 31,
	/* v8-M Security Extension */
	CORTEXM_MSP_NS, CORTEXM_PSP_NS, CORTEXM_MSP_S, CORTEXM_PSP_S,
	CORTEXM_MSPLIM_S, CORTEXM_PSPLIM_S, CORTEXM_MSPLIM_NS, CORTEXM_PSPLIM_NS,
	CORTEXM_REG_COUNT
};

/* EPSR.T in xPSR: the Thumb state bit (an M-profile core executes Thumb only). */
#define CORTEXM_XPSR_T (1u << 24)

enum cortexm_reset_e {
	CORTEXM_RESET_SYSRESETREQ,	/* AIRCR.SYSRESETREQ: core and peripherals */
	CORTEXM_RESET_VECTRESET,	/* AIRCR.VECTRESET: core only (ARMv7-M only) */
	CORTEXM_RESET_HARDWARE,		/* the probe's nRESET pin */
};

enum cortexm_watch_e {
	CORTEXM_WATCH_WRITE,
	CORTEXM_WATCH_READ,
	CORTEXM_WATCH_ACCESS,
};

#define CORTEXM_MAX_FPB 16
#define CORTEXM_MAX_DWT 8
#define CORTEXM_MAX_SWBP 64

struct cortexm_bp_s {
	bool used;
	uint32_t addr;
	unsigned len;		/* 2 or 4 (Thumb or Thumb-2 instruction) */
	bool hw;
	uint16_t saved[2];	/* original half-words of a software breakpoint */
};

struct cortexm_wp_s {
	bool used;
	uint32_t addr;
	unsigned len;
	enum cortexm_watch_e kind;
};

/* A breakpoint lifted for one step from its own address. */
struct cortexm_lifted_bp_s {
	bool active;
	uint32_t addr;
	unsigned len;
	bool hw;
};

struct cortexm_s {
	struct probe_s *probe;
	struct adi_dp_s dp;
	struct adi_memap_s ap;
	struct error_s err;

	/* identity */
	uint32_t cpuid;
	enum cortexm_core_e core;
	const char *core_name;		/* "Cortex-M4" ... */
	bool v8m;
	bool has_fpu;
	bool has_security;		/* v8-M Security Extension */
	uint32_t dbgmcu_idcode;
	const struct target_part_s *part;	/* NULL when the part is not in targets/ */

	/* debug resources */
	unsigned fpb_code, fpb_lit;
	unsigned fpb_rev;		/* 0: v1, 1: v2 */
	unsigned dwt_num;
	bool dwt_v8;
	struct cortexm_bp_s bps[CORTEXM_MAX_SWBP];
	struct cortexm_wp_s wps[CORTEXM_MAX_DWT];
	struct cortexm_lifted_bp_s lifted;

	/* state */
	bool halted;
	enum cortexm_halt_reason_e reason;
	uint32_t watch_hit_addr;	/* data address of the watchpoint that fired */
	enum cortexm_watch_e watch_hit_kind;	/* and its kind */
	bool watch_hit_valid;		/* a comparator reported MATCHED at the last halt */
	bool mask_ints_on_step;		/* default true */
	uint32_t regs[CORTEXM_REG_COUNT];
	bool regs_valid;		/* cache of the registers while halted */
	bool regs_dirty[CORTEXM_REG_COUNT];
};

/* Connect: DP, MEM-AP, CPUID, DBGMCU, part from targets/, FPB/DWT discovery, C_DEBUGEN. */
int cortexm_attach(struct cortexm_s *t, struct probe_s *probe);
void cortexm_detach(struct cortexm_s *t, bool resume);
/*
 * Connects again after the target stopped answering (power loss, a reset that took the
 * debug port down): line reset, DP power-up, MEM-AP, debug enable. Breakpoints and
 * watchpoints are gone with the core's state; the part stays as chosen.
 */
int cortexm_reconnect(struct cortexm_s *t);

/* Run control */
int cortexm_halt(struct cortexm_s *t);
int cortexm_resume(struct cortexm_s *t);	/* writes back dirty registers first */
int cortexm_step(struct cortexm_s *t);		/* one instruction; interrupts masked unless told */
/* Read DHCSR/DFSR and update halted/reason; cheap enough to call while running. */
int cortexm_poll(struct cortexm_s *t);
/* Poll until halted or timeout_ms passes (0: once). Returns 1 halted, 0 still running, -1 error. */
int cortexm_wait_halt(struct cortexm_s *t, unsigned timeout_ms);
int cortexm_reset(struct cortexm_s *t, enum cortexm_reset_e how, bool halt);

/* Registers (numbering: enum cortexm_reg_e); only while halted. */
int cortexm_read_reg(struct cortexm_s *t, unsigned reg, uint32_t *val);
int cortexm_write_reg(struct cortexm_s *t, unsigned reg, uint32_t val);
int cortexm_read_all_regs(struct cortexm_s *t);	/* fills t->regs in as few probe commands as possible */
/* A few whole-word registers straight from the core in one probe command, cache untouched. */
int cortexm_read_regs_direct(struct cortexm_s *t, const unsigned *regs, uint32_t *vals, unsigned n);
bool cortexm_reg_exists(const struct cortexm_s *t, unsigned reg);
const char *cortexm_reg_name(unsigned reg);

/* Memory, any length and alignment */
int cortexm_read_mem(struct cortexm_s *t, uint32_t addr, void *buf, size_t len);
/* A word read queued to ride along with the next access (dst valid after it returns). */
void cortexm_queue_read_u32(struct cortexm_s *t, uint32_t addr, uint32_t *dst);
int cortexm_write_mem(struct cortexm_s *t, uint32_t addr, const void *buf, size_t len);
/* A block write queued to go out with the next access that waits for its result. */
int cortexm_queue_write_mem(struct cortexm_s *t, uint32_t addr, const void *buf, size_t len);
/* Every bus access of exactly size bytes (1, 2 or 4): for peripherals and sized commands. */
int cortexm_read_mem_sized(struct cortexm_s *t, uint32_t addr, void *buf, size_t len, unsigned size);
int cortexm_write_mem_sized(struct cortexm_s *t, uint32_t addr, const void *buf, size_t len, unsigned size);
int cortexm_read_u32(struct cortexm_s *t, uint32_t addr, uint32_t *val);
int cortexm_write_u32(struct cortexm_s *t, uint32_t addr, uint32_t val);

/* Breakpoints: hw uses the FPB (v1 code-region rules on ARMv7-M); sw writes BKPT into RAM. */
int cortexm_add_breakpoint(struct cortexm_s *t, uint32_t addr, unsigned len, bool hw);
int cortexm_remove_breakpoint(struct cortexm_s *t, uint32_t addr, unsigned len, bool hw);
/* The breakpoint set at addr (software or hardware), or NULL. */
const struct cortexm_bp_s *cortexm_breakpoint_at(const struct cortexm_s *t, uint32_t addr);
/* Can the FPB cover this address? (FPB v1: below 0x20000000 only.) */
bool cortexm_hw_breakpoint_reaches(const struct cortexm_s *t, uint32_t addr);
int cortexm_add_watchpoint(struct cortexm_s *t, uint32_t addr, unsigned len, enum cortexm_watch_e kind);
int cortexm_remove_watchpoint(struct cortexm_s *t, uint32_t addr, unsigned len, enum cortexm_watch_e kind);
void cortexm_clear_all_points(struct cortexm_s *t);

/*
 * Run a routine already in target RAM: PC = entry (Thumb), SP = stack_top, R0..R3 = args,
 * LR = a BKPT the routine returns to (bkpt_addr, in RAM, holding 0xBE00). Waits for the halt
 * up to timeout_ms; on success *r0 receives the result. A routine that faults or hangs is
 * halted and reported with its PC in t->err. Registers are saved and restored around it.
 */
int cortexm_run_routine(struct cortexm_s *t, uint32_t entry, uint32_t stack_top, uint32_t bkpt_addr,
			const uint32_t *args, unsigned nargs, unsigned timeout_ms, uint32_t *r0);

/*
 * The same in steps, for a routine that runs while the host talks to it through RAM (the
 * streaming flash programmer): start returns once the core runs; check polls it (1: it
 * halted, 0: still running, -1: error); finish waits for the BKPT and restores the
 * registers; abort halts it and restores them whatever state it is in.
 */
struct cortexm_routine_s {
	bool active;
	uint32_t entry, bkpt_addr;
	/* what the routine must not leave behind (cortexm_routine.c) */
	uint32_t regs[CORTEXM_REG_COUNT];
	enum cortexm_halt_reason_e reason;
	uint32_t watch_hit_addr;
	enum cortexm_watch_e watch_hit_kind;
	bool watch_hit_valid;
	uint32_t demcr, cfsr, hfsr, mmfar, bfar;
};
int cortexm_routine_start(struct cortexm_s *t, struct cortexm_routine_s *r, uint32_t entry, uint32_t stack_top,
			  uint32_t bkpt_addr, const uint32_t *args, unsigned nargs);
/*
 * Another call in a session opened by cortexm_routine_start (whose BKPT has been reached):
 * the saved state stays saved, so a loader can be called many times and the user's state
 * is put back once, by finish or abort. r9: the static base (CMSIS flash algorithms).
 */
int cortexm_routine_call(struct cortexm_s *t, struct cortexm_routine_s *r, uint32_t entry, uint32_t stack_top,
			 uint32_t r9, const uint32_t *args, unsigned nargs);
int cortexm_routine_check(struct cortexm_s *t, struct cortexm_routine_s *r);
int cortexm_routine_finish(struct cortexm_s *t, struct cortexm_routine_s *r, unsigned timeout_ms, uint32_t *r0);
void cortexm_routine_abort(struct cortexm_s *t, struct cortexm_routine_s *r);

const char *cortexm_halt_reason_name(enum cortexm_halt_reason_e r);

/* The last error as one sentence. */
const char *cortexm_error(const struct cortexm_s *t);

#endif /* SRC_TARGET_CORTEXM_H */
