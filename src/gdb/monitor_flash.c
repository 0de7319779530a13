// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Monitor commands for flash: verify levels, flash info, flash erase, flash mass-erase,
 * otp. The work is the flash layer's (flash/flash.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/gdb/flash.h"
#include "src/gdb/monitor.h"


static int need_flash(struct gdb_s *g, const char *cmd)
{
	if (g->flash && flash_bank_count(g->flash))
		return 0;
	return mon_error(g, "%s: no flash driver serves %s", cmd, g->t && g->t->part ? g->t->part->name : "this target");
}

static int cmd_verify(struct gdb_s *g, int argc, char **argv)
{
	struct flash_options_s *o = g->flash ? flash_options(g->flash) : NULL;
	char msg[160];

	if (!o)
		return need_flash(g, "verify");
	if (argc && flash_parse_verify(argc, argv, o, msg, sizeof(msg)))
		return mon_error(g, "verify: %s", msg);
	gdb_console_printf(g, "verify: l1 %s, l2 %s\n", o->l1 ? "on" : "off", flash_l2_name(o->l2));
	return 0;
}

static int cmd_flash_info(struct gdb_s *g, int argc, char **argv)
{
	const struct flash_report_s *r;
	char info[256];

	(void)argc;
	(void)argv;
	if (need_flash(g, "flash info"))
		return -1;
	gdb_console_printf(g, "part %s\n", g->t->part ? g->t->part->name : "unknown");
	for (unsigned i = 0; i < flash_bank_count(g->flash); i++) {
		const struct flash_bank_s *b = flash_bank_get(g->flash, i);

		gdb_console_printf(g, "  bank %u '%s': 0x%08x-0x%08x, %u KiB, driver %s, sectors", i, b->name, b->geom.base,
				   b->geom.base + b->size - 1, b->size / 1024, flash_bank_driver(b));
		for (unsigned k = 0; k < b->geom.n_runs; k++)
			gdb_console_printf(g, "%s %u x %u B", k ? "," : "", b->geom.runs[k].count, b->geom.runs[k].size);
		flash_bank_info(g->flash, i, info, sizeof(info));
		gdb_console_printf(g, "\n    %s\n", info);
	}
	r = flash_last_report(g->flash);
	gdb_console_printf(g, "  verify: l1 %s, l2 %s\n", flash_options(g->flash)->l1 ? "on" : "off",
			   flash_l2_name(flash_options(g->flash)->l2));
	gdb_console_printf(g, "  last download: %u sector(s) programmed, %u unchanged, %u erased, %u bank erase(s), "
			   "%llu bytes programmed, level 2 over %llu bytes\n",
			   r->sectors_programmed, r->sectors_skipped, r->sectors_erased, r->bank_erases,
			   (unsigned long long)r->bytes_programmed, (unsigned long long)r->l2_bytes);
	/* GDB 13 shows only "Error finishing flash operation" for a vFlash E.text reply: the cause is here */
	if (g->flash_error[0])
		gdb_console_printf(g, "  last flash error: %s\n", g->flash_error);
	return 0;
}

static int cmd_flash_erase(struct gdb_s *g, int argc, char **argv)
{
	struct error_s err;
	uint32_t addr, len;

	if (argc != 2)
		return mon_error(g, "usage: flash erase ADDR LEN");
	if (need_flash(g, "flash erase") || mon_parse_u32(g, argv[0], "flash erase", &addr) ||
	    mon_parse_u32(g, argv[1], "flash erase", &len))
		return -1;
	if (len == 0)
		return mon_error(g, "flash erase: LEN 0 at 0x%08x erases nothing", addr);
	if (!gdb_range_fits(addr, len))
		return mon_error(g, "flash erase: %u bytes at 0x%08x run past the end of the 4 GiB address space", len,
				 addr);
	error_clear(&err);
	if (flash_erase_range(g->flash, addr, len, &err))
		return mon_error(g, "%s", (gdb_flash_failed(g, &err), g->flash_error));
	gdb_console_printf(g, "erased 0x%08x-0x%08x\n", addr, addr + len - 1);
	return 0;
}

static int cmd_flash_mass_erase(struct gdb_s *g, int argc, char **argv)
{
	struct error_s err;
	uint32_t bank = 0;

	if (argc > 1)
		return mon_error(g, "usage: flash mass-erase [BANK]");
	if (need_flash(g, "flash mass-erase") || (argc == 1 && mon_parse_u32(g, argv[0], "flash mass-erase", &bank)))
		return -1;
	/* checked here, as a number: cast to the layer's int, 0xffffffff would read as -1, "all banks" */
	if (argc == 1 && bank >= flash_bank_count(g->flash))
		return mon_error(g, "flash mass-erase: no bank %u; this part has banks 0..%u (see 'flash info')", bank,
				 flash_bank_count(g->flash) - 1);
	error_clear(&err);
	if (flash_mass_erase(g->flash, argc ? (int)bank : -1, &err))
		return mon_error(g, "%s", (gdb_flash_failed(g, &err), g->flash_error));
	gdb_console_printf(g, "mass erase done\n");
	return 0;
}

