// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32L5 flash model: life cycle, option loading, board options and persistence.
 * Registers: stm32l5_flash_regs.c; flash array operations: stm32l5_flash_ops.c.
 *
 * Option bytes (RM0438 §6.4): software writes the option registers (OPTR, WRPxyR,
 * SECWMxRy, boot addresses) once OPTLOCK is cleared; OPTSTRT stores them in the option
 * area; they take effect only when the options are loaded: at power-on and on
 * OBL_LAUNCH, which also resets the whole board. A plain system reset (nRESET,
 * SYSRESETREQ) does not load them: the option registers go back to the values last loaded
 * ? (RM0438 lists power-on, OBL_LAUNCH and exits from Standby/Shutdown as the occasions
 * of an option load; the model has no Standby).
 *
 * Board options (--option KEY=VALUE, before power-on): dbank=0|1, swap_bank=0|1,
 * tzen=0|1, rdp=0|0.5|1|2 (level 1 is written 0xBB) or a raw byte in hex (rdp=0xAA), and any option register by name with a
 * raw value (optr=0x..., wrp1ar=0x..., secwm1r1=0x..., ...). They change the stored option
 * bytes, which the power-on load then makes effective. bker=physical|mapped is no option
 * byte but the silicon's reading of BKER/MER1/MER2 with SWAP_BANK = 1 (stm32l5_flash_ops.c);
 * fault_flip, fault_stuck, fault_error and fault_power_loss inject faults (flash_faults.h).
 *
 * State file section (text, one "name=0x%08x" per option register as stored, then
 * "view_swapped=0|1": whether the saved flash region holds bank 2 in its low half).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stm32l5_flash_priv.h"

void l5_obl_launch(struct stm32l5_flash_s *f)
{
	f->obl_pending = true;
	sim_request_system_reset(f->s);
}

/* Option load (power-on, OBL_LAUNCH): stored option bytes become effective. */
static void option_load(struct stm32l5_flash_s *f)
{
	memcpy(f->opt_loaded, f->opt_stored, sizeof(f->opt_loaded));
	l5_apply_mapping(f);
	/* The secure alias answers only with TrustZone enabled (RM0438 §2.3.1 ?). */
	if (f->cfg->flash_s_base)
		sim_bus_set_enabled(f->s, f->cfg->flash_s_base, l5_tzen(f));
	f->obl_pending = false;
}

static void l5_system_reset(struct sim *s, void *ctx)
{
	struct stm32l5_flash_s *f = ctx;

	(void)s;
	if (f->obl_pending)
		option_load(f);
	l5_regs_reset(f);
	l5_apply_stuck_bits(f);
}

/* A power cycle loads the option bytes, as power-on does. */
static void l5_power_on(struct sim *s, void *ctx)
{
	struct stm32l5_flash_s *f = ctx;

	(void)s;
	f->obl_pending = true;
}

static int l5_create(struct sim *s, const void *config, void **ctx, char *err, size_t errlen)
{
	const struct stm32l5_flash_config_s *cfg = config;
	struct sim_mem_s *m = sim_bus_mem_at(s, cfg->flash_ns_base);
	struct stm32l5_flash_s *f;

	if (!m || m->region->base != cfg->flash_ns_base || m->region->size != STM32L5_FLASH_SIZE) {
		snprintf(err, errlen, "stm32l5 flash: no 512 KB flash region at 0x%08x", cfg->flash_ns_base);
		return -1;
	}
	f = calloc(1, sizeof(*f));
	if (!f) {
		snprintf(err, errlen, "stm32l5 flash: out of memory");
		return -1;
	}
	*f = (struct stm32l5_flash_s){ .s = s, .cfg = cfg, .mem = m->data, .obl_pending = true };
	f->faults.base = cfg->flash_ns_base;
	f->faults.size = STM32L5_FLASH_SIZE;
	f->views[0] = (struct l5_view_s){ .f = f, .secure = false };
	f->views[1] = (struct l5_view_s){ .f = f, .secure = true };
	for (unsigned i = 0; i < L5_OPT_COUNT; i++)
		f->opt_stored[i] = l5_opt_desc[i].factory;
	f->opt_stored[L5_OPT_OPTR] = cfg->optr_factory & l5_opt_desc[L5_OPT_OPTR].mask;
	memcpy(f->opt_loaded, f->opt_stored, sizeof(f->opt_loaded));
	l5_regs_reset(f);
	*ctx = f;

	struct sim_periph_s ns = { "flash-regs-ns", cfg->regs_ns, STM32L5_FLASH_REGS_SIZE, l5_regs_read,
				   l5_regs_write, &f->views[0] };
	struct sim_periph_s sec = { "flash-regs-s", cfg->regs_s, STM32L5_FLASH_REGS_SIZE, l5_regs_read,
				    l5_regs_write, &f->views[1] };
	if (sim_bus_add_periph(s, &ns) || sim_bus_add_periph(s, &sec) ||
	    sim_bus_set_writer(s, cfg->flash_ns_base, l5_flash_write, f)) {
		snprintf(err, errlen, "stm32l5 flash: cannot register its registers or flash writer");
		return -1;
	}
	if (cfg->flash_s_base)
		sim_bus_set_enabled(s, cfg->flash_s_base, false);	/* until an option load says TZEN */
	return 0;
}

