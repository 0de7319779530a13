// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `rspflash [gdbserver]`: the GDB server (the default command). Attaches once, then
 * serves one client at a time until killed (or after the first with --once).
 *
 * With --once and --semihosting, a program that exited through semihosting gives its
 * status as rspflash's exit code (the firmware CI case: `rspflash --once --semihosting` and
 * a gdb batch that loads and continues); otherwise the codes of exit.h.
 */
#include <string.h>

#include "src/cli/cli.h"
#include "src/gdb/rtt.h"
#include "src/gdb/session.h"
#include "src/log/log.h"
#include "src/rsp/server.h"

enum { K_PORT = 1000, K_BIND, K_ON_DISCONNECT, K_ONCE };

static const struct cli_opt_s gdbserver_opts[] = {
	{ "port", "N", "TCP port for GDB (default 2331; 0: any free port)", K_PORT },
	{ "bind", "ADDR", "listen address (default 127.0.0.1)", K_BIND },
	{ "on-disconnect", "A", "keep | halt | resume: the core when GDB goes away without\n"
	  "detaching (default keep: as it was)", K_ON_DISCONNECT },
	{ "once", NULL, "exit after the first client instead of waiting for the next", K_ONCE },
	{ NULL, NULL, NULL, 0 },
};

static int gdbserver_option(struct cli_opts_s *o, int key, const char *arg)
{
	static const char *const actions[] = { [GDB_DISCONNECT_KEEP] = "keep", [GDB_DISCONNECT_HALT] = "halt",
					       [GDB_DISCONNECT_RESUME] = "resume" };

	switch (key) {
	case K_PORT: return cli_parse_u32(arg, 65535, &o->port);
	case K_BIND: o->bind = arg; return 0;
	case K_ONCE: o->once = true; return 0;
	default:
		for (unsigned i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
			if (strcmp(arg, actions[i]) == 0) {
				o->on_disconnect = (enum gdb_disconnect_e)i;
				return 0;
			}
		}
		return -1;
	}
}

static int serve(struct gdb_s *g, const struct cli_opts_s *o)
{
	struct rsp_server_config_s scfg = { o->bind, (uint16_t)o->port, log_rsp, NULL, NULL };
	struct rsp_conn_config_s ccfg = { .log = log_rsp, .watch_fd = -1 };
	struct rsp_server_s *srv;
	struct rsp_conn_s *c;
	int rc = CLI_EXIT_OK;

	if (rsp_server_open(&scfg, &srv) != RSP_SERVER_OK)
		return CLI_EXIT_FAILED;
	log_info("GDB server ready on %s:%u (target extended-remote %s:%u)", o->bind ? o->bind : "127.0.0.1",
		 rsp_server_port(srv), o->bind ? o->bind : "localhost", rsp_server_port(srv));
	for (;;) {
		/* with RTT on and no client, the running core's RTT is polled between accept waits */
		enum rsp_server_status_e st = rsp_server_accept(srv, &ccfg, gdb_rtt_idle(g), &c);

		if (st == RSP_SERVER_TIMEOUT)
			continue;	/* a newcomer left before it was accepted: wait for the next */
		if (st != RSP_SERVER_OK) {
			log_error("accept failed: %s", rsp_server_status_name(st));
			break;
		}
		log_info("GDB connected");
		gdb_session_run(g, c);
		rsp_server_disconnect(srv);
		if (o->once) {
			if (g->sh.exited) {
				log_info("exiting with the program's status %d (--once)", g->sh.exit_status);
				rc = g->sh.exit_status;
			}
			break;
		}
		log_info("waiting for the next GDB client");
	}
	rsp_server_close(srv);
	return rc;
}

static int run_gdbserver(const struct cli_opts_s *o, int argc, char **argv)
{
	struct cli_target_s *ct = NULL;
	struct error_s err;
	int rc;

	/* `rspflash [OPTIONS] gdbserver`: the command word may also follow the options */
	if (argc == 1 && strcmp(argv[0], "gdbserver") != 0) {
		fprintf(stderr, "rspflash: unknown command '%s' (`rspflash --help` lists them; a command comes "
			"before its options)\n", argv[0]);
		return CLI_EXIT_USAGE;
	}
	error_clear(&err);
	rc = cli_target_open(o, false, &ct, &err);
	if (rc != CLI_EXIT_OK) {
		char text[512];

		error_format(&err, text, sizeof(text));
		log_error("%s", text);
		return rc;
	}
	ct->g.on_disconnect = o->on_disconnect;
	ct->g.sh.enabled = o->semihosting;
	rc = cli_semihosting_dir(ct, o, &err);
	if (rc == CLI_EXIT_OK)
		rc = cli_rtt_setup(ct, o, true, &err);
	if (rc != CLI_EXIT_OK) {
		log_error("%s", err.msg);
		cli_target_close(ct, false);
		return rc;
	}
	if (ct->g.sh.enabled)
		log_info("semihosting: enabled, files under %s", ct->g.sh.dir);
	rc = serve(&ct->g, o);
	cli_target_close(ct, false);
	return rc;
}

const struct cli_cmd_s cli_cmd_gdbserver = {
	.name = "gdbserver",
	.args = "",
	.summary = "serve GDB's remote protocol on TCP",
	.groups = CLI_G_PROBE | CLI_G_FLASH | CLI_G_SEMIHOSTING | CLI_G_RTT,
	.opts = gdbserver_opts,
	.min_args = 0,
	.max_args = 1,
	.option = gdbserver_option,
	.run = run_gdbserver,
};
