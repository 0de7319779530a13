// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The J-Link command protocol of rspflash-sim: one table row per command, with its
 * request length and handler. Request and reply layouts follow libjaylink 0.3.1, the
 * client every J-Link user on Linux (OpenOCD, rspflash) goes through; the comment on
 * each handler names the libjaylink function whose byte counts it must match, because a
 * reply one byte short or long desynchronises the stream for good (there is no framing
 * on the way back).
 */
#include "sim/jlink/jlink_proto.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

/* REGISTER sub-commands and reply layout (libjaylink device.c, jaylink_register). */
#define JLINK_REG_REGISTER	0x64
#define JLINK_REG_UNREGISTER	0x65
#define JLINK_REG_REPLY_SIZE	76	/* REG_MIN_SIZE: the client reads this much first */
#define JLINK_REG_HEADER_SIZE	8
#define JLINK_REG_ENTRY_SIZE	16	/* REG_CONN_INFO_SIZE, checked by the client */

/* SELECT_TIF queries (libjaylink target.c). */
#define JLINK_TIF_GET_SELECTED	0xfe
#define JLINK_TIF_GET_AVAILABLE	0xff
#define JLINK_SPEED_ADAPTIVE	0xffff

struct jlink_buf_s {
	uint8_t *data;
	size_t pos;		/* bytes already taken from the front */
	size_t len;		/* bytes stored, from data[0] */
	size_t cap;
};

struct jlink_proto {
	struct sim *sim;
	struct jlink_proto_config_s cfg;
	struct jlink_buf_s in;
	struct jlink_buf_s out;
	uint64_t commands;	/* on this connection */
	bool closed;
	char close_reason[160];
	/* Probe state: it outlives a connection, as a real probe's does. */
	enum jlink_tif_e tif;
	bool nreset_low;
	bool ntrst_low;
	uint16_t next_handle;
};

struct jlink_cmd_s {
	uint8_t code;
	const char *name;
	size_t fixed_len;	/* request bytes, command byte included; 0: ask req_len */
	/* Whole request length once enough of it is buffered, else 0. */
	size_t (*req_len)(const uint8_t *req, size_t avail);
	/* NULL: known but refused. Returns false to close the connection. */
	bool (*run)(struct jlink_proto *p, const uint8_t *req);
	bool clocks_swd;	/* counted by sim_jlink_swd_io, not sim_probe_command */
};

static void proto_log(struct jlink_proto *p, enum jlink_log_level_e level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void proto_log(struct jlink_proto *p, enum jlink_log_level_e level, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!p->cfg.log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->cfg.log(p->cfg.log_ctx, level, msg);
}

static void proto_close(struct jlink_proto *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void proto_close(struct jlink_proto *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->close_reason, sizeof(p->close_reason), fmt, ap);
	va_end(ap);
	p->closed = true;
}

/* Room for n more bytes at the end of b; returns where they go. Aborts on OOM. */
static uint8_t *buf_reserve(struct jlink_buf_s *b, size_t n)
{
	if (b->pos > 0 && b->pos == b->len)
		b->pos = b->len = 0;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap < b->len + n)
			cap *= 2;
		b->data = realloc(b->data, cap);
		if (!b->data)
			abort();
		b->cap = cap;
	}
	b->len += n;
	return b->data + b->len - n;
}

static void buf_compact(struct jlink_buf_s *b)
{
	if (b->pos == 0)
		return;
	memmove(b->data, b->data + b->pos, b->len - b->pos);
	b->len -= b->pos;
	b->pos = 0;
}

static void put_u16(uint8_t *d, uint16_t v)
{
	d[0] = (uint8_t)v;
	d[1] = (uint8_t)(v >> 8);
}

static void put_u32(uint8_t *d, uint32_t v)
{
	put_u16(d, (uint16_t)v);
	put_u16(d + 2, (uint16_t)(v >> 16));
}

static uint16_t get_u16(const uint8_t *d)
{
	return (uint16_t)(d[0] | d[1] << 8);
}

static uint32_t get_u32(const uint8_t *d)
{
	return get_u16(d) | (uint32_t)get_u16(d + 2) << 16;
}

static void reply_u32(struct jlink_proto *p, uint32_t v)
{
	put_u32(buf_reserve(&p->out, 4), v);
}

/*
 * What we advertise. Without SELECT_TIF (bit 17) OpenOCD assumes a JTAG-only probe;
 * REGISTER is advertised because OpenOCD registers over TCP as over USB (jlink_register);
 * adaptive clocking, target power, SWO, EMUCOM and ETHERNET are not.
 */
