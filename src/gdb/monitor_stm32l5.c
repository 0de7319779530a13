// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `monitor stm32l5 ...`: the STM32L5 option bytes as the flash driver reads them, the
 * disputed reading of BKER under SWAP_BANK (flash/drivers/stm32l5.c), and an explicit,
 * two-step change of DBANK / SWAP_BANK (first what it will do, then `confirm`).
 */
#include <stdio.h>
#include <string.h>

#include "flash/drivers/stm32l5.h"
#include "sim/periph/stm32l5_flash.h"
#include "src/gdb/flash.h"
#include "src/gdb/monitor.h"

static struct stm32l5_state_s *l5(struct gdb_s *g, const char *cmd)
{
	struct stm32l5_state_s *st = g->flash ? stm32l5_state(g->flash) : NULL;

	if (!st)
		mon_error(g, "%s: the attached part is not an STM32L5", cmd);
	return st;
}

static void print_area(struct gdb_s *g, const char *name, uint32_t v)
{
	uint32_t a = STM32L5_FLASH_AREA_PSTRT(v), z = STM32L5_FLASH_AREA_PEND(v);

	if (a <= z)
		gdb_console_printf(g, "  %s = 0x%08x: pages %u-%u protected\n", name, v, a, z);
	else
		gdb_console_printf(g, "  %s = 0x%08x: none\n", name, v);
}

static int cmd_options(struct gdb_s *g, int argc, char **argv)
{
	struct stm32l5_state_s *st = l5(g, "stm32l5 options");
	static const char *const wrp[4] = { "WRP1AR", "WRP1BR", "WRP2AR", "WRP2BR" };

	(void)argv;
	if (!st)
		return -1;
	if (argc)
		return mon_error(g, "stm32l5 options takes no argument, got '%s'", argv[0]);
	gdb_console_printf(g, "FLASH_OPTR = 0x%08x: DBANK=%u SWAP_BANK=%u TZEN=%u RDP=0x%02x (%s), %u KB %s\n", st->optr,
			   !!(st->optr & STM32L5_FLASH_OPTR_DBANK), !!(st->optr & STM32L5_FLASH_OPTR_SWAP_BANK),
			   st->tzen, st->optr & STM32L5_FLASH_OPTR_RDP_MASK, stm32l5_rdp_name(st->optr), st->size / 1024,
			   st->dual ? "in two banks of 2 KB pages" : "in one bank of 4 KB pages");
	for (unsigned i = 0; i < 4; i++)
		print_area(g, wrp[i], st->wrp[i]);
	if (st->swap)
		gdb_console_printf(g, "BKER under SWAP_BANK: %s\n",
				   st->bker == STM32L5_BKER_PHYSICAL ? (st->bker_learned ? "physical bank (learned)" : "physical bank (set)") :
				   st->bker == STM32L5_BKER_MAPPED ? (st->bker_learned ? "mapped bank (learned)" : "mapped bank (set)") :
				   "not known yet: learned safely at the first erase that depends on it");
	return 0;
}

static int cmd_bker(struct gdb_s *g, int argc, char **argv)
{
	enum stm32l5_bker_e r;

	if (!l5(g, "stm32l5 bker"))
		return -1;
	if (argc != 1)
		return mon_error(g, "usage: stm32l5 bker physical|mapped|learn");
	if (strcmp(argv[0], "physical") == 0)
		r = STM32L5_BKER_PHYSICAL;
	else if (strcmp(argv[0], "mapped") == 0)
		r = STM32L5_BKER_MAPPED;
	else if (strcmp(argv[0], "learn") == 0)
		r = STM32L5_BKER_UNKNOWN;
	else
		return mon_error(g, "stm32l5 bker: expected physical, mapped or learn, not '%s'", argv[0]);
	stm32l5_set_bker(g->flash, r);
	gdb_console_printf(g, "BKER under SWAP_BANK = 1 is taken to name the %s\n",
			   r == STM32L5_BKER_PHYSICAL ? "physical bank" : r == STM32L5_BKER_MAPPED ? "bank mapped at the address" :
			   "bank found by a safe experiment at the first erase");
	return 0;
}

/* "stm32l5 set dbank 0|1 | swap_bank 0|1 [confirm]" */
static int cmd_set(struct gdb_s *g, int argc, char **argv)
{
	struct error_s err;
	char plan[600];
	uint32_t bit;
	bool apply = argc == 3 && strcmp(argv[2], "confirm") == 0;

	if (!l5(g, "stm32l5 set"))
		return -1;
	if ((argc != 2 && !apply) || (strcmp(argv[1], "0") && strcmp(argv[1], "1")))
		return mon_error(g, "usage: stm32l5 set dbank|swap_bank 0|1 [confirm]");
	if (strcmp(argv[0], "dbank") == 0)
		bit = STM32L5_FLASH_OPTR_DBANK;
	else if (strcmp(argv[0], "swap_bank") == 0)
		bit = STM32L5_FLASH_OPTR_SWAP_BANK;
	else
		return mon_error(g, "stm32l5 set: expected dbank or swap_bank, not '%s'", argv[0]);
	error_clear(&err);
	if (stm32l5_set_optr(g->flash, bit, argv[1][0] == '1' ? bit : 0, apply, plan, sizeof(plan), &err))
		return mon_error(g, "%s", (gdb_flash_failed(g, &err), g->flash_error));
	if (!apply) {
		gdb_console_printf(g, "%s\nTo do it: monitor stm32l5 set %s %s confirm\n", plan, argv[0], argv[1]);
		return 0;
	}
	gdb_console_printf(g, "done: %s\nGDB's memory map changed: reconnect (or `disconnect`, `target extended-remote`) "
			   "before the next load\n", plan);
	return 0;
}

const struct mon_cmd_s mon_cmds_stm32l5[] = {
	{ "stm32l5 options", "", 0, "STM32L5 option bytes: DBANK, SWAP_BANK, TZEN, RDP, WRP areas", cmd_options },
	{ "stm32l5 bker", "physical|mapped|learn", 1, "which bank BKER names under SWAP_BANK = 1 (disputed)", cmd_bker },
	{ "stm32l5 set", "dbank|swap_bank 0|1 [confirm]", 3, "change DBANK or SWAP_BANK (says what it does first)", cmd_set },
	{ NULL, NULL, 0, NULL, NULL },
};
