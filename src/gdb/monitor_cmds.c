// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Monitor commands for the core: reset, halt, resume, reg, md[whb], mw[whb], speed, stats,
 * sleep/delay.
 * Names follow OpenOCD's (what users type most, reference/peers.md).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "src/gdb/monitor.h"
#include "src/gdb/rtt.h"
#include "src/probe/probe.h"
#include "src/rsp/hex.h"

static int cmd_reset(struct gdb_s *g, int argc, char **argv)
{
	bool halt = false;

	if (argc == 1 && strcmp(argv[0], "halt") != 0 && strcmp(argv[0], "run") != 0)
		return mon_error(g, "reset: expected 'halt' or 'run', got '%s'", argv[0]);
	halt = argc == 1 && strcmp(argv[0], "halt") == 0;
	cortexm_clear_all_points(g->t);
	if (cortexm_reset(g->t, CORTEXM_RESET_SYSRESETREQ, halt))
		return mon_error(g, "reset failed: %s", cortexm_error(g->t));
	gdb_rtt_reset(g);	/* the program sets its RTT block up anew */
	if (halt) {
		uint32_t pc = 0;

		cortexm_read_reg(g->t, CORTEXM_PC, &pc);
		gdb_console_printf(g, "reset (SYSRESETREQ); halted at the reset vector, pc 0x%08x\n", pc);
	} else {
		gdb_console_printf(g, "reset (SYSRESETREQ); the core runs\n");
	}
	return 0;
}

static int cmd_halt(struct gdb_s *g, int argc, char **argv)
{
	uint32_t pc = 0;

	if (cortexm_halt(g->t))
		return mon_error(g, "halt failed: %s", cortexm_error(g->t));
	cortexm_read_reg(g->t, CORTEXM_PC, &pc);
	gdb_console_printf(g, "halted at pc 0x%08x (%s)\n", pc, cortexm_halt_reason_name(g->t->reason));
	return 0;
}

static int cmd_resume(struct gdb_s *g, int argc, char **argv)
{
	if (cortexm_poll(g->t) == 0 && !g->t->halted) {
		gdb_console_printf(g, "the core is already running\n");
		return 0;
	}
	if (cortexm_resume(g->t))
		return mon_error(g, "resume failed: %s", cortexm_error(g->t));
	gdb_console_printf(g, "the core runs (GDB still believes it is halted: use 'continue' to follow it)\n");
	return 0;
}

static void print_reg(struct gdb_s *g, unsigned n, const struct gdb_reg_s *r)
{
	uint8_t v[8];
	unsigned size;

	if (gdb_reg_get(g, n, v, &size))
		return;
	if (size == 8)
		gdb_console_printf(g, "%-10s 0x%02x%02x%02x%02x%02x%02x%02x%02x\n", r->name, v[7], v[6], v[5], v[4], v[3], v[2],
			   v[1], v[0]);
	else
		gdb_console_printf(g, "%-10s 0x%08x\n", r->name,
			   (uint32_t)v[0] | (uint32_t)v[1] << 8 | (uint32_t)v[2] << 16 | (uint32_t)v[3] << 24);
}

static int cmd_reg(struct gdb_s *g, int argc, char **argv)
{
	const struct gdb_reg_s *r;
	unsigned count = gdb_tdesc_regs(g->t, &r);
	uint32_t val;
	int n;

	if (!g->t->halted && (cortexm_poll(g->t) || !g->t->halted))
		return mon_error(g, "reg: the core is running; halt it first");
	if (argc == 0) {
		for (unsigned i = 0; i < count; i++)
			print_reg(g, i, &r[i]);
		return 0;
	}
	n = gdb_tdesc_find(g->t, argv[0]);
	if (n < 0)
		return mon_error(g, "reg: no register '%s' on this core", argv[0]);
	if (argc >= 2) {
		uint8_t le[8] = { 0 };

		if (r[n].bits != 32)
			return mon_error(g, "reg: %s is 64 bits; set its s registers through GDB instead", r[n].name);
		if (mon_parse_u32(g, argv[1], "reg", &val))
			return -1;
		le[0] = (uint8_t)val;
		le[1] = (uint8_t)(val >> 8);
		le[2] = (uint8_t)(val >> 16);
		le[3] = (uint8_t)(val >> 24);
		if (gdb_reg_set(g, (unsigned)n, le))
			return mon_error(g, "reg: %s", g->last_error);
	}
	print_reg(g, (unsigned)n, &r[n]);
	return 0;
}

