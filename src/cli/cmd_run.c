// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `rspflash run IMAGE...`: firmware run to completion, for CI. The images are programmed
 * and verified as by `rspflash flash`; then the core is reset and runs with its semihosting
 * calls served (console on stdout, files under --semihosting-dir), until the program exits
 * through semihosting: rspflash's exit status is then the program's. A run that does not
 * end in time (--timeout, counted in the target's modeled time on a virtual board, so a
 * slow CI host gives the same verdict, and in wall time on a probe) exits 124, as
 * timeout(1) does; a program that stops otherwise (a fault, caught at once by vector catch
 * unless --no-catch-faults; a lockup; a breakpoint) exits 125 with the reason explained
 * (CFSR/HFSR bits, the faulting instruction). Failures before the program runs keep the
 * exit codes of `flash`. The program's output alone goes to stdout; the report, to stderr.
 */
#include <stdlib.h>
#include <string.h>

#include "arch/cortexm_debug.h"
#include "src/cli/cli.h"
#include "src/cli/json.h"
#include "src/gdb/gdb.h"
#include "src/gdb/rtt.h"
#include "src/log/log.h"
#include "src/target/cortexm_fault.h"

#define RUN_DEFAULT_TIMEOUT_S 60u
#define RUN_POLL_MS 20u		/* a poll of the core while it runs (host time) */
#define RUN_EXIT_TIMEOUT 124	/* as timeout(1) */
#define RUN_EXIT_STOPPED 125	/* stopped without exiting: fault, lockup, breakpoint */

/* The fault vector catches a CI run wants: any fault stops the run where it happened. */
#define RUN_VC_FAULTS                                                                                                \
	(SCS_DEMCR_VC_HARDERR | SCS_DEMCR_VC_INTERR | SCS_DEMCR_VC_BUSERR | SCS_DEMCR_VC_STATERR | SCS_DEMCR_VC_CHKERR | \
	 SCS_DEMCR_VC_NOCPERR | SCS_DEMCR_VC_MMERR)

enum { K_TIMEOUT = 1100, K_NO_CATCH };

static const struct cli_opt_s run_cmd_opts[] = {
	{ "timeout", "SECONDS", "give up after SECONDS of the target's time (default 60; modeled time\n"
	  "on a virtual board, wall time on a probe): exit 124", K_TIMEOUT },
	{ "no-catch-faults", NULL, "let the program's own fault handlers run (default: a fault stops\n"
	  "the run at once and is explained, exit 125)", K_NO_CATCH },
	{ NULL, NULL, NULL, 0 },
};

static int run_cmd_option(struct cli_opts_s *o, int key, const char *arg)
{
	uint32_t s;

	if (key == K_NO_CATCH) {
		o->run_no_catch = true;
		return 0;
	}
	if (cli_parse_u32(arg, 24u * 3600u, &s) || s == 0)
		return -1;
	o->run_timeout_s = s;
	return 0;
}

/* Why the core stopped, when it was not an exit: the reason, the PC, and a fault explained. */
static void explain_stop(struct cli_target_s *ct, struct error_s *err)
{
	struct cortexm_s *t = &ct->t;
	struct cortexm_fault_s fs;
	char text[1024] = "", where[160] = "";
	uint32_t pc = 0, stacked;
	size_t n;

	cortexm_read_reg(t, CORTEXM_PC, &pc);
	if (t->reason == CORTEXM_HALT_VCATCH && !cortexm_fault_read(t, &fs)) {
		n = cortexm_fault_describe(&fs, text, sizeof(text));
		if (!cortexm_fault_stacked_pc(t, &stacked, where, sizeof(where)))
			pc = stacked;
		fprintf(stderr, "run: fault at pc 0x%08x (%s):\n%s", pc, where, text);
		if (n && text[n - 1] != '\n')
			fputc('\n', stderr);
		if (!cortexm_disasm(t, pc & ~1u, 1, pc & ~1u, text, sizeof(text)))
			fprintf(stderr, "%s", text);
		error_set(err, FLASH_ERR_STATE, "the program faulted at pc 0x%08x (CFSR 0x%08x, HFSR 0x%08x)", pc, fs.cfsr,
			  fs.hfsr);
		return;
	}
	error_set(err, FLASH_ERR_STATE, "the program stopped without exiting (%s) at pc 0x%08x",
		  t->reason == CORTEXM_HALT_LOCKUP ? "lockup" : cortexm_halt_reason_name(t->reason), pc);
}

