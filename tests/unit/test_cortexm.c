// SPDX-License-Identifier: GPL-2.0-or-later
/* The Cortex-M target layer against the in-process virtual boards (probe "sim:BOARD"). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "sim/sim.h"
#include "src/probe/probe.h"
#include "src/target/cortexm.h"
#include "targets/targets.h"

/*
 * The test program, placed at 0x20000000 (assembled with arm-none-eabi-as):
 *  0x00 start:   movs r0, #0 ; ldr r1, =0x20000100
 *  0x04 loop:    adds r0, #1 ; str r0, [r1] ; cmp r0, #50 ; bne loop
 *  0x0c          bkpt #0 ; b start
 *  0x20 routine: muls r1, r2, r1 ; adds r0, r0, r1 ; bx lr      (r0 + r1 * r2)
 *  0x28 faulting: udf #0
 *  0x2c hang:    b hang
 *  0x30 retbkpt: bkpt #0x7f                                      (routines return here)
 *  0x34 wide:    movw r5, #0x1234 (32-bit) ; adds r5, #1 ; bkpt #0
 *  0x40 literal: 0x20000100
 */
static const uint8_t program[] = {
	0x00, 0x20, 0x0f, 0x49, 0x01, 0x30, 0x08, 0x60, 0x32, 0x28, 0xfb, 0xd1, 0x00, 0xbe, 0xf7, 0xe7,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x51, 0x43, 0x40, 0x18, 0x70, 0x47, 0x00, 0x00, 0x00, 0xde, 0x00, 0x00, 0xfe, 0xe7, 0x00, 0x00,
	0x7f, 0xbe, 0x00, 0x00, 0x41, 0xf2, 0x34, 0x25, 0x01, 0x35, 0x00, 0xbe, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x01, 0x00, 0x20,
};
#define PROG 0x20000000u
#define P_LOOP (PROG + 0x04)
#define P_STR (PROG + 0x06)
#define P_CMP (PROG + 0x08)
#define P_BKPT (PROG + 0x0c)
#define P_ROUTINE (PROG + 0x20)
#define P_FAULTING (PROG + 0x28)
#define P_HANG (PROG + 0x2c)
#define P_RETBKPT (PROG + 0x30)
#define P_WIDE (PROG + 0x34)
#define COUNTER 0x20000100u
#define STACK_TOP 0x20002000u

struct fixture_s {
	struct probe_s *probe;
	struct cortexm_s t;
};

/*
 * RSPFLASH_TEST_PROBE names another probe to run the same tests through, e.g.
 * "jlink-tcp:424242" for rspflash-sim reached by libjaylink (tests/unit/test_cortexm_jlink.sh
 * does that inside a network namespace); the simulator then runs in its own process.
 */
static const char *external_probe(void)
{
	return getenv("RSPFLASH_TEST_PROBE");
}

static int open_probe(const char *spec, struct probe_s **p)
{
	char err[256] = "";

	/* an external simulator may still be starting: retry for a while */
	for (int i = 0; i < 40; i++) {
		if (probe_open(spec, 0, p, err, sizeof(err)) == 0)
			return 0;
		if (!external_probe())
			break;
		usleep(50000);
	}
	fail_msg("probe_open(%s): %s", spec, err);
	return -1;
}

/*
 * libjaylink 0.3.1 keeps a TCP J-Link's socket open after jaylink_close() until the
 * process exits, and a J-Link serves one client: so an external probe is opened once and
 * shared by all tests, while in-process boards are fresh for each test.
 */
static struct probe_s *shared_probe;

static int open_board(void **state, const char *board)
{
	static struct fixture_s f;
	char spec[64];

	memset(&f, 0, sizeof(f));
	snprintf(spec, sizeof(spec), "sim:%s", board);
	if (external_probe()) {
		if (!shared_probe)
			open_probe(external_probe(), &shared_probe);
		f.probe = shared_probe;
	} else {
		open_probe(spec, &f.probe);
	}
	if (cortexm_attach(&f.t, f.probe))
		fail_msg("attach: %s", cortexm_error(&f.t));
	assert_int_equal(cortexm_halt(&f.t), 0);
	assert_int_equal(cortexm_write_mem(&f.t, PROG, program, sizeof(program)), 0);
	*state = &f;
	return 0;
}

