// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of rspflash-sim's J-Link protocol (sim/jlink/jlink_proto.c), in memory:
 * bytes in as libjaylink would send them over TCP, bytes out checked against the
 * layouts libjaylink 0.3.1 reads, and SWD_IO against a real simulated board.
 * No sockets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>

#include "sim/jlink/discovery.h"
#include "sim/jlink/jlink_proto.h"
#include "sim/sim.h"

#define STM32F401_DPIDR 0x2BA01477u

struct fixture_s {
	struct sim *sim;
	struct jlink_proto *p;
	uint8_t out[4096];
	size_t outlen;
	char last_warning[256];
	unsigned warnings;
};

static void capture_log(void *ctx, enum jlink_log_level_e level, const char *msg)
{
	struct fixture_s *f = ctx;

	if (level > JLINK_LOG_WARN)
		return;
	snprintf(f->last_warning, sizeof(f->last_warning), "%s", msg);
	f->warnings++;
}

static int setup(void **state)
{
	static struct fixture_s f;
	struct sim_options_s opt = { .board = "stm32f401" };
	struct jlink_proto_config_s cfg = { .log = capture_log, .log_ctx = &f };
	char err[160] = "";

	memset(&f, 0, sizeof(f));
	f.sim = sim_create(&opt, err, sizeof(err));
	if (!f.sim)
		fail_msg("sim_create: %s", err);
	f.p = jlink_proto_new(f.sim, &cfg);
	assert_non_null(f.p);
	jlink_proto_connection_start(f.p);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture_s *f = *state;

	jlink_proto_free(f->p);
	sim_destroy(f->sim);
	return 0;
}

/* Feed bytes, collect (and consume) all output into f->out. */
static enum jlink_proto_status_e feed(struct fixture_s *f, const uint8_t *d, size_t n)
{
	enum jlink_proto_status_e st = jlink_proto_feed(f->p, d, n);
	size_t len;
	const uint8_t *o = jlink_proto_output(f->p, &len);

	assert_true(len <= sizeof(f->out));
	if (len)
		memcpy(f->out, o, len);
	f->outlen = len;
	jlink_proto_consume(f->p, len);
	return st;
}

static uint16_t u16_at(const uint8_t *d)
{
	return (uint16_t)(d[0] | d[1] << 8);
}

static uint32_t u32_at(const uint8_t *d)
{
	return u16_at(d) | (uint32_t)u16_at(d + 2) << 16;
}

static void test_get_version(void **state)
{
	struct fixture_s *f = *state;
	const uint8_t cmd[] = { 0x07, JLINK_CMD_GET_VERSION };

	assert_int_equal(feed(f, cmd, sizeof(cmd)), JLINK_PROTO_CONTINUE);
	assert_int_equal(f->outlen, 2 + JLINK_SIM_VERSION_SIZE);
	assert_int_equal(u16_at(f->out), JLINK_SIM_VERSION_SIZE);
	assert_memory_equal(f->out + 2, "J-Link V11", 10);
	assert_int_equal(f->out[2 + JLINK_SIM_VERSION_SIZE - 1], 0);	/* libjaylink overwrites it */
}

static void test_get_caps(void **state)
{
	struct fixture_s *f = *state;
	const uint8_t cmd[] = { 0x07, JLINK_CMD_GET_CAPS, 0x07, JLINK_CMD_GET_EXT_CAPS,
				0x07, JLINK_CMD_GET_HW_VERSION };
	uint32_t caps;

	assert_int_equal(feed(f, cmd, sizeof(cmd)), JLINK_PROTO_CONTINUE);
	assert_int_equal(f->outlen, 4 + 32 + 4);
	caps = u32_at(f->out);
	/* What OpenOCD 0.12's SWD init needs: SELECT_TIF; and what it must not use. */
	assert_true(caps & 1u << JLINK_CAP_SELECT_TIF);
	assert_true(caps & 1u << JLINK_CAP_GET_HW_VERSION);
	assert_true(caps & 1u << JLINK_CAP_GET_SPEEDS);
	assert_false(caps & 1u << 3);	/* adaptive clocking */
	assert_false(caps & 1u << 13);	/* target power */
	assert_true(caps & 1u << JLINK_CAP_GET_EXT_CAPS);
	assert_int_equal(u32_at(f->out + 4), caps);
	assert_int_equal(f->out[4 + 4 + 0], 0);	/* ext caps bit 38 (ETHERNET) and up clear */
	assert_int_equal(u32_at(f->out + 36), 110000);
}

