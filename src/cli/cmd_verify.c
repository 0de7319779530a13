// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `rspflash verify IMAGE...`: does the target hold the image? Per segment, by GDB's CRC-32
 * computed on the target (the flash layer's routine, as qCRC and level 2 use it; read
 * back on the host where it cannot run) or, with --method readback, by reading every
 * byte back, which also names the first address that differs (external flash behind a
 * RAM loader is checked by CRC through the loader either way: the bus sees it only in
 * memory-mapped mode). Nothing is written; the core is halted and left halted.
 */
#include <string.h>

#include "src/cli/cli.h"
#include "src/cli/json.h"

#define READBACK_CHUNK 4096u

enum { K_METHOD = 1000 };

static const struct cli_opt_s verify_cmd_opts[] = {
	{ "method", "crc|readback", "CRC-32 on the target (default; a few words on the wire), or\n"
	  "every byte read back (names the first address that differs)", K_METHOD },
	{ NULL, NULL, NULL, 0 },
};

static int verify_cmd_option(struct cli_opts_s *o, int key, const char *arg)
{
	if (strcmp(arg, "crc") == 0)
		o->method = CLI_METHOD_CRC;
	else if (strcmp(arg, "readback") == 0)
		o->method = CLI_METHOD_READBACK;
	else
		return -1;
	return 0;
}

/* 0 match, 1 mismatch (*bad: the first differing address), -1 read error (err). */
static int readback(struct cli_target_s *ct, const struct image_seg_s *s, uint32_t *bad, struct error_s *err)
{
	uint8_t buf[READBACK_CHUNK];

	for (uint32_t off = 0; off < s->len; off += READBACK_CHUNK) {
		uint32_t n = s->len - off < READBACK_CHUNK ? s->len - off : READBACK_CHUNK;

		if (cortexm_read_mem(&ct->t, s->addr + off, buf, n)) {
			*err = ct->t.err;
			error_prefix(err, "reading 0x%08x back: ", s->addr + off);
			return -1;
		}
		if (memcmp(buf, s->data + off, n) != 0) {
			uint32_t i = 0;

			while (buf[i] == s->data[off + i])
				i++;
			*bad = s->addr + off + i;
			return 1;
		}
	}
	return 0;
}

/* External flash: read back through the bus only in memory-mapped mode; its loader computes the CRC. */
static bool behind_loader(struct cli_target_s *ct, const struct image_seg_s *s)
{
	const struct flash_bank_s *b = ct->g.flash ? flash_bank_at(ct->g.flash, s->addr, s->len) : NULL;

	return b && flash_bank_is_loader(b);
}

/* One segment: 0 match, 1 mismatch, -1 error; adds its line or JSON entry. */
static int verify_segment(struct cli_target_s *ct, const struct cli_opts_s *o, const struct image_seg_s *s,
			  struct json_object *arr, struct error_s *err)
{
	struct json_object *js = arr ? json_object_new_object() : NULL;
	uint32_t want = flash_crc32(0xFFFFFFFFu, s->data, s->len), got = 0, bad = 0;
	const char *how;
	int r;

	if (o->method == CLI_METHOD_READBACK && !behind_loader(ct, s)) {
		r = readback(ct, s, &bad, err);
		how = "readback";
	} else {
		r = gdb_crc_compute(&ct->g, s->addr, s->len, &got);
		if (r)
			error_set(err, ADI_ERR_NO_RESPONSE, "CRC of 0x%08x+0x%x: %s", s->addr, s->len, cortexm_error(&ct->t));
		else
			r = got != want;
		how = ct->g.crc_where == GDB_CRC_TARGET ? "crc-target" : "crc-host";
	}
	if (r < 0) {
		json_object_put(js);
		return -1;
	}
	cli_json_int(js, "address", s->addr);
	cli_json_int(js, "length", s->len);
	cli_json_str(js, "method", how);
	cli_json_str(js, "result", r ? "mismatch" : "match");
	if (strcmp(how, "readback") != 0) {
		cli_json_int(js, "crc_image", want);
		cli_json_int(js, "crc_target", got);
	} else if (r) {
		cli_json_int(js, "first_mismatch", bad);
	}
	if (arr)
		json_object_array_add(arr, js);
	else if (strcmp(how, "readback") != 0)
		printf("  0x%08x-0x%08x %8u bytes: %s (CRC-32 image 0x%08x, target 0x%08x, %s)\n", s->addr,
		       s->addr + s->len - 1, s->len, r ? "MISMATCH" : "match", want, got, how);
	else
		printf("  0x%08x-0x%08x %8u bytes: %s", s->addr, s->addr + s->len - 1, s->len, r ? "MISMATCH" : "match\n");
	if (!arr && r && strcmp(how, "readback") == 0)
		printf(" from 0x%08x\n", bad);
	return r;
}