static int setup_f401(void **state)
{
	return open_board(state, "stm32f401");
}

static int setup_l552(void **state)
{
	return open_board(state, "stm32l552");
}

static int setup_alif(void **state)
{
	return open_board(state, "alif-e7");	/* its DTCM is at 0x20000000, where the program goes */
}

static int teardown(void **state)
{
	struct fixture_s *f = *state;

	cortexm_detach(&f->t, false);
	if (f->probe != shared_probe)
		probe_close(f->probe);
	return 0;
}

static uint64_t probe_commands(struct fixture_s *f)
{
	struct sim_stats_s st;

	if (!probe_sim_board(f->probe))
		skip();	/* counted by the external simulator, not visible here */
	sim_get_stats(probe_sim_board(f->probe), &st);
	return st.probe_commands;
}

static uint32_t reg(struct cortexm_s *t, unsigned r)
{
	uint32_t v = 0;

	assert_int_equal(cortexm_read_reg(t, r, &v), 0);
	return v;
}

static uint32_t mem32(struct cortexm_s *t, uint32_t addr)
{
	uint32_t v = 0;

	assert_int_equal(cortexm_read_u32(t, addr, &v), 0);
	return v;
}

/* Put the PC at addr (Thumb) with a stack, ready to resume. */
static void set_pc(struct cortexm_s *t, uint32_t addr)
{
	assert_int_equal(cortexm_write_reg(t, CORTEXM_PC, addr), 0);
	assert_int_equal(cortexm_write_reg(t, CORTEXM_SP, STACK_TOP), 0);
	assert_int_equal(cortexm_write_reg(t, CORTEXM_XPSR, 1u << 24), 0);
}

static void run_to_halt(struct cortexm_s *t)
{
	assert_int_equal(cortexm_resume(t), 0);
	assert_int_equal(cortexm_wait_halt(t, 2000), 1);
}

static void test_identify_m4(void **state)
{
	struct fixture_s *f = *state;

	assert_string_equal(f->t.core_name, "Cortex-M4");
	assert_false(f->t.v8m);
	assert_true(f->t.has_fpu);
	assert_false(f->t.has_security);
	assert_non_null(f->t.part);
	assert_string_equal(f->t.part->name, "stm32f401");
	assert_int_equal(f->t.fpb_rev, 0);
	assert_int_equal(f->t.fpb_code, 6);
	assert_int_equal(f->t.dwt_num, 4);
	assert_false(f->t.dwt_v8);
}

static void test_identify_m33(void **state)
{
	struct fixture_s *f = *state;

	assert_string_equal(f->t.core_name, "Cortex-M33");
	assert_true(f->t.v8m);
	assert_true(f->t.has_security);
	assert_string_equal(f->t.part->name, "stm32l552");
	assert_int_equal(f->t.fpb_rev, 1);
	assert_int_equal(f->t.fpb_code, 8);
	assert_true(f->t.dwt_v8);
}

static void test_identify_m55(void **state)
{
	struct fixture_s *f = *state;

	assert_string_equal(f->t.core_name, "Cortex-M55");
	assert_true(f->t.v8m);
	/* DWT v2.1 (DEVARCH 0x47711A02) is programmed like v2.0: the revision is ignored */
	assert_true(f->t.dwt_v8);
	assert_null(f->t.part);	/* no DBGMCU on Alif parts: chosen by name, not detected */
}

static void test_run_to_bkpt(void **state)
{
	struct fixture_s *f = *state;

	set_pc(&f->t, PROG);
	run_to_halt(&f->t);
	assert_int_equal(f->t.reason, CORTEXM_HALT_BREAKPOINT);
	assert_int_equal(reg(&f->t, CORTEXM_PC), P_BKPT);
	assert_int_equal(mem32(&f->t, COUNTER), 50);
	assert_int_equal(reg(&f->t, CORTEXM_R0), 50);
}