static void test_hw_status_and_reset(void **state)
{
	struct fixture_s *f = *state;
	const uint8_t status[] = { 0x07, JLINK_CMD_GET_HW_STATUS };
	const uint8_t assert_rst[] = { 0x07, JLINK_CMD_CLEAR_RESET, 0x07, JLINK_CMD_GET_HW_STATUS };
	const uint8_t release_rst[] = { 0x07, JLINK_CMD_SET_RESET, 0x07, JLINK_CMD_GET_HW_STATUS };

	assert_int_equal(feed(f, status, sizeof(status)), JLINK_PROTO_CONTINUE);
	assert_int_equal(f->outlen, 8);
	assert_int_equal(u16_at(f->out), sim_target_voltage_mv(f->sim));
	assert_true(u16_at(f->out) > 1000);
	assert_int_equal(f->out[6], 1);		/* TRES: nRESET released */
	assert_int_equal(feed(f, assert_rst, sizeof(assert_rst)), JLINK_PROTO_CONTINUE);
	assert_int_equal(f->outlen, 8);		/* CLEAR_RESET has no reply */
	assert_int_equal(f->out[6], 0);
	assert_int_equal(feed(f, release_rst, sizeof(release_rst)), JLINK_PROTO_CONTINUE);
	assert_int_equal(f->out[6], 1);
}

static void test_select_tif(void **state)
{
	struct fixture_s *f = *state;
	const uint8_t avail[] = { 0x07, JLINK_CMD_SELECT_TIF, 0xff };
	const uint8_t swd[] = { 0x07, JLINK_CMD_SELECT_TIF, 1, 0x07, JLINK_CMD_SELECT_TIF, 0xfe };
	const uint8_t jtag[] = { 0x07, JLINK_CMD_SELECT_TIF, 0, 0x07, JLINK_CMD_SELECT_TIF, 0xfe };

	assert_int_equal(feed(f, avail, sizeof(avail)), JLINK_PROTO_CONTINUE);
	assert_int_equal(f->outlen, 4);
	assert_int_equal(u32_at(f->out), 1u << 1);	/* SWD only */
	assert_int_equal(feed(f, swd, sizeof(swd)), JLINK_PROTO_CONTINUE);
	assert_int_equal(f->outlen, 8);
	assert_int_equal(u32_at(f->out + 4), JLINK_TIF_SWD);
	/* JTAG is refused: answered (the client reads 4 bytes regardless), SWD stays. */
	f->warnings = 0;
	assert_int_equal(feed(f, jtag, sizeof(jtag)), JLINK_PROTO_CONTINUE);
	assert_int_equal(f->outlen, 8);
	assert_int_equal(u32_at(f->out), JLINK_TIF_SWD);
	assert_int_equal(u32_at(f->out + 4), JLINK_TIF_SWD);
	assert_int_equal(f->warnings, 1);
	assert_non_null(strstr(f->last_warning, "JTAG"));
}

static void test_speeds(void **state)
{
	struct fixture_s *f = *state;
	const uint8_t get[] = { 0x07, JLINK_CMD_GET_SPEEDS };
	const uint8_t set4m[] = { 0x07, JLINK_CMD_SET_SPEED, 4000 & 0xff, 4000 >> 8 };
	const uint8_t set50m[] = { 0x07, JLINK_CMD_SET_SPEED, 50000 & 0xff, 50000 >> 8 };
	const uint8_t set7m[] = { 0x07, JLINK_CMD_SET_SPEED, 7000 & 0xff, 7000 >> 8 };
	const uint8_t adaptive[] = { 0x07, JLINK_CMD_SET_SPEED, 0xff, 0xff };

	assert_int_equal(feed(f, get, sizeof(get)), JLINK_PROTO_CONTINUE);
	assert_int_equal(f->outlen, 6);
	assert_int_equal(u32_at(f->out), 60000000);
	assert_int_equal(u16_at(f->out + 4), 4);
	assert_int_equal(feed(f, set4m, sizeof(set4m)), JLINK_PROTO_CONTINUE);
	assert_int_equal(f->outlen, 0);
	assert_int_equal(sim_swd_hz(f->sim), 4000000);
	assert_int_equal(feed(f, set50m, sizeof(set50m)), JLINK_PROTO_CONTINUE);
	assert_int_equal(sim_swd_hz(f->sim), 15000000);		/* clamped at 60 MHz / 4 */
	assert_int_equal(feed(f, set7m, sizeof(set7m)), JLINK_PROTO_CONTINUE);
	assert_int_equal(sim_swd_hz(f->sim), 60000000 / 9);	/* never faster than asked */
	assert_int_equal(feed(f, adaptive, sizeof(adaptive)), JLINK_PROTO_CONTINUE);
	assert_int_equal(sim_swd_hz(f->sim), 60000000 / 9);
}

