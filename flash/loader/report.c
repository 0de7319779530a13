// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a failed loader call tells (no peer says this much): the call and its arguments,
 * where the PC is (function+offset in the loader), the registers, the fault status
 * decoded with the faulting instruction and the ones before it, the bus address and the
 * memory it belongs to, and how much of the stack was used (a stack used to its bottom
 * ran into the loader's data). All of it goes into the error's message, so the log, the
 * GDB console and the command line show the same report.
 */
#include <stdio.h>
#include <string.h>

#include "flash/loader/loader.h"
#include "src/target/cortexm_fault.h"

#define REPORT_BEFORE 6u	/* instructions shown before the faulting one */

#define ROOM (n < len ? len - n : 0)
#define AT (buf + (n < len ? n : len))

static size_t where_is(const struct loader_session_s *s, const struct target_part_s *p, uint32_t addr, char *buf,
		       size_t len)
{
	const struct loader_image_s *img = s->l->img;
	const struct target_mem_s *m;

	addr &= ~1u;
	if (addr >= s->base && addr < s->base + img->size) {
		char fn[64];

		loader_image_where(img, addr - s->base + img->link_base, fn, sizeof(fn));
		return (size_t)snprintf(buf, len, "%s in the loader", fn);
	}
	if (addr == s->bkpt)
		return (size_t)snprintf(buf, len, "the return BKPT");
	if (addr >= s->helper && addr < s->ctl)
		return (size_t)snprintf(buf, len, "the digest routine");
	if (addr >= s->stack_lo && addr < s->stack_top)
		return (size_t)snprintf(buf, len, "the loader's stack");
	if (addr >= s->bufs && addr < s->hi)
		return (size_t)snprintf(buf, len, "page buffer %u", (addr - s->bufs) / s->buf_size);
	m = target_mem_at(p, addr);
	if (m)
		return (size_t)snprintf(buf, len, "%s of %s", m->name, p->name);
	return (size_t)snprintf(buf, len, "outside %s's memory map (a peripheral, or nothing)", p->name);
}

/* How deep the stack went: SP, and the lowest byte that no longer holds the fill pattern. */
static size_t stack_use(struct flash_s *f, const struct loader_session_s *s, uint32_t sp, char *buf, size_t len)
{
	uint8_t st[4096];
	uint32_t size = s->stack_top - s->stack_lo, used;
	uint32_t i = 0;

	if (sp < s->stack_lo)
		return (size_t)snprintf(buf, len,
					"stack: SP 0x%08x is %u bytes below the stack's bottom 0x%08x: the stack overflowed "
					"into the loader's code and data (0x%08x-0x%08x)%s; it needs more than the %u bytes "
					"hosts give\n",
					sp, s->stack_lo - sp, s->stack_lo, s->base, s->stack_lo - 1,
					sp < s->lo ? " and below the RAM saved for it: the user's RAM there may be changed" :
						     "",
					size);
	if (size > sizeof(st) || cortexm_read_mem(f->t, s->stack_lo, st, size))
		return (size_t)snprintf(buf, len, "stack: cannot be read back\n");
	while (i < size && st[i] == 0xA5u)
		i++;
	used = size - i;
	if (i == 0)
		return (size_t)snprintf(buf, len,
					"stack: all %u bytes (0x%08x-0x%08x) used: it overflowed into the loader's data "
					"below 0x%08x (a loader needing more stack than hosts give; %u bytes here)\n",
					size, s->stack_lo, s->stack_top - 1, s->stack_lo, size);
	return (size_t)snprintf(buf, len, "stack: %u of %u bytes used (no overflow)\n", used, size);
}

void loader_report(struct flash_s *f, struct loader_session_s *s, const struct loader_call_s *c, const char *what,
		   struct error_s *err)
{
	const struct loader_image_s *img = s->l->img;
	char buf[6144], tmp[2048], at[128];
	size_t n = 0, len = sizeof(buf);
	struct cortexm_fault_s fs;
	uint32_t r[16], xpsr = 0, pc, from;
	bool faulted = false;

	if (c->fn < LOADER_FN_COUNT)
		n += (size_t)snprintf(AT, ROOM, "loader %s: %s(0x%08x, 0x%08x, 0x%08x, 0x%08x) %s", img->name,
				      loader_fn_name(img, c->fn), c->args[0], c->args[1], c->args[2], c->args[3], what);
	else
		n += (size_t)snprintf(AT, ROOM, "loader %s: the digest routine reading 0x%08x+0x%x %s", img->name,
				      c->args[0], c->args[1], what);
	if (c->len)
		n += (size_t)snprintf(AT, ROOM, " (flash 0x%08x+0x%x)", c->addr, c->len);
	n += (size_t)snprintf(AT, ROOM, "\n");
	for (unsigned i = 0; i < 16; i++)
		if (cortexm_read_reg(f->t, CORTEXM_R0 + i, &r[i]))
			r[i] = 0xDEADDEAD;
	cortexm_read_reg(f->t, CORTEXM_XPSR, &xpsr);
	where_is(s, f->part, r[15], at, sizeof(at));
	n += (size_t)snprintf(AT, ROOM, "PC 0x%08x (%s)\n", r[15], at);
	for (unsigned i = 0; i < 16; i += 4)
		n += (size_t)snprintf(AT, ROOM, "%sR%-2u 0x%08x  R%-2u 0x%08x  R%-2u 0x%08x  R%-2u 0x%08x\n", "", i, r[i],
				      i + 1, r[i + 1], i + 2, r[i + 2], i + 3, r[i + 3]);
	n += (size_t)snprintf(AT, ROOM, "xPSR 0x%08x\n", xpsr);
	/* only what this call set: the user's program may have left fault bits of its own */
	if (cortexm_fault_read(f->t, &fs) == 0 && ((fs.cfsr & ~s->routine.cfsr) || (fs.hfsr & ~s->routine.hfsr))) {
		if (fs.cfsr & s->routine.cfsr || fs.hfsr & s->routine.hfsr)
			n += (size_t)snprintf(AT, ROOM, "(CFSR 0x%08x and HFSR 0x%08x were set before the loader ran)\n",
					      s->routine.cfsr, s->routine.hfsr);
		faulted = true;
		cortexm_fault_describe(&fs, tmp, sizeof(tmp));
		n += (size_t)snprintf(AT, ROOM, "%s", tmp);
		if (fs.cfsr & (1u << 15)) {
			where_is(s, f->part, fs.bfar, at, sizeof(at));
			n += (size_t)snprintf(AT, ROOM, "the bus access that failed: 0x%08x, %s\n", fs.bfar, at);
		}
	}
	pc = r[15];
	if (faulted && cortexm_fault_stacked_pc(f->t, &pc, tmp, sizeof(tmp)) == 0) {
		where_is(s, f->part, pc, at, sizeof(at));
		n += (size_t)snprintf(AT, ROOM, "%s; faulting instruction at 0x%08x (%s):\n", tmp, pc, at);
	} else {
		n += (size_t)snprintf(AT, ROOM, "code at the PC:\n");
	}
	from = (pc & ~1u) >= s->base + 2 * REPORT_BEFORE ? (pc & ~1u) - 2 * REPORT_BEFORE : pc & ~1u;
	if ((pc & ~1u) >= s->base && from < s->base)
		from = s->base;
	if (cortexm_disasm(f->t, from, REPORT_BEFORE + 4, pc & ~1u, tmp, sizeof(tmp)) == 0)
		n += (size_t)snprintf(AT, ROOM, "%s", tmp);
	else
		n += (size_t)snprintf(AT, ROOM, "   (no code can be read at 0x%08x)\n", pc);
	n += stack_use(f, s, r[13], AT, ROOM);
	/* the whole report: kept for `monitor loader report`, and logged line by line */
	snprintf(f->loaders->last_report, sizeof(f->loaders->last_report), "%s", buf);
	for (char *line = buf, *nl; line && *line; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		flash_logf(f, 0, "%s", line);
	}
	/* the error: the first line and the essentials (the message has room for a sentence) */
	where_is(s, f->part, pc, at, sizeof(at));
	error_set(err, FLASH_ERR_ROUTINE, "%s; PC 0x%08x (%s)%s; report: monitor loader report", buf, pc, at,
		  faulted ? ", fault status in the report" : "");
	if (faulted)
		error_set_reg(err, "CFSR", true, 0xE000ED28u, fs.cfsr);
	if (c->len) {
		err->has_addr = true;
		err->addr = c->addr;
	}
}
