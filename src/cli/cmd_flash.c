// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `rspflash flash IMAGE...`: the production download. The images are read and checked
 * before the probe is opened; then, as GDB's `load` drives the flash layer through
 * vFlashErase / vFlashWrite / vFlashDone (src/gdb/flash.c), this command names the
 * sectors the image touches (or erases every bank first with --erase all), streams the
 * bytes in address order, and ends the download: the flash layer skips unchanged sectors,
 * programs, and verifies (L1 per chunk, L2 per --verify). Then a reset lets the program
 * run, unless --no-reset. The core is reset and halted before anything is written, so
 * the running firmware cannot touch the flash controller meanwhile.
 */
#include <stdlib.h>
#include <string.h>

#include "src/cli/cli.h"
#include "src/cli/json.h"
#include "src/log/log.h"

/* Bytes handed to the flash layer at a time: the progress and SIGINT step (GDB's vFlashWrite
 * carries up to its PacketSize, 16 KiB, as well). */
#define FLASH_CHUNK 16384u

enum { K_ERASE = 1000, K_NO_RESET };

static const struct cli_opt_s flash_cmd_opts[] = {
	{ "erase", "needed|all", "erase only the sectors the image touches (default), or every\n"
	  "bank first (OTP is never erased)", K_ERASE },
	{ "no-reset", NULL, "leave the core halted after programming (default: reset and run)", K_NO_RESET },
	{ NULL, NULL, NULL, 0 },
};

static int flash_cmd_option(struct cli_opts_s *o, int key, const char *arg)
{
	if (key == K_NO_RESET) {
		o->no_reset = true;
		return 0;
	}
	if (strcmp(arg, "needed") == 0)
		o->erase = CLI_ERASE_NEEDED;
	else if (strcmp(arg, "all") == 0)
		o->erase = CLI_ERASE_ALL;
	else
		return -1;
	return 0;
}

/*
 * The erase set: every sector the image touches, as runs of whole sectors within one bank
 * (GDB's vFlashErase covers whole blocks of the memory map the same way). Segments are
 * sorted, so a sector two segments share is named once.
 */
static int erase_needed(struct flash_s *f, const struct image_s *im, struct error_s *err)
{
	const struct flash_bank_s *run_bank = NULL;
	uint64_t run_start = 0, run_end = 0;

	for (unsigned i = 0; i < im->n_segs; i++) {
		uint64_t a = im->segs[i].addr, end = a + im->segs[i].len;

		while (a < end) {
			const struct flash_bank_s *b = flash_bank_at(f, (uint32_t)a, 1);
			struct flash_sector_s s;

			if (!b || !flash_geom_sector_at(&b->geom, (uint32_t)a, &s))
				return error_set(err, FLASH_ERR_RANGE, "0x%08x is not in a flash sector", (uint32_t)a);
			if (b == run_bank && s.addr <= run_end) {
				if ((uint64_t)s.addr + s.size > run_end)
					run_end = (uint64_t)s.addr + s.size;
			} else {
				if (run_bank && flash_dl_erase(f, (uint32_t)run_start, (uint32_t)(run_end - run_start), err))
					return -1;
				run_bank = b;
				run_start = s.addr;
				run_end = (uint64_t)s.addr + s.size;
			}
			a = (uint64_t)s.addr + s.size;
		}
	}
	return run_bank ? flash_dl_erase(f, (uint32_t)run_start, (uint32_t)(run_end - run_start), err) : 0;
}

/* The image's bytes in address order, a chunk at a time; SIGINT drops the download. */
static int stream(struct flash_s *f, const struct image_s *im, struct error_s *err)
{
	struct cli_progress_s pr;

	cli_progress_start(&pr, "flash", im->total);
	for (unsigned i = 0; i < im->n_segs; i++) {
		const struct image_seg_s *s = &im->segs[i];

		for (uint32_t off = 0; off < s->len; off += FLASH_CHUNK) {
			uint32_t n = s->len - off < FLASH_CHUNK ? s->len - off : FLASH_CHUNK;

			if (cli_interrupted()) {
				cli_progress_end(&pr);
				error_set(err, FLASH_ERR_STATE, "interrupted at 0x%08x, %llu of %llu bytes sent: the download "
					  "was dropped (sectors already programmed stay so)", s->addr + off,
					  (unsigned long long)pr.done, (unsigned long long)im->total);
				return CLI_EXIT_INTERRUPTED;
			}
			if (flash_dl_write(f, s->addr + off, s->data + off, n, err)) {
				cli_progress_end(&pr);
				return cli_exit_from_error(err);
			}
			cli_progress_add(&pr, n);
		}
	}
	cli_progress_end(&pr);
	return CLI_EXIT_OK;
}

static const char *verify_result(const struct flash_options_s *v, int code)
{
	if (!v->l1 && v->l2 == FLASH_L2_OFF)
		return "off";
	if (code == CLI_EXIT_VERIFY)
		return "failed";
	return code == CLI_EXIT_OK ? "passed" : "not reached";
}

