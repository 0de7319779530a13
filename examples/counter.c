// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * counter: the example firmware of the README's tour, one build per virtual board
 * (examples/<board>.ld). It runs from the board's boot memory after reset: counts in
 * `count` and flips `led` every BLINK_PERIOD counts through blink(), the function the tour
 * puts a breakpoint on. The virtual boards model no GPIO for an LED, so `led` is the pin
 * the program would drive.
 *
 * On the boards with an external NOR (EXAMPLE_EXT_FLASH) `pattern` lives in the NOR, so
 * one `load` of this ELF programs two memories, the second through the board's RAM
 * loader. The program does not read it: the NOR answers at its address only once the
 * application has put the controller into memory-mapped mode, which is beyond an example.
 */
#include <stdint.h>

#define BLINK_PERIOD 1000u

volatile uint32_t count;
volatile uint32_t led;
uint32_t blinks;	/* .bss: zeroed by Reset_Handler */
uint32_t period = BLINK_PERIOD;	/* .data: copied from flash by Reset_Handler */

#ifdef EXAMPLE_EXT_FLASH
__attribute__((section(".ext_flash"), used))
const uint8_t pattern[64] = "rspflash example: this block is programmed into the external NOR";
#endif

void blink(void);
int main(void);

__attribute__((noinline)) void blink(void)
{
	led ^= 1u;
	blinks++;
}

int main(void)
{
	for (;;) {
		count = count + 1;
		if (count % period == 0)
			blink();
	}
}
