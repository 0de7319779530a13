// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A vector table and reset handler for programs run from flash by `rspflash run`
 * (tests/integration/cli-run.sh). The reset handler copies .data from flash to RAM, then
 * enters newlib's _start (rdimon crt0: .bss, heap and stack through semihosting, main,
 * exit). Built with -DRUN_FAULT it is a whole program of its own instead: a load from an
 * address nothing answers, a precise BusFault escalating to HardFault, which `rspflash
 * run` catches and explains. Built with -DSTART_MAIN (programs without a C library, e.g.
 * tests/target/rtt), it zeroes .bss itself and calls main().
 */
#include <stdint.h>

extern uint32_t __data_start[], __data_end[], __data_load[], __bss_start__[], __bss_end__[], _stack_top[];
void _start(void);
int main(void);
void Reset_Handler(void);
void Default_Handler(void);

#define BAD_ADDRESS 0xD0000000u	/* nothing answers there on either board */

__attribute__((noreturn)) void Reset_Handler(void)
{
#ifdef RUN_FAULT
	(void)*(volatile uint32_t *)BAD_ADDRESS;
	for (;;)
		;
#else
	for (uint32_t *s = __data_load, *d = __data_start; d < __data_end;)
		*d++ = *s++;
#ifdef START_MAIN
	for (uint32_t *d = __bss_start__; d < __bss_end__;)
		*d++ = 0;
	main();
#else
	_start();
#endif
	for (;;)
		;
#endif
}

__attribute__((noreturn)) void Default_Handler(void)
{
	for (;;)
		;
}

__attribute__((section(".isr_vector"), used)) static void (*const vectors[16])(void) = {
	(void (*)(void))(uintptr_t)_stack_top, Reset_Handler, Default_Handler, Default_Handler, Default_Handler,
	Default_Handler, Default_Handler, 0, 0, 0, 0, Default_Handler, Default_Handler, 0, Default_Handler,
	Default_Handler,
};