static void test_config_memory_register(void **state)
{
	struct fixture_s *f = *state;
	const uint8_t cfg[] = { 0x07, JLINK_CMD_READ_CONFIG };
	const uint8_t mem[] = { 0x07, JLINK_CMD_GET_FREE_MEMORY };
	/* As OpenOCD: pid 0, hid 0.0.0.0, iid 0, cid 0, handle 0. */
	const uint8_t reg[] = { 0x07, JLINK_CMD_REGISTER, 0x64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	const uint8_t unreg[] = { 0x07, JLINK_CMD_REGISTER, 0x65, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 };
	uint16_t handle;

	assert_int_equal(feed(f, cfg, sizeof(cfg)), JLINK_PROTO_CONTINUE);
	assert_int_equal(f->outlen, 256);
	for (size_t i = 0; i < 256; i++)
		assert_int_equal(f->out[i], 0xff);
	assert_int_equal(feed(f, mem, sizeof(mem)), JLINK_PROTO_CONTINUE);
	assert_int_equal(f->outlen, 4);
	assert_true(u32_at(f->out) >= 143);	/* OpenOCD's minimum */
	assert_int_equal(feed(f, reg, sizeof(reg)), JLINK_PROTO_CONTINUE);
	assert_int_equal(f->outlen, 76);
	handle = u16_at(f->out);
	assert_int_not_equal(handle, 0);
	assert_int_equal(u16_at(f->out + 2), 1);	/* one connection */
	assert_int_equal(u16_at(f->out + 4), 16);	/* entry size libjaylink insists on */
	assert_int_equal(u16_at(f->out + 8 + 10), handle);	/* the caller is in the table */
	assert_int_equal(feed(f, unreg, sizeof(unreg)), JLINK_PROTO_CONTINUE);
	assert_int_equal(f->outlen, 76);
	assert_int_equal(u16_at(f->out + 2), 0);
}

/* SWD_IO request building: bits LSB first, probe drives where dir is 1. */
struct swd_seq_s {
	uint8_t dir[64];
	uint8_t out[64];
	unsigned n;
};

static void seq_bits(struct swd_seq_s *q, uint64_t v, unsigned nbits, bool drive)
{
	for (unsigned i = 0; i < nbits; i++, q->n++) {
		if (drive)
			q->dir[q->n / 8] |= (uint8_t)(1u << (q->n % 8));
		if (drive && (v >> i & 1))
			q->out[q->n / 8] |= (uint8_t)(1u << (q->n % 8));
	}
}

static size_t swd_io_request(uint8_t *req, const struct swd_seq_s *q)
{
	size_t nb = (q->n + 7) / 8;

	req[0] = 0x07;
	req[1] = JLINK_CMD_SWD_IO;
	req[2] = 0;
	req[3] = (uint8_t)q->n;
	req[4] = (uint8_t)(q->n >> 8);
	memcpy(req + 5, q->dir, nb);
	memcpy(req + 5 + nb, q->out, nb);
	return 5 + 2 * nb;
}

static uint64_t in_bits(const uint8_t *in, unsigned first, unsigned nbits)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < nbits; i++)
		v |= (uint64_t)(in[(first + i) / 8] >> ((first + i) % 8) & 1) << i;
	return v;
}

/* Line reset, JTAG-to-SWD, line reset, idle, then a DPIDR read, as OpenOCD sends it. */
static unsigned build_dpidr_read(struct swd_seq_s *q)
{
	unsigned req_end;

	memset(q, 0, sizeof(*q));
	seq_bits(q, ~0ull, 56, true);
	seq_bits(q, 0xe79e, 16, true);
	seq_bits(q, ~0ull, 56, true);
	seq_bits(q, 0, 8, true);
	seq_bits(q, 0xa5, 8, true);		/* DPIDR read request */
	req_end = q->n;
	seq_bits(q, 0, 1 + 3 + 32 + 1 + 1, false);
	seq_bits(q, 0, 8, true);
	return req_end;
}