static int cmd_flash_routine(struct gdb_s *g, int argc, char **argv)
{
	struct flash_options_s *o = g->flash ? flash_options(g->flash) : NULL;

	if (!o)
		return need_flash(g, "flash routine");
	if (argc == 1 && (strcmp(argv[0], "on") == 0 || strcmp(argv[0], "off") == 0))
		o->no_routine = strcmp(argv[0], "off") == 0;
	else if (argc != 0)
		return mon_error(g, "usage: flash routine [on|off]");
	gdb_console_printf(g, "flash routine: %s\n",
			   o->no_routine ? "off: the host programs through the debug port (slow, no target RAM used)" :
					   "on: a routine in target RAM programs, verifies and computes CRCs");
	return 0;
}

/* "otp show": every OTP block, its lock state and its bytes, as the bus reads them. */
static int otp_show(struct gdb_s *g)
{
	for (unsigned i = 0; i < flash_bank_count(g->flash); i++) {
		const struct flash_bank_s *b = flash_bank_get(g->flash, i);
		uint8_t buf[1024];
		uint32_t blocks;

		if (!b->otp || b->size > sizeof(buf) || !b->otp_block)
			continue;
		if (cortexm_read_mem(g->t, b->geom.base, buf, b->size))
			return mon_error(g, "otp show: cannot read 0x%08x: %s", b->geom.base, cortexm_error(g->t));
		blocks = b->otp_lock_offset / b->otp_block;
		gdb_console_printf(g, "OTP bank '%s': %u blocks of %u bytes at 0x%08x, lock bytes at 0x%08x\n", b->name,
				   blocks, b->otp_block, b->geom.base, b->geom.base + b->otp_lock_offset);
		for (uint32_t k = 0; k < blocks; k++) {
			const uint8_t *p = buf + k * b->otp_block;
			uint8_t lock = buf[b->otp_lock_offset + k];
			bool blank = true;

			for (uint32_t j = 0; j < b->otp_block; j++)
				blank &= p[j] == b->erased;
			gdb_console_printf(g, "  block %2u 0x%08x %-8s %s", k, b->geom.base + k * b->otp_block,
					   lock == b->erased ? "open" : "LOCKED", blank ? "(blank)" : "");
			for (uint32_t j = 0; !blank && j < b->otp_block; j++)
				gdb_console_printf(g, "%02x", p[j]);
			gdb_console_printf(g, "\n");
		}
		return 0;
	}
	return mon_error(g, "otp show: this part has no OTP bank");
}

static int cmd_otp(struct gdb_s *g, int argc, char **argv)
{
	struct flash_options_s *o = g->flash ? flash_options(g->flash) : NULL;

	if (!o)
		return need_flash(g, "otp");
	if (argc == 1 && strcmp(argv[0], "show") == 0)
		return otp_show(g);
	if (argc == 1 && strcmp(argv[0], "enable") == 0) {
		o->otp_write = true;
		o->otp_lock = false;
	} else if (argc == 2 && strcmp(argv[0], "enable") == 0 && strcmp(argv[1], "locks") == 0) {
		o->otp_write = true;
		o->otp_lock = true;
	} else if (argc == 1 && strcmp(argv[0], "disable") == 0) {
		o->otp_write = false;
		o->otp_lock = false;
	} else if (argc != 0) {
		return mon_error(g, "usage: otp [show | enable [locks] | disable]");
	}
	gdb_console_printf(g, "otp: writes %s, lock bytes %s\n", o->otp_write ? "enabled" : "disabled",
			   o->otp_lock ? "may lock blocks" : "refused");
	return 0;
}

const struct mon_cmd_s mon_cmds_flash[] = {
	{ "verify", "[on|off] [l1=on|off] [l2=off|crc|readback] (or l1 on, l2 crc)", 4, "show or set the download verify levels", cmd_verify },
	{ "flash info", "", 0, "flash banks, geometry, options, verify settings, last download", cmd_flash_info },
	{ "flash erase", "ADDR LEN", 2, "erase whole sectors of flash now (blank ones are left alone)", cmd_flash_erase },
	{ "flash mass-erase", "[BANK]", 1, "erase a whole bank (all banks without BANK)", cmd_flash_mass_erase },
	{ "flash routine", "[on|off]", 1, "program through a RAM routine (default) or from the host", cmd_flash_routine },
	{ "otp", "[show | enable [locks] | disable]", 2, "OTP blocks and locks; allow `load` to program OTP", cmd_otp },
	{ NULL, NULL, 0, NULL, NULL },
};
