// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rspflash-sim: a virtual SEGGER J-Link on TCP, with a virtual board behind it.
 *
 * Clients reach it the way they reach a networked J-Link through libjaylink: UDP
 * discovery by serial number, then TCP port 19020 (see discovery.h for how discovery
 * works on one host, and doc/rspflash-sim.1 for the options).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <getopt.h>
#include <libelf.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/jlink/discovery.h"
#include "sim/jlink/jlink_tcp.h"
#include "sim/sim.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

#define MAX_LOADS 16

enum discovery_mode_e {
	DISCOVERY_AUTO,		/* beacon for a loopback/any bind, responder otherwise */
	DISCOVERY_BEACON,
	DISCOVERY_RESPOND,
	DISCOVERY_OFF,
};

struct options_s {
	struct sim_options_s sim;
	uint32_t serial;
	const char *nickname;
	uint16_t port;
	const char *bind;
	const char *loads[MAX_LOADS];
	unsigned nloads;
	const char *board_options[MAX_LOADS + 1];	/* --option key=value, NULL-terminated */
	unsigned noptions;
	bool stats;
	bool once;
	enum discovery_mode_e discovery;
};

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t stats_requested;

static const char usage_text[] =
	"Usage: rspflash-sim [OPTION]...\n"
	"A virtual SEGGER J-Link on TCP (as libjaylink reaches a networked J-Link), with a\n"
	"virtual board behind it.\n"
	"\n"
	"  --board NAME            board to simulate (default stm32l552; see --list-boards)\n"
	"  --list-boards           list the boards and exit\n"
	"  --serial N              J-Link serial number, decimal (default 123456)\n"
	"  --nickname NAME         nickname in the discovery advert (default none)\n"
	"  --port N                TCP port (default 19020, the only one libjaylink uses)\n"
	"  --bind ADDR             IPv4 address to listen on and advertise (default 127.0.0.1)\n"
	"  --discovery MODE        beacon, respond or off (default: beacon for a loopback or\n"
	"                          0.0.0.0 bind, respond otherwise)\n"
	"  --usb-latency-us N      modeled round trip of one probe command (default 250)\n"
	"  --option KEY=VALUE      a board option at power-on, e.g. dbank=0 or\n"
	"                          fault_power_loss=erase:2 (repeatable; --list-boards shows\n"
	"                          each board's options, the man page what they do)\n"
	"  --state FILE            keep flash, OTP and option bytes in FILE: loaded at start if\n"
	"                          it exists, written at exit\n"
	"  --load FILE[@ADDR]      preload an ELF file's PT_LOAD segments at their physical\n"
	"                          addresses, or a raw binary at ADDR (repeatable)\n"
	"  --inject-wait N         answer WAIT to the next N AP accesses\n"
	"  --inject-fault-once     answer FAULT to the next AP access\n"
	"  --drop-after N          drop the client connection after N J-Link commands (once)\n"
	"  --stats                 print statistics at exit (SIGUSR1 prints them any time)\n"
	"  --once, --exit-after-disconnect\n"
	"                          exit when the first client disconnects\n"
	"  --log-level LEVEL       error, warn, info (default) or debug\n"
	"  --help                  show this help and exit\n"
	"  --version               show the version and exit\n";

enum opt_e {
	OPT_BOARD = 256, OPT_LIST_BOARDS, OPT_SERIAL, OPT_NICKNAME, OPT_PORT, OPT_BIND,
	OPT_DISCOVERY, OPT_LATENCY, OPT_LOAD, OPT_INJECT_WAIT, OPT_FAULT_ONCE, OPT_DROP_AFTER,
	OPT_STATS, OPT_ONCE, OPT_LOG_LEVEL, OPT_HELP, OPT_VERSION, OPT_OPTION, OPT_STATE,
};

