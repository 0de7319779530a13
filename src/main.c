// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rspflash: the GDB server (default action) and `probe-info`.
 *
 *   rspflash [gdbserver] [--probe SPEC] [--target NAME] [--board NAME] [--port N]
 *            [--bind ADDR] [--speed KHZ] [--verify SPEC] [--on-disconnect keep|halt|resume]
 *            [--option KEY=VALUE]... [--otp-write] [--loader FILE[@ADDR]]... [--log-level L] [--once]
 *   rspflash probe-info [--probe SPEC] [--board NAME]
 *
 * With no --probe, the in-process virtual board (sim:BOARD, default stm32l552) is used.
 * See doc/rspflash.1.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/adi/dp.h"
#include "src/adi/romtable.h"
#include "src/gdb/gdb.h"
#include "src/log/log.h"
#include "src/gdb/session.h"
#include "sim/sim.h"
#include "src/probe/probe.h"
#include "src/rsp/server.h"
#include "targets/targets.h"

#define DEFAULT_PORT 2331
#define DEFAULT_BOARD "stm32l552"
/* The longest --probe spec (a J-Link nickname is far shorter): longer is refused, not cut. */
#define PROBE_SPEC_MAX 128

struct options_s {
	const char *command;
	const char *probe;
	const char *target;
	const char *board;
	const char *bind;
	unsigned port;
	unsigned speed_khz;
	struct flash_options_s flash;
	const char *board_options[17];	/* --option, NULL-terminated */
	unsigned n_board_options;
	enum gdb_disconnect_e on_disconnect;
	bool once;
	const char *loaders[8];		/* --loader FILE[@ADDR] */
	unsigned n_loaders;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: rspflash [gdbserver] [OPTIONS]\n"
		"       rspflash probe-info [--probe SPEC] [--board NAME]\n"
		"\n"
		"GDB remote-serial-protocol server for Cortex-M behind a SEGGER J-Link, or the\n"
		"in-process virtual board when no --probe is given.\n"
		"\n"
		"  --probe SPEC        sim[:BOARD] | jlink[:SERIAL] | jlink-tcp[:SERIAL]\n"
		"                      (default: sim:%s, the virtual board)\n"
		"  --board NAME        virtual board when --probe is not given (stm32l552, stm32f401,\n"
		"                      stm32n657, alif-e7, stm32l562e-dk)\n"
		"  --target NAME       part name (default: detected from CPUID and DBGMCU_IDCODE)\n"
		"  --port N            TCP port for GDB (default %d; 0: any free port)\n"
		"  --bind ADDR         listen address (default 127.0.0.1)\n"
		"  --speed KHZ         SWD clock (default 4000)\n"
		"  --option KEY=VALUE  a board option of the virtual board (e.g. dbank=0, swap_bank=1;\n"
		"                      see rspflash-sim --list-boards); may be repeated\n"
		"  --verify SPEC       l1=on|off,l2=off|crc|readback, or on / off (default l1=on,l2=crc)\n"
		"  --otp-write         let `load` program OTP (also: monitor otp enable)\n"
		"  --loader FILE[@ADDR] a CMSIS FLM or ST .stldr loader for external flash (its device at\n"
		"                      ADDR, else where the loader says); replaces a built-in loader of\n"
		"                      the same device; may be repeated (also: monitor loader add)\n"
		"  --psize W           STM32F4 program width: x8 | x16 | x32 | auto (default auto: the\n"
		"                      widest the target voltage allows)\n"
		"  --on-disconnect A   keep | halt | resume: the core when GDB goes away without\n"
		"                      detaching (default keep: as it was)\n"
		"  --once              exit after the first client instead of waiting for the next\n"
		"  --log-level L       error | warn | info | debug (default info)\n"
		"  --help, --version\n",
		DEFAULT_BOARD, DEFAULT_PORT);
}

