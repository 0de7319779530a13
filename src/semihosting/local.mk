# SPDX-License-Identifier: GPL-2.0-or-later
# The semihosting layer (src/semihosting/): built into libgdb.a beside its glue
# (src/gdb/semihosting.c), unit-tested against a fake target memory.
src_libgdb_a_SOURCES += \
	src/semihosting/semihosting.h src/semihosting/semihosting_internal.h src/semihosting/semihosting.c \
	src/semihosting/semihosting_files.c src/semihosting/semihosting_path.c

check_PROGRAMS += tests/unit/test_semihosting
TESTS += tests/unit/test_semihosting
tests_unit_test_semihosting_SOURCES = tests/unit/test_semihosting.c
tests_unit_test_semihosting_CFLAGS = $(GDB_TEST_CFLAGS)
tests_unit_test_semihosting_LDADD = $(GDB_TEST_LIBS)

# The glue in the GDB layer, on the virtual board (tests/unit/test_gdb_fixture.c).
check_PROGRAMS += tests/unit/test_gdb_semihosting
TESTS += tests/unit/test_gdb_semihosting
tests_unit_test_gdb_semihosting_SOURCES = tests/unit/test_gdb_semihosting.c $(GDB_TEST_FIXTURE)
tests_unit_test_gdb_semihosting_CFLAGS = $(GDB_TEST_CFLAGS)
tests_unit_test_gdb_semihosting_LDADD = $(GDB_TEST_LIBS)
