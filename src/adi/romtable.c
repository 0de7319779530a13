// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ROM table walk and component identification (CoreSight Architecture Specification v3.0:
 * B2.2 component/peripheral ID registers, D5 ROM tables). Part numbers of Arm components:
 * Cortex-M3/M4 TRMs ("ROM table" and "ID values"), Cortex-M33/M55 TRMs (DEVARCH values).
 */
#include <string.h>

#include "src/adi/adi_regs.h"
#include "src/adi/memap.h"
#include "src/adi/romtable.h"

#define JEP106_ARM 0x23Bu
#define ROM_ENTRIES_CLASS1 960u	/* entries 0x000..0xEFC (D5.3) */
#define ROM_ENTRIES_CLASS9 512u	/* entries 0x000..0x7FC (D5.4) */
#define ROM_READ_BATCH 32u		/* entries fetched per block read */
#define ID_BLOCK_OFFSET ADI_CS_DEVARCH	/* DEVARCH .. CIDR3 in one block read */
#define ID_BLOCK_WORDS ((0x1000u - ID_BLOCK_OFFSET) / 4)

static const struct {
	uint16_t part;
	const char *name;
} arm_parts[] = {
	{ 0x000, "Cortex-M3 SCS" }, { 0x001, "ITM" }, { 0x002, "DWT" }, { 0x003, "FPB" },
	{ 0x008, "Cortex-M0 SCS" }, { 0x00A, "DWT (v6-M)" }, { 0x00B, "BPU (v6-M)" },
	{ 0x00C, "Cortex-M4 SCS" }, { 0x00E, "FPB (Cortex-M7)" }, { 0x4C0, "Cortex-M0+ ROM table" },
	{ 0x4C3, "Cortex-M3 ROM table" }, { 0x4C4, "Cortex-M4 ROM table" }, { 0x4C7, "Cortex-M7 PPB ROM table" },
	{ 0x4C9, "Cortex-M33 ROM table" }, { 0x925, "ETM (Cortex-M4)" }, { 0x9A1, "TPIU (Cortex-M4)" },
};

/* Class 0x9 components say what they are in DEVARCH.ARCHID (architect Arm). */
static const struct {
	uint16_t archid;
	const char *name;
} arm_archids[] = {
	{ 0x2A04, "SCS (ARMv8-M)" }, { 0x1A02, "DWT (ARMv8-M)" }, { 0x1A03, "FPB (ARMv8-M)" },
	{ 0x1A01, "ITM (ARMv8-M)" }, { 0x0AF7, "ROM table (class 0x9)" }, { 0x4A13, "ETM" }, { 0x0A17, "MEM-AP" },
};

static const char *component_name(const struct adi_component_s *c)
{
	if (c->designer != JEP106_ARM)
		return c->cid_class == ADI_CS_CLASS_ROM ? "ROM table (vendor)" : "unknown";
	if (c->devarch & ADI_CS_DEVARCH_PRESENT && (c->devarch >> 21) == JEP106_ARM)
		for (size_t i = 0; i < sizeof(arm_archids) / sizeof(arm_archids[0]); i++)
			if (arm_archids[i].archid == (c->devarch & 0xFFFF))
				return arm_archids[i].name;
	for (size_t i = 0; i < sizeof(arm_parts) / sizeof(arm_parts[0]); i++)
		if (arm_parts[i].part == c->part)
			return arm_parts[i].name;
	return c->cid_class == ADI_CS_CLASS_ROM ? "ROM table" : "unknown";
}

/* CIDR0..3 must read 0x0D, 0xn0, 0x05, 0xB1 (B2.2.1) */
static bool preamble_ok(const uint32_t *cidr)
{
	return (cidr[0] & 0xFF) == 0x0D && (cidr[1] & 0x0F) == 0x00 && (cidr[2] & 0xFF) == 0x05 &&
	       (cidr[3] & 0xFF) == 0xB1;
}