static int parse_verify(const char *spec, struct flash_options_s *v)
{
	char buf[64], *save = NULL;
	int tokens = 0;

	if (strcmp(spec, "on") == 0) {
		v->l1 = true;
		v->l2 = FLASH_L2_CRC;
		return 0;
	}
	if (strcmp(spec, "off") == 0) {
		v->l1 = false;
		v->l2 = FLASH_L2_OFF;
		return 0;
	}
	if (strlen(spec) >= sizeof(buf))
		return -1;	/* never cut: the tail would be ignored */
	snprintf(buf, sizeof(buf), "%s", spec);
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save), tokens++) {
		if (strcmp(t, "l1=on") == 0 || strcmp(t, "l1=off") == 0)
			v->l1 = strcmp(t, "l1=on") == 0;
		else if (strcmp(t, "l2=off") == 0)
			v->l2 = FLASH_L2_OFF;
		else if (strcmp(t, "l2=crc") == 0)
			v->l2 = FLASH_L2_CRC;
		else if (strcmp(t, "l2=readback") == 0)
			v->l2 = FLASH_L2_READBACK;
		else
			return -1;
	}
	return tokens ? 0 : -1;
}

/* Decimal or 0x hex, nothing else: strtoul alone also takes "-0", "+5" and " 5". */
static int parse_number(const char *s, unsigned max, unsigned *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (*s < '0' || *s > '9' || *end || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int parse_option(struct options_s *o, int c, const char *arg)
{
	enum log_level_e level;

	switch (c) {
	case 'p':
		o->probe = arg;
		return strlen(arg) < PROBE_SPEC_MAX ? 0 : -1;
	case 't': o->target = arg; return 0;
	case 'b':
		o->board = arg;
		return strlen("sim:") + strlen(arg) < PROBE_SPEC_MAX ? 0 : -1;
	case 'B': o->bind = arg; return 0;
	case 'o': o->once = true; return 0;
	case 'P': return parse_number(arg, 65535, &o->port);
	case 's': return parse_number(arg, PROBE_SPEED_MAX_KHZ, &o->speed_khz);
	case 'v': return parse_verify(arg, &o->flash);
	case 'w': o->flash.otp_write = true; return 0;
	case 'L':
		if (o->n_loaders >= sizeof(o->loaders) / sizeof(o->loaders[0]))
			return -1;
		o->loaders[o->n_loaders++] = arg;
		return 0;
	case 'Z':
		if (strcmp(arg, "x8") == 0 || strcmp(arg, "x16") == 0 || strcmp(arg, "x32") == 0) {
			o->flash.program_width = (unsigned)atoi(arg + 1) / 8;
			return 0;
		}
		return strcmp(arg, "auto") == 0 ? (o->flash.program_width = 0, 0) : -1;
	case 'O':
		if (!strchr(arg, '=') || o->n_board_options + 1 >= sizeof(o->board_options) / sizeof(o->board_options[0]))
			return -1;
		o->board_options[o->n_board_options++] = arg;
		return 0;
	case 'l':
		if (!log_parse_level(arg, &level))
			return -1;
		log_set_level(level);
		return 0;
	case 'd':
		if (strcmp(arg, "keep") == 0)
			o->on_disconnect = GDB_DISCONNECT_KEEP;
		else if (strcmp(arg, "halt") == 0)
			o->on_disconnect = GDB_DISCONNECT_HALT;
		else if (strcmp(arg, "resume") == 0)
			o->on_disconnect = GDB_DISCONNECT_RESUME;
		else
			return -1;
		return 0;
	default:
		return -1;
	}
}

/* 0 run, 1 exit 0 (help/version), 2 usage error */
static int parse_args(int argc, char **argv, struct options_s *o)
{
	static const struct option longopts[] = {
		{ "probe", required_argument, NULL, 'p' }, { "target", required_argument, NULL, 't' },
		{ "board", required_argument, NULL, 'b' }, { "port", required_argument, NULL, 'P' },
		{ "bind", required_argument, NULL, 'B' }, { "speed", required_argument, NULL, 's' },
		{ "verify", required_argument, NULL, 'v' }, { "log-level", required_argument, NULL, 'l' },
		{ "on-disconnect", required_argument, NULL, 'd' }, { "once", no_argument, NULL, 'o' },
		{ "option", required_argument, NULL, 'O' }, { "otp-write", no_argument, NULL, 'w' },
		{ "psize", required_argument, NULL, 'Z' }, { "loader", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' }, { "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 1;
		}
		if (c == 'V') {
			printf("rspflash %s\n", PACKAGE_VERSION);
			return 1;
		}
		if (c == '?' || parse_option(o, c, optarg)) {
			if (c != '?')
				fprintf(stderr, "rspflash: bad value '%s' for %s\n", optarg, argv[optind - 1]);
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc)
		o->command = argv[optind++];
	if (optind < argc || (strcmp(o->command, "gdbserver") != 0 && strcmp(o->command, "probe-info") != 0)) {
		fprintf(stderr, "rspflash: unknown command '%s'\n", optind < argc ? argv[optind] : o->command);
		usage(stderr);
		return 2;
	}
	return 0;
}

static struct probe_s *open_probe(const struct options_s *o)
{
	char spec[PROBE_SPEC_MAX], err[256];
	struct probe_s *p = NULL;

	if (o->probe)
		snprintf(spec, sizeof(spec), "%s", o->probe);
	else
		snprintf(spec, sizeof(spec), "sim:%s", o->board ? o->board : DEFAULT_BOARD);
	if (probe_open_with(spec, o->speed_khz, o->board_options, &p, err, sizeof(err)) < 0) {
		log_error("cannot open probe '%s': %s", spec, err);
		return NULL;
	}
	log_info("probe '%s' open", spec);
	return p;
}

static int attach(struct cortexm_s *t, struct probe_s *p, const struct options_s *o)
{
	if (cortexm_attach(t, p)) {
		log_error("cannot attach to the target: %s", cortexm_error(t));
		return -1;
	}
	if (o->target) {
		const struct target_part_s *want = target_part_find(o->target);

		if (!want) {
			log_error("unknown target '%s'", o->target);
			return -1;
		}
		if (t->part && t->part != want && t->part->dev_id != want->dev_id)
			log_warn("--target %s given, but the chip identifies as %s: using %s", o->target, t->part->name,
				 want->name);
		t->part = want;
	} else if (probe_sim_board(p) && target_part_find(sim_board_name(probe_sim_board(p)))) {
		/*
		 * The in-process board says what it is: also for parts without a DBGMCU (Alif),
		 * and for a board row (stm32l562e-dk) that adds the board's external flash.
		 */
		t->part = target_part_find(sim_board_name(probe_sim_board(p)));
	}
	log_info("attached: %s (CPUID 0x%08x)%s%s%s, part %s", t->core_name, t->cpuid, t->has_fpu ? ", FPU" : "",
		 t->has_security ? ", Security Extension" : "", t->halted ? ", halted" : ", running",
		 t->part ? t->part->name : "unknown (no memory map; flash unavailable)");
	return 0;
}

static void print_probe_info(struct probe_s *p, struct cortexm_s *t)
{
	struct probe_info_s info;
	struct adi_ap_info_s aps[16];
	struct adi_component_s comps[32];
	unsigned naps = 0, ncomps = 0;
	char buf[2048];

	if (probe_get_info(p, &info) == 0) {
		probe_info_format(&info, buf, sizeof(buf));
		printf("probe:\n%s", buf);
		printf("target voltage: %u.%03u V\n", info.vtarget_mv / 1000, info.vtarget_mv % 1000);
	}
	printf("DPIDR: 0x%08x (DPv%u)\n", t->dp.dpidr, t->dp.version);
	if (adi_dp_scan_aps(&t->dp, 16, aps, 16, &naps, &t->err) == 0)
		for (unsigned i = 0; i < naps; i++)
			printf("AP%u: IDR 0x%08x %s%s\n", aps[i].apsel, aps[i].idr, adi_ap_type_name(aps[i].idr),
			       aps[i].is_memap ? "" : " (not a MEM-AP)");
	if (adi_romtable_walk(&t->ap, comps, 32, &ncomps, &t->err) == 0)
		for (unsigned i = 0; i < ncomps; i++)
			printf("%*s0x%08x %s (designer 0x%03x, part 0x%03x)\n", 2 + 2 * comps[i].depth, "", comps[i].base,
			       comps[i].name, comps[i].designer, comps[i].part);
	printf("core: %s, CPUID 0x%08x%s%s\n", t->core_name, t->cpuid, t->has_fpu ? ", FPU" : "",
	       t->has_security ? ", Security Extension" : "");
	printf("breakpoints: %u FPB code comparators (FPB v%u), %u DWT comparators\n", t->fpb_code, t->fpb_rev + 1,
	       t->dwt_num);
	printf("part: %s (DBGMCU_IDCODE 0x%08x)%s%s\n", t->part ? t->part->name : "unknown", t->dbgmcu_idcode,
	       t->part ? ", " : "", t->part ? t->part->description : "");
}

/* --loader: each file's device becomes a flash bank (and a region of GDB's memory map). */
static int add_loaders(struct gdb_s *g, const struct options_s *o)
{
	for (unsigned i = 0; i < o->n_loaders; i++) {
		struct error_s err;
		char msg[512];

		error_clear(&err);
		if (!g->flash) {
			fprintf(stderr, "rspflash: --loader %s: the target has no flash layer\n", o->loaders[i]);
			return 1;
		}
		if (flash_loader_add_spec(g->flash, o->loaders[i], &err)) {
			error_format(&err, msg, sizeof(msg));
			fprintf(stderr, "rspflash: --loader: %s\n", msg);
			return 1;
		}
	}
	return 0;
}

static int serve(struct gdb_s *g, const struct options_s *o)
{
	struct rsp_server_config_s scfg = { o->bind, (uint16_t)o->port, log_rsp, NULL, NULL };
	struct rsp_conn_config_s ccfg = { .log = log_rsp, .watch_fd = -1 };
	struct rsp_server_s *srv;
	struct rsp_conn_s *c;

	if (rsp_server_open(&scfg, &srv) != RSP_SERVER_OK)
		return 1;
	log_info("GDB server ready on %s:%u (target extended-remote %s:%u)", o->bind ? o->bind : "127.0.0.1",
		 rsp_server_port(srv), o->bind ? o->bind : "localhost", rsp_server_port(srv));
	for (;;) {
		enum rsp_server_status_e st = rsp_server_accept(srv, &ccfg, -1, &c);

		if (st == RSP_SERVER_TIMEOUT)
			continue;	/* a newcomer left before it was accepted: wait for the next */
		if (st != RSP_SERVER_OK) {
			log_error("accept failed: %s", rsp_server_status_name(st));
			break;
		}
		log_info("GDB connected");
		gdb_session_run(g, c);
		rsp_server_disconnect(srv);
		if (o->once)
			break;
		log_info("waiting for the next GDB client");
	}
	rsp_server_close(srv);
	return 0;
}

int main(int argc, char **argv)
{
	struct options_s o = { .command = "gdbserver", .port = DEFAULT_PORT, .flash = { .l1 = true, .l2 = FLASH_L2_CRC } };
	static struct cortexm_s t;
	static struct gdb_s g;
	struct probe_s *p;
	int rc;

	/*
	 * A peer that closes its socket (a J-Link over TCP dropping, a GDB gone) must be an
	 * error return, not SIGPIPE: libjaylink writes with plain send(), and the server must
	 * outlive a lost probe to open it again.
	 */
	signal(SIGPIPE, SIG_IGN);
	rc = parse_args(argc, argv, &o);
	if (rc)
		return rc == 1 ? 0 : 2;
	p = open_probe(&o);
	if (!p)
		return 1;
	if (attach(&t, p, &o)) {
		probe_close(p);
		return 1;
	}
	if (strcmp(o.command, "probe-info") == 0) {
		print_probe_info(p, &t);
		rc = 0;
	} else {
		gdb_init(&g, &t, p);
		g.speed_khz = o.speed_khz ? o.speed_khz : 4000;
		if (g.flash)
			*flash_options(g.flash) = o.flash;
		rc = add_loaders(&g, &o);
		g.on_disconnect = o.on_disconnect;
		if (rc == 0)
			rc = serve(&g, &o);
		gdb_cleanup(&g);
	}
	cortexm_detach(&t, false);
	probe_close(p);
	return rc;
}