static void report(struct json_object *j, const struct cli_target_s *ct, const struct cli_opts_s *o,
		   const struct image_s *im, const struct flash_report_s *r, int code, const struct cli_clock_s *clk)
{
	const struct flash_options_s *v = &o->flash;
	double secs = cli_clock_seconds(clk, ct->probe);
	struct json_object *sec, *ver;

	if (!j) {
		printf("flash: %s: %llu image bytes in %u segment(s) on %s, %llu bytes programmed\n",
		       code == CLI_EXIT_OK ? "done" : "FAILED", (unsigned long long)im->total, im->n_segs,
		       ct->t.part ? ct->t.part->name : "?", (unsigned long long)r->bytes_programmed);
		printf("  sectors: %u erased, %u bank erase(s), %u unchanged (skipped), %u programmed\n", r->sectors_erased,
		       r->bank_erases, r->sectors_skipped, r->sectors_programmed);
		if (r->otp_bytes_written)
			printf("  OTP: %u bytes written\n", r->otp_bytes_written);
		printf("  verify: l1 %s, l2 %s over %llu bytes: %s\n", v->l1 ? "on" : "off", flash_l2_name(v->l2),
		       (unsigned long long)r->l2_bytes, verify_result(v, code));
		if (code == CLI_EXIT_OK)
			printf("  reset: %s\n", o->no_reset ? "none (--no-reset): the core stays halted" : "the core runs");
		printf("  time: %.3f s (%s)\n", secs, clk->modeled ? "modeled, virtual board" : "wall clock");
		return;
	}
	sec = json_object_new_object();
	cli_json_int(sec, "erased", r->sectors_erased);
	cli_json_int(sec, "bank_erases", r->bank_erases);
	cli_json_int(sec, "skipped", r->sectors_skipped);
	cli_json_int(sec, "programmed", r->sectors_programmed);
	json_object_object_add(j, "sectors", sec);
	cli_json_int(j, "bytes_programmed", (int64_t)r->bytes_programmed);
	cli_json_int(j, "otp_bytes_written", r->otp_bytes_written);
	ver = json_object_new_object();
	cli_json_bool(ver, "l1", v->l1);
	cli_json_str(ver, "l2", flash_l2_name(v->l2));
	cli_json_int(ver, "l2_bytes", (int64_t)r->l2_bytes);
	cli_json_str(ver, "result", verify_result(v, code));
	json_object_object_add(j, "verify", ver);
	cli_json_str(j, "reset", code != CLI_EXIT_OK ? NULL : o->no_reset ? "none" : "run");
	cli_json_time(j, clk, ct->probe);
}

/* Erase, stream, done: the download itself. */
static int download(struct cli_target_s *ct, const struct cli_opts_s *o, const struct image_s *im,
		    struct error_s *err)
{
	struct flash_s *f = ct->g.flash;
	struct flash_report_s rep;
	int rc;

	if (o->erase == CLI_ERASE_ALL && flash_mass_erase(f, -1, err))
		return cli_exit_from_error(err);
	if (erase_needed(f, im, err))
		rc = cli_exit_from_error(err);
	else
		rc = stream(f, im, err);
	if (rc == CLI_EXIT_OK && flash_dl_done(f, &rep, err))
		rc = cli_exit_from_error(err);
	if (rc != CLI_EXIT_OK)
		flash_dl_abort(f);
	return rc;
}

int cli_flash_program(struct cli_target_s *ct, const struct cli_opts_s *o, const struct image_s *im,
		      struct error_s *err)
{
	if (cortexm_reset(&ct->t, CORTEXM_RESET_SYSRESETREQ, true)) {
		error_set(err, ADI_ERR_NO_RESPONSE, "reset and halt before programming failed: %s", cortexm_error(&ct->t));
		return CLI_EXIT_TARGET;
	}
	return download(ct, o, im, err);
}

static int run_flash(const struct cli_opts_s *o, int argc, char **argv)
{
	struct json_object *j = cli_json_maybe(o, "flash");
	struct cli_target_s *ct = NULL;
	struct cli_clock_s clk;
	struct image_s im;
	struct error_s err;
	int rc;

	cli_json_str(j, "erase", o->erase == CLI_ERASE_ALL ? "all" : "needed");
	rc = cli_images_open(o, argc, argv, j, &im, &ct, &err);
	if (rc == CLI_EXIT_OK)
		rc = cli_need_flash(ct, &err);
	if (rc == CLI_EXIT_OK)
		rc = cli_images_check(ct, &im, &err);
	if (rc == CLI_EXIT_OK) {
		cli_clock_start(&clk, ct->probe);
		rc = cli_flash_program(ct, o, &im, &err);
		if (rc == CLI_EXIT_OK && !o->no_reset && cortexm_reset(&ct->t, CORTEXM_RESET_SYSRESETREQ, false)) {
			error_set(&err, ADI_ERR_NO_RESPONSE, "programmed and verified, but the reset failed: %s",
				  cortexm_error(&ct->t));
			rc = CLI_EXIT_TARGET;
		}
		report(j, ct, o, &im, flash_last_report(ct->g.flash), rc, &clk);
	}
	image_free(&im);
	rc = cli_finish("flash", j, rc, &err);
	cli_target_close(ct, false);
	return rc;
}

const struct cli_cmd_s cli_cmd_flash = {
	.name = "flash",
	.args = "IMAGE...",
	.summary = "program images (ELF, Intel HEX, S-record, binary with --base) into flash, verify, reset",
	.groups = CLI_G_PROBE | CLI_G_FLASH | CLI_G_JSON | CLI_G_IMAGE,
	.opts = flash_cmd_opts,
	.min_args = 1,
	.max_args = -1,
	.gang = true,
	.option = flash_cmd_option,
	.run = run_flash,
};
