// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Bad input to the packet handlers (issue 8): lengths that wrap in 32 bits, payloads that
 * do not match their announced length, G of the wrong size, malformed qXfer and qRcmd,
 * zero-length m. Each is refused with a reason, and refused before anything is written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/rsp/hex.h"
#include "test_gdb_fixture.h"

#define RAM 0x20000000u

static const uint8_t marker[8] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };

static void put_marker(struct gdb_fixture_s *fx)
{
	assert_int_equal(cortexm_write_mem(&fx->t, RAM, marker, sizeof(marker)), 0);
}

static void assert_marker(struct gdb_fixture_s *fx)
{
	uint8_t got[sizeof(marker)];

	assert_int_equal(cortexm_read_mem(&fx->t, RAM, got, sizeof(got)), 0);
	assert_memory_equal(got, marker, sizeof(marker));
}

static void assert_error_has(const char *reply, const char *text)
{
	if (strncmp(reply, "E.", 2) != 0 || !strstr(reply, text))
		fail_msg("reply '%s' is not an E.text error holding '%s'", reply, text);
}

/* 2 * len wrapped in 32 bits: 0x80000000 bytes matched 0 hex digits, 0x80000001 matched 2. */
static void test_m_length_wraps(void **state)
{
	struct gdb_fixture_s *fx = *state;

	put_marker(fx);
	assert_error_has(fx_cmd(fx, "M20000000,80000000:"), "2147483648 bytes announced at 0x20000000, 0 hex digits");
	assert_error_has(fx_cmd(fx, "M20000000,80000001:41"), "2147483649 bytes announced at 0x20000000, 2 hex digits");
	assert_error_has(fx_cmd(fx, "M20000000,4:4142434445"), "4 bytes announced at 0x20000000, 10 hex digits");
	assert_error_has(fx_cmd(fx, "M20000000,4:414243zz"), "not hex");
	assert_error_has(fx_cmd(fx, "X20000000,80000000:"), "2147483648 bytes announced at 0x20000000, 0 received");
	assert_error_has(fx_cmd(fx, "X20000000,2:A"), "2 bytes announced at 0x20000000, 1 received");
	assert_marker(fx);
	/* the good forms still work, GDB's X probe included */
	assert_string_equal(fx_cmd(fx, "X20000000,0:"), "OK");
	assert_string_equal(fx_cmd(fx, "M20000000,0:"), "OK");
	assert_string_equal(fx_cmd(fx, "M20000000,2:1122"), "OK");
	assert_marker(fx);
}

/* An empty reply to m would read as "m not supported". */
static void test_m_zero_length(void **state)
{
	struct gdb_fixture_s *fx = *state;

	assert_string_equal(fx_cmd(fx, "m0,0"), "E01");
	assert_non_null(strstr(fx->g.last_error, "0 bytes at 0x00000000"));
	assert_string_equal(fx_cmd(fx, "m20000000,1"), "11");
}

/* G carries every register; empty, short or long is refused, and nothing is written. */
static void test_g_wrong_length(void **state)
{
	struct gdb_fixture_s *fx = *state;
	char *regs, *pkt;
	size_t n;

	assert_string_equal(fx_cmd(fx, "P0=efbeadde"), "OK");
	regs = strdup(fx_cmd(fx, "g"));
	n = strlen(regs);
	pkt = malloc(n + 8);
	assert_error_has(fx_cmd(fx, "G"), "0 hex digits for the registers");
	memcpy(regs, "01000000", 8);	/* r0 = 1 in the packets below: must not land */
	snprintf(pkt, n + 8, "G%s00", regs);
	assert_error_has(fx_cmd(fx, pkt), "hex digits for the registers");
	snprintf(pkt, n + 8, "G%.*s", (int)(n - 2), regs);
	assert_error_has(fx_cmd(fx, pkt), "hex digits for the registers");
	snprintf(pkt, n + 8, "G%s", regs);
	pkt[n] = 'z';	/* the last register's last digit */
	assert_error_has(fx_cmd(fx, pkt), "is not hex");
	assert_string_equal(fx_cmd(fx, "p0"), "efbeadde");
	snprintf(pkt, n + 8, "G%s", regs);
	assert_string_equal(fx_cmd(fx, pkt), "OK");
	assert_string_equal(fx_cmd(fx, "p0"), "01000000");
	free(regs);
	free(pkt);
}