static void test_halt_while_running(void **state)
{
	struct fixture_s *f = *state;

	set_pc(&f->t, P_HANG);
	assert_int_equal(cortexm_resume(&f->t), 0);
	assert_int_equal(cortexm_wait_halt(&f->t, 20), 0);	/* still running */
	assert_false(f->t.halted);
	assert_int_equal(cortexm_halt(&f->t), 0);
	assert_int_equal(f->t.reason, CORTEXM_HALT_REQUEST);
	assert_int_equal(reg(&f->t, CORTEXM_PC), P_HANG);
}

static void test_step_16_and_32_bit(void **state)
{
	struct fixture_s *f = *state;

	set_pc(&f->t, P_WIDE);
	assert_int_equal(cortexm_step(&f->t), 0);
	assert_int_equal(f->t.reason, CORTEXM_HALT_STEP);
	assert_int_equal(reg(&f->t, CORTEXM_PC), P_WIDE + 4);
	assert_int_equal(reg(&f->t, 5), 0x1234);
	assert_int_equal(cortexm_step(&f->t), 0);
	assert_int_equal(reg(&f->t, CORTEXM_PC), P_WIDE + 6);
	assert_int_equal(reg(&f->t, 5), 0x1235);
}

static void test_registers_round_trip(void **state)
{
	struct fixture_s *f = *state;

	set_pc(&f->t, P_HANG);
	assert_int_equal(cortexm_write_reg(&f->t, 7, 0xDEADBEEF), 0);
	assert_int_equal(cortexm_write_reg(&f->t, CORTEXM_S0 + 3, 0x3F800000), 0);	/* 1.0f */
	assert_int_equal(cortexm_write_reg(&f->t, CORTEXM_BASEPRI, 0x40), 0);
	assert_int_equal(cortexm_resume(&f->t), 0);	/* writes them back */
	assert_int_equal(cortexm_halt(&f->t), 0);
	assert_int_equal(reg(&f->t, 7), 0xDEADBEEF);
	assert_int_equal(reg(&f->t, CORTEXM_S0 + 3), 0x3F800000);
	assert_int_equal(reg(&f->t, CORTEXM_BASEPRI), 0x40);
	assert_false(cortexm_reg_exists(&f->t, CORTEXM_MSP_NS));
}

/*
 * A core left with EPSR.T = 0 (a reset through an even vector: a blank or foreign vector
 * table) and then moved by the debugger (`set $pc = _start`) runs its program: writing the
 * PC sets T; without that the first instruction raises INVSTATE (UsageFault, then a HardFault
 * through whatever the vector table holds).
 */
static void test_pc_write_sets_thumb(void **state)
{
	struct fixture_s *f = *state;

	set_pc(&f->t, PROG);
	/* GDB's G packet: the PC, then the xPSR GDB read (T = 0 after such a reset) */
	assert_int_equal(cortexm_write_reg(&f->t, CORTEXM_XPSR, 0), 0);
	run_to_halt(&f->t);
	assert_int_equal(f->t.reason, CORTEXM_HALT_BREAKPOINT);
	assert_int_equal(reg(&f->t, CORTEXM_PC), P_BKPT);
	assert_int_equal(mem32(&f->t, COUNTER), 50);
}

static void test_security_registers(void **state)
{
	struct fixture_s *f = *state;

	assert_true(cortexm_reg_exists(&f->t, CORTEXM_MSP_NS));
	set_pc(&f->t, P_HANG);
	assert_int_equal(cortexm_write_reg(&f->t, CORTEXM_MSP_NS, 0x20003000), 0);
	assert_int_equal(cortexm_resume(&f->t), 0);	/* writes it back */
	assert_int_equal(cortexm_halt(&f->t), 0);
	assert_int_equal(reg(&f->t, CORTEXM_MSP_NS), 0x20003000);
	assert_string_equal(cortexm_reg_name(CORTEXM_PSPLIM_NS), "psplim_ns");
}

static void test_read_all_regs_is_batched(void **state)
{
	struct fixture_s *f = *state;
	uint64_t before;

	f->t.regs_valid = false;
	before = probe_commands(f);
	assert_int_equal(cortexm_read_all_regs(&f->t), 0);
	/* 50-odd registers, three transfers each: one or two probe commands, not dozens */
	assert_true(probe_commands(f) - before <= 2);
}

