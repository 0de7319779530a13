// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Packet → handler, through prefix tables grouped by capability (as gdbstub's
 * commands.rs groups them), and the reply helpers every handler uses.
 *
 * Unknown packets get the empty reply, which GDB reads as "not supported".
 */
#include "src/gdb/gdb.h"
#include "src/gdb/rtt.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/log/log.h"
#include "src/rsp/hex.h"

struct gdb_cmd_s {
	const char *prefix;
	bool exact;		/* the whole packet, not a prefix */
	gdb_handler_fn *fn;
};

/* Base protocol and run control: one letter each. */
static const struct gdb_cmd_s base_cmds[] = {
	{ "?", true, gdb_stop_reason },
	{ "!", true, gdb_extended },
	{ "c", false, gdb_continue },
	{ "C", false, gdb_continue },
	{ "s", false, gdb_step },
	{ "S", false, gdb_step },
	{ "D", false, gdb_detach },
	{ "k", true, gdb_kill },
	{ "R", false, gdb_restart },
	{ "H", false, gdb_set_thread },
	{ "T", false, gdb_thread_alive },
	{ NULL, false, NULL },
};

/* Registers and memory. */
static const struct gdb_cmd_s data_cmds[] = {
	{ "g", true, gdb_read_regs },
	{ "G", false, gdb_write_regs },
	{ "p", false, gdb_read_reg },
	{ "P", false, gdb_write_reg },
	{ "m", false, gdb_read_mem },
	{ "M", false, gdb_write_mem_hex },
	{ "X", false, gdb_write_mem_bin },
	{ NULL, false, NULL },
};

/* Breakpoints and watchpoints. */
static const struct gdb_cmd_s point_cmds[] = {
	{ "Z", false, gdb_insert_point },
	{ "z", false, gdb_remove_point },
	{ NULL, false, NULL },
};

/* General queries. qCRC before qC: the table is searched in order. */
static const struct gdb_cmd_s query_cmds[] = {
	{ "qSupported", false, gdb_q_supported },
	{ "qAttached", false, gdb_q_attached },
	{ "qCRC:", false, gdb_q_crc },
	{ "qC", true, gdb_q_c },
	{ "qfThreadInfo", true, gdb_q_fthreadinfo },
	{ "qsThreadInfo", true, gdb_q_sthreadinfo },
	{ "qThreadExtraInfo,", false, gdb_q_thread_extra },
	{ "qXfer:", false, gdb_q_xfer },
	{ "qOffsets", true, gdb_q_offsets },
	{ "qRcmd,", false, gdb_q_rcmd },
	{ NULL, false, NULL },
};

/* v packets: run control, flash, extended-remote. */
static const struct gdb_cmd_s v_cmds[] = {
	{ "vMustReplyEmpty", true, gdb_v_must_reply_empty },
	{ "vCont?", true, gdb_vcont_query },
	{ "vCont;", false, gdb_vcont },
	{ "vFlashErase:", false, gdb_vflash_erase },
	{ "vFlashWrite:", false, gdb_vflash_write },
	{ "vFlashDone", true, gdb_vflash_done },
	{ "vRun;", false, gdb_vrun },
	{ "vKill;", false, gdb_vkill },
	{ NULL, false, NULL },
};

static const struct gdb_cmd_s *const all_tables[] = {
	base_cmds, data_cmds, point_cmds, query_cmds, v_cmds, NULL,
};

static const struct gdb_cmd_s *gdb_lookup(const char *pkt, size_t len)
{
	for (unsigned t = 0; all_tables[t]; t++) {
		for (const struct gdb_cmd_s *c = all_tables[t]; c->prefix; c++) {
			size_t n = strlen(c->prefix);

			if (len < n || memcmp(pkt, c->prefix, n) != 0)
				continue;
			if (c->exact && len != n)
				continue;
			return c;
		}
	}
	return NULL;
}

int gdb_dispatch(struct gdb_s *g, const uint8_t *pkt, size_t len)
{
	const struct gdb_cmd_s *c;

	g->reply.none = false;
	g->reply.kind = RSP_PAYLOAD_TEXT;
	g->reply.len = 0;
	g->end_session = false;
	if (len == 0) {
		gdb_reply_empty(g);
		return 0;
	}
	c = gdb_lookup((const char *)pkt, len);
	if (!c) {
		log_debug("unsupported packet '%.*s'", (int)(len > 40 ? 40 : len), (const char *)pkt);
		gdb_reply_empty(g);
		return 0;
	}
	c->fn(g, (const char *)pkt, len);
	return g->end_session ? -1 : 0;
}

/* ---- replies ---- */

void gdb_reply_empty(struct gdb_s *g)
{
	g->reply.kind = RSP_PAYLOAD_TEXT;
	g->reply.len = 0;
	g->reply.none = false;
}