/*
 * One md shows at most MD_MAX_BYTES: its buffer is on the stack and its output, 32 console
 * lines, streams to GDB while the command runs. GDB's `x` and `dump` read more (through m).
 */
#define MD_MAX_BYTES 1024u

static int md(struct gdb_s *g, int argc, char **argv, unsigned size, const char *name)
{
	uint8_t buf[MD_MAX_BYTES];
	uint32_t addr, count = 1;
	char line[160];

	if (argc < 1)
		return mon_error(g, "usage: %s ADDR [COUNT]", name);
	if (mon_parse_u32(g, argv[0], name, &addr) || (argc == 2 && mon_parse_u32(g, argv[1], name, &count)))
		return -1;
	if (addr % size)
		return mon_error(g, "%s: address 0x%08x is not %u-byte aligned", name, addr, size);
	/* compared as a count, never as count * size: that product wraps in 32 bits */
	if (count == 0 || count > MD_MAX_BYTES / size)
		return mon_error(g, "%s: COUNT %u is out of range: 1..%u (%u bytes a command)", name, count,
				 MD_MAX_BYTES / size, MD_MAX_BYTES);
	if (!gdb_range_fits(addr, (uint64_t)count * size))
		return mon_error(g, "%s: %u bytes at 0x%08x run past the end of the 4 GiB address space", name,
				 count * size, addr);
	if (cortexm_read_mem_sized(g->t, addr, buf, count * size, size))
		return mon_error(g, "%s: cannot read 0x%08x: %s", name, addr, cortexm_error(g->t));
	for (uint32_t i = 0; i < count; i += 32u / size) {
		int n = snprintf(line, sizeof(line), "0x%08x:", addr + i * size);

		for (uint32_t j = i; j < count && j < i + 32u / size; j++) {
			uint32_t v = 0;

			memcpy(&v, buf + j * size, size);	/* the host is little-endian like the target */
			n += snprintf(line + n, sizeof(line) - (size_t)n, " %0*x", (int)size * 2, v);
		}
		gdb_console_printf(g, "%s\n", line);
	}
	return 0;
}

static int cmd_mdw(struct gdb_s *g, int argc, char **argv)
{
	return md(g, argc, argv, 4, "mdw");
}

static int cmd_mdh(struct gdb_s *g, int argc, char **argv)
{
	return md(g, argc, argv, 2, "mdh");
}

static int cmd_mdb(struct gdb_s *g, int argc, char **argv)
{
	return md(g, argc, argv, 1, "mdb");
}

static int mw(struct gdb_s *g, int argc, char **argv, unsigned size, const char *name)
{
	uint32_t addr, val;
	char why[sizeof(g->last_error)];

	if (argc != 2)
		return mon_error(g, "usage: %s ADDR VALUE", name);
	if (mon_parse_u32(g, argv[0], name, &addr) || mon_parse_u32(g, argv[1], name, &val))
		return -1;
	if (addr % size)
		return mon_error(g, "%s: address 0x%08x is not %u-byte aligned", name, addr, size);
	if (size < 4 && val >> (size * 8))
		return mon_error(g, "%s: value 0x%x does not fit in %u bits", name, val, size * 8);
	/* as M and X: the flash would ignore the write (or flag an error) and nothing would change */
	if (gdb_mem_write_refused(g, addr, size, why, sizeof(why)))
		return mon_error(g, "%s: %s", name, why);
	if (cortexm_write_mem_sized(g->t, addr, &val, size, size))
		return mon_error(g, "%s: cannot write 0x%08x: %s", name, addr, cortexm_error(g->t));
	return 0;
}

static int cmd_mww(struct gdb_s *g, int argc, char **argv)
{
	return mw(g, argc, argv, 4, "mww");
}

static int cmd_mwh(struct gdb_s *g, int argc, char **argv)
{
	return mw(g, argc, argv, 2, "mwh");
}

static int cmd_mwb(struct gdb_s *g, int argc, char **argv)
{
	return mw(g, argc, argv, 1, "mwb");
}

