/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vectors: a minimal vector table and reset handler in flash, for `reset halt` checks.
 * After reset the core loads SP from word 0 and PC from word 1 of the vector table; a
 * debugger that catches the reset (DEMCR.VC_CORERESET) must then report
 * PC = Reset_Handler and SP = _stack_top. The test reads both from this ELF.
 *
 * The reset handler counts in r0 forever (so a later `halt` finds it running somewhere in
 * reset_loop) and every other exception parks in Default_Handler.
 */
	.syntax unified
	.thumb

	.section .isr_vector, "a", %progbits
	.p2align 7			/* VTOR needs the table aligned to its size, rounded up */
	.global vector_table
	.type vector_table, %object
vector_table:
	.word	_stack_top		/* 0: initial MSP */
	.word	Reset_Handler		/* 1: reset (Thumb bit set by the assembler) */
	.word	Default_Handler		/* 2: NMI */
	.word	Default_Handler		/* 3: HardFault */
	.word	Default_Handler		/* 4: MemManage */
	.word	Default_Handler		/* 5: BusFault */
	.word	Default_Handler		/* 6: UsageFault */
	.word	Default_Handler		/* 7: SecureFault (v8-M), reserved on v7-M */
	.word	0, 0, 0			/* 8-10: reserved */
	.word	Default_Handler		/* 11: SVCall */
	.word	Default_Handler		/* 12: DebugMonitor */
	.word	0			/* 13: reserved */
	.word	Default_Handler		/* 14: PendSV */
	.word	Default_Handler		/* 15: SysTick */
	.size vector_table, . - vector_table

	.text
	.global Reset_Handler
	.type Reset_Handler, %function
	.thumb_func
Reset_Handler:
	movs	r0, #0
	.global reset_loop
reset_loop:
	adds	r0, r0, #1
	b	reset_loop
	.size Reset_Handler, . - Reset_Handler

	.global Default_Handler
	.type Default_Handler, %function
	.thumb_func
Default_Handler:
	bkpt	#2
	b	Default_Handler
	.size Default_Handler, . - Default_Handler