static const struct option long_options[] = {
	{ "board", required_argument, NULL, OPT_BOARD },
	{ "list-boards", no_argument, NULL, OPT_LIST_BOARDS },
	{ "serial", required_argument, NULL, OPT_SERIAL },
	{ "nickname", required_argument, NULL, OPT_NICKNAME },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "bind", required_argument, NULL, OPT_BIND },
	{ "discovery", required_argument, NULL, OPT_DISCOVERY },
	{ "usb-latency-us", required_argument, NULL, OPT_LATENCY },
	{ "load", required_argument, NULL, OPT_LOAD },
	{ "option", required_argument, NULL, OPT_OPTION },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "inject-wait", required_argument, NULL, OPT_INJECT_WAIT },
	{ "inject-fault-once", no_argument, NULL, OPT_FAULT_ONCE },
	{ "drop-after", required_argument, NULL, OPT_DROP_AFTER },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "once", no_argument, NULL, OPT_ONCE },
	{ "exit-after-disconnect", no_argument, NULL, OPT_ONCE },
	{ "log-level", required_argument, NULL, OPT_LOG_LEVEL },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "rspflash-sim: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(2);
}

/* A decimal (or 0x-prefixed hex, with base 0) number no larger than max. */
static unsigned long parse_num(const char *opt, const char *s, int base, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, base);
	if (errno || end == s || *end || *s == '-' || v > max)
		die("%s %s: not a number in 0..%lu", opt, s, max);
	return v;
}

static void list_boards(void)
{
	for (const struct sim_board_info_s *b = sim_board_list(); b->name; b++) {
		printf("%-12s %s\n", b->name, b->description);
		if (*b->options)
			printf("%-12s   options: %s\n", "", b->options);
	}
}

static void parse_discovery(struct options_s *o, const char *s)
{
	if (strcmp(s, "beacon") == 0)
		o->discovery = DISCOVERY_BEACON;
	else if (strcmp(s, "respond") == 0)
		o->discovery = DISCOVERY_RESPOND;
	else if (strcmp(s, "off") == 0)
		o->discovery = DISCOVERY_OFF;
	else
		die("--discovery %s: expected beacon, respond or off", s);
}

static void parse_option(struct options_s *o, int c, const char *arg)
{
	enum jlink_log_level_e level;

	switch (c) {
	case OPT_BOARD: o->sim.board = arg; break;
	case OPT_LIST_BOARDS: list_boards(); exit(0);
	case OPT_SERIAL: o->serial = (uint32_t)parse_num("--serial", arg, 10, UINT32_MAX); break;
	case OPT_NICKNAME: o->nickname = arg; break;
	case OPT_PORT: o->port = (uint16_t)parse_num("--port", arg, 10, 65535); break;
	case OPT_BIND: o->bind = arg; break;
	case OPT_DISCOVERY: parse_discovery(o, arg); break;
	case OPT_LATENCY:
		o->sim.probe_latency_us = (uint32_t)parse_num("--usb-latency-us", arg, 10, 10000000);
		break;
	case OPT_LOAD:
		if (o->nloads == MAX_LOADS)
			die("--load: at most %d files", MAX_LOADS);
		o->loads[o->nloads++] = arg;
		break;
	case OPT_OPTION:
		if (o->noptions == MAX_LOADS)
			die("--option: at most %d options", MAX_LOADS);
		o->board_options[o->noptions++] = arg;
		o->sim.board_options = o->board_options;
		break;
	case OPT_STATE: o->sim.state_file = arg; break;
	case OPT_INJECT_WAIT:
		o->sim.faults.wait_next_ap = (unsigned)parse_num("--inject-wait", arg, 10, UINT32_MAX);
		break;
	case OPT_FAULT_ONCE: o->sim.faults.fault_once = true; break;
	case OPT_DROP_AFTER:
		o->sim.faults.drop_after_cmds = (unsigned)parse_num("--drop-after", arg, 10, UINT32_MAX);
		break;
	case OPT_STATS: o->stats = true; break;
	case OPT_ONCE: o->once = true; break;
	case OPT_LOG_LEVEL:
		if (!jlink_log_parse_level(arg, &level))
			die("--log-level %s: expected error, warn, info or debug", arg);
		jlink_log_set_level(level);
		break;
	case OPT_HELP: fputs(usage_text, stdout); exit(0);
	case OPT_VERSION: printf("rspflash-sim %s\n", PACKAGE_VERSION); exit(0);
	default: fputs(usage_text, stderr); exit(2);
	}
}

