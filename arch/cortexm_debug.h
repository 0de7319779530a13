/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cortex-M debug architecture facts shared by the host (src/target/), the simulator's core
 * model (sim/core*.c) and on-target code: System Control Space registers used for debug,
 * DCRSR register selectors, FPB and DWT layouts.
 *
 * References: ARMv7-M ARM (DDI 0403E) B3.2 (SCS), C1.6 (debug registers), C1.8 (DWT),
 * C1.11 (FPB); ARMv8-M ARM (DDI 0553) D1.2 (debug registers), B13 (DWT), B14 (FPB).
 */
#ifndef ARCH_CORTEXM_DEBUG_H
#define ARCH_CORTEXM_DEBUG_H

/* SCS register addresses */
#define SCS_CPUID_ADDR 0xE000ED00u
#define SCS_ICSR_ADDR 0xE000ED04u
#define SCS_VTOR_ADDR 0xE000ED08u
#define SCS_AIRCR_ADDR 0xE000ED0Cu
#define SCS_CFSR_ADDR 0xE000ED28u
#define SCS_HFSR_ADDR 0xE000ED2Cu
#define SCS_DFSR_ADDR 0xE000ED30u
#define SCS_MMFAR_ADDR 0xE000ED34u
#define SCS_BFAR_ADDR 0xE000ED38u
#define SCS_ID_PFR1_ADDR 0xE000ED44u
#define SCS_CPACR_ADDR 0xE000ED88u
#define SCS_MVFR0_ADDR 0xE000EF40u
#define SCS_DHCSR_ADDR 0xE000EDF0u
#define SCS_DCRSR_ADDR 0xE000EDF4u
#define SCS_DCRDR_ADDR 0xE000EDF8u
#define SCS_DEMCR_ADDR 0xE000EDFCu
#define SCS_DSCSR_ADDR 0xE000EE08u	/* v8-M Security Extension */

/* CPUID */
#define CPUID_PARTNO(cpuid) (((cpuid) >> 4) & 0xFFFu)
#define CPUID_PARTNO_CORTEX_M4 0xC24u
#define CPUID_PARTNO_CORTEX_M33 0xD21u
#define CPUID_PARTNO_CORTEX_M55 0xD22u

/* DHCSR (ARMv7-M C1.6.2, ARMv8-M D1.2.4) */
#define SCS_DHCSR_DBGKEY 0xA05Fu
#define SCS_DHCSR_C_DEBUGEN (1u << 0)
#define SCS_DHCSR_C_HALT (1u << 1)
#define SCS_DHCSR_C_STEP (1u << 2)
#define SCS_DHCSR_C_MASKINTS (1u << 3)
#define SCS_DHCSR_C_SNAPSTALL (1u << 5)
#define SCS_DHCSR_S_REGRDY (1u << 16)
#define SCS_DHCSR_S_HALT (1u << 17)
#define SCS_DHCSR_S_SLEEP (1u << 18)
#define SCS_DHCSR_S_LOCKUP (1u << 19)
#define SCS_DHCSR_S_SDE (1u << 20)		/* v8-M: secure debug enabled */
#define SCS_DHCSR_S_RETIRE_ST (1u << 24)
#define SCS_DHCSR_S_RESET_ST (1u << 25)
#define SCS_DHCSR_S_RESTART_ST (1u << 26)	/* v8-M */

/* DCRSR */
#define SCS_DCRSR_REGSEL_MASK 0x7Fu
#define SCS_DCRSR_REGWNR (1u << 16)

/* DEMCR */
#define SCS_DEMCR_VC_CORERESET (1u << 0)
#define SCS_DEMCR_VC_MMERR (1u << 4)
#define SCS_DEMCR_VC_NOCPERR (1u << 5)
#define SCS_DEMCR_VC_CHKERR (1u << 6)
#define SCS_DEMCR_VC_STATERR (1u << 7)
#define SCS_DEMCR_VC_BUSERR (1u << 8)
#define SCS_DEMCR_VC_INTERR (1u << 9)
#define SCS_DEMCR_VC_HARDERR (1u << 10)
#define SCS_DEMCR_MON_EN (1u << 16)
#define SCS_DEMCR_TRCENA (1u << 24)
#define SCS_DEMCR_V7M_WRITABLE 0x010F07F1u	/* VC_* [10:4,0], MON_* [19:16], TRCENA */
#define SCS_DEMCR_V8M_WRITABLE 0x010F0FF1u	/* adds VC_SFERR (11) */

/* DFSR: write 1 to clear */
#define SCS_DFSR_HALTED (1u << 0)
#define SCS_DFSR_BKPT (1u << 1)
#define SCS_DFSR_DWTTRAP (1u << 2)
#define SCS_DFSR_VCATCH (1u << 3)
#define SCS_DFSR_EXTERNAL (1u << 4)

/* AIRCR */
#define SCS_AIRCR_VECTKEY 0x05FAu
#define SCS_AIRCR_VECTKEYSTAT 0xFA05u
#define SCS_AIRCR_VECTRESET (1u << 0)		/* v7-M only */
#define SCS_AIRCR_VECTCLRACTIVE (1u << 1)	/* debugger, in Debug state: no exception active */
#define SCS_AIRCR_SYSRESETREQ (1u << 2)