static uint32_t jlink_caps(void)
{
	return 1u << JLINK_CAP_RESERVED_1 | 1u << JLINK_CAP_GET_HW_VERSION |
	       1u << JLINK_CAP_READ_CONFIG | 1u << JLINK_CAP_GET_SPEEDS |
	       1u << JLINK_CAP_GET_FREE_MEMORY | 1u << JLINK_CAP_GET_HW_INFO |
	       1u << JLINK_CAP_SELECT_TIF | 1u << JLINK_CAP_REGISTER | 1u << JLINK_CAP_GET_EXT_CAPS;
}

/* jaylink_get_firmware_version: u16 length, then that many bytes, the last one a NUL. */
static bool run_get_version(struct jlink_proto *p, const uint8_t *req)
{
	uint8_t *d = buf_reserve(&p->out, 2 + JLINK_SIM_VERSION_SIZE);

	put_u16(d, JLINK_SIM_VERSION_SIZE);
	memset(d + 2, 0, JLINK_SIM_VERSION_SIZE);
	snprintf((char *)d + 2, JLINK_SIM_VERSION_SIZE, "J-Link V11 compiled by rspflash-sim %s",
		 PACKAGE_VERSION);
	return true;
}

/* jaylink_get_caps: 4 bytes. */
static bool run_get_caps(struct jlink_proto *p, const uint8_t *req)
{
	reply_u32(p, jlink_caps());
	return true;
}

/* jaylink_get_extended_caps: 32 bytes, the first 4 repeating GET_CAPS. */
static bool run_get_ext_caps(struct jlink_proto *p, const uint8_t *req)
{
	uint8_t *d = buf_reserve(&p->out, 32);

	memset(d, 0, 32);
	put_u32(d, jlink_caps());
	return true;
}

/* jaylink_get_hardware_version: u32. */
static bool run_get_hw_version(struct jlink_proto *p, const uint8_t *req)
{
	reply_u32(p, JLINK_SIM_HW_VERSION);
	return true;
}

/*
 * jaylink_get_hardware_status: u16 Vtarget mV, then the levels of TCK, TDI, TDO, TMS,
 * TRES (nRESET) and TRST. SWDIO (TMS) and SWO (TDO) idle high through pull-ups.
 */
static bool run_get_hw_status(struct jlink_proto *p, const uint8_t *req)
{
	uint8_t *d = buf_reserve(&p->out, 8);

	put_u16(d, sim_target_voltage_mv(p->sim));
	d[2] = 0;			/* TCK: SWCLK idles low between transfers */
	d[3] = 1;
	d[4] = 1;
	d[5] = 1;
	d[6] = p->nreset_low ? 0 : 1;
	d[7] = p->ntrst_low ? 0 : 1;
	return true;
}

/*
 * jaylink_get_hardware_info: u32 mask in, one u32 per set bit out, lowest bit first.
 * We have no target power switch or current sense, so every value reads 0.
 */
static bool run_get_hw_info(struct jlink_proto *p, const uint8_t *req)
{
	uint32_t mask = get_u32(req + 1);

	for (unsigned i = 0; i < 32; i++)
		if (mask & 1u << i)
			reply_u32(p, 0);
	return true;
}

/* jaylink_get_speeds: u32 base frequency in Hz, u16 minimum divider (must not be 0). */
static bool run_get_speeds(struct jlink_proto *p, const uint8_t *req)
{
	uint8_t *d = buf_reserve(&p->out, 6);

	put_u32(d, JLINK_SIM_BASE_FREQ_HZ);
	put_u16(d + 4, JLINK_SIM_MIN_DIV);
	return true;
}

/*
 * jaylink_set_speed: u16 kHz, no reply. The probe divides its base clock by the smallest
 * divider (at least the minimum) that does not exceed the request, so 4000 kHz gives
 * exactly 4 MHz and 7000 kHz gives 60 MHz / 9.
 */
static bool run_set_speed(struct jlink_proto *p, const uint8_t *req)
{
	uint16_t khz = get_u16(req + 1);
	uint64_t hz = (uint64_t)khz * 1000;
	uint32_t div;

	if (khz == JLINK_SPEED_ADAPTIVE || khz == 0) {
		proto_log(p, JLINK_LOG_WARN, "SET_SPEED %s refused (not advertised); speed unchanged",
			  khz ? "adaptive" : "0 kHz");
		return true;
	}
	div = (uint32_t)((JLINK_SIM_BASE_FREQ_HZ + hz - 1) / hz);
	if (div < JLINK_SIM_MIN_DIV)
		div = JLINK_SIM_MIN_DIV;
	sim_set_swd_hz(p->sim, JLINK_SIM_BASE_FREQ_HZ / div);
	proto_log(p, JLINK_LOG_INFO, "SWD clock: %u kHz requested, %u Hz set (divider %u)", khz,
		  JLINK_SIM_BASE_FREQ_HZ / div, div);
	return true;
}

