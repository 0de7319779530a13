// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The GDB command layer's protocol side: parsers of each packet (good and malformed),
 * queries, target descriptions per core, the memory map, and the host CRC.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_gdb_fixture.h"

/* ---- parsers, no target ---- */

static void test_parse_addr_len(void **state)
{
	const char *s = "20000000,10:rest", *rest;
	uint32_t a, n;

	assert_true(gdb_parse_addr_len(s, s + strlen(s), &a, &n, &rest));
	assert_int_equal(a, 0x20000000);
	assert_int_equal(n, 0x10);
	assert_int_equal(*rest, ':');
	s = "20000000";
	assert_false(gdb_parse_addr_len(s, s + strlen(s), &a, &n, NULL));
	s = "zz,10";
	assert_false(gdb_parse_addr_len(s, s + strlen(s), &a, &n, NULL));
	s = "ffffffff,2";	/* wraps past 4 GiB */
	assert_false(gdb_parse_addr_len(s, s + strlen(s), &a, &n, NULL));
	s = "100000000,1";	/* more than 32 bits */
	assert_false(gdb_parse_addr_len(s, s + strlen(s), &a, &n, NULL));
}

static void test_parse_vcont(void **state)
{
	static const struct {
		const char *pkt;
		char action;
	} cases[] = {
		{ "vCont;c", 'c' }, { "vCont;s:1", 's' }, { "vCont;s:1;c", 's' }, { "vCont;C05:1", 'C' },
		{ "vCont;t:-1", 't' }, { "vCont;s:2;c", 'c' }, { "vCont;x", 0 }, { "vCont;", 0 },
		{ "vCont;c:p1.1", 'c' },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(gdb_parse_vcont(cases[i].pkt, strlen(cases[i].pkt)), cases[i].action);
}

static void test_parse_point(void **state)
{
	struct gdb_point_s pt;

	assert_true(gdb_parse_point("Z0,8000100,2", 12, &pt));
	assert_int_equal(pt.type, 0);
	assert_int_equal(pt.addr, 0x8000100);
	assert_int_equal(pt.kind, 2);
	assert_true(gdb_parse_point("z2,20000010,4", 13, &pt));
	assert_int_equal(pt.type, 2);
	assert_true(gdb_parse_point("Z1,100,3;X1,0", 13, &pt));
	assert_false(gdb_parse_point("Z5,100,2", 8, &pt));
	assert_false(gdb_parse_point("Z0,100", 6, &pt));
	assert_false(gdb_parse_point("Z0;100,2", 8, &pt));
}

static void test_crc_host(void **state)
{
	assert_int_equal(flash_crc32(0xFFFFFFFFu, (const uint8_t *)"123456789", 9), 0x0376E6E7u);
	assert_int_equal(flash_crc32(0xFFFFFFFFu, NULL, 0), 0xFFFFFFFFu);
}

/* ---- queries against the l552 board ---- */

static void test_queries(void **state)
{
	struct gdb_fixture_s *fx = *state;
	const char *r = fx_cmd(fx, "qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=arm");

	assert_non_null(strstr(r, "PacketSize=4000"));
	assert_non_null(strstr(r, "qXfer:features:read+"));
	assert_non_null(strstr(r, "qXfer:memory-map:read+"));
	assert_non_null(strstr(r, "QStartNoAckMode+"));
	assert_non_null(strstr(r, "vContSupported+"));
	assert_non_null(strstr(r, "swbreak+"));
	assert_non_null(strstr(r, "hwbreak+"));
	assert_null(strstr(r, "multiprocess"));
	assert_string_equal(fx_cmd(fx, "vMustReplyEmpty"), "");
	assert_string_equal(fx_cmd(fx, "qC"), "QC1");
	assert_string_equal(fx_cmd(fx, "qfThreadInfo"), "m1");
	assert_string_equal(fx_cmd(fx, "qsThreadInfo"), "l");
	assert_string_equal(fx_cmd(fx, "qAttached"), "1");
	assert_string_equal(fx_cmd(fx, "qAttached:1"), "1");
	assert_string_equal(fx_cmd(fx, "qOffsets"), "");
	assert_string_equal(fx_cmd(fx, "vCont?"), "vCont;c;C;s;S;t");
	assert_string_equal(fx_cmd(fx, "Hg0"), "OK");
	assert_string_equal(fx_cmd(fx, "T1"), "OK");
	assert_true(fx_cmd(fx, "T2")[0] == 'E');
	assert_string_equal(fx_cmd(fx, "qNoSuchThing"), "");
	assert_string_equal(fx_cmd(fx, "!"), "OK");
	assert_true(fx->g.extended);
}

/* Reads a whole qXfer document in chunks of `chunk` bytes. */
static char *xfer_all(struct gdb_fixture_s *fx, const char *what, unsigned chunk)
{
	char *doc = calloc(1, 65536), pkt[128];
	size_t len = 0;

	for (;;) {
		const char *r;

		snprintf(pkt, sizeof(pkt), "qXfer:%s:%zx,%x", what, len, chunk);
		r = fx_cmd(fx, pkt);
		assert_true(r[0] == 'm' || r[0] == 'l');
		assert_true(fx->g.reply.len - 1 <= chunk);
		memcpy(doc + len, r + 1, fx->g.reply.len - 1);
		len += fx->g.reply.len - 1;
		if (r[0] == 'l')
			return doc;
	}
}

static void test_tdesc_m33(void **state)
{
	struct gdb_fixture_s *fx = *state;
	char *doc = xfer_all(fx, "features:read:target.xml", 100);

	assert_non_null(strstr(doc, "<architecture>arm</architecture>"));
	assert_non_null(strstr(doc, "org.gnu.gdb.arm.m-profile"));
	assert_non_null(strstr(doc, "org.gnu.gdb.arm.vfp"));
	assert_non_null(strstr(doc, "org.gnu.gdb.arm.m-system"));
	assert_non_null(strstr(doc, "org.gnu.gdb.arm.secext"));
	assert_non_null(strstr(doc, "name=\"d15\" bitsize=\"64\""));
	assert_non_null(strstr(doc, "name=\"msp_ns\""));
	assert_non_null(strstr(doc, "name=\"xpsr\""));
	free(doc);
	/* the same document in one read */
	doc = xfer_all(fx, "features:read:target.xml", 0x3ff0);
	assert_non_null(strstr(doc, "</target>"));
	free(doc);
	assert_true(fx_cmd(fx, "qXfer:features:read:other.xml:0,100")[0] == 'E');
	assert_true(fx_cmd(fx, "qXfer:features:read:target.xml:fffff,100")[0] == 'E');
	assert_string_equal(fx_cmd(fx, "qXfer:features:write:target.xml:0:00"), "");
}

static void test_tdesc_m4(void **state)
{
	struct gdb_fixture_s *fx = *state;
	char *doc = xfer_all(fx, "features:read:target.xml", 0x1000);

	assert_non_null(strstr(doc, "org.gnu.gdb.arm.vfp"));
	assert_null(strstr(doc, "org.gnu.gdb.arm.secext"));
	free(doc);
}

static void test_memmap_l552(void **state)
{
	struct gdb_fixture_s *fx = *state;
	char *doc = xfer_all(fx, "memory-map:read:", 0x1000);

	/* DBANK = 1: two banks of 2 KB pages */
	assert_non_null(strstr(doc, "<memory type=\"flash\" start=\"0x8000000\" length=\"0x40000\">\n"
				    "  <property name=\"blocksize\">0x800</property>"));
	assert_non_null(strstr(doc, "<memory type=\"flash\" start=\"0x8040000\" length=\"0x40000\">\n"
				    "  <property name=\"blocksize\">0x800</property>"));
	assert_non_null(strstr(doc, "<memory type=\"ram\" start=\"0x20000000\" length=\"0x40000\"/>"));
	/* holes are ram up to the top of the address space */
	assert_non_null(strstr(doc, "<memory type=\"ram\" start=\"0x0\" length=\"0x8000000\"/>"));
	assert_non_null(strstr(doc, "<memory type=\"ram\" start=\"0x20040000\" length=\"0xdffc0000\"/>"));
	free(doc);
}

static int setup_l552_dbank0(void **state)
{
	static const char *const opts[] = { "dbank=0", NULL };

	return fx_setup_opts(state, "sim:stm32l552", opts);
}

/* The geometry comes from the device: DBANK = 0 gives one bank of 4 KB pages. */
static void test_memmap_live_geometry(void **state)
{
	struct gdb_fixture_s *fx = *state;
	char *doc = xfer_all(fx, "memory-map:read:", 0x1000);

	assert_non_null(strstr(doc, "<memory type=\"flash\" start=\"0x8000000\" length=\"0x80000\">\n"
				    "  <property name=\"blocksize\">0x1000</property>"));
	assert_null(strstr(doc, "0x800<"));
	free(doc);
}

/* One region per run of equal sectors; OTP as flash of 32-byte blocks cut out of "system". */
static void test_memmap_f401(void **state)
{
	struct gdb_fixture_s *fx = *state;
	char *doc = xfer_all(fx, "memory-map:read:", 0x1000);

	assert_non_null(strstr(doc, "<memory type=\"flash\" start=\"0x8000000\" length=\"0x10000\">\n"
				    "  <property name=\"blocksize\">0x4000</property>"));
	assert_non_null(strstr(doc, "<memory type=\"flash\" start=\"0x8010000\" length=\"0x10000\">\n"
				    "  <property name=\"blocksize\">0x10000</property>"));
	assert_non_null(strstr(doc, "<memory type=\"flash\" start=\"0x8020000\" length=\"0x60000\">\n"
				    "  <property name=\"blocksize\">0x20000</property>"));
	assert_non_null(strstr(doc, "<memory type=\"flash\" start=\"0x1fff7800\" length=\"0x200\">\n"
				    "  <property name=\"blocksize\">0x20</property>"));
	assert_non_null(strstr(doc, "<memory type=\"flash\" start=\"0x1fff7a00\" length=\"0x10\">\n"
				    "  <property name=\"blocksize\">0x10</property>"));
	assert_non_null(strstr(doc, "<memory type=\"rom\" start=\"0x1fff0000\" length=\"0x7800\"/>"));
	assert_non_null(strstr(doc, "<memory type=\"rom\" start=\"0x1fff7a10\" length=\"0x30\"/>"));
	free(doc);
}

static void test_unknown_and_malformed(void **state)
{
	struct gdb_fixture_s *fx = *state;

	assert_string_equal(fx_cmd_len(fx, "", 0), "");
	assert_string_equal(fx_cmd(fx, "vNoSuch"), "");
	assert_true(strncmp(fx_cmd(fx, "mzz,4"), "E.", 2) == 0);
	assert_true(strncmp(fx_cmd(fx, "M20000000,4:00"), "E.", 2) == 0);
	assert_true(strncmp(fx_cmd(fx, "X20000000,4:ab"), "E.", 2) == 0);
	assert_true(strncmp(fx_cmd(fx, "pzz"), "E.", 2) == 0);
	assert_true(strncmp(fx_cmd(fx, "P0=12"), "E.", 2) == 0);
	assert_true(strncmp(fx_cmd(fx, "Z9,0,2"), "E.", 2) == 0);
	assert_true(strncmp(fx_cmd(fx, "qCRC:20000000"), "E.", 2) == 0);
	assert_true(strncmp(fx_cmd(fx, "vFlashErase:zz"), "E.", 2) == 0);
	assert_true(strncmp(fx_cmd(fx, "vCont;q"), "E.", 2) == 0);
	assert_string_equal(fx_cmd(fx, "qRcmd,7"), "E02");	/* malformed: see test_gdb_badinput.c */
}

int main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_parse_addr_len),
		cmocka_unit_test(test_parse_vcont),
		cmocka_unit_test(test_parse_point),
		cmocka_unit_test(test_crc_host),
	};
	const struct CMUnitTest l552[] = {
		cmocka_unit_test(test_queries),
		cmocka_unit_test(test_tdesc_m33),
		cmocka_unit_test(test_memmap_l552),
		cmocka_unit_test(test_unknown_and_malformed),
	};
	const struct CMUnitTest f401[] = {
		cmocka_unit_test(test_tdesc_m4),
		cmocka_unit_test(test_memmap_f401),
	};
	int fails = cmocka_run_group_tests_name("gdb parsers", pure, NULL, NULL);

	fails += cmocka_run_group_tests_name("gdb queries stm32l552", l552, fx_setup_l552, fx_teardown);
	fails += cmocka_run_group_tests_name("gdb queries stm32f401", f401, fx_setup_f401, fx_teardown);
	{
		const struct CMUnitTest dbank0[] = { cmocka_unit_test(test_memmap_live_geometry) };

		fails += cmocka_run_group_tests_name("gdb queries stm32l552 dbank=0", dbank0, setup_l552_dbank0,
						     fx_teardown);
	}
	return fails ? 1 : 0;
}
