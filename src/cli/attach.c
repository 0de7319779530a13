// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The one path from options to an attached target, for the GDB server and every
 * subcommand: open the probe (the in-process virtual board without --probe), attach the
 * core, settle the part, open the flash layer with the --verify / --otp-write / --psize
 * settings and the --loader files. The GDB layer's state (struct gdb_s) comes with it, so
 * `monitor` runs the very commands GDB's `monitor` does.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"
#include "src/cli/cli.h"
#include "src/log/log.h"
#include "src/probe/probe.h"

static int open_probe(struct cli_target_s *ct, const struct cli_opts_s *o, struct error_s *err)
{
	char why[256];
	int rc;

	if (o->probe)
		snprintf(ct->spec, sizeof(ct->spec), "%s", o->probe);
	else
		snprintf(ct->spec, sizeof(ct->spec), "sim:%s", o->board ? o->board : CLI_DEFAULT_BOARD);
	rc = probe_open_state(ct->spec, o->speed_khz, o->board_options, o->state, &ct->probe, why, sizeof(why));
	if (rc < 0) {
		error_set(err, ADI_ERR_PROBE, "cannot open probe '%s': %s", ct->spec, why);
		return cli_exit_from_probe(rc);
	}
	log_info("probe '%s' open", ct->spec);
	return CLI_EXIT_OK;
}

/*
 * The part: what the chip reports, or --target. With strict_part, a chip that identifies
 * as another part than --target is refused (a production run must not program the wrong
 * board); the GDB server takes --target as given, with a warning, as it always has.
 */
static int settle_part(struct cli_target_s *ct, const struct cli_opts_s *o, bool strict_part, struct error_s *err)
{
	struct cortexm_s *t = &ct->t;
	struct sim *board = probe_sim_board(ct->probe);

	if (o->target) {
		const struct target_part_s *want = target_part_find(o->target);

		if (!want) {
			error_set(err, FLASH_ERR_NO_DRIVER, "unknown target '%s' (`rspflash targets` lists them)", o->target);
			return CLI_EXIT_TARGET;
		}
		if (t->part && t->part != want && t->part->dev_id != want->dev_id) {
			if (strict_part) {
				error_set(err, FLASH_ERR_NO_DRIVER,
					  "--target %s given, but the chip identifies as %s (DBGMCU_IDCODE 0x%08x)", o->target,
					  t->part->name, t->dbgmcu_idcode);
				return CLI_EXIT_TARGET;
			}
			log_warn("--target %s given, but the chip identifies as %s: using %s", o->target, t->part->name,
				 want->name);
		}
		t->part = want;
	} else if (board && target_part_find(sim_board_name(board))) {
		/*
		 * The in-process board says what it is: also for parts without a DBGMCU (Alif),
		 * and for a board row (stm32l562e-dk) that adds the board's external flash.
		 */
		t->part = target_part_find(sim_board_name(board));
	}
	log_info("attached: %s (CPUID 0x%08x)%s%s%s, part %s", t->core_name, t->cpuid, t->has_fpu ? ", FPU" : "",
		 t->has_security ? ", Security Extension" : "", t->halted ? ", halted" : ", running",
		 t->part ? t->part->name : "unknown (no memory map; flash unavailable)");
	return CLI_EXIT_OK;
}

/* --loader: each file's device becomes a flash bank (and a region of GDB's memory map). */
static int add_loaders(struct cli_target_s *ct, const struct cli_opts_s *o, struct error_s *err)
{
	for (unsigned i = 0; i < o->n_loaders; i++) {
		if (!ct->g.flash)
			return error_set(err, FLASH_ERR_NO_DRIVER, "--loader %s: the target has no flash layer", o->loaders[i]);
		if (flash_loader_add_spec(ct->g.flash, o->loaders[i], err)) {
			error_prefix(err, "--loader %s: ", o->loaders[i]);
			return -1;
		}
	}
	return 0;
}

int cli_target_open(const struct cli_opts_s *o, bool strict_part, struct cli_target_s **out, struct error_s *err)
{
	struct cli_target_s *ct = calloc(1, sizeof(*ct));
	int rc;

	*out = NULL;
	if (!ct) {
		error_set(err, FLASH_ERR_RESOURCE, "out of memory");
		return CLI_EXIT_FAILED;
	}
	rc = open_probe(ct, o, err);
	if (rc != CLI_EXIT_OK) {
		free(ct);
		return rc;
	}
	if (cortexm_attach(&ct->t, ct->probe)) {
		*err = ct->t.err;
		error_prefix(err, "cannot attach to the target: ");
		rc = cli_exit_from_error(err);
		probe_close(ct->probe);
		free(ct);
		return rc == CLI_EXIT_FAILED ? CLI_EXIT_TARGET : rc;
	}
	rc = settle_part(ct, o, strict_part, err);
	if (rc == CLI_EXIT_OK) {
		gdb_init(&ct->g, &ct->t, ct->probe);
		ct->g.speed_khz = o->speed_khz ? o->speed_khz : 4000;
		if (ct->g.flash)
			*flash_options(ct->g.flash) = o->flash;
		if (add_loaders(ct, o, err))
			rc = cli_exit_from_error(err);
	}
	if (rc != CLI_EXIT_OK) {
		cli_target_close(ct, false);
		return rc;
	}
	*out = ct;
	return CLI_EXIT_OK;
}

void cli_target_close(struct cli_target_s *ct, bool resume)
{
	if (!ct)
		return;
	if (ct->g.t)
		gdb_cleanup(&ct->g);
	cortexm_detach(&ct->t, resume);
	probe_close(ct->probe);
	free(ct);
}

int cli_need_flash(struct cli_target_s *ct, struct error_s *err)
{
	if (ct->g.flash && flash_bank_count(ct->g.flash))
		return CLI_EXIT_OK;
	error_set(err, FLASH_ERR_NO_DRIVER, "no flash driver serves %s", ct->t.part ? ct->t.part->name :
		  "this target (part unknown: give --target)");
	return CLI_EXIT_TARGET;
}

int cli_semihosting_dir(struct cli_target_s *ct, const struct cli_opts_s *o, struct error_s *err)
{
	char why[PATH_MAX + 64];

	if (!o->semihosting_dir || !semihosting_set_dir(&ct->g.sh, o->semihosting_dir, why, sizeof(why)))
		return CLI_EXIT_OK;
	error_set(err, ADI_ERR_ARG, "--semihosting-dir: %s", why);
	return CLI_EXIT_USAGE;
}
