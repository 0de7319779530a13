// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `rspflash read ADDR LEN FILE`: LEN bytes of the target's memory from ADDR into FILE
 * ("-": standard output), read through the debug port a block at a time. The range must
 * lie in the part's memory map (flash, RAM, ROM): reading peripherals can have side
 * effects, and a gap only faults. External flash behind a RAM loader reads through its
 * window, mapped by the loader when a reset has left it off (flash_window_open).
 */
#include <errno.h>
#include <string.h>

#include "src/cli/cli.h"

#define READ_CHUNK 4096u

static int read_args(int argc, char **argv, uint32_t *addr, uint32_t *len)
{
	if (cli_parse_u32(argv[0], 0xFFFFFFFFu, addr) || cli_parse_u32(argv[1], 0xFFFFFFFFu, len) || *len == 0 ||
	    (uint64_t)*addr + *len > 0x100000000ull) {
		fprintf(stderr, "rspflash read: bad range '%s %s' (ADDR and LEN: decimal or 0x hex, LEN > 0, "
			"inside 4 GiB)\n", argv[0], argv[1]);
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

static int copy_out(struct cli_target_s *ct, uint32_t addr, uint32_t len, FILE *out, const char *path,
		    struct error_s *err)
{
	uint8_t buf[READ_CHUNK];

	for (uint32_t off = 0; off < len; off += READ_CHUNK) {
		uint32_t n = len - off < READ_CHUNK ? len - off : READ_CHUNK;

		if (cli_interrupted()) {
			error_set(err, FLASH_ERR_STATE, "interrupted at 0x%08x: %s holds the first %u bytes", addr + off, path,
				  off);
			return CLI_EXIT_INTERRUPTED;
		}
		if (cortexm_read_mem(&ct->t, addr + off, buf, n)) {
			*err = ct->t.err;
			error_prefix(err, "reading 0x%08x: ", addr + off);
			return cli_exit_from_error(err);
		}
		if (fwrite(buf, 1, n, out) != n) {
			error_set(err, FLASH_ERR_RESOURCE, "writing %s: %s", path, strerror(errno));
			return CLI_EXIT_FAILED;
		}
	}
	return CLI_EXIT_OK;
}

static int run_read(const struct cli_opts_s *o, int argc, char **argv)
{
	struct cli_target_s *ct = NULL;
	struct error_s err;
	uint32_t addr, len, gap;
	const char *path = argv[2];
	FILE *out = NULL;
	int rc;

	error_clear(&err);
	rc = read_args(argc, argv, &addr, &len);
	if (rc != CLI_EXIT_OK)
		return rc;
	cli_interrupt_install();
	rc = cli_target_open(o, true, &ct, &err);
	if (rc == CLI_EXIT_OK && ct->t.part && !target_mem_covers(ct->t.part, addr, len, &gap)) {
		char map[256];

		target_mem_describe(ct->t.part, map, sizeof(map));
		error_set(&err, FLASH_ERR_RANGE, "0x%08x is outside the memory of %s (%s); nothing was read", gap,
			  ct->t.part->name, map);
		rc = CLI_EXIT_TARGET;
	}
	if (rc == CLI_EXIT_OK) {
		out = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
		if (!out) {
			error_set(&err, FLASH_ERR_RESOURCE, "cannot create %s: %s", path, strerror(errno));
			rc = CLI_EXIT_FAILED;
		}
	}
	/* external flash after a reset: its loader maps the window for the read */
	if (rc == CLI_EXIT_OK && ct->g.flash && flash_window_open(ct->g.flash, addr, len, &err))
		rc = cli_exit_from_error(&err);
	if (rc == CLI_EXIT_OK) {
		rc = copy_out(ct, addr, len, out, path, &err);
		if (ct->g.flash && flash_window_close(ct->g.flash, rc == CLI_EXIT_OK ? &err : NULL) && rc == CLI_EXIT_OK)
			rc = cli_exit_from_error(&err);
	}
	if (out && out != stdout && fclose(out) && rc == CLI_EXIT_OK) {
		error_set(&err, FLASH_ERR_RESOURCE, "writing %s: %s", path, strerror(errno));
		rc = CLI_EXIT_FAILED;
	}
	if (rc != CLI_EXIT_OK)
		cli_fail("read", rc, &err);
	cli_target_close(ct, false);
	return rc;
}

const struct cli_cmd_s cli_cmd_read = {
	.name = "read",
	.args = "ADDR LEN FILE",
	.summary = "copy LEN bytes of target memory from ADDR into FILE (- for stdout)",
	.groups = CLI_G_PROBE | CLI_G_FLASH,
	.min_args = 3,
	.max_args = 3,
	.run = run_read,
};