static void test_reset_halt_stops_at_vector(void **state)
{
	struct fixture_s *f = *state;
	const uint32_t vectors[2] = { STACK_TOP, PROG | 1 };
	char err[128];
	uint32_t vtor_base = f->t.v8m ? 0x08000000u : 0x00000000u;

	/* An external simulator was started with these vectors (--load); in-process, put them there. */
	if (probe_sim_board(f->probe))
		assert_int_equal(sim_preload(probe_sim_board(f->probe), vtor_base, vectors, sizeof(vectors), err,
					     sizeof(err)), 0);
	assert_int_equal(cortexm_reset(&f->t, CORTEXM_RESET_SYSRESETREQ, true), 0);
	assert_true(f->t.halted);
	assert_int_equal(f->t.reason, CORTEXM_HALT_VCATCH);
	assert_int_equal(reg(&f->t, CORTEXM_PC), PROG);
	assert_int_equal(reg(&f->t, CORTEXM_SP), STACK_TOP);
	/* and it runs from there */
	run_to_halt(&f->t);
	assert_int_equal(reg(&f->t, CORTEXM_PC), P_BKPT);
	assert_int_equal(cortexm_reset(&f->t, CORTEXM_RESET_HARDWARE, true), 0);
	assert_int_equal(reg(&f->t, CORTEXM_PC), PROG);
	/* a reset to run, from halted: the core runs the program to its BKPT (C_HALT lifted;
	 * left set, the core stopped again at the reset vector: a halt request) */
	assert_int_equal(cortexm_reset(&f->t, CORTEXM_RESET_SYSRESETREQ, false), 0);
	assert_int_equal(cortexm_wait_halt(&f->t, 2000), 1);
	assert_int_equal(f->t.reason, CORTEXM_HALT_BREAKPOINT);
	assert_int_equal(reg(&f->t, CORTEXM_PC), P_BKPT);
}

static void test_vectreset_refused_on_v8m(void **state)
{
	struct fixture_s *f = *state;

	assert_int_equal(cortexm_reset(&f->t, CORTEXM_RESET_VECTRESET, true), -1);
	assert_non_null(strstr(cortexm_error(&f->t), "VECTRESET"));
}

static void test_sw_breakpoint_in_ram(void **state)
{
	struct fixture_s *f = *state;
	uint16_t insn = 0;

	assert_false(cortexm_hw_breakpoint_reaches(&f->t, P_CMP));	/* FPB v1: code region only */
	assert_int_equal(cortexm_add_breakpoint(&f->t, P_CMP, 2, true), -1);
	assert_non_null(strstr(cortexm_error(&f->t), "0x20000008"));
	assert_int_equal(cortexm_add_breakpoint(&f->t, P_CMP, 2, false), 0);
	assert_int_equal(cortexm_read_mem(&f->t, P_CMP, &insn, 2), 0);
	assert_int_equal(insn, 0xBE00);
	set_pc(&f->t, PROG);
	run_to_halt(&f->t);
	assert_int_equal(f->t.reason, CORTEXM_HALT_BREAKPOINT);
	assert_int_equal(reg(&f->t, CORTEXM_PC), P_CMP);
	assert_int_equal(mem32(&f->t, COUNTER), 1);
	/* stepping from the breakpoint executes the real instruction, and keeps the breakpoint */
	assert_int_equal(cortexm_step(&f->t), 0);
	assert_int_equal(reg(&f->t, CORTEXM_PC), P_CMP + 2);
	run_to_halt(&f->t);
	assert_int_equal(reg(&f->t, CORTEXM_PC), P_CMP);
	assert_int_equal(mem32(&f->t, COUNTER), 2);
	assert_int_equal(cortexm_remove_breakpoint(&f->t, P_CMP, 2, false), 0);
	assert_int_equal(cortexm_read_mem(&f->t, P_CMP, &insn, 2), 0);
	assert_int_equal(insn, 0x2832);	/* cmp r0, #50 is back */
}