static void parse_args(struct options_s *o, int argc, char **argv)
{
	int c;

	*o = (struct options_s){ .serial = 123456, .nickname = "", .port = JLINK_TCP_PORT,
				 .bind = "127.0.0.1" };
	o->sim.board = "stm32l552";
	o->sim.probe_latency_us = 250;
	while ((c = getopt_long(argc, argv, "", long_options, NULL)) != -1)
		parse_option(o, c, optarg);
	if (optind < argc)
		die("unexpected argument '%s' (see --help)", argv[optind]);
}

/* PT_LOAD segments with file contents go where the ELF says they are loaded (LMA). */
static int load_elf(struct sim *s, const char *path, const uint8_t *img, size_t size)
{
	char err[160];
	size_t nph, loaded = 0;
	Elf *e;
	int ret = 0;

	elf_version(EV_CURRENT);
	e = elf_memory((char *)img, size);
	if (!e || elf_getphdrnum(e, &nph) != 0)
		die("--load %s: not a usable ELF file: %s", path, elf_errmsg(-1));
	for (size_t i = 0; i < nph && ret == 0; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(e, (int)i, &ph) || ph.p_type != PT_LOAD || ph.p_filesz == 0)
			continue;
		if (ph.p_offset > size || ph.p_filesz > size - ph.p_offset)
			die("--load %s: segment %zu lies outside the file", path, i);
		if (sim_preload(s, (uint32_t)ph.p_paddr, img + ph.p_offset, ph.p_filesz, err, sizeof(err)) < 0) {
			jlink_log(JLINK_LOG_ERROR, "--load %s: segment %zu at 0x%08llx: %s", path, i,
				  (unsigned long long)ph.p_paddr, err);
			ret = -1;
		}
		loaded += ph.p_filesz;
		jlink_log(JLINK_LOG_INFO, "loaded %s: %llu bytes at 0x%08llx", path,
			  (unsigned long long)ph.p_filesz, (unsigned long long)ph.p_paddr);
	}
	elf_end(e);
	if (ret == 0 && loaded == 0)
		die("--load %s: no loadable segment", path);
	return ret;
}

static uint8_t *read_file(const char *path, size_t *size)
{
	struct stat st;
	uint8_t *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0)
		die("--load %s: %s", path, strerror(errno));
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf)
		die("--load %s: out of memory", path);
	*size = 0;
	while (*size < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + *size, (size_t)st.st_size - *size);

		if (n <= 0)
			die("--load %s: read failed", path);
		*size += (size_t)n;
	}
	close(fd);
	return buf;
}

/* FILE[@ADDR]: the last '@' followed by a number splits; a file name may contain '@'. */
static int load_one(struct sim *s, const char *spec)
{
	char path[4096], err[160];
	const char *at = strrchr(spec, '@');
	bool has_addr = false;
	unsigned long addr = 0;
	size_t size;
	uint8_t *img;
	int ret;

	snprintf(path, sizeof(path), "%s", spec);
	if (at && at[1]) {
		char *end;

		errno = 0;
		addr = strtoul(at + 1, &end, 0);
		if (!errno && !*end && addr <= UINT32_MAX) {
			has_addr = true;
			path[at - spec] = '\0';
		}
	}
	img = read_file(path, &size);
	if (size >= 4 && memcmp(img, ELFMAG, SELFMAG) == 0) {
		if (has_addr)
			die("--load %s: an ELF file goes to its own addresses; drop @ADDR", spec);
		ret = load_elf(s, path, img, size);
	} else if (!has_addr) {
		die("--load %s: not an ELF file, so it needs @ADDR", spec);
	} else {
		ret = sim_preload(s, (uint32_t)addr, img, size, err, sizeof(err));
		if (ret < 0)
			jlink_log(JLINK_LOG_ERROR, "--load %s: %s", spec, err);
		else
			jlink_log(JLINK_LOG_INFO, "loaded %s: %zu bytes at 0x%08lx", path, size, addr);
	}
	free(img);
	return ret;
}