/*
 * jaylink_select_interface / get_available_interfaces / get_selected_interface: u8 in,
 * u32 out. A selection answers the previous interface. Only SWD exists here: a request
 * for JTAG (or anything else) leaves SWD selected and answers SWD, which libjaylink
 * passes through unchecked; OpenOCD never asks, because the availability mask it
 * queries first lacks the JTAG bit (jlink.c, select_interface).
 */
static bool run_select_tif(struct jlink_proto *p, const uint8_t *req)
{
	uint8_t sel = req[1];

	if (sel == JLINK_TIF_GET_AVAILABLE) {
		reply_u32(p, 1u << JLINK_TIF_SWD);
	} else if (sel == JLINK_TIF_GET_SELECTED) {
		reply_u32(p, p->tif);
	} else {
		reply_u32(p, p->tif);
		if (sel == JLINK_TIF_SWD)
			p->tif = JLINK_TIF_SWD;
		else
			proto_log(p, JLINK_LOG_WARN, "SELECT_TIF %u%s refused: this probe has SWD only", sel,
				  sel == JLINK_TIF_JTAG ? " (JTAG)" : "");
	}
	return true;
}

/*
 * jaylink_swd_io: 00, u16 nbits, dir[n], out[n]; reply in[n] then status 0 (OK). The
 * largest (8191 bytes) fits the free memory reported, so status 0x06 (no memory) never comes.
 */
static size_t swd_io_req_len(const uint8_t *req, size_t avail)
{
	size_t nbytes;

	if (avail < 4)
		return 0;
	nbytes = (get_u16(req + 2) + 7u) / 8u;
	return 4 + 2 * nbytes;
}

static bool run_swd_io(struct jlink_proto *p, const uint8_t *req)
{
	unsigned nbits = get_u16(req + 2);
	size_t nbytes = (nbits + 7u) / 8u;
	uint8_t *in = buf_reserve(&p->out, nbytes + 1);

	memset(in, 0, nbytes);
	if (nbits > 0)
		sim_jlink_swd_io(p->sim, req + 4, req + 4 + nbytes, in, nbits);
	else
		sim_probe_command(p->sim);	/* still a round trip */
	in[nbytes] = 0;
	return true;
}

/* jaylink_clear_reset drives nRESET low (asserts it); jaylink_set_reset releases it. */
static bool run_clear_reset(struct jlink_proto *p, const uint8_t *req)
{
	p->nreset_low = true;
	sim_set_nreset(p->sim, true);
	return true;
}

static bool run_set_reset(struct jlink_proto *p, const uint8_t *req)
{
	p->nreset_low = false;
	sim_set_nreset(p->sim, false);
	return true;
}

/* jaylink_jtag_clear_trst / set_trst: OpenOCD sends them in SWD mode too; no SWD effect. */
static bool run_clear_trst(struct jlink_proto *p, const uint8_t *req)
{
	p->ntrst_low = true;
	return true;
}

static bool run_set_trst(struct jlink_proto *p, const uint8_t *req)
{
	p->ntrst_low = false;
	return true;
}

/* jaylink_get_free_memory: u32. */
static bool run_get_free_memory(struct jlink_proto *p, const uint8_t *req)
{
	reply_u32(p, JLINK_SIM_FREE_MEMORY);
	return true;
}

/* jaylink_read_raw_config: 256 bytes; an unconfigured probe reads all 0xFF. */
static bool run_read_config(struct jlink_proto *p, const uint8_t *req)
{
	memset(buf_reserve(&p->out, JLINK_SIM_CONFIG_SIZE), 0xff, JLINK_SIM_CONFIG_SIZE);
	return true;
}

/*
 * jaylink_register / jaylink_unregister: 0x64|0x65, u32 pid, u32 hid, u8 iid, u8 cid,
 * u16 handle. Reply (first 76 bytes, all we ever need): u16 handle, u16 entry count,
 * u16 entry size (16), u16 info size, then entries {u32 pid, u32 hid, u8 iid, u8 cid,
 * u16 handle, u32 timestamp}. One client at a time, so the table holds only the caller;
 * OpenOCD checks that its new handle is in it.
 */