static void test_hw_breakpoint_v2_anywhere(void **state)
{
	struct fixture_s *f = *state;

	assert_int_equal(cortexm_add_breakpoint(&f->t, P_STR, 2, true), 0);
	set_pc(&f->t, PROG);
	run_to_halt(&f->t);
	assert_int_equal(f->t.reason, CORTEXM_HALT_BREAKPOINT);
	assert_int_equal(reg(&f->t, CORTEXM_PC), P_STR);
	assert_int_equal(cortexm_step(&f->t), 0);	/* lifts the comparator for the step */
	assert_int_equal(reg(&f->t, CORTEXM_PC), P_CMP);
	assert_int_equal(mem32(&f->t, COUNTER), 1);
	assert_int_equal(cortexm_remove_breakpoint(&f->t, P_STR, 2, true), 0);
	run_to_halt(&f->t);
	assert_int_equal(reg(&f->t, CORTEXM_PC), P_BKPT);
}

static void test_write_watchpoint(void **state)
{
	struct fixture_s *f = *state;

	assert_int_equal(cortexm_add_watchpoint(&f->t, COUNTER, 4, CORTEXM_WATCH_WRITE), 0);
	set_pc(&f->t, PROG);
	run_to_halt(&f->t);
	assert_int_equal(f->t.reason, CORTEXM_HALT_WATCHPOINT);
	assert_int_equal(f->t.watch_hit_addr, COUNTER);
	assert_int_equal(mem32(&f->t, COUNTER), 1);
	assert_int_equal(reg(&f->t, CORTEXM_PC), P_STR + 2);	/* after the store */
	run_to_halt(&f->t);
	assert_int_equal(mem32(&f->t, COUNTER), 2);
	assert_int_equal(cortexm_remove_watchpoint(&f->t, COUNTER, 4, CORTEXM_WATCH_WRITE), 0);
	run_to_halt(&f->t);
	assert_int_equal(f->t.reason, CORTEXM_HALT_BREAKPOINT);
	assert_int_equal(mem32(&f->t, COUNTER), 50);
	/* a range the DWT cannot express is refused with the reason */
	assert_int_equal(cortexm_add_watchpoint(&f->t, COUNTER + 1, 4, CORTEXM_WATCH_READ), -1);
	assert_non_null(strstr(cortexm_error(&f->t), "naturally aligned"));
}

static void test_run_routine(void **state)
{
	struct fixture_s *f = *state;
	const uint32_t args[3] = { 5, 6, 7 };
	uint32_t r0 = 0;

	set_pc(&f->t, P_WIDE);
	assert_int_equal(cortexm_write_reg(&f->t, 4, 0x44444444), 0);
	assert_int_equal(cortexm_run_routine(&f->t, P_ROUTINE, STACK_TOP, P_RETBKPT, args, 3, 1000, &r0), 0);
	assert_int_equal(r0, 5 + 6 * 7);
	/* A second call, counted: registers move in batches, not one probe command each. */
	uint64_t before = probe_commands(f);
	assert_int_equal(cortexm_run_routine(&f->t, P_ROUTINE, STACK_TOP, P_RETBKPT, args, 3, 1000, &r0), 0);
	print_message("  run_routine: %llu probe commands per call\n", (unsigned long long)(probe_commands(f) - before));
	assert_true(probe_commands(f) - before <= 12);
	/* the interrupted program's registers are back */
	assert_int_equal(reg(&f->t, CORTEXM_PC), P_WIDE);
	assert_int_equal(reg(&f->t, 4), 0x44444444);
}

