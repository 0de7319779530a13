// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `rspflash targets`: the parts rspflash knows, straight from the targets/ table: identity
 * (core, DBGMCU DEV_ID), memory map, work RAM, flash driver and built-in RAM loaders. No
 * probe is opened.
 */
#include "src/cli/cli.h"
#include "src/cli/json.h"

static const char *const kind_names[] = {
	[TARGET_MEM_RAM] = "ram", [TARGET_MEM_FLASH] = "flash", [TARGET_MEM_ROM] = "rom",
};

static void print_part(const struct target_part_s *p)
{
	printf("%s: %s\n", p->name, p->description);
	printf("  core CPUID part 0x%03x", p->cpuid_partno);
	if (p->dbgmcu_idcode_addr)
		printf(", DBGMCU_IDCODE @0x%08x DEV_ID 0x%03x\n", p->dbgmcu_idcode_addr, p->dev_id);
	else
		printf(", no DBGMCU (chosen by name)\n");
	for (const struct target_mem_s *m = p->mem; m->size; m++)
		printf("  %-5s 0x%08x-0x%08llx %s\n", kind_names[m->kind], m->base,
		       (unsigned long long)m->base + m->size - 1, m->name);
	printf("  work RAM 0x%08x+0x%x\n", p->work_ram_base, p->work_ram_size);
	printf("  flash driver: %s\n", p->flash_driver ? p->flash_driver : "none");
	if (p->loaders && p->loaders[0]) {
		printf("  loaders:");
		for (const char *const *l = p->loaders; *l; l++)
			printf(" %s", *l);
		printf(" (RAM 0x%08x+0x%x)\n", p->loader_ram_base, p->loader_ram_size);
	}
}

static struct json_object *json_part(const struct target_part_s *p)
{
	struct json_object *o = json_object_new_object(), *mem = json_object_new_array(),
			   *loaders = json_object_new_array(), *work = json_object_new_object();

	cli_json_str(o, "name", p->name);
	cli_json_str(o, "description", p->description);
	cli_json_int(o, "cpuid_partno", p->cpuid_partno);
	if (p->dbgmcu_idcode_addr) {
		cli_json_int(o, "dbgmcu_idcode_address", p->dbgmcu_idcode_addr);
		cli_json_int(o, "dev_id", p->dev_id);
	} else {
		cli_json_str(o, "dbgmcu_idcode_address", NULL);
		cli_json_str(o, "dev_id", NULL);
	}
	for (const struct target_mem_s *m = p->mem; m->size; m++) {
		struct json_object *r = json_object_new_object();

		cli_json_str(r, "name", m->name);
		cli_json_str(r, "kind", kind_names[m->kind]);
		cli_json_int(r, "base", m->base);
		cli_json_int(r, "size", m->size);
		if (m->kind == TARGET_MEM_FLASH)
			cli_json_int(r, "block_size", m->block_size);
		json_object_array_add(mem, r);
	}
	json_object_object_add(o, "memory", mem);
	cli_json_int(work, "base", p->work_ram_base);
	cli_json_int(work, "size", p->work_ram_size);
	json_object_object_add(o, "work_ram", work);
	cli_json_str(o, "flash_driver", p->flash_driver);
	for (const char *const *l = p->loaders; l && *l; l++)
		json_object_array_add(loaders, json_object_new_string(*l));
	json_object_object_add(o, "loaders", loaders);
	return o;
}

static int run_targets(const struct cli_opts_s *o, int argc, char **argv)
{
	struct json_object *j = cli_json_maybe(o, "targets"), *parts = j ? json_object_new_array() : NULL;

	for (unsigned i = 0; target_parts[i]; i++) {
		if (parts)
			json_object_array_add(parts, json_part(target_parts[i]));
		else
			print_part(target_parts[i]);
	}
	cli_json_add(j, "parts", parts);
	return cli_finish("targets", j, CLI_EXIT_OK, NULL);
}

const struct cli_cmd_s cli_cmd_targets = {
	.name = "targets",
	.args = "",
	.summary = "list the supported parts: memory maps, flash drivers, built-in loaders",
	.groups = CLI_G_JSON,
	.min_args = 0,
	.max_args = 0,
	.run = run_targets,
};