/* Malformed reads of an object we offer are errors; other objects and writes are "not supported". */
static void test_qxfer_malformed(void **state)
{
	struct gdb_fixture_s *fx = *state;

	assert_error_has(fx_cmd(fx, "qXfer:features:read:target.xml"), "malformed request");
	assert_error_has(fx_cmd(fx, "qXfer:features:read:target.xml:zz,10"), "malformed request");
	assert_error_has(fx_cmd(fx, "qXfer:features:read:target.xml:0,"), "malformed request");
	assert_error_has(fx_cmd(fx, "qXfer:features:read:target.xml:0,10,"), "malformed request");
	assert_error_has(fx_cmd(fx, "qXfer:memory-map:read::0"), "malformed request");
	assert_error_has(fx_cmd(fx, "qXfer:features"), "malformed request");
	assert_error_has(fx_cmd(fx, "qXfer:features:reed:target.xml:0,10"), "malformed request");
	assert_error_has(fx_cmd(fx, "qXfer:features:read:target.xml.with.a.very.long.name:0,10"),
			 "malformed request");
	assert_string_equal(fx_cmd(fx, "qXfer:features:write:target.xml:0:00"), "");
	assert_string_equal(fx_cmd(fx, "qXfer:libraries:read::0,100"), "");
	assert_string_equal(fx_cmd(fx, "qXfer:"), "");
	/* LENGTH is the most the client takes: offset + length may pass 4 GiB */
	assert_true(fx_cmd(fx, "qXfer:features:read:target.xml:1,ffffffff")[0] == 'l');
}

static const char *rcmd_hex(struct gdb_fixture_s *fx, const char *hex)
{
	char pkt[2048];

	fx_console_clear(fx);
	snprintf(pkt, sizeof(pkt), "qRcmd,%s", hex);
	return fx_cmd(fx, pkt);
}

/* GDB 13 takes only OK or Enn for qRcmd: the reason goes to the console (and the log) first. */
static void test_qrcmd_malformed(void **state)
{
	struct gdb_fixture_s *fx = *state;
	char hex[1200];

	assert_string_equal(rcmd_hex(fx, "7"), "E02");
	assert_non_null(strstr(fx->console, "error: qRcmd: 1 hex digits, an odd number"));
	assert_string_equal(rcmd_hex(fx, "68616c7z"), "E02");
	assert_non_null(strstr(fx->console, "error: qRcmd: byte 0x7a at offset 7 is not a hex digit"));
	assert_string_equal(rcmd_hex(fx, "68616c740078"), "E02");	/* "halt\0x" */
	assert_non_null(strstr(fx->console, "NUL byte at offset 4"));
	memset(hex, '6', 1024);
	hex[1024] = '\0';	/* 512 bytes of 'f' */
	assert_string_equal(rcmd_hex(fx, hex), "E03");
	assert_non_null(strstr(fx->console, "command of 512 bytes is longer than the 511 accepted"));
	hex[1022] = '\0';
	assert_string_equal(rcmd_hex(fx, hex), "E01");	/* 511 bytes: accepted, an unknown command */
	assert_non_null(strstr(fx->console, "unknown command"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_m_length_wraps),
		cmocka_unit_test(test_m_zero_length),
		cmocka_unit_test(test_g_wrong_length),
		cmocka_unit_test(test_qxfer_malformed),
		cmocka_unit_test(test_qrcmd_malformed),
	};

	return cmocka_run_group_tests_name("gdb bad input stm32l552", tests, fx_setup_l552, fx_teardown) ? 1 : 0;
}
