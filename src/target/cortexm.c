// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cortex-M attach, identification and run control (ARMv7-M C1.6, ARMv8-M D1.2).
 *
 * Halt state is read from DHCSR and the halt reason from DFSR, which is cleared after each
 * halt so the next reason is not mixed with the last. C_MASKINTS may only change while the
 * core is halted (ARMv7-M C1.6.2), so stepping first rewrites DHCSR with C_HALT still set.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arch/cortexm_debug.h"
#include "src/probe/probe.h"
#include "src/target/cortexm.h"
#include "src/target/cortexm_internal.h"
#include "targets/targets.h"


static const struct {
	uint16_t partno;
	enum cortexm_core_e core;
	const char *name;
} core_table[] = {
	{ CPUID_PARTNO_CORTEX_M4, CORTEXM_CORE_M4, "Cortex-M4" },
	{ CPUID_PARTNO_CORTEX_M33, CORTEXM_CORE_M33, "Cortex-M33" },
	{ CPUID_PARTNO_CORTEX_M55, CORTEXM_CORE_M55, "Cortex-M55" },
};

int cortexm_fail(struct cortexm_s *t, enum error_code_e code, const char *fmt, ...)
{
	char msg[sizeof(t->err.msg)];
	va_list ap;

	/* formatted before the error is cleared: an argument may be cortexm_error(t) itself */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	error_clear(&t->err);
	t->err.code = code;
	memcpy(t->err.msg, msg, sizeof(msg));
	return -1;
}

const char *cortexm_error(const struct cortexm_s *t)
{
	return t->err.msg[0] ? t->err.msg : "no error";
}

int cortexm_read_u32(struct cortexm_s *t, uint32_t addr, uint32_t *val)
{
	return adi_memap_read_u32(&t->ap, addr, val, &t->err) ? -1 : 0;
}

int cortexm_write_u32(struct cortexm_s *t, uint32_t addr, uint32_t val)
{
	return adi_memap_write_u32(&t->ap, addr, val, &t->err) ? -1 : 0;
}

int cortexm_read_mem(struct cortexm_s *t, uint32_t addr, void *buf, size_t len)
{
	return adi_memap_read(&t->ap, addr, buf, len, &t->err) ? -1 : 0;
}

void cortexm_queue_read_u32(struct cortexm_s *t, uint32_t addr, uint32_t *dst)
{
	adi_memap_queue_read_u32(&t->ap, addr, dst);
}

int cortexm_write_mem(struct cortexm_s *t, uint32_t addr, const void *buf, size_t len)
{
	return adi_memap_write(&t->ap, addr, buf, len, &t->err) ? -1 : 0;
}

int cortexm_queue_write_mem(struct cortexm_s *t, uint32_t addr, const void *buf, size_t len)
{
	return adi_memap_queue_write(&t->ap, addr, buf, len, &t->err) ? -1 : 0;
}

int cortexm_read_mem_sized(struct cortexm_s *t, uint32_t addr, void *buf, size_t len, unsigned size)
{
	return adi_memap_read_sized(&t->ap, addr, buf, len, size, &t->err) ? -1 : 0;
}

int cortexm_write_mem_sized(struct cortexm_s *t, uint32_t addr, const void *buf, size_t len, unsigned size)
{
	return adi_memap_write_sized(&t->ap, addr, buf, len, size, &t->err) ? -1 : 0;
}

/* The first AHB MEM-AP: the one a Cortex-M core sits behind. */
static int find_memap(struct cortexm_s *t, uint8_t *apsel)
{
	struct adi_ap_info_s aps[8];
	unsigned n = 0;

	if (adi_dp_scan_aps(&t->dp, 8, aps, 8, &n, &t->err))
		return -1;
	for (unsigned i = 0; i < n; i++) {
		if (aps[i].is_memap) {
			*apsel = aps[i].apsel;
			return 0;
		}
	}
	return cortexm_fail(t, ADI_ERR_NO_MEMAP, "no MEM-AP found among the first 8 APs (DPIDR 0x%08x)",
			    t->dp.dpidr);
}