/* Runs the started core to a semihosting exit, a stop, the timeout or SIGINT; the exit code. */
static int wait_for_exit(struct cli_target_s *ct, const struct cli_opts_s *o, struct error_s *err)
{
	struct cortexm_s *t = &ct->t;
	unsigned timeout_s = o->run_timeout_s ? o->run_timeout_s : RUN_DEFAULT_TIMEOUT_S;
	struct cli_clock_s clk;
	bool rtt = gdb_rtt_on(&ct->g), input = rtt;
	int rc;

	cli_clock_start(&clk, ct->probe);
	for (;;) {
		/* with RTT, one look at the core between its ticks */
		int h = cortexm_wait_halt(t, rtt ? 0 : RUN_POLL_MS), s;

		if (h == 0 && rtt) {
			input = input && cli_rtt_stdin(ct);
			gdb_rtt_tick(&ct->g);
		} else if (h > 0 && rtt) {
			gdb_rtt_stopped(&ct->g, false);	/* RTT output first: it was written before the call */
		}
		if (h < 0) {
			error_set(err, ADI_ERR_NO_RESPONSE, "while the program ran: %s", cortexm_error(t));
			return cli_exit_from_error(err);
		}
		if (cli_interrupted()) {
			cortexm_halt(t);
			error_set(err, FLASH_ERR_STATE, "interrupted after %.3f s; the core is halted", cli_clock_seconds(&clk, ct->probe));
			return CLI_EXIT_INTERRUPTED;
		}
		if (h == 0 && t->reason != CORTEXM_HALT_LOCKUP) {
			if (cli_clock_seconds(&clk, ct->probe) < (double)timeout_s)
				continue;
			cortexm_halt(t);
			error_set(err, FLASH_ERR_STATE, "no exit within %u s (%s); the core is halted", timeout_s,
				  clk.modeled ? "modeled target time" : "wall time");
			return RUN_EXIT_TIMEOUT;
		}
		s = h ? gdb_semihosting_halted(&ct->g) : 0;
		if (s == 2)
			continue;	/* a call served, the core runs on */
		if (s < 0) {
			error_set(err, ADI_ERR_NO_RESPONSE, "serving a semihosting call: %s", ct->g.last_error);
			return CLI_EXIT_TARGET;
		}
		rc = RUN_EXIT_STOPPED;
		if (s == 1) {
			rc = ct->g.sh.exit_reason == SH_ADP_STOPPED_APPLICATION_EXIT ? ct->g.sh.exit_status & 0xFF
										       : 128 + 6;	/* abort(): as a shell says SIGABRT */
			fprintf(stderr, "run: the program exited with status %d after %.3f s (%s)\n", ct->g.sh.exit_status,
				cli_clock_seconds(&clk, ct->probe), clk.modeled ? "modeled" : "wall clock");
		} else {
			explain_stop(ct, err);
		}
		return rc;
	}
}

/* Fault vector catch as asked, reset to run, wait; DEMCR as it was afterwards, whatever the end. */
static int run_to_exit(struct cli_target_s *ct, const struct cli_opts_s *o, struct error_s *err)
{
	struct cortexm_s *t = &ct->t;
	uint32_t demcr = 0;
	int rc;

	if (cortexm_read_u32(t, SCS_DEMCR_ADDR, &demcr) ||
	    cortexm_write_u32(t, SCS_DEMCR_ADDR, o->run_no_catch ? demcr & ~RUN_VC_FAULTS : demcr | RUN_VC_FAULTS) ||
	    cortexm_reset(t, CORTEXM_RESET_SYSRESETREQ, false)) {
		error_set(err, ADI_ERR_NO_RESPONSE, "starting the program: %s", cortexm_error(t));
		return CLI_EXIT_TARGET;
	}
	gdb_rtt_reset(&ct->g);
	rc = wait_for_exit(ct, o, err);
	if (gdb_rtt_on(&ct->g)) {
		char line[512];

		gdb_rtt_stopped(&ct->g, true);	/* what the program wrote before its end */
		cli_rtt_stdout_flush();
		gdb_rtt_cost_line(&ct->g, line, sizeof(line));
		log_info("%s", line);
	}
	cortexm_write_u32(t, SCS_DEMCR_ADDR, demcr);
	return rc;
}

static int run_run(const struct cli_opts_s *o, int argc, char **argv)
{
	struct cli_target_s *ct = NULL;
	struct image_s im;
	struct error_s err;
	int rc;

	rc = cli_images_open(o, argc, argv, NULL, &im, &ct, &err);
	if (rc == CLI_EXIT_OK)
		rc = cli_need_flash(ct, &err);
	if (rc == CLI_EXIT_OK)
		rc = cli_images_check(ct, &im, &err);
	if (rc == CLI_EXIT_OK)
		rc = cli_semihosting_dir(ct, o, &err);
	if (rc == CLI_EXIT_OK)
		rc = cli_rtt_setup(ct, o, false, &err);
	if (rc == CLI_EXIT_OK)
		cli_rtt_stdout(ct);
	if (rc == CLI_EXIT_OK)
		rc = cli_flash_program(ct, o, &im, &err);
	if (rc == CLI_EXIT_OK) {
		ct->g.sh.enabled = true;
		rc = run_to_exit(ct, o, &err);
	}
	image_free(&im);
	if (rc == RUN_EXIT_TIMEOUT || rc == RUN_EXIT_STOPPED)
		cli_fail("run", rc, &err);
	else if (!ct || !ct->g.sh.exited)
		rc = cli_finish("run", NULL, rc, &err);
	cli_target_close(ct, false);
	return rc;
}

const struct cli_cmd_s cli_cmd_run = {
	.name = "run",
	.args = "IMAGE...",
	.summary = "program, reset and run to the program's semihosting exit: its status is ours (CI)",
	.groups = CLI_G_PROBE | CLI_G_FLASH | CLI_G_IMAGE | CLI_G_SEMIHOSTING | CLI_G_RTT,
	.opts = run_cmd_opts,
	.min_args = 1,
	.max_args = -1,
	.option = run_cmd_option,
	.run = run_run,
};