static void l5_destroy(struct sim *s, void *ctx)
{
	(void)s;
	free(ctx);
}

/* "0"/"1" (also "0x0"/"0x1"); -1 if neither. */
static int parse_bool(const char *v)
{
	char *end;
	unsigned long n = strtoul(v, &end, 0);

	return *v && !*end && n <= 1 ? (int)n : -1;
}

static int parse_u32(const char *v, uint32_t *out)
{
	char *end;
	unsigned long long n = strtoull(v, &end, 0);

	if (!*v || *end || n > 0xFFFFFFFFull)
		return -1;
	*out = (uint32_t)n;
	return 0;
}

/* RDP by level (RM0438 §6.6.2: 0xAA level 0, 0x55 level 0.5, 0xCC level 2, else 1) or a 0x.. byte. */
static int parse_rdp(const char *v, uint32_t *out)
{
	static const struct { const char *name; uint32_t byte; } levels[] = {
		{ "0", STM32L5_FLASH_RDP_LEVEL0 }, { "0.5", STM32L5_FLASH_RDP_LEVEL05 },
		{ "1", 0xBBu }, { "2", STM32L5_FLASH_RDP_LEVEL2 },
	};

	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (!strcmp(v, levels[i].name)) {
			*out = levels[i].byte;
			return 0;
		}
	if (strncmp(v, "0x", 2) && strncmp(v, "0X", 2))
		return -1;	/* a raw byte is written in hex, so "3" is no level by mistake */
	return parse_u32(v, out) || *out > 0xFF ? -1 : 0;
}

static void set_optr_bit(struct stm32l5_flash_s *f, uint32_t bit, int on)
{
	uint32_t *o = &f->opt_stored[L5_OPT_OPTR];

	*o = on ? *o | bit : *o & ~bit;
}

static int l5_set_option(struct sim *s, void *ctx, const char *key, const char *value, char *err, size_t errlen)
{
	static const struct { const char *key; uint32_t bit; } bits[] = {
		{ "dbank", STM32L5_FLASH_OPTR_DBANK },
		{ "swap_bank", STM32L5_FLASH_OPTR_SWAP_BANK },
		{ "tzen", STM32L5_FLASH_OPTR_TZEN },
	};
	struct stm32l5_flash_s *f = ctx;
	uint32_t n;
	int r = flash_faults_set_option(&f->faults, l5_flash_flags, "", key, value, err, errlen);

	(void)s;
	if (r)
		return r;
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		if (strcmp(key, bits[i].key))
			continue;
		if (parse_bool(value) < 0) {
			snprintf(err, errlen, "option %s=%s: expected 0 or 1", key, value);
			return -1;
		}
		set_optr_bit(f, bits[i].bit, parse_bool(value));
		f->obl_pending = true;
		return 1;
	}
	if (!strcmp(key, "bker")) {
		if (strcmp(value, "physical") && strcmp(value, "mapped")) {
			snprintf(err, errlen, "option bker=%s: expected physical or mapped", value);
			return -1;
		}
		f->bker_mapped = !strcmp(value, "mapped");
		return 1;
	}
	if (!strcmp(key, "rdp")) {
		if (parse_rdp(value, &n)) {
			snprintf(err, errlen, "option rdp=%s: expected 0, 0.5, 1, 2 or a byte 0x00-0xFF", value);
			return -1;
		}
		f->opt_stored[L5_OPT_OPTR] = (f->opt_stored[L5_OPT_OPTR] & ~STM32L5_FLASH_OPTR_RDP_MASK) | n;
		f->obl_pending = true;
		return 1;
	}
	for (unsigned i = 0; i < L5_OPT_COUNT; i++) {
		if (strcmp(key, l5_opt_desc[i].name))
			continue;
		if (parse_u32(value, &n)) {
			snprintf(err, errlen, "option %s=%s: expected a 32-bit number", key, value);
			return -1;
		}
		f->opt_stored[i] = n & l5_opt_desc[i].mask;
		f->obl_pending = true;
		return 1;
	}
	return 0;
}

