/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * compute: the entry and the parts a debugger test needs at exact addresses.
 *
 * The global labels below are read with nm by the integration tests, so that a test never
 * hard-codes an address or an instruction size:
 *   _start               entry; the debugger sets pc here (sp too, though _start sets it again)
 *   counter_clear_done   the instruction right after the store that clears `counter`
 *   counter_store_done   the instruction right after the store that increments `counter`
 *   marker               a function called once after the loop (hardware breakpoint target)
 *   done                 the final `bkpt #0`
 *   step_a/step_b/step_c a 16-bit then a 32-bit instruction, never executed by the program
 *                        itself: the test puts pc at step_a and single-steps.
 * COUNTER_LOOPS is also exported as the absolute symbol compute_counter_loops.
 */
	.syntax unified
	.thumb

#define COUNTER_LOOPS 10

	.global compute_counter_loops
	.set compute_counter_loops, COUNTER_LOOPS

	.section .text.entry, "ax", %progbits
	.global _start
	.type _start, %function
	.thumb_func
_start:
	ldr	r0, =_stack_top
	mov	sp, r0

	/* Clear counter first: a write watchpoint on it hits here first (value 0). */
	ldr	r1, =counter
	movs	r3, #0
	str	r3, [r1]
	.global counter_clear_done
counter_clear_done:
	nop

	bl	compute			/* C: fills a buffer, stores result and result2 */

	/* counter = counter + 1, COUNTER_LOOPS times, through memory each time. */
	ldr	r1, =counter
	movs	r2, #COUNTER_LOOPS
1:	ldr	r3, [r1]
	adds	r3, r3, #1
	str	r3, [r1]
	.global counter_store_done
counter_store_done:
	subs	r2, r2, #1
	bne	1b

	bl	marker

	.global done
done:
	bkpt	#0
	b	done
	.size _start, . - _start

	.text
	.global marker
	.type marker, %function
	.thumb_func
marker:
	nop
	bx	lr
	.size marker, . - marker

	/* Single-step material: sizes are checked by the test from these labels. */
	.global step_seq
	.type step_seq, %function
	.thumb_func
step_seq:
	.global step_a
step_a:
	adds	r0, r0, #1		/* 16-bit encoding T1/T2 */
	.global step_b
step_b:
	add.w	r0, r0, #0x100		/* 32-bit encoding T3 */
	.global step_c
step_c:
	nop
	bkpt	#1
	b	step_c
	.size step_seq, . - step_seq

	.ltorg
