// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gdbprog: a small C program for the GDB integration tests (tests/integration/gdb-*.sh),
 * run from RAM after `load`: main with ordinary functions for break/step/next/finish,
 * a global that changes on every loop for `watch`, a float for the FPU registers, and a
 * variable the test sets with `set var` to make the loop end.
 */
#include <stdint.h>

volatile uint32_t counter;	/* incremented once per loop: the watch target */
volatile uint32_t total;
volatile uint32_t stop_after;	/* 0: loop for ever (Ctrl-C test); else stop at this count */
volatile float ratio;
volatile uint32_t finished;

int main(void);
void _start(void);
uint32_t square(uint32_t x);
uint32_t accumulate(uint32_t n);
void done(void);

extern uint32_t __bss_start__[], __bss_end__[], _stack_top[];

__attribute__((noinline)) uint32_t square(uint32_t x)
{
	return x * x;
}

__attribute__((noinline)) uint32_t accumulate(uint32_t n)
{
	uint32_t sum = 0;

	for (uint32_t i = 1; i <= n; i++)
		sum += square(i);
	return sum;
}

__attribute__((noinline)) void done(void)
{
	finished = 1;
	for (;;)
		__asm__ volatile("bkpt #1");
}

int main(void)
{
	for (;;) {
		counter = counter + 1;
		total = accumulate(counter & 7u);
		ratio = ratio * 0.5f + (float)total;
		if (stop_after && counter >= stop_after)
			done();
	}
}

__attribute__((naked, section(".text.entry"))) void _start(void)
{
	__asm__ volatile(
		"ldr r0, =_stack_top\n"
		"mov sp, r0\n"
		"ldr r0, =__bss_start__\n"
		"ldr r1, =__bss_end__\n"
		"movs r2, #0\n"
		"1: cmp r0, r1\n"
		"bhs 2f\n"
		"str r2, [r0]\n"
		"adds r0, r0, #4\n"
		"b 1b\n"
		"2:\n"
#if defined(__ARM_FP)
		/* CPACR: full access to CP10/CP11 so the FPU instructions do not fault */
		"ldr r0, =0xE000ED88\n"
		"ldr r1, [r0]\n"
		"orr r1, r1, #(0xF << 20)\n"
		"str r1, [r0]\n"
		"dsb\n"
		"isb\n"
#endif
		"bl main\n"
		"b .\n");
}
