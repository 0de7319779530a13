// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `rspflash erase --all | ADDR LEN`: whole banks (every one that can be erased; OTP never)
 * or the sectors holding [ADDR, ADDR+LEN), through the flash layer as `monitor flash
 * mass-erase` and `monitor flash erase` do. A range that does not start and end on sector
 * boundaries is refused by the layer with the boundaries named, so nothing outside what
 * was asked is erased.
 */
#include "src/cli/cli.h"
#include "src/cli/json.h"

enum { K_ALL = 1000 };

static const struct cli_opt_s erase_cmd_opts[] = {
	{ "all", NULL, "erase every flash bank of the part (OTP is never erased)", K_ALL },
	{ NULL, NULL, NULL, 0 },
};

static int erase_cmd_option(struct cli_opts_s *o, int key, const char *arg)
{
	o->all = true;
	return 0;
}

static int erase_args(const struct cli_opts_s *o, int argc, char **argv, uint32_t *addr, uint32_t *len)
{
	if (o->all != (argc == 0) || (argc && argc != 2)) {
		fprintf(stderr, "rspflash erase: give either --all or ADDR LEN\n");
		return CLI_EXIT_USAGE;
	}
	if (o->all)
		return CLI_EXIT_OK;
	if (cli_parse_u32(argv[0], 0xFFFFFFFFu, addr) || cli_parse_u32(argv[1], 0xFFFFFFFFu, len) || *len == 0 ||
	    (uint64_t)*addr + *len > 0x100000000ull) {
		fprintf(stderr, "rspflash erase: bad range '%s %s' (ADDR and LEN: decimal or 0x hex, LEN > 0, "
			"inside 4 GiB)\n", argv[0], argv[1]);
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

static int erase_check_args(const struct cli_opts_s *o, int argc, char **argv)
{
	uint32_t addr, len;

	return erase_args(o, argc, argv, &addr, &len);
}

static int run_erase(const struct cli_opts_s *o, int argc, char **argv)
{
	struct json_object *j = cli_json_maybe(o, "erase");
	struct cli_target_s *ct = NULL;
	struct cli_clock_s clk;
	struct error_s err;
	uint32_t addr = 0, len = 0;
	int rc;

	error_clear(&err);
	erase_args(o, argc, argv, &addr, &len);	/* checked by cli_parse (erase_check_args) */
	cli_json_str(j, "mode", o->all ? "all" : "range");
	if (!o->all) {
		cli_json_int(j, "address", addr);
		cli_json_int(j, "length", len);
	}
	rc = cli_target_open(o, true, &ct, &err);
	if (rc == CLI_EXIT_OK) {
		cli_json_target(j, ct);
		rc = cli_need_flash(ct, &err);
	}
	if (rc == CLI_EXIT_OK && !ct->t.halted && cortexm_halt(&ct->t)) {
		error_set(&err, ADI_ERR_NO_RESPONSE, "cannot halt the core: %s", cortexm_error(&ct->t));
		rc = CLI_EXIT_TARGET;
	}
	if (rc == CLI_EXIT_OK) {
		cli_clock_start(&clk, ct->probe);
		if (o->all ? flash_mass_erase(ct->g.flash, -1, &err) : flash_erase_range(ct->g.flash, addr, len, &err))
			rc = cli_exit_from_error(&err);
		cli_json_time(j, &clk, ct->probe);
		if (!j && rc == CLI_EXIT_OK && o->all)
			printf("erase: every flash bank erased (%.3f s %s)\n", cli_clock_seconds(&clk, ct->probe),
			       clk.modeled ? "modeled" : "wall clock");
		else if (!j && rc == CLI_EXIT_OK)
			printf("erase: 0x%08x-0x%08x erased (%.3f s %s)\n", addr, addr + len - 1,
			       cli_clock_seconds(&clk, ct->probe), clk.modeled ? "modeled" : "wall clock");
	}
	rc = cli_finish("erase", j, rc, &err);
	cli_target_close(ct, false);
	return rc;
}

const struct cli_cmd_s cli_cmd_erase = {
	.name = "erase",
	.args = "[--all | ADDR LEN]",
	.summary = "erase every flash bank, or the sectors of a range",
	.groups = CLI_G_PROBE | CLI_G_FLASH | CLI_G_JSON,
	.opts = erase_cmd_opts,
	.min_args = 0,
	.max_args = 2,
	.gang = true,
	.option = erase_cmd_option,
	.check_args = erase_check_args,
	.run = run_erase,
};
