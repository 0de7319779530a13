# SPDX-License-Identifier: GPL-2.0-or-later
# The RTT layer (src/rtt/): built into libgdb.a beside its glue (src/gdb/rtt.c), unit-tested
# against a fake target memory.
src_libgdb_a_SOURCES += \
	src/rtt/rtt.h src/rtt/rtt_internal.h src/rtt/rtt_ring.c src/rtt/rtt_block.c src/rtt/rtt_poll.c \
	src/rtt/rtt_tcp.c src/rtt/rtt_tcp.h

check_PROGRAMS += tests/unit/test_rtt
TESTS += tests/unit/test_rtt
tests_unit_test_rtt_SOURCES = tests/unit/test_rtt.c
tests_unit_test_rtt_CFLAGS = $(GDB_TEST_CFLAGS)
tests_unit_test_rtt_LDADD = $(GDB_TEST_LIBS)

# The glue and `monitor rtt` on the virtual board (tests/unit/test_gdb_fixture.c).
check_PROGRAMS += tests/unit/test_gdb_rtt
TESTS += tests/unit/test_gdb_rtt
tests_unit_test_gdb_rtt_SOURCES = tests/unit/test_gdb_rtt.c $(GDB_TEST_FIXTURE)
tests_unit_test_gdb_rtt_CFLAGS = $(GDB_TEST_CFLAGS)
tests_unit_test_gdb_rtt_LDADD = $(GDB_TEST_LIBS)