static int cmd_speed(struct gdb_s *g, int argc, char **argv)
{
	uint32_t khz;
	unsigned actual = 0;

	if (argc == 0) {
		gdb_console_printf(g, "SWD clock: %u kHz\n", g->speed_khz);
		return 0;
	}
	if (mon_parse_u32(g, argv[0], "speed", &khz))
		return -1;
	if (khz < PROBE_SPEED_MIN_KHZ || khz > PROBE_SPEED_MAX_KHZ)
		return mon_error(g, "speed: %u kHz is outside the accepted %u..%u kHz", khz, PROBE_SPEED_MIN_KHZ,
				 PROBE_SPEED_MAX_KHZ);
	if (probe_set_speed(g->probe, khz, &actual))
		return mon_error(g, "speed %u kHz: %s", khz, probe_last_error(g->probe));
	g->speed_khz = actual ? actual : khz;
	gdb_console_printf(g, "SWD clock: %u kHz\n", g->speed_khz);
	return 0;
}

/*
 * What IDEs send after "reset" to let a board start: Eclipse CDT's generic TCP/IP device
 * sends `monitor delay MS`, its J-Link one and J-Link GDB Server scripts `monitor sleep MS`.
 * Wall time: on the virtual board it lets nothing happen that would not anyway.
 */
#define MON_SLEEP_MAX_MS 60000u

static int cmd_sleep(struct gdb_s *g, int argc, char **argv)
{
	uint32_t ms;
	struct timespec ts;

	if (argc != 1)
		return mon_error(g, "usage: sleep MS (or delay MS)");
	if (mon_parse_u32(g, argv[0], "sleep", &ms))
		return -1;
	if (ms > MON_SLEEP_MAX_MS)
		return mon_error(g, "sleep: %u ms is more than the %u ms allowed", ms, MON_SLEEP_MAX_MS);
	ts.tv_sec = ms / 1000u;
	ts.tv_nsec = (long)(ms % 1000u) * 1000000L;
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
	return 0;
}

static int cmd_stats(struct gdb_s *g, int argc, char **argv)
{
	char line[512];

	if (!g->probe || probe_stats(g->probe, line, sizeof(line)) != PROBE_OK) {
		gdb_console_printf(g, "stats: only the virtual board keeps modeled figures\n");
		return 0;
	}
	gdb_console_printf(g, "%s\n", line);
	return 0;
}

const struct mon_cmd_s mon_cmds_target[] = {
	{ "reset", "[halt|run]", 1, "reset the chip (SYSRESETREQ); 'halt' stops at the reset vector", cmd_reset },
	{ "halt", "", 0, "halt the core", cmd_halt },
	{ "resume", "", 0, "let the core run", cmd_resume },
	{ "reg", "[NAME [VALUE]]", 2, "show all registers, one, or set one (core halted)", cmd_reg },
	{ "mdw", "ADDR [COUNT]", 2, "show COUNT 32-bit words from ADDR (1 KiB at most)", cmd_mdw },
	{ "mdh", "ADDR [COUNT]", 2, "show COUNT 16-bit half-words from ADDR (1 KiB at most)", cmd_mdh },
	{ "mdb", "ADDR [COUNT]", 2, "show COUNT bytes from ADDR (1 KiB at most)", cmd_mdb },
	{ "mww", "ADDR VALUE", 2, "write a 32-bit word (RAM and peripherals; not flash)", cmd_mww },
	{ "mwh", "ADDR VALUE", 2, "write a 16-bit half-word (RAM and peripherals; not flash)", cmd_mwh },
	{ "mwb", "ADDR VALUE", 2, "write a byte (RAM and peripherals; not flash)", cmd_mwb },
	{ "speed", "[KHZ]", 1, "show or set the SWD clock (1..100000 kHz)", cmd_speed },
	{ "stats", "", 0, "the virtual board's modeled figures (time, probe commands, SWD bits)", cmd_stats },
	{ "sleep", "MS", 1, "wait MS milliseconds (at most 60000), as IDEs ask after a reset", cmd_sleep },
	{ "delay", "MS", 1, "the same as sleep (Eclipse CDT's word)", cmd_sleep },
	{ NULL, NULL, 0, NULL, NULL },
};