static void print_stats(struct sim *s)
{
	char line[512];

	sim_format_stats(s, line, sizeof(line));
	fprintf(stderr, "rspflash-sim: stats: %s\n", line);
}

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		stats_requested = 1;
	else
		stop_requested = 1;
}

/* No SA_RESTART: poll() must return so the loop sees the flag. */
static void install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static const char *board_description(const char *name)
{
	for (const struct sim_board_info_s *b = sim_board_list(); b->name; b++)
		if (strcmp(b->name, name) == 0)
			return b->description;
	return "?";
}

static struct jlink_discovery *open_discovery(const struct options_s *o)
{
	struct jlink_discovery_config_s dc = {
		.serial = o->serial, .hw_version = JLINK_SIM_HW_VERSION,
		.product = "J-Link (rspflash-sim)", .nickname = o->nickname,
	};
	struct in_addr a;
	bool local;

	inet_pton(AF_INET, o->bind, &a);
	local = (ntohl(a.s_addr) >> 24) == 127 || a.s_addr == htonl(INADDR_ANY);
	/* Listening on every address: tell local clients the loopback one. */
	dc.ipv4_be = a.s_addr == htonl(INADDR_ANY) ? htonl(INADDR_LOOPBACK) : a.s_addr;
	dc.beacon = o->discovery == DISCOVERY_BEACON || (o->discovery == DISCOVERY_AUTO && local);
	dc.responder = o->discovery == DISCOVERY_RESPOND || (o->discovery == DISCOVERY_AUTO && !local);
	if (!dc.beacon && !dc.responder)
		return NULL;
	return jlink_discovery_open(&dc);
}

int main(int argc, char **argv)
{
	struct options_s o;
	struct jlink_server_config_s sc = { .stop = &stop_requested, .stats_requested = &stats_requested,
					    .print_stats = print_stats };
	char err[256];
	struct sim *s;
	int lfd, ret;

	parse_args(&o, argc, argv);
	s = sim_create(&o.sim, err, sizeof(err));
	if (!s)
		die("%s", err);
	for (unsigned i = 0; i < o.nloads; i++)
		if (load_one(s, o.loads[i]) < 0)
			die("--load failed");
	/*
	 * sim_create() already ran the power-on reset, which fetched the vector table from
	 * the then-blank flash. A pulse on nRESET makes the core start from what was
	 * loaded, as a board programmed at the factory does when powered.
	 */
	if (o.nloads > 0) {
		sim_set_nreset(s, true);
		sim_set_nreset(s, false);
	}
	lfd = jlink_server_listen(o.bind, o.port);
	if (lfd < 0)
		return 1;
	sc.bind_addr = o.bind;
	sc.port = o.port;
	sc.once = o.once;
	sc.discovery = open_discovery(&o);
	install_signals();
	fprintf(stderr, "rspflash-sim: board %s (%s) serving J-Link serial %u on %s:%u\n",
		sim_board_name(s), board_description(sim_board_name(s)), o.serial, o.bind, o.port);
	ret = jlink_server_run(s, lfd, &sc);
	close(lfd);
	jlink_discovery_close(sc.discovery);
	if (o.stats)
		print_stats(s);
	sim_destroy(s);
	jlink_log(JLINK_LOG_INFO, "exiting");
	return ret < 0 ? 1 : 0;
}