static void check_dpidr_reply(const uint8_t *in, unsigned r)
{
	uint32_t dpidr;

	/* J-Link sampling shift: ACK[0] lands in the turnaround slot, as OpenOCD reads it. */
	assert_int_equal(in_bits(in, r, 3), 1);		/* OK */
	dpidr = (uint32_t)in_bits(in, r + 3, 32);
	assert_int_equal(dpidr, STM32F401_DPIDR);
	assert_int_equal(in_bits(in, r + 35, 1), (unsigned)__builtin_parity(dpidr));
}

static void test_swd_io_dpidr(void **state)
{
	struct fixture_s *f = *state;
	struct swd_seq_s q;
	struct sim_stats_s before, after;
	uint8_t req[5 + 128];
	unsigned r = build_dpidr_read(&q);
	size_t len = swd_io_request(req, &q);

	sim_get_stats(f->sim, &before);
	assert_int_equal(feed(f, req, len), JLINK_PROTO_CONTINUE);
	sim_get_stats(f->sim, &after);
	assert_int_equal(f->outlen, (q.n + 7) / 8 + 1);
	assert_int_equal(f->out[f->outlen - 1], 0);	/* status OK */
	check_dpidr_reply(f->out, r);
	assert_int_equal(after.probe_commands - before.probe_commands, 1);
	assert_int_equal(after.swd_bits - before.swd_bits, q.n);
}

/* The same SWD_IO split inside its header, and a GET_HW_INFO split inside its mask. */
static void test_split_input(void **state)
{
	struct fixture_s *f = *state;
	const uint8_t info[] = { 0x07, JLINK_CMD_GET_HW_INFO, 0x0d, 0, 0, 0 };	/* bits 0, 2, 3 */
	struct swd_seq_s q;
	uint8_t req[5 + 128];
	unsigned r = build_dpidr_read(&q);
	size_t len = swd_io_request(req, &q);

	assert_int_equal(feed(f, info, 3), JLINK_PROTO_CONTINUE);
	assert_int_equal(f->outlen, 0);
	assert_int_equal(jlink_proto_commands(f->p), 0);
	assert_int_equal(feed(f, info + 3, sizeof(info) - 3), JLINK_PROTO_CONTINUE);
	assert_int_equal(f->outlen, 12);
	assert_int_equal(jlink_proto_commands(f->p), 1);

	assert_int_equal(feed(f, req, 4), JLINK_PROTO_CONTINUE);	/* nbits half there */
	assert_int_equal(f->outlen, 0);
	assert_int_equal(feed(f, req + 4, 20), JLINK_PROTO_CONTINUE);
	assert_int_equal(f->outlen, 0);
	assert_int_equal(feed(f, req + 24, len - 24), JLINK_PROTO_CONTINUE);
	assert_int_equal(f->outlen, (q.n + 7) / 8 + 1);
	check_dpidr_reply(f->out, r);
}

static void test_unknown_command_refused(void **state)
{
	struct fixture_s *f = *state;
	const uint8_t cmds[] = { 0x07, JLINK_CMD_GET_CAPS, 0x07, 0x42, 0x07, JLINK_CMD_GET_CAPS };

	/* The command before it is answered; nothing after it is. */
	assert_int_equal(feed(f, cmds, sizeof(cmds)), JLINK_PROTO_CLOSE);
	assert_int_equal(f->outlen, 4);
	assert_non_null(strstr(jlink_proto_close_reason(f->p), "0x42"));
	assert_non_null(strstr(jlink_proto_close_reason(f->p), "unknown"));
	assert_int_equal(feed(f, cmds, 2), JLINK_PROTO_CLOSE);	/* stays closed */
	assert_int_equal(f->outlen, 0);
}

static void test_known_unsupported_refused(void **state)
{
	struct fixture_s *f = *state;
	const uint8_t power[] = { 0x07, JLINK_CMD_SET_TARGET_POWER };

	/* Refused as soon as the command byte is in, by name. */
	assert_int_equal(feed(f, power, sizeof(power)), JLINK_PROTO_CLOSE);
	assert_non_null(strstr(jlink_proto_close_reason(f->p), "SET_TARGET_POWER"));
}

