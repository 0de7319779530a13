// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Registers: g, G, p, P, in GDB's numbering from tdesc.c. Values are target byte order
 * (little-endian); a 64-bit d register is its two S registers, low word first. The core
 * must be halted; cortexm caches the registers until it runs again, so `g` after a stop
 * costs one batch of DCRSR/DCRDR transfers and `p` after `g` costs nothing.
 */
#include <stdio.h>
#include <string.h>

#include "src/gdb/gdb.h"
#include "src/rsp/hex.h"

static void put_le32(uint8_t *out, uint32_t v)
{
	out[0] = (uint8_t)v;
	out[1] = (uint8_t)(v >> 8);
	out[2] = (uint8_t)(v >> 16);
	out[3] = (uint8_t)(v >> 24);
}

static uint32_t get_le32(const uint8_t *in)
{
	return (uint32_t)in[0] | (uint32_t)in[1] << 8 | (uint32_t)in[2] << 16 | (uint32_t)in[3] << 24;
}

static int need_halted(struct gdb_s *g, const char *what)
{
	if (g->t->halted)
		return 0;
	return gdb_error(g, "%s: the core is running; halt it first", what);
}

int gdb_reg_get(struct gdb_s *g, unsigned n, uint8_t *out, unsigned *size)
{
	const struct gdb_reg_s *r;
	unsigned count = gdb_tdesc_regs(g->t, &r);
	uint32_t v;

	if (n >= count)
		return gdb_error(g, "no register %u on this core (it has %u)", n, count);
	if (cortexm_read_reg(g->t, (unsigned)r[n].reg, &v))
		return gdb_error(g, "cannot read register %s: %s", r[n].name, cortexm_error(g->t));
	put_le32(out, v);
	*size = 4;
	if (r[n].reg_hi >= 0) {
		if (cortexm_read_reg(g->t, (unsigned)r[n].reg_hi, &v))
			return gdb_error(g, "cannot read register %s: %s", r[n].name, cortexm_error(g->t));
		put_le32(out + 4, v);
		*size = 8;
	}
	return 0;
}

int gdb_reg_set(struct gdb_s *g, unsigned n, const uint8_t *in)
{
	const struct gdb_reg_s *r;
	unsigned count = gdb_tdesc_regs(g->t, &r);

	if (n >= count)
		return gdb_error(g, "no register %u on this core (it has %u)", n, count);
	if (cortexm_write_reg(g->t, (unsigned)r[n].reg, get_le32(in)))
		return gdb_error(g, "cannot write register %s: %s", r[n].name, cortexm_error(g->t));
	if (r[n].reg_hi >= 0 && cortexm_write_reg(g->t, (unsigned)r[n].reg_hi, get_le32(in + 4)))
		return gdb_error(g, "cannot write register %s: %s", r[n].name, cortexm_error(g->t));
	return 0;
}

int gdb_read_regs(struct gdb_s *g, const char *pkt, size_t len)
{
	const struct gdb_reg_s *r;
	unsigned count = gdb_tdesc_regs(g->t, &r), size;
	uint8_t buf[8];
	char *out = (char *)g->reply.data;
	size_t pos = 0;

	if (need_halted(g, "g"))
		return -1;
	if (cortexm_read_all_regs(g->t))
		return gdb_error_target(g, "cannot read the registers");
	for (unsigned i = 0; i < count; i++) {
		if (gdb_reg_get(g, i, buf, &size))
			return -1;
		rsp_hex_encode(buf, size, out + pos);
		pos += 2u * size;
	}
	g->reply.len = pos;
	g->reply.kind = RSP_PAYLOAD_TEXT;
	return 0;
}

/*
 * "GXX...": every register GDB knows, in order, as `g` sent them (GDB sizes G from the g
 * reply). Anything shorter or longer is refused, and the whole packet is checked before
 * the first register is written, so a bad G changes nothing.
 */
int gdb_write_regs(struct gdb_s *g, const char *pkt, size_t len)
{
	const struct gdb_reg_s *r;
	unsigned count = gdb_tdesc_regs(g->t, &r);
	const char *p = pkt + 1, *end = pkt + len;
	size_t want = 0;
	uint8_t buf[8];

	for (unsigned i = 0; i < count; i++)
		want += r[i].bits / 4u;
	if ((size_t)(end - p) != want)
		return gdb_error(g, "G: %zu hex digits for the registers, %zu expected (%s..%s, as g sends them)",
				 (size_t)(end - p), want, r[0].name, r[count - 1].name);
	for (unsigned i = 0, off = 0; i < count; off += r[i].bits / 4u, i++)
		if (!rsp_hex_decode(p + off, r[i].bits / 4u, buf))
			return gdb_error(g, "G: the value for register %s is not hex", r[i].name);
	if (need_halted(g, "G"))
		return -1;
	for (unsigned i = 0; i < count; p += r[i].bits / 4u, i++) {
		rsp_hex_decode(p, r[i].bits / 4u, buf);
		if (gdb_reg_set(g, i, buf))
			return -1;
	}
	gdb_reply_ok(g);
	return 0;
}

/* "pN": N in hex. */
int gdb_read_reg(struct gdb_s *g, const char *pkt, size_t len)
{
	uint32_t n;
	const char *rest;
	uint8_t buf[8];
	unsigned size;

	if (!gdb_parse_hex32(pkt + 1, pkt + len, &n, &rest) || rest != pkt + len)
		return gdb_error(g, "p: malformed packet");
	if (need_halted(g, "p") || gdb_reg_get(g, n, buf, &size))
		return -1;
	gdb_reply_hex(g, buf, size);
	return 0;
}

/* "PN=VALUE" */
int gdb_write_reg(struct gdb_s *g, const char *pkt, size_t len)
{
	const struct gdb_reg_s *r;
	unsigned count = gdb_tdesc_regs(g->t, &r);
	uint32_t n;
	const char *p, *end = pkt + len;
	uint8_t buf[8];

	if (!gdb_parse_hex32(pkt + 1, end, &n, &p) || p >= end || *p != '=')
		return gdb_error(g, "P: malformed packet");
	p++;
	if (n >= count)
		return gdb_error(g, "no register %u on this core (it has %u)", n, count);
	if ((size_t)(end - p) != r[n].bits / 4u || !rsp_hex_decode(p, (size_t)(end - p), buf))
		return gdb_error(g, "P: register %s needs %u hex digits", r[n].name, r[n].bits / 4u);
	if (need_halted(g, "P") || gdb_reg_set(g, n, buf))
		return -1;
	gdb_reply_ok(g);
	return 0;
}
