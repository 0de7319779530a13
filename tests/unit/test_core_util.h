/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared helpers of the core model's unit tests: a board with a test program, debugger accesses. */
#ifndef TESTS_UNIT_TEST_CORE_UTIL_H
#define TESTS_UNIT_TEST_CORE_UTIL_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/sim_internal.h"

/* Debug registers (ARMv7-M C1.6) and the bits the tests look at */
#define T_DHCSR 0xE000EDF0u
#define T_DCRSR 0xE000EDF4u
#define T_DCRDR 0xE000EDF8u
#define T_DEMCR 0xE000EDFCu
#define T_DFSR 0xE000ED30u
#define T_AIRCR 0xE000ED0Cu
#define T_CFSR 0xE000ED28u
#define T_HFSR 0xE000ED2Cu
#define T_BFAR 0xE000ED38u
#define T_CPUID 0xE000ED00u
#define T_VTOR 0xE000ED08u
#define T_FP_CTRL 0xE0002000u
#define T_FP_COMP0 0xE0002008u
#define T_DWT_CTRL 0xE0001000u
#define T_DWT_CYCCNT 0xE0001004u
#define T_DWT_COMP0 0xE0001020u
#define T_DWT_MASK0 0xE0001024u
#define T_DWT_FUNCTION0 0xE0001028u

#define T_KEY 0xA05F0000u
#define T_C_DEBUGEN (1u << 0)
#define T_C_HALT (1u << 1)
#define T_C_STEP (1u << 2)
#define T_S_REGRDY (1u << 16)
#define T_S_HALT (1u << 17)
#define T_S_SLEEP (1u << 18)
#define T_S_LOCKUP (1u << 19)
#define T_S_RETIRE_ST (1u << 24)
#define T_S_RESET_ST (1u << 25)
#define T_DFSR_HALTED (1u << 0)
#define T_DFSR_BKPT (1u << 1)
#define T_DFSR_DWTTRAP (1u << 2)
#define T_DFSR_VCATCH (1u << 3)
#define T_DEMCR_TRCENA (1u << 24)
#define T_VC_CORERESET (1u << 0)
#define T_VC_HARDERR (1u << 10)

/* Addresses in the test program (tests/unit/test_core_util.c) */
#define P_FLASH 0x08000000u
#define P_RESET 0x08000040u	/* ldr r1, =0x20000100 ; movs r0, #0 */
#define P_LOOP 0x08000044u	/* adds r0, #1 */
#define P_STR 0x08000046u	/* str r0, [r1] */
#define P_LDR 0x08000048u	/* ldr r2, [r1, #4] */
#define P_CMP 0x0800004Au	/* cmp r0, #100 */
#define P_BNE 0x0800004Cu	/* bne loop */
#define P_BKPT 0x0800004Eu	/* bkpt #1 */
#define P_WIDE 0x08000052u	/* movw r5, #0x1234 (32-bit) ; adds r5, #1 ; b wide */
#define P_FPU 0x0800005Au	/* vmov r3, s5 ; vmov s6, r4 ; bkpt #2 */
#define P_UNDEF 0x08000064u	/* udf #0 */
#define P_UNMAPPED 0x08000066u	/* mov.w r0, #0x30000000 ; str r0, [r0] */
#define P_SYSRESET 0x0800006Eu	/* AIRCR = VECTKEY | SYSRESETREQ from the CPU */
#define P_SLEEP 0x08000076u	/* wfi ; b . */
#define P_COUNTER 0x20000100u	/* the loop stores r0 here and loads from +4 */
#define P_SP 0x20001000u

/* DCRSR selectors */
#define R_R0 0x00u
#define R_R2 0x02u
#define R_SP 0x0Du
#define R_LR 0x0Eu
#define R_PC 0x0Fu
#define R_XPSR 0x10u
#define R_MSP 0x11u
#define R_PSP 0x12u

/* A board in its power-on state; fastforward false sets RSPFLASH_SIM_NO_FASTFORWARD for it. */
struct sim *tc_create(const char *name, bool fastforward);
/* A board running the test program from reset (nRESET pulsed after preloading it). */
struct sim *tc_board(const char *name);
uint32_t tc_rd(struct sim *s, uint32_t addr);
void tc_wr(struct sim *s, uint32_t addr, uint32_t val);
void tc_us(struct sim *s, uint64_t us);
void tc_halt(struct sim *s);
void tc_run(struct sim *s);
void tc_step(struct sim *s);
uint32_t tc_reg(struct sim *s, unsigned sel);
void tc_set_reg(struct sim *s, unsigned sel, uint32_t val);
uint64_t tc_instructions(struct sim *s);
/* Halt, clear DFSR, put the PC at addr in Thread mode and Thumb state. */
void tc_halt_at(struct sim *s, uint32_t addr);

#endif
