// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `rspflash probe-info`: the probe (driver, product, serial, firmware, capabilities), the
 * target voltage, the DPIDR, the access ports, the CoreSight ROM table, the core with its
 * FPB/DWT resources and the part; as text or, with --json, one object.
 */
#include "src/adi/dp.h"
#include "src/adi/romtable.h"
#include "src/cli/cli.h"
#include "src/cli/json.h"
#include "src/probe/probe.h"

#define MAX_APS 16
#define MAX_COMPONENTS 32

struct scan_s {
	struct probe_info_s info;
	bool has_info;
	struct adi_ap_info_s aps[MAX_APS];
	unsigned naps;
	struct adi_component_s comps[MAX_COMPONENTS];
	unsigned ncomps;
};

static void scan(struct cli_target_s *ct, struct scan_s *s)
{
	struct cortexm_s *t = &ct->t;

	s->has_info = probe_get_info(ct->probe, &s->info) == 0;
	if (adi_dp_scan_aps(&t->dp, MAX_APS, s->aps, MAX_APS, &s->naps, &t->err))
		s->naps = 0;
	if (adi_romtable_walk(&t->ap, s->comps, MAX_COMPONENTS, &s->ncomps, &t->err))
		s->ncomps = 0;
}

static void print_text(const struct cli_target_s *ct, const struct scan_s *s)
{
	const struct cortexm_s *t = &ct->t;
	char buf[2048];

	if (s->has_info) {
		probe_info_format(&s->info, buf, sizeof(buf));
		printf("probe:\n%s", buf);
		printf("target voltage: %u.%03u V\n", s->info.vtarget_mv / 1000, s->info.vtarget_mv % 1000);
	}
	printf("DPIDR: 0x%08x (DPv%u)\n", t->dp.dpidr, t->dp.version);
	for (unsigned i = 0; i < s->naps; i++)
		printf("AP%u: IDR 0x%08x %s%s\n", s->aps[i].apsel, s->aps[i].idr, adi_ap_type_name(s->aps[i].idr),
		       s->aps[i].is_memap ? "" : " (not a MEM-AP)");
	for (unsigned i = 0; i < s->ncomps; i++)
		printf("%*s0x%08x %s (designer 0x%03x, part 0x%03x)\n", 2 + 2 * s->comps[i].depth, "", s->comps[i].base,
		       s->comps[i].name, s->comps[i].designer, s->comps[i].part);
	printf("core: %s, CPUID 0x%08x%s%s\n", t->core_name, t->cpuid, t->has_fpu ? ", FPU" : "",
	       t->has_security ? ", Security Extension" : "");
	printf("breakpoints: %u FPB code comparators (FPB v%u), %u DWT comparators\n", t->fpb_code, t->fpb_rev + 1,
	       t->dwt_num);
	printf("part: %s (DBGMCU_IDCODE 0x%08x)%s%s\n", t->part ? t->part->name : "unknown", t->dbgmcu_idcode,
	       t->part ? ", " : "", t->part ? t->part->description : "");
}

static struct json_object *json_probe(const struct probe_info_s *in)
{
	struct json_object *p = json_object_new_object();

	cli_json_str(p, "driver", in->driver);
	cli_json_str(p, "interface", in->host_if);
	cli_json_str(p, "product", in->product);
	cli_json_str(p, "nickname", in->nickname);
	cli_json_str(p, "address", in->address);
	cli_json_int(p, "serial", in->serial);
	cli_json_str(p, "firmware", in->firmware);
	cli_json_str(p, "hardware", in->hw_version);
	cli_json_int(p, "capabilities", (int64_t)in->caps[0] | (int64_t)in->caps[1] << 8 | (int64_t)in->caps[2] << 16 |
						 (int64_t)in->caps[3] << 24);
	cli_json_int(p, "target_voltage_mv", in->vtarget_mv);
	cli_json_int(p, "swd_khz", in->speed_khz);
	return p;
}

static void add_json(struct json_object *j, const struct cli_target_s *ct, const struct scan_s *s)
{
	const struct cortexm_s *t = &ct->t;
	struct json_object *aps = json_object_new_array(), *rom = json_object_new_array(), *core;

	json_object_object_add(j, "probe", s->has_info ? json_probe(&s->info) : NULL);
	cli_json_int(j, "dpidr", t->dp.dpidr);
	cli_json_int(j, "dp_version", t->dp.version);
	for (unsigned i = 0; i < s->naps; i++) {
		struct json_object *a = json_object_new_object();

		cli_json_int(a, "apsel", s->aps[i].apsel);
		cli_json_int(a, "idr", s->aps[i].idr);
		cli_json_str(a, "type", adi_ap_type_name(s->aps[i].idr));
		cli_json_bool(a, "mem_ap", s->aps[i].is_memap);
		json_object_array_add(aps, a);
	}
	json_object_object_add(j, "aps", aps);
	for (unsigned i = 0; i < s->ncomps; i++) {
		struct json_object *c = json_object_new_object();

		cli_json_int(c, "base", s->comps[i].base);
		cli_json_str(c, "name", s->comps[i].name);
		cli_json_int(c, "designer", s->comps[i].designer);
		cli_json_int(c, "part", s->comps[i].part);
		cli_json_int(c, "depth", s->comps[i].depth);
		json_object_array_add(rom, c);
	}
	json_object_object_add(j, "rom_table", rom);
	core = json_object_new_object();
	cli_json_str(core, "name", t->core_name);
	cli_json_int(core, "cpuid", t->cpuid);
	cli_json_bool(core, "fpu", t->has_fpu);
	cli_json_bool(core, "security_extension", t->has_security);
	cli_json_int(core, "fpb_code_comparators", t->fpb_code);
	cli_json_int(core, "dwt_comparators", t->dwt_num);
	json_object_object_add(j, "core", core);
	cli_json_str(j, "part", t->part ? t->part->name : NULL);
	cli_json_int(j, "dbgmcu_idcode", t->dbgmcu_idcode);
}

static int run_probe_info(const struct cli_opts_s *o, int argc, char **argv)
{
	struct json_object *j = cli_json_maybe(o, "probe-info");
	struct cli_target_s *ct = NULL;
	struct error_s err;
	struct scan_s s;
	int rc;

	error_clear(&err);
	/* not strict: the report is how one finds out what the chip is */
	rc = cli_target_open(o, false, &ct, &err);
	if (rc == CLI_EXIT_OK) {
		cli_json_target(j, ct);
		scan(ct, &s);
		if (j)
			add_json(j, ct, &s);
		else
			print_text(ct, &s);
	}
	rc = cli_finish("probe-info", j, rc, &err);
	cli_target_close(ct, false);
	return rc;
}

const struct cli_cmd_s cli_cmd_probe_info = {
	.name = "probe-info",
	.args = "",
	.summary = "show the probe, the target voltage, DP, APs, ROM table, core and part",
	.groups = CLI_G_PROBE | CLI_G_JSON,
	.min_args = 0,
	.max_args = 0,
	.run = run_probe_info,
};