void gdb_reply_str(struct gdb_s *g, const char *s)
{
	size_t n = strlen(s);

	if (n > GDB_REPLY_MAX)
		n = GDB_REPLY_MAX;
	memcpy(g->reply.data, s, n);
	g->reply.len = n;
	g->reply.kind = RSP_PAYLOAD_TEXT;
	g->reply.none = false;
}

void gdb_reply_ok(struct gdb_s *g)
{
	gdb_reply_str(g, "OK");
}

void gdb_reply_printf(struct gdb_s *g, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf((char *)g->reply.data, GDB_REPLY_MAX, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	g->reply.len = (size_t)n < GDB_REPLY_MAX ? (size_t)n : GDB_REPLY_MAX - 1;
	g->reply.kind = RSP_PAYLOAD_TEXT;
	g->reply.none = false;
}

void gdb_reply_hex(struct gdb_s *g, const void *data, size_t len)
{
	static char tmp[GDB_REPLY_MAX + 1];

	if (len * 2 > GDB_REPLY_MAX)
		len = GDB_REPLY_MAX / 2;
	rsp_hex_encode(data, len, tmp);
	memcpy(g->reply.data, tmp, len * 2);
	g->reply.len = len * 2;
	g->reply.kind = RSP_PAYLOAD_TEXT;
	g->reply.none = false;
}

void gdb_reply_binary(struct gdb_s *g, const void *data, size_t len)
{
	if (len > GDB_REPLY_MAX)
		len = GDB_REPLY_MAX;
	memmove(g->reply.data, data, len);
	g->reply.len = len;
	g->reply.kind = RSP_PAYLOAD_BINARY;
	g->reply.none = false;
}

/*
 * Formats into a buffer of its own, then copies: callers pass g->last_error as an argument
 * ("monitor %s: %s", line, g->last_error), and vsnprintf into one of its own arguments is
 * undefined (glibc garbles it).
 */
void gdb_error_vset(struct gdb_s *g, const char *fmt, va_list ap)
{
	char text[sizeof(g->last_error)];

	vsnprintf(text, sizeof(text), fmt, ap);
	memcpy(g->last_error, text, sizeof(text));
}

static void gdb_error_text(struct gdb_s *g, enum log_level_e level, const char *fmt, va_list ap)
{
	gdb_error_vset(g, fmt, ap);
	log_msg(level, "%s", g->last_error);
}

int gdb_error(struct gdb_s *g, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	gdb_error_text(g, LOG_ERROR, fmt, ap);
	va_end(ap);
	gdb_reply_printf(g, "E.%s", g->last_error);
	return -1;
}

int gdb_error_nn(struct gdb_s *g, unsigned nn, const char *fmt, ...)
{
	va_list ap;

	/* info, not error: GDB probes unreadable addresses routinely (unwinding, `x`) */
	va_start(ap, fmt);
	gdb_error_text(g, LOG_INFO, fmt, ap);
	va_end(ap);
	gdb_reply_printf(g, "E%02x", nn & 0xffu);
	return -1;
}

int gdb_error_target(struct gdb_s *g, const char *what)
{
	return gdb_error(g, "%s: %s", what, cortexm_error(g->t));
}

void gdb_console_printf(struct gdb_s *g, const char *fmt, ...)
{
	char text[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (g->console)
		g->console(g->console_ctx, text);
}

/* ---- shared parsers ---- */

bool gdb_parse_hex32(const char *s, const char *end, uint32_t *val, const char **rest)
{
	uint64_t v;
	const char *p = rsp_hex_parse_u64(s, end, &v);

	if (!p || v > 0xFFFFFFFFu)
		return false;
	*val = (uint32_t)v;
	if (rest)
		*rest = p;
	return true;
}

/* "ADDR,LEN" followed by anything (rest points after LEN). */
bool gdb_parse_addr_len(const char *s, const char *end, uint32_t *addr, uint32_t *len, const char **rest)
{
	const char *p;

	if (!gdb_parse_hex32(s, end, addr, &p) || p >= end || *p != ',')
		return false;
	if (!gdb_parse_hex32(p + 1, end, len, &p))
		return false;
	if (!gdb_range_fits(*addr, *len))
		return false;
	if (rest)
		*rest = p;
	return true;
}

void gdb_init(struct gdb_s *g, struct cortexm_s *t, struct probe_s *probe)
{
	memset(g, 0, sizeof(*g));
	g->t = t;
	g->probe = probe;
	g->on_disconnect = GDB_DISCONNECT_KEEP;
	gdb_semihosting_init(g);
	if (t)
		gdb_flash_open(g);
}

void gdb_cleanup(struct gdb_s *g)
{
	gdb_flash_close(g);
	semihosting_close_all(&g->sh);
	gdb_rtt_free(g);
	free(g->xfer_doc);
	g->xfer_doc = NULL;
}