static int verify_all(struct cli_target_s *ct, const struct cli_opts_s *o, const struct image_s *im,
		      struct json_object *j, struct error_s *err)
{
	struct json_object *arr = j ? json_object_new_array() : NULL;
	unsigned mismatches = 0;
	int rc = CLI_EXIT_OK;

	if (!ct->t.halted && cortexm_halt(&ct->t)) {
		error_set(err, ADI_ERR_NO_RESPONSE, "cannot halt the core: %s", cortexm_error(&ct->t));
		json_object_put(arr);
		return CLI_EXIT_TARGET;
	}
	if (!j)
		printf("verify: %u segment(s), %llu bytes\n", im->n_segs, (unsigned long long)im->total);
	for (unsigned i = 0; i < im->n_segs && rc == CLI_EXIT_OK; i++) {
		int r;

		if (cli_interrupted()) {
			error_set(err, FLASH_ERR_STATE, "interrupted before 0x%08x", im->segs[i].addr);
			rc = CLI_EXIT_INTERRUPTED;
			break;
		}
		r = verify_segment(ct, o, &im->segs[i], arr, err);
		if (r < 0)
			rc = cli_exit_from_error(err);
		else if (r > 0 && !mismatches++)
			error_set(err, FLASH_ERR_VERIFY, "0x%08x-0x%08x does not hold the image", im->segs[i].addr,
				  im->segs[i].addr + im->segs[i].len - 1);
	}
	if (rc == CLI_EXIT_OK && mismatches)
		rc = CLI_EXIT_VERIFY;
	cli_json_add(j, "results", arr);
	cli_json_str(j, "result", rc == CLI_EXIT_OK ? "match" : rc == CLI_EXIT_VERIFY ? "mismatch" : NULL);
	if (!j && rc == CLI_EXIT_OK)
		printf("verify: the target holds the image\n");
	return rc;
}

static int run_verify(const struct cli_opts_s *o, int argc, char **argv)
{
	struct json_object *j = cli_json_maybe(o, "verify");
	struct cli_target_s *ct = NULL;
	struct cli_clock_s clk;
	struct image_s im;
	struct error_s err;
	int rc;

	cli_json_str(j, "method", o->method == CLI_METHOD_READBACK ? "readback" : "crc");
	rc = cli_images_open(o, argc, argv, j, &im, &ct, &err);
	if (rc == CLI_EXIT_OK) {
		cli_clock_start(&clk, ct->probe);
		rc = verify_all(ct, o, &im, j, &err);
		cli_json_time(j, &clk, ct->probe);
	}
	image_free(&im);
	rc = cli_finish("verify", j, rc, &err);
	cli_target_close(ct, false);
	return rc;
}

const struct cli_cmd_s cli_cmd_verify = {
	.name = "verify",
	.args = "IMAGE...",
	.summary = "compare the target's memory with images (on-target CRC or read-back)",
	.groups = CLI_G_PROBE | CLI_G_JSON | CLI_G_IMAGE | CLI_G_FLASH,
	.opts = verify_cmd_opts,
	.min_args = 1,
	.max_args = -1,
	.gang = true,
	.option = verify_cmd_option,
	.run = run_verify,
};
