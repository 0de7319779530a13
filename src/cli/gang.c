// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A gang run: `rspflash flash|verify|erase --probe A --probe B ...` (the factory case: a
 * J-Link per board on one host) serves every board at once, each in a process of its own,
 * then reports per board and exits with the most serious board's code (cli_exit_worse).
 *
 * Processes, not threads, so that boards share nothing: in one process they would share
 * the logger's level and file, the SIGINT flag, the GDB layer's target descriptions
 * (static tables filled on first use, src/gdb/tdesc.c), Unicorn's state under in-process
 * virtual boards, and one crash or sanitizer abort would end every board. What processes
 * still share, libjaylink's TCP discovery port, the jlink probe retries (probe_jlink.c).
 *
 * A board's process runs the command exactly as with that one --probe, its --json
 * document going to a file of its own; the parent reads these documents and prints them
 * as the entries of "boards" (--json) or one line per board. Log lines name the board
 * ("[PROBE] ...") and progress is plain lines ("PROBE: flash: ..."): nothing is redrawn
 * over another board's output. SIGINT from a terminal reaches every process of the group:
 * each board drops its download, and the parent, which ignores the first one, reports.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "src/cli/cli.h"
#include "src/cli/json.h"
#include "src/log/log.h"

struct board_s {
	const char *probe;
	pid_t pid;		/* 0: not started, or reaped */
	FILE *doc;		/* where the board's process writes its --json document */
	int status;		/* waitpid's */
	bool ended;		/* status is valid */
	char why[160];		/* it could not be started */
};

/* In the board's process: the command with this one probe; does not return. */
static void run_board(const struct cli_cmd_s *cmd, const struct cli_opts_s *o, const struct board_s *b, int argc,
		      char **argv)
{
	struct cli_opts_s mine = *o;	/* its strings stay valid: this process has the parent's memory */

	mine.probe = mine.probes[0] = b->probe;
	mine.n_probes = 1;
	mine.json = true;
	signal(SIGINT, SIG_DFL);	/* the parent's handler is not the command's */
	log_set_prefix(b->probe);
	cli_progress_label(b->probe);
	if (dup2(fileno(b->doc), STDOUT_FILENO) < 0) {
		log_error("cannot send the report to the parent process: %s", strerror(errno));
		_exit(CLI_EXIT_FAILED);
	}
	exit(cmd->run(&mine, argc, argv));	/* exit flushes stdout */
}

static void start_boards(const struct cli_cmd_s *cmd, const struct cli_opts_s *o, struct board_s *b, unsigned n,
			 int argc, char **argv)
{
	for (unsigned i = 0; i < n; i++) {
		b[i].probe = o->probes[i];
		b[i].doc = tmpfile();
		if (!b[i].doc) {
			snprintf(b[i].why, sizeof(b[i].why), "no file for its report: %s", strerror(errno));
			continue;
		}
		fflush(NULL);	/* nothing buffered is written twice */
		b[i].pid = fork();
		if (b[i].pid == 0)
			run_board(cmd, o, &b[i], argc, argv);
		if (b[i].pid < 0) {
			b[i].pid = 0;
			snprintf(b[i].why, sizeof(b[i].why), "cannot start its process: %s", strerror(errno));
		}
	}
}

static void wait_boards(struct board_s *b, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		while (b[i].pid > 0) {
			if (waitpid(b[i].pid, &b[i].status, 0) == b[i].pid) {
				b[i].ended = true;
				b[i].pid = 0;
			} else if (errno != EINTR) {
				snprintf(b[i].why, sizeof(b[i].why), "lost its process: %s", strerror(errno));
				b[i].pid = 0;
			}
		}
	}
}

/* The document the board's process wrote, or NULL. */
static struct json_object *read_doc(FILE *f)
{
	struct json_object *d = NULL;
	long len;
	char *text;

	if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET))
		return NULL;
	text = malloc((size_t)len + 1);
	if (text && fread(text, 1, (size_t)len, f) == (size_t)len) {
		text[len] = '\0';
		d = json_tokener_parse(text);
	}
	free(text);
	if (d && !json_object_is_type(d, json_type_object)) {
		json_object_put(d);
		d = NULL;
	}
	return d;
}

/* The board's entry: its own document, or one saying why there is none; *code: its exit code. */
static struct json_object *board_entry(const char *command, const struct board_s *b, int *code)
{
	struct json_object *d = b->ended && WIFEXITED(b->status) ? read_doc(b->doc) : NULL;
	struct error_s err;