static void test_routine_fault_and_hang_reported(void **state)
{
	struct fixture_s *f = *state;
	uint32_t r0;

	set_pc(&f->t, P_WIDE);
	assert_int_equal(cortexm_run_routine(&f->t, P_FAULTING, STACK_TOP, P_RETBKPT, NULL, 0, 200, &r0), -1);
	assert_non_null(strstr(cortexm_error(&f->t), "routine at 0x20000028"));
	assert_int_equal(cortexm_run_routine(&f->t, P_HANG, STACK_TOP, P_RETBKPT, NULL, 0, 50, &r0), -1);
	assert_non_null(strstr(cortexm_error(&f->t), "timeout"));
	assert_non_null(strstr(cortexm_error(&f->t), "PC 0x2000002c"));
	/* the session goes on */
	assert_true(f->t.halted);
	assert_int_equal(reg(&f->t, CORTEXM_PC), P_WIDE);
	assert_int_equal(mem32(&f->t, PROG + 0x40), COUNTER);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/*
 * Routines that fault (issue 8, defect 7): reported at once, not after the timeout, and
 * the fault registers keep only what the user's program caused.
 *  0x50 busfault: ldr r0, [r0] ; bx lr                   (r0 = an address nothing answers)
 *  0x54 lockup:   ldr r1, =DEMCR ; movs r2, #0 ; str r2, [r1] ; udf #1
 *                 (clears VC_HARDERR itself, so its fault locks the core up)
 */
static const uint8_t faulting_routines[] = {
	0x00, 0x68, 0x70, 0x47, 0x01, 0x49, 0x00, 0x22, 0x0a, 0x60, 0x01, 0xde, 0xfc, 0xed, 0x00, 0xe0,
};
#define P_BUSFAULT (PROG + 0x50)
#define P_LOCKUP (PROG + 0x54)
#define T_CFSR 0xE000ED28u
#define T_HFSR 0xE000ED2Cu
#define T_BFAR 0xE000ED38u
#define T_DEMCR 0xE000EDFCu

static void test_routine_fault_is_quick_and_leaves_no_trace(void **state)
{
	struct fixture_s *f = *state;
	const uint32_t bad[1] = { 0x60000000u };
	uint32_t r0, cfsr, hfsr, demcr;
	uint64_t t0;

	assert_int_equal(cortexm_write_mem(&f->t, P_BUSFAULT, faulting_routines, sizeof(faulting_routines)), 0);
	/* the user's program faults first: UNDEFINSTR, FORCED; and BFAR holds a value of its own */
	set_pc(&f->t, P_FAULTING);
	assert_int_equal(cortexm_resume(&f->t), 0);
	assert_int_equal(cortexm_wait_halt(&f->t, 50), 0);	/* locked up, not halted */
	assert_int_equal(cortexm_halt(&f->t), 0);
	assert_int_equal(cortexm_write_u32(&f->t, T_BFAR, 0x12345678u), 0);
	cfsr = mem32(&f->t, T_CFSR);
	hfsr = mem32(&f->t, T_HFSR);
	demcr = mem32(&f->t, T_DEMCR);
	assert_true(cfsr & (1u << 16));	/* UNDEFINSTR */
	set_pc(&f->t, P_WIDE);
	/* Its HardFault stays active after the lockup, as on silicon, so a routine's fault
	 * would lock up too; a debugger recovering the core clears it (AIRCR.VECTCLRACTIVE). */
	assert_int_equal(cortexm_write_u32(&f->t, 0xE000ED0Cu, 0x05FA0002u), 0);

	t0 = now_ms();
	assert_int_equal(cortexm_run_routine(&f->t, P_BUSFAULT, STACK_TOP, P_RETBKPT, bad, 1, 5000, &r0), -1);
	print_message("  a routine's bus fault is reported after %llu ms\n", (unsigned long long)(now_ms() - t0));
	assert_true(now_ms() - t0 < 1000);
	assert_non_null(strstr(cortexm_error(&f->t), "routine at 0x20000050 faulted"));
	assert_non_null(strstr(cortexm_error(&f->t), "PC 0x20000050"));
	/* the report shows what the routine left (PRECISERR, BFARVALID), the register is cleared again */
	char left[32];
	snprintf(left, sizeof(left), "CFSR 0x%08x", cfsr | 0x8200u);
	assert_non_null(strstr(cortexm_error(&f->t), left));
	assert_int_equal(mem32(&f->t, T_CFSR), cfsr);
	assert_int_equal(mem32(&f->t, T_HFSR), hfsr);
	assert_int_equal(mem32(&f->t, T_BFAR), 0x12345678u);
	assert_int_equal(mem32(&f->t, T_DEMCR), demcr);

	t0 = now_ms();
	assert_int_equal(cortexm_run_routine(&f->t, P_LOCKUP, STACK_TOP, P_RETBKPT, NULL, 0, 5000, &r0), -1);
	assert_true(now_ms() - t0 < 1000);
	assert_non_null(strstr(cortexm_error(&f->t), "locked up"));
	assert_int_equal(mem32(&f->t, T_CFSR), cfsr);
	assert_int_equal(mem32(&f->t, T_HFSR), hfsr);
	assert_int_equal(mem32(&f->t, T_DEMCR), demcr);	/* the routine cleared it: put back */

	/* a routine that works leaves the user's fault bits alone, and the session goes on */
	const uint32_t args[3] = { 1, 2, 3 };
	assert_int_equal(cortexm_run_routine(&f->t, P_ROUTINE, STACK_TOP, P_RETBKPT, args, 3, 1000, &r0), 0);
	assert_int_equal(r0, 7);
	assert_int_equal(mem32(&f->t, T_CFSR), cfsr);
	assert_int_equal(reg(&f->t, CORTEXM_PC), P_WIDE);
	assert_true(f->t.halted);
}

static const struct CMUnitTest f401_tests[] = {
	cmocka_unit_test_setup_teardown(test_identify_m4, setup_f401, teardown),
	cmocka_unit_test_setup_teardown(test_run_to_bkpt, setup_f401, teardown),
	cmocka_unit_test_setup_teardown(test_step_16_and_32_bit, setup_f401, teardown),
	cmocka_unit_test_setup_teardown(test_registers_round_trip, setup_f401, teardown),
	cmocka_unit_test_setup_teardown(test_pc_write_sets_thumb, setup_f401, teardown),
	cmocka_unit_test_setup_teardown(test_reset_halt_stops_at_vector, setup_f401, teardown),
	cmocka_unit_test_setup_teardown(test_sw_breakpoint_in_ram, setup_f401, teardown),
	cmocka_unit_test_setup_teardown(test_write_watchpoint, setup_f401, teardown),
	cmocka_unit_test_setup_teardown(test_run_routine, setup_f401, teardown),
	cmocka_unit_test_setup_teardown(test_routine_fault_is_quick_and_leaves_no_trace, setup_f401, teardown),
};

static const struct CMUnitTest l552_tests[] = {
	cmocka_unit_test_setup_teardown(test_identify_m33, setup_l552, teardown),
	cmocka_unit_test_setup_teardown(test_run_to_bkpt, setup_l552, teardown),
	cmocka_unit_test_setup_teardown(test_halt_while_running, setup_l552, teardown),
	cmocka_unit_test_setup_teardown(test_security_registers, setup_l552, teardown),
	cmocka_unit_test_setup_teardown(test_read_all_regs_is_batched, setup_l552, teardown),
	cmocka_unit_test_setup_teardown(test_reset_halt_stops_at_vector, setup_l552, teardown),
	cmocka_unit_test_setup_teardown(test_vectreset_refused_on_v8m, setup_l552, teardown),
	cmocka_unit_test_setup_teardown(test_hw_breakpoint_v2_anywhere, setup_l552, teardown),
	cmocka_unit_test_setup_teardown(test_write_watchpoint, setup_l552, teardown),
	cmocka_unit_test_setup_teardown(test_routine_fault_and_hang_reported, setup_l552, teardown),
	cmocka_unit_test_setup_teardown(test_routine_fault_is_quick_and_leaves_no_trace, setup_l552, teardown),
};

static const struct CMUnitTest m55_tests[] = {
	cmocka_unit_test_setup_teardown(test_identify_m55, setup_alif, teardown),
	cmocka_unit_test_setup_teardown(test_write_watchpoint, setup_alif, teardown),
};

/* With no argument every board runs in-process; a board name runs that one. */
int main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;
	int failed = 0;

	if (!only || !strcmp(only, "stm32f401"))
		failed += cmocka_run_group_tests_name("cortexm stm32f401", f401_tests, NULL, NULL);
	if (!only || !strcmp(only, "stm32l552"))
		failed += cmocka_run_group_tests_name("cortexm stm32l552", l552_tests, NULL, NULL);
	if (!only || !strcmp(only, "alif-e7"))
		failed += cmocka_run_group_tests_name("cortexm alif-e7", m55_tests, NULL, NULL);
	if (shared_probe)
		probe_close(shared_probe);
	return failed;
}