static int identify_core(struct cortexm_s *t)
{
	uint32_t mvfr0 = 0, pfr1 = 0;

	if (cortexm_read_u32(t, SCS_CPUID_ADDR, &t->cpuid))
		return -1;
	for (unsigned i = 0; i < sizeof(core_table) / sizeof(core_table[0]); i++) {
		if (core_table[i].partno == CPUID_PARTNO(t->cpuid)) {
			t->core = core_table[i].core;
			t->core_name = core_table[i].name;
		}
	}
	if (t->core == CORTEXM_CORE_UNKNOWN)
		return cortexm_fail(t, ADI_ERR_NO_MEMAP, "CPUID 0x%08x (part 0x%03x) is not a supported Cortex-M core",
				    t->cpuid, CPUID_PARTNO(t->cpuid));
	t->v8m = t->core != CORTEXM_CORE_M4;
	if (cortexm_read_u32(t, SCS_MVFR0_ADDR, &mvfr0) || cortexm_read_u32(t, SCS_ID_PFR1_ADDR, &pfr1))
		return -1;
	t->has_fpu = (mvfr0 & 0xF0u) != 0;	/* single-precision support */
	t->has_security = t->v8m && ((pfr1 >> 4) & 0xFu) != 0;
	return 0;
}

static int read_for_identify(void *ctx, uint32_t addr, uint32_t *val)
{
	struct cortexm_s *t = ctx;

	if (cortexm_read_u32(t, addr, val) == 0)
		return 0;
	error_clear(&t->err);	/* an address another part uses may not answer here */
	return -1;
}

/* The part, by its DBGMCU_IDCODE (each family keeps it at its own address). */
static void identify_part(struct cortexm_s *t)
{
	t->dbgmcu_idcode = 0;
	t->part = target_part_identify((uint16_t)CPUID_PARTNO(t->cpuid), read_for_identify, t, &t->dbgmcu_idcode);
}

int cortexm_attach(struct cortexm_s *t, struct probe_s *probe)
{
	uint8_t apsel = 0;

	memset(t, 0, sizeof(*t));
	t->probe = probe;
	t->mask_ints_on_step = true;
	if (adi_dp_init(&t->dp, probe, &t->err) || adi_dp_connect(&t->dp, &t->err))
		return -1;
	if (find_memap(t, &apsel) || adi_memap_init(&t->ap, &t->dp, apsel, &t->err))
		return -1;
	if (identify_core(t))
		return -1;
	identify_part(t);
	/* Debug enable keeps the core running; halting is the caller's choice. */
	if (cortexm_write_u32(t, SCS_DHCSR_ADDR, DHCSR_KEY | SCS_DHCSR_C_DEBUGEN))
		return -1;
	if (cortexm_points_discover(t))
		return -1;
	return cortexm_poll(t);
}

int cortexm_reconnect(struct cortexm_s *t)
{
	const struct target_part_s *part = t->part;
	uint32_t cpuid = t->cpuid;
	struct probe_s *probe = t->probe;

	adi_dp_cleanup(&t->dp);
	if (cortexm_attach(t, probe))
		return -1;
	if (t->cpuid != cpuid)
		return cortexm_fail(t, ADI_ERR_NO_MEMAP, "after reconnecting, CPUID reads 0x%08x instead of 0x%08x: "
				    "another target?", t->cpuid, cpuid);
	t->part = part;		/* as chosen at the first attach (--target may have overridden it) */
	return 0;
}

void cortexm_detach(struct cortexm_s *t, bool resume)
{
	cortexm_clear_all_points(t);
	if (resume && t->halted)
		cortexm_resume(t);
	/* Leave debug enabled only if the core stays halted; otherwise hand it back. */
	if (!t->halted || resume)
		cortexm_write_u32(t, SCS_DHCSR_ADDR, DHCSR_KEY);
	adi_dp_cleanup(&t->dp);
}

static enum cortexm_halt_reason_e reason_from_dfsr(uint32_t dfsr)
{
	if (dfsr & SCS_DFSR_DWTTRAP)
		return CORTEXM_HALT_WATCHPOINT;
	if (dfsr & SCS_DFSR_BKPT)
		return CORTEXM_HALT_BREAKPOINT;
	if (dfsr & SCS_DFSR_VCATCH)
		return CORTEXM_HALT_VCATCH;
	if (dfsr & SCS_DFSR_EXTERNAL)
		return CORTEXM_HALT_EXTERNAL;
	return CORTEXM_HALT_REQUEST;
}

