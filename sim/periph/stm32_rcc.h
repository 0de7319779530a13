/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * STM32 reset and clock control (RCC) with the power controller's voltage scaling (PWR),
 * as far as the core clock depends on them: the oscillators' ON -> RDY handshake with
 * their start-up times, the main PLL (configuration, enable, lock), the system clock
 * switch (CFGR.SW -> CFGR.SWS), the AHB prescaler (CFGR.HPRE), the peripheral clock
 * enables (kept, for the models they gate) and the regulator's voltage range. The HCLK
 * and voltage range that follow go to sim/clock.h, which makes the CPU run at HCLK and
 * checks it against the range and the flash wait states.
 *
 * What the families share lives here (register storage, oscillator timing, the switch,
 * the prescaler, the rules that keep a clock in use running); each family file
 * (stm32l5_rcc.c, stm32f4_rcc.c) gives its register layout, its oscillator frequencies,
 * its PLL formula and its PWR block. Not modeled: clock security, MCO, the APB
 * prescalers' effect on peripherals, low-power modes, the PLLs other than the main one.
 *
 * Rules the model enforces (RM0438 §9.4, RM0368 §6.3): an oscillator that is the system
 * clock, or feeds the PLL while the PLL runs, cannot be switched off (the write leaves
 * its ON bit set); PLLCFGR is not written while the PLL is on or locked (the write is
 * refused with a log line naming the register); a switch to a source that is not ready
 * waits for it (SWS keeps the old source) ?: silicon completes it by itself when the
 * source becomes ready, the model at the first RCC access after that (software polls
 * SWS after a switch, so the difference does not show).
 */
#ifndef SIM_PERIPH_STM32_RCC_H
#define SIM_PERIPH_STM32_RCC_H

#include <stdbool.h>
#include <stdint.h>

#include "../model.h"

struct sim_clock_range_s;

/* Clock sources the system clock switch can select. */
enum stm32_clk_e {
	STM32_CLK_MSI,
	STM32_CLK_HSI,
	STM32_CLK_HSE,
	STM32_CLK_PLL,
	STM32_CLK_COUNT,
	STM32_CLK_NONE = -1,
};

/* Bits shared by the L5 and F4 layouts (RM0438 §9.8, RM0368 §6.3) */
#define STM32_RCC_CR_HSEON		(1u << 16)
#define STM32_RCC_CR_HSERDY		(1u << 17)
#define STM32_RCC_CR_PLLON		(1u << 24)
#define STM32_RCC_CR_PLLRDY		(1u << 25)
#define STM32_RCC_CFGR_SW_MASK		0x3u
#define STM32_RCC_CFGR_SWS_SHIFT	2u
#define STM32_RCC_CFGR_SWS_MASK		(0x3u << STM32_RCC_CFGR_SWS_SHIFT)
#define STM32_RCC_CFGR_HPRE_SHIFT	4u
#define STM32_RCC_CFGR_HPRE_MASK	(0xFu << STM32_RCC_CFGR_HPRE_SHIFT)

/* One oscillator (or the PLL): its bits in RCC_CR and its start-up (lock) time. */
struct stm32_osc_s {
	const char *name;	/* "MSI", "HSI16", ...; NULL: the part has no such source */
	uint32_t on, rdy;
	uint32_t startup_ns;
};

/* A register kept as storage: its value after reset and the bits software may write. */
struct stm32_reg_s {
	const char *name;	/* NULL ends a list */
	uint32_t off;
	uint32_t reset;
	uint32_t rw;
};

struct stm32_rcc_s;

struct stm32_rcc_family_s {
	const char *name;		/* log prefix, e.g. "stm32l5 rcc" */
	uint32_t rcc_size, pwr_size;	/* register blocks' sizes */
	uint32_t cr, cfgr, pllcfgr;	/* RCC offsets */
	const struct stm32_reg_s *rcc_regs;	/* every RCC register modeled (CR, CFGR, PLLCFGR included) */
	const struct stm32_reg_s *pwr_regs;
	struct stm32_osc_s osc[STM32_CLK_COUNT];
	int8_t sw[4];			/* CFGR.SW value -> enum stm32_clk_e (STM32_CLK_NONE: reserved) */
	uint32_t pwr_enr, pwr_en;	/* the RCC enable bit that clocks the PWR registers */
	/* Frequency of a source as configured (the PLL: its system clock output); 0: none. */
	uint32_t (*source_hz)(struct stm32_rcc_s *r, enum stm32_clk_e c);
	/* The source feeding the PLL, or STM32_CLK_NONE. */
	enum stm32_clk_e (*pll_input)(struct stm32_rcc_s *r);
	/* PLLON was set: say so if the configuration is out of specification. May be NULL. */
	void (*pll_started)(struct stm32_rcc_s *r);
	/* PWR: a write software made (after gating and write masks), and the range in force. */
	void (*pwr_write)(struct stm32_rcc_s *r, uint32_t off, uint32_t old);
	uint32_t (*pwr_read)(struct stm32_rcc_s *r, uint32_t off, uint32_t v);
	const struct sim_clock_range_s *(*pwr_range)(struct stm32_rcc_s *r);
};

/* A board's use of the model. */
struct stm32_rcc_config_s {
	const struct stm32_rcc_family_s *family;
	uint32_t rcc_base, rcc_base_s;	/* non-secure and secure address (0: none) */
	uint32_t pwr_base, pwr_base_s;
	uint32_t hse_hz;		/* crystal on the board; 0: none (HSERDY never rises) */
};

#define STM32_RCC_MAX_REGS 64

struct stm32_rcc_s {
	struct sim *s;
	const struct stm32_rcc_config_s *cfg;
	const struct stm32_rcc_family_s *fam;
	uint32_t rcc[STM32_RCC_MAX_REGS];	/* values, in the order of fam->rcc_regs */
	uint32_t pwr[STM32_RCC_MAX_REGS];
	uint64_t ready_at[STM32_CLK_COUNT];	/* ON set + start-up time (0: on since reset, ready) */
	uint32_t hse_hz;
	bool pwr_gate_logged;		/* the "PWR clock is off" line, once per reset */
	uint64_t pwr_busy_until;	/* family use: a voltage scaling transition (VOSF) */
	uint32_t pwr_pending;		/* family use: the value the transition goes to */
};

/* The model (its config: struct stm32_rcc_config_s) and the families it knows. */
extern const struct sim_model_s stm32_rcc_model;
extern const struct stm32_rcc_family_s stm32l5_rcc_family;	/* stm32l5_rcc.c */
extern const struct stm32_rcc_family_s stm32f4_rcc_family;	/* stm32f4_rcc.c */
#define STM32_RCC_MODEL_NAME "stm32-rcc"

/* ---- for the family files ---- */

/* A register's value (by offset) as stored; writes go through the bus. */
uint32_t stm32_rcc_reg(const struct stm32_rcc_s *r, uint32_t off);
uint32_t stm32_pwr_reg(const struct stm32_rcc_s *r, uint32_t off);
void stm32_pwr_set(struct stm32_rcc_s *r, uint32_t off, uint32_t v);
/* Whether source c is on and has started (RDY). */
bool stm32_rcc_ready(struct stm32_rcc_s *r, enum stm32_clk_e c);

/* Whether a peripheral clock enable bit is set, by absolute address (another model's gate). */
bool stm32_rcc_gate_on(struct sim *s, uint32_t enr_addr, uint32_t bit);

#endif
