# SPDX-License-Identifier: GPL-2.0-or-later
# The GDB command layer (src/gdb/) and its tests (the rspflash program: src/cli/local.mk).
noinst_LIBRARIES += src/libgdb.a
src_libgdb_a_CFLAGS = $(AM_CFLAGS) $(CAPSTONE_CFLAGS)
src_libgdb_a_SOURCES = \
	src/gdb/gdb.h src/gdb/dispatch.c \
	src/log/log.c src/log/log.h \
	src/gdb/query.c src/gdb/tdesc.c src/gdb/memmap.c \
	src/gdb/regs.c src/gdb/mem.c src/gdb/run.c src/gdb/break.c \
	src/gdb/flash.c src/gdb/flash.h \
	src/gdb/crc.c \
	src/gdb/monitor.c src/gdb/monitor.h src/gdb/monitor_cmds.c \
	src/gdb/monitor_flash.c src/gdb/monitor_stm32l5.c src/gdb/monitor_fault.c src/gdb/monitor_loader.c \
	src/gdb/session.c src/gdb/session.h \
	src/gdb/semihosting.c src/gdb/monitor_semihosting.c \
	src/gdb/rtt.c src/gdb/rtt.h src/gdb/monitor_rtt.c

# the server's own libraries, and the system ones, on either side of the simulator (the
# fuzz harnesses of whole sessions put another build of it there: tests/fuzz/local.mk)
GDB_SERVER_LIBS = src/libgdb.a flash/libflash.a src/libtarget.a src/libadi.a src/librsp.a
GDB_SYSTEM_LIBS = $(LIBJAYLINK_LIBS) $(LIBUSB_LIBS) $(CAPSTONE_LIBS) $(LIBELF_LIBS)
GDB_LIBS = $(GDB_SERVER_LIBS) $(SIM_LIBS) $(GDB_SYSTEM_LIBS)

# Unit tests: each command against the in-process virtual board (tests/unit/test_gdb_fixture.c).
GDB_UNIT_TESTS = tests/unit/test_gdb_proto tests/unit/test_gdb_target tests/unit/test_gdb_flash tests/unit/test_loader_run \
	tests/unit/test_gdb_monitor tests/unit/test_gdb_session tests/unit/test_gdb_badinput
check_PROGRAMS += $(GDB_UNIT_TESTS)
TESTS += $(GDB_UNIT_TESTS)
GDB_TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
GDB_TEST_LIBS = $(GDB_LIBS) $(CMOCKA_LIBS)
GDB_TEST_FIXTURE = tests/unit/test_gdb_fixture.c tests/unit/test_gdb_fixture.h
tests_unit_test_gdb_proto_SOURCES = tests/unit/test_gdb_proto.c $(GDB_TEST_FIXTURE)
tests_unit_test_gdb_proto_CFLAGS = $(GDB_TEST_CFLAGS)
tests_unit_test_gdb_proto_LDADD = $(GDB_TEST_LIBS)
tests_unit_test_gdb_target_SOURCES = tests/unit/test_gdb_target.c $(GDB_TEST_FIXTURE)
tests_unit_test_gdb_target_CFLAGS = $(GDB_TEST_CFLAGS)
tests_unit_test_gdb_target_LDADD = $(GDB_TEST_LIBS)
tests_unit_test_loader_run_SOURCES = tests/unit/test_loader_run.c $(GDB_TEST_FIXTURE)
tests_unit_test_loader_run_CFLAGS = $(GDB_TEST_CFLAGS)
tests_unit_test_loader_run_LDADD = $(GDB_TEST_LIBS)
tests_unit_test_gdb_flash_SOURCES = tests/unit/test_gdb_flash.c $(GDB_TEST_FIXTURE)
tests_unit_test_gdb_flash_CFLAGS = $(GDB_TEST_CFLAGS)
tests_unit_test_gdb_flash_LDADD = $(GDB_TEST_LIBS)
tests_unit_test_gdb_monitor_SOURCES = tests/unit/test_gdb_monitor.c $(GDB_TEST_FIXTURE)
tests_unit_test_gdb_monitor_CFLAGS = $(GDB_TEST_CFLAGS)
tests_unit_test_gdb_monitor_LDADD = $(GDB_TEST_LIBS)
tests_unit_test_gdb_badinput_SOURCES = tests/unit/test_gdb_badinput.c $(GDB_TEST_FIXTURE)
tests_unit_test_gdb_badinput_CFLAGS = $(GDB_TEST_CFLAGS)
tests_unit_test_gdb_badinput_LDADD = $(GDB_TEST_LIBS)
tests_unit_test_gdb_session_SOURCES = tests/unit/test_gdb_session.c tests/unit/loopback.c \
	tests/unit/loopback.h $(GDB_TEST_FIXTURE)
tests_unit_test_gdb_session_CFLAGS = $(GDB_TEST_CFLAGS)
tests_unit_test_gdb_session_LDADD = $(GDB_TEST_LIBS) -lpthread

# qCRC of memory that does not answer: memory-map check, routine faults caught (issue 8)
check_PROGRAMS += tests/unit/test_gdb_crc
TESTS += tests/unit/test_gdb_crc
tests_unit_test_gdb_crc_SOURCES = tests/unit/test_gdb_crc.c $(GDB_TEST_FIXTURE)
tests_unit_test_gdb_crc_CFLAGS = $(GDB_TEST_CFLAGS)
tests_unit_test_gdb_crc_LDADD = $(GDB_TEST_LIBS)
