// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Start-up code of the example firmware: the vector table the core reads at reset (initial
 * MSP, then Reset_Handler) and a Reset_Handler that copies .data from its load address,
 * zeroes .bss and calls main. Every fault parks in Default_Handler, where a debugger's
 * `monitor fault` explains it.
 */
#include <stdint.h>

extern uint32_t _stack_top[], _data_load[], _data_start[], _data_end[], _bss_start[], _bss_end[];
int main(void);
void Reset_Handler(void);
void Default_Handler(void);

__attribute__((noreturn)) void Reset_Handler(void)
{
	const uint32_t *src = _data_load;

	for (uint32_t *dst = _data_start; dst < _data_end; )
		*dst++ = *src++;
	for (uint32_t *dst = _bss_start; dst < _bss_end; )
		*dst++ = 0;
	main();
	for (;;)
		;
}

__attribute__((noreturn)) void Default_Handler(void)
{
	for (;;)
		__asm__ volatile("bkpt #0");
}

/* ARMv7-M/ARMv8-M: SP, reset, NMI, HardFault, MemManage, BusFault, UsageFault, SecureFault
 * (v8-M), 3 reserved, SVCall, DebugMonitor, reserved, PendSV, SysTick. */
__attribute__((section(".isr_vector"), used))
void (*const vector_table[16])(void) = {
	(void (*)(void))_stack_top, Reset_Handler,
	Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
	0, 0, 0, Default_Handler, Default_Handler, 0, Default_Handler, Default_Handler,
};
