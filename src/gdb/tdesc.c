// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Target descriptions (gdb manual, "Target Descriptions", "ARM Features") and the
 * register numbering GDB uses for g/G/p/P on this target.
 *
 * Features, as GDB 13's arm-tdep.c looks for them:
 *  - org.gnu.gdb.arm.m-profile: r0-r12, sp, lr, pc, xpsr (required);
 *  - org.gnu.gdb.arm.vfp (cores with an FPU): d0-d15 and fpscr. GDB builds s0-s31 as
 *    pseudo registers over the d registers, so each d register here is the pair S2k
 *    (low word) and S2k+1 (high word), exactly how the FPU overlays them;
 *  - org.gnu.gdb.arm.m-system: msp and psp (GDB uses them to unwind exception frames),
 *    plus primask, basepri, faultmask and control as plain registers;
 *  - org.gnu.gdb.arm.secext (v8-M with the Security Extension): msp_ns, psp_ns, msp_s,
 *    psp_s (GDB 13 requires msp/psp of m-system alongside).
 * GDB's remote numbering is the order of the registers in the document (no regnum
 * attributes), which is the order of the tables below.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/gdb/gdb.h"

#define FEAT_CORE "org.gnu.gdb.arm.m-profile"
#define FEAT_VFP "org.gnu.gdb.arm.vfp"
#define FEAT_SYS "org.gnu.gdb.arm.m-system"
#define FEAT_SEC "org.gnu.gdb.arm.secext"

#define R32(n, r, f) { n, 32, r, -1, f }
#define D64(n, k) { n, 64, CORTEXM_S0 + 2 * (k), CORTEXM_S0 + 2 * (k) + 1, FEAT_VFP }

static const struct gdb_reg_s core_regs[] = {
	R32("r0", 0, FEAT_CORE), R32("r1", 1, FEAT_CORE), R32("r2", 2, FEAT_CORE), R32("r3", 3, FEAT_CORE),
	R32("r4", 4, FEAT_CORE), R32("r5", 5, FEAT_CORE), R32("r6", 6, FEAT_CORE), R32("r7", 7, FEAT_CORE),
	R32("r8", 8, FEAT_CORE), R32("r9", 9, FEAT_CORE), R32("r10", 10, FEAT_CORE), R32("r11", 11, FEAT_CORE),
	R32("r12", 12, FEAT_CORE), R32("sp", CORTEXM_SP, FEAT_CORE), R32("lr", CORTEXM_LR, FEAT_CORE),
	R32("pc", CORTEXM_PC, FEAT_CORE), R32("xpsr", CORTEXM_XPSR, FEAT_CORE),
};

static const struct gdb_reg_s sys_regs[] = {
	R32("msp", CORTEXM_MSP, FEAT_SYS), R32("psp", CORTEXM_PSP, FEAT_SYS),
	R32("primask", CORTEXM_PRIMASK, FEAT_SYS), R32("basepri", CORTEXM_BASEPRI, FEAT_SYS),
	R32("faultmask", CORTEXM_FAULTMASK, FEAT_SYS), R32("control", CORTEXM_CONTROL, FEAT_SYS),
};

static const struct gdb_reg_s vfp_regs[] = {
	D64("d0", 0), D64("d1", 1), D64("d2", 2), D64("d3", 3), D64("d4", 4), D64("d5", 5),
	D64("d6", 6), D64("d7", 7), D64("d8", 8), D64("d9", 9), D64("d10", 10), D64("d11", 11),
	D64("d12", 12), D64("d13", 13), D64("d14", 14), D64("d15", 15),
	R32("fpscr", CORTEXM_FPSCR, FEAT_VFP),
};

static const struct gdb_reg_s sec_regs[] = {
	R32("msp_ns", CORTEXM_MSP_NS, FEAT_SEC), R32("psp_ns", CORTEXM_PSP_NS, FEAT_SEC),
	R32("msp_s", CORTEXM_MSP_S, FEAT_SEC), R32("psp_s", CORTEXM_PSP_S, FEAT_SEC),
};

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define GDB_REGS_MAX (N(core_regs) + N(sys_regs) + N(vfp_regs) + N(sec_regs))

/* The three variants this file produces: M4 (no FPU: M3-like), M4F, v8-M with FPU and secext. */
static struct gdb_reg_s variants[4][GDB_REGS_MAX];
static unsigned variant_count[4];

static unsigned variant_of(const struct cortexm_s *t)
{
	return (t && t->has_fpu ? 1u : 0u) | (t && t->has_security ? 2u : 0u);
}

static unsigned append(struct gdb_reg_s *out, unsigned n, const struct gdb_reg_s *in, unsigned count)
{
	memcpy(out + n, in, count * sizeof(*in));
	return n + count;
}

unsigned gdb_tdesc_regs(const struct cortexm_s *t, const struct gdb_reg_s **regs)
{
	unsigned v = variant_of(t);

	if (!variant_count[v]) {
		unsigned n = append(variants[v], 0, core_regs, N(core_regs));

		n = append(variants[v], n, sys_regs, N(sys_regs));
		if (v & 1u)
			n = append(variants[v], n, vfp_regs, N(vfp_regs));
		if (v & 2u)
			n = append(variants[v], n, sec_regs, N(sec_regs));
		variant_count[v] = n;
	}
	*regs = variants[v];
	return variant_count[v];
}

int gdb_tdesc_find(const struct cortexm_s *t, const char *name)
{
	const struct gdb_reg_s *r;
	unsigned n = gdb_tdesc_regs(t, &r);

	for (unsigned i = 0; i < n; i++)
		if (strcasecmp(r[i].name, name) == 0)
			return (int)i;
	return -1;
}

static const char *reg_type(const struct gdb_reg_s *r)
{
	if (r->bits == 64)
		return "ieee_double";
	if (strcmp(r->name, "sp") == 0 || strncmp(r->name, "msp", 3) == 0 || strncmp(r->name, "psp", 3) == 0)
		return "data_ptr";
	if (strcmp(r->name, "pc") == 0)
		return "code_ptr";
	return "int";
}

static const char *reg_group(const struct gdb_reg_s *r)
{
	if (strcmp(r->feature, FEAT_VFP) == 0)
		return " group=\"float\"";
	if (strcmp(r->feature, FEAT_SYS) == 0 || strcmp(r->feature, FEAT_SEC) == 0)
		return " group=\"system\"";
	return "";
}

char *gdb_tdesc_xml(const struct cortexm_s *t)
{
	const struct gdb_reg_s *r;
	unsigned n = gdb_tdesc_regs(t, &r);
	size_t cap = 1024 + n * 128, len = 0;
	char *xml = malloc(cap);
	const char *feature = NULL;

	if (!xml)
		return NULL;
	len += (size_t)snprintf(xml + len, cap - len,
				"<?xml version=\"1.0\"?>\n"
				"<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
				"<target version=\"1.0\">\n<architecture>arm</architecture>\n");
	for (unsigned i = 0; i < n; i++) {
		if (!feature || strcmp(feature, r[i].feature) != 0) {
			if (feature)
				len += (size_t)snprintf(xml + len, cap - len, "</feature>\n");
			feature = r[i].feature;
			len += (size_t)snprintf(xml + len, cap - len, "<feature name=\"%s\">\n", feature);
		}
		len += (size_t)snprintf(xml + len, cap - len, "  <reg name=\"%s\" bitsize=\"%u\" type=\"%s\"%s/>\n",
					r[i].name, r[i].bits, reg_type(&r[i]), reg_group(&r[i]));
	}
	snprintf(xml + len, cap - len, "</feature>\n</target>\n");
	return xml;
}