int adi_component_identify(struct adi_memap_s *m, uint32_t base, struct adi_component_s *c, struct error_s *err)
{
	uint32_t w[ID_BLOCK_WORDS];
	const uint32_t *pidr4 = &w[(ADI_CS_PIDR4 - ID_BLOCK_OFFSET) / 4];
	const uint32_t *pidr0 = &w[(ADI_CS_PIDR0 - ID_BLOCK_OFFSET) / 4];
	const uint32_t *cidr = &w[(ADI_CS_CIDR0 - ID_BLOCK_OFFSET) / 4];

	memset(c, 0, sizeof(*c));
	c->base = base;
	if (adi_memap_read(m, base + ID_BLOCK_OFFSET, w, sizeof(w), err))
		return -1;	/* little-endian host and target: words arrive in order */
	if (!preamble_ok(cidr))
		return error_set(err, ADI_ERR_ROM_TABLE, "no CoreSight ID preamble at 0x%08x (CIDR 0x%02x %02x %02x %02x)",
				     base, cidr[0] & 0xFF, cidr[1] & 0xFF, cidr[2] & 0xFF, cidr[3] & 0xFF);
	c->cid_class = (uint8_t)((cidr[1] >> 4) & 0xF);
	c->part = (uint16_t)((pidr0[0] & 0xFF) | (pidr0[1] & 0xF) << 8);
	c->designer = (uint16_t)((pidr0[1] >> 4 & 0xF) | (pidr0[2] & 0x7) << 4 | (pidr4[0] & 0xF) << 7);
	c->revision = (uint8_t)(pidr0[2] >> 4 & 0xF);
	c->devtype = w[(ADI_CS_DEVTYPE - ID_BLOCK_OFFSET) / 4] & 0xFF;
	if (c->cid_class == ADI_CS_CLASS_CORESIGHT)
		c->devarch = w[0];
	c->name = component_name(c);
	return 0;
}

static bool is_rom_table(const struct adi_component_s *c)
{
	return c->cid_class == ADI_CS_CLASS_ROM ||
	       (c->cid_class == ADI_CS_CLASS_CORESIGHT && c->devarch == ADI_CS_DEVARCH_ROM_TABLE);
}

struct walk_s {
	struct adi_memap_s *m;
	struct adi_component_s *out;
	unsigned max, n;
};

static int walk(struct walk_s *w, uint32_t base, unsigned depth, struct error_s *err);

/* Visit the entries of the ROM table at base: read them in batches until a zero entry. */
static int walk_entries(struct walk_s *w, const struct adi_component_s *rom, struct error_s *err)
{
	unsigned limit = rom->cid_class == ADI_CS_CLASS_ROM ? ROM_ENTRIES_CLASS1 : ROM_ENTRIES_CLASS9;
	uint32_t e[ROM_READ_BATCH];

	for (unsigned i = 0; i < limit; i += ROM_READ_BATCH) {
		if (adi_memap_read(w->m, rom->base + 4 * i, e, sizeof(e), err))
			return -1;
		for (unsigned k = 0; k < ROM_READ_BATCH && i + k < limit; k++) {
			if (e[k] == 0)
				return 0;	/* end of table marker (D5.3.1) */
			if (!(e[k] & ADI_CS_ROM_ENTRY_PRESENT) || !(e[k] & ADI_CS_ROM_ENTRY_FORMAT32))
				continue;
			/* the offset is signed, two's complement: unsigned addition wraps right */
			uint32_t child = rom->base + (e[k] & ADI_CS_ROM_ENTRY_OFFSET_MASK);
			if (child != rom->base && walk(w, child, rom->depth + 1u, err))
				return -1;
		}
	}
	return 0;
}

static int walk(struct walk_s *w, uint32_t base, unsigned depth, struct error_s *err)
{
	struct adi_component_s c;
	struct error_s e;

	if (depth > ADI_ROMTABLE_MAX_DEPTH)
		return error_set(err, ADI_ERR_ROM_TABLE, "ROM tables nested deeper than %u at 0x%08x",
				     ADI_ROMTABLE_MAX_DEPTH, base);
	if (adi_component_identify(w->m, base, &c, &e)) {
		if (e.code == ADI_ERR_ROM_TABLE)
			return 0;	/* not a component: listed as present but empty, skip it */
		if (err)
			*err = e;
		return -1;
	}
	c.depth = (uint8_t)depth;
	if (w->n < w->max)
		w->out[w->n] = c;
	w->n++;
	return is_rom_table(&c) ? walk_entries(w, &c, err) : 0;
}

int adi_romtable_walk(struct adi_memap_s *m, struct adi_component_s *out, unsigned max, unsigned *count,
		      struct error_s *err)
{
	struct walk_s w = { .m = m, .out = out, .max = max };

	*count = 0;
	if (!(m->base & ADI_MEMAP_BASE_PRESENT) || !(m->base & ADI_MEMAP_BASE_FORMAT))
		return error_set(err, ADI_ERR_ROM_TABLE, "AP%u has no debug ROM table (BASE 0x%08x)", m->apsel, m->base);
	if (walk(&w, m->base & ADI_MEMAP_BASE_ADDR_MASK, 0, err))
		return -1;
	*count = w.n < max ? w.n : max;
	return 0;
}

const struct adi_component_s *adi_component_find(const struct adi_component_s *list, unsigned n, const char *what)
{
	for (unsigned i = 0; i < n; i++)
		if (list[i].name && strstr(list[i].name, what))
			return &list[i];
	return NULL;
}