	*code = b->ended && WIFEXITED(b->status) ? WEXITSTATUS(b->status) : CLI_EXIT_FAILED;
	if (!d) {
		error_clear(&err);
		if (b->why[0])
			snprintf(err.msg, sizeof(err.msg), "%s", b->why);
		else if (WIFSIGNALED(b->status))
			snprintf(err.msg, sizeof(err.msg), "its process ended by signal %d (%s)", WTERMSIG(b->status),
				 strsignal(WTERMSIG(b->status)));
		else
			snprintf(err.msg, sizeof(err.msg), "its process ended (exit %d) without a report: see its "
				 "messages on standard error", *code);
		d = cli_json_new(command);
		cli_json_result(d, *code, &err);
	}
	cli_json_str(d, "probe", b->probe);
	return d;
}

static const char *str_at(struct json_object *d, const char *key, const char *sub)
{
	struct json_object *v;

	if (!json_object_object_get_ex(d, key, &v) || (sub && !json_object_object_get_ex(v, sub, &v)))
		return NULL;
	return json_object_get_string(v);
}

/* One line per board: "  PROBE  ok      part, ..." or "  PROBE  FAILED  exit N (name): message". */
static void print_board(struct json_object *d, int code, int width)
{
	const char *probe = str_at(d, "probe", NULL), *part = str_at(d, "target", "part");

	if (code != CLI_EXIT_OK) {
		printf("  %-*s  FAILED  exit %d (%s): %s\n", width, probe, code, cli_exit_name((enum cli_exit_e)code),
		       str_at(d, "error", "message") ? str_at(d, "error", "message") : "?");
		return;
	}
	printf("  %-*s  ok      %s", width, probe, part ? part : "part unknown");
	if (str_at(d, "bytes_programmed", NULL))
		printf(", %s bytes programmed", str_at(d, "bytes_programmed", NULL));
	if (str_at(d, "time", "seconds"))
		printf(", %.3f s %s", atof(str_at(d, "time", "seconds")), str_at(d, "time", "kind"));
	printf("\n");
}

static int report(const struct cli_cmd_s *cmd, const struct cli_opts_s *o, struct board_s *b, unsigned n)
{
	struct json_object *boards = json_object_new_array(), *sum, *j;
	int worst = CLI_EXIT_OK, width = 0;
	unsigned ok = 0;

	for (unsigned i = 0; i < n; i++)
		if ((int)strlen(b[i].probe) > width)
			width = (int)strlen(b[i].probe);
	if (!o->json)
		printf("%s: %u boards\n", cmd->name, n);
	for (unsigned i = 0; i < n; i++) {
		int code;
		struct json_object *d = board_entry(cmd->name, &b[i], &code);

		worst = cli_exit_worse((enum cli_exit_e)worst, (enum cli_exit_e)code);
		ok += code == CLI_EXIT_OK;
		if (!o->json)
			print_board(d, code, width);
		json_object_array_add(boards, d);
	}
	if (!o->json) {
		printf("%s: %u of %u boards ok", cmd->name, ok, n);
		if (worst != CLI_EXIT_OK)
			printf("; exit %d (%s), the most serious", worst, cli_exit_name((enum cli_exit_e)worst));
		printf("\n");
		json_object_put(boards);
		return worst;
	}
	j = cli_json_new(cmd->name);
	json_object_object_add(j, "boards", boards);
	sum = json_object_new_object();
	cli_json_int(sum, "boards", n);
	cli_json_int(sum, "ok", ok);
	cli_json_int(sum, "failed", n - ok);
	json_object_object_add(j, "summary", sum);
	return cli_json_end(j, worst, NULL);
}

int cli_gang_run(const struct cli_cmd_s *cmd, const struct cli_opts_s *o, int argc, char **argv)
{
	struct board_s *b = calloc(o->n_probes, sizeof(*b));
	int rc;

	if (!b) {
		fprintf(stderr, "rspflash %s: out of memory\n", cmd->name);
		return CLI_EXIT_FAILED;
	}
	cli_interrupt_install();	/* the first SIGINT is the boards' to handle */
	start_boards(cmd, o, b, o->n_probes, argc, argv);
	wait_boards(b, o->n_probes);
	rc = report(cmd, o, b, o->n_probes);
	for (unsigned i = 0; i < o->n_probes; i++)
		if (b[i].doc)
			fclose(b[i].doc);
	free(b);
	return rc;
}