/* CFSR (MMFSR [7:0], BFSR [15:8], UFSR [31:16]) and HFSR */
#define SCS_CFSR_IACCVIOL (1u << 0)
#define SCS_CFSR_MSTKERR (1u << 4)
#define SCS_CFSR_IBUSERR (1u << 8)
#define SCS_CFSR_PRECISERR (1u << 9)
#define SCS_CFSR_UNSTKERR (1u << 11)
#define SCS_CFSR_STKERR (1u << 12)
#define SCS_CFSR_LSPERR (1u << 13)
#define SCS_CFSR_MMARVALID (1u << 7)
#define SCS_CFSR_BFARVALID (1u << 15)
#define SCS_CFSR_UNDEFINSTR (1u << 16)
#define SCS_CFSR_INVSTATE (1u << 17)
#define SCS_CFSR_INVPC (1u << 18)
#define SCS_CFSR_NOCP (1u << 19)
#define SCS_CFSR_STKOF (1u << 20)
#define SCS_CFSR_UNALIGNED (1u << 24)
#define SCS_CFSR_DIVBYZERO (1u << 25)
#define SCS_HFSR_VECTTBL (1u << 1)
#define SCS_HFSR_FORCED (1u << 30)
#define SCS_HFSR_DEBUGEVT (1u << 31)

/* DCRSR.REGSEL (ARMv7-M C1.6.3, ARMv8-M D1.2.6) */
#define DCRSR_REG_R(n) (n)		/* R0..R12 */
#define DCRSR_REG_SP 13u
#define DCRSR_REG_LR 14u
#define DCRSR_REG_PC 15u		/* DebugReturnAddress */
#define DCRSR_REG_XPSR 16u
#define DCRSR_REG_MSP 17u
#define DCRSR_REG_PSP 18u
#define DCRSR_REG_MSP_NS 0x18u		/* v8-M Security Extension */
#define DCRSR_REG_PSP_NS 0x19u
#define DCRSR_REG_MSP_S 0x1Au
#define DCRSR_REG_PSP_S 0x1Bu
#define DCRSR_REG_MSPLIM_S 0x1Cu
#define DCRSR_REG_PSPLIM_S 0x1Du
#define DCRSR_REG_MSPLIM_NS 0x1Eu
#define DCRSR_REG_PSPLIM_NS 0x1Fu
#define DCRSR_REG_CFBP 0x14u		/* CONTROL[31:24] FAULTMASK[23:16] BASEPRI[15:8] PRIMASK[7:0] */
#define DCRSR_REG_FPSCR 0x21u
#define DCRSR_REG_CFBP_S 0x22u
#define DCRSR_REG_CFBP_NS 0x23u
#define DCRSR_REG_S(n) (0x40u + (n))	/* S0..S31 */

/* FPB (block at 0xE0002000) */
#define FPB_BASE 0xE0002000u
#define FPB_CTRL 0x000u
#define FPB_REMAP 0x004u
#define FPB_COMP0 0x008u
#define FPB_CTRL_ENABLE (1u << 0)
#define FPB_CTRL_KEY (1u << 1)
#define FPB_CTRL_NUM_CODE(ctrl) ((((ctrl) >> 8) & 0x70u) | (((ctrl) >> 4) & 0xFu))
#define FPB_CTRL_NUM_LIT(ctrl) (((ctrl) >> 8) & 0xFu)
#define FPB_CTRL_REV(ctrl) (((ctrl) >> 28) & 0xFu)	/* 0: v1 (ARMv7-M), 1: v2 (ARMv8-M) */
#define FPB_COMP_ENABLE (1u << 0)			/* ENABLE (v1), BE (v2) */
#define FPB_V1_COMP_MASK 0x1FFFFFFCu
#define FPB_V1_CODE_LIMIT 0x20000000u			/* v1 compares code-region addresses only */
#define FPB_V1_REPLACE_SHIFT 30
#define FPB_V1_REPLACE_LOWER (1u << 30)			/* breakpoint on the lower half-word */
#define FPB_V1_REPLACE_UPPER (2u << 30)

/* DWT (block at 0xE0001000) */
#define DWT_BASE 0xE0001000u
#define DWT_CTRL 0x000u
#define DWT_CYCCNT 0x004u
#define DWT_PCSR 0x01Cu
#define DWT_COMP0 0x020u
#define DWT_COMP_STRIDE 0x10u
#define DWT_COMP(n) (DWT_COMP0 + (n) * DWT_COMP_STRIDE)
#define DWT_MASK(n) (DWT_COMP(n) + 4u)		/* v7-M only */
#define DWT_FUNCTION(n) (DWT_COMP(n) + 8u)
#define DWT_DEVARCH 0xFBCu
#define DWT_CTRL_CYCCNTENA (1u << 0)
#define DWT_CTRL_NUMCOMP_SHIFT 28
#define DWT_FUNCTION_MATCHED (1u << 24)
#define DWT_FUNCTION_DATAVMATCH (1u << 8)	/* v7-M: compare data value, not address */
/* v7-M FUNCTION[3:0] for data address comparison (ARMv7-M C1.8.17) */
#define DWT_V7M_FUNC_READ 5u
#define DWT_V7M_FUNC_WRITE 6u
#define DWT_V7M_FUNC_ACCESS 7u
/* v8-M FUNCTION: MATCH[3:0], ACTION[5:4], DATAVSIZE[11:10] (ARMv8-M B13.2) */
#define DWT_V8M_MATCH_DADDR_RW 4u
#define DWT_V8M_MATCH_DADDR_W 5u
#define DWT_V8M_MATCH_DADDR_R 6u
#define DWT_V8M_MATCH_DADDR_LIMIT 7u
#define DWT_V8M_ACTION_DEBUG (1u << 4)
#define DWT_V8M_DATAVSIZE_SHIFT 10

#endif /* ARCH_CORTEXM_DEBUG_H */