static bool run_register(struct jlink_proto *p, const uint8_t *req)
{
	uint16_t handle = get_u16(req + 12);
	uint8_t *d, *e;

	if (req[1] != JLINK_REG_REGISTER && req[1] != JLINK_REG_UNREGISTER) {
		proto_close(p, "REGISTER sub-command 0x%02x refused", req[1]);
		return false;
	}
	d = buf_reserve(&p->out, JLINK_REG_REPLY_SIZE);
	e = d + JLINK_REG_HEADER_SIZE;
	memset(d, 0, JLINK_REG_REPLY_SIZE);
	put_u16(d + 4, JLINK_REG_ENTRY_SIZE);
	if (req[1] == JLINK_REG_UNREGISTER)
		return true;
	if (handle == 0) {
		handle = p->next_handle++;
		if (p->next_handle == 0)
			p->next_handle = 1;
	}
	put_u16(d, handle);
	put_u16(d + 2, 1);
	memcpy(e, req + 2, 10);		/* pid, hid, iid, cid as sent */
	put_u16(e + 10, handle);
	return true;
}

static const struct jlink_cmd_s jlink_cmds[] = {
	{ JLINK_CMD_GET_VERSION, "GET_VERSION", 1, NULL, run_get_version, false },
	{ JLINK_CMD_SET_SPEED, "SET_SPEED", 3, NULL, run_set_speed, false },
	{ JLINK_CMD_GET_HW_STATUS, "GET_HW_STATUS", 1, NULL, run_get_hw_status, false },
	{ JLINK_CMD_SET_TARGET_POWER, "SET_TARGET_POWER", 2, NULL, NULL, false },
	{ JLINK_CMD_REGISTER, "REGISTER", 14, NULL, run_register, false },
	{ JLINK_CMD_GET_SPEEDS, "GET_SPEEDS", 1, NULL, run_get_speeds, false },
	{ JLINK_CMD_GET_HW_INFO, "GET_HW_INFO", 5, NULL, run_get_hw_info, false },
	{ JLINK_CMD_GET_COUNTERS, "GET_COUNTERS", 5, NULL, NULL, false },
	{ JLINK_CMD_SELECT_TIF, "SELECT_TIF", 2, NULL, run_select_tif, false },
	{ JLINK_CMD_JTAG_IO_V2, "JTAG_IO_V2", 0, NULL, NULL, false },
	{ JLINK_CMD_SWD_IO, "SWD_IO", 0, swd_io_req_len, run_swd_io, true },
	{ JLINK_CMD_GET_FREE_MEMORY, "GET_FREE_MEMORY", 1, NULL, run_get_free_memory, false },
	{ JLINK_CMD_CLEAR_RESET, "CLEAR_RESET", 1, NULL, run_clear_reset, false },
	{ JLINK_CMD_SET_RESET, "SET_RESET", 1, NULL, run_set_reset, false },
	{ JLINK_CMD_CLEAR_TRST, "CLEAR_TRST", 1, NULL, run_clear_trst, false },
	{ JLINK_CMD_SET_TRST, "SET_TRST", 1, NULL, run_set_trst, false },
	{ JLINK_CMD_GET_CAPS, "GET_CAPS", 1, NULL, run_get_caps, false },
	{ JLINK_CMD_SWO, "SWO", 0, NULL, NULL, false },
	{ JLINK_CMD_GET_EXT_CAPS, "GET_EXT_CAPS", 1, NULL, run_get_ext_caps, false },
	{ JLINK_CMD_EMUCOM, "EMUCOM", 0, NULL, NULL, false },
	{ JLINK_CMD_GET_HW_VERSION, "GET_HW_VERSION", 1, NULL, run_get_hw_version, false },
	{ JLINK_CMD_READ_CONFIG, "READ_CONFIG", 1, NULL, run_read_config, false },
	{ JLINK_CMD_WRITE_CONFIG, "WRITE_CONFIG", 1 + JLINK_SIM_CONFIG_SIZE, NULL, NULL, false },
};

static const struct jlink_cmd_s *cmd_find(uint8_t code)
{
	for (size_t i = 0; i < sizeof(jlink_cmds) / sizeof(jlink_cmds[0]); i++)
		if (jlink_cmds[i].code == code)
			return &jlink_cmds[i];
	return NULL;
}

const char *jlink_cmd_name(uint8_t cmd)
{
	const struct jlink_cmd_s *c = cmd_find(cmd);

	return c ? c->name : NULL;
}

static size_t cmd_req_len(const struct jlink_cmd_s *c, const uint8_t *req, size_t avail)
{
	return c->req_len ? c->req_len(req, avail) : c->fixed_len;
}