/* The core has just been seen halted with this DFSR: find out why, and clear DFSR. */
static int note_halt(struct cortexm_s *t, uint32_t dfsr, bool stepping)
{
	if (cortexm_write_u32(t, SCS_DFSR_ADDR, dfsr))
		return -1;
	t->halted = true;
	t->regs_valid = false;
	t->reason = reason_from_dfsr(dfsr);
	if (stepping && t->reason == CORTEXM_HALT_REQUEST)
		t->reason = CORTEXM_HALT_STEP;
	if (t->reason == CORTEXM_HALT_WATCHPOINT)
		return cortexm_watch_hit(t);
	return 0;
}

int cortexm_poll(struct cortexm_s *t)
{
	uint32_t dhcsr = 0, dfsr = 0;

	/* DFSR rides along in the same probe command: it is needed as soon as S_HALT is seen. */
	adi_memap_queue_read_u32(&t->ap, SCS_DHCSR_ADDR, &dhcsr);
	adi_memap_queue_read_u32(&t->ap, SCS_DFSR_ADDR, &dfsr);
	if (adi_memap_flush(&t->ap, &t->err))
		return -1;
	if (dhcsr & SCS_DHCSR_S_HALT) {
		if (!t->halted)
			return note_halt(t, dfsr, false);
		return 0;
	}
	t->halted = false;
	t->reason = (dhcsr & SCS_DHCSR_S_LOCKUP) ? CORTEXM_HALT_LOCKUP : CORTEXM_HALT_NONE;
	return 0;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

int cortexm_wait_halt(struct cortexm_s *t, unsigned timeout_ms)
{
	uint64_t deadline = now_ms() + timeout_ms;

	do {
		if (cortexm_poll(t))
			return -1;
		if (t->halted)
			return 1;
	} while (now_ms() < deadline);
	return 0;
}

int cortexm_halt(struct cortexm_s *t)
{
	if (cortexm_poll(t))
		return -1;
	if (t->halted)
		return 0;
	if (cortexm_write_u32(t, SCS_DHCSR_ADDR, DHCSR_KEY | SCS_DHCSR_C_DEBUGEN | SCS_DHCSR_C_HALT))
		return -1;
	if (cortexm_wait_halt(t, 500) != 1)
		return t->err.code ? -1 : cortexm_fail(t, ADI_ERR_WAIT, "the core did not halt within 500 ms (DHCSR.S_HALT stays 0)");
	return 0;
}

int cortexm_resume(struct cortexm_s *t)
{
	if (cortexm_flush_regs(t))
		return -1;
	/* Clear old halt reasons and let go, in one probe command. */
	adi_memap_queue_write_u32(&t->ap, SCS_DFSR_ADDR, 0x1F);
	adi_memap_queue_write_u32(&t->ap, SCS_DHCSR_ADDR, DHCSR_KEY | SCS_DHCSR_C_DEBUGEN);
	if (adi_memap_flush(&t->ap, &t->err))
		return -1;
	t->halted = false;
	t->regs_valid = false;
	t->reason = CORTEXM_HALT_NONE;
	return 0;
}

int cortexm_step(struct cortexm_s *t)
{
	uint32_t mask = t->mask_ints_on_step ? SCS_DHCSR_C_MASKINTS : 0;
	int r;

	if (!t->halted)
		return cortexm_fail(t, ADI_ERR_ARG, "cannot step: the core is running");
	if (cortexm_flush_regs(t) || cortexm_step_over_prepare(t))
		return -1;
	if (cortexm_write_u32(t, SCS_DHCSR_ADDR, DHCSR_KEY | SCS_DHCSR_C_DEBUGEN | SCS_DHCSR_C_HALT | mask) ||
	    cortexm_write_u32(t, SCS_DHCSR_ADDR, DHCSR_KEY | SCS_DHCSR_C_DEBUGEN | SCS_DHCSR_C_STEP | mask))
		return -1;
	t->halted = false;
	t->regs_valid = false;
	r = cortexm_wait_halt(t, 500);
	if (cortexm_step_over_finish(t))
		return -1;
	if (r != 1)
		return r < 0 ? -1 : cortexm_fail(t, ADI_ERR_WAIT, "single step did not complete within 500 ms");
	if (t->reason == CORTEXM_HALT_REQUEST)
		t->reason = CORTEXM_HALT_STEP;
	/* Leave C_MASKINTS as it was before the step. */
	return cortexm_write_u32(t, SCS_DHCSR_ADDR, DHCSR_KEY | SCS_DHCSR_C_DEBUGEN | SCS_DHCSR_C_HALT);
}

static int reset_request(struct cortexm_s *t, enum cortexm_reset_e how)
{
	uint32_t bit = how == CORTEXM_RESET_VECTRESET ? SCS_AIRCR_VECTRESET : SCS_AIRCR_SYSRESETREQ;

	if (how == CORTEXM_RESET_HARDWARE) {
		if (probe_set_nreset(t->probe, true) || probe_set_nreset(t->probe, false))
			return cortexm_fail(t, ADI_ERR_PROBE, "nRESET: %s", probe_last_error(t->probe));
		return 0;
	}
	if (how == CORTEXM_RESET_VECTRESET && t->v8m)
		return cortexm_fail(t, ADI_ERR_ARG, "VECTRESET does not exist on ARMv8-M (%s): use sysresetreq",
				    t->core_name);
	/* The write that resets the core may see no answer from a bus being reset: not an error. */
	cortexm_write_u32(t, SCS_AIRCR_ADDR, (SCS_AIRCR_VECTKEY << 16) | bit);
	error_clear(&t->err);
	return 0;
}

/*
 * A reset to run goes through the reset vector catch too, then resumes: DHCSR lives in the
 * debug domain, which a system reset leaves alone, so a core halted before (C_HALT set, or
 * set again by a BKPT it runs into just before the reset) would stop at its first
 * instruction instead of running (OpenOCD's `reset run` clears C_HALT for the same reason).
 * Caught at the vector and resumed, it runs from there whatever it did before.
 */
int cortexm_reset(struct cortexm_s *t, enum cortexm_reset_e how, bool halt)
{
	uint32_t demcr = 0, dhcsr = 0;

	if (cortexm_read_u32(t, SCS_DEMCR_ADDR, &demcr))
		return -1;
	if (cortexm_write_u32(t, SCS_DEMCR_ADDR, demcr | SCS_DEMCR_VC_CORERESET))
		return -1;
	if (reset_request(t, how))
		return -1;
	t->regs_valid = false;
	t->halted = false;
	/* S_RESET_ST is sticky: reading it set proves the reset happened (C1.6.2). */
	for (int i = 0; i < 100 && !(dhcsr & SCS_DHCSR_S_RESET_ST); i++) {
		if (cortexm_read_u32(t, SCS_DHCSR_ADDR, &dhcsr)) {
			error_clear(&t->err);
			adi_dp_connect(&t->dp, &t->err);	/* the DP may need a reconnect after reset */
			adi_memap_invalidate(&t->ap);
		}
	}
	if (!(dhcsr & SCS_DHCSR_S_RESET_ST))
		return cortexm_fail(t, ADI_ERR_WAIT, "reset did not happen: DHCSR.S_RESET_ST never read as 1");
	if (cortexm_wait_halt(t, 500) != 1)
		return cortexm_fail(t, ADI_ERR_WAIT, "the core did not stop at the reset vector (DEMCR.VC_CORERESET)");
	if (cortexm_write_u32(t, SCS_DEMCR_ADDR, demcr & ~SCS_DEMCR_VC_CORERESET))
		return -1;
	return halt ? 0 : cortexm_resume(t);
}

const char *cortexm_halt_reason_name(enum cortexm_halt_reason_e r)
{
	static const char *const names[] = {
		[CORTEXM_HALT_NONE] = "running", [CORTEXM_HALT_REQUEST] = "halt request",
		[CORTEXM_HALT_STEP] = "single step", [CORTEXM_HALT_BREAKPOINT] = "breakpoint",
		[CORTEXM_HALT_WATCHPOINT] = "watchpoint", [CORTEXM_HALT_VCATCH] = "vector catch",
		[CORTEXM_HALT_EXTERNAL] = "external halt", [CORTEXM_HALT_LOCKUP] = "lockup",
	};
	return r < sizeof(names) / sizeof(names[0]) ? names[r] : "?";
}
