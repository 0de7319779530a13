/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The J-Link command protocol as rspflash-sim speaks it: a socket-free state machine.
 *
 * Bytes received from the client go in (jlink_proto_feed), reply bytes come out
 * (jlink_proto_output). Over TCP every command is prefixed by one byte 0x07 and nothing
 * else frames it: the client writes the request and then reads exactly as many bytes as
 * it expects (libjaylink transport_tcp.c), so this module must know the request and reply
 * length of each command it accepts. A request may arrive split over several reads; it
 * is executed only once complete. An unknown command cannot be skipped (its length is
 * unknown), so it ends the connection, as does a framing error.
 *
 * Facts cited from libjaylink 0.3.1 (device.c, target.c, swd.c, jtag.c) and OpenOCD
 * 0.12.0 (src/jtag/drivers/jlink.c); see ../shared/reference/jlink-and-swd.md.
 */
#ifndef SIM_JLINK_JLINK_PROTO_H
#define SIM_JLINK_JLINK_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/sim.h"

struct sim;
struct jlink_proto;

/* Prefix of every client command over TCP (libjaylink transport_tcp.c, CMD_CLIENT). */
#define JLINK_TCP_CMD_PREFIX	0x07

/* Command bytes (libjaylink device.c, target.c, swd.c, jtag.c). */
enum jlink_cmd_e {
	JLINK_CMD_GET_VERSION = 0x01,
	JLINK_CMD_SET_SPEED = 0x05,
	JLINK_CMD_GET_HW_STATUS = 0x07,
	JLINK_CMD_SET_TARGET_POWER = 0x08,
	JLINK_CMD_REGISTER = 0x09,
	JLINK_CMD_GET_SPEEDS = 0xc0,
	JLINK_CMD_GET_HW_INFO = 0xc1,
	JLINK_CMD_GET_COUNTERS = 0xc2,
	JLINK_CMD_SELECT_TIF = 0xc7,
	JLINK_CMD_JTAG_IO_V2 = 0xce,
	JLINK_CMD_SWD_IO = 0xcf,
	JLINK_CMD_GET_FREE_MEMORY = 0xd4,
	JLINK_CMD_CLEAR_RESET = 0xdc,
	JLINK_CMD_SET_RESET = 0xdd,
	JLINK_CMD_CLEAR_TRST = 0xde,
	JLINK_CMD_SET_TRST = 0xdf,
	JLINK_CMD_GET_CAPS = 0xe8,
	JLINK_CMD_SWO = 0xeb,
	JLINK_CMD_GET_EXT_CAPS = 0xed,
	JLINK_CMD_EMUCOM = 0xee,
	JLINK_CMD_GET_HW_VERSION = 0xf0,
	JLINK_CMD_READ_CONFIG = 0xf2,
	JLINK_CMD_WRITE_CONFIG = 0xf3,
};

/* Capability bits (libjaylink.h, enum jaylink_device_capability). */
enum jlink_cap_e {
	JLINK_CAP_RESERVED_1 = 0,	/* set by every J-Link */
	JLINK_CAP_GET_HW_VERSION = 1,
	JLINK_CAP_READ_CONFIG = 4,
	JLINK_CAP_GET_SPEEDS = 9,
	JLINK_CAP_GET_FREE_MEMORY = 11,
	JLINK_CAP_GET_HW_INFO = 12,
	JLINK_CAP_SELECT_TIF = 17,
	JLINK_CAP_REGISTER = 27,
	JLINK_CAP_GET_EXT_CAPS = 31,
};

/* Target interfaces (libjaylink.h, enum jaylink_target_interface). */
enum jlink_tif_e {
	JLINK_TIF_JTAG = 0,
	JLINK_TIF_SWD = 1,
};

/*
 * The probe we pretend to be. Base frequency and minimum divider give 15 MHz, the
 * maximum target interface speed SEGGER quotes for a J-Link BASE V11; OpenOCD computes
 * its maximum as freq / div (jlink.c, jlink_speed) and clamps `adapter speed` to it.
 */
#define JLINK_SIM_BASE_FREQ_HZ		60000000u
#define JLINK_SIM_MIN_DIV		4u
/* type 0 (J-Link) · 10^6 + major 11 · 10^4: "Hardware version: 11.00" in OpenOCD. */
#define JLINK_SIM_HW_VERSION		110000u
/* Free probe RAM (sim.h): OpenOCD needs >= 143 and sizes its SWD buffer min(2048, (n-16)/2). */
#define JLINK_SIM_FREE_MEMORY		SIM_JLINK_FREE_MEMORY
#define JLINK_SIM_CONFIG_SIZE		256u
#define JLINK_SIM_VERSION_SIZE		0x70u	/* firmware string, NUL-padded */

enum jlink_log_level_e {
	JLINK_LOG_ERROR,
	JLINK_LOG_WARN,
	JLINK_LOG_INFO,
	JLINK_LOG_DEBUG,
};

typedef void jlink_log_fn(void *ctx, enum jlink_log_level_e level, const char *msg);

struct jlink_proto_config_s {
	jlink_log_fn *log;		/* may be NULL: messages are dropped */
	void *log_ctx;
};

enum jlink_proto_status_e {
	JLINK_PROTO_CONTINUE,	/* all complete commands executed; waiting for more bytes */
	JLINK_PROTO_CLOSE,	/* close the connection after sending the pending output */
};

struct jlink_proto *jlink_proto_new(struct sim *s, const struct jlink_proto_config_s *cfg);
void jlink_proto_free(struct jlink_proto *p);

/* A client connected: forget buffered input and output; the board and probe settings stay. */
void jlink_proto_connection_start(struct jlink_proto *p);

/*
 * Take len bytes from the client, execute every complete command, append replies to the
 * output. After JLINK_PROTO_CLOSE the reason is in jlink_proto_close_reason() and further
 * input is ignored until the next jlink_proto_connection_start().
 */
enum jlink_proto_status_e jlink_proto_feed(struct jlink_proto *p, const uint8_t *data, size_t len);

/* The client closed its side. Returns true (and logs) if it left a command unfinished. */
bool jlink_proto_eof(struct jlink_proto *p);

/* Reply bytes not yet taken; jlink_proto_consume() removes n of them once sent. */
const uint8_t *jlink_proto_output(const struct jlink_proto *p, size_t *len);
void jlink_proto_consume(struct jlink_proto *p, size_t n);

const char *jlink_proto_close_reason(const struct jlink_proto *p);

/* Commands executed on the current connection (every command, SWD_IO included). */
uint64_t jlink_proto_commands(const struct jlink_proto *p);

/* Name of a command byte, or NULL if this module does not know it. */
const char *jlink_cmd_name(uint8_t cmd);

#endif /* SIM_JLINK_JLINK_PROTO_H */