static void test_register_bad_subcommand(void **state)
{
	struct fixture_s *f = *state;
	const uint8_t reg[] = { 0x07, JLINK_CMD_REGISTER, 0x66, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

	/* Nothing half-written goes back before the connection closes. */
	assert_int_equal(feed(f, reg, sizeof(reg)), JLINK_PROTO_CLOSE);
	assert_int_equal(f->outlen, 0);
	assert_non_null(strstr(jlink_proto_close_reason(f->p), "0x66"));
}

static void test_framing_error(void **state)
{
	struct fixture_s *f = *state;
	const uint8_t bad[] = { JLINK_CMD_GET_CAPS };	/* USB framing, no 0x07 prefix */

	assert_int_equal(feed(f, bad, sizeof(bad)), JLINK_PROTO_CLOSE);
	assert_non_null(strstr(jlink_proto_close_reason(f->p), "prefix"));
}

static void test_truncated_at_eof(void **state)
{
	struct fixture_s *f = *state;
	const uint8_t partial[] = { 0x07, JLINK_CMD_GET_HW_INFO, 1, 2 };

	assert_false(jlink_proto_eof(f->p));	/* nothing pending: a clean close */
	assert_int_equal(feed(f, partial, sizeof(partial)), JLINK_PROTO_CONTINUE);
	assert_int_equal(f->outlen, 0);
	assert_true(jlink_proto_eof(f->p));
	assert_non_null(strstr(jlink_proto_close_reason(f->p), "GET_HW_INFO"));
	assert_non_null(strstr(jlink_proto_close_reason(f->p), "3 of 5"));
	/* A new connection starts clean. */
	jlink_proto_connection_start(f->p);
	assert_false(jlink_proto_eof(f->p));
}

static void test_drop_after(void **state)
{
	struct fixture_s *f = *state;
	const uint8_t caps[] = { 0x07, JLINK_CMD_GET_CAPS };
	uint8_t four[4 * sizeof(caps)];

	for (int i = 0; i < 4; i++)
		memcpy(four + i * sizeof(caps), caps, sizeof(caps));
	sim_faults(f->sim)->drop_after_cmds = 3;
	assert_int_equal(feed(f, four, sizeof(four)), JLINK_PROTO_CLOSE);
	assert_int_equal(f->outlen, 3 * 4);	/* the third reply still goes out */
	assert_int_equal(jlink_proto_commands(f->p), 3);
	assert_non_null(strstr(jlink_proto_close_reason(f->p), "drop-after"));
	/* One-shot: the client's reconnection is served. */
	assert_int_equal(sim_faults(f->sim)->drop_after_cmds, 0);
	jlink_proto_connection_start(f->p);
	assert_int_equal(feed(f, four, sizeof(four)), JLINK_PROTO_CONTINUE);
	assert_int_equal(f->outlen, 4 * 4);
}

static void test_probe_commands_counted(void **state)
{
	struct fixture_s *f = *state;
	const uint8_t cmds[] = { 0x07, JLINK_CMD_GET_VERSION, 0x07, JLINK_CMD_SET_TRST,
				 0x07, JLINK_CMD_CLEAR_TRST, 0x07, JLINK_CMD_SELECT_TIF, 0xff };
	struct sim_stats_s before, after;

	sim_get_stats(f->sim, &before);
	assert_int_equal(feed(f, cmds, sizeof(cmds)), JLINK_PROTO_CONTINUE);
	sim_get_stats(f->sim, &after);
	assert_int_equal(after.probe_commands - before.probe_commands, 4);
	assert_true(after.time_ns > before.time_ns);
	assert_int_equal(jlink_proto_commands(f->p), 4);
}

static void test_discovery_advert(void **state)
{
	struct jlink_discovery_config_s cfg = { .serial = 123456, .hw_version = 110000,
						.product = "J-Link (rspflash-sim)", .nickname = "bench" };
	uint8_t adv[JLINK_ADVERT_SIZE];

	cfg.ipv4_be = htonl(0x7f000001);
	jlink_discovery_build_advert(adv, &cfg);
	assert_memory_equal(adv, "Found", 5);
	assert_memory_equal(adv + 16, "\x7f\x00\x00\x01", 4);
	assert_int_equal(u32_at(adv + 48), 123456);
	assert_int_equal(u32_at(adv + 52), 110000);
	assert_string_equal((const char *)adv + 64, "J-Link (rspflash-sim)");
	assert_string_equal((const char *)adv + 96, "bench");
	assert_int_equal(adv[32], 0x02);	/* locally administered MAC */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_get_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_caps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hw_status_and_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_select_tif, setup, teardown),
		cmocka_unit_test_setup_teardown(test_speeds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_memory_register, setup, teardown),
		cmocka_unit_test_setup_teardown(test_swd_io_dpidr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_split_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_command_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_known_unsupported_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_bad_subcommand, setup, teardown),
		cmocka_unit_test_setup_teardown(test_framing_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_at_eof, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drop_after, setup, teardown),
		cmocka_unit_test_setup_teardown(test_probe_commands_counted, setup, teardown),
		cmocka_unit_test(test_discovery_advert),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
