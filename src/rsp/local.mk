# SPDX-License-Identifier: GPL-2.0-or-later
# The RSP packet layer: framing codec, one client connection, listening server.
noinst_LIBRARIES += src/librsp.a
src_librsp_a_SOURCES = \
	src/rsp/hex.c src/rsp/hex.h \
	src/rsp/packet.c src/rsp/packet.h \
	src/rsp/conn.c src/rsp/conn.h \
	src/rsp/busy.c src/rsp/busy.h \
	src/rsp/server.c src/rsp/server.h

RSP_UNIT_TESTS = tests/unit/test_rsp_packet tests/unit/test_rsp_conn
check_PROGRAMS += $(RSP_UNIT_TESTS)
TESTS += $(RSP_UNIT_TESTS)

tests_unit_test_rsp_packet_SOURCES = tests/unit/test_rsp_packet.c
tests_unit_test_rsp_packet_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_rsp_packet_LDADD = src/librsp.a $(CMOCKA_LIBS)
tests_unit_test_rsp_conn_SOURCES = tests/unit/test_rsp_conn.c tests/unit/loopback.c tests/unit/loopback.h
tests_unit_test_rsp_conn_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_rsp_conn_LDADD = src/librsp.a $(CMOCKA_LIBS)