static int l5_save(struct sim *s, void *ctx, FILE *out)
{
	struct stm32l5_flash_s *f = ctx;

	(void)s;
	for (unsigned i = 0; i < L5_OPT_COUNT; i++)
		fprintf(out, "%s=0x%08x\n", l5_opt_desc[i].name, f->opt_stored[i]);
	fprintf(out, "view_swapped=%d\n", f->view_swapped);
	return ferror(out) ? -1 : 0;
}

static int load_line(struct stm32l5_flash_s *f, char *line, char *err, size_t errlen)
{
	char *eq = strchr(line, '=');
	uint32_t v;

	if (!eq || parse_u32(eq + 1, &v)) {
		snprintf(err, errlen, "state file: stm32l5 flash: bad line '%s'", line);
		return -1;
	}
	*eq = '\0';
	if (!strcmp(line, "view_swapped")) {
		f->view_swapped = v != 0;
		return 0;
	}
	for (unsigned i = 0; i < L5_OPT_COUNT; i++)
		if (!strcmp(line, l5_opt_desc[i].name)) {
			f->opt_stored[i] = v & l5_opt_desc[i].mask;
			return 0;
		}
	snprintf(err, errlen, "state file: stm32l5 flash: unknown option '%s'", line);
	return -1;
}

static int l5_load(struct sim *s, void *ctx, FILE *in, size_t len, char *err, size_t errlen)
{
	struct stm32l5_flash_s *f = ctx;
	char *buf = malloc(len + 1), *line, *save = NULL;
	int r = 0;

	(void)s;
	if (!buf || fread(buf, 1, len, in) != len) {
		snprintf(err, errlen, "state file: stm32l5 flash: truncated");
		free(buf);
		return -1;
	}
	buf[len] = '\0';
	for (line = strtok_r(buf, "\n", &save); line && !r; line = strtok_r(NULL, "\n", &save))
		r = load_line(f, line, err, errlen);
	free(buf);
	f->obl_pending = true;	/* the loaded option bytes take effect at the next option load */
	return r;
}

static void l5_describe(struct sim *s, void *ctx, char *buf, size_t len)
{
	struct stm32l5_flash_s *f = ctx;

	(void)s;
	snprintf(buf, len, "optr=0x%08x loaded=0x%08x dbank=%d swap=%d tzen=%d nscr=0x%08x busy_until=%llu bker=%s",
		 f->opt_reg[L5_OPT_OPTR], f->opt_loaded[L5_OPT_OPTR], l5_dual_bank(f), l5_swapped(f), l5_tzen(f),
		 f->dom[STM32L5_FLASH_NS].cr, (unsigned long long)f->busy_until, f->bker_mapped ? "mapped" : "physical");
}

const struct sim_model_s stm32l5_flash_model = {
	.name = STM32L5_FLASH_MODEL_NAME,
	.create = l5_create,
	.destroy = l5_destroy,
	.system_reset = l5_system_reset,
	.power_on = l5_power_on,
	.options = "dbank=0|1 swap_bank=0|1 tzen=0|1 rdp=0|0.5|1|2|0xNN bker=physical|mapped "
		   "REGISTER=VALUE (optr, wrp1ar, secwm1r1, ...) " FLASH_FAULTS_OPTIONS,
	.set_option = l5_set_option,
	.save = l5_save,
	.load = l5_load,
	.describe = l5_describe,
};