struct jlink_proto *jlink_proto_new(struct sim *s, const struct jlink_proto_config_s *cfg)
{
	struct jlink_proto *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->sim = s;
	if (cfg)
		p->cfg = *cfg;
	p->tif = JLINK_TIF_SWD;	/* a J-Link comes up in JTAG; ours has nothing else */
	p->next_handle = 1;
	return p;
}

void jlink_proto_free(struct jlink_proto *p)
{
	if (!p)
		return;
	free(p->in.data);
	free(p->out.data);
	free(p);
}

void jlink_proto_connection_start(struct jlink_proto *p)
{
	p->in.pos = p->in.len = 0;
	p->out.pos = p->out.len = 0;
	p->commands = 0;
	p->closed = false;
	p->close_reason[0] = '\0';
}

/* After each command: the --drop-after fault, one-shot so that a reconnect succeeds. */
static void check_drop_after(struct jlink_proto *p)
{
	struct sim_faults_s *f = sim_faults(p->sim);

	if (f->drop_after_cmds && p->commands >= f->drop_after_cmds) {
		proto_close(p, "dropping the connection after %llu commands (--drop-after)",
			    (unsigned long long)p->commands);
		f->drop_after_cmds = 0;
	}
}

/* Execute the command at the front of the input if it is complete. */
static bool execute_one(struct jlink_proto *p)
{
	size_t avail = p->in.len - p->in.pos;
	const struct jlink_cmd_s *c;
	const uint8_t *b;
	size_t need;

	if (avail < 1)
		return false;
	b = p->in.data + p->in.pos;
	if (b[0] != JLINK_TCP_CMD_PREFIX) {
		proto_close(p, "framing error: byte 0x%02x where the 0x07 command prefix belongs", b[0]);
		return false;
	}
	if (avail < 2)
		return false;
	c = cmd_find(b[1]);
	if (!c || !c->run) {
		proto_close(p, "command 0x%02x (%s) refused: not supported by this probe", b[1],
			    c ? c->name : "unknown");
		return false;
	}
	need = cmd_req_len(c, b + 1, avail - 1);
	if (need == 0 || avail - 1 < need)
		return false;
	proto_log(p, JLINK_LOG_DEBUG, "%s (%zu request bytes)", c->name, need);
	if (!c->clocks_swd)
		sim_probe_command(p->sim);
	if (!c->run(p, b + 1))
		return false;
	p->in.pos += 1 + need;
	p->commands++;
	check_drop_after(p);
	return !p->closed;
}

enum jlink_proto_status_e jlink_proto_feed(struct jlink_proto *p, const uint8_t *data, size_t len)
{
	if (p->closed)
		return JLINK_PROTO_CLOSE;
	if (len)
		memcpy(buf_reserve(&p->in, len), data, len);
	while (execute_one(p))
		;
	buf_compact(&p->in);
	return p->closed ? JLINK_PROTO_CLOSE : JLINK_PROTO_CONTINUE;
}

bool jlink_proto_eof(struct jlink_proto *p)
{
	size_t avail = p->in.len - p->in.pos;
	const struct jlink_cmd_s *c;
	const uint8_t *b;
	size_t need;

	if (p->closed || avail == 0)
		return false;
	b = p->in.data + p->in.pos;
	c = avail >= 2 ? cmd_find(b[1]) : NULL;
	need = c ? cmd_req_len(c, b + 1, avail - 1) : 0;
	if (c && need)
		proto_close(p, "client closed the connection inside %s: %zu of %zu request bytes",
			    c->name, avail - 1, need);
	else if (c)
		proto_close(p, "client closed the connection inside %s: %zu request bytes, header incomplete",
			    c->name, avail - 1);
	else
		proto_close(p, "client closed the connection after %zu byte(s) of a command", avail);
	proto_log(p, JLINK_LOG_WARN, "truncated command: %s", p->close_reason);
	return true;
}

const uint8_t *jlink_proto_output(const struct jlink_proto *p, size_t *len)
{
	*len = p->out.len - p->out.pos;
	return *len ? p->out.data + p->out.pos : NULL;
}

void jlink_proto_consume(struct jlink_proto *p, size_t n)
{
	size_t avail = p->out.len - p->out.pos;

	p->out.pos += n < avail ? n : avail;
	if (p->out.pos == p->out.len)
		p->out.pos = p->out.len = 0;
}

const char *jlink_proto_close_reason(const struct jlink_proto *p)
{
	return p->close_reason;
}

uint64_t jlink_proto_commands(const struct jlink_proto *p)
{
	return p->commands;
}
